# Layers and the network that chains them (Omar Aflak's design, in R's
# functional style: every function returns a new network).
# A layer computes its output from its input and, given the gradient of the
# loss with respect to its output (dE/dY), gives the gradient with respect to
# its input (dE/dX) and the gradients of its own parameters. For a dense
# layer Y = X W + B:
#   dE/dX = dE/dY t(W)      dE/dW = t(X) dE/dY      dE/dB = colsum(dE/dY)
# and for an activation layer Y = f(X), dE/dX = dE/dY * f'(X).
# A network keeps its parameters in `weights` (one matrix per dense layer)
# and `biases` (one row per dense layer with a bias), and its own stream of
# R's generator in `rng_state`: initial weights and shuffling come from it,
# so network(seed = s) in R and Network(seed=s) in Python train alike.
# Twin: python/src/twinnet/layers.py.

#' A fully connected layer
#'
#' `Y = X W + B`. Its weights are drawn when it is added to a network, from
#' the network's stream, unless given.
#'
#' @param n_in,n_out Inputs and units.
#' @param bias Use a bias row?
#' @param init How the weights are drawn: "normal" (Analytics Vidhya),
#'   "aflak", "loy", "xavier", "he" or "nnet" (see the package's docs).
#' @param weights,bias_row Given parameters instead of drawn ones.
#' @return A layer specification for [add()].
#' @examples
#' net <- add(network(seed = 1), dense(2, 3, init = "xavier"))
#' net$weights[[1]]  # drawn from the network's stream
#' dense(2, 1, weights = matrix(c(0.5, -0.5), 2, 1), bias_row = 0.1)
#' @export
dense <- function(n_in, n_out, bias = TRUE, init = "normal", weights = NULL,
                  bias_row = NULL) {
  layer <- structure(list(
    kind = "dense", n_in = check_positive_integer("n_in", n_in),
    n_out = check_positive_integer("n_out", n_out),
    has_bias = check_flag("bias", bias),
    init = check_choice("init", init, names(initialisers)),
    weights = NULL, bias_row = NULL
  ), class = c("twinnet_dense", "twinnet_layer"))
  if (!is.null(weights)) {
    params <- check_dense_params(layer, weights, bias_row, "this dense layer")
    layer$weights <- params$weights
    layer$bias_row <- params$bias
  } else if (!is.null(bias_row)) {
    twinnet_stop("a bias row was given without weights")
  }
  layer
}

check_dense_params <- function(layer, weights, bias_row, where) {
  w <- as_matrix(paste("weights of", where), weights)
  if (nrow(w) != layer$n_in || ncol(w) != layer$n_out) {
    twinnet_stop("weights of ", where, " are ", nrow(w), " x ", ncol(w),
                 ", expected ", layer$n_in, " x ", layer$n_out)
  }
  b <- NULL
  if (layer$has_bias) {
    if (is.null(bias_row)) twinnet_stop(where, " has a bias but none was given")
    b <- as_matrix(paste("biases of", where),
                   matrix(as.vector(as.matrix(bias_row)), nrow = 1L))
    if (ncol(b) != layer$n_out) {
      twinnet_stop("biases of ", where, " have ", ncol(b), " values, expected ",
                   layer$n_out)
    }
  } else if (length(bias_row)) {
    twinnet_stop("biases were given but ", where, " has no bias")
  }
  list(weights = w, bias = b)
}

#' An activation layer
#'
#' `activation("tanh")` takes a function from the table (sigmoid, tanh,
#' relu, identity, softmax); `activation(f = ..., f_prime = ...)` takes your
#' own pair, as in Aflak's article, with `f_prime` the derivative as a
#' function of the layer's input. Parity with Python then needs the same
#' formula on both sides.
#'
#' @param name A name from the table.
#' @param f,f_prime Your own function and its derivative.
#' @return A layer specification for [add()].
#' @examples
#' activation("tanh")
#' # Aflak's custom pair; f_prime is the derivative as a function of the input
#' softsign <- activation(f = function(x) x / (1 + abs(x)),
#'                        f_prime = function(x) 1 / ((1 + abs(x)) * (1 + abs(x))))
#' net <- add(add(network(), dense(2, 1)), softsign)
#' predict(net, matrix(c(1, 2), 1, 2))
#' @export
activation <- function(name = "sigmoid", f = NULL, f_prime = NULL) {
  if (!is.null(f) || is.function(name)) {
    if (is.function(name)) f <- name
    if (!is.function(f_prime)) {
      twinnet_stop("a custom activation needs f and its derivative f_prime")
    }
    return(structure(list(kind = "activation", name = "custom", f = f,
                          f_prime = f_prime),
                     class = c("twinnet_activation", "twinnet_layer")))
  }
  structure(list(kind = "activation",
                 name = check_choice("activation", name, names(activations))),
            class = c("twinnet_activation", "twinnet_layer"))
}

