# The front end R users know from nnet: twinnet(y ~ ., data) and
# twinnet(x, y), returning a "twinnet_fit" with print, summary, predict, coef,
# plot, fitted and residuals. It builds and trains a network() with the
# settings of docs/estimators.md, the contract it shares with the Python
# twin's scikit-learn estimators (python/src/twinnet/sklearn.py): from the
# same data and seed both train the same network, bit for bit in exact mode.
# Also here: the summary, coef and plot methods of networks and mlps.

# The output layer and the loss for each kind of target (docs/estimators.md).
estimator_outputs <- list(
  binary = c(activation = "sigmoid", loss = "binary_cross_entropy"),
  multiclass = c(activation = "softmax", loss = "softmax_cross_entropy"),
  continuous = c(activation = "identity", loss = "mse")
)

estimator_auto_batch <- 200L  # batch_size = NULL is min(200, n), as scikit-learn's MLP

#' twinnet: a neural network written twice, in R and in Python
#'
#' A multilayer perceptron written in base R with a twin in Python (numpy)
#' that gives the same weights, outputs and loss history from the same seed
#' and data, to the last bit in `mode = "exact"`. It grows out of three
#' "neural network from scratch" articles, whose defaults the low-level
#' functions keep:
#'
#' * Analytics Vidhya's sigmoid network in Python and R (full-batch gradient
#'   descent, `lr = 0.1`, `rnorm` weights and `runif` biases, the
#'   `"half_sse"` loss): [mlp()], [toy_data()];
#' * James Loy's two-layer network (`"sse"`, no bias, `runif` weights):
#'   [loy_data()];
#' * Omar Aflak's layer library (dense and activation layers, `"mse"`,
#'   per-sample descent): [network()], [dense()], [activation()], [add()],
#'   [use()], [fit()], [xor_data()].
#'
#' For everyday use, [twinnet()] is the front end nnet users know
#' (`twinnet(y ~ ., data)`, `predict(type = "class")`), with the defaults of
#' scikit-learn's MLP, the same network as the Python twin's
#' `TwinnetClassifier`/`TwinnetRegressor`. Files: [save_model()],
#' [load_model()], [read_config()], [twinnet_cli()]; pictures: [plot_loss()]
#' and friends; checks: [compare_files()], [ulps()].
#'
#' R's random numbers are the shared source: `seed = s` draws what
#' `set.seed(s)` then `rnorm()`/`runif()`/`sample.int()` give, and the
#' Python twin reproduces R's generators bit for bit. Functions that draw
#' leave the caller's random-number state alone.
#' @aliases NULL twinnet-package
"_PACKAGE"

# The package's imports, in one place (roxygen writes them to NAMESPACE):
# stats' generators draw initial weights and data (init.R, datasets.R);
# predict, coef and plot are the generics of the methods here and in
# layers.R; read.csv reads data files (io.R).
#' @useDynLib twinnet, .registration = TRUE
#' @importFrom graphics plot
#' @importFrom stats coef predict rnorm runif
#' @importFrom utils read.csv
NULL

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
#'   scikit-learn's).
#' @param beta1,beta2,epsilon Adam's settings (defaults `0.9`, `0.999`,
#'   `1e-8`, from Kingma and Ba and scikit-learn's MLP).
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
# na.action: the argument's name in lm, glm and nnet
twinnet.formula <- function(formula, data, ..., subset, na.action, # nolint: object_name_linter.
                            contrasts = NULL) {
  call <- match.call()
  call[[1L]] <- as.name("twinnet")  # so that update() finds the generic
  frame_call <- match.call(expand.dots = FALSE)
  keep <- match(c("formula", "data", "subset", "na.action"),
                names(frame_call), 0L)
  frame_call <- frame_call[c(1L, keep)]
  frame_call[[1L]] <- quote(stats::model.frame)
  frame <- formula_errors(eval(frame_call, parent.frame()), "the formula and data")
  model_terms <- attr(frame, "terms")
  x <- formula_errors(stats::model.matrix(model_terms, frame, contrasts),
                      "the formula and data")
  used_contrasts <- attr(x, "contrasts")
  x <- x[, colnames(x) != "(Intercept)", drop = FALSE]
  if (ncol(x) == 0L) {
    twinnet_stop("the formula has no predictors; twinnet needs at least one ",
                 "input column")
  }
  y <- stats::model.response(frame)
  if (is.null(y)) twinnet_stop("the formula has no response (y ~ ...)")
  if (is.numeric(y) && is.null(dim(y))) {
    # the response's name becomes the output's name
    y <- matrix(y, ncol = 1L, dimnames = list(names(y), deparse(formula[[2L]])))
  }
  out <- twinnet.default(x, y, ...)
  out$call <- call
  if (!is.matrix(y)) out$response <- deparse(formula[[2L]])
  out$terms <- model_terms
  out$xlevels <- stats::.getXlevels(model_terms, frame)
  out$contrasts <- used_contrasts
  out$na.action <- attr(frame, "na.action")
  out
}

