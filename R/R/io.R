# Files: CSV data, config.json and the JSON model file (docs/formats.md).
# Numbers are written with sprintf("%.15g"), "%.16g" or "%.17g", the shortest
# that reads back to the same double (jsonlite's own toJSON writes 15
# significant digits and does not round-trip); the Python twin writes
# repr(). Files are written to a temporary name in the target folder and
# renamed into place, so a model or prediction file is written whole or not
# at all. Twin: python/src/twinnet/io.py.

model_format <- "twinnet-model"
model_version <- 1L

config_defaults <- list(
  layers = NULL, network = NULL, lr = 0.1, seed = 42, mode = "blas",
  loss = "half_sse", activation = "sigmoid", bias = TRUE, init_weights = NULL,
  init_biases = NULL, batch_size = NULL, shuffle = FALSE, optimizer = "sgd",
  momentum = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, decay = 0,
  x_test = NULL, y_test = NULL, description = ""
)
config_required <- c("x", "y", "epochs")
# Training settings of a network (an mlp's are its lr alone).
fit_keys <- c("lr", "batch_size", "shuffle", "optimizer", "momentum", "beta1",
              "beta2", "epsilon", "decay")

# R's own reading of numbers (as.numeric, read.csv, scan) is not correctly
# rounded: of 100,000 shortest round-trip strings (Python's repr) of doubles
# with exponents up to +-300, 19 came back one ULP off. jsonlite's parser is
# exact, so every number with a fraction or an exponent in JSON syntax goes
# through it. R reads the rest: integers (exact up to 19 digits, and jsonlite
# would read "-0" as +0), forms JSON lacks (".5", "Inf"), and decides what is
# not a number at all.
json_number <- "^-?(0|[1-9][0-9]*)([.][0-9]+([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)$"

parse_numbers <- function(text) {
  value <- suppressWarnings(as.numeric(text))
  exact <- !is.na(value) & grepl(json_number, text)
  if (any(exact)) {
    value[exact] <- as.numeric(jsonlite::parse_json(
      paste0("[", paste(text[exact], collapse = ","), "]"),
      simplifyVector = TRUE))
  }
  value
}

#' Read a CSV file with a header row into a numeric matrix
#'
#' Numbers are converted exactly (to the nearest double), also where R's own
#' `read.csv` is one unit in the last place off.
#'
#' @param path File name.
#' @param name What the file holds, for error messages.
#' @return A finite numeric matrix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(matrix(c(0.1, 1 / 3, 2, 1e-300), 2, 2), path, prefix = "x")
#' readLines(path)
#' read_matrix(path)
#' @export
read_matrix <- function(path, name = "X") {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop(name, " file not found: ", path)
  }
  frame <- tryCatch(
    utils::read.csv(path, check.names = FALSE, colClasses = "character",
                    na.strings = character(0), strip.white = TRUE),
    error = function(e) {
      if (grepl("no lines available", conditionMessage(e))) {
        twinnet_stop(name, " file ", path, " is empty")
      }
      twinnet_stop(name, " file ", path, " is not a valid CSV file: ",
                   conditionMessage(e))
    }
  )
  columns <- lapply(names(frame), function(column) {
    text <- frame[[column]]
    missing <- text %in% c("", "NA")
    value <- parse_numbers(text)
    if (any(is.na(value) & !is.nan(value) & !missing)) {
      twinnet_stop(name, " file ", path, " has a non-numeric value in column '",
                   column, "'")
    }
    value[missing] <- NA
    value
  })
  data <- matrix(unlist(columns, use.names = FALSE), nrow = nrow(frame),
                 ncol = length(columns))
  as_matrix(paste0(name, " (", path, ")"), data)
}

# Does the file name say IDX (MNIST's format: ...-ubyte or ...-ubyte.gz)?
is_idx <- function(path) grepl("-ubyte(\\.gz)?$", path)

