"""Model files: ``save_model``, ``load_model`` and the checks of every entry
of a model file (docs/formats.md, docs/inputs.md "Model files").

Numbers are written so that they read back to the same double (Python's
``repr``; the R twin, ``R/R/model_file.R``, writes the same digits). A model
file is written whole or not at all (``files.write_atomically``). Its length
(about 530 lines): writing a model file, then one check per entry in the
order a file is read, then reading it; split, the checks would stand apart
from the format they check.
"""

import json
import math

import numpy as np

from .config import load_json
from .conv import layer_from_spec
from .files import write_atomically
from .io import num_text
from .mlp import MLP, MLP_CONFIG_KEYS, mlp_from_config
from .network import Network
from .optimizers import OPTIMIZERS, setting_allows, setting_of, setting_rule
from .rng import RRandom
from .training_config import network_from_specs
from .validation import INT_MAX, TwinnetError

MODEL_FORMAT = "twinnet-model"
MODEL_VERSION = 1


def model_to_dict(model):
    """The model file's content as plain Python objects."""
    if isinstance(model, MLP):
        config = {
            "layers": model.sizes,
            "activation": model.activation,
            "loss": model.loss,
            "lr": model.lr,
            "seed": model.seed,
            "bias": model.bias,
            "mode": model.mode,
        }
    else:
        if any(l.kind == "activation" and l.name == "custom" for l in model.layers):
            raise TwinnetError("a network with a custom activation cannot be saved")
        config = {
            "network": [l.describe() for l in model.layers],
            "loss": model.loss,
            "seed": model.seed,
            "mode": model.mode,
        }
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "config": config,
        "weights": [w.tolist() for w in model.weights],
        "biases": [b[0].tolist() for b in model.biases],
        "loss_history": [float(v) for v in model.loss_history],
        **{key: _history_to_json(getattr(model, key, [])) for key in VALIDATION_HISTORIES},
        "stop_reason": getattr(model, "stop_reason", None),
        "best_epoch": getattr(model, "best_epoch", None),
        "rng_state": [int(v) for v in model.rng.state()],
        "optimizer": _optimizer_to_dict(model),
    }


# The validation histories and how a non-finite value is written in them
# (JSON has no NaN or infinity; a validation loss may be either, recorded as
# it is): the words R and show_value use.
VALIDATION_HISTORIES = ("validation_loss_history", "validation_score_history")
NON_FINITE = {"NaN": math.nan, "Inf": math.inf, "-Inf": -math.inf}


def _history_to_json(values):
    """A history as JSON values: finite numbers as numbers, the others as
    the strings "NaN", "Inf", "-Inf"."""
    out = []
    for v in values:
        v = float(v)
        out.append(
            v if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Inf" if v > 0 else "-Inf"))
        )
    return out


def _optimizer_to_dict(model):
    """The optimiser's settings and state, so that training resumes exactly
    (``None`` for plain gradient descent, which keeps no state)."""
    if model._optimizer is None:
        return None
    name, settings = model._optimizer_key
    state = {
        k: ([a.tolist() for a in v] if isinstance(v, list) else v)
        for k, v in model._optimizer.state().items()
    }
    return {"name": name, "settings": dict(settings), "state": state}


def _optimizer_from_dict(model, data):
    """Give ``model`` the optimiser a checked model file holds (see
    ``check_model_optimizer``); nothing for ``None`` (plain gradient descent)."""
    if data is None:
        return
    optimizer = model._optimizer_for(data["name"], dict(data["settings"]))
    optimizer.load(data["state"])


SAVE_WHAT = "model must be a twinnet model (an MLP, a Network or a fitted estimator)"


def save_model(model, path):
    """Write ``model`` to ``path`` as JSON, whole or not at all.

    A fitted ``TwinnetClassifier``/``TwinnetRegressor`` is saved as its network
    and an "estimator" entry (classes, feature names, settings), so that it
    loads as a fitted estimator here and as a ``twinnet()`` fit in R."""
    model, entry = _estimator_parts(model)
    if not isinstance(model, Network):
        raise TwinnetError(SAVE_WHAT)
    data = model_to_dict(model)
    if entry is not None:
        data["estimator"] = entry
    write_atomically(path, json.dumps(data, indent=1) + "\n")


# one side: R's save_model tests inherits(model, "twinnet_fit") itself;
# Python finds the optional scikit-learn front end among the loaded modules
def _estimator_parts(model):
    """``(network, entry)`` for a fitted estimator of twinnet.estimator, else ``(model, None)``."""
    import sys

    estimator = sys.modules.get("twinnet.estimator")  # imported wherever an estimator exists
    if estimator is None or not isinstance(model, estimator._TwinnetEstimator):
        return model, None
    from .estimator_entry import estimator_entry

    return estimator_entry(model)


