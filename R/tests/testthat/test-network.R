# The network: construction from a seed, training, prediction, printing.

test_that("the Analytics Vidhya toy network learns its targets", {
  model <- fit(mlp(c(4, 3, 1), lr = 0.1, seed = 42), toy_X(), toy_y(),
               epochs = 5000)
  out <- predict(model, toy_X())
  expect_identical(dim(out), c(3L, 1L))
  # the article printed 0.980, 0.968, 0.045
  expect_true(all(abs(out - toy_y()) < 0.1))
  # ours: 0.978, 0.970, 0.045
  expect_true(all(abs(out - c(0.980, 0.968, 0.045)) < 0.01))
})

test_that("loss_history has one value per epoch and decreases", {
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), epochs = 300)
  expect_length(model$loss_history, 300)
  expect_true(all(is.finite(model$loss_history)))
  expect_lt(model$loss_history[300], model$loss_history[1])
  expect_true(all(diff(model$loss_history) <= 0))
  # the first value is the loss of the initial weights
  expect_identical(model$loss_history[1],
                   compute_loss(mlp(c(4, 3, 1)), toy_X(), toy_y()))
})

test_that("fit continues from the current weights: 2000 + 3000 == 5000", {
  start <- mlp(c(4, 3, 1), mode = "exact")
  once <- fit(start, toy_X(), toy_y(), 5000)
  twice <- fit(fit(start, toy_X(), toy_y(), 2000), toy_X(), toy_y(), 3000)
  expect_identical(twice$weights, once$weights)
  expect_identical(twice$biases, once$biases)
  expect_identical(twice$loss_history, once$loss_history)
  expect_identical(twice, once)
})

test_that("fit returns a new model and leaves its argument unchanged", {
  model <- mlp(c(4, 3, 1))
  trained <- fit(model, toy_X(), toy_y(), 10)
  expect_identical(model, mlp(c(4, 3, 1)))
  expect_length(model$loss_history, 0)
  expect_length(trained$loss_history, 10)
  expect_false(identical(trained$weights, model$weights))
  expect_s3_class(trained, "twinnet")
})

test_that("initial weights are R's draws after set.seed(seed), layer by layer", {
  ref <- with_test_seed(42, list(
    W1 = matrix(rnorm(12), 4, 3), b1 = matrix(runif(3), 1, 3),
    W2 = matrix(rnorm(3), 3, 1), b2 = matrix(runif(1), 1, 1)
  ))
  model <- mlp(c(4, 3, 1), seed = 42)
  expect_identical(model$weights, list(ref$W1, ref$W2))
  expect_identical(model$biases, list(ref$b1, ref$b2))
  expect_identical(model$seed, 42L)
  expect_false(identical(mlp(c(4, 3, 1), seed = 43)$weights, model$weights))
})

test_that("two hidden layers draw W1, b1, W2, b2, W3, b3 in order", {
  ref <- with_test_seed(1, list(
    W1 = matrix(rnorm(18), 3, 6), b1 = matrix(runif(6), 1, 6),
    W2 = matrix(rnorm(24), 6, 4), b2 = matrix(runif(4), 1, 4),
    W3 = matrix(rnorm(4), 4, 1), b3 = matrix(runif(1), 1, 1)
  ))
  model <- mlp(c(3, 6, 4, 1), seed = 1)
  expect_identical(model$weights, list(ref$W1, ref$W2, ref$W3))
  expect_identical(model$biases, list(ref$b1, ref$b2, ref$b3))
})

test_that("mlp() leaves the caller's .Random.seed as it was", {
  with_test_seed(7, {
    runif(3)
    before <- get(".Random.seed", envir = globalenv())
    mlp(c(4, 3, 1), seed = 42)
    expect_identical(get(".Random.seed", envir = globalenv()), before)
    expect_identical(runif(1), with_test_seed(7, runif(4)[4]))
  })
})

test_that("mlp() leaves no .Random.seed when there was none", {
  with_test_seed(7, {
    rm(".Random.seed", envir = globalenv())
    mlp(c(4, 3, 1), seed = 42)
    expect_false(exists(".Random.seed", envir = globalenv(), inherits = FALSE))
  })
})

test_that("mlp() draws with Mersenne-Twister and keeps the caller's RNG kind", {
  with_test_seed(7, {
    suppressWarnings(RNGkind("Wichmann-Hill", "Box-Muller", "Rounding"))
    set.seed(3)
    before <- get(".Random.seed", envir = globalenv())
    model <- mlp(c(4, 3, 1), seed = 42)
    expect_identical(get(".Random.seed", envir = globalenv()), before)
    expect_identical(RNGkind(), c("Wichmann-Hill", "Box-Muller", "Rounding"))
    expect_identical(model$weights, mlp(c(4, 3, 1), seed = 42)$weights)
    expect_identical(model$weights[[1]],
                     with_test_seed(42, matrix(rnorm(12), 4, 3)))
  })
  expect_identical(RNGkind()[1], "Mersenne-Twister")
})

