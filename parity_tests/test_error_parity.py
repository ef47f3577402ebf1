"""Bad input gets the same error in both languages: a TwinnetError in Python
and an R condition of class twinnet_error, with the same message."""

import json

import numpy as np
import pytest

from parity import FIXTURES, python_error, r_error
from twinnet import MLP
from twinnet.config import read_config
from twinnet.io import read_matrix
from twinnet.model_file import load_model, save_model

TOY = (FIXTURES / "seed000_toy").as_posix()
X = "matrix(c(1,0,1,0, 1,0,1,1, 0,1,0,1), 3, 4, byrow = TRUE)"
PY_X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1.0]])
PY_Y = np.array([[1.0], [1.0], [0.0]])


def nan_x():
    x = PY_X.copy()
    x[1, 2] = np.nan
    return x


CASES = {
    "rows differ": (
        lambda: MLP([4, 3, 1]).fit(PY_X, np.ones((4, 1)), 1),
        f"fit(mlp(c(4, 3, 1)), {X}, matrix(1, 4, 1), 1)",
    ),
    "input size": (
        lambda: MLP([5, 3, 1]).fit(PY_X, PY_Y, 1),
        f"fit(mlp(c(5, 3, 1)), {X}, c(1, 1, 0), 1)",
    ),
    "output size": (
        lambda: MLP([4, 3, 2]).fit(PY_X, PY_Y, 1),
        f"fit(mlp(c(4, 3, 2)), {X}, c(1, 1, 0), 1)",
    ),
    "non-numeric": (
        lambda: MLP([4, 3, 1]).fit(np.array([["a", "b", "c", "d"]]), [1], 1),
        'fit(mlp(c(4, 3, 1)), matrix(c("a", "b", "c", "d"), 1), 1, 1)',
    ),
    "non-numeric column": (
        lambda: MLP([2, 3, 1]).fit(
            __import__("pandas").DataFrame({"a": [1.0], "b": ["x"]}), [1], 1
        ),
        'fit(mlp(c(2, 3, 1)), data.frame(a = 1, b = "x"), 1, 1)',
    ),
    "NaN": (
        lambda: MLP([4, 3, 1]).fit(nan_x(), PY_Y, 1),
        f"x <- {X}; x[2, 3] <- NaN; fit(mlp(c(4, 3, 1)), x, c(1, 1, 0), 1)",
    ),
    "missing (NA)": (
        lambda: MLP([4, 3, 1]).fit(PY_X, [1, np.nan, 0], 1),
        f"fit(mlp(c(4, 3, 1)), {X}, c(1, NA, 0), 1)",
    ),
    "infinite": (
        lambda: MLP([4, 3, 1]).predict(np.array([[1, np.inf, 0, 0.0]])),
        "predict(mlp(c(4, 3, 1)), matrix(c(1, Inf, 0, 0), 1))",
    ),
    "empty": (
        lambda: MLP([4, 3, 1]).fit(np.zeros((0, 4)), np.zeros((0, 1)), 1),
        "fit(mlp(c(4, 3, 1)), matrix(0, 0, 4), matrix(0, 0, 1), 1)",
    ),
    "lr zero": (lambda: MLP([4, 3, 1], lr=0), "mlp(c(4, 3, 1), lr = 0)"),
    "lr negative": (lambda: MLP([4, 3, 1], lr=-0.1), "mlp(c(4, 3, 1), lr = -0.1)"),
    # numbers in messages are "%.15g" in both (R's format() would say -1e+05)
    "lr large negative": (lambda: MLP([4, 3, 1], lr=-1e5), "mlp(c(4, 3, 1), lr = -1e5)"),
    "noise small negative": (
        lambda: __import__("twinnet.datasets").datasets.make_moons(noise=-1e-4),
        "make_moons(noise = -1e-4)",
    ),
    "epochs zero": (
        lambda: MLP([4, 3, 1]).fit(PY_X, PY_Y, 0),
        f"fit(mlp(c(4, 3, 1)), {X}, c(1, 1, 0), 0)",
    ),
    "epochs fractional": (
        lambda: MLP([4, 3, 1]).fit(PY_X, PY_Y, 2.5),
        f"fit(mlp(c(4, 3, 1)), {X}, c(1, 1, 0), 2.5)",
    ),
    "unknown loss": (lambda: MLP([4, 3, 1], loss="hinge"), 'mlp(c(4, 3, 1), loss = "hinge")'),
    "unknown mode": (lambda: MLP([4, 3, 1], mode="fast"), 'mlp(c(4, 3, 1), mode = "fast")'),
    "one layer": (lambda: MLP([4]), "mlp(4)"),
    "zero units": (lambda: MLP([4, 0, 1]), "mlp(c(4, 0, 1))"),
    "seed not integer": (lambda: MLP([4, 3, 1], seed=1.5), "mlp(c(4, 3, 1), seed = 1.5)"),
    "weights shape": (
        lambda: MLP([4, 3, 1], weights=[np.ones((4, 3)), np.ones((2, 1))], biases=[[0] * 3, [0]]),
        "mlp(c(4, 3, 1), weights = list(matrix(1, 4, 3), matrix(1, 2, 1)), "
        "biases = list(rep(0, 3), 0))",
    ),
    "diverges at epoch 2": (
        lambda: MLP([4, 3, 1], lr=1e300, mode="exact", activation="identity").fit(
            PY_X, PY_Y * 1e150, 5
        ),
        f'fit(mlp(c(4, 3, 1), lr = 1e300, mode = "exact", activation = "identity"), '
        f"{X}, c(1, 1, 0) * 1e150, 5)",
    ),
    "config missing": (
        lambda: read_config("no/such/config.json"),
        'read_config("no/such/config.json")',
    ),
    "config unknown key": (None, None),
    "config missing keys": (None, None),
    "model of another version": (None, None),
    "not a model": (None, None),
    "csv non-numeric": (None, None),
    "csv empty": (None, None),
}


