"""The everyday front ends agree: scikit-learn's habits in Python
(TwinnetClassifier / TwinnetRegressor) and nnet's in R (twinnet(y ~ ., data))
train the same network from the same data and seed (docs/estimators.md),
bit for bit in exact mode."""

import numpy as np
import pandas as pd
import pytest
from rpy2.robjects import StrVector

from parity import r, r_matrices, to_r
from twinnet.datasets import make_blobs, make_moons
from twinnet.sklearn import TwinnetClassifier, TwinnetRegressor

r("""twinnet_estimator_parity <- function(X, y, seed, settings) {
  data <- data.frame(X)
  names(data) <- paste0("x", seq_len(ncol(X)))
  data$y <- y
  fit <- do.call(twinnet, c(list(y ~ ., data = data, seed = seed, mode = "exact"),
                            settings))
  list(weights = fit$network$weights, biases = fit$network$biases,
       loss = fit$loss_history, prob = predict(fit, data, type = "raw"),
       classes = as.character(predict(fit, data, type = if (is.numeric(y)) "raw" else "class")))
}""")

CASES = {
    "two_classes_strings": ("moons", {"hidden": [6], "epochs": 15, "lr": 0.01}),
    "three_classes_tanh_momentum": (
        "blobs",
        {
            "hidden": [5, 4],
            "epochs": 12,
            "activation": "tanh",
            "optimizer": "momentum",
            "lr": 0.01,
            "batch_size": 16,
        },
    ),
    "regression_two_outputs": (
        "regression",
        {"hidden": [7], "epochs": 10, "lr": 0.005, "init": "he", "shuffle": False},
    ),
}


def data(kind):
    if kind == "moons":
        d = make_moons(n=120, noise=0.2, seed=4)
        return d.X, np.where(d.y == 1, "yes", "no")
    if kind == "blobs":
        d = make_blobs(n=150, centers=3, sd=2.0, seed=8)
        return d.X, np.array(["c", "a", "b"])[d.y.astype(int)]
    d = make_blobs(n=80, centers=2, seed=9)
    return d.X, np.column_stack([d.X[:, 0] * 0.5 + 1.0, d.X[:, 1] - d.X[:, 0]])


def python_estimator(kind, settings, seed):
    mapping = {"hidden": "hidden_layer_sizes", "epochs": "max_iter", "lr": "learning_rate_init"}
    params = {mapping.get(k, k): (tuple(v) if k == "hidden" else v) for k, v in settings.items()}
    cls = TwinnetRegressor if kind == "regression" else TwinnetClassifier
    return cls(random_state=seed, mode="exact", **params)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", [1, 2026])
def test_sklearn_estimator_and_r_formula_interface_train_the_same_network(case, seed):
    kind, settings = CASES[case]
    X, y = data(kind)
    frame = pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(X.shape[1])])
    est = python_estimator(kind, settings, seed).fit(frame, y)
    r_settings = {
        k: (to_r(np.array(v, dtype=float)) if k == "hidden" else v) for k, v in settings.items()
    }
    from rpy2.robjects.vectors import ListVector

    if kind == "regression":
        r_y = r("I")(to_r(y))
    else:
        r_y = StrVector(list(y))
    out = r["twinnet_estimator_parity"](to_r(X), r_y, seed, ListVector(r_settings))
    for p, q in zip(est.coefs_, r_matrices(out.rx2("weights"))):
        np.testing.assert_array_equal(p, q)
    for p, q in zip(est.intercepts_, r_matrices(out.rx2("biases"))):
        np.testing.assert_array_equal(p, q.ravel())
    np.testing.assert_array_equal(np.array(est.loss_curve_), np.asarray(out.rx2("loss")))
    if kind == "regression":
        np.testing.assert_array_equal(est.predict(frame), np.asarray(out.rx2("prob")))
    else:
        raw = np.asarray(out.rx2("prob"))
        proba = est.predict_proba(frame)
        np.testing.assert_array_equal(
            proba[:, 1:] if raw.shape[1] == 1 else proba, raw if raw.shape[1] > 1 else raw
        )
        assert list(est.predict(frame)) == list(out.rx2("classes"))
