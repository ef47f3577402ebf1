"""Shared data and helpers for the Python tests."""

from pathlib import Path

import numpy as np
import pytest

from twinnet import TwinnetError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# Analytics Vidhya's toy data.
TOY_X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
TOY_Y = np.array([[1.0], [1.0], [0.0]])


@pytest.fixture
def toy():
    return TOY_X.copy(), TOY_Y.copy()


def python_error(action):
    """The message of the TwinnetError that ``action()`` raises (the twin of
    parity_tests/parity.py's and of twinnet_error_message in the R tests)."""
    with pytest.raises(TwinnetError) as info:
        action()
    return str(info.value)


# The warning of a fit that has not converged (scikit-learn's rule,
# docs/estimators.md), as the estimators and the command line give it.
# Twin: not_converged in R/tests/testthat/helper-twinnet.R.
NOT_CONVERGED = (
    "training did not converge in {} epoch{}: the loss fell below its best by tol = {} or "
    "more within n_iter_no_change = {} epochs of the end; train for more epochs "
    "(max_iter / epochs) or with a larger learning rate (learning_rate_init / lr)"
)


def not_converged(epochs, tol="0.0001", n=10):
    return NOT_CONVERGED.format(epochs, "" if epochs == 1 else "s", tol, n)
