# One epoch, step by step: every matrix the Analytics Vidhya article names
# (steps 0 to 11: the input and weights, hidden_layer_input,
# hiddenlayer_activations, output, E, the slopes, d_output,
# Error_at_hidden_layer, d_hiddenlayer and the updated wout, bout, wh, bh).
# trace_epoch() computes one epoch of a twinnet network (the model is not changed:
# R functions return new objects) and returns them in long form, one row per
# matrix element, in the article's order; trace_report() prints them as the
# article shows them. For more than one hidden layer the names are numbered
# (Z1, A1, D1, ...). In exact mode the table is identical to Python's
# (python/src/twinnet/trace.py).

article_names <- c(
  W1 = "wh", b1 = "bh", W2 = "wout", b2 = "bout",
  Z1 = "hidden_layer_input", A1 = "hiddenlayer_activations",
  Z2 = "output_layer_input", A2 = "output",
  slope2 = "slope_output_layer", slope1 = "slope_hidden_layer",
  D2 = "d_output", error_at1 = "Error_at_hidden_layer", D1 = "d_hiddenlayer"
)

trace_formulas <- function(L, n) {
  out <- c(X = "input", y = "targets")
  for (l in seq_len(L)) {
    prev <- if (l == 1L) "X" else n(paste0("A", l - 1L))
    out[paste0("W", l)] <- "initial weights"
    out[paste0("b", l)] <- "initial bias"
    out[paste0("Z", l)] <- sprintf("matrix_dot_product(%s, %s) + %s", prev,
                                   n(paste0("W", l)), n(paste0("b", l)))
    out[paste0("A", l)] <- sprintf("sigmoid(%s)", n(paste0("Z", l)))
    out[paste0("slope", l)] <- sprintf("derivatives_sigmoid(%s)", n(paste0("A", l)))
    out[paste0("new_W", l)] <- sprintf("%s + matrix_dot_product(%s.T, %s) * lr",
                                       n(paste0("W", l)), prev, n(paste0("D", l)))
    out[paste0("new_b", l)] <- sprintf("%s + sum(%s, axis=0) * lr",
                                       n(paste0("b", l)), n(paste0("D", l)))
    if (l < L) {
      out[paste0("error_at", l)] <- sprintf("matrix_dot_product(%s, %s.T)",
                                            n(paste0("D", l + 1L)),
                                            n(paste0("W", l + 1L)))
      out[paste0("D", l)] <- sprintf("%s * %s", n(paste0("error_at", l)),
                                     n(paste0("slope", l)))
    }
  }
  out["E"] <- sprintf("y - %s", n(paste0("A", L)))
  out[paste0("D", L)] <- sprintf("E * %s", n(paste0("slope", L)))
  out
}

check_traceable <- function(net) {
  layers <- net$layers
  k <- length(layers)
  pairs <- k %% 2 == 0 && all(vapply(seq(1L, k, by = 2L), function(i) {
    layers[[i]]$kind == "dense" && layers[[i + 1L]]$kind == "activation" &&
      layers[[i + 1L]]$name %in% c("sigmoid", "tanh", "relu", "identity")
  }, logical(1)))
  if (!pairs || !is.null(losses[[net$loss]]$output)) {
    twinnet_stop("trace follows the article's steps: dense layers each ",
                 "followed by an element-wise activation, and a squared-error loss")
  }
}

