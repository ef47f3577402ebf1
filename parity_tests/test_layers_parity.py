"""The layer library in both languages, exact mode: every activation x loss x
training variant x initialiser, trained from the same seed on the same small
data, gives identical weights, biases, outputs and loss histories; and the
grid of small convolutional networks (conv2d -> relu -> pool -> flatten ->
dense -> softmax) over paddings, kernels, strides, pools and batching."""

import itertools
from pathlib import Path

import numpy as np
import pytest
from rpy2.robjects.vectors import ListVector

from parity import r, r_matrices, to_r
from twinnet import (
    Activation,
    AveragePool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    Network,
    RRandom,
    TwinnetError,
)

r.source(str(Path(__file__).with_name("grid.R")))

HIDDEN = ["sigmoid", "tanh", "relu", "identity", "softsign"]  # softsign: a custom pair
OUTPUT_LOSS = [
    ("sigmoid", "half_sse"),
    ("sigmoid", "sse"),
    ("identity", "mse"),
    ("tanh", "mse"),
    ("softmax", "mse"),  # softmax's Jacobian, not the fused cross-entropy
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "softmax_cross_entropy"),
]
VARIANTS = {
    "full_batch": {},
    "per_sample": {"batch_size": 1},
    "mini_batch_shuffled": {"batch_size": 4, "shuffle": True},
    "momentum": {"batch_size": 4, "shuffle": True, "optimizer": "momentum", "momentum": 0.9},
    "adam": {"batch_size": 4, "shuffle": True, "optimizer": "adam", "lr": 0.01},
    "decay": {"decay": 0.5},
}
INITS = ["normal", "aflak", "loy", "xavier", "he", "nnet"]
CASES = list(itertools.product(HIDDEN, OUTPUT_LOSS, VARIANTS, INITS))
EPOCHS = 3

rng = RRandom(2026)
X = rng.rnorm(10 * 3).reshape((10, 3), order="F")
Y_UNIT = rng.runif(10 * 2).reshape((10, 2), order="F")  # targets in (0, 1)
Y_ONE_HOT = np.eye(2)[(rng.runif(10) < 0.5).astype(int)]
R_X, R_UNIT, R_ONE_HOT = to_r(X), to_r(Y_UNIT), to_r(Y_ONE_HOT)


def targets(output):
    return (Y_ONE_HOT, R_ONE_HOT) if output == "softmax" else (Y_UNIT, R_UNIT)


def python_activation(name):
    if name == "softsign":
        return Activation(
            lambda x: x / (1.0 + np.abs(x)), lambda x: 1.0 / ((1.0 + np.abs(x)) * (1.0 + np.abs(x)))
        )
    return Activation(name)


def python_run(hidden, output, loss, variant, init, seed):
    Y = targets(output)[0]
    net = Network(seed=seed, mode="exact")
    net.add(Dense(3, 4, init=init)).add(python_activation(hidden))
    net.add(Dense(4, 2, init=init)).add(Activation(output)).use(loss)
    try:
        net.fit(X, Y, EPOCHS, **{"lr": 0.1, **VARIANTS[variant]})
    except TwinnetError as err:  # a diverging run must diverge alike in R
        return str(err)
    return net.weights, net.biases, np.array(net.loss_history), net.predict(X)


def r_run(hidden, output, loss, variant, init, seed):
    fit_args = {"lr": 0.1, **VARIANTS[variant]}
    spec = ListVector(
        {
            "hidden": hidden,
            "output": output,
            "loss": loss,
            "init": init,
            "seed": seed,
            "epochs": EPOCHS,
            "fit": ListVector(fit_args),
        }
    )
    out = r["grid_run_or_error"](spec, R_X, targets(output)[1])
    if out.rclass[0] == "character":
        return out[0]
    return (
        r_matrices(out.rx2("weights")),
        r_matrices(out.rx2("biases")),
        np.asarray(out.rx2("loss_history")),
        np.asarray(out.rx2("output")),
    )


