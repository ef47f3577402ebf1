"""The two arithmetic modes: ``blas`` (fast) and ``exact`` (bit-identical in R).

Every numeric step of training goes through one of these objects, so the
training loop is written once and the arithmetic is passed in.

``exact`` fixes the order of every floating-point operation (docs/parity.md):

- ``matmul(A, B)``: start from a zero matrix and add the outer products
  ``outer(A[:, j], B[j, :])`` for j = 1..k in order; each product and each
  sum is one rounded binary64 operation.
- ``colsum(D)``: start from a zero row and add the rows of ``D`` in order.
- ``total(X)``: start from 0 and add the elements in column-major order.
- ``exp``, ``log``, ``tanh``: the C library's functions, element by element
  (Python's ``math`` module calls them; numpy's vectorised versions are its
  own and differ from R's in the last bit for a few percent of inputs).

The twin of this file is ``R/R/arith.R``.
"""

import math

import numpy as np


class BlasArith:
    """Fast arithmetic: BLAS matrix products, numpy's vectorised functions."""

    name = "blas"

    @staticmethod
    def matmul(a, b):
        return a @ b

    @staticmethod
    def colsum(d):
        return d.sum(axis=0, keepdims=True)

    @staticmethod
    def total(x):
        return float(np.sum(x))

    @staticmethod
    def exp(x):
        return np.exp(x)


# exp(x) is finite below this; above it the C library may give inf, which
# math.exp reports by raising OverflowError instead.
_EXP_SAFE = 709.0


def _c_exp(v):
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


_math_exp = np.frompyfunc(math.exp, 1, 1)

# Elements of the (m x chunk x n) array of products formed at once by matmul.
_CHUNK_ELEMENTS = 1 << 22


def _sequential_sum(start, terms, axis):
    """``start + terms[0] + terms[1] + ...`` along ``axis``, strictly in order.

    ``np.add.accumulate`` adds element i to the running sum of elements
    0..i-1, one rounded addition at a time (unlike ``np.sum``, which may sum
    pairwise), so its last slice is the left-to-right sum.
    """
    stacked = np.concatenate([np.expand_dims(start, axis), terms], axis=axis)
    return np.take(np.add.accumulate(stacked, axis=axis), -1, axis=axis)


class ExactArith:
    """Arithmetic whose every operation is fixed, so R gives the same doubles."""

    name = "exact"

    @staticmethod
    def matmul(a, b):
        m, k = a.shape
        n = b.shape[1]
        out = np.zeros((m, n))
        step = max(1, _CHUNK_ELEMENTS // max(1, m * n))
        for j in range(0, k, step):
            # products[i, j, c] = a[i, j] * b[j, c], each one rounded product
            products = a[:, j : j + step, None] * b[None, j : j + step, :]
            out = _sequential_sum(out, products, axis=1)
        return out

    @staticmethod
    def colsum(d):
        return _sequential_sum(np.zeros(d.shape[1]), d, axis=0).reshape(1, -1)

    @staticmethod
    def total(x):
        flat = np.ravel(x, order="F")
        return float(_sequential_sum(np.zeros(()), flat, axis=0))

    @staticmethod
    def exp(x):
        x = np.asarray(x, dtype=np.float64)
        out = _math_exp(np.minimum(x, _EXP_SAFE)).astype(np.float64)
        big = x > _EXP_SAFE
        if big.any():
            out[big] = [_c_exp(v) for v in x[big].tolist()]
        return out


ARITHMETICS = {"blas": BlasArith(), "exact": ExactArith()}
