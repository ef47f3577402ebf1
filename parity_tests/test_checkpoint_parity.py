"""A checkpoint written by one language resumes in the other to the bits of
an uninterrupted run: weights, loss history, the network's random stream and
the optimiser's state all cross over in the model file."""

import numpy as np
import pytest

from parity import r, r_matrices, to_r
from twinnet import Activation, Dense, Network, load_model
from twinnet.datasets import make_blobs, one_hot

BLOBS = make_blobs(n=60, centers=3, seed=1)
Y3 = one_hot(BLOBS.y, 3)
VARIANTS = {
    "adam": {"lr": 0.01, "batch_size": 7, "shuffle": True, "optimizer": "adam", "decay": 0.1},
    "momentum": {"lr": 0.05, "batch_size": 9, "shuffle": True, "optimizer": "momentum"},
    "sgd": {"lr": 0.1},
}

r("""twinnet_blob_net <- function() {
  net <- network(seed = 3, mode = "exact")
  net <- add(net, dense(2, 5, init = "he"))
  net <- add(net, activation("relu"))
  net <- add(net, dense(5, 3))
  net <- add(net, activation("softmax"))
  use(net, "softmax_cross_entropy")
}""")


def python_net():
    net = Network(seed=3, mode="exact")
    net.add(Dense(2, 5, init="he")).add(Activation("relu"))
    net.add(Dense(5, 3)).add(Activation("softmax"))
    return net.use("softmax_cross_entropy")


def r_fit(model, epochs, settings, **more):
    args = {**settings, **more}
    return r["fit"](model, to_r(BLOBS.X), to_r(Y3), epochs, **args)


@pytest.mark.parametrize("variant", VARIANTS)
def test_python_checkpoint_resumes_in_r(tmp_path, variant):
    settings = VARIANTS[variant]
    whole = python_net().fit(BLOBS.X, Y3, 10, **settings)
    path = tmp_path / "py.json"
    python_net().fit(BLOBS.X, Y3, 10, checkpoint_every=4, checkpoint_path=str(path), **settings)
    resumed = r_fit(r["load_model"](str(path)), 2, settings)
    for p, q in zip(
        whole.weights + whole.biases,
        r_matrices(resumed.rx2("weights")) + r_matrices(resumed.rx2("biases")),
    ):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(
        np.array(whole.loss_history), np.asarray(resumed.rx2("loss_history"))
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_r_checkpoint_resumes_in_python(tmp_path, variant):
    settings = VARIANTS[variant]
    whole = python_net().fit(BLOBS.X, Y3, 10, **settings)
    path = tmp_path / "r.json"
    r_fit(r["twinnet_blob_net"](), 10, settings, checkpoint_every=4, checkpoint_path=str(path))
    resumed = load_model(path)
    assert len(resumed.loss_history) == 8
    resumed.fit(BLOBS.X, Y3, 2, **settings)
    for p, q in zip(whole.weights + whole.biases, resumed.weights + resumed.biases):
        np.testing.assert_array_equal(p, q)
    assert resumed.loss_history == whole.loss_history
    np.testing.assert_array_equal(resumed.rng.state(), whole.rng.state())


def controls(language):
    """Training controls whose state crosses in the file (issue 12): sample
    weights, alpha, the adaptive rate (divided by 5 every two epochs without
    an improvement of 0.05, so it is replayed from the histories on resume),
    a validation set with its score. In the language's own types."""
    w = (np.arange(60) % 4 + 1.0).reshape(-1, 1) / 2
    settings = {"lr": 0.1, "alpha": 0.01, "lr_schedule": "adaptive", "tol": 0.05}
    settings.update(n_iter_no_change=1, validation_score="accuracy")
    if language == "python":
        return {**settings, "sample_weight": w, "validation_data": (BLOBS.X[:20], Y3[:20])}
    validation = r["list"](to_r(BLOBS.X[:20]), to_r(Y3[:20]))
    return {**settings, "sample_weight": to_r(w), "validation_data": validation}


def assert_same_run(py, rr):
    for p, q in zip(
        py.weights + py.biases, r_matrices(rr.rx2("weights")) + r_matrices(rr.rx2("biases"))
    ):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(np.array(py.loss_history), np.asarray(rr.rx2("loss_history")))
    for key in ("validation_loss_history", "validation_score_history"):
        np.testing.assert_array_equal(np.array(getattr(py, key)), np.asarray(rr.rx2(key)))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_checkpoint_with_training_controls_resumes_in_the_other_language(tmp_path):
    """Python's checkpoint after 8 of 10 epochs, resumed by R for 2, gives the
    bits of Python's uninterrupted run (the adaptive rate and the stopping
    count replayed from the histories the file keeps), and the other way."""
    whole = python_net().fit(BLOBS.X, Y3, 10, **controls("python"))
    path = tmp_path / "py.json"
    python_net().fit(
        BLOBS.X, Y3, 10, checkpoint_every=4, checkpoint_path=str(path), **controls("python")
    )
    resumed = r("suppressWarnings")(r_fit(r["load_model"](str(path)), 2, controls("r")))
    assert_same_run(whole, resumed)
    path = tmp_path / "r.json"
    r("suppressWarnings")(
        r_fit(
            r["twinnet_blob_net"](),
            10,
            controls("r"),
            checkpoint_every=4,
            checkpoint_path=str(path),
        )
    )
    again = load_model(path)
    assert len(again.loss_history) == 8 and len(again.validation_loss_history) == 8
    again.fit(BLOBS.X, Y3, 2, **controls("python"))
    assert_same_run(again, resumed)
