# The front end R users know from nnet: twinnet(y ~ ., data) and
# twinnet(x, y), returning a "twinnet_fit". It builds and trains a network()
# with the settings of docs/estimators.md, the contract it shares with the
# Python twin's scikit-learn estimators (python/src/twinnet/estimator.py):
# from the same data and seed both train the same network, bit for bit in
# exact mode. In the twin's order: twinnet() and its fitting core (the
# targets, predict, the hidden sizes, batch rows and the network built).
# Python's scikit-learn methods pair with these functions through "twin:"
# marks. Elsewhere: a fit in a model file (estimator_entry.R), the formula
# interface (formula.R), the print, summary, coef and plot methods
# (methods.R), the package's page (twinnet-package.R).

# The output layer and the loss for each kind of target (docs/estimators.md).
estimator_outputs <- list(
  binary = c(activation = "sigmoid", loss = "binary_cross_entropy"),
  multiclass = c(activation = "softmax", loss = "softmax_cross_entropy"),
  continuous = c(activation = "identity", loss = "mse")
)

estimator_auto_batch <- 200L  # batch_size = NULL is min(200, n), as scikit-learn's MLP

#' Neural networks with a formula, as nnet's
#'
#' Fit a multilayer perceptron to a factor (classification) or numeric
#' (regression) response, with the defaults of scikit-learn's
#' `MLPClassifier`/`MLPRegressor`. The network is built from [network()],
#' [dense()], [activation()], [use()] and [fit()], exactly as the Python
#' twin's `TwinnetClassifier`/`TwinnetRegressor` build it, so both languages
#' train the same network from the same data and seed (bit for bit with
#' `mode = "exact"`); the shared contract is `docs/estimators.md`.
#'
#' The network is `dense(p, hidden[1]) -> activation -> ... ->
#' dense(hidden[k], out) -> output activation`, every dense layer with a bias
#' and its weights drawn with `init` from the network's own stream of R's
#' generator seeded with `seed`. The output and loss follow the response:
#'
#' * a factor with two levels: one `"sigmoid"` unit, the probability of the
#'   *second* level, and `"binary_cross_entropy"`;
#' * a factor with three or more levels: `"softmax"` with one unit per level
#'   (in level order) and `"softmax_cross_entropy"` on one-hot targets;
#' * a character or logical response is a factor with the sorted values as
#'   levels (`sort(unique(y), method = "radix")`: byte order, as
#'   `numpy.unique`, whatever the locale); levels without observations are
#'   dropped with a warning, as nnet does;
#' * a numeric vector or matrix: `"identity"` outputs, one per column, and
#'   `"mse"`.
#'
#' Inputs are used as given (no scaling, as in nnet and scikit-learn). In the
#' formula interface they are `model.matrix(formula, data)` without its
#' intercept column, as in nnet: a factor predictor becomes indicator columns
#' because the formula asks for it. `twinnet.default()` never encodes: a
#' factor or character column of a data frame `x` is an error naming it.
#'
#' @param x A numeric matrix or data frame of inputs (one row per sample), or
#'   for the generic a formula.
#' @param y The response: a factor, character or logical vector
#'   (classification), or a numeric vector or matrix (regression).
#' @param formula A formula `response ~ predictors`, as for [stats::lm()];
#'   `cbind(y1, y2) ~ .` gives several numeric outputs.
#' @param data A data frame holding the variables of `formula`.
#' @param subset Which rows of `data` to use (as in [stats::lm()]).
#' @param na.action What to do with missing values in the formula's
#'   variables; by default `getOption("na.action")`, usually [stats::na.omit()]
#'   (as in lm and nnet). `twinnet.default()` stops on missing values.
#' @param contrasts The contrasts of factor predictors, for
#'   [stats::model.matrix()].
#' @param hidden Units per hidden layer: `100` is one hidden layer of 100
#'   units, `c(20, 10)` two layers, `integer(0)` none (default from
#'   scikit-learn's MLP, `hidden_layer_sizes = (100,)`).
#' @param activation The hidden layers' activation: `"relu"`, `"tanh"`,
#'   `"sigmoid"` or `"identity"` (default `"relu"`, from scikit-learn's MLP).
#' @param optimizer `"adam"` (Kingma and Ba, the default, from scikit-learn's
#'   MLP), `"momentum"` (scikit-learn's) or `"sgd"`.
#' @param lr Learning rate (default `0.001`, scikit-learn's
#'   `learning_rate_init`).
#' @param epochs Passes over the data (default `200`, scikit-learn's
#'   `max_iter`); all of them run: there is no early stopping (see `tol`).
#' @param batch_size Rows per update; `NULL` (the default) is `min(200, n)`,
#'   scikit-learn's `"auto"`. A size larger than `n` is reduced to `n` with a
#'   warning, as scikit-learn does.
#' @param shuffle Visit the rows in a new order each epoch (default `TRUE`, as
#'   scikit-learn's MLP), drawn with `sample.int` from the network's stream.
#' @param init How initial weights are drawn: `"xavier"` (the default:
#'   Glorot and Bengio's uniform scaling, as scikit-learn's MLP), `"he"`,
#'   `"normal"` (Analytics Vidhya), `"aflak"`, `"loy"` or `"nnet"` (see
#'   [dense()]).
#' @param seed Seed of the network's stream: initial weights and shuffling
#'   (default `42`, the seed shared by both languages; Python's
#'   `random_state`). The caller's random-number state is left alone.
#' @param mode `"blas"` (fast, the default) or `"exact"` (every
#'   floating-point operation fixed: identical to the Python twin).
#' @param momentum Momentum of the `"momentum"` optimiser (default `0.9`,
#'   scikit-learn's), a number in \[0, 1\].
#' @param beta1,beta2,epsilon Adam's settings (defaults `0.9`, `0.999`,
#'   `1e-8`, from Kingma and Ba and scikit-learn's MLP): `beta1` and `beta2`
#'   in \[0, 1), `epsilon` positive. These defaults and ranges are the
#'   optimisers' table's, which [fit()] uses too.
#' @param tol,n_iter_no_change scikit-learn's convergence test (defaults
#'   `1e-4` and `10`): where the loss never went more than `n_iter_no_change`
#'   epochs in a row without falling below its best by `tol`, the fit warns
#'   that training did not converge (a warning of class
#'   `"twinnet_convergence_warning"`, scikit-learn's `ConvergenceWarning`;
#'   scikit-learn would have stopped there, twinnet trains every epoch).
#' @param ... For `twinnet()`, the arguments of the methods; for
#'   `twinnet.formula()`, the arguments of `twinnet.default()`; for
#'   `twinnet.default()`, further arguments of [fit()] (`decay`, `progress`,
#'   `on_epoch`, `checkpoint_every`, `checkpoint_path`). An argument none of
#'   them knows is an error.
#' @return An object of class `"twinnet_fit"`, a list with
#'   * `network`: the trained [network()];
#'   * `loss_history`: the loss of every epoch;
#'   * `levels`: the classes (`NULL` for a regression); `inputs`: the input
#'     column names; `outputs`: the output unit names;
#'   * `fitted.values`: the network's output on the training data;
#'     `residuals`: targets (one-hot or 0/1 for classes) minus it;
#'   * `settings`: every setting above (`batch_size` as used);
#'   * `call`, and for the formula interface `terms`, `xlevels`, `contrasts`
#'     and `na.action`.
#'
#' Methods: `print()`, [summary()][summary.twinnet_fit()],
#' [predict()][predict.twinnet_fit()], [coef()][coef.twinnet_fit()],
#' [plot()][plot.twinnet_fit()] (the loss curve), `fitted()` and
#' `residuals()`.
#' @references
#' Pedregosa et al. (2011), Scikit-learn: Machine learning in Python, JMLR
#' 12, 2825-2830 (the defaults: `MLPClassifier`, `MLPRegressor`).
#'
#' Glorot and Bengio (2010), Understanding the difficulty of training deep
#' feedforward neural networks, AISTATS (`init = "xavier"`).
#'
#' Kingma and Ba (2015), Adam: A method for stochastic optimization, ICLR,
#' \doi{10.48550/arXiv.1412.6980} (`optimizer = "adam"`).
#'
#' Venables and Ripley (2002), Modern Applied Statistics with S, Springer
#' (nnet's formula interface, which `twinnet()` follows).
#' @seealso [predict.twinnet_fit()], [summary.twinnet_fit()],
#'   [coef.twinnet_fit()], [plot.twinnet_fit()]; [network()] for the layer
#'   library underneath.
#' @examples
#' fit <- twinnet(Species ~ ., data = iris, hidden = 5, epochs = 50,
#'                lr = 0.01)
#' fit
#' table(predict(fit, iris), iris$Species)
#' head(predict(fit, iris, type = "prob"))
#'
#' # two classes: one sigmoid unit, the probability of the second level
#' cars <- transform(mtcars, am = factor(am, labels = c("auto", "manual")))
#' fit2 <- twinnet(am ~ wt + hp, data = cars, hidden = 3, epochs = 20)
#' predict(fit2, cars[1:3, ], type = "prob")
#'
#' # regression, with the matrix interface
#' reg <- twinnet(as.matrix(mtcars[, c("wt", "hp")]), mtcars$mpg,
#'                hidden = c(4, 4), epochs = 20, mode = "exact")
#' head(predict(reg, mtcars[, c("wt", "hp")]))
#' @export
twinnet <- function(x, ...) UseMethod("twinnet")

