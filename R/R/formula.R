# twinnet(y ~ ., data): the formula interface, as nnet's and lm's. The
# formula's model frame and model matrix (without its intercept column)
# become twinnet.default()'s inputs, and predict() puts new data through the
# fit's terms.
# one side: R's formula interface; Python's estimators take arrays and
# pandas data frames (scikit-learn's habit).

#' @rdname twinnet
#' @export
# na.action: the argument's name in lm, glm and nnet
twinnet.formula <- function(formula, data, ..., weights, subset, # nolint: object_name_linter.
                            na.action, # nolint: object_name_linter.
                            contrasts = NULL, validation = NULL) {
  call <- match.call()
  call[[1L]] <- as.name("twinnet")  # so that update() finds the generic
  frame_call <- match.call(expand.dots = FALSE)
  keep <- match(c("formula", "data", "subset", "weights", "na.action"),
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
  if (!is.null(validation)) {
    validation <- formula_validation(frame_call, validation, model_terms, frame,
                                     used_contrasts, parent.frame())
  }
  out <- twinnet.default(x, y, ..., weights = stats::model.weights(frame),
                         validation = validation)
  out$call <- call
  if (!is.matrix(y)) out$response <- deparse(formula[[2L]])
  out$terms <- model_terms
  out$xlevels <- stats::.getXlevels(model_terms, frame)
  out$contrasts <- used_contrasts
  out$na.action <- attr(frame, "na.action")
  out
}

# The validation data frame through the fit's formula: its inputs as the
# training matrix's columns, its response, and its weights (the weights
# expression evaluated in it, as in data, when it names its columns), as
# twinnet.default()'s validation.
formula_validation <- function(frame_call, validation, model_terms, frame, used_contrasts,
                               env) {
  if (!is.data.frame(validation)) {
    twinnet_stop("validation must be a data frame with the columns of the formula for ",
                 "twinnet(formula, data), got ", class(validation)[1])
  }
  frame_call$data <- validation
  frame_call$subset <- NULL
  # weights given by columns of data are those columns of validation too;
  # weights from elsewhere (a vector of the training rows) leave validation
  # unweighted
  if (!all(all.vars(frame_call$weights) %in% names(validation))) frame_call$weights <- NULL
  frame_call$formula <- model_terms
  frame_call$xlev <- stats::.getXlevels(model_terms, frame)
  val_frame <- formula_errors(eval(frame_call, env), "validation with the fit's formula")
  x <- formula_errors({
    classes <- attr(model_terms, "dataClasses")
    if (!is.null(classes)) stats::.checkMFClasses(classes, val_frame)
    stats::model.matrix(model_terms, val_frame, contrasts.arg = used_contrasts)
  }, "validation with the fit's formula")
  list(x = x[, colnames(x) != "(Intercept)", drop = FALSE],
       y = stats::model.response(val_frame),
       weights = stats::model.weights(val_frame))
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
