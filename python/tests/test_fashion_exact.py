"""The checks of `make fashion-exact` (python/benchmarks/fashion_exact.py).

The target itself trains Fashion-MNIST for minutes and never runs in make
test; here its reading of `twinnet evaluate`'s text and its pass/fail rule
are checked on hand-made confusion matrices whose counts are worked out by
hand below.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from twinnet.idx import FASHION_MNIST_CLASSES
from twinnet.metrics import format_evaluation

SCRIPT = Path(__file__).resolve().parents[2] / "python" / "benchmarks" / "fashion_exact.py"
spec = importlib.util.spec_from_file_location("fashion_exact", SCRIPT)
fashion_exact = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fashion_exact)


def _text(confusion, names=None):
    confusion = np.asarray(confusion)
    rows = int(confusion.sum())
    result = {
        "rows": rows,
        "loss": 0.25,
        "loss_name": "softmax_cross_entropy",
        "accuracy": float(np.trace(confusion)) / rows,
        "confusion": confusion,
        "class_names": names,
    }
    return format_evaluation(result)


def _fashion_confusion(correct_per_class):
    """10 x 10, 1000 rows per class: `correct_per_class[i]` on the diagonal,
    the rest of row i in column (i + 1) % 10."""
    m = np.zeros((10, 10), dtype=int)
    for i, c in enumerate(correct_per_class):
        m[i, i] = c
        m[i, (i + 1) % 10] = 1000 - c
    return m


def test_reads_the_fashion_evaluation_with_class_names():
    # 880 + 881 + ... : 8800 + (0 + 1 + ... + 9) = 8845 correct of 10000
    text = _text(_fashion_confusion([880 + i for i in range(10)]), FASHION_MNIST_CLASSES)
    ev = fashion_exact.parse_evaluation(text)
    assert ev == {"rows": 10000, "accuracy_printed": 0.8845, "correct": 8845}


def test_reads_a_two_class_evaluation_without_names():
    # [[7, 3], [1, 9]]: 16 correct of 20
    ev = fashion_exact.parse_evaluation(_text([[7, 3], [1, 9]]))
    assert ev == {"rows": 20, "accuracy_printed": 0.8, "correct": 16}


def _results(correct):
    return {
        "python": {"evaluation": {"rows": 10000, "correct": correct[0]}},
        "r": {"evaluation": {"rows": 10000, "correct": correct[1]}},
    }


IDENTICAL = "identical: every value equal to the last bit"


def test_passes_at_the_bar_and_above():
    assert fashion_exact.check(_results([8800, 8911]), IDENTICAL, 0.88) == []


@pytest.mark.parametrize("correct", [[8799, 8911], [8911, 8799]])
def test_fails_one_row_below_the_bar(correct):
    failures = fashion_exact.check(_results(correct), IDENTICAL, 0.88)
    assert len(failures) == 1 and "8799/10000" in failures[0]


def test_fails_when_the_models_differ():
    failures = fashion_exact.check(
        _results([8911, 8911]), "different: largest difference 2.22e-16", 0.88
    )
    assert len(failures) == 1 and "not identical" in failures[0]


def test_rejects_a_confusion_matrix_that_does_not_add_up():
    text = _text([[7, 3], [1, 9]]).replace("rows      20", "rows      21")
    with pytest.raises(ValueError, match="counts 20 rows"):
        fashion_exact.parse_evaluation(text)
