"""predicted_classes: the one rule that turns outputs into classes; the
validation scores accuracy and r2 against scikit-learn's (R twin:
R/tests/testthat/test-metrics.R)."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, r2_score

from twinnet import RRandom
from twinnet.metrics import SCORES, accuracy, classes_of, confusion_matrix, predicted_classes, r2


def test_one_output_column_is_class_1_above_one_half_and_exactly_one_half_is_class_0():
    # scikit-learn's LabelBinarizer: class 1 where the output is > 0.5
    out = np.array([[0.0], [0.4999999], [0.5], [0.5000001], [1.0]])
    np.testing.assert_array_equal(predicted_classes(out), [0, 0, 0, 1, 1])


def test_several_output_columns_take_the_first_largest():
    out = np.array([[0.1, 0.7, 0.2], [0.4, 0.4, 0.2], [0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(predicted_classes(out), [1, 0, 2])


def test_confusion_matrix_counts_true_rows_against_predicted_columns():
    counts = confusion_matrix(np.array([0, 0, 1, 2, 2]), np.array([0, 1, 1, 2, 0]), 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])


def test_classes_of_reads_one_hot_rows_and_a_zero_one_column():
    np.testing.assert_array_equal(classes_of(np.array([[0, 1], [1, 0]])), [1, 0])
    np.testing.assert_array_equal(classes_of(np.array([[1.0], [0.0]])), [1, 0])
    assert classes_of(np.array([[0.5], [1.0]])) is None


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_accuracy_is_scikit_learns_weighted_and_unweighted(mode):
    rng = RRandom(3)
    out = rng.runif(40 * 3).reshape(40, 3)
    Y = np.eye(3)[(rng.runif(40) * 3).astype(int)]
    w = rng.runif(40) * 2
    true, guess = Y.argmax(axis=1), out.argmax(axis=1)
    assert accuracy(out, Y, mode=mode) == pytest.approx(accuracy_score(true, guess), abs=1e-15)
    assert accuracy(out, Y, w.reshape(-1, 1), mode) == pytest.approx(
        accuracy_score(true, guess, sample_weight=w), rel=1e-14
    )
    # one column: an output > 0.5 is class 1, a target > 0.5 too
    one = np.array([[0.2], [0.7], [0.5], [0.9]])
    assert accuracy(one, np.array([[0.0], [1.0], [1.0], [0.0]]), mode=mode) == 0.5
    assert accuracy(one, np.array([0, 1, 1, 0.0]), np.array([1, 1, 0, 0.0]), mode) == 1.0
    assert SCORES["accuracy"] is accuracy


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_r2_is_scikit_learns_weighted_and_unweighted_averaged_over_columns(mode):
    rng = RRandom(4)
    Y = rng.rnorm(30 * 2).reshape(30, 2)
    out = Y + 0.5 * rng.rnorm(30 * 2).reshape(30, 2)
    w = rng.runif(30)
    assert r2(out, Y, mode=mode) == pytest.approx(r2_score(Y, out), rel=1e-13)
    assert r2(out, Y, w, mode) == pytest.approx(r2_score(Y, out, sample_weight=w), rel=1e-13)
    # a constant target column: 1 when predicted exactly, else 0 (force_finite)
    const = np.column_stack([np.full(30, 2.0), Y[:, 0]])
    perfect = np.column_stack([np.full(30, 2.0), out[:, 0]])
    assert r2(perfect, const, mode=mode) == pytest.approx(r2_score(const, perfect), rel=1e-13)
    off = perfect + np.array([[0.1, 0.0]])
    assert r2(off, const, mode=mode) == pytest.approx(r2_score(const, off), rel=1e-13)
    assert SCORES["r2"] is r2
