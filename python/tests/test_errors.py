"""Bad input gets a TwinnetError (a ValueError) whose message names the problem.
The same inputs give the same messages in R (parity_tests/test_error_parity.py)."""

import numpy as np
import pandas as pd
import pytest

from twinnet import MLP, TwinnetError

X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([1.0, 1.0, 0.0])


def with_value(i, j, v):
    x = X.copy()
    x[i, j] = v
    return x


CASES = [
    (lambda: MLP([4, 3, 1]).fit(X, np.ones(4), 1), "X has 3 rows but Y has 4"),
    (lambda: MLP([5, 3, 1]).fit(X, Y, 1), "X has 4 columns but the input layer has 5 units"),
    (lambda: MLP([4, 3, 2]).fit(X, Y, 1), "Y has 1 columns but the output layer has 2 units"),
    (
        lambda: MLP([4, 3, 1]).fit(np.array([["1", "2", "3", "x"]]), [1], 1),
        "X must be numeric, got non-numeric values",
    ),
    (
        lambda: MLP([2, 3, 1]).fit(pd.DataFrame({"a": [1.0], "b": ["x"]}), [1], 1),
        "X must be numeric, column 'b' is not",
    ),
    (
        lambda: MLP([2, 3, 1]).fit(
            pd.DataFrame({"a": [1.0, 2.0], "b": pd.Categorical([1, 2])}), [1, 0], 1
        ),
        "X must be numeric, column 'b' is not",
    ),
    (
        lambda: MLP([4, 3, 1]).fit(with_value(1, 2, np.nan), Y, 1),
        "X has a missing, NaN or infinite value at row 2, column 3",
    ),
    (lambda: MLP([4, 3, 1]).fit(X, [1, None, 0], 1), "Y must be numeric"),
    (lambda: MLP([4, 3, 1]).fit(with_value(0, 0, -np.inf), Y, 1), "row 1, column 1"),
    (lambda: MLP([4, 3, 1]).fit(np.zeros((0, 4)), np.zeros(0), 1), "X is empty (0 x 4)"),
    (lambda: MLP([4, 3, 1]).predict([1, 0, 1, 0]), "X must be a matrix (2 dimensions), got 1"),
    (lambda: MLP([4, 3, 1], lr=0), "lr must be a positive number, got 0"),
    (lambda: MLP([4, 3, 1], lr=-0.1), "lr must be a positive number, got -0.1"),
    (lambda: MLP([4, 3, 1], lr=float("nan")), "lr must be a positive number, got NaN"),
    (lambda: MLP([4, 3, 1]).fit(X, Y, 0), "epochs must be a positive integer, got 0"),
    (lambda: MLP([4, 3, 1]).fit(X, Y, 2.5), "epochs must be a positive integer, got 2.5"),
    (
        lambda: MLP([4, 3, 1], loss="hinge"),
        "unknown loss 'hinge'; choose one of half_sse, sse, mse",
    ),
    (lambda: MLP([4, 3, 1], mode="fast"), "unknown mode 'fast'; choose one of blas, exact"),
    (lambda: MLP([4, 3, 1], activation="swish"), "unknown activation 'swish'"),
    (lambda: MLP([4]), "layers must name at least an input and an output size, got [4]"),
    (lambda: MLP([4, 0, 1]), "each layer size must be a positive integer, got 0"),
    (lambda: MLP([4, 3, 1], seed=1.5), "seed must be an integer"),
    (lambda: MLP([4, 3, 1], bias="yes"), "bias must be true or false"),
    (
        lambda: MLP([4, 3, 1], weights=[np.ones((4, 3)), np.ones((2, 1))], biases=[[0] * 3, [0]]),
        "weights of layer 2 are 2 x 1, expected 3 x 1",
    ),
    (
        lambda: MLP([4, 3, 1], weights=[np.ones((4, 3))]),
        "1 weight matrices were given for 2 layers",
    ),
    (
        lambda: MLP([4, 3, 1], weights=[np.ones((4, 3)), np.ones((3, 1))]),
        "0 bias rows were given for 2 layers",
    ),
    (
        lambda: MLP([4, 3, 1], lr=1e300, mode="exact", activation="identity").fit(X, Y * 1e150, 5),
        "training diverged: the loss is nan at epoch 2; try a smaller lr",
    ),
]


@pytest.mark.parametrize("action, message", CASES, ids=[m[:40] for _, m in CASES])
def test_bad_input_is_named(action, message):
    with pytest.raises(TwinnetError) as info:
        action()
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def _target_message(value, row, col, activation, text, low, high):
    return (
        f"Y has the value {value} (row {row}, column {col}) but a {activation} output gives "
        f"values {text}: scale the targets into [{low}, {high}], use an identity output, "
        f"or give classes one-hot (one column per class, 0 or 1)"
    )


@pytest.mark.parametrize(
    "activation, Y, message",
    [
        (
            "sigmoid",
            [[0.0], [1.0], [2.0]],
            _target_message(2, 3, 1, "sigmoid", "between 0 and 1", 0, 1),
        ),
        (
            "sigmoid",
            [[5.0], [-3.0], [0.0]],
            _target_message(5, 1, 1, "sigmoid", "between 0 and 1", 0, 1),
        ),
        (
            "tanh",
            [[0.5], [-3.0], [1.0]],
            _target_message(-3, 2, 1, "tanh", "between -1 and 1", -1, 1),
        ),
        (
            "tanh",
            [[1.0], [-1.0], [1.25]],
            _target_message(1.25, 3, 1, "tanh", "between -1 and 1", -1, 1),
        ),
    ],
)
def test_targets_the_output_cannot_reach_are_refused(activation, Y, message):
    """Issue 10, defect 9: classes 0/1/2 or values 5 and -3 trained without a word."""
    model = MLP([4, 3, 1], activation=activation, mode="exact")
    with pytest.raises(TwinnetError) as info:
        model.fit(X, np.array(Y), 5)
    assert str(info.value) == message
    assert model.loss_history == []


def test_a_softmax_output_refuses_targets_outside_0_1_and_identity_takes_any():
    from twinnet import Network
    from twinnet.layers import Activation, Dense

    net = Network(seed=1).add(Dense(4, 2)).add(Activation("softmax")).use("mse")
    with pytest.raises(TwinnetError) as info:
        net.fit(X, np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 3.0]]), 2)
    assert str(info.value) == _target_message(3, 3, 2, "softmax", "between 0 and 1", 0, 1)
    # an identity output reaches every value; targets inside the range train as before
    MLP([4, 3, 1], activation="identity").fit(X, np.array([[5.0], [-3.0], [2.0]]), 2)
    MLP([4, 3, 1]).fit(X, np.array([[0.0], [1.0], [0.5]]), 2)


def test_large_finite_values_are_read_without_an_overflow_warning():
    import warnings

    from twinnet.validation import as_matrix

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "overflow encountered" would fail here
        m = as_matrix("X", np.array([[1e308, 1e308], [1.0, 2.0]]))
    assert m.shape == (2, 2) and np.isfinite(m).all()
