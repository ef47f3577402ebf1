# Model files: save_model, load_model and the checks of every entry of a
# model file (docs/formats.md, docs/inputs.md "Model files"). Numbers are
# written with the shortest of sprintf("%.15g"), "%.16g" or "%.17g" that reads
# back to the same double (jsonlite's own toJSON writes 15 significant digits
# and does not round-trip); the Python twin writes repr(), the same digits. A
# model file is written whole or not at all (write_atomically, files.R).
# Twin: python/src/twinnet/model_file.py. Its length (about 540 lines):
# writing a model file, then one check per entry in the order a file is read,
# then reading it; split, the checks would stand apart from the format they
# check.

model_format <- "twinnet-model"
model_version <- 1L

# one side: JSON text for jsonlite's json_verbatim; Python's json module writes repr
json_numbers <- function(x) paste0("[", paste(num_text(x), collapse = ","), "]")

# one side: JSON text for jsonlite's json_verbatim; Python's json module writes repr
json_matrix <- function(m) {
  paste0("[", paste(apply(m, 1, json_numbers), collapse = ","), "]")
}

# one side: JSON text for jsonlite's json_verbatim; Python's json module writes repr
verbatim <- function(text) structure(text, class = "json")

# The model file's content: the list save_model writes as JSON (numbers as
# verbatim JSON text, so that they read back to the same doubles).
model_to_dict <- function(model) {
  if (inherits(model, "twinnet_mlp")) {
    config <- list(
      layers = model$sizes, activation = model$activation, loss = model$loss,
      lr = verbatim(num_text(model$lr)), seed = model$seed, bias = model$bias,
      mode = model$mode
    )
  } else {
    if (any(vapply(model$layers, function(l) identical(l$name, "custom"),
                   logical(1)))) {
      twinnet_stop("a network with a custom activation cannot be saved")
    }
    specs <- lapply(model$layers, function(l) {
      if (l$kind == "dense") {
        list(type = "dense", n_in = l$n_in, n_out = l$n_out, bias = l$has_bias,
             init = l$init)
      } else if (l$kind %in% spatial_kinds) {
        layer_spec(l)  # conv.R
      } else {
        list(type = "activation", name = l$name)
      }
    })
    config <- list(network = specs, loss = model$loss, seed = model$seed,
                   mode = model$mode)
  }
  list(
    format = model_format,
    version = model_version,
    config = config,
    weights = verbatim(paste0("[", paste(vapply(model$weights, json_matrix,
                                                 ""), collapse = ","), "]")),
    biases = verbatim(paste0("[", paste(vapply(model$biases, json_numbers, ""),
                                        collapse = ","), "]")),
    loss_history = verbatim(json_numbers(model$loss_history)),
    validation_loss_history = history_to_json(model$validation_loss_history),
    validation_score_history = history_to_json(model$validation_score_history),
    stop_reason = model$stop_reason,
    best_epoch = model$best_epoch,
    rng_state = verbatim(rng_json(model$rng_state)),
    optimizer = optimizer_to_dict(model)
  )
}

# The validation histories and how a non-finite value is written in them
# (JSON has no NaN or infinity; a validation loss may be either, recorded as
# it is): the words R and show_value use.
validation_histories <- c("validation_loss_history", "validation_score_history")
non_finite <- c("NaN" = NaN, "Inf" = Inf, "-Inf" = -Inf)

# A history as JSON text: finite numbers as numbers, the others as the
# strings "NaN", "Inf", "-Inf".
history_to_json <- function(values) {
  values <- as.numeric(values)
  text <- num_text(values)
  text[is.na(values)] <- "\"NaN\""
  text[which(values == Inf)] <- "\"Inf\""
  text[which(values == -Inf)] <- "\"-Inf\""
  verbatim(paste0("[", paste(text, collapse = ","), "]"))
}

# R's .Random.seed as JSON: a word 0x80000000 is NA_integer_ in R, written as
# the 32-bit integer it is. one side: Python's generator state is plain ints
rng_json <- function(state) {
  words <- sprintf("%d", state)
  words[is.na(state)] <- "-2147483648"
  paste0("[", paste(words, collapse = ","), "]")
}

