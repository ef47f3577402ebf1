"""The layer library (layers.py, activations.py, losses.py, optimizers.py,
init.py): every layer and loss against central finite differences, custom
activations (Aflak's f and f_prime), the training variants of Network.fit,
the initialisers, bad input, and Aflak's XOR example.

Data come from RRandom, so each case draws the same numbers as its twin in
R/tests/testthat/test-layers.R (same cases, same names, same messages).
"""

import math

import numpy as np
import pytest

from twinnet import Activation, Dense, Network, RRandom, TwinnetError
from twinnet.arith import ARITHMETICS

H = 1e-6  # central differences: truncation ~h^2, rounding ~1e-16 / h
MODES = ["blas", "exact"]


# --------------------------------------------------------------- helpers


def rmatrix(values, n_row, n_col):
    """R's matrix(values, n_row, n_col): filled column by column."""
    return np.asarray(values, dtype=float).reshape((n_row, n_col), order="F")


def targets(kind, rng, n, n_out):
    if kind == "unit":  # in [0, 1]: sigmoid outputs, binary cross-entropy
        return rmatrix(rng.runif(n * n_out), n, n_out)
    if kind == "symmetric":  # in [-1, 1]: tanh outputs
        return rmatrix(rng.runif(n * n_out, -1.0, 1.0), n, n_out)
    if kind == "normal":  # any real: identity outputs
        return rmatrix(rng.rnorm(n * n_out), n, n_out)
    classes = rng.sample_int(n_out, n, replace=True)  # one-hot: softmax CE
    return np.eye(n_out)[classes - 1]


def loss_of(net, X, Y):
    """The loss the library computes (the value net._backward returns)."""
    return net._backward(X, Y)[0]


def backprop_gradients(net, X, Y):
    """The gradients the dense layers keep after one backward pass."""
    net._backward(X, Y)
    return [g.copy() for d in net.dense_layers for g in d.grads()]


def finite_difference_gradients(net, X, Y):
    """Central differences of the loss, one parameter at a time."""
    grads = []
    for d in net.dense_layers:
        for p in d.params():
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                keep = p[idx]
                p[idx] = keep + H
                up = loss_of(net, X, Y)
                p[idx] = keep - H
                down = loss_of(net, X, Y)
                p[idx] = keep
                g[idx] = (up - down) / (2 * H)
            grads.append(g)
    return grads


def finite_differences_of(E, x):
    """Central differences of a scalar function E at the matrix x."""
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += H
        down[idx] -= H
        g[idx] = (E(up) - E(down)) / (2 * H)
    return g


def relative_difference(a, b):
    """|a - b| / max(|a|, |b|), Euclidean norms over all entries."""
    a = np.concatenate([np.ravel(x) for x in a])
    b = np.concatenate([np.ravel(x) for x in b])
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    assert scale > 0, "all gradients are zero: the check would prove nothing"
    return np.linalg.norm(a - b) / scale


def parameters(net):
    return [p.copy() for d in net.dense_layers for p in d.params()]


def assert_same_training(a, b):
    """Identical bits: every parameter and every epoch's loss."""
    for pa, pb in zip(parameters(a), parameters(b), strict=True):
        np.testing.assert_array_equal(pa, pb)
    assert a.loss_history == b.loss_history


def softsign(x):
    return x / (1 + np.abs(x))


def softsign_prime(x):
    return 1 / (1 + np.abs(x)) ** 2


def activation_layer(name):
    if name == "softsign":  # Aflak's way: f and f' of the layer's input
        return Activation(softsign, softsign_prime)
    return Activation(name)


def gradient_check_network(hidden, output, loss, mode, n_in=3, n_hidden=4, n_out=3):
    """Dense -> Activation(hidden) -> Dense -> Activation(output), init "aflak".

    For relu, the network's seed is the first from 1 up whose hidden
    pre-activations are all at least 1e-4 from relu's kink at 0 (a step of
    h moves them by less than 1e-5), so the finite differences never cross it.
    """
    for seed in range(1, 101):
        net = Network(seed=seed, mode=mode)
        net.add(Dense(n_in, n_hidden, init="aflak")).add(activation_layer(hidden))
        net.add(Dense(n_hidden, n_out, init="aflak")).add(Activation(output))
        net.use(loss)
        if hidden != "relu":
            return net
        net.forward(GRAD_X)
        z = net.layers[1].input
        if np.abs(z).min() > 1e-4 and (z > 0).any():
            return net
    raise AssertionError("no seed in 1..100 keeps relu's inputs away from 0")


