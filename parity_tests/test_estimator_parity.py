"""The everyday front ends agree: scikit-learn's habits in Python
(TwinnetClassifier / TwinnetRegressor) and nnet's in R (twinnet(y ~ ., data))
train the same network from the same data and seed (docs/estimators.md),
bit for bit in exact mode."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
import rpy2.rinterface
from rpy2.robjects import StrVector
from rpy2.robjects.vectors import ListVector
from sklearn.exceptions import ConvergenceWarning

from parity import python_error, r, r_error, r_matrices, to_r
from twinnet import RRandom, load_model, save_model
from twinnet.convergence import convergence_check
from twinnet.datasets import make_blobs, make_moons
from twinnet.sklearn import TwinnetClassifier, TwinnetRegressor

r("""twinnet_estimator_parity <- function(X, y, seed, settings, w = NULL, val = NULL) {
  frame <- function(X, y, w) {
    data <- data.frame(X)
    names(data) <- paste0("x", seq_len(ncol(X)))
    data$y <- y
    if (!is.null(w)) data$w <- w
    data
  }
  data <- frame(X, y, w)
  args <- list(y ~ . - w, data = data, seed = seed, mode = "exact")
  if (is.null(w)) args[[1]] <- y ~ .
  if (!is.null(w)) args$weights <- quote(w)
  if (!is.null(val)) args$validation <- frame(val$X, val$y, val$w)
  warns <- character(0)  # the convergence warnings, compared with Python's
  fit <- withCallingHandlers(
    do.call(twinnet, c(args, settings)),
    twinnet_convergence_warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  list(warnings = warns, weights = fit$network$weights, biases = fit$network$biases,
       loss = fit$loss_history, prob = predict(fit, data, type = "raw"),
       classes = as.character(predict(fit, data, type = if (is.numeric(y)) "raw" else "class")),
       validation_loss = as.numeric(fit$validation_loss_history),
       validation_scores = as.numeric(fit$validation_scores),
       best_epoch = if (is.null(fit$best_epoch)) -1L else fit$best_epoch,
       stop_reason = if (is.null(fit$stop_reason)) "" else fit$stop_reason,
       batch_size = fit$settings$batch_size)
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


# Most fits here train a few epochs on purpose and so end with the
# convergence warning; the tests that compare it catch it.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def data(kind):
    if kind == "moons":
        d = make_moons(n=120, noise=0.2, seed=4)
        return d.X, np.where(d.y == 1, "yes", "no")
    if kind == "blobs":
        d = make_blobs(n=150, centers=3, sd=2.0, seed=8)
        return d.X, np.array(["c", "a", "b"])[d.y.astype(int)]
    d = make_blobs(n=80, centers=2, seed=9)
    return d.X, np.column_stack([d.X[:, 0] * 0.5 + 1.0, d.X[:, 1] - d.X[:, 0]])


# R's (the model file's) setting names that differ from the estimators' parameters
MAPPING = {
    "hidden": "hidden_layer_sizes",
    "epochs": "max_iter",
    "lr": "learning_rate_init",
    "decay": "weight_decay",
    "lr_schedule": "learning_rate",
    "nesterov": "nesterovs_momentum",
}


def python_estimator(kind, settings, seed):
    mapping = MAPPING
    params = {mapping.get(k, k): (tuple(v) if k == "hidden" else v) for k, v in settings.items()}
    cls = TwinnetRegressor if kind == "regression" else TwinnetClassifier
    return cls(random_state=seed, mode="exact", **params)


def columns(X):
    return pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(X.shape[1])])


