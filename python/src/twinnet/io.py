"""Files: CSV data, ``config.json`` and the JSON model file (docs/formats.md).

Numbers are written so that they read back to the same double: Python's
``repr`` here, ``sprintf("%.17g")`` in the R twin (``R/R/io.R``). Files are
written to a temporary name in the target folder and renamed into place, so a
model or prediction file is written whole or not at all.
"""

import json
import os
import tempfile

import numpy as np
import pandas as pd

from .layers import Activation, Dense, Network
from .network import MLP
from .rng import RRandom
from .validation import TwinnetError, as_matrix

MODEL_FORMAT = "twinnet-model"
MODEL_VERSION = 1

CONFIG_KEYS = {
    "x": None,
    "y": None,
    "layers": None,
    "network": None,
    "epochs": None,
    "lr": 0.1,
    "seed": 42,
    "mode": "blas",
    "loss": "half_sse",
    "activation": "sigmoid",
    "bias": True,
    "init_weights": None,
    "init_biases": None,
    "batch_size": None,
    "shuffle": False,
    "optimizer": "sgd",
    "momentum": 0.9,
    "beta1": 0.9,
    "beta2": 0.999,
    "epsilon": 1e-8,
    "decay": 0.0,
    "x_test": None,
    "y_test": None,
    "description": "",
}
REQUIRED_CONFIG_KEYS = ("x", "y", "epochs")
# Training settings of a network (an MLP's are its lr alone).
FIT_KEYS = (
    "lr",
    "batch_size",
    "shuffle",
    "optimizer",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
    "decay",
)


def read_matrix(path, name="X"):
    """Read a CSV file with a header row into a finite 2-D float64 array."""
    if not os.path.isfile(path):
        raise TwinnetError(f"{name} file not found: {path}")
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise TwinnetError(f"{name} file {path} is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise TwinnetError(f"{name} file {path} is not a valid CSV file: {err}") from None
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or frame[column].isna().all()):
            raise TwinnetError(f"{name} file {path} has a non-numeric value in column '{column}'")
    return as_matrix(f"{name} ({path})", frame.to_numpy(dtype=np.float64))


def is_idx(path):
    """Does the file name say IDX (MNIST's format: ``...-ubyte`` or ``...-ubyte.gz``)?"""
    return str(path).endswith(("-ubyte", "-ubyte.gz"))


def read_data(path, name="X"):
    """Inputs or targets from a CSV file, or from an IDX file as MNIST does:
    images one per row scaled to [0, 1] (divided by 255), labels one-hot."""
    if not is_idx(path):
        return read_matrix(path, name)
    from .datasets import one_hot, read_idx

    values = read_idx(path)
    if values.ndim == 1:
        return one_hot(values)
    return values.reshape(values.shape[0], -1).astype(np.float64) / 255


