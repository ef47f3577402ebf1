"""Model files, configs and CSVs: exact round trips, clear errors, and files
written whole or not at all."""

import json
import math
import os

import numpy as np
import pytest
from conftest import FIXTURES, python_error

from twinnet import MLP, TwinnetError, load_model, save_model
from twinnet.config import read_config
from twinnet.io import read_matrix, write_matrix


def test_model_round_trips_exactly(tmp_path, toy):
    X, Y = toy
    model = MLP([4, 3, 1], lr=0.25, seed=5, loss="mse").fit(X, Y, 50)
    save_model(model, tmp_path / "m.json")
    back = load_model(tmp_path / "m.json")
    for a, b in zip(model.weights + model.biases, back.weights + back.biases):
        np.testing.assert_array_equal(a, b)
    assert back.loss_history == model.loss_history
    assert (back.sizes, back.lr, back.seed, back.loss, back.mode, back.bias) == (
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
        (
            "x1,x2\n1,2\n3,\n",
            "a missing, NaN or infinite value in column 'x2' (column 2) at line 3",
        ),
        ("x1,x2\n1,NaN\n", "a missing, NaN or infinite value in column 'x2' (column 2) at line 2"),
        ("x1,x2\n1,Inf\n", "a missing, NaN or infinite value in column 'x2' (column 2) at line 2"),
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


# ---- model files at the edge (issue 10; docs/inputs.md "Model files")


def _saved_model(tmp_path, model=None):
    """A model file's content as plain JSON objects, and a path to write changes to."""
    model = model or MLP([2, 3, 1], seed=4).fit(np.array([[0.0, 1.0]]), np.array([[1.0]]), 2)
    save_model(model, tmp_path / "m.json")
    return json.loads((tmp_path / "m.json").read_text()), tmp_path / "bad.json"


def _load_message(path, data):
    path.write_text(json.dumps(data))
    return python_error(lambda: load_model(path))


def test_a_null_weight_is_refused_naming_the_entry(tmp_path):
    data, path = _saved_model(tmp_path)
    data["weights"][0][1][2] = None
    assert _load_message(path, data) == (
        f"model file {path}: value 3 of row 2 of weight matrix 1 must be a finite number, got null"
    )


def test_a_ragged_weight_row_is_refused_without_numpy_words(tmp_path):
    data, path = _saved_model(tmp_path)
    data["weights"][0][0] = [0.5, 0.5]
    message = _load_message(path, data)
    assert message == f"model file {path}: row 1 of weight matrix 1 must have 3 numbers, got 2"
    assert "inhomogeneous" not in message


def test_a_resume_from_a_model_with_a_null_weight_leaves_the_file_as_it_was(tmp_path, capsys):
    from twinnet.cli import main

    config = str(FIXTURES / "seed000_toy" / "config.json")
    out = tmp_path / "m.json"
    assert main(["train", "--config", config, "--out", str(out), "--epochs", "3", "--quiet"]) == 0
    data = json.loads(out.read_text())
    data["weights"][1][0][0] = None
    out.write_text(json.dumps(data))
    before = out.read_bytes()
    argv = ["train", "--config", config, "--out", str(out), "--epochs", "6", "--resume"]
    assert main(argv) == 1
    assert "weight matrix 2 must be a finite number, got null" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_an_rng_state_of_the_wrong_length_is_refused(tmp_path):
    data, path = _saved_model(tmp_path)
    data["rng_state"] = data["rng_state"][:624]
    assert _load_message(path, data) == (
        f"model file {path}: rng_state must have 626 numbers, got 624"
    )


def test_version_1_0_is_version_1(tmp_path):
    data, path = _saved_model(tmp_path)
    path.write_text(json.dumps(data).replace('"version": 1,', '"version": 1.0,'))
    assert '"version": 1.0' in path.read_text()
    assert load_model(path).loss_history == data["loss_history"]


def test_a_repeated_key_in_a_model_file_is_refused(tmp_path):
    data, path = _saved_model(tmp_path)
    text = json.dumps(data)
    path.write_text(text[:-1] + ', "weights": []}')
    with pytest.raises(TwinnetError, match="'weights'"):
        load_model(path)


def test_a_loss_history_given_as_a_string_is_refused(tmp_path):
    data, path = _saved_model(tmp_path)
    data["loss_history"] = "0.25"
    assert _load_message(path, data) == (
        f"model file {path}: loss_history must be a list of numbers, got a string"
    )


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("config", "lr"), None, "config entry 'lr' must be a positive number, got null"),
        (
            ("config", "layers"),
            3,
            "config entry 'layers' must be a list of at least 2 sizes, got 3",
        ),
        (("config", "bias"), [], "config entry 'bias' must be true or false, got a list"),
        (("weights",), {}, "weights must be a list of 2 matrices, got an object"),
        (
            ("weights", 1, 0),
            "x",
            "row 1 of weight matrix 2 must be a list of 1 numbers, got a string",
        ),
        (("biases", 0, 0), True, "value 1 of bias row 1 must be a finite number, got a boolean"),
        (("loss_history", 0), [1], "value 1 of loss_history must be a finite number, got a list"),
        (
            ("rng_state", 7),
            0.5,
            "value 8 of rng_state must be a whole number in [-2147483648, 2147483647], got 0.5",
        ),
        (("optimizer",), "sgd", "optimizer must be null for a layers model, got a string"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_named(tmp_path, where, value, message):
    data, path = _saved_model(tmp_path)
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    assert _load_message(path, data) == f"model file {path}: {message}"


def test_unknown_top_level_keys_are_refused_but_estimator_is_the_formats(tmp_path):
    data, path = _saved_model(tmp_path)
    data["comment"] = "mine"
    assert _load_message(path, data) == f"model file {path} has unknown keys: comment"


def test_a_network_checkpoint_with_adam_round_trips_and_its_state_is_checked(tmp_path):
    from twinnet import Activation, Dense, Network

    net = Network(seed=2).add(Dense(2, 2)).add(Activation("tanh")).add(Dense(2, 1))
    net.use("mse").fit(np.eye(2), np.ones((2, 1)), 2, lr=0.01, optimizer="adam")
    data, path = _saved_model(tmp_path, net)
    path.write_text(json.dumps(data))
    back = load_model(path)
    assert back._optimizer_key == net._optimizer_key
    for a, b in zip(back._optimizer.m + back._optimizer.v, net._optimizer.m + net._optimizer.v):
        np.testing.assert_array_equal(a, b)
    data["optimizer"]["state"]["m"][3] = [[0.0, 0.0]]
    assert _load_message(path, data) == (
        f"model file {path}: row 1 of array 4 of optimizer state 'm' must have 1 numbers, got 2"
    )


def test_the_rng_word_0x80000000_round_trips(tmp_path):
    data, path = _saved_model(tmp_path)
    data["rng_state"][50] = -(2**31)
    path.write_text(json.dumps(data))
    save_model(load_model(path), tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text())["rng_state"] == data["rng_state"]


# CSV data files: read by position, the rules of docs/inputs.md ("CSV data
# files"), the same decisions and messages as R (R/tests/testthat/test-io.R,
# parity_tests/test_csv_parity.py).
CSV_READS = [
    ("repeated names", "a,a\n1,2\n3,4\n", [[1.0, 2.0], [3.0, 4.0]]),
    ("byte-order mark", "\ufeffa,b\n1,2\n", [[1.0, 2.0]]),
    ("byte-order mark, quoted names", '\ufeff"a","b"\n1,2\n', [[1.0, 2.0]]),
    ("quoted numbers", '"a","b"\n"1.5"," 2 "\n', [[1.5, 2.0]]),
    ("blank lines", "\n\na,b\n\n1,2\n\n3,4\n\n", [[1.0, 2.0], [3.0, 4.0]]),
    ("spaces", "a , b\n 1 ,\t2\n", [[1.0, 2.0]]),
    ("CRLF", "a,b\r\n1,2\r\n", [[1.0, 2.0]]),
    ("CR", "a,b\r1,2\r", [[1.0, 2.0]]),
    ("no final line break", "a,b\n1,2", [[1.0, 2.0]]),
    ("number forms", "a,b,c,d,e\n.5,5.,-0,+1E+2,007.50e-1\n", [[0.5, 5.0, -0.0, 100.0, 0.75]]),
    ("subnormal", "a,b\n1e-320,4.9406564584124654e-324\n", [[1e-320, 5e-324]]),
    ("long digits", "a\n0.1000000000000000055511151231257827\n", [[0.1]]),
    ("big integer", "a\n123456789012345678901234567890\n", [[1.2345678901234568e29]]),
]


@pytest.mark.parametrize("case, text, expected", CSV_READS, ids=[c[0] for c in CSV_READS])
def test_csv_files_are_read_by_position_with_exact_numbers(tmp_path, case, text, expected):
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode())
    got = read_matrix(path)
    np.testing.assert_array_equal(got, np.array(expected))
    assert np.signbit(got).tolist() == np.signbit(np.array(expected)).tolist()