#' @rdname twinnet
#' @export
# The settings follow `...`, so that R matches their names exactly: a partial
# name (epoch = 5, hid = 3) reaches check_fit_extras() and is refused, as
# Python refuses max_iters, instead of setting epochs or hidden. The
# optimisers' settings default to their table's values (optimizers.R).
twinnet.default <- function(x, y, ..., hidden = 100, activation = "relu",
                            optimizer = "adam", lr = 0.001, epochs = 200,
                            batch_size = NULL, shuffle = TRUE,
                            init = "xavier", seed = 42, mode = "blas",
                            momentum = optimizer_defaults()$momentum,
                            beta1 = optimizer_defaults()$beta1,
                            beta2 = optimizer_defaults()$beta2,
                            epsilon = optimizer_defaults()$epsilon,
                            tol = 1e-4, n_iter_no_change = 10) {
  call <- match.call()
  call[[1L]] <- as.name("twinnet")
  settings <- list(hidden = hidden, activation = activation,
                   optimizer = optimizer, lr = lr, epochs = epochs,
                   batch_size = batch_size, shuffle = shuffle, init = init,
                   seed = seed, mode = mode, momentum = momentum,
                   beta1 = beta1, beta2 = beta2, epsilon = epsilon, tol = tol,
                   n_iter_no_change = n_iter_no_change)
  extras <- list(...)
  check_fit_extras(extras)
  out <- estimator_fit(estimator_inputs(x, "x"), y, settings, extras)
  out$call <- call
  out
}

