"""A fitted estimator in a model file: the optional "estimator" entry
(docs/formats.md), written by ``model_file.save_model`` and read by
``model_file.load_model``, so that a fitted ``TwinnetClassifier`` or
``TwinnetRegressor`` loads as R's ``twinnet()`` fit and the reverse.

``estimator_entry`` writes the entry (the estimator's kind, classes, feature
names and settings); ``estimator_from_entry`` checks an entry read from a
file, each part with its own message, and builds the fitted estimator around
the loaded network. Twin: ``R/R/estimator_entry.R``, the same checks in the
same order with the same messages.
"""

import math
from numbers import Integral, Real

import numpy as np

from .estimator import DEFAULT_SEED, OUTPUTS, TwinnetClassifier, TwinnetRegressor, _check_hidden
from .mlp import MLP
from .model_file import _as_float, _is_json_number
from .network import Network
from .scale import Scaler
from .validation import TwinnetError

# The contract's setting names (R's arguments, a model file's keys) that
# differ from the estimators' parameters (scikit-learn's names).
SETTING_PARAMS = {
    "hidden": "hidden_layer_sizes",
    "lr": "learning_rate_init",
    "epochs": "max_iter",
    "seed": "random_state",
    "beta1": "beta_1",
    "beta2": "beta_2",
    "decay": "weight_decay",
    "lr_schedule": "learning_rate",
    "nesterov": "nesterovs_momentum",
}
ENTRY_KEYS = (
    "kind",
    "classes",
    "features",
    "response",
    "outputs",
    "formula",
    "xlevels",
    "contrasts",
    "rows",
    "scale",
    "settings",
)
FLOAT_SETTINGS = (
    "lr",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
    "tol",
    "alpha",
    "decay",
    "power_t",
    "validation_fraction",
)
# Entries only R uses (its formula interface): kept on a loaded estimator and
# written back while its network is the one loaded.
R_ONLY_KEYS = ("response", "outputs", "formula", "xlevels", "contrasts", "rows")

# Each setting's rule, as its message words it; the order of R's twin.
SETTING_RULES = {
    "hidden": "a list of positive whole numbers",
    "activation": "a string",
    "optimizer": "a string",
    "lr": "a number",
    "epochs": "a positive whole number",
    "batch_size": "null or a positive whole number",
    "shuffle": "true or false",
    "init": "a string",
    "seed": "null or a whole number",
    "mode": '"blas" or "exact"',
    "momentum": "a number",
    "beta1": "a number",
    "beta2": "a number",
    "epsilon": "a number",
    "tol": "a number",
    "n_iter_no_change": "a positive whole number",
    "alpha": "a number",
    "decay": "a number",
    "lr_schedule": "a string",
    "power_t": "a number",
    "nesterov": "true or false",
    "early_stopping": "true or false",
    "validation_fraction": "a number",
    "abstol": "null or a number",
}
# Settings of R's twinnet() that the Python estimators do not have (nnet's
# abstol): Python writes null and keeps a loaded value for writing back.
R_ONLY_SETTINGS = ("abstol",)


# one side: numpy's label types become JSON values (R's levels are strings)
def _label_to_json(label):
    """A class label as a JSON value: a string, a number or a boolean."""
    if isinstance(label, (bool, np.bool_)):
        return bool(label)
    if isinstance(label, (str, np.str_)):
        return str(label)
    if isinstance(label, Integral):
        return int(label)
    if isinstance(label, Real) and np.isfinite(label):
        return float(label)
    raise TwinnetError(
        f"cannot save the classifier: its class labels must be strings, numbers or "
        f"booleans, got {type(label).__name__}"
    )


def _scale_entry(scaler):
    """``scale=True``'s statistics as the entry's "scale" (null without)."""
    if scaler is None:
        return None
    return {"center": [float(v) for v in scaler.center], "scale": [float(v) for v in scaler.scale]}


