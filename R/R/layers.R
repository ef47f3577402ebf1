# Layers: dense and activation (Omar Aflak's design, in R's functional style).
# A layer computes its output from its input and, given the gradient of the
# loss with respect to its output (dE/dY), gives the gradient with respect to
# its input (dE/dX) and the gradients of its own parameters. For a dense
# layer Y = X W + B:
#   dE/dX = dE/dY t(W)      dE/dW = t(X) dE/dY      dE/dB = colsum(dE/dY)
# and for an activation layer Y = f(X), dE/dX = dE/dY * f'(X).
# A layer here is a specification: the network that chains them (network.R)
# keeps the parameters (net$weights, net$biases) and runs the layers in
# network_forward and network_backward.
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
    layer <- dense_set_params(layer, weights, bias_row)
  } else if (!is.null(bias_row)) {
    twinnet_stop("a bias row was given without weights")
  }
  layer
}

# Give a dense layer these parameters (checked: shapes, finite numbers).
dense_set_params <- function(layer, weights, bias_row, where = "this dense layer") {
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
  layer$weights <- w
  layer$bias_row <- b
  layer
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