#' @rdname twinnet
#' @export
# The settings follow `...`, so that R matches their names exactly: a partial
# name (epoch = 5, hid = 3) reaches check_fit_extras() and is refused, as
# Python refuses max_iters, instead of setting epochs or hidden.
twinnet.default <- function(x, y, ..., hidden = 100, activation = "relu",
                            optimizer = "adam", lr = 0.001, epochs = 200,
                            batch_size = NULL, shuffle = TRUE,
                            init = "xavier", seed = 42, mode = "blas",
                            momentum = 0.9, beta1 = 0.9, beta2 = 0.999,
                            epsilon = 1e-8, tol = 1e-4, n_iter_no_change = 10) {
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

# fit()'s own arguments, beyond those twinnet() sets, may pass through `...`;
# anything else (a misspelt setting) is an error rather than ignored.
check_fit_extras <- function(extras) {
  allowed <- setdiff(names(formals(fit.twinnet_network)),
                     c("model", "X", "Y", "epochs", "lr", "batch_size",
                       "shuffle", "optimizer", "momentum", "beta1", "beta2",
                       "epsilon", "..."))
  given <- names(extras)
  if (is.null(given)) given <- rep("", length(extras))
  unknown <- given[!(given %in% allowed)]
  if (length(unknown)) {
    shown <- ifelse(nzchar(unknown), paste0("'", unknown, "'"), "(unnamed)")
    twinnet_stop("unknown argument", if (length(unknown) > 1L) "s", " ",
                 paste(shown, collapse = ", "), "; twinnet() takes hidden, ",
                 "activation, optimizer, lr, epochs, batch_size, shuffle, init, ",
                 "seed, mode, momentum, beta1, beta2, epsilon, tol, n_iter_no_change ",
                 "and fit()'s ",
                 paste(allowed, collapse = ", "))
  }
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

# Inputs as a numeric matrix and their column names (NULL when unnamed).
estimator_inputs <- function(x, name) {
  reject_categorical(x, name)
  if (is.null(dim(x)) && (is.numeric(x) || is.logical(x))) {
    x <- matrix(x, ncol = 1L, dimnames = list(names(x), NULL))
  }
  list(X = as_matrix(name, x), columns = colnames(x), rows = rownames(x))
}

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

# Output unit names: the second class (one sigmoid unit), the classes, or
# the response's columns (y, or y1, y2, ... when unnamed).
estimator_output_names <- function(levels, y, k) {
  if (length(levels) == 2L) return(levels[2L])
  if (length(levels)) return(levels)
  if (length(colnames(y)) == k) return(colnames(y))
  if (k == 1L) "y" else paste0("y", seq_len(k))
}

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

#' @rdname summary.twinnet_fit
#' @export
print.twinnet_fit <- function(x, ...) {
  s <- x$settings
  cat("twinnet fit: ", estimator_task(x), "\n", sep = "")
  cat("a ", paste(network_sizes(x$network), collapse = "-"), " network (",
      estimator_layers_text(s), "), ", parameter_count(x$network),
      " parameters\n", sep = "")
  cat(estimator_training_text(x), "\n", sep = "")
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
  paste0("trained ", length(h), if (length(h) == 1L) " epoch" else " epochs",
         if (!is.null(x$n)) paste0(" on ", x$n, " rows"), " (", s$optimizer,
         ", lr = ", format(s$lr), ", batch ",
         if (is.null(s$batch_size)) "auto" else s$batch_size,
         if (s$shuffle) ", shuffled", ", ", s$mode, " mode, seed ", s$seed,
         "); final loss ", format(h[length(h)], digits = 6))
}

parameter_count <- function(net) {
  sum(vapply(c(net$weights, net$biases), length, integer(1)))
}

#' Summarise a twinnet fit
#'
#' `print()` shows a fit in three lines: the task, the network, the
#' training; `summary()` adds the call, the inputs, every layer, the loss of
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
#'   `loss_history` and, for a classification, `accuracy` (the share of
#'   training rows predicted right). Its `print()` method shows them.
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
    training = estimator_training_text(object)
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
  cat(x$training, "\n", sep = "")
  cat("loss: first epoch ", format(x$loss_history[1L], digits = 6),
      ", last epoch ", format(x$final_loss, digits = 6), " (", x$settings$loss,
      ")\n", sep = "")
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
    } else {
      paste("activation", l$name)
    }
    sprintf("%d. %s", i, text)
  }, character(1))
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
#'   class (the first on ties), as nnet and scikit-learn decide.
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
  index <- if (length(lev) == 2L) {
    1L + (raw[, 1L] > 0.5)
  } else {
    max.col(raw, ties.method = "first")
  }
  factor(lev[index], levels = lev)
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

