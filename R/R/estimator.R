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
# (methods.R), the package's page (twinnet-package.R). Its length (some 680
# lines): twinnet()'s roxygen page (about 250 lines: every argument nnet and
# scikit-learn users look up, with its anchor) and the fitting core with the
# training controls it passes to fit(), twin of estimator.py's; split, the
# page would stand apart from the code whose arguments it documents.

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
#' Inputs are used as given (no scaling, as in nnet and scikit-learn) unless
#' `scale = TRUE`. In the
#' formula interface they are `model.matrix(formula, data)` without its
#' intercept column, as in nnet: a factor predictor becomes indicator columns
#' because the formula asks for it. `twinnet.default()` never encodes: a
#' factor or character column of a data frame `x` is an error naming it.
#'
#' Training stops as scikit-learn's MLP stops: after more than
#' `n_iter_no_change` epochs in a row whose loss did not fall below its best
#' by `tol` (or, with `early_stopping`, whose validation score did not rise
#' above its best by `tol`); a fit that runs all `epochs` without stopping
#' warns (class `"twinnet_convergence_warning"`). With `early_stopping` the
#' weights of the best validation epoch are put back.
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
#' @param epochs Passes over the data at most (default `200`, scikit-learn's
#'   `max_iter`; nnet's `maxit`); training stops earlier as scikit-learn's
#'   does (see `tol`).
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
#' @param tol,n_iter_no_change scikit-learn's stopping rule (defaults `1e-4`
#'   and `10`): training stops after more than `n_iter_no_change` epochs in
#'   a row without an improvement by `tol` (of the training loss, or with
#'   `early_stopping` of the validation score); a fit that runs every epoch
#'   without stopping warns that training did not converge (a warning of
#'   class `"twinnet_convergence_warning"`, scikit-learn's
#'   `ConvergenceWarning`).
#' @param alpha scikit-learn's L2 penalty on the weights, not the biases:
#'   `(alpha / 2) * sum(W^2) / sum(weights)` added to each batch's loss
#'   (default `1e-4`, scikit-learn's; `0` when `decay > 0` is given, since
#'   the two penalties do not go together). A regression passes `2 * alpha`
#'   to the network: its `"mse"` is twice scikit-learn's squared error, and
#'   `2 * alpha` gives the minimiser of scikit-learn's
#'   `MLPRegressor(alpha = alpha)` (docs/estimators.md, "Penalties").
#' @param decay nnet's weight decay: `decay * sum(p^2)` over every weight and
#'   bias, divided as the mean loss divides nnet's summed criterion (by the
#'   sum of the weights, times the outputs for a regression), added to each
#'   batch's loss, so the fit has nnet's minimum (default `0`, nnet's). Not
#'   with `alpha > 0`.
#' @param weights Case weights, one number >= 0 per row (not all zero), as
#'   nnet's and lm's: in the formula interface evaluated in `data` (a column
#'   name). The loss is their weighted mean (a weight of 0 drops the row, 2
#'   counts it twice). They follow their rows into the training and
#'   validation parts of `early_stopping`'s split.
#' @param abstol nnet's `abstol`: stop after an epoch whose training loss
#'   (penalty included) is below it (default `NULL`: never).
#' @param lr_schedule scikit-learn's `learning_rate`, used with the
#'   optimisers `"sgd"` and `"momentum"` only (as scikit-learn's with its
#'   `solver = "sgd"` only; another schedule with `"adam"` is an error):
#'   `"constant"` (the default), `"invscaling"`
#'   (`lr / (t + 1)^power_t`, `t` the rows seen before the epoch) or
#'   `"adaptive"` (the rate divided by 5 where training would stop, while it
#'   is above `1e-6`).
#' @param power_t The exponent of `"invscaling"` (default `0.5`,
#'   scikit-learn's).
#' @param nesterov Nesterov's momentum for `optimizer = "momentum"` (default
#'   `TRUE`, scikit-learn's `nesterovs_momentum`); other optimisers ignore it.
#' @param early_stopping Set `validation_fraction` of the rows aside
#'   (stratified by class for a classification; drawn from the network's
#'   stream), score them every epoch (accuracy, or R^2 for a regression) and
#'   stop when the score has not risen by `tol` for more than
#'   `n_iter_no_change` epochs; the best epoch's weights are put back, as
#'   scikit-learn does (default `FALSE`). With `validation` that set is
#'   watched instead.
#' @param validation_fraction The share of rows `early_stopping` sets aside
#'   (rounded up), in (0, 1) (default `0.1`, scikit-learn's).
#' @param validation A validation set, scored every epoch (its loss in
#'   `validation_loss_history`, its score in `validation_scores`): for the
#'   formula interface a data frame with the formula's columns (its weights
#'   from the `weights` expression when that names its columns); for
#'   `twinnet(x, y)` `list(x = , y = )` or `list(x = , y = , weights = )`.
#' @param scale Standardise the inputs with the training rows' means and
#'   standard deviations (as R's `scale()`; a constant column scales to 0),
#'   also in every `predict()`; kept in the fit (`scaler`) and the model file,
#'   so Python applies the same (default `FALSE`).
#' @param ... For `twinnet()`, the arguments of the methods; for
#'   `twinnet.formula()`, the arguments of `twinnet.default()`; for
#'   `twinnet.default()`, further arguments of [fit()] (`progress`,
#'   `on_epoch`, `checkpoint_every`, `checkpoint_path`). An argument none of
#'   them knows is an error.
#' @return An object of class `"twinnet_fit"`, a list with
#'   * `network`: the trained [network()];
#'   * `loss_history`: the loss of every epoch (penalty included);
#'   * `validation_loss_history`, `validation_scores`: the validation set's
#'     loss and score (accuracy or R^2) after every epoch (empty without one);
#'   * `best_epoch`: with `early_stopping`, the epoch whose weights were put
#'     back (else `NULL`); `stop_reason`: why training stopped before
#'     `epochs` (`"tol"`, `"early_stopping"`, `"abstol"`) or `NULL`;
#'   * `scaler`: the input statistics of `scale = TRUE` (else `NULL`);
#'   * `weights`: the case weights (`NULL` without);
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
#' # standardised inputs, a larger rate than the default and up to 1000
#' # epochs: training stops by itself when the loss stalls (tol)
#' fit <- twinnet(Species ~ ., data = iris, hidden = 5, scale = TRUE,
#'                lr = 0.01, epochs = 1000)
#' fit
#' table(predict(fit, iris), iris$Species)
#' head(predict(fit, iris, type = "prob"))
#'
#' # early stopping on a stratified fifth of the rows, nnet's decay
#' fit3 <- twinnet(Species ~ ., data = iris, hidden = 5, scale = TRUE,
#'                 lr = 0.01, epochs = 1000, early_stopping = TRUE,
#'                 validation_fraction = 0.2, n_iter_no_change = 30,
#'                 decay = 1e-3)
#' fit3
#' plot(fit3)  # the training and validation loss
#'
#' # two classes: one sigmoid unit, the probability of the second level
#' cars <- transform(mtcars, am = factor(am, labels = c("auto", "manual")))
#' fit2 <- twinnet(am ~ wt + hp, data = cars, hidden = 3, epochs = 20)
#' predict(fit2, cars[1:3, ], type = "prob")
#'
#' # regression, with the matrix interface and case weights
#' reg <- twinnet(as.matrix(mtcars[, c("wt", "hp")]), mtcars$mpg,
#'                hidden = c(4, 4), epochs = 20, mode = "exact", scale = TRUE,
#'                weights = rep(c(1, 2), 16))
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
                            tol = 1e-4, n_iter_no_change = 10,
                            alpha = 1e-4, decay = 0, weights = NULL,
                            abstol = NULL, lr_schedule = "constant",
                            power_t = 0.5, nesterov = TRUE,
                            early_stopping = FALSE,
                            validation_fraction = 0.1, validation = NULL,
                            scale = FALSE) {
  call <- match.call()
  call[[1L]] <- as.name("twinnet")
  # nnet's decay alone: alpha's default steps aside (the two penalties do
  # not go together; an alpha given with decay > 0 is refused)
  if (missing(alpha) && is_number(decay) && decay > 0) alpha <- 0
  settings <- list(hidden = hidden, activation = activation,
                   optimizer = optimizer, lr = lr, epochs = epochs,
                   batch_size = batch_size, shuffle = shuffle, init = init,
                   seed = seed, mode = mode, momentum = momentum,
                   beta1 = beta1, beta2 = beta2, epsilon = epsilon, tol = tol,
                   n_iter_no_change = n_iter_no_change, alpha = alpha,
                   decay = decay, abstol = abstol, lr_schedule = lr_schedule,
                   power_t = power_t, nesterov = nesterov,
                   early_stopping = early_stopping,
                   validation_fraction = validation_fraction, scale = scale)
  extras <- list(...)
  check_fit_extras(extras)
  out <- estimator_fit(estimator_inputs(x, "x"), y, settings, extras, weights,
                       estimator_validation_list(validation))
  out$call <- call
  out
}

