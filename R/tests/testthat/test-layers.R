# The layer library (layers.R, activations.R, losses.R, optimizers.R,
# init.R): every layer and loss against central finite differences, custom
# activations (Aflak's f and f_prime), the training variants of fit(), the
# initialisers, bad input, and Aflak's XOR example.
#
# Data come from set.seed, so each case draws the same numbers as its twin in
# python/tests/test_layers.py (same cases, same names, same messages).

H <- 1e-6  # central differences: truncation ~h^2, rounding ~1e-16 / h
MODES <- c("blas", "exact")

# ----------------------------------------------------------------- helpers

targets <- function(kind, n, n_out) {
  switch(kind,
    unit = matrix(runif(n * n_out), n, n_out),            # sigmoid, BCE
    symmetric = matrix(runif(n * n_out, -1, 1), n, n_out),  # tanh
    normal = matrix(rnorm(n * n_out), n, n_out),          # identity
    one_hot = diag(n_out)[sample.int(n_out, n, replace = TRUE), , drop = FALSE]
  )
}

# The loss the library computes.
loss_of <- function(net, X, Y) compute_loss(net, X, Y)

# The gradients of one backward pass: weights, then biases.
backprop_gradients <- function(net, X, Y) {
  pass <- twinnet:::network_backward(net, X, Y)
  c(pass$grad_weights, pass$grad_biases)
}

# Central differences of the loss, one parameter at a time.
finite_difference_gradients <- function(net, X, Y) {
  out <- list()
  for (kind in c("weights", "biases")) {
    for (l in seq_along(net[[kind]])) {
      p <- net[[kind]][[l]]
      g <- p
      for (i in seq_len(nrow(p))) {
        for (j in seq_len(ncol(p))) {
          up <- down <- net
          up[[kind]][[l]][i, j] <- p[i, j] + H
          down[[kind]][[l]][i, j] <- p[i, j] - H
          g[i, j] <- (loss_of(up, X, Y) - loss_of(down, X, Y)) / (2 * H)
        }
      }
      out[[length(out) + 1L]] <- g
    }
  }
  out
}

# Central differences of a scalar function E at the matrix x.
finite_differences_of <- function(E, x) {
  g <- x
  for (k in seq_along(x)) {
    up <- down <- x
    up[k] <- x[k] + H
    down[k] <- x[k] - H
    g[k] <- (E(up) - E(down)) / (2 * H)
  }
  g
}

# |a - b| / max(|a|, |b|), Euclidean norms over all entries.
relative_difference <- function(a, b) {
  a <- unlist(a)
  b <- unlist(b)
  stopifnot(length(a) == length(b))
  scale <- max(sqrt(sum(a^2)), sqrt(sum(b^2)))
  if (scale == 0) stop("all gradients are zero: the check would prove nothing")
  sqrt(sum((a - b)^2)) / scale
}

# numpy's assert_allclose: |actual - desired| <= atol + rtol * |desired|.
expect_close <- function(actual, desired, rtol, atol) {
  expect_equal(dim(actual), dim(desired))
  expect_true(all(abs(actual - desired) <= atol + rtol * abs(desired)))
}

# Identical bits: every parameter and every epoch's loss.
expect_same_training <- function(a, b) {
  expect_identical(a$weights, b$weights)
  expect_identical(a$biases, b$biases)
  expect_identical(a$loss_history, b$loss_history)
}

softsign <- function(x) x / (1 + abs(x))
softsign_prime <- function(x) 1 / (1 + abs(x))^2

activation_layer <- function(name) {
  if (name == "softsign") {  # Aflak's way: f and f' of the layer's input
    return(activation(f = softsign, f_prime = softsign_prime))
  }
  activation(name)
}

GRAD_X <- with_test_seed(11, matrix(rnorm(5 * 3), 5, 3))

# Dense -> activation(hidden) -> dense -> activation(output), init "aflak".
# For relu, the network's seed is the first from 1 up whose hidden
# pre-activations are all at least 1e-4 from relu's kink at 0 (a step of h
# moves them by less than 1e-5), so the finite differences never cross it.
gradient_check_network <- function(hidden, output, loss, mode, n_in = 3,
                                   n_hidden = 4, n_out = 3) {
  for (seed in 1:100) {
    net <- network(seed = seed, mode = mode)
    net <- add(net, dense(n_in, n_hidden, init = "aflak"))
    net <- add(net, activation_layer(hidden))
    net <- add(net, dense(n_hidden, n_out, init = "aflak"))
    net <- add(net, activation(output))
    net <- use(net, loss)
    if (hidden != "relu") return(net)
    z <- twinnet:::network_forward(net, GRAD_X)$inputs[[2]]
    if (min(abs(z)) > 1e-4 && any(z > 0)) return(net)
  }
  stop("no seed in 1..100 keeps relu's inputs away from 0")
}

