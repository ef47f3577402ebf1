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