#' A network of layers
#'
#' Aflak's `Network`: start empty, [add()] layers, [use()] a loss, then
#' [fit()] and [predict()].
#'
#' @param seed Seed of the network's own stream of R's generator (initial
#'   weights, drawn as layers are added, and shuffling). The caller's
#'   random-number state is left alone.
#' @param mode "blas" or "exact".
#' @return An object of class "twinnet_network".
#' @examples
#' X <- matrix(c(0, 0, 0, 1, 1, 0, 1, 1), 4, 2, byrow = TRUE)
#' net <- network(seed = 42)
#' net <- add(net, dense(2, 3, init = "aflak"))
#' net <- add(net, activation("tanh"))
#' net <- add(net, dense(3, 1, init = "aflak"))
#' net <- add(net, activation("tanh"))
#' net <- use(net, "mse")
#' net <- fit(net, X, c(0, 1, 1, 0), epochs = 1000, lr = 0.1, batch_size = 1)
#' predict(net, X)
#' @export
network <- function(seed = 42, mode = "blas") {
  seed <- check_seed(seed)
  structure(list(
    seed = seed, mode = check_choice("mode", mode, names(arithmetics)),
    layers = list(), weights = list(), biases = list(), loss = NULL,
    loss_history = numeric(0), rng_state = seed_state(seed),
    optimizer = NULL
  ), class = c("twinnet_network", "twinnet"))
}

dense_indices <- function(net) {
  which(vapply(net$layers, function(l) l$kind == "dense", logical(1)))
}

#' Add a layer to a network
#'
#' A dense layer draws its weights now, from the network's stream.
#'
#' @param net A network.
#' @param layer From [dense()] or [activation()].
#' @return The network with the layer appended.
#' @examples
#' net <- network(seed = 42)
#' net <- add(net, dense(4, 3))
#' net <- add(net, activation("sigmoid"))
#' net
#' @export
add <- function(net, layer) {
  if (!inherits(layer, "twinnet_layer")) {
    twinnet_stop("add() takes a dense or an activation layer")
  }
  if (layer$kind == "dense") {
    dense_before <- dense_indices(net)
    if (length(dense_before)) {
      last <- net$layers[[dense_before[length(dense_before)]]]
      if (last$n_out != layer$n_in) {
        twinnet_stop("layers do not chain: layer ", length(net$layers) + 1L,
                     " takes ", layer$n_in, " inputs but the layer before gives ",
                     last$n_out)
      }
    }
    if (is.null(layer$weights)) {
      drawn <- with_stream(net$rng_state, initialisers[[layer$init]](
        layer$n_in, layer$n_out, layer$has_bias))
      net$rng_state <- drawn$state
      params <- drawn$value
    } else {
      params <- list(weights = layer$weights, bias = layer$bias_row)
    }
    net$weights[[length(net$weights) + 1L]] <- params$weights
    if (layer$has_bias) net$biases[[length(net$biases) + 1L]] <- params$bias
    layer$weights <- layer$bias_row <- NULL
    layer$index <- length(net$weights)
    layer$bias_index <- if (layer$has_bias) length(net$biases) else NA_integer_
  }
  net$layers[[length(net$layers) + 1L]] <- layer
  net
}

#' Set the loss of a network
#'
#' @param net A network.
#' @param loss "half_sse", "sse", "mse", "binary_cross_entropy" or
#'   "softmax_cross_entropy".
#' @return The network.
#' @examples
#' net <- add(add(network(), dense(2, 1)), activation("sigmoid"))
#' net <- use(net, "binary_cross_entropy")
#' net$loss
#' @export
use <- function(net, loss) {
  net$loss <- check_choice("loss", loss, names(losses))
  net
}