# output activation, loss, kind of target
OUTPUT_LOSS <- list(
  c("sigmoid", "half_sse", "unit"),
  c("sigmoid", "sse", "unit"),
  c("identity", "mse", "normal"),
  c("tanh", "mse", "symmetric"),
  c("softmax", "mse", "unit"),  # through softmax's Jacobian
  c("sigmoid", "binary_cross_entropy", "unit"),
  c("softmax", "softmax_cross_entropy", "one_hot")
)

# ------------------------------------------------ 1. gradients of every layer

test_that("backprop matches finite differences for every activation and loss", {
  for (hidden in c("sigmoid", "tanh", "relu", "identity")) {
    for (case in OUTPUT_LOSS) {
      Y <- with_test_seed(12, targets(case[3], 5, 3))
      for (mode in MODES) {
        net <- gradient_check_network(hidden, case[1], case[2], mode)
        err <- relative_difference(backprop_gradients(net, GRAD_X, Y),
                                   finite_difference_gradients(net, GRAD_X, Y))
        expect_lt(err, 1e-6,
                  label = paste(hidden, case[1], case[2], mode, "relative error"))
      }
    }
  }
})

test_that("backprop matches finite differences with and without bias and no final activation", {
  # three dense layers, two of them without bias, the last one not followed
  # by an activation
  Y <- with_test_seed(12, targets("normal", 5, 2))
  for (mode in MODES) {
    net <- network(seed = 5, mode = mode)
    net <- add(net, dense(3, 4, bias = FALSE, init = "aflak"))
    net <- add(net, activation("tanh"))
    net <- add(net, dense(4, 4, init = "aflak"))
    net <- add(net, activation("sigmoid"))
    net <- add(net, dense(4, 2, bias = FALSE, init = "aflak"))
    net <- use(net, "mse")
    grads <- backprop_gradients(net, GRAD_X, Y)
    expect_identical(lapply(grads, dim),
                     list(c(3L, 4L), c(4L, 4L), c(4L, 2L), c(1L, 4L)))
    expect_lt(relative_difference(grads, finite_difference_gradients(net, GRAD_X, Y)),
              1e-6)
  }
})

test_that("custom softsign activation gradients match finite differences", {
  Y <- with_test_seed(12, targets("unit", 5, 3))
  for (mode in MODES) {
    net <- gradient_check_network("softsign", "sigmoid", "half_sse", mode)
    expect_lt(relative_difference(backprop_gradients(net, GRAD_X, Y),
                                  finite_difference_gradients(net, GRAD_X, Y)),
              1e-6)
  }
})

# R's layers have no backward of their own: a network does the pass. To see
# one layer's dE/dX, put in front of it a dense layer with identity weights
# and no bias (its output is X, exactly), and make dE/dY = c by taking the
# half_sse loss against the target out - c (its gradient is out - target).
probe_network <- function(layer, mode) {
  net <- network(mode = mode)
  net <- add(net, dense(3, 3, bias = FALSE, weights = diag(3)))
  use(add(net, layer), "half_sse")
}

probe_backward <- function(net, X, c) {
  out <- predict(net, X)
  twinnet:::network_backward(net, X, out - c)
}

test_that("dense layer backward is the articles three formulas", {
  # E = sum(c * Y) for a fixed c, so dE/dY = c, and Aflak's formulas give
  # dE/dX = c W^t, dE/dW = X^t c, dE/dB = colsum(c)
  d <- with_test_seed(5, list(X = matrix(rnorm(12), 4, 3), W = matrix(rnorm(6), 3, 2),
                              b = matrix(rnorm(2), 1, 2), c = matrix(rnorm(8), 4, 2)))
  X <- d$X
  W <- d$W
  b <- d$b
  c <- d$c
  for (mode in MODES) {
    E <- function(x = X, w = W, bias = b) {
      sum(c * predict(probe_network(dense(3, 2, weights = w, bias_row = bias), mode), x))
    }
    fd_X <- finite_differences_of(function(x) E(x = x), X)
    fd_W <- finite_differences_of(function(w) E(w = w), W)
    fd_b <- finite_differences_of(function(bias) E(bias = bias), b)
    net <- probe_network(dense(3, 2, weights = W, bias_row = b), mode)
    pass <- probe_backward(net, X, c)
    dX <- pass$grad_outputs[[1]]
    dW <- pass$grad_weights[[2]]
    dB <- pass$grad_biases[[1]]
    expect_lt(relative_difference(dX, fd_X), 1e-6)
    expect_lt(relative_difference(dW, fd_W), 1e-6)
    expect_lt(relative_difference(dB, fd_b), 1e-6)
    # the formulas in R's own arithmetic; the entries are below 10 in size
    # and sums of at most 4 products, so 1e-13 is a few ulps
    expect_close(dX, c %*% t(W), rtol = 0, atol = 1e-13)
    expect_close(dW, t(X) %*% c, rtol = 0, atol = 1e-13)
    expect_close(dB, matrix(colSums(c), 1), rtol = 0, atol = 1e-13)
  }
})