def fit_both(kind, settings, seed, weights=None, validation_rows=None):
    """The same fit on ``data(kind)`` in both languages: the Python estimator,
    the data frame it was fitted on, the ConvergenceWarning messages it gave,
    and R's result (twinnet_estimator_parity: weights, biases, loss, warnings,
    prob, classes, the validation histories, best_epoch, stop_reason).
    ``weights``: case weights of the rows; ``validation_rows``: the rows that
    are the explicit validation set (Python's X_val, R's validation)."""
    X, y = data(kind)
    w = weights
    fit_args = {}
    val = rpy2.rinterface.NULL
    if validation_rows is not None:
        train = np.setdiff1d(np.arange(len(X)), validation_rows)
        Xv, yv = X[validation_rows], y[validation_rows]
        wv = None if w is None else w[validation_rows]
        X, y = X[train], y[train]
        w = None if w is None else w[train]
        fit_args = dict(X_val=columns(Xv), y_val=yv, sample_weight_val=wv)
        val = ListVector(
            {
                "X": to_r(Xv),
                "y": r("I")(to_r(yv)) if kind == "regression" else StrVector(list(yv)),
                **({} if wv is None else {"w": to_r(wv)}),
            }
        )
    frame = columns(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est = python_estimator(kind, settings, seed).fit(frame, y, sample_weight=w, **fit_args)
    python_warnings = [str(w.message) for w in caught if w.category is ConvergenceWarning]
    r_settings = {
        k: (to_r(np.array(v, dtype=float)) if k == "hidden" else v) for k, v in settings.items()
    }
    r_y = r("I")(to_r(y)) if kind == "regression" else StrVector(list(y))
    r_w = rpy2.rinterface.NULL if w is None else to_r(w)
    out = r["twinnet_estimator_parity"](to_r(X), r_y, seed, ListVector(r_settings), r_w, val)
    return est, frame, python_warnings, out


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", [1, 2026])
def test_sklearn_estimator_and_r_formula_interface_train_the_same_network(case, seed):
    kind, settings = CASES[case]
    est, frame, python_warnings, out = fit_both(kind, settings, seed)
    assert python_warnings == list(out.rx2("warnings"))  # the same decision and message
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


# ------------------------------------------------ the training controls
# Issue 12's settings through both front ends (scikit-learn's names in
# Python, nnet's and the layer API's in R; docs/estimators.md): sample
# weights, alpha and decay, early stopping on a stratified split, the
# schedules, Nesterov, scale = TRUE and an explicit validation set. The same
# weights, loss and validation curves, stopping epoch, batch size and
# predictions in both, to the last bit.


def moons_weights():
    # case weights drawn from R's generator: 0 (rows dropped) to 3
    return np.floor(RRandom(17).runif(120, 0, 4))


CONTROLS = {
    "alpha_sample_weights": (
        "moons",
        {"hidden": [6], "epochs": 15, "lr": 0.01, "alpha": 0.01},
        "weights",
        None,
    ),
    "decay_momentum_invscaling": (
        "blobs",
        {"hidden": [5], "epochs": 12, "lr": 0.01, "optimizer": "momentum",
         "lr_schedule": "invscaling", "power_t": 0.3, "alpha": 0.0, "decay": 0.001},
        None,
        None,
    ),
    "nesterov_off_batches": (
        "blobs",
        {"hidden": [5], "epochs": 10, "lr": 0.01, "optimizer": "momentum", "nesterov": False,
         "batch_size": 32},
        None,
        None,
    ),
    "early_stopping_stratified_adaptive_weights": (
        "moons",
        {"hidden": [6], "epochs": 80, "lr": 0.1, "optimizer": "sgd", "lr_schedule": "adaptive",
         "early_stopping": True, "n_iter_no_change": 3, "tol": 0.001,
         "validation_fraction": 0.25},
        "weights",
        None,
    ),
    "early_stopping_three_classes": (
        "blobs",
        {"hidden": [5], "epochs": 60, "lr": 0.05, "early_stopping": True,
         "n_iter_no_change": 4, "tol": 0.01},
        None,
        None,
    ),
    "scale_regression_early_stopping": (
        "regression",
        {"hidden": [7], "epochs": 150, "lr": 0.05, "scale": True, "early_stopping": True,
         "validation_fraction": 0.2, "n_iter_no_change": 5, "tol": 0.001},
        None,
        None,
    ),
    "validation_set_weights_scale": (
        "blobs",
        {"hidden": [5], "epochs": 10, "lr": 0.05, "scale": True},
        "ones_and_twos",
        np.arange(100, 150),
    ),
    "validation_set_early_stopping": (
        "blobs",
        {"hidden": [5], "epochs": 40, "lr": 0.05, "early_stopping": True, "n_iter_no_change": 2,
         "tol": 0.01},
        None,
        np.arange(0, 150, 3),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CONTROLS)
def test_the_training_controls_train_the_same_network_in_both(case):
    kind, settings, weights, validation_rows = CONTROLS[case]
    w = {None: None, "weights": moons_weights(), "ones_and_twos": np.tile([1.0, 2.0], 75)}
    est, frame, python_warnings, out = fit_both(kind, settings, 5, w[weights], validation_rows)
    assert python_warnings == list(out.rx2("warnings"))
    for p, q in zip(est.coefs_, r_matrices(out.rx2("weights"))):
        np.testing.assert_array_equal(p, q)
    for p, q in zip(est.intercepts_, r_matrices(out.rx2("biases"))):
        np.testing.assert_array_equal(p, q.ravel())
    np.testing.assert_array_equal(np.array(est.loss_curve_), np.asarray(out.rx2("loss")))
    net = est.network_
    np.testing.assert_array_equal(
        np.array(net.validation_loss_history, dtype=float), np.asarray(out.rx2("validation_loss"))
    )
    np.testing.assert_array_equal(
        np.array(net.validation_score_history, dtype=float),
        np.asarray(out.rx2("validation_scores")),
    )
    assert (net.best_epoch or -1) == out.rx2("best_epoch")[0]
    assert (net.stop_reason or "") == out.rx2("stop_reason")[0]
    raw = np.asarray(out.rx2("prob"))
    if kind == "regression":
        np.testing.assert_array_equal(est.predict(frame), raw.reshape(est.predict(frame).shape))
    else:
        proba = est.predict_proba(frame)
        np.testing.assert_array_equal(proba[:, 1:] if raw.shape[1] == 1 else proba, raw)
        assert list(est.predict(frame)) == list(out.rx2("classes"))
    if settings.get("early_stopping"):  # the run stopped, and on the best epoch's weights
        assert net.stop_reason == "early_stopping" and est.n_iter_ < settings["epochs"]
    if validation_rows is not None or settings.get("early_stopping"):
        assert len(est.validation_scores_) == est.n_iter_


# ---------------------------------------- a saved fit loads in the other one
# The model file's "estimator" entry (docs/formats.md): a fitted estimator
# saved by Python loads in R as a twinnet() fit, and a formula fit saved by
# R loads in Python as a fitted estimator; both predict identically (exact
# mode) on the same rows.

r("""twinnet_saved_predictions <- function(path, data) {
  fit <- load_model(path)
  data <- as.data.frame(data)
  names(data) <- paste0("x", seq_len(ncol(data)))
  classification <- !is.null(fit$levels)
  list(raw = predict(fit, data, type = "raw"),
       prob = if (classification) predict(fit, data, type = "prob"),
       classes = if (classification) as.character(predict(fit, data)),
       levels = if (classification) fit$levels,
       inputs = if (!is.null(fit$inputs)) fit$inputs else character(0))
}
twinnet_save_formula_fit <- function(X, y, path, numeric, scale = FALSE) {
  data <- data.frame(X)
  names(data) <- paste0("x", seq_len(ncol(X)))
  data$y <- y
  fit <- suppressWarnings(  # 4 epochs: the convergence warning, deliberately
    twinnet(y ~ ., data = data, hidden = c(5, 3), epochs = 4, lr = 0.01,
            batch_size = 32, mode = "exact", seed = 11, scale = scale),
    classes = "twinnet_convergence_warning")
  save_model(fit, path)
  list(raw = predict(fit, data, type = "raw"),
       classes = if (!numeric) as.character(predict(fit, data)))
}""")

SAVED = {
    "three_classes_strings": "blobs",
    "two_classes_ints": "moons",
    "regression_two_outputs": "regression",
}


def saved_case(kind):
    X, y = data(kind)
    if kind == "moons":
        y = (y == "yes").astype(np.int64)  # labels 0 and 1: R's levels "0" and "1"
    return X, y, pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(X.shape[1])])