GRAD_X = rmatrix(RRandom(11).rnorm(5 * 3), 5, 3)

# (output activation, loss, kind of target)
OUTPUT_LOSS = [
    ("sigmoid", "half_sse", "unit"),
    ("sigmoid", "sse", "unit"),
    ("identity", "mse", "normal"),
    ("tanh", "mse", "symmetric"),
    ("softmax", "mse", "unit"),  # through softmax's Jacobian
    ("sigmoid", "binary_cross_entropy", "unit"),
    ("softmax", "softmax_cross_entropy", "one_hot"),
]


# ---------------------------------------------- 1. gradients of every layer


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "output,loss,kind", OUTPUT_LOSS, ids=[f"{o}-{l}" for o, l, _ in OUTPUT_LOSS]
)
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "identity"])
def test_backprop_matches_finite_differences_for_every_activation_and_loss(
    hidden, output, loss, kind, mode
):
    X = GRAD_X
    Y = targets(kind, RRandom(12), 5, 3)
    net = gradient_check_network(hidden, output, loss, mode)
    assert (
        relative_difference(backprop_gradients(net, X, Y), finite_difference_gradients(net, X, Y))
        < 1e-6
    )


@pytest.mark.parametrize("mode", MODES)
def test_backprop_matches_finite_differences_with_and_without_bias_and_no_final_activation(mode):
    # three dense layers, two of them without bias, the last one not
    # followed by an activation
    X = GRAD_X
    Y = targets("normal", RRandom(12), 5, 2)
    net = Network(seed=5, mode=mode)
    net.add(Dense(3, 4, bias=False, init="aflak")).add(Activation("tanh"))
    net.add(Dense(4, 4, init="aflak")).add(Activation("sigmoid"))
    net.add(Dense(4, 2, bias=False, init="aflak")).use("mse")
    grads = backprop_gradients(net, X, Y)
    assert [g.shape for g in grads] == [(3, 4), (4, 4), (1, 4), (4, 2)]
    assert relative_difference(grads, finite_difference_gradients(net, X, Y)) < 1e-6


@pytest.mark.parametrize("mode", MODES)
def test_custom_softsign_activation_gradients_match_finite_differences(mode):
    X = GRAD_X
    Y = targets("unit", RRandom(12), 5, 3)
    net = gradient_check_network("softsign", "sigmoid", "half_sse", mode)
    assert (
        relative_difference(backprop_gradients(net, X, Y), finite_difference_gradients(net, X, Y))
        < 1e-6
    )


@pytest.mark.parametrize("mode", MODES)
def test_dense_layer_backward_is_the_articles_three_formulas(mode):
    # E = sum(c * Y) for a fixed c, so dE/dY = c, and Aflak's formulas give
    # dE/dX = c W^t, dE/dW = X^t c, dE/dB = colsum(c)
    ar = ARITHMETICS[mode]
    rng = RRandom(5)
    X = rmatrix(rng.rnorm(12), 4, 3)
    W = rmatrix(rng.rnorm(6), 3, 2)
    b = rmatrix(rng.rnorm(2), 1, 2)
    c = rmatrix(rng.rnorm(8), 4, 2)
    layer = Dense(3, 2, weights=W, bias_row=b)

    def E(x=X, w=W, bias=b):
        probe = Dense(3, 2, weights=w, bias_row=bias)
        return float(np.sum(c * probe.forward(x, ar)))

    fd_X = finite_differences_of(lambda x: E(x=x), X)
    fd_W = finite_differences_of(lambda w: E(w=w), W)
    fd_b = finite_differences_of(lambda bias: E(bias=bias), b)
    layer.forward(X, ar)
    dX = layer.backward(c, ar)
    assert relative_difference([dX], [fd_X]) < 1e-6
    assert relative_difference([layer.grad_weights], [fd_W]) < 1e-6
    assert relative_difference([layer.grad_bias], [fd_b]) < 1e-6
    # the formulas in numpy's own arithmetic; the entries are below 10 in
    # size and sums of at most 4 products, so 1e-13 is a few ulps
    np.testing.assert_allclose(dX, c @ W.T, rtol=0, atol=1e-13)
    np.testing.assert_allclose(layer.grad_weights, X.T @ c, rtol=0, atol=1e-13)
    np.testing.assert_allclose(layer.grad_bias, c.sum(axis=0, keepdims=True), rtol=0, atol=1e-13)