# ---------------------------------------------------------------- checks
# Every entry of a model file is checked before anything is built from it, in
# this order, by functions of the same names and with the same messages as in
# the R twin (R/R/model_file.R): the file (format, version, keys), the config, the
# weights, the biases, the loss history, the generator's state and the
# optimiser (docs/inputs.md, "Model files").

MODEL_KEYS = (
    "format",
    "version",
    "config",
    "weights",
    "biases",
    "loss_history",
    "rng_state",
    "optimizer",
)
# Top-level entries the format defines but does not require: the training
# controls' records (files written before them load with none) and a fitted
# estimator's entry (docs/formats.md).
TRAINING_RECORD_KEYS = (*VALIDATION_HISTORIES, "stop_reason", "best_epoch")
MODEL_OPTIONAL_KEYS = (*TRAINING_RECORD_KEYS, "estimator")
STOP_REASONS = ("tol", "early_stopping", "abstol")
NETWORK_CONFIG_KEYS = ("network", "loss", "seed", "mode")
RNG_KIND = 10403  # R's .Random.seed[1] for Mersenne-Twister, Inversion, Rejection
RNG_LENGTH = 626


def _is_json_number(value):
    return type(value) is int or type(value) is float


# one side: a JSON integer beyond the doubles is a Python int; R reads Inf
def _as_float(value):
    try:
        return float(value)
    except OverflowError:  # an integer beyond the doubles: R reads it as Inf
        return math.inf if value > 0 else -math.inf


def _entry_kind(value):
    """The JSON type of ``value`` in words (the R twin says the same)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _entry_found(value):
    """What a file holds where something else is due: a number as written
    back, anything else by its JSON type."""
    return num_text(_as_float(value)) if _is_json_number(value) else _entry_kind(value)


def _check_entry_whole(where, value, low, high):
    ok = _is_json_number(value) and math.isfinite(_as_float(value))
    if not (ok and value == int(value) and low <= value <= high):
        raise TwinnetError(
            f"{where} must be a whole number in [{low}, {high}], got {_entry_found(value)}"
        )
    return int(value)


def _check_entry_real(where, value, what, ok):
    if not _is_json_number(value) or not ok(_as_float(value)):
        raise TwinnetError(f"{where} must be {what}, got {_entry_found(value)}")
    return _as_float(value)


def _check_entry_string(where, value, null=False):
    if (null and value is None) or isinstance(value, str):
        return value
    what = "a string or null" if null else "a string"
    raise TwinnetError(f"{where} must be {what}, got {_entry_found(value)}")


def _check_entry_flag(where, value):
    if not isinstance(value, bool):
        raise TwinnetError(f"{where} must be true or false, got {_entry_found(value)}")
    return value


def _check_entry_object(where, value, required, optional=()):
    """A JSON object with every key of ``required`` and no key outside
    ``required`` and ``optional``."""
    if not isinstance(value, dict):
        raise TwinnetError(f"{where} must be an object, got {_entry_found(value)}")
    for key in required:
        if key not in value:
            raise TwinnetError(f"{where} has no '{key}'")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise TwinnetError(f"{where} has unknown keys: {', '.join(unknown)}")
    return value


def _check_entry_list(where, value, count, unit, why=""):
    if not isinstance(value, list):
        raise TwinnetError(f"{where} must be a list of {count} {unit}, got {_entry_found(value)}")
    if len(value) != count:
        raise TwinnetError(f"{where} must have {count} {unit}{why}, got {len(value)}")
    return value


def _check_entry_numbers(where, values, count=None):
    """A list of finite numbers (``count`` of them when given), as float64."""
    if count is None:
        if not isinstance(values, list):
            raise TwinnetError(f"{where} must be a list of numbers, got {_entry_found(values)}")
    else:
        _check_entry_list(where, values, count, "numbers")
    if all(type(v) is float or type(v) is int for v in values):
        try:
            out = np.array(values, dtype=np.float64)
        except OverflowError:
            out = np.array([_as_float(v) for v in values], dtype=np.float64)
        if np.isfinite(out).all():
            return out
    for i, v in enumerate(values, start=1):
        if not _is_json_number(v) or not math.isfinite(_as_float(v)):
            raise TwinnetError(
                f"value {i} of {where} must be a finite number, got {_entry_found(v)}"
            )
    raise AssertionError("unreachable")  # pragma: no cover


def _check_entry_matrix(where, rows, n_rows, n_cols):
    """A list of ``n_rows`` rows of ``n_cols`` finite numbers, as a matrix."""
    _check_entry_list(where, rows, n_rows, "rows")
    checked = [
        _check_entry_numbers(f"row {i} of {where}", row, n_cols)
        for i, row in enumerate(rows, start=1)
    ]
    return np.array(checked, dtype=np.float64).reshape(n_rows, n_cols)


def check_model_file(data, path):
    """The file itself: a twinnet model of version 1 with the format's keys."""
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise TwinnetError(f"model file {path} is not a twinnet model")
    if "version" not in data:
        raise TwinnetError(f"model file {path} has no 'version'")
    version = data["version"]
    if not _is_json_number(version):
        raise TwinnetError(
            f"model file {path}: version must be a number, got {_entry_found(version)}"
        )
    if version != MODEL_VERSION:  # 1.0 is 1: JSON does not tell them apart
        raise TwinnetError(
            f"model file {path} has version {_entry_found(version)}; "
            f"this twinnet reads version {MODEL_VERSION}"
        )
    _check_entry_object(f"model file {path}", data, MODEL_KEYS, MODEL_OPTIONAL_KEYS)


