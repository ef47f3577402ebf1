"""Activation functions, as a table: name -> (f, f' written in terms of f's output).

The seed articles differentiate the sigmoid through its output,
``f'(z) = a * (1 - a)`` with ``a = f(z)``; the table keeps that form so the
backward pass needs only the stored activations. Twin: ``R/R/activations.R``.
"""


def sigmoid(z, arith):
    """``1 / (1 + exp(-z))`` (Analytics Vidhya, Loy)."""
    return 1.0 / (1.0 + arith.exp(-z))


def sigmoid_slope(a):
    """Derivative of the sigmoid from its output: ``a * (1 - a)``."""
    return a * (1.0 - a)


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_slope)}
