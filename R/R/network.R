# The network: a chain of layers trained by gradient descent (Aflak's design,
# in R's functional style: every function returns a new network).
# A network adds layers (layers.R), uses a loss, and fits by full-batch,
# mini-batch or per-sample gradient descent. One epoch of full-batch
# gradient descent (docs/algorithm.md):
#   A_0 = X
#   A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
#   E   = Y - A_L
#   D_L = G(E) * f'(A_L)          G = the loss's descent direction
#   D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
#   W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
#   b_l = b_l + colsum(D_l) * lr
# All deltas use the weights from before the update. A network keeps its
# parameters in `weights` (one matrix per dense layer) and `biases` (one row
# per dense layer with a bias), and its own stream of R's generator in
# `rng_state`: initial weights and shuffling come from it, so
# network(seed = s) in R and Network(seed=s) in Python train alike. The
# articles' multilayer perceptron is a network preset (mlp.R).
# fit, add and use are S3 generics: fit() is shared with generics::fit
# (tidymodels) when that is loaded, and use() hands anything but a network
# to base R's use() (R >= 4.4).
# Twin: python/src/twinnet/network.py. The training controls (their checks,
# the validation split and loss, the learning-rate schedules and the state of
# one fit's run: stopping, early stopping's best weights) are controls.R's;
# fit() runs the epochs and hands each to them.
# Its length (about 720 lines): fit(), training's one entry, takes thirty
# arguments (its roxygen page and signature are some 100 lines); the S3
# generics add(), use() and fit() with their fallbacks and pages, the
# network's checks, its forward and backward passes (with blas mode's fused
# kernels inline) and train_step(), compute_loss() and gradients() with their
# pages stand beside it, each the twin of network.py's.

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
    optimizer = NULL, validation_loss_history = numeric(0),
    validation_score_history = numeric(0), stop_reason = NULL, best_epoch = NULL
  ), class = c("twinnet_network", "twinnet"))
}

# The positions of the dense layers in net$layers
# twin: Network.dense_layers
dense_indices <- function(net) {
  which(vapply(net$layers, function(l) l$kind == "dense", logical(1)))
}

