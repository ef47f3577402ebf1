# JSON files and config.json: the loader both configs and model files use,
# the check every config passes before any data is read, any model is trained
# or any file is written (docs/inputs.md), reading a config, and the check
# that a model may resume under a config. Building and training the model a
# config describes is training_config.R. Twin: python/src/twinnet/config.py:
# the same rules in the same order, the same messages. Its length (about 575
# lines): the loader, then one rule per key and one check per combination of
# keys (the training controls' among them), in the order a config is checked,
# then the resume check; split, the rules would stand apart from the order
# they are checked in.

# The training settings' names, their defaults and ranges are the optimisers'
# table's (optimizers.R). R collates that file after this one, so what is
# taken from it is taken when asked, by the functions below; Python's
# CONFIG_KEYS, SETTINGS and NETWORK_ONLY_KEYS are made on import.
# validation.R (int_max) is collated before this file:
#' @include validation.R
NULL

# one side: Python's SETTINGS, a tuple made on import
# The training settings: the learning rate, its decay and the optimisers'.
config_settings <- function() c(names(schedule), names(optimizer_defaults()))

# The learning-rate schedules, scikit-learn's learning_rate (fit's
# lr_schedule).
lr_schedules <- c("constant", "invscaling", "adaptive")
# one side: Python reads metrics' SCORES table; metrics.R (its scores table) is
# collated after this file, so its names are written here (test-config.R checks
# that they agree)
validation_scores <- c("accuracy", "r2")
# The training controls of fit (docs/algorithm.md, "Training controls"), the
# same names and defaults as its arguments: key -> list(default, what the key
# takes). Both kinds of config (layers and network) take them.
training_controls <- list(
  alpha = list(0, "a finite number >= 0"),
  weight_decay = list(0, "a finite number >= 0"),
  lr_schedule = list("constant", paste("one of", paste(lr_schedules, collapse = ", "))),
  power_t = list(0.5, "a finite number >= 0"),
  nesterov = list(FALSE, "true or false"),
  tol = list(NULL, "a finite number >= 0 or null"),
  n_iter_no_change = list(10L, paste0("a whole number in [1, ", int_max, "]")),
  early_stopping = list(FALSE, "true or false"),
  validation_fraction = list(NULL, "a number in (0, 1) or null"),
  stratify = list(FALSE, "true or false"),
  validation_score = list(NULL, paste("one of", paste(validation_scores, collapse = ", "),
                                      "or null")),
  abstol = list(NULL, "a finite number >= 0 or null")
)
# The keys that take null: batch_size (full batch), n_rows (all rows) and the training controls
# whose default is null (tol, validation_fraction, validation_score, abstol).
config_nullable <- c("batch_size", "n_rows",
                     names(Filter(function(control) is.null(control[[1]]), training_controls)))
# The data files a config names (made absolute by read_config).
config_file_keys <- c("x", "y", "sample_weight", "x_val", "y_val", "sample_weight_val",
                      "x_test", "y_test")

# one side: Python's CONFIG_KEYS, a dict made on import
# Every key of config.json with its default (NULL where it has none), in the
# order they are checked.
config_keys <- function() {
  c(list(x = NULL, y = NULL, layers = NULL, network = NULL, epochs = NULL,
         lr = schedule$lr$default, seed = 42, mode = "blas", loss = "half_sse",
         activation = "sigmoid", bias = TRUE, init_weights = NULL,
         init_biases = NULL, batch_size = NULL, shuffle = FALSE, optimizer = "sgd"),
    optimizer_defaults(),
    list(decay = schedule$decay$default),
    lapply(training_controls, function(control) control[[1]]),
    list(sample_weight = NULL, x_val = NULL, y_val = NULL, sample_weight_val = NULL,
         x_test = NULL, y_test = NULL, n_rows = NULL, description = ""))
}
config_required <- c("x", "y", "epochs")

# one side: Python's {**CONFIG_KEYS, **config} fills in the defaults
# Every key of config.json but the required ones, with its default.
config_defaults <- function() {
  keys <- config_keys()
  keys[setdiff(names(keys), config_required)]
}

