# The "exact" arithmetic is defined operation by operation (docs/: start from
# zero, add in order, one rounded binary64 operation each). These tests write
# that definition out with scalar operations in loops and require the
# package's vectorised versions to give the identical doubles.

naive_matmul <- function(a, b) {
  out <- matrix(0, nrow(a), ncol(b))
  for (i in seq_len(nrow(a))) {
    for (c in seq_len(ncol(b))) {
      s <- 0
      for (j in seq_len(ncol(a))) s <- s + a[i, j] * b[j, c]
      out[i, c] <- s
    }
  }
  out
}

naive_colsum <- function(d) {
  out <- matrix(0, 1, ncol(d))
  for (c in seq_len(ncol(d))) {
    s <- 0
    for (i in seq_len(nrow(d))) s <- s + d[i, c]
    out[1, c] <- s
  }
  out
}

naive_total <- function(x) {
  s <- 0
  for (j in seq_len(ncol(x))) {
    for (i in seq_len(nrow(x))) s <- s + x[i, j]
  }
  s
}

# Normal numbers scaled by 10^-30 .. 10^30, so that the order of the sums
# matters (large terms swallow and cancel small ones).
wide_matrix <- function(m, n) {
  matrix(rnorm(m * n) * 10^sample(-30:30, m * n, replace = TRUE), m, n)
}

# c(130, 3, 130): an output of 16,900 elements, built one column at a time
shapes <- list(c(1, 1, 1), c(1, 5, 1), c(4, 1, 3), c(3, 7, 1), c(6, 9, 5),
               c(20, 13, 8), c(130, 3, 130))

test_that("exact_matmul equals the scalar loop sum, bit for bit", {
  with_test_seed(101, for (s in shapes) {
    for (rep in 1:3) {
      a <- wide_matrix(s[1], s[2])
      b <- wide_matrix(s[2], s[3])
      expect_identical(twinnet:::exact_matmul(a, b), naive_matmul(a, b))
    }
  })
})

test_that("exact_matmul equals the scalar loop sum on cancelling terms", {
  a <- matrix(c(1, 1e-16, -1, 1e16, 1, -1e16), 2, 3, byrow = TRUE)
  b <- matrix(1, 3, 1)
  # in order: (1 + 1e-16) - 1 = 0 and (1e16 + 1) - 1e16 = 0
  expect_identical(twinnet:::exact_matmul(a, b), matrix(c(0, 0), 2, 1))
  expect_identical(twinnet:::exact_matmul(a, b), naive_matmul(a, b))
})

test_that("exact_colsum equals the scalar loop sum, bit for bit", {
  with_test_seed(102, for (s in shapes) {
    d <- wide_matrix(s[1], s[3])
    expect_identical(twinnet:::exact_colsum(d), naive_colsum(d))
  })
})

test_that("exact_total equals the scalar loop sum in column-major order", {
  with_test_seed(103, for (s in shapes) {
    x <- wide_matrix(s[1], s[2])
    expect_identical(twinnet:::exact_total(x), naive_total(x))
  })
  expect_identical(twinnet:::exact_total(matrix(c(1, 1e-16, -1), 1, 3)), 0)
})

test_that("exact_total differs from sum() where long double matters", {
  skip_if_not(isTRUE(.Machine$longdouble.digits > 53),
              "no extended-precision long double on this platform")
  x <- c(1, 1e-16, -1)
  expect_identical(twinnet:::exact_total(x), 0)
  expect_false(identical(sum(x), 0))
})

naive_rowsum <- function(d) t(naive_colsum(t(d)))

# odd shapes: 1 x k, m x 1, k = 0 and 1, sizes that are not multiples of the
# core's 8 x 8 tile, its 256-wide panels of j or 96-row blocks; the last
# three are large enough to be cut between 2 and 3 threads (the last by
# columns)
core_shapes <- list(c(1, 37, 1), c(1, 300, 17), c(17, 300, 1), c(5, 0, 7),
                    c(6, 1, 9), c(13, 257, 11), c(97, 513, 23),
                    c(301, 150, 77), c(150, 700, 31), c(41, 120, 701))

test_that("products equal the scalar loop for every thread count and form", {
  before <- twinnet:::exact_threads()
  on.exit(twinnet:::exact_threads(before))
  with_test_seed(105, for (s in core_shapes) {
    a <- wide_matrix(s[1], s[2])
    b <- wide_matrix(s[2], s[3])
    # the scalar loop is slow in R: checked on the first rows and columns
    # (each output element is its own independent sum)
    rows <- seq_len(min(s[1], 9))
    cols <- seq_len(min(s[3], 7))
    expected <- naive_matmul(a[rows, , drop = FALSE], b[, cols, drop = FALSE])
    results <- list()
    for (threads in 1:3) {
      expect_identical(twinnet:::exact_threads(threads), threads)
      p <- twinnet:::exact_matmul(a, b)
      expect_identical(p[rows, cols, drop = FALSE], expected)
      expect_identical(twinnet:::exact_crossprod(t(a), b), p)
      expect_identical(twinnet:::exact_tcrossprod(a, t(b)), p)
      results[[threads]] <- p
    }
    expect_identical(results[[2]], results[[1]])
    expect_identical(results[[3]], results[[1]])
  })
})

