"""One benchmark measurement in a fresh Python process (run by bench.py).

    python bench_worker.py --impl NAME --data DIR --n N --layers 784,128,10 \
        --epochs K --repeats R --lr LR --json OUT [--warmup 1]

Reads the size's data (X, Y as raw float64 files written by bench.py), runs
``repeats`` timed blocks of ``epochs`` epochs of one implementation and writes
a JSON record: per-epoch seconds of each block, resident memory (after the
imports, after the data, and the peak during training) and what ran (library
versions, BLAS). An implementation whose package is missing writes
``{"skipped": "<why>"}`` and exits 0, so optional competitors never break a run.

Every implementation trains the same full-batch sigmoid MLP (docs/algorithm.md):
forward with bias, E = Y - A_L, deltas through the slopes a * (1 - a), weight
and bias updates, and the loss of each epoch.
"""

import argparse
import json
import os
import sys
import time


def _status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM), or None."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak():
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def load_data(data_dir, n, p, o):
    """X (n x p) and Y (n x o), C-ordered float64, the first n rows of the files."""
    import numpy as np

    X = np.fromfile(os.path.join(data_dir, "X_rows.f64"), dtype="<f8", count=n * p)
    Y = np.fromfile(os.path.join(data_dir, "Y_rows.f64"), dtype="<f8", count=n * o)
    return X.reshape(n, p), Y.reshape(n, o)


def blas_info():
    """numpy's BLAS as threadpoolctl sees it (falls back to numpy's build config)."""
    import numpy as np

    info = {"numpy": np.__version__}
    try:
        import threadpoolctl

        pools = threadpoolctl.threadpool_info()
        info["threadpoolctl"] = [
            {
                k: p.get(k)
                for k in (
                    "internal_api",
                    "version",
                    "architecture",
                    "num_threads",
                    "threading_layer",
                    "filepath",
                )
            }
            for p in pools
        ]
    except ImportError:
        try:
            cfg = np.show_config(mode="dicts")
            info["numpy_build_blas"] = cfg.get("Build Dependencies", {}).get("blas")
        except Exception as exc:  # pragma: no cover - old numpy
            info["numpy_build_blas"] = repr(exc)
    return info


# ---------------------------------------------------------------- implementations
# Each factory gets (X, Y, layers, lr, seed) and returns (run(k), info): run(k)
# trains k epochs, info describes what runs.


def _init(layers, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((a, b)) for a, b in zip(layers[:-1], layers[1:])]
    bs = [rng.uniform(size=(1, b)) for b in layers[1:]]
    return ws, bs


def make_twinnet(mode):
    def factory(X, Y, layers, lr, seed):
        import twinnet

        model = twinnet.MLP(layers=layers, lr=lr, seed=seed, mode=mode)

        def run(k):
            model.fit(X, Y, epochs=k)

        info = {
            "twinnet": getattr(twinnet, "__version__", None),
            "twinnet_path": os.path.dirname(twinnet.__file__),
            "mode": mode,
        }
        return run, info

    return factory