# The optimiser's settings and state, so that training resumes exactly (NULL
# for plain gradient descent, which keeps no state). Arrays in the order
# weights..., biases..., each a list of rows.
optimizer_to_dict <- function(model) {
  opt <- model$optimizer
  if (is.null(opt)) return(NULL)
  matrices <- function(ms) {
    verbatim(paste0("[", paste(vapply(ms, json_matrix, ""), collapse = ","), "]"))
  }
  state <- lapply(opt$state, function(v) {
    if (is.list(v)) matrices(v) else verbatim(num_text(v))
  })
  if (!length(state)) state <- structure(list(), names = character(0))
  settings <- lapply(opt$key[[2]], function(v) verbatim(num_text(v)))
  if (!length(settings)) settings <- structure(list(), names = character(0))
  list(name = opt$key[[1]], settings = settings, state = state)
}

# The optimiser a checked model file holds (see check_model_optimizer):
# list(key = list(name, settings), state), or NULL for plain gradient descent.
optimizer_from_dict <- function(data) {
  if (is.null(data)) return(NULL)
  state <- if (length(data$state)) data$state
  list(key = list(data$name, data$settings), state = state)
}

#' Save a model as JSON, whole or not at all
#'
#' @param model A `"twinnet"` model, or a fit from [twinnet()] (saved with
#'   an `"estimator"` entry: classes, input names, formula, settings; it loads
#'   as a fitted `TwinnetClassifier`/`TwinnetRegressor` in Python).
#' @param path File to write.
#' @examples
#' d <- toy_data()
#' model <- fit(mlp(c(4, 3, 1), seed = 42), d$X, d$y, epochs = 100)
#' path <- tempfile(fileext = ".json")
#' save_model(model, path)
#' again <- load_model(path)
#' identical(again$weights, model$weights)
#' @export
save_model <- function(model, path) {
  estimator <- NULL
  if (inherits(model, "twinnet_fit")) {  # twinnet()'s fit: its network and estimator entry
    estimator <- estimator_entry(model)
    model <- model$network
  }
  if (!inherits(model, "twinnet_network")) {
    twinnet_stop("model must be a twinnet model (an MLP, a Network or a fitted estimator)")
  }
  content <- model_to_dict(model)
  content$estimator <- estimator  # only for a fit (NULL leaves no entry)
  text <- jsonlite::toJSON(content, auto_unbox = TRUE, null = "null",
                           json_verbatim = TRUE, pretty = TRUE)
  write_atomically(path, text)
}

# ---- checks
# Every entry of a model file is checked before anything is built from it, in
# this order, by functions of the same names and with the same messages as in
# the Python twin (python/src/twinnet/model_file.py): the file (format, version,
# keys), the config, the weights, the biases, the loss history, the
# generator's state and the optimiser (docs/inputs.md, "Model files").

model_keys <- c("format", "version", "config", "weights", "biases",
                "loss_history", "rng_state", "optimizer")
# Top-level entries the format defines but does not require: the training
# controls' records (files written before them load with none) and a fitted
# estimator's entry (docs/formats.md).
training_record_keys <- c(validation_histories, "stop_reason", "best_epoch")
model_optional_keys <- c(training_record_keys, "estimator")
stop_reasons <- c("tol", "early_stopping", "abstol")
network_config_keys <- c("network", "loss", "seed", "mode")
rng_kind <- 10403  # .Random.seed[1] for Mersenne-Twister, Inversion, Rejection
rng_length <- 626L

# one side: jsonlite gives lists for JSON objects and arrays alike
is_json_object <- function(x) is.list(x) && !is.null(names(x))
# one side: jsonlite gives lists for JSON objects and arrays alike
is_json_list <- function(x) is.list(x) && is.null(names(x))
is_json_number <- function(x) is.numeric(x) && length(x) == 1L

# The JSON type of a value in words (the Python twin says the same).
entry_kind <- function(value) {
  if (is.null(value)) return("null")
  if (is.logical(value)) return("a boolean")
  if (is.numeric(value)) return("a number")
  if (is.character(value)) return("a string")
  if (is_json_list(value)) return("a list")
  "an object"
}

# What a file holds where something else is due: a number as written back,
# anything else by its JSON type.
entry_found <- function(value) {
  if (is_json_number(value)) num_text(as.numeric(value)) else entry_kind(value)
}

# one side: R shows whole doubles with sprintf; Python's ints print as they are
whole_text <- function(x) sprintf("%.0f", x)

check_entry_whole <- function(where, value, low, high) {
  ok <- is_json_number(value) && is.finite(value) && value == round(value) &&
    value >= low && value <= high
  if (!ok) {
    twinnet_stop(where, " must be a whole number in [", whole_text(low), ", ",
                 whole_text(high), "], got ", entry_found(value))
  }
  as.numeric(value)
}

