# R's S3 methods of fits and networks: print and summary of a twinnet()
# fit, coef() (nnet's names for every weight) and plot() (the loss curve) of
# fits and networks, and the summary of a network. print.twinnet_network
# lives in network.R, beside its Python twin Network.__repr__.
# one side: R's summary, coef and plot methods; Python has no summary() or
# coef(), and its estimators print as scikit-learn's do.

#' @rdname summary.twinnet_fit
#' @export
print.twinnet_fit <- function(x, ...) {
  s <- x$settings
  cat("twinnet fit: ", estimator_task(x), "\n", sep = "")
  cat("a ", paste(network_sizes(x$network), collapse = "-"), " network (",
      estimator_layers_text(s), "), ", parameter_count(x$network),
      " parameters\n", sep = "")
  controls <- estimator_controls_text(x)
  if (nzchar(controls)) cat(controls, "\n", sep = "")
  cat(estimator_training_text(x), "\n", sep = "")
  stop_text <- estimator_stop_text(x)
  if (!is.null(stop_text)) cat(stop_text, "\n", sep = "")
  invisible(x)
}

estimator_task <- function(x) {
  what <- if (is.null(x$response)) "" else paste0(" of ", paste(x$response, collapse = ", "))
  if (is.null(x$levels)) {
    return(paste0("regression", what, " (", length(x$outputs), " output",
                  if (length(x$outputs) > 1L) "s", ")"))
  }
  paste0("classification", what, " (", length(x$levels), " classes: ",
         paste(x$levels, collapse = ", "), ")")
}

estimator_layers_text <- function(s) {
  paste0(if (length(s$hidden)) paste0(s$activation, " hidden, "), s$output,
         " output, ", s$loss)
}

estimator_training_text <- function(x) {
  s <- x$settings
  h <- x$loss_history
  rows <- if (!is.null(x$n)) paste0(" on ", x$n, " rows")
  if (!is.null(x$n) && isTRUE(s$early_stopping) && !isTRUE(s$validation_set) &&
        is_number(s$validation_fraction)) {
    rows <- paste0(" on ", x$n - ceiling(s$validation_fraction * x$n), " of ", x$n, " rows")
  }
  paste0("trained ", length(h), if (length(h) == 1L) " epoch" else " epochs",
         rows, " (", s$optimizer,
         ", lr = ", format(s$lr), ", batch ",
         if (is.null(s$batch_size)) "auto" else s$batch_size,
         if (s$shuffle) ", shuffled", ", ", s$mode, " mode, seed ", s$seed,
         "); final loss ", format(h[length(h)], digits = 6))
}

# The training controls in use, e.g. "inputs standardised; decay 0.01; case
# weights; early stopping on 10% of the rows" ("" when none is).
estimator_controls_text <- function(x) {
  s <- x$settings
  parts <- character(0)
  if (isTRUE(s$scale) || !is.null(x$scaler)) parts <- "inputs standardised"
  if (isTRUE(s$decay > 0)) {
    parts <- c(parts, paste0("decay ", format(s$decay)))
  } else if (isTRUE(s$alpha > 0)) {
    parts <- c(parts, paste0("alpha ", format(s$alpha)))
  }
  if (!is.null(x$weights)) parts <- c(parts, "case weights")
  if (isTRUE(s$optimizer %in% c("sgd", "momentum")) && !is.null(s$lr_schedule) &&
        s$lr_schedule != "constant") {
    power <- if (s$lr_schedule == "invscaling") paste0(" (power_t ", format(s$power_t), ")")
    parts <- c(parts, paste0("lr_schedule ", s$lr_schedule, power))
  }
  if (identical(s$optimizer, "momentum") && isTRUE(s$nesterov)) {
    parts <- c(parts, "Nesterov momentum")
  }
  if (isTRUE(s$early_stopping)) {
    parts <- c(parts, if (isTRUE(s$validation_set)) {
      "early stopping on the validation set"
    } else {
      paste0("early stopping on ", format(100 * s$validation_fraction), "% of the rows")
    })
  } else if (isTRUE(s$validation_set)) {
    parts <- c(parts, "a validation set")
  }
  if (!is.null(s$abstol)) parts <- c(parts, paste0("abstol ", format(s$abstol)))
  paste(parts, collapse = "; ")
}

