"""config.json and the JSON loader (issue 10, defects 2, 5, 6, 7, 10): every
value checked before anything is read, trained or written; nothing ignored.
The same cases run through R in parity_tests/test_config_parity.py."""

import json

import numpy as np
import pytest
from conftest import python_error

from twinnet import MLP
from twinnet.cli import main
from twinnet.config import read_config
from twinnet.model_file import load_model
from twinnet.training_config import train_from_config
from twinnet.validation import TwinnetError

GOOD = {"x": "x.csv", "y": "y.csv", "layers": [2, 3, 1], "epochs": 5}
NET = {
    "x": "x.csv",
    "y": "y.csv",
    "network": [{"type": "dense", "n_in": 2, "n_out": 1}, {"type": "activation"}],
    "epochs": 5,
}


def write(folder, text, name="config.json"):
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def config_error(folder, text):
    path = write(folder, text if isinstance(text, (str, bytes)) else json.dumps(text))
    return python_error(lambda: read_config(path)).replace(str(path), "C")


@pytest.mark.parametrize(
    "config, message",
    [
        ({**GOOD, "epochs": 0}, "C: epochs must be a whole number in [1, 2147483647], got 0"),
        ({**GOOD, "epochs": -2}, "C: epochs must be a whole number in [1, 2147483647], got -2"),
        ({**GOOD, "epochs": 1e12}, "got 1000000000000"),
        ({**GOOD, "epochs": "10"}, "C: epochs must be a whole number in [1, 2147483647], got '10'"),
        ({**GOOD, "epochs": None}, "got null"),
        ({**GOOD, "lr": [0.1]}, "C: lr must be a positive finite number, got a list"),
        ({**GOOD, "loss": ["mse"]}, "got a list"),
        ({**GOOD, "layers": "4,3,1"}, "got '4,3,1'"),
        ({**GOOD, "layers": [2, {"n": 3}, 1]}, "got an object at position 2"),
        ({**GOOD, "optimizer": "nonsense"}, "C: optimizer is a setting of network configs only"),
        ({**GOOD, "batch_size": 2, "shuffle": True}, "C: batch_size, shuffle are settings of"),
        ({**NET, "activation": "tanh"}, "C: activation is a setting of layers configs only"),
        ({**NET, "bias": False}, "C: bias is a setting of layers configs only"),
        ({**NET, "momentum": 0.5}, "C: momentum is not used by optimizer 'sgd'"),
        ({**GOOD, "network": NET["network"]}, "C has both layers and network; give one of them"),
    ],
)
def test_bad_config_values_are_named(tmp_path, config, message):
    assert message in config_error(tmp_path, config)


def test_relu_is_accepted_in_a_layers_config_as_the_docs_say(tmp_path):
    path = write(tmp_path, json.dumps({**GOOD, "activation": "relu"}))
    assert read_config(path)["activation"] == "relu"


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"x": "a", "epochs": 10, "epochs": 20}', "C has the key 'epochs' twice in one object"),
        ('{"x": "a.csv" // data\n}', "C is not valid JSON"),
        ('{"epochs": NaN}', "C is not valid JSON"),
        ("[" * 65 + "]" * 65, "C nests deeper than 64 levels"),
        ("[" * 200000 + "]" * 200000, "C nests deeper than 64 levels"),
        (b'{"x": "\xff"}', "C is not UTF-8 text"),
    ],
)
def test_json_loader_refuses_what_is_not_plain_json(tmp_path, text, message):
    assert config_error(tmp_path, text) == f"config {message}".replace("config C", "config file C")