# one side: R's `...` passes fit()'s own arguments on (Python's estimators
# take only their parameters)
# fit()'s own arguments, beyond those twinnet() sets, may pass through `...`;
# anything else (a misspelt setting) is an error rather than ignored.
check_fit_extras <- function(extras) {
  allowed <- setdiff(names(formals(fit.twinnet_network)),
                     c("object", "X", "Y", "epochs", "lr", "batch_size",
                       "shuffle", "optimizer", "momentum", "beta1", "beta2",
                       "epsilon", "..."))
  given <- names(extras)
  if (is.null(given)) given <- rep("", length(extras))
  unknown <- given[!(given %in% allowed)]
  if (length(unknown)) {
    shown <- ifelse(nzchar(unknown), paste0("'", unknown, "'"), "(unnamed)")
    twinnet_stop("unknown argument", if (length(unknown) > 1L) "s", " ",
                 paste(shown, collapse = ", "), "; twinnet() takes ",
                 paste(names(estimator_setting_rules), collapse = ", "),
                 " and fit()'s ", paste(allowed, collapse = ", "))
  }
}

estimator_fit <- function(inputs, y, settings, extras) {
  settings$hidden <- check_hidden(settings$hidden)
  X <- inputs$X
  n <- nrow(X)
  target <- estimator_targets(y, n)
  settings$batch_size <- estimator_batch_rows(settings$batch_size, n)
  settings$tol <- check_number_in("tol", settings$tol, 0, Inf)
  settings$n_iter_no_change <- check_positive_integer("n_iter_no_change",
                                                      settings$n_iter_no_change)
  stopped <- stop_state$count
  net <- estimator_network(ncol(X), ncol(target$Y), target$kind, settings)
  net <- do.call(fit, c(list(net, X, target$Y, settings$epochs,
                             lr = settings$lr,
                             batch_size = settings$batch_size,
                             shuffle = settings$shuffle,
                             optimizer = settings$optimizer,
                             momentum = settings$momentum,
                             beta1 = settings$beta1, beta2 = settings$beta2,
                             epsilon = settings$epsilon), extras))
  if (stop_state$count == stopped) {  # not after Ctrl-C, as scikit-learn
    message <- convergence_check(net$loss_history, settings$tol, settings$n_iter_no_change)
    if (!is.null(message)) convergence_warning(message)
  }
  output <- estimator_outputs[[target$kind]]
  settings$output <- output[["activation"]]
  settings$loss <- output[["loss"]]
  fitted <- predict(net, X)
  outputs <- estimator_output_names(target$levels, y, ncol(fitted))
  dimnames(fitted) <- list(inputs$rows, outputs)
  residuals <- target$Y - fitted
  dimnames(residuals) <- dimnames(fitted)
  structure(list(
    network = net, loss_history = net$loss_history, levels = target$levels,
    response = if (is.null(target$levels)) outputs else "y",
    inputs = inputs$columns, outputs = outputs, n = n, settings = settings,
    y = target$y, fitted.values = fitted, residuals = residuals, call = NULL
  ), class = "twinnet_fit")
}