def check_model_config(cfg):
    """The config: a layers (MLP) or a network config, every value of its JSON
    type. Returns the values and the dense layers' shapes (n_in, n_out, bias)."""
    if not isinstance(cfg, dict):
        raise TwinnetError(f"config must be an object, got {_entry_found(cfg)}")
    keys = NETWORK_CONFIG_KEYS if "network" in cfg else MLP_CONFIG_KEYS
    _check_entry_object("config", cfg, keys)
    if "network" in cfg:
        out = _check_network_specs(cfg["network"])
        out["loss"] = _check_entry_string("config entry 'loss'", cfg["loss"], null=True)
    else:
        layers = cfg["layers"]
        if not isinstance(layers, list) or len(layers) < 2:
            found = f"{len(layers)}" if isinstance(layers, list) else _entry_found(layers)
            raise TwinnetError(
                f"config entry 'layers' must be a list of at least 2 sizes, got {found}"
            )
        sizes = [
            _check_entry_whole(f"size {i} of config entry 'layers'", v, 1, INT_MAX)
            for i, v in enumerate(layers, start=1)
        ]
        out = {
            "layers": sizes,
            "activation": _check_entry_string("config entry 'activation'", cfg["activation"]),
            "loss": _check_entry_string("config entry 'loss'", cfg["loss"]),
            "lr": _check_entry_real(
                "config entry 'lr'",
                cfg["lr"],
                "a positive number",
                lambda x: math.isfinite(x) and setting_allows("lr", x),
            ),
        }
    seed = cfg["seed"]
    if seed is not None:
        seed = _check_entry_whole("config entry 'seed'", seed, -INT_MAX, INT_MAX)
    out["seed"] = seed
    if "network" not in cfg:
        out["bias"] = _check_entry_flag("config entry 'bias'", cfg["bias"])
        out["shapes"] = [(a, b, out["bias"]) for a, b in zip(sizes[:-1], sizes[1:])]
    out["mode"] = _check_entry_string("config entry 'mode'", cfg["mode"])
    return out


def _check_network_specs(specs):
    """A network config's layer list: the specs (sizes as integers) and the
    dense layers' shapes. Unknown layer types and keys are left to
    ``network_from_specs``, whose messages say the same in both languages."""
    if not isinstance(specs, list) or not specs:
        found = "an empty list" if isinstance(specs, list) else _entry_found(specs)
        raise TwinnetError(
            f"config entry 'network' must be a non-empty list of layers, got {found}"
        )
    out = {"network": [], "shapes": []}
    for i, spec in enumerate(specs, start=1):
        where = f"layer {i} of the network"
        if not isinstance(spec, dict):
            raise TwinnetError(f"{where} must be an object, got {_entry_found(spec)}")
        if "type" not in spec:
            raise TwinnetError(f"{where} has no 'type'")
        kind = _check_entry_string(f"'type' of {where}", spec["type"])
        spec = dict(spec)
        if kind == "dense":
            for key in ("n_in", "n_out"):
                if key not in spec:
                    raise TwinnetError(f"{where} has no '{key}'")
                spec[key] = _check_entry_whole(f"'{key}' of {where}", spec[key], 1, INT_MAX)
            if "bias" in spec:
                _check_entry_flag(f"'bias' of {where}", spec["bias"])
            if "init" in spec:
                _check_entry_string(f"'init' of {where}", spec["init"])
            out["shapes"].append((spec["n_in"], spec["n_out"], spec.get("bias", True)))
        elif kind == "activation" and "name" in spec:
            _check_entry_string(f"'name' of {where}", spec["name"])
        elif kind == "conv2d":
            layer = layer_from_spec(spec)
            out["shapes"].append((layer.n_in, layer.n_out, layer.has_bias))
        out["network"].append(spec)
    return out