# f'(x) written independently of the library's (which uses the output)
SLOPES <- list(
  sigmoid = function(x) exp(-x) / (1 + exp(-x))^2,
  tanh = function(x) 1 / cosh(x)^2,
  relu = function(x) (x > 0) * 1,
  identity = function(x) x * 0 + 1,
  softmax = NULL,  # not element-wise: its Jacobian, checked by differences only
  softsign = softsign_prime
)

test_that("activation layer backward is dE/dY times f prime of its input", {
  d <- with_test_seed(6, list(X = matrix(rnorm(12), 4, 3), c = matrix(rnorm(12), 4, 3)))
  X <- d$X
  c <- d$c
  expect_gt(min(abs(X)), 1e-4)  # relu's kink is not crossed
  for (name in c("sigmoid", "tanh", "relu", "identity", "softmax", "softsign")) {
    for (mode in MODES) {
      net <- probe_network(activation_layer(name), mode)
      fd_X <- finite_differences_of(function(x) sum(c * predict(net, x)), X)
      dX <- probe_backward(net, X, c)$grad_outputs[[1]]
      expect_lt(relative_difference(dX, fd_X), 1e-6, label = paste(name, mode))
      if (!is.null(SLOPES[[name]])) {
        # element-wise products of numbers below 4 in size: a few ulps
        expect_close(dX, c * SLOPES[[name]](X), rtol = 1e-12, atol = 1e-15)
      }
    }
  }
})

# --------------------------------------------------- 2. custom activations

# Aflak's XOR network: 2-3-1, init "aflak", mse.
xor_network <- function(mode = "blas", seed = 42, hidden = activation("tanh"),
                        output = activation("tanh")) {
  net <- network(seed = seed, mode = mode)
  net <- add(net, dense(2, 3, init = "aflak"))
  net <- add(net, hidden)
  net <- add(net, dense(3, 1, init = "aflak"))
  net <- add(net, output)
  use(net, "mse")
}

XOR_X <- matrix(c(0, 0, 0, 1, 1, 0, 1, 1), 4, 2, byrow = TRUE)
XOR_Y <- matrix(c(0, 1, 1, 0), 4, 1)

test_that("custom tanh pair trains like the builtin tanh in blas mode", {
  custom <- function() activation(f = tanh, f_prime = function(x) 1 - tanh(x)^2)
  builtin <- fit(xor_network(), XOR_X, XOR_Y, 300, lr = 0.1, batch_size = 1)
  own <- fit(xor_network(hidden = custom(), output = custom()), XOR_X, XOR_Y, 300,
             lr = 0.1, batch_size = 1)
  expect_identical(c(own$layers[[2]]$name, builtin$layers[[2]]$name), c("custom", "tanh"))
  for (k in seq_along(own$weights)) {
    expect_close(own$weights[[k]], builtin$weights[[k]], rtol = 0, atol = 1e-12)
    expect_close(own$biases[[k]], builtin$biases[[k]], rtol = 0, atol = 1e-12)
  }
  expect_true(all(abs(own$loss_history - builtin$loss_history) <= 1e-12))
  expect_close(predict(own, XOR_X), predict(builtin, XOR_X), rtol = 0, atol = 1e-12)
})

# ----------------------------------------------------- 3. training variants

regression_data <- function(n = 10, seed = 21) {
  with_test_seed(seed, list(X = matrix(rnorm(n * 3), n, 3), Y = matrix(runif(n * 2), n, 2)))
}

regression_network <- function(seed = 42, mode = "blas") {
  net <- network(seed = seed, mode = mode)
  net <- add(net, dense(3, 4, init = "aflak"))
  net <- add(net, activation("tanh"))
  net <- add(net, dense(4, 2, init = "aflak"))
  net <- add(net, activation("sigmoid"))
  use(net, "mse")
}

# A network with net's layers, loss and current parameters, and its own
# stream from `seed` (given weights draw nothing from it).
same_weights_new_seed <- function(net, seed) {
  new <- network(seed = seed, mode = net$mode)
  for (layer in net$layers) {
    new <- add(new, if (layer$kind == "dense") {
      dense(layer$n_in, layer$n_out, bias = layer$has_bias,
            weights = net$weights[[layer$index]],
            bias_row = if (layer$has_bias) net$biases[[layer$bias_index]])
    } else {
      activation(layer$name)
    })
  }
  use(new, net$loss)
}