# f'(x) written independently of the library's (which uses the output)
SLOPES = {
    "sigmoid": lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
    "tanh": lambda x: 1 / np.cosh(x) ** 2,
    "relu": lambda x: (x > 0).astype(float),
    "identity": lambda x: np.ones_like(x),
    "softmax": None,  # not element-wise: its Jacobian, checked by differences only
    "softsign": softsign_prime,
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(SLOPES))
def test_activation_layer_backward_is_dE_dY_times_f_prime_of_its_input(name, mode):
    ar = ARITHMETICS[mode]
    rng = RRandom(6)
    X = rmatrix(rng.rnorm(12), 4, 3)
    c = rmatrix(rng.rnorm(12), 4, 3)
    assert np.abs(X).min() > 1e-4  # relu's kink is not crossed
    layer = activation_layer(name)

    def E(x):
        return float(np.sum(c * activation_layer(name).forward(x, ar)))

    fd_X = finite_differences_of(E, X)
    layer.forward(X, ar)
    dX = layer.backward(c, ar)
    assert relative_difference([dX], [fd_X]) < 1e-6
    if SLOPES[name] is not None:
        # element-wise products of numbers below 4 in size: a few ulps
        np.testing.assert_allclose(dX, c * SLOPES[name](X), rtol=1e-12, atol=1e-15)


# ------------------------------------------------- 2. custom activations


def xor_network(mode="blas", seed=42, hidden=None, output=None):
    """Aflak's XOR network: 2-3-1, init "aflak", mse."""
    net = Network(seed=seed, mode=mode)
    net.add(Dense(2, 3, init="aflak")).add(hidden or Activation("tanh"))
    net.add(Dense(3, 1, init="aflak")).add(output or Activation("tanh"))
    return net.use("mse")


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def test_custom_tanh_pair_trains_like_the_builtin_tanh_in_blas_mode():
    def custom():
        return Activation(lambda x: np.tanh(x), lambda x: 1 - np.tanh(x) ** 2)

    builtin = xor_network().fit(XOR_X, XOR_Y, 300, lr=0.1, batch_size=1)
    own = xor_network(hidden=custom(), output=custom()).fit(XOR_X, XOR_Y, 300, lr=0.1, batch_size=1)
    assert own.layers[1].name == "custom" and builtin.layers[1].name == "tanh"
    for pa, pb in zip(parameters(own), parameters(builtin), strict=True):
        np.testing.assert_allclose(pa, pb, rtol=0, atol=1e-12)
    np.testing.assert_allclose(own.loss_history, builtin.loss_history, rtol=0, atol=1e-12)
    np.testing.assert_allclose(own.predict(XOR_X), builtin.predict(XOR_X), rtol=0, atol=1e-12)


# ---------------------------------------------------- 3. training variants


def regression_data(n=10, seed=21):
    rng = RRandom(seed)
    return rmatrix(rng.rnorm(n * 3), n, 3), rmatrix(rng.runif(n * 2), n, 2)


def regression_network(seed=42, mode="blas"):
    net = Network(seed=seed, mode=mode)
    net.add(Dense(3, 4, init="aflak")).add(Activation("tanh"))
    net.add(Dense(4, 2, init="aflak")).add(Activation("sigmoid"))
    return net.use("mse")


def same_weights_new_seed(net, seed):
    """A network with net's layers, loss and current parameters, and its own
    stream from ``seed`` (given weights draw nothing from it)."""
    new = Network(seed=seed, mode=net.mode)
    for layer in net.layers:
        if layer.kind == "dense":
            # order="K" keeps the memory layout (see hand_written_descent)
            new.add(
                Dense(
                    layer.n_in,
                    layer.n_out,
                    bias=layer.has_bias,
                    weights=layer.weights.copy(order="K"),
                    bias_row=None if layer.bias is None else layer.bias.copy(order="K"),
                )
            )
        else:
            new.add(Activation(layer.name))
    return new.use(net.loss)


def hand_written_descent(net, X, Y, lr, epoch_batches):
    """Plain gradient descent over the given batches of rows, one list of
    batches per epoch; returns each epoch's loss (batch losses weighted by
    rows / n)."""
    n = X.shape[0]
    history = []
    for batches in epoch_batches:
        total = 0.0
        for rows in batches:
            value, _ = net._backward(X[rows], Y[rows])
            # in place, as the library does: drawn weights are column-major
            # (Fortran-ordered) arrays, and a BLAS product's last bit can
            # depend on the operands' memory layout
            for d in net.dense_layers:
                d.weights -= d.grad_weights * lr
                if d.bias is not None:
                    d.bias -= d.grad_bias * lr
            total += value * (X[rows].shape[0] / n)
        history.append(total)
    return history


