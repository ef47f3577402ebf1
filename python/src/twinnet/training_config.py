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
from .conv import SPATIAL_KINDS, SPEC_KEYS, layer_from_spec
from .io import read_data, read_matrix
from .layers import Activation, Dense
from .mlp import MLP, mlp_from_config
from .network import Network
from .streaming import take_rows
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
    n_dense = sum(isinstance(s, dict) and s.get("type") in ("dense", "conv2d") for s in specs)
    if weights is not None and len(weights) != n_dense:
        raise TwinnetError(f"{len(weights)} weight matrices were given for {n_dense} layers")
    net = Network(seed=seed, mode=mode)
    given_w = iter(weights or [])
    given_b = iter(biases or [])
    for i, spec in enumerate(specs, start=1):
        layer, unknown = _spec_layer(spec, i)
        if layer.kind in ("dense", "conv2d") and weights is not None:
            layer.set_params(
                next(given_w),
                next(given_b, None) if layer.has_bias else None,
                where=f"layer {i}",
            )
        if unknown:
            raise TwinnetError(f"layer {i} has unknown keys: {', '.join(sorted(unknown))}")
        net.add(layer)
    if loss is not None:
        net.use(loss)
    return net


def _spec_layer(spec, i):
    """Layer ``i`` of a network's description: the layer, and the keys its type
    does not know (network_from_specs refuses them after the layer's parameters)."""
    kind = spec.get("type") if isinstance(spec, dict) else None
    if kind == "dense":
        layer = Dense(
            spec.get("n_in"),
            spec.get("n_out"),
            bias=spec.get("bias", True),
            init=spec.get("init", "normal"),
        )
        return layer, set(spec) - set(DENSE_KEYS)
    if kind == "activation":
        return Activation(spec.get("name", "sigmoid")), set(spec) - set(ACTIVATION_KEYS)
    if kind in SPEC_KEYS:
        return layer_from_spec(spec), set(spec) - set(SPEC_KEYS[kind])
    raise TwinnetError(
        f"unknown layer type {kind!r} in layer {i}; choose one of dense, activation, "
        f"conv2d, max_pool2d, average_pool2d, flatten"
    )


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


def takes_images(model):
    """Does ``model`` (a network or an MLP, or a config) start with an image
    layer (conv2d, a pool, flatten)? Its data files are then read as images:
    IDX images as (n, height, width, channels)."""
    if isinstance(model, dict):  # a config: its network's first layer spec
        specs = model.get("network") or [{}]
        return specs[0].get("type") in SPATIAL_KINDS
    return model.layers[0].kind in SPATIAL_KINDS


def config_xy(config):
    """The inputs and targets a config names, read from its ``x`` and ``y``
    files (IDX images as images for a network that starts with an image
    layer); with ``n_rows``, their first ``n_rows`` rows (Aflak's first 1000
    images), cut after reading, so labels are one-hot over all of them."""
    X, Y = read_data(config["x"], "X", images=takes_images(config)), read_data(config["y"], "Y")
    n = config.get("n_rows")
    if n is None:
        return X, Y
    for data, name, key in ((X, "X", "x"), (Y, "Y", "y")):
        if data.shape[0] < n:
            raise TwinnetError(
                f"n_rows is {n} but {name} file {config[key]} has {data.shape[0]} rows"
            )
    return take_rows(X, slice(0, n)), take_rows(Y, slice(0, n))


def config_data(config):
    """The data a config names besides x and y, read from its files:
    ``sample_weight`` (or None) and ``validation_data`` (``(X, Y)`` or
    ``(X, Y, w)``, or None), as ``fit`` takes them."""
    weights = config.get("sample_weight")
    out = {
        "sample_weight": None if weights is None else read_sample_weight(weights, "sample weight")
    }
    n = config.get("n_rows")
    if out["sample_weight"] is not None and n is not None:
        if out["sample_weight"].shape[0] < n:
            raise TwinnetError(
                f"n_rows is {n} but sample weight file {weights} has "
                f"{out['sample_weight'].shape[0]} rows"
            )
        out["sample_weight"] = out["sample_weight"][:n]
    out["validation_data"] = None
    if config.get("x_val") is not None and config.get("y_val") is not None:
        val = [
            read_data(config["x_val"], "X validation", images=takes_images(config)),
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
