"""Shared data for the Python tests."""

from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# Analytics Vidhya's toy data.
TOY_X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
TOY_Y = np.array([[1.0], [1.0], [0.0]])


@pytest.fixture
def toy():
    return TOY_X.copy(), TOY_Y.copy()
