"""The step-by-step trace: the article's matrices, in its order, computed by
the library itself. Twin: R/tests/testthat/test-trace.R."""

import numpy as np
import pytest
from conftest import FIXTURES

from twinnet import MLP, Activation, Dense, Network, TwinnetError
from twinnet.io import read_matrix
from twinnet.trace import trace_epoch, trace_report

ARTICLE_ORDER = [
    (0, "X"),
    (0, "y"),
    (1, "wh"),
    (1, "bh"),
    (1, "wout"),
    (1, "bout"),
    (2, "hidden_layer_input"),
    (3, "hiddenlayer_activations"),
    (4, "output_layer_input"),
    (4, "output"),
    (5, "E"),
    (6, "slope_output_layer"),
    (6, "slope_hidden_layer"),
    (7, "d_output"),
    (8, "Error_at_hidden_layer"),
    (9, "d_hiddenlayer"),
    (10, "wout"),
    (10, "wh"),
    (11, "bout"),
    (11, "bh"),
]


def matrix(table, step, name):
    part = table[(table["step"] == step) & (table["name"] == name)]
    shape = (part["row"].max(), part["col"].max())
    return part.sort_values(["row", "col"])["value"].to_numpy().reshape(shape)


def test_the_trace_names_the_articles_matrices_in_its_order(toy):
    X, Y = toy
    table = trace_epoch(MLP([4, 3, 1], seed=42, mode="exact"), X, Y)
    keys = list(dict.fromkeys(zip(table["step"], table["name"])))
    assert keys == ARTICLE_ORDER


def test_the_trace_is_the_librarys_own_epoch(toy):
    X, Y = toy
    model = MLP([4, 3, 1], seed=42, mode="exact")
    table = trace_epoch(model, X, Y)
    assert len(model.loss_history) == 0  # the model is not changed
    after = MLP([4, 3, 1], seed=42, mode="exact").fit(X, Y, 1)
    np.testing.assert_array_equal(matrix(table, 10, "wh"), after.weights[0])
    np.testing.assert_array_equal(matrix(table, 10, "wout"), after.weights[1])
    np.testing.assert_array_equal(matrix(table, 11, "bh"), after.biases[0])
    np.testing.assert_array_equal(matrix(table, 1, "wh"), model.weights[0])
    out = matrix(table, 4, "output")
    np.testing.assert_array_equal(out, model.predict(X))
    np.testing.assert_array_equal(matrix(table, 5, "E"), Y - out)
    slope = matrix(table, 6, "slope_output_layer")
    np.testing.assert_array_equal(slope, out * (1 - out))
    np.testing.assert_array_equal(matrix(table, 7, "d_output"), (Y - out) * slope)
    np.testing.assert_allclose(
        matrix(table, 8, "Error_at_hidden_layer"),
        matrix(table, 7, "d_output") @ model.weights[1].T,
        rtol=1e-15,
    )


def test_deeper_networks_get_numbered_names_and_tanh_its_own_words():
    config_x = read_matrix(FIXTURES / "two_hidden_parity" / "x.csv")
    config_y = read_matrix(FIXTURES / "two_hidden_parity" / "y.csv")
    table = trace_epoch(
        MLP([3, 6, 4, 1], seed=1, loss="mse", activation="tanh"), config_x, config_y
    )
    names = set(table["name"])
    assert {"Z1", "A3", "D1", "error_at2", "slope3"} <= names
    assert "wh" not in names
    assert not table["formula"].str.contains("sigmoid").any()


def test_the_report_shows_each_matrix_with_its_formula(toy):
    X, Y = toy
    text = trace_report(trace_epoch(MLP([4, 3, 1], seed=42), X, Y), digits=2)
    assert "Step 7: d_output = E * slope_output_layer  [3 x 1]" in text
    assert "Step 1: wh (initial weights)  [4 x 3]" in text
    assert "      1.37      0.40      2.02" in text


def test_networks_the_article_does_not_describe_are_refused(toy):
    X, Y = toy
    net = Network().add(Dense(4, 2)).add(Activation("softmax")).use("softmax_cross_entropy")
    with pytest.raises(TwinnetError, match="trace follows the article's steps"):
        trace_epoch(net, X, np.eye(2)[[0, 1, 0]])