@pytest.mark.parametrize("scale", [False, True], ids=["raw", "scaled"])
@pytest.mark.parametrize("case", SAVED)
def test_a_fitted_estimator_saved_by_python_predicts_the_same_in_r(tmp_path, case, scale):
    kind = SAVED[case]
    X, y, frame = saved_case(kind)
    if scale:  # inputs of very different sizes, standardised in both languages
        X = X * np.array([1.0, 1000.0]) + 500.0
        frame = columns(X)
    settings = {"hidden": [6, 4], "epochs": 5, "lr": 0.01, "batch_size": 32, "scale": scale}
    est = python_estimator(kind, settings, 2026).fit(frame, y)
    path = str(tmp_path / "est.json")
    save_model(est, path)
    out = r["twinnet_saved_predictions"](path, to_r(X))
    assert list(out.rx2("inputs")) == ["x1", "x2"]
    raw = np.asarray(out.rx2("raw"))
    if kind == "regression":
        np.testing.assert_array_equal(raw, est.predict(frame))
        return
    np.testing.assert_array_equal(np.asarray(out.rx2("prob")), est.predict_proba(frame))
    assert list(out.rx2("levels")) == [str(c) for c in est.classes_]
    assert list(out.rx2("classes")) == [str(c) for c in est.predict(frame)]