check_entry_real <- function(where, value, what, ok) {
  if (!is_json_number(value) || !isTRUE(ok(as.numeric(value)))) {
    twinnet_stop(where, " must be ", what, ", got ", entry_found(value))
  }
  as.numeric(value)
}

check_entry_string <- function(where, value, null = FALSE) {
  if ((null && is.null(value)) || (is.character(value) && length(value) == 1L)) {
    return(value)
  }
  twinnet_stop(where, " must be ", if (null) "a string or null" else "a string",
               ", got ", entry_found(value))
}

check_entry_flag <- function(where, value) {
  if (!is.logical(value) || length(value) != 1L || is.na(value)) {
    twinnet_stop(where, " must be true or false, got ", entry_found(value))
  }
  value
}

# A JSON object with every key of `required` and no key outside `required`
# and `optional`.
check_entry_object <- function(where, value, required, optional = character(0)) {
  if (!is_json_object(value)) {
    twinnet_stop(where, " must be an object, got ", entry_found(value))
  }
  for (key in required) {
    if (!(key %in% names(value))) twinnet_stop(where, " has no '", key, "'")
  }
  unknown <- sort(setdiff(names(value), c(required, optional)), method = "radix")
  if (length(unknown)) {
    twinnet_stop(where, " has unknown keys: ", paste(unknown, collapse = ", "))
  }
  value
}

check_entry_list <- function(where, value, count, unit, why = "") {
  if (!is_json_list(value)) {
    twinnet_stop(where, " must be a list of ", count, " ", unit, ", got ",
                 entry_found(value))
  }
  if (length(value) != count) {
    twinnet_stop(where, " must have ", count, " ", unit, why, ", got ",
                 length(value))
  }
  value
}

# A list of finite numbers (`count` of them when given), as a double vector.
check_entry_numbers <- function(where, values, count = NULL) {
  if (is.null(count)) {
    if (!is_json_list(values)) {
      twinnet_stop(where, " must be a list of numbers, got ", entry_found(values))
    }
  } else {
    check_entry_list(where, values, count, "numbers")
  }
  if (all(vapply(values, is.numeric, NA)) && all(lengths(values) == 1L)) {
    out <- as.numeric(unlist(values))
    if (all(is.finite(out))) return(out)
  }
  for (i in seq_along(values)) {
    v <- values[[i]]
    if (!is_json_number(v) || !is.finite(v)) {
      twinnet_stop("value ", i, " of ", where, " must be a finite number, got ",
                   entry_found(v))
    }
  }
}

# A list of `n_rows` rows of `n_cols` finite numbers, as a matrix.
check_entry_matrix <- function(where, rows, n_rows, n_cols) {
  check_entry_list(where, rows, n_rows, "rows")
  checked <- lapply(seq_len(n_rows), function(i) {
    check_entry_numbers(paste0("row ", i, " of ", where), rows[[i]], n_cols)
  })
  matrix(unlist(checked), nrow = n_rows, ncol = n_cols, byrow = TRUE)
}

# The file itself: a twinnet model of version 1 with the format's keys.
check_model_file <- function(data, path) {
  if (!is_json_object(data) || !identical(data[["format"]], model_format)) {
    twinnet_stop("model file ", path, " is not a twinnet model")
  }
  if (!("version" %in% names(data))) {
    twinnet_stop("model file ", path, " has no 'version'")
  }
  version <- data[["version"]]
  if (!is_json_number(version)) {
    twinnet_stop("model file ", path, ": version must be a number, got ",
                 entry_found(version))
  }
  if (version != model_version) {  # 1.0 is 1: JSON does not tell them apart
    twinnet_stop("model file ", path, " has version ", entry_found(version),
                 "; this twinnet reads version ", model_version)
  }
  check_entry_object(paste0("model file ", path), data, model_keys,
                     model_optional_keys)
  invisible(data)
}

