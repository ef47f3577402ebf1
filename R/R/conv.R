# Layers for images: convolution, pooling and flatten (Aflak's "variety of
# layers"). Images are arrays of dim c(n, height, width, channels) here and
# numpy arrays of shape (n, height, width, channels) in Python: the same
# element at the same index. docs/layers.md derives each layer's gradients.
#
# A convolution is one large product per layer (im2col): the windows of the
# padded input are the rows of a matrix `cols` of n * out_h * out_w rows
# (sample, output row, output column, the last fastest, as Python's C order
# has them) and kh * kw * c_in columns (kernel row, kernel column, input
# channel, the last fastest); the kernel is stored as the
# (kh * kw * c_in) x filters matrix of the same row order (net$weights), so
#   Y = cols W + b                  forward (one product)
#   dE/dW = t(cols) dE/dY           dE/dB = colsum(dE/dY)
#   dE/dX = col2im(dE/dY t(W))      the windows' gradients added back in the
#                                   order (kernel row, kernel column)
# R's arrays are column-major, so the rows come in Python's order from the
# input seen as dim c(w, h, n, c) (aperm) and the output is turned back the
# same way. In exact mode the products and sums are the exact core's (the
# product's order, docs/parity.md) and col2im's overlapping additions are
# plain double additions (R's vectorised `+`) in that fixed loop order.
#
# "same" padding follows TensorFlow/Keras: out = ceiling(size / stride),
# pad = max((out - 1) * stride + k - size, 0), pad %/% 2 before (top, left)
# and the rest after (bottom, right). "valid" pads nothing.
#
# Twin: python/src/twinnet/conv.py, the same functions in the same order
# (Python's layers are classes with forward and backward methods; R's
# network calls conv2d_forward and the others below).
# Its length (about 510 lines): the im2col and pooling kernels, the shape
# checks, the four layer constructors with their roxygen pages and the
# forward and backward functions the network calls stand together, as in
# the Python twin.

# The layers that take images (n, height, width, channels).
spatial_kinds <- c("conv2d", "max_pool2d", "average_pool2d", "flatten")
# their keys in config and model files (docs/formats.md)
spec_keys <- list(
  conv2d = c("type", "in_channels", "filters", "kernel", "stride", "padding", "bias", "init"),
  max_pool2d = c("type", "pool", "stride", "padding"),
  average_pool2d = c("type", "pool", "stride", "padding"),
  flatten = "type"
)

# A positive whole number or a pair of them: 3 is c(3, 3).
check_pair <- function(name, value) {
  if (length(value) != 1L && length(value) != 2L || is.list(value)) {
    twinnet_stop(name, " must be a positive integer or a pair of them, got ",
                 length(value), " values")
  }
  if (length(value) == 1L) value <- c(value, value)
  c(check_positive_integer(name, value[[1]]), check_positive_integer(name, value[[2]]))
}

# The output length and the padding c(before, after) along one axis, or NULL
# when a valid window does not fit.
conv_output_size <- function(size, k, stride, padding) {
  if (padding == "same") {
    out <- (size + stride - 1L) %/% stride
    total <- max((out - 1L) * stride + k - size, 0L)
    return(list(out = out, pads = c(total %/% 2L, total - total %/% 2L)))
  }
  if (size < k) return(NULL)
  list(out = (size - k) %/% stride + 1L, pads = c(0L, 0L))
}

# x with zero rows above and below, zero columns left and right.
pad_images <- function(x, pads) {
  if (all(unlist(pads) == 0L)) return(x)
  d <- dim(x)
  out <- array(0, c(d[1], d[2] + sum(pads[[1]]), d[3] + sum(pads[[2]]), d[4]))
  out[, pads[[1]][1] + seq_len(d[2]), pads[[2]][1] + seq_len(d[3]), ] <- x
  out
}