@pytest.mark.parametrize("mode", MODES)
def test_batch_size_none_is_bit_identical_to_batch_size_n(mode):
    X, Y = regression_data()
    full = regression_network(mode=mode).fit(X, Y, 5, lr=0.5, batch_size=None)
    n = regression_network(mode=mode).fit(X, Y, 5, lr=0.5, batch_size=10)
    assert_same_training(full, n)
    assert full.loss_history[-1] < full.loss_history[0]


@pytest.mark.parametrize("mode", MODES)
def test_per_sample_sgd_equals_a_hand_written_loop_over_the_rows_in_order(mode):
    X, Y = regression_data()
    fitted = regression_network(mode=mode).fit(X, Y, 3, lr=0.2, batch_size=1)
    by_hand = regression_network(mode=mode)
    rows = [slice(i, i + 1) for i in range(10)]
    history = hand_written_descent(by_hand, X, Y, 0.2, [rows] * 3)
    by_hand.loss_history = history
    assert_same_training(fitted, by_hand)


def test_mini_batches_of_3_on_10_rows_are_3_3_3_1():
    X, Y = regression_data()
    fitted = regression_network()
    sizes = []
    backward = fitted._backward

    def recording(xb, yb):
        sizes.append(xb.shape[0])
        return backward(xb, yb)

    fitted._backward = recording
    fitted.fit(X, Y, 2, lr=0.2, batch_size=3)
    assert sizes == [3, 3, 3, 1] * 2
    by_hand = regression_network()
    batches = [slice(0, 3), slice(3, 6), slice(6, 9), slice(9, 10)]
    by_hand.loss_history = hand_written_descent(by_hand, X, Y, 0.2, [batches] * 2)
    assert_same_training(fitted, by_hand)


def test_epoch_loss_of_mini_batches_is_the_batch_losses_weighted_by_rows_over_n():
    X, Y = regression_data()
    fitted = regression_network().fit(X, Y, 1, lr=0.2, batch_size=3)
    by_hand = regression_network()
    losses = []
    for rows in [slice(0, 3), slice(3, 6), slice(6, 9), slice(9, 10)]:
        losses.append(hand_written_descent(by_hand, X[rows], Y[rows], 0.2, [[slice(None)]])[0])
    expected = 0.0
    for value, rows in zip(losses, [3, 3, 3, 1]):
        expected += value * (rows / 10)
    assert fitted.loss_history == [expected]
    assert expected != sum(losses) / 4  # the weighting matters here


def test_shuffle_draws_sample_int_from_the_networks_stream():
    X, Y = regression_data()
    start = regression_network(seed=1)
    fitted = same_weights_new_seed(start, 7).fit(X, Y, 3, lr=0.2, batch_size=4, shuffle=True)
    stream = RRandom(7)
    epochs = []
    for _ in range(3):
        order = stream.sample_int(10) - 1
        epochs.append([order[0:4], order[4:8], order[8:10]])
    by_hand = same_weights_new_seed(start, 7)
    by_hand.loss_history = hand_written_descent(by_hand, X, Y, 0.2, epochs)
    assert_same_training(fitted, by_hand)
    np.testing.assert_array_equal(fitted.rng.state(), stream.state())


def test_shuffle_with_the_same_seed_repeats_and_with_another_seed_differs():
    X, Y = regression_data()
    start = regression_network(seed=1)

    def shuffled(seed):
        return same_weights_new_seed(start, seed).fit(X, Y, 3, lr=0.2, batch_size=4, shuffle=True)

    assert_same_training(shuffled(7), shuffled(7))
    assert not np.array_equal(shuffled(7).weights[0], shuffled(8).weights[0])


