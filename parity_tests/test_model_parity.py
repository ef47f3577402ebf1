"""Model files at the edge (issue 10, docs/inputs.md "Model files"): every
hostile model file gets the same one-line message from both languages, naming
the entry; valid files written by each language load in the other with every
field identical."""

import copy
import json
import warnings

import numpy as np
import pytest

from parity import python_error, r, r_error
from twinnet import MLP, Activation, Dense, Network, load_model, save_model

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def _mlp(bias=True):
    return MLP([2, 3, 1], lr=0.5, seed=7, mode="exact", bias=bias).fit(X, Y, 3)


def _network(optimizer):
    net = Network(seed=3, mode="exact")
    net.add(Dense(2, 3, init="xavier")).add(Activation("tanh"))
    net.add(Dense(3, 1, bias=False)).add(Activation("sigmoid"))
    net.use("mse")
    return net.fit(X, Y, 3, lr=0.05, batch_size=2, shuffle=True, optimizer=optimizer)


def _validated():
    """Two epochs without a validation set, then three with one (its loss and
    r2 recorded, NaN for the first two epochs) and early stopping."""
    model = _mlp()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol 0 and 3 epochs: no stop, a ConvergenceWarning
        return model.fit(
            X,
            Y,
            3,
            validation_data=(X, Y),
            validation_score="r2",
            tol=0.0,
            early_stopping=True,
            n_iter_no_change=1,
        )


BASES = {
    "validated": _validated,
    "mlp": lambda: _mlp(),
    "nobias": lambda: _mlp(bias=False),
    "adam": lambda: _network("adam"),
    "momentum": lambda: _network("momentum"),
    "sgd": lambda: _network("sgd"),
}


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bases")
    out = {}
    for name, make in BASES.items():
        save_model(make(), folder / f"{name}.json")
        out[name] = json.loads((folder / f"{name}.json").read_text())
    return out


def put(*keys_and_value):
    """A change that sets data[k1][k2]... to the value."""
    *keys, value = keys_and_value

    def change(data):
        target = data
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return change


def drop(*keys):
    def change(data):
        target = data
        for k in keys[:-1]:
            target = target[k]
        del target[keys[-1]]

    return change


def append(*keys_and_value):
    """A change that appends the value to data[k1][k2]..."""
    *keys, value = keys_and_value

    def change(data):
        target = data
        for k in keys:
            target = target[k]
        target.append(value)

    return change


def zero_words(data):
    data["rng_state"][2:] = [0] * 624