check_ready <- function(net) {
  if (!length(dense_indices(net))) {
    twinnet_stop("the network has no dense layer; add one first")
  }
  if (is.null(net$loss)) twinnet_stop("the network has no loss; call use() first")
  needs <- losses[[net$loss]]$output
  last <- net$layers[[length(net$layers)]]
  if (!is.null(needs) && !(last$kind == "activation" && last$name == needs)) {
    twinnet_stop("loss ", net$loss, " needs a ", needs,
                 " activation as the last layer")
  }
}

check_network_data <- function(net, X, Y = NULL) {
  d <- dense_indices(net)
  n_in <- net$layers[[d[1]]]$n_in
  X <- as_matrix("X", X)
  if (ncol(X) != n_in) {
    twinnet_stop("X has ", ncol(X), " columns but the input layer has ", n_in,
                 " units")
  }
  if (is.null(Y)) return(list(X = X, Y = NULL))
  Y <- as_matrix("Y", Y, column = TRUE)
  n_out <- net$layers[[d[length(d)]]]$n_out
  if (nrow(Y) != nrow(X)) {
    twinnet_stop("X has ", nrow(X), " rows but Y has ", nrow(Y))
  }
  if (ncol(Y) != n_out) {
    twinnet_stop("Y has ", ncol(Y), " columns but the output layer has ", n_out,
                 " units")
  }
  if (identical(net$loss, "softmax_cross_entropy")) {
    one_hot <- apply((Y == 0) | (Y == 1), 1, all) & rowSums(Y) == 1
    if (!all(one_hot)) {
      twinnet_stop("softmax_cross_entropy needs one-hot targets (one 1 per row, ",
                   "zeros elsewhere); row ", which(!one_hot)[1], " of Y is not")
    }
  }
  if (identical(net$loss, "binary_cross_entropy") && any(Y < 0 | Y > 1)) {
    twinnet_stop("binary_cross_entropy needs targets between 0 and 1")
  }
  check_targets(net, Y)
  list(X = X, Y = Y)
}

# The values an output activation can give, for the check of the targets
# (Python twin: OUTPUT_RANGES in layers.py).
output_ranges <- list(
  sigmoid = list(low = 0, high = 1, text = "between 0 and 1"),
  softmax = list(low = 0, high = 1, text = "between 0 and 1"),
  tanh = list(low = -1, high = 1, text = "between -1 and 1")
)

# Refuse targets the output activation cannot reach (a sigmoid output and the
# class 2, say): training would chase them without a word.
check_targets <- function(net, Y) {
  last <- net$layers[[length(net$layers)]]
  if (last$kind != "activation" || !(last$name %in% names(output_ranges))) {
    return(invisible(NULL))
  }
  range <- output_ranges[[last$name]]
  bad <- Y < range$low | Y > range$high
  if (any(bad)) {
    where <- which(bad, arr.ind = TRUE)
    # the first bad value in row-major order, as the Python twin reports it
    first <- where[order(where[, 1], where[, 2])[1], ]
    twinnet_stop("Y has the value ", sprintf("%.15g", Y[first[1], first[2]]),
                 " (row ", first[1], ", column ", first[2], ") but a ",
                 last$name, " output gives values ", range$text,
                 ": scale the targets into [", format(range$low), ", ",
                 format(range$high), "], use an identity output, or give ",
                 "classes one-hot (one column per class, 0 or 1)")
  }
  invisible(NULL)
}

# z + b with the bias row added to every row, column by column (no n x k
# temporary; z is the caller's own, so R changes it in place).
add_bias <- function(z, b) {
  for (j in seq_len(ncol(z))) z[, j] <- z[, j] + b[j]
  z
}

# Forward pass: the input and output of every layer.
network_forward <- function(net, X) {
  ar <- arithmetics[[net$mode]]
  inputs <- outputs <- vector("list", length(net$layers))
  out <- X
  for (i in seq_along(net$layers)) {
    layer <- net$layers[[i]]
    inputs[[i]] <- out
    out <- if (layer$kind == "dense") {
      z <- ar$matmul(out, net$weights[[layer$index]])
      if (layer$has_bias) {
        b <- net$biases[[layer$bias_index]]
        if (!is.null(ar$add_bias) && blas_bias_fits(z, b)) {
          # blas mode: the sums of add_bias in one C pass, written into z
          # (z is this frame's own fresh product, rebound to the result:
          # src/blas_kernels.c, "In place")
          z <- .Call(twinnet_blas_add_bias, z, b, TRUE)
        } else {
          z <- add_bias(z, b)
        }
      }
      z
    } else if (layer$name == "custom") {
      layer$f(out)
    } else {
      activations[[layer$name]]$forward(out, ar)
    }
    outputs[[i]] <- out
  }
  list(inputs = inputs, outputs = outputs)
}