@pytest.mark.parametrize(
    "hidden, output_loss, variant, init",
    CASES,
    ids=[f"{h}-{o}-{l}-{v}-{i}" for h, (o, l), v, i in CASES],
)
def test_exact_mode_identical_for_every_combination(hidden, output_loss, variant, init):
    output, loss = output_loss
    seed = CASES.index((hidden, output_loss, variant, init)) + 1
    py = python_run(hidden, output, loss, variant, init, seed)
    rr = r_run(hidden, output, loss, variant, init, seed)
    if isinstance(py, str) or isinstance(rr, str):
        assert py == rr
        return
    assert len(py[2]) == EPOCHS and np.isfinite(py[2]).all()
    for name, p, q in zip(("weights", "biases"), py[:2], rr[:2]):
        assert len(p) == len(q), name
        for a, b in zip(p, q):
            np.testing.assert_array_equal(a, b, err_msg=name)
    np.testing.assert_array_equal(py[2], rr[2], err_msg="loss history")
    np.testing.assert_array_equal(py[3], rr[3], err_msg="output")


def test_the_grid_covers_every_name_the_library_has():
    from twinnet.activations import ACTIVATIONS
    from twinnet.init import INITIALISERS
    from twinnet.losses import LOSSES
    from twinnet.optimizers import OPTIMIZERS

    used_activations = set(HIDDEN) | {o for o, _ in OUTPUT_LOSS}
    assert set(ACTIVATIONS) <= used_activations
    assert {l for _, l in OUTPUT_LOSS} == set(LOSSES)
    assert set(INITS) == set(INITIALISERS)
    assert {v.get("optimizer", "sgd") for v in VARIANTS.values()} == set(OPTIMIZERS)
    assert set(r("names(twinnet:::activations)")) == set(ACTIVATIONS)
    assert set(r("names(twinnet:::losses)")) == set(LOSSES)
    assert set(r("names(twinnet:::initialisers)")) == set(INITIALISERS)
    assert set(r("names(twinnet:::optimizers)")) == set(OPTIMIZERS)


def test_nnet_initialiser_gives_an_nnet_users_starting_point():
    """set.seed(s); nnet(x, y, size = 4, maxit = 0)$wts is twinnet's "nnet"
    start, laid out as nnet lays it out (each unit's bias, then its weights)."""
    for seed in (1, 11, 2026):
        wts = np.asarray(
            r(f"""local({{
            set.seed({seed})
            nnet::nnet({r_literal(X)}, {r_literal(Y_UNIT)}, size = 4, maxit = 0,
                       trace = FALSE)$wts }})""")
        )
        net = Network(seed=seed).add(Dense(3, 4, init="nnet")).add(Activation("sigmoid"))
        net.add(Dense(4, 2, init="nnet"))
        flat = np.concatenate(
            [np.vstack([b, w]).ravel(order="F") for w, b in zip(net.weights, net.biases)]
        )
        np.testing.assert_array_equal(flat, wts)


def r_literal(m):
    values = ", ".join(repr(float(v)) for v in m.ravel(order="F"))
    return f"matrix(c({values}), {m.shape[0]}, {m.shape[1]})"


def test_sample_int_shuffles_the_same_rows_in_both_languages():
    """Two epochs of shuffled per-sample descent on 7 rows: the order of the
    rows is R's sample.int(7) from the network's stream after its weights."""
    net = Network(seed=9, mode="exact").add(Dense(3, 1, init="loy")).use("half_sse")
    stream = RRandom(9)
    stream.runif(3)  # the loy weights
    orders = [stream.sample_int(7) for _ in range(2)]
    r_orders = r("""local({
        set.seed(9); runif(3); list(sample.int(7), sample.int(7)) })""")
    for a, b in zip(orders, r_orders):
        np.testing.assert_array_equal(a, np.asarray(b))
    net.fit(X[:7], Y_UNIT[:7, :1], 2, batch_size=1, shuffle=True)
    np.testing.assert_array_equal(net.rng.state(), stream.state())


# The convolutional grid: 7 x 7 images of 2 channels (odd sizes, so "same"
# pads unevenly with an even kernel and strides leave rows out), 3 filters,
# 3 classes. Each case is (padding, kernel, conv stride, pool, batching).
CNN_PADDINGS = ["valid", "same"]
CNN_KERNELS = [2, 3]  # even and odd
CNN_STRIDES = [1, 2]
CNN_POOLS = {  # kind, window, stride (None: the window)
    "max2": ("max", 2, None),
    "avg2": ("average", 2, None),
    "max3s2": ("max", 3, 2),  # overlapping windows: a value in two windows
}
CNN_BATCHING = {
    "full_batch": {},
    "per_sample": {"batch_size": 1},
    "mini_batch_adam": {"batch_size": 3, "shuffle": True, "optimizer": "adam", "lr": 0.01},
}
CNN_CASES = list(itertools.product(CNN_PADDINGS, CNN_KERNELS, CNN_STRIDES, CNN_POOLS, CNN_BATCHING))
cnn_rng = RRandom(1515)
CNN_X = cnn_rng.runif(7 * 7 * 7 * 2).reshape((7, 7, 7, 2))
CNN_Y = np.eye(3)[np.arange(7) % 3]
R_CNN_X, R_CNN_Y = to_r(CNN_X), to_r(CNN_Y)


