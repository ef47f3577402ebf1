"""Progress lines, Ctrl-C, the on_epoch callback and checkpoints that resume
to the bits of an uninterrupted run. Twin: R/tests/testthat/test-training-control.R."""

import io
import os
import signal

import numpy as np
import pytest

from twinnet import MLP, Activation, Dense, Network, load_model
from twinnet import progress as progress_module
from twinnet.datasets import make_blobs, one_hot
from twinnet.progress import Progress, progress_line
from twinnet.validation import TwinnetError

BLOBS = make_blobs(n=60, centers=3, seed=1)
Y3 = one_hot(BLOBS.y, 3)
SETTINGS = {"lr": 0.01, "batch_size": 7, "shuffle": True, "optimizer": "adam", "decay": 0.1}


def blob_net():
    net = Network(seed=3, mode="exact")
    net.add(Dense(2, 5, init="he")).add(Activation("relu"))
    net.add(Dense(5, 3)).add(Activation("softmax"))
    return net.use("softmax_cross_entropy")


def same_bits(a, b):
    params_a, params_b = a.weights + a.biases, b.weights + b.biases
    return (
        len(params_a) == len(params_b)
        and all(np.array_equal(p, q) for p, q in zip(params_a, params_b))
        and list(a.loss_history) == list(b.loss_history)
    )


def test_progress_line_shows_epoch_loss_elapsed_and_eta():
    assert progress_line(120, 5000, 0.01234, 3.2) == (
        "epoch 120/5000  loss 0.01234  elapsed 0:00:03  ETA 0:02:10"
    )


def test_progress_is_written_on_a_terminal_and_not_elsewhere(monkeypatch, toy):
    X, Y = toy
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    shown = io.StringIO()
    bar = Progress(3, enabled=True, stream=shown)
    for epoch in (1, 2, 3):
        bar.update(epoch, 0.5)
    bar.close()
    assert "epoch 3/3  loss 0.5" in shown.getvalue() and shown.getvalue().endswith("\n")
    quiet = io.StringIO()  # StringIO is not a terminal
    bar = Progress(3, stream=quiet)
    bar.update(3, 0.5)
    bar.close()
    assert quiet.getvalue() == ""
    MLP([4, 3, 1]).fit(X, Y, 5, progress=False)


def test_ctrl_c_stops_after_the_epoch_and_keeps_the_history(toy, capsys):
    X, Y = toy

    def press_ctrl_c(epoch, loss):
        if epoch == 3:
            os.kill(os.getpid(), signal.SIGINT)

    model = MLP([4, 3, 1], mode="exact").fit(X, Y, 100, on_epoch=press_ctrl_c)
    assert len(model.loss_history) == 3
    assert same_bits(model, MLP([4, 3, 1], mode="exact").fit(X, Y, 3))
    assert "stopped after epoch 3" in capsys.readouterr().err


def test_a_second_ctrl_c_stops_at_once_and_leaves_the_model_as_before(toy):
    X, Y = toy
    model = MLP([4, 3, 1], mode="exact").fit(X, Y, 2)
    before = [w.copy() for w in model.weights]

    def press_twice(epoch, loss):
        if epoch == 4:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        model.fit(X, Y, 100, on_epoch=press_twice)
    assert len(model.loss_history) == 2
    assert all(np.array_equal(a, b) for a, b in zip(before, model.weights))
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_on_epoch_sees_every_epoch_and_can_stop_training(toy):
    X, Y = toy
    seen = []
    model = MLP([4, 3, 1]).fit(X, Y, 3)
    model.fit(X, Y, 10, on_epoch=lambda epoch, loss: seen.append((epoch, loss)) or epoch == 7)
    assert [e for e, _ in seen] == [4, 5, 6, 7]
    assert [l for _, l in seen] == model.loss_history[3:]


def test_checkpoints_resume_an_mlp_to_the_bits_of_an_uninterrupted_run(tmp_path, toy):
    X, Y = toy
    path = tmp_path / "checkpoint.json"
    whole = MLP([4, 3, 1], mode="exact").fit(X, Y, 10)
    MLP([4, 3, 1], mode="exact").fit(X, Y, 10, checkpoint_every=4, checkpoint_path=path)
    resumed = load_model(path)
    assert len(resumed.loss_history) == 8
    resumed.fit(X, Y, 2)
    assert same_bits(resumed, whole)