def test_shuffle_false_does_not_consume_the_stream():
    X, Y = regression_data()
    net = regression_network(seed=3)
    before = net.rng.state()
    net.fit(X, Y, 3, lr=0.2, batch_size=3, shuffle=False)
    np.testing.assert_array_equal(net.rng.state(), before)
    net.fit(X, Y, 1, lr=0.2, batch_size=3, shuffle=True)
    assert not np.array_equal(net.rng.state(), before)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_fit_2_epochs_then_3_equals_fit_5_with_the_optimizer_state_carried_over(optimizer):
    X, Y = regression_data()
    settings = dict(lr=0.05, batch_size=4, shuffle=True, decay=0.1, optimizer=optimizer)
    once = regression_network().fit(X, Y, 5, **settings)
    twice = regression_network().fit(X, Y, 2, **settings).fit(X, Y, 3, **settings)
    assert_same_training(once, twice)
    np.testing.assert_array_equal(once.rng.state(), twice.rng.state())


@pytest.mark.parametrize(
    "optimizer,first,second",
    [
        ("momentum", {"momentum": 0.9}, {"momentum": 0.5}),
        ("adam", {"beta1": 0.9}, {"beta1": 0.8}),
        ("adam", {"epsilon": 1e-8}, {"epsilon": 1e-6}),
    ],
    ids=["momentum", "adam_beta1", "adam_epsilon"],
)
def test_changing_optimizer_settings_starts_a_fresh_optimizer_state(optimizer, first, second):
    X, Y = regression_data()
    net = regression_network().fit(X, Y, 2, lr=0.05, optimizer=optimizer, **first)
    fresh = same_weights_new_seed(net, net.seed)
    net.fit(X, Y, 3, lr=0.05, optimizer=optimizer, **second)
    fresh.fit(X, Y, 3, lr=0.05, optimizer=optimizer, **second)
    for pa, pb in zip(parameters(net), parameters(fresh), strict=True):
        np.testing.assert_array_equal(pa, pb)
    assert net.loss_history[2:] == fresh.loss_history


def linear_network(mode, W, b):
    """One dense layer and the identity: Y = X W + B, loss mse."""
    net = Network(seed=1, mode=mode)
    net.add(Dense(3, 2, weights=W.copy(), bias_row=b.copy())).add(Activation("identity"))
    return net.use("mse")


def linear_problem():
    rng = RRandom(31)
    X = rmatrix(rng.rnorm(18), 6, 3)
    Y = rmatrix(rng.rnorm(12), 6, 2)
    W = rmatrix(rng.rnorm(6), 3, 2)
    b = rmatrix(rng.rnorm(2), 1, 2)
    return X, Y, W, b


def direct_descent(ar, X, Y, W, b, steps, update):
    """Full-batch steps on Y = X W + B with mse, written out: the gradient
    (2 (out - Y) / size), then ``update(t, [W, b], [dW, db])``."""
    params = [W.copy(), b.copy()]
    for t in range(1, steps + 1):
        out = ar.matmul(X, params[0]) + params[1]
        g = (2.0 * (out - Y)) / out.size
        params = update(t, params, [ar.matmul(X.T, g), ar.colsum(g)])
    return params


