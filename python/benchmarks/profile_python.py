"""Where twinnet Python's epoch spends its time (docs/performance.md).

    .venv/bin/python python/benchmarks/profile_python.py --size medium
    .venv/bin/python python/benchmarks/profile_python.py --size large --epochs 3 --line

Prints, for ``MLP(...).fit`` in blas mode on the benchmark's data:

1. the per-epoch time, the numpy GEMM bound of the same shapes and the
   minor page faults per epoch (fresh large arrays are zero-filled by the
   kernel page by page);
2. cProfile's top functions by own time;
3. with ``--line`` (needs ``pip install line_profiler``), line timings of every
   function of twinnet's training path (network, layers, activations, losses,
   optimizers, arith, validation) that takes >= 0.5% of the time;
4. the epoch's element-wise work timed operation by operation on the real
   shapes, and a reference loop that does the same arithmetic, in the same
   grouping, in place in preallocated buffers: its weights are compared with
   twinnet's bit for bit, so its time is what the fixes can reach without
   changing a result.
"""

import argparse
import cProfile
import importlib
import inspect
import io
import pstats
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
import twinnet  # noqa: E402

SIZES = {
    "small": (200, [10, 16, 1], 0.1),
    "medium": (10000, [784, 128, 10], 1e-4),
    "large": (60000, [784, 256, 10], 1e-4),
}


def data(n, layers, seed=20261122):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, layers[0])), rng.uniform(0.05, 0.95, (n, layers[-1]))


def ms(seconds):
    """Milliseconds with enough digits for the small net's microseconds."""
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.1f} µs"


def timeit(fn, repeats):
    """The fastest of ``repeats`` runs: on a shared machine the least disturbed one."""
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return min(ts)


def gemm_bound(X, layers, repeats):
    n = X.shape[0]
    rng = np.random.default_rng(1)
    h, o = layers[1], layers[2]
    W1, W2 = rng.standard_normal((layers[0], h)), rng.standard_normal((h, o))
    A1, D1, D2 = rng.uniform(size=(n, h)), rng.standard_normal((n, h)), rng.standard_normal((n, o))
    prods = [(X, W1), (A1, W2), (D2, W2.T), (A1.T, D2), (X.T, D1)]
    outs = [np.empty((a.shape[0], b.shape[1])) for a, b in prods]

    def run():
        for (a, b), out in zip(prods, outs):
            np.matmul(a, b, out=out)

    run()
    return timeit(run, repeats)


def fit_time(X, Y, layers, lr, epochs, repeats):
    model = twinnet.MLP(layers, lr=lr, seed=1)
    model.fit(X, Y, 1)
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t = timeit(lambda: model.fit(X, Y, epochs), repeats) / epochs
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) / (epochs * repeats)
    return t, faults


def cprofile(X, Y, layers, lr, epochs, top):
    model = twinnet.MLP(layers, lr=lr, seed=1)
    model.fit(X, Y, 1)
    prof = cProfile.Profile()
    prof.enable()
    model.fit(X, Y, epochs)
    prof.disable()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(top)
    return s.getvalue()


def line_profile(X, Y, layers, lr, epochs, min_share=0.005):
    try:
        from line_profiler import LineProfiler
    except ImportError:
        return "line_profiler is not installed (pip install line_profiler): no line timings\n"
    lp = LineProfiler()
    for modname in (
        "network",
        "layers",
        "activations",
        "losses",
        "optimizers",
        "arith",
        "validation",
    ):
        try:
            mod = importlib.import_module(f"twinnet.{modname}")
        except ImportError:
            continue
        for obj in vars(mod).values():
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__:
                lp.add_function(obj)
            elif inspect.isclass(obj) and obj.__module__ == mod.__name__:
                for attr in vars(obj).values():
                    fn = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
                    if inspect.isfunction(fn):
                        lp.add_function(fn)
            elif hasattr(obj, "forward") and hasattr(obj, "backward"):  # table entries
                for fn in (obj.forward, obj.backward):
                    if inspect.isfunction(fn):
                        lp.add_function(fn)
            elif hasattr(obj, "value") and hasattr(obj, "gradient"):
                for fn in (obj.value, obj.gradient):
                    if inspect.isfunction(fn):
                        lp.add_function(fn)
        for obj in vars(mod).values():  # the tables (dicts of dataclasses)
            if isinstance(obj, dict):
                for v in obj.values():
                    for name in ("forward", "backward", "value", "gradient"):
                        fn = getattr(v, name, None)
                        if inspect.isfunction(fn):
                            lp.add_function(fn)
    model = twinnet.MLP(layers, lr=lr, seed=1)
    model.fit(X, Y, 1)
    t0 = time.perf_counter()
    lp.runcall(model.fit, X, Y, epochs)
    total = time.perf_counter() - t0
    stats = lp.get_stats()
    rows = []
    for (fname, _lineno, func), lines in stats.timings.items():
        try:
            src = Path(fname).read_text().splitlines()
        except OSError:
            src = []
        for ln, hits, t in lines:
            secs = t * stats.unit
            if secs >= min_share * total:
                text = src[ln - 1].strip() if 0 < ln <= len(src) else ""
                rows.append((secs, f"{Path(fname).name}:{ln}", func, hits, text))
    rows.sort(reverse=True)
    out = [
        f"line timings (line_profiler), {epochs} epochs, {total:.3f} s with the profiler; "
        "lines >= 0.5%, nested lines include their callees:"
    ]
    for secs, where, func, _hits, text in rows:
        out.append(
            f"  {secs / epochs * 1e3:9.2f} ms/epoch {100 * secs / total:5.1f}%  "
            f"{where:18s} {func:22s} {text[:70]}"
        )
    return "\n".join(out) + "\n"