CSV_ERRORS = [
    ("blank name", "a,,b\n1,2,3\n", ": column 2 has no name"),
    (
        "write.csv row names",
        '"","a"\n"1",2\n',
        ": column 1 has no name (R's write.csv writes a nameless row-name column first:"
        " write the file with row.names = FALSE)",
    ),
    (
        "no header",
        "1,2\n3,4\n",
        " has no header row: its first line holds numbers only"
        " (the first line must name the columns)",
    ),
    ("extra cell", "a,b\n1,2\n3,4,5\n", ": line 3 has 3 cells, the header has 2"),
    ("short row", "a,b\n\n1,2\n3\n", ": line 4 has 1 cell, the header has 2"),
    ("0x10", "a\n0x10\n", " has a non-numeric value in column 'a' (column 1) at line 2: '0x10'"),
    (
        "TRUE",
        "a,b\n1,TRUE\n",
        " has a non-numeric value in column 'b' (column 2) at line 2: 'TRUE'",
    ),
    ("1_000", "a\n1_000\n", " has a non-numeric value in column 'a' (column 1) at line 2: '1_000'"),
    (
        "1,5 quoted",
        'a\n"1,5"\n',
        " has a non-numeric value in column 'a' (column 1) at line 2: '1,5'",
    ),
    (
        "NA",
        "a,b\n1,NA\n",
        " has a missing, NaN or infinite value in column 'b' (column 2) at line 2: 'NA'",
    ),
    (
        "empty cell",
        "a,b\n1, \n",
        " has a missing, NaN or infinite value in column 'b' (column 2) at line 2: ''",
    ),
    (
        "-Inf",
        "a\n-Inf\n",
        " has a missing, NaN or infinite value in column 'a' (column 1) at line 2: '-Inf'",
    ),
    (
        "overflow",
        "a\n1e999\n",
        " has a missing, NaN or infinite value in column 'a' (column 1) at line 2: '1e999'",
    ),
    (
        "first in file order",
        "a,b\n1,x\ny,2\n",
        " has a non-numeric value in column 'b' (column 2) at line 2: 'x'",
    ),
    (
        "a line break in a cell",
        'a,b\n"1\n2",3\n',
        " has a non-numeric value in column 'a' (column 1) at line 2: '1 2'",
    ),
    ("open quote", 'a,b\n1,2\n\n"3,4\n5,6\n', ": line 4 opens a quote that is never closed"),
    ("empty", "", " is empty"),
    ("blank lines only", "\n\n", " is empty"),
    ("header only", "a,b\n", " is empty (0 x 2): it has a header and no rows"),
]