#' Inputs or targets from a CSV or an IDX file
#'
#' IDX files are read as MNIST is: images one per row scaled to \[0, 1\]
#' (divided by 255), labels one-hot.
#'
#' @param path File name.
#' @param name What the file holds, for error messages.
#' @return A numeric matrix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(toy_data()$X, path, prefix = "x")
#' read_data(path)
#' @export
read_data <- function(path, name = "X") {
  if (!is_idx(path)) return(read_matrix(path, name))
  values <- read_idx(path)
  if (is.null(dim(values)) || length(dim(values)) == 1L) {
    return(one_hot(as.vector(values)))
  }
  d <- dim(values)
  flat <- matrix(aperm(values, c(1L, rev(seq_along(d)[-1L]))), d[1L])
  flat / 255
}

#' Write a trace as CSV, whole or not at all
#'
#' @param table A data.frame from [trace_epoch()].
#' @param path File to write.
#' @examples
#' d <- toy_data()
#' steps <- trace_epoch(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' path <- tempfile(fileext = ".csv")
#' write_trace(steps, path)
#' head(readLines(path))
#' @export
write_trace <- function(table, path) {
  table$value <- num_text(table$value)
  lines <- character(0)
  con <- textConnection("lines", "w", local = TRUE)
  utils::write.table(table, con, sep = ",", quote = c(2L, 3L),
                     row.names = FALSE, qmethod = "double")
  close(con)
  write_atomically(path, lines)
}

write_atomically <- function(path, lines) {
  folder <- dirname(path)
  if (!dir.exists(folder)) {
    twinnet_stop("could not write ", path, ": folder ", folder,
                 " does not exist")
  }
  tmp <- tempfile(pattern = ".twinnet-", tmpdir = folder, fileext = ".tmp")
  ok <- FALSE
  on.exit(if (!ok) unlink(tmp))
  failed <- function(e) {
    twinnet_stop("could not write ", path, ": ", conditionMessage(e))
  }
  con <- tryCatch(file(tmp, open = "wb"), error = failed, warning = failed)
  tryCatch(writeLines(lines, con, sep = "\n"), error = failed,
           finally = close(con))
  if (dir.exists(path) || !suppressWarnings(file.rename(tmp, path))) {
    twinnet_stop("could not write ", path, ": cannot replace it")
  }
  ok <- TRUE
  invisible(path)
}

# The shortest of 15, 16 or 17 significant digits that reads back to the same
# double (checked with the exact parser): Python's repr() gives the same
# digits, so files written by the two languages read alike.
num_text <- function(x) {
  out <- sprintf("%.15g", x)
  for (digits in c(16L, 17L)) {
    redo <- is.finite(x) & parse_numbers(out) != x
    if (!any(redo)) break
    out[redo] <- sprintf(paste0("%.", digits, "g"), x[redo])
  }
  out[x == 0 & 1 / x < 0] <- "-0.0"  # "-0" would read back as +0 in JSON
  out[is.nan(x)] <- "nan"
  out[is.na(x) & !is.nan(x)] <- "nan"
  out[x == Inf] <- "inf"
  out[x == -Inf] <- "-inf"
  out
}

#' Write a matrix as CSV, columns y1, y2, ..., numbers round-tripping
#'
#' @param matrix A numeric matrix.
#' @param path File to write.
#' @param prefix Column name prefix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(matrix(c(0.1, 1 / 3), 2, 1), path)
#' identical(read_matrix(path, "Y")[, 1], c(0.1, 1 / 3))
#' @export
write_matrix <- function(matrix, path, prefix = "y") {
  matrix <- as.matrix(matrix)
  header <- paste0(prefix, seq_len(ncol(matrix)), collapse = ",")
  rows <- apply(matrix, 1, function(r) paste(num_text(r), collapse = ","))
  write_atomically(path, c(header, rows))
}