# (id, base, change, expected message after "model file PATH")
CASES = [
    # the file
    ("format", "mlp", put("format", "twinnet"), " is not a twinnet model"),
    (
        "version-2",
        "mlp",
        put("version", 2),
        " has version 2; this twinnet reads version 1",
    ),
    (
        "version-1.5",
        "mlp",
        put("version", 1.5),
        " has version 1.5; this twinnet reads version 1",
    ),
    (
        "version-string",
        "mlp",
        put("version", "1"),
        ": version must be a number, got a string",
    ),
    (
        "version-null",
        "mlp",
        put("version", None),
        ": version must be a number, got null",
    ),
    ("no-version", "mlp", drop("version"), " has no 'version'"),
    ("no-rng-state", "mlp", drop("rng_state"), " has no 'rng_state'"),
    ("no-optimizer", "mlp", drop("optimizer"), " has no 'optimizer'"),
    ("unknown-key", "mlp", put("extra", 1), " has unknown keys: extra"),
    # the training controls' records (issue 12)
    (
        "validation-string",
        "validated",
        put("validation_loss_history", "NaN"),
        ": validation_loss_history must be a list of numbers, got a string",
    ),
    (
        "validation-short",
        "validated",
        drop("validation_loss_history", 0),
        ": validation_loss_history must have 0 or 6 values (one per epoch trained), got 5",
    ),
    (
        "validation-null",
        "validated",
        put("validation_loss_history", 1, None),
        ': value 2 of validation_loss_history must be a number, "NaN", "Inf" or "-Inf", got null',
    ),
    (
        "validation-nan-spelling",
        "validated",
        put("validation_score_history", 0, "nan"),
        ': value 1 of validation_score_history must be a number, "NaN", "Inf" or "-Inf", '
        "got a string",
    ),
    (
        "validation-score-flag",
        "validated",
        put("validation_score_history", True),
        ": validation_score_history must be a list of numbers, got a boolean",
    ),
    (
        "stop-reason-unknown",
        "validated",
        put("stop_reason", "converged"),
        ": stop_reason must be null or one of tol, early_stopping, abstol, got 'converged'",
    ),
    (
        "stop-reason-number",
        "validated",
        put("stop_reason", 1),
        ": stop_reason must be null or one of tol, early_stopping, abstol, got 1",
    ),
    (
        "best-epoch-negative",
        "validated",
        put("best_epoch", -1),
        ": best_epoch must be a whole number in [0, 6], got -1",
    ),
    (
        "best-epoch-beyond",
        "validated",
        put("best_epoch", 7),
        ": best_epoch must be a whole number in [0, 6], got 7",
    ),
    (
        "best-epoch-fraction",
        "validated",
        put("best_epoch", 2.5),
        ": best_epoch must be a whole number in [0, 6], got 2.5",
    ),
    # the config
    ("config-null", "mlp", put("config", None), ": config must be an object, got null"),
    (
        "config-list",
        "mlp",
        put("config", [1]),
        ": config must be an object, got a list",
    ),
    ("config-no-lr", "mlp", drop("config", "lr"), ": config has no 'lr'"),
    (
        "config-unknown",
        "mlp",
        put("config", "epochs", 3),
        ": config has unknown keys: epochs",
    ),
    (
        "layers-string",
        "mlp",
        put("config", "layers", "2,3,1"),
        ": config entry 'layers' must be a list of at least 2 sizes, got a string",
    ),
    (
        "layers-one",
        "mlp",
        put("config", "layers", [2]),
        ": config entry 'layers' must be a list of at least 2 sizes, got 1",
    ),
    (
        "layers-zero",
        "mlp",
        put("config", "layers", [2, 0, 1]),
        ": size 2 of config entry 'layers' must be a whole number in [1, 2147483647], got 0",
    ),
    (
        "layers-fraction",
        "mlp",
        put("config", "layers", [2, 3.5, 1]),
        ": size 2 of config entry 'layers' must be a whole number in [1, 2147483647], got 3.5",
    ),
    (
        "layers-null",
        "mlp",
        put("config", "layers", [2, None, 1]),
        ": size 2 of config entry 'layers' must be a whole number in [1, 2147483647], got null",
    ),
    (
        "lr-string",
        "mlp",
        put("config", "lr", "0.5"),
        ": config entry 'lr' must be a positive number, got a string",
    ),
    (
        "lr-negative",
        "mlp",
        put("config", "lr", -1),
        ": config entry 'lr' must be a positive number, got -1",
    ),
    (
        "lr-null",
        "mlp",
        put("config", "lr", None),
        ": config entry 'lr' must be a positive number, got null",
    ),
    (
        "seed-string",
        "mlp",
        put("config", "seed", "7"),
        ": config entry 'seed' must be a whole number in [-2147483647, 2147483647], got a string",
    ),
    (
        "seed-fraction",
        "mlp",
        put("config", "seed", 7.5),
        ": config entry 'seed' must be a whole number in [-2147483647, 2147483647], got 7.5",
    ),
    (
        "bias-string",
        "mlp",
        put("config", "bias", "yes"),
        ": config entry 'bias' must be true or false, got a string",
    ),
    (
        "bias-null",
        "mlp",
        put("config", "bias", None),
        ": config entry 'bias' must be true or false, got null",
    ),
    (
        "mode-number",
        "mlp",
        put("config", "mode", 1),
        ": config entry 'mode' must be a string, got 1",
    ),
    (
        "mode-unknown",
        "mlp",
        put("config", "mode", "fast"),
        ": unknown mode 'fast'; choose one of blas, exact",
    ),
    (
        "activation-list",
        "mlp",
        put("config", "activation", ["sigmoid"]),
        ": config entry 'activation' must be a string, got a list",
    ),
    (
        "loss-object",
        "mlp",
        put("config", "loss", {}),
        ": config entry 'loss' must be a string, got an object",
    ),
    (
        "network-string",
        "adam",
        put("config", "network", "dense"),
        ": config entry 'network' must be a non-empty list of layers, got a string",
    ),
    (
        "network-empty",
        "adam",
        put("config", "network", []),
        ": config entry 'network' must be a non-empty list of layers, got an empty list",
    ),
    (
        "network-layer-list",
        "adam",
        put("config", "network", 1, [1]),
        ": layer 2 of the network must be an object, got a list",
    ),
    (
        "network-no-type",
        "adam",
        drop("config", "network", 0, "type"),
        ": layer 1 of the network has no 'type'",
    ),
    (
        "network-type-number",
        "adam",
        put("config", "network", 0, "type", 5),
        ": 'type' of layer 1 of the network must be a string, got 5",
    ),
    (
        "network-no-n-out",
        "adam",
        drop("config", "network", 0, "n_out"),
        ": layer 1 of the network has no 'n_out'",
    ),
    (
        "network-n-in-string",
        "adam",
        put("config", "network", 2, "n_in", "3"),
        ": 'n_in' of layer 3 of the network must be a whole number in [1, 2147483647], "
        "got a string",
    ),
    (
        "network-bias-null",
        "adam",
        put("config", "network", 0, "bias", None),
        ": 'bias' of layer 1 of the network must be true or false, got null",
    ),
    (
        "network-name-null",
        "adam",
        put("config", "network", 1, "name", None),
        ": 'name' of layer 2 of the network must be a string, got null",
    ),
    (
        "network-unknown-type",
        "adam",
        put("config", "network", 1, "type", "conv"),
        ": unknown layer type 'conv' in layer 2; choose one of dense, activation, conv2d, "
        "max_pool2d, average_pool2d, flatten",
    ),
    (
        "network-unknown-key",
        "adam",
        put("config", "network", 1, "size", 3),
        ": layer 2 has unknown keys: size",
    ),
    (
        "network-loss-list",
        "adam",
        put("config", "loss", ["mse"]),
        ": config entry 'loss' must be a string or null, got a list",
    ),
    (
        "network-sizes-chain",
        "sgd",
        lambda d: (
            put("config", "network", 2, "n_in", 4)(d),
            put("weights", 1, [[0.5]] * 4)(d),
        ),
        ": layers do not chain: layer 3 takes 4 inputs but the layer before gives 3",
    ),
    # the weights
    (
        "weights-string",
        "mlp",
        put("weights", "w"),
        ": weights must be a list of 2 matrices, got a string",
    ),
    (
        "weights-null",
        "mlp",
        put("weights", None),
        ": weights must be a list of 2 matrices, got null",
    ),
    (
        "weights-one",
        "mlp",
        drop("weights", 1),
        ": weights must have 2 matrices (one per dense layer), got 1",
    ),
    (
        "weight-matrix-object",
        "mlp",
        put("weights", 0, {}),
        ": weight matrix 1 must be a list of 2 rows, got an object",
    ),
    (
        "weight-extra-row",
        "mlp",
        append("weights", 0, [0, 0, 0]),
        ": weight matrix 1 must have 2 rows, got 3",
    ),
    (
        "weight-row-number",
        "mlp",
        put("weights", 0, 0, 5),
        ": row 1 of weight matrix 1 must be a list of 3 numbers, got 5",
    ),
    (
        "weight-ragged-row",
        "mlp",
        put("weights", 0, 1, [0.5]),
        ": row 2 of weight matrix 1 must have 3 numbers, got 1",
    ),
    (
        "weight-null",
        "mlp",
        put("weights", 0, 0, 1, None),
        ": value 2 of row 1 of weight matrix 1 must be a finite number, got null",
    ),
    (
        "weight-string",
        "mlp",
        put("weights", 1, 2, 0, "1"),
        ": value 1 of row 3 of weight matrix 2 must be a finite number, got a string",
    ),
    (
        "weight-boolean",
        "mlp",
        put("weights", 0, 0, 0, True),
        ": value 1 of row 1 of weight matrix 1 must be a finite number, got a boolean",
    ),
    (
        "weight-list",
        "mlp",
        put("weights", 0, 0, 0, [1]),
        ": value 1 of row 1 of weight matrix 1 must be a finite number, got a list",
    ),
    (
        "weight-object",
        "mlp",
        put("weights", 0, 0, 0, {}),
        ": value 1 of row 1 of weight matrix 1 must be a finite number, got an object",
    ),
    (
        "weight-overflow",
        "mlp",
        put("weights", 0, 0, 0, 10**400),
        ": value 1 of row 1 of weight matrix 1 must be a finite number, got inf",
    ),
    (
        "weight-network",
        "adam",
        put("weights", 1, 0, 0, None),
        ": value 1 of row 1 of weight matrix 2 must be a finite number, got null",
    ),
    # the biases
    (
        "biases-object",
        "mlp",
        put("biases", {}),
        ": biases must be a list of 2 rows, got an object",
    ),
    (
        "biases-one",
        "mlp",
        drop("biases", 1),
        ": biases must have 2 rows (one per dense layer with a bias), got 1",
    ),
    (
        "bias-null",
        "mlp",
        put("biases", 0, 0, None),
        ": value 1 of bias row 1 must be a finite number, got null",
    ),
    (
        "bias-short",
        "mlp",
        put("biases", 0, [0.1]),
        ": bias row 1 must have 3 numbers, got 1",
    ),
    (
        "bias-number",
        "mlp",
        put("biases", 1, 0.5),
        ": bias row 2 must be a list of 1 numbers, got 0.5",
    ),
    (
        "bias-off-given",
        "nobias",
        put("biases", [[0, 0, 0], [0]]),
        ": biases must have 0 rows (one per dense layer with a bias), got 2",
    ),
    (
        "bias-network",
        "adam",
        put("biases", [[0, 0, 0], [0]]),
        ": biases must have 1 rows (one per dense layer with a bias), got 2",
    ),
    # the loss history
    (
        "history-string",
        "mlp",
        put("loss_history", "0.5"),
        ": loss_history must be a list of numbers, got a string",
    ),
    (
        "history-null",
        "mlp",
        put("loss_history", None),
        ": loss_history must be a list of numbers, got null",
    ),
    (
        "history-value-null",
        "mlp",
        put("loss_history", 1, None),
        ": value 2 of loss_history must be a finite number, got null",
    ),
    (
        "history-value-list",
        "mlp",
        put("loss_history", 0, [0.5]),
        ": value 1 of loss_history must be a finite number, got a list",
    ),
    # the generator's state
    (
        "rng-null",
        "mlp",
        put("rng_state", None),
        ": rng_state must be a list of 626 whole numbers, got null",
    ),
    (
        "rng-short",
        "mlp",
        drop("rng_state", 625),
        ": rng_state must have 626 numbers, got 625",
    ),
    (
        "rng-fraction",
        "mlp",
        put("rng_state", 4, 1.5),
        ": value 5 of rng_state must be a whole number in [-2147483648, 2147483647], got 1.5",
    ),
    (
        "rng-too-large",
        "mlp",
        put("rng_state", 9, 2**31),
        ": value 10 of rng_state must be a whole number in [-2147483648, 2147483647], "
        "got 2147483648",
    ),
    (
        "rng-string",
        "mlp",
        put("rng_state", 3, "1"),
        ": value 4 of rng_state must be a whole number in [-2147483648, 2147483647], got a string",
    ),
    (
        "rng-kind",
        "mlp",
        put("rng_state", 0, 10404),
        ": value 1 of rng_state must be 10403 (R's Mersenne-Twister), got 10404",
    ),
    (
        "rng-position",
        "mlp",
        put("rng_state", 1, 0),
        ": value 2 of rng_state (the generator's position) must be in [1, 624], got 0",
    ),
    ("rng-zero", "mlp", zero_words, ": rng_state has all 624 generator words zero"),
    # the optimiser
    (
        "optimizer-on-mlp",
        "mlp",
        put(
            "optimizer",
            {"name": "momentum", "settings": {"momentum": 0.9}, "state": {}},
        ),
        ": optimizer must be null for a layers model, got an object",
    ),
    (
        "optimizer-string",
        "adam",
        put("optimizer", "adam"),
        ": optimizer must be an object, got a string",
    ),
    (
        "optimizer-no-state",
        "adam",
        drop("optimizer", "state"),
        ": optimizer has no 'state'",
    ),
    (
        "optimizer-name-null",
        "adam",
        put("optimizer", "name", None),
        ": optimizer name must be a string, got null",
    ),
    (
        "optimizer-name-unknown",
        "adam",
        put("optimizer", "name", "rmsprop"),
        ": unknown optimizer name 'rmsprop'; choose one of momentum, adam",
    ),
    (
        "optimizer-settings-list",
        "adam",
        put("optimizer", "settings", [0.9]),
        ": optimizer settings must be an object, got a list",
    ),
    (
        "optimizer-settings-missing",
        "adam",
        drop("optimizer", "settings", "beta2"),
        ": optimizer settings has no 'beta2'",
    ),
    (
        "optimizer-settings-unknown",
        "momentum",
        put("optimizer", "settings", "nesterov", True),
        ": optimizer settings has unknown keys: nesterov",
    ),
    (
        "optimizer-beta1-string",
        "adam",
        put("optimizer", "settings", "beta1", "0.9"),
        ": optimizer setting 'beta1' must be a number in [0, 1), got a string",
    ),
    (
        "optimizer-beta1-one",
        "adam",
        put("optimizer", "settings", "beta1", 1),
        ": optimizer setting 'beta1' must be a number in [0, 1), got 1",
    ),
    (
        "optimizer-momentum-big",
        "momentum",
        put("optimizer", "settings", "momentum", 1.5),
        ": optimizer setting 'momentum' must be a number in [0, 1], got 1.5",
    ),
    (
        "optimizer-state-list",
        "adam",
        put("optimizer", "state", []),
        ": optimizer state must be an object, got a list",
    ),
    (
        "optimizer-state-no-v",
        "adam",
        drop("optimizer", "state", "v"),
        ": optimizer state has no 'v'",
    ),
    (
        "optimizer-t-zero",
        "adam",
        put("optimizer", "state", "t", 0),
        ": optimizer state 't' must be a whole number in [1, 2147483647], got 0",
    ),
    (
        "optimizer-b1t-null",
        "adam",
        put("optimizer", "state", "b1t", None),
        ": optimizer state 'b1t' must be a number in [0, 1), got null",
    ),
    (
        "optimizer-m-count",
        "adam",
        drop("optimizer", "state", "m", 2),
        ": optimizer state 'm' must have 3 arrays (one per weight matrix and bias row), got 2",
    ),
    (
        "optimizer-m-shape",
        "adam",
        put("optimizer", "state", "m", 2, [[0, 0]]),
        ": row 1 of array 3 of optimizer state 'm' must have 3 numbers, got 2",
    ),
    (
        "optimizer-v-null",
        "adam",
        put("optimizer", "state", "v", 0, 1, 2, None),
        ": value 3 of row 2 of array 1 of optimizer state 'v' must be a finite number, got null",
    ),
    (
        "optimizer-velocity-string",
        "momentum",
        put("optimizer", "state", "velocity", "0"),
        ": optimizer state 'velocity' must be a list of 3 arrays, got a string",
    ),
]