# The config: a layers (mlp) or a network config, every value of its JSON
# type. Returns the values and the dense layers' shapes (n_in, n_out, bias).
check_model_config <- function(cfg) {
  if (!is_json_object(cfg)) {
    twinnet_stop("config must be an object, got ", entry_found(cfg))
  }
  is_network <- "network" %in% names(cfg)
  check_entry_object("config", cfg,
                     if (is_network) network_config_keys else mlp_config_keys)
  if (is_network) {
    out <- check_network_specs(cfg[["network"]])
    out["loss"] <- list(check_entry_string("config entry 'loss'", cfg[["loss"]],
                                           null = TRUE))
  } else {
    layers <- cfg[["layers"]]
    if (!is_json_list(layers) || length(layers) < 2L) {
      found <- if (is_json_list(layers)) length(layers) else entry_found(layers)
      twinnet_stop("config entry 'layers' must be a list of at least 2 sizes, got ",
                   found)
    }
    sizes <- vapply(seq_along(layers), function(i) {
      as.integer(check_entry_whole(paste0("size ", i, " of config entry 'layers'"),
                                   layers[[i]], 1, int_max))
    }, integer(1))
    out <- list(
      layers = sizes,
      activation = check_entry_string("config entry 'activation'",
                                      cfg[["activation"]]),
      loss = check_entry_string("config entry 'loss'", cfg[["loss"]]),
      lr = check_entry_real("config entry 'lr'", cfg[["lr"]], "a positive number",
                            function(x) is.finite(x) && x > 0)
    )
  }
  seed <- cfg[["seed"]]
  if (!is.null(seed)) {
    seed <- as.integer(check_entry_whole("config entry 'seed'", seed, -int_max,
                                         int_max))
  }
  out["seed"] <- list(seed)
  if (!is_network) {
    out$bias <- check_entry_flag("config entry 'bias'", cfg[["bias"]])
    n <- length(sizes)
    out$shapes <- lapply(seq_len(n - 1L), function(l) {
      list(n_in = sizes[l], n_out = sizes[l + 1L], bias = out$bias)
    })
  }
  out$mode <- check_entry_string("config entry 'mode'", cfg[["mode"]])
  out
}

# A network config's layer list: the specs (sizes as integers) and the dense
# layers' shapes. Unknown layer types and keys are left to
# network_from_specs, whose messages say the same in both languages.
check_network_specs <- function(specs) {
  if (!is_json_list(specs) || !length(specs)) {
    found <- if (is_json_list(specs)) "an empty list" else entry_found(specs)
    twinnet_stop("config entry 'network' must be a non-empty list of layers, got ",
                 found)
  }
  out <- list(network = list(), shapes = list())
  for (i in seq_along(specs)) {
    spec <- specs[[i]]
    where <- paste0("layer ", i, " of the network")
    if (!is_json_object(spec)) {
      twinnet_stop(where, " must be an object, got ", entry_found(spec))
    }
    if (!("type" %in% names(spec))) twinnet_stop(where, " has no 'type'")
    kind <- check_entry_string(paste0("'type' of ", where), spec[["type"]])
    if (identical(kind, "dense")) {
      for (key in c("n_in", "n_out")) {
        if (!(key %in% names(spec))) twinnet_stop(where, " has no '", key, "'")
        spec[[key]] <- as.integer(check_entry_whole(
          paste0("'", key, "' of ", where), spec[[key]], 1, int_max))
      }
      if ("bias" %in% names(spec)) {
        check_entry_flag(paste0("'bias' of ", where), spec[["bias"]])
      }
      if ("init" %in% names(spec)) {
        check_entry_string(paste0("'init' of ", where), spec[["init"]])
      }
      bias <- if ("bias" %in% names(spec)) spec[["bias"]] else TRUE
      out$shapes[[length(out$shapes) + 1L]] <- list(
        n_in = spec[["n_in"]], n_out = spec[["n_out"]], bias = bias)
    } else if (identical(kind, "activation") && "name" %in% names(spec)) {
      check_entry_string(paste0("'name' of ", where), spec[["name"]])
    } else if (identical(kind, "conv2d")) {
      layer <- layer_from_spec(spec)  # conv.R
      out$shapes[[length(out$shapes) + 1L]] <- list(
        n_in = layer$n_in, n_out = layer$n_out, bias = layer$has_bias)
    }
    out$network[[i]] <- spec
  }
  out
}

# One n_in x n_out matrix of finite numbers per dense layer.
check_model_weights <- function(weights, shapes) {
  check_entry_list("weights", weights, length(shapes), "matrices",
                   " (one per dense layer)")
  lapply(seq_along(shapes), function(l) {
    check_entry_matrix(paste("weight matrix", l), weights[[l]],
                       shapes[[l]]$n_in, shapes[[l]]$n_out)
  })
}

# One row of n_out finite numbers per dense layer with a bias.
check_model_biases <- function(biases, shapes) {
  outs <- unlist(lapply(shapes, function(s) if (s$bias) s$n_out))
  check_entry_list("biases", biases, length(outs), "rows",
                   " (one per dense layer with a bias)")
  lapply(seq_along(outs), function(k) {
    matrix(check_entry_numbers(paste("bias row", k), biases[[k]], outs[k]),
           nrow = 1L)
  })
}