# one side: Python's NETWORK_ONLY_KEYS, a tuple made on import
# Settings a network config has and a layers config does not use.
network_only_keys <- function() {
  c("batch_size", "shuffle", "optimizer", names(optimizer_defaults()), "decay")
}
# Settings a layers config has and a network config does not use.
layers_only_keys <- c("activation", "bias", "init_weights", "init_biases")
json_depth_limit <- 64L

# A JSON string literal; what is left outside strings may hold only these
# characters (JSON's whitespace, punctuation, numbers, true/false/null). The
# same patterns as the Python twin, so a comment, NaN or a form feed is
# refused by both languages, whatever each parser tolerates (jsonlite takes
# comments).
json_string_pattern <- "(?s)\"[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\""
json_not_outside <- "[^ \\t\\n\\r\\[\\]{}:,\"0-9eE+.trufalsn-]"

# Parse a JSON file as the Python twin (_load_json) does: a UTF-8 byte-order
# mark skipped; comments, NaN and other extensions refused; nesting deeper
# than 64 levels and a key repeated in one object are errors. Objects come
# back as named lists, arrays as unnamed lists (simplifyVector = FALSE).
load_json <- function(path, what) {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop(what, " file not found: ", path)
  }
  raw <- tryCatch(readBin(path, "raw", file.size(path)), error = function(e) {
    twinnet_stop("could not read ", what, " file ", path, ": ", conditionMessage(e))
  })
  if (length(raw) >= 3L && identical(raw[1:3], as.raw(c(0xef, 0xbb, 0xbf)))) {
    raw <- raw[-(1:3)]
  }
  has_nul <- any(raw == as.raw(0L))
  text <- rawToChar(raw[raw != as.raw(0L)])
  Encoding(text) <- "UTF-8"
  if (!validUTF8(text)) twinnet_stop(what, " file ", path, " is not UTF-8 text")
  not_json <- function(...) twinnet_stop(what, " file ", path, " is not valid JSON")
  if (has_nul) not_json()
  bare <- gsub(json_string_pattern, "\"\"", text, perl = TRUE)
  if (grepl(json_not_outside, bare, perl = TRUE)) not_json()
  brackets <- utf8ToInt(gsub("[^][{}]+", "", bare, perl = TRUE))
  if (length(brackets) &&
      max(cumsum(ifelse(brackets %in% c(91L, 123L), 1L, -1L))) > json_depth_limit) {
    twinnet_stop(what, " file ", path, " nests deeper than ", json_depth_limit,
                 " levels")
  }
  data <- tryCatch(jsonlite::parse_json(text, simplifyVector = FALSE),
                   error = not_json)
  duplicate <- json_duplicate(data)
  if (!is.null(duplicate)) {
    twinnet_stop(what, " file ", path, " has the key '", duplicate,
                 "' twice in one object")
  }
  data
}

# one side: Python finds it in json.loads's object_pairs_hook as it parses
# The first key repeated in one object, in the order the objects close
# (inner objects first), as Python's object_pairs_hook sees them; or NULL.
json_duplicate <- function(x) {
  if (!is.list(x)) return(NULL)
  if (any(vapply(x, is.list, logical(1)))) {
    for (item in x) {
      found <- json_duplicate(item)
      if (!is.null(found)) return(found)
    }
  }
  keys <- names(x)
  if (!is.null(keys) && anyDuplicated(keys)) return(keys[duplicated(keys)][1])
  NULL
}

# A value read from JSON as messages show it (the Python twin's words).
json_text <- function(value) {
  if (is.null(value)) return("null")
  if (is.list(value)) return(if (is.null(names(value))) "a list" else "an object")
  if (length(value) != 1L) return("a list")
  if (is.logical(value)) {
    if (is.na(value)) return("null")
    return(if (value) "true" else "false")
  }
  if (is.character(value)) {
    if (nchar(value) <= 40L && !grepl("[\\x00-\\x1f\\x7f]", value, perl = TRUE)) {
      return(paste0("'", value, "'"))
    }
    return("a string")
  }
  if (is.numeric(value)) return(json_number_text(as.double(value)))
  "a value"
}