def cnn_flat_size(padding, kernel, stride, pool):
    """The flattened width after conv and pool (Keras's sizes, worked out
    here by hand rather than asked of the library)."""
    _, window, pool_stride = CNN_POOLS[pool]
    pool_stride = pool_stride or window
    conv = -(-7 // stride) if padding == "same" else (7 - kernel) // stride + 1
    return ((conv - window) // pool_stride + 1) ** 2 * 3


def python_cnn_run(padding, kernel, stride, pool, batching, seed):
    kind, window, pool_stride = CNN_POOLS[pool]
    net = Network(seed=seed, mode="exact")
    net.add(Conv2D(2, 3, kernel, stride=stride, padding=padding, init="he"))
    net.add(Activation("relu"))
    net.add((MaxPool2D if kind == "max" else AveragePool2D)(window, stride=pool_stride))
    net.add(Flatten()).add(Dense(cnn_flat_size(padding, kernel, stride, pool), 3, init="xavier"))
    net.add(Activation("softmax")).use("softmax_cross_entropy")
    try:
        net.fit(CNN_X, CNN_Y, EPOCHS, **{"lr": 0.1, **CNN_BATCHING[batching]})
    except TwinnetError as err:
        return str(err)
    return net.weights, net.biases, np.array(net.loss_history), net.predict(CNN_X)


def r_cnn_run(padding, kernel, stride, pool, batching, seed):
    kind, window, pool_stride = CNN_POOLS[pool]
    spec = {
        "padding": padding,
        "kernel": kernel,
        "stride": stride,
        "filters": 3,
        "pool_kind": kind,
        "pool": window,
        "flat": cnn_flat_size(padding, kernel, stride, pool),
        "seed": seed,
        "epochs": EPOCHS,
        "fit": ListVector({"lr": 0.1, **CNN_BATCHING[batching]}),
    }
    if pool_stride is not None:
        spec["pool_stride"] = pool_stride
    out = r["grid_cnn_run_or_error"](ListVector(spec), R_CNN_X, R_CNN_Y)
    if out.rclass[0] == "character":
        return out[0]
    return (
        r_matrices(out.rx2("weights")),
        r_matrices(out.rx2("biases")),
        np.asarray(out.rx2("loss_history")),
        np.asarray(out.rx2("output")),
    )


@pytest.mark.parametrize("case", CNN_CASES, ids=["-".join(map(str, c)) for c in CNN_CASES])
def test_exact_mode_identical_for_every_small_cnn(case):
    seed = 500 + CNN_CASES.index(case)
    py, rr = python_cnn_run(*case, seed), r_cnn_run(*case, seed)
    assert not isinstance(py, str), py  # every case trains
    assert not isinstance(rr, str), rr
    assert len(py[2]) == EPOCHS and np.isfinite(py[2]).all()
    assert py[0][0].shape == (case[1] * case[1] * 2, 3)  # the kernel: (kh * kw * c_in) x filters
    for name, p, q in zip(("weights", "biases"), py[:2], rr[:2]):
        assert len(p) == len(q), name
        for a, b in zip(p, q):
            np.testing.assert_array_equal(a, b, err_msg=name)
    np.testing.assert_array_equal(py[2], rr[2], err_msg="loss history")
    np.testing.assert_array_equal(py[3], rr[3], err_msg="output")


def test_the_cnn_grid_covers_every_padding_and_pool():
    from twinnet.conv import PADDINGS, SPATIAL_KINDS

    assert set(CNN_PADDINGS) == set(PADDINGS)
    used = {"conv2d", "flatten"} | {f"{CNN_POOLS[p][0]}_pool2d" for p in CNN_POOLS}
    assert used == set(SPATIAL_KINDS)
    # every case's network differs from the others': no two loss histories alike
    histories = {tuple(python_cnn_run(*c, 500 + i)[2]) for i, c in enumerate(CNN_CASES)}
    assert len(histories) == len(CNN_CASES)
