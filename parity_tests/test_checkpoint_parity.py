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
