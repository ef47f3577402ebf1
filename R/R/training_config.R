# Models from a config: the network a config's layer list describes, the
# untrained model a config describes and its training as the config says. The
# config itself is read and checked in config.R (read_config, check_config).
# Twin: python/src/twinnet/training_config.py.

# Training settings of a network (an mlp's are its lr and the training
# controls); config.R is collated before this file.
fit_keys <- c("lr", network_only_keys(), names(training_controls))

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
  is_dense <- vapply(specs, function(s) {
    is.list(s) && (identical(s$type, "dense") || identical(s$type, "conv2d"))
  }, logical(1))
  if (!is.null(weights) && length(weights) != sum(is_dense)) {
    twinnet_stop(length(weights), " weight matrices were given for ",
                 sum(is_dense), " layers")
  }
  net <- network(seed = seed, mode = mode)
  k <- 0L
  b <- 0L
  for (i in seq_along(specs)) {
    made <- spec_layer(specs[[i]], i)
    layer <- made$layer
    if (layer$kind %in% c("dense", "conv2d") && !is.null(weights)) {
      k <- k + 1L
      bias_row <- NULL
      if (layer$has_bias && b < length(biases)) {
        b <- b + 1L
        bias_row <- biases[[b]]
      }
      layer <- dense_set_params(layer, weights[[k]], bias_row, paste("layer", i))
    }
    if (length(made$unknown)) {
      twinnet_stop("layer ", i, " has unknown keys: ",
                   paste(sort(made$unknown), collapse = ", "))
    }
    net <- add(net, layer)
  }
  if (!is.null(loss)) net <- use(net, loss)
  net
}

# Layer i of a network's description: the layer, and the keys its type does
# not know (network_from_specs refuses them after the layer's parameters).
spec_layer <- function(spec, i) {
  kind <- if (is.list(spec)) spec$type
  if (identical(kind, "dense")) {
    layer <- dense(spec$n_in, spec$n_out,
                   bias = if (is.null(spec$bias)) TRUE else spec$bias,
                   init = if (is.null(spec$init)) "normal" else spec$init)
    return(list(layer = layer, unknown = setdiff(names(spec), dense_keys)))
  }
  if (identical(kind, "activation")) {
    layer <- activation(if (is.null(spec$name)) "sigmoid" else spec$name)
    return(list(layer = layer, unknown = setdiff(names(spec), activation_keys)))
  }
  if (is.character(kind) && length(kind) == 1L && kind %in% names(spec_keys)) {
    return(list(layer = layer_from_spec(spec),  # conv.R
                unknown = setdiff(names(spec), spec_keys[[kind]])))
  }
  twinnet_stop("unknown layer type ", show_value(kind), " in layer ", i,
               "; choose one of dense, activation, conv2d, max_pool2d, ",
               "average_pool2d, flatten")
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
  mlp_from_config(config, weights, biases)
}

# A file of sample weights: one column, one row per sample (fit checks the
# values and the number of rows).
read_sample_weight <- function(path, name) {
  w <- read_matrix(path, name)
  if (ncol(w) != 1L) {
    twinnet_stop(name, " file ", path, " must have one column, got ", ncol(w))
  }
  w
}

# Does the model (a network or an mlp, or a config) start with an image layer
# (conv2d, a pool, flatten)? Its data files are then read as images: IDX
# images as n x height x width x channels arrays.
takes_images <- function(model) {
  first <- if (is.list(model$layers)) {
    model$layers[[1]]$kind
  } else if (is.list(model$network)) {  # a config: its network's first layer spec
    model$network[[1]]$type
  }
  isTRUE(first %in% spatial_kinds)
}

# The inputs and targets a config names, read from its x and y files (IDX
# images as images for a network that starts with an image layer); with
# n_rows, their first n_rows rows (Aflak's first 1000 images), cut after
# reading, so labels are one-hot over all of them.
config_xy <- function(config) {
  X <- read_data(config$x, "X", images = takes_images(config))
  Y <- read_data(config$y, "Y")
  n <- config$n_rows
  if (is.null(n)) return(list(X = X, Y = Y))
  for (part in list(list(X, "X", "x"), list(Y, "Y", "y"))) {
    if (dim(part[[1L]])[1L] < n) {
      twinnet_stop("n_rows is ", n, " but ", part[[2L]], " file ", config[[part[[3L]]]],
                   " has ", dim(part[[1L]])[1L], " rows")
    }
  }
  list(X = take_rows(X, seq_len(n)), Y = take_rows(Y, seq_len(n)))
}

# The data a config names besides x and y, read from its files:
# sample_weight (or NULL) and validation_data (list(X, Y) or list(X, Y, w), or
# NULL), as fit takes them.
config_data <- function(config) {
  out <- list(sample_weight = NULL, validation_data = NULL)
  if (!is.null(config$sample_weight)) {
    out$sample_weight <- read_sample_weight(config$sample_weight, "sample weight")
    n <- config$n_rows
    if (!is.null(n)) {
      if (nrow(out$sample_weight) < n) {
        twinnet_stop("n_rows is ", n, " but sample weight file ", config$sample_weight,
                     " has ", nrow(out$sample_weight), " rows")
      }
      out$sample_weight <- out$sample_weight[seq_len(n), , drop = FALSE]
    }
  }
  if (!is.null(config$x_val) && !is.null(config$y_val)) {
    val <- list(read_data(config$x_val, "X validation", images = takes_images(config)),
                read_data(config$y_val, "Y validation"))
    if (!is.null(config$sample_weight_val)) {
      val[[3]] <- read_sample_weight(config$sample_weight_val, "validation sample weight")
    }
    out$validation_data <- val
  }
  out
}

#' Build the model a config describes and train it as the config says
#'
#' @param config A list from [read_config()].
#' @param X,Y Input and target matrices.
#' @param model A model to continue instead of a new one.
#' @param epochs Epochs to train (the config's by default).
#' @param data The sample weights and validation set the config's files hold
#'   (`list(sample_weight = , validation_data = )`; read from the files when
#'   `NULL`).
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
train_from_config <- function(config, X, Y, model = NULL, epochs = NULL, data = NULL,
                              ...) {
  if (is.null(model)) model <- model_from_config(config)
  if (is.null(epochs)) epochs <- config$epochs
  if (is.null(data)) data <- config_data(config)
  given <- config[intersect(fit_keys, names(config))]
  defaults <- config_defaults()
  controls <- names(training_controls)
  if (inherits(model, "twinnet_mlp")) {
    # a network setting an MLP would not use is an error, never ignored
    unused <- Filter(function(k) {
      # the default exactly (as Python's !=), not all.equal's tolerance
      given <- config[[k]]
      default <- defaults[[k]]
      !is.null(given) &&
        !(length(given) == 1L && length(default) == 1L && isTRUE(given == default))
    }, network_only_keys())
    if (length(unused)) {
      twinnet_stop(unused_settings_text(unused, network_only_why))
    }
    settings <- utils::modifyList(defaults[controls], given[intersect(controls, names(given))])
    return(do.call(fit, c(list(model, X, Y, epochs), settings, data, list(...))))
  }
  settings <- utils::modifyList(defaults[fit_keys], given)
  do.call(fit, c(list(model, X, Y, epochs), settings, data, list(...)))
}