load_json <- function(path, what, simplify = TRUE) {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop(what, " file not found: ", path)
  }
  tryCatch(
    jsonlite::fromJSON(path, simplifyVector = simplify),
    error = function(e) {
      twinnet_stop(what, " file ", path, " is not valid JSON: ",
                   conditionMessage(e))
    }
  )
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
  config <- load_json(path, "config", simplify = FALSE)
  if (!is.list(config) || is.null(names(config))) {
    twinnet_stop("config file ", path, " must hold a JSON object")
  }
  known <- c(config_required, names(config_defaults))
  unknown <- sort(setdiff(names(config), known))
  if (length(unknown)) {
    twinnet_stop("config file ", path, " has unknown keys: ",
                 paste(unknown, collapse = ", "))
  }
  missing <- setdiff(config_required, names(config))
  if (("layers" %in% names(config)) == ("network" %in% names(config))) {
    missing <- c(missing, "layers or network (one of them)")
  }
  if (length(missing)) {
    twinnet_stop("config file ", path, " is missing required keys: ",
                 paste(missing, collapse = ", "))
  }
  # every value but the network's layer list is a scalar or a plain vector
  for (key in setdiff(names(config), "network")) {
    if (is.list(config[[key]])) config[[key]] <- unlist(config[[key]])
  }
  out <- utils::modifyList(config_defaults, config)
  base <- dirname(normalizePath(path))
  relative_to_config <- function(p) {
    ifelse(grepl("^(/|[A-Za-z]:[/\\\\])", p), p, file.path(base, p))
  }
  for (key in c("x", "y", "x_test", "y_test", "init_weights", "init_biases")) {
    if (!is.null(out[[key]])) out[[key]] <- relative_to_config(unlist(out[[key]]))
  }
  out
}

#' Build a network from layer descriptions
#'
#' @param specs A list of layers, each a list such as
#'   `list(type = "dense", n_in = 2, n_out = 3, init = "aflak")` or
#'   `list(type = "activation", name = "tanh")` (as in config.json).
#' @param seed,mode As for [network()].
#' @param loss Optional loss for [use()].
#' @param weights,biases Optional parameters for the dense layers instead of
#'   drawn ones.
#' @return A network.
#' @examples
#' specs <- list(list(type = "dense", n_in = 2, n_out = 3, init = "aflak"),
#'               list(type = "activation", name = "tanh"),
#'               list(type = "dense", n_in = 3, n_out = 1, init = "aflak"),
#'               list(type = "activation", name = "tanh"))
#' network_from_specs(specs, seed = 42, loss = "mse")
#' @export
network_from_specs <- function(specs, seed = 42, mode = "blas", loss = NULL,
                               weights = NULL, biases = NULL) {
  if (!is.list(specs) || !length(specs)) {
    twinnet_stop("network must be a non-empty list of layers")
  }
  is_dense <- vapply(specs, function(s) is.list(s) && identical(s$type, "dense"),
                     logical(1))
  if (!is.null(weights) && length(weights) != sum(is_dense)) {
    twinnet_stop(length(weights), " weight matrices were given for ",
                 sum(is_dense), " layers")
  }
  net <- network(seed = seed, mode = mode)
  k <- 0L
  b <- 0L
  for (i in seq_along(specs)) {
    spec <- specs[[i]]
    kind <- if (is.list(spec)) spec$type
    if (identical(kind, "dense")) {
      unknown <- setdiff(names(spec), c("type", "n_in", "n_out", "bias", "init"))
      layer <- dense(spec$n_in, spec$n_out,
                     bias = if (is.null(spec$bias)) TRUE else spec$bias,
                     init = if (is.null(spec$init)) "normal" else spec$init)
      if (!is.null(weights)) {
        k <- k + 1L
        bias_row <- NULL
        if (layer$has_bias && b < length(biases)) {
          b <- b + 1L
          bias_row <- biases[[b]]
        }
        params <- check_dense_params(layer, weights[[k]], bias_row,
                                     paste("layer", i))
        layer$weights <- params$weights
        layer$bias_row <- params$bias
      }
    } else if (identical(kind, "activation")) {
      unknown <- setdiff(names(spec), c("type", "name"))
      layer <- activation(if (is.null(spec$name)) "sigmoid" else spec$name)
    } else {
      twinnet_stop("unknown layer type ", show_value(kind), " in layer ", i,
                   "; choose one of dense, activation")
    }
    if (length(unknown)) {
      twinnet_stop("layer ", i, " has unknown keys: ",
                   paste(sort(unknown), collapse = ", "))
    }
    net <- add(net, layer)
  }
  if (!is.null(loss)) net <- use(net, loss)
  net
}

