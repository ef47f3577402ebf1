"""The scikit-learn estimators (twinnet/estimator.py, imported as twinnet.sklearn;
docs/estimators.md).

Every common estimator check of scikit-learn passes; pipelines, grid search
and pandas work; and the estimator trains exactly the network the contract
describes: built and fitted by hand with ``Network``, the same seed gives the
same bits. That last property is what makes the cross-language test of the
estimator against R's ``twinnet()`` meaningful.
"""

import json
import math
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import not_converged
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_param_validation, parametrize_with_checks

from twinnet import Activation, Dense, Network, RRandom, TwinnetError
from twinnet.datasets import make_blobs, make_moons
from twinnet.sklearn import TwinnetClassifier, TwinnetRegressor

MODES = ["blas", "exact"]
SMALL = dict(hidden_layer_sizes=(8,), max_iter=30, learning_rate_init=0.05)

# Most tests train a few epochs on purpose and so end with scikit-learn's
# ConvergenceWarning; the tests of that warning (below, "Convergence") catch
# it with pytest.warns or turn it into an error.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


# ------------------------------------------------ scikit-learn's own checks

# Small nets, few epochs: the checks fit a few hundred times. The second pair
# runs them on exact mode and on the other optimiser, activation and batching
# paths.
CHECKED = [
    TwinnetClassifier(**SMALL),
    TwinnetRegressor(**SMALL),
    TwinnetClassifier(
        **SMALL,
        mode="exact",
        optimizer="momentum",
        activation="tanh",
        batch_size=16,
        init="he",
        random_state=3,
    ),
    TwinnetRegressor(
        **SMALL,
        mode="exact",
        optimizer="sgd",
        activation="sigmoid",
        batch_size=16,
        shuffle=False,
        init="nnet",
        random_state=3,
    ),
]


def _check_function(check):
    while hasattr(check, "func"):
        check = check.func
    return check.__name__


def _expected_failures(estimator):
    """Mini-batches of 16 rows: a weight of 2 is not a repeated row, since the
    repeated data's batches hold other rows (scikit-learn's own MLP passes
    the check only with full-batch lbfgs; twinnet's full batches pass it)."""
    if estimator.batch_size == "auto":
        return {}
    return {
        "check_sample_weight_equivalence_on_dense_data": (
            "mini-batches: repeating a row changes the batches, weighting it does not"
        )
    }


@parametrize_with_checks(CHECKED, expected_failed_checks=_expected_failures)
@pytest.mark.filterwarnings("ignore:batch_size is 16 but the data have:UserWarning")
def test_scikit_learn_estimator_checks(estimator, check, monkeypatch):
    if _check_function(check) == "check_array_api_input":
        # scikit-learn skips this check unless SCIPY_ARRAY_API is set. scipy
        # reads the variable when it is imported, but twinnet calls no scipy
        # function: the check's numpy path (array API dispatch on, numpy
        # inputs, the same results) is the real one. Set for this check only,
        # so it runs instead of being skipped.
        monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)


@pytest.mark.parametrize("estimator", CHECKED[:2], ids=["classifier", "regressor"])
def test_every_parameter_is_validated_in_fit_and_partial_fit(estimator):
    # scikit-learn runs this check on its own estimators only: each parameter
    # set to a value outside _parameter_constraints must make fit and
    # partial_fit raise InvalidParameterError naming the parameter
    check_param_validation(type(estimator).__name__, estimator)


# ------------------------------------------------------------ data and helpers


def moons(n=120, seed=1):
    X, y = make_moons(n, noise=0.1, seed=seed)
    return X, np.where(y == 1, "yes", "no")  # string labels, sorted: no, yes


def blobs(n=250, k=3, seed=3):
    X, y = make_blobs(n, k, seed=seed)
    return X, (y + 1) * 10  # labels 10, 20, 30


def regression(n=250, seed=5):
    rng = RRandom(seed)
    X = rng.rnorm(n * 3).reshape(n, 3)
    Y = np.column_stack([X[:, 0] * X[:, 1], np.sin(X[:, 2])])
    return X, Y


def contract_network(
    n_in,
    n_out,
    out_activation,
    loss,
    *,
    hidden=(8,),
    activation="relu",
    init="xavier",
    seed=42,
    mode="blas",
):
    """The network of docs/estimators.md, built by hand with the layer library."""
    net = Network(seed=seed, mode=mode)
    sizes = [n_in, *hidden, n_out]
    for i in range(len(sizes) - 1):
        net.add(Dense(sizes[i], sizes[i + 1], bias=True, init=init))
        net.add(Activation(activation if i < len(sizes) - 2 else out_activation))
    return net.use(loss)


# Network.fit's training controls as the estimators pass them by default.
CONTROLS = dict(
    alpha=0.0001,
    weight_decay=0.0,
    lr_schedule="constant",
    power_t=0.5,
    nesterov=False,
    tol=0.0001,
    n_iter_no_change=10,
    early_stopping=False,
)