test_that("exact_rowsum and exact_colsum add in order, in every shape", {
  with_test_seed(106, for (s in c(shapes, list(c(0, 1, 3), c(3, 1, 0)))) {
    d <- wide_matrix(s[1], s[3])
    expect_identical(twinnet:::exact_rowsum(d), naive_rowsum(d))
    expect_identical(twinnet:::exact_colsum(d), naive_colsum(d))
  })
  d <- matrix(c(1, 1e-16, -1, 1e16, 1, -1e16), 2, 3, byrow = TRUE)
  expect_identical(twinnet:::exact_rowsum(d), matrix(0, 2, 1))
  expect_identical(twinnet:::exact_colsum(t(d)), matrix(0, 1, 2))
  expect_identical(twinnet:::exact_colsum(matrix(1:6, 2)), matrix(c(3, 7, 11), 1))
})

test_that("exact element-wise functions keep dims and give special values", {
  ar <- twinnet:::arithmetics$exact
  x <- matrix(c(-2, -0.5, 0, 0.25, 3, 30), 2, 3,
              dimnames = list(c("a", "b"), NULL))
  for (f in c("exp", "tanh")) {
    y <- ar[[f]](x)
    expect_identical(dim(y), dim(x))
    expect_identical(dimnames(y), dimnames(x))
    expect_equal(y, get(f)(x), tolerance = 1e-15)
  }
  expect_identical(ar$exp(c(-Inf, Inf, 1000, -1000)), c(0, Inf, Inf, 0))
  expect_identical(ar$log(c(0, 1, Inf)), c(-Inf, 0, Inf))
  expect_true(is.nan(ar$log(-1)))
  expect_identical(ar$log1p(-1), -Inf)
  expect_identical(ar$tanh(c(-Inf, 0, 40)), c(-1, 0, 1))
  expect_identical(ar$exp(2L), ar$exp(2))
})

test_that("the arithmetic table offers blas and exact with the same entries", {
  ar <- twinnet:::arithmetics
  expect_named(ar, c("blas", "exact"))
  for (name in names(ar)) {
    expect_identical(ar[[name]]$name, name)
    expect_true(all(c("matmul", "colsum", "total", "exp") %in% names(ar[[name]])))
  }
  expect_identical(ar$exact$matmul, twinnet:::exact_matmul)
  expect_identical(ar$exact$colsum, twinnet:::exact_colsum)
  expect_identical(ar$exact$total, twinnet:::exact_total)
})

test_that("exact and blas arithmetic agree to 1e-12 relative", {
  ar <- twinnet:::arithmetics
  with_test_seed(104, for (s in shapes) {
    a <- matrix(rnorm(s[1] * s[2]), s[1], s[2])
    b <- matrix(rnorm(s[2] * s[3]), s[2], s[3])
    expect_equal(ar$exact$matmul(a, b), ar$blas$matmul(a, b),
                 tolerance = 1e-12)
    expect_equal(ar$exact$colsum(a), ar$blas$colsum(a), tolerance = 1e-12)
    expect_equal(ar$exact$total(a), ar$blas$total(a), tolerance = 1e-12)
    expect_identical(dim(ar$exact$colsum(a)), dim(ar$blas$colsum(a)))
  })
})

test_that("exact and blas training agree to 1e-12 after 500 epochs", {
  # measured: 4.4e-16 apart after 5000 epochs on this well-conditioned problem
  exact <- fit(mlp(c(4, 3, 1), mode = "exact"), toy_X(), toy_y(), 500)
  blas <- fit(mlp(c(4, 3, 1), mode = "blas"), toy_X(), toy_y(), 500)
  expect_equal(exact$weights, blas$weights, tolerance = 1e-12)
  expect_equal(exact$biases, blas$biases, tolerance = 1e-12)
  expect_equal(exact$loss_history, blas$loss_history, tolerance = 1e-12)
})

test_that("exp overflows to Inf in exact mode and the sigmoid gives 0", {
  ar <- twinnet:::arithmetics$exact
  expect_identical(ar$exp(1000), Inf)
  expect_identical(ar$exp(c(-1000, 0, 710)), c(0, 1, Inf))
  expect_identical(twinnet:::activations$sigmoid$forward(matrix(-1000), ar), matrix(0))
  expect_identical(twinnet:::activations$sigmoid$forward(matrix(1000), ar), matrix(1))
  model <- mlp(c(1, 1), mode = "exact", weights = list(matrix(1)),
               biases = list(0))
  expect_identical(predict(model, matrix(c(-1000, 1000), 2, 1)),
                   matrix(c(0, 1), 2, 1))
})