@pytest.mark.parametrize("scale", [False, True], ids=["raw", "scaled"])
@pytest.mark.parametrize("case", SAVED)
def test_a_formula_fit_saved_by_r_predicts_the_same_in_python(tmp_path, case, scale):
    kind = SAVED[case]
    X, y, frame = saved_case(kind)
    if scale:
        X = X * np.array([1.0, 1000.0]) + 500.0
        frame = columns(X)
    path = str(tmp_path / "fit.json")
    numeric = kind == "regression"
    r_y = r("I")(to_r(y)) if numeric else StrVector([str(v) for v in y])
    out = r["twinnet_save_formula_fit"](to_r(X), r_y, path, numeric, scale)
    est = load_model(path)
    assert est.scale is scale and (est.scaler_ is not None) is scale
    assert type(est) is (TwinnetRegressor if numeric else TwinnetClassifier)
    assert list(est.feature_names_in_) == ["x1", "x2"]
    raw = np.asarray(out.rx2("raw"))
    if numeric:
        np.testing.assert_array_equal(est.predict(frame), raw)
        return
    proba = est.predict_proba(frame)
    np.testing.assert_array_equal(proba[:, 1:] if raw.shape[1] == 1 else proba, raw)
    assert list(est.predict(frame)) == list(out.rx2("classes"))
    # saved again by Python, R's formula comes back with it
    again = str(tmp_path / "again.json")
    save_model(est, again)
    with open(again) as handle:
        assert json.load(handle)["estimator"]["formula"] == "y ~ x1 + x2"


# Bad "estimator" entries: both languages refuse with the same message.
BAD = {
    "not_an_object": ["classifier"],
    "null": None,
    "unknown_key": {"kind": "classifier", "classes": ["a", "b", "c"], "colour": 1},
    "kind": {"kind": "svm"},
    "no_classes": {"kind": "classifier"},
    "classes_not_a_list": {"kind": "classifier", "classes": "abc"},
    "repeated_numbers": {"kind": "classifier", "classes": [1, 1.0, 2]},
    "mixed_classes": {"kind": "classifier", "classes": [1, True, 2]},
    "wrong_count": {"kind": "classifier", "classes": ["a", "b"]},
    "regressor_on_softmax": {"kind": "regressor"},
    "features": {"kind": "classifier", "classes": ["a", "b", "c"], "features": {}},
    "outputs": {"kind": "classifier", "classes": ["a", "b", "c"], "outputs": ["o"]},
    "response": {"kind": "classifier", "classes": ["a", "b", "c"], "response": True},
    "xlevels": {"kind": "classifier", "classes": ["a", "b", "c"], "xlevels": []},
    "contrasts": {"kind": "classifier", "classes": ["a", "b", "c"], "contrasts": {"f": 1}},
    "rows": {"kind": "classifier", "classes": ["a", "b", "c"], "rows": 0},
    "settings_list": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": []},
    "hidden": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"hidden": 3}},
    "batch_size": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"batch_size": 0}},
    "seed": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"seed": 1.5}},
    "shuffle": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"shuffle": "yes"}},
    "activation": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"activation": 1}},
    "epsilon": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"epsilon": None}},
    "scale_zero": {
        "kind": "classifier",
        "classes": ["a", "b", "c"],
        "scale": {"center": [0, 0], "scale": [1, 0]},
    },
    "scale_keys": {"kind": "classifier", "classes": ["a", "b", "c"], "scale": {"center": [0, 0]}},
    "scale_length": {
        "kind": "classifier",
        "classes": ["a", "b", "c"],
        "scale": {"center": [0], "scale": [1]},
    },
    "nesterov": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"nesterov": 1}},
    "abstol": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"abstol": "x"}},
    "alpha": {"kind": "classifier", "classes": ["a", "b", "c"], "settings": {"alpha": None}},
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_estimator_entry_gets_the_same_message_in_both(tmp_path, case):
    X, y = data("blobs")
    est = TwinnetClassifier(hidden_layer_sizes=(3,), max_iter=1).fit(X, y)
    path = tmp_path / "bad.json"
    save_model(est, path)
    content = json.loads(path.read_text())
    content["estimator"] = BAD[case]
    path.write_text(json.dumps(content))
    message = python_error(lambda: load_model(path))
    assert message.startswith(f"model file {path}: ")
    assert r_error(f'load_model("{path}")') == message