# Why training stopped before its epochs, and the validation at the end,
# e.g. "stopped early at epoch 37 (best validation accuracy 0.9667 at epoch
# 26, its weights put back)"; NULL when there is nothing to say.
estimator_stop_text <- function(x) {
  s <- x$settings
  h <- x$loss_history
  reason <- x$stop_reason
  score_name <- if (is.null(x$levels)) "R^2" else "accuracy"
  scores <- x$validation_scores
  best <- x$best_epoch
  lines <- character(0)
  if (identical(reason, "tol")) {
    lines <- paste0("stopped at epoch ", length(h), ": the loss did not fall by tol = ",
                    format(s$tol), " for more than ", s$n_iter_no_change, " epochs")
  } else if (identical(reason, "abstol")) {
    lines <- paste0("stopped at epoch ", length(h), ": the loss fell below abstol = ",
                    format(s$abstol))
  }
  if (!is.null(best) && best >= 1 && length(scores) >= best) {
    lines <- c(lines, paste0(
      if (identical(reason, "early_stopping")) paste0("stopped early at epoch ", length(h), " (")
      else "early stopping (", "best validation ", score_name, " ",
      format(scores[best], digits = 4), " at epoch ", best, ", its weights put back)"))
  } else if (length(scores) && is.finite(scores[length(scores)])) {
    lines <- c(lines, paste0("validation ", score_name, " ",
                             format(scores[length(scores)], digits = 4), " after the last epoch"))
  }
  if (length(lines)) paste(lines, collapse = "\n")
}

parameter_count <- function(net) {
  sum(vapply(c(net$weights, net$biases), length, integer(1)))
}

#' Summarise a twinnet fit
#'
#' `print()` shows a fit in a few lines: the task, the network, the
#' training controls in use (e.g. "inputs standardised; decay 0.01"), the
#' training and why it stopped (e.g. "stopped early at epoch 37 (best
#' validation accuracy 0.9667 at epoch 26, its weights put back)");
#' `summary()` adds the call, the inputs, every layer, the loss of
#' the first and last epochs and the training accuracy.
#'
#' @param object A fit from [twinnet()].
#' @param x A fit, or a summary from `summary()`.
#' @param ... Unused.
#' @return `print()` returns `x` invisibly. `summary()` returns an object of
#'   class `"summary.twinnet_fit"`: a
#'   list with `call`, `task` (a description of the response), `layers`
#'   (one line per layer), `parameters` (their number), `settings`, `n`
#'   (rows), `inputs` (names of the input columns), `epochs`, `final_loss`,
#'   `loss_history`, `controls` and `stopping` (the training controls in use
#'   and why training stopped, as `print()` shows them),
#'   `validation_loss_history`, `validation_scores` and, for a
#'   classification, `accuracy` (the share of training rows predicted
#'   right). Its `print()` method shows them.
#' @examples
#' fit <- twinnet(Species ~ ., data = iris, hidden = 4, epochs = 20)
#' summary(fit)
#' @export
summary.twinnet_fit <- function(object, ...) {
  h <- object$loss_history
  accuracy <- NULL
  if (!is.null(object$levels) && !is.null(object$y)) {  # a loaded fit has no y
    accuracy <- mean(predict(object, type = "class") == object$y)
  }
  structure(list(
    call = object$call, task = estimator_task(object),
    layers = layer_lines(object$network),
    parameters = parameter_count(object$network), settings = object$settings,
    n = object$n, inputs = object$inputs, epochs = length(h),
    final_loss = h[length(h)], loss_history = h, accuracy = accuracy,
    training = estimator_training_text(object),
    controls = estimator_controls_text(object), stopping = estimator_stop_text(object),
    validation_loss_history = object$validation_loss_history,
    validation_scores = object$validation_scores
  ), class = "summary.twinnet_fit")
}

#' @rdname summary.twinnet_fit
#' @export
print.summary.twinnet_fit <- function(x, ...) {
  if (!is.null(x$call)) {
    cat("Call:\n", paste(deparse(x$call), collapse = "\n"), "\n\n", sep = "")
  }
  cat("twinnet fit: ", x$task, "\n", sep = "")
  if (length(x$inputs)) {
    cat("inputs (", length(x$inputs), "): ", paste(x$inputs, collapse = ", "),
        "\n", sep = "")
  }
  cat("\nlayers:\n", paste0("  ", x$layers, "\n"), sep = "")
  cat(x$parameters, " parameters (weights and biases)\n\n", sep = "")
  if (length(x$controls) && nzchar(x$controls)) cat(x$controls, "\n", sep = "")
  cat(x$training, "\n", sep = "")
  if (!is.null(x$stopping)) cat(x$stopping, "\n", sep = "")
  cat("loss: first epoch ", format(x$loss_history[1L], digits = 6),
      ", last epoch ", format(x$final_loss, digits = 6), " (", x$settings$loss,
      ")\n", sep = "")
  v <- x$validation_loss_history
  if (length(v)) {
    cat("validation loss: first epoch ", format(v[1L], digits = 6), ", last epoch ",
        format(v[length(v)], digits = 6), "\n", sep = "")
  }
  if (!is.null(x$accuracy)) {
    cat("training accuracy: ", format(x$accuracy, digits = 4), "\n", sep = "")
  }
  invisible(x)
}

