"""Portability of the exact core (`make portability`).

Builds python/benchmarks/core_driver.c with R/src/tn_math.c and R/src/tn_linalg.c
by every compiler and flag set at hand -- gcc -O0, gcc -O2, gcc -O3
-march=native, clang -O2, aarch64-linux-gnu-gcc -O2 (and -O3 with
-ffp-contract=fast, which the sources' pragmas must overrule) run under
qemu-aarch64-static -- and checks that every build prints the same bits:

- the elementary functions on the same 10^6 inputs per function (those of
  core_accuracy.py, plus the special values and the 10,000-per-function
  checksum inputs of python/tests/test_core_math.py), and that the checksum
  frozen in that test is what every build gives;
- the driver's suite: one digest for the elementary functions (scalar, array,
  in place), one for the products (tn_matmul, tn_crossprod, tn_tcrossprod on
  17 shapes, each with 1 to 4 threads), one for the sums (tn_colsum,
  tn_rowsum, tn_sum) and one for each of two fixtures' networks trained
  NET_EPOCHS epochs by the driver's own C loop (their data and initial
  weights written by write_nets()); each build also checks itself against
  plain scalar loops and one thread. The digests must be the ones frozen in
  python/tests/test_core_portability.py (its quick part, in make test).

Exit status 0 only if all builds agree.

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
LINALG = SRC / "tn_linalg.c"
MATH = SRC / "tn_math.c"
# the fixtures whose networks the driver trains, and for how many epochs
NET_CASES = ("seed000_toy", "two_hidden_parity")
NET_EPOCHS = 30


def compile_command(cc: list[str], exe: Path) -> list[str]:
    """The command that builds the driver with the compiler and flags ``cc``."""
    return [*cc, "-std=c99", "-pthread", "-I", str(SRC), "-o", str(exe), str(DRIVER)] + [
        str(MATH),
        str(LINALG),
    ]


def hex_of(x: float) -> str:
    return f"{np.float64(x).view(np.uint64):016x}"


def net_models(cases=NET_CASES):
    """``{case: (model, X, Y, config)}``: each fixture's model as twinnet's
    Python builds it from its config, in exact mode, before training."""
    from twinnet.config import read_config
    from twinnet.io import read_matrix
    from twinnet.training_config import model_from_config

    out = {}
    for case in cases:
        config = read_config(ROOT / "fixtures" / case / "config.json")
        config["mode"] = "exact"
        X, Y = read_matrix(config["x"]), read_matrix(config["y"], "Y")
        out[case] = (model_from_config(config), X, Y, config)
    return out


def write_nets(path: Path, cases=NET_CASES, epochs: int = NET_EPOCHS) -> None:
    """The driver's nets file (format: core_driver.c's comment): each case's
    data and initial weights, bits in hex."""
    lines = ["twinnet-nets 1"]
    for case, (model, X, Y, _config) in net_models(cases).items():
        if model.activation != "sigmoid" or model.loss not in ("half_sse", "sse", "mse"):
            raise ValueError(f"{case}: the driver trains sigmoid nets with squared errors only")
        sizes = " ".join(str(n) for n in model.sizes)
        lines.append(
            f"net {case} {model.loss} {int(model.bias)} {len(model.sizes) - 1} {sizes} "
            f"{X.shape[0]} {epochs} {hex_of(model.lr)}"
        )
        parts = [X, Y]
        for l, w in enumerate(model.weights):
            parts.append(w)
            if model.bias:
                parts.append(model.biases[l])
        for part in parts:
            lines.append(" ".join(hex_of(v) for v in np.asarray(part, dtype=np.float64).ravel()))
    lines.append("end")
    path.write_text("\n".join(lines) + "\n")


def read_epochs(text: str) -> dict[str, np.ndarray]:
    """``core_driver epochs`` output: ``{case: the float64 values}`` (loss
    history, then W_1, b_1, ..., row-major)."""
    out, name = {}, None
    for line in text.split("\n"):
        if line.startswith("net "):
            name = line.split()[1]
            out[name] = []
        elif line:
            out[name].append(int(line, 16))
    return {k: np.array(v, dtype=np.uint64).view(np.float64) for k, v in out.items()}


def fnv1a(values: np.ndarray) -> str:
    """The driver's digest: 64-bit FNV-1a over each double's 8 bytes, least
    significant first."""
    h = 0xCBF29CE484222325
    for byte in np.ascontiguousarray(values, dtype="<f8").tobytes():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def read_suite(text: str) -> dict[str, str]:
    """``core_driver suite`` output: ``{group: digest}``."""
    out = {}
    for line in text.splitlines():
        *group, digest, _count = line.split()
        out[" ".join(group)] = digest
    return out


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
            (
                "gcc -O2 small blocks, scalar kernel",
                ["gcc", "-O2", "-DTN_KC=7", "-DTN_MC=5", "-DTN_NC=9", "-DTN_SCALAR"],
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
    suite_tests = load(
        ROOT / "python" / "tests" / "test_core_portability.py", "test_core_portability"
    )
    suites: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        nets = Path(tmp) / "nets.txt"
        write_nets(nets)
        feeds = {}
        for name in functions:
            feeds[name] = Path(tmp) / f"{name}.hex"
            feeds[name].write_bytes(hex_lines(inputs[name]))
        for i, (label, cc, runner) in enumerate(table):
            exe = Path(tmp) / f"driver{i}"
            cmd = compile_command(cc, exe)
            built = subprocess.run(cmd, capture_output=True, text=True)
            if built.returncode != 0:
                print(f"{label}: build FAILED\n{built.stderr}")
                failed = True
                continue
            digests[label] = {}
            start = time.perf_counter()
            run = subprocess.run(
                [*runner, str(exe), "suite", str(nets)], capture_output=True, text=True
            )
            if run.returncode != 0:
                print(f"{label}: suite FAILED: {run.stderr}")
                failed = True
            suites[label] = read_suite(run.stdout)
            if suites[label] != suite_tests.DIGESTS:
                print(f"{label}: suite digests {suites[label]}, frozen {suite_tests.DIGESTS}")
                failed = True
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
            short += "  suite " + " ".join(d[:8] for d in suites[label].values())
            seconds = time.perf_counter() - start
            print(
                f"{label:<52} {short}  checksum {'=' if ok else '!='} frozen  ({seconds:.1f} s)",
                flush=True,
            )
    print("suite digests (every build): ")
    for group, digest in next(iter(suites.values()), {}).items():
        print(f"  {group:<28} {digest}")
    reference = next(iter(digests.values()), None)
    for label, d in digests.items():
        for name in functions:
            if d.get(name) != reference.get(name):
                print(f"DIFFERENT: {label} tn_{name} differs from {next(iter(digests))}")
                failed = True
    first_suite = next(iter(suites.values()), {})
    for label, suite in suites.items():
        for group in sorted(set(suite) | set(first_suite)):
            if suite.get(group) != first_suite.get(group):
                print(f"DIFFERENT: {label} suite group {group} differs from {next(iter(suites))}")
                failed = True
    print("portability: " + ("FAILED" if failed else "all builds print the same bits"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
