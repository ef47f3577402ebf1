# blas mode's fused element-wise kernels (src/blas_kernels.c) against the
# base-R expressions they replace: the same bits, NaN payloads and signed
# zeros included, the same attributes, and no write into an object someone
# else can see.

kernel <- function(name) getNativeSymbolInfo(name, "twinnet")

# bit-for-bit: identical() with signed zeros told apart, and the raw bytes
# (NA and NaN payloads)
expect_bits <- function(got, want) {
  expect_identical(got, want)
  expect_true(identical(got, want, num.eq = FALSE, single.NA = TRUE))
  expect_identical(writeBin(as.vector(got), raw()),
                   writeBin(as.vector(want), raw()))
}

special <- c(0, -0, 1, -1, Inf, -Inf, NaN, NA, -NaN, 1e-310, -1e-310,
             .Machine$double.xmin, .Machine$double.xmax, -.Machine$double.xmax,
             709.78, 709.79, -709.78, -709.79, 745.13, -745.13, 745.14, -745.14,
             36.7, -36.7, 37.5, -37.5, 1e-17, -1e-17, 2^-53, -2^-53)

random_values <- function(n, seed) {
  set.seed(seed)
  c(special, rnorm(n), rnorm(n, sd = 10), runif(n, -800, 800),
    rnorm(n) * 10^runif(n, -20, 3))
}

test_that("the sigmoid kernel gives the bits of 1 / (1 + exp(-z))", {
  for (seed in 1:3) {
    z <- random_values(20000, seed)
    expect_bits(.Call(kernel("twinnet_blas_sigmoid"), z), 1 / (1 + exp(-z)))
    expect_bits(twinnet:::blas_sigmoid(z), 1 / (1 + exp(-z)))
  }
  # attributes kept as R keeps them: dim, dimnames, names
  m <- matrix(random_values(10, 4)[1:60], 12, 5,
              dimnames = list(letters[1:12], LETTERS[1:5]))
  expect_bits(twinnet:::blas_sigmoid(m), 1 / (1 + exp(-m)))
  v <- c(a = 1, b = -2, c = NA)
  expect_bits(twinnet:::blas_sigmoid(v), 1 / (1 + exp(-v)))
  # an integer input takes R's own route
  expect_identical(twinnet:::blas_sigmoid(1:3), 1 / (1 + exp(-(1:3))))
})

test_that("the slope kernel gives the bits of da * (a * (1 - a))", {
  for (seed in 1:3) {
    a <- random_values(20000, seed)
    set.seed(seed + 10)
    da <- sample(random_values(20000, seed + 20))[seq_along(a)]
    want <- da * (a * (1 - a))
    expect_bits(.Call(kernel("twinnet_blas_sigmoid_slope"), da, a, FALSE), want)
    expect_bits(twinnet:::blas_sigmoid_slope(da, a), want)
    # sigmoid outputs in (0, 1): the training path's values
    s <- 1 / (1 + exp(-a))
    expect_bits(twinnet:::blas_sigmoid_slope(da, s), da * (s * (1 - s)))
  }
  # attributes: dimnames from da, else from a
  a <- matrix(runif(12), 4, 3, dimnames = list(NULL, c("x", "y", "z")))
  da <- matrix(rnorm(12), 4, 3)
  expect_bits(twinnet:::blas_sigmoid_slope(da, a), da * (a * (1 - a)))
  dimnames(da) <- list(letters[1:4], NULL)
  expect_bits(twinnet:::blas_sigmoid_slope(da, a), da * (a * (1 - a)))
  # other shapes take R's route (recycling, R's own checks)
  expect_identical(twinnet:::blas_sigmoid_slope(1:4 + 0, c(0.5, 0.25)),
                   (1:4 + 0) * (c(0.5, 0.25) * (1 - c(0.5, 0.25))))
  expect_error(.Call(kernel("twinnet_blas_sigmoid_slope"), 1:4 + 0, 0.5, FALSE),
               "differ in length")
})