def numpy_gemm_products(layers, n, seed):
    """The operands and output buffers of one epoch's matrix products.

    For L layers: L forward products A_{l-1} @ W_l, L - 1 backward products
    D_{l+1} @ W_{l+1}.T and L weight products A_{l-1}.T @ D_l; for one hidden
    layer these are the five X@W1, A1@W2, D2@W2.T, A1.T@D2, X.T@D1.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    L = len(layers) - 1
    acts = [rng.standard_normal((n, layers[0]))] + [rng.uniform(size=(n, m)) for m in layers[1:]]
    ws = [rng.standard_normal((a, b)) for a, b in zip(layers[:-1], layers[1:])]
    ds = [rng.standard_normal((n, m)) for m in layers[1:]]
    prods = []
    for l in range(L):
        prods.append((f"A{l}@W{l + 1}", acts[l], ws[l]))
    for l in range(L - 1, 0, -1):
        prods.append((f"D{l + 1}@W{l + 1}.T", ds[l], ws[l].T))
    for l in range(L - 1, -1, -1):
        prods.append((f"A{l}.T@D{l + 1}", acts[l].T, ds[l]))
    names = [p[0].replace("A0", "X") for p in prods]
    outs = [np.empty((a.shape[0], b.shape[1])) for _, a, b in prods]
    return names, [(a, b, out) for (_, a, b), out in zip(prods, outs)]


def gemm_factory(X, Y, layers, lr, seed):
    import numpy as np

    # the bound uses its own random operands of the right shapes, and output
    # buffers allocated once: the products alone, no allocation, no page faults
    names, prods = numpy_gemm_products(layers, X.shape[0], seed)

    def run(k):
        for _ in range(k):
            for a, b, out in prods:
                np.matmul(a, b, out=out)

    def per_product(k, repeats):
        """Median seconds of each product, timed one by one."""
        samples = {nm: [] for nm in names}
        for _ in range(repeats):
            for nm, (a, b, out) in zip(names, prods):
                t0 = time.perf_counter()
                for _ in range(k):
                    np.matmul(a, b, out=out)
                samples[nm].append((time.perf_counter() - t0) / k)
        return {nm: float(np.median(v)) for nm, v in samples.items()}

    return run, {"products": names, "per_product": per_product}


def numpy_loop_factory(X, Y, layers, lr, seed):
    """The articles' loop in plain numpy: new arrays every step, as a learner writes it."""
    import numpy as np

    ws, bs = _init(layers, seed)

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def run(k):
        nonlocal ws, bs
        for _ in range(k):
            acts = [X]
            for w, b in zip(ws, bs):
                acts.append(sigmoid(acts[-1] @ w + b))
            e = Y - acts[-1]
            loss = float(np.sum(e * e)) / 2.0
            deltas = [None] * len(ws)
            deltas[-1] = e * (acts[-1] * (1.0 - acts[-1]))
            for l in range(len(ws) - 2, -1, -1):
                deltas[l] = (deltas[l + 1] @ ws[l + 1].T) * (acts[l + 1] * (1.0 - acts[l + 1]))
            ws = [w + (a.T @ d) * lr for w, a, d in zip(ws, acts, deltas)]
            bs = [b + d.sum(axis=0, keepdims=True) * lr for b, d in zip(bs, deltas)]
            assert loss == loss

    return run, {}