# num_text's shortest round-tripping digits, with -0 shown as 0 and NA as
# null (as the Python twin).
json_number_text <- function(value) {
  if (is.na(value) && !is.nan(value)) return("null")
  if (value == 0) return("0")
  num_text(value)
}

# `value` as an integer if it is a whole number in [low, high], else NULL.
json_whole <- function(value, low, high) {
  if (!is.numeric(value) || length(value) != 1L || is.list(value)) return(NULL)
  value <- as.double(value)
  if (!is.finite(value) || value != floor(value) || value < low || value > high) {
    return(NULL)
  }
  as.integer(value)
}

# one side: Python's isinstance(value, str) says it; R needs one element
config_is_string <- function(value) is.character(value) && length(value) == 1L
# one side: Python's isinstance(value, bool) says it; R needs one element, not NA
config_is_flag <- function(value) is.logical(value) && length(value) == 1L && !is.na(value)

whole_rule <- paste0("a whole number in [1, ", int_max, "]")
files_rule <- "a list of file names"
config_rules <- c(
  stats::setNames(rep("a file name", length(config_file_keys)), config_file_keys),
  layers = paste0("a list of two or more whole numbers in [1, ", int_max, "]"),
  network = "a non-empty list of layer objects",
  epochs = whole_rule, batch_size = paste(whole_rule, "or null"),
  n_rows = paste(whole_rule, "or null"),
  seed = paste0("a whole number in [-", int_max, ", ", int_max, "]"),
  bias = "true or false", shuffle = "true or false",
  init_weights = files_rule, init_biases = files_rule,
  vapply(training_controls, function(control) control[[2]], ""),
  description = "a string"
)

# one side: Python's CHOICES table; R's tables are looked up when asked
config_choices <- function(key) {
  switch(key, mode = names(arithmetics), loss = names(losses),
         activation = names(activations), optimizer = names(optimizers),
         lr_schedule = lr_schedules, validation_score = validation_scores)
}

# one side: Python's RULES table holds the choices' and the settings' rules too
config_rule <- function(key) {
  if (key %in% names(training_controls)) return(training_controls[[key]][[2]])
  choices <- config_choices(key)
  if (!is.null(choices)) return(paste("one of", paste(choices, collapse = ", ")))
  if (key %in% config_settings()) return(setting_rule(key))
  config_rules[[key]]
}

# The checked value of one config key (whole numbers as integers, other
# numbers as doubles, lists of names as character vectors), or a
# twinnet_error naming the key and the rule.
config_value <- function(where, key, value) {
  bad <- function(shown = json_text(value)) {
    twinnet_stop(where, ": ", key, " must be ", config_rule(key), ", got ", shown)
  }
  if (key %in% config_file_keys) {
    if (!config_is_string(value) || !nzchar(value)) bad()
    return(value)
  }
  if (key %in% c("init_weights", "init_biases", "layers")) {
    return(config_list_value(key, value, bad))
  }
  if (key == "network") return(check_config_network(where, value))
  if (key == "description") {
    if (!config_is_string(value)) bad()
    return(value)
  }
  if (key %in% c("bias", "shuffle", "nesterov", "early_stopping", "stratify")) {
    if (!config_is_flag(value)) bad()
    return(value)
  }
  if (is.null(value) && key %in% config_nullable) return(NULL)
  choices <- config_choices(key)
  if (!is.null(choices)) {
    if (!config_is_string(value) || !(value %in% choices)) bad()
    return(value)
  }
  config_number_value(key, value, bad)
}

# layers (whole numbers) or init_weights, init_biases (file names).
config_list_value <- function(key, value, bad) {
  if (!is.list(value) || !is.null(names(value))) bad()
  if (key == "layers" && length(value) < 2L) bad(paste("a list of", length(value)))
  if (!length(value)) bad()
  items <- vector(if (key == "layers") "integer" else "character", length(value))
  for (i in seq_along(value)) {
    item <- if (key == "layers") {
      json_whole(value[[i]], 1, int_max)
    } else if (config_is_string(value[[i]]) && nzchar(value[[i]])) {
      value[[i]]
    }
    if (is.null(item)) bad(paste(json_text(value[[i]]), "at position", i))
    items[i] <- item
  }
  items
}

