"""Activation functions, as a table: name -> Activation(forward, backward).

``forward(Z, arith, out)`` gives the layer's output ``A`` (into ``out`` when
given, which may be ``Z`` itself); ``backward(dA, A, arith)`` turns the
gradient of the loss with respect to ``A`` into the gradient with respect to
``Z`` and may write it into ``dA``'s own storage (the backward pass hands it
a fresh array). The element-wise ones differentiate through their output, as
the seed articles do for the sigmoid (``f'(z) = a * (1 - a)``), so the
backward pass needs only the stored activations.

Their chains of element-wise steps run block by block of rows, each block
small enough to stay in the cache from one step to the next; every element
still goes through the formula's steps in the formula's grouping, so the
bits are those of the formula as written. Twin: ``R/R/activations.R``, the
same named functions in the same order, each table built from them.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ActivationFunction:
    """One entry of the table: its name, its two functions and their formula."""

    name: str
    forward: Callable
    backward: Callable
    formula: str


# Numbers per block of an element-wise chain: 256 KiB, which stay in the
# cache from one step of the chain to the next.
_BLOCK = 1 << 15


_WHOLE = (slice(None),)


# one side: numpy cache blocking (R's element-wise steps each make a new vector)
def _row_blocks(rows, cols):
    if rows * cols <= _BLOCK:
        return _WHOLE  # one block: the whole array
    step = max(1, _BLOCK // max(1, cols))
    return [slice(i, i + step) for i in range(0, rows, step)]


def _sigmoid_forward(z, ar, out=None):
    # 1 / (1 + exp(-z))
    out = np.empty_like(z) if out is None else out
    for rows in _row_blocks(*z.shape):
        a = np.negative(z[rows], out=out[rows])
        a = ar.exp(a, out=a)
        a += 1.0
        np.divide(1.0, a, out=a)
    return out


def _tanh_forward(z, ar, out=None):
    return ar.tanh(z, out=out)


def _relu_forward(z, ar, out=None):
    # z < 0 is false for NaN, so a diverging run stays visible
    return np.where(z < 0, 0.0, z)


def _identity_forward(z, ar, out=None):
    return z


def _softmax_forward(z, ar, out=None):
    # Subtracting the row maximum keeps exp from overflowing; the maximum is
    # exact, the row sum goes through the arithmetic (its order is fixed in
    # exact mode).
    e = ar.exp(z - z.max(axis=1, keepdims=True))
    return e / ar.rowsum(e)


# one side: numpy cache blocking into one work buffer (see _row_blocks)
def _slope_times(da, a, slope_into):
    """``da * slope(a)``, into ``da``, block by block; ``slope_into(a, s)``
    writes the slope of a block into ``s``."""
    blocks = _row_blocks(*a.shape)
    first = blocks[0]
    work = np.empty((a.shape[0] if blocks is _WHOLE else first.stop - first.start, a.shape[1]))
    for rows in blocks:
        block = a[rows]
        slope = work[: block.shape[0]]
        slope_into(block, slope)
        da[rows] *= slope
    return da


# one side: a step of _slope_times (R: one expression, or blas_sigmoid_slope)
def _sigmoid_slope(a, slope):
    # a * (1 - a)
    np.subtract(1.0, a, out=slope)
    slope *= a


# one side: a step of _slope_times (R: one expression)
def _tanh_slope(a, slope):
    # 1 - a * a
    np.multiply(a, a, out=slope)
    np.subtract(1.0, slope, out=slope)


def _sigmoid_backward(da, a, ar):
    return _slope_times(da, a, _sigmoid_slope)


def _tanh_backward(da, a, ar):
    return _slope_times(da, a, _tanh_slope)


def _relu_backward(da, a, ar):
    return da * (a > 0)


def _identity_backward(da, a, ar):
    return da


def _softmax_backward(da, a, ar):
    # Jacobian of softmax, row by row: dZ = A * (dA - rowsum(dA * A))
    return a * (da - ar.rowsum(da * a))


ACTIVATIONS = {
    "sigmoid": ActivationFunction(
        "sigmoid",
        _sigmoid_forward,
        _sigmoid_backward,
        "1 / (1 + exp(-z)); slope a * (1 - a) (Analytics Vidhya, Loy)",
    ),
    "tanh": ActivationFunction(
        "tanh", _tanh_forward, _tanh_backward, "tanh(z); slope 1 - a * a (Aflak)"
    ),
    "relu": ActivationFunction(
        "relu", _relu_forward, _relu_backward, "z where z >= 0, else 0; slope 1 where a > 0, else 0"
    ),
    "identity": ActivationFunction("identity", _identity_forward, _identity_backward, "z; slope 1"),
    "softmax": ActivationFunction(
        "softmax",
        _softmax_forward,
        _softmax_backward,
        "exp(z - rowmax(z)) / rowsum(exp(z - rowmax(z))); Jacobian a * (dA - rowsum(dA * a))",
    ),
}