def check_model_weights(weights, shapes):
    """One n_in x n_out matrix of finite numbers per dense layer."""
    _check_entry_list("weights", weights, len(shapes), "matrices", " (one per dense layer)")
    return [
        _check_entry_matrix(f"weight matrix {l}", w, n_in, n_out)
        for l, (w, (n_in, n_out, _)) in enumerate(zip(weights, shapes), start=1)
    ]


def check_model_biases(biases, shapes):
    """One row of n_out finite numbers per dense layer with a bias."""
    outs = [n_out for _, n_out, bias in shapes if bias]
    why = " (one per dense layer with a bias)"
    _check_entry_list("biases", biases, len(outs), "rows", why)
    return [
        _check_entry_numbers(f"bias row {k}", b, n_out).reshape(1, -1)
        for k, (b, n_out) in enumerate(zip(biases, outs), start=1)
    ]


def check_model_loss_history(history):
    """One finite number per epoch trained (a diverged run stops before it
    writes, so a model file never holds a non-finite loss)."""
    return [float(v) for v in _check_entry_numbers("loss_history", history)]


def check_model_validation_history(where, values, epochs):
    """A validation history: empty, or one value per epoch trained (NaN for
    the epochs of fits without a validation set), each a number or "NaN",
    "Inf", "-Inf"."""
    if not isinstance(values, list):
        raise TwinnetError(f"{where} must be a list of numbers, got {_entry_found(values)}")
    if values and len(values) != epochs:
        raise TwinnetError(
            f"{where} must have 0 or {epochs} values (one per epoch trained), got {len(values)}"
        )
    out = []
    for i, v in enumerate(values, start=1):
        if isinstance(v, str) and v in NON_FINITE:
            out.append(NON_FINITE[v])
        elif _is_json_number(v):
            out.append(_as_float(v))
        else:
            raise TwinnetError(
                f'value {i} of {where} must be a number, "NaN", "Inf" or "-Inf", '
                f"got {_entry_found(v)}"
            )
    return out


def check_model_stop(stop_reason, best_epoch, epochs):
    """Why the last fit stopped (null: it ran all its epochs) and the epoch
    whose weights early stopping restored (null: none), in [0, epochs] (0:
    the weights the network had before its first epoch)."""
    if stop_reason is not None and (
        not isinstance(stop_reason, str) or stop_reason not in STOP_REASONS
    ):
        shown = f"'{stop_reason}'" if isinstance(stop_reason, str) else _entry_found(stop_reason)
        raise TwinnetError(
            f"stop_reason must be null or one of {', '.join(STOP_REASONS)}, got {shown}"
        )
    if best_epoch is not None:
        best_epoch = _check_entry_whole("best_epoch", best_epoch, 0, epochs)
    return stop_reason, best_epoch


def check_model_rng_state(state):
    """R's .Random.seed: 626 32-bit integers, 10403, the position in [1, 624]
    and 624 Mersenne-Twister words, not all zero (R would reseed from the clock)."""
    if not isinstance(state, list):
        raise TwinnetError(
            f"rng_state must be a list of {RNG_LENGTH} whole numbers, got {_entry_found(state)}"
        )
    if len(state) != RNG_LENGTH:
        raise TwinnetError(f"rng_state must have {RNG_LENGTH} numbers, got {len(state)}")
    words = [
        _check_entry_whole(f"value {i} of rng_state", v, -INT_MAX - 1, INT_MAX)
        for i, v in enumerate(state, start=1)
    ]
    if words[0] != RNG_KIND:
        raise TwinnetError(
            f"value 1 of rng_state must be {RNG_KIND} (R's Mersenne-Twister), got {words[0]}"
        )
    if not 1 <= words[1] <= RNG_LENGTH - 2:
        raise TwinnetError(
            f"value 2 of rng_state (the generator's position) must be in "
            f"[1, {RNG_LENGTH - 2}], got {words[1]}"
        )
    if not any(words[2:]):
        raise TwinnetError(f"rng_state has all {RNG_LENGTH - 2} generator words zero")
    return np.array(words, dtype=np.int64)