config_number_value <- function(key, value, bad) {
  if (key %in% c("epochs", "batch_size", "seed", "n_iter_no_change", "n_rows")) {
    whole <- json_whole(value, if (key == "seed") -int_max else 1, int_max)
    if (is.null(whole)) bad()
    return(whole)
  }
  ok <- is.numeric(value) && length(value) == 1L && is.finite(value)
  if (ok) {
    value <- as.double(value)
    ok <- if (key == "validation_fraction") {
      value > 0 && value < 1
    } else if (key %in% names(training_controls)) {  # alpha, weight_decay, power_t, tol, abstol
      value >= 0
    } else {  # a training setting: its range is the optimisers' table's
      setting_allows(key, value)
    }
  }
  if (!ok) bad()
  value
}

dense_keys <- c("type", "n_in", "n_out", "bias", "init")
activation_keys <- c("type", "name")

check_config_network <- function(where, specs) {
  rule <- config_rules[["network"]]
  if (!is.list(specs) || !is.null(names(specs)) || !length(specs)) {
    twinnet_stop(where, ": network must be ", rule, ", got ", json_text(specs))
  }
  for (i in seq_along(specs)) {
    spec <- specs[[i]]
    if (!is.list(spec) || is.null(names(spec))) {
      twinnet_stop(where, ": network must be ", rule, ", got ", json_text(spec),
                   " at position ", i)
    }
    check_config_layer(paste0(where, ": network layer ", i), spec)
  }
  specs
}

layer_types <- c("dense", "activation", "conv2d", "max_pool2d", "average_pool2d", "flatten")

check_config_layer <- function(at, spec) {
  if (!("type" %in% names(spec))) {
    twinnet_stop(at, " has no type (", paste(layer_types, collapse = ", "), ")")
  }
  kind <- spec$type
  if (!config_is_string(kind) || !(kind %in% layer_types)) {
    twinnet_stop(at, ": type must be one of ", paste(layer_types, collapse = ", "),
                 ", got ", json_text(kind))
  }
  allowed <- c(list(dense = dense_keys, activation = activation_keys), spec_keys)[[kind]]
  unknown <- sort(setdiff(names(spec), allowed), method = "radix")
  if (length(unknown)) {
    twinnet_stop(at, " has unknown keys: ", paste(unknown, collapse = ", "))
  }
  if (kind %in% names(spec_keys)) return(check_config_image_layer(at, spec))
  if (kind == "activation") {
    if ("name" %in% names(spec) &&
        (!config_is_string(spec$name) || !(spec$name %in% names(activations)))) {
      twinnet_stop(at, ": name must be ", config_rule("activation"), ", got ",
                   json_text(spec$name))
    }
    return(invisible(spec))
  }
  for (key in c("n_in", "n_out")) {
    if (!(key %in% names(spec))) twinnet_stop(at, " has no ", key)
    if (is.null(json_whole(spec[[key]], 1, int_max))) {
      twinnet_stop(at, ": ", key, " must be ", whole_rule, ", got ", json_text(spec[[key]]))
    }
  }
  check_config_bias_init(at, spec)
}

# A dense or conv2d layer's bias and init keys.
check_config_bias_init <- function(at, spec) {
  if ("bias" %in% names(spec) && !config_is_flag(spec$bias)) {
    twinnet_stop(at, ": bias must be true or false, got ", json_text(spec$bias))
  }
  if ("init" %in% names(spec) &&
      (!config_is_string(spec$init) || !(spec$init %in% names(initialisers)))) {
    twinnet_stop(at, ": init must be one of ", paste(names(initialisers), collapse = ", "),
                 ", got ", json_text(spec$init))
  }
  invisible(spec)
}

pair_rule <- paste(whole_rule, "or a list of two")

