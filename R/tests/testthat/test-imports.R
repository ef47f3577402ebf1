# from_nnet (R/R/imports.R): an nnet fit as a twinnet network, predicting
# what nnet's own predict() gives, to rounding.

nnet_data <- function() {
  set.seed(11)
  x <- matrix(runif(60, -1, 1), 30, 2)
  list(x = x, y = x[, 1] * x[, 2] + 0.5 * x[, 1])
}

# The largest |input| of a hidden unit over the rows of x: nnet's sigmoid is
# exactly 0 or 1 beyond 15, twinnet's is not, so the tests stay within.
hidden_reach <- function(fit, x) {
  n <- fit$n
  first <- matrix(fit$wts[seq_len(n[2] * (n[1] + 1))], nrow = n[1] + 1)
  max(abs(cbind(1, x) %*% first))
}

expect_nnet_twin <- function(fit, x, output, loss) {
  testthat::expect_lt(hidden_reach(fit, x), 15)
  net <- from_nnet(fit)
  testthat::expect_s3_class(net, "twinnet_network")
  testthat::expect_identical(net$loss, loss)
  testthat::expect_identical(net$layers[[length(net$layers)]]$name, output)
  ours <- predict(net, x)
  theirs <- unname(predict(fit, x, type = "raw"))
  testthat::expect_identical(dim(ours), dim(theirs))
  testthat::expect_lte(max(abs(ours - theirs)), 1e-12)
  # not trivially equal: the outputs vary over the rows
  testthat::expect_gt(max(apply(theirs, 2, stats::sd)), 1e-3)
}

test_that("from_nnet imports a linear-output fit", {
  skip_if_not_installed("nnet")
  d <- nnet_data()
  set.seed(1)
  fit <- nnet::nnet(d$x, d$y, size = 4, linout = TRUE, trace = FALSE, maxit = 50)
  expect_nnet_twin(fit, d$x, "identity", "sse")
})

test_that("from_nnet imports sigmoid outputs (least squares and entropy)", {
  skip_if_not_installed("nnet")
  d <- nnet_data()
  y <- cbind(as.numeric(d$y > 0), as.numeric(d$x[, 2] > 0))
  set.seed(2)
  fit <- nnet::nnet(d$x, y, size = 3, decay = 0.01, trace = FALSE, maxit = 30)
  expect_nnet_twin(fit, d$x, "sigmoid", "sse")
  set.seed(3)
  fit <- nnet::nnet(d$x, y[, 1], size = 3, entropy = TRUE, decay = 0.01, trace = FALSE,
                    maxit = 30)
  expect_nnet_twin(fit, d$x, "sigmoid", "binary_cross_entropy")
})

test_that("from_nnet imports softmax fits, also through the formula interface", {
  skip_if_not_installed("nnet")
  set.seed(4)
  data <- data.frame(scale(iris[, 1:4]), Species = iris$Species)
  fit <- nnet::nnet(Species ~ ., data = data, size = 3, decay = 0.1, trace = FALSE,
                    maxit = 40)
  x <- as.matrix(data[, 1:4])
  expect_identical(fit$coefnames, colnames(x))
  expect_nnet_twin(fit, x, "softmax", "softmax_cross_entropy")
})

test_that("the imported weights follow nnet's order: each unit's bias, then its inputs", {
  skip_if_not_installed("nnet")
  d <- nnet_data()
  set.seed(5)
  fit <- nnet::nnet(d$x, d$y, size = 2, linout = TRUE, trace = FALSE, maxit = 1)
  w <- fit$wts  # b->h1 i1->h1 i2->h1 b->h2 i1->h2 i2->h2 b->o h1->o h2->o
  net <- from_nnet(fit)
  expect_identical(net$weights[[1]], matrix(w[c(2, 3, 5, 6)], 2, 2))
  expect_identical(as.vector(net$biases[[1]]), w[c(1, 4)])
  expect_identical(net$weights[[2]], matrix(w[8:9], 2, 1))
  expect_identical(as.vector(net$biases[[2]]), w[7])
})

test_that("beyond +-15 nnet's sigmoid is 0 or 1 and the twin differs by at most 3.1e-7", {
  skip_if_not_installed("nnet")
  d <- nnet_data()
  set.seed(8)
  fit <- nnet::nnet(d$x, d$y, size = 2, linout = TRUE, trace = FALSE, maxit = 1)
  fit$wts <- c(0, 40, 0, 0, 0, 0, 0, 1, 0)  # h1 = sigmoid(40 * x1), out = h1
  theirs <- predict(fit, d$x, type = "raw")
  expect_setequal(theirs[abs(d$x[, 1]) > 15 / 40], c(0, 1))
  gap <- max(abs(predict(from_nnet(fit), d$x) - theirs))
  expect_gt(gap, 1e-9)
  expect_lte(gap, 1 / (1 + exp(15)))
})

test_that("from_nnet refuses skip layers, censored fits and other objects", {
  skip_if_not_installed("nnet")
  d <- nnet_data()
  set.seed(6)
  fit <- nnet::nnet(d$x, d$y, size = 2, skip = TRUE, linout = TRUE, trace = FALSE,
                    maxit = 5)
  expect_error(from_nnet(fit), "cannot import skip-layer connections \\(skip = TRUE\\)",
               class = "twinnet_error")
  fit <- nnet::nnet(d$x, d$y, size = 0, skip = TRUE, linout = TRUE, trace = FALSE,
                    maxit = 5)
  expect_error(from_nnet(fit), "skip-layer", class = "twinnet_error")
  set.seed(7)
  y <- cbind(a = rep(c(1, 0, 0), 10), b = rep(c(0, 1, 1), 10), c = rep(c(0, 0, 1), 10))
  fit <- nnet::nnet(d$x, y, size = 2, softmax = TRUE, censored = TRUE, trace = FALSE,
                    maxit = 5)
  expect_error(from_nnet(fit), "censored nnet fit", class = "twinnet_error")
  expect_error(from_nnet(lm(dist ~ speed, cars)),
               "fit must be an nnet fit \\(from nnet::nnet\\), got an object of class lm",
               class = "twinnet_error")
})
