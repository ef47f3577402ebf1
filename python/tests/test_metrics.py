"""predicted_classes: the one rule that turns outputs into classes (R twin:
R/tests/testthat/test-metrics.R)."""

import numpy as np

from twinnet.metrics import classes_of, confusion_matrix, predicted_classes


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
