"""Tools of the parity suite: running twinnet's R half through rpy2, running
both command lines, measuring differences in ULPs, finding where two training
runs part, and the report."""

import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from rpy2 import robjects
from rpy2.robjects import numpy2ri
from rpy2.robjects.conversion import localconverter

from twinnet import TwinnetError
from twinnet.compare import ulps
from twinnet.config import read_config
from twinnet.training_config import FIT_KEYS, config_xy, model_from_config, train_from_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CASES = sorted(p.parent.name for p in FIXTURES.glob("*/config.json"))
r = robjects.r
# TWINNET_RLIB names another library (e.g. one per working copy)
RLIB = Path(os.environ.get("TWINNET_RLIB", ROOT / ".Rlib"))
# the environment of a child process whose R must load twinnet from RLIB
R_ENV = {**os.environ, "R_LIBS": str(RLIB)}
PY_CLI = [str(ROOT / ".venv" / "bin" / "twinnet")]
R_CLI = ["Rscript", str(ROOT / "R" / "exec" / "twinnet.R")]


def run(cli, *args, env=None, cwd=None, umask=None):
    """Run a command line (``PY_CLI`` or ``R_CLI``) with ``args`` (made
    strings) in ``cwd``, in ``env`` (``R_ENV`` by default) and under ``umask``:
    its exit status, standard output and standard error (UTF-8 text)."""
    done = subprocess.run(
        cli + [str(a) for a in args],
        capture_output=True,
        encoding="utf-8",
        check=False,
        cwd=cwd,
        env=R_ENV if env is None else env,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )
    return done.returncode, done.stdout, done.stderr


def to_r(array):
    """A numpy array as an R matrix (or vector), the same doubles."""
    with localconverter(robjects.default_converter + numpy2ri.converter):
        return robjects.conversion.get_conversion().py2rpy(np.asarray(array))


def from_r(value):
    """An R vector, matrix or array as a numpy array of the same shape."""
    with localconverter(robjects.default_converter + numpy2ri.converter):
        return robjects.conversion.get_conversion().rpy2py(value)


def python_error(action):
    """The message of the TwinnetError that ``action()`` raises."""
    with pytest.raises(TwinnetError) as info:
        action()
    return str(info.value)


def r_error(code):
    """The message of the twinnet_error that R ``code`` stops with (or a
    text saying it did not stop, or stopped with another condition)."""
    out = r(f"""tryCatch({{ {code}; "NO ERROR" }},
                twinnet_error = function(e) conditionMessage(e),
                error = function(e) paste("NOT A twinnet_error:", conditionMessage(e)))""")
    return out[0]


def r_matrices(r_list):
    """An R list of matrices as a list of float64 numpy arrays."""
    return [np.array(m, dtype=np.float64) for m in r_list]


