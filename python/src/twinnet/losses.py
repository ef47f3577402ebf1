"""Losses, as a table: name -> (loss value, descent direction at the output).

Each loss is written in terms of the error ``E = Y - A`` (Analytics Vidhya's
``E = y - output``). The second function returns ``-dLoss/dA``, the matrix that
multiplies the activation slope to give the output delta, so that every
update is ``W + (t(A) %*% D) * lr``. Twin: ``R/R/losses.R``.
"""


def half_sse(e, arith):
    """``sum(E^2) / 2`` (Analytics Vidhya: "((Y-t)^2)/2")."""
    return arith.total(e * e) / 2.0


def half_sse_direction(e):
    return e


def sse(e, arith):
    """``sum(E^2)`` (Loy's sum-of-squares error)."""
    return arith.total(e * e)


def sse_direction(e):
    return 2.0 * e


def mse(e, arith):
    """``sum(E^2) / size`` (Aflak's mean squared error, size = all elements)."""
    return arith.total(e * e) / e.size


def mse_direction(e):
    return (2.0 * e) / e.size


LOSSES = {
    "half_sse": (half_sse, half_sse_direction),
    "sse": (sse, sse_direction),
    "mse": (mse, mse_direction),
}
