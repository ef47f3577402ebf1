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
#   (colSums accumulates in long double).
# - total(X): start from 0 and add the elements in column-major order
#   (sum accumulates in long double).
# - exp: the C library's, which is what R's exp calls.
#
# The twin of this file is python/src/twinnet/arith.py.

blas_arith <- list(
  name = "blas",
  matmul = function(a, b) a %*% b,
  colsum = function(d) matrix(colSums(d), nrow = 1L),
  total = function(x) sum(x),
  exp = function(x) exp(x)
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
  total = exact_total,
  exp = function(x) exp(x)
)

arithmetics <- list(blas = blas_arith, exact = exact_arith)