def operations(X, Y, layers, repeats):
    """The element-wise steps of one epoch, as twinnet blas writes them, timed one by one."""
    rng = np.random.default_rng(2)
    h, o = layers[1], layers[2]
    W1, W2 = rng.standard_normal((layers[0], h)), rng.standard_normal((h, o))
    b1, b2 = rng.uniform(size=(1, h)), rng.uniform(size=(1, o))
    Z1 = X @ W1
    A1 = 1.0 / (1.0 + np.exp(-(Z1 + b1)))
    Z2 = A1 @ W2 + b2
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    E = Y - A2
    D2 = E * (A2 * (1.0 - A2))
    G1 = D2 @ W2.T
    D1 = G1 * (A1 * (1.0 - A1))
    ops = {
        "Z1 + b1 (new n x h array)": lambda: Z1 + b1,
        "-Z1 (new)": lambda: -Z1,
        "np.exp (new)": lambda: np.exp(Z1),
        "1.0 + . (new)": lambda: 1.0 + Z1,
        "1.0 / . (new)": lambda: 1.0 / A1,
        "A1 * (1 - A1) (2 new)": lambda: A1 * (1.0 - A1),
        "G1 * slope (new)": lambda: G1 * A1,
        "colsum(D1) (d.sum(axis=0))": lambda: D1.sum(axis=0, keepdims=True),
        "as_matrix(X): astype copy": lambda: X.astype(np.float64),
        "as_matrix(X): isfinite check": lambda: (~np.isfinite(X)).any(),
    }
    buf = np.empty_like(Z1)
    ops_inplace = {
        "in place: np.exp(Z1, out=buf)": lambda: np.exp(Z1, out=buf),
        "in place: buf += 1.0": lambda: np.add(buf, 1.0, out=buf),
    }
    res = {}
    for name, fn in list(ops.items()) + list(ops_inplace.items()):
        fn()
        res[name] = timeit(fn, repeats)
    return res


class InPlaceLoop:
    """twinnet blas's epoch (1 hidden layer, sigmoid, half_sse) in preallocated buffers.

    The same operations in the same grouping as ``docs/parity.md`` — so the
    weights come out bit for bit the same — but no array is allocated after
    the first epoch, and element-wise steps run in place.
    """

    def __init__(self, model, X, Y):
        self.W = [w.copy() for w in model.weights]
        self.b = [b.copy() for b in model.biases]
        self.lr = model.lr
        n = X.shape[0]
        h, o = self.W[0].shape[1], self.W[1].shape[1]
        self.X, self.Y = X, Y
        self.A1, self.T1, self.S1 = np.empty((n, h)), np.empty((n, h)), np.empty((n, h))
        self.A2, self.T2, self.E = np.empty((n, o)), np.empty((n, o)), np.empty((n, o))
        self.G = [np.empty_like(w) for w in self.W]
        self.loss_history = []

    @staticmethod
    def _sigmoid_into(z, out):
        np.negative(z, out=out)
        np.exp(out, out=out)
        np.add(out, 1.0, out=out)  # 1 + exp(-z): addition commutes exactly
        np.divide(1.0, out, out=out)

    def epoch(self):
        X, Y, (W1, W2), (b1, b2) = self.X, self.Y, self.W, self.b
        A1, T1, A2, T2, E = self.A1, self.T1, self.A2, self.T2, self.E
        np.matmul(X, W1, out=T1)
        np.add(T1, b1, out=T1)
        self._sigmoid_into(T1, A1)
        np.matmul(A1, W2, out=T2)
        np.add(T2, b2, out=T2)
        self._sigmoid_into(T2, A2)
        np.subtract(Y, A2, out=E)
        np.multiply(E, E, out=T2)
        self.loss_history.append(float(np.sum(T2)) / 2.0)
        # D2 = E * (A2 * (1 - A2)), kept in T2
        np.subtract(1.0, A2, out=T2)
        np.multiply(A2, T2, out=T2)
        np.multiply(E, T2, out=T2)
        D2 = T2
        # D1 = (D2 @ W2.T) * (A1 * (1 - A1)), kept in T1 (W2 before its update)
        np.matmul(D2, W2.T, out=T1)
        S1 = self.S1
        np.subtract(1.0, A1, out=S1)
        np.multiply(A1, S1, out=S1)
        np.multiply(T1, S1, out=T1)
        D1 = T1
        # W + (A.T @ D) * lr, b + colsum(D) * lr
        for w, b, a, d, g in ((W2, b2, A1, D2, self.G[1]), (W1, b1, X, D1, self.G[0])):
            np.matmul(a.T, d, out=g)
            g *= self.lr
            w += g
            b += d.sum(axis=0, keepdims=True) * self.lr