def contract_fit(net, X, Y, epochs, lr, batch_size="auto", **controls):
    """Network.fit with the estimator defaults of docs/estimators.md (the
    training controls ``CONTROLS`` unless ``controls`` says otherwise)."""
    size = min(200, X.shape[0]) if batch_size == "auto" else batch_size
    settings = dict(
        lr=lr,
        batch_size=size,
        shuffle=True,
        optimizer="adam",
        momentum=0.9,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return net.fit(X, Y, epochs, **{**settings, **CONTROLS, **controls})


def assert_same_network(est, net):
    assert len(est.coefs_) == len(net.weights)
    for a, b in zip(est.coefs_, net.weights):
        assert_array_equal(a, b)
    for a, b in zip(est.intercepts_, net.biases):
        assert_array_equal(a, b[0])
    assert est.loss_curve_ == net.loss_history


# ---------------------------------------------- the contract, bit for bit


@pytest.mark.parametrize("mode", MODES)
def test_binary_classifier_is_the_hand_built_network_bit_for_bit(mode):
    X, y = moons()
    est = TwinnetClassifier(**SMALL, mode=mode, random_state=11).fit(X, y)
    net = contract_network(2, 1, "sigmoid", "binary_cross_entropy", seed=11, mode=mode)
    Y = (y == "yes").astype(float).reshape(-1, 1)  # the second class in sorted order
    contract_fit(net, X, Y, 30, 0.05)
    assert_same_network(est, net)
    p = net.predict(X)
    assert_array_equal(est.predict_proba(X), np.hstack([1 - p, p]))
    assert_array_equal(est.predict(X), np.where(p[:, 0] > 0.5, "yes", "no"))


@pytest.mark.parametrize("mode", MODES)
def test_multiclass_classifier_is_the_hand_built_network_bit_for_bit(mode):
    X, y = blobs()  # 250 rows: batches of 200 and 50, shuffled each epoch
    est = TwinnetClassifier(**SMALL, mode=mode).fit(X, y)
    net = contract_network(2, 3, "softmax", "softmax_cross_entropy", mode=mode)
    Y = np.column_stack([(y == c).astype(float) for c in (10, 20, 30)])  # one-hot, sorted
    contract_fit(net, X, Y, 30, 0.05)
    assert_same_network(est, net)
    assert_array_equal(est.predict_proba(X), net.predict(X))


@pytest.mark.parametrize("mode", MODES)
def test_regressor_is_the_hand_built_network_bit_for_bit(mode):
    X, Y = regression()
    est = TwinnetRegressor(**SMALL, mode=mode, random_state=2).fit(X, Y)
    net = contract_network(3, 2, "identity", "mse", seed=2, mode=mode)
    # a regressor passes 2 * alpha (twinnet's mse is twice scikit-learn's squared error)
    contract_fit(net, X, Y, 30, 0.05, alpha=2 * 0.0001)
    assert_same_network(est, net)
    assert_array_equal(est.predict(X), net.predict(X))


@pytest.mark.parametrize(
    "random_state, seed", [(None, 42), (0, 0), (7, 7), (-5, -5), (2147483647, 2147483647)]
)
def test_random_state_draws_the_initial_weights_of_network_seed(monkeypatch, random_state, seed):
    seen = {}
    fit = Network.fit

    def spy(self, X, Y, epochs, **settings):
        seen.update(
            weights=[w.copy() for w in self.weights],
            biases=[b.copy() for b in self.biases],
            epochs=epochs,
            settings=settings,
        )
        return fit(self, X, Y, epochs, **settings)

    monkeypatch.setattr(Network, "fit", spy)
    X, y = moons(n=50)
    TwinnetClassifier(max_iter=1, random_state=random_state).fit(X, y)  # default (100,)
    net = contract_network(2, 1, "sigmoid", "binary_cross_entropy", hidden=(100,), seed=seed)
    for a, b in zip(seen["weights"] + seen["biases"], net.weights + net.biases):
        assert_array_equal(a, b)
    assert seen["epochs"] == 1
    assert seen["settings"] == dict(
        lr=0.001,
        batch_size=50,
        shuffle=True,
        optimizer="adam",
        momentum=0.9,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        sample_weight=None,
        **CONTROLS,
    )


@pytest.mark.parametrize("mode", MODES)
def test_same_seed_gives_identical_coefs_and_another_seed_does_not(mode):
    X, y = blobs()
    a = TwinnetClassifier(**SMALL, mode=mode, random_state=5).fit(X, y)
    b = TwinnetClassifier(**SMALL, mode=mode, random_state=5).fit(X, y)
    c = TwinnetClassifier(**SMALL, mode=mode, random_state=6).fit(X, y)
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        assert_array_equal(wa, wb)
    assert a.loss_curve_ == b.loss_curve_
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])


def test_defaults_are_the_contract_table():
    expected = dict(
        hidden_layer_sizes=(100,),
        activation="relu",
        optimizer="adam",
        learning_rate_init=0.001,
        max_iter=200,
        batch_size="auto",
        shuffle=True,
        init="xavier",
        random_state=None,
        mode="blas",
        warm_start=False,
        momentum=0.9,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        tol=1e-4,
        n_iter_no_change=10,
        alpha=0.0001,
        weight_decay=0.0,
        learning_rate="constant",
        power_t=0.5,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        scale=False,
    )
    assert TwinnetClassifier().get_params() == expected
    assert TwinnetRegressor().get_params() == expected


def test_optimiser_defaults_and_ranges_come_from_the_optimisers_table():
    from twinnet.optimizers import optimizer_defaults

    params = TwinnetClassifier().get_params()
    table = optimizer_defaults()
    assert {k: params[k] for k in ("momentum", "beta_1", "beta_2", "epsilon")} == {
        "momentum": table["momentum"],
        "beta_1": table["beta1"],
        "beta_2": table["beta2"],
        "epsilon": table["epsilon"],
    }
    constraints = TwinnetClassifier._parameter_constraints
    assert constraints["momentum"][0].closed == "both"  # [0, 1]
    assert constraints["beta_1"][0].closed == "left"  # [0, 1)
    assert constraints["epsilon"][0].closed == "neither"  # positive


def test_twinnet_sklearn_is_the_estimator_module_under_scikit_learns_name():
    import twinnet.estimator
    import twinnet.sklearn

    assert twinnet.sklearn.TwinnetClassifier is twinnet.estimator.TwinnetClassifier
    assert twinnet.sklearn.TwinnetRegressor is twinnet.estimator.TwinnetRegressor


# ------------------------------------------------------------- classifiers


def test_classifier_reaches_high_accuracy_on_moons_and_blobs():
    X, y = make_moons(200, noise=0.1, seed=1)
    moons_clf = TwinnetClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.05).fit(X, y)
    assert moons_clf.score(X, y) >= 0.99
    X, y = make_blobs(300, 4, seed=3)
    blobs_clf = TwinnetClassifier(
        hidden_layer_sizes=(10,), learning_rate_init=0.05, max_iter=50
    ).fit(X, y)
    assert blobs_clf.score(X, y) >= 0.99


def test_binary_classes_strings_and_attributes():
    X, y = moons()
    clf = TwinnetClassifier(**SMALL).fit(X, y)
    assert_array_equal(clf.classes_, ["no", "yes"])
    assert clf.n_outputs_ == 1 and clf.out_activation_ == "sigmoid"
    assert clf.n_features_in_ == 2 and not hasattr(clf, "feature_names_in_")
    assert [w.shape for w in clf.coefs_] == [(2, 8), (8, 1)]
    assert [b.shape for b in clf.intercepts_] == [(8,), (1,)]
    assert clf.coefs_[0] is clf.network_.weights[0]  # what predict uses
    assert clf.n_iter_ == 30 == len(clf.loss_curve_) and clf.loss_ == clf.loss_curve_[-1]
    proba = clf.predict_proba(X)
    assert proba.shape == (len(y), 2)
    assert_array_equal(proba.sum(axis=1), 1.0)
    assert set(clf.predict(X)) <= {"no", "yes"}


def test_multiclass_classes_are_sorted_and_probabilities_sum_to_one():
    X, y = blobs()
    order = RRandom(1).sample_int(len(y)) - 1
    clf = TwinnetClassifier(**SMALL).fit(X[order], y[order])
    assert_array_equal(clf.classes_, [10, 20, 30])
    assert clf.n_outputs_ == 3 and clf.out_activation_ == "softmax"
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    assert_array_equal(clf.predict(X), clf.classes_[np.argmax(proba, axis=1)])


