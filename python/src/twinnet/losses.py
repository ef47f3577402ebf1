"""Losses, as a table: name -> LossFunction.

The squared-error losses are written in terms of the error ``E = Y - A``
(Analytics Vidhya's ``E = y - output``); their ``direction(E)`` is
``-dLoss/dA``, the matrix the seed articles multiply by the activation slope
(``d_output = E * slope_output_layer``).

The cross-entropy losses are computed from the logits ``Z`` (the input of
the final sigmoid or softmax), so that no ``log(0)`` and no overflow can
happen, and their gradient is taken with respect to ``Z`` directly:
``(A - Y) / n`` for ``n`` rows. They require their output activation
(``output``).

With sample weights ``w`` (an n x 1 column, ``sw = total(w)``) every
function takes ``w`` and ``sw``: the sum losses weight each row (nnet's
``sum(w_i * E_i)``), the mean losses divide by ``sw`` instead of the rows
(scikit-learn's weighted mean); without weights the code is the unweighted
one, bit for bit. ``penalty`` is the L2 term of ``alpha`` or
``weight_decay``. Twin: ``R/R/losses.R``, the same named functions in the
same order, the table built from them.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LossFunction:
    """One entry of the table: its name, value, gradient, output and formula."""

    name: str
    value: Callable  # (E or Z, Y, arith) -> float
    gradient: Callable  # squared errors: direction(E); cross-entropies: dZ(A, Y)
    output: str | None  # the activation a cross-entropy needs after the last layer
    formula: str


def _half_sse(e, y, ar, w=None, sw=None):
    if w is None:
        return ar.total(e * e) / 2.0
    return ar.total((e * e) * w) / 2.0


def _sse(e, y, ar, w=None, sw=None):
    if w is None:
        return ar.total(e * e)
    return ar.total((e * e) * w)


def _mse(e, y, ar, w=None, sw=None):
    if w is None:
        return ar.total(e * e) / e.size
    return ar.total((e * e) * w) / (sw * e.shape[1])


def _binary_cross_entropy(z, y, ar, w=None, sw=None):
    # -[y log(s) + (1 - y) log(1 - s)] with s = sigmoid(z), rewritten as
    # max(z, 0) - z * y + log(1 + exp(-|z|)): exp never overflows, log never
    # sees 0.
    positive = np.where(z > 0, z, 0.0)
    terms = (positive - z * y) + ar.log1p(ar.exp(-np.abs(z)))
    if w is None:
        return ar.total(terms) / z.shape[0]
    return ar.total(terms * w) / sw


def _softmax_cross_entropy(z, y, ar, w=None, sw=None):
    # -sum(Y * log(softmax(Z))) with log(softmax(Z)) = shifted - log(rowsum(
    # exp(shifted))), shifted = Z - rowmax(Z): every exp is at most 1 and the
    # row sum at least 1.
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - ar.log(ar.rowsum(ar.exp(shifted)))
    if w is None:
        return -ar.total(y * log_p) / z.shape[0]
    return -ar.total((y * log_p) * w) / sw


def _error(e, w=None, sw=None):
    return e if w is None else e * w


def _twice_error(e, w=None, sw=None):
    return 2.0 * e if w is None else (2.0 * e) * w


def _twice_error_per_element(e, w=None, sw=None):
    if w is None:
        return (2.0 * e) / e.size
    return ((2.0 * e) * w) / (sw * e.shape[1])


def _logit_gradient(a, y, w=None, sw=None):
    if w is None:
        return (a - y) / a.shape[0]
    return ((a - y) * w) / sw


LOSSES = {
    "half_sse": LossFunction(
        "half_sse", _half_sse, _error, None, "sum(E * E) / 2, direction E (Analytics Vidhya)"
    ),
    "sse": LossFunction("sse", _sse, _twice_error, None, "sum(E * E), direction 2 * E (Loy)"),
    "mse": LossFunction(
        "mse",
        _mse,
        _twice_error_per_element,
        None,
        "sum(E * E) / size, direction (2 * E) / size (Aflak)",
    ),
    "binary_cross_entropy": LossFunction(
        "binary_cross_entropy",
        _binary_cross_entropy,
        _logit_gradient,
        "sigmoid",
        "sum(max(z, 0) - z * y + log1p(exp(-|z|))) / n; dZ = (A - Y) / n",
    ),
    "softmax_cross_entropy": LossFunction(
        "softmax_cross_entropy",
        _softmax_cross_entropy,
        _logit_gradient,
        "softmax",
        "-sum(Y * (s - log(rowsum(exp(s))))) / n, s = Z - rowmax(Z); dZ = (A - Y) / n",
    ),
}


def decay_divisor(name, sw, k):
    """What nnet's decay is divided by under loss ``name``: the factor from
    nnet's summed criterion (``sum_i w_i * sum((t - y)^2)``, or the summed
    entropy) to the loss (docs/algorithm.md, "Training controls"), so that
    ``loss + penalty`` is nnet's objective divided by it and has nnet's
    minimum: 1 (``sse``), 2 (``half_sse``), ``sw * k`` (``mse``, ``k``
    columns), ``sw`` (the cross-entropies); ``sw`` the batch's rows or its
    sum of sample weights."""
    if name == "sse":
        return 1.0
    if name == "half_sse":
        return 2.0
    if name == "mse":
        return sw * k
    return sw


def penalty(weights, biases, ar, alpha=0.0, weight_decay=0.0, sw=None, divisor=1.0):
    """The penalty added to a batch's loss (docs/algorithm.md, "Training controls").

    ``alpha`` (scikit-learn's L2 penalty, weights only): ``((0.5 * alpha) * P) / sw``
    with ``P`` the sum of ``total(W * W)`` over the weight matrices in order and
    ``sw`` the batch's rows (or its sum of sample weights). ``weight_decay``
    (nnet's decay, weights and biases): ``(weight_decay * P) / divisor`` with
    ``P`` the sum of ``total(p * p)`` over every weight matrix, then every bias
    row, in order, and ``divisor`` from ``decay_divisor``.
    0.0 when both are 0 (the network then adds nothing at all).
    """
    if alpha > 0:
        total = 0.0
        for w in weights:
            total = total + ar.total(w * w)
        return ((0.5 * alpha) * total) / sw
    if weight_decay > 0:
        total = 0.0
        for p in list(weights) + list(biases):
            total = total + ar.total(p * p)
        return (weight_decay * total) / divisor
    return 0.0
