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
