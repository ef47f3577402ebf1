# The multilayer perceptron of the seed articles, generalised to L layers.
# One epoch of full-batch gradient descent (docs/algorithm.md):
#   A_0 = X
#   A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
#   E   = Y - A_L
#   D_L = G(E) * f'(A_L)          G = the loss's descent direction
#   D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
#   W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
#   b_l = b_l + colsum(D_l) * lr
# All deltas use the weights from before the update.
# Twin: python/src/twinnet/network.py.

#' A sigmoid multilayer perceptron trained by full-batch gradient descent
#'
#' Weights are drawn when the model is made (as in the articles), so they can
#' be inspected before training; [fit()] continues from the current weights.
#'
#' @param layers Units per layer, input first: `c(4, 3, 1)` is Analytics
#'   Vidhya's network (4 inputs, 3 hidden units, 1 output).
#' @param lr Learning rate (Analytics Vidhya's `lr = 0.1`).
#' @param seed Seed of R's generator: the weights are those drawn after
#'   `set.seed(seed)`, the same as Python's `MLP(seed=seed)`. The caller's
#'   random-number state is left as it was.
#' @param mode `"blas"` (fast) or `"exact"` (every floating-point operation
#'   fixed, identical to the Python twin).
#' @param loss `"half_sse"` (Analytics Vidhya), `"sse"` (Loy) or `"mse"`
#'   (Aflak).
#' @param activation `"sigmoid"`.
#' @param bias Use biases? Loy's network has none (`bias = FALSE`).
#' @param weights,biases Optional initial parameters (lists of matrices)
#'   instead of drawing them from `seed`.
#' @return An object of class `"twinnet"`: a list with `layers`, `lr`, `seed`,
#'   `mode`, `loss`, `activation`, `bias`, `weights`, `biases` (a list of
#'   1 x n matrices, empty when `bias` is `FALSE`) and `loss_history`.
#' @examples
#' X <- matrix(c(1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1), 3, 4, byrow = TRUE)
#' model <- mlp(c(4, 3, 1), seed = 42)
#' model <- fit(model, X, c(1, 1, 0), epochs = 5000)
#' predict(model, X)
#' @export
mlp <- function(layers, lr = 0.1, seed = 42, mode = "blas", loss = "half_sse",
                activation = "sigmoid", bias = TRUE, weights = NULL,
                biases = NULL) {
  layers <- check_layers(layers)
  lr <- check_positive_number("lr", lr)
  mode <- check_choice("mode", mode, names(arithmetics))
  loss <- check_choice("loss", loss, names(losses))
  activation <- check_choice("activation", activation, names(activations))
  bias <- check_flag("bias", bias)
  if (is.null(weights)) {
    if (!is.null(biases)) twinnet_stop("biases were given without weights")
    seed <- check_seed(seed)
    params <- init_params(layers, seed, bias)
  } else {
    seed <- NULL
    params <- check_params(weights, biases, layers, bias)
  }
  structure(
    list(layers = layers, lr = lr, seed = seed, mode = mode, loss = loss,
         activation = activation, bias = bias, weights = params$weights,
         biases = params$biases, loss_history = numeric(0)),
    class = "twinnet"
  )
}

check_params <- function(weights, biases, layers, bias) {
  n <- length(layers) - 1L
  if (!is.list(weights)) weights <- list(weights)
  if (length(weights) != n) {
    twinnet_stop(length(weights), " weight matrices were given for ", n,
                 " layers")
  }
  for (l in seq_len(n)) {
    w <- as_matrix(paste("weights of layer", l), weights[[l]])
    if (nrow(w) != layers[l] || ncol(w) != layers[l + 1L]) {
      twinnet_stop("weights of layer ", l, " are ", nrow(w), " x ", ncol(w),
                   ", expected ", layers[l], " x ", layers[l + 1L])
    }
    weights[[l]] <- w
  }
  if (bias) {
    if (!is.list(biases) && !is.null(biases)) biases <- list(biases)
    if (length(biases) != n) {
      twinnet_stop(length(biases), " bias rows were given for ", n, " layers")
    }
    for (l in seq_len(n)) {
      b <- as_matrix(paste("biases of layer", l),
                     matrix(as.vector(as.matrix(biases[[l]])), nrow = 1L))
      if (ncol(b) != layers[l + 1L]) {
        twinnet_stop("biases of layer ", l, " have ", ncol(b),
                     " values, expected ", layers[l + 1L])
      }
      biases[[l]] <- b
    }
  } else {
    if (length(biases)) twinnet_stop("biases were given but bias is off")
    biases <- list()
  }
  list(weights = weights, biases = biases)
}

#' Activations of every layer
#'
#' @param model A `"twinnet"` model.
#' @param X A checked numeric input matrix.
#' @param weights,biases Parameters to use instead of the model's own.
#' @return A list `A_0 = X, A_1, ..., A_L`.
#' @export
forward <- function(model, X, weights = model$weights,
                    biases = model$biases) {
  f <- activations[[model$activation]]$f
  ar <- arithmetics[[model$mode]]
  acts <- list(X)
  for (l in seq_along(weights)) {
    z <- ar$matmul(acts[[l]], weights[[l]])
    if (length(biases)) z <- z + rep(biases[[l]], each = nrow(z))
    acts[[l + 1L]] <- f(z, ar)
  }
  acts
}