def test_bom_is_skipped_and_whole_numbers_written_with_a_point_are_integers(tmp_path):
    text = json.dumps({**GOOD, "epochs": 4.0, "seed": 3.0})
    config = read_config(write(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    assert config["epochs"] == 4 and type(config["epochs"]) is int
    assert config["seed"] == 3 and type(config["seed"]) is int


def test_a_layers_config_with_network_settings_is_not_trained_silently():
    config = {**GOOD, "batch_size": 1, "optimizer": "sgd", "lr": 0.1, "seed": 1, "mode": "blas"}
    X, Y = np.zeros((2, 2)), np.zeros((2, 1))
    with pytest.raises(TwinnetError, match="batch_size is a setting of network configs only"):
        train_from_config(config, X, Y, model=MLP([2, 3, 1]))


def test_epochs_beyond_r_integers_are_refused_like_r():
    with pytest.raises(TwinnetError, match="epochs must be at most 2147483647, got 1000000000000"):
        MLP([2, 1]).fit(np.zeros((2, 2)), np.zeros((2, 1)), 1e12)


def toy(folder, **changes):
    (folder / "x.csv").write_text("a,b\n0,0\n0,1\n1,0\n1,1\n")
    (folder / "y.csv").write_text("y\n0\n1\n1\n0\n")
    return write(folder, json.dumps({**GOOD, **changes}))


def test_train_with_epochs_0_keeps_the_existing_model_and_says_why(tmp_path, capsys):
    out = tmp_path / "model.json"
    out.write_text("keep me\n")
    status = main(["train", "--config", str(toy(tmp_path, epochs=0)), "--out", str(out)])
    assert status == 1 and out.read_text() == "keep me\n"
    err = capsys.readouterr().err
    assert err.startswith("twinnet: error: config file") and "got 0" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lr": 0.5}, "its lr is 0.1 but the config's is 0.5"),
        ({"seed": 7}, "its seed is 42 but the config's is 7"),
        ({"mode": "exact"}, "its mode is 'blas' but the config's is 'exact'"),
        ({"loss": "mse"}, "its loss is 'half_sse' but the config's is 'mse'"),
        ({"layers": [2, 4, 1]}, "its layers is [2, 3, 1] but the config's is [2, 4, 1]"),
    ],
)
def test_resume_refuses_a_changed_setting(tmp_path, capsys, change, message):
    out = tmp_path / "model.json"
    assert main(["train", "--config", str(toy(tmp_path, epochs=3)), "--out", str(out)]) == 0
    before = out.read_bytes()
    config = toy(tmp_path, epochs=6, **change)
    capsys.readouterr()
    assert main(["train", "--config", str(config), "--out", str(out), "--resume"]) == 1
    assert out.read_bytes() == before
    assert capsys.readouterr().err == f"twinnet: error: cannot resume {out}: {message}\n"


def test_resume_continues_with_the_same_config(tmp_path):
    out = tmp_path / "model.json"
    assert main(["train", "--config", str(toy(tmp_path, epochs=3)), "--out", str(out)]) == 0
    config = toy(tmp_path, epochs=6)
    assert main(["train", "--config", str(config), "--out", str(out), "--resume"]) == 0
    assert len(load_model(out).loss_history) == 6
    before = out.read_bytes()
    assert main(["train", "--config", str(config), "--out", str(out), "--resume"]) == 0
    assert out.read_bytes() == before  # nothing left to train: not rewritten
    fewer = toy(tmp_path, epochs=2)
    assert main(["train", "--config", str(fewer), "--out", str(out), "--resume"]) == 1


# ------------------------------------------------------------ training controls (issue 12)