def test_one_class_is_an_error():
    X, _ = moons()
    with pytest.raises(
        TwinnetError, match=r"^y has one class, .1.0.; classification needs at least two$"
    ):
        TwinnetClassifier(**SMALL).fit(X, np.ones(len(X)))


# --------------------------------------------------------------- regressor


def test_regressor_multi_output_and_single_output_shapes():
    X, Y = regression()
    reg = TwinnetRegressor(hidden_layer_sizes=(16,), learning_rate_init=0.01).fit(X, Y)
    assert reg.n_outputs_ == 2 and reg.out_activation_ == "identity"
    assert reg.predict(X).shape == (len(X), 2)
    assert reg.coefs_[-1].shape == (16, 2)
    assert reg.score(X, Y) > 0.8
    one = TwinnetRegressor(**SMALL).fit(X, Y[:, 0])
    column = TwinnetRegressor(**SMALL).fit(X, Y[:, :1])
    assert one.predict(X).shape == (len(X),)  # as scikit-learn's MLPRegressor
    assert_array_equal(one.predict(X), column.predict(X))


# ----------------------------------------------------- partial_fit, warm_start


@pytest.mark.parametrize("mode", MODES)
def test_partial_fit_continues_the_network_and_optimiser(mode):
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL, mode=mode)
    clf.partial_fit(X[:120], y[:120], classes=[10, 20, 30])
    clf.partial_fit(X[120:], y[120:])
    assert clf.n_iter_ == 2
    net = contract_network(2, 3, "softmax", "softmax_cross_entropy", mode=mode)
    Y = np.column_stack([(y == c).astype(float) for c in (10, 20, 30)])
    contract_fit(net, X[:120], Y[:120], 1, 0.05)
    contract_fit(net, X[120:], Y[120:], 1, 0.05)
    assert_same_network(clf, net)


def test_one_partial_fit_is_one_epoch_of_fit():
    X, y = moons()
    a = TwinnetClassifier(**SMALL).partial_fit(X, y, classes=["no", "yes"])
    b = TwinnetClassifier(**dict(SMALL, max_iter=1)).fit(X, y)
    assert_same_network(a, b.network_)
    X, Y = regression()
    a = TwinnetRegressor(**SMALL).partial_fit(X, Y)
    b = TwinnetRegressor(**dict(SMALL, max_iter=1)).fit(X, Y)
    assert_same_network(a, b.network_)


def test_partial_fit_after_fit_continues_and_checks_the_classes():
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL).fit(X, y)
    clf.partial_fit(X[:50], y[:50])
    assert clf.n_iter_ == 31
    fresh = TwinnetClassifier(**SMALL)
    with pytest.raises(ValueError, match="classes must be passed"):
        fresh.partial_fit(X, y)
    with pytest.raises(ValueError, match="not in classes_"):
        fresh.partial_fit(X, y, classes=[10, 20])
    with pytest.raises(ValueError, match="not the same"):
        clf.partial_fit(X, y, classes=[10, 20, 30, 40])


def test_warm_start_2_then_3_epochs_gives_the_bits_of_5():
    X, y = blobs()
    warm = TwinnetClassifier(**dict(SMALL, max_iter=2), warm_start=True).fit(X, y)
    warm.set_params(max_iter=3).fit(X, y)
    cold = TwinnetClassifier(**dict(SMALL, max_iter=5)).fit(X, y)
    assert warm.n_iter_ == 5
    assert_same_network(warm, cold.network_)


def test_without_warm_start_fit_starts_again():
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL)
    first = [w.copy() for w in clf.fit(X, y).coefs_]
    clf.fit(X, y)
    assert clf.n_iter_ == 30
    for a, b in zip(first, clf.coefs_):
        assert_array_equal(a, b)


def test_warm_start_needs_the_same_classes_and_shape():
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="same classes"):
        clf.fit(X[y != 30], y[y != 30])
    with pytest.raises(ValueError, match="cannot continue"):
        clf.set_params(hidden_layer_sizes=(4,)).fit(X, y)
    reg = TwinnetRegressor(**SMALL, warm_start=True).fit(*regression())
    with pytest.raises(ValueError, match="2 outputs"):
        reg.fit(regression()[0], regression()[1][:, 0])


# ------------------------------------------------------ pandas and bad input


def test_dataframe_keeps_feature_names():
    X, y = moons()
    df = pd.DataFrame(X, columns=["width", "height"])
    df["flag"] = X[:, 0] > 0  # bool columns are numbers
    clf = TwinnetClassifier(**SMALL).fit(df, y)
    assert_array_equal(clf.feature_names_in_, ["width", "height", "flag"])
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        assert_array_equal(clf.predict(df), clf.predict(df.to_numpy(dtype=float)))
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(df[["height", "width", "flag"]])


@pytest.mark.parametrize(
    "column",
    [
        pd.Categorical(["a", "b"] * 60),
        pd.Series(["a", "b"] * 60, dtype=object),
        pd.Series(["a", "b"] * 60, dtype="string"),
        pd.Series([1.0, 2.0] * 60, dtype=object),  # numbers, but an object column
    ],
    ids=["category", "object", "string", "object_numbers"],
)
def test_categorical_column_is_an_error_naming_it(column):
    X, y = moons()
    df = pd.DataFrame(X, columns=["width", "height"])
    df["colour"] = column
    for est, target in [(TwinnetClassifier(**SMALL), y), (TwinnetRegressor(**SMALL), X[:, 0])]:
        with pytest.raises(TwinnetError, match="column 'colour' is .*never encodes"):
            est.fit(df, target)
        est.fit(df[["width", "height"]], target)
        with pytest.raises(TwinnetError, match="column 'colour'"):
            est.predict(df[["width", "height", "colour"]])


def test_categorical_regression_target_is_an_error():
    X, _ = moons()
    y = pd.Series(pd.Categorical(["1", "2"] * 60), name="size")
    with pytest.raises(TwinnetError, match="y must be numeric, column 'size'"):
        TwinnetRegressor(**SMALL).fit(X, y)


@pytest.mark.parametrize(
    "state", [np.random.RandomState(0), np.random.default_rng(0)], ids=["RandomState", "Generator"]
)
def test_numpy_random_state_is_an_error_explaining_the_shared_seed(state):
    X, y = moons()
    with pytest.raises(TwinnetError, match="R's set.seed seed.*numpy"):
        TwinnetClassifier(**SMALL, random_state=state).fit(X, y)


def test_bad_hidden_layer_sizes_is_an_error():
    X, y = moons()
    with pytest.raises(ValueError, match="hidden_layer_sizes must be positive integers"):
        TwinnetClassifier(hidden_layer_sizes=(8, 0)).fit(X, y)