# A conv2d, pooling or flatten layer's keys (docs/formats.md).
check_config_image_layer <- function(at, spec) {
  kind <- spec$type
  wholes <- if (kind == "conv2d") c("in_channels", "filters") else character(0)
  for (key in c(wholes, if (kind == "conv2d") "kernel")) {
    if (!(key %in% names(spec))) twinnet_stop(at, " has no ", key)
  }
  for (key in wholes) {
    if (is.null(json_whole(spec[[key]], 1, int_max))) {
      twinnet_stop(at, ": ", key, " must be ", whole_rule, ", got ", json_text(spec[[key]]))
    }
  }
  for (key in c("kernel", "pool", "stride")) {
    if (!(key %in% names(spec))) next
    value <- spec[[key]]
    values <- if (is.list(value)) value else list(value)
    if (!(length(values) %in% 1:2) ||
        any(vapply(values, function(v) is.null(json_whole(v, 1, int_max)), logical(1)))) {
      twinnet_stop(at, ": ", key, " must be ", pair_rule, ", got ", json_text(value))
    }
  }
  paddings <- if (kind == "conv2d") c("valid", "same") else "valid"
  if ("padding" %in% names(spec) &&
      !(config_is_string(spec$padding) && spec$padding %in% paddings)) {
    twinnet_stop(at, ": padding must be one of ", paste(paddings, collapse = ", "),
                 ", got ", json_text(spec$padding))
  }
  check_config_bias_init(at, spec)
}

# Why an mlp ("layers") config has no use for the network-only settings.
network_only_why <- "network configs only (an MLP trains full batch with plain gradient descent)"

# "a, b are settings of <why>": the words for settings a config does not use.
unused_settings_text <- function(unused, why) {
  paste0(paste(unused, collapse = ", "),
         if (length(unused) == 1L) " is a setting" else " are settings", " of ", why)
}

# Check a config as read from config.json (the list parse_json gives with
# simplifyVector = FALSE, before defaults are filled in), in the same order
# and with the same messages as the Python twin, before any data is read, any
# model is trained or any file is written: unknown keys, layers or network
# (exactly one), required keys, settings the config's kind does not use, the
# type and range of each value (docs/inputs.md). Returns the config with its
# values converted (1.0 to 1L where a whole number is due, lists of names to
# character vectors).
check_config <- function(config, path) {
  where <- paste0("config file ", path)
  keys <- names(config)
  if (!is.list(config) || is.null(keys)) twinnet_stop(where, " must hold a JSON object")
  key_order <- names(config_keys())
  unknown <- sort(setdiff(keys, key_order), method = "radix")
  if (length(unknown)) {
    twinnet_stop(where, " has unknown keys: ", paste(unknown, collapse = ", "))
  }
  if ("layers" %in% keys && "network" %in% keys) {
    twinnet_stop(where, " has both layers and network; give one of them")
  }
  missing <- setdiff(config_required, keys)
  if (!("layers" %in% keys) && !("network" %in% keys)) {
    missing <- c(missing, "layers or network (one of them)")
  }
  if (length(missing)) {
    twinnet_stop(where, " is missing required keys: ", paste(missing, collapse = ", "))
  }
  if ("layers" %in% keys) {
    unused <- intersect(network_only_keys(), keys)
    why <- network_only_why
  } else {
    unused <- intersect(layers_only_keys, keys)
    why <- "layers configs only (a network config sets them in its layers)"
  }
  if (length(unused)) {
    twinnet_stop(where, ": ", unused_settings_text(unused, why))
  }
  checked <- list()
  for (key in intersect(key_order, keys)) {
    checked[key] <- list(config_value(where, key, config[[key]]))
  }
  if (("x_test" %in% keys) != ("y_test" %in% keys)) {
    twinnet_stop(where, ": x_test and y_test go together; give both or neither")
  }
  if ("init_biases" %in% keys && !("init_weights" %in% keys)) {
    twinnet_stop(where, ": init_biases needs init_weights")
  }
  if ("seed" %in% keys && "init_weights" %in% keys) {
    twinnet_stop(where, ": seed is not used when init_weights are given")
  }
  optimizer <- if (is.null(checked$optimizer)) "sgd" else checked$optimizer
  unused <- setdiff(intersect(names(optimizer_defaults()), keys),
                    names(optimizers[[optimizer]]$settings))
  if (length(unused)) {
    twinnet_stop(where, ": ", paste(unused, collapse = ", "),
                 if (length(unused) == 1L) " is" else " are",
                 " not used by optimizer '", optimizer, "'")
  }
  check_config_controls(where, checked)
  checked
}