def estimator_entry(est):
    """``(network, entry)``: a fitted estimator's network and its "estimator" entry."""
    if not hasattr(est, "network_"):
        raise TwinnetError(
            f"cannot save the {type(est).__name__}: it is not fitted; call fit first"
        )
    classifier = isinstance(est, TwinnetClassifier)
    features = getattr(est, "feature_names_in_", None)
    params = est.get_params()
    kept = getattr(est, "_r_entry", None)
    loaded = kept is not None and kept[0] is est.network_
    r_settings = getattr(est, "_r_settings", {}) if loaded else {}
    settings = {}
    for key in SETTING_RULES:
        if key in R_ONLY_SETTINGS:  # kept while the network is the one loaded
            settings[key] = r_settings.get(key)
            continue
        value = params[SETTING_PARAMS.get(key, key)]
        if key == "hidden":
            value = _check_hidden(value)
        elif key == "batch_size":
            value = None if value == "auto" else int(value)
        elif key == "seed":
            value = DEFAULT_SEED if value is None else int(value)
        elif key in ("epochs", "n_iter_no_change"):
            value = int(value)
        elif key in FLOAT_SETTINGS:
            value = float(value)
        elif key in ("shuffle", "nesterov", "early_stopping"):
            value = bool(value)
        settings[key] = value
    entry = {
        "kind": "classifier" if classifier else "regressor",
        "classes": [_label_to_json(c) for c in est.classes_] if classifier else None,
        "features": None if features is None else [str(f) for f in features],
        "response": None,
        "outputs": None,
        "formula": None,
        "xlevels": {},
        "contrasts": {},
        "rows": None,
        "scale": _scale_entry(getattr(est, "scaler_", None)),
        "settings": settings,
    }
    if loaded:
        entry.update(kept[1])
    return est.network_, entry


def _is_json_finite(v):
    """A finite JSON number (an int too large for a double is not one, as in R)."""
    return _is_json_number(v) and math.isfinite(_as_float(v))


def _is_json_whole(v):
    return _is_json_finite(v) and v == int(v)


def _estimator_entry_classes(classes, bad):
    """The class labels of an entry, checked: all strings, numbers or booleans."""

    def kind_of(v):
        if isinstance(v, str):
            return "string"
        if isinstance(v, bool):
            return "boolean"
        return "number" if _is_json_finite(v) else "other"

    kinds = {kind_of(v) for v in classes} if isinstance(classes, list) else {"other"}
    if "other" in kinds or len(kinds) != 1 or len(classes) < 2 or len(set(classes)) < len(classes):
        bad(
            "estimator 'classes' must be a list of at least two different labels, "
            "all strings, all numbers or all booleans"
        )
    return np.asarray(classes)


def _estimator_network_output(net):
    """The network's output: units and the activation it ends in."""
    last = net.layers[-1]
    return net.sizes[-1], (last.name if last.kind == "activation" else "none")


def estimator_from_entry(entry, net, path):
    """Check an "estimator" entry read by ``load_model`` and build the fitted
    estimator it describes around the loaded network ``net``."""

    def bad(message):
        raise TwinnetError(f"model file {path}: {message}")

    if not isinstance(entry, dict):
        bad("'estimator' must be an object")
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        bad(f"'estimator' has unknown keys: {', '.join(unknown)}")
    if isinstance(net, MLP) or not isinstance(net, Network):
        bad("an 'estimator' entry needs a network model (config 'network'), not 'layers'")
    classes, units, act = _estimator_entry_target(entry, net, bad)
    _estimator_entry_names(entry, net.sizes, bad)
    rows = entry.get("rows")
    if rows is not None and not (_is_json_whole(rows) and rows >= 1):
        bad("estimator 'rows' must be null or a positive whole number")
    scaler = _estimator_entry_scale(entry.get("scale"), net.sizes[0], bad)
    params, r_settings = _estimator_entry_settings(entry.get("settings"), bad)
    params["scale"] = scaler is not None
    est = (TwinnetClassifier if classes is not None else TwinnetRegressor)(**params)
    est.scaler_ = scaler
    est._r_settings = r_settings
    est.network_ = net
    est.n_features_in_ = net.sizes[0]
    if entry.get("features") is not None:
        est.feature_names_in_ = np.asarray(entry["features"], dtype=object)
    if classes is not None:
        est.classes_ = classes
    est.n_outputs_ = units
    est.out_activation_ = act
    est._r_entry = (net, {k: entry[k] for k in R_ONLY_KEYS if k in entry})
    return est


