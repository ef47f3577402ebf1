"""The exact arithmetic is the order written in docs/parity.md: checked
against scalar Python loops that spell that order out, and against blas."""

import math

import numpy as np
import pytest

from twinnet.arith import ARITHMETICS, BlasArith, ExactArith


def wide(rng, shape):
    return rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 7, shape)


def naive_matmul(a, b):
    m, k = a.shape
    out = np.zeros((m, b.shape[1]))
    for i in range(m):
        for c in range(b.shape[1]):
            s = 0.0
            for j in range(k):
                s = s + float(a[i, j]) * float(b[j, c])
            out[i, c] = s
    return out


@pytest.mark.parametrize("shape", [(1, 1, 1), (3, 4, 2), (7, 300, 5), (40, 2, 30), (130, 3, 130)])
def test_exact_matmul_adds_products_in_order(shape):
    m, k, n = shape
    rng = np.random.default_rng(sum(shape))
    a, b = wide(rng, (m, k)), wide(rng, (k, n))
    np.testing.assert_array_equal(ExactArith.matmul(a, b), naive_matmul(a, b))
    np.testing.assert_array_equal(ExactArith.matmul(b.T, a.T), naive_matmul(b.T, a.T))


def test_exact_matmul_in_chunks_equals_one_pass(monkeypatch):
    rng = np.random.default_rng(1)
    a, b = wide(rng, (5, 50)), wide(rng, (50, 3))
    whole = ExactArith.matmul(a, b)
    monkeypatch.setattr("twinnet.arith._CHUNK_ELEMENTS", 16)
    np.testing.assert_array_equal(ExactArith.matmul(a, b), whole)


def test_exact_colsum_and_total_add_in_order():
    rng = np.random.default_rng(2)
    d = wide(rng, (500, 7))
    expected = np.zeros((1, 7))
    for j in range(7):
        s = 0.0
        for i in range(500):
            s = s + float(d[i, j])
        expected[0, j] = s
    np.testing.assert_array_equal(ExactArith.colsum(d), expected)
    s = 0.0
    for v in d.ravel(order="F"):
        s = s + float(v)
    assert ExactArith.total(d) == s


def test_exact_exp_is_the_c_library_exp_with_inf_on_overflow():
    x = np.array([[-1000.0, -745.2, -1.5, 0.0, 1e-300, 0.5, 709.0, 709.78, 710.0, 1e308]])
    expected = [math.exp(v) if v < 709.8 else math.inf for v in x.ravel()]
    np.testing.assert_array_equal(ExactArith.exp(x).ravel(), expected)
    assert np.isnan(ExactArith.exp(np.array([np.nan]))[0])


def test_blas_and_exact_agree_to_rounding():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((20, 30)), rng.standard_normal((30, 10))
    np.testing.assert_allclose(
        BlasArith.matmul(a, b), ExactArith.matmul(a, b), rtol=1e-12, atol=1e-13
    )
    np.testing.assert_allclose(BlasArith.colsum(a), ExactArith.colsum(a), rtol=1e-12, atol=1e-13)
    assert math.isclose(BlasArith.total(a), ExactArith.total(a), rel_tol=1e-12, abs_tol=1e-13)
    assert set(ARITHMETICS) == {"blas", "exact"}