def test_checkpoints_resume_shuffled_adam_training_exactly(tmp_path):
    path = tmp_path / "checkpoint.json"
    whole = blob_net().fit(BLOBS.X, Y3, 10, **SETTINGS)
    blob_net().fit(BLOBS.X, Y3, 10, checkpoint_every=4, checkpoint_path=path, **SETTINGS)
    resumed = load_model(path)
    assert len(resumed.loss_history) == 8
    resumed.fit(BLOBS.X, Y3, 2, **SETTINGS)
    assert same_bits(resumed, whole)
    np.testing.assert_array_equal(resumed.rng.state(), whole.rng.state())


def test_checkpoint_every_needs_a_path(toy):
    X, Y = toy
    with pytest.raises(ValueError, match="checkpoint_every needs a checkpoint_path"):
        MLP([4, 3, 1]).fit(X, Y, 2, checkpoint_every=1)


# --- Training controls (issue 12; docs/algorithm.md, "Training controls") ---

LOSS_OUTPUTS = {
    "half_sse": "sigmoid",
    "sse": "tanh",
    "mse": "identity",
    "binary_cross_entropy": "sigmoid",
    "softmax_cross_entropy": "softmax",
}


def small_net(loss="softmax_cross_entropy", mode="exact", seed=3, k=3):
    net = Network(seed=seed, mode=mode)
    net.add(Dense(2, 5)).add(Activation("tanh"))
    net.add(Dense(5, k)).add(Activation(LOSS_OUTPUTS[loss]))
    return net.use(loss)


def targets_for(loss):
    if loss == "softmax_cross_entropy":
        return Y3
    if loss == "binary_cross_entropy":
        return (BLOBS.y == 1).astype(float).reshape(-1, 1)
    return Y3 * 0.8 + 0.1


def k_for(loss):
    return 1 if loss == "binary_cross_entropy" else 3


def params_of(net):
    return [p.copy() for p in net.weights + net.biases]


@pytest.mark.parametrize("loss", list(LOSS_OUTPUTS))
def test_weights_of_ones_give_the_unweighted_bits(loss):
    Y = targets_for(loss)
    plain = small_net(loss, k=k_for(loss)).fit(BLOBS.X, Y, 4, lr=0.05, batch_size=7, shuffle=True)
    ones = small_net(loss, k=k_for(loss)).fit(
        BLOBS.X, Y, 4, lr=0.05, batch_size=7, shuffle=True, sample_weight=np.ones(60)
    )
    assert same_bits(plain, ones)


@pytest.mark.parametrize("loss", list(LOSS_OUTPUTS))
def test_zero_weights_drop_their_rows_bit_for_bit(loss):
    Y = targets_for(loss)
    w = np.ones(60)
    w[[0, 5, 17, 40, 59]] = 0.0
    keep = w > 0
    weighted = small_net(loss, k=k_for(loss)).fit(BLOBS.X, Y, 5, lr=0.05, sample_weight=w)
    dropped = small_net(loss, k=k_for(loss)).fit(BLOBS.X[keep], Y[keep], 5, lr=0.05)
    assert same_bits(weighted, dropped)


def test_sum_losses_weight_each_row_and_mean_losses_take_the_weighted_mean():
    # an independent route: numpy's own formulas at the network's output
    w = np.linspace(0.1, 2.0, 60)
    for loss in ("sse", "mse", "binary_cross_entropy", "softmax_cross_entropy"):
        Y = targets_for(loss)
        net = small_net(loss, mode="blas", k=k_for(loss))
        out = net.predict(BLOBS.X)
        if loss == "sse":
            expected = np.sum(w[:, None] * (Y - out) ** 2)
        elif loss == "mse":
            expected = np.sum(w[:, None] * (Y - out) ** 2) / (w.sum() * Y.shape[1])
        else:
            if loss == "binary_cross_entropy":
                rows = -(Y * np.log(out) + (1 - Y) * np.log(1 - out)).sum(axis=1)
            else:
                rows = -(Y * np.log(out)).sum(axis=1)
            expected = np.sum(w * rows) / w.sum()
        assert net.compute_loss(BLOBS.X, Y, sample_weight=w) == pytest.approx(expected, rel=1e-12)


