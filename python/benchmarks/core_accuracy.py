"""Accuracy of the exact core's elementary functions against mpmath (`make accuracy`).

Compiles R/src/tn_math.c with gcc into a temporary shared library, evaluates
tn_exp, tn_log, tn_log1p and tn_tanh on 10^6 inputs each over the ranges
training meets, and compares every result with mpmath's value at 160 bits:

- the largest error in ULPs of the exact value (the unit of the correctly
  rounded result's binade; below 1 means the result is one of the two doubles
  around the exact value), over the results that are not correctly rounded
  (those are within 0.5 by definition; 0 when all are),
- the largest distance in ULPs from the correctly rounded double (the bound the
  core promises: at most 1),
- the share of results that are the correctly rounded double.

Prints a table and writes it to out/accuracy.md. About 2 minutes per 10^6
inputs of one function on the 2-core machine (mpmath is the cost); use
--n to run fewer.

    .venv/bin/python python/benchmarks/core_accuracy.py [--n 1000000] [--out out/accuracy.md]
"""

from __future__ import annotations

import argparse
import ctypes
import math
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mpmath
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "R" / "src" / "tn_math.c"
FUNCTIONS = ("exp", "log", "log1p", "tanh")
MP_FUNCTIONS = {"exp": mpmath.exp, "log": mpmath.log, "log1p": mpmath.log1p, "tanh": mpmath.tanh}