def check_model_optimizer(opt, shapes, is_network):
    """``null`` (plain gradient descent), or a network's momentum or Adam
    optimiser: its settings and its state, arrays shaped as the weights and
    biases (weights..., biases...)."""
    if opt is None:
        return None
    if not is_network:
        raise TwinnetError(f"optimizer must be null for a layers model, got {_entry_found(opt)}")
    _check_entry_object("optimizer", opt, ("name", "settings", "state"))
    name = _check_entry_string("optimizer name", opt["name"])
    keeping = [n for n, optimizer in OPTIMIZERS.items() if optimizer.state]  # not sgd
    if name not in keeping:
        raise TwinnetError(f"unknown optimizer name '{name}'; choose one of {', '.join(keeping)}")
    keys = tuple(OPTIMIZERS[name].settings)
    settings = _check_entry_object("optimizer settings", opt["settings"], keys)
    settings = {
        key: _check_entry_real(
            f"optimizer setting '{key}'",
            settings[key],
            "a positive number" if setting_of(key).positive else setting_rule(key),
            lambda x, key=key: math.isfinite(x) and setting_allows(key, x),
        )
        for key in keys
    }
    state = opt["state"]
    if isinstance(state, dict) and not state:
        return {"name": name, "settings": settings, "state": {}}
    _check_entry_object("optimizer state", state, OPTIMIZERS[name].state)
    below_one = ("a number in [0, 1)", lambda x: 0 <= x < 1)
    arrays = [(n_in, n_out) for n_in, n_out, _ in shapes]
    arrays += [(1, n_out) for _, n_out, bias in shapes if bias]
    out = {}
    for key in OPTIMIZERS[name].state:
        where = f"optimizer state '{key}'"
        if key == "t":
            out[key] = _check_entry_whole(where, state[key], 1, INT_MAX)
        elif key in ("b1t", "b2t"):
            out[key] = _check_entry_real(where, state[key], *below_one)
        else:
            why = " (one per weight matrix and bias row)"
            _check_entry_list(where, state[key], len(arrays), "arrays", why)
            out[key] = [
                _check_entry_matrix(f"array {k} of {where}", a, n_rows, n_cols)
                for k, (a, (n_rows, n_cols)) in enumerate(zip(state[key], arrays), start=1)
            ]
    return {"name": name, "settings": settings, "state": out}


def load_model(path):
    """Read a model file written by either language (an MLP or a Network).

    Every entry is checked first (``check_model_*``, docs/inputs.md): a file
    a user can write gives one ``TwinnetError`` naming the entry."""
    data = load_json(path, "model")
    check_model_file(data, path)
    try:
        cfg = check_model_config(data["config"])
        shapes = cfg["shapes"]
        weights = check_model_weights(data["weights"], shapes)
        biases = check_model_biases(data["biases"], shapes)
        history = check_model_loss_history(data["loss_history"])
        records = {
            key: check_model_validation_history(key, data.get(key, []), len(history))
            for key in VALIDATION_HISTORIES
        }
        stop = check_model_stop(data.get("stop_reason"), data.get("best_epoch"), len(history))
        rng_state = check_model_rng_state(data["rng_state"])
        optimizer = check_model_optimizer(data["optimizer"], shapes, "network" in cfg)
        seed = cfg["seed"]
        if "network" in cfg:
            model = network_from_specs(
                cfg["network"],
                42 if seed is None else seed,
                cfg["mode"],
                cfg["loss"],
                weights,
                biases,
            )
        else:
            model = mlp_from_config(cfg, weights, biases)
        model.seed = seed
        model.loss_history = history
        for key, values in records.items():
            setattr(model, key, values)
        model.stop_reason, model.best_epoch = stop
        model.rng = RRandom.from_state(rng_state)
        _optimizer_from_dict(model, optimizer)
    except TwinnetError as err:
        raise TwinnetError(f"model file {path}: {err}") from None
    if "estimator" in data:  # a fitted estimator around the network
        model = _estimator_from_entry(data["estimator"], model, path)
    return model


# one side: scikit-learn is optional in Python; R's estimator_from_entry is
# always loaded
def _estimator_from_entry(entry, model, path):
    """The fitted estimator a model file's "estimator" entry describes (twinnet.estimator_entry)."""
    try:
        from .estimator_entry import estimator_from_entry
    except ImportError:
        raise TwinnetError(
            f"model file {path} holds a fitted estimator; loading it needs scikit-learn "
            f"(pip install 'twinnet[sklearn]')"
        ) from None
    return estimator_from_entry(entry, model, path)


def load_network(path):
    """``load_model`` for the command line: the network of a fitted estimator's
    file (``predict`` writes its outputs, ``compare`` compares its numbers)."""
    model = load_model(path)
    return getattr(model, "network_", model)