# Plain gradient descent over the given batches of rows, one list of batches
# per epoch; the network with each epoch's loss (batch losses weighted by
# rows / n) as its history.
hand_written_descent <- function(net, X, Y, lr, epoch_batches) {
  n <- nrow(X)
  for (batches in epoch_batches) {
    total <- 0
    for (rows in batches) {
      pass <- twinnet:::network_backward(net, X[rows, , drop = FALSE],
                                         Y[rows, , drop = FALSE])
      net$weights <- Map(function(p, g) p - g * lr, net$weights, pass$grad_weights)
      net$biases <- Map(function(p, g) p - g * lr, net$biases, pass$grad_biases)
      total <- total + pass$loss * (length(rows) / n)
    }
    net$loss_history <- c(net$loss_history, total)
  }
  net
}

test_that("batch size NULL is bit identical to batch size n", {
  d <- regression_data()
  for (mode in MODES) {
    full <- fit(regression_network(mode = mode), d$X, d$Y, 5, lr = 0.5, batch_size = NULL)
    n <- fit(regression_network(mode = mode), d$X, d$Y, 5, lr = 0.5, batch_size = 10)
    expect_same_training(full, n)
    expect_lt(full$loss_history[5], full$loss_history[1])
  }
})

test_that("per sample sgd equals a hand written loop over the rows in order", {
  d <- regression_data()
  for (mode in MODES) {
    fitted <- fit(regression_network(mode = mode), d$X, d$Y, 3, lr = 0.2, batch_size = 1)
    by_hand <- hand_written_descent(regression_network(mode = mode), d$X, d$Y, 0.2,
                                    rep(list(as.list(1:10)), 3))
    expect_same_training(fitted, by_hand)
  }
})

test_that("mini batches of 3 on 10 rows are 3 3 3 1", {
  d <- regression_data()
  fitted <- fit(regression_network(), d$X, d$Y, 2, lr = 0.2, batch_size = 3)
  batches <- list(1:3, 4:6, 7:9, 10)
  by_hand <- hand_written_descent(regression_network(), d$X, d$Y, 0.2,
                                  rep(list(batches), 2))
  expect_same_training(fitted, by_hand)
})

test_that("epoch loss of mini batches is the batch losses weighted by rows over n", {
  d <- regression_data()
  fitted <- fit(regression_network(), d$X, d$Y, 1, lr = 0.2, batch_size = 3)
  by_hand <- regression_network()
  losses <- numeric(0)
  for (rows in list(1:3, 4:6, 7:9, 10)) {
    by_hand <- hand_written_descent(by_hand, d$X[rows, , drop = FALSE],
                                    d$Y[rows, , drop = FALSE], 0.2,
                                    list(list(seq_along(rows))))
    losses <- c(losses, by_hand$loss_history[length(by_hand$loss_history)])
  }
  expected <- 0
  for (k in 1:4) expected <- expected + losses[k] * (c(3, 3, 3, 1)[k] / 10)
  expect_identical(fitted$loss_history, expected)
  expect_false(expected == sum(losses) / 4)  # the weighting matters here
})

test_that("shuffle draws sample.int from the networks stream", {
  d <- regression_data()
  start <- regression_network(seed = 1)
  fitted <- fit(same_weights_new_seed(start, 7), d$X, d$Y, 3, lr = 0.2, batch_size = 4,
                shuffle = TRUE)
  drawn <- with_test_seed(7, {
    orders <- lapply(1:3, function(e) sample.int(10))
    list(orders = orders, state = get(".Random.seed", envir = globalenv()))
  })
  epochs <- lapply(drawn$orders, function(o) list(o[1:4], o[5:8], o[9:10]))
  by_hand <- hand_written_descent(same_weights_new_seed(start, 7), d$X, d$Y, 0.2, epochs)
  expect_same_training(fitted, by_hand)
  expect_identical(fitted$rng_state, drawn$state)
})

test_that("shuffle with the same seed repeats and with another seed differs", {
  d <- regression_data()
  start <- regression_network(seed = 1)
  shuffled <- function(seed) {
    fit(same_weights_new_seed(start, seed), d$X, d$Y, 3, lr = 0.2, batch_size = 4,
        shuffle = TRUE)
  }
  expect_same_training(shuffled(7), shuffled(7))
  expect_false(identical(shuffled(7)$weights[[1]], shuffled(8)$weights[[1]]))
})