#' Build the untrained model a config describes
#'
#' An [mlp()] (`layers` in the config) or a [network()] (`network`), from
#' its seed or initial-weight files.
#'
#' @param config A list from [read_config()].
#' @return A model.
#' @examples
#' config <- list(layers = c(2, 3, 1), lr = 0.5, seed = 1, mode = "blas",
#'                loss = "half_sse", activation = "sigmoid", bias = TRUE)
#' model_from_config(config)
#' @export
model_from_config <- function(config) {
  weights <- biases <- NULL
  if (!is.null(config$init_weights)) {
    weights <- lapply(seq_along(config$init_weights), function(l) {
      read_matrix(config$init_weights[l], paste("initial weights of layer", l))
    })
  }
  if (!is.null(config$init_biases)) {
    biases <- lapply(seq_along(config$init_biases), function(l) {
      read_matrix(config$init_biases[l], paste("initial biases of layer", l))
    })
  }
  if (!is.null(config$network)) {
    if (!is.null(weights) || !is.null(biases)) {
      twinnet_stop("initial weight files are read for layers configs only")
    }
    return(network_from_specs(config$network, config$seed, config$mode,
                              config$loss))
  }
  mlp(layers = config$layers, lr = config$lr, seed = config$seed,
      mode = config$mode, loss = config$loss, activation = config$activation,
      bias = config$bias, weights = weights, biases = biases)
}

#' Build the model a config describes and train it as the config says
#'
#' @param config A list from [read_config()].
#' @param X,Y Input and target matrices.
#' @param model A model to continue instead of a new one.
#' @param epochs Epochs to train (the config's by default).
#' @param ... Passed to [fit()]: progress, checkpoint_every, checkpoint_path,
#'   on_epoch.
#' @return The trained model.
#' @examples
#' config <- list(layers = c(2, 3, 1), lr = 1, seed = 1, mode = "blas",
#'                loss = "mse", activation = "sigmoid", bias = TRUE,
#'                epochs = 300)
#' d <- xor_data()
#' model <- train_from_config(config, d$X, d$y)
#' predict(model, d$X)
#' @export
train_from_config <- function(config, X, Y, model = NULL, epochs = NULL, ...) {
  if (is.null(model)) model <- model_from_config(config)
  if (is.null(epochs)) epochs <- config$epochs
  if (inherits(model, "twinnet_mlp")) return(fit(model, X, Y, epochs, ...))
  do.call(fit, c(list(model, X, Y, epochs), config[fit_keys], list(...)))
}

#' Units per dense layer, input first
#'
#' @param model A network or an mlp.
#' @return An integer vector, e.g. `c(2, 3, 1)`.
#' @examples
#' network_sizes(mlp(c(4, 3, 1)))
#' @export
network_sizes <- function(model) {
  dense <- model$layers[dense_indices(model)]
  if (!length(dense)) return(integer(0))
  c(dense[[1]]$n_in, vapply(dense, function(l) l$n_out, integer(1)))
}

json_numbers <- function(x) paste0("[", paste(num_text(x), collapse = ","), "]")

json_matrix <- function(m) {
  paste0("[", paste(apply(m, 1, json_numbers), collapse = ","), "]")
}

verbatim <- function(text) structure(text, class = "json")

