"""Models from a config: the network a config's layer list describes, the
untrained model a config describes and its training as the config says.

The twin is ``R/R/training_config.R``. The config itself is read and checked
in ``config.py`` (``read_config``, ``check_config``).
"""

from .config import (
    ACTIVATION_KEYS,
    CONFIG_KEYS,
    DENSE_KEYS,
    NETWORK_ONLY_KEYS,
    NETWORK_ONLY_WHY,
    TRAINING_CONTROLS,
    unused_settings_text,
)
from .io import read_data, read_matrix
from .layers import Activation, Dense
from .mlp import MLP, mlp_from_config
from .network import Network
from .validation import TwinnetError

# Training settings of a network (an MLP's are its lr and the training controls).
FIT_KEYS = ("lr", *NETWORK_ONLY_KEYS, *TRAINING_CONTROLS)


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
            unknown = set(spec) - set(DENSE_KEYS)
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
            unknown = set(spec) - set(ACTIVATION_KEYS)
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
    return mlp_from_config(config, weights, biases)


def read_sample_weight(path, name):
    """A file of sample weights: one column, one row per sample (the fit
    checks the values and the number of rows)."""
    w = read_matrix(path, name)
    if w.shape[1] != 1:
        raise TwinnetError(f"{name} file {path} must have one column, got {w.shape[1]}")
    return w


def config_data(config):
    """The data a config names besides x and y, read from its files:
    ``sample_weight`` (or None) and ``validation_data`` (``(X, Y)`` or
    ``(X, Y, w)``, or None), as ``fit`` takes them."""
    weights = config.get("sample_weight")
    out = {
        "sample_weight": None if weights is None else read_sample_weight(weights, "sample weight")
    }
    out["validation_data"] = None
    if config.get("x_val") is not None and config.get("y_val") is not None:
        val = [
            read_data(config["x_val"], "X validation"),
            read_data(config["y_val"], "Y validation"),
        ]
        if config.get("sample_weight_val") is not None:
            val.append(read_sample_weight(config["sample_weight_val"], "validation sample weight"))
        out["validation_data"] = tuple(val)
    return out


def train_from_config(config, X, Y, model=None, epochs=None, data=None, **control):
    """Build the model a config describes (or continue ``model``) and train it
    as the config says, for ``epochs`` (the config's by default). ``data``:
    the sample weights and validation set (``config_data``: read from the
    config's files when not given). ``control`` goes to ``fit`` (progress,
    checkpoint_every, checkpoint_path, on_epoch)."""
    model = model_from_config(config) if model is None else model
    epochs = config["epochs"] if epochs is None else epochs
    data = config_data(config) if data is None else data
    controls = {k: config.get(k, CONFIG_KEYS[k]) for k in TRAINING_CONTROLS}
    if isinstance(model, MLP):
        # a network setting an MLP would not use is an error, never ignored
        unused = [k for k in NETWORK_ONLY_KEYS if config.get(k, CONFIG_KEYS[k]) != CONFIG_KEYS[k]]
        if unused:
            raise TwinnetError(unused_settings_text(unused, NETWORK_ONLY_WHY))
        return model.fit(X, Y, epochs, **data, **controls, **control)
    settings = {k: config.get(k, CONFIG_KEYS[k]) for k in FIT_KEYS}
    return model.fit(X, Y, epochs, **settings, **data, **control)
