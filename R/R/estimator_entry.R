# A fit in a model file: the optional "estimator" entry (docs/formats.md),
# written by save_model() and read by load_model(), so that a fit saved by
# twinnet() loads as a TwinnetClassifier/TwinnetRegressor in Python and the
# reverse. estimator_entry() writes the entry (the fit's kind, classes, input
# names, formula and settings); estimator_from_entry() checks an entry read
# from a file, each part with its own message, and builds the fit around the
# loaded network. Twin: python/src/twinnet/estimator_entry.py, the same
# checks in the same order with the same messages.

estimator_entry_keys <- c("kind", "classes", "features", "response", "outputs",
                          "formula", "xlevels", "contrasts", "rows", "scale", "settings")

# Each setting's check and what its message says it must be.
estimator_setting_rules <- list(
  hidden = "a list of positive whole numbers", activation = "a string",
  optimizer = "a string", lr = "a number", epochs = "a positive whole number",
  batch_size = "null or a positive whole number", shuffle = "true or false",
  init = "a string", seed = "null or a whole number", mode = "\"blas\" or \"exact\"",
  momentum = "a number", beta1 = "a number", beta2 = "a number", epsilon = "a number",
  tol = "a number", n_iter_no_change = "a positive whole number",
  alpha = "a number", decay = "a number", lr_schedule = "a string", power_t = "a number",
  nesterov = "true or false", early_stopping = "true or false",
  validation_fraction = "a number", abstol = "null or a number"
)

# twin: _scale_entry
# scale = TRUE's statistics as the entry's "scale" (null without).
estimator_scale_entry <- function(scaler) {
  if (is.null(scaler)) return(NULL)
  list(center = verbatim(json_numbers(as.numeric(scaler$center))),
       scale = verbatim(json_numbers(as.numeric(scaler$scale))))
}

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
    scale = estimator_scale_entry(fit$scaler),
    settings = list(
      hidden = verbatim(json_numbers(as.numeric(s$hidden))),
      activation = s$activation, optimizer = s$optimizer, lr = num(s$lr),
      epochs = num(s$epochs), batch_size = num(s$batch_size), shuffle = s$shuffle,
      init = s$init, seed = num(s$seed), mode = s$mode, momentum = num(s$momentum),
      beta1 = num(s$beta1), beta2 = num(s$beta2), epsilon = num(s$epsilon),
      tol = num(s$tol), n_iter_no_change = num(s$n_iter_no_change),
      alpha = num(s$alpha), decay = num(s$decay), lr_schedule = s$lr_schedule,
      power_t = num(s$power_t), nesterov = s$nesterov, early_stopping = s$early_stopping,
      validation_fraction = num(s$validation_fraction), abstol = num(s$abstol)
    )
  )
}

# JSON values as jsonlite reads them (is_json_number, is_json_list and
# is_json_object are model_file.R's).
is_json_finite <- function(v) is_json_number(v) && is.finite(v)
is_json_whole <- function(v) is_json_finite(v) && v == round(v)
# one side: R's strings are character vectors (Python: isinstance(v, str))
is_json_string <- function(v) is.character(v) && length(v) == 1L && !is.na(v)
# one side: R's truth values are logical vectors (Python: isinstance(v, bool))
is_json_flag <- function(v) is.logical(v) && length(v) == 1L && !is.na(v)

# The class labels of an entry as factor levels: strings as they are,
# booleans as "FALSE"/"TRUE", numbers as their shortest round-tripping text.
estimator_entry_classes <- function(classes, bad) {
  kind_of <- function(v) {
    if (is_json_string(v)) "string" else if (is_json_flag(v)) "boolean" else
      if (is_json_finite(v)) "number" else "other"
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
  scaler <- estimator_entry_scale(entry$scale, network_sizes(net)[1L], bad)
  settings <- estimator_entry_settings(entry$settings, bad)
  settings$scale <- !is.null(scaler)
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
    network = net, loss_history = net$loss_history,
    validation_loss_history = net$validation_loss_history,
    validation_scores = net$validation_score_history, best_epoch = net$best_epoch,
    stop_reason = net$stop_reason, scaler = scaler, levels = target$levels,
    response = response, inputs = names$features, outputs = outputs,
    n = if (!is.null(rows)) as.integer(rows), settings = settings, weights = NULL,
    y = NULL, fitted.values = NULL, residuals = NULL, call = NULL
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
    levels <- estimator_entry_classes(entry$classes, bad)
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

# The entry's "scale" (scale = TRUE's statistics) as a scaler, or NULL.
estimator_entry_scale <- function(scale, p, bad) {
  if (is.null(scale)) return(NULL)
  numbers <- function(v, positive) {
    is_json_list(v) && length(v) == p &&
      all(vapply(v, function(x) is_json_finite(x) && (!positive || x > 0), logical(1)))
  }
  if (!(is_json_object(scale) && identical(sort(names(scale)), c("center", "scale")) &&
          numbers(scale$center, FALSE) && numbers(scale$scale, TRUE))) {
    bad("estimator 'scale' must be null or an object of 'center' and 'scale', each a list ",
        "of ", p, " finite numbers (one per input), the scales > 0")
  }
  scaler("standard", as.numeric(unlist(scale$center)), as.numeric(unlist(scale$scale)))
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

# Does a setting's value follow its rule (estimator_setting_rules)?
estimator_setting_ok <- function(key, v) {
  switch(key,
    hidden = is_json_list(v) && all(vapply(v, function(h) is_json_whole(h) && h >= 1,
                                           logical(1))),
    epochs = , n_iter_no_change = is_json_whole(v) && v >= 1,
    batch_size = is.null(v) || (is_json_whole(v) && v >= 1),
    shuffle = , nesterov = , early_stopping = is_json_flag(v),
    abstol = is.null(v) || is_json_finite(v),
    seed = is.null(v) || is_json_whole(v),
    mode = is_json_string(v) && v %in% c("blas", "exact"),
    lr = , momentum = , beta1 = , beta2 = , epsilon = , tol = , alpha = , decay = ,
    power_t = , validation_fraction = is_json_finite(v),
    is_json_string(v)
  )
}