test_that("bias = FALSE gives empty biases and weights from rnorm alone", {
  z <- with_test_seed(42, rnorm(15))
  model <- mlp(c(4, 3, 1), bias = FALSE)
  expect_identical(model$biases, list())
  expect_identical(model$weights,
                   list(matrix(z[1:12], 4, 3), matrix(z[13:15], 3, 1)))
  trained <- fit(model, toy_X(), toy_y(), 50)
  expect_identical(trained$biases, list())
  h <- 1 / (1 + exp(-(toy_X() %*% trained$weights[[1]])))
  expect_equal(predict(trained, toy_X()),
               1 / (1 + exp(-(h %*% trained$weights[[2]]))),
               tolerance = 1e-14)
})

test_that("explicit weights and biases are used instead of the seed", {
  W1 <- matrix(seq(-1, 1, length.out = 12), 4, 3)
  W2 <- matrix(c(0.5, -0.25, 1), 3, 1)
  b1 <- matrix(c(0.1, 0.2, 0.3), 1, 3)
  b2 <- matrix(-0.4, 1, 1)
  model <- mlp(c(4, 3, 1), weights = list(W1, W2), biases = list(b1, b2))
  expect_identical(model$weights, list(W1, W2))
  expect_identical(model$biases, list(b1, b2))
  expect_null(model$seed)
  X <- toy_X()
  h <- 1 / (1 + exp(-(X %*% W1 + rep(b1, each = 3))))
  expect_equal(predict(model, X),
               1 / (1 + exp(-(h %*% W2 + as.vector(b2)))), tolerance = 1e-14)
  # a bias given as a plain vector becomes a 1 x n row
  model2 <- mlp(c(4, 3, 1), weights = list(W1, W2),
                biases = list(c(0.1, 0.2, 0.3), -0.4))
  expect_identical(model2$biases, list(b1, b2))
})

test_that("train_step records every layer's activations", {
  model <- mlp(c(3, 6, 4, 1), seed = 1)
  X <- matrix(c(0, 1, 0, 1, 1, 0), 2, 3)
  acts <- train_step(model, X, c(0, 1))$activations
  expect_length(acts, 4)
  expect_identical(acts[[1]], X)
  expect_identical(lapply(acts, dim),
                   list(c(2L, 3L), c(2L, 6L), c(2L, 4L), c(2L, 1L)))
  expect_identical(acts[[4]], predict(model, X))
  expect_true(all(acts[[2]] > 0 & acts[[2]] < 1))
})

test_that("print() shows the architecture and the training state", {
  model <- mlp(c(4, 3, 1))
  expect_output(print(model),
                "twinnet MLP 4-3-1 \\(sigmoid, half_sse, lr = 0.1, blas mode\\)")
  expect_output(print(model), "not trained yet")
  capture.output(expect_invisible(print(model)))
  trained <- fit(mlp(c(4, 3, 1), bias = FALSE, mode = "exact"), toy_X(),
                 toy_y(), 20)
  expect_output(print(trained), "exact mode, no bias\\)")
  expect_output(print(trained), "trained 20 epochs; final loss ")
})

test_that("predict accepts a data.frame and a target vector is one column", {
  model <- fit(mlp(c(4, 3, 1)), toy_X(), toy_y(), 100)
  frame <- as.data.frame(toy_X())
  names(frame) <- c("a", "b", "c", "d")
  expect_identical(predict(model, frame), predict(model, toy_X()))
  expect_identical(fit(mlp(c(4, 3, 1)), frame, matrix(toy_y()), 100), model)
  # integer and logical inputs are numbers too
  expect_identical(predict(model, toy_X() == 1), predict(model, toy_X()))
})

test_that("exact mode reproduces the frozen results in fixtures/*/expected", {
  root <- fixtures_dir()
  # random_200x10 is left out: 5000 exact epochs on 200 x 10 x 16 take ~10 s
  for (case in c("seed000_toy", "seed002_xor", "two_hidden_parity")) {
    config <- read_config(file.path(root, case, "config.json"))
    config$mode <- "exact"
    X <- read_matrix(config$x, "X")
    Y <- read_matrix(config$y, "Y")
    model <- fit(model_from_config(config), X, Y, config$epochs)
    expected <- function(name) {
      read_matrix(file.path(root, case, "expected", name), name)
    }
    for (l in seq_along(model$weights)) {
      expect_identical(model$weights[[l]],
                       expected(sprintf("weights_%d.csv", l)), label = case)
    }
    for (l in seq_along(model$biases)) {
      expect_identical(model$biases[[l]],
                       expected(sprintf("biases_%d.csv", l)), label = case)
    }
    expect_identical(predict(model, X), expected("output.csv"), label = case)
    expect_identical(model$loss_history,
                     as.vector(expected("loss_history.csv")), label = case)
  }
})

