"""Cost per epoch of the Fashion-MNIST CNN (issue 15, item 6): `make bench-cnn`.

The network of fixtures/examples/fashion_cnn/config.json (conv 3x3 16 same,
relu, max pool 2, conv 3x3 32 same, relu, max pool 2, flatten, dense 128,
relu, dense 10, softmax; Adam lr 1e-3, shuffled batches of 64), trained for
one epoch on the first ``--rows`` training images (default 6000) by:

- twinnet Python, blas mode (``Network.fit``, in this process),
- twinnet R, blas mode (``fit()`` in a plain ``Rscript``),
- PyTorch CPU, float64 (twinnet's precision) and float32 (PyTorch's default),
  the same layers, Adam and batches, ``torch.set_num_threads`` = the CPUs;

each timed around the training loop alone (data already in memory), the
median of ``--repeats`` runs, and scaled to a full epoch of 60,000 images
(seconds per epoch = seconds x 60000 / rows: the cost is linear in the rows).
Writes OUT/cnn.md with the machine and the load average, and prints it.
PyTorch is optional: without it its rows say so.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from fashion_exact import load_average, machine

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "fixtures" / "examples" / "fashion_cnn" / "config.json"
FULL = 60000

R_CODE = r"""
args <- commandArgs(TRUE)
lib <- Sys.getenv("TWINNET_RLIB", ".Rlib")
if (dir.exists(lib)) .libPaths(c(lib, .libPaths()))
suppressPackageStartupMessages(library(twinnet))
config <- read_config(args[1])
n <- as.integer(args[2])
X <- twinnet:::take_rows(read_data(config$x, "X", images = TRUE), seq_len(n))
Y <- read_data(config$y, "Y")[seq_len(n), , drop = FALSE]
times <- numeric(0)
for (r in seq_len(as.integer(args[3]))) {
  net <- network_from_specs(config$network, seed = config$seed, mode = "blas",
                            loss = config$loss)
  times[r] <- system.time(fit(net, X, Y, 1, lr = config$lr, batch_size = config$batch_size,
                              shuffle = TRUE, optimizer = "adam",
                              progress = FALSE))[["elapsed"]]
}
cat(times, sep = "\n")
"""


def twinnet_python(config, X, Y, repeats):
    from twinnet.training_config import network_from_specs

    times = []
    for _ in range(repeats):
        net = network_from_specs(config["network"], config["seed"], "blas", config["loss"])
        start = time.perf_counter()
        net.fit(X, Y, 1, lr=config["lr"], batch_size=config["batch_size"], shuffle=True,
                optimizer="adam", progress=False)  # fmt: skip
        times.append(time.perf_counter() - start)
    return times


def twinnet_r(rows, repeats, rscript):
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as handle:
        handle.write(R_CODE)
    done = subprocess.run(
        [rscript, handle.name, str(CONFIG), str(rows), str(repeats)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    os.unlink(handle.name)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return [float(v) for v in done.stdout.split()]


def pytorch(X, labels, repeats, dtype_name):
    import torch

    torch.set_num_threads(os.cpu_count())
    dtype = getattr(torch, dtype_name)
    xs = torch.tensor(X.transpose(0, 3, 1, 2).copy(), dtype=dtype)  # NCHW
    ys = torch.tensor(labels, dtype=torch.int64)
    times = []
    for r in range(repeats):
        torch.manual_seed(r)
        nn = torch.nn
        net = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1568, 128), nn.ReLU(), nn.Linear(128, 10),
        ).to(dtype)  # fmt: skip
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        start = time.perf_counter()
        order = torch.randperm(len(ys))
        for i in range(0, len(ys), 64):
            batch = order[i : i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xs[batch]), ys[batch])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return times


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=6000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", default=str(ROOT / "out" / "bench-cnn"))
    p.add_argument("--rscript", default="Rscript")
    p.add_argument("--no-r", action="store_true")
    args = p.parse_args(argv)
    from twinnet.io import read_data

    config = json.loads(CONFIG.read_text())
    X = read_data(config["x"], "X", images=True)[: args.rows]
    Y = read_data(config["y"], "Y")[: args.rows]
    labels = Y.argmax(axis=1)
    info = machine()
    rows = []

    def measure(name, run):
        before = load_average()
        print(f"== {name}", flush=True)
        try:
            times = run()
        except ImportError as err:
            rows.append((name, None, f"not measured: {err}"))
            return
        median = statistics.median(times)
        rows.append((name, median * FULL / args.rows, f"load {before} / {load_average()}"))
        print(f"   {median:.2f} s for {args.rows} rows ({median * FULL / args.rows:.0f} s/epoch)")

    measure("twinnet Python (blas)", lambda: twinnet_python(config, X, Y, args.repeats))
    if not args.no_r:
        measure("twinnet R (blas)", lambda: twinnet_r(args.rows, args.repeats, args.rscript))
    measure("PyTorch CPU float64", lambda: pytorch(X, labels, args.repeats, "float64"))
    measure("PyTorch CPU float32", lambda: pytorch(X, labels, args.repeats, "float32"))
    lines = [
        "# Cost per epoch of the Fashion-MNIST CNN (`make bench-cnn`)",
        "",
        f"- machine: {info['model']}, {info['cpus']} CPUs; numpy {np.__version__}",
        f"- one epoch on the first {args.rows} images, median of {args.repeats},"
        f" scaled to {FULL} images; batches of 64, Adam",
        "",
        "| implementation | seconds per 60,000-image epoch | load average before / after |",
        "|---|---|---|",
    ]
    for name, seconds, note in rows:
        shown = "—" if seconds is None else f"{seconds:.0f}"
        lines.append(f"| {name} | {shown} | {note} |")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cnn.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
