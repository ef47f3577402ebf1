"""The MLP learns what the articles' networks learn, and behaves as documented."""

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from twinnet import MLP, RRandom
from twinnet.config import read_config
from twinnet.io import read_matrix
from twinnet.training_config import model_from_config


def test_toy_network_learns_its_targets(toy):
    # Analytics Vidhya printed 0.980, 0.968, 0.045 after 5000 epochs
    # (from a random start of its own).
    X, Y = toy
    model = MLP([4, 3, 1], lr=0.1, seed=42).fit(X, Y, 5000)
    out = model.predict(X)
    assert out.shape == (3, 1)
    assert np.all(np.abs(out - Y) < 0.1), out
    assert len(model.loss_history) == 5000
    assert model.loss_history[-1] < model.loss_history[0] / 10


def test_loy_network_learns_his_table():
    # Loy printed 0.023, 0.979, 0.975, 0.025 after 1500 iterations.
    config = read_config(FIXTURES / "seed002_xor" / "config.json")
    X, Y = read_matrix(config["x"]), read_matrix(config["y"], "Y")
    model = model_from_config(config).fit(X, Y, config["epochs"])
    assert model.biases == [] and not model.bias
    assert np.all(np.abs(model.predict(X) - Y) < 0.1)


def test_weights_are_drawn_at_construction_as_r_draws_them():
    model = MLP([4, 3, 1], seed=42)
    rng = RRandom(42)
    np.testing.assert_array_equal(model.weights[0], rng.rnorm(12).reshape((4, 3), order="F"))
    np.testing.assert_array_equal(model.biases[0], rng.runif(3).reshape(1, 3))
    np.testing.assert_array_equal(model.weights[1], rng.rnorm(3).reshape((3, 1), order="F"))
    np.testing.assert_array_equal(model.biases[1], rng.runif(1).reshape(1, 1))
    # R's set.seed(42); rnorm(1) prints 1.37095844714667 (R 4.2.2)
    assert abs(model.weights[0][0, 0] - 1.37095844714667) < 1e-14


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_fit_continues_from_the_current_weights(toy, mode):
    X, Y = toy
    once = MLP([4, 3, 1], seed=42, mode=mode).fit(X, Y, 500)
    twice = MLP([4, 3, 1], seed=42, mode=mode).fit(X, Y, 200).fit(X, Y, 300)
    for a, b in zip(once.weights + once.biases, twice.weights + twice.biases):
        np.testing.assert_array_equal(a, b)
    assert once.loss_history == twice.loss_history


def test_explicit_initial_weights_are_used(toy):
    X, Y = toy
    w = [np.full((4, 3), 0.1), np.full((3, 1), -0.2)]
    b = [np.zeros((1, 3)), [0.5]]
    model = MLP([4, 3, 1], weights=w, biases=b)
    assert model.seed is None
    np.testing.assert_array_equal(model.weights[1], w[1])
    np.testing.assert_array_equal(model.biases[1], [[0.5]])
    z = 1 / (1 + np.exp(-(3 * (-0.2) * (1 / (1 + np.exp(-0.2))) + 0.5)))
    assert abs(model.predict(X[:1])[0, 0] - z) < 1e-15


def test_predict_accepts_a_data_frame_and_a_target_vector(toy):
    X, Y = toy
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    model = MLP([4, 3, 1], seed=1).fit(frame, Y.ravel(), 10)
    np.testing.assert_array_equal(model.predict(frame), model.predict(X))


def test_a_failed_fit_leaves_the_model_as_it_was(toy):
    X, Y = toy
    # identity output: targets of 1e150 are reachable (a sigmoid's are refused)
    model = MLP([4, 3, 1], lr=1e300, mode="exact", activation="identity")
    before = [w.copy() for w in model.weights]
    with pytest.raises(ValueError, match="epoch 2"):
        model.fit(X, Y * 1e150, 5)
    for a, b in zip(before, model.weights):
        np.testing.assert_array_equal(a, b)
    assert model.loss_history == []


def test_repr_names_the_configuration():
    text = repr(MLP([4, 3, 1], lr=0.5, seed=7, mode="exact", loss="sse", bias=False))
    assert text == "MLP(layers=[4, 3, 1], lr=0.5, seed=7, mode='exact', loss='sse', bias=False)"


def test_random_fixture_data_is_rs_stream():
    """fixtures/random_200x10 holds set.seed(2026); rnorm(2000); runif(200) < 0.5."""
    rng = RRandom(2026)
    X = rng.rnorm(2000).reshape((200, 10), order="F")
    Y = (rng.runif(200) < 0.5).astype(float).reshape(200, 1)
    np.testing.assert_array_equal(read_matrix(FIXTURES / "random_200x10" / "x.csv"), X)
    np.testing.assert_array_equal(read_matrix(FIXTURES / "random_200x10" / "y.csv"), Y)