# One finite number per epoch trained (a diverged run stops before it
# writes, so a model file never holds a non-finite loss).
check_model_loss_history <- function(history) {
  check_entry_numbers("loss_history", history)
}

# A validation history: empty, or one value per epoch trained (NaN for the
# epochs of fits without a validation set), each a number or "NaN", "Inf",
# "-Inf".
check_model_validation_history <- function(where, values, epochs) {
  if (!is_json_list(values)) {
    twinnet_stop(where, " must be a list of numbers, got ", entry_found(values))
  }
  if (length(values) && length(values) != epochs) {
    twinnet_stop(where, " must have 0 or ", epochs,
                 " values (one per epoch trained), got ", length(values))
  }
  out <- numeric(length(values))
  for (i in seq_along(values)) {
    v <- values[[i]]
    if (is.character(v) && length(v) == 1L && v %in% names(non_finite)) {
      out[i] <- non_finite[[v]]
    } else if (is_json_number(v)) {
      out[i] <- as.numeric(v)
    } else {
      twinnet_stop("value ", i, " of ", where,
                   " must be a number, \"NaN\", \"Inf\" or \"-Inf\", got ", entry_found(v))
    }
  }
  out
}

# Why the last fit stopped (null: it ran all its epochs) and the epoch whose
# weights early stopping restored (null: none), in [0, epochs] (0: the
# weights the network had before its first epoch).
check_model_stop <- function(stop_reason, best_epoch, epochs) {
  if (!is.null(stop_reason) &&
      !(is.character(stop_reason) && length(stop_reason) == 1L &&
          stop_reason %in% stop_reasons)) {
    shown <- if (is.character(stop_reason) && length(stop_reason) == 1L) {
      paste0("'", stop_reason, "'")
    } else {
      entry_found(stop_reason)
    }
    twinnet_stop("stop_reason must be null or one of ", paste(stop_reasons, collapse = ", "),
                 ", got ", shown)
  }
  if (!is.null(best_epoch)) {
    best_epoch <- as.integer(check_entry_whole("best_epoch", best_epoch, 0, epochs))
  }
  list(stop_reason = stop_reason, best_epoch = best_epoch)
}

# R's .Random.seed: 626 32-bit integers, 10403, the position in [1, 624] and
# 624 Mersenne-Twister words, not all zero (R would reseed from the clock).
check_model_rng_state <- function(state) {
  if (!is_json_list(state)) {
    twinnet_stop("rng_state must be a list of ", rng_length,
                 " whole numbers, got ", entry_found(state))
  }
  if (length(state) != rng_length) {
    twinnet_stop("rng_state must have ", rng_length, " numbers, got ",
                 length(state))
  }
  words <- vapply(seq_along(state), function(i) {
    check_entry_whole(paste0("value ", i, " of rng_state"), state[[i]],
                      -int_max - 1, int_max)
  }, numeric(1))
  if (words[1] != rng_kind) {
    twinnet_stop("value 1 of rng_state must be ", rng_kind,
                 " (R's Mersenne-Twister), got ", whole_text(words[1]))
  }
  if (words[2] < 1 || words[2] > rng_length - 2L) {
    twinnet_stop("value 2 of rng_state (the generator's position) must be in [1, ",
                 rng_length - 2L, "], got ", whole_text(words[2]))
  }
  if (all(words[-(1:2)] == 0)) {
    twinnet_stop("rng_state has all ", rng_length - 2L, " generator words zero")
  }
  # -2147483648 becomes NA_integer_: the same 32 bits, as in .Random.seed
  suppressWarnings(as.integer(words))
}