# Base R's errors in building a model frame or matrix (a variable not found,
# 'data' not a data frame, a function not found, a type that does not match
# the fit's) as one twinnet error line, without base R's internal call.
formula_errors <- function(expr, what) {
  tryCatch(expr, error = function(e) {
    if (inherits(e, "twinnet_error")) stop(e)
    twinnet_stop("could not use ", what, ": ", conditionMessage(e))
  })
}

# New data through the fit's terms: rows with missing values are left out.
formula_newdata <- function(object, newdata) {
  if (!is.data.frame(newdata) && !is.list(newdata) && is.null(dim(newdata))) {
    twinnet_stop("newdata must be a data frame with the columns of the formula, got ",
                 class(newdata)[1])
  }
  newdata <- as.data.frame(newdata)
  rows <- row.names(newdata)
  model_terms <- stats::delete.response(object$terms)
  X <- formula_errors({
    frame <- stats::model.frame(model_terms, newdata, na.action = stats::na.omit,
                                xlev = object$xlevels)
    classes <- attr(model_terms, "dataClasses")
    if (!is.null(classes)) stats::.checkMFClasses(classes, frame)
    stats::model.matrix(model_terms, frame, contrasts.arg = object$contrasts)
  }, "newdata with the fit's formula")
  list(X = X[, colnames(X) != "(Intercept)", drop = FALSE],
       keep = match(row.names(frame), rows), rows = rows, names = rows)
}

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
#' (Loy's "loss per iteration" graph). [plot_loss()] writes the same curve to
#' a PNG file, as the Python twin draws it.
#'
#' @param x A fit from [twinnet()], or a trained [network()] or [mlp()].
#' @param log `"y"` for a logarithmic loss axis.
#' @param ... Further arguments of [graphics::plot()], e.g. `main`, `col`.
#' @return `x`, invisibly.
#' @examples
#' fit <- twinnet(Species ~ ., data = iris, hidden = 4, epochs = 30)
#' plot(fit)
#' plot(fit$network, log = "y")
#' @export
plot.twinnet_fit <- function(x, log = "", ...) {
  plot_history(x$loss_history, x$settings$loss, log, ...)
  invisible(x)
}

#' @rdname plot.twinnet_fit
#' @export
plot.twinnet_network <- function(x, log = "", ...) {
  plot_history(x$loss_history, x$loss, log, ...)
  invisible(x)
}

