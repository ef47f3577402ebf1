"""Model files, configs and CSVs: exact round trips, clear errors, and files
written whole or not at all."""

import json
import os

import numpy as np
import pytest
from conftest import FIXTURES

from twinnet import MLP, TwinnetError, load_model, save_model
from twinnet.io import read_config, read_matrix, write_matrix


def test_model_round_trips_exactly(tmp_path, toy):
    X, Y = toy
    model = MLP([4, 3, 1], lr=0.25, seed=5, loss="mse").fit(X, Y, 50)
    save_model(model, tmp_path / "m.json")
    back = load_model(tmp_path / "m.json")
    for a, b in zip(model.weights + model.biases, back.weights + back.biases):
        np.testing.assert_array_equal(a, b)
    assert back.loss_history == model.loss_history
    assert (back.layers, back.lr, back.seed, back.loss, back.mode, back.bias) == (
        [4, 3, 1],
        0.25,
        5,
        "mse",
        "blas",
        True,
    )
    data = json.loads((tmp_path / "m.json").read_text())
    assert data["format"] == "twinnet-model" and data["version"] == 1
    assert data["biases"][0] == model.biases[0][0].tolist()
    assert data["weights"][0] == model.weights[0].tolist()


def test_csv_numbers_round_trip(tmp_path):
    rng = np.random.default_rng(4)
    m = rng.standard_normal((2000, 5)) * 10.0 ** rng.integers(-300, 300, (2000, 5))
    write_matrix(m, tmp_path / "m.csv")
    np.testing.assert_array_equal(read_matrix(tmp_path / "m.csv"), m)
    assert (tmp_path / "m.csv").read_text().splitlines()[0] == "y1,y2,y3,y4,y5"


def test_config_paths_are_relative_to_the_config_and_defaults_filled():
    config = read_config(FIXTURES / "seed000_toy" / "config.json")
    assert config["x"] == str(FIXTURES / "seed000_toy" / "x.csv")
    assert config["layers"] == [4, 3, 1] and config["activation"] == "sigmoid"
    config = read_config(FIXTURES / "seed002_xor" / "config.json")
    assert config["seed"] == 42  # the default, unused: weights come from files
    assert config["init_weights"] == [
        str(FIXTURES / "seed002_xor" / f) for f in ("w1.csv", "w2.csv")
    ]


def test_saving_into_a_missing_folder_writes_nothing(tmp_path):
    with pytest.raises(TwinnetError, match="could not write .*: folder .*nope does not exist"):
        save_model(MLP([2, 1]), tmp_path / "nope" / "m.json")
    assert not (tmp_path / "nope").exists()


def test_saving_over_a_folder_fails_and_leaves_no_temporary_file(tmp_path):
    (tmp_path / "m.json").mkdir()
    with pytest.raises(TwinnetError, match="could not write"):
        save_model(MLP([2, 1]), tmp_path / "m.json")
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    save_model(MLP([2, 1], seed=1), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(TwinnetError, match="disk full"):
        save_model(MLP([2, 1], seed=2), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("x1,x2\n1,2\n3,four\n", "has a non-numeric value in column 'x2'"),
        ("x1,x2\n1,2\n3,\n", "has a missing, NaN or infinite value at row 2, column 2"),
        ("x1,x2\n1,NaN\n", "has a missing, NaN or infinite value at row 1, column 2"),
        ("x1,x2\n1,Inf\n", "has a missing, NaN or infinite value at row 1, column 2"),
        ("x1,x2\n", "is empty (0 x 2)"),
    ],
)
def test_bad_csv_files_are_named(tmp_path, text, message):
    path = tmp_path / "d.csv"
    path.write_text(text)
    with pytest.raises(TwinnetError, match="d.csv") as info:
        read_matrix(path)
    assert message in str(info.value)


def test_bad_model_and_config_files_are_named(tmp_path):
    with pytest.raises(TwinnetError, match="model file not found"):
        load_model(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(TwinnetError, match="is not valid JSON"):
        load_model(tmp_path / "bad.json")
    with pytest.raises(TwinnetError, match="is not valid JSON"):
        read_config(tmp_path / "bad.json")
    (tmp_path / "v2.json").write_text(json.dumps({"format": "twinnet-model", "version": 2}))
    with pytest.raises(TwinnetError, match="has version 2; this twinnet reads version 1"):
        load_model(tmp_path / "v2.json")
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(TwinnetError, match="must hold a JSON object"):
        read_config(tmp_path / "list.json")
    save_model(MLP([2, 1]), tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text())
    data["weights"][0][0] = ["a"]
    (tmp_path / "m.json").write_text(json.dumps(data))
    with pytest.raises(TwinnetError, match="m.json"):
        load_model(tmp_path / "m.json")


def test_config_paths_that_are_absolute_are_kept(tmp_path):
    (tmp_path / "c.json").write_text(
        json.dumps({"x": "/data/x.csv", "y": "y.csv", "layers": [2, 1], "epochs": 1})
    )
    config = read_config(tmp_path / "c.json")
    assert config["x"] == "/data/x.csv"
    assert config["y"] == str(tmp_path / "y.csv")


def test_non_finite_values_are_written_as_nan_inf_and_minus_inf_as_in_r(tmp_path):
    write_matrix(np.array([[1.0, np.nan, np.inf, -np.inf]]), tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_text().splitlines()[1] == "1.0,nan,inf,-inf"