# The windows as the rows of a matrix: n * out_h * out_w rows (sample, output
# row, output column, the last fastest), kh * kw * c columns (kernel row,
# kernel column, channel). xt is the padded input as dim c(w, h, n, c).
im2col <- function(xt, kernel, stride, out) {
  n <- dim(xt)[3]
  ch <- dim(xt)[4]
  cols <- matrix(0, out[1] * out[2] * n, kernel[1] * kernel[2] * ch)
  for (ky in seq_len(kernel[1]) - 1L) {
    for (kx in seq_len(kernel[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      cols[, (ky * kernel[2] + kx) * ch + seq_len(ch)] <- xt[at$x, at$y, , , drop = FALSE]
    }
  }
  cols
}

# Where kernel position (ky, kx) of every window falls in the padded input.
window_slice <- function(ky, kx, stride, out) {
  list(y = ky + 1L + stride[1] * (seq_len(out[1]) - 1L),
       x = kx + 1L + stride[2] * (seq_len(out[2]) - 1L))
}

# The windows' gradients added back into an array of the padded input's
# shape: for kernel row ky, then kernel column kx, one plain double addition
# per element, from zero (in the c(w, h, n, c) layout, turned back at the end).
col2im <- function(dcols, padded_dim, kernel, stride, out) {
  n <- padded_dim[1]
  ch <- padded_dim[4]
  dxt <- array(0, c(padded_dim[3], padded_dim[2], n, ch))
  for (ky in seq_len(kernel[1]) - 1L) {
    for (kx in seq_len(kernel[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      block <- dcols[, (ky * kernel[2] + kx) * ch + seq_len(ch)]
      dim(block) <- c(out[2], out[1], n, ch)
      dxt[at$x, at$y, , ] <- dxt[at$x, at$y, , , drop = FALSE] + block
    }
  }
  aperm(dxt, c(3L, 2L, 1L, 4L))
}

# The part of a padded array that lies over the input (undoes pad_images).
crop_images <- function(dxp, pads, shape) {
  if (all(unlist(pads) == 0L)) return(dxp)
  dxp[, pads[[1]][1] + seq_len(shape[2]), pads[[2]][1] + seq_len(shape[3]), ,
      drop = FALSE]
}

# The largest value of each window and its position (kernel row-major, from
# 0); ties go to the first maximum, a NaN wins as numpy's argmax has it.
max_pool_forward <- function(xp, pool, stride, out) {
  best <- NULL
  for (ky in seq_len(pool[1]) - 1L) {
    for (kx in seq_len(pool[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      v <- xp[, at$y, at$x, , drop = FALSE]
      if (is.null(best)) {
        best <- v
        where <- array(0L, dim(v))
        next
      }
      take <- (!is.na(v) & !is.na(best) & v > best) | (is.nan(v) & !is.nan(best))
      best[take] <- v[take]
      where[take] <- ky * pool[2] + kx
    }
  }
  list(best = best, where = where)
}

# Each window's gradient to its maximum alone, added in the order (kernel
# row, kernel column).
max_pool_backward <- function(grad, where, padded_dim, pool, stride, out) {
  dxp <- array(0, padded_dim)
  for (ky in seq_len(pool[1]) - 1L) {
    for (kx in seq_len(pool[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      share <- grad
      share[where != ky * pool[2] + kx] <- 0
      dxp[, at$y, at$x, ] <- dxp[, at$y, at$x, , drop = FALSE] + share
    }
  }
  dxp
}

# Each window's values added from zero in the order (kernel row, kernel
# column), then divided by the window's size.
average_pool_forward <- function(xp, pool, stride, out) {
  total <- array(0, c(dim(xp)[1], out[1], out[2], dim(xp)[4]))
  for (ky in seq_len(pool[1]) - 1L) {
    for (kx in seq_len(pool[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      total <- total + xp[, at$y, at$x, , drop = FALSE]
    }
  }
  total / (pool[1] * pool[2])
}

# grad / size added to every element of each window, in the order (kernel
# row, kernel column).
average_pool_backward <- function(grad, padded_dim, pool, stride, out) {
  share <- grad / (pool[1] * pool[2])
  dxp <- array(0, padded_dim)
  for (ky in seq_len(pool[1]) - 1L) {
    for (kx in seq_len(pool[2]) - 1L) {
      at <- window_slice(ky, kx, stride, out)
      dxp[, at$y, at$x, ] <- dxp[, at$y, at$x, , drop = FALSE] + share
    }
  }
  dxp
}

# data as a finite double array of dim c(n, height, width, channels), or a
# twinnet error.
as_images <- function(name, data) {
  if (!(is.numeric(data) || is.logical(data))) twinnet_stop(name, " must be numeric")
  d <- dim(data)
  if (length(d) != 4L) {
    twinnet_stop(name, " must be an array of images (samples, height, width, ",
                 "channels), got ", max(length(d), 1L), " dimensions")
  }
  if (d[1] == 0L) twinnet_stop(name, " has no rows")
  if (!is.double(data)) storage.mode(data) <- "double"
  if (!all(is.finite(data))) {
    twinnet_stop(name, " must hold finite numbers only (no NA, NaN or Inf)")
  }
  data
}

shape_text <- function(shape) paste(shape, collapse = " x ")

# The output shape of every layer (without the samples) for an input of
# `shape` (c(h, w, c) images or a width); a twinnet error says where the data
# and a layer do not fit.
layer_shapes <- function(layers, shape, name = "X") {
  shapes <- vector("list", length(layers))
  for (i in seq_along(layers)) {
    layer <- layers[[i]]
    kind <- layer$kind
    before <- if (i == 1L) name else paste("layer", i - 1L)
    if (kind %in% spatial_kinds && length(shape) != 3L) {
      twinnet_stop("layer ", i, " (", kind, ") takes images (height, width, channels) ",
                   "but ", before, " gives rows of ", shape[1], " values")
    }
    if (kind == "dense" && length(shape) != 1L) {
      twinnet_stop("layer ", i, " (dense) takes rows of values but ", before, " gives ",
                   shape_text(shape), " images: add a flatten layer before it")
    }
    if (kind == "activation" && identical(layer$name, "softmax") && length(shape) != 1L) {
      twinnet_stop("layer ", i, " (softmax) takes rows of values, not images")
    }
    if (kind == "dense" && shape[1] != layer$n_in) {
      twinnet_stop("layer ", i, " (dense) takes ", layer$n_in, " inputs but ", before,
                   " gives ", shape[1])
    }
    if (kind %in% c("conv2d", "max_pool2d", "average_pool2d")) {
      if (kind == "conv2d" && shape[3] != layer$in_channels) {
        twinnet_stop("layer ", i, " (conv2d) takes ", layer$in_channels,
                     " channels but ", before, " gives ", shape[3])
      }
      oh <- conv_output_size(shape[1], layer$window[1], layer$stride[1], layer$padding)
      ow <- conv_output_size(shape[2], layer$window[2], layer$stride[2], layer$padding)
      if (is.null(oh) || is.null(ow)) {
        twinnet_stop("layer ", i, " (", kind, ") has a ", shape_text(layer$window),
                     " window but ", before, " gives ", shape[1], " x ", shape[2],
                     " images (padding valid)")
      }
      shape <- c(oh$out, ow$out, if (kind == "conv2d") layer$filters else shape[3])
    } else if (kind == "flatten") {
      shape <- prod(shape)
    } else if (kind == "dense") {
      shape <- layer$n_out
    }
    shapes[[i]] <- as.integer(shape)
  }
  shapes
}

# Refuse `layer` after `layers` where the two cannot chain (the sizes that
# depend on the images are checked with the data).
chain_check <- function(layers, layer) {
  i <- length(layers) + 1L
  kind <- layer$kind
  kinds <- vapply(layers, function(l) l$kind, character(1))
  before <- which(kinds != "activation")
  if (!length(before) || kind == "activation") return(invisible(NULL))
  j <- before[length(before)]
  prev <- layers[[j]]
  if (kind == "dense" && prev$kind %in% c("conv2d", "max_pool2d", "average_pool2d")) {
    twinnet_stop("layer ", i, " (dense) takes rows of values but layer ", j, " (",
                 prev$kind, ") gives images: add a flatten layer before it")
  }
  if (kind == "dense" && prev$kind == "dense" && prev$n_out != layer$n_in) {
    twinnet_stop("layers do not chain: layer ", i, " takes ", layer$n_in,
                 " inputs but the layer before gives ", prev$n_out)
  }
  if (kind %in% spatial_kinds && prev$kind %in% c("dense", "flatten")) {
    twinnet_stop("layer ", i, " (", kind, ") takes images but layer ", j, " (",
                 prev$kind, ") gives rows of values")
  }
  convs <- which(kinds == "conv2d")
  if (kind == "conv2d" && length(convs)) {
    j <- convs[length(convs)]
    if (layers[[j]]$filters != layer$in_channels) {
      twinnet_stop("layers do not chain: layer ", i, " takes ", layer$in_channels,
                   " channels but layer ", j, " gives ", layers[[j]]$filters)
    }
  }
  invisible(NULL)
}

# twin: _Spatial._plan
# The output size, the padding and the padded input of a window layer.
window_plan <- function(layer, x) {
  d <- dim(x)
  oh <- conv_output_size(d[2], layer$window[1], layer$stride[1], layer$padding)
  ow <- conv_output_size(d[3], layer$window[2], layer$stride[2], layer$padding)
  pads <- list(oh$pads, ow$pads)
  xp <- pad_images(x, pads)
  list(in_dim = d, pads = pads, out = c(oh$out, ow$out), padded_dim = dim(xp), xp = xp)
}

#' A 2-D convolution layer
#'
#' A cross-correlation, as Keras and PyTorch compute it:
#' `Y[n, i, j, o] = b[o] + sum(Xp[n, i * sh + ky, j * sw + kx, c] * K[ky, kx, c, o])`
#' over the kernel rows, columns and input channels, `Xp` the padded input.
#' Images are arrays of dim `c(n, height, width, channels)`.
#'
#' @param in_channels,filters Channels of the input and of the output.
#' @param kernel Kernel height and width (one number: a square).
#' @param stride Rows and columns between windows (one number: both).
#' @param padding "valid" (none) or "same" (TensorFlow/Keras's: `out =
#'   ceiling(size / stride)`, the extra row or column at the bottom/right).
#' @param bias A bias per filter?
#' @param init One of the dense layers' initialisers, drawn for the kernel as
#'   the `(kh * kw * in_channels) x filters` matrix (rows: kernel row, kernel
#'   column, input channel, the last fastest).
#' @param weights,bias_row Given parameters: that matrix and a row of
#'   `filters` biases.
#' @return A layer specification for [add()].
#' @examples
#' net <- network(seed = 1)
#' net <- add(net, conv2d(1, 4, kernel = 3, padding = "same"))
#' net <- add(net, activation("relu"))
#' net <- add(net, max_pool2d(2))
#' net <- add(net, flatten())
#' net <- add(net, dense(4 * 4 * 4, 2))
#' net <- add(net, activation("softmax"))
#' x <- array(runif(3 * 8 * 8), c(3, 8, 8, 1))
#' predict(net, x)
#' @export
conv2d <- function(in_channels, filters, kernel, stride = 1, padding = "valid",
                   bias = TRUE, init = "he", weights = NULL, bias_row = NULL) {
  layer <- structure(list(
    kind = "conv2d", in_channels = check_positive_integer("in_channels", in_channels),
    filters = check_positive_integer("filters", filters),
    window = check_pair("kernel", kernel), stride = check_pair("stride", stride),
    padding = check_choice("padding", padding, c("valid", "same")),
    has_bias = check_flag("bias", bias),
    init = check_choice("init", init, names(initialisers)),
    weights = NULL, bias_row = NULL
  ), class = c("twinnet_conv2d", "twinnet_layer"))
  layer$n_in <- layer$window[1] * layer$window[2] * layer$in_channels
  layer$n_out <- layer$filters
  if (!is.null(weights)) {
    if (length(dim(weights)) == 4L) {
      weights <- aperm(weights, c(3L, 2L, 1L, 4L))
      dim(weights) <- c(layer$n_in, layer$n_out)
    }
    layer <- dense_set_params(layer, weights, bias_row, "this conv2d layer")
  } else if (!is.null(bias_row)) {
    twinnet_stop("a bias row was given without weights")
  }
  layer
}

# one side: R's view of a conv2d layer's kernel; Python's is Conv2D.kernel
# The kernel of the conv2d layer that holds weight matrix `index`, as an
# array of dim c(kh, kw, in_channels, filters).
conv2d_kernel <- function(net, layer) {
  k <- net$weights[[layer$index]]
  dim(k) <- c(layer$in_channels, layer$window[2], layer$window[1], layer$filters)
  aperm(k, c(3L, 2L, 1L, 4L))
}

# one side: R's network calls these; Python's layers run Conv2D.forward
# The convolution's output and what its backward pass needs.
conv2d_forward <- function(layer, x, w, b, ar) {
  plan <- window_plan(layer, x)
  plan$cols <- im2col(aperm(plan$xp, c(3L, 2L, 1L, 4L)), layer$window, layer$stride,
                      plan$out)
  plan$xp <- NULL
  z <- ar$matmul(plan$cols, w)
  if (!is.null(b)) {
    z <- if (!is.null(ar$add_bias) && blas_bias_fits(z, b)) {
      .Call(twinnet_blas_add_bias, z, b, TRUE)
    } else {
      add_bias(z, b)
    }
  }
  dim(z) <- c(plan$out[2], plan$out[1], plan$in_dim[1], layer$filters)
  list(out = aperm(z, c(3L, 2L, 1L, 4L)), state = plan)
}

# one side: R's network calls these; Python's layers run Conv2D.backward
# The gradients of a convolution: list(weights, bias, input, output).
conv2d_backward <- function(layer, grad, state, w, ar, need_input = TRUE) {
  g <- aperm(grad, c(3L, 2L, 1L, 4L))
  dim(g) <- c(length(g) %/% layer$filters, layer$filters)
  out <- list(weights = ar$crossprod(state$cols, g),
              bias = if (layer$has_bias) ar$colsum(g), output = g)
  if (need_input) {
    dcols <- ar$tcrossprod(g, w)
    dxp <- col2im(dcols, state$padded_dim, layer$window, layer$stride, state$out)
    out$input <- crop_images(dxp, state$pads, state$in_dim)
  }
  out
}

# twin: _Pool
pool_layer <- function(kind, pool, stride, padding) {
  window <- check_pair("pool", pool)
  structure(list(kind = kind, window = window,
                 stride = if (is.null(stride)) window else check_pair("stride", stride),
                 padding = check_choice("padding", padding, "valid")),
            class = c(paste0("twinnet_", kind), "twinnet_layer"))
}

#' Pooling layers
#'
#' `max_pool2d()` keeps the largest value of each window, per channel (its
#' gradient goes to that value alone: the first of equal maxima, in the
#' window's row-major order); `average_pool2d()` keeps the mean (the
#' window's values added in row-major order, then divided by its size).
#'
#' @param pool Window height and width (one number: a square).
#' @param stride Rows and columns between windows; the pool size by default.
#' @param padding "valid" (the windows that fit).
#' @return A layer specification for [add()].
#' @examples
#' max_pool2d(2)
#' average_pool2d(c(2, 3), stride = 1)
#' @export
max_pool2d <- function(pool = 2, stride = NULL, padding = "valid") {
  pool_layer("max_pool2d", pool, stride, padding)
}

#' @rdname max_pool2d
#' @export
average_pool2d <- function(pool = 2, stride = NULL, padding = "valid") {
  pool_layer("average_pool2d", pool, stride, padding)
}

# one side: R's network calls these; Python's layers run their forward methods
# A pooling layer's output and what its backward pass needs.
pool_forward <- function(layer, x) {
  plan <- window_plan(layer, x)
  if (layer$kind == "max_pool2d") {
    pooled <- max_pool_forward(plan$xp, layer$window, layer$stride, plan$out)
    plan$where <- pooled$where
    out <- pooled$best
  } else {
    out <- average_pool_forward(plan$xp, layer$window, layer$stride, plan$out)
  }
  plan$xp <- NULL
  list(out = out, state = plan)
}

# one side: R's network calls these; Python's layers run their backward methods
# dE/dX of a pooling layer.
pool_backward <- function(layer, grad, state) {
  dxp <- if (layer$kind == "max_pool2d") {
    max_pool_backward(grad, state$where, state$padded_dim, layer$window, layer$stride,
                      state$out)
  } else {
    average_pool_backward(grad, state$padded_dim, layer$window, layer$stride, state$out)
  }
  crop_images(dxp, state$pads, state$in_dim)
}

#' A flatten layer
#'
#' Images of dim `c(n, h, w, c)` to an `n x (h * w * c)` matrix, in the
#' row-major (h, w, c) order of numpy's reshape and of Keras's Flatten on
#' channels-last data (the channel fastest, then the column, then the row),
#' the same order as the Python twin.
#'
#' @return A layer specification for [add()].
#' @examples
#' flatten()
#' @export
flatten <- function() {
  structure(list(kind = "flatten"), class = c("twinnet_flatten", "twinnet_layer"))
}

# one side: R's network calls these; Python's Flatten.forward
# (n, h, w, c) to n x (h * w * c): channel fastest, then column, then row.
flatten_forward <- function(x) {
  d <- dim(x)
  out <- aperm(x, c(1L, 4L, 3L, 2L))
  dim(out) <- c(d[1], d[2] * d[3] * d[4])
  out
}

# one side: R's network calls these; Python's Flatten.backward
flatten_backward <- function(grad, in_dim) {
  dim(grad) <- in_dim[c(1L, 4L, 3L, 2L)]
  aperm(grad, c(1L, 4L, 3L, 2L))
}

# The image layer a spec describes (a config's or a model file's layer, JSON
# lists as R lists), the constructors' defaults for the keys not given.
layer_from_spec <- function(spec) {
  kind <- spec$type
  pair <- function(value) if (is.list(value)) unlist(value) else value
  if (kind == "flatten") return(flatten())
  if (kind == "conv2d") {
    for (key in c("in_channels", "filters", "kernel")) {
      if (is.null(spec[[key]])) twinnet_stop("a conv2d layer needs ", key)
    }
    return(conv2d(spec$in_channels, spec$filters, pair(spec$kernel),
                  stride = if (is.null(spec$stride)) 1 else pair(spec$stride),
                  padding = if (is.null(spec$padding)) "valid" else spec$padding,
                  bias = if (is.null(spec$bias)) TRUE else spec$bias,
                  init = if (is.null(spec$init)) "he" else spec$init))
  }
  pool_layer(kind, if (is.null(spec$pool)) 2 else pair(spec$pool),
             if (is.null(spec$stride)) NULL else pair(spec$stride),
             if (is.null(spec$padding)) "valid" else spec$padding)
}

# one side: Python's layers describe themselves (Conv2D.describe and the others)
# An image layer's spec, as config and model files hold it.
layer_spec <- function(l) {
  switch(l$kind,
    conv2d = list(type = "conv2d", in_channels = l$in_channels, filters = l$filters,
                  kernel = l$window, stride = l$stride, padding = l$padding,
                  bias = l$has_bias, init = l$init),
    flatten = list(type = "flatten"),
    list(type = l$kind, pool = l$window, stride = l$stride, padding = l$padding)
  )
}
