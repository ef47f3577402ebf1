"""twinnet.rng.RRandom against R itself (R in-process through rpy2).

Every comparison is exact (``np.testing.assert_array_equal``); on failure the
message says how many draws differ.
"""

import numpy as np
import pytest

robjects = pytest.importorskip("rpy2.robjects")

from twinnet.rng import RRandom, _qnorm  # noqa: E402

N = 100_000
SEEDS = [0, 1, 42, -7, 2147483647, -2147483647, 20261122] + [
    int(s) for s in np.random.default_rng(20261122).integers(-(2**31) + 1, 2**31, 3)
]


def r_eval(code):
    """Evaluate R code in the embedded R; the result as a numpy array."""
    return np.asarray(robjects.r(code))


def assert_same(py, r, what):
    py, r = np.asarray(py), np.asarray(r)
    assert py.shape == r.shape, f"{what}: shape {py.shape} in Python, {r.shape} in R"
    differ = int(np.sum(py != r))
    np.testing.assert_array_equal(
        py, r, err_msg=f"{what}: {differ} of {r.size} draws differ from R"
    )


def test_r_is_4_2_with_default_kinds():
    assert r_eval("paste(R.version$major, R.version$minor, sep='.')")[0] == "4.2.2"
    assert list(r_eval("RNGkind()")) == ["Mersenne-Twister", "Inversion", "Rejection"]


@pytest.mark.parametrize("seed", SEEDS)
def test_set_seed_state(seed):
    assert_same(
        RRandom(seed).state(),
        r_eval(f"set.seed({seed}); .Random.seed"),
        f".Random.seed after set.seed({seed})",
    )
    r = RRandom(seed)
    r.rnorm(1000)
    r.runif(7)
    assert_same(
        r.state(),
        r_eval(f"set.seed({seed}); rnorm(1000); runif(7); .Random.seed"),
        f".Random.seed after set.seed({seed}); rnorm(1000); runif(7)",
    )


STREAMS = [
    ("runif({n})", lambda r: r.runif(N)),
    ("runif({n}, -0.7, 0.7)", lambda r: r.runif(N, -0.7, 0.7)),
    ("rnorm({n})", lambda r: r.rnorm(N)),
    ("rnorm({n}, 3, 2)", lambda r: r.rnorm(N, 3, 2)),
]


@pytest.mark.parametrize("call, draw", STREAMS, ids=[c for c, _ in STREAMS])
@pytest.mark.parametrize("seed", SEEDS)
def test_stream(seed, call, draw):
    call = call.format(n=N)
    assert_same(
        draw(RRandom(seed)), r_eval(f"set.seed({seed}); {call}"), f"set.seed({seed}); {call}"
    )


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("n", [1, 2, 3, 10, 1000, 100000])
@pytest.mark.parametrize("seed", [0, 1, 42, -7, 2147483647, 20261122])
def test_sample_int(seed, n, replace):
    # runif(3) afterwards: the stream must continue where R's does
    code = f"set.seed({seed}); c(sample.int({n}, replace = {str(replace).upper()}), runif(3))"
    r = RRandom(seed)
    py = np.concatenate([r.sample_int(n, replace=replace), r.runif(3)])
    assert_same(py, r_eval(code), code)


@pytest.mark.parametrize(
    "n, size, replace",
    [
        (100000, 10, False),
        (65536, 500, False),  # bits = 16: two 16-bit chunks per try
        (65537, 500, False),  # bits = 17
        (70000, 70000, True),
        (2**31 - 1, 1000, True),  # largest int n
        (2**31 - 1, 1000, False),  # hash algorithm (sample2)
        (3e9, 1000, True),  # n > INT_MAX, double results in R
        (3e9, 1000, False),  # n > INT_MAX, hash algorithm
        (4.5e15, 200, True),  # R's largest n, four chunks per try
        (2e7, 10000, False),  # hash algorithm
        (10**7, 5000, False),  # n = 1e7: not hashed, swap-with-last
        (20, 10, False),
    ],
)
@pytest.mark.parametrize("seed", [3, 42, -7])
def test_sample_int_sizes(seed, n, size, replace):
    code = (
        f"set.seed({seed}); c(sample.int({n!r}, {size}, replace = "
        f"{str(replace).upper()}), runif(3))"
    )
    r = RRandom(seed)
    py = np.concatenate([r.sample_int(n, size, replace=replace), r.runif(3)])
    assert_same(py, r_eval(code), code)


@pytest.mark.parametrize("seed", SEEDS)
def test_interleaved_calls(seed):
    code = f"""set.seed({seed})
        c(rnorm(1001), runif(999, -2, 5), sample.int(1000, 10), rnorm(4, 1, 0),
          sample.int(70000, 300, TRUE), runif(625), runif(3, 2, 2), rnorm(3, -1, 0.5),
          sample.int(100000), rnorm(50000), sample.int(2e7, 50), runif(10))"""
    r = RRandom(seed)
    py = np.concatenate(
        [
            r.rnorm(1001),
            r.runif(999, -2, 5),
            r.sample_int(1000, 10),
            r.rnorm(4, 1, 0),
            r.sample_int(70000, 300, True),
            r.runif(625),
            r.runif(3, 2, 2),
            r.rnorm(3, -1, 0.5),
            r.sample_int(100000),
            r.rnorm(50000),
            r.sample_int(2e7, 50),
            r.runif(10),
        ]
    )
    assert_same(py, r_eval(code), f"interleaved calls, seed {seed}")


def test_qnorm_against_r():
    # the stream's own probabilities plus the far tails and near-boundary values
    p = np.concatenate(
        [
            RRandom(5).unif_rand(N),
            10.0 ** -np.arange(1, 308, 0.25),
            1 - 2.0 ** -np.arange(1, 53),
            np.nextafter(0.075, [0, 1]),
            np.nextafter(0.925, [0, 1]),
            [0.075, 0.925, 0.5, 5e-324, 0.0, 1.0],
        ]
    )
    r_q = np.asarray(robjects.r["qnorm"](robjects.FloatVector(p.tolist())))
    assert_same(_qnorm(p), r_q, "qnorm(p)")
