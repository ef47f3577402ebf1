"""Tests of twinnet.rng without R (parity with R itself: parity_tests/)."""

import math

import numpy as np
import pytest

from twinnet.rng import RRandom, _qnorm

# --- values printed by R 4.2.2 (Rscript, default RNGkind) -------------------


def test_runif_seed_42_matches_r():
    # R 4.2.2: set.seed(42); print(runif(3), digits=17)
    r_values = [0.91480604349635541, 0.93707541329786181, 0.28613953478634357]
    assert RRandom(42).runif(3).tolist() == r_values


def test_rnorm_seed_42_matches_r():
    # R 4.2.2: set.seed(42); print(rnorm(3), digits=17)
    r_values = [1.37095844714666848, -0.56469817139608869, 0.36312841133733920]
    assert RRandom(42).rnorm(3).tolist() == r_values


def test_negative_and_largest_seed_match_r():
    # R 4.2.2: set.seed(-7); print(runif(2), digits=17)
    assert RRandom(-7).runif(2).tolist() == [0.32649485557340086, 0.53986111702397466]
    # R 4.2.2: set.seed(2147483647); print(runif(2), digits=17)
    assert RRandom(2147483647).runif(2).tolist() == [0.68966742674820125, 0.98787517822347581]


def test_state_seed_42_matches_r():
    # R 4.2.2: set.seed(42); print(.Random.seed[1:4])
    st = RRandom(42).state()
    assert st.dtype == np.int32 and st.shape == (626,)
    assert st[:4].tolist() == [10403, 624, 507561766, 1260545903]


def test_sample_int_seed_42_matches_r():
    # R 4.2.2: set.seed(42); print(sample.int(10))
    s = RRandom(42).sample_int(10)
    assert s.dtype == np.int64
    assert s.tolist() == [1, 5, 10, 8, 2, 4, 6, 9, 7, 3]
    # R 4.2.2: set.seed(42); print(sample.int(100, 5, replace=TRUE))
    assert RRandom(42).sample_int(100, 5, replace=True).tolist() == [49, 65, 25, 74, 100]
    # R 4.2.2: set.seed(42); print(sample.int(2e7, 3))   (hash algorithm, sample2)
    assert RRandom(42).sample_int(2e7, 3).tolist() == [3207141, 4818148, 9511546]


def test_stream_continues_seed_1_matches_r():
    # R 4.2.2: set.seed(1); x <- rnorm(3); print(runif(2), digits=17)
    r = RRandom(1)
    r.rnorm(3)
    assert r.runif(2).tolist() == [0.94467526860535145, 0.66079779248684645]


def test_qnorm_matches_r():
    # R 4.2.2: print(qnorm(c(1e-10, 0.01, 0.3, 0.975)), digits=17)
    r_values = [
        -6.36134090240405570,
        -2.32634787404084076,
        -0.52440051270804067,
        1.9599639845400536,
    ]
    assert _qnorm(np.array([1e-10, 0.01, 0.3, 0.975])).tolist() == r_values


# --- properties -------------------------------------------------------------


def test_qnorm_boundaries_and_symmetry():
    z = _qnorm(np.array([0.0, 1.0, 0.5, -0.1, 1.1, np.nan]))
    assert z[0] == -np.inf and z[1] == np.inf and z[2] == 0.0
    assert np.isnan(z[3:]).all()
    p = np.array([2.0**-30, 0.05, 0.2])
    np.testing.assert_allclose(_qnorm(p), -_qnorm(1 - p), rtol=1e-9)
    assert -38 < _qnorm(np.array([1e-300]))[0] < -37


def test_uniform_stream_properties():
    u = RRandom(7).unif_rand(100_000)
    assert u.dtype == np.float64 and u.shape == (100_000,)
    assert (u > 0).all() and (u < 1).all()
    # MT_genrand: a 32-bit word times 2^-32
    assert np.array_equal(u * 2.0**32, np.floor(u * 2.0**32))
    assert abs(u.mean() - 0.5) < 0.005


def test_runif_rnorm_are_functions_of_the_uniform_stream():
    u = RRandom(3).unif_rand(8)
    assert np.array_equal(RRandom(3).runif(8), u)
    assert np.array_equal(RRandom(3).runif(8, -0.7, 0.7), -0.7 + (0.7 - -0.7) * u)
    r = RRandom(3)
    r.rnorm(3)  # two uniforms per draw
    assert np.array_equal(r.unif_rand(2), u[6:8])
    z = RRandom(3).rnorm(4)
    assert np.array_equal(RRandom(3).rnorm(4, 3, 2), 3 + 2 * z)


def test_calls_continue_the_stream():
    r = RRandom(11)
    parts = [r.rnorm(5), r.runif(7), r.rnorm(1), r.runif(0), r.runif(3)]
    u = RRandom(11).unif_rand(10 + 7 + 2 + 3)
    assert np.array_equal(parts[1], u[10:17])
    assert np.array_equal(parts[4], u[19:22])
    r2 = RRandom(11)
    assert np.array_equal(np.concatenate([r2.runif(3), r2.runif(4)]), RRandom(11).runif(7))


