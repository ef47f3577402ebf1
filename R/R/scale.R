# Scaling fitted on training data only (docs/datasets.md): fit_scaler()
# computes each column's centre and scale from the training data;
# apply_scaler() scales training and test data with them. The sums are added
# in a fixed order (exact_colsum), so the Python twin
# (python/src/twinnet/scale.py) gets the same bits.

# A scaler: the method and one centre and scale per column.
scaler <- function(method, center, scale) {
  structure(list(method = method, center = center, scale = scale),
            class = "twinnet_scaler")
}

# (X - center) / scale, column by column.
scaler_transform <- function(scaler, X) {
  X <- as_matrix("X", X)
  p <- length(scaler$center)
  if (ncol(X) != p) {
    twinnet_stop("X has ", ncol(X), " columns but the scaler was fitted on ",
                 p)
  }
  n <- nrow(X)
  (X - rep(scaler$center, each = n)) / rep(scaler$scale, each = n)
}

#' Fit a scaler on training data
#'
#' The statistics are computed in a fixed order (not with `colMeans`, `sd`
#' or `scale`, which accumulate in long double), so the Python twin gets the
#' same bits:
#' - `"standard"`: `center = colsum(X) / n` and
#'   `scale = sqrt(colsum((X - center) * (X - center)) / (n - 1))`, where
#'   colsum adds the rows in order starting from zero (exact mode's colsum):
#'   R's `scale()` and `sd()` (divisor n - 1), not scikit-learn's
#'   StandardScaler (divisor n).
#' - `"minmax"`: `center = min`, `scale = max - min`.
#'
#' A constant column (all values equal) gets `center` = that value and
#' `scale = 1`, so it scales to exactly 0.
#'
#' @param X Training data, a numeric matrix.
#' @param method `"standard"` or `"minmax"`.
#' @return An object of class `"twinnet_scaler"`: a list with `method`,
#'   `center` and `scale` (one value per column). Use it with
#'   [apply_scaler()] on training and test data alike.
#' @examples
#' d <- make_blobs(100, seed = 1)
#' s <- fit_scaler(d$X)
#' apply_scaler(s, d$X)
#' @export
fit_scaler <- function(X, method = "standard") {
  X <- as_matrix("X", X)
  method <- check_choice("method", method, c("standard", "minmax"))
  n <- nrow(X)
  low <- apply(X, 2L, min)
  high <- apply(X, 2L, max)
  if (method == "standard") {
    if (n < 2L) {
      twinnet_stop("X needs at least 2 rows to fit a standard scaler, got ",
                   n)
    }
    center <- as.vector(exact_colsum(X)) / n
    D <- X - rep(center, each = n)
    scale <- sqrt(as.vector(exact_colsum(D * D)) / (n - 1))
  } else {
    center <- low
    scale <- high - low
  }
  constant <- low == high
  center[constant] <- low[constant]
  scale[constant] <- 1
  scaler(method, center, scale)
}

#' Scale data with a fitted scaler
#'
#' @param scaler The result of [fit_scaler()].
#' @param X A numeric matrix with the columns the scaler was fitted on.
#' @return `(X - center) / scale`, column by column.
#' @examples
#' train <- make_blobs(100, seed = 1)
#' test <- make_blobs(20, seed = 2)
#' s <- fit_scaler(train$X)  # fitted on the training data only
#' head(apply_scaler(s, test$X))
#' @export
apply_scaler <- function(scaler, X) {
  if (!inherits(scaler, "twinnet_scaler")) {
    twinnet_stop("scaler must be the result of fit_scaler()")
  }
  scaler_transform(scaler, X)
}
