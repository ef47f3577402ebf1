# How well a model does: loss, accuracy and the confusion matrix. Targets
# with two or more columns are one-hot classes (the class is the column of
# the largest value, in the output too); a single column of 0s and 1s is two
# classes (an output > 0.5 is class 1, as scikit-learn's LabelBinarizer
# decides: exactly 0.5 is class 0); anything else is a regression and has a
# loss only. predicted_classes() is the one function that turns outputs into
# classes. Twin: python/src/twinnet/metrics.py. The confusion matrix names
# its classes when given their names (class_names; the command line's
# `evaluate --fashion`, or on its own when the targets are Fashion-MNIST's
# label file, see class_names_for).

classes_of <- function(Y) {
  zero_one <- all(Y == 0 | Y == 1)
  if (ncol(Y) >= 2 && zero_one && all(rowSums(Y) == 1)) return(max.col(Y, "first") - 1L)
  if (ncol(Y) == 1 && zero_one) return(as.integer(Y[, 1]))
  NULL
}

# Class index of each row of a network output. One output column: class 1
# where the output is > 0.5, else class 0 (scikit-learn's LabelBinarizer
# rule: exactly 0.5 is class 0). Several columns: the column of the row's
# largest value (the first of ties).
predicted_classes <- function(output) {
  output <- as.matrix(output)
  if (ncol(output) == 1) return(as.integer(output[, 1] > 0.5))
  max.col(output, "first") - 1L
}

# Validation scores (fit's validation_score), higher is better for both, in
# the network's arithmetic `mode`, with case weights w (NULL: unweighted).
# accuracy: the share (weighted) of rows whose predicted class (the rule of
# predicted_classes, on the output) is the class of Y (the same rule on Y):
# total(right * w) / sw, unweighted total(right) / n.
accuracy <- function(out, Y, w = NULL, mode = "blas") {
  ar <- arithmetics[[mode]]
  right <- as.numeric(predicted_classes(out) == predicted_classes(Y))
  if (is.null(w)) return(ar$total(right) / length(right))
  w <- as.vector(w)
  ar$total(right * w) / ar$total(w)
}

# r2: scikit-learn's r2_score, per column j: m = total(y * w) / sw,
# ss_res = total(((y - p) * (y - p)) * w), ss_tot = total(((y - m) *
# (y - m)) * w), r2_j = 1 - ss_res / ss_tot, or where ss_tot == 0, 1 if
# ss_res == 0 else 0 (force_finite); the value total(r2) / k. Without
# weights w is a column of ones.
r2 <- function(out, Y, w = NULL, mode = "blas") {
  ar <- arithmetics[[mode]]
  out <- as.matrix(out)
  Y <- as.matrix(Y)
  w <- if (is.null(w)) rep(1, nrow(Y)) else as.vector(w)
  sw <- ar$total(w)
  k <- ncol(Y)
  scores <- numeric(k)
  for (j in seq_len(k)) {
    y <- Y[, j]
    p <- out[, j]
    m <- ar$total(y * w) / sw
    ss_res <- ar$total(((y - p) * (y - p)) * w)
    ss_tot <- ar$total(((y - m) * (y - m)) * w)
    scores[j] <- if (isTRUE(ss_tot == 0)) {
      if (isTRUE(ss_res == 0)) 1 else 0
    } else {
      1 - ss_res / ss_tot
    }
  }
  ar$total(scores) / k
}

# The validation scores fit can record (validation_score).
scores <- list(accuracy = accuracy, r2 = r2)

# Counts: rows are the true classes 0..k-1, columns the predicted ones.
confusion_matrix <- function(true, predicted, k) {
  counts <- unclass(table(factor(true, levels = 0:(k - 1L)),
                          factor(predicted, levels = 0:(k - 1L))))
  dimnames(counts) <- NULL
  counts
}

# The names of classes 0..k-1: exactly k strings.
check_class_names <- function(class_names, k) {
  if (!is.character(class_names) || anyNA(class_names)) {
    twinnet_stop("class_names must be strings")
  }
  if (length(class_names) != k) {
    twinnet_stop("class_names has ", length(class_names), " names but there are ", k,
                 " classes")
  }
  as.vector(class_names)
}

# Fashion-MNIST's class names when path is one of its label files
# ({train,t10k}-labels-idx1-ubyte[.gz] in Debian's
# /usr/share/datasets/fashion-mnist), else NULL.
class_names_for <- function(path) {
  if (!is.character(path) || length(path) != 1L || is.na(path)) return(NULL)
  labels <- paste0(rep(c("train", "t10k"), each = 2), "-labels-idx1-ubyte", c("", ".gz"))
  folder <- normalizePath(dirname(path), mustWork = FALSE)
  if (basename(path) %in% labels &&
      folder == normalizePath("/usr/share/datasets/fashion-mnist", mustWork = FALSE)) {
    return(fashion_mnist_classes)
  }
  NULL
}

#' Loss, accuracy and confusion matrix of a model on data
#'
#' @param model An [mlp()] or [network()] with a loss.
#' @param X,Y Input and target matrices (one-hot targets, or one column of
#'   0s and 1s, for classes).
#' @param class_names The names of the classes 0, 1, ... (as many as there
#'   are classes; e.g. [fashion_mnist_classes]) for [format_evaluation()].
#' @return A list: `rows`, `loss`, `loss_name`, and for classes `accuracy`,
#'   `confusion` (rows: true class 0..k-1, columns: predicted class) and
#'   `class_names` (`NULL` when not given).
#' @examples
#' d <- xor_data()
#' model <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 2000)
#' e <- evaluate(model, d$X, d$y)
#' e$accuracy
#' e$confusion
#' @export
evaluate <- function(model, X, Y, class_names = NULL) {
  if (is.null(model$loss)) twinnet_stop("the network has no loss; call use() first")
  data <- network_check_data(model, X, Y)
  pass <- network_backward(model, data$X, data$Y)
  out <- pass$cache$outputs[[length(pass$cache$outputs)]]
  true <- classes_of(data$Y)
  result <- list(rows = nrow(data$X), loss = pass$loss, loss_name = model$loss,
                 accuracy = NULL, confusion = NULL, class_names = NULL)
  if (is.null(true) && !is.null(class_names)) {
    twinnet_stop("class_names needs class targets (one-hot rows or one column of 0s and 1s)")
  }
  if (!is.null(true)) {
    guess <- predicted_classes(out)
    k <- max(ncol(data$Y), 2L)
    if (!is.null(class_names)) result$class_names <- check_class_names(class_names, k)
    result$accuracy <- mean(guess == true)
    result$confusion <- confusion_matrix(true, guess, k)
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
    names <- result$class_names
    if (is.null(names)) {
      header <- "confusion matrix (rows: true class, columns: predicted class)"
      labels <- sprintf("%5d", seq_len(k) - 1L)
    } else {  # "0 T-shirt/top", ...: the columns are numbered as the rows
      header <- "confusion matrix (rows: true class, columns: predicted class by number)"
      labels <- paste(seq_len(k) - 1L, names)
      label_width <- max(nchar(labels)) + 1L
      labels <- paste0(labels, strrep(" ", label_width - nchar(labels)))
    }
    lines <- c(lines, sprintf("accuracy  %.4f", result$accuracy), header,
               paste0(strrep(" ", nchar(labels[1])),
                      paste(sprintf(fmt, 0:(k - 1L)), collapse = "")))
    for (i in seq_len(k)) {
      lines <- c(lines, paste0(labels[i], paste(sprintf(fmt, as.integer(counts[i, ])),
                                                collapse = "")))
    }
  }
  paste(lines, collapse = "\n")
}
