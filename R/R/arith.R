# The two arithmetic modes: "blas" (fast) and "exact" (bit-identical in Python).
#
# Every numeric step of training goes through one of these lists, so the
# training loop is written once and the arithmetic is passed in.
#
# "exact" fixes the order of every floating-point operation (docs/parity.md):
# - matmul(A, B): start from a zero matrix and add the outer products
#   A[, j] * B[j, ] for j = 1..k in order, one rounded operation each. R's own
#   %*% is not used: its internal product accumulates in long double.
# - colsum(D): start from a zero row and add the rows of D in order
#   (colSums accumulates in long double); rowsum(D): start from a zero
#   column and add the columns in order.
# - total(X): start from 0 and add the elements in column-major order
#   (sum accumulates in long double).
# - exp, log, log1p, tanh: the C library's, which is what R's own call.
#
# The twin of this file is python/src/twinnet/arith.py.

blas_arith <- list(
  name = "blas",
  matmul = function(a, b) a %*% b,
  colsum = function(d) matrix(colSums(d), nrow = 1L),
  rowsum = function(d) matrix(rowSums(d), ncol = 1L),
  total = function(x) sum(x),
  exp = exp,
  log = log,
  log1p = log1p,
  tanh = tanh
)

exact_matmul <- function(a, b) {
  m <- nrow(a)
  out <- matrix(0, m, ncol(b))
  for (j in seq_len(ncol(a))) {
    out <- out + a[, j] * rep(b[j, ], each = m)
  }
  out
}

exact_colsum <- function(d) {
  out <- matrix(0, 1L, ncol(d))
  for (i in seq_len(nrow(d))) {
    out <- out + d[i, ]
  }
  out
}

exact_rowsum <- function(d) {
  out <- matrix(0, nrow(d), 1L)
  for (j in seq_len(ncol(d))) {
    out <- out + d[, j]
  }
  out
}

exact_total <- function(x) {
  s <- 0
  for (v in as.vector(x)) {
    s <- s + v
  }
  s
}

exact_arith <- list(
  name = "exact",
  matmul = exact_matmul,
  colsum = exact_colsum,
  rowsum = exact_rowsum,
  total = exact_total,
  exp = exp,
  log = log,
  log1p = log1p,
  tanh = tanh
)

arithmetics <- list(blas = blas_arith, exact = exact_arith)