def test_the_penalties_follow_scikit_learn_and_nnet():
    net = small_net("mse", mode="blas")
    Y = targets_for("mse")
    w = np.linspace(0.1, 2.0, 60)
    plain = net.compute_loss(BLOBS.X, Y, sample_weight=w)
    squares_w = sum(np.sum(W**2) for W in net.weights)
    squares_b = sum(np.sum(b**2) for b in net.biases)
    # scikit-learn: (0.5 * alpha) * sum(W^2) / sum(w), weights only
    assert net.compute_loss(BLOBS.X, Y, sample_weight=w, alpha=0.3) == pytest.approx(
        plain + 0.15 * squares_w / w.sum(), rel=1e-13
    )
    assert net.compute_loss(BLOBS.X, Y, alpha=0.3) == pytest.approx(
        net.compute_loss(BLOBS.X, Y) + 0.15 * squares_w / 60, rel=1e-13
    )
    # nnet: decay * sum(p^2) over weights and biases, added to nnet's summed
    # criterion sum_i w_i * sum((y - t)^2): the mean loss is that criterion
    # divided by sum(w) * k, and so is the penalty
    nnet_value = np.sum(w[:, None] * (Y - net.predict(BLOBS.X)) ** 2) + 0.3 * (
        squares_w + squares_b
    )
    assert net.compute_loss(BLOBS.X, Y, sample_weight=w, weight_decay=0.3) == pytest.approx(
        nnet_value / (w.sum() * Y.shape[1]), rel=1e-13
    )
    for loss, divisor in (("sse", 1.0), ("half_sse", 2.0)):
        net.use(loss)
        assert net.compute_loss(BLOBS.X, Y, sample_weight=w, weight_decay=0.3) == pytest.approx(
            nnet_value / divisor, rel=1e-13
        )


def test_the_recorded_loss_holds_the_penalty_of_the_weights_before_the_update():
    Y = targets_for("mse")
    net = small_net("mse")
    before = net.compute_loss(BLOBS.X, Y, alpha=0.5)
    net.fit(BLOBS.X, Y, 1, lr=0.1, alpha=0.5)
    assert net.loss_history == [before]


def test_nesterov_is_scikit_learns_update():
    Y = targets_for("mse")
    net = small_net("mse")
    lr, mu = 0.1, 0.9
    params = params_of(net)
    velocity = [np.zeros_like(p) for p in params]
    for _ in range(3):  # the formula by hand, from the network's own gradients
        probe = small_net("mse")
        for d, W in zip(probe.dense_layers, params[:2]):
            d.weights = W.copy()
        for d, b in zip(probe.dense_layers, params[2:]):
            d.bias = b.copy()
        dW, db = probe.gradients(BLOBS.X, Y)
        for i, g in enumerate(dW + db):
            velocity[i] = mu * velocity[i] - lr * g
            params[i] = params[i] + (mu * velocity[i] - lr * g)
    net.fit(BLOBS.X, Y, 3, lr=lr, optimizer="momentum", momentum=mu, nesterov=True)
    for p, q in zip(net.weights + net.biases, params):
        np.testing.assert_array_equal(p, q)


def test_invscaling_uses_lr_over_seen_rows_plus_one_to_the_power_t():
    Y = targets_for("mse")
    a = small_net("mse", mode="blas").fit(
        BLOBS.X, Y, 3, lr=0.2, lr_schedule="invscaling", power_t=0.3
    )
    b = small_net("mse", mode="blas")
    for e in range(3):  # scikit-learn's lr / (t + 1) ** power_t, t = rows seen
        b.fit(BLOBS.X, Y, 1, lr=0.2 / (e * 60 + 1) ** 0.3)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)
    assert a.loss_history[0] == b.loss_history[0]