plot_history <- function(history, loss, log, ...) {
  if (!length(history)) {
    twinnet_stop("the network has not been trained: there is no loss to plot")
  }
  defaults <- list(x = seq_along(history), y = history, type = "l",
                   log = log, xlab = "epoch",
                   ylab = paste0("loss (", loss, ")"), main = "Loss per epoch")
  do.call(graphics::plot, utils::modifyList(defaults, list(...)))
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

# ---------------------------------------------------------------------------
# Saving and loading a fit: the model file's optional "estimator" entry
# (docs/formats.md), written by save_model() and read by load_model(), so
# that a fit saved by R loads as a TwinnetClassifier/TwinnetRegressor in
# Python and the reverse. Twin: estimator_entry/estimator_from_entry in
# python/src/twinnet/sklearn.py, with the same checks and messages.

estimator_entry_keys <- c("kind", "classes", "features", "response", "outputs",
                          "formula", "xlevels", "contrasts", "rows", "settings")

# Each setting's check and what its message says it must be.
estimator_setting_rules <- list(
  hidden = "a list of positive whole numbers", activation = "a string",
  optimizer = "a string", lr = "a number", epochs = "a positive whole number",
  batch_size = "null or a positive whole number", shuffle = "true or false",
  init = "a string", seed = "null or a whole number", mode = "\"blas\" or \"exact\"",
  momentum = "a number", beta1 = "a number", beta2 = "a number", epsilon = "a number",
  tol = "a number", n_iter_no_change = "a positive whole number"
)

# The entry for a fit, as save_model() writes it (numbers round-tripping).
estimator_entry <- function(fit) {
  s <- fit$settings
  num <- function(v) if (!is.null(v)) verbatim(num_text(as.numeric(v)))
  strings <- function(v) if (!is.null(v)) I(as.character(v))
  named <- function(v, f) {
    if (!length(v)) return(structure(list(), names = character(0)))
    lapply(v, f)
  }
  if (!all(vapply(fit$contrasts, is.character, logical(1)))) {
    twinnet_stop("cannot save the fit: its contrasts must be given by name ",
                 "(such as \"contr.treatment\"), not as matrices")
  }
  classifier <- !is.null(fit$levels)
  response <- fit$response
  formula_text <- if (!is.null(fit$terms)) {
    paste(deparse(stats::formula(fit$terms), width.cutoff = 500L), collapse = " ")
  }
  list(
    kind = if (classifier) "classifier" else "regressor",
    classes = strings(fit$levels),
    features = strings(fit$inputs),
    response = if (is.character(response) && length(response) == 1L) response,
    outputs = if (!classifier) strings(fit$outputs),
    formula = formula_text,
    xlevels = named(fit$xlevels, function(v) I(as.character(v))),
    contrasts = named(fit$contrasts, function(v) v),
    rows = num(fit$n),
    settings = list(
      hidden = verbatim(json_numbers(as.numeric(s$hidden))),
      activation = s$activation, optimizer = s$optimizer, lr = num(s$lr),
      epochs = num(s$epochs), batch_size = num(s$batch_size), shuffle = s$shuffle,
      init = s$init, seed = num(s$seed), mode = s$mode, momentum = num(s$momentum),
      beta1 = num(s$beta1), beta2 = num(s$beta2), epsilon = num(s$epsilon),
      tol = num(s$tol), n_iter_no_change = num(s$n_iter_no_change)
    )
  )
}

is_json_string <- function(v) is.character(v) && length(v) == 1L && !is.na(v)
is_json_whole <- function(v) {
  is.numeric(v) && length(v) == 1L && is.finite(v) && v == round(v)
}
is_json_flag <- function(v) is.logical(v) && length(v) == 1L && !is.na(v)
is_json_list <- function(v) is.list(v) && is.null(names(v))
is_json_object <- function(v) is.list(v) && !is.null(names(v))

# Does a setting's value follow its rule (estimator_setting_rules)?
estimator_setting_ok <- function(key, v) {
  switch(key,
    hidden = is_json_list(v) && all(vapply(v, function(h) is_json_whole(h) && h >= 1,
                                           logical(1))),
    epochs = , n_iter_no_change = is_json_whole(v) && v >= 1,
    batch_size = is.null(v) || (is_json_whole(v) && v >= 1),
    shuffle = is_json_flag(v),
    seed = is.null(v) || is_json_whole(v),
    mode = is_json_string(v) && v %in% c("blas", "exact"),
    lr = , momentum = , beta1 = , beta2 = , epsilon = , tol = is.numeric(v) &&
      length(v) == 1L && is.finite(v),
    is_json_string(v)
  )
}

# The class labels of an entry as factor levels: strings as they are,
# booleans as "FALSE"/"TRUE", numbers as their shortest round-tripping text.
estimator_entry_levels <- function(classes, bad) {
  kind_of <- function(v) {
    if (is_json_string(v)) "string" else if (is_json_flag(v)) "boolean" else
      if (is.numeric(v) && length(v) == 1L && is.finite(v)) "number" else "other"
  }
  kinds <- if (is_json_list(classes)) vapply(classes, kind_of, character(1))
  values <- unlist(classes)
  if (!is_json_list(classes) || length(classes) < 2L || any(kinds == "other") ||
        length(unique(kinds)) != 1L || anyDuplicated(values)) {
    bad("estimator 'classes' must be a list of at least two different labels, ",
        "all strings, all numbers or all booleans")
  }
  if (kinds[1] == "number") num_text(as.numeric(values)) else as.character(values)
}

# The network's output: units and the activation it ends in.
estimator_network_output <- function(net) {
  last <- net$layers[[length(net$layers)]]
  list(units = network_sizes(net)[length(network_sizes(net))],
       activation = if (last$kind == "activation") last$name else "none")
}

# Check an entry read by load_model() and build the fit it describes around
# the loaded network: predict() works, fitted values and residuals are not
# kept (the training data are not in the file).
estimator_from_entry <- function(entry, net, path) {
  bad <- function(...) twinnet_stop("model file ", path, ": ", ...)
  if (!is_json_object(entry)) bad("'estimator' must be an object")
  unknown <- sort(setdiff(names(entry), estimator_entry_keys))
  if (length(unknown)) bad("'estimator' has unknown keys: ", paste(unknown, collapse = ", "))
  if (inherits(net, "twinnet_mlp")) {
    bad("an 'estimator' entry needs a network model (config 'network'), not 'layers'")
  }
  target <- estimator_entry_target(entry, net, bad)
  names <- estimator_entry_names(entry, network_sizes(net), bad)
  rows <- entry$rows
  if (!is.null(rows) && !(is_json_whole(rows) && rows >= 1)) {
    bad("estimator 'rows' must be null or a positive whole number")
  }
  settings <- estimator_entry_settings(entry$settings, bad)
  if (is.null(settings$batch_size) && !is.null(rows)) {
    settings$batch_size <- as.integer(min(estimator_auto_batch, rows))
  }
  settings$output <- target$activation
  settings$loss <- net$loss
  classifier <- entry$kind == "classifier"
  outputs <- names$outputs
  if (classifier) {
    outputs <- estimator_output_names(target$levels, NULL, target$units)
  } else if (is.null(outputs)) {
    outputs <- estimator_output_names(NULL, NULL, target$units)
  }
  response <- entry$response
  if (is.null(response)) response <- if (classifier) "y" else outputs
  fit <- structure(list(
    network = net, loss_history = net$loss_history, levels = target$levels,
    response = response, inputs = names$features, outputs = outputs,
    n = if (!is.null(rows)) as.integer(rows), settings = settings, y = NULL,
    fitted.values = NULL, residuals = NULL, call = NULL
  ), class = "twinnet_fit")
  if (!is.null(entry$formula)) {
    fit$terms <- tryCatch(
      stats::terms(stats::as.formula(entry$formula, env = globalenv())),
      error = function(e) {
        bad("estimator 'formula' is not a formula R can read: ", conditionMessage(e))
      }
    )
    fit$xlevels <- if (length(entry$xlevels)) lapply(entry$xlevels, unlist)
    fit$contrasts <- if (length(entry$contrasts)) lapply(entry$contrasts, unlist)
  }
  fit
}

# The kind and classes of an entry, checked against the network's output:
# the levels (NULL for a regressor), the output units and activation.
estimator_entry_target <- function(entry, net, bad) {
  kind <- entry$kind
  if (!is_json_string(kind) || !(kind %in% c("classifier", "regressor"))) {
    bad("estimator 'kind' must be \"classifier\" or \"regressor\"")
  }
  output <- estimator_network_output(net)
  levels <- NULL
  if (kind == "classifier") {
    if (is.null(entry$classes)) bad("estimator 'classes' is required for a classifier")
    if (!is.null(entry$outputs)) bad("estimator 'outputs' is for regressors only")
    levels <- estimator_entry_levels(entry$classes, bad)
    target <- if (length(levels) == 2L) "binary" else "multiclass"
    units <- if (length(levels) == 2L) 1L else length(levels)
    what <- paste0("a classifier of ", length(levels), " classes")
  } else {
    if (!is.null(entry$classes)) bad("estimator 'classes' is for classifiers only")
    target <- "continuous"
    units <- output$units
    what <- "a regressor"
  }
  act <- estimator_outputs[[target]][["activation"]]
  if (output$units != units || output$activation != act) {
    bad("estimator: ", what, " needs the network to end in ", act, " with ", units,
        " output", if (units != 1L) "s", "; it ends in ", output$activation, " with ",
        output$units)
  }
  list(levels = levels, units = units, activation = act)
}

# The names and R's formula parts of an entry, checked: features, outputs,
# response, formula, xlevels and contrasts.
estimator_entry_names <- function(entry, sizes, bad) {
  strings_of <- function(key, n) {
    v <- entry[[key]]
    ok <- is.null(v) || (is_json_list(v) && length(v) == n &&
                           all(vapply(v, is_json_string, logical(1))))
    if (!ok) {
      bad("estimator '", key, "' must be null or a list of ", n, " strings (one per ",
          if (key == "features") "input" else "output", ")")
    }
    if (!is.null(v)) unlist(v)
  }
  out <- list(features = strings_of("features", sizes[1]),
              outputs = strings_of("outputs", sizes[length(sizes)]))
  for (key in c("response", "formula")) {
    if (!is.null(entry[[key]]) && !is_json_string(entry[[key]])) {
      bad("estimator '", key, "' must be null or a string")
    }
  }
  all_strings <- function(v) is_json_list(v) && all(vapply(v, is_json_string, logical(1)))
  xlevels <- entry$xlevels
  if (!is.null(xlevels) &&
        !(is_json_object(xlevels) && all(vapply(xlevels, all_strings, logical(1))))) {
    bad("estimator 'xlevels' must be an object of lists of strings")
  }
  contrasts <- entry$contrasts
  if (!is.null(contrasts) &&
        !(is_json_object(contrasts) && all(vapply(contrasts, is_json_string, logical(1))))) {
    bad("estimator 'contrasts' must be an object of strings")
  }
  out
}

# The settings of an entry: the contract's defaults for those not given.
estimator_entry_settings <- function(given, bad) {
  if (is.null(given)) given <- structure(list(), names = character(0))
  if (!is_json_object(given)) {
    bad("estimator 'settings' must be an object")
  }
  unknown <- sort(setdiff(names(given), names(estimator_setting_rules)))
  if (length(unknown)) {
    bad("estimator 'settings' has unknown keys: ", paste(unknown, collapse = ", "))
  }
  defaults <- formals(twinnet.default)
  settings <- list()
  for (key in names(estimator_setting_rules)) {
    if (!(key %in% names(given))) {
      settings[key] <- list(eval(defaults[[key]]))
      next
    }
    v <- given[[key]]
    if (!estimator_setting_ok(key, v)) {
      bad("estimator setting '", key, "' must be ", estimator_setting_rules[[key]])
    }
    if (key == "hidden") v <- as.integer(unlist(v))
    if (key == "seed" && is.null(v)) v <- 42  # the shared seed, as Python's None
    settings[key] <- list(v)
  }
  settings
}