test_that("shuffle false does not consume the stream", {
  d <- regression_data()
  net <- regression_network(seed = 3)
  after <- fit(net, d$X, d$Y, 3, lr = 0.2, batch_size = 3, shuffle = FALSE)
  expect_identical(after$rng_state, net$rng_state)
  shuffled <- fit(after, d$X, d$Y, 1, lr = 0.2, batch_size = 3, shuffle = TRUE)
  expect_false(identical(shuffled$rng_state, net$rng_state))
})

test_that("fit 2 epochs then 3 equals fit 5 with the optimizer state carried over", {
  d <- regression_data()
  for (optimizer in c("sgd", "momentum", "adam")) {
    go <- function(net, epochs) {
      fit(net, d$X, d$Y, epochs, lr = 0.05, batch_size = 4, shuffle = TRUE, decay = 0.1,
          optimizer = optimizer)
    }
    once <- go(regression_network(), 5)
    twice <- go(go(regression_network(), 2), 3)
    expect_same_training(once, twice)
    expect_identical(once$rng_state, twice$rng_state)
  }
})

test_that("changing optimizer settings starts a fresh optimizer state", {
  d <- regression_data()
  cases <- list(
    momentum = list("momentum", list(momentum = 0.9), list(momentum = 0.5)),
    adam_beta1 = list("adam", list(beta1 = 0.9), list(beta1 = 0.8)),
    adam_epsilon = list("adam", list(epsilon = 1e-8), list(epsilon = 1e-6))
  )
  for (case in cases) {
    go <- function(net, epochs, settings) {
      do.call(fit, c(list(net, d$X, d$Y, epochs, lr = 0.05, optimizer = case[[1]]),
                     settings))
    }
    net <- go(regression_network(), 2, case[[2]])
    fresh <- go(same_weights_new_seed(net, net$seed), 3, case[[3]])
    net <- go(net, 3, case[[3]])
    expect_identical(net$weights, fresh$weights)
    expect_identical(net$biases, fresh$biases)
    expect_identical(net$loss_history[3:5], fresh$loss_history)
  }
})

# One dense layer and the identity: Y = X W + B, loss mse.
linear_network <- function(mode, W, b) {
  net <- network(seed = 1, mode = mode)
  net <- add(net, dense(3, 2, weights = W, bias_row = b))
  net <- add(net, activation("identity"))
  use(net, "mse")
}

linear_problem <- function() {
  with_test_seed(31, list(X = matrix(rnorm(18), 6, 3), Y = matrix(rnorm(12), 6, 2),
                          W = matrix(rnorm(6), 3, 2), b = matrix(rnorm(2), 1, 2)))
}

# Full-batch steps on Y = X W + B with mse, written out: the gradient
# (2 (out - Y) / size), then update(t, list(W, b), list(dW, db)).
direct_descent <- function(ar, X, Y, W, b, steps, update) {
  params <- list(W, b)
  for (t in seq_len(steps)) {
    out <- ar$matmul(X, params[[1]]) + rep(params[[2]], each = nrow(X))
    g <- (2 * (out - Y)) / length(out)
    params <- update(t, params, list(ar$matmul(t(X), g), ar$colsum(g)))
  }
  params
}

test_that("momentum matches its formula on one dense layer over 3 steps", {
  p <- linear_problem()
  lr <- 0.05
  momentum <- 0.9
  for (mode in MODES) {
    velocity <- list(p$W * 0, p$b * 0)
    update <- function(t, params, grads) {  # scikit-learn's: v = momentum v - lr g; p = p + v
      velocity <<- Map(function(v, g) momentum * v - lr * g, velocity, grads)
      Map(`+`, params, velocity)
    }
    expected <- direct_descent(twinnet:::arithmetics[[mode]], p$X, p$Y, p$W, p$b, 3, update)
    net <- fit(linear_network(mode, p$W, p$b), p$X, p$Y, 3, lr = lr,
               optimizer = "momentum", momentum = momentum)
    expect_identical(c(net$weights, net$biases), expected)
  }
})

test_that("adam matches its formula on one dense layer over 3 steps", {
  p <- linear_problem()
  lr <- 0.05
  beta1 <- 0.9
  beta2 <- 0.999
  eps <- 1e-8
  for (mode in MODES) {
    m <- v <- list(p$W * 0, p$b * 0)
    b1t <- b2t <- 1
    update <- function(t, params, grads) {  # Kingma & Ba, as written in optimizers.R
      b1t <<- b1t * beta1
      b2t <<- b2t * beta2
      step <- lr * sqrt(1 - b2t) / (1 - b1t)
      m <<- Map(function(m, g) beta1 * m + (1 - beta1) * g, m, grads)
      v <<- Map(function(v, g) beta2 * v + (1 - beta2) * (g * g), v, grads)
      Map(function(p, m, v) p - (step * m) / (sqrt(v) + eps), params, m, v)
    }
    expected <- direct_descent(twinnet:::arithmetics[[mode]], p$X, p$Y, p$W, p$b, 3, update)
    net <- fit(linear_network(mode, p$W, p$b), p$X, p$Y, 3, lr = lr, optimizer = "adam",
               beta1 = beta1, beta2 = beta2, epsilon = eps)
    expect_identical(c(net$weights, net$biases), expected)
  }
})

