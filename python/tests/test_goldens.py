"""Python-only parity: twinnet's Python half, in exact mode, reproduces the
results R computed for every fixture (fixtures/<case>/expected/, written by
fixtures/make_expected.R), to the last bit."""

from pathlib import Path

import numpy as np
import pytest

from twinnet.config import read_config
from twinnet.io import read_matrix
from twinnet.training_config import config_xy, train_from_config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.parent.name for p in FIXTURES.glob("*/config.json"))


@pytest.mark.parametrize("case", CASES)
def test_exact_mode_equals_r_golden_files(case):
    config = read_config(FIXTURES / case / "config.json")
    config["mode"] = "exact"
    X, Y = config_xy(config)  # CSV tables, or IDX images for a network that starts with conv2d
    model = train_from_config(config, X, Y)
    folder = FIXTURES / case / "expected"
    assert len(list(folder.glob("weights_*.csv"))) == len(model.weights)
    assert len(list(folder.glob("biases_*.csv"))) == len(model.biases)
    for l, w in enumerate(model.weights, start=1):
        np.testing.assert_array_equal(w, read_matrix(folder / f"weights_{l}.csv"))
    for l, b in enumerate(model.biases, start=1):
        np.testing.assert_array_equal(b, read_matrix(folder / f"biases_{l}.csv"))
    np.testing.assert_array_equal(model.predict(X), read_matrix(folder / "output.csv"))
    np.testing.assert_array_equal(
        np.array(model.loss_history), read_matrix(folder / "loss_history.csv").ravel()
    )


def test_every_fixture_has_golden_files():
    assert CASES, "no fixtures found"
    for case in CASES:
        assert (FIXTURES / case / "expected" / "loss_history.csv").is_file(), case