def sklearn_factory(X, Y, layers, lr, seed):
    import warnings

    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    n = X.shape[0]
    y = Y if Y.shape[1] > 1 else Y.ravel()
    state = {"model": None}

    def make(k):
        return MLPRegressor(
            hidden_layer_sizes=tuple(layers[1:-1]),
            activation="logistic",
            solver="sgd",
            batch_size=n,
            learning_rate="constant",
            learning_rate_init=lr,
            momentum=0.0,
            nesterovs_momentum=False,
            alpha=0.0,
            max_iter=k,
            tol=0.0,
            n_iter_no_change=10**9,
            shuffle=False,
            early_stopping=False,
            warm_start=True,
            random_state=seed,
        )

    def run(k):
        m = state["model"]
        if m is None:
            m = state["model"] = make(k)
        m.set_params(max_iter=k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            m.fit(X, y)

    return run, {
        "scikit-learn": sklearn.__version__,
        "note": "MLPRegressor: identity output layer, loss averaged over the batch",
    }


def _torch_setup(X, Y):
    import torch

    torch.set_default_dtype(torch.float64)
    return torch, torch.from_numpy(X), torch.from_numpy(Y)


def _torch_info(torch):
    return {
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_blas": "MKL" if torch.backends.mkl.is_available() else "other",
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
    }


def torch_hand_factory(X, Y, layers, lr, seed):
    torch, Xt, Yt = _torch_setup(X, Y)
    ws, bs = _init(layers, seed)
    ws = [torch.from_numpy(w) for w in ws]
    bs = [torch.from_numpy(b) for b in bs]

    def run(k):
        with torch.no_grad():
            for _ in range(k):
                acts = [Xt]
                for w, b in zip(ws, bs):
                    acts.append(torch.sigmoid(torch.addmm(b, acts[-1], w)))
                e = Yt - acts[-1]
                loss = (e * e).sum() / 2.0
                deltas = [None] * len(ws)
                deltas[-1] = e * (acts[-1] * (1.0 - acts[-1]))
                for l in range(len(ws) - 2, -1, -1):
                    deltas[l] = (deltas[l + 1] @ ws[l + 1].T) * (acts[l + 1] * (1.0 - acts[l + 1]))
                for w, b, a, d in zip(ws, bs, acts, deltas):
                    w.add_(a.T @ d, alpha=lr)
                    b.add_(d.sum(dim=0, keepdim=True), alpha=lr)
                float(loss)

    return run, _torch_info(torch)


def torch_autograd_factory(X, Y, layers, lr, seed):
    torch, Xt, Yt = _torch_setup(X, Y)
    torch.manual_seed(seed)
    mods = []
    for a, b in zip(layers[:-1], layers[1:]):
        mods += [torch.nn.Linear(a, b), torch.nn.Sigmoid()]
    net = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(net.parameters(), lr=lr)

    def run(k):
        for _ in range(k):
            opt.zero_grad(set_to_none=True)
            e = Yt - net(Xt)
            loss = (e * e).sum() / 2.0
            loss.backward()
            opt.step()
            float(loss)

    return run, _torch_info(torch)


# name -> (factory, the optional package it needs, the modules it imports)
IMPLS = {
    "numpy_gemm": (gemm_factory, None, ["numpy"]),
    "numpy_loop": (numpy_loop_factory, None, ["numpy"]),
    "twinnet_py_blas": (make_twinnet("blas"), None, ["numpy", "twinnet"]),
    "twinnet_py_exact": (make_twinnet("exact"), None, ["numpy", "twinnet"]),
    "sklearn": (sklearn_factory, "sklearn", ["numpy", "sklearn.neural_network"]),
    "torch_hand": (torch_hand_factory, "torch", ["numpy", "torch"]),
    "torch_autograd": (torch_autograd_factory, "torch", ["numpy", "torch"]),
}

PACKAGE_NAMES = {"sklearn": "scikit-learn", "torch": "torch (PyTorch)"}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--impl", required=True, choices=sorted(IMPLS))
    ap.add_argument("--data", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--layers", required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--repeats", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", required=True)
    args = ap.parse_args(argv)

    layers = [int(v) for v in args.layers.split(",")]
    factory, needs, modules = IMPLS[args.impl]
    record = {
        "impl": args.impl,
        "n": args.n,
        "layers": layers,
        "epochs": args.epochs,
        "repeats": args.repeats,
    }

    def write(rec):
        with open(args.json, "w") as fh:
            json.dump(rec, fh)

    if needs is not None:
        try:
            __import__(needs)
        except ImportError:
            write(
                dict(
                    record,
                    skipped=f"{PACKAGE_NAMES[needs]} is not installed "
                    "(make setup-bench installs it)",
                )
            )
            return 0

    import importlib

    for mod in modules:  # start-up memory includes the implementation's imports
        importlib.import_module(mod)
    rss_imports = _status_kb("VmRSS")
    X, Y = load_data(args.data, args.n, layers[0], layers[-1])
    rss_data = _status_kb("VmRSS")
    run, info = factory(X, Y, layers, args.lr, args.seed)
    rss_setup = _status_kb("VmRSS")
    peak_reset = _reset_peak()
    if args.warmup:
        run(args.warmup)
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        run(args.epochs)
        times.append((time.perf_counter() - t0) / args.epochs)
    if args.impl == "numpy_gemm":
        info["per_product_median"] = info.pop("per_product")(args.epochs, args.repeats)
    record.update(
        times=times,
        rss_kb={
            "imports": rss_imports,
            "data": rss_data,
            "setup": rss_setup,
            "peak_training": _status_kb("VmHWM"),
            "peak_reset": peak_reset,
        },
        data_bytes=int(X.nbytes + Y.nbytes),
        info=dict(info, **blas_info(), python=sys.version.split()[0]),
    )
    write(record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
