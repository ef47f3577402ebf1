"""twinnet's benchmark suite: per-epoch time against the hardware bound and against
scikit-learn, PyTorch and R's nnet (issue 6). Run from the repository root::

    make bench                                   # all sizes; writes out/bench/
    .venv/bin/python python/benchmarks/bench.py --sizes small,medium
    .venv/bin/python python/benchmarks/bench.py --quick --out /tmp/b   # smoke size

Every measurement runs in a fresh process (Python: ``bench_worker.py``; R: a
plain ``Rscript bench_r.R``, not rpy2), so no implementation shares threads,
caches or memory with another, and each one's peak resident memory is its own.
For each size the numpy GEMM bound (the epoch's matrix products alone, e.g.
X@W1, A1@W2, D2@W2.T, A1.T@D2, X.T@D1 for one hidden layer) is measured
between every two implementations, and ratios are taken to the median of all
those samples: one run, one bound, so drift of a shared machine shows in the
bound's spread instead of in the ratios.

Writes ``results.json`` (everything), ``table.md`` (medians, spreads, ratios,
targets, memory, scale, machine, BLAS, date) and ``bench.png`` (ratios per
size, and time against rows) into ``--out``. Optional competitors
(scikit-learn, PyTorch, matplotlib, threadpoolctl: ``make setup-bench``) and
R are skipped with a note when missing.
"""

import argparse
import datetime as _dt
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKER = HERE / "bench_worker.py"
R_WORKER = HERE / "bench_r.R"

# n rows, layer sizes, epochs per timed block, blocks (repeats), lr
SIZES = {
    "small": {"n": 200, "layers": [10, 16, 1], "epochs": 500, "repeats": 7, "lr": 0.1},
    "medium": {"n": 10000, "layers": [784, 128, 10], "epochs": 10, "repeats": 7, "lr": 1e-4},
    "large": {"n": 60000, "layers": [784, 256, 10], "epochs": 3, "repeats": 5, "lr": 1e-4},
    # --quick: a tiny net, one repeat; the smoke test runs this
    "tiny": {"n": 64, "layers": [8, 6, 3], "epochs": 5, "repeats": 1, "lr": 0.1},
}
# exact mode: (epochs, repeats) per size; no warm-up epoch
EXACT_RUNS = {"small": (20, 3), "medium": (1, 2), "large": (1, 1), "tiny": (2, 1)}
# nnet: BFGS iterations per block (maxit), blocks
NNET_RUNS = {"small": (200, 5), "tiny": (10, 1)}
SCALE = {"layers": [784, 128, 10], "ns": [1000, 3000, 10000, 30000, 100000], "lr": 1e-4}
SCALE_QUICK = {"layers": [8, 6, 3], "ns": [100, 200, 400], "lr": 0.1}

# (key, label, language, worker); the order is the table's
IMPLS = [
    ("numpy_gemm", "numpy GEMM bound (the epoch's products alone)", "Python", "py"),
    ("twinnet_py_blas", "twinnet Python, blas", "Python", "py"),
    ("twinnet_r_blas", "twinnet R, blas", "R", "r"),
    ("numpy_loop", "plain numpy loop", "Python", "py"),
    ("r_loop", "plain R loop (base R)", "R", "r"),
    ("sklearn", "scikit-learn MLPRegressor (sgd, full batch)", "Python", "py"),
    ("torch_hand", "PyTorch CPU float64, by hand", "Python", "py"),
    ("torch_autograd", "PyTorch CPU float64, autograd", "Python", "py"),
    ("r_gemm", "R GEMM bound (R's BLAS, the same products)", "R", "r"),
    ("nnet", "R nnet (BFGS, per iteration: reference only)", "R", "r"),
    ("twinnet_py_exact", "twinnet Python, exact", "Python", "py"),
    ("twinnet_r_exact", "twinnet R, exact", "R", "r"),
]
LABEL = {k: lab for k, lab, _, _ in IMPLS}
LANG = {k: lang for k, _, lang, _ in IMPLS}
KIND = {k: w for k, _, _, w in IMPLS}

RIVAL_NAMES = {
    "sklearn": "scikit-learn",
    "torch_hand": "PyTorch by hand",
    "torch_autograd": "PyTorch autograd",
}
TARGETS_PY = {"small": 2.0, "medium": 1.10, "large": 1.10}
TARGETS_R = {"medium": 1.25, "large": 1.5}
EXACT_TARGET_S = 10.0


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------ data


def write_data(directory, n, layers, seed, columns=True):
    """X ~ N(0, 1) (n x p) and Y ~ U(0.05, 0.95) (n x o), as raw float64.

    Row-major files for Python, column-major ones (R's layout) for R.
    """
    import numpy as np

    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed)
    for name, shape, draw in (
        ("X", (n, layers[0]), lambda s: rng.standard_normal(s)),
        ("Y", (n, layers[-1]), lambda s: rng.uniform(0.05, 0.95, s)),
    ):
        a = draw(shape)
        a.tofile(os.path.join(directory, f"{name}_rows.f64"))
        if columns:
            a.T.tofile(os.path.join(directory, f"{name}_cols.f64"))
        del a
    return directory


# ------------------------------------------------------------------ running jobs


def cpu_times():
    """(busy, total) jiffies of all CPUs from /proc/stat (steal counts as busy)."""
    try:
        with open("/proc/stat") as fh:
            f = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = f[3] + (f[4] if len(f) > 4 else 0)
    return sum(f[:8]) - idle, sum(f[:8])