# The network's output for new data, NA for rows a formula fit drops.
estimator_predict_raw <- function(object, newdata) {
  new <- if (is.null(object$terms)) {
    default_newdata(object, newdata)
  } else {
    formula_newdata(object, newdata)
  }
  out <- matrix(NA_real_, length(new$rows), length(object$outputs),
                dimnames = list(new$names, object$outputs))
  if (length(new$keep)) {
    out[new$keep, ] <- predict(object$network, as_matrix("newdata", new$X))
  }
  out
}

# The target matrix, its kind (binary, multiclass, continuous) and classes.
estimator_targets <- function(y, n) {
  if (is.data.frame(y)) {
    if (ncol(y) == 1L) y <- y[[1L]] else reject_categorical(y, "y")
  }
  classes <- is.factor(y) || is.character(y) || is.logical(y)
  if (classes && !is.null(dim(y))) {
    twinnet_stop("y must be a vector when it holds classes, got a ",
                 paste(dim(y), collapse = " x "), " array")
  }
  if (!classes) {
    Y <- as_matrix("y", y, column = TRUE)
    if (nrow(Y) != n) twinnet_stop("x has ", n, " rows but y has ", nrow(Y))
    return(list(Y = Y, kind = "continuous", levels = NULL, y = Y))
  }
  if (length(y) != n) twinnet_stop("x has ", n, " rows but y has ", length(y))
  y <- as_classes(y)
  lev <- levels(y)
  if (length(lev) == 2L) {
    Y <- matrix(as.numeric(y == lev[2L]), ncol = 1L)
    return(list(Y = Y, kind = "binary", levels = lev, y = y))
  }
  Y <- diag(length(lev))[as.integer(y), , drop = FALSE]
  list(Y = Y, kind = "multiclass", levels = lev, y = y)
}