# The training controls together, as fit checks them (the same words, the
# validation set named by the config's keys): a setting that would be ignored
# (power_t without invscaling, n_iter_no_change without tol); the validation
# files x_val and y_val together, their weights only with them; then each
# setting that needs another.
check_config_controls <- function(where, config) {
  keys <- names(config)
  schedule <- if (is.null(config$lr_schedule)) "constant" else config$lr_schedule
  if ("power_t" %in% keys && schedule != "invscaling") {
    twinnet_stop(where, ": power_t is not used by lr_schedule '", schedule,
                 "' (only by 'invscaling')")
  }
  if ("n_iter_no_change" %in% keys && is.null(config$tol)) {
    twinnet_stop(where, ": n_iter_no_change is not used without tol (tol null: training ",
                 "never stops early)")
  }
  if (("x_val" %in% keys) != ("y_val" %in% keys)) {
    twinnet_stop(where, ": x_val and y_val go together; give both or neither")
  }
  if ("sample_weight_val" %in% keys && !("x_val" %in% keys)) {
    twinnet_stop(where, ": sample_weight_val needs x_val and y_val")
  }
  all <- utils::modifyList(config_keys(), config)
  value <- function(key) all[[key]]
  validation_set <- "a validation set: x_val and y_val or validation_fraction"
  fraction <- !is.null(value("validation_fraction"))
  files <- "x_val" %in% keys
  refusals <- list(
    list(value("alpha") > 0 && value("weight_decay") > 0,
         paste("alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty",
               "(weights only), weight_decay nnet's (weights and biases); choose one")),
    list(value("decay") > 0 && value("lr_schedule") != "constant",
         paste("decay > 0 needs lr_schedule constant, got lr_schedule", value("lr_schedule"))),
    list(value("nesterov") && value("optimizer") != "momentum",
         paste("nesterov needs optimizer momentum, got optimizer", value("optimizer"))),
    list(value("lr_schedule") == "adaptive" && is.null(value("tol")),
         "lr_schedule adaptive needs tol (a number >= 0)"),
    list(files && fraction,
         "x_val (with y_val) and validation_fraction cannot both be given; choose one"),
    list(value("early_stopping") && !files && !fraction,
         paste("early_stopping needs", validation_set)),
    list(value("early_stopping") && is.null(value("tol")),
         "early_stopping needs tol (a number >= 0)"),
    list(value("stratify") && !fraction, "stratify needs validation_fraction"),
    list(!is.null(value("validation_score")) && !files && !fraction,
         paste("validation_score needs", validation_set))
  )
  for (refusal in refusals) {
    if (refusal[[1]]) twinnet_stop(where, ": ", refusal[[2]])
  }
}

#' Read a config.json
#'
#' Data file names are taken relative to the config file.
#'
#' @param path File name.
#' @return A list with every config key (defaults filled in) and the data
#'   paths made absolute.
#' @examples
#' dir <- tempfile("config-")
#' dir.create(dir)
#' d <- toy_data()
#' write_matrix(d$X, file.path(dir, "x.csv"), prefix = "x")
#' write_matrix(matrix(d$y), file.path(dir, "y.csv"))
#' writeLines('{"x": "x.csv", "y": "y.csv", "layers": [4, 3, 1], "epochs": 100}',
#'            file.path(dir, "config.json"))
#' config <- read_config(file.path(dir, "config.json"))
#' config$lr  # the default, Analytics Vidhya's
#' model <- train_from_config(config, read_matrix(config$x),
#'                            read_matrix(config$y, "Y"))
#' model
#' @export
read_config <- function(path) {
  config <- check_config(load_json(path, "config"), path)
  out <- utils::modifyList(config_defaults(), config)
  base <- dirname(normalizePath(path))
  relative_to_config <- function(p) {
    p <- native_path(p)  # under the C locale too (docs/inputs.md)
    ifelse(grepl("^(/|[A-Za-z]:[/\\\\])", p), p, file.path(base, p))
  }
  for (key in c(config_file_keys, "init_weights", "init_biases")) {
    if (!is.null(out[[key]])) out[[key]] <- relative_to_config(unlist(out[[key]]))
  }
  out
}