def test_mlp_is_a_network_of_dense_and_activation_layers():
    from twinnet import Network

    model = MLP([4, 3, 1], activation="tanh")
    assert isinstance(model, Network) and model.sizes == [4, 3, 1]
    assert [layer.kind for layer in model.layers] == ["dense", "activation"] * 2
    assert {layer.name for layer in model.layers if layer.kind == "activation"} == {"tanh"}


def test_train_step_uses_the_mlps_own_lr_by_default():
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    Y = np.array([[1.0], [0.0]])
    a, b = MLP([2, 2, 1], lr=0.5, mode="exact"), MLP([2, 2, 1], lr=0.5, mode="exact")
    a.train_step(X, Y)
    b.train_step(X, Y, lr=0.5)
    for u, v in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(u, v)


def test_optimizer_table_gives_fits_defaults_and_rules():
    import inspect

    from twinnet import Network
    from twinnet.optimizers import check_optimizer_settings, optimizer_defaults, setting_rule

    signature = inspect.signature(Network.fit).parameters
    for name, default in {**optimizer_defaults(), "lr": 0.1, "decay": 0.0}.items():
        assert signature[name].default == default
    assert optimizer_defaults("adam") == {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    assert check_optimizer_settings("momentum", {"momentum": 0.5, "beta1": "unused"}) == {
        "momentum": 0.5
    }
    with pytest.raises(ValueError, match=r"beta1 must be a number in \[0, 1\), got 1"):
        check_optimizer_settings("adam", {"beta1": 1, "beta2": 0.9, "epsilon": 1e-8})
    assert [setting_rule(k) for k in ("lr", "momentum", "beta2", "decay")] == [
        "a positive finite number",
        "a number in [0, 1]",
        "a number in [0, 1)",
        "a finite number >= 0",
    ]


def test_a_network_starts_without_validation_history_or_stop():
    model = MLP([4, 3, 1])
    assert model.validation_loss_history == [] and model.validation_score_history == []
    assert model.stop_reason is None and model.best_epoch is None


def test_a_diverging_fit_leaves_the_validation_state_as_it_was(toy):
    from twinnet import TwinnetError

    X, Y = toy
    model = MLP([4, 3, 1], lr=0.5, mode="exact", loss="sse", activation="identity")
    model.fit(X, Y, 2, validation_data=(X, Y), validation_score="r2")
    before = (
        list(model.validation_loss_history),
        list(model.validation_score_history),
        [w.copy() for w in model.weights],
    )
    model.lr = 1e200
    with pytest.raises(TwinnetError, match="diverged"):
        model.fit(X, Y, 3, validation_fraction=0.34, tol=0.0, early_stopping=True)
    assert model.validation_loss_history == before[0]
    assert model.validation_score_history == before[1]
    assert all(np.array_equal(a, b) for a, b in zip(model.weights, before[2]))
    assert model.stop_reason is None and model.best_epoch is None


def test_validation_histories_hold_nan_for_epochs_without_a_validation_set(toy):
    X, Y = toy
    model = MLP([4, 3, 1], mode="exact")
    model.fit(X, Y, 2)
    model.fit(X, Y, 2, validation_data=(X, Y))
    model.fit(X, Y, 1)
    history = np.array(model.validation_loss_history)
    assert len(history) == 5 and np.isnan(history[[0, 1, 4]]).all()
    assert np.isfinite(history[2:4]).all() and model.validation_score_history == []


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"validation_data": "toy"},
        {"sample_weight": [1.0, 2.0, 0.5]},
        {"alpha": 0.1},
        {"weight_decay": 0.01},
    ],
    ids=["plain", "validation", "weights", "alpha", "weight_decay"],
)
def test_blas_mode_keeps_its_lean_epoch_for_plain_descent_only(toy, settings, monkeypatch):
    X, Y = toy
    settings = {k: ((X, Y) if v == "toy" else v) for k, v in settings.items()}
    calls = []
    lean = MLP._epoch_lean

    def counting(self, *args):
        calls.append(1)
        return lean(self, *args)

    monkeypatch.setattr(MLP, "_epoch_lean", counting)
    blas = MLP([4, 3, 1], mode="blas").fit(X, Y, 20, **settings)
    exact = MLP([4, 3, 1], mode="exact").fit(X, Y, 20, **settings)
    plain = not ({"sample_weight", "alpha", "weight_decay"} & set(settings))
    assert len(calls) == (20 if plain else 0)
    for a, b in zip(blas.weights + blas.biases, exact.weights + exact.biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(blas.loss_history, exact.loss_history, rtol=1e-12)