# one side: R's `...` passes fit()'s own arguments on (Python's estimators
# take only their parameters)
# fit()'s own arguments, beyond those twinnet() sets, may pass through `...`;
# anything else (a misspelt setting) is an error rather than ignored.
check_fit_extras <- function(extras) {
  # the training controls are twinnet()'s own settings (fit()'s lr decay is
  # not reachable: twinnet()'s decay is nnet's)
  allowed <- intersect(names(formals(fit.twinnet_network)),
                       c("progress", "on_epoch", "checkpoint_every", "checkpoint_path"))
  given <- names(extras)
  if (is.null(given)) given <- rep("", length(extras))
  unknown <- given[!(given %in% allowed)]
  if (length(unknown)) {
    shown <- ifelse(nzchar(unknown), paste0("'", unknown, "'"), "(unnamed)")
    own <- setdiff(names(formals(twinnet.default)), c("x", "y", "..."))
    twinnet_stop("unknown argument", if (length(unknown) > 1L) "s", " ",
                 paste(shown, collapse = ", "), "; twinnet() takes ",
                 paste(own, collapse = ", "), " (with a formula also subset, ",
                 "na.action, contrasts) and fit()'s ", paste(allowed, collapse = ", "))
  }
}

estimator_fit <- function(inputs, y, settings, extras, weights = NULL,
                          validation = NULL) {
  settings$hidden <- check_hidden(settings$hidden)
  X <- inputs$X
  n <- nrow(X)
  target <- estimator_targets(y, n)
  # checked here with twinnet()'s names (fit() checks them again with its own)
  if (!is.null(weights)) weights <- as.vector(check_sample_weight("weights", weights, n, "x"))
  settings$tol <- check_number_in("tol", settings$tol, 0, Inf)
  settings$n_iter_no_change <- check_positive_integer("n_iter_no_change",
                                                      settings$n_iter_no_change)
  settings <- estimator_check_controls(settings)
  scaler <- if (settings$scale) fit_scaler(X, "standard")
  if (!is.null(scaler)) X <- scaler_transform(scaler, X)
  val <- estimator_validation(validation, target, scaler, inputs$columns, ncol(X))
  controls <- estimator_controls(settings, !is.null(target$levels), !is.null(val))
  n_train <- n
  if (!is.null(val)) {
    controls$validation_data <- val
  } else if (controls$early_stopping) {
    controls$validation_fraction <- settings$validation_fraction
    controls$stratify <- !is.null(target$levels)
    n_train <- n - as.integer(ceiling(settings$validation_fraction * n))
  }
  settings$batch_size <- estimator_batch_rows(settings$batch_size, max(n_train, 1L))
  settings$validation_set <- !is.null(val)
  net <- estimator_network(ncol(X), ncol(target$Y), target$kind, settings)
  net <- do.call(fit, c(list(net, X, target$Y, settings$epochs,
                             lr = settings$lr,
                             batch_size = settings$batch_size,
                             shuffle = settings$shuffle,
                             optimizer = settings$optimizer,
                             momentum = settings$momentum,
                             beta1 = settings$beta1, beta2 = settings$beta2,
                             epsilon = settings$epsilon,
                             sample_weight = weights), controls, extras))
  output <- estimator_outputs[[target$kind]]
  settings$output <- output[["activation"]]
  settings$loss <- output[["loss"]]
  fitted <- predict(net, X)
  outputs <- estimator_output_names(target$levels, y, ncol(fitted))
  dimnames(fitted) <- list(inputs$rows, outputs)
  residuals <- target$Y - fitted
  dimnames(residuals) <- dimnames(fitted)
  structure(list(
    network = net, loss_history = net$loss_history,
    validation_loss_history = net$validation_loss_history,
    validation_scores = net$validation_score_history, best_epoch = net$best_epoch,
    stop_reason = net$stop_reason, scaler = scaler, levels = target$levels,
    response = if (is.null(target$levels)) outputs else "y",
    inputs = inputs$columns, outputs = outputs, n = n, settings = settings,
    weights = weights,
    y = target$y, fitted.values = fitted, residuals = residuals, call = NULL
  ), class = "twinnet_fit")
}