#' Save a model as JSON, whole or not at all
#'
#' @param model A `"twinnet"` model.
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
      } else {
        list(type = "activation", name = l$name)
      }
    })
    config <- list(network = specs, loss = model$loss, seed = model$seed,
                   mode = model$mode)
  }
  content <- list(
    format = model_format,
    version = model_version,
    config = config,
    weights = verbatim(paste0("[", paste(vapply(model$weights, json_matrix,
                                                 ""), collapse = ","), "]")),
    biases = verbatim(paste0("[", paste(vapply(model$biases, json_numbers, ""),
                                        collapse = ","), "]")),
    loss_history = verbatim(json_numbers(model$loss_history)),
    rng_state = model$rng_state,
    optimizer = optimizer_json(model)
  )
  text <- jsonlite::toJSON(content, auto_unbox = TRUE, null = "null",
                           json_verbatim = TRUE, pretty = TRUE)
  write_atomically(path, text)
}

# The optimiser's settings and state, so that training resumes exactly (NULL
# for plain gradient descent, which keeps no state). Arrays in the order
# weights..., biases..., each a list of rows.
optimizer_json <- function(model) {
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

optimizer_from_json <- function(data) {
  if (is.null(data)) return(NULL)
  rows_to_matrix <- function(rows) {
    do.call(rbind, lapply(rows, function(r) as.numeric(unlist(r))))
  }
  settings <- lapply(data$settings, as.numeric)
  state <- lapply(data$state, function(v) {
    if (is.list(v)) lapply(v, rows_to_matrix) else as.numeric(v)
  })
  list(key = list(data$name, settings), state = if (length(state)) state)
}

#' Read a model file written by either language
#'
#' @param path File name.
#' @return A `"twinnet"` model.
#' @examples
#' path <- tempfile(fileext = ".json")
#' save_model(mlp(c(2, 2, 1)), path)
#' load_model(path)
#' @export
load_model <- function(path) {
  data <- load_json(path, "model", simplify = FALSE)
  if (!is.list(data) || !identical(data$format, model_format)) {
    twinnet_stop("model file ", path, " is not a twinnet model")
  }
  if (!identical(data$version, model_version)) {
    twinnet_stop("model file ", path, " has version ",
                 show_value(data$version), "; this twinnet reads version ",
                 model_version)
  }
  for (key in c("config", "weights", "biases", "loss_history")) {
    if (!(key %in% names(data))) {
      twinnet_stop("model file ", path, " has no '", key, "'")
    }
  }
  cfg <- data$config
  is_network <- "network" %in% names(cfg)
  needed <- if (is_network) c("network", "mode", "loss") else
    c("layers", "lr", "mode", "loss", "activation", "bias")
  for (key in needed) {
    if (is.null(cfg[[key]])) {
      twinnet_stop("model file ", path, " has no config entry '", key, "'")
    }
  }
  rows_to_matrix <- function(rows) {
    do.call(rbind, lapply(rows, function(r) as.numeric(unlist(r))))
  }
  weights <- lapply(data$weights, rows_to_matrix)
  biases <- lapply(data$biases, function(b) matrix(as.numeric(unlist(b)), nrow = 1L))
  seed <- if (is.null(cfg$seed)) 42 else cfg$seed
  model <- tryCatch(
    if (is_network) {
      network_from_specs(cfg$network, seed, cfg$mode, cfg$loss, weights, biases)
    } else {
      mlp(layers = as.numeric(unlist(cfg$layers)), lr = cfg$lr,
          mode = cfg$mode, loss = cfg$loss, activation = cfg$activation,
          bias = cfg$bias, weights = weights, biases = biases)
    },
    twinnet_error = function(e) {
      twinnet_stop("model file ", path, ": ", conditionMessage(e))
    },
    error = function(e) {
      twinnet_stop("model file ", path, " is malformed: ", conditionMessage(e))
    }
  )
  model["seed"] <- list(if (is.null(cfg$seed)) NULL else as.integer(cfg$seed))
  model$loss_history <- as.numeric(unlist(data$loss_history))
  if (!is.null(data$rng_state)) model$rng_state <- as.integer(unlist(data$rng_state))
  model["optimizer"] <- list(tryCatch(
    optimizer_from_json(data$optimizer),
    error = function(e) {
      twinnet_stop("model file ", path, " is malformed: ", conditionMessage(e))
    }
  ))
  model
}