def test_batch_size_larger_than_the_data_is_clipped_with_a_warning():
    X, y = moons(n=50)
    with pytest.warns(UserWarning, match="batch_size is 500 but the data have 50 rows"):
        big = TwinnetClassifier(**SMALL, batch_size=500).fit(X, y)
    auto = TwinnetClassifier(**SMALL).fit(X, y)  # auto: min(200, 50)
    assert_same_network(big, auto.network_)


def test_no_hidden_layer_is_logistic_regression():
    X, y = make_blobs(200, 2, seed=4)
    clf = TwinnetClassifier(hidden_layer_sizes=(), learning_rate_init=0.05, max_iter=50)
    clf.fit(X, y)
    assert [w.shape for w in clf.coefs_] == [(2, 1)]
    assert clf.score(X, y) > 0.95


# --------------------------------------------- pipelines, search, pickling


def test_pipeline_with_standard_scaler():
    X, y = blobs()
    X = X * 100 + 1000  # far from scaled
    pipe = Pipeline([("scale", StandardScaler()), ("clf", TwinnetClassifier(**SMALL))])
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.95
    scaled = StandardScaler().fit_transform(X)
    alone = TwinnetClassifier(**SMALL).fit(scaled, y)
    assert_array_equal(pipe.predict_proba(X), alone.predict_proba(scaled))


def test_grid_search_over_hidden_sizes_and_learning_rate():
    X, y = make_moons(150, noise=0.1, seed=2)
    grid = {"hidden_layer_sizes": [(2,), (16,)], "learning_rate_init": [0.0001, 0.05]}
    search = GridSearchCV(TwinnetClassifier(max_iter=40), grid, cv=3).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_params_["learning_rate_init"] == 0.05
    assert search.best_score_ > 0.85
    best = search.best_estimator_
    assert best.hidden_layer_sizes == search.best_params_["hidden_layer_sizes"]
    assert best.n_iter_ == 40


def test_pickled_estimator_predicts_and_continues_alike():
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL, mode="exact").fit(X, y)
    copy = pickle.loads(pickle.dumps(clf))
    assert_array_equal(copy.predict_proba(X), clf.predict_proba(X))
    clf.partial_fit(X, y)
    copy.partial_fit(X, y)  # the optimiser's state and the stream were kept
    assert_same_network(copy, clf.network_)


def test_clone_is_unfitted_with_the_same_parameters():
    X, y = moons()
    clf = TwinnetClassifier(**SMALL, random_state=9).fit(X, y)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    assert not hasattr(twin, "network_")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)  # 30 epochs, deliberately
        assert_same_network(twin.fit(X, y), clf.network_)


# ------------------------------------- saving and loading a fitted estimator
# The model file's "estimator" entry (docs/formats.md): what predict needs is
# kept, and the file loads in R as a twinnet() fit (parity_tests/
# test_estimator_parity.py). Twin: R/tests/testthat/test-estimator.R.


def saved_and_loaded(est, tmp_path):
    from twinnet import load_model, save_model

    path = tmp_path / "est.json"
    save_model(est, path)
    return load_model(path), json.loads(path.read_text())


