"""JSON files and ``config.json``: the loader both configs and model files use,
the check every config passes before any data is read, any model is trained
or any file is written (docs/inputs.md), reading a config, and the check that
a model may resume under a config. Building and training the model a config
describes is ``training_config.py``.

The twin of this file is ``R/R/config.R``: the same rules in the same order,
the same messages. Its length (about 550 lines): the loader, then one rule
per key and one check per combination of keys (the training controls'
among them), in the order a config is checked, then the resume check;
split, the rules would stand apart from the order they are checked in.
"""

import json
import math
import numbers
import os
import re

from .activations import ACTIVATIONS
from .arith import ARITHMETICS
from .conv import SPEC_KEYS, layer_from_spec
from .init import INITIALISERS
from .io import num_text
from .losses import LOSSES
from .metrics import SCORES
from .optimizers import OPTIMIZERS, SCHEDULE, optimizer_defaults, setting_allows, setting_rule
from .validation import INT_MAX, TwinnetError

# The training settings: the learning rate, its decay and the optimisers'
# settings, with their defaults and ranges from the optimisers' table.
SETTINGS = (*SCHEDULE, *optimizer_defaults())
# The learning-rate schedules, scikit-learn's learning_rate (Network.fit's
# lr_schedule); the validation scores are metrics' SCORES table.
LR_SCHEDULES = ("constant", "invscaling", "adaptive")
# The training controls of Network.fit (docs/algorithm.md, "Training
# controls"), the same names and defaults as its arguments: key -> (default,
# what the key takes). Both kinds of config (layers and network) take them.
TRAINING_CONTROLS = {
    "alpha": (0.0, "a finite number >= 0"),
    "weight_decay": (0.0, "a finite number >= 0"),
    "lr_schedule": ("constant", "one of " + ", ".join(LR_SCHEDULES)),
    "power_t": (0.5, "a finite number >= 0"),
    "nesterov": (False, "true or false"),
    "tol": (None, "a finite number >= 0 or null"),
    "n_iter_no_change": (10, f"a whole number in [1, {INT_MAX}]"),
    "early_stopping": (False, "true or false"),
    "validation_fraction": (None, "a number in (0, 1) or null"),
    "stratify": (False, "true or false"),
    "validation_score": (None, "one of " + ", ".join(SCORES) + " or null"),
    "abstol": (None, "a finite number >= 0 or null"),
}
# Every key of config.json with its default, in the order they are checked.
CONFIG_KEYS = {
    "x": None,
    "y": None,
    "layers": None,
    "network": None,
    "epochs": None,
    "lr": SCHEDULE["lr"].default,
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
    **optimizer_defaults(),
    "decay": SCHEDULE["decay"].default,
    **{key: default for key, (default, _) in TRAINING_CONTROLS.items()},
    "sample_weight": None,
    "x_val": None,
    "y_val": None,
    "sample_weight_val": None,
    "x_test": None,
    "y_test": None,
    "n_rows": None,
    "description": "",
}
REQUIRED_CONFIG_KEYS = ("x", "y", "epochs")
# The keys that take null: batch_size (full batch), n_rows (all rows) and the training controls
# whose default is null (tol, validation_fraction, validation_score, abstol).
NULLABLE_KEYS = (
    "batch_size",
    "n_rows",
    *(k for k, (default, _) in TRAINING_CONTROLS.items() if default is None),
)
# The data files a config names (made absolute by read_config).
FILE_KEYS = ("x", "y", "sample_weight", "x_val", "y_val", "sample_weight_val", "x_test", "y_test")
# Settings one kind of config has and the other does not use.
NETWORK_ONLY_KEYS = ("batch_size", "shuffle", "optimizer", *optimizer_defaults(), "decay")
LAYERS_ONLY_KEYS = ("activation", "bias", "init_weights", "init_biases")
JSON_DEPTH_LIMIT = 64