#' One epoch, step by step, in the article's names
#'
#' Every matrix of one epoch of full-batch descent, as the Analytics Vidhya
#' article shows them in its steps 0 to 11, in long form.
#'
#' @param model An [mlp()] or a [network()] of dense layers each followed by
#'   an element-wise activation, with a squared-error loss. It is not changed.
#' @param X,Y Input and target matrices.
#' @param lr Learning rate: the mlp's own by default (0.1 for a network).
#' @return A data.frame with columns `step` (0 to 11), `name`, `formula`,
#'   `row`, `col` (from 1) and `value`.
#' @examples
#' X <- matrix(c(1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1), 3, 4, byrow = TRUE)
#' steps <- trace_epoch(mlp(c(4, 3, 1), seed = 42, mode = "exact"), X, c(1, 1, 0))
#' cat(trace_report(steps))
#' @export
trace_epoch <- function(model, X, Y,
                        lr = if (is.null(model$lr)) schedule$lr$default else model$lr) {
  if (!length(dense_indices(model)) || is.null(model$loss)) {
    twinnet_stop("trace needs a network with layers and a loss")
  }
  check_traceable(model)
  data <- network_check_data(model, X, Y)
  record <- train_step(model, data$X, data$Y, lr)
  ar <- arithmetics[[model$mode]]
  before_w <- model$weights
  before_b <- model$biases
  L <- length(before_w)
  acts <- unique(vapply(model$layers[-dense_indices(model)], function(l) l$name,
                        character(1)))
  names_map <- if (L == 2L) article_names else character(0)
  n <- function(key) {
    base <- sub("^new_", "", key)
    if (base %in% names(names_map)) names_map[[base]] else base
  }
  act_layers <- model$layers[-dense_indices(model)]
  slopes <- lapply(seq_len(L), function(l) {
    a <- record$activations[[l + 1L]]
    activations[[act_layers[[l]]$name]]$backward(array(1, dim(a)), a, ar)
  })
  items <- list(list(0, "X", data$X), list(0, "y", data$Y))
  for (l in seq_len(L)) {
    items[[length(items) + 1L]] <- list(1, paste0("W", l), before_w[[l]])
    if (length(before_b) >= l) {
      items[[length(items) + 1L]] <- list(1, paste0("b", l), before_b[[l]])
    }
  }
  for (l in seq_len(L)) {
    step <- if (l < L) 2 else 4
    items[[length(items) + 1L]] <- list(step, paste0("Z", l),
                                        record$pre_activations[[l]])
    items[[length(items) + 1L]] <- list(step + (if (l < L) 1 else 0),
                                        paste0("A", l), record$activations[[l + 1L]])
  }
  items[[length(items) + 1L]] <- list(5, "E", record$error)
  for (l in rev(seq_len(L))) {
    items[[length(items) + 1L]] <- list(6, paste0("slope", l), slopes[[l]])
  }
  items[[length(items) + 1L]] <- list(7, paste0("D", L), record$deltas[[L]])
  for (l in rev(seq_len(L - 1L))) {
    items[[length(items) + 1L]] <- list(8, paste0("error_at", l),
                                        ar$matmul(record$deltas[[l + 1L]],
                                                  t(before_w[[l + 1L]])))
    items[[length(items) + 1L]] <- list(9, paste0("D", l), record$deltas[[l]])
  }
  for (l in rev(seq_len(L))) {
    items[[length(items) + 1L]] <- list(10, paste0("new_W", l), record$weights[[l]])
  }
  for (l in rev(seq_len(L))) {
    if (length(record$biases) >= l) {
      items[[length(items) + 1L]] <- list(11, paste0("new_b", l), record$biases[[l]])
    }
  }
  formulas <- trace_formulas(L, n)
  if (!identical(acts, "sigmoid")) {
    formulas[] <- gsub("sigmoid", "f", gsub("derivatives_sigmoid", "slope", formulas))
  }
  frames <- lapply(items, function(item) {
    m <- as.matrix(item[[3]])
    rows <- rep(seq_len(nrow(m)), each = ncol(m))
    cols <- rep(seq_len(ncol(m)), times = nrow(m))
    key <- item[[2]]
    data.frame(step = item[[1]], name = n(key),
               formula = if (key %in% names(formulas)) formulas[[key]] else "",
               row = rows, col = cols, value = as.vector(t(m)),
               stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, frames)
  rownames(out) <- NULL
  out
}

#' The trace as the article shows it
#'
#' @param table A data.frame from [trace_epoch()].
#' @param digits Decimals shown.
#' @return The text: each step's matrix in full, in the article's order.
#' @examples
#' d <- toy_data()
#' cat(trace_report(trace_epoch(mlp(c(4, 3, 1), seed = 42), d$X, d$y), digits = 3))
#' @export
trace_report <- function(table, digits = 4) {
  keys <- unique(table[, c("step", "name")])
  lines <- character(0)
  for (i in seq_len(nrow(keys))) {
    part <- table[table$step == keys$step[i] & table$name == keys$name[i], ]
    n_rows <- max(part$row)
    n_cols <- max(part$col)
    formula <- part$formula[1]
    # steps 0 and 1 show data (input, targets, initial weights); the rest formulas
    shown <- if (keys$step[i] <= 1) paste0("(", formula, ")") else paste("=", formula)
    lines <- c(lines, sprintf("Step %d: %s %s  [%d x %d]", as.integer(keys$step[i]),
                              keys$name[i], shown, n_rows, n_cols))
    part <- part[order(part$row, part$col), ]
    values <- matrix(part$value, n_rows, n_cols, byrow = TRUE)
    fmt <- sprintf("%%%d.%df", digits + 8L, digits)
    for (r in seq_len(n_rows)) {
      lines <- c(lines, paste(sprintf(fmt, values[r, ]), collapse = ""))
    }
    lines <- c(lines, "")
  }
  paste(lines, collapse = "\n")
}
