# predicted_classes: the one rule that turns outputs into classes (Python
# twin: python/tests/test_metrics.py).

test_that("one output column is class 1 above 0.5, and exactly 0.5 is class 0", {
  # scikit-learn's LabelBinarizer: class 1 where the output is > 0.5
  out <- matrix(c(0, 0.4999999, 0.5, 0.5000001, 1), ncol = 1)
  expect_identical(twinnet:::predicted_classes(out), c(0L, 0L, 0L, 1L, 1L))
})

test_that("several output columns take the first largest", {
  out <- rbind(c(0.1, 0.7, 0.2), c(0.4, 0.4, 0.2), c(0, 0, 1))
  expect_equal(twinnet:::predicted_classes(out), c(1, 0, 2))
})

test_that("confusion_matrix counts true rows against predicted columns", {
  counts <- twinnet:::confusion_matrix(c(0, 0, 1, 2, 2), c(0, 1, 1, 2, 0), 3L)
  expect_equal(counts, rbind(c(1, 1, 0), c(0, 1, 0), c(1, 0, 1)))
})

test_that("classes_of reads one-hot rows and a zero-one column", {
  expect_equal(twinnet:::classes_of(rbind(c(0, 1), c(1, 0))), c(1, 0))
  expect_identical(twinnet:::classes_of(matrix(c(1, 0), ncol = 1)), c(1L, 0L))
  expect_null(twinnet:::classes_of(matrix(c(0.5, 1), ncol = 1)))
})
