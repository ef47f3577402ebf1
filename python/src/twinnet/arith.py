"""The two arithmetic modes: ``blas`` (fast) and ``exact`` (bit-identical in R).

Every numeric step of training goes through one of these objects, so the
training loop is written once and the arithmetic is passed in.

``exact`` fixes the order of every floating-point operation (docs/parity.md):

- ``matmul(A, B)``: start from a zero matrix and add the outer products
  ``outer(A[:, j], B[j, :])`` for j = 1..k in order; each product and each
  sum is one rounded binary64 operation.
- ``colsum(D)``: start from a zero row and add the rows of ``D`` in order;
  ``rowsum(D)``: start from a zero column and add the columns in order.
- ``total(X)``: start from 0 and add the elements in column-major order.
- ``exp``, ``log``, ``log1p``, ``tanh``: the C library's, element by element
  (Python's ``math`` module calls them; numpy's vectorised versions are its
  own and differ from R's in the last bit for a few percent of inputs).

The twin of this file is ``R/R/arith.R``.
"""

import math

import numpy as np


class BlasArith:
    """Fast arithmetic: BLAS matrix products, numpy's vectorised functions."""

    name = "blas"
    matmul = staticmethod(np.matmul)

    @staticmethod
    def crossprod(a, b):
        """``t(a) %*% b`` (R's crossprod): a transposed view, no copy."""
        return np.matmul(a.T, b)

    @staticmethod
    def tcrossprod(a, b, out=None):
        """``a %*% t(b)`` (R's tcrossprod)."""
        return np.matmul(a, b.T, out=out)

    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    tanh = staticmethod(np.tanh)

    @staticmethod
    def colsum(d):
        return d.sum(axis=0, keepdims=True)

    @staticmethod
    def rowsum(d):
        return d.sum(axis=1, keepdims=True)

    @staticmethod
    def total(x):
        return float(np.sum(x))


def _c_library(fn, numpy_fn):
    """``fn`` (a ``math`` function: the C library's) applied element by element.

    ``math`` raises where the C function returns a special value (exp
    overflowing to inf, log(0) = -inf, log(-1) = nan); those elements take
    numpy's value, which for special values is the same in every library.
    """
    vectorised = np.frompyfunc(fn, 1, 1)

    def one(v):
        try:
            return fn(v)
        except (OverflowError, ValueError):
            with np.errstate(all="ignore"):
                return float(numpy_fn(v))

    def apply(x, out=None):
        x = np.asarray(x, dtype=np.float64)
        try:
            result = vectorised(x).astype(np.float64)
        except (OverflowError, ValueError):
            flat = [one(v) for v in x.ravel().tolist()]
            result = np.array(flat, dtype=np.float64).reshape(x.shape)
        if out is None:
            return result
        out[...] = result
        return out

    return staticmethod(apply)


# Elements of the (m x chunk x n) array of products formed at once by matmul,
# for outputs of fewer than _SMALL_OUTPUT elements (larger ones are built one
# outer product at a time, in place).
_CHUNK_ELEMENTS = 1 << 22
_SMALL_OUTPUT = 1 << 14


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
    exp = _c_library(math.exp, np.exp)
    log = _c_library(math.log, np.log)
    log1p = _c_library(math.log1p, np.log1p)
    tanh = _c_library(math.tanh, np.tanh)

    @staticmethod
    def matmul(a, b, out=None):
        if out is not None:
            out[...] = ExactArith.matmul(a, b)
            return out
        m, k = a.shape
        n = b.shape[1]
        out = np.zeros((m, n))
        if m * n < _SMALL_OUTPUT:
            # small outputs: form a chunk of products at once, sum it in order
            step = max(1, _CHUNK_ELEMENTS // max(1, m * n))
            for j in range(0, k, step):
                # products[i, j, c] = a[i, j] * b[j, c], each one rounded product
                products = a[:, j : j + step, None] * b[None, j : j + step, :]
                out = _sequential_sum(out, products, axis=1)
            return out
        # large outputs: one outer product at a time, added in place
        columns = np.ascontiguousarray(a.T)  # row j holds a[:, j]
        rows = np.ascontiguousarray(b)
        term = np.empty((m, n))
        for j in range(k):
            np.multiply(columns[j][:, None], rows[j][None, :], out=term)
            out += term
        return out

    @staticmethod
    def crossprod(a, b):
        return ExactArith.matmul(a.T, b)

    @staticmethod
    def tcrossprod(a, b, out=None):
        return ExactArith.matmul(a, b.T, out=out)

    @staticmethod
    def colsum(d):
        return _sequential_sum(np.zeros(d.shape[1]), d, axis=0).reshape(1, -1)

    @staticmethod
    def rowsum(d):
        return _sequential_sum(np.zeros(d.shape[0]), d, axis=1).reshape(-1, 1)

    @staticmethod
    def total(x):
        flat = np.ravel(x, order="F")
        return float(_sequential_sum(np.zeros(()), flat, axis=0))


ARITHMETICS = {"blas": BlasArith(), "exact": ExactArith()}