def _estimator_entry_target(entry, net, bad):
    """The kind and classes of an entry, checked against the network's output:
    ``(classes, units, activation)``, classes None for a regressor."""
    kind = entry.get("kind")
    if kind not in ("classifier", "regressor"):
        bad('estimator \'kind\' must be "classifier" or "regressor"')
    units_out, last = _estimator_network_output(net)
    classes = None
    if kind == "classifier":
        if entry.get("classes") is None:
            bad("estimator 'classes' is required for a classifier")
        if entry.get("outputs") is not None:
            bad("estimator 'outputs' is for regressors only")
        classes = _estimator_entry_classes(entry["classes"], bad)
        target = "binary" if classes.size == 2 else "multiclass"
        units = 1 if classes.size == 2 else classes.size
        what = f"a classifier of {classes.size} classes"
    else:
        if entry.get("classes") is not None:
            bad("estimator 'classes' is for classifiers only")
        target, units, what = "continuous", units_out, "a regressor"
    act = OUTPUTS[target][0]
    if units_out != units or last != act:
        bad(
            f"estimator: {what} needs the network to end in {act} with {units} "
            f"output{'' if units == 1 else 's'}; it ends in {last} with {units_out}"
        )
    return classes, units, act


def _estimator_entry_names(entry, sizes, bad):
    """The names and R's formula parts of an entry, checked: features,
    outputs, response, formula, xlevels and contrasts."""
    for key, n in (("features", sizes[0]), ("outputs", sizes[-1])):
        v = entry.get(key)
        if v is not None and not (
            isinstance(v, list) and len(v) == n and all(isinstance(s, str) for s in v)
        ):
            one = "input" if key == "features" else "output"
            bad(f"estimator '{key}' must be null or a list of {n} strings (one per {one})")
    for key in ("response", "formula"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            bad(f"estimator '{key}' must be null or a string")
    xlevels = entry.get("xlevels")
    if xlevels is not None and not (
        isinstance(xlevels, dict)
        and all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in xlevels.values()
        )
    ):
        bad("estimator 'xlevels' must be an object of lists of strings")
    contrasts = entry.get("contrasts")
    if contrasts is not None and not (
        isinstance(contrasts, dict) and all(isinstance(v, str) for v in contrasts.values())
    ):
        bad("estimator 'contrasts' must be an object of strings")


def _estimator_entry_scale(scale, p, bad):
    """The entry's "scale" (``scale=True``'s statistics) as a Scaler, or None."""
    if scale is None:
        return None

    def numbers(v, positive):
        return (
            isinstance(v, list)
            and len(v) == p
            and all(_is_json_finite(x) and (not positive or x > 0) for x in v)
        )

    if not (
        isinstance(scale, dict)
        and sorted(scale) == ["center", "scale"]
        and numbers(scale["center"], False)
        and numbers(scale["scale"], True)
    ):
        bad(
            f"estimator 'scale' must be null or an object of 'center' and 'scale', "
            f"each a list of {p} finite numbers (one per input), the scales > 0"
        )
    return Scaler(
        "standard",
        np.array([_as_float(v) for v in scale["center"]]),
        np.array([_as_float(v) for v in scale["scale"]]),
    )


def _estimator_entry_settings(given, bad):
    """The estimator's parameters from an entry's settings (the estimator's
    defaults for those not given), and the R-only settings given."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        bad("estimator 'settings' must be an object")
    unknown = sorted(set(given) - set(SETTING_RULES))
    if unknown:
        bad(f"estimator 'settings' has unknown keys: {', '.join(unknown)}")
    params, r_settings = {}, {}
    for key, rule in SETTING_RULES.items():
        if key not in given:
            continue
        v = given[key]
        if not _estimator_setting_ok(key, v):
            bad(f"estimator setting '{key}' must be {rule}")
        if key in R_ONLY_SETTINGS:
            r_settings[key] = v
            continue
        if key == "hidden":
            v = tuple(int(h) for h in v)
        elif key == "batch_size":
            v = "auto" if v is None else int(v)
        elif key in ("epochs", "seed", "n_iter_no_change") and v is not None:
            v = int(v)
        params[SETTING_PARAMS.get(key, key)] = v
    return params, r_settings


def _estimator_setting_ok(key, v):
    """Does a setting's value follow its rule (``SETTING_RULES``)?"""
    if key == "hidden":
        return isinstance(v, list) and all(_is_json_whole(h) and h >= 1 for h in v)
    if key in ("epochs", "n_iter_no_change"):
        return _is_json_whole(v) and v >= 1
    if key == "batch_size":
        return v is None or (_is_json_whole(v) and v >= 1)
    if key in ("shuffle", "nesterov", "early_stopping"):
        return isinstance(v, bool)
    if key == "abstol":
        return v is None or _is_json_finite(v)
    if key == "seed":
        return v is None or _is_json_whole(v)
    if key == "mode":
        return v in ("blas", "exact")
    if key in FLOAT_SETTINGS:
        return _is_json_finite(v)
    return isinstance(v, str)