# The validation set (validation = list(x = , y = ) or list(x, y, weights))
# as fit()'s validation_data: inputs matched to the training columns and
# scaled as they are, the response as the training targets (the training
# classes), NULL when there is none. Its shapes and weights are checked
# here, named as twinnet()'s validation (fit() checks them again).
estimator_validation <- function(validation, target, scaler, columns, p) {
  if (is.null(validation)) return(NULL)
  inputs <- estimator_inputs(validation$x, "validation x")
  X <- inputs$X
  if (!is.null(columns) && !is.null(inputs$columns) &&
        all(columns %in% inputs$columns)) {
    X <- X[, match(columns, inputs$columns), drop = FALSE]
  }
  if (ncol(X) != p) twinnet_stop("validation x has ", ncol(X), " columns but x has ", p)
  Y <- estimator_validation_targets(validation$y, target, nrow(X))
  if (nrow(Y) != nrow(X)) {
    twinnet_stop("validation x has ", nrow(X), " rows but validation y has ", nrow(Y))
  }
  if (ncol(Y) != ncol(target$Y)) {
    twinnet_stop("validation y has ", ncol(Y), " columns but y has ", ncol(target$Y))
  }
  if (!is.null(scaler)) X <- scaler_transform(scaler, X)
  if (is.null(validation$weights)) return(list(X, Y))
  list(X, Y, as.vector(check_sample_weight("validation weights", validation$weights,
                                           nrow(X), "validation x")))
}