sizes_text <- function(sizes) {
  paste0("[", paste(vapply(as.list(sizes), json_text, ""), collapse = ", "), "]")
}

# Refuse to continue `model` (read from `path`) under a config that would
# have made a different model: names the key and both values.
check_resume <- function(model, config, path) {
  differ <- function(key, old, new) {
    twinnet_stop("cannot resume ", path, ": its ", key, " is ", old,
                 " but the config's is ", new)
  }
  is_mlp <- inherits(model, "twinnet_mlp")
  if (is_mlp != is.null(config$network)) {
    twinnet_stop("cannot resume ", path, ": it is ",
                 if (is_mlp) "an MLP (layers)" else "a network",
                 " but the config gives ", if (is_mlp) "network" else "layers")
  }
  if (is_mlp) {
    if (!identical(as.numeric(model$sizes), as.numeric(config$layers))) {
      differ("layers", sizes_text(model$sizes), sizes_text(config$layers))
    }
    pairs <- list(activation = model$activation, loss = model$loss, lr = model$lr)
  } else {
    resume_network(model, config, path, differ)
    pairs <- list(loss = model$loss)
  }
  seed <- if (is.null(config$init_weights)) config$seed
  pairs <- c(pairs, list(seed = model$seed, mode = model$mode))
  if (is_mlp) pairs$bias <- model$bias
  for (key in names(pairs)) {
    old <- pairs[[key]]
    new <- if (key == "seed") seed else config[[key]]
    same <- if (is.null(old) || is.null(new)) is.null(old) && is.null(new) else old == new
    if (!isTRUE(same)) differ(key, json_text(old), json_text(new))
  }
  if (!is_mlp) resume_optimizer(model, config, differ)
  invisible(TRUE)
}

resume_same_layer <- function(layer, spec) {
  or <- function(value, default) if (is.null(value)) default else value
  if (spec$type %in% names(spec_keys)) {
    return(identical(layer_spec(layer), layer_spec(layer_from_spec(spec))))
  }
  if (spec$type == "dense") {
    return(identical(layer$kind, "dense") && layer$n_in == spec$n_in &&
             layer$n_out == spec$n_out &&
             identical(layer$has_bias, or(spec$bias, TRUE)) &&
             identical(layer$init, or(spec$init, "normal")))
  }
  identical(layer$kind, "activation") && identical(layer$name, or(spec$name, "sigmoid"))
}

resume_network <- function(model, config, path, differ) {
  for (i in seq_len(min(length(model$layers), length(config$network)))) {
    if (!resume_same_layer(model$layers[[i]], config$network[[i]])) {
      twinnet_stop("cannot resume ", path, ": its network differs from the config's at layer ",
                   i)
    }
  }
  if (length(model$layers) != length(config$network)) {
    differ("network", paste(length(model$layers), "layers"),
           paste(length(config$network), "layers"))
  }
}

resume_optimizer <- function(model, config, differ) {
  key <- model$optimizer$key
  name <- if (is.null(key)) "sgd" else key[[1]]
  settings <- if (is.null(key)) list() else key[[2]]
  if (!identical(name, config$optimizer)) {
    differ("optimizer", json_text(name), json_text(config$optimizer))
  }
  for (setting in names(optimizers[[name]]$settings)) {
    if (!is.null(settings[[setting]]) &&
        as.numeric(settings[[setting]]) != as.numeric(config[[setting]])) {
      differ(setting, json_text(settings[[setting]]), json_text(config[[setting]]))
    }
  }
}
