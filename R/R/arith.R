# The two arithmetic modes: "blas" (fast) and "exact" (bit-identical in Python).
#
# Every numeric step of training goes through one of these lists, so the
# training loop is written once and the arithmetic is passed in.
#
# "exact" fixes the order of every floating-point operation (docs/parity.md):
# - matmul(A, B): start from a zero matrix and add the outer products
#   A[, j] * B[j, ] for j = 1..k in order, one rounded operation each (in C,
#   src/exact.c). R's own %*% is not used: its internal product accumulates
#   in long double.
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
  crossprod = function(a, b) crossprod(a, b),     # t(a) %*% b, without t()'s copy
  tcrossprod = function(a, b) tcrossprod(a, b),   # a %*% t(b)
  colsum = function(d) matrix(colSums(d), nrow = 1L),
  rowsum = function(d) matrix(rowSums(d), ncol = 1L),
  total = function(x) sum(x),
  exp = exp,
  log = log,
  log1p = log1p,
  tanh = tanh
)

# The product's loop runs in C (src/exact.c): in R, k outer products or n * k
# column updates cost seconds on a 10000 x 784 by 784 x 128 product. The C
# loop adds, for each element, a[i, j] * b[j, c] for j = 1..k in order, one
# rounded product and one rounded sum at a time (the test suite checks it
# against a scalar loop written in R).
exact_matmul <- function(a, b) {
  storage.mode(a) <- "double"
  storage.mode(b) <- "double"
  if (ncol(a) != nrow(b)) twinnet_stop("non-conformable arguments")
  .Call(twinnet_exact_matmul, a, b)
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
  crossprod = function(a, b) exact_matmul(t(a), b),
  tcrossprod = function(a, b) exact_matmul(a, t(b)),
  colsum = exact_colsum,
  rowsum = exact_rowsum,
  total = exact_total,
  exp = exp,
  log = log,
  log1p = log1p,
  tanh = tanh
)

arithmetics <- list(blas = blas_arith, exact = exact_arith)
