"""Has training converged? scikit-learn's MLP test on the training loss.

After every epoch scikit-learn's ``MLPClassifier``/``MLPRegressor`` (without
early stopping) counts the epochs whose loss did not fall below the best loss
so far by at least ``tol``, and stops once that count exceeds
``n_iter_no_change``; a run that reaches ``max_iter`` without stopping so
ends with a ``ConvergenceWarning``. twinnet does not stop early yet (issue
12): it trains every epoch and, afterwards, warns where scikit-learn would
have warned, i.e. where the count never exceeded ``n_iter_no_change``
(docs/estimators.md, "Convergence"). The loss checked is ``loss_history``
(``loss_curve_``) as twinnet records it: the epoch's loss over its batches,
computed before each batch's update, as scikit-learn's ``loss_curve_`` (which
also holds its L2 penalty; twinnet has none yet).

Twin: ``R/R/convergence.R``, the same functions and the same message text.
"""

import math
from numbers import Integral

from .config import json_text
from .validation import TwinnetError, check_number_in, check_positive_integer

__all__ = ["TOL", "N_ITER_NO_CHANGE", "no_improvement_update", "convergence_check"]

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


def convergence_message(epochs, tol, n_iter_no_change):
    """The warning's text, the same in both languages and on the command line."""
    return (
        f"training did not converge in {epochs} epoch{'' if epochs == 1 else 's'}: "
        f"the loss fell below its best by tol = {json_text(tol)} or more within "
        f"n_iter_no_change = {n_iter_no_change} epochs of the end; train for more epochs "
        f"(max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)"
    )
