# Networks trained elsewhere, as twinnet networks: from_nnet() takes a fit of
# R's nnet package; the Python twin (python/src/twinnet/imports.py) has
# from_sklearn() for scikit-learn's fitted MLPs. Each object lives in one
# language only, so each import is on one side; the other language reads the
# network through a model file (save_model()/load_model(), docs/estimators.md
# "From scikit-learn and nnet"). nnet is not loaded here: the fit's own
# fields (n, wts, conn, nsunits, softmax, entropy, censored) say everything.

#' A twinnet network from an nnet fit
#'
#' Builds a [network()] (mode "blas") with the weights of a fit of the nnet
#' package (`nnet::nnet()`, single hidden layer): nnet's `n = c(inputs,
#' hidden, outputs)` and its weights `wts`, unit by unit, each unit's bias
#' first and then its inputs (`b->h1`, `i1->h1`, ..., `b->o`, `h1->o`, ...).
#' The hidden layer is sigmoid; the output is identity for `linout = TRUE`,
#' softmax for `softmax = TRUE` (loss `softmax_cross_entropy`), else sigmoid
#' (loss `binary_cross_entropy` for `entropy = TRUE`, else `sse`, nnet's
#' least squares; `sse` for `linout` too).
#'
#' `predict()` of the network equals `predict(fit, x, type = "raw")` to
#' rounding wherever every unit's input lies within +-15: nnet's sigmoid
#' gives exactly 0 or 1 beyond, twinnet's does not (a difference of at most
#' 3.1e-7). For a formula fit, the inputs are the columns of its model
#' matrix (`fit$coefnames`). Skip-layer connections (`skip = TRUE`) and
#' censored fits have no twinnet network and stop with an error.
#'
#' @param fit A fit of `nnet::nnet()` (class "nnet").
#' @return A twinnet network.
#' @examples
#' if (requireNamespace("nnet", quietly = TRUE)) {
#'   x <- as.matrix(iris[, 1:4])
#'   fit <- nnet::nnet(x, iris$Sepal.Width, size = 3, linout = TRUE,
#'                     trace = FALSE)
#'   net <- from_nnet(fit)
#'   max(abs(predict(net, x) - predict(fit, x, type = "raw")))
#' }
#' @export
# one side: nnet fits live in R; Python reads the model file R saves
from_nnet <- function(fit) {
  if (!inherits(fit, "nnet")) {
    twinnet_stop("fit must be an nnet fit (from nnet::nnet), got an object of class ",
                 paste(class(fit), collapse = "/"))
  }
  if (isTRUE(fit$censored)) {
    twinnet_stop("from_nnet cannot import a censored nnet fit (censored = TRUE)")
  }
  n <- as.integer(fit$n)
  n_in <- n[1L]
  n_hidden <- n[2L]
  n_out <- n[3L]
  skip <- n_hidden == 0L ||
    !identical(as.integer(fit$conn),
               c(rep(c(0L, seq_len(n_in)), n_hidden),
                 rep(c(0L, n_in + seq_len(n_hidden)), n_out)))
  if (skip) {
    twinnet_stop("from_nnet cannot import skip-layer connections (skip = TRUE): ",
                 "twinnet's dense layers connect each layer to the next only")
  }
  wts <- as.numeric(fit$wts)
  k <- n_hidden * (n_in + 1L)
  first <- matrix(wts[seq_len(k)], nrow = n_in + 1L)
  second <- matrix(wts[k + seq_len(n_out * (n_hidden + 1L))], nrow = n_hidden + 1L)
  if (isTRUE(fit$softmax)) {
    out <- c("softmax", "softmax_cross_entropy")
  } else if (fit$nsunits < fit$nunits) {
    out <- c("identity", "sse")
  } else {
    out <- c("sigmoid", if (isTRUE(fit$entropy)) "binary_cross_entropy" else "sse")
  }
  specs <- list(
    list(type = "dense", n_in = n_in, n_out = n_hidden),
    list(type = "activation", name = "sigmoid"),
    list(type = "dense", n_in = n_hidden, n_out = n_out),
    list(type = "activation", name = out[1L])
  )
  network_from_specs(specs, mode = "blas", loss = out[2L],
                     weights = list(first[-1L, , drop = FALSE],
                                    second[-1L, , drop = FALSE]),
                     biases = list(first[1L, ], second[1L, ]))
}