test_that("the bias kernel gives the bits of adding b[j] to column j", {
  set.seed(5)
  z <- matrix(random_values(300, 5)[1:(37 * 41)], 37, 41,
              dimnames = list(NULL, paste0("u", 1:41)))
  b <- matrix(c(special, rnorm(11) * 1e3), 1, 41)
  want <- z
  for (j in seq_len(ncol(z))) want[, j] <- z[, j] + b[j]
  expect_bits(twinnet:::blas_add_bias(z, b), want)
  expect_bits(twinnet:::add_bias(z, b), want)
  expect_true(twinnet:::blas_bias_fits(z, b))
  expect_false(twinnet:::blas_bias_fits(z, b[, 1:40, drop = FALSE]))
  expect_error(.Call(kernel("twinnet_blas_add_bias"), z, b[1:3], FALSE),
               "fewer values")
})

test_that("in place only where no one else sees the object", {
  a <- matrix(runif(20), 5, 4)
  da <- matrix(rnorm(20), 5, 4)
  want <- da * (a * (1 - a))
  keep <- da + 0                      # the values before
  other <- da                         # a second reference: the kernel copies
  da <- .Call(kernel("twinnet_blas_sigmoid_slope"), da, a, TRUE)
  expect_bits(da, want)
  expect_bits(other, keep)
  held <- list(d = keep + 0)          # held by a list (REFCNT 1, not ours):
  f <- function(l) .Call(kernel("twinnet_blas_sigmoid_slope"), l$d, a, FALSE)
  expect_bits(f(held), want)          # inplace = FALSE never writes
  expect_bits(held$d, keep)
  z <- matrix(rnorm(20), 5, 4)
  z0 <- z + 0
  alias <- z
  b <- c(1, 2, 3, 4)
  z <- .Call(kernel("twinnet_blas_add_bias"), z, b, TRUE)
  expect_bits(alias, z0)
  expect_bits(z, z0 + rep(b, each = 5))
  # a sole reference is written in place: the same object comes back
  g <- function() {
    d <- matrix(rnorm(20), 5, 4)
    before <- .Internal(address(d))
    d <- .Call(kernel("twinnet_blas_sigmoid_slope"), d, a, TRUE)
    identical(.Internal(address(d)), before)
  }
  expect_true(g())
})

# An independent route: the articles' loop in base R with the grouping of
# docs (the bias added column by column), against fit() in blas mode.
test_that("blas-mode training with the kernels equals a base-R loop bit for bit", {
  set.seed(11)
  X <- matrix(rnorm(60 * 7), 60, 7)
  Y <- matrix(runif(60 * 2, 0.05, 0.95), 60, 2)
  model <- mlp(c(7, 9, 5, 2), lr = 0.3, seed = 3)
  W <- model$weights
  B <- model$biases
  lr <- 0.3
  sig <- function(z) 1 / (1 + exp(-z))
  addb <- function(z, b) {
    for (j in seq_len(ncol(z))) z[, j] <- z[, j] + b[j]
    z
  }
  loss <- numeric(25)
  for (epoch in 1:25) {
    A1 <- sig(addb(X %*% W[[1]], B[[1]]))
    A2 <- sig(addb(A1 %*% W[[2]], B[[2]]))
    A3 <- sig(addb(A2 %*% W[[3]], B[[3]]))
    E <- Y - A3
    loss[epoch] <- sum(E * E) / 2
    D3 <- (-E) * (A3 * (1 - A3))
    D2 <- tcrossprod(D3, W[[3]]) * (A2 * (1 - A2))
    D1 <- tcrossprod(D2, W[[2]]) * (A1 * (1 - A1))
    G <- list(crossprod(X, D1), crossprod(A1, D2), crossprod(A2, D3))
    GB <- list(colSums(D1), colSums(D2), colSums(D3))
    for (l in 1:3) {
      W[[l]] <- W[[l]] - G[[l]] * lr
      B[[l]] <- B[[l]] - matrix(GB[[l]], nrow = 1) * lr
    }
  }
  trained <- fit(model, X, Y, 25)
  expect_bits(trained$loss_history, loss)
  for (l in 1:3) {
    expect_bits(trained$weights[[l]], W[[l]])
    expect_bits(trained$biases[[l]], B[[l]])
  }
  expect_bits(predict(trained, X),
              sig(addb(sig(addb(sig(addb(X %*% W[[1]], B[[1]])) %*% W[[2]],
                                B[[2]])) %*% W[[3]], B[[3]])))
})