@pytest.mark.parametrize("case, text, message", CSV_ERRORS, ids=[c[0] for c in CSV_ERRORS])
def test_bad_csv_files_get_one_message_naming_line_and_column(tmp_path, case, text, message):
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode())
    with pytest.raises(TwinnetError) as info:
        read_matrix(path, "X")
    assert str(info.value) == f"X file {path}{message}"


@pytest.mark.parametrize(
    "data, line", [(b"a,\xe9\n1,2\n", 1), (b"a,b\n1,2\r\n3,\xff\n", 3), (b"a,b\n1,2\n\x00\n", 3)]
)
def test_csv_text_that_is_not_utf8_is_refused(tmp_path, data, line):
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    with pytest.raises(TwinnetError) as info:
        read_matrix(path, "Y")
    assert str(info.value) == f"Y file {path} is not UTF-8 text (line {line})"


def test_the_fast_path_decides_as_the_checked_path(tmp_path):
    """Plain files go through pandas (fast); every other file through the
    csv module and float(). On every short string of the plain bytes both
    give the same numbers or, where pandas refuses, the checked reading."""
    from itertools import product

    from twinnet.io import CSV_NUMBER, _csv_checked, _csv_plain

    cells = ["".join(p) for n in range(1, 5) for p in product("0.e-1", repeat=n)]
    cells += ["1E+2", "+.5", "5.e-3", "1e-320", "2.4703282292062328e-324", "1.7976931348623159e308"]
    for cell in cells:
        raw = f"a,b\n{cell},1\n".encode()
        fast = _csv_plain(raw, "X", "f.csv")
        try:
            slow = _csv_checked(raw, "X", "f.csv")[1]
        except TwinnetError:
            slow = None
        if fast is not None:
            assert slow is not None, cell
            assert fast[1].tobytes() == slow.tobytes(), cell
        # and the checked path follows the grammar
        number = CSV_NUMBER.match(cell) and math.isfinite(float(cell))
        assert (slow is not None) == bool(number), cell
        if number:
            assert slow[0, 0] == float(cell), cell


def test_a_fashion_mnist_sized_csv_reads_fast_and_exactly(tmp_path):
    rng = np.random.default_rng(7)
    m = rng.integers(0, 256, (2000, 784)) / 255
    write_matrix(m, tmp_path / "m.csv", prefix="x")
    import time

    start = time.perf_counter()
    got = read_matrix(tmp_path / "m.csv")
    assert time.perf_counter() - start < 5  # about 0.1 s on the fast path
    np.testing.assert_array_equal(got, m)


def test_read_columns_gives_the_names_by_position(tmp_path):
    from twinnet.io import read_columns

    (tmp_path / "d.csv").write_text('\ufeff a ,"b",a\n1,2,3\n')
    names, values = read_columns(tmp_path / "d.csv")
    assert names == ["a", "b", "a"]
    np.testing.assert_array_equal(values, [[1.0, 2.0, 3.0]])
    (tmp_path / "e.csv").write_text('\n"x, y",z\n" 1",2\n')
    assert read_columns(tmp_path / "e.csv")[0] == ["x, y", "z"]


@pytest.mark.parametrize("thing", [5, "model", None, {"weights": []}])
def test_saving_something_that_is_not_a_model_is_one_error(tmp_path, thing):
    with pytest.raises(TwinnetError, match=r"^model must be a twinnet model \(an MLP, a Network"):
        save_model(thing, tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()
