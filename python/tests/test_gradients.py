"""Backpropagation against central finite differences, for every loss, both
arithmetic modes, with and without bias, on one and two hidden layers."""

import numpy as np
import pytest

from twinnet import MLP, RRandom

H = 1e-6


def finite_differences(model, X, Y, params):
    return finite_differences_of(lambda: model.compute_loss(X, Y), params)


def relative_error(a, b):
    a = np.concatenate([x.ravel() for x in a])
    b = np.concatenate([x.ravel() for x in b])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


@pytest.mark.parametrize("layers", [[3, 4, 2], [3, 5, 4, 2]], ids=["one_hidden", "two_hidden"])
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("loss", ["half_sse", "sse", "mse"])
def test_backprop_gradients_match_central_finite_differences(loss, mode, bias, layers):
    rng = RRandom(7)
    X = rng.rnorm(6 * 3).reshape(6, 3)
    Y = rng.runif(6 * layers[-1]).reshape(6, layers[-1])
    model = MLP(layers, seed=3, mode=mode, loss=loss, bias=bias)
    dW, db = model.gradients(X, Y)
    fW = finite_differences(model, X, Y, model.weights)
    fb = finite_differences(model, X, Y, model.biases)
    assert len(db) == (len(layers) - 1 if bias else 0)
    assert relative_error(dW + db, fW + fb) < 1e-6


def test_one_epoch_moves_the_weights_against_the_gradient(toy):
    X, Y = toy
    model = MLP([4, 3, 1], lr=0.1, seed=42, mode="exact")
    dW, db = model.gradients(X, Y)
    before = [w.copy() for w in model.weights] + [b.copy() for b in model.biases]
    model.fit(X, Y, 1)
    after = model.weights + model.biases
    for p0, p1, g in zip(before, after, dW + db):
        np.testing.assert_allclose(p1, p0 - 0.1 * g, rtol=0, atol=1e-15)


# Sample weights and the two penalties (docs/algorithm.md, "Training controls"):
# the gradients fit uses are those of the loss it records, penalty included.
def finite_differences_of(loss, params):
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + H
            up = loss()
            p[idx] = keep - H
            down = loss()
            p[idx] = keep
            g[idx] = (up - down) / (2 * H)
        grads.append(g)
    return grads


def network_for(loss, mode, k):
    from twinnet import Activation, Dense, Network

    output = {"binary_cross_entropy": "sigmoid", "softmax_cross_entropy": "softmax"}
    net = Network(seed=5, mode=mode)
    net.add(Dense(3, 4)).add(Activation("tanh"))
    net.add(Dense(4, k)).add(Activation(output.get(loss, "sigmoid")))
    return net.use(loss)


@pytest.mark.parametrize("penalty", ["none", "alpha", "weight_decay"])
@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize(
    "loss", ["half_sse", "sse", "mse", "binary_cross_entropy", "softmax_cross_entropy"]
)
def test_weighted_and_penalised_gradients_match_central_finite_differences(loss, mode, penalty):
    rng = RRandom(11)
    k = 1 if loss == "binary_cross_entropy" else 3
    X = rng.rnorm(7 * 3).reshape(7, 3)
    if loss == "softmax_cross_entropy":
        Y = np.eye(3)[[0, 1, 2, 1, 0, 2, 2]]
    else:
        Y = rng.runif(7 * k).reshape(7, k)
    w = np.array([0.5, 2.0, 0.0, 1.0, 3.0, 0.25, 1.5])
    settings = {"sample_weight": w}
    if penalty != "none":
        settings[penalty] = 0.3
    net = network_for(loss, mode, k)
    dW, db = net.gradients(X, Y, **settings)
    params = net.weights + net.biases
    numeric = finite_differences_of(lambda: net.compute_loss(X, Y, **settings), params)
    assert relative_error(dW + db, numeric) < 1e-6
    # the penalty's share, separately: alpha touches the weights only
    if penalty != "none":
        plain_W, plain_b = net.gradients(X, Y, sample_weight=w)
        if penalty == "alpha":
            for g, g0, W in zip(dW, plain_W, net.weights):
                np.testing.assert_allclose(g - g0, 0.3 * W / w.sum(), rtol=1e-12, atol=1e-15)
            for g, g0 in zip(db, plain_b):
                np.testing.assert_array_equal(g, g0)
        else:
            # nnet's 2 * decay * p, divided as the loss divides nnet's summed criterion
            divisor = {"sse": 1.0, "half_sse": 2.0, "mse": w.sum() * k}.get(loss, w.sum())
            for g, g0, p in zip(dW + db, plain_W + plain_b, net.weights + net.biases):
                np.testing.assert_allclose(g - g0, 0.6 * p / divisor, rtol=1e-12, atol=1e-15)
