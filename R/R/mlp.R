# The multilayer perceptron of the seed articles, generalised to L layers.
# An mlp is a network (network.R) preset with the articles' layers: a dense
# layer and the same activation for every step from one size to the next, a
# loss, and a learning rate of its own. `model$layers` holds its layers,
# `model$sizes` the units per layer.
# Twin: python/src/twinnet/mlp.py.

# The settings an mlp is made from, as config files and model files hold them.
mlp_config_keys <- c("layers", "activation", "loss", "lr", "seed", "bias", "mode")

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
mlp <- function(layers, lr = schedule$lr$default, seed = 42, mode = "blas", loss = "half_sse",
                activation = "sigmoid", bias = TRUE, weights = NULL,
                biases = NULL) {
  sizes <- check_layers(layers)
  lr <- check_setting("lr", lr)
  bias <- check_flag("bias", bias)
  if (is.null(weights)) {
    if (!is.null(biases)) twinnet_stop("biases were given without weights")
    net <- network(seed = seed, mode = mode)
  } else {
    net <- network(seed = 42, mode = mode)
    if (!is.list(weights)) weights <- list(weights)
    if (!is.null(biases) && !is.list(biases)) biases <- list(biases)
    mlp_check_counts(sizes, weights, biases, bias)
  }
  for (l in seq_len(length(sizes) - 1L)) {
    layer <- dense(sizes[l], sizes[l + 1L], bias = bias)
    if (!is.null(weights)) {
      layer <- dense_set_params(layer, weights[[l]], if (bias) biases[[l]],
                                paste("layer", l))
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

mlp_check_counts <- function(sizes, weights, biases, bias) {
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

#' @describeIn fit Full-batch gradient descent for `epochs` epochs with the
#'   model's own learning rate, continuing from the current weights (the
#'   training controls, `sample_weight` to `abstol`, as for a network). Returns
#'   the trained model; stops with an error naming the epoch if the loss
#'   stops being finite.
#' @param X Numeric input matrix (or data frame), one row per sample.
#' @param Y Numeric target matrix (or vector for one output unit).
#' @param epochs Number of epochs.
#' @export
#' @rawNamespace S3method(generics::fit, twinnet_mlp)
# (lintr takes this method for a dotted name: its generic is in network.R)
fit.twinnet_mlp <- function(object, X, Y, epochs, ..., # nolint: object_name_linter.
                            progress = NULL, checkpoint_every = NULL, checkpoint_path = NULL,
                            on_epoch = NULL, sample_weight = NULL, alpha = 0,
                            weight_decay = 0, lr_schedule = "constant", power_t = 0.5,
                            nesterov = FALSE, tol = NULL, n_iter_no_change = 10L,
                            early_stopping = FALSE, validation_data = NULL,
                            validation_fraction = NULL, stratify = FALSE,
                            validation_score = NULL, abstol = NULL) {
  check_no_extras(list(...), "fit()")
  if (missing(epochs)) twinnet_stop("epochs must be given")
  fit.twinnet_network(object, X, Y, epochs, lr = object$lr, progress = progress,
                      checkpoint_every = checkpoint_every,
                      checkpoint_path = checkpoint_path, on_epoch = on_epoch,
                      sample_weight = sample_weight, alpha = alpha,
                      weight_decay = weight_decay, lr_schedule = lr_schedule,
                      power_t = power_t, nesterov = nesterov, tol = tol,
                      n_iter_no_change = n_iter_no_change, early_stopping = early_stopping,
                      validation_data = validation_data,
                      validation_fraction = validation_fraction, stratify = stratify,
                      validation_score = validation_score, abstol = abstol)
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

# The mlp a config describes (a config file's or a model file's entries):
# layers, lr, seed, mode, loss, activation and bias; weights and biases, when
# given, replace the drawn ones.
mlp_from_config <- function(config, weights = NULL, biases = NULL) {
  mlp(layers = config$layers, lr = config$lr, seed = config$seed, mode = config$mode,
      loss = config$loss, activation = config$activation, bias = config$bias,
      weights = weights, biases = biases)
}