def test_degenerate_draws_consume_nothing():
    # rnorm.c / runif.c return mu (resp. a) without drawing
    r = RRandom(5)
    assert np.array_equal(r.rnorm(3, 2.5, 0), [2.5, 2.5, 2.5])
    assert np.array_equal(r.runif(2, 1.0, 1.0), [1.0, 1.0])
    assert r.sample_int(10, 0).size == 0
    assert r.rnorm(0).size == 0
    assert np.array_equal(r.runif(4), RRandom(5).runif(4))


def test_state_copy_and_from_state():
    r = RRandom(9)
    r.rnorm(10)
    c = r.copy()
    assert np.array_equal(c.state(), r.state())
    a = r.runif(700)  # crosses a regeneration of the 624 words
    assert not np.array_equal(c.state(), r.state())
    assert np.array_equal(c.runif(700), a)
    assert np.array_equal(RRandom.from_state(r.state()).rnorm(5), r.rnorm(5))
    with pytest.raises(ValueError, match="random_seed"):
        RRandom.from_state(r.state()[:10])


def test_sample_int_properties():
    r = RRandom(2)
    assert sorted(r.sample_int(1000).tolist()) == list(range(1, 1001))
    s = r.sample_int(5, 1000, replace=True)
    assert s.min() >= 1 and s.max() <= 5 and set(s.tolist()) == {1, 2, 3, 4, 5}
    assert r.sample_int(1).tolist() == [1]
    h = r.sample_int(10**8, 1000)  # hash algorithm (n > 1e7, size <= n/2)
    assert len(set(h.tolist())) == 1000 and h.min() >= 1 and h.max() <= 10**8
    big = r.sample_int(4 * 10**15, 10, replace=True)
    assert big.min() >= 1 and big.max() <= 4 * 10**15


def test_sample_int_leaves_stream_after_last_word_used():
    # sample.int(3): dn = 3, 2, 1, one word per try (bits < 16); a word w is
    # taken if (w >> 16) & (2^bits - 1) < dn, bits = ceil(log2(dn))
    words = (RRandom(4)._bg.random_raw(40) >> 16).tolist()
    used = 0
    for dn, bits in [(3, 2), (2, 1), (1, 0)]:
        while True:
            v = words[used] & ((1 << bits) - 1)
            used += 1
            if v < dn:
                break
    r = RRandom(4)
    r.sample_int(3)
    assert np.array_equal(r.unif_rand(5), RRandom(4).unif_rand(used + 5)[used:])


# --- argument checking ------------------------------------------------------


@pytest.mark.parametrize(
    "seed", [1.5, float("nan"), float("inf"), 2**31, -(2**31), "1", None, True]
)
def test_bad_seed(seed):
    with pytest.raises(
        ValueError,
        match=r"seed must be an integer in "
        r"\[-2147483647, 2147483647\], got",
    ):
        RRandom(seed)


def test_integer_valued_seed_accepted():
    assert np.array_equal(RRandom(42.0).state(), RRandom(np.int64(42)).state())
    assert np.array_equal(RRandom(-2147483647).state()[:2], [10403, 624])


@pytest.mark.parametrize("method", ["unif_rand", "runif", "rnorm", "sample_int"])
@pytest.mark.parametrize("n", [-1, 2.5, float("nan"), "3", None])
def test_bad_n(method, n):
    with pytest.raises(ValueError, match="n must be a non-negative integer"):
        getattr(RRandom(1), method)(n)


def test_n_error_message():
    with pytest.raises(ValueError, match="n must be a non-negative integer, got -1"):
        RRandom(1).rnorm(-1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sd=-1), "sd must be >= 0"),
        (dict(sd=float("inf")), "sd must be a finite number"),
        (dict(mean=float("nan")), "mean must be a finite number"),
        (dict(mean="0"), "mean must be a finite number"),
    ],
)
def test_bad_rnorm_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RRandom(1).rnorm(3, **kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(min=1, max=0), "min must be <= max"),
        (dict(min=-math.inf), "min must be a finite number"),
        (dict(max=math.nan), "max must be a finite number"),
    ],
)
def test_bad_runif_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RRandom(1).runif(3, **kwargs)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((5, 6), {}, "cannot take a sample larger than the population"),
        ((0, 1), {}, "n must be positive when size > 0"),
        ((5, -1), {}, "size must be a non-negative integer"),
        ((5, 2), dict(replace="yes"), "replace must be True or False"),
        ((5e15,), {}, "n must be a non-negative integer <= 4.5e15"),
    ],
)
def test_bad_sample_int_arguments(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        RRandom(1).sample_int(*args, **kwargs)


def test_errors_do_not_consume():
    r = RRandom(8)
    with pytest.raises(ValueError):
        r.rnorm(3, sd=-1)
    with pytest.raises(ValueError):
        r.sample_int(3, 4)
    assert np.array_equal(r.runif(3), RRandom(8).runif(3))