def _write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise TwinnetError(f"could not write {path}: folder {folder} does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".twinnet-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as err:
        raise TwinnetError(f"could not write {path}: {err.strerror or err}") from err
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def write_matrix(matrix, path, prefix="y"):
    """Write a matrix as CSV, columns ``y1, y2, ...``, numbers round-tripping."""
    matrix = np.asarray(matrix, dtype=np.float64)
    header = ",".join(f"{prefix}{j + 1}" for j in range(matrix.shape[1]))
    rows = [",".join(repr(float(v)) for v in row) for row in matrix]
    _write_atomically(path, "\n".join([header, *rows]) + "\n")


def write_trace(table, path):
    """Write a trace (``trace_epoch``) as CSV, whole or not at all."""
    _write_atomically(path, table.to_csv(index=False, lineterminator="\n"))


def _load_json(path, what):
    if not os.path.isfile(path):
        raise TwinnetError(f"{what} file not found: {path}")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise TwinnetError(f"{what} file {path} is not valid JSON: {err}") from None


def read_config(path):
    """Read ``config.json``; data file names are taken relative to it.

    Returns a dict with every key of ``CONFIG_KEYS`` (defaults filled in) and
    the data paths made absolute.
    """
    config = _load_json(path, "config")
    if not isinstance(config, dict):
        raise TwinnetError(f"config file {path} must hold a JSON object")
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise TwinnetError(f"config file {path} has unknown keys: {', '.join(unknown)}")
    missing = [k for k in REQUIRED_CONFIG_KEYS if k not in config]
    if ("layers" in config) == ("network" in config):
        missing.append("layers or network (one of them)")
    if missing:
        raise TwinnetError(f"config file {path} is missing required keys: {', '.join(missing)}")
    base = os.path.dirname(os.path.abspath(path))
    out = {**CONFIG_KEYS, **config}
    for key in ("x", "y", "x_test", "y_test"):
        if out[key] is not None:
            out[key] = os.path.join(base, out[key])
    for key in ("init_weights", "init_biases"):
        if out[key] is not None:
            out[key] = [os.path.join(base, p) for p in out[key]]
    return out


def network_from_specs(specs, seed=42, mode="blas", loss=None, weights=None, biases=None):
    """Build a Network from layer descriptions, e.g. ``{"type": "dense",
    "n_in": 2, "n_out": 3, "init": "aflak"}`` and ``{"type": "activation",
    "name": "tanh"}``; with ``weights`` (and ``biases``), the dense layers
    take them instead of drawing their own."""
    if not isinstance(specs, list) or not specs:
        raise TwinnetError("network must be a non-empty list of layers")
    n_dense = sum(isinstance(s, dict) and s.get("type") == "dense" for s in specs)
    if weights is not None and len(weights) != n_dense:
        raise TwinnetError(f"{len(weights)} weight matrices were given for {n_dense} layers")
    net = Network(seed=seed, mode=mode)
    given_w = iter(weights or [])
    given_b = iter(biases or [])
    for i, spec in enumerate(specs, start=1):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "dense":
            unknown = set(spec) - {"type", "n_in", "n_out", "bias", "init"}
            layer = Dense(
                spec.get("n_in"),
                spec.get("n_out"),
                bias=spec.get("bias", True),
                init=spec.get("init", "normal"),
            )
            if weights is not None:
                layer.set_params(
                    next(given_w),
                    next(given_b, None) if layer.has_bias else None,
                    where=f"layer {i}",
                )
        elif kind == "activation":
            unknown = set(spec) - {"type", "name"}
            layer = Activation(spec.get("name", "sigmoid"))
        else:
            raise TwinnetError(
                f"unknown layer type {kind!r} in layer {i}; choose one of dense, activation"
            )
        if unknown:
            raise TwinnetError(f"layer {i} has unknown keys: {', '.join(sorted(unknown))}")
        net.add(layer)
    if loss is not None:
        net.use(loss)
    return net


def model_from_config(config):
    """Build the untrained model a config describes: an MLP (``layers``) or a
    Network (``network``), from its seed or initial-weight files."""
    weights = biases = None
    if config["init_weights"] is not None:
        weights = [
            read_matrix(p, f"initial weights of layer {l}")
            for l, p in enumerate(config["init_weights"], start=1)
        ]
    if config["init_biases"] is not None:
        biases = [
            read_matrix(p, f"initial biases of layer {l}")
            for l, p in enumerate(config["init_biases"], start=1)
        ]
    if config.get("network") is not None:
        if weights is not None or biases is not None:
            raise TwinnetError("initial weight files are read for layers configs only")
        return network_from_specs(config["network"], config["seed"], config["mode"], config["loss"])
    return MLP(
        layers=config["layers"],
        lr=config["lr"],
        seed=config["seed"],
        mode=config["mode"],
        loss=config["loss"],
        activation=config["activation"],
        bias=config["bias"],
        weights=weights,
        biases=biases,
    )


def train_from_config(config, X, Y, model=None, epochs=None, **control):
    """Build the model a config describes (or continue ``model``) and train it
    as the config says, for ``epochs`` (the config's by default). ``control``
    goes to ``fit`` (progress, checkpoint_every, checkpoint_path, on_epoch)."""
    model = model_from_config(config) if model is None else model
    epochs = config["epochs"] if epochs is None else epochs
    if isinstance(model, MLP):
        return model.fit(X, Y, epochs, **control)
    return model.fit(X, Y, epochs, **{k: config[k] for k in FIT_KEYS}, **control)


def model_to_dict(model):
    """The model file's content as plain Python objects."""
    if isinstance(model, MLP):
        config = {
            "layers": model.layers,
            "activation": model.activation,
            "loss": model.loss,
            "lr": model.lr,
            "seed": model.seed,
            "bias": model.bias,
            "mode": model.mode,
        }
        net = model.network
    else:
        if any(l.kind == "activation" and l.name == "custom" for l in model.layers):
            raise TwinnetError("a network with a custom activation cannot be saved")
        config = {
            "network": [l.describe() for l in model.layers],
            "loss": model.loss,
            "seed": model.seed,
            "mode": model.mode,
        }
        net = model
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "config": config,
        "weights": [w.tolist() for w in model.weights],
        "biases": [b[0].tolist() for b in model.biases],
        "loss_history": [float(v) for v in model.loss_history],
        "rng_state": [int(v) for v in net.rng.state()],
        "optimizer": _optimizer_to_dict(net),
    }


