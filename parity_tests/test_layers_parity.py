"""The layer library in both languages, exact mode: every activation x loss x
training variant x initialiser, trained from the same seed on the same small
data, gives identical weights, biases, outputs and loss histories."""

import itertools
from pathlib import Path

import numpy as np
import pytest
from rpy2.robjects.vectors import ListVector

from parity import r, r_matrices, to_r
from twinnet import Activation, Dense, Network, RRandom, TwinnetError

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