def test_adaptive_divides_the_rate_by_5_until_it_is_below_1e_6():
    # tol = 10: no epoch ever improves by tol, so the count passes 1 every
    # second epoch after the first: 0.1 / 5^8 < 1e-6 <= 0.1 / 5^7 gives 8
    # divisions (epochs 3, 5, ..., 17) and the stop at epoch 19
    Y = targets_for("mse")
    net = small_net("mse").fit(
        BLOBS.X, Y, 50, lr=0.1, lr_schedule="adaptive", tol=10.0, n_iter_no_change=1
    )
    assert len(net.loss_history) == 19 and net.stop_reason == "tol"


def test_tol_stops_where_scikit_learns_count_passes_n_iter_no_change():
    from twinnet.convergence import no_improvement_update

    Y = targets_for("softmax_cross_entropy")
    net = small_net().fit(BLOBS.X, Y, 500, lr=0.5, tol=1e-3, n_iter_no_change=4)
    best, count, expected = np.inf, 0, None
    for epoch, loss in enumerate(net.loss_history, start=1):
        best, count = no_improvement_update(loss, best, count, 1e-3)
        if count > 4:
            expected = epoch
            break
    assert expected is not None and len(net.loss_history) == expected
    assert net.stop_reason == "tol" and net.best_epoch is None


def test_abstol_stops_after_the_first_epoch_below_it():
    Y = targets_for("softmax_cross_entropy")
    net = small_net().fit(BLOBS.X, Y, 500, lr=0.5, abstol=0.2)
    assert net.stop_reason == "abstol"
    assert net.loss_history[-1] < 0.2 and min(net.loss_history[:-1]) >= 0.2


def test_early_stopping_puts_back_the_weights_of_the_best_validation_epoch():
    Y = targets_for("softmax_cross_entropy")
    Y_val = np.roll(Y[40:], 1, axis=1)  # wrong classes: the validation loss soon grows
    seen = []
    net = small_net()
    net.fit(
        BLOBS.X[:40],
        Y[:40],
        300,
        lr=0.5,
        tol=0.0,
        n_iter_no_change=3,
        early_stopping=True,
        validation_data=(BLOBS.X[40:], Y_val),
        on_epoch=lambda e, loss: seen.append(params_of(net)),
    )
    history = net.validation_loss_history
    assert net.stop_reason == "early_stopping" and len(history) == len(net.loss_history)
    best = int(np.argmin(history)) + 1  # the first smallest
    assert net.best_epoch == best and len(history) == best + 4
    assert all(np.array_equal(p, q) for p, q in zip(params_of(net), seen[best - 1]))
    # the validation loss is the loss of those weights on the validation rows
    assert net.compute_loss(BLOBS.X[40:], Y_val) == history[best - 1]


def test_early_stopping_on_a_score_watches_the_score():
    Y = targets_for("softmax_cross_entropy")
    net = small_net().fit(
        BLOBS.X,
        Y,
        300,
        lr=0.5,
        tol=1e-4,
        n_iter_no_change=2,
        early_stopping=True,
        validation_fraction=0.3,
        stratify=True,
        validation_score="accuracy",
    )
    scores = net.validation_score_history
    assert net.stop_reason == "early_stopping"
    assert net.best_epoch == int(np.argmax(scores)) + 1
    assert all(0 <= s <= 1 for s in scores) and len(scores) == len(net.loss_history)


def test_two_fits_continue_the_stopping_state_of_one():
    Y = targets_for("softmax_cross_entropy")
    settings = dict(
        lr=0.3,
        lr_schedule="adaptive",
        tol=1e-2,
        n_iter_no_change=2,
        validation_data=(BLOBS.X[:15], Y[:15], np.linspace(1, 2, 15)),
        validation_score="accuracy",
        sample_weight=np.linspace(0.5, 1.5, 60),
        alpha=0.01,
        batch_size=16,
        shuffle=True,
    )
    with pytest.warns(Warning):
        whole = small_net().fit(BLOBS.X, Y, 12, **settings)
    parts = small_net()
    with pytest.warns(Warning):
        parts.fit(BLOBS.X, Y, 5, **settings)
    with pytest.warns(Warning):
        parts.fit(BLOBS.X, Y, 7, **settings)
    assert same_bits(whole, parts)
    assert whole.validation_loss_history == parts.validation_loss_history
    assert whole.validation_score_history == parts.validation_score_history


