"""Backpropagation against central finite differences, for every loss, both
arithmetic modes, with and without bias, on one and two hidden layers."""

import numpy as np
import pytest

from twinnet import MLP, RRandom

H = 1e-6


def finite_differences(model, X, Y, params):
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + H
            up = model.compute_loss(X, Y)
            p[idx] = keep - H
            down = model.compute_loss(X, Y)
            p[idx] = keep
            g[idx] = (up - down) / (2 * H)
        grads.append(g)
    return grads


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