def cpu_busy(interval=0.5):
    a = cpu_times()
    time.sleep(interval)
    b = cpu_times()
    if not a or not b or b[1] == a[1]:
        return 0.0
    return (b[0] - a[0]) / (b[1] - a[1])


class Runner:
    def __init__(self, args, env_r):
        self.args = args
        self.env_r = env_r
        self.rscript = shutil.which("Rscript")

    def run(self, impl, data, n, layers, epochs, repeats, lr, warmup=1, timeout=None, rows=False):
        """Run one worker; returns its record (with ``wall`` seconds), or a skip."""
        timeout = timeout or self.args.job_timeout
        fd, out = tempfile.mkstemp(suffix=".json", prefix=f"{impl}-")
        os.close(fd)
        common = [
            "--impl",
            impl,
            "--data",
            data,
            "--n",
            str(n),
            "--layers",
            ",".join(map(str, layers)),
            "--epochs",
            str(epochs),
            "--repeats",
            str(repeats),
            "--lr",
            repr(lr),
            "--warmup",
            str(warmup),
            "--json",
            out,
        ]
        if KIND[impl] == "py":
            cmd = [sys.executable, str(WORKER)] + common
            env = dict(os.environ)
            src = str(ROOT / "python" / "src")
            env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        else:
            if self.rscript is None:
                return {"impl": impl, "skipped": "Rscript is not on PATH"}
            cmd = [self.rscript, "--vanilla", str(R_WORKER)] + common + (["--rows"] if rows else [])
            env = self.env_r
        # wait (up to --quiet-wait s) until the machine is quiet: others' jobs
        # on a shared 2-core machine distort every timing
        waited, busy = 0.0, None
        if self.args.quiet_wait > 0:
            while True:
                busy = cpu_busy(0.5)
                if busy < self.args.quiet_threshold or waited >= self.args.quiet_wait:
                    break
                time.sleep(2.0)
                waited += 2.5
        c0, r0 = cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.unlink(out)
            return {"impl": impl, "skipped": f"exceeded the time budget of {timeout:.0f} s"}
        wall = time.perf_counter() - t0
        c1, r1 = cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
        others = None
        if c0 and c1 and c1[1] > c0[1]:
            hz = os.sysconf("SC_CLK_TCK")
            mine = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            others = max(0.0, ((c1[0] - c0[0]) / hz - mine) / ((c1[1] - c0[1]) / hz))
        try:
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
                return {"impl": impl, "failed": f"exit {proc.returncode}: " + " | ".join(tail)}
            with open(out) as fh:
                rec = json.load(fh)
        finally:
            if os.path.exists(out):
                os.unlink(out)
        rec["wall"] = wall
        rec["machine"] = {"busy_before": busy, "waited_s": waited, "others_cpu_share": others}
        if "times" in rec and not isinstance(rec["times"], list):
            rec["times"] = [rec["times"]]
        return rec


def summarise(times):
    ts = sorted(times)
    q = statistics.quantiles(ts, n=4, method="inclusive") if len(ts) > 1 else [ts[0]] * 3
    return {
        "median": statistics.median(ts),
        "min": ts[0],
        "max": ts[-1],
        "q1": q[0],
        "q3": q[2],
        "samples": len(ts),
    }


def flops(n, layers):
    """Multiply-adds of one epoch's products (3L - 1 of them), times 2."""
    fwd = sum(n * a * b for a, b in zip(layers[:-1], layers[1:]))
    back = sum(n * a * b for a, b in zip(layers[1:-1], layers[2:]))
    return 2 * (2 * fwd + back)