# Forward and backward pass on one batch: the loss, the error, the cache and
# the gradients (grad_weights, grad_biases, and grad_outputs at every dense
# layer's output).
network_backward <- function(net, X, Y) {
  ar <- arithmetics[[net$mode]]
  cache <- network_forward(net, X)
  n_layers <- length(net$layers)
  out <- cache$outputs[[n_layers]]
  lossf <- losses[[net$loss]]
  e <- Y - out
  if (!is.null(lossf$output)) {
    value <- lossf$value(cache$inputs[[n_layers]], Y, ar)
    grad <- lossf$gradient(out, Y)
    first <- n_layers - 1L
  } else {
    value <- lossf$value(e, Y, ar)
    grad <- -lossf$gradient(e)
    first <- n_layers
  }
  grad_weights <- vector("list", length(net$weights))
  grad_biases <- vector("list", length(net$biases))
  grad_outputs <- vector("list", length(net$weights))
  for (i in rev(seq_len(first))) {
    layer <- net$layers[[i]]
    if (layer$kind == "dense") {
      grad_outputs[[layer$index]] <- grad
      grad_weights[[layer$index]] <- ar$crossprod(cache$inputs[[i]], grad)
      if (layer$has_bias) grad_biases[[layer$bias_index]] <- ar$colsum(grad)
      grad <- if (i > 1L) ar$tcrossprod(grad, net$weights[[layer$index]])
    } else if (layer$name == "custom") {
      grad <- layer$f_prime(cache$inputs[[i]]) * grad
    } else if (layer$name == "sigmoid" && !is.null(ar$sigmoid_slope) &&
               blas_slope_fits(grad, cache$outputs[[i]])) {
      # blas mode: grad * (a * (1 - a)) in one C pass, written into grad when
      # grad is this frame's alone (a fresh product or -gradient(e)), and
      # grad is rebound to the result (src/blas_kernels.c, "In place")
      grad <- .Call(twinnet_blas_sigmoid_slope, grad, cache$outputs[[i]], TRUE)
    } else {
      grad <- activations[[layer$name]]$backward(grad, cache$outputs[[i]], ar)
    }
  }
  list(loss = value, error = e, cache = cache, grad_weights = grad_weights,
       grad_biases = grad_biases, grad_outputs = grad_outputs)
}

# Apply an optimiser to all parameters: weights first, then biases (each
# parameter is updated on its own, so the order does not change any bits).
apply_update <- function(net, pass, lr, optimizer = "sgd", settings = list()) {
  n_w <- length(net$weights)
  updated <- optimizers[[optimizer]](c(net$weights, net$biases),
                                     c(pass$grad_weights, pass$grad_biases), lr,
                                     net$optimizer$state, settings)
  net$weights <- updated$params[seq_len(n_w)]
  net$biases <- updated$params[-seq_len(n_w)]
  if (optimizer != "sgd") net$optimizer$state <- updated$state
  net
}

