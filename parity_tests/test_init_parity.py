"""Same seed, same starting weights: MLP(seed=s) in Python and mlp(seed = s)
in R draw identical weights and biases; R's own random state is left alone."""

import numpy as np
import pytest

from parity import r, r_matrices, to_r
from twinnet import MLP

SHAPES = [[4, 3, 1], [3, 6, 4, 1], [10, 16, 1], [784, 100, 50, 10]]
SEEDS = [42, 0, -1, 2147483647, 20261122]


@pytest.mark.parametrize("layers", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("bias", [True, False])
def test_initial_weights_identical(layers, seed, bias):
    py = MLP(layers, seed=seed, bias=bias)
    rm = r["mlp"](to_r(layers), seed=seed, bias=bias)
    rw, rb = r_matrices(rm.rx2("weights")), r_matrices(rm.rx2("biases"))
    assert len(rw) == len(py.weights) and len(rb) == len(py.biases)
    for p, q in zip(py.weights + py.biases, rw + rb):
        np.testing.assert_array_equal(p, q)


def test_article_init_code_gives_the_same_weights():
    """The seed article's own R lines after set.seed(42) draw twinnet's weights."""
    out = r("""local({
        set.seed(42)
        wh <- matrix(rnorm(4 * 3, mean = 0, sd = 1), 4, 3)
        bias_in <- runif(3)
        wout <- matrix(rnorm(3 * 1, mean = 0, sd = 1), 3, 1)
        bias_out <- runif(1)
        list(wh, matrix(bias_in, 1), wout, matrix(bias_out, 1))
    })""")
    py = MLP([4, 3, 1], seed=42)
    expected = [py.weights[0], py.biases[0], py.weights[1], py.biases[1]]
    for p, q in zip(expected, r_matrices(out)):
        np.testing.assert_array_equal(p, q)


def test_r_mlp_leaves_the_callers_random_state_alone():
    before = r("set.seed(7); .Random.seed")
    r["mlp"](to_r([4, 3, 1]), seed=42)
    after_mlp = r(".Random.seed")
    np.testing.assert_array_equal(np.asarray(before), np.asarray(after_mlp))
    r("rm(.Random.seed, envir = globalenv())")
    r["mlp"](to_r([4, 3, 1]), seed=42)
    assert not r('exists(".Random.seed", envir = globalenv())')[0]