# one side: R's validation argument (Python: fit's X_val, y_val, sample_weight_val)
# validation = list(x = , y = ) or list(x = , y = , weights = ): checked,
# named.
estimator_validation_list <- function(validation) {
  if (is.null(validation)) return(NULL)
  if (!is.list(validation) || is.data.frame(validation) ||
        !all(c("x", "y") %in% names(validation)) ||
        !all(names(validation) %in% c("x", "y", "weights"))) {
    twinnet_stop("validation must be list(x = , y = ) or list(x = , y = , weights = ) ",
                 "for twinnet(x, y), or a data frame for twinnet(formula, data)")
  }
  validation
}

# one side: the validation response with the training classes (Python: the
# estimators' _validation_targets)
estimator_validation_targets <- function(y, target, n) {
  if (is.null(target$levels)) {
    Y <- as_matrix("validation y", y, column = TRUE)
    return(Y)
  }
  if (is.data.frame(y) && ncol(y) == 1L) y <- y[[1L]]
  values <- as.character(y)
  unknown <- setdiff(unique(values), target$levels)
  if (anyNA(values) || length(unknown)) {
    twinnet_stop("validation y has classes not in the fit's levels (",
                 paste(target$levels, collapse = ", "), "): ",
                 paste(if (anyNA(values)) "NA" else unknown, collapse = ", "))
  }
  codes <- match(values, target$levels)
  if (length(target$levels) == 2L) return(matrix(as.numeric(codes == 2L), ncol = 1L))
  diag(length(target$levels))[codes, , drop = FALSE]
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
    X <- as_matrix("newdata", new$X)
    if (!is.null(object$scaler)) X <- scaler_transform(object$scaler, X)
    out[new$keep, ] <- predict(object$network, X)
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

# one side: R checks twinnet()'s settings here (Python: scikit-learn's
# parameter validation, _parameter_constraints)
# The training controls' settings, checked with their twinnet() names (fit()
# checks them again with its own).
estimator_check_controls <- function(s) {
  s$alpha <- check_number_in("alpha", s$alpha, 0, Inf)
  s$decay <- check_number_in("decay", s$decay, 0, Inf)
  if (s$alpha > 0 && s$decay > 0) {
    twinnet_stop("alpha and decay cannot both be > 0: alpha is scikit-learn's penalty ",
                 "(weights only), decay nnet's (weights and biases); choose one")
  }
  if (!is.null(s$abstol)) s$abstol <- check_number_in("abstol", s$abstol, 0, Inf)
  s$lr_schedule <- check_choice("lr_schedule", s$lr_schedule, lr_schedules)
  s$power_t <- check_number_in("power_t", s$power_t, 0, Inf)
  s$nesterov <- check_flag("nesterov", s$nesterov)
  s$early_stopping <- check_flag("early_stopping", s$early_stopping)
  s$validation_fraction <- check_open_interval("validation_fraction",
                                               s$validation_fraction, 0, 1)
  s$scale <- check_flag("scale", s$scale)
  s
}

# fit()'s training controls from twinnet()'s settings (docs/estimators.md):
# a schedule only where scikit-learn uses one (else an error), 2 * alpha for
# a regression, Nesterov only with momentum, the validation score of the
# task when there is a validation set.
estimator_controls <- function(s, classification, has_validation) {
  scheduled <- s$optimizer %in% c("sgd", "momentum")
  if (!scheduled && !identical(s$lr_schedule, "constant")) {
    twinnet_stop("lr_schedule '", s$lr_schedule, "' is scikit-learn's setting for ",
                 "solver='sgd' (its adam ignores it): use optimizer 'sgd' or 'momentum', ",
                 "or lr_schedule 'constant'")
  }
  # twinnet's mse is twice scikit-learn's squared error (its 0.5 * mean):
  # 2 * alpha gives MLPRegressor(alpha)'s minimiser (docs/estimators.md)
  controls <- list(alpha = if (classification) s$alpha else 2 * s$alpha,
                   weight_decay = s$decay,
                   lr_schedule = if (scheduled) s$lr_schedule else "constant",
                   power_t = s$power_t,
                   nesterov = s$nesterov && identical(s$optimizer, "momentum"),
                   tol = s$tol, n_iter_no_change = s$n_iter_no_change,
                   early_stopping = s$early_stopping, abstol = s$abstol)
  if (has_validation || s$early_stopping) {
    controls$validation_score <- if (classification) "accuracy" else "r2"
  }
  controls
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