#' One epoch of gradient descent
#'
#' @inheritParams forward
#' @param Y A checked numeric target matrix.
#' @return A list: `weights` and `biases` after the update, and the epoch's
#'   `activations` (A_0..A_L), `error` (E), `deltas` (D_1..D_L),
#'   `weight_steps` (t(A_{l-1}) %*% D_l), `bias_steps` (colsum(D_l)) and
#'   `loss`.
#' @export
train_step <- function(model, X, Y, weights = model$weights,
                       biases = model$biases) {
  ar <- arithmetics[[model$mode]]
  slope <- activations[[model$activation]]$slope
  lossf <- losses[[model$loss]]
  acts <- forward(model, X, weights, biases)
  L <- length(weights)
  e <- Y - acts[[L + 1L]]
  deltas <- vector("list", L)
  deltas[[L]] <- lossf$direction(e) * slope(acts[[L + 1L]])
  for (l in rev(seq_len(L - 1L))) {
    deltas[[l]] <- ar$matmul(deltas[[l + 1L]], t(weights[[l + 1L]])) *
      slope(acts[[l + 1L]])
  }
  weight_steps <- lapply(seq_len(L), function(l) {
    ar$matmul(t(acts[[l]]), deltas[[l]])
  })
  bias_steps <- lapply(seq_along(biases), function(l) ar$colsum(deltas[[l]]))
  lr <- model$lr
  new_w <- lapply(seq_len(L), function(l) weights[[l]] + weight_steps[[l]] * lr)
  new_b <- lapply(seq_along(biases), function(l) {
    biases[[l]] + bias_steps[[l]] * lr
  })
  list(weights = new_w, biases = new_b, activations = acts, error = e,
       deltas = deltas, weight_steps = weight_steps, bias_steps = bias_steps,
       loss = lossf$value(e, ar))
}

#' The loss of a model's current weights
#'
#' @param model A `"twinnet"` model.
#' @param X,Y Numeric input and target matrices.
#' @return A number.
#' @export
compute_loss <- function(model, X, Y) {
  data <- check_data(X, Y, model$layers)
  acts <- forward(model, data$X)
  losses[[model$loss]]$value(data$Y - acts[[length(acts)]],
                             arithmetics[[model$mode]])
}

#' Gradients of the loss at a model's current weights, by backpropagation
#'
#' @inheritParams compute_loss
#' @return A list with `weights` and `biases`: matrices shaped like the
#'   model's. One epoch's update is `W - lr * dW`, i.e.
#'   `W + lr * t(A) %*% D`.
#' @export
gradients <- function(model, X, Y) {
  data <- check_data(X, Y, model$layers)
  step <- train_step(model, data$X, data$Y)
  list(weights = lapply(step$weight_steps, function(s) -s),
       biases = lapply(step$bias_steps, function(s) -s))
}

#' Train a model
#'
#' @param model A model, e.g. from [mlp()].
#' @param ... Passed to methods.
#' @export
fit <- function(model, ...) UseMethod("fit")

#' @describeIn fit Full-batch gradient descent for `epochs` epochs,
#'   continuing from the current weights. Returns the trained model; stops
#'   with an error naming the epoch if the loss stops being finite.
#' @param X Numeric input matrix (or data frame), one row per sample.
#' @param Y Numeric target matrix (or vector for one output unit).
#' @param epochs Number of epochs.
#' @export
fit.twinnet <- function(model, X, Y, epochs, ...) {
  if (missing(epochs)) twinnet_stop("epochs must be given")
  data <- check_data(X, Y, model$layers)
  epochs <- check_positive_integer("epochs", epochs)
  weights <- model$weights
  biases <- model$biases
  history <- numeric(epochs)
  done <- length(model$loss_history)
  for (epoch in seq_len(epochs)) {
    step <- train_step(model, data$X, data$Y, weights, biases)
    if (!is.finite(step$loss)) {
      twinnet_stop("training diverged: the loss is ", format_loss(step$loss),
                   " at epoch ", done + epoch, "; try a smaller lr")
    }
    weights <- step$weights
    biases <- step$biases
    history[epoch] <- step$loss
  }
  if (!all(vapply(c(weights, biases), function(p) all(is.finite(p)),
                  logical(1)))) {
    twinnet_stop("training diverged: the weights are not finite after epoch ",
                 done + epochs, "; try a smaller lr")
  }
  model$weights <- weights
  model$biases <- biases
  model$loss_history <- c(model$loss_history, history)
  model
}

# Python prints non-finite floats as nan / inf; say the same in R's messages.
format_loss <- function(x) {
  if (is.nan(x) || is.na(x)) "nan" else if (x > 0) "inf" else "-inf"
}

#' Network output for new inputs
#'
#' @param object A `"twinnet"` model.
#' @param newdata Numeric input matrix, one row per sample.
#' @param ... Unused.
#' @return The output matrix, one row per sample.
#' @export
predict.twinnet <- function(object, newdata, ...) {
  X <- check_data(newdata, NULL, object$layers)$X
  acts <- forward(object, X)
  acts[[length(acts)]]
}

#' @export
print.twinnet <- function(x, ...) {
  cat("twinnet MLP ", paste(x$layers, collapse = "-"), " (", x$activation,
      ", ", x$loss, ", lr = ", format(x$lr), ", ", x$mode, " mode",
      if (!x$bias) ", no bias", ")\n", sep = "")
  if (length(x$loss_history)) {
    cat("trained ", length(x$loss_history), " epochs; final loss ",
        format(x$loss_history[length(x$loss_history)], digits = 6), "\n",
        sep = "")
  } else {
    cat("not trained yet\n")
  }
  invisible(x)
}