# ------------------------------------------------------------ convergence
# scikit-learn's ConvergenceWarning (Python) and the twinnet_convergence_warning
# (R): the same decision and the same message on the same data and seed
# (docs/estimators.md, "Convergence").

NOT_CONVERGED = (
    "training did not converge in {} epochs: the loss fell below its best by tol = {} or "
    "more within n_iter_no_change = {} epochs of the end; train for more epochs "
    "(max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)"
)
CONVERGENCE = {
    # still falling after 15 epochs: both warn
    "moons_not_converged": ("moons", {"hidden": [6], "epochs": 15, "lr": 0.01}, (15, "0.0001", 10)),
    # tol = 10: no epoch improves by 10, the count passes 10 at epoch 12: neither warns
    "moons_converged": ("moons", {"hidden": [6], "epochs": 12, "lr": 0.01, "tol": 10.0}, None),
    "blobs_not_converged": (
        "blobs",
        {"hidden": [5], "epochs": 9, "lr": 0.01, "tol": 10.0, "n_iter_no_change": 8},
        (9, "10", 8),
    ),
    "blobs_converged_n_3": (
        "blobs",
        {"hidden": [5], "epochs": 9, "lr": 0.01, "tol": 10.0, "n_iter_no_change": 3},
        None,
    ),
    "regression_not_converged": ("regression", {"hidden": [7], "epochs": 20, "lr": 0.005},
                                 (20, "0.0001", 10)),
}  # fmt: skip


@pytest.mark.parametrize("case", CONVERGENCE)
def test_the_convergence_warning_is_the_same_decision_and_message_in_both(case):
    kind, settings, expected = CONVERGENCE[case]
    est, _, python_warnings, out = fit_both(kind, settings, 3)
    np.testing.assert_array_equal(np.array(est.loss_curve_), np.asarray(out.rx2("loss")))
    assert python_warnings == ([] if expected is None else [NOT_CONVERGED.format(*expected)])
    assert list(out.rx2("warnings")) == python_warnings


def test_convergence_check_decides_alike_on_many_histories():
    """convergence_check in both languages on 300 loss histories: random
    walks from R's generator whose steps are near tol, so that every branch
    (falls above and below tol, rises, plateaus, since) is taken."""
    rng = RRandom(2026)
    r_check = r("twinnet:::convergence_check")
    decisions = set()
    for i in range(300):
        n = 1 + int(rng.runif(1, 0, 40)[0])
        tol = [0.0, 1e-4, 0.01, 0.1][i % 4]
        steps = rng.rnorm(n, mean=-0.5 * tol, sd=tol if tol else 0.01)
        history = np.cumsum(steps) + 5.0
        n_iter = 1 + i % 12
        since = int(rng.runif(1, 0, n + 2)[0]) if i % 3 == 0 else 0
        got = convergence_check(history, tol, n_iter, since=since)
        theirs = r_check(to_r(history), tol, n_iter, since=since)
        assert got == (None if theirs == rpy2.rinterface.NULL else theirs[0]), i
        decisions.add(got is None)
    assert decisions == {True, False}  # both decisions were taken
