"""blas mode's fused C kernels (twinnet/_core/blas_kernels.c) and the lean
epoch that uses them (Network._epoch_lean), each against the numpy
expression it replaces: identical doubles, except the loss's sum of squares
(eight interleaved partial sums), held within a rounding bound of the
correctly rounded sum (math.fsum)."""

import math

import numpy as np
import pytest

from twinnet import MLP
from twinnet._core import _ext as k
from twinnet.network import Network

KINDS = {"identity": 0, "sigmoid": 1, "tanh": 2}


def slope(a, kind):
    if kind == "sigmoid":
        return a * (1.0 - a)
    if kind == "tanh":
        return 1.0 - a * a
    return np.ones_like(a)


def activations(rng, shape, kind):
    z = rng.normal(size=shape) * 3
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return np.tanh(z) if kind == "tanh" else z


# 60 x 7 runs on the calling thread, 700 x 130 on several (and by columns)
@pytest.mark.parametrize("shape", [(60, 7), (1, 3), (300, 2), (5000, 10), (700, 130)])
@pytest.mark.parametrize("kind", list(KINDS))
def test_slope_and_column_sums_equal_numpy(shape, kind):
    rng = np.random.default_rng(7)
    a = activations(rng, shape, kind)
    d = rng.normal(size=shape)
    want = d * slope(a, kind) if kind != "identity" else d.copy()
    got = d.copy()
    k.blas_slope(got, a, None, *shape, KINDS[kind])
    assert np.array_equal(got, want)
    got = d.copy()
    sums = np.empty((1, shape[1]))
    k.blas_slope(got, a, sums, *shape, KINDS[kind])
    assert np.array_equal(got, want)
    assert np.array_equal(sums, want.sum(axis=0, keepdims=True))


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("loss", [0, 1, 2])
def test_output_delta_equals_numpy(kind, loss):
    rng = np.random.default_rng(11)
    shape = (301, 3)
    a = activations(rng, shape, kind)
    y = rng.uniform(0.05, 0.95, size=shape)
    e = y - a
    direction = [e, 2.0 * e, (2.0 * e) / e.size][loss]
    want = -direction * slope(a, kind) if kind != "identity" else -direction
    d = np.empty(shape)
    total = k.blas_output_delta(a, y, d, *shape, KINDS[kind], loss)
    assert np.array_equal(d, want)
    exact = math.fsum((e * e).ravel())
    # a sum of n positive terms in eight partial sums: relative error below
    # (n / 8 + 3) eps
    assert abs(total - exact) <= (e.size / 8 + 3) * np.finfo(float).eps * exact
    assert total != 0.0


def test_output_delta_sum_order_by_hand():
    # squares: 1, then 8191 times 2^-54. Element i goes to partial sum i mod 8:
    # sum 0 is 1 + 1023 terms of 2^-54, each lost to rounding (ties to even):
    # 1; sums 1..7 hold 1024 * 2^-54 = 2^-44 exactly; combined as
    # ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) = 1 + 7 * 2^-44.
    # Added one by one the total would be 1.
    n = 8 * 1024
    y = np.full((n, 1), 2.0**-27)
    y[0] = 1.0
    a = np.zeros((n, 1))
    total = k.blas_output_delta(a, y, np.empty((n, 1)), n, 1, 0, 0)
    assert total == 1.0 + 7 * 2.0**-44


def test_sgd_update_equals_numpy():
    rng = np.random.default_rng(3)
    p = rng.normal(size=(40, 9))
    g = rng.normal(size=(40, 9))
    want = p.copy()
    want -= g * 0.37
    k.blas_sgd(p, g, 0.37, p.size)
    assert np.array_equal(p, want)


def test_kernels_refuse_wrong_buffers():
    with pytest.raises(TypeError):
        k.blas_sgd(np.zeros(4, dtype=np.float32), np.zeros(4), 0.1, 4)
    with pytest.raises(ValueError):
        k.blas_sgd(np.zeros(4), np.zeros(5), 0.1, 4)
    with pytest.raises(ValueError):
        k.blas_slope(np.zeros((2, 2)), np.zeros((2, 2)), None, 2, 2, 5)
    with pytest.raises(ValueError):
        k.blas_output_delta(np.zeros(4), np.zeros(4), np.zeros(4), 2, 2, 1, 3)


def fit(lean, layers, loss, act, bias, n=257):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(n, layers[0]))
    Y = rng.uniform(0.05, 0.95, size=(n, layers[-1]))
    if act == "tanh":
        Y = 2.0 * Y - 1.0
    m = MLP(
        layers, lr=1e-6 if act == "identity" else 0.01, seed=5, loss=loss, activation=act, bias=bias
    )
    if lean:
        m.fit(X, Y, 20)
    else:
        original = Network._lean_plan
        Network._lean_plan = lambda self, X, Y: None
        try:
            m.fit(X, Y, 20)
        finally:
            Network._lean_plan = original
    return m


@pytest.mark.parametrize("layers", [[10, 16, 1], [5, 7, 6, 3], [4, 1, 2], [300, 260, 4]])
@pytest.mark.parametrize("loss", ["half_sse", "sse", "mse"])
@pytest.mark.parametrize("act", list(KINDS))
def test_lean_epoch_gives_the_generic_epochs_bits(layers, loss, act):
    bias = layers[0] != 5  # one case without bias
    lean, generic = fit(True, layers, loss, act, bias), fit(False, layers, loss, act, bias)
    for x, y in zip(lean.weights + lean.biases, generic.weights + generic.biases):
        assert np.array_equal(x, y)
    assert len(lean.biases) == (len(layers) - 1 if bias else 0)
    assert np.allclose(lean.loss_history, generic.loss_history, rtol=1e-14, atol=0)


def test_lean_plan_applies_only_where_it_can():
    X, Y = np.zeros((4, 2)), np.full((4, 1), 0.5)
    net = MLP([2, 3, 1])
    assert net._lean_plan(X, Y) is not None
    assert MLP([2, 3, 1], mode="exact")._lean_plan(X, Y) is None
    ce = MLP([2, 3, 1], loss="binary_cross_entropy")
    assert ce._lean_plan(X, Y) is None