test_that(
  "first momentum step is a plain sgd step and first adam step moves each parameter by lr", {
  p <- linear_problem()
  sgd <- fit(linear_network("blas", p$W, p$b), p$X, p$Y, 1, lr = 0.05)
  momentum <- fit(linear_network("blas", p$W, p$b), p$X, p$Y, 1, lr = 0.05,
                  optimizer = "momentum")
  expect_identical(c(momentum$weights, momentum$biases), c(sgd$weights, sgd$biases))
  adam <- fit(linear_network("blas", p$W, p$b), p$X, p$Y, 1, lr = 0.05, optimizer = "adam")
  moved <- c(adam$weights[[1]] - p$W, adam$biases[[1]] - p$b)
  # after one step the move is lr * sign(g) / (1 + eps / (sqrt(1 - beta2) |g|));
  # every |g| here is above 1, so it is lr within 3.2e-7 relative
  expect_true(all(abs(abs(moved) - 0.05) <= 1e-6 * 0.05))
})

test_that("decay uses lr over 1 plus decay times the epoch", {
  d <- regression_data()
  decayed <- fit(regression_network(), d$X, d$Y, 3, lr = 0.1, decay = 0.5)
  by_epoch <- regression_network()
  for (lr in c(0.1, 0.1 / 1.5, 0.1 / 2)) by_epoch <- fit(by_epoch, d$X, d$Y, 1, lr = lr)
  expect_same_training(decayed, by_epoch)
  constant <- fit(regression_network(), d$X, d$Y, 3, lr = 0.1)
  expect_false(identical(decayed$weights[[1]], constant$weights[[1]]))
})

# ------------------------------------------------------------ 4. initialisers

# What init.R's header says each initialiser draws, from R's global stream.
expected_draws <- function(init, n_in, n_out, bias) {
  k <- n_in * n_out
  zeros <- if (bias) matrix(0, 1, n_out)
  switch(init,
    normal = {
      W <- matrix(rnorm(k), n_in, n_out)
      list(W = W, B = if (bias) matrix(runif(n_out), 1, n_out))
    },
    aflak = {
      W <- matrix(runif(k) - 0.5, n_in, n_out)
      list(W = W, B = if (bias) matrix(runif(n_out) - 0.5, 1, n_out))
    },
    loy = list(W = matrix(runif(k), n_in, n_out), B = zeros),
    xavier = {  # runif(-r, r) is -r + (r - -r) u
      r <- sqrt(6 / (n_in + n_out))
      list(W = matrix(-r + (r - -r) * runif(k), n_in, n_out), B = zeros)
    },
    he = list(W = matrix(sqrt(2 / n_in) * rnorm(k), n_in, n_out), B = zeros),  # 0 + s z
    nnet = {
      if (!bias) return(list(W = matrix(runif(k, -0.7, 0.7), n_in, n_out), B = NULL))
      v <- runif((n_in + 1) * n_out, -0.7, 0.7)
      W <- matrix(0, n_in, n_out)
      B <- matrix(0, 1, n_out)
      for (j in seq_len(n_out)) {  # unit j: its bias, then its n_in weights
        B[1, j] <- v[(j - 1) * (n_in + 1) + 1]
        W[, j] <- v[(j - 1) * (n_in + 1) + 1 + seq_len(n_in)]
      }
      list(W = W, B = B)
    }
  )
}

INITS <- c("normal", "aflak", "loy", "xavier", "he", "nnet")

test_that("initialiser draws what its docstring says and nothing more", {
  for (init in INITS) {
    for (bias in c(TRUE, FALSE)) {
      net <- add(network(seed = 123), dense(3, 2, bias = bias, init = init))
      net <- add(net, dense(2, 4, bias = bias, init = init))  # continues the same stream
      want <- with_test_seed(123, {
        first <- expected_draws(init, 3, 2, bias)
        second <- expected_draws(init, 2, 4, bias)
        list(draws = list(first, second), state = get(".Random.seed", envir = globalenv()))
      })
      label <- paste(init, if (bias) "bias" else "no bias")
      for (l in 1:2) {
        expect_identical(net$weights[[l]], want$draws[[l]]$W, label = label)
        if (bias) expect_identical(net$biases[[l]], want$draws[[l]]$B, label = label)
      }
      expect_length(net$biases, if (bias) 2L else 0L)
      expect_identical(net$rng_state, want$state, label = label)
    }
  }
})