def _optimizer_to_dict(net):
    """The optimiser's settings and state, so that training resumes exactly
    (``None`` for plain gradient descent, which keeps no state)."""
    if net._optimizer is None:
        return None
    name, settings = net._optimizer_key
    state = {
        k: ([a.tolist() for a in v] if isinstance(v, list) else v)
        for k, v in net._optimizer.state().items()
    }
    return {"name": name, "settings": dict(settings), "state": state}


def _optimizer_from_dict(net, data):
    if data is None:
        return
    settings = {k: float(v) for k, v in data["settings"].items()}
    optimizer = net._optimizer_for(data["name"], settings)
    optimizer.load(data.get("state") or {})


def save_model(model, path):
    """Write ``model`` to ``path`` as JSON, whole or not at all."""
    _write_atomically(path, json.dumps(model_to_dict(model), indent=1) + "\n")


def load_model(path):
    """Read a model file written by either language (an MLP or a Network)."""
    data = _load_json(path, "model")
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise TwinnetError(f"model file {path} is not a twinnet model")
    if data.get("version") != MODEL_VERSION:
        raise TwinnetError(
            f"model file {path} has version {data.get('version')!r}; "
            f"this twinnet reads version {MODEL_VERSION}"
        )
    for key in ("config", "weights", "biases", "loss_history"):
        if key not in data:
            raise TwinnetError(f"model file {path} has no '{key}'")
    cfg = data["config"]
    try:
        weights = [np.array(w, dtype=np.float64) for w in data["weights"]]
        biases = [np.array(b, dtype=np.float64) for b in data["biases"]]
        if "network" in cfg:
            seed = cfg.get("seed")
            model = network_from_specs(
                cfg["network"],
                42 if seed is None else seed,
                cfg["mode"],
                cfg["loss"],
                weights,
                biases,
            )
            model.seed = seed
            net = model
        else:
            model = MLP(
                layers=cfg["layers"],
                lr=cfg["lr"],
                seed=cfg.get("seed"),
                mode=cfg["mode"],
                loss=cfg["loss"],
                activation=cfg["activation"],
                bias=cfg["bias"],
                weights=weights,
                biases=biases,
            )
            model.seed = cfg.get("seed")
            net = model.network
    except KeyError as err:
        raise TwinnetError(f"model file {path} has no config entry {err}") from None
    except TwinnetError as err:
        raise TwinnetError(f"model file {path}: {err}") from None
    except (TypeError, ValueError, AttributeError) as err:
        raise TwinnetError(f"model file {path} is malformed: {err}") from None
    model.loss_history = [float(v) for v in data["loss_history"]]
    try:
        if data.get("rng_state") is not None:
            net.rng = RRandom.from_state(data["rng_state"])
        _optimizer_from_dict(net, data.get("optimizer"))
    except (KeyError, TypeError, ValueError) as err:
        raise TwinnetError(f"model file {path} is malformed: {err}") from None
    return model