#' Predict with a twinnet fit
#'
#' @param object A fit from [twinnet()].
#' @param newdata New inputs: a data frame for a formula fit (rows with
#'   missing values give `NA`); a matrix or data frame with the training
#'   columns for a `twinnet(x, y)` fit (columns are matched by name when both
#'   have names). Missing: the training data.
#' @param type `"class"` (the default for a classification): the class of
#'   each row as a factor with the training levels, the second level where
#'   its probability is above 0.5 for two classes, else the most probable
#'   class (the first on ties), as nnet and scikit-learn decide
#'   ([predicted_classes()]'s rule).
#'   `"prob"`: a matrix with a column per class (two for two classes:
#'   `1 - p` and `p`). `"raw"` (the default for a regression): the network's
#'   output, a matrix with a column per output unit.
#' @param ... Unused.
#' @return A factor (`"class"`) or a matrix (`"prob"`, `"raw"`) with one row
#'   per row of `newdata`.
#' @examples
#' fit <- twinnet(Species ~ ., data = iris, hidden = 4, epochs = 20)
#' predict(fit, iris[c(1, 51, 101), ])
#' predict(fit, iris[c(1, 51, 101), ], type = "prob")
#' predict(fit, iris[c(1, 51, 101), ], type = "raw")
#' @export
predict.twinnet_fit <- function(object, newdata, type = c("class", "prob", "raw"),
                                ...) {
  classification <- !is.null(object$levels)
  if (missing(type)) {
    type <- if (classification) "class" else "raw"
  } else {
    type <- check_choice("type", type, c("class", "prob", "raw"))
  }
  if (!classification && type != "raw") {
    twinnet_stop("type '", type, "' needs a classification fit; this one is ",
                 "a regression: use type = 'raw'")
  }
  raw <- if (missing(newdata) || is.null(newdata)) {
    if (is.null(object$fitted.values)) {
      twinnet_stop("this fit was loaded from a model file, which keeps no training ",
                   "data: give newdata")
    }
    object$fitted.values
  } else {
    estimator_predict_raw(object, newdata)
  }
  if (type == "raw") return(raw)
  lev <- object$levels
  if (type == "prob") {
    if (length(lev) == 2L) {
      raw <- matrix(c(1 - raw[, 1L], raw[, 1L]), ncol = 2L,
                    dimnames = list(rownames(raw), lev))
    }
    return(raw)
  }
  factor(lev[predicted_classes(raw) + 1L], levels = lev)
}

# one side: R's newdata of a twinnet(x, y) fit (Python: scikit-learn's validate_data)
# New data for a twinnet(x, y) fit: the training columns, by name when both
# have names; a vector is one row (one column for a one-input network).
default_newdata <- function(object, newdata) {
  if (is.null(dim(newdata))) {
    p <- network_sizes(object$network)[1L]
    if (length(newdata) %% p != 0L) {
      twinnet_stop("newdata has ", length(newdata), " values, not a multiple ",
                   "of the network's ", p, " inputs")
    }
    newdata <- matrix(newdata, ncol = p, byrow = TRUE)
  }
  if (!is.null(object$inputs) && !is.null(colnames(newdata))) {
    absent <- setdiff(object$inputs, colnames(newdata))
    if (length(absent)) {
      twinnet_stop("newdata has no column '", absent[1], "' (the model was ",
                   "trained on ", paste(object$inputs, collapse = ", "), ")")
    }
    newdata <- newdata[, object$inputs, drop = FALSE]
  }
  reject_categorical(newdata, "newdata")
  rows <- seq_len(nrow(newdata))
  list(X = newdata, keep = rows, rows = rows, names = rownames(newdata))
}

# one side: R's data frames and matrices (Python: scikit-learn's validate_data)
# Inputs as a numeric matrix and their column names (NULL when unnamed).
estimator_inputs <- function(x, name) {
  reject_categorical(x, name)
  if (is.null(dim(x)) && (is.numeric(x) || is.logical(x))) {
    x <- matrix(x, ncol = 1L, dimnames = list(names(x), NULL))
  }
  list(X = as_matrix(name, x), columns = colnames(x), rows = rownames(x))
}

