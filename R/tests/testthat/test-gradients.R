# Backpropagation against central finite differences of the loss, for every
# loss, both arithmetics, with and without bias, one and two hidden layers.
# Measured: the largest relative error over these cases is ~6e-9 (h = 1e-6),
# so the bound 1e-6 has a margin of 100 while a wrong factor (e.g. 2E instead
# of E) gives ~0.5.

gradient_data <- function(layers, seed = 7, n = 6) {
  with_test_seed(seed, list(
    X = matrix(rnorm(n * layers[1]), n, layers[1]),
    Y = matrix(runif(n * layers[length(layers)]), n, layers[length(layers)])
  ))
}

cases <- expand.grid(
  net = c("3-4-2", "3-5-4-2"), loss = c("half_sse", "sse", "mse"),
  mode = c("blas", "exact"), bias = c(TRUE, FALSE), stringsAsFactors = FALSE
)

for (k in seq_len(nrow(cases))) {
  case <- cases[k, ]
  test_that(sprintf(
    "gradients match finite differences: net %s, loss %s, mode %s, bias %s",
    case$net, case$loss, case$mode, case$bias
  ), {
    layers <- as.numeric(strsplit(case$net, "-")[[1]])
    d <- gradient_data(layers)
    model <- mlp(layers, loss = case$loss, mode = case$mode, bias = case$bias,
                 seed = 3)
    analytic <- gradients(model, d$X, d$Y)
    numeric <- numeric_gradients(model, d$X, d$Y)

    expect_length(analytic$weights, length(layers) - 1L)
    expect_length(analytic$biases, if (case$bias) length(layers) - 1L else 0L)
    for (l in seq_along(model$weights)) {
      expect_identical(dim(analytic$weights[[l]]), dim(model$weights[[l]]))
      expect_lt(relative_error(analytic$weights[[l]], numeric$weights[[l]]),
                1e-6)
    }
    for (l in seq_along(model$biases)) {
      expect_identical(dim(analytic$biases[[l]]), dim(model$biases[[l]]))
      expect_lt(relative_error(analytic$biases[[l]], numeric$biases[[l]]),
                1e-6)
    }
    expect_lt(relative_error(analytic, numeric), 1e-6)
  })
}

test_that("the finite-difference check detects a gradient off by a factor", {
  d <- gradient_data(c(3, 4, 2))
  model <- mlp(c(3, 4, 2), loss = "sse", seed = 3)
  numeric <- numeric_gradients(model, d$X, d$Y)
  # half_sse's gradient is half of sse's: the check must reject it
  wrong <- gradients(mlp(c(3, 4, 2), loss = "half_sse", seed = 3), d$X, d$Y)
  expect_gt(relative_error(wrong, numeric), 0.4)
})

test_that("one epoch of fit moves the parameters by -lr times the gradient", {
  d <- gradient_data(c(3, 5, 4, 2))
  for (mode in c("blas", "exact")) {
    model <- mlp(c(3, 5, 4, 2), lr = 0.3, loss = "mse", mode = mode, seed = 5)
    g <- gradients(model, d$X, d$Y)
    trained <- fit(model, d$X, d$Y, epochs = 1)
    for (l in seq_along(model$weights)) {
      expect_equal(trained$weights[[l]],
                   model$weights[[l]] - 0.3 * g$weights[[l]],
                   tolerance = 1e-14)
      expect_equal(trained$biases[[l]],
                   model$biases[[l]] - 0.3 * g$biases[[l]],
                   tolerance = 1e-14)
    }
    expect_identical(trained$loss_history, compute_loss(model, d$X, d$Y))
  }
})

test_that("train_step returns the loss, deltas and updated parameters", {
  d <- gradient_data(c(3, 4, 2))
  model <- mlp(c(3, 4, 2), mode = "exact", seed = 3)
  step <- train_step(model, d$X, d$Y)
  expect_identical(step$loss, compute_loss(model, d$X, d$Y))
  expect_identical(step$error, d$Y - step$activations[[3]])
  expect_length(step$deltas, 2)
  expect_identical(fit(model, d$X, d$Y, 1)$weights, step$weights)
  expect_identical(fit(model, d$X, d$Y, 1)$biases, step$biases)
  # train_step does not change the model it is given
  expect_identical(model, mlp(c(3, 4, 2), mode = "exact", seed = 3))
})