def run_size(runner, name, spec, data, args, impls, exact_per_flop):
    """All implementations on one size, the numpy GEMM bound between each two."""
    n, layers, lr = spec["n"], spec["layers"], spec["lr"]
    results, gemm_jobs = {}, []

    def gemm():
        rec = runner.run(
            "numpy_gemm",
            data,
            n,
            layers,
            spec["epochs"],
            max(3, spec["repeats"] // 2) if not args.quick else 1,
            lr,
        )
        if "times" in rec:
            gemm_jobs.append(rec)
        return rec

    order = [k for k, *_ in IMPLS if k != "numpy_gemm" and k in impls]
    if "numpy_gemm" in impls or order:
        gemm()
    for impl in order:
        epochs, repeats, warmup, timeout = spec["epochs"], spec["repeats"], 1, None
        if impl.endswith("_exact"):
            epochs, repeats = EXACT_RUNS.get(name, (1, 1))
            warmup = 0
            lang = LANG[impl]
            per_flop = exact_per_flop.get(lang)
            if per_flop is not None:
                predicted = per_flop * flops(n, layers) * epochs * repeats
                if predicted > args.exact_budget:
                    # one epoch alone, if that fits
                    repeats = 1
                    predicted = per_flop * flops(n, layers) * epochs
                if predicted > args.exact_budget:
                    results[impl] = {
                        "impl": impl,
                        "skipped": (
                            f"predicted {predicted:.0f} s from the smaller size's exact run "
                            f"> --exact-budget {args.exact_budget:.0f} s"
                        ),
                    }
                    log(f"{name}: {impl} skipped (predicted {predicted:.0f} s)")
                    continue
            timeout = args.exact_budget
        elif impl == "nnet":
            if name not in NNET_RUNS:
                epochs, repeats = 5, 1  # bench_r.R declines big nets before running
            else:
                epochs, repeats = NNET_RUNS[name]
        elif args.quick:
            repeats = 1
        if args.quick:
            repeats = 1
        rec = runner.run(impl, data, n, layers, epochs, repeats, lr, warmup=warmup, timeout=timeout)
        rec["gemm_before"] = len(gemm_jobs) - 1
        results[impl] = rec
        if "times" in rec:
            med = statistics.median(rec["times"])
            log(f"{name}: {impl:17s} {med * 1e3:10.3f} ms/epoch  (wall {rec['wall']:.1f} s)")
            if impl.endswith("_exact") and flops(n, layers) >= 1e9:
                # predicts a larger size's exact run (smaller nets are overhead-bound)
                exact_per_flop[LANG[impl]] = med / flops(n, layers)
        else:
            log(f"{name}: {impl:17s} {rec.get('skipped') or rec.get('failed')}")
        if impl != order[-1]:
            gemm()
    if gemm_jobs:
        gemm()
    return results, gemm_jobs


def size_summary(name, spec, results, gemm_jobs):
    """Medians, spreads and ratios of one size."""
    out = {"size": name, "n": spec["n"], "layers": spec["layers"], "rows": []}
    bound = None
    if gemm_jobs:
        pooled = [t for g in gemm_jobs for t in g["times"]]
        bound = summarise(pooled)
        bound["job_medians"] = [statistics.median(g["times"]) for g in gemm_jobs]
        bound["per_product"] = gemm_jobs[0]["info"].get("per_product_median")
        bound["products"] = gemm_jobs[0]["info"].get("products")
        bound["gflops"] = flops(spec["n"], spec["layers"]) / bound["median"] / 1e9
        peaks = [g["rss_kb"]["peak_training"] for g in gemm_jobs if g.get("rss_kb")]
        out["gemm_peak_kb"] = max(peaks) if peaks else None
    out["bound"] = bound
    rows = []
    if bound:
        shares = [
            g["machine"]["others_cpu_share"]
            for g in gemm_jobs
            if (g.get("machine") or {}).get("others_cpu_share") is not None
        ]
        rows.append(
            {
                "impl": "numpy_gemm",
                "stats": bound,
                "ratio": 1.0,
                "local_ratio": 1.0,
                "best_ratio": 1.0,
                "peak_kb": out["gemm_peak_kb"],
                "rss_kb": gemm_jobs[0].get("rss_kb"),
                "others": max(shares) if shares else None,
                "epochs": gemm_jobs[0].get("epochs"),
                "repeats": sum(g.get("repeats", 0) for g in gemm_jobs),
            }
        )
    for impl, rec in results.items():
        row = {"impl": impl}
        if "times" not in rec:
            row["note"] = rec.get("skipped") or rec.get("failed")
            row["status"] = "skipped" if "skipped" in rec else "failed"
        else:
            st = summarise(rec["times"])
            row["stats"] = st
            row["rss_kb"] = rec.get("rss_kb")
            row["peak_kb"] = (rec.get("rss_kb") or {}).get("peak_training")
            row["data_bytes"] = rec.get("data_bytes")
            row["epochs"], row["repeats"] = rec.get("epochs"), rec.get("repeats")
            row["others"] = (rec.get("machine") or {}).get("others_cpu_share")
            if bound:
                row["ratio"] = st["median"] / bound["median"]
                row["best_ratio"] = st["min"] / bound["min"]
                i = rec.get("gemm_before", 0)
                near = bound["job_medians"][max(i, 0) : i + 2]
                row["local_ratio"] = st["median"] / statistics.mean(near) if near else None
            note = (rec.get("info") or {}).get("note")
            if note:
                row["note"] = note
        rows.append(row)
    order = {k: i for i, (k, *_) in enumerate(IMPLS)}
    out["rows"] = sorted(rows, key=lambda r: order[r["impl"]])
    return out


# ------------------------------------------------------------------ scale


def linear_fit(xs, ys):
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    icept = my - slope * mx
    ss_res = sum((y - (icept + slope * x)) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    # the exponent k of t ~ n^k between the two largest sizes
    k = math.log(ys[-1] / ys[-2]) / math.log(xs[-1] / xs[-2]) if len(xs) > 1 else None
    return {"slope_s_per_row": slope, "intercept_s": icept, "r2": r2, "exponent_last_two": k}


def run_scale(runner, spec, tmp, args):
    layers, ns = spec["layers"], spec["ns"]
    data = write_data(os.path.join(tmp, "scale"), max(ns), layers, seed=7, columns=False)
    impls = [i for i in ("numpy_gemm", "twinnet_py_blas", "twinnet_r_blas") if i in args.impls]
    points = {i: [] for i in impls}
    for n in ns:
        epochs = 1 if args.quick else max(2, min(50, round(3e5 / n)))
        repeats = 1 if args.quick else 3
        for impl in impls:
            rec = runner.run(impl, data, n, layers, epochs, repeats, spec["lr"], rows=True)
            if "times" in rec:
                med = statistics.median(rec["times"])
                points[impl].append(
                    {"n": n, "median": med, "min": min(rec["times"]), "max": max(rec["times"])}
                )
                log(f"scale n={n}: {impl:17s} {med * 1e3:10.3f} ms/epoch")
            else:
                points[impl] = rec.get("skipped") or rec.get("failed")
                log(f"scale n={n}: {impl} {points[impl]}")
    shutil.rmtree(data, ignore_errors=True)
    fits = {}
    for impl, pts in points.items():
        if isinstance(pts, list) and len(pts) >= 2:
            fits[impl] = linear_fit([p["n"] for p in pts], [p["median"] for p in pts])
    return {"layers": layers, "ns": ns, "points": points, "fits": fits}


# ------------------------------------------------------------------ environment


def _read(path):
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:
        return ""


def machine_info():
    cpu = {}
    for line in _read("/proc/cpuinfo").splitlines():
        key, _, val = line.partition(":")
        key = key.strip()
        if key in ("model name", "cpu family", "model", "stepping") and key not in cpu:
            cpu[key] = val.strip()
        if not line.strip() and cpu:
            break
    mem = next(
        (l.split()[1] for l in _read("/proc/meminfo").splitlines() if l.startswith("MemTotal:")),
        None,
    )
    debian = _read("/etc/debian_version").strip()
    return {
        "cpu": cpu.get("model name"),
        "cpu_family": cpu.get("cpu family"),
        "cpu_model": cpu.get("model"),
        "cpu_stepping": cpu.get("stepping"),
        "cores": os.cpu_count(),
        "mem_gib": round(int(mem) / 2**20, 1) if mem else None,
        "kernel": platform.release(),
        "os": f"Debian {debian}" if debian else platform.platform(),
        "python": platform.python_version(),
    }


def load_snapshot():
    la = _read("/proc/loadavg").split()
    psi = _read("/proc/pressure/cpu").splitlines()
    some = psi[0].split()[1:] if psi else []
    return {"loadavg_1m": float(la[0]) if la else None, "cpu_pressure_some": " ".join(some) or None}


def openblas_core(cmd, env):
    """The OpenBLAS kernel a program picks (OPENBLAS_VERBOSE=2 prints 'Core: ...')."""
    env = dict(env, OPENBLAS_VERBOSE="2")
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    cores = [
        l.split(":", 1)[1].strip()
        for l in (p.stdout + p.stderr).splitlines()
        if l.startswith("Core:")
    ]
    return cores or None


def blas_info(runner):
    env_vars = {
        k: os.environ[k]
        for k in (
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
            "MKL_NUM_THREADS",
            "GOTO_NUM_THREADS",
        )
        if k in os.environ
    }
    info = {"env": env_vars}
    # Python: threadpoolctl in a fresh process with numpy loaded
    code = (
        "import json, numpy as np\n"
        "out = {'numpy': np.__version__}\n"
        "keys = ('internal_api', 'version', 'architecture', 'num_threads',\n"
        "        'threading_layer', 'filepath')\n"
        "try:\n"
        "    import threadpoolctl\n"
        "    out['threadpoolctl'] = threadpoolctl.__version__\n"
        "    pools = threadpoolctl.threadpool_info()\n"
        "    out['pools'] = [{k: p.get(k) for k in keys} for p in pools]\n"
        "except ImportError:\n"
        "    out['pools'] = None\n"
        "    deps = np.show_config(mode='dicts').get('Build Dependencies', {})\n"
        "    out['build_blas'] = deps.get('blas')\n"
        "print(json.dumps(out))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    try:
        info["python"] = json.loads(p.stdout)
    except ValueError:
        info["python"] = {"error": p.stderr.strip()[-300:]}
    info["python"]["openblas_core_verbose"] = openblas_core(
        [sys.executable, "-c", "import numpy as np; np.ones((2, 2)) @ np.ones((2, 2))"], os.environ
    )
    # R: extSoftVersion, sessionInfo, La_library; the kernel OpenBLAS picks
    if runner.rscript:
        fd, out = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        p = subprocess.run(
            [runner.rscript, "--vanilla", str(R_WORKER), "--info", "--json", out],
            env=runner.env_r,
            capture_output=True,
            text=True,
        )
        try:
            with open(out) as fh:
                info["R"] = json.load(fh)
        except ValueError:
            info["R"] = {"error": p.stderr.strip()[-300:]}
        os.unlink(out)
        info["R"]["openblas_core_verbose"] = openblas_core(
            [runner.rscript, "--vanilla", "-e", "invisible(crossprod(matrix(1, 2, 2)))"],
            runner.env_r,
        )
    else:
        info["R"] = {"error": "Rscript is not on PATH"}
    return info


def git_info():
    def git(*a):
        try:
            return subprocess.run(
                ["git", "-C", str(ROOT)] + list(a), capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    dirty = git("status", "--porcelain", "--", "python/src", "R/R")
    return {
        "head": git("rev-parse", "--short", "HEAD"),
        "library_files_modified": len(dirty.splitlines()) if dirty else 0,
    }


# ------------------------------------------------------------------ report


def fmt_time(s):
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.3f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.1f} µs"


def fmt_signed_time(s):
    return fmt_time(s) if s >= 0 else "-" + fmt_time(-s)


def fmt_mb(kb):
    return "–" if kb is None else f"{kb / 1024:.0f} MB"


def blas_lines(blas):
    lines = []
    py = blas.get("python", {})
    pools = py.get("pools")
    if pools:
        for p in pools:
            if p.get("internal_api") in ("openblas", "mkl", "blis") or "numpy" in (
                p.get("filepath") or ""
            ):
                lines.append(
                    f"- Python (numpy {py.get('numpy')}): {p.get('internal_api')} "
                    f"{p.get('version')}, kernel {p.get('architecture')}, "
                    f"{p.get('num_threads')} threads ({p.get('threading_layer')}); "
                    f"`{os.path.basename(p.get('filepath') or '')}` (threadpoolctl)"
                )
                break
    else:
        b = py.get("build_blas") or {}
        desc = (
            f"{b.get('name')} {b.get('version')} ({b.get('openblas configuration', '')})"
            if isinstance(b, dict)
            else str(b)
        )
        lines.append(
            f"- Python (numpy {py.get('numpy')}): {desc.strip()} "
            "(numpy's build configuration; threadpoolctl not installed)"
        )
    if py.get("openblas_core_verbose"):
        lines.append(
            f"  - OpenBLAS kernel chosen at load (OPENBLAS_VERBOSE=2): "
            f"{', '.join(py['openblas_core_verbose'])}"
        )
    r = blas.get("R", {})
    if "BLAS" in r:
        lines.append(
            f'- R ({r.get("R")}): extSoftVersion()["BLAS"] = `{r.get("BLAS")}`; '
            f"sessionInfo() LAPACK `{r.get('sessionInfo_LAPACK')}`"
        )
        if r.get("openblas_core_verbose"):
            lines.append(
                f"  - OpenBLAS kernel chosen at load (OPENBLAS_VERBOSE=2): "
                f"{', '.join(r['openblas_core_verbose'])}"
            )
        elif "openblas" not in (r.get("BLAS") or "").lower():
            lines.append("  - not OpenBLAS: `make setup` installs Debian's libopenblas0-pthread")
    else:
        lines.append(f"- R: {r.get('error')}")
    env = blas.get("env") or {}
    lines.append(
        "- BLAS environment: "
        + (
            ", ".join(f"{k}={v}" for k, v in env.items())
            if env
            else "none of OPENBLAS_CORETYPE, "
            "OPENBLAS_L2_SIZE, OPENBLAS_NUM_THREADS, "
            "OMP_NUM_THREADS, MKL_NUM_THREADS set"
        )
    )
    return lines


def target_rows(report):
    sizes = {s["size"]: s for s in report["sizes"]}
    rows = []

    def row_of(size, impl):
        s = sizes.get(size)
        if not s:
            return None
        return next((r for r in s["rows"] if r["impl"] == impl and "stats" in r), None)

    def verdict(ok):
        return "n/a" if ok is None else ("PASS" if ok else "FAIL")

    for size, limit in TARGETS_PY.items():
        r = row_of(size, "twinnet_py_blas")
        if r:
            rows.append(
                (
                    f"Python blas, {size}: ratio <= {limit}",
                    f"{r['ratio']:.2f} (best/best {r['best_ratio']:.2f})",
                    verdict(r["ratio"] <= limit),
                )
            )
    for size in ("small", "medium", "large", "tiny"):
        r = row_of(size, "twinnet_py_blas")
        if not r:
            continue
        for rival in ("sklearn", "torch_hand", "torch_autograd"):
            c = row_of(size, rival)
            if c:
                name = RIVAL_NAMES[rival]
                rows.append(
                    (
                        f"Python blas faster than {name}, {size}",
                        f"{fmt_time(r['stats']['median'])} vs {fmt_time(c['stats']['median'])}",
                        verdict(r["stats"]["median"] < c["stats"]["median"]),
                    )
                )
    for size, limit in TARGETS_R.items():
        r = row_of(size, "twinnet_r_blas")
        if r:
            rows.append(
                (
                    f"R blas, {size}: ratio <= {limit} (numpy GEMM bound)",
                    f"{r['ratio']:.2f} (best/best {r['best_ratio']:.2f})",
                    verdict(r["ratio"] <= limit),
                )
            )
    for lang, impl in (("Python", "twinnet_py_exact"), ("R", "twinnet_r_exact")):
        r = row_of("medium", impl)
        if r:
            rows.append(
                (
                    f"{lang} exact, medium: an epoch <= {EXACT_TARGET_S:.0f} s",
                    fmt_time(r["stats"]["median"]),
                    verdict(r["stats"]["median"] <= EXACT_TARGET_S),
                )
            )
    big = report["sizes"][-1] if report["sizes"] else None
    if big:
        sk = row_of(big["size"], "sklearn")
        for impl in ("twinnet_py_blas", "twinnet_r_blas"):
            r = row_of(big["size"], impl)
            if r and sk and r.get("peak_kb") and sk.get("peak_kb"):
                rows.append(
                    (
                        f"{LABEL[impl]}: peak RSS <= scikit-learn's, {big['size']}",
                        f"{fmt_mb(r['peak_kb'])} vs {fmt_mb(sk['peak_kb'])}",
                        verdict(r["peak_kb"] <= sk["peak_kb"]),
                    )
                )
    sc = report.get("scale") or {}
    for impl, fit in (sc.get("fits") or {}).items():
        if impl == "numpy_gemm":
            continue
        rows.append(
            (
                f"{LABEL[impl]}: time linear in n ({sc['ns'][0]}..{sc['ns'][-1]})",
                f"R^2 = {fit['r2']:.4f}, exponent {fit['exponent_last_two']:.2f}",
                verdict(fit["r2"] >= 0.99),
            )
        )
    return rows


def write_table(report, path):
    m, blas = report["machine"], report["blas"]
    L = []
    L.append("# twinnet benchmark")
    L.append("")
    L.append(
        f"Date: {report['date']}. Machine: {m['cpu']} (family {m['cpu_family']}, "
        f"model {m['cpu_model']}), {m['cores']} cores, {m['mem_gib']} GiB, "
        f"{m['os']}, Linux {m['kernel']}, Python {m['python']}. "
        f"twinnet at {report['git']['head']}"
        + (
            f" with {report['git']['library_files_modified']} library files modified"
            if report["git"]["library_files_modified"]
            else ""
        )
        + "."
    )
    L.append("")
    L.append("BLAS:")
    L.extend(blas_lines(blas))
    ld0, ld1 = report["load"]["start"], report["load"]["end"]
    L.append("")
    L.append(
        f"Machine load: 1-minute load average {ld0['loadavg_1m']} at the start, "
        f"{ld1['loadavg_1m']} at the end (CPU pressure {ld1['cpu_pressure_some']})."
        + (
            " **Other processes were running: timings are noisier than on an idle machine.**"
            if max(ld0["loadavg_1m"] or 0, ld1["loadavg_1m"] or 0) > 0.5
            else ""
        )
    )
    L.append("")
    L.append(
        "Per-epoch time of the full-batch sigmoid MLP (float64, bias, half sum of "
        "squares; every implementation in its own process). *median*: of the timed "
        "blocks (each block several epochs, divided); *spread*: min–max of the blocks; "
        "*ratio*: median over the numpy GEMM bound of the same run (the median of all "
        "its interleaved samples); *best/best*: fastest block over the bound's fastest "
        "sample, the least disturbed view on a shared machine; *adjacent*: median over "
        "the bound measured just before and after that implementation; *peak RSS*: the "
        "process's peak resident memory "
        "during training (VmHWM, reset after loading the data); *others' CPU*: the "
        "share of the machine's CPU time that other processes used while it ran (the "
        "GEMM bound: the largest over its runs)."
    )
    for s in report["sizes"]:
        b = s["bound"]
        L.append("")
        L.append(f"## {s['size']}: {s['n']} x {'-'.join(map(str, s['layers']))}")
        L.append("")
        if b:
            prods = ", ".join(f"{k} {fmt_time(v)}" for k, v in (b.get("per_product") or {}).items())
            L.append(
                f"GEMM bound {fmt_time(b['median'])} per epoch ({b['gflops']:.1f} GFLOP/s; "
                f"{prods}); its interleaved runs' medians ranged "
                f"{fmt_time(min(b['job_medians']))}–{fmt_time(max(b['job_medians']))}."
            )
            L.append("")
        L.append(
            "| implementation | median / epoch | spread (min–max) | ratio | best/best "
            "| adjacent | peak RSS | others' CPU | epochs x blocks; note |"
        )
        L.append("|---|---|---|---|---|---|---|---|---|")
        for r in s["rows"]:
            if "stats" not in r:
                L.append(
                    f"| {LABEL[r['impl']]} | – | – | – | – | – | – | – | {r.get('note', '')} |"
                )
                continue
            others = "–" if r.get("others") is None else f"{100 * r['others']:.0f}%"
            st = r["stats"]
            ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else "–"
            local = f"{r['local_ratio']:.2f}" if r.get("local_ratio") is not None else "–"
            best = f"{r['best_ratio']:.2f}" if r.get("best_ratio") is not None else "–"
            runs = f"{r['epochs']} x {r['repeats']}" if r.get("epochs") else ""
            runs += "; " if runs and r.get("note") else ""
            L.append(
                f"| {LABEL[r['impl']]} | {fmt_time(st['median'])} | "
                f"{fmt_time(st['min'])}–{fmt_time(st['max'])} | {ratio} | {best} | {local} | "
                f"{fmt_mb(r.get('peak_kb'))} | {others} | {runs}{r.get('note', '')} |"
            )
    rows = target_rows(report)
    if rows:
        L.append("")
        L.append("## Targets (issue 6)")
        L.append("")
        L.append("| target | measured | verdict |")
        L.append("|---|---|---|")
        for t in rows:
            L.append(f"| {t[0]} | {t[1]} | {t[2]} |")
    # exact cost
    ex = []
    for s in report["sizes"]:
        rs = {r["impl"]: r for r in s["rows"] if "stats" in r}
        for lang, b, e in (
            ("Python", "twinnet_py_blas", "twinnet_py_exact"),
            ("R", "twinnet_r_blas", "twinnet_r_exact"),
        ):
            if b in rs and e in rs:
                ex.append(
                    f"| {s['size']} | {lang} | {fmt_time(rs[e]['stats']['median'])} | "
                    f"{rs[e]['stats']['median'] / rs[b]['stats']['median']:.0f}x |"
                )
    if ex:
        L.append("")
        L.append("## Exact mode: cost relative to blas mode")
        L.append("")
        L.append("| size | language | exact, per epoch | exact / blas |")
        L.append("|---|---|---|---|")
        L.extend(ex)
    # memory
    if report["sizes"]:
        s = report["sizes"][-1]
        hn = s["n"] * max(s["layers"][1:-1] or [s["layers"][-1]]) * 8
        L.append("")
        L.append(f"## Memory on {s['size']}: what the peak is made of")
        L.append("")
        L.append(
            f"Data: X and Y {fmt_mb((s['n'] * (s['layers'][0] + s['layers'][-1]) * 8) / 1024)}; "
            f"one n x hidden matrix (an activation, a delta) is {hn / 2**20:.0f} MB."
        )
        L.append("")
        L.append(
            "| implementation | after start-up | with the data | peak in training | "
            "training adds | = n x hidden matrices |"
        )
        L.append("|---|---|---|---|---|---|")
        for r in s["rows"]:
            rk = r.get("rss_kb")
            if not rk or not r.get("peak_kb"):
                continue
            base = rk.get("setup") or rk.get("data")
            add = (r["peak_kb"] - base) * 1024
            L.append(
                f"| {LABEL[r['impl']]} | {fmt_mb(rk.get('imports'))} | {fmt_mb(base)} | "
                f"{fmt_mb(r['peak_kb'])} | {fmt_mb(add / 1024)} | {add / hn:.1f} |"
            )
    sc = report.get("scale")
    if sc and sc.get("fits"):
        L.append("")
        L.append(f"## Scale: per-epoch time against rows ({'-'.join(map(str, sc['layers']))})")
        L.append("")
        impls = list(sc["points"])
        L.append("| n | " + " | ".join(LABEL[i].split(" (")[0] for i in impls) + " |")
        L.append("|---|" + "---|" * len(impls))
        for n in sc["ns"]:
            cells = []
            for i in impls:
                pts = sc["points"][i]
                p = next((p for p in pts if p["n"] == n), None) if isinstance(pts, list) else None
                cells.append(fmt_time(p["median"]) if p else "–")
            L.append(f"| {n} | " + " | ".join(cells) + " |")
        L.append("")
        L.append("Least-squares line t = a + b n:")
        L.append("")
        for i, f in sc["fits"].items():
            L.append(
                f"- {LABEL[i]}: b = {f['slope_s_per_row'] * 1e6:.3f} µs per row, "
                f"a = {fmt_signed_time(f['intercept_s'])}, "
                f"R^2 = {f['r2']:.5f}; exponent of n between the two largest sizes "
                f"{f['exponent_last_two']:.2f}"
            )
    notes = report.get("notes") or []
    if notes:
        L.append("")
        L.append("## Notes")
        L.append("")
        L.extend(f"- {n}" for n in notes)
    L.append("")
    Path(path).write_text("\n".join(L))


def write_plot(report, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no plot (make setup-bench installs it)"
    sizes = report["sizes"]
    sc = report.get("scale") or {}
    has_scale = bool(sc.get("fits"))
    fig, axes = plt.subplots(
        1,
        2 if has_scale else 1,
        figsize=(15 if has_scale else 10, 7),
        squeeze=False,
        gridspec_kw={"width_ratios": [3, 2]} if has_scale else None,
    )
    ax = axes[0][0]
    impls = [
        k
        for k, *_ in IMPLS
        if k != "numpy_gemm"
        and any(r["impl"] == k and r.get("ratio") for s in sizes for r in s["rows"])
    ]
    width = 0.8 / max(1, len(impls))
    cmap = plt.get_cmap("tab20")
    for j, impl in enumerate(impls):
        xs, ys = [], []
        for i, s in enumerate(sizes):
            r = next((r for r in s["rows"] if r["impl"] == impl and r.get("ratio")), None)
            if r:
                xs.append(i - 0.4 + width * (j + 0.5))
                ys.append(r["ratio"])
        ax.bar(xs, ys, width, label=LABEL[impl], color=cmap(j))
    ax.axhline(1.0, color="black", lw=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(
        [f"{s['size']}\n{s['n']} x {'-'.join(map(str, s['layers']))}" for s in sizes]
    )
    ax.set_ylabel("per-epoch time / numpy GEMM bound (log)")
    ax.set_title("Time per epoch relative to the matrix products alone")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    if has_scale:
        ax = axes[0][1]
        for j, (impl, pts) in enumerate(sc["points"].items()):
            if not isinstance(pts, list) or not pts:
                continue
            ns = [p["n"] for p in pts]
            ax.plot(ns, [p["median"] for p in pts], "o", color=cmap(2 * j), label=LABEL[impl])
            f = sc["fits"].get(impl)
            if f:
                ax.plot(
                    [ns[0], ns[-1]],
                    [f["intercept_s"] + f["slope_s_per_row"] * g for g in (ns[0], ns[-1])],
                    "-",
                    color=cmap(2 * j),
                    lw=0.8,
                    label=f"line a + b n: R^2 {f['r2']:.4f}",
                )
        ax.set_xlabel("rows n")
        ax.set_ylabel("seconds per epoch")
        ax.set_title(f"Scale ({'-'.join(map(str, sc['layers']))} net)")
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    fig.suptitle(
        f"twinnet benchmark, {report['date']}, {report['machine']['cpu']}, "
        f"{report['machine']['cores']} cores",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return None


# ------------------------------------------------------------------ main


def parse_args(argv):
    ap = argparse.ArgumentParser(description="twinnet's benchmark suite (issue 6)")
    ap.add_argument(
        "--sizes",
        default=None,
        help="comma-separated sizes: small,medium,large (default: all three; tiny with --quick)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="the tiny size, one repeat, a tiny scale study: a smoke run",
    )
    ap.add_argument("--out", default=str(ROOT / "out" / "bench"), help="output folder")
    ap.add_argument(
        "--impls",
        default=None,
        help="comma-separated implementations (default: all): " + ",".join(k for k, *_ in IMPLS),
    )
    ap.add_argument("--no-r", action="store_true", help="skip every R measurement")
    ap.add_argument("--no-scale", action="store_true", help="skip the scale study")
    ap.add_argument(
        "--exact-budget",
        type=float,
        default=600.0,
        help="seconds allowed to one exact-mode run (default 600); a larger "
        "size whose predicted time exceeds it is skipped with a note",
    )
    ap.add_argument(
        "--job-timeout",
        type=float,
        default=3600.0,
        help="seconds allowed to any one measurement process",
    )
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=None,
        help="before each measurement wait up to this many seconds for the "
        "machine to be quiet (default 120; 0 with --quick)",
    )
    ap.add_argument(
        "--quiet-threshold",
        type=float,
        default=0.15,
        help="CPU share used by others below which the machine counts as quiet",
    )
    ap.add_argument("--tmp", default=None, help="folder for the data files (default: system tmp)")
    ap.add_argument("--seed", type=int, default=20261122, help="seed of the benchmark data")
    ap.add_argument(
        "--report-only",
        metavar="RESULTS_JSON",
        default=None,
        help="measure nothing: rewrite table.md and bench.png in --out from "
        "an earlier results.json",
    )
    args = ap.parse_args(argv)
    if args.quiet_wait is None:
        args.quiet_wait = 0.0 if args.quick else 120.0
    if args.sizes is None:
        args.sizes = "tiny" if args.quick else "small,medium,large"
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for s in args.sizes:
        if s not in SIZES:
            ap.error(f"unknown size {s!r}; choose from {', '.join(SIZES)}")
    all_impls = [k for k, *_ in IMPLS]
    args.impls = all_impls if args.impls is None else [i.strip() for i in args.impls.split(",")]
    for i in args.impls:
        if i not in all_impls:
            ap.error(f"unknown implementation {i!r}")
    if args.no_r:
        args.impls = [i for i in args.impls if KIND[i] != "r"]
    return args


def rerender(results_json, out):
    """table.md and bench.png from a results.json (the summaries are recomputed)."""
    report = json.loads(Path(results_json).read_text())
    for i, s in enumerate(report["sizes"]):
        spec = {"n": s["n"], "layers": s["layers"]}
        report["sizes"][i] = dict(
            size_summary(s["size"], spec, s["raw"]["results"], s["raw"]["gemm"]), raw=s["raw"]
        )
    plot_note = write_plot(report, out / "bench.png")
    if plot_note and plot_note not in report["notes"]:
        report["notes"].append(plot_note)
    with open(out / "results.json", "w") as fh:
        json.dump(report, fh, indent=1, default=str)
    write_table(report, out / "table.md")
    log(f"rewrote {out / 'table.md'} from {results_json}")
    return 0


def main(argv=None):
    args = parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        return rerender(args.report_only, out)
    env_r = dict(os.environ)
    rlib = ROOT / ".Rlib"
    env_r["R_LIBS"] = str(rlib) + (os.pathsep + env_r["R_LIBS"] if env_r.get("R_LIBS") else "")
    runner = Runner(args, env_r)
    notes = []
    if runner.rscript is None and any(KIND[i] == "r" for i in args.impls):
        notes.append("Rscript is not on PATH: every R measurement skipped")
    if not (rlib / "twinnet").exists():
        notes.append(f"twinnet is not installed in {rlib} (make setup-r): twinnet R skipped")
    report = {
        "date": _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "argv": sys.argv[1:],
        "machine": machine_info(),
        "git": git_info(),
        "load": {"start": load_snapshot()},
        "sizes": [],
        "notes": notes,
    }
    log("which BLAS each language runs ...")
    report["blas"] = blas_info(runner)
    for line in blas_lines(report["blas"]):
        log(line)
    if report["load"]["start"]["loadavg_1m"] and report["load"]["start"]["loadavg_1m"] > 0.5:
        log(
            f"warning: load average {report['load']['start']['loadavg_1m']}: other processes "
            "are running, timings will be noisy"
        )
    tmp = tempfile.mkdtemp(prefix="twinnet-bench-", dir=args.tmp)
    exact_per_flop = {}
    try:
        for name in args.sizes:
            spec = SIZES[name]
            log(f"{name}: {spec['n']} x {'-'.join(map(str, spec['layers']))}: writing data")
            data = write_data(os.path.join(tmp, name), spec["n"], spec["layers"], args.seed)
            results, gemm_jobs = run_size(
                runner, name, spec, data, args, args.impls, exact_per_flop
            )
            shutil.rmtree(data, ignore_errors=True)
            report["sizes"].append(
                dict(
                    size_summary(name, spec, results, gemm_jobs),
                    raw={"results": results, "gemm": gemm_jobs},
                )
            )
        if not args.no_scale:
            spec = SCALE_QUICK if args.quick else SCALE
            report["scale"] = run_scale(runner, spec, tmp, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["load"]["end"] = load_snapshot()
    for s in report["sizes"]:
        for r in s["rows"]:
            if r.get("status") in ("skipped", "failed") and r.get("note"):
                msg = f"{s['size']}: {LABEL[r['impl']]}: {r['note']}"
                if msg not in notes:
                    notes.append(msg)
    if any(r["impl"] == "nnet" and "stats" in r for s in report["sizes"] for r in s["rows"]):
        notes.append(
            "nnet is BFGS (optim's vmmin) on the whole batch, one hidden layer, "
            "its own per-sample C loop: per-iteration times are a reference, not "
            "the same algorithm."
        )
    if any(r["impl"] == "sklearn" and "stats" in r for s in report["sizes"] for r in s["rows"]):
        notes.append(
            "scikit-learn's MLPRegressor has an identity output layer and averages "
            "the loss over the batch; it is timed per iteration with warm_start "
            "(fit(max_iter=k), tol off), so it runs the same GEMMs per epoch."
        )
    plot_note = write_plot(report, out / "bench.png")
    if plot_note:
        notes.append(plot_note)
    with open(out / "results.json", "w") as fh:
        json.dump(report, fh, indent=1, default=str)
    write_table(report, out / "table.md")
    log(
        f"wrote {out / 'table.md'}, {out / 'results.json'}"
        + ("" if plot_note else f", {out / 'bench.png'}")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
