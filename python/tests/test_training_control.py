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
