# The multilayer perceptron of the seed articles, generalised to L layers.
# One epoch of full-batch gradient descent (docs/algorithm.md):
#   A_0 = X
#   A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
#   E   = Y - A_L
#   D_L = G(E) * f'(A_L)          G = the loss's descent direction
#   D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
#   W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
#   b_l = b_l + colsum(D_l) * lr
# All deltas use the weights from before the update. An mlp is a network of
# dense and activation layers (layers.R) with the articles' defaults.
# Twin: python/src/twinnet/network.py.

#' A multilayer perceptron trained by full-batch gradient descent
#'
#' Weights are drawn when the model is made (as in the articles), so they can
#' be inspected before training; [fit()] continues from the current weights.
#' The model is a [network()] of dense and activation layers: `model$layers`
#' lists them, `model$sizes` holds `layers`.
#'
#' @param layers Units per layer, input first: `c(4, 3, 1)` is Analytics
#'   Vidhya's network (4 inputs, 3 hidden units, 1 output).
#' @param lr Learning rate (Analytics Vidhya's `lr = 0.1`).
#' @param seed Seed of R's generator: the weights are those drawn after
#'   `set.seed(seed)`, the same as Python's `MLP(seed=seed)`. The caller's
#'   random-number state is left as it was.
#' @param mode `"blas"` (fast) or `"exact"` (every floating-point operation
#'   fixed, identical to the Python twin).
#' @param loss `"half_sse"` (Analytics Vidhya), `"sse"` (Loy), `"mse"`
#'   (Aflak); `"binary_cross_entropy"` needs the sigmoid,
#'   `"softmax_cross_entropy"` the softmax activation.
#' @param activation The activation of every layer.
#' @param bias Use biases? Loy's network has none (`bias = FALSE`).
#' @param weights,biases Optional initial parameters (lists of matrices)
#'   instead of drawing them from `seed`.
#' @return An object of class `"twinnet_mlp"` (a `"twinnet_network"`) with
#'   `weights`, `biases` (a list of 1 x n matrices, empty when `bias` is
#'   `FALSE`) and `loss_history`.
#' @examples
#' X <- matrix(c(1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1), 3, 4, byrow = TRUE)
#' model <- mlp(c(4, 3, 1), seed = 42)
#' model <- fit(model, X, c(1, 1, 0), epochs = 5000)
#' predict(model, X)
#' @export
mlp <- function(layers, lr = 0.1, seed = 42, mode = "blas", loss = "half_sse",
                activation = "sigmoid", bias = TRUE, weights = NULL,
                biases = NULL) {
  sizes <- check_layers(layers)
  lr <- check_positive_number("lr", lr)
  bias <- check_flag("bias", bias)
  if (is.null(weights)) {
    if (!is.null(biases)) twinnet_stop("biases were given without weights")
    net <- network(seed = seed, mode = mode)
  } else {
    net <- network(seed = 42, mode = mode)
    if (!is.list(weights)) weights <- list(weights)
    if (!is.null(biases) && !is.list(biases)) biases <- list(biases)
    n <- length(sizes) - 1L
    if (length(weights) != n) {
      twinnet_stop(length(weights), " weight matrices were given for ", n,
                   " layers")
    }
    if (bias && length(biases) != n) {
      twinnet_stop(length(biases), " bias rows were given for ", n, " layers")
    }
    if (!bias && length(biases)) twinnet_stop("biases were given but bias is off")
  }
  for (l in seq_len(length(sizes) - 1L)) {
    layer <- dense(sizes[l], sizes[l + 1L], bias = bias)
    if (!is.null(weights)) {
      params <- check_dense_params(layer, weights[[l]],
                                   if (bias) biases[[l]], paste("layer", l))
      layer$weights <- params$weights
      layer$bias_row <- params$bias
    }
    net <- add(net, layer)
    net <- add(net, activation(activation))
  }
  net <- use(net, loss)
  if (!is.null(weights)) net["seed"] <- list(NULL)
  net$sizes <- sizes
  net$lr <- lr
  net$activation <- activation
  net$bias <- bias
  class(net) <- c("twinnet_mlp", class(net))
  net
}