def build(directory: str | Path, cc: str = "gcc", flags: tuple[str, ...] = ("-O2",)) -> ctypes.CDLL:
    """Compile tn_math.c into DIRECTORY/libtn_math.so and load it with ctypes."""
    lib = Path(directory) / "libtn_math.so"
    cmd = [
        cc,
        *flags,
        "-std=c99",
        "-shared",
        "-fPIC",
        "-I",
        str(SOURCE.parent),
        "-o",
        str(lib),
        str(SOURCE),
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    dll = ctypes.CDLL(str(lib))
    pointer = ctypes.POINTER(ctypes.c_double)
    for name in FUNCTIONS:
        scalar = getattr(dll, f"tn_{name}")
        scalar.restype = ctypes.c_double
        scalar.argtypes = [ctypes.c_double]
        array = getattr(dll, f"tn_{name}_array")
        array.restype = None
        array.argtypes = [pointer, pointer, ctypes.c_size_t]
    return dll


def evaluate(dll: ctypes.CDLL, name: str, x: np.ndarray) -> np.ndarray:
    """tn_<name>_array over a float64 array."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.empty_like(x)
    pointer = ctypes.POINTER(ctypes.c_double)
    getattr(dll, f"tn_{name}_array")(x.ctypes.data_as(pointer), y.ctypes.data_as(pointer), x.size)
    return y


def ordinal(v: float) -> int:
    """Position of a double on the line of doubles (adjacent doubles differ by 1)."""
    i = int(np.float64(v).view(np.int64))
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def check(name: str, xs: np.ndarray, ys: np.ndarray, prec: int = 160) -> dict:
    """Compare results with mpmath: max error (ULPs of the exact value), max distance
    from the correctly rounded double (ULPs), share correctly rounded, worst input."""
    f = MP_FUNCTIONS[name]
    max_err, max_dist, exact, worst = 0.0, 0, 0, None
    with mpmath.workprec(prec):
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            v = f(mpmath.mpf(x))
            r = float(v)  # mpmath rounds to nearest: the correctly rounded double
            if (y == r and math.copysign(1.0, y) == math.copysign(1.0, r)) or (
                math.isnan(y) and math.isnan(r)
            ):
                exact += 1
                continue
            dist = abs(ordinal(y) - ordinal(r))
            if math.isinf(r):
                err = math.inf
            else:
                err = float(abs(mpmath.mpf(y) - v) / math.ulp(r))
            if err > max_err:
                worst = x
            max_dist = max(max_dist, dist)
            max_err = max(max_err, err)
    return {"n": len(xs), "max_err": max_err, "max_dist": max_dist, "exact": exact, "worst": worst}


def inputs(name: str, n: int, seed: int = 20261201) -> np.ndarray:
    """n inputs over the ranges training meets, with the function's special regions."""
    rng = np.random.default_rng([seed, FUNCTIONS.index(name)])
    q = n // 10
    sign = rng.choice([-1.0, 1.0], size=n)
    if name == "exp":  # [-745, 710], denser in [-40, 40]; near 0; subnormal results
        parts = [
            rng.uniform(-40.0, 40.0, 5 * q),
            rng.uniform(-745.2, 709.8, 3 * q),
            rng.uniform(-745.2, -708.3, q // 2),  # subnormal results
            sign[: n - 8 * q - q // 2] * 10.0 ** rng.uniform(-20.0, 0.0, n - 8 * q - q // 2),
        ]
    elif name == "log":  # (0, 1e308] log-uniform (subnormals too), and near 1
        parts = [
            np.exp2(rng.uniform(-1074.0, math.log2(1e308), 6 * q)),
            1.0 + sign[: 2 * q] * 10.0 ** rng.uniform(-16.0, -1.0, 2 * q),
            rng.uniform(0.5, 2.0, n - 8 * q),
        ]
    elif name == "log1p":  # (-1, 1e300]: tiny, near -1, moderate, large
        parts = [
            sign[: 2 * q] * 10.0 ** rng.uniform(-300.0, -4.0, 2 * q),
            -1.0 + 10.0 ** rng.uniform(-16.0, 0.0, q),
            rng.uniform(-1.0, 1.0, 3 * q),
            10.0 ** rng.uniform(0.0, 300.0, 2 * q),
            rng.uniform(-0.5, 10.0, n - 8 * q),
        ]
    elif name == "tanh":  # [-25, 25], tiny, near 0
        parts = [
            rng.uniform(-25.0, 25.0, 4 * q),
            rng.uniform(-3.0, 3.0, 2 * q),
            sign[: 2 * q] * 10.0 ** rng.uniform(-12.0, 0.0, 2 * q),
            sign[: n - 8 * q] * 10.0 ** rng.uniform(-300.0, -12.0, n - 8 * q),
        ]
    else:
        raise ValueError(name)
    x = np.concatenate(parts)
    if name == "log1p":
        x = x[x > -1.0]
    assert x.size >= n - 10, (name, x.size)
    return x


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=1_000_000, help="inputs per function (default 10^6)"
    )
    parser.add_argument("--out", default=str(ROOT / "out" / "accuracy.md"))
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        dll = build(tmp)
        for name in args.functions.split(","):
            start = time.perf_counter()
            x = inputs(name, args.n)
            res = check(name, x, evaluate(dll, name, x))
            res["name"] = name
            res["seconds"] = time.perf_counter() - start
            rows.append(res)
            print(
                f"tn_{name}: {res['n']} inputs, max error {res['max_err']:.4f} ULP, "
                f"max distance from the correctly rounded {res['max_dist']} ULP, "
                f"correctly rounded {100 * res['exact'] / res['n']:.4f}% "
                f"(worst input {res['worst']!r}; {res['seconds']:.0f} s)",
                flush=True,
            )
    lines = [
        "# The exact core's elementary functions against mpmath",
        "",
        f"`python/benchmarks/core_accuracy.py --n {args.n}` (`make accuracy`): "
        f"R/src/tn_math.c built with gcc -O2, mpmath {mpmath.__version__} at 160 bits, "
        f"on {cpu_model()}.",
        "",
        "| function | inputs | max error (ULP of the exact value) "
        "| max distance from correctly rounded (ULP) | correctly rounded | worst input |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| tn_{r['name']} | {r['n']:,} | {r['max_err']:.4f} | {r['max_dist']} "
            f"| {100 * r['exact'] / r['n']:.4f}% | {r['worst']!r} |"
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"written: {out}")
    return 0 if all(r["max_dist"] <= 1 and r["max_err"] < 1 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