#' @describeIn fit Train a network for `epochs` epochs, continuing from its
#'   current weights. `batch_size = NULL` is full-batch descent (Analytics
#'   Vidhya, Loy), `1` per-sample descent in the data's order (Aflak).
#'   `shuffle = TRUE` draws a new order of the rows each epoch with
#'   `sample.int` from the network's stream. With `decay`, epoch e (from 0,
#'   over all fits) uses `lr / (1 + decay * e)`. The optimiser's state carries
#'   over between fits with the same settings. An interrupt (Ctrl-C) returns
#'   the network with every epoch completed so far.
#' @param lr Learning rate.
#' @param batch_size Rows per update.
#' @param shuffle Shuffle the rows each epoch?
#' @param optimizer "sgd", "momentum" or "adam".
#' @param momentum,beta1,beta2,epsilon Optimiser settings.
#' @param decay Learning-rate decay.
#' @param progress Show epoch, loss and ETA while training runs longer than
#'   two seconds? By default only when standard error is a terminal.
#' @param checkpoint_every,checkpoint_path Save the model to
#'   `checkpoint_path` every so many epochs (counted over all fits);
#'   [load_model()] and `fit()` for the remaining epochs then give the bits of
#'   an uninterrupted run.
#' @param on_epoch A function called after every epoch as
#'   `on_epoch(epoch, loss)` (the epoch counted over all fits); returning
#'   `TRUE` stops training there.
#' @export
# (lintr takes this method for a dotted name: its generic is in network.R)
fit.twinnet_network <- function(model, X, Y, epochs, lr = 0.1, # nolint: object_name_linter.
                                batch_size = NULL, shuffle = FALSE,
                                optimizer = "sgd", momentum = 0.9, beta1 = 0.9,
                                beta2 = 0.999, epsilon = 1e-8, decay = 0,
                                progress = NULL, checkpoint_every = NULL,
                                checkpoint_path = NULL, on_epoch = NULL, ...) {
  net <- model
  if (missing(epochs)) twinnet_stop("epochs must be given")
  check_ready(net)
  data <- check_network_data(net, X, Y)
  epochs <- check_positive_integer("epochs", epochs)
  lr <- check_positive_number("lr", lr)
  n <- nrow(data$X)
  size <- if (is.null(batch_size)) n else check_positive_integer("batch_size", batch_size)
  if (size > n) twinnet_stop("batch_size is ", size, " but the data have ", n, " rows")
  shuffle <- check_flag("shuffle", shuffle)
  decay <- check_number_in("decay", decay, 0, Inf)
  optimizer <- check_choice("optimizer", optimizer, names(optimizers))
  settings <- switch(optimizer,
    sgd = list(),
    momentum = list(momentum = check_number_in("momentum", momentum, 0, 1)),
    adam = list(beta1 = check_number_in("beta1", beta1, 0, 1, FALSE),
                beta2 = check_number_in("beta2", beta2, 0, 1, FALSE),
                epsilon = check_positive_number("epsilon", epsilon))
  )
  if (!is.null(checkpoint_every)) {
    checkpoint_every <- check_positive_integer("checkpoint_every", checkpoint_every)
    if (is.null(checkpoint_path)) twinnet_stop("checkpoint_every needs a checkpoint_path")
  }
  # sgd keeps no state; another optimiser's state carries over between fits
  # with the same settings
  key <- list(optimizer, settings)
  if (optimizer == "sgd") {
    net["optimizer"] <- list(NULL)
  } else if (!identical(net$optimizer$key, key)) {
    net$optimizer <- list(key = key, state = NULL)
  }
  before <- length(net$loss_history)
  # grown as training goes (doubling): nothing reserved for epochs not yet trained
  history <- numeric(min(epochs, 1024L))
  done <- 0L
  done_net <- net
  stopped <- FALSE
  bar <- progress_start(epochs, progress)
  on.exit(progress_close(bar))
  tryCatch({
    for (epoch in seq_len(epochs)) {
      epoch_lr <- lr / (1 + decay * (before + epoch - 1L))
      order <- NULL
      if (shuffle) {
        drawn <- with_stream(net$rng_state, sample.int(n))
        net$rng_state <- drawn$state
        order <- drawn$value
      }
      total <- 0
      for (start in seq(1L, n, by = size)) {
        if (is.null(order) && size == n) {
          xb <- data$X
          yb <- data$Y
        } else {
          rows <- start:min(start + size - 1L, n)
          if (!is.null(order)) rows <- order[rows]
          xb <- data$X[rows, , drop = FALSE]
          yb <- data$Y[rows, , drop = FALSE]
        }
        pass <- network_backward(net, xb, yb)
        net <- apply_update(net, pass, epoch_lr, optimizer, settings)
        total <- total + pass$loss * (nrow(xb) / n)
      }
      if (!is.finite(total)) {
        twinnet_stop("training diverged: the loss is ", format_loss(total),
                     " at epoch ", before + epoch, "; try a smaller lr")
      }
      if (epoch > length(history)) length(history) <- min(epochs, 2 * length(history))
      history[epoch] <- total
      done <- epoch
      done_net <- net
      progress_update(bar, epoch, total)
      if (!is.null(checkpoint_every) && (before + epoch) %% checkpoint_every == 0) {
        saved <- net
        saved$loss_history <- c(saved$loss_history, history[seq_len(done)])
        save_model(saved, checkpoint_path)
      }
      if (!is.null(on_epoch) && isTRUE(on_epoch(before + epoch, total))) break
    }
  }, interrupt = function(cnd) stopped <<- TRUE)
  net <- done_net
  net$loss_history <- c(net$loss_history, history[seq_len(done)])
  if (stopped) {
    note_stopped()
    progress_close(bar)
    bar$shown <- FALSE
    message("twinnet: stopped after epoch ", length(net$loss_history),
            "; the model keeps every epoch done")
    return(net)
  }
  if (!all(vapply(c(net$weights, net$biases), function(p) all(is.finite(p)),
                  logical(1)))) {
    twinnet_stop("training diverged: the weights are not finite after epoch ",
                 length(net$loss_history), "; try a smaller lr")
  }
  net
}

