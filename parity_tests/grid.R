# One case of the layer-library grid, built and trained in R exactly as
# test_layers_parity.py builds and trains it in Python.
grid_activation <- function(name) {
  if (name == "softsign") {
    # a custom pair, Aflak's way: f and its derivative as functions of the input
    return(activation(f = function(x) x / (1 + abs(x)),
                      f_prime = function(x) 1 / ((1 + abs(x)) * (1 + abs(x)))))
  }
  activation(name)
}

grid_run <- function(spec, X, Y) {
  net <- network(seed = spec$seed, mode = "exact")
  net <- add(net, dense(ncol(X), 4, init = spec$init))
  net <- add(net, grid_activation(spec$hidden))
  net <- add(net, dense(4, ncol(Y), init = spec$init))
  net <- add(net, activation(spec$output))
  net <- use(net, spec$loss)
  net <- do.call(fit, c(list(net, X, Y, spec$epochs), spec$fit))
  list(weights = net$weights, biases = net$biases,
       loss_history = net$loss_history, output = predict(net, X))
}

grid_run_or_error <- function(spec, X, Y) {
  tryCatch(grid_run(spec, X, Y),
           twinnet_error = function(e) conditionMessage(e))
}

# One case of the convolutional grid (test_layers_parity.py's CNN_CASES):
# conv2d -> relu -> pool -> flatten -> dense -> softmax on images
# X (n x h x w x c), trained in exact mode as Python trains it.
grid_cnn_run <- function(spec, X, Y) {
  pool <- if (spec$pool_kind == "max") max_pool2d else average_pool2d
  net <- network(seed = spec$seed, mode = "exact")
  net <- add(net, conv2d(dim(X)[4], spec$filters, spec$kernel, stride = spec$stride,
                         padding = spec$padding, init = "he"))
  net <- add(net, activation("relu"))
  net <- add(net, pool(spec$pool, stride = spec$pool_stride))
  net <- add(net, flatten())
  net <- add(net, dense(spec$flat, ncol(Y), init = "xavier"))
  net <- add(net, activation("softmax"))
  net <- use(net, "softmax_cross_entropy")
  net <- do.call(fit, c(list(net, X, Y, spec$epochs), spec$fit))
  list(weights = net$weights, biases = net$biases,
       loss_history = net$loss_history, output = predict(net, X))
}

grid_cnn_run_or_error <- function(spec, X, Y) {
  tryCatch(grid_cnn_run(spec, X, Y),
           twinnet_error = function(e) conditionMessage(e))
}
