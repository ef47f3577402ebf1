# How well a model does: loss, accuracy and the confusion matrix. Targets
# with two or more columns are one-hot classes (the class is the column of
# the largest value, in the output too); a single column of 0s and 1s is two
# classes (output >= 0.5 is class 1); anything else is a regression and has a
# loss only. Twin: python/src/twinnet/metrics.py.

classes_of <- function(Y) {
  zero_one <- all(Y == 0 | Y == 1)
  if (ncol(Y) >= 2 && zero_one && all(rowSums(Y) == 1)) return(max.col(Y, "first") - 1L)
  if (ncol(Y) == 1 && zero_one) return(as.integer(Y[, 1]))
  NULL
}

predicted_classes <- function(output) {
  if (ncol(output) == 1) return(as.integer(output[, 1] >= 0.5))
  max.col(output, "first") - 1L
}

#' Loss, accuracy and confusion matrix of a model on data
#'
#' @param model An [mlp()] or [network()] with a loss.
#' @param X,Y Input and target matrices (one-hot targets, or one column of
#'   0s and 1s, for classes).
#' @return A list: `rows`, `loss`, `loss_name`, and for classes `accuracy`
#'   and `confusion` (rows: true class 0..k-1, columns: predicted class).
#' @examples
#' d <- xor_data()
#' model <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 2000)
#' e <- evaluate(model, d$X, d$y)
#' e$accuracy
#' e$confusion
#' @export
evaluate <- function(model, X, Y) {
  if (is.null(model$loss)) twinnet_stop("the network has no loss; call use() first")
  data <- check_network_data(model, X, Y)
  pass <- network_backward(model, data$X, data$Y)
  out <- pass$cache$outputs[[length(pass$cache$outputs)]]
  true <- classes_of(data$Y)
  result <- list(rows = nrow(data$X), loss = pass$loss, loss_name = model$loss,
                 accuracy = NULL, confusion = NULL)
  if (!is.null(true)) {
    guess <- predicted_classes(out)
    k <- max(ncol(data$Y), 2L)
    result$accuracy <- mean(guess == true)
    result$confusion <- unclass(table(factor(true, levels = 0:(k - 1L)),
                                      factor(guess, levels = 0:(k - 1L))))
    dimnames(result$confusion) <- NULL
  }
  result
}

#' The evaluation as text
#'
#' @param result A list from [evaluate()].
#' @return The text (the same as Python's `format_evaluation`).
#' @examples
#' d <- xor_data()
#' model <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 2000)
#' cat(format_evaluation(evaluate(model, d$X, d$y)), "\n")
#' @export
format_evaluation <- function(result) {
  lines <- c(sprintf("rows      %d", as.integer(result$rows)),
             sprintf("loss      %s (%s)", sprintf("%.6g", result$loss),
                     result$loss_name))
  if (!is.null(result$accuracy)) {
    counts <- result$confusion
    k <- nrow(counts)
    width <- max(5L, nchar(as.character(max(counts))) + 1L)
    fmt <- paste0("%", width, "d")
    lines <- c(lines, sprintf("accuracy  %.4f", result$accuracy),
               "confusion matrix (rows: true class, columns: predicted class)",
               paste0("     ", paste(sprintf(fmt, 0:(k - 1L)), collapse = "")))
    for (i in seq_len(k)) {
      lines <- c(lines, paste0(sprintf("%5d", i - 1L),
                               paste(sprintf(fmt, as.integer(counts[i, ])),
                                     collapse = "")))
    }
  }
  paste(lines, collapse = "\n")
}