@pytest.mark.parametrize("mode", MODES)
def test_saved_classifier_loads_fitted_and_predicts_the_same(tmp_path, mode):
    X, y = blobs()
    frame = pd.DataFrame(X, columns=["width", "height"])
    labels = np.array(["c", "a", "b"])[(y // 10 - 1).astype(int)]
    clf = TwinnetClassifier(**SMALL, mode=mode, random_state=3).fit(frame, labels)
    again, data = saved_and_loaded(clf, tmp_path)
    assert type(again) is TwinnetClassifier
    assert again.get_params() == clf.get_params()
    assert_array_equal(again.classes_, ["a", "b", "c"])
    assert list(again.feature_names_in_) == ["width", "height"]
    assert_array_equal(again.predict(frame), clf.predict(frame))
    assert_array_equal(again.predict_proba(frame), clf.predict_proba(frame))
    assert again.loss_curve_ == clf.loss_curve_
    entry = data["estimator"]
    assert entry["kind"] == "classifier" and entry["classes"] == ["a", "b", "c"]
    assert entry["features"] == ["width", "height"]
    assert entry["settings"] == {
        "hidden": [8], "activation": "relu", "optimizer": "adam", "lr": 0.05,
        "epochs": 30, "batch_size": None, "shuffle": True, "init": "xavier",
        "seed": 3, "mode": mode, "momentum": 0.9, "beta1": 0.9, "beta2": 0.999,
        "epsilon": 1e-8, "tol": 1e-4, "n_iter_no_change": 10, "alpha": 1e-4,
        "decay": 0.0, "lr_schedule": "constant", "power_t": 0.5, "nesterov": True,
        "early_stopping": False, "validation_fraction": 0.1, "abstol": None,
    }  # fmt: skip
    assert entry["scale"] is None


@pytest.mark.parametrize(
    "labels", [np.array([0, 1]), np.array([False, True]), np.array([-1.0, 2.0])]
)
def test_saved_class_labels_keep_their_type_and_order(tmp_path, labels):
    X, y = moons()
    clf = TwinnetClassifier(**SMALL, mode="exact").fit(X, labels[(y == "yes").astype(int)])
    again, data = saved_and_loaded(clf, tmp_path)
    assert data["estimator"]["classes"] == labels.tolist()
    assert again.classes_.dtype == labels.dtype
    assert_array_equal(again.predict(X), clf.predict(X))
    assert "feature_names_in_" not in vars(again)  # fitted on an array: no names


def test_saved_regressor_with_two_outputs_predicts_the_same(tmp_path):
    X, _ = blobs()
    Y = np.column_stack([X[:, 0] - X[:, 1], X[:, 1] * 0.5])
    reg = TwinnetRegressor(**SMALL, mode="exact", batch_size=16).fit(X, Y)
    again, data = saved_and_loaded(reg, tmp_path)
    assert type(again) is TwinnetRegressor and again.batch_size == 16
    assert data["estimator"]["kind"] == "regressor" and data["estimator"]["classes"] is None
    assert_array_equal(again.predict(X), reg.predict(X))


def test_a_loaded_estimator_continues_with_warm_start_as_the_original(tmp_path):
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL, mode="exact", warm_start=True).fit(X, y)
    again, _ = saved_and_loaded(clf, tmp_path)
    again.set_params(warm_start=True)
    clf.fit(X, y)
    again.fit(X, y)  # weights, optimiser state and stream came back
    assert_same_network(again, clf.network_)


def test_saving_an_unfitted_estimator_is_an_error(tmp_path):
    from twinnet import save_model

    with pytest.raises(TwinnetError) as info:
        save_model(TwinnetRegressor(), tmp_path / "m.json")
    assert str(info.value) == "cannot save the TwinnetRegressor: it is not fitted; call fit first"
    assert not (tmp_path / "m.json").exists()


# A bad "estimator" entry (each a change of a saved three-class classifier
# with features ["a", "b"]) and the message after "model file PATH: ".
BAD_ENTRIES = {
    "not_an_object": (lambda e: ["classifier"], "'estimator' must be an object"),
    "unknown_key": (lambda e: {**e, "colour": 1}, "'estimator' has unknown keys: colour"),
    "kind": (lambda e: {**e, "kind": "svm"},
             "estimator 'kind' must be \"classifier\" or \"regressor\""),
    "no_classes": (lambda e: {**e, "classes": None},
                   "estimator 'classes' is required for a classifier"),
    "one_class": (lambda e: {**e, "classes": ["a"]}, None),
    "repeated_class": (lambda e: {**e, "classes": ["a", "b", "a"]}, None),
    "mixed_classes": (lambda e: {**e, "classes": ["a", 1, "b"]}, None),
    "four_classes": (lambda e: {**e, "classes": ["a", "b", "c", "d"]},
                     "estimator: a classifier of 4 classes needs the network to end in softmax "
                     "with 4 outputs; it ends in softmax with 3"),
    "regressor_with_classes": (lambda e: {**e, "kind": "regressor"},
                               "estimator 'classes' is for classifiers only"),
    "regressor_on_softmax": (lambda e: {**e, "kind": "regressor", "classes": None},
                             "estimator: a regressor needs the network to end in identity "
                             "with 3 outputs; it ends in softmax with 3"),
    "features": (lambda e: {**e, "features": ["a"]},
                 "estimator 'features' must be null or a list of 2 strings (one per input)"),
    "outputs": (lambda e: {**e, "outputs": ["y"]}, "estimator 'outputs' is for regressors only"),
    "response": (lambda e: {**e, "response": 3}, "estimator 'response' must be null or a string"),
    "formula": (lambda e: {**e, "formula": ["y ~ a"]},
                "estimator 'formula' must be null or a string"),
    "xlevels": (lambda e: {**e, "xlevels": {"f": "a"}},
                "estimator 'xlevels' must be an object of lists of strings"),
    "contrasts": (lambda e: {**e, "contrasts": []},
                  "estimator 'contrasts' must be an object of strings"),
    "rows": (lambda e: {**e, "rows": 1.5},
             "estimator 'rows' must be null or a positive whole number"),
    "settings": (lambda e: {**e, "settings": []}, "estimator 'settings' must be an object"),
    "unknown_setting": (lambda e: {**e, "settings": {"speed": 1}},
                        "estimator 'settings' has unknown keys: speed"),
    "lr": (lambda e: {**e, "settings": {"lr": "fast"}}, "estimator setting 'lr' must be a number"),
    "hidden": (lambda e: {**e, "settings": {"hidden": [0]}},
               "estimator setting 'hidden' must be a list of positive whole numbers"),
    "epochs": (lambda e: {**e, "settings": {"epochs": 0}},
               "estimator setting 'epochs' must be a positive whole number"),
    "shuffle": (lambda e: {**e, "settings": {"shuffle": 1}},
                "estimator setting 'shuffle' must be true or false"),
    "mode": (lambda e: {**e, "settings": {"mode": "fast"}},
             "estimator setting 'mode' must be \"blas\" or \"exact\""),
    "tol": (lambda e: {**e, "settings": {"tol": "small"}},
            "estimator setting 'tol' must be a number"),
    "n_iter_no_change": (lambda e: {**e, "settings": {"n_iter_no_change": 2.5}},
                         "estimator setting 'n_iter_no_change' must be a positive whole number"),
}  # fmt: skip
CLASSES_RULE = (
    "estimator 'classes' must be a list of at least two different labels, "
    "all strings, all numbers or all booleans"
)


@pytest.mark.parametrize("case", BAD_ENTRIES)
def test_a_bad_estimator_entry_is_one_error_naming_it(tmp_path, case):
    from twinnet import load_model, save_model

    change, message = BAD_ENTRIES[case]
    X, y = blobs()
    clf = TwinnetClassifier(**SMALL).fit(pd.DataFrame(X, columns=["a", "b"]), y)
    path = tmp_path / "est.json"
    save_model(clf, path)
    data = json.loads(path.read_text())
    data["estimator"] = change(data["estimator"])
    path.write_text(json.dumps(data))
    with pytest.raises(TwinnetError) as info:
        load_model(path)
    assert str(info.value) == f"model file {path}: {message or CLASSES_RULE}"


def test_plot_network_draws_a_fitted_estimator(tmp_path):
    pytest.importorskip("matplotlib")
    from twinnet.plot import plot_network

    X, y = blobs()
    clf = TwinnetClassifier(**SMALL).fit(X, y)
    out = plot_network(clf, tmp_path / "net.png")
    assert out["sizes"] == [2, 8, 3]
    assert (tmp_path / "net.png").stat().st_size > 0


def test_the_command_line_predicts_a_saved_estimators_network_outputs(tmp_path):
    from twinnet import save_model
    from twinnet.cli import main
    from twinnet.io import read_matrix

    X, y = blobs()
    clf = TwinnetClassifier(**SMALL, mode="exact").fit(X, y)
    save_model(clf, tmp_path / "est.json")
    pd.DataFrame(X, columns=["x1", "x2"]).to_csv(tmp_path / "x.csv", index=False)
    args = ["--model", str(tmp_path / "est.json"), "--x", str(tmp_path / "x.csv")]
    main(["predict", *args, "--out", str(tmp_path / "p.csv"), "--quiet"])
    assert_array_equal(read_matrix(str(tmp_path / "p.csv"), "P"), clf.predict_proba(X))


# ------------------------------------------------------------- convergence
# scikit-learn's ConvergenceWarning (twinnet/convergence.py, docs/estimators.md
# "Convergence"). Twin: R/tests/testthat/test-estimator.R; parity:
# parity_tests/test_estimator_parity.py. not_converged: conftest.py.

# Hand-made loss histories and the decision, derived by hand from
# scikit-learn's rule: after each epoch, count += 1 where loss > best - tol,
# else count = 0; best = min(best, loss) (inf at first, so the first epoch
# always resets); converged once count > n_iter_no_change.
# (history, tol, n_iter_no_change, since, epochs of the message or None)
HISTORIES = {
    "no_epochs": ([], 1e-4, 10, 0, None),
    "one_epoch": ([1.0], 1e-4, 10, 0, 1),
    # counts 0, 1, ..., 10: never above 10
    "flat_11_epochs": ([1.0] * 11, 1e-4, 10, 0, 11),
    # counts 0, 1, ..., 11: above 10 at epoch 12
    "flat_12_epochs": ([1.0] * 12, 1e-4, 10, 0, None),
    # falls of exactly tol (exact in binary) are improvements: counts all 0
    "falls_of_exactly_tol": ([4.0 - 0.5 * i for i in range(30)], 0.5, 10, 0, 30),
    # falls of half of tol are not: counts 0, 1, ..., 11
    "falls_of_half_tol": ([4.0 - 0.25 * i for i in range(12)], 0.5, 10, 0, None),
    # a rising loss is no improvement either: counts 0, 1, 2, 3 > 2 at epoch 4
    "rising": ([1.0, 2.0, 3.0, 4.0], 1e-4, 2, 0, None),
    # counts 0, 1, 2, 0, 1, 2, 0: never above 2
    "falls_every_third_epoch": ([3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 1.0], 0.5, 2, 0, 7),
    # stalled at epochs 2-4 (count 3 > 2 at epoch 4: scikit-learn stops there),
    # then falls again: converged, though the end still falls
    "stalled_then_falling": ([3.0, 3.0, 3.0, 3.0, 2.0, 1.0], 0.5, 2, 0, None),
    # tol = 0: an equal loss is an improvement (loss > best - 0 is false)
    "flat_with_tol_0": ([1.0] * 20, 0.0, 10, 0, 20),
    # since: the count runs on from the epochs before (warm_start), only the
    # epochs after since can stop; counts ..., 11 then 0 / 12
    "since_falls": ([1.0] * 12 + [0.5], 1e-4, 10, 12, 1),
    "since_flat": ([1.0] * 13, 1e-4, 10, 12, None),
    "since_all": ([1.0] * 12, 1e-4, 10, 12, None),
}


@pytest.mark.parametrize("case", HISTORIES)
def test_convergence_check_on_handmade_histories(case):
    from twinnet.convergence import convergence_check

    history, tol, n, since, epochs = HISTORIES[case]
    got = convergence_check(history, tol, n, since=since)
    expected = None if epochs is None else not_converged(epochs, f"{tol:g}", n)
    assert got == expected


def test_no_improvement_update_is_scikit_learns_count():
    from twinnet.convergence import no_improvement_update

    assert no_improvement_update(1.0, math.inf, 5, 1e-4) == (1.0, 0)
    assert no_improvement_update(0.95, 1.0, 5, 0.1) == (0.95, 6)  # fell by less than tol
    assert no_improvement_update(0.5, 1.0, 5, 0.5) == (0.5, 0)
    assert no_improvement_update(2.0, 1.0, 5, 0.5) == (1.0, 6)


@pytest.mark.parametrize(
    "tol, n, message",
    [
        (-1, 10, "tol must be a number >= 0, got -1"),
        (math.inf, 10, "tol must be a number >= 0, got Inf"),
        (1e-4, 0, "n_iter_no_change must be a positive integer, got 0"),
        (1e-4, 2.5, "n_iter_no_change must be a positive integer, got 2.5"),
    ],
)
def test_convergence_check_refuses_bad_settings(tol, n, message):
    from twinnet.convergence import convergence_check

    with pytest.raises(TwinnetError) as info:
        convergence_check([1.0], tol, n)
    assert str(info.value) == message


@pytest.mark.parametrize("cls", [TwinnetClassifier, TwinnetRegressor])
def test_a_fit_that_has_not_converged_gives_scikit_learns_convergence_warning(cls):
    X, y = moons() if cls is TwinnetClassifier else regression()
    est = cls(**SMALL)
    with pytest.warns(ConvergenceWarning) as caught:
        est.fit(X, y)
    assert [str(w.message) for w in caught] == [not_converged(30)]
    assert caught[0].filename == __file__  # points at the caller's fit
    # the same decision as the check on the loss curve
    from twinnet.convergence import convergence_check

    assert convergence_check(est.loss_curve_) == not_converged(30)


def test_a_fit_that_converged_does_not_warn():
    X, y = moons()
    # tol = 1: no epoch improves by 1, so the count passes 10 at epoch 12
    est = TwinnetClassifier(**{**SMALL, "max_iter": 12}, tol=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est.fit(X, y)
    # and 11 epochs are one too few: the count reaches 10, not more
    with pytest.warns(ConvergenceWarning) as caught:
        est.set_params(max_iter=11).fit(X, y)
    assert str(caught[0].message) == not_converged(11, "1", 10)
    # n_iter_no_change = 3: the count passes 3 at epoch 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est.set_params(max_iter=5, n_iter_no_change=3).fit(X, y)


def test_partial_fit_never_warns_and_warm_start_carries_the_count_on():
    X, y = moons()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = TwinnetClassifier(**SMALL)
        for _ in range(3):
            clf.partial_fit(X, y, classes=["no", "yes"])  # as scikit-learn's: no warning
        # 12 epochs with tol = 1 converge; 3 more with warm_start continue the
        # count (12, 13, 14): still converged, as scikit-learn's count runs on
        est = TwinnetClassifier(**{**SMALL, "max_iter": 12}, tol=1.0, warm_start=True).fit(X, y)
        est.set_params(max_iter=3).fit(X, y)
    # the same 3 epochs from a new network warn: the count reaches 2 only
    with pytest.warns(ConvergenceWarning, match="did not converge in 3 epochs"):
        TwinnetClassifier(**{**SMALL, "max_iter": 3}, tol=1.0).fit(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"tol": -1.0}, "The 'tol' parameter"),
        ({"n_iter_no_change": 0}, "The 'n_iter_no_change' parameter"),
    ],
)
def test_bad_tol_and_n_iter_no_change_are_refused_before_training(params, message):
    from sklearn.utils._param_validation import InvalidParameterError

    X, y = moons()
    with pytest.raises(InvalidParameterError, match=message):
        TwinnetClassifier(**SMALL, **params).fit(X, y)


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.array([["a", "b"], ["c", "d"]]), [0, 1], "X must be numeric, got non-numeric values"),
        (
            np.array([[1.0, 2.0], [np.nan, 4.0]]),
            [0, 1],
            "X has a missing, NaN or infinite value at row 2, column 1",
        ),
        (np.array([[1.0, 2.0], [3.0, 4.0]]), ["y", "y"], "y has one class, 'y'; "),
    ],
)
def test_estimator_mistakes_get_the_r_twins_one_line_messages(X, y, message):
    """The words of R's twinnet() (as_matrix, as_classes), not numpy's or
    scikit-learn's paragraphs."""
    with pytest.raises(TwinnetError) as info:
        TwinnetClassifier(hidden_layer_sizes=(2,), max_iter=1).fit(X, y)
    assert str(info.value).startswith(message)