def python_and_r_messages(path):
    return python_error(lambda: load_model(path)), r_error(f'load_model("{path.as_posix()}")')


@pytest.mark.parametrize(("case", "base", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_model_file_gets_the_same_message_in_both(
    bases, tmp_path, case, base, change, expected
):
    data = copy.deepcopy(bases[base])
    change(data)
    path = tmp_path / f"{case}.json"
    path.write_text(json.dumps(data))
    py, rr = python_and_r_messages(path)
    assert py == rr
    assert py == f"model file {path}{expected}"


def test_version_1_0_is_version_1_in_both(bases, tmp_path):
    path = tmp_path / "v.json"
    path.write_text(json.dumps(bases["adam"]).replace('"version": 1,', '"version": 1.0,'))
    assert '"version": 1.0' in path.read_text()
    model = load_model(path)
    back = r(f'load_model("{path.as_posix()}")')
    for a, b in zip(model.weights, back.rx2("weights")):
        np.testing.assert_array_equal(a, np.array(b))


def test_a_repeated_key_in_a_model_file_is_refused_by_both(bases, tmp_path):
    text = json.dumps(bases["mlp"], indent=1)
    # a second "loss_history" key, after the first: Python's json would keep
    # this one, jsonlite both
    path = tmp_path / "dup.json"
    path.write_text(text.rstrip().rstrip("}") + ', "loss_history": [1.0]\n}\n')
    py, rr = python_and_r_messages(path)
    assert py == rr
    assert "loss_history" in py


@pytest.mark.parametrize("base", sorted(BASES))
def test_a_model_saved_by_either_language_loads_in_the_other_identically(bases, tmp_path, base):
    path = tmp_path / "py.json"
    path.write_text(json.dumps(bases[base]))
    again = tmp_path / "r.json"
    r(f'save_model(load_model("{path.as_posix()}"), "{again.as_posix()}")')
    first, second = load_model(path), load_model(again)
    assert json.loads(path.read_text()) == json.loads(again.read_text())
    for a, b in zip(first.weights + first.biases, second.weights + second.biases):
        np.testing.assert_array_equal(a, b)
    assert first.loss_history == second.loss_history


def test_the_rng_word_minus_2_to_the_31_crosses_both_ways(bases, tmp_path):
    # R holds the 32-bit word 0x80000000 as NA_integer_ in .Random.seed; it
    # must be written back as -2147483648, the same word
    data = copy.deepcopy(bases["adam"])
    data["rng_state"][100] = -(2**31)
    path, again = tmp_path / "py.json", tmp_path / "r.json"
    path.write_text(json.dumps(data))
    r(f'save_model(load_model("{path.as_posix()}"), "{again.as_posix()}")')
    assert json.loads(again.read_text())["rng_state"] == data["rng_state"]
    assert load_model(again).rng.state().tolist() == data["rng_state"]


def test_adam_settings_in_another_key_order_keep_the_state_in_both(bases, tmp_path):
    data = copy.deepcopy(bases["adam"])
    settings = data["optimizer"]["settings"]
    data["optimizer"]["settings"] = {k: settings[k] for k in ("epsilon", "beta2", "beta1")}
    path = tmp_path / "order.json"
    path.write_text(json.dumps(data))
    net = load_model(path)
    net.fit(X, Y, 2, lr=0.05, batch_size=2, shuffle=True, optimizer="adam")
    out = r(f"""local({{
        net <- load_model("{path.as_posix()}")
        X <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4)
        fit(net, X, matrix(c(0, 1, 1, 0), 4), 2, lr = 0.05, batch_size = 2,
            shuffle = TRUE, optimizer = "adam")$weights
    }})""")
    for a, b in zip(net.weights, out):
        np.testing.assert_array_equal(a, np.array(b))


def test_validation_histories_with_nan_cross_both_ways(bases, tmp_path):
    """NaN (epochs without a validation set) and infinities are written as
    "NaN", "Inf", "-Inf" and read back as such by both languages; the stop
    reason and best epoch too."""
    data = copy.deepcopy(bases["validated"])
    assert data["validation_loss_history"][:3] == ["NaN"] * 3
    data["validation_loss_history"][4] = "Inf"
    data["validation_score_history"][5] = "-Inf"
    data.update(stop_reason="early_stopping", best_epoch=4)
    path, again = tmp_path / "py.json", tmp_path / "r.json"
    path.write_text(json.dumps(data))
    back = r(f'load_model("{path.as_posix()}")')
    loss = np.array(back.rx2("validation_loss_history"))
    assert np.isnan(loss[:3]).all() and loss[4] == np.inf
    assert np.array(back.rx2("validation_score_history"))[5] == -np.inf
    assert back.rx2("stop_reason")[0] == "early_stopping" and back.rx2("best_epoch")[0] == 4
    r(f'save_model(load_model("{path.as_posix()}"), "{again.as_posix()}")')
    assert json.loads(again.read_text()) == data
    model = load_model(again)
    assert model.validation_loss_history[4] == np.inf and np.isnan(model.validation_loss_history[0])
    assert (model.stop_reason, model.best_epoch) == ("early_stopping", 4)


def test_a_file_written_before_the_training_controls_loads_in_both(bases, tmp_path):
    data = copy.deepcopy(bases["validated"])
    for key in ("validation_loss_history", "validation_score_history", "stop_reason", "best_epoch"):
        del data[key]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    model = load_model(path)
    assert model.validation_loss_history == [] and model.validation_score_history == []
    assert model.stop_reason is None and model.best_epoch is None
    back = r(
        f'm <- load_model("{path.as_posix()}"); '
        "c(length(m$validation_loss_history), length(m$validation_score_history), "
        "is.null(m$stop_reason), is.null(m$best_epoch))"
    )
    assert list(back) == [0, 0, 1, 1]