ONE_BY_ONE = "C: x_val (with y_val) and validation_fraction cannot both be given; choose one"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"alpha": -0.1}, "C: alpha must be a finite number >= 0, got -0.1"),
        ({"weight_decay": "0.1"}, "C: weight_decay must be a finite number >= 0, got '0.1'"),
        ({"lr_schedule": "optimal"}, "C: lr_schedule must be one of constant, invscaling, "),
        ({"power_t": -1}, "C: power_t must be a finite number >= 0, got -1"),
        ({"nesterov": 1}, "C: nesterov must be true or false, got 1"),
        ({"tol": -1e-4}, "C: tol must be a finite number >= 0 or null, got -0.0001"),
        ({"n_iter_no_change": 0}, "C: n_iter_no_change must be a whole number in [1, 2147483647]"),
        (
            {"n_iter_no_change": 2.5},
            "C: n_iter_no_change must be a whole number in [1, 2147483647], got 2.5",
        ),
        ({"early_stopping": "yes"}, "C: early_stopping must be true or false, got 'yes'"),
        ({"validation_fraction": 0}, "C: validation_fraction must be a number in (0, 1) or null"),
        (
            {"validation_fraction": 1},
            "C: validation_fraction must be a number in (0, 1) or null, got 1",
        ),
        ({"stratify": None}, "C: stratify must be true or false, got null"),
        ({"validation_score": "auc"}, "C: validation_score must be one of accuracy, r2 or null"),
        ({"abstol": [0.1]}, "C: abstol must be a finite number >= 0 or null, got a list"),
        ({"sample_weight": ""}, "C: sample_weight must be a file name, got ''"),
        ({"x_val": 3}, "C: x_val must be a file name, got 3"),
        ({"x_val": "xv.csv"}, "C: x_val and y_val go together; give both or neither"),
        ({"y_val": "yv.csv"}, "C: x_val and y_val go together; give both or neither"),
        ({"sample_weight_val": "wv.csv"}, "C: sample_weight_val needs x_val and y_val"),
        (
            {"alpha": 0.1, "weight_decay": 0.1},
            "C: alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty "
            "(weights only), weight_decay nnet's (weights and biases); choose one",
        ),
        ({"nesterov": True}, "C: nesterov needs optimizer momentum, got optimizer sgd"),
        ({"lr_schedule": "adaptive"}, "C: lr_schedule adaptive needs tol (a number >= 0)"),
        ({"x_val": "a.csv", "y_val": "b.csv", "validation_fraction": 0.2}, ONE_BY_ONE),
        (
            {"early_stopping": True, "tol": 0},
            "C: early_stopping needs a validation set: x_val and y_val or validation_fraction",
        ),
        (
            {"early_stopping": True, "validation_fraction": 0.2},
            "C: early_stopping needs tol (a number >= 0)",
        ),
        ({"stratify": True}, "C: stratify needs validation_fraction"),
        # a setting that would be ignored, as momentum with sgd
        (
            {"power_t": 0.25},
            "C: power_t is not used by lr_schedule 'constant' (only by 'invscaling')",
        ),
        (
            {"power_t": 0.25, "lr_schedule": "adaptive", "tol": 0.1},
            "C: power_t is not used by lr_schedule 'adaptive' (only by 'invscaling')",
        ),
        (
            {"n_iter_no_change": 5},
            "C: n_iter_no_change is not used without tol (tol null: training never stops early)",
        ),
        (
            {"n_iter_no_change": 5, "tol": None},
            "C: n_iter_no_change is not used without tol (tol null: training never stops early)",
        ),
        (
            {"validation_score": "r2"},
            "C: validation_score needs a validation set: x_val and y_val or validation_fraction",
        ),
    ],
)
def test_bad_training_controls_are_refused_before_any_data_is_read(tmp_path, changes, message):
    """The rules of config.py's TRAINING_CONTROLS, and the combinations
    Network.fit refuses (the same words), from the config alone: the data
    files named do not exist. The R twin: test-config.R; both languages:
    parity_tests/catalogue."""
    assert config_error(tmp_path, {**GOOD, **changes}).startswith("config file " + message)


def test_network_only_combinations_are_refused_too(tmp_path):
    assert config_error(tmp_path, {**NET, "decay": 0.1, "lr_schedule": "invscaling"}) == (
        "config file C: decay > 0 needs lr_schedule constant, got lr_schedule invscaling"
    )
    assert config_error(tmp_path, {**NET, "optimizer": "adam", "nesterov": True}) == (
        "config file C: nesterov needs optimizer momentum, got optimizer adam"
    )
    # what is accepted: nesterov with momentum, null for the None defaults
    path = write(
        tmp_path,
        json.dumps({**NET, "optimizer": "momentum", "nesterov": True, "tol": None, "abstol": None}),
    )
    config = read_config(path)
    assert config["nesterov"] is True and config["tol"] is None and config["abstol"] is None
    # power_t with invscaling, n_iter_no_change with tol: used, so accepted
    used = {**NET, "lr_schedule": "invscaling", "power_t": 0.25, "tol": 0.1, "n_iter_no_change": 5}
    config = read_config(write(tmp_path, json.dumps(used)))
    assert config["power_t"] == 0.25 and config["n_iter_no_change"] == 5