# ---------------------------------------------------- training controls
# scikit-learn's MLP parameters and nnet's decay (docs/estimators.md, issue
# 12): each reaches Network.fit under the layer API's name, bit for bit.
# Twin: the "training controls" tests of R/tests/testthat/test-estimator.R.


def test_the_new_defaults_are_scikit_learns():
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    names = ("alpha", "learning_rate", "power_t", "nesterovs_momentum", "early_stopping")
    names += ("validation_fraction", "tol", "n_iter_no_change")
    for ours, theirs in (
        (TwinnetClassifier(), MLPClassifier()),
        (TwinnetRegressor(), MLPRegressor()),
    ):
        assert {k: ours.get_params()[k] for k in names} == {
            k: theirs.get_params()[k] for k in names
        }


@pytest.mark.parametrize(
    "params, controls",
    [
        ({"alpha": 0.01}, {"alpha": 0.01}),
        ({"alpha": 0.0, "weight_decay": 0.01}, {"alpha": 0.0, "weight_decay": 0.01}),
        (
            {"optimizer": "momentum", "learning_rate": "invscaling", "power_t": 0.25},
            {
                "optimizer": "momentum",
                "lr_schedule": "invscaling",
                "power_t": 0.25,
                "nesterov": True,
            },
        ),
        (
            {"optimizer": "sgd", "learning_rate": "adaptive", "tol": 0.5},
            {"optimizer": "sgd", "lr_schedule": "adaptive", "tol": 0.5},
        ),
        (
            {"optimizer": "momentum", "nesterovs_momentum": False},
            {"optimizer": "momentum", "nesterov": False},
        ),
    ],
)
def test_training_controls_reach_network_fit(params, controls):
    X, y = blobs(n=90)
    est = TwinnetClassifier(
        hidden_layer_sizes=(4,), max_iter=6, learning_rate_init=0.05, mode="exact", **params
    ).fit(X, y)
    net = contract_network(2, 3, "softmax", "softmax_cross_entropy", hidden=(4,), mode="exact")
    Y = np.column_stack([(y == c).astype(float) for c in (10, 20, 30)])
    contract_fit(net, X, Y, 6, 0.05, **controls)
    assert_same_network(est, net)


