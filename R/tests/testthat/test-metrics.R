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

# The validation scores (issue 12): accuracy and r2, weighted, against
# hand-computed values and R's own sums.
test_that("accuracy counts rows whose predicted class is right, weighted", {
  out <- matrix(c(0.9, 0.2, 0.5, 0.7), ncol = 1)
  Y <- matrix(c(1, 0, 1, 0), ncol = 1)
  expect_identical(twinnet:::accuracy(out, Y), 0.5)
  expect_identical(twinnet:::accuracy(out, Y, c(1, 2, 3, 4), mode = "exact"), 3 / 10)
  out3 <- rbind(c(0.2, 0.5, 0.3), c(0.4, 0.4, 0.2), c(0.1, 0.1, 0.8))
  expect_identical(twinnet:::accuracy(out3, diag(3)[c(2, 2, 3), ]), 2 / 3)
  expect_identical(twinnet:::accuracy(out3, diag(3)[c(2, 2, 3), ], c(1, 0, 1)), 1)
})

test_that("r2 is scikit-learn's r2_score: weighted, averaged over columns, forced finite", {
  y <- c(3, -0.5, 2, 7, 4.2)
  p <- c(2.5, 0, 2, 8, 4.4)
  w <- c(1, 2, 0.5, 1, 3)
  m <- sum(w * y) / sum(w)
  expected <- 1 - sum(w * (y - p)^2) / sum(w * (y - m)^2)
  expect_equal(twinnet:::r2(matrix(p), matrix(y), w), expected, tolerance = 1e-15)
  expect_equal(twinnet:::r2(matrix(p), matrix(y), mode = "exact"),
               1 - sum((y - p)^2) / sum((y - mean(y))^2), tolerance = 1e-15)
  # scikit-learn's documented example: r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.948...
  expect_equal(twinnet:::r2(matrix(p[1:4]), matrix(y[1:4])), 0.9486081370449679,
               tolerance = 1e-15)
  # a constant column: 1 when predicted exactly, else 0; the mean over columns
  Y <- cbind(y, rep(2, 5))
  expect_identical(twinnet:::r2(cbind(y, rep(2, 5)), Y), 1)
  expect_equal(twinnet:::r2(cbind(p, rep(2.1, 5)), Y), (expected_unweighted <-
    1 - sum((y - p)^2) / sum((y - mean(y))^2)) / 2, tolerance = 1e-15)
  expect_identical(twinnet:::r2(matrix(c(NaN, 1, 2, 3, 4)), matrix(y)), NaN)
})