def exact_rank1(a, b, block_rows=None):
    """``a @ b`` in exact mode's order: out = 0; out += outer(a[:, j], b[j, :]) for j = 1..k.

    Each product is rounded (np.multiply), then added (np.add): the same two
    rounded operations per term as ExactArith.matmul, in the same order, so
    the result is bit for bit the same. ``block_rows`` does it for a block of
    output rows at a time (each element still sums j = 1..k in order), so the
    block stays in cache.
    """
    m, k = a.shape
    n = b.shape[1]
    out = np.zeros((m, n))
    step = m if block_rows is None else block_rows
    tmp = np.empty((min(step, m), n))
    for r0 in range(0, m, step):
        o = out[r0 : r0 + step]
        t = tmp[: o.shape[0]]
        ablk = a[r0 : r0 + step]
        for j in range(k):
            np.multiply(ablk[:, j, None], b[None, j, :], out=t)
            o += t
    return out


def exact_experiment(X, layers, repeats=1):
    """ExactArith.matmul against the same order done as rank-1 updates."""
    from twinnet.arith import ARITHMETICS

    ex = ARITHMETICS["exact"]
    rng = np.random.default_rng(3)
    n, h = X.shape[0], layers[1]
    W1, D1 = rng.standard_normal((layers[0], h)), rng.standard_normal((n, h))
    cases = {"X @ W1": (X, W1), "X.T @ D1": (X.T, D1)}
    lines = []
    for name, (a, b) in cases.items():
        t_ex = timeit(lambda a=a, b=b: ex.matmul(a, b), repeats)
        ref = ex.matmul(a, b)
        for label, kw in (("rank-1 updates", {}), ("rank-1, 64-row blocks", {"block_rows": 64})):
            t = timeit(lambda a=a, b=b, kw=kw: exact_rank1(a, b, **kw), repeats)
            same = np.array_equal(exact_rank1(a, b, **kw), ref)
            lines.append(
                f"  {name:9s} ExactArith.matmul {t_ex:7.2f} s; {label}: {t:7.2f} s, "
                f"identical: {same}"
            )
    t_exp = timeit(lambda: ex.exp(-X[:, :h]), repeats)
    lines.append(f"  ExactArith.exp on an n x h matrix (math.exp per element): {t_exp:.3f} s")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="medium", choices=sorted(SIZES))
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument(
        "--repeats", type=int, default=5, help="timed runs of everything; the fastest is reported"
    )
    ap.add_argument("--line", action="store_true", help="line timings (line_profiler)")
    ap.add_argument("--top", type=int, default=18)
    ap.add_argument(
        "--exact", action="store_true", help="also time exact mode's matmul against rank-1 updates"
    )
    args = ap.parse_args(argv)
    n, layers, lr = SIZES[args.size]
    epochs = args.epochs or {"small": 500, "medium": 10, "large": 3}[args.size]
    X, Y = data(n, layers)
    print(
        f"== twinnet {twinnet.__file__}, size {args.size}: {n} x {'-'.join(map(str, layers))}, "
        f"{epochs} epochs x {args.repeats}"
    )
    t_fit, faults = fit_time(X, Y, layers, lr, epochs, args.repeats)
    t_gemm = gemm_bound(X, layers, args.repeats * 2)
    print(
        f"fit: {ms(t_fit)}/epoch; numpy GEMM bound {ms(t_gemm)} "
        f"(ratio {t_fit / t_gemm:.2f}); minor page faults {faults:.0f}/epoch "
        "(first touches of freshly mapped memory)"
    )

    # the in-place reference, checked bit for bit against twinnet
    ref_model = twinnet.MLP(layers, lr=lr, seed=1)
    loop = InPlaceLoop(ref_model, X, Y)
    ref_model.fit(X, Y, 3)
    for _ in range(3):
        loop.epoch()
    same = all(
        np.array_equal(a, b) for a, b in zip(ref_model.weights + ref_model.biases, loop.W + loop.b)
    )
    same_loss = ref_model.loss_history == loop.loss_history
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t_loop = timeit(lambda: [loop.epoch() for _ in range(epochs)], args.repeats) / epochs
    f_loop = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) / (epochs * args.repeats)
    print(
        f"in-place reference loop: {ms(t_loop)}/epoch (ratio {t_loop / t_gemm:.2f}); "
        f"page faults {f_loop:.0f}/epoch; weights and biases identical to twinnet's after "
        f"3 epochs: {same}; loss history identical: {same_loss}"
    )

    print("\n== element-wise steps on the real shapes (fastest of the repeats, ms)")
    for name, t in operations(X, Y, layers, args.repeats).items():
        print(f"  {ms(t):>10s}  {name}")

    print("\n== cProfile, by own time")
    print(cprofile(X, Y, layers, lr, epochs, args.top))
    if args.exact:
        print("== exact mode's products (same order, bit for bit)")
        print(exact_experiment(X, layers))
    if args.line:
        print("== " + line_profile(X, Y, layers, lr, epochs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