def test_a_fit_that_runs_all_its_epochs_warns_and_one_that_stops_does_not():
    import warnings

    from twinnet.convergence import ConvergenceWarning, convergence_message

    Y = targets_for("softmax_cross_entropy")
    with pytest.warns(ConvergenceWarning) as record:
        small_net().fit(BLOBS.X, Y, 3, lr=0.1, tol=1e-4)
    assert str(record[0].message) == convergence_message(3, 1e-4, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        small_net().fit(BLOBS.X, Y, 3, lr=0.1)  # tol None: never warns
        small_net().fit(BLOBS.X, Y, 3, lr=0.1, tol=1e-4, on_epoch=lambda e, loss: e == 3)
        small_net().fit(BLOBS.X, Y, 50, lr=0.1, tol=100.0, n_iter_no_change=1)


def test_the_warning_names_what_early_stopping_watched():
    Y = targets_for("softmax_cross_entropy")
    tail = (
        " its best by tol = 0 or more within n_iter_no_change = 10 epochs of the end; train for "
        "more epochs (max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)"
    )
    for score, watched in (
        (None, "validation loss fell below"),
        ("accuracy", "validation score rose above"),
    ):
        with pytest.warns(UserWarning) as record:
            small_net().fit(
                BLOBS.X,
                Y,
                3,
                lr=0.1,
                tol=0.0,
                early_stopping=True,
                validation_fraction=0.25,
                validation_score=score,
            )
        assert (
            str(record[0].message) == f"training did not converge in 3 epochs: the {watched}{tail}"
        )


def test_the_validation_split_is_drawn_from_the_networks_stream():
    import math

    from twinnet import RRandom
    from twinnet.network import validation_split

    train, val = validation_split(20, 0.25, RRandom(9))
    perm = RRandom(9).sample_int(20) - 1  # R's sample.int(20) after set.seed(9)
    np.testing.assert_array_equal(val, np.sort(perm[: math.ceil(0.25 * 20)]))
    np.testing.assert_array_equal(np.sort(np.concatenate([train, val])), np.arange(20))
    assert np.all(np.diff(train) > 0)


def test_a_stratified_split_gives_each_class_its_share():
    from twinnet import RRandom
    from twinnet.network import stratify_keys, validation_split

    # classes of 5, 3 and 2 rows, 3 validation rows: quotas 1, 0, 0 and the
    # two rows left go to the largest remainders (9 and 6 of 10): 1, 1, 1
    y = np.array([0, 1, 0, 2, 0, 1, 0, 2, 1, 0.0])
    train, val = validation_split(10, 0.25, RRandom(4), stratify_keys(np.eye(3)[y.astype(int)]))
    perm = RRandom(4).sample_int(10) - 1
    firsts = sorted(next(r for r in perm if y[r] == c) for c in (0, 1, 2))
    np.testing.assert_array_equal(val, firsts)
    one_hot_keys = stratify_keys(np.eye(3)[y.astype(int)])
    np.testing.assert_array_equal(one_hot_keys, y)
    # ties of the remainders go to the earlier class: 2 + 2 rows, 3 to validation
    train, val = validation_split(4, 0.75, RRandom(1), np.array([1.0, 0, 1, 0]))
    assert sorted(np.array([1.0, 0, 1, 0])[val]) == [0, 0, 1]


def test_stratify_refuses_targets_without_classes():
    from twinnet.network import stratify_keys

    # numbers to regress on: a split by distinct values would always hold out
    # the smallest targets, whatever the seed
    message = (
        "stratify needs class targets (one column of 0 and 1, or one-hot rows: one 1 "
        "per row, zeros elsewhere); row 2 of Y is not"
    )
    for Y in ([[0.0], [2.5], [1.0]], [[0, 1, 0], [0.5, 0.5, 0]], [[0, 1, 0], [1, 1, 0]]):
        with pytest.raises(TwinnetError) as err:
            stratify_keys(np.array(Y, dtype=float))
        assert str(err.value) == message
    np.testing.assert_array_equal(stratify_keys(np.array([[0.0], [1], [1]])), [0, 1, 1])


def test_a_fit_with_validation_fraction_trains_on_the_other_rows():
    from twinnet.network import validation_split

    Y = targets_for("softmax_cross_entropy")
    w = np.linspace(0.5, 2, 60)
    a = small_net().fit(BLOBS.X, Y, 3, lr=0.1, validation_fraction=0.2, sample_weight=w)
    net = small_net()
    # the split comes from the network's stream after its weights: a twin network's
    probe = small_net()
    train, val = validation_split(60, 0.2, probe.rng)
    b = net.fit(
        BLOBS.X[train],
        Y[train],
        3,
        lr=0.1,
        sample_weight=w[train],
        validation_data=(BLOBS.X[val], Y[val], w[val]),
    )
    assert same_bits(a, b)
    assert a.validation_loss_history == b.validation_loss_history


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"alpha": -1}, "alpha must be a number >= 0, got -1"),
        ({"alpha": 0.1, "weight_decay": 0.1}, "alpha and weight_decay cannot both be > 0"),
        ({"lr_schedule": "cosine"}, "unknown lr_schedule 'cosine'; choose one of constant"),
        ({"decay": 0.1, "lr_schedule": "invscaling"}, "decay > 0 needs lr_schedule constant"),
        ({"nesterov": True}, "nesterov needs optimizer momentum, got optimizer sgd"),
        ({"lr_schedule": "adaptive"}, "lr_schedule adaptive needs tol (a number >= 0)"),
        ({"n_iter_no_change": 0}, "n_iter_no_change must be a positive integer, got 0"),
        ({"validation_fraction": 1.0}, "validation_fraction must be a number in (0, 1), got 1"),
        ({"early_stopping": True, "tol": 0.1}, "early_stopping needs a validation set"),
        (
            {"early_stopping": True, "validation_fraction": 0.2},
            "early_stopping needs tol (a number >= 0)",
        ),
        ({"stratify": True}, "stratify needs validation_fraction"),
        ({"validation_score": "r2"}, "validation_score needs a validation set"),
        ({"validation_score": "f1"}, "unknown validation_score 'f1'; choose one of accuracy, r2"),
        ({"validation_fraction": 0.99}, "validation_fraction 0.99 leaves no rows for training"),
        ({"sample_weight": np.ones(59)}, "sample_weight has 59 values but X has 60 rows"),
        ({"sample_weight": -np.ones(60)}, "sample_weight must be numbers >= 0, got -1 at row 1"),
        ({"sample_weight": np.zeros(60)}, "sample_weight must not be all zero"),
        ({"sample_weight": np.ones((60, 2))}, "sample_weight must be one column, got 2"),
        ({"validation_data": (BLOBS.X,)}, "validation_data must be (X_val, Y_val)"),
        (
            {"validation_data": (BLOBS.X[:, :1], Y3)},
            "X_val has 1 columns but the input layer has 2 units",
        ),
        ({"validation_data": (BLOBS.X, Y3[:5])}, "X_val has 60 rows but Y_val has 5"),
        (
            {"validation_data": (BLOBS.X, Y3, np.ones(3))},
            "sample_weight_val has 3 values but X_val has 60 rows",
        ),
    ],
)
def test_training_controls_are_refused_with_a_message(settings, message):
    from conftest import python_error

    net = small_net()
    before = params_of(net)
    settings = {"validation_data": None, **settings}
    text = python_error(lambda: net.fit(BLOBS.X, Y3, 2, **settings))
    assert message in text
    assert all(np.array_equal(p, q) for p, q in zip(before, params_of(net)))