# One line per layer, e.g. "dense 4 -> 100 (xavier)" and "activation relu".
layer_lines <- function(net) {
  vapply(seq_along(net$layers), function(i) {
    l <- net$layers[[i]]
    text <- if (l$kind == "dense") {
      sprintf("dense %d -> %d%s (%s)", l$n_in, l$n_out,
              if (l$has_bias) "" else ", no bias", l$init)
    } else if (l$kind == "conv2d") {
      sprintf("conv2d %d -> %d channels, kernel %s, stride %s, padding %s%s (%s)",
              l$in_channels, l$filters, shape_text(l$window), shape_text(l$stride),
              l$padding, if (l$has_bias) "" else ", no bias", l$init)
    } else if (l$kind %in% c("max_pool2d", "average_pool2d")) {
      sprintf("%s %s, stride %s", l$kind, shape_text(l$window), shape_text(l$stride))
    } else if (l$kind == "flatten") {
      "flatten (h, w, c) -> h * w * c"
    } else {
      paste("activation", l$name)
    }
    sprintf("%d. %s", i, text)
  }, character(1))
}

#' Weights and biases of a fitted network, named as nnet names them
#'
#' One named vector of all parameters, unit by unit and layer by layer, each
#' unit's bias first and then the weights of its incoming connections, as
#' nnet's `coef()` orders them. Units are named `i1`, `i2`, ... (inputs),
#' `h1`, `h2`, ... (the hidden units of a single hidden layer, as nnet;
#' with several hidden layers `h1.1`, `h1.2`, ... `h2.1`, ..., layer then
#' unit), `o` (a single output) or `o1`, `o2`, ... (outputs), and `b` the
#' bias: `"b->h1"`, `"i1->h1"`, `"i2->h1"`, ..., `"b->o"`, `"h1->o"`, ....
#' A network's dense layers without a bias have no `b->` entries. The
#' matrices themselves are `x$network$weights` (`n_in x n_out`, Python's
#' `coefs_`) and `x$network$biases` (Python's `intercepts_`).
#'
#' @param object A fit from [twinnet()], a [network()] or an [mlp()].
#' @param ... Unused.
#' @return A named numeric vector.
#' @examples
#' fit <- twinnet(Species ~ Petal.Length + Petal.Width, data = iris,
#'                hidden = 2, epochs = 10)
#' coef(fit)
#' coef(mlp(c(2, 2, 1)))
#' @export
coef.twinnet_fit <- function(object, ...) network_coef(object$network)

#' @rdname coef.twinnet_fit
#' @export
coef.twinnet_network <- function(object, ...) network_coef(object)

# Unit names per layer of sizes n_0, ..., n_L (see coef.twinnet_fit).
unit_names <- function(sizes) {
  n_layers <- length(sizes) - 1L
  lapply(seq_along(sizes), function(l) {
    units <- seq_len(sizes[l])
    if (l == 1L) return(paste0("i", units))
    if (l == n_layers + 1L) return(if (sizes[l] == 1L) "o" else paste0("o", units))
    if (n_layers == 2L) paste0("h", units) else paste0("h", l - 1L, ".", units)
  })
}

network_coef <- function(net) {
  dense <- net$layers[dense_indices(net)]
  if (!length(dense)) return(numeric(0))
  names <- unit_names(network_sizes(net))
  out <- list()
  for (l in seq_along(dense)) {
    layer <- dense[[l]]
    w <- net$weights[[layer$index]]
    b <- if (layer$has_bias) net$biases[[layer$bias_index]]
    from <- names[[l]]
    for (j in seq_len(layer$n_out)) {
      to <- names[[l + 1L]][j]
      values <- w[, j]
      labels <- paste0(from, "->", to)
      if (layer$has_bias) {
        values <- c(b[1L, j], values)
        labels <- c(paste0("b->", to), labels)
      }
      out[[length(out) + 1L]] <- stats::setNames(values, labels)
    }
  }
  unlist(out)
}