test_that("compute_loss follows the three loss definitions", {
  d <- gradient_data(c(3, 4, 2))
  out <- predict(mlp(c(3, 4, 2), seed = 3), d$X)
  sq <- sum((d$Y - out)^2)
  expect_equal(compute_loss(mlp(c(3, 4, 2), seed = 3), d$X, d$Y), sq / 2,
               tolerance = 1e-14)
  expect_equal(compute_loss(mlp(c(3, 4, 2), seed = 3, loss = "sse"), d$X, d$Y),
               sq, tolerance = 1e-14)
  expect_equal(compute_loss(mlp(c(3, 4, 2), seed = 3, loss = "mse"), d$X, d$Y),
               sq / length(d$Y), tolerance = 1e-14)
})

# Sample weights and the penalties (issue 12): backpropagation against
# central finite differences of compute_loss with the same weights and
# penalty, every loss, both arithmetics. The measured largest relative error
# is of the order of the unweighted cases'; a penalty's gradient dropped or
# doubled gives > 1e-3.
# (numeric_gradients_of: helper-twinnet.R)

weighted_net <- function(loss, mode) {
  output <- switch(loss, binary_cross_entropy = "sigmoid", softmax_cross_entropy = "softmax",
                   mse = "identity", "tanh")
  net <- network(seed = 9, mode = mode)
  net <- add(net, dense(3, 4, init = "xavier"))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(4, 2, init = "xavier"))
  net <- add(net, activation(output))
  use(net, loss)
}

weighted_cases <- expand.grid(
  loss = c("half_sse", "sse", "mse", "binary_cross_entropy", "softmax_cross_entropy"),
  penalty = c("none", "alpha", "weight_decay"), mode = c("blas", "exact"),
  stringsAsFactors = FALSE
)

for (k in seq_len(nrow(weighted_cases))) {
  case <- weighted_cases[k, ]
  test_that(sprintf("weighted gradients match finite differences: loss %s, penalty %s, mode %s",
                    case$loss, case$penalty, case$mode), {
    d <- with_test_seed(21, list(X = matrix(rnorm(7 * 3), 7, 3), u = runif(7), w = runif(7) * 2))
    Y <- if (case$loss == "softmax_cross_entropy") {
      cbind(as.numeric(d$u > 0.5), as.numeric(d$u <= 0.5))
    } else {
      cbind(d$u, 1 - d$u) * 0.8
    }
    w <- d$w
    w[3] <- 0
    penalty <- switch(case$penalty, none = list(), alpha = list(alpha = 0.3),
                      weight_decay = list(weight_decay = 0.05))
    model <- weighted_net(case$loss, case$mode)
    loss <- function(m) do.call(compute_loss, c(list(m, d$X, Y, sample_weight = w), penalty))
    analytic <- do.call(gradients, c(list(model, d$X, Y, sample_weight = w), penalty))
    numeric <- numeric_gradients_of(model, loss)
    expect_lt(relative_error(analytic, numeric), 1e-6)
    if (case$penalty != "none") {  # the penalty's gradient is there, and counted once
      plain <- gradients(model, d$X, Y, sample_weight = w)
      expect_gt(relative_error(plain, numeric), 1e-3)
    }
    # train_step reports the same gradients and loss, and steps by them
    step <- do.call(train_step, c(list(model, d$X, Y, lr = 0.1, sample_weight = w), penalty))
    expect_identical(step$weight_gradients, analytic$weights)
    expect_identical(step$bias_gradients, analytic$biases)
    expect_identical(step$loss, loss(model))
    expect_identical(step$weights, Map(function(p, g) p - g * 0.1, model$weights,
                                       analytic$weights))
  })
}