def test_training_controls_default_to_fits_defaults_and_files_are_made_absolute(tmp_path):
    """Config defaults = Network.fit's argument defaults (one spelling, one
    default); the data files are taken relative to the config."""
    import inspect

    from twinnet import Network
    from twinnet.config import TRAINING_CONTROLS

    config = read_config(write(tmp_path, json.dumps(GOOD)))
    fit = inspect.signature(Network.fit).parameters
    for key in TRAINING_CONTROLS:
        assert config[key] == fit[key].default, key
    files = {"sample_weight": "w.csv", "x_val": "xv.csv", "y_val": "yv.csv"}
    config = read_config(
        write(tmp_path, json.dumps({**GOOD, **files, "sample_weight_val": "v.csv"}))
    )
    for key, name in {**files, "sample_weight_val": "v.csv"}.items():
        assert config[key] == str(tmp_path / name)


def write_toy(folder):
    """The toy problem of 6 rows, its weights (0 for rows 5 and 6) and a
    validation set: names of the files written."""
    from twinnet.io import write_matrix

    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.2], [0.3, 0.9]])
    Y = np.array([[1.0], [1.0], [0.0], [0.0], [1.0], [0.0]])
    w = np.array([[1.0], [2.0], [0.5], [1.5], [0.0], [0.0]])
    write_matrix(X, folder / "x.csv", prefix="x")
    write_matrix(Y, folder / "y.csv")
    write_matrix(w, folder / "w.csv", prefix="w")
    write_matrix(X[:4], folder / "xv.csv", prefix="x")
    write_matrix(Y[:4], folder / "yv.csv")
    write_matrix(w[:4], folder / "wv.csv", prefix="w")
    write_matrix(np.hstack([w, w]), folder / "w2.csv", prefix="w")
    return X, Y, w


def test_a_config_trains_with_its_weight_and_validation_files_as_fit_does(tmp_path):
    """train_from_config reads sample_weight, x_val, y_val and
    sample_weight_val and hands them to fit: the same bits as fit given the
    arrays; zero weights are the rows dropped (full batch, exact mode)."""
    X, Y, w = write_toy(tmp_path)
    files = {"sample_weight": "w.csv", "x_val": "xv.csv", "y_val": "yv.csv"}
    settings = {"alpha": 0.01, "validation_score": "accuracy", "mode": "exact"}
    path = write(tmp_path, json.dumps({**GOOD, **files, "sample_weight_val": "wv.csv", **settings}))
    config = read_config(path)
    model = train_from_config(config, X, Y)
    direct = MLP([2, 3, 1], mode="exact").fit(
        X,
        Y,
        5,
        sample_weight=w,
        alpha=0.01,
        validation_data=(X[:4], Y[:4], w[:4]),
        validation_score="accuracy",
    )
    for a, b in zip(model.weights + model.biases, direct.weights + direct.biases):
        np.testing.assert_array_equal(a, b)
    assert model.validation_loss_history == direct.validation_loss_history
    assert len(model.validation_score_history) == 5
    dropped = MLP([2, 3, 1], mode="exact").fit(X[:4], Y[:4], 5, sample_weight=w[:4], alpha=0.01)
    no_validation = {"x_val": None, "y_val": None, "validation_score": None}
    weighted = train_from_config({**config, **no_validation}, X, Y)
    for a, b in zip(weighted.weights + weighted.biases, dropped.weights + dropped.biases):
        np.testing.assert_array_equal(a, b)


def test_a_weight_file_of_two_columns_is_refused_naming_the_file(tmp_path):
    X, Y, _ = write_toy(tmp_path)
    config = read_config(write(tmp_path, json.dumps({**GOOD, "sample_weight": "w2.csv"})))
    message = python_error(lambda: train_from_config(config, X, Y))
    assert message == f"sample weight file {tmp_path / 'w2.csv'} must have one column, got 2"