test_that("xavier weights lie within sqrt 6 over fan in plus fan out", {
  net <- add(network(seed = 9), dense(30, 20, init = "xavier"))
  r <- sqrt(6 / 50)
  W <- net$weights[[1]]
  expect_lt(max(abs(W)), r)
  expect_gt(max(abs(W)), 0.95 * r)  # 600 uniforms reach the ends
  expect_identical(net$biases[[1]], matrix(0, 1, 20))
})

test_that("he weights are sqrt 2 over fan in times standard normals", {
  net <- add(network(seed = 9), dense(50, 40, init = "he"))
  z <- with_test_seed(9, rnorm(2000))
  expect_identical(net$weights[[1]], matrix(sqrt(2 / 50) * z, 50, 40))
  # 2000 draws: the sample sd is within 5% of sqrt(2 / 50) = 0.2
  W <- net$weights[[1]]
  expect_lt(abs(sqrt(mean((W - mean(W))^2)) / 0.2 - 1), 0.05)
})

test_that("nnet layout puts each units bias before its weights", {
  net <- add(network(seed = 4), dense(2, 3, init = "nnet"))
  v <- with_test_seed(4, runif(9, -0.7, 0.7))
  expect_identical(net$biases[[1]], matrix(v[c(1, 4, 7)], 1, 3))
  expect_identical(net$weights[[1]], matrix(c(v[2], v[3], v[5], v[6], v[8], v[9]), 2, 3))
})

test_that("given weights draw nothing from the stream", {
  net <- add(network(seed = 8), dense(2, 2, weights = diag(2), bias_row = c(0, 1)))
  expect_identical(net$rng_state, with_test_seed(8, get(".Random.seed", envir = globalenv())))
})

# -------------------------------------------------------------- 5. bad input

xor_fit <- function(net, ...) function() fit(net, XOR_X, XOR_Y, 1, ...)

dense_then <- function(..., loss = NULL, n_out = 1) {
  net <- add(network(seed = 1), dense(2, n_out))
  for (layer in list(...)) net <- add(net, layer)
  if (is.null(loss)) net else use(net, loss)
}

BAD_INPUT <- list(
  unknown_activation = list(
    function() activation("softplus"),
    "unknown activation 'softplus'; choose one of sigmoid, tanh, relu, identity, softmax"),
  unknown_loss = list(
    function() use(dense_then(), "cross_entropy"),
    paste0("unknown loss 'cross_entropy'; choose one of half_sse, sse, mse, ",
           "binary_cross_entropy, softmax_cross_entropy")),
  unknown_optimizer = list(
    xor_fit(dense_then(loss = "mse"), optimizer = "rmsprop"),
    "unknown optimizer 'rmsprop'; choose one of sgd, momentum, adam"),
  unknown_init = list(
    function() dense(2, 3, init = "glorot"),
    "unknown init 'glorot'; choose one of normal, aflak, loy, xavier, he, nnet"),
  layers_do_not_chain = list(
    function() add(add(network(), dense(2, 3)), dense(4, 1)),
    "layers do not chain: layer 2 takes 4 inputs but the layer before gives 3"),
  layers_do_not_chain_past_an_activation = list(
    function() add(add(add(network(), dense(2, 3)), activation("tanh")), dense(2, 1)),
    "layers do not chain: layer 3 takes 2 inputs but the layer before gives 3"),
  softmax_cross_entropy_without_softmax = list(
    xor_fit(dense_then(activation("sigmoid"), loss = "softmax_cross_entropy")),
    "loss softmax_cross_entropy needs a softmax activation as the last layer"),
  binary_cross_entropy_without_sigmoid = list(
    xor_fit(dense_then(activation("tanh"), loss = "binary_cross_entropy")),
    "loss binary_cross_entropy needs a sigmoid activation as the last layer"),
  binary_cross_entropy_without_any_activation = list(
    xor_fit(dense_then(loss = "binary_cross_entropy")),
    "loss binary_cross_entropy needs a sigmoid activation as the last layer"),
  softmax_cross_entropy_target_not_one_hot = list(
    function() {
      fit(dense_then(activation("softmax"), loss = "softmax_cross_entropy", n_out = 2),
          XOR_X, matrix(c(1, 0, 0.5, 0.5, 0, 1, 1, 0), 4, 2, byrow = TRUE), 1)
    },
    paste0("softmax_cross_entropy needs one-hot targets (one 1 per row, zeros elsewhere); ",
           "row 2 of Y is not")),
  softmax_cross_entropy_target_with_two_ones = list(
    function() {
      fit(dense_then(activation("softmax"), loss = "softmax_cross_entropy", n_out = 2),
          XOR_X, matrix(c(1, 0, 0, 1, 1, 1, 1, 0), 4, 2, byrow = TRUE), 1)
    },
    paste0("softmax_cross_entropy needs one-hot targets (one 1 per row, zeros elsewhere); ",
           "row 3 of Y is not")),
  binary_cross_entropy_target_above_1 = list(
    function() {
      fit(dense_then(activation("sigmoid"), loss = "binary_cross_entropy"), XOR_X,
          c(0, 1, 1.5, 0), 1)
    },
    "binary_cross_entropy needs targets between 0 and 1"),
  binary_cross_entropy_target_below_0 = list(
    function() {
      fit(dense_then(activation("sigmoid"), loss = "binary_cross_entropy"), XOR_X,
          c(0, -0.1, 1, 0), 1)
    },
    "binary_cross_entropy needs targets between 0 and 1"),
  batch_size_0 = list(
    xor_fit(dense_then(loss = "mse"), batch_size = 0),
    "batch_size must be a positive integer, got 0"),
  batch_size_above_n = list(
    xor_fit(dense_then(loss = "mse"), batch_size = 5),
    "batch_size is 5 but the data have 4 rows"),
  lr_0 = list(
    xor_fit(dense_then(loss = "mse"), lr = 0),
    "lr must be a positive number, got 0"),
  lr_negative = list(
    xor_fit(dense_then(loss = "mse"), lr = -0.1),
    "lr must be a positive number, got -0.1"),
  fit_without_dense_layer = list(
    xor_fit(use(add(network(), activation("tanh")), "mse")),
    "the network has no dense layer; add one first"),
  predict_without_dense_layer = list(
    function() predict(add(network(), activation("tanh")), XOR_X),
    "the network has no dense layer; add one first"),
  fit_without_loss = list(
    xor_fit(dense_then(activation("tanh"))),
    "the network has no loss; call use() first"),
  custom_activation_without_f_prime = list(
    function() activation(f = function(x) x),
    "a custom activation needs f and its derivative f_prime"),
  custom_activation_given_as_name_without_f_prime = list(
    function() activation(function(x) x),
    "a custom activation needs f and its derivative f_prime")
)