#' Train a model
#'
#' @param model A model, e.g. from [mlp()].
#' @param ... Passed to methods.
#' @examples
#' d <- xor_data()
#' model <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 500)
#' predict(model, d$X)
#' # a network: mini-batches, shuffling and Adam
#' net <- network(seed = 1)
#' net <- add(net, dense(2, 4, init = "xavier"))
#' net <- add(net, activation("tanh"))
#' net <- add(net, dense(4, 1, init = "xavier"))
#' net <- add(net, activation("sigmoid"))
#' net <- use(net, "binary_cross_entropy")
#' net <- fit(net, d$X, d$y, epochs = 200, lr = 0.05, batch_size = 2,
#'            shuffle = TRUE, optimizer = "adam")
#' round(predict(net, d$X), 3)
#' @export
fit <- function(model, ...) UseMethod("fit")

#' @describeIn fit Full-batch gradient descent for `epochs` epochs with the
#'   model's own learning rate, continuing from the current weights. Returns
#'   the trained model; stops with an error naming the epoch if the loss
#'   stops being finite.
#' @param X Numeric input matrix (or data frame), one row per sample.
#' @param Y Numeric target matrix (or vector for one output unit).
#' @param epochs Number of epochs.
#' @export
fit.twinnet_mlp <- function(model, X, Y, epochs, progress = NULL,
                            checkpoint_every = NULL, checkpoint_path = NULL,
                            on_epoch = NULL, ...) {
  if (missing(epochs)) twinnet_stop("epochs must be given")
  fit.twinnet_network(model, X, Y, epochs, lr = model$lr, progress = progress,
                      checkpoint_every = checkpoint_every,
                      checkpoint_path = checkpoint_path, on_epoch = on_epoch)
}

#' The loss of a model's current weights
#'
#' @param model A network or an mlp.
#' @param X,Y Numeric input and target matrices.
#' @return A number.
#' @examples
#' d <- toy_data()
#' compute_loss(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' @export
compute_loss <- function(model, X, Y) {
  check_ready(model)
  data <- check_network_data(model, X, Y)
  network_backward(model, data$X, data$Y)$loss
}

#' Gradients of the loss at a model's current weights, by backpropagation
#'
#' @inheritParams compute_loss
#' @return A list with `weights` and `biases`: matrices shaped like the
#'   model's. One epoch's update is `W - lr * dW`, i.e.
#'   `W + lr * t(A) %*% D`.
#' @examples
#' d <- toy_data()
#' g <- gradients(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' g$weights[[1]]
#' @export
gradients <- function(model, X, Y) {
  check_ready(model)
  data <- check_network_data(model, X, Y)
  pass <- network_backward(model, data$X, data$Y)
  list(weights = pass$grad_weights, biases = pass$grad_biases)
}

# Python prints non-finite floats as nan / inf; say the same in R's messages.
format_loss <- function(x) {
  if (is.nan(x) || is.na(x)) "nan" else if (x > 0) "inf" else "-inf"
}

#' @rdname summary.twinnet_network
#' @export
print.twinnet_mlp <- function(x, ...) {
  cat("twinnet MLP ", paste(x$sizes, collapse = "-"), " (", x$activation,
      ", ", x$loss, ", lr = ", num_text(x$lr), ", ", x$mode, " mode",
      if (!x$bias) ", no bias", ")\n", sep = "")
  if (length(x$loss_history)) {
    cat("trained ", length(x$loss_history), " epochs; final loss ",
        num_text(x$loss_history[length(x$loss_history)]), "\n",
        sep = "")
  } else {
    cat("not trained yet\n")
  }
  invisible(x)
}