# The positions of the layers with parameters (dense and conv2d) in net$layers
# twin: Network.param_layers
param_indices <- function(net) {
  which(vapply(net$layers, function(l) l$kind %in% c("dense", "conv2d"), logical(1)))
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

#' Add a layer to a network
#'
#' A dense layer draws its weights now, from the network's stream.
#'
#' @param net A network.
#' @param layer From [dense()] or [activation()].
#' @param ... Unused.
#' @return The network with the layer appended.
#' @examples
#' net <- network(seed = 42)
#' net <- add(net, dense(4, 3))
#' net <- add(net, activation("sigmoid"))
#' net
#' @export
# one side: R's S3 generic; Python's add is a method of Network
add <- function(net, layer, ...) UseMethod("add")

#' @rdname add
#' @export
# one side: R's S3 fallback, for what is not a network
add.default <- function(net, layer, ...) {
  twinnet_stop("add() takes a twinnet network, got an object of class ",
               class(net)[1])
}

#' @rdname add
#' @export
add.twinnet_network <- function(net, layer, ...) {
  if (!inherits(layer, "twinnet_layer")) {
    twinnet_stop("add() takes a dense, activation, conv2d, max_pool2d, average_pool2d ",
                 "or flatten layer")
  }
  chain_check(net$layers, layer)  # conv.R
  if (layer$kind %in% c("dense", "conv2d")) {
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
#' `use()` is an S3 generic: on anything but a twinnet network it calls base
#' R's `use()` (R >= 4.4), which attaching twinnet masks.
#'
#' @param net A network.
#' @param loss "half_sse", "sse", "mse", "binary_cross_entropy" or
#'   "softmax_cross_entropy".
#' @param ... For base R's `use()`: its other arguments.
#' @return The network.
#' @examples
#' net <- add(add(network(), dense(2, 1)), activation("sigmoid"))
#' net <- use(net, "binary_cross_entropy")
#' net$loss
#' @export
# one side: R's S3 generic; Python's use is a method of Network
use <- function(net, ...) UseMethod("use")

#' @rdname use
#' @export
# one side: R's S3 fallback, base R's use() where it exists (R >= 4.4)
use.default <- function(net, ...) {
  if (exists("use", envir = baseenv(), inherits = FALSE)) {
    base_use <- get("use", envir = baseenv(), inherits = FALSE)
    return(base_use(net, ...))
  }
  twinnet_stop("use() takes a twinnet network, got an object of class ",
               class(net)[1])
}

#' @rdname use
#' @export
use.twinnet_network <- function(net, loss, ...) {
  net$loss <- check_choice("loss", loss, names(losses))
  net
}

network_check_ready <- function(net) {
  if (!length(param_indices(net))) {
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

# The input (and target) matrices checked against the network; `names` are
# their names in the messages (X_val, Y_val for a validation set).
network_check_data <- function(net, X, Y = NULL, names = c("X", "Y")) {
  x_name <- names[1]
  y_name <- names[2]
  d <- dense_indices(net)
  if (net$layers[[1]]$kind %in% spatial_kinds) {
    if (!is_source(X)) X <- as_images(x_name, X)  # conv.R
    n_out <- layer_shapes(net$layers, dim(X)[-1], x_name)
    n_out <- n_out[[length(n_out)]]
    if (length(n_out) != 1L && !is.null(Y)) {
      twinnet_stop("the network's output is images; end it with a flatten layer ",
                   "(and dense layers)")
    }
    n_out <- n_out[1]
  } else {
    n_in <- net$layers[[d[1]]]$n_in
    n_out <- net$layers[[d[length(d)]]]$n_out
    if (!is_source(X)) X <- as_matrix(x_name, X)  # a source's rows come batch by batch
    if (ncol(X) != n_in) {
      twinnet_stop(x_name, " has ", ncol(X), " columns but the input layer has ", n_in,
                   " units")
    }
  }
  if (is.null(Y)) return(list(X = X, Y = NULL))
  Y <- as_matrix(y_name, Y, column = TRUE)
  if (nrow(Y) != nrow(X)) {
    twinnet_stop(x_name, " has ", nrow(X), " rows but ", y_name, " has ", nrow(Y))
  }
  if (ncol(Y) != n_out) {
    twinnet_stop(y_name, " has ", ncol(Y), " columns but the output layer has ", n_out,
                 " units")
  }
  if (identical(net$loss, "softmax_cross_entropy")) {
    one_hot <- apply((Y == 0) | (Y == 1), 1, all) & rowSums(Y) == 1
    if (!all(one_hot)) {
      twinnet_stop("softmax_cross_entropy needs one-hot targets (one 1 per row, ",
                   "zeros elsewhere); row ", which(!one_hot)[1], " of ", y_name, " is not")
    }
  }
  if (identical(net$loss, "binary_cross_entropy") && any(Y < 0 | Y > 1)) {
    twinnet_stop("binary_cross_entropy needs targets between 0 and 1")
  }
  network_check_targets(net, Y, y_name)
  list(X = X, Y = Y)
}

# The values an output activation can give, for the check of the targets
# (Python twin: OUTPUT_RANGES in network.py).
output_ranges <- list(
  sigmoid = list(low = 0, high = 1, text = "between 0 and 1"),
  softmax = list(low = 0, high = 1, text = "between 0 and 1"),
  tanh = list(low = -1, high = 1, text = "between -1 and 1")
)

# Refuse targets the output activation cannot reach (a sigmoid output and the
# class 2, say): training would chase them without a word.
network_check_targets <- function(net, Y, y_name = "Y") {
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
    twinnet_stop(y_name, " has the value ", show_value(Y[first[1], first[2]]),
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
# one side: numpy adds a bias row in place (z += b)
add_bias <- function(z, b) {
  for (j in seq_len(ncol(z))) z[, j] <- z[, j] + b[j]
  z
}

# Forward pass: the input and output of every layer.
network_forward <- function(net, X) {
  ar <- arithmetics[[net$mode]]
  inputs <- outputs <- states <- vector("list", length(net$layers))
  out <- X
  for (i in seq_along(net$layers)) {
    layer <- net$layers[[i]]
    inputs[[i]] <- out
    out <- if (layer$kind %in% c("conv2d", "max_pool2d", "average_pool2d")) {
      done <- if (layer$kind == "conv2d") {
        conv2d_forward(layer, out, net$weights[[layer$index]],
                       if (layer$has_bias) net$biases[[layer$bias_index]], ar)
      } else {
        pool_forward(layer, out)
      }
      states[[i]] <- done$state
      done$out
    } else if (layer$kind == "flatten") {
      flatten_forward(out)
    } else if (layer$kind == "dense") {
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
  list(inputs = inputs, outputs = outputs, states = states)
}

# Forward and backward pass on one batch: the loss, the error, the cache and
# the gradients (grad_weights, grad_biases, and grad_outputs at every dense
# layer's output). w: the batch's case weights (an n x 1 matrix, or NULL);
# alpha, weight_decay: the penalties, added to the loss and the gradients
# (docs/algorithm.md, "Training controls").
network_backward <- function(net, X, Y, w = NULL, alpha = 0, weight_decay = 0) {
  ar <- arithmetics[[net$mode]]
  cache <- network_forward(net, X)
  n_layers <- length(net$layers)
  out <- cache$outputs[[n_layers]]
  lossf <- losses[[net$loss]]
  e <- Y - out
  sw <- if (!is.null(w)) ar$total(w)
  wv <- if (!is.null(w)) as.vector(w)  # recycled down every column
  if (!is.null(lossf$output)) {
    value <- lossf$value(cache$inputs[[n_layers]], Y, ar, wv, sw)
    grad <- lossf$gradient(out, Y, wv, sw)
    first <- n_layers - 1L
  } else {
    value <- lossf$value(e, Y, ar, wv, sw)
    grad <- -lossf$gradient(e, wv, sw)
    first <- n_layers
  }
  grad_weights <- vector("list", length(net$weights))
  grad_biases <- vector("list", length(net$biases))
  grad_outputs <- vector("list", length(net$weights))
  for (i in rev(seq_len(first))) {
    layer <- net$layers[[i]]
    if (layer$kind == "conv2d") {
      back <- conv2d_backward(layer, grad, cache$states[[i]], net$weights[[layer$index]],
                              ar, i > 1L)
      grad_outputs[[layer$index]] <- back$output
      grad_weights[[layer$index]] <- back$weights
      if (layer$has_bias) grad_biases[[layer$bias_index]] <- back$bias
      grad <- back$input
    } else if (layer$kind %in% c("max_pool2d", "average_pool2d")) {
      grad <- if (i > 1L) pool_backward(layer, grad, cache$states[[i]])
    } else if (layer$kind == "flatten") {
      grad <- if (i > 1L) flatten_backward(grad, dim(cache$inputs[[i]]))
    } else if (layer$kind == "dense") {
      grad_outputs[[layer$index]] <- grad
      grad_weights[[layer$index]] <- ar$crossprod(cache$inputs[[i]], grad)
      if (layer$has_bias) grad_biases[[layer$bias_index]] <- ar$colsum(grad)
      grad <- if (i > 1L) ar$tcrossprod(grad, net$weights[[layer$index]])
    } else {
      grad <- activation_backward(layer, grad, cache$inputs[[i]], cache$outputs[[i]], ar)
    }
  }
  pass <- list(loss = value, error = e, cache = cache, grad_weights = grad_weights,
               grad_biases = grad_biases, grad_outputs = grad_outputs)
  if (alpha > 0 || weight_decay > 0) {
    rows <- if (is.null(sw)) as.numeric(nrow(X)) else sw
    pass <- add_penalty(net, pass, ar, alpha, weight_decay, rows, ncol(Y))
  }
  pass
}

# dE/dX of an activation layer from dE/dY (`grad`), its input and its output.
# one side: Python's Activation.backward is the layer's own method (layers.py)
activation_backward <- function(layer, grad, input, output, ar) {
  if (layer$name == "custom") return(layer$f_prime(input) * grad)
  if (layer$name == "sigmoid" && !is.null(ar$sigmoid_slope) && blas_slope_fits(grad, output)) {
    # blas mode: grad * (a * (1 - a)) in one C pass, written into grad when
    # grad is this frame's alone (a fresh product or -gradient(e)), and
    # grad is rebound to the result (src/blas_kernels.c, "In place")
    return(.Call(twinnet_blas_sigmoid_slope, grad, output, TRUE))
  }
  activations[[layer$name]]$backward(grad, output, ar)
}

# The penalties added to a backward pass's loss and gradients: alpha
# (scikit-learn's, on the weights, / rows) or weight_decay (nnet's, on weights
# and biases, / the loss's divisor); docs/algorithm.md, "Training controls".
# one side: Python's Network._backward adds them in its own body
add_penalty <- function(net, pass, ar, alpha, weight_decay, rows, k) {
  div <- decay_divisor(net$loss, rows, k)
  pass$loss <- pass$loss + penalty(net$weights, net$biases, ar, alpha, weight_decay, rows, div)
  if (alpha > 0) {
    pass$grad_weights <- Map(function(g, W) g + (alpha * W) / rows, pass$grad_weights,
                             net$weights)
  } else {
    pass$grad_weights <- Map(function(g, W) g + ((2 * weight_decay) * W) / div,
                             pass$grad_weights, net$weights)
    pass$grad_biases <- Map(function(g, b) g + ((2 * weight_decay) * b) / div,
                            pass$grad_biases, net$biases)
  }
  pass
}

# Apply an optimiser to all parameters: weights first, then biases (each
# parameter is updated on its own, so the order does not change any bits).
# one side: R's update returns new lists, put back here; Python's optimisers
# update the layers' own arrays in place (Network._params_and_grads)
network_apply_update <- function(net, pass, lr, optimizer = "sgd", settings = list()) {
  n_w <- length(net$weights)
  updated <- optimizers[[optimizer]]$update(c(net$weights, net$biases),
                                     c(pass$grad_weights, pass$grad_biases), lr,
                                     net$optimizer$state, settings)
  net$weights <- updated$params[seq_len(n_w)]
  net$biases <- updated$params[-seq_len(n_w)]
  if (optimizer != "sgd") net$optimizer$state <- updated$state
  net
}

# The optimiser fit() uses: sgd keeps no state; another optimiser's state
# carries over between fits with the same settings.
network_optimizer_for <- function(net, name, settings) {
  key <- list(name, settings)
  if (name == "sgd") {
    net["optimizer"] <- list(NULL)
  } else if (!identical(net$optimizer$key, key)) {
    net$optimizer <- list(key = key, state = NULL)
  }
  net
}

#' Train a model
#'
#' `fit()` is an S3 generic with the signature of `generics::fit()`: when
#' the generics package (tidymodels) is loaded, its `fit()` trains twinnet
#' models too.
#'
#' @param object A model, e.g. from [mlp()] or [network()].
#' @param ... Passed to methods. The methods' own settings come after `...`
#'   and are given by their full names (an unknown or shortened name is an
#'   error, as in Python, never a partial match or ignored).
#' @examples
#' d <- xor_data()
#' model <- fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 500)
#' predict(model, d$X)
#' # a network: mini-batches, shuffling and Adam
#' net <- network(seed = 1)
#' net <- add(net, dense(2, 4, init = "xavier"))
#' net <- add(net, activation("tanh"))
#' net <- add(net, dense(4, 1, init = "xavier"))
#' net <- add(net, activation("sigmoid"))
#' net <- use(net, "binary_cross_entropy")
#' net <- fit(net, d$X, d$y, epochs = 200, lr = 0.05, batch_size = 2,
#'            shuffle = TRUE, optimizer = "adam")
#' round(predict(net, d$X), 3)
#' @export
# one side: R's S3 generic (generics::fit's signature); Python's fit is a method
fit <- function(object, ...) UseMethod("fit")

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
#' @param momentum,beta1,beta2,epsilon Optimiser settings (their defaults and
#'   ranges are in the optimisers' table); another optimiser's are not used.
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
#' @param sample_weight Case weights, one per row of `X` (numbers >= 0, not
#'   all zero): sum losses weight each row (nnet's weights), mean losses take
#'   the weighted mean (scikit-learn's `sample_weight`).
#' @param alpha scikit-learn's L2 penalty on the weights (not the biases):
#'   `((0.5 * alpha) * sum(W^2)) / rows` added to every batch's loss.
#' @param weight_decay nnet's `decay`: `weight_decay * sum(p^2)` over every
#'   weight and bias, divided as the loss divides nnet's summed criterion (1
#'   for "sse", 2 "half_sse", the rows (or the sum of weights) times the
#'   columns for "mse", the rows for the cross-entropies), so it has nnet's
#'   minimum. Not together with `alpha`.
#' @param lr_schedule "constant" (with `decay`), "invscaling"
#'   (`lr / (t + 1)^power_t`, t the rows trained so far) or "adaptive" (the
#'   rate divided by 5 where the watched value stalls; needs `tol`):
#'   scikit-learn's `learning_rate`.
#' @param power_t The exponent of "invscaling".
#' @param nesterov Nesterov's momentum (optimizer "momentum" only).
#' @param tol,n_iter_no_change Stop when the training loss (or, with early
#'   stopping, the validation loss or score) has not improved on its best by
#'   `tol` for more than `n_iter_no_change` epochs, as scikit-learn's MLP;
#'   with `tol`, a fit that runs every epoch warns (class
#'   `twinnet_convergence_warning`). `NULL`: never stop, never warn.
#' @param early_stopping Watch the validation set, stop when it stalls and put
#'   back the best epoch's weights (needs `tol` and a validation set).
#' @param validation_data `list(X_val, Y_val)` or `list(X_val, Y_val,
#'   sample_weight_val)`: a validation set, scored after every epoch.
#' @param validation_fraction Hold out this share of the rows (drawn from the
#'   network's stream, see [validation_split()]) as the validation set.
#' @param stratify Split each class in proportion (with
#'   `validation_fraction`).
#' @param validation_score `NULL`, "accuracy" or "r2": also score the
#'   validation set every epoch; early stopping then watches the score.
#' @param abstol Stop after an epoch whose training loss is below `abstol`
#'   (nnet's `abstol`).
#' @export
#' @rawNamespace S3method(generics::fit, twinnet_network)
fit.twinnet_network <- function(object, X, Y, epochs, ..., lr = schedule$lr$default,
                                batch_size = NULL, shuffle = FALSE,
                                optimizer = "sgd",
                                momentum = optimizer_defaults()$momentum,
                                beta1 = optimizer_defaults()$beta1,
                                beta2 = optimizer_defaults()$beta2,
                                epsilon = optimizer_defaults()$epsilon,
                                decay = schedule$decay$default,
                                progress = NULL, checkpoint_every = NULL,
                                checkpoint_path = NULL, on_epoch = NULL,
                                sample_weight = NULL, alpha = 0, weight_decay = 0,
                                lr_schedule = "constant", power_t = 0.5, nesterov = FALSE,
                                tol = NULL, n_iter_no_change = 10L, early_stopping = FALSE,
                                validation_data = NULL, validation_fraction = NULL,
                                stratify = FALSE, validation_score = NULL, abstol = NULL) {
  net <- object
  check_no_extras(list(...), "fit()")
  if (missing(epochs)) twinnet_stop("epochs must be given")
  network_check_ready(net)
  data <- fit_data(X, Y, batch_size, validation_fraction, validation_data)
  data <- network_check_data(net, data$X, data$Y)
  epochs <- check_positive_integer("epochs", epochs)
  lr <- check_setting("lr", lr)
  n <- nrow(data$X)
  size <- if (is.null(batch_size)) n else check_positive_integer("batch_size", batch_size)
  if (size > n) twinnet_stop("batch_size is ", size, " but the data have ", n, " rows")
  shuffle <- check_flag("shuffle", shuffle)
  decay <- check_setting("decay", decay)
  optimizer <- check_choice("optimizer", optimizer, names(optimizers))
  given <- list(momentum = momentum, beta1 = beta1, beta2 = beta2, epsilon = epsilon)
  settings <- check_optimizer_settings(optimizer, given)
  if (!is.null(checkpoint_every)) {
    checkpoint_every <- check_positive_integer("checkpoint_every", checkpoint_every)
    if (is.null(checkpoint_path)) twinnet_stop("checkpoint_every needs a checkpoint_path")
  }
  control <- check_controls(optimizer, decay, checkpoint_every, alpha, weight_decay,
                            lr_schedule, power_t, nesterov, tol, n_iter_no_change,
                            early_stopping, validation_data, validation_fraction,
                            stratify, validation_score, abstol)
  w <- if (!is.null(sample_weight)) check_sample_weight("sample_weight", sample_weight, n, "X")
  val <- check_validation_data(net, validation_data)
  run <- fit_start(net, data, w, val, control, lr, decay)
  net <- network_optimizer_for(run$net, optimizer, settings)
  if (optimizer == "momentum") settings$nesterov <- control$nesterov
  size <- min(size, run$n_train)
  # grown as training goes (doubling): nothing reserved for epochs not yet trained
  run$history <- run$val_losses <- run$val_scores <- numeric(min(epochs, 1024L))
  run$done <- 0L
  run$net <- net
  interrupted <- FALSE
  stopped <- FALSE
  bar <- progress_start(epochs, progress)
  on.exit(progress_close(bar))
  tryCatch({
    for (epoch in seq_len(epochs)) {
      trained <- network_epoch(net, run$X, run$Y, fit_rate(run, net, epoch), size,
                               shuffle, optimizer, settings, run$w, control$alpha,
                               control$weight_decay)
      net <- trained$net
      total <- trained$loss
      if (!is.finite(total)) {
        twinnet_stop("training diverged: the loss is ", format_loss(total),
                     " at epoch ", run$before + epoch, "; try a smaller lr")
      }
      run <- fit_epoch(run, net, epoch, epochs, total)
      progress_update(bar, epoch, total)
      if (!is.null(checkpoint_every) && (run$before + epoch) %% checkpoint_every == 0) {
        save_model(fit_result(run), checkpoint_path)
      }
      called <- !is.null(on_epoch) && isTRUE(on_epoch(run$before + epoch, total))
      if (!is.null(run$reason) || called) {
        stopped <- TRUE
        break
      }
    }
  }, interrupt = function(cnd) interrupted <<- TRUE)
  net <- fit_result(run)
  if (interrupted) {
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
  if (!is.null(control$tol) && !stopped) {
    watched <- if (!isTRUE(control$early_stopping)) {
      "loss"
    } else if (is.null(control$validation_score)) {
      "validation loss"
    } else {
      "validation score"
    }
    convergence_warning(convergence_message(epochs, control$tol, control$n_iter_no_change,
                                            watched))
  }
  net
}

# One epoch: the batches in order (or in a new order drawn from the network's
# stream), each a forward and backward pass and an update. The network after
# the epoch and the epoch's loss (the batches' losses weighted by their rows).
network_epoch <- function(net, X, Y, lr, size, shuffle, optimizer, settings, w = NULL,
                          alpha = 0, weight_decay = 0) {
  n <- nrow(X)
  order <- NULL
  if (shuffle) {
    drawn <- with_stream(net$rng_state, sample.int(n))
    net$rng_state <- drawn$state
    order <- drawn$value
  }
  total <- 0
  for (start in seq(1L, n, by = size)) {
    if (is.null(order) && size == n) {
      xb <- X
      yb <- Y
      wb <- w
    } else {
      rows <- start:min(start + size - 1L, n)
      if (!is.null(order)) rows <- order[rows]
      xb <- take_rows(X, rows)
      yb <- take_rows(Y, rows)
      wb <- take_rows(w, rows)
    }
    pass <- network_backward(net, xb, yb, wb, alpha, weight_decay)
    net <- network_apply_update(net, pass, lr, optimizer, settings)
    total <- total + pass$loss * (nrow(xb) / n)
  }
  list(net = net, loss = total)
}

# Python prints non-finite floats as nan / inf; say the same in R's messages.
# one side: Python's f-strings print nan and inf themselves
format_loss <- function(x) {
  if (is.nan(x) || is.na(x)) "nan" else if (x > 0) "inf" else "-inf"
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
  if (!length(param_indices(object))) {
    twinnet_stop("the network has no dense layer; add one first")
  }
  if (is_source(newdata)) return(predict_rows(object, newdata))
  X <- network_check_data(object, newdata)$X
  cache <- network_forward(object, X)
  cache$outputs[[length(cache$outputs)]]
}

#' One epoch of full-batch gradient descent, with a record of it
#'
#' @param model A network (or an [mlp()]).
#' @param X,Y Input and target matrices.
#' @param lr Learning rate (an mlp uses its own).
#' @inheritParams compute_loss
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
train_step <- function(model, X, Y,
                       lr = if (is.null(model$lr)) schedule$lr$default else model$lr,
                       sample_weight = NULL, alpha = 0, weight_decay = 0) {
  network_check_ready(model)
  data <- network_check_data(model, X, Y)
  lr <- check_setting("lr", lr)
  checked <- check_loss_settings(data$X, sample_weight, alpha, weight_decay)
  pass <- network_backward(model, data$X, data$Y, checked$w, checked$alpha,
                           checked$weight_decay)
  is_activation <- vapply(model$layers, function(l) l$kind == "activation",
                          logical(1))
  net <- network_apply_update(model, pass, lr)
  net$loss_history <- c(net$loss_history, pass$loss)
  list(model = net,
       activations = c(list(data$X), pass$cache$outputs[is_activation]),
       pre_activations = pass$cache$inputs[is_activation],
       error = pass$error, deltas = lapply(pass$grad_outputs, function(g) -g),
       weight_gradients = pass$grad_weights, bias_gradients = pass$grad_biases,
       loss = pass$loss, weights = net$weights, biases = net$biases)
}

#' The loss of a model's current weights
#'
#' @param model A network or an mlp.
#' @param X,Y Numeric input and target matrices.
#' @param sample_weight Case weights, one per row (`NULL`: unweighted).
#' @param alpha,weight_decay The penalties, as in [fit()]: scikit-learn's L2
#'   penalty on the weights, nnet's decay on weights and biases.
#' @return A number: the loss plus the penalty.
#' @examples
#' d <- toy_data()
#' compute_loss(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' @export
compute_loss <- function(model, X, Y, sample_weight = NULL, alpha = 0, weight_decay = 0) {
  network_check_ready(model)
  data <- network_check_data(model, X, Y)
  checked <- check_loss_settings(data$X, sample_weight, alpha, weight_decay)
  network_backward(model, data$X, data$Y, checked$w, checked$alpha,
                   checked$weight_decay)$loss
}

#' Gradients of the loss at a model's current weights, by backpropagation
#'
#' @inheritParams compute_loss
#' @return A list with `weights` and `biases`: matrices shaped like the
#'   model's. One epoch's update is `W - lr * dW`, i.e.
#'   `W + lr * t(A) %*% D`.
#' @examples
#' d <- toy_data()
#' g <- gradients(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' g$weights[[1]]
#' @export
gradients <- function(model, X, Y, sample_weight = NULL, alpha = 0, weight_decay = 0) {
  network_check_ready(model)
  data <- network_check_data(model, X, Y)
  checked <- check_loss_settings(data$X, sample_weight, alpha, weight_decay)
  pass <- network_backward(model, data$X, data$Y, checked$w, checked$alpha,
                           checked$weight_decay)
  list(weights = pass$grad_weights, biases = pass$grad_biases)
}

#' @rdname summary.twinnet_network
#' @export
print.twinnet_network <- function(x, ...) {
  cat("twinnet network (", x$mode, " mode, loss ",
      if (is.null(x$loss)) "not set" else x$loss, ")\n", sep = "")
  cat(sprintf("  %s\n", layer_lines(x)), sep = "")  # layer_lines: methods.R
  if (length(x$loss_history)) {
    cat("trained ", length(x$loss_history), " epochs; final loss ",
        num_text(x$loss_history[length(x$loss_history)]), "\n",
        sep = "")
  }
  invisible(x)
}