for (case in names(BAD_INPUT)) {
  test_that(paste("bad input raises twinnet error naming the problem:", case), {
    # a twinnet_error: twinnet_error_message lets any other error through
    expect_identical(twinnet_error_message(BAD_INPUT[[case]][[1]]()), BAD_INPUT[[case]][[2]])
  })
}

test_that("unknown layer type raises twinnet error naming the problem", {
  expect_identical(twinnet_error_message(add(network(), "dense")),
                   paste("add() takes a dense, activation, conv2d, max_pool2d,",
                         "average_pool2d or flatten layer"))
})

test_that("optimiser settings out of range are named", {
  cases <- list(
    list(list(decay = -1), "decay must be a number >= 0, got -1"),
    list(list(decay = "x"), "decay must be a number >= 0, got 'x'"),
    list(list(optimizer = "momentum", momentum = 1.5),
         "momentum must be a number in [0, 1], got 1.5"),
    list(list(optimizer = "adam", beta1 = 1),
         "beta1 must be a number in [0, 1), got 1"),
    list(list(optimizer = "adam", beta2 = 1.5),
         "beta2 must be a number in [0, 1), got 1.5")
  )
  for (case in cases) {
    net <- use(dense_then(activation("sigmoid")), "mse")
    args <- c(list(net, XOR_X, XOR_Y, 1), case[[1]])
    expect_identical(twinnet_error_message(do.call(fit, args)), case[[2]])
  }
})

test_that("predict needs no loss but fit does", {
  net <- dense_then(activation("sigmoid"))
  expect_identical(dim(predict(net, XOR_X)), c(4L, 1L))
  expect_identical(twinnet_error_message(fit(net, XOR_X, XOR_Y, 1)),
                   "the network has no loss; call use() first")
})

# --------------------------------------------------------- 6. Aflak's XOR

test_that("aflak xor example learns through the layer api", {
  # 2-3-1, tanh, mse, per-sample descent, lr 0.1, 1000 epochs; the article
  # printed about 0.00, 0.98, 0.98, 0.00
  for (mode in MODES) {
    net <- fit(xor_network(mode = mode, seed = 42), XOR_X, XOR_Y, 1000, lr = 0.1,
               batch_size = 1)
    expect_lt(max(abs(predict(net, XOR_X) - XOR_Y)), 0.1, label = mode)
    expect_length(net$loss_history, 1000)
    expect_lt(net$loss_history[1000], net$loss_history[1] / 10)
  }
})
