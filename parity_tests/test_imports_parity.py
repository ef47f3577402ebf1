"""Imports across the languages (docs/estimators.md, "From scikit-learn and
nnet"): a scikit-learn MLP imported in Python and saved predicts in R what
scikit-learn predicts; an nnet fit imported in R and saved predicts in Python
what nnet predicts; both to 1e-12."""

import warnings

import numpy as np
import pytest

from parity import from_r, r, to_r
from twinnet import load_model, save_model
from twinnet.imports import from_sklearn

sklearn_nn = pytest.importorskip("sklearn.neural_network")

RNG = np.random.default_rng(14)
X = RNG.uniform(-2, 2, size=(50, 3))


def _sklearn_cases():
    y_class = np.digitize(X[:, 0] + X[:, 1], [-1.0, 1.0])
    y_binary = (X[:, 2] > 0).astype(int)
    y_value = X[:, 0] * X[:, 1] - X[:, 2]
    mlp = sklearn_nn.MLPClassifier
    return {
        "softmax": (mlp(hidden_layer_sizes=(5, 4), activation="tanh", random_state=1), y_class),
        "binary": (mlp(hidden_layer_sizes=(4,), activation="logistic", random_state=2), y_binary),
        "regressor": (
            sklearn_nn.MLPRegressor(hidden_layer_sizes=(6,), activation="relu", random_state=3),
            y_value,
        ),
    }


@pytest.mark.parametrize("case", ["softmax", "binary", "regressor"])
def test_a_sklearn_mlp_imported_in_python_predicts_the_same_in_r(tmp_path, case):
    est, y = _sklearn_cases()[case]
    est.set_params(max_iter=60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few iterations: a ConvergenceWarning
        est.fit(X, y)
    if case == "regressor":
        theirs = est.predict(X).reshape(-1, 1)
    else:
        proba = est.predict_proba(X)
        theirs = proba[:, [1]] if case == "binary" else proba
    path = tmp_path / "sklearn.json"
    save_model(from_sklearn(est), path)
    ours = from_r(r["predict"](r["load_model"](str(path)), to_r(X)))
    assert ours.shape == theirs.shape
    assert np.max(np.abs(ours - theirs)) <= 1e-12
    assert theirs.std(axis=0).max() > 1e-3


NNET_FITS = {
    "linout": "nnet::nnet(x, x[, 1] * x[, 2], size = 4, linout = TRUE, decay = 0.01, "
    "trace = FALSE, maxit = 60)",
    "entropy": "nnet::nnet(x, as.numeric(x[, 3] > 0), size = 3, entropy = TRUE, "
    "decay = 0.05, trace = FALSE, maxit = 60)",
    "softmax": "nnet::nnet(x, nnet::class.ind(cut(x[, 1], c(-3, -0.7, 0.7, 3))), size = 3, "
    "softmax = TRUE, decay = 0.1, trace = FALSE, maxit = 60)",
}


@pytest.mark.parametrize("case", list(NNET_FITS))
def test_an_nnet_fit_imported_in_r_predicts_the_same_in_python(tmp_path, case):
    if not r('isTRUE(requireNamespace("nnet", quietly = TRUE))')[0]:
        pytest.skip("R's nnet package is not installed")
    path = tmp_path / "nnet.json"
    r.assign("imports_x", to_r(X))
    r(f"set.seed(14); imports_fit <- local({{x <- imports_x; {NNET_FITS[case]}}})")
    # within +-15 at every hidden unit, where nnet's sigmoid is not cut to 0 or 1
    reach = r(
        "local({n <- imports_fit$n; max(abs(cbind(1, imports_x) %*% "
        "matrix(imports_fit$wts[seq_len(n[2] * (n[1] + 1))], nrow = n[1] + 1)))})"
    )[0]
    assert reach < 15
    r(f'save_model(from_nnet(imports_fit), "{path}")')
    theirs = from_r(r('unname(predict(imports_fit, imports_x, type = "raw"))'))
    ours = load_model(path).predict(X)
    assert ours.shape == theirs.shape
    assert np.max(np.abs(ours - theirs)) <= 1e-12
    assert theirs.std(axis=0).max() > 1e-3