test_that("an mlp is a network of dense and activation layers", {
  model <- mlp(c(4, 3, 1), activation = "tanh")
  expect_s3_class(model, "twinnet_network")
  expect_identical(network_sizes(model), c(4L, 3L, 1L))
  expect_identical(vapply(model$layers, function(l) l$kind, ""),
                   rep(c("dense", "activation"), 2))
})

test_that("fit, add and use are S3 generics that refuse what is not a network", {
  expect_error(add(5, dense(2, 1)),
               "add() takes a twinnet network, got an object of class numeric", fixed = TRUE)
  if (!exists("use", envir = baseenv(), inherits = FALSE)) {
    expect_error(use("x"), "use\\(\\) takes a twinnet network")
  }
  d <- xor_data()
  a <- fit(mlp(c(2, 3, 1), mode = "exact"), d$X, d$y, epochs = 3)
  b <- twinnet:::fit.twinnet_network(mlp(c(2, 3, 1), mode = "exact"), d$X, d$y, 3, lr = 0.1)
  expect_identical(a$weights, b$weights)
  expect_identical(names(formals(fit)), c("object", "..."))
})

test_that("generics::fit (tidymodels' generic) trains a twinnet network as twinnet's fit does", {
  skip_if_not_installed("generics")
  d <- xor_data()
  ours <- fit(mlp(c(2, 3, 1), mode = "exact"), d$X, d$y, epochs = 3)
  theirs <- generics::fit(mlp(c(2, 3, 1), mode = "exact"), d$X, d$y, epochs = 3)
  expect_s3_class(theirs, "twinnet_mlp")
  expect_identical(theirs$weights, ours$weights)
  net <- use(add(add(network(seed = 1, mode = "exact"), dense(2, 1)), activation("sigmoid")), "mse")
  expect_identical(generics::fit(net, d$X, d$y, epochs = 2)$weights,
                   fit(net, d$X, d$y, epochs = 2)$weights)
})

test_that("the optimisers' table gives fit's defaults and the settings' rules", {
  f <- formals(twinnet:::fit.twinnet_network)
  defaults <- twinnet:::optimizer_defaults()
  for (key in names(defaults)) expect_identical(eval(f[[key]]), defaults[[key]])
  expect_identical(eval(f$lr), 0.1)
  expect_identical(twinnet:::optimizer_defaults("adam"),
                   list(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8))
  expect_identical(twinnet:::check_optimizer_settings("momentum",
                                                      list(momentum = 0.5, beta1 = "unused")),
                   list(momentum = 0.5))
  adam <- list(beta1 = 1, beta2 = 0.9, epsilon = 1e-8)
  expect_error(twinnet:::check_optimizer_settings("adam", adam),
               "beta1 must be a number in [0, 1), got 1", fixed = TRUE)
  expect_identical(vapply(c("lr", "momentum", "beta2", "decay"), twinnet:::setting_rule, "",
                          USE.NAMES = FALSE),
                   c("a positive finite number", "a number in [0, 1]", "a number in [0, 1)",
                     "a finite number >= 0"))
})

test_that("a new network has empty validation histories, no stop reason and no best epoch", {
  net <- network(seed = 1)
  expect_identical(net$validation_loss_history, numeric(0))
  expect_identical(net$validation_score_history, numeric(0))
  expect_null(net$stop_reason)
  expect_null(net$best_epoch)
  expect_true(all(c("stop_reason", "best_epoch") %in% names(net)))
})

test_that("sample weights may be a vector, a 1-d array or an n x 1 matrix", {
  net <- mlp(c(4, 3, 1), mode = "exact")
  w <- c(0.5, 2, 1)
  expected <- compute_loss(net, toy_X(), toy_y(), sample_weight = w)
  expect_identical(compute_loss(net, toy_X(), toy_y(), sample_weight = array(w)), expected)
  expect_identical(compute_loss(net, toy_X(), toy_y(), sample_weight = matrix(w)), expected)
  expect_identical(twinnet_error_message(compute_loss(net, toy_X(), toy_y(),
                                                      sample_weight = c(1, NA, 1))),
                   "sample_weight has a missing, NaN or infinite value at row 2, column 1")
})