# one side: R's factors (Python: numpy.unique in the classifier's _targets)
# The classes of a response: a factor keeps its level order; character and
# logical values are sorted in byte order (numpy.unique's order).
as_classes <- function(y) {
  if (!is.factor(y)) y <- factor(y, levels = sort(unique(y), method = "radix"))
  missing <- which(is.na(y))
  if (length(missing)) {
    twinnet_stop("y has a missing value at position ", missing[1])
  }
  counts <- table(y)
  if (any(counts == 0L)) {
    empty <- names(counts)[counts == 0L]
    warning("class", if (length(empty) > 1L) "es", " ",
            paste(sQuote(empty, FALSE), collapse = ", "),
            " of y ha", if (length(empty) > 1L) "ve" else "s",
            " no observations and ", if (length(empty) > 1L) "are" else "is",
            " dropped, as nnet does", call. = FALSE)
    y <- factor(y, levels = names(counts)[counts > 0L])
  }
  if (nlevels(y) < 2L) {
    twinnet_stop("y has one class, ", show_value(levels(y)),
                 "; classification needs at least two")
  }
  y
}

# one side: R names the output units (the fitted values' columns; Python's
# outputs are unnamed arrays)
# Output unit names: the second class (one sigmoid unit), the classes, or
# the response's columns (y, or y1, y2, ... when unnamed).
estimator_output_names <- function(levels, y, k) {
  if (length(levels) == 2L) return(levels[2L])
  if (length(levels)) return(levels)
  if (length(colnames(y)) == k) return(colnames(y))
  if (k == 1L) "y" else paste0("y", seq_len(k))
}

# A data frame's first factor or character column is an error naming it:
# twinnet never encodes silently (docs/estimators.md).
reject_categorical <- function(data, name) {
  if (!is.data.frame(data)) return(invisible())
  kinds <- vapply(data, function(v) {
    if (is.factor(v)) "a factor" else if (is.character(v)) "text (character)" else ""
  }, character(1))
  bad <- which(nzchar(kinds))
  if (length(bad)) {
    twinnet_stop(name, " must be numeric, column '", names(data)[bad[1]], "' is ",
                 kinds[bad[1]], "; twinnet never encodes silently: use the ",
                 "formula interface, twinnet(y ~ ., data), whose model.matrix() ",
                 "expands factors, or encode it first")
  }
  invisible()
}

# The units of each hidden layer, from hidden.
check_hidden <- function(hidden) {
  if (is.null(hidden)) return(integer(0))
  if (!is.numeric(hidden)) {
    twinnet_stop("hidden must be positive integers (units per hidden layer), ",
                 "got ", show_value(hidden))
  }
  vapply(hidden, function(h) {
    if (!is_number(h) || h != round(h) || h < 1) {
      twinnet_stop("hidden must be positive integers (units per hidden ",
                   "layer), got ", show_value(hidden))
    }
    as.integer(h)
  }, integer(1))
}

# Rows per batch: NULL is min(200, n); more than n is n, with scikit-learn's
# warning (the Python twin warns in the same words).
estimator_batch_rows <- function(batch_size, n) {
  if (is.null(batch_size)) return(min(estimator_auto_batch, n))
  size <- check_positive_integer("batch_size", batch_size)
  if (size > n) {
    warning("batch_size is ", size, " but the data have ", n, " rows; using ",
            n, " (one full batch), as scikit-learn's MLP does", call. = FALSE)
    return(n)
  }
  size
}

# The contract's network (docs/estimators.md), its weights drawn from the
# seed's stream in order.
estimator_network <- function(n_in, n_out, kind, settings) {
  output <- estimator_outputs[[kind]]
  sizes <- c(n_in, settings$hidden, n_out)
  net <- network(seed = settings$seed, mode = settings$mode)
  last <- length(sizes) - 1L
  for (l in seq_len(last)) {
    net <- add(net, dense(sizes[l], sizes[l + 1L], bias = TRUE,
                          init = settings$init))
    net <- add(net, activation(if (l == last) output[["activation"]] else
      settings$activation))
  }
  use(net, output[["loss"]])
}