def max_abs(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def load_fixture(case, mode):
    """A fixture's config (with ``mode`` set), X and Y, read by Python."""
    config = read_config(FIXTURES / case / "config.json")
    config["mode"] = mode
    X, Y = config_xy(config)  # CSV tables, or IDX images for a network that starts with conv2d
    return config, X, Y


@functools.cache
def python_run(case, mode):
    """Train the fixture in Python; weights, biases, output, loss history."""
    config, X, Y = load_fixture(case, mode)
    model = train_from_config(config, X, Y)
    return {
        "weights": model.weights,
        "biases": model.biases,
        "output": model.predict(X),
        "loss_history": np.array(model.loss_history),
    }


@functools.cache
def r_run(case, mode):
    """Train the fixture in R (twinnet's R half, through rpy2)."""
    path = (FIXTURES / case / "config.json").as_posix()
    out = r(f"""local({{
        config <- read_config("{path}")
        config$mode <- "{mode}"
        data <- twinnet:::config_xy(config)
        X <- data$X
        model <- train_from_config(config, X, data$Y)
        list(weights = model$weights, biases = model$biases,
             output = predict(model, X), loss_history = model$loss_history)
    }})""")
    return {
        "weights": r_matrices(out.rx2("weights")),
        "biases": r_matrices(out.rx2("biases")),
        "output": np.array(out.rx2("output"), dtype=np.float64),
        "loss_history": np.array(out.rx2("loss_history"), dtype=np.float64),
    }


@dataclass
class Divergence:
    epoch: int
    quantity: str
    layer: int
    ulps: int
    max_abs: float

    def __str__(self):
        where = f"{self.quantity} of layer {self.layer}" if self.layer else self.quantity
        return (
            f"the two sides part at epoch {self.epoch}, in the {where}: "
            f"{self.ulps} ULPs apart (largest absolute difference {self.max_abs:.3g})"
        )


def record_items(record):
    """The quantities of one epoch, in the order training computes them."""
    acts = record["activations"][1:]
    deltas = record["deltas"]
    items = [("activation", l + 1, a) for l, a in enumerate(acts)]
    items.append(("loss", 0, np.array([record["loss"]])))
    items += [("delta", l + 1, d) for l, d in reversed(list(enumerate(deltas)))]
    items += [("weights", l + 1, w) for l, w in enumerate(record["weights"])]
    items += [("bias", l + 1, b) for l, b in enumerate(record["biases"])]
    return items


def first_difference(epoch, py_record, r_record, min_ulps=1):
    pairs = zip(record_items(py_record), record_items(r_record))
    for (quantity, layer, p), (_, _, q) in pairs:
        p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
        if p.shape != q.shape:  # a bias row against a bias replicated per sample
            p, q = np.broadcast_arrays(p, q)
        if not np.array_equal(p, q):
            apart = ulps(p, q)
            if apart >= min_ulps:
                return Divergence(epoch, quantity, layer, apart, max_abs(p, q))
    return None


def first_divergence(py_step, r_step, epochs, min_ulps=1):
    """Step two training runs side by side; the first place they differ, or None.

    ``py_step()`` and ``r_step()`` each advance their run by one epoch and
    return a record with ``activations`` (A_0..A_L), ``loss``, ``deltas``
    (D_1..D_L) and the updated ``weights`` and ``biases``. Differences
    smaller than ``min_ulps`` are passed over (to look past rounding noise
    for a difference in the algorithm).
    """
    for epoch in range(1, epochs + 1):
        found = first_difference(epoch, py_step(), r_step(), min_ulps)
        if found:
            return found
    return None


def full_batch_descent(config):
    """Is one epoch of this config one step of plain full-batch descent?"""
    return config.get("network") is None or (
        config["batch_size"] is None and config["optimizer"] == "sgd" and config["decay"] == 0
    )


def python_stepper(config, X, Y):
    """Advance the config's model one epoch per call, returning the epoch's
    record: every intermediate matrix for full-batch descent, else the loss
    and the parameters after the epoch."""
    model = model_from_config(config)
    if full_batch_descent(config):
        lr = config["lr"]
        return lambda: model.train_step(X, Y, lr)

    def step():
        model.fit(X, Y, 1, **{k: config[k] for k in FIT_KEYS})
        return {
            "activations": [],
            "deltas": [],
            "loss": model.loss_history[-1],
            "weights": [w.copy() for w in model.weights],
            "biases": [b.copy() for b in model.biases],
        }

    return step


r("""twinnet_parity_epoch <- function(model, X, Y, config) {
  do.call(fit, c(list(model, X, Y, 1), config[twinnet:::fit_keys]))
}""")


def r_stepper(case, mode, X, Y):
    """The R twin of ``python_stepper`` for a fixture (twinnet::train_step or
    one epoch of fit)."""
    path = (FIXTURES / case / "config.json").as_posix()
    config = r(f'local({{ config <- read_config("{path}"); config$mode <- "{mode}"; config }})')
    state = {"model": r["model_from_config"](config)}
    rX, rY = to_r(X), to_r(Y)
    full_batch = full_batch_descent(load_fixture(case, mode)[0])

    def step():
        if full_batch:
            out = r["train_step"](state["model"], rX, rY)
            state["model"] = out.rx2("model")
            return r_record(out)
        state["model"] = r["twinnet_parity_epoch"](state["model"], rX, rY, config)
        return {
            "activations": [],
            "deltas": [],
            "loss": float(state["model"].rx2("loss_history")[-1]),
            "weights": r_matrices(state["model"].rx2("weights")),
            "biases": r_matrices(state["model"].rx2("biases")),
        }

    return step


def r_record(out):
    return {
        "activations": r_matrices(out.rx2("activations")),
        "loss": float(out.rx2("loss")[0]),
        "deltas": r_matrices(out.rx2("deltas")),
        "weights": r_matrices(out.rx2("weights")),
        "biases": r_matrices(out.rx2("biases")),
    }


def model_stepper(model, X, Y):
    """Advance a Python MLP one epoch per call (``MLP.train_step``)."""
    return lambda: model.train_step(X, Y)


def r_model_stepper(r_model, X, Y):
    """Advance an R model one epoch per call (``twinnet::train_step``)."""
    state = {"model": r_model}
    rX, rY = to_r(X), to_r(Y)

    def step():
        out = r["train_step"](state["model"], rX, rY)
        state["model"] = out.rx2("model")
        return r_record(out)

    return step


class Report:
    """Rows of the parity report, printed at the end of the run."""

    def __init__(self):
        self.rows = {}

    def add(self, case, mode, **values):
        self.rows[(case, mode)] = values

    def markdown(self):
        blas = np.__config__.CONFIG["Build Dependencies"]["blas"]
        r_version = r("R.version.string")[0]
        r_blas = r('extSoftVersion()[["BLAS"]]')[0]
        lines = [
            f"Python: numpy {np.__version__} with {blas['name']} {blas.get('version', '')}; "
            f"R: {r_version} with BLAS {r_blas}",
            "",
            "| fixture | mode | weights max abs | weights max ULPs | output max abs "
            "| output max ULPs | loss max abs | loss max ULPs | verdict |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for (case, mode), v in sorted(self.rows.items()):
            lines.append(
                f"| {case} | {mode} | {v['weights_abs']:.3g} | {v['weights_ulps']} "
                f"| {v['output_abs']:.3g} | {v['output_ulps']} | {v['loss_abs']:.3g} "
                f"| {v['loss_ulps']} | {v['verdict']} |"
            )
        return "\n".join(lines) + "\n"


REPORT = Report()