def test_early_stopping_is_refused_with_checkpoints(tmp_path):
    from conftest import python_error

    text = python_error(
        lambda: small_net().fit(
            BLOBS.X,
            Y3,
            2,
            tol=0.1,
            early_stopping=True,
            validation_fraction=0.2,
            checkpoint_every=1,
            checkpoint_path=str(tmp_path / "m.json"),
        )
    )
    assert text.startswith("early_stopping cannot be used with checkpoint_every")


def test_mlp_fit_passes_the_training_controls_through(toy):
    X, Y = toy
    a = MLP([4, 3, 1], mode="exact").fit(X, Y, 5, sample_weight=[1, 2, 0.5], weight_decay=0.01)
    b = Network.fit(
        MLP([4, 3, 1], mode="exact"), X, Y, 5, sample_weight=[1, 2, 0.5], weight_decay=0.01
    )
    assert same_bits(a, b) and a.stop_reason is None


def test_same_start_as_scikit_learn_gives_its_weights_and_loss_curve():
    # scikit-learn's MLPClassifier, full-batch SGD without momentum, alpha > 0,
    # sample weights, a binary output (its log loss is binary_cross_entropy),
    # started from twinnet's initial weights. Bound: relative 1e-12 on the
    # weights and 1e-13 on the losses after 25 epochs (the same formulas with
    # numpy's summation order instead of the exact core's: rounding only; seen
    # 8e-16 and 4e-16; without alpha on twinnet's side the weights differ by 6e-3).
    import warnings

    from sklearn.neural_network import MLPClassifier

    X = BLOBS.X
    y = (BLOBS.y == 1).astype(int)
    w = np.linspace(0.2, 3.0, 60)
    net = Network(seed=8, mode="exact")
    net.add(Dense(2, 4)).add(Activation("tanh")).add(Dense(4, 1)).add(Activation("sigmoid"))
    net.use("binary_cross_entropy")
    start = params_of(net)
    net.fit(X, y.reshape(-1, 1).astype(float), 25, lr=0.3, alpha=0.05, sample_weight=w)
    clf = MLPClassifier(
        hidden_layer_sizes=(4,),
        activation="tanh",
        solver="sgd",
        alpha=0.05,
        batch_size=60,
        learning_rate_init=0.3,
        momentum=0.0,
        nesterovs_momentum=False,
        shuffle=False,
        max_iter=1,
        tol=0.0,
        n_iter_no_change=1000,
        warm_start=True,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y, sample_weight=w)  # sets its shapes; then twinnet's start
        clf.coefs_ = [start[0].copy(), start[1].copy()]
        clf.intercepts_ = [start[2].ravel().copy(), start[3].ravel().copy()]
        clf.loss_curve_ = []
        clf.max_iter = 25
        clf.fit(X, y, sample_weight=w)
    np.testing.assert_allclose(clf.loss_curve_, net.loss_history, rtol=1e-13)
    for mine, theirs in zip(net.weights, clf.coefs_):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)
    for mine, theirs in zip(net.biases, clf.intercepts_):
        np.testing.assert_allclose(mine.ravel(), theirs, rtol=1e-12, atol=1e-15)


