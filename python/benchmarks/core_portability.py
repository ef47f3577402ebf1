"""Portability of the exact core's elementary functions (`make portability`).

Builds python/benchmarks/core_driver.c with R/src/tn_math.c by every compiler
and flag set at hand -- gcc -O0, gcc -O2, gcc -O3 -march=native, clang -O2,
aarch64-linux-gnu-gcc -O2 (and -O3 with -ffp-contract=fast, which the source's
pragma must overrule) run under qemu-aarch64-static -- feeds each build the
same 10^6 inputs per function (those of core_accuracy.py, plus the special
values and the 10,000-per-function checksum inputs of
python/tests/test_core_math.py), and checks that every build prints the same
bits. It also checks that the checksum frozen in the test is what every build
gives. Exit status 0 only if all builds agree.

    .venv/bin/python python/benchmarks/core_portability.py [--n 1000000]

`make setup-portability` installs the cross compiler, qemu-user and clang
(Debian packages).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SRC = ROOT / "R" / "src"
DRIVER = HERE / "core_driver.c"
QEMU = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"]


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def builds() -> list[tuple[str, list[str], list[str]]]:
    """(label, compile command prefix, run prefix) of every build at hand."""
    out = []
    if shutil.which("gcc"):
        out += [
            ("gcc -O0", ["gcc", "-O0"], []),
            ("gcc -O2", ["gcc", "-O2"], []),
            ("gcc -O3 -march=native", ["gcc", "-O3", "-march=native"], []),
            (
                "gcc -O3 -march=native -ffp-contract=fast",
                ["gcc", "-O3", "-march=native", "-ffp-contract=fast"],
                [],
            ),
        ]
    if shutil.which("clang"):
        out += [
            ("clang -O2", ["clang", "-O2"], []),
            ("clang -O3 -march=native", ["clang", "-O3", "-march=native"], []),
        ]
    if shutil.which("aarch64-linux-gnu-gcc") and shutil.which("qemu-aarch64-static"):
        out += [
            ("aarch64-linux-gnu-gcc -O2 (qemu)", ["aarch64-linux-gnu-gcc", "-O2"], QEMU),
            (
                "aarch64-linux-gnu-gcc -O3 -ffp-contract=fast (qemu)",
                ["aarch64-linux-gnu-gcc", "-O3", "-ffp-contract=fast"],
                QEMU,
            ),
        ]
    return out


def hex_lines(x: np.ndarray) -> bytes:
    return "".join(f"{u:016x}\n" for u in x.view(np.uint64).tolist()).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="random inputs per function")
    args = parser.parse_args(argv)

    accuracy = load(HERE / "core_accuracy.py", "core_accuracy")
    tests = load(ROOT / "python" / "tests" / "test_core_math.py", "test_core_math")
    functions = tests.FUNCTIONS
    n_check = 10_000
    specials = {}
    for name, x, _ in tests.SPECIAL:
        specials.setdefault(name, []).append(x)
    nans = [np.array([v], dtype=np.uint64).view(np.float64)[0] for v in (tests.POS_NAN, tests.R_NA)]
    inputs = {}
    for name in functions:
        parts = [
            np.array(tests.checksum_inputs(name, n_check)),  # first: the frozen checksum's inputs
            accuracy.inputs(name, args.n),
            np.array(specials.get(name, []) + nans + [-1.0, -0.0, 0.0]),
        ]
        inputs[name] = np.concatenate(parts)

    table = builds()
    if not table:
        print("no compiler found")
        return 1
    print(f"{len(table)} builds, {', '.join(f'{len(v):,} {k}' for k, v in inputs.items())} inputs")
    digests: dict[str, dict[str, str]] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        feeds = {}
        for name in functions:
            feeds[name] = Path(tmp) / f"{name}.hex"
            feeds[name].write_bytes(hex_lines(inputs[name]))
        for i, (label, cc, runner) in enumerate(table):
            exe = Path(tmp) / f"driver{i}"
            cmd = [*cc, "-I", str(SRC), "-o", str(exe), str(DRIVER), str(SRC / "tn_math.c")]
            built = subprocess.run(cmd, capture_output=True, text=True)
            if built.returncode != 0:
                print(f"{label}: build FAILED\n{built.stderr}")
                failed = True
                continue
            digests[label] = {}
            start = time.perf_counter()
            for name in functions:
                with open(feeds[name], "rb") as feed:
                    run = subprocess.run([*runner, str(exe), name], stdin=feed, capture_output=True)
                if run.returncode != 0:
                    print(f"{label}: tn_{name} FAILED: {run.stderr.decode()}")
                    failed = True
                    continue
                lines = run.stdout.split(b"\n")
                head = np.array([int(h, 16) for h in lines[:n_check]], dtype=np.uint64)
                results = head.view(np.float64)
                digests[label][name] = hashlib.sha256(run.stdout).hexdigest()
                digests[label].setdefault("_checksum", {})[name] = results.tolist()
            frozen = tests.checksum(digests[label].pop("_checksum"))
            ok = frozen == tests.CHECKSUM
            failed |= not ok
            if not ok:
                print(f"{label}: checksum {frozen}, frozen in the test {tests.CHECKSUM}")
            short = " ".join(digests[label][f][:12] for f in functions)
            seconds = time.perf_counter() - start
            print(
                f"{label:<52} {short}  checksum {'=' if ok else '!='} frozen  ({seconds:.1f} s)",
                flush=True,
            )
    reference = next(iter(digests.values()), None)
    for label, d in digests.items():
        for name in functions:
            if d.get(name) != reference.get(name):
                print(f"DIFFERENT: {label} tn_{name} differs from {next(iter(digests))}")
                failed = True
    print("portability: " + ("FAILED" if failed else "all builds print the same bits"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
