# The two arithmetic modes: "blas" (fast) and "exact" (bit-identical in Python).
#
# Every numeric step of training goes through one of these lists, so the
# training loop is written once and the arithmetic is passed in.
#
# "exact" fixes the order of every floating-point operation (docs/parity.md):
# - matmul(A, B): start from a zero matrix and add the outer products
#   A[, j] * B[j, ] for j = 1..k in order, one rounded operation each (in C:
#   the exact core, src/tn_linalg.c). R's own %*% is not used: its internal
#   product accumulates in long double.
# - colsum(D): start from a zero row and add the rows of D in order
#   (colSums accumulates in long double); rowsum(D): start from a zero
#   column and add the columns in order.
# - total(X): start from 0 and add the elements in column-major order
#   (sum accumulates in long double).
# - exp, log, log1p, tanh: the exact core's (src/tn_math.c), the same C
#   functions the Python twin calls.
#
# The twin of this file is python/src/twinnet/arith.py.

# blas mode's fused element-wise steps (src/blas_kernels.c): one pass and
# one new vector where base R makes one per operation, with R's bits (the
# same operations in the same grouping, the C library's exp as R's own).
# Arguments they do not cover (not double, other shapes) take the base-R
# expression. Exact mode has none of these entries and keeps its own route.
# one side: R's fused C kernel; Python's activations.py reuses numpy buffers (out=)
blas_sigmoid <- function(z) {
  if (is.double(z)) .Call(twinnet_blas_sigmoid, z) else 1 / (1 + exp(-z))
}

# one side: R's fused C kernel; Python's activations.py reuses numpy buffers (out=)
# da * (a * (1 - a)): a new vector (no in-place write through a closure's
# argument; network.R writes into its own delta, see blas_slope_fits)
blas_sigmoid_slope <- function(da, a) {
  if (blas_slope_fits(da, a)) {
    .Call(twinnet_blas_sigmoid_slope, da, a, FALSE)
  } else {
    da * (a * (1 - a))
  }
}

# one side: when blas_sigmoid_slope's C kernel applies (R's fused kernels only)
blas_slope_fits <- function(da, a) {
  is.double(da) && is.double(a) && length(da) == length(a) &&
    identical(dim(da), dim(a))
}

# one side: R's fused C kernel; numpy adds a bias row in place (z += b)
# z + b, b[j] added to column j (b a row of ncol(z) doubles): a new matrix
blas_add_bias <- function(z, b) .Call(twinnet_blas_add_bias, z, b, FALSE)

# one side: when blas_add_bias's C kernel applies (R's fused kernels only)
blas_bias_fits <- function(z, b) {
  is.double(z) && is.matrix(z) && is.double(b) && length(b) == ncol(z)
}

# t(a) %*% b (base R's crossprod), without t()'s copy
blas_crossprod <- function(a, b) crossprod(a, b)

# a %*% t(b) (base R's tcrossprod)
blas_tcrossprod <- function(a, b) tcrossprod(a, b)

blas_colsum <- function(d) matrix(colSums(d), nrow = 1L)

blas_rowsum <- function(d) matrix(rowSums(d), ncol = 1L)

blas_total <- function(x) sum(x)

blas_arith <- list(
  name = "blas",
  matmul = function(a, b) a %*% b,
  crossprod = blas_crossprod,
  tcrossprod = blas_tcrossprod,
  colsum = blas_colsum,
  rowsum = blas_rowsum,
  total = blas_total,
  exp = exp,
  log = log,
  log1p = log1p,
  tanh = tanh,
  sigmoid = blas_sigmoid,
  sigmoid_slope = blas_sigmoid_slope,
  add_bias = blas_add_bias
)

# Exact mode's operations run in twinnet's exact core (src/tn_linalg.c,
# src/tn_math.c; the R entry points in src/exact.c), the C source the Python
# package compiles too: a loop of k outer products or of n * k column updates
# in R costs seconds on a 10000 x 784 by 784 x 128 product, and R's own
# colSums and sum accumulate in long double. R's column-major matrices are
# the core's row-major transposes, so no operand is copied (src/exact.c).
# one side: R's storage.mode to double (Python: np.asarray(x, dtype=float64))
as_double <- function(x) {
  if (!is.double(x)) storage.mode(x) <- "double"
  x
}

# one side: R's .Call wrapper for the three products; Python's crossprod and
# tcrossprod hand transposed views to its exact_matmul
exact_product <- function(a, b, op) {
  a <- as_double(a)
  b <- as_double(b)
  if (!is.matrix(a) || !is.matrix(b)) twinnet_stop("exact products need matrices")
  conformable <- switch(op + 1L,
    ncol(a) == nrow(b), nrow(a) == nrow(b), ncol(a) == ncol(b))
  if (!conformable) twinnet_stop("non-conformable arguments")
  .Call(twinnet_exact_product, a, b, op)
}

# a %*% b: each element a[i, 1] * b[1, c] + ..., j = 1..k in order, from 0
exact_matmul <- function(a, b) exact_product(a, b, 0L)
# t(a) %*% b and a %*% t(b) with no transposing copy, the same sums
exact_crossprod <- function(a, b) exact_product(a, b, 1L)
exact_tcrossprod <- function(a, b) exact_product(a, b, 2L)

# colsum(d): the rows of d added in order from a zero row (1 x n);
# rowsum(d): the columns added in order from a zero column (m x 1)
exact_colsum <- function(d) {
  d <- as_double(d)
  if (!is.matrix(d)) d <- matrix(d, ncol = 1L)
  .Call(twinnet_exact_colsum, d)
}

exact_rowsum <- function(d) {
  d <- as_double(d)
  if (!is.matrix(d)) d <- matrix(d, ncol = 1L)
  .Call(twinnet_exact_rowsum, d)
}

# total(x): the elements in column-major order, from 0
exact_total <- function(x) .Call(twinnet_exact_total, as_double(x))

# exp, log, log1p, tanh of the exact core, element by element; the result
# keeps x's dim and names as R's own functions do
exact_elementwise <- function(which) {
  force(which)
  function(x) .Call(twinnet_exact_fn, as_double(x), which)
}

# The threads the core's products use (default: the cores, at most 4; the
# environment variable TWINNET_THREADS read at the first product overrides).
# exact_threads(n) sets them; the results never depend on it.
exact_threads <- function(n = NULL) {
  .Call(twinnet_exact_threads, if (is.null(n)) integer(0) else as.integer(n))
}

exact_arith <- list(
  name = "exact",
  matmul = exact_matmul,
  crossprod = exact_crossprod,
  tcrossprod = exact_tcrossprod,
  colsum = exact_colsum,
  rowsum = exact_rowsum,
  total = exact_total,
  exp = exact_elementwise(0L),
  log = exact_elementwise(1L),
  log1p = exact_elementwise(2L),
  tanh = exact_elementwise(3L)
)

arithmetics <- list(blas = blas_arith, exact = exact_arith)