def test_a_schedule_with_adam_is_refused_not_ignored():
    # scikit-learn ignores learning_rate with solver="adam" without a word
    X, y = moons()
    message = (
        "learning_rate 'invscaling' is scikit-learn's setting for solver='sgd' (its adam "
        "ignores it): use optimizer 'sgd' or 'momentum', or learning_rate 'constant'"
    )
    with pytest.raises(TwinnetError) as caught:
        TwinnetClassifier(hidden_layer_sizes=(2,), max_iter=1, learning_rate="invscaling").fit(X, y)
    assert str(caught.value) == message


def linear_data(n=60, seed=5):
    """Standardised inputs (3 columns) and a noisy linear response."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)) * [1.0, 3.0, 0.5] + [2.0, -1.0, 0.0]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = X @ [1.5, -2.0, 0.7] + 0.3 + rng.normal(scale=0.5, size=n)
    return X, y


LINEAR = dict(
    hidden_layer_sizes=(),
    optimizer="sgd",
    learning_rate_init=0.1,
    max_iter=3000,
    tol=0.0,
    n_iter_no_change=3000,
    shuffle=False,
    mode="exact",
)


@pytest.mark.parametrize("alpha", [3.0, 20.0])
def test_a_linear_regressor_is_ridge_with_the_same_alpha(alpha):
    # MLPRegressor minimises ||y - Xb - c||^2 / (2n) + alpha ||b||^2 / (2n),
    # which is Ridge(alpha)'s ||y - Xb - c||^2 + alpha ||b||^2 divided by 2n:
    # the same alpha. twinnet's mse is twice scikit-learn's squared error, so
    # the regressor must give the network 2 * alpha (else it would be
    # Ridge(alpha / 2)). Full-batch gradient descent to convergence: within 1e-9.
    from sklearn.linear_model import Ridge

    X, y = linear_data()
    reg = TwinnetRegressor(alpha=alpha, batch_size=X.shape[0], **LINEAR).fit(X, y)
    ridge = Ridge(alpha=alpha).fit(X, y)
    np.testing.assert_allclose(reg.coefs_[0][:, 0], ridge.coef_, rtol=0, atol=1e-9)
    np.testing.assert_allclose(reg.intercepts_[0], [ridge.intercept_], rtol=0, atol=1e-9)
    half = Ridge(alpha=alpha / 2).fit(X, y)
    assert np.abs(reg.coefs_[0][:, 0] - half.coef_).max() > 1e-3  # the test can tell


def test_a_linear_classifier_passes_alpha_as_it_is():
    # MLPClassifier minimises mean log loss + alpha ||b||^2 / (2n), which is
    # LogisticRegression(C = 1 / alpha)'s C * sum(log loss) + ||b||^2 / 2
    # divided by n * C: twinnet's binary_cross_entropy is scikit-learn's log
    # loss, so alpha passes unchanged. Within 1e-8 after convergence.
    from sklearn.linear_model import LogisticRegression

    X, _ = linear_data()
    y = (X @ [1.0, -1.0, 0.5] + np.random.default_rng(1).normal(size=X.shape[0]) > 0).astype(int)
    alpha = 2.0
    clf = TwinnetClassifier(alpha=alpha, batch_size=X.shape[0], **LINEAR).fit(X, y)
    logistic = LogisticRegression(C=1 / alpha, tol=1e-12, max_iter=10000).fit(X, y)
    np.testing.assert_allclose(clf.coefs_[0][:, 0], logistic.coef_[0], rtol=0, atol=1e-8)
    np.testing.assert_allclose(clf.intercepts_[0], logistic.intercept_, rtol=0, atol=1e-8)


def test_alpha_and_weight_decay_together_are_refused():
    X, y = moons()
    with pytest.raises(TwinnetError, match="alpha and weight_decay cannot both be > 0"):
        TwinnetClassifier(hidden_layer_sizes=(2,), max_iter=1, weight_decay=0.1).fit(X, y)


def test_a_weight_of_zero_drops_the_row_and_two_counts_it_twice():
    X, y = moons(n=90)
    w = np.tile([1.0, 0.0, 2.0], 30)
    params = dict(hidden_layer_sizes=(3,), max_iter=5, learning_rate_init=0.05)
    params.update(shuffle=False, mode="exact")
    weighted = TwinnetClassifier(**params).fit(X, y, sample_weight=w)
    kept = w > 0
    dropped = TwinnetClassifier(**params).fit(X[kept], y[kept], sample_weight=w[kept])
    for a, b in zip(weighted.coefs_ + weighted.intercepts_, dropped.coefs_ + dropped.intercepts_):
        assert_array_equal(a, b)
    assert weighted.loss_curve_ == dropped.loss_curve_
    rows = np.repeat(np.arange(90), w.astype(int))
    repeated = TwinnetClassifier(**params).fit(X[rows], y[rows])
    for a, b in zip(weighted.coefs_, repeated.coefs_):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    # lists and pandas work as scikit-learn's; Network.fit's checks word the mistakes
    again = TwinnetClassifier(**params).fit(X, y, sample_weight=list(w))
    assert_array_equal(again.coefs_[0], weighted.coefs_[0])
    again = TwinnetClassifier(**params).fit(X, y, sample_weight=pd.Series(w))
    assert_array_equal(again.coefs_[0], weighted.coefs_[0])
    with pytest.raises(TwinnetError, match="sample_weight must be numbers >= 0, got -1 at row 1"):
        TwinnetClassifier(**params).fit(X, y, sample_weight=-w)
    with pytest.raises(TwinnetError, match="sample_weight must not be all zero"):
        TwinnetClassifier(**params).fit(X, y, sample_weight=0 * w)
    # a scalar is one weight, not broadcast: the length check names it
    with pytest.raises(TwinnetError, match="sample_weight has 1 value but X has 90 rows"):
        TwinnetClassifier(**params).fit(X, y, sample_weight=2.0)
    with pytest.raises(TwinnetError, match="sample_weight_val has 1 value but X_val has 3 rows"):
        TwinnetClassifier(**params).fit(X, y, X_val=X[:3], y_val=y[:3], sample_weight_val=2.0)


def test_scale_standardises_with_the_training_statistics_in_fit_and_predict(tmp_path):
    from twinnet import load_model, save_model
    from twinnet.scale import fit_scaler

    X, y = blobs(n=90)
    X = X * np.array([1.0, 1000.0]) + np.array([0.0, 5000.0])
    est = TwinnetClassifier(
        hidden_layer_sizes=(4,), max_iter=5, learning_rate_init=0.05, mode="exact", scale=True
    ).fit(X, y)
    s = fit_scaler(X)
    assert_array_equal(est.scaler_.center, s.center)
    assert_array_equal(est.scaler_.scale, s.scale)
    # R's scale(): the standard deviation with n - 1
    np.testing.assert_allclose(s.scale, X.std(axis=0, ddof=1), rtol=1e-12)
    net = contract_network(2, 3, "softmax", "softmax_cross_entropy", hidden=(4,), mode="exact")
    Y = np.column_stack([(y == c).astype(float) for c in (10, 20, 30)])
    contract_fit(net, s.transform(X), Y, 5, 0.05)
    assert_same_network(est, net)
    assert_array_equal(est.predict_proba(X[:3]), net.predict(s.transform(X[:3])))
    assert "scale=True" in repr(est)
    # warm_start keeps the first fit's statistics; switching scale is refused
    warm = TwinnetClassifier(hidden_layer_sizes=(4,), max_iter=2, scale=True, warm_start=True)
    warm.fit(X, y)
    first = warm.scaler_
    warm.fit(X[:30] * 2.0, y[:30])
    assert warm.scaler_ is first
    with pytest.raises(TwinnetError, match="cannot continue the network fitted with scale=True"):
        warm.set_params(scale=False).fit(X, y)
    path = tmp_path / "scaled.json"
    save_model(est, path)
    back = load_model(path)
    assert back.scale is True
    assert_array_equal(back.scaler_.center, s.center)
    assert_array_equal(back.predict_proba(X), est.predict_proba(X))


def test_early_stopping_stratifies_and_puts_the_best_weights_back():
    X, y = moons(n=120)
    params = dict(hidden_layer_sizes=(5,), max_iter=60, learning_rate_init=0.05, mode="exact")
    est = TwinnetClassifier(**params, early_stopping=True, n_iter_no_change=3, tol=0.01)
    est.fit(X, y)
    net = contract_network(2, 1, "sigmoid", "binary_cross_entropy", hidden=(5,), mode="exact")
    Y = (y == "yes").astype(float).reshape(-1, 1)
    contract_fit(
        net,
        X,
        Y,
        60,
        0.05,
        batch_size=120 - 12,
        early_stopping=True,
        validation_fraction=0.1,
        stratify=True,
        validation_score="accuracy",
        n_iter_no_change=3,
        tol=0.01,
    )
    assert_same_network(est, net)
    assert net.stop_reason == "early_stopping"
    assert est.n_iter_ < 60
    assert len(est.validation_scores_) == est.n_iter_ == len(est.validation_loss_curve_)
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.best_validation_score_ == est.validation_scores_[net.best_epoch - 1]
    assert est.best_loss_ is None  # scikit-learn's, with early stopping
    plain = TwinnetClassifier(**{**params, "max_iter": 5}).fit(X, y)
    assert plain.validation_scores_ is None and plain.best_validation_score_ is None
    assert plain.validation_loss_curve_ is None
    assert plain.best_loss_ == min(plain.loss_curve_)
    with pytest.raises(TwinnetError, match="partial_fit does not support early_stopping=True"):
        TwinnetClassifier(**params, early_stopping=True).partial_fit(X, y, classes=["no", "yes"])


def test_an_explicit_validation_set_is_scored_every_epoch():
    X, y = blobs(n=120)
    w = np.tile([1.0, 2.0], 60)
    params = dict(hidden_layer_sizes=(4,), max_iter=8, learning_rate_init=0.05, mode="exact")
    est = TwinnetClassifier(**params).fit(
        X[:90], y[:90], sample_weight=w[:90], X_val=X[90:], y_val=y[90:],
        sample_weight_val=w[90:],
    )  # fmt: skip
    net = contract_network(2, 3, "softmax", "softmax_cross_entropy", hidden=(4,), mode="exact")

    def one_hot(labels):
        return np.column_stack([(labels == c).astype(float) for c in (10, 20, 30)])

    contract_fit(
        net,
        X[:90],
        one_hot(y[:90]),
        8,
        0.05,
        sample_weight=w[:90],
        validation_data=(X[90:], one_hot(y[90:]), w[90:]),
        validation_score="accuracy",
    )
    assert_same_network(est, net)
    assert est.validation_loss_curve_ == list(net.validation_loss_history)
    assert len(est.validation_scores_) == 8
    assert est.best_validation_score_ is None  # no early stopping
    reg = TwinnetRegressor(**params).fit(X[:90], X[:90, 0], X_val=X[90:], y_val=X[90:, 0])
    from sklearn.metrics import r2_score

    assert reg.validation_scores_[-1] == pytest.approx(
        r2_score(X[90:, 0], reg.predict(X[90:])), rel=1e-12
    )
    with pytest.raises(TwinnetError, match="X_val and y_val must be given together"):
        TwinnetClassifier(**params).fit(X, y, X_val=X)
    with pytest.raises(TwinnetError, match="sample_weight_val needs X_val and y_val"):
        TwinnetClassifier(**params).fit(X, y, sample_weight_val=w)
    with pytest.raises(TwinnetError, match="y_val has classes not in classes_"):
        TwinnetClassifier(**params).fit(X, y, X_val=X[:3], y_val=[10, 20, 99])