# NULL (plain gradient descent), or a network's momentum or Adam optimiser:
# its settings and its state, arrays shaped as the weights and biases
# (weights..., biases...).
check_model_optimizer <- function(opt, shapes, is_network) {
  if (is.null(opt)) return(NULL)
  if (!is_network) {
    twinnet_stop("optimizer must be null for a layers model, got ", entry_found(opt))
  }
  check_entry_object("optimizer", opt, c("name", "settings", "state"))
  name <- check_entry_string("optimizer name", opt[["name"]])
  keeping <- names(Filter(function(o) length(o$state) > 0L, optimizers))  # not sgd
  if (!(name %in% keeping)) {
    twinnet_stop("unknown optimizer name '", name, "'; choose one of ",
                 paste(keeping, collapse = ", "))
  }
  keys <- names(optimizers[[name]]$settings)
  settings <- check_entry_object("optimizer settings", opt[["settings"]], keys)
  settings <- lapply(stats::setNames(keys, keys), function(key) {
    check_entry_real(paste0("optimizer setting '", key, "'"), settings[[key]],
                     if (setting_of(key)$positive) "a positive number" else setting_rule(key),
                     function(x) is.finite(x) && setting_allows(key, x))
  })
  state <- opt[["state"]]
  if (is_json_object(state) && !length(state)) {
    return(list(name = name, settings = settings, state = list()))
  }
  check_entry_object("optimizer state", state, optimizers[[name]]$state)
  below_one <- list("a number in [0, 1)", function(x) x >= 0 && x < 1)
  arrays <- c(lapply(shapes, function(s) c(s$n_in, s$n_out)),
              lapply(Filter(function(s) s$bias, shapes), function(s) c(1L, s$n_out)))
  out <- list()
  for (key in optimizers[[name]]$state) {
    where <- paste0("optimizer state '", key, "'")
    if (key == "t") {
      out[[key]] <- check_entry_whole(where, state[[key]], 1, int_max)
    } else if (key %in% c("b1t", "b2t")) {
      out[[key]] <- check_entry_real(where, state[[key]], below_one[[1]],
                                     below_one[[2]])
    } else {
      check_entry_list(where, state[[key]], length(arrays), "arrays",
                       " (one per weight matrix and bias row)")
      out[[key]] <- lapply(seq_along(arrays), function(k) {
        check_entry_matrix(paste0("array ", k, " of ", where), state[[key]][[k]],
                           arrays[[k]][1], arrays[[k]][2])
      })
    }
  }
  list(name = name, settings = settings, state = out)
}

#' Read a model file written by either language
#'
#' Every entry is checked first (docs/inputs.md, "Model files"): a file a
#' user can write gives one error naming the entry.
#'
#' @param path File name.
#' @return A `"twinnet"` model; for a file with an `"estimator"` entry (a
#'   fit saved from [twinnet()] or from Python's `TwinnetClassifier`/
#'   `TwinnetRegressor`), a `"twinnet_fit"` whose [predict()] works on new
#'   data (docs/formats.md).
#' @examples
#' path <- tempfile(fileext = ".json")
#' save_model(mlp(c(2, 2, 1)), path)
#' load_model(path)
#' @export
load_model <- function(path) {
  data <- load_json(path, "model")
  check_model_file(data, path)
  model <- tryCatch({
    cfg <- check_model_config(data[["config"]])
    weights <- check_model_weights(data[["weights"]], cfg$shapes)
    biases <- check_model_biases(data[["biases"]], cfg$shapes)
    history <- check_model_loss_history(data[["loss_history"]])
    records <- lapply(stats::setNames(validation_histories, validation_histories), function(key) {
      values <- if (key %in% names(data)) data[[key]] else list()
      check_model_validation_history(key, values, length(history))
    })
    stop <- check_model_stop(data[["stop_reason"]], data[["best_epoch"]], length(history))
    rng_state <- check_model_rng_state(data[["rng_state"]])
    optimizer <- check_model_optimizer(data[["optimizer"]], cfg$shapes,
                                       !is.null(cfg$network))
    seed <- cfg$seed
    model <- if (!is.null(cfg$network)) {
      network_from_specs(cfg$network, if (is.null(seed)) 42 else seed, cfg$mode,
                         cfg$loss, weights, biases)
    } else {
      mlp_from_config(cfg, weights, biases)
    }
    model["seed"] <- list(seed)
    model$loss_history <- history
    model$validation_loss_history <- records$validation_loss_history
    model$validation_score_history <- records$validation_score_history
    model["stop_reason"] <- list(stop$stop_reason)
    model["best_epoch"] <- list(stop$best_epoch)
    model$rng_state <- rng_state
    model["optimizer"] <- list(optimizer_from_dict(optimizer))
    model
  }, twinnet_error = function(e) {
    twinnet_stop("model file ", path, ": ", conditionMessage(e))
  })
  if ("estimator" %in% names(data)) {  # a fit: twinnet()'s object around the network
    model <- estimator_from_entry(data[["estimator"]], model, path)
  }
  model
}

# load_model() for the command line: the network of a fit's file (predict
# writes its outputs, compare compares its numbers).
load_network <- function(path) {
  model <- load_model(path)
  if (inherits(model, "twinnet_fit")) model$network else model
}