def test_a_mini_batch_of_zero_weights_stops_a_mean_loss_as_divergence():
    # D3 of the issue-12 decisions: its weighted mean is 0 / 0 = NaN, alike in R
    from conftest import python_error

    w = np.ones(60)
    w[:7] = 0.0
    net = small_net()
    text = python_error(lambda: net.fit(BLOBS.X, Y3, 2, lr=0.1, batch_size=7, sample_weight=w))
    assert text == "training diverged: the loss is nan at epoch 1; try a smaller lr"
    assert net.loss_history == []
    # a sum loss just adds nothing for those rows
    Y = targets_for("sse")
    small_net("sse").fit(BLOBS.X, Y, 2, lr=0.01, batch_size=7, sample_weight=w)


def test_a_split_whose_validation_weights_are_all_zero_records_nan():
    from twinnet.network import validation_split

    probe = small_net()
    _, val = validation_split(60, 0.1, probe.rng)
    w = np.ones(60)
    w[val] = 0.0
    net = small_net().fit(
        BLOBS.X,
        Y3,
        2,
        lr=0.1,
        sample_weight=w,
        validation_fraction=0.1,
        validation_score="accuracy",
    )
    assert np.isnan(net.validation_loss_history).all()
    assert np.isnan(net.validation_score_history).all()
    assert np.isfinite(net.loss_history).all()
