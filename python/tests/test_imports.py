"""from_sklearn (twinnet/imports.py): a fitted scikit-learn MLP as a twinnet
Network, predicting what scikit-learn predicts, to rounding."""

import warnings

import numpy as np
import pytest

sklearn_nn = pytest.importorskip("sklearn.neural_network")

from twinnet import Network, TwinnetError  # noqa: E402
from twinnet.imports import from_sklearn  # noqa: E402

RNG = np.random.default_rng(5)
X = RNG.uniform(-2, 2, size=(40, 3))


def _fit(est, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few iterations: a ConvergenceWarning
        return est.fit(X, y)


def _expect_twin(est, theirs, output, loss):
    net = from_sklearn(est)
    assert isinstance(net, Network)
    assert net.mode == "blas" and net.loss == loss
    assert net.layers[-1].name == output
    ours = net.predict(X)
    theirs = np.asarray(theirs).reshape(ours.shape)
    assert np.max(np.abs(ours - theirs)) <= 1e-12
    assert theirs.std(axis=0).max() > 1e-3  # the outputs vary: not trivially equal


@pytest.mark.parametrize("activation", ["identity", "logistic", "tanh", "relu"])
def test_regressor(activation):
    y = X[:, 0] * X[:, 1] + np.sin(X[:, 2])
    est = _fit(
        sklearn_nn.MLPRegressor(
            hidden_layer_sizes=(5, 4), activation=activation, max_iter=50, random_state=1
        ),
        y,
    )
    _expect_twin(est, est.predict(X), "identity", "mse")


def test_multi_output_regressor():
    y = np.column_stack([X[:, 0], X[:, 1] * X[:, 2]])
    est = _fit(
        sklearn_nn.MLPRegressor(
            hidden_layer_sizes=(6,), activation="tanh", max_iter=50, random_state=2
        ),
        y,
    )
    _expect_twin(est, est.predict(X), "identity", "mse")


def test_binary_classifier_is_predict_proba_column_1():
    y = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")
    est = _fit(sklearn_nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=50, random_state=3), y)
    assert est.out_activation_ == "logistic"
    _expect_twin(est, est.predict_proba(X)[:, 1], "sigmoid", "binary_cross_entropy")


def test_multiclass_classifier():
    y = np.digitize(X[:, 0], [-0.7, 0.7])
    est = _fit(
        sklearn_nn.MLPClassifier(
            hidden_layer_sizes=(5, 3), activation="tanh", max_iter=80, random_state=4
        ),
        y,
    )
    assert est.out_activation_ == "softmax"
    _expect_twin(est, est.predict_proba(X), "softmax", "softmax_cross_entropy")


def test_multilabel_classifier():
    y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0]).astype(int)
    est = _fit(
        sklearn_nn.MLPClassifier(
            hidden_layer_sizes=(4,), activation="relu", max_iter=50, random_state=6
        ),
        y,
    )
    _expect_twin(est, est.predict_proba(X), "sigmoid", "binary_cross_entropy")


def test_weights_are_sklearn_s():
    y = X[:, 0]
    est = _fit(sklearn_nn.MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=7), y)
    net = from_sklearn(est)
    for ours, theirs in zip(net.weights, est.coefs_):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(net.biases, est.intercepts_):
        np.testing.assert_array_equal(ours, theirs.reshape(1, -1))


def test_refusals():
    with pytest.raises(TwinnetError, match=r"^the MLPClassifier is not fitted; call its fit"):
        from_sklearn(sklearn_nn.MLPClassifier())
    with pytest.raises(
        TwinnetError, match=r"^est must be a scikit-learn MLPClassifier or MLPRegressor, got list"
    ):
        from_sklearn([1, 2])
    est = _fit(
        sklearn_nn.MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, random_state=8), X[:, 0]
    )
    est.activation = "softplus"
    with pytest.raises(
        TwinnetError, match=r"^unsupported activation 'softplus' of the MLPRegressor"
    ):
        from_sklearn(est)
    poisson = sklearn_nn.MLPRegressor(
        loss="poisson", hidden_layer_sizes=(3,), max_iter=5, random_state=8
    )
    est = _fit(poisson, np.exp(X[:, 0]))
    with pytest.raises(
        TwinnetError,
        match=r"^unsupported output activation 'exp' of the MLPRegressor; "
        r"twinnet imports identity, logistic, softmax$",
    ):
        from_sklearn(est)
