"""Has training converged? scikit-learn's MLP test on the training loss.

After every epoch scikit-learn's ``MLPClassifier``/``MLPRegressor`` (without
early stopping) counts the epochs whose loss did not fall below the best loss
so far by at least ``tol``, and stops once that count exceeds
``n_iter_no_change``; a run that reaches ``max_iter`` without stopping so
ends with a ``ConvergenceWarning``. ``Network.fit`` with ``tol`` stops the
same way (``stopping_update``, which also counts for early stopping on a
validation loss or score) and warns with ``ConvergenceWarning`` when it ran
all its epochs. ``convergence_check`` asks the question afterwards, of a
finished ``loss_history``, for the front ends that need it. The loss checked
is ``loss_history`` (``loss_curve_``) as twinnet records it: the epoch's loss
over its batches, computed before each batch's update, with the L2 penalty
(as scikit-learn's ``loss_curve_``).

Twin: ``R/R/convergence.R``, the same functions and the same message text.
"""

import math
from numbers import Integral

from .config import json_text
from .validation import TwinnetError, check_number_in, check_positive_integer

__all__ = [
    "TOL",
    "N_ITER_NO_CHANGE",
    "ConvergenceWarning",
    "no_improvement_update",
    "stopping_update",
    "stopping_step",
    "convergence_check",
]

TOL = 1e-4  # scikit-learn's MLP defaults; the command line uses them as they are
N_ITER_NO_CHANGE = 10


def no_improvement_update(loss, best_loss, count, tol):
    """One epoch of scikit-learn's count: ``(best_loss, count)`` after ``loss``.

    ``count`` grows where ``loss > best_loss - tol`` and is 0 otherwise;
    ``best_loss`` (``inf`` before the first epoch) becomes the smaller of the
    two (``_update_no_improvement_count`` of scikit-learn's MLP).
    """
    count = count + 1 if loss > best_loss - tol else 0
    return (loss if loss < best_loss else best_loss), count


def stopping_update(value, best, count, tol, higher=False):
    """One epoch of the stopping count: ``(best, count, improved)`` after ``value``.

    Lower is better (a loss, ``higher`` false): ``count`` grows where ``value >
    best - tol`` and is 0 otherwise; higher is better (a score): it grows where
    ``value < best + tol``. ``improved`` is ``value < best`` (``value > best``),
    and then ``best`` becomes ``value``. ``best`` starts at ``inf`` (``-inf``),
    ``count`` at 0; a NaN compares false (count 0, not improved).
    """
    if higher:
        count = count + 1 if value < best + tol else 0
        improved = value > best
    else:
        count = count + 1 if value > best - tol else 0
        improved = value < best
    return (value if improved else best), count, improved


def stopping_step(value, best, count, rate, tol, n_iter_no_change, higher=False, adaptive=False):
    """One epoch of ``Network.fit``'s stopping rule: ``(best, count, rate, improved, stop)``.

    ``stopping_update``, then, once ``count > n_iter_no_change``: with the
    adaptive schedule (``adaptive``) and ``rate > 1e-6`` the rate is divided by
    5 and the count starts again; otherwise training stops (``stop``), as
    scikit-learn's MLP. ``fit`` also replays it over the earlier epochs'
    history (ignoring ``stop``) to start where an earlier fit ended.
    """
    best, count, improved = stopping_update(value, best, count, tol, higher)
    stop = False
    if count > n_iter_no_change:
        if adaptive and rate > 1e-6:
            rate = rate / 5.0
            count = 0
        else:
            stop = True
    return best, count, rate, improved, stop


def convergence_check(loss_history, tol=TOL, n_iter_no_change=N_ITER_NO_CHANGE, since=0):
    """``None`` if training converged, else the warning message (a string).

    Training converged where scikit-learn would have stopped: after some epoch
    of this run the count of ``no_improvement_update`` exceeded
    ``n_iter_no_change``. The count and the best loss run over the whole
    ``loss_history``; the epochs before ``since`` (those of earlier fits, as
    scikit-learn's ``warm_start`` keeps its count) do not count as stops. A
    run of no epochs (``len(loss_history) <= since``) has converged.
    """
    tol = check_number_in("tol", tol, 0, math.inf)
    n_iter_no_change = check_positive_integer("n_iter_no_change", n_iter_no_change)
    history = [float(v) for v in loss_history]
    if not isinstance(since, Integral) or isinstance(since, bool) or since < 0:
        raise TwinnetError(f"since must be a whole number >= 0, got {since!r}")
    since = int(since)
    if len(history) <= since:
        return None
    best, count = math.inf, 0
    for epoch, loss in enumerate(history):
        best, count = no_improvement_update(loss, best, count, tol)
        if epoch >= since and count > n_iter_no_change:
            return None
    return convergence_message(len(history) - since, tol, n_iter_no_change)


def convergence_message(epochs, tol, n_iter_no_change, watched="loss"):
    """The warning's text, the same in both languages and on the command line.
    ``watched``: what the count watched, ``"loss"`` (the training loss),
    ``"validation loss"`` or ``"validation score"`` (early stopping)."""
    change = "rose above" if watched == "validation score" else "fell below"
    return (
        f"training did not converge in {epochs} epoch{'' if epochs == 1 else 's'}: "
        f"the {watched} {change} its best by tol = {json_text(tol)} or more within "
        f"n_iter_no_change = {n_iter_no_change} epochs of the end; train for more epochs "
        f"(max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)"
    )


# one side: Python's warning class; R warns with convergence_warning()
def __getattr__(name):
    """``ConvergenceWarning``: scikit-learn's ``sklearn.exceptions.ConvergenceWarning``
    when scikit-learn imports (so its users' filters catch twinnet's warning), else
    twinnet's own ``UserWarning`` subclass. Looked up on first use: importing
    scikit-learn takes a second or two, which twinnet's command line does not pay
    for a run that converges."""
    if name != "ConvergenceWarning":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global ConvergenceWarning
    try:
        from sklearn.exceptions import ConvergenceWarning
    except ImportError:  # pragma: no cover - scikit-learn is installed for the tests

        class ConvergenceWarning(UserWarning):
            """Training ran all its epochs without converging (scikit-learn absent)."""

    return ConvergenceWarning
