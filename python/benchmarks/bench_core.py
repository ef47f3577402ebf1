"""The exact core's products against numpy's BLAS, on the benchmark nets' shapes.

    .venv/bin/python python/benchmarks/bench_core.py [--sizes medium,large] [--out DIR]
    make bench-core

For each product of a training epoch (forward X %*% W1, the weight gradient
t(X) %*% D1, the backward D %*% t(W)), the median time of numpy's matmul
(BLAS, as blas mode) and of exact mode's ExactArith (the C core) with 1 and 2
threads; also checks that the threads give the same bits. Prints a markdown
table and writes it to DIR/core.md.
"""

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np

from twinnet.arith import ExactArith, exact_threads

NETS = {"medium": (10000, 784, 128, 10), "large": (60000, 784, 256, 10)}


def _np_crossprod(a, b):
    return a.T @ b


def _np_tcrossprod(a, b):
    return a @ b.T


def median_time(fn, operands, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*operands)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="medium,large")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default="out/bench-core")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    lines = [
        f"exact core products vs numpy matmul; {cpu_name()}; "
        f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        "",
        "| net | product | shape (m x k x n) | numpy | exact, 1 thread | exact, 2 threads "
        "| exact(2) / numpy |",
        "|---|---|---|---|---|---|---|",
    ]
    before = exact_threads()
    for size in args.sizes.split(","):
        n, p, h, o = NETS[size]
        X = rng.standard_normal((n, p))
        W1 = rng.standard_normal((p, h)) * 0.05
        D1 = rng.standard_normal((n, h))
        D2 = rng.standard_normal((n, o))
        W2 = rng.standard_normal((h, o))
        cases = [
            ("X %*% W1", np.matmul, ExactArith.matmul, (X, W1), (n, p, h)),
            ("t(X) %*% D1", _np_crossprod, ExactArith.crossprod, (X, D1), (p, n, h)),
            ("D2 %*% t(W2)", _np_tcrossprod, ExactArith.tcrossprod, (D2, W2), (n, o, h)),
        ]
        for name, blas, exact, operands, shape in cases:
            t_np = median_time(blas, operands, args.repeats)
            exact_threads(1)
            one = exact(*operands)
            t1 = median_time(exact, operands, args.repeats)
            exact_threads(2)
            two = exact(*operands)
            t2 = median_time(exact, operands, args.repeats)
            if not np.array_equal(one, two):
                raise SystemExit(f"{size} {name}: 1 and 2 threads differ")
            lines.append(
                f"| {size} | `{name}` | {' x '.join(map(str, shape))} | {t_np * 1e3:.1f} ms "
                f"| {t1 * 1e3:.1f} ms | {t2 * 1e3:.1f} ms | {t2 / t_np:.2f} |"
            )
            print(lines[-1], flush=True)
    exact_threads(before)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "core.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:1]))
    print(f"written to {out / 'core.md'}")


if __name__ == "__main__":
    main()