@pytest.fixture
def files(tmp_path):
    """Bad files for the file cases, written for this test."""
    (tmp_path / "extra.json").write_text(
        json.dumps({"x": "x.csv", "y": "y.csv", "layers": [4, 3, 1], "epochs": 5, "lr_rate": 1})
    )
    (tmp_path / "short.json").write_text(json.dumps({"x": "x.csv", "layers": [4, 3, 1]}))
    model = MLP([4, 3, 1], seed=1)
    save_model(model, tmp_path / "model.json")
    data = json.loads((tmp_path / "model.json").read_text())
    data["version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(data))
    (tmp_path / "other.json").write_text(json.dumps({"format": "keras", "version": 1}))
    (tmp_path / "text.csv").write_text("x1,x2\n1,2\n3,four\n")
    (tmp_path / "empty.csv").write_text("")
    return tmp_path


FILE_CASES = {
    "config unknown key": (
        lambda d: read_config(d / "extra.json"),
        'read_config("{d}/extra.json")',
    ),
    "config missing keys": (
        lambda d: read_config(d / "short.json"),
        'read_config("{d}/short.json")',
    ),
    "model of another version": (lambda d: load_model(d / "v2.json"), 'load_model("{d}/v2.json")'),
    "not a model": (lambda d: load_model(d / "other.json"), 'load_model("{d}/other.json")'),
    "csv non-numeric": (lambda d: read_matrix(d / "text.csv"), 'read_matrix("{d}/text.csv")'),
    "csv empty": (lambda d: read_matrix(d / "empty.csv"), 'read_matrix("{d}/empty.csv")'),
}


@pytest.mark.parametrize("case", [c for c, v in CASES.items() if v[0] is not None])
def test_same_error_message_in_python_and_r(case):
    action, code = CASES[case]
    assert python_error(action) == r_error(code)


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_same_error_message_for_bad_files(case, files):
    action, code = FILE_CASES[case]
    assert python_error(lambda: action(files)) == r_error(code.format(d=files.as_posix()))


def test_malformed_config_is_named_in_both_languages(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"layers": [4, 3, 1],,}')
    # the same whole message: the parsers' own details differ (jsonlite's
    # span several lines), so neither is shown
    message = f"config file {bad.as_posix()} is not valid JSON"
    assert python_error(lambda: read_config(bad)) == message
    assert r_error(f'read_config("{bad.as_posix()}")') == message


def test_the_divergence_message_names_the_epoch():
    assert python_error(CASES["diverges at epoch 2"][0]) == (
        "training diverged: the loss is nan at epoch 2; try a smaller lr"
    )
