"""Activation functions, as a table: name -> Activation(forward, backward).

``forward(Z, arith)`` gives the layer's output ``A``; ``backward(dA, A, arith)``
turns the gradient of the loss with respect to ``A`` into the gradient with
respect to ``Z``. The element-wise ones differentiate through their output,
as the seed articles do for the sigmoid (``f'(z) = a * (1 - a)``), so the
backward pass needs only the stored activations. Twin: ``R/R/activations.R``.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ActivationFunction:
    name: str
    forward: Callable
    backward: Callable
    formula: str


def _sigmoid(z, ar):
    return 1.0 / (1.0 + ar.exp(-z))


def _tanh(z, ar):
    return ar.tanh(z)


def _relu(z, ar):
    # z < 0 is false for NaN, so a diverging run stays visible
    return np.where(z < 0, 0.0, z)


def _identity(z, ar):
    return z


def _softmax(z, ar):
    # Subtracting the row maximum keeps exp from overflowing; the maximum is
    # exact, the row sum goes through the arithmetic (its order is fixed in
    # exact mode).
    e = ar.exp(z - z.max(axis=1, keepdims=True))
    return e / ar.rowsum(e)


def _sigmoid_backward(da, a, ar):
    return da * (a * (1.0 - a))


def _tanh_backward(da, a, ar):
    return da * (1.0 - a * a)


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
        _sigmoid,
        _sigmoid_backward,
        "1 / (1 + exp(-z)); slope a * (1 - a) (Analytics Vidhya, Loy)",
    ),
    "tanh": ActivationFunction("tanh", _tanh, _tanh_backward, "tanh(z); slope 1 - a * a (Aflak)"),
    "relu": ActivationFunction(
        "relu", _relu, _relu_backward, "z where z >= 0, else 0; slope 1 where a > 0, else 0"
    ),
    "identity": ActivationFunction("identity", _identity, _identity_backward, "z; slope 1"),
    "softmax": ActivationFunction(
        "softmax",
        _softmax,
        _softmax_backward,
        "exp(z - rowmax(z)) / rowsum(exp(z - rowmax(z))); Jacobian a * (dA - rowsum(dA * a))",
    ),
}