@pytest.mark.parametrize("mode", MODES)
def test_momentum_matches_its_formula_on_one_dense_layer_over_3_steps(mode):
    X, Y, W, b = linear_problem()
    lr, momentum = 0.05, 0.9
    velocity = [np.zeros_like(W), np.zeros_like(b)]

    def update(t, params, grads):  # scikit-learn's: v = momentum v - lr g; p = p + v
        for i, g in enumerate(grads):
            velocity[i] = momentum * velocity[i] - lr * g
        return [p + v for p, v in zip(params, velocity)]

    expected = direct_descent(ARITHMETICS[mode], X, Y, W, b, 3, update)
    net = linear_network(mode, W, b).fit(X, Y, 3, lr=lr, optimizer="momentum", momentum=momentum)
    for got, want in zip(parameters(net), expected, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("mode", MODES)
def test_adam_matches_its_formula_on_one_dense_layer_over_3_steps(mode):
    X, Y, W, b = linear_problem()
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    m = [np.zeros_like(W), np.zeros_like(b)]
    v = [np.zeros_like(W), np.zeros_like(b)]
    powers = {"b1t": 1.0, "b2t": 1.0}

    def update(t, params, grads):  # Kingma & Ba, as written in optimizers.py
        powers["b1t"] *= beta1
        powers["b2t"] *= beta2
        step = lr * math.sqrt(1.0 - powers["b2t"]) / (1.0 - powers["b1t"])
        new = []
        for i, (p, g) in enumerate(zip(params, grads)):
            m[i] = beta1 * m[i] + (1.0 - beta1) * g
            v[i] = beta2 * v[i] + (1.0 - beta2) * (g * g)
            new.append(p - (step * m[i]) / (np.sqrt(v[i]) + eps))
        return new

    expected = direct_descent(ARITHMETICS[mode], X, Y, W, b, 3, update)
    net = linear_network(mode, W, b).fit(
        X, Y, 3, lr=lr, optimizer="adam", beta1=beta1, beta2=beta2, epsilon=eps
    )
    for got, want in zip(parameters(net), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_first_momentum_step_is_a_plain_sgd_step_and_first_adam_step_moves_each_parameter_by_lr():
    X, Y, W, b = linear_problem()
    sgd = linear_network("blas", W, b).fit(X, Y, 1, lr=0.05)
    momentum = linear_network("blas", W, b).fit(X, Y, 1, lr=0.05, optimizer="momentum")
    for pa, pb in zip(parameters(momentum), parameters(sgd), strict=True):
        np.testing.assert_array_equal(pa, pb)
    adam = linear_network("blas", W, b).fit(X, Y, 1, lr=0.05, optimizer="adam")
    moved = np.concatenate([np.ravel(p1 - p0) for p0, p1 in zip([W, b], parameters(adam))])
    # after one step the move is lr * sign(g) / (1 + eps / (sqrt(1 - beta2) |g|));
    # every |g| here is above 1, so it is lr within 3.2e-7 relative
    np.testing.assert_allclose(np.abs(moved), 0.05, rtol=1e-6)


def test_decay_uses_lr_over_1_plus_decay_times_the_epoch():
    X, Y = regression_data()
    decayed = regression_network().fit(X, Y, 3, lr=0.1, decay=0.5)
    by_epoch = regression_network()
    for lr in [0.1, 0.1 / 1.5, 0.1 / 2.0]:
        by_epoch.fit(X, Y, 1, lr=lr)
    assert_same_training(decayed, by_epoch)
    constant = regression_network().fit(X, Y, 3, lr=0.1)
    assert not np.array_equal(decayed.weights[0], constant.weights[0])


# ---------------------------------------------------------- 4. initialisers


def expected_draws(init, rng, n_in, n_out, bias):
    """What init.py's docstring says each initialiser draws, from RRandom."""
    k = n_in * n_out
    if init == "normal":
        return rmatrix(rng.rnorm(k), n_in, n_out), (
            rmatrix(rng.runif(n_out), 1, n_out) if bias else None
        )
    if init == "aflak":
        return rmatrix(rng.runif(k) - 0.5, n_in, n_out), (
            rmatrix(rng.runif(n_out) - 0.5, 1, n_out) if bias else None
        )
    zeros = np.zeros((1, n_out)) if bias else None
    if init == "loy":
        return rmatrix(rng.runif(k), n_in, n_out), zeros
    if init == "xavier":  # runif(-r, r) is -r + (r - -r) u
        r = math.sqrt(6.0 / (n_in + n_out))
        return rmatrix(-r + (r - -r) * rng.unif_rand(k), n_in, n_out), zeros
    if init == "he":  # rnorm(0, s) is 0 + s z
        return rmatrix(math.sqrt(2.0 / n_in) * rng.rnorm(k), n_in, n_out), zeros
    if not bias:  # nnet
        return rmatrix(rng.runif(k, -0.7, 0.7), n_in, n_out), None
    v = rng.runif((n_in + 1) * n_out, -0.7, 0.7)
    W = np.empty((n_in, n_out))
    B = np.empty((1, n_out))
    for j in range(n_out):  # unit j: its bias, then its n_in weights
        B[0, j] = v[j * (n_in + 1)]
        W[:, j] = v[j * (n_in + 1) + 1 : (j + 1) * (n_in + 1)]
    return W, B


INITS = ["normal", "aflak", "loy", "xavier", "he", "nnet"]


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("init", INITS)
def test_initialiser_draws_what_its_docstring_says_and_nothing_more(init, bias):
    net = Network(seed=123).add(Dense(3, 2, bias=bias, init=init))
    net.add(Dense(2, 4, bias=bias, init=init))  # continues the same stream
    stream = RRandom(123)
    for layer, (n_in, n_out) in zip(net.dense_layers, [(3, 2), (2, 4)]):
        W, B = expected_draws(init, stream, n_in, n_out, bias)
        np.testing.assert_array_equal(layer.weights, W)
        if bias:
            np.testing.assert_array_equal(layer.bias, B)
        else:
            assert layer.bias is None
    np.testing.assert_array_equal(net.rng.state(), stream.state())


def test_xavier_weights_lie_within_sqrt_6_over_fan_in_plus_fan_out():
    net = Network(seed=9).add(Dense(30, 20, init="xavier"))
    r = math.sqrt(6.0 / 50)
    W = net.weights[0]
    assert np.abs(W).max() < r
    assert np.abs(W).max() > 0.95 * r  # 600 uniforms reach the ends
    np.testing.assert_array_equal(net.biases[0], np.zeros((1, 20)))


def test_he_weights_are_sqrt_2_over_fan_in_times_standard_normals():
    net = Network(seed=9).add(Dense(50, 40, init="he"))
    z = RRandom(9).rnorm(2000)
    np.testing.assert_array_equal(net.weights[0], rmatrix(math.sqrt(2.0 / 50) * z, 50, 40))
    # 2000 draws: the sample sd is within 5% of sqrt(2 / 50) = 0.2
    assert abs(net.weights[0].std() / 0.2 - 1) < 0.05


def test_nnet_layout_puts_each_units_bias_before_its_weights():
    net = Network(seed=4).add(Dense(2, 3, init="nnet"))
    v = RRandom(4).runif(9, -0.7, 0.7)
    np.testing.assert_array_equal(net.biases[0], [[v[0], v[3], v[6]]])
    np.testing.assert_array_equal(net.weights[0], [[v[1], v[4], v[7]], [v[2], v[5], v[8]]])


def test_given_weights_draw_nothing_from_the_stream():
    net = Network(seed=8).add(Dense(2, 2, weights=np.eye(2), bias_row=[0.0, 1.0]))
    np.testing.assert_array_equal(net.rng.state(), RRandom(8).state())


# ------------------------------------------------------------ 5. bad input


def xor_fit(net, **kw):
    return lambda: net.fit(XOR_X, XOR_Y, 1, **kw)


def dense_then(*layers, loss=None, n_out=1):
    net = Network(seed=1).add(Dense(2, n_out))
    for layer in layers:
        net.add(layer)
    return net.use(loss) if loss else net


BAD_INPUT = {
    "unknown_activation": (
        lambda: Activation("softplus"),
        "unknown activation 'softplus'; choose one of sigmoid, tanh, relu, identity, softmax",
    ),
    "unknown_loss": (
        lambda: dense_then().use("cross_entropy"),
        "unknown loss 'cross_entropy'; choose one of half_sse, sse, mse, "
        "binary_cross_entropy, softmax_cross_entropy",
    ),
    "unknown_optimizer": (
        xor_fit(dense_then(loss="mse"), optimizer="rmsprop"),
        "unknown optimizer 'rmsprop'; choose one of sgd, momentum, adam",
    ),
    "unknown_init": (
        lambda: Dense(2, 3, init="glorot"),
        "unknown init 'glorot'; choose one of normal, aflak, loy, xavier, he, nnet",
    ),
    "layers_do_not_chain": (
        lambda: Network().add(Dense(2, 3)).add(Dense(4, 1)),
        "layers do not chain: layer 2 takes 4 inputs but the layer before gives 3",
    ),
    "layers_do_not_chain_past_an_activation": (
        lambda: Network().add(Dense(2, 3)).add(Activation("tanh")).add(Dense(2, 1)),
        "layers do not chain: layer 3 takes 2 inputs but the layer before gives 3",
    ),
    "softmax_cross_entropy_without_softmax": (
        xor_fit(dense_then(Activation("sigmoid"), loss="softmax_cross_entropy")),
        "loss softmax_cross_entropy needs a softmax activation as the last layer",
    ),
    "binary_cross_entropy_without_sigmoid": (
        xor_fit(dense_then(Activation("tanh"), loss="binary_cross_entropy")),
        "loss binary_cross_entropy needs a sigmoid activation as the last layer",
    ),
    "binary_cross_entropy_without_any_activation": (
        xor_fit(dense_then(loss="binary_cross_entropy")),
        "loss binary_cross_entropy needs a sigmoid activation as the last layer",
    ),
    "softmax_cross_entropy_target_not_one_hot": (
        lambda: dense_then(Activation("softmax"), loss="softmax_cross_entropy", n_out=2).fit(
            XOR_X, [[1, 0], [0.5, 0.5], [0, 1], [1, 0]], 1
        ),
        "softmax_cross_entropy needs one-hot targets (one 1 per row, zeros elsewhere); "
        "row 2 of Y is not",
    ),
    "softmax_cross_entropy_target_with_two_ones": (
        lambda: dense_then(Activation("softmax"), loss="softmax_cross_entropy", n_out=2).fit(
            XOR_X, [[1, 0], [0, 1], [1, 1], [1, 0]], 1
        ),
        "softmax_cross_entropy needs one-hot targets (one 1 per row, zeros elsewhere); "
        "row 3 of Y is not",
    ),
    "binary_cross_entropy_target_above_1": (
        lambda: dense_then(Activation("sigmoid"), loss="binary_cross_entropy").fit(
            XOR_X, [0, 1, 1.5, 0], 1
        ),
        "binary_cross_entropy needs targets between 0 and 1",
    ),
    "binary_cross_entropy_target_below_0": (
        lambda: dense_then(Activation("sigmoid"), loss="binary_cross_entropy").fit(
            XOR_X, [0, -0.1, 1, 0], 1
        ),
        "binary_cross_entropy needs targets between 0 and 1",
    ),
    "batch_size_0": (
        xor_fit(dense_then(loss="mse"), batch_size=0),
        "batch_size must be a positive integer, got 0",
    ),
    "batch_size_above_n": (
        xor_fit(dense_then(loss="mse"), batch_size=5),
        "batch_size is 5 but the data have 4 rows",
    ),
    "lr_0": (xor_fit(dense_then(loss="mse"), lr=0), "lr must be a positive number, got 0"),
    "lr_negative": (
        xor_fit(dense_then(loss="mse"), lr=-0.1),
        "lr must be a positive number, got -0.1",
    ),
    "fit_without_dense_layer": (
        xor_fit(Network().add(Activation("tanh")).use("mse")),
        "the network has no dense layer; add one first",
    ),
    "predict_without_dense_layer": (
        lambda: Network().add(Activation("tanh")).predict(XOR_X),
        "the network has no dense layer; add one first",
    ),
    "fit_without_loss": (
        xor_fit(dense_then(Activation("tanh"))),
        "the network has no loss; call use() first",
    ),
    "custom_activation_without_f_prime": (
        lambda: Activation(lambda x: x),
        "a custom activation needs f and its derivative f_prime",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_raises_twinnet_error_naming_the_problem(case):
    action, message = BAD_INPUT[case]
    with pytest.raises(TwinnetError) as caught:
        action()
    assert str(caught.value) == message


def test_unknown_layer_type_raises_twinnet_error_naming_the_problem():
    with pytest.raises(TwinnetError) as caught:
        Network().add("dense")
    assert str(caught.value) == (
        "add() takes a dense, activation, conv2d, max_pool2d, average_pool2d or flatten layer"
    )


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"decay": -1}, "decay must be a number >= 0, got -1"),
        ({"decay": "x"}, "decay must be a number >= 0, got 'x'"),
        (
            {"optimizer": "momentum", "momentum": 1.5},
            "momentum must be a number in [0, 1], got 1.5",
        ),
        ({"optimizer": "adam", "beta1": 1.0}, "beta1 must be a number in [0, 1), got 1"),
        ({"optimizer": "adam", "beta2": 1.5}, "beta2 must be a number in [0, 1), got 1.5"),
    ],
)
def test_optimiser_settings_out_of_range_are_named(settings, message):
    net = dense_then(Activation("sigmoid")).use("mse")
    with pytest.raises(TwinnetError) as caught:
        net.fit(XOR_X, XOR_Y, 1, **settings)
    assert str(caught.value) == message


def test_predict_needs_no_loss_but_fit_does():
    net = dense_then(Activation("sigmoid"))
    assert net.predict(XOR_X).shape == (4, 1)
    with pytest.raises(TwinnetError):
        net.fit(XOR_X, XOR_Y, 1)


# ------------------------------------------------------- 6. Aflak's XOR


@pytest.mark.parametrize("mode", MODES)
def test_aflak_xor_example_learns_through_the_layer_api(mode):
    # 2-3-1, tanh, mse, per-sample descent, lr 0.1, 1000 epochs; the article
    # printed about 0.00, 0.98, 0.98, 0.00
    net = xor_network(mode=mode, seed=42).fit(XOR_X, XOR_Y, 1000, lr=0.1, batch_size=1)
    out = net.predict(XOR_X)
    assert np.abs(out - XOR_Y).max() < 0.1
    assert len(net.loss_history) == 1000
    assert net.loss_history[-1] < net.loss_history[0] / 10