#' Outputs of a network
#'
#' The forward pass: the last layer's output for every row of `newdata`.
#'
#' @param object A [network()] or an [mlp()].
#' @param newdata A numeric matrix (or data frame) with a column per input
#'   unit.
#' @param ... Unused.
#' @return A numeric matrix with a row per row of `newdata` and a column per
#'   output unit.
#' @examples
#' d <- xor_data()
#' predict(mlp(c(2, 3, 1), seed = 1), d$X)
#' @importFrom stats predict
#' @export
predict.twinnet_network <- function(object, newdata, ...) {
  if (!length(dense_indices(object))) {
    twinnet_stop("the network has no dense layer; add one first")
  }
  X <- check_network_data(object, newdata)$X
  cache <- network_forward(object, X)
  cache$outputs[[length(cache$outputs)]]
}

#' One epoch of full-batch gradient descent, with a record of it
#'
#' @param model A network (or an [mlp()]).
#' @param X,Y Input and target matrices.
#' @param lr Learning rate (an mlp uses its own).
#' @return A list: `model` (after the epoch), the epoch's `activations` (X,
#'   then the output of every activation layer), `pre_activations` (their
#'   inputs), `error` (E = Y - output),
#'   `deltas` (the articles' D at each dense layer's output, -dE/dZ),
#'   `weight_gradients`, `bias_gradients`, `loss`, and the updated `weights`
#'   and `biases`.
#' @examples
#' d <- toy_data()
#' step <- train_step(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' step$loss
#' step$deltas[[2]]  # the output layer's delta, as the article prints it
#' @export
train_step <- function(model, X, Y, lr = if (is.null(model$lr)) 0.1 else model$lr) {
  check_ready(model)
  data <- check_network_data(model, X, Y)
  lr <- check_positive_number("lr", lr)
  pass <- network_backward(model, data$X, data$Y)
  is_activation <- vapply(model$layers, function(l) l$kind == "activation",
                          logical(1))
  net <- apply_update(model, pass, lr)
  net$loss_history <- c(net$loss_history, pass$loss)
  list(model = net,
       activations = c(list(data$X), pass$cache$outputs[is_activation]),
       pre_activations = pass$cache$inputs[is_activation],
       error = pass$error, deltas = lapply(pass$grad_outputs, function(g) -g),
       weight_gradients = pass$grad_weights, bias_gradients = pass$grad_biases,
       loss = pass$loss, weights = net$weights, biases = net$biases)
}

#' @rdname summary.twinnet_network
#' @export
print.twinnet_network <- function(x, ...) {
  cat("twinnet network (", x$mode, " mode, loss ",
      if (is.null(x$loss)) "not set" else x$loss, ")\n", sep = "")
  for (i in seq_along(x$layers)) {
    l <- x$layers[[i]]
    cat(sprintf("  %d. %s\n", i, if (l$kind == "dense") {
      sprintf("dense %d -> %d%s (%s)", l$n_in, l$n_out,
              if (l$has_bias) "" else ", no bias", l$init)
    } else {
      paste("activation", l$name)
    }))
  }
  if (length(x$loss_history)) {
    cat("trained ", length(x$loss_history), " epochs; final loss ",
        num_text(x$loss_history[length(x$loss_history)]), "\n",
        sep = "")
  }
  invisible(x)
}
