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
- ``exp``, ``log``, ``log1p``, ``tanh``: the exact core's, element by element
  (numpy's vectorised versions are its own and differ from R's in the last
  bit for a few percent of inputs).

All of these run in twinnet's exact core (``twinnet._core``: R/src's
``tn_linalg.c`` and ``tn_math.c``, compiled into both packages), so both
languages run the same C.

The twin of this file is ``R/R/arith.R``.
"""

import numpy as np

from twinnet import _core


# blas mode's table: numpy's functions, and these for what numpy has no
# name for (R's base functions of the same names)
def _blas_crossprod(a, b):
    """``t(a) %*% b`` (R's crossprod): a transposed view, no copy."""
    return np.matmul(a.T, b)


def _blas_tcrossprod(a, b, out=None):
    """``a %*% t(b)`` (R's tcrossprod)."""
    return np.matmul(a, b.T, out=out)


def _blas_colsum(d):
    return d.sum(axis=0, keepdims=True)


def _blas_rowsum(d):
    return d.sum(axis=1, keepdims=True)


def _blas_total(x):
    return float(np.sum(x))


# one side: Python's arithmetic is a class of static functions; R's is the list blas_arith
class BlasArith:
    """Fast arithmetic: BLAS matrix products, numpy's vectorised functions."""

    name = "blas"
    matmul = staticmethod(np.matmul)
    crossprod = staticmethod(_blas_crossprod)
    tcrossprod = staticmethod(_blas_tcrossprod)
    colsum = staticmethod(_blas_colsum)
    rowsum = staticmethod(_blas_rowsum)
    total = staticmethod(_blas_total)
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    tanh = staticmethod(np.tanh)


# one side: numpy memory layouts (R's matrices are always column-major)
def _operand(x):
    """``(y, transposed)``: a C-contiguous float64 array ``y`` holding ``x``.

    ``y`` is ``x`` itself when ``x`` is C-contiguous, ``x.T`` (with
    ``transposed`` true) when ``x`` is Fortran-contiguous, else a C copy.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.flags.c_contiguous:
        return x, False
    if x.flags.f_contiguous:
        return x.T, True
    return np.ascontiguousarray(x), False


# one side: numpy's out= buffers (R makes new vectors)
def _result(out, shape, *inputs):
    """Where the core may write a result of ``shape`` directly: ``out`` when it
    is a C-contiguous float64 array of that shape sharing no memory with the
    inputs, else a new array (copied into ``out`` afterwards)."""
    if (
        out is not None
        and isinstance(out, np.ndarray)
        and out.dtype == np.float64
        and out.shape == shape
        and out.flags.c_contiguous
        and out.flags.writeable
        and not any(np.may_share_memory(out, x) for x in inputs)
    ):
        return out
    return np.empty(shape)


# one side: numpy's out= buffers (R makes new vectors)
def _finish(result, out):
    if out is None or result is out:
        return result
    out[...] = result
    return out


def _exact_matmul(a, b, out=None):
    """``a %*% b``: each element ``((0 + a[i,0]*b[0,c]) + a[i,1]*b[1,c]) + ...``."""
    if np.ndim(a) != 2 or np.ndim(b) != 2:
        raise ValueError("exact matmul needs 2-D arrays")
    m, k = np.shape(a)
    if np.shape(b)[0] != k:
        raise ValueError(f"non-conformable arguments: {np.shape(a)} and {np.shape(b)}")
    n = np.shape(b)[1]
    pa, a_t = _operand(a)
    pb, b_t = _operand(b)
    if a_t and b_t:  # no core routine takes both transposed: copy one
        pa, a_t = np.ascontiguousarray(pa.T), False
    op = 1 if a_t else (2 if b_t else 0)
    result = _result(out, (m, n), pa, pb)
    _core.product(op, pa, pb, result, m, k, n)
    return _finish(result, out)


def _exact_crossprod(a, b, out=None):
    """``t(a) %*% b`` (R's crossprod), with no transposing copy."""
    return _exact_matmul(np.asarray(a).T, b, out=out)


def _exact_tcrossprod(a, b, out=None):
    """``a %*% t(b)`` (R's tcrossprod), with no transposing copy."""
    return _exact_matmul(a, np.asarray(b).T, out=out)


# one side: numpy layouts: a Fortran operand's colsum is the core's rowsum of its transpose
def _exact_sums(d, rows):
    if np.ndim(d) != 2:
        raise ValueError("exact colsum/rowsum need a 2-D array")
    m, n = np.shape(d)
    x, transposed = _operand(d)
    result = np.empty(m if rows else n)
    # the core's colsum adds rows in order; of a transposed operand it is
    # the rowsum of d (the same additions)
    op = (1 if rows else 0) if not transposed else (0 if rows else 1)
    _core.sums(op, x, result, *x.shape)
    return result.reshape(-1, 1) if rows else result.reshape(1, -1)


def _exact_colsum(d):
    """The rows of ``d`` added in order from a zero row (1 x n)."""
    return _exact_sums(d, rows=False)


def _exact_rowsum(d):
    """The columns of ``d`` added in order from a zero column (m x 1)."""
    return _exact_sums(d, rows=True)


def _exact_total(x):
    """The elements in column-major order (R's), added from 0."""
    flat = np.ravel(np.asarray(x, dtype=np.float64), order="F")
    if not flat.flags.c_contiguous:
        flat = np.ascontiguousarray(flat)
    return _core.total(flat)


def _exact_elementwise(which):
    """The exact core's function ``which`` (0 exp, 1 log, 2 log1p, 3 tanh),
    element by element; ``out`` may be the input (in place)."""

    def apply(x, out=None):
        arr = np.asarray(x, dtype=np.float64)
        src = arr if arr.flags.c_contiguous else np.ascontiguousarray(arr)
        target = out
        if not (
            isinstance(out, np.ndarray)
            and out.dtype == np.float64
            and out.shape == arr.shape
            and out.flags.c_contiguous
            and out.flags.writeable
        ):
            target = np.empty(arr.shape)
        _core.elementwise(which, src, target)
        if out is None:
            return target if target.ndim else target[()]
        return _finish(target, out)

    return apply


def exact_threads(n=None):
    """The threads exact mode's products use; ``exact_threads(n)`` sets them.

    Default: the machine's cores, at most 4 (the environment variable
    ``TWINNET_THREADS``, read at the first product, overrides). The results
    never depend on it: each output element is computed by one thread, by the
    same operations in the same order. R's twin is ``exact_threads()``.
    """
    if n is not None:
        if isinstance(n, bool) or int(n) != n or n < 1:
            raise ValueError(f"threads must be a positive whole number, got {n!r}")
        _core.set_threads(int(n))
    return _core.get_threads()


# one side: Python's arithmetic is a class of static functions; R's is the list exact_arith
class ExactArith:
    """Arithmetic whose every operation is fixed, so R gives the same doubles.

    Every operation runs in twinnet's exact core (``twinnet._core``), the C
    source R's package compiles too: products and sums in the order of
    docs/parity.md, the elementary functions in plain IEEE arithmetic.
    Arrays of any layout are accepted: C- or Fortran-ordered operands are
    passed as they lie (a Fortran array is the transpose of a C one, and the
    core multiplies transposed operands directly); strided ones are copied.
    """

    name = "exact"
    matmul = staticmethod(_exact_matmul)
    crossprod = staticmethod(_exact_crossprod)
    tcrossprod = staticmethod(_exact_tcrossprod)
    colsum = staticmethod(_exact_colsum)
    rowsum = staticmethod(_exact_rowsum)
    total = staticmethod(_exact_total)
    exp = staticmethod(_exact_elementwise(0))
    log = staticmethod(_exact_elementwise(1))
    log1p = staticmethod(_exact_elementwise(2))
    tanh = staticmethod(_exact_elementwise(3))


ARITHMETICS = {"blas": BlasArith(), "exact": ExactArith()}