# A JSON string literal; what is left outside strings may hold only these
# characters (JSON's whitespace, punctuation, numbers, true/false/null). The
# same patterns as the R twin, so a comment, NaN or a form feed is refused by
# both languages, whatever each parser tolerates (jsonlite takes comments).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_NOT_OUTSIDE = re.compile(r"[^ \t\n\r\[\]{}:,\"0-9eE+.trufalsn-]")
_JSON_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# one side: json.loads's parse_constant hook; jsonlite has none (the pattern
# above refuses NaN and Infinity in both)
def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def load_json(path, what):
    """Parse a JSON file as the R twin (``load_json``) does: a UTF-8
    byte-order mark skipped; comments, NaN and other extensions refused;
    nesting deeper than 64 levels and a key repeated in one object are
    errors. ``what`` names the file in messages ("config", "model")."""
    if not os.path.isfile(path):
        raise TwinnetError(f"{what} file not found: {path}")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raise TwinnetError(f"could not read {what} file {path}: {err.strerror or err}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TwinnetError(f"{what} file {path} is not UTF-8 text") from None
    bare = _JSON_STRING.sub('""', text)
    if _JSON_NOT_OUTSIDE.search(bare):
        raise TwinnetError(f"{what} file {path} is not valid JSON")
    depth = 0
    for bracket in _JSON_NOT_BRACKET.sub("", bare):
        depth += 1 if bracket in "[{" else -1
        if depth > JSON_DEPTH_LIMIT:
            raise TwinnetError(f"{what} file {path} nests deeper than {JSON_DEPTH_LIMIT} levels")
    duplicates = []

    # R's twin of this hook is json_duplicate, run on the parsed lists
    def pairs(items):  # called as each object closes: inner objects first
        seen = set()
        for key, _ in items:
            if key in seen and not duplicates:
                duplicates.append(key)
            seen.add(key)
        return dict(items)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise TwinnetError(f"{what} file {path} is not valid JSON") from None
    if duplicates:
        raise TwinnetError(f"{what} file {path} has the key '{duplicates[0]}' twice in one object")
    return data


def json_text(value):
    """A value read from JSON as messages show it (the R twin's words)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if len(value) <= 40 and not _CONTROL.search(value):
            return f"'{value}'"
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf if value > 0 else -math.inf
        return _json_number_text(number)
    return "a value"


def _json_number_text(number):
    """``num_text``'s shortest round-tripping digits, with -0 shown as 0
    (as the R twin)."""
    return "0" if number == 0 else num_text(number)


def _json_whole(value, low, high):
    """``value`` as an int if it is a whole number in [low, high], else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    if not math.isfinite(number) or number != math.floor(number) or not low <= number <= high:
        return None
    return int(number)


# one side: a Python int beyond the doubles overflows float(); jsonlite reads
# every JSON number as a double
def _number(value):
    """``value`` as a float if it is a JSON number, else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


WHOLE_RULE = f"a whole number in [1, {INT_MAX}]"
FILES_RULE = "a list of file names"
RULES = {
    **{key: "a file name" for key in FILE_KEYS},
    "layers": f"a list of two or more whole numbers in [1, {INT_MAX}]",
    "network": "a non-empty list of layer objects",
    "epochs": WHOLE_RULE,
    "batch_size": f"{WHOLE_RULE} or null",
    "n_rows": f"{WHOLE_RULE} or null",
    "seed": f"a whole number in [-{INT_MAX}, {INT_MAX}]",
    **{key: setting_rule(key) for key in SETTINGS},
    "bias": "true or false",
    "shuffle": "true or false",
    "mode": "one of " + ", ".join(ARITHMETICS),
    "loss": "one of " + ", ".join(LOSSES),
    "activation": "one of " + ", ".join(ACTIVATIONS),
    "optimizer": "one of " + ", ".join(OPTIMIZERS),
    "init_weights": FILES_RULE,
    "init_biases": FILES_RULE,
    **{key: rule for key, (_, rule) in TRAINING_CONTROLS.items()},
    "description": "a string",
}
CHOICES = {
    "mode": ARITHMETICS,
    "loss": LOSSES,
    "activation": ACTIVATIONS,
    "optimizer": OPTIMIZERS,
    "lr_schedule": LR_SCHEDULES,
    "validation_score": SCORES,
}


def _config_value(where, key, value):
    """The checked value of one config key (whole numbers as int, other
    numbers as float), or a TwinnetError naming the key and the rule."""

    def bad(shown=None):
        raise TwinnetError(f"{where}: {key} must be {RULES[key]}, got {shown or json_text(value)}")

    if key in FILE_KEYS:
        if not isinstance(value, str) or not value:
            bad()
        return value
    if key in ("init_weights", "init_biases", "layers"):
        return _config_list_value(key, value, bad)
    if key == "network":
        return _check_config_network(where, value)
    if key == "description":
        if not isinstance(value, str):
            bad()
        return value
    if key in ("bias", "shuffle", "nesterov", "early_stopping", "stratify"):
        if not isinstance(value, bool):
            bad()
        return value
    if value is None and key in NULLABLE_KEYS:
        return None
    if key in CHOICES:
        if not isinstance(value, str) or value not in CHOICES[key]:
            bad()
        return value
    return _config_number_value(key, value, bad)


def _config_list_value(key, value, bad):
    """layers (whole numbers) or init_weights, init_biases (file names)."""
    if not isinstance(value, list):
        bad()
    if key == "layers" and len(value) < 2:
        bad(f"a list of {len(value)}")
    if not value:
        bad()
    items = []
    for i, item in enumerate(value, start=1):
        if key == "layers":
            checked = _json_whole(item, 1, INT_MAX)
        else:
            checked = item if isinstance(item, str) and item else None
        if checked is None:
            bad(f"{json_text(item)} at position {i}")
        items.append(checked)
    return items


def _config_number_value(key, value, bad):
    if key in ("epochs", "batch_size", "seed", "n_iter_no_change", "n_rows"):
        low = -INT_MAX if key == "seed" else 1
        whole = _json_whole(value, low, INT_MAX)
        if whole is None:
            bad()
        return whole
    number = _number(value)
    if number is None or not math.isfinite(number):
        bad()
    if key == "validation_fraction":
        ok = 0 < number < 1
    elif key in TRAINING_CONTROLS:  # alpha, weight_decay, power_t, tol, abstol
        ok = number >= 0
    else:  # a training setting: its range is the optimisers' table's
        ok = setting_allows(key, number)
    if not ok:
        bad()
    return number


DENSE_KEYS = ("type", "n_in", "n_out", "bias", "init")
ACTIVATION_KEYS = ("type", "name")


def _check_config_network(where, specs):
    rule = RULES["network"]
    if not isinstance(specs, list) or not specs:
        raise TwinnetError(f"{where}: network must be {rule}, got {json_text(specs)}")
    for i, spec in enumerate(specs, start=1):
        if not isinstance(spec, dict):
            raise TwinnetError(
                f"{where}: network must be {rule}, got {json_text(spec)} at position {i}"
            )
        _check_config_layer(f"{where}: network layer {i}", spec)
    return specs


LAYER_TYPES = ("dense", "activation", *SPEC_KEYS)


def _check_config_layer(at, spec):
    if "type" not in spec:
        raise TwinnetError(f"{at} has no type ({', '.join(LAYER_TYPES)})")
    kind = spec["type"]
    if not isinstance(kind, str) or kind not in LAYER_TYPES:
        raise TwinnetError(
            f"{at}: type must be one of {', '.join(LAYER_TYPES)}, got {json_text(kind)}"
        )
    allowed = {"dense": DENSE_KEYS, "activation": ACTIVATION_KEYS, **SPEC_KEYS}[kind]
    unknown = sorted(k for k in spec if k not in allowed)
    if unknown:
        raise TwinnetError(f"{at} has unknown keys: {', '.join(unknown)}")
    if kind in SPEC_KEYS:
        return _check_config_image_layer(at, spec)
    if kind == "activation":
        if "name" in spec and (
            not isinstance(spec["name"], str) or spec["name"] not in ACTIVATIONS
        ):
            raise TwinnetError(
                f"{at}: name must be {RULES['activation']}, got {json_text(spec['name'])}"
            )
        return spec
    for key in ("n_in", "n_out"):
        if key not in spec:
            raise TwinnetError(f"{at} has no {key}")
        if _json_whole(spec[key], 1, INT_MAX) is None:
            raise TwinnetError(f"{at}: {key} must be {WHOLE_RULE}, got {json_text(spec[key])}")
    return _check_config_bias_init(at, spec)


def _check_config_bias_init(at, spec):
    """A dense or conv2d layer's bias and init keys."""
    if "bias" in spec and not isinstance(spec["bias"], bool):
        raise TwinnetError(f"{at}: bias must be true or false, got {json_text(spec['bias'])}")
    if "init" in spec and (not isinstance(spec["init"], str) or spec["init"] not in INITIALISERS):
        raise TwinnetError(
            f"{at}: init must be one of {', '.join(INITIALISERS)}, got {json_text(spec['init'])}"
        )
    return spec


PAIR_RULE = f"{WHOLE_RULE} or a list of two"


def _check_config_image_layer(at, spec):
    """A conv2d, pooling or flatten layer's keys (docs/formats.md)."""
    kind = spec["type"]
    wholes = ("in_channels", "filters") if kind == "conv2d" else ()
    for key in wholes + ("kernel",) * (kind == "conv2d"):
        if key not in spec:
            raise TwinnetError(f"{at} has no {key}")
    for key in wholes:
        if _json_whole(spec[key], 1, INT_MAX) is None:
            raise TwinnetError(f"{at}: {key} must be {WHOLE_RULE}, got {json_text(spec[key])}")
    for key in ("kernel", "pool", "stride"):
        if key not in spec:
            continue
        value = spec[key]
        values = value if isinstance(value, list) else [value]
        if len(values) not in (1, 2) or any(_json_whole(v, 1, INT_MAX) is None for v in values):
            raise TwinnetError(f"{at}: {key} must be {PAIR_RULE}, got {json_text(value)}")
    paddings = ["valid", "same"] if kind == "conv2d" else ["valid"]
    if "padding" in spec and spec["padding"] not in paddings:
        raise TwinnetError(
            f"{at}: padding must be one of {', '.join(paddings)}, got {json_text(spec['padding'])}"
        )
    return _check_config_bias_init(at, spec)


# Why an MLP ("layers") config has no use for the network-only settings.
NETWORK_ONLY_WHY = "network configs only (an MLP trains full batch with plain gradient descent)"


def unused_settings_text(unused, why):
    """``a, b are settings of <why>``: the words for settings a config does not use."""
    verb = "is a setting" if len(unused) == 1 else "are settings"
    return f"{', '.join(unused)} {verb} of {why}"


def check_config(config, path):
    """Check a config as read from ``path`` (before defaults are filled in)
    and return it with its numbers converted (1.0 -> 1 where a whole number
    is due). Raises a TwinnetError naming the first problem; the checks run
    in the same order as in the R twin (``check_config``)."""
    where = f"config file {path}"
    if not isinstance(config, dict):
        raise TwinnetError(f"{where} must hold a JSON object")
    unknown = sorted(k for k in config if k not in CONFIG_KEYS)
    if unknown:
        raise TwinnetError(f"{where} has unknown keys: {', '.join(unknown)}")
    if "layers" in config and "network" in config:
        raise TwinnetError(f"{where} has both layers and network; give one of them")
    missing = [k for k in REQUIRED_CONFIG_KEYS if k not in config]
    if "layers" not in config and "network" not in config:
        missing.append("layers or network (one of them)")
    if missing:
        raise TwinnetError(f"{where} is missing required keys: {', '.join(missing)}")
    if "layers" in config:
        unused = [k for k in NETWORK_ONLY_KEYS if k in config]
        why = NETWORK_ONLY_WHY
    else:
        unused = [k for k in LAYERS_ONLY_KEYS if k in config]
        why = "layers configs only (a network config sets them in its layers)"
    if unused:
        raise TwinnetError(f"{where}: {unused_settings_text(unused, why)}")
    checked = {key: _config_value(where, key, config[key]) for key in CONFIG_KEYS if key in config}
    if ("x_test" in config) != ("y_test" in config):
        raise TwinnetError(f"{where}: x_test and y_test go together; give both or neither")
    if "init_biases" in config and "init_weights" not in config:
        raise TwinnetError(f"{where}: init_biases needs init_weights")
    if "seed" in config and "init_weights" in config:
        raise TwinnetError(f"{where}: seed is not used when init_weights are given")
    optimizer = checked.get("optimizer", "sgd")
    unused = [
        k for k in optimizer_defaults() if k in config and k not in OPTIMIZERS[optimizer].settings
    ]
    if unused:
        verb = "is" if len(unused) == 1 else "are"
        raise TwinnetError(
            f"{where}: {', '.join(unused)} {verb} not used by optimizer '{optimizer}'"
        )
    _check_config_controls(where, checked)
    return checked


def _check_config_controls(where, config):
    """The training controls together, as Network.fit checks them (the same
    words, the validation set named by the config's keys): a setting that
    would be ignored (power_t without invscaling, n_iter_no_change without
    tol); the validation files x_val and y_val together, their weights only
    with them; then each setting that needs another."""
    schedule = config.get("lr_schedule", "constant")
    if "power_t" in config and schedule != "invscaling":
        raise TwinnetError(
            f"{where}: power_t is not used by lr_schedule '{schedule}' (only by 'invscaling')"
        )
    if "n_iter_no_change" in config and config.get("tol") is None:
        raise TwinnetError(
            f"{where}: n_iter_no_change is not used without tol (tol null: training "
            f"never stops early)"
        )
    if ("x_val" in config) != ("y_val" in config):
        raise TwinnetError(f"{where}: x_val and y_val go together; give both or neither")
    if "sample_weight_val" in config and "x_val" not in config:
        raise TwinnetError(f"{where}: sample_weight_val needs x_val and y_val")
    value = {**CONFIG_KEYS, **config}.get
    validation_set = "a validation set: x_val and y_val or validation_fraction"
    fraction = value("validation_fraction") is not None
    refusals = (
        (
            value("alpha") > 0 and value("weight_decay") > 0,
            "alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty "
            "(weights only), weight_decay nnet's (weights and biases); choose one",
        ),
        (
            value("decay") > 0 and value("lr_schedule") != "constant",
            f"decay > 0 needs lr_schedule constant, got lr_schedule {value('lr_schedule')}",
        ),
        (
            value("nesterov") and value("optimizer") != "momentum",
            f"nesterov needs optimizer momentum, got optimizer {value('optimizer')}",
        ),
        (
            value("lr_schedule") == "adaptive" and value("tol") is None,
            "lr_schedule adaptive needs tol (a number >= 0)",
        ),
        (
            "x_val" in config and fraction,
            "x_val (with y_val) and validation_fraction cannot both be given; choose one",
        ),
        (
            value("early_stopping") and "x_val" not in config and not fraction,
            f"early_stopping needs {validation_set}",
        ),
        (
            value("early_stopping") and value("tol") is None,
            "early_stopping needs tol (a number >= 0)",
        ),
        (value("stratify") and not fraction, "stratify needs validation_fraction"),
        (
            value("validation_score") is not None and "x_val" not in config and not fraction,
            f"validation_score needs {validation_set}",
        ),
    )
    for refused, message in refusals:
        if refused:
            raise TwinnetError(f"{where}: {message}")


def read_config(path):
    """Read ``config.json``; data file names are taken relative to it.

    Returns a dict with every key of ``CONFIG_KEYS`` (defaults filled in) and
    the data paths made absolute.
    """
    config = check_config(load_json(path, "config"), path)
    base = os.path.dirname(os.path.abspath(path))
    out = {**CONFIG_KEYS, **config}
    for key in FILE_KEYS:
        if out[key] is not None:
            out[key] = os.path.join(base, out[key])
    for key in ("init_weights", "init_biases"):
        if out[key] is not None:
            out[key] = [os.path.join(base, p) for p in out[key]]
    return out


def _sizes_text(sizes):
    return "[" + ", ".join(json_text(v) for v in sizes) + "]"


def check_resume(model, config, path):
    """Refuse to continue ``model`` (read from ``path``) under a config that
    would have made a different model: names the key and both values."""
    from .mlp import MLP

    def differ(key, old, new):
        raise TwinnetError(f"cannot resume {path}: its {key} is {old} but the config's is {new}")

    is_mlp = isinstance(model, MLP)
    if is_mlp != (config.get("network") is None):
        kind = "an MLP (layers)" if is_mlp else "a network"
        wanted = "network" if is_mlp else "layers"
        raise TwinnetError(f"cannot resume {path}: it is {kind} but the config gives {wanted}")
    if is_mlp:
        if list(model.sizes) != list(config["layers"]):
            differ("layers", _sizes_text(model.sizes), _sizes_text(config["layers"]))
        pairs = [("activation", model.activation), ("loss", model.loss), ("lr", model.lr)]
    else:
        _resume_network(model, config, path, differ)
        pairs = [("loss", model.loss)]
    seed = None if config.get("init_weights") is not None else config["seed"]
    pairs += [("seed", model.seed), ("mode", model.mode)]
    if is_mlp:
        pairs.append(("bias", model.bias))
    for key, old in pairs:
        new = seed if key == "seed" else config[key]
        if old != new:
            differ(key, json_text(old), json_text(new))
    if not is_mlp:
        _resume_optimizer(model, config, differ)


def _resume_same_layer(layer, spec):
    wanted = dict(spec)
    if wanted["type"] in SPEC_KEYS:
        return layer.describe() == layer_from_spec(spec).describe()
    if wanted["type"] == "dense":
        wanted.setdefault("bias", True)
        wanted.setdefault("init", "normal")
    else:
        wanted.setdefault("name", "sigmoid")
    return layer.describe() == wanted


def _resume_network(model, config, path, differ):
    for i, (layer, spec) in enumerate(zip(model.layers, config["network"]), start=1):
        if not _resume_same_layer(layer, spec):
            raise TwinnetError(
                f"cannot resume {path}: its network differs from the config's at layer {i}"
            )
    if len(model.layers) != len(config["network"]):
        differ("network", f"{len(model.layers)} layers", f"{len(config['network'])} layers")


def _resume_optimizer(model, config, differ):
    key = model._optimizer_key
    name, settings = (key[0], dict(key[1])) if key is not None else ("sgd", {})
    if name != config["optimizer"]:
        differ("optimizer", json_text(name), json_text(config["optimizer"]))
    for setting in OPTIMIZERS[name].settings:
        if setting in settings and float(settings[setting]) != float(config[setting]):
            differ(setting, json_text(settings[setting]), json_text(config[setting]))