#' The loss curve of a trained network
#'
#' Draws the loss of every epoch with base graphics on the current device
#' (Loy's "loss per iteration" graph), and the validation loss beside it
#' (another colour, a legend) when the fit or network has one. [plot_loss()]
#' writes the same curves to a PNG file, as the Python twin draws them.
#'
#' @param x A fit from [twinnet()], or a trained [network()] or [mlp()].
#' @param log `"y"` for a logarithmic loss axis.
#' @param ... Further arguments of [graphics::plot()], e.g. `main`, `col`.
#' @return `x`, invisibly.
#' @examples
#' fit <- twinnet(Species ~ ., data = iris, hidden = 4, epochs = 30,
#'                scale = TRUE, early_stopping = TRUE)
#' plot(fit)
#' plot(fit$network, log = "y")
#' @export
plot.twinnet_fit <- function(x, log = "", ...) {
  plot_history(x$loss_history, x$settings$loss, log, x$validation_loss_history,
               x$best_epoch, ...)
  invisible(x)
}

#' @rdname plot.twinnet_fit
#' @export
plot.twinnet_network <- function(x, log = "", ...) {
  plot_history(x$loss_history, x$loss, log, x$validation_loss_history, x$best_epoch, ...)
  invisible(x)
}

# The curves of plot_loss() (plot.R) on the current device: the training
# loss, the validation loss (NaN epochs are gaps) and early stopping's best
# epoch, with plot_loss()'s legend (loss_curves(), plot_data.R).
plot_history <- function(history, loss, log, validation = NULL, best_epoch = NULL, ...) {
  if (!length(history)) {
    twinnet_stop("the network has not been trained: there is no loss to plot")
  }
  if (!any(is.finite(validation))) validation <- NULL
  if (!is.null(best_epoch) && best_epoch < 1) best_epoch <- NULL
  shown <- if (!is.null(validation)) ifelse(is.finite(validation), validation, NA)
  defaults <- list(x = seq_along(history), y = history, type = "l",
                   log = log, xlab = "epoch",
                   ylab = paste0("loss (", loss, ")"), main = "Loss per epoch")
  if (!is.null(shown)) defaults$ylim <- range(c(history, shown), na.rm = TRUE)
  do.call(graphics::plot, utils::modifyList(defaults, list(...)))
  colours <- "black"
  types <- 1
  if (!is.null(shown)) {
    graphics::lines(seq_along(shown), shown, col = "darkorange")
    colours <- c(colours, "darkorange")
    types <- c(types, 1)
  }
  if (!is.null(best_epoch)) {
    graphics::abline(v = best_epoch, col = "grey40", lty = 2)
    colours <- c(colours, "grey40")
    types <- c(types, 2)
  }
  drawn <- loss_curves(history, validation, best_epoch)
  if (length(drawn$legend)) {
    graphics::legend("topright", legend = drawn$legend, col = colours, lty = types,
                     bty = "n")
  }
}

#' Summarise a network or an mlp
#'
#' `print()` shows a network or an mlp in a few lines; `summary()` adds the
#' number of parameters and the loss of the first and last epochs.
#'
#' @param object A [network()] or an [mlp()].
#' @param x A network, an mlp, or a summary from `summary()`.
#' @param ... Unused.
#' @return `print()` returns `x` invisibly. `summary()` returns an object of
#'   class `"summary.twinnet_network"`: a list with `layers` (one line per layer),
#'   `sizes` (units per dense layer), `parameters` (their number), `loss`,
#'   `mode`, `seed`, `epochs`, `final_loss` (`NA` before training) and
#'   `loss_history`. Its `print()` method shows them.
#' @examples
#' d <- xor_data()
#' net <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 200)
#' net
#' summary(net)
#' @export
summary.twinnet_network <- function(object, ...) {
  h <- object$loss_history
  structure(list(
    kind = if (inherits(object, "twinnet_mlp")) "MLP" else "network",
    layers = layer_lines(object), sizes = network_sizes(object),
    parameters = parameter_count(object), loss = object$loss,
    mode = object$mode, seed = object$seed, epochs = length(h),
    final_loss = if (length(h)) h[length(h)] else NA_real_, loss_history = h
  ), class = "summary.twinnet_network")
}

#' @rdname summary.twinnet_network
#' @export
print.summary.twinnet_network <- function(x, ...) {
  cat("twinnet ", x$kind, " ", paste(x$sizes, collapse = "-"), " (", x$mode,
      " mode, loss ", if (is.null(x$loss)) "not set" else x$loss,
      if (!is.null(x$seed)) paste0(", seed ", x$seed), ")\n", sep = "")
  cat("layers:\n", paste0("  ", x$layers, "\n"), sep = "")
  cat(x$parameters, " parameters (weights and biases)\n", sep = "")
  if (x$epochs) {
    cat("trained ", x$epochs, " epochs; loss: first epoch ",
        num_text(x$loss_history[1L]), ", last epoch ",
        num_text(x$final_loss), "\n", sep = "")
  } else {
    cat("not trained yet\n")
  }
  invisible(x)
}
