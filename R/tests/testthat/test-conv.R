# Convolution, pooling and flatten layers: gradients against central finite
# differences (every padding and stride case, both modes), the flatten order,
# "same" padding and the shape checks. Twin: python/tests/test_conv.py.

# images of dim c(n, h, w, c) drawn from R's stream, as Python's
# RRandom(seed).rnorm(n).reshape(shape) lays them out (row-major)
conv_test_images <- function(seed, shape) {
  v <- with_test_seed(seed, rnorm(prod(shape)))
  aperm(array(v, rev(shape)), rev(seq_along(shape)))
}

# (kernel, stride, padding): odd and even kernels, strides 1 and 2, both paddings
conv_cases <- list(
  list(c(3, 3), c(1, 1), "valid"), list(c(3, 3), c(1, 1), "same"),
  list(c(3, 3), c(2, 2), "valid"), list(c(3, 3), c(2, 2), "same"),
  list(c(2, 2), c(1, 1), "same"), list(c(2, 4), c(2, 1), "same"),
  list(c(4, 3), c(2, 3), "valid"), list(c(1, 1), c(1, 1), "valid")
)
pool_cases <- list(list(c(2, 2), NULL), list(c(3, 3), c(2, 2)), list(c(2, 3), c(1, 2)),
                   list(c(3, 2), c(1, 1)))

# d sum(r * f(x)) / dx by central differences, one element at a time
conv_numeric_input_gradient <- function(f, x, r, h = 1e-6) {
  g <- x
  for (i in seq_along(x)) {
    up <- down <- x
    up[i] <- x[i] + h
    down[i] <- x[i] - h
    g[i] <- (sum(r * f(up)) - sum(r * f(down))) / (2 * h)
  }
  g
}

test_that("conv2d's input gradient matches finite differences, every case and mode", {
  x <- conv_test_images(1, c(2, 7, 6, 3))
  for (mode in c("blas", "exact")) {
    ar <- twinnet:::arithmetics[[mode]]
    for (case in conv_cases) {
      layer <- conv2d(3, 4, case[[1]], stride = case[[2]], padding = case[[3]])
      w <- with_test_seed(2, matrix(rnorm(layer$n_in * 4), layer$n_in, 4))
      b <- with_test_seed(3, matrix(rnorm(4), 1, 4))
      f <- function(z) twinnet:::conv2d_forward(layer, z, w, b, ar)$out
      fwd <- twinnet:::conv2d_forward(layer, x, w, b, ar)
      r <- conv_test_images(11, dim(fwd$out))
      back <- twinnet:::conv2d_backward(layer, r, fwd$state, w, ar)
      expect_lt(relative_error(back$input, conv_numeric_input_gradient(f, x, r)), 1e-7)
    }
  }
})

test_that("the pools' input gradients match finite differences, every case and mode", {
  x <- conv_test_images(4, c(2, 7, 6, 3))
  for (make in list(max_pool2d, average_pool2d)) {
    for (case in pool_cases) {
      layer <- make(case[[1]], case[[2]])
      f <- function(z) twinnet:::pool_forward(layer, z)$out
      fwd <- twinnet:::pool_forward(layer, x)
      r <- conv_test_images(11, dim(fwd$out))
      back <- twinnet:::pool_backward(layer, r, fwd$state)
      expect_lt(relative_error(back, conv_numeric_input_gradient(f, x, r)), 1e-7)
    }
  }
})

test_that("flatten's input gradient matches finite differences", {
  x <- conv_test_images(5, c(2, 3, 4, 2))
  r <- with_test_seed(11, matrix(rnorm(48), 2, 24))
  back <- twinnet:::flatten_backward(r, dim(x))
  numeric <- conv_numeric_input_gradient(twinnet:::flatten_forward, x, r)
  expect_lt(relative_error(back, numeric), 1e-8)
})

conv_small_cnn <- function(mode, case, pool) {
  size <- function(n, i) {
    twinnet:::conv_output_size(n, case[[1]][i], case[[2]][i], case[[3]])$out - 1L
  }
  net <- network(seed = 9, mode = mode)
  net <- add(net, conv2d(2, 3, case[[1]], stride = case[[2]], padding = case[[3]],
                         init = "xavier"))
  net <- add(net, activation("tanh"))
  net <- add(net, pool(2, 1))
  net <- add(net, conv2d(3, 2, c(2, 2), padding = "same", init = "xavier"))
  net <- add(net, activation("sigmoid"))
  net <- add(net, flatten())
  net <- add(net, dense(size(7, 1) * size(6, 2) * 2, 3, init = "xavier"))
  net <- add(net, activation("softmax"))
  use(net, "softmax_cross_entropy")
}

test_that("a CNN's weight and bias gradients match finite differences (no depth factor)", {
  X <- conv_test_images(6, c(3, 7, 6, 2))
  Y <- diag(3)[c(1, 3, 2), ]
  for (mode in c("blas", "exact")) {
    for (pool in list(max_pool2d, average_pool2d)) {
      for (case in conv_cases) {
        net <- conv_small_cnn(mode, case, pool)
        net$biases <- lapply(net$biases, function(b) {
          with_test_seed(8, matrix(rnorm(length(b)), 1, length(b)))
        })
        g <- gradients(net, X, Y)
        numeric <- numeric_gradients(net, X, Y)
        expect_lt(relative_error(c(g$weights, g$biases),
                                 c(numeric$weights, numeric$biases)), 1e-6)
        # the article's repository multiplies the bias gradient by the input depth
        slipped <- g$biases
        slipped[[1]] <- slipped[[1]] * 2
        expect_gt(relative_error(c(g$weights, slipped),
                                 c(numeric$weights, numeric$biases)), 1e-3)
      }
    }
  }
})

test_that("flatten takes the row-major (h, w, c) order, as numpy and Keras", {
  # numpy's arange(24).reshape(2, 2, 3, 2)
  x <- aperm(array(0:23 + 0, c(2, 3, 2, 2)), c(4, 3, 2, 1))
  out <- twinnet:::flatten_forward(x)
  expect_identical(out[2, (1 * 3 + 2) * 2 + 1 + 1], x[2, 2, 3, 2])
  expect_identical(out, matrix(0:23 + 0, 2, 12, byrow = TRUE))
})

test_that("'same' padding follows TensorFlow's rule, the extra one after", {
  cases <- list(list(7, 3, 1, 7, c(1, 1)), list(7, 2, 1, 7, c(0, 1)),
                list(7, 3, 2, 4, c(1, 1)), list(6, 3, 2, 3, c(0, 1)),
                list(6, 1, 2, 3, c(0, 0)), list(5, 4, 3, 2, c(1, 1)),
                list(5, 4, 2, 3, c(1, 2)))
  for (cs in cases) {
    got <- twinnet:::conv_output_size(cs[[1]], cs[[2]], cs[[3]], "same")
    expect_equal(got$out, cs[[4]])
    expect_equal(got$pads, cs[[5]])
  }
})

test_that("max pooling gives a tie's gradient to the first maximum", {
  layer <- max_pool2d(2)
  fwd <- twinnet:::pool_forward(layer, array(1, c(1, 2, 2, 1)))
  dx <- twinnet:::pool_backward(layer, array(5, c(1, 1, 1, 1)), fwd$state)
  expect_identical(dx[1, , , 1], matrix(c(5, 0, 0, 0), 2, 2))
})

test_that("average pooling adds the window in row-major order, then divides", {
  x <- aperm(array(c(1e16, 1, -1e16, 1), c(1, 2, 2, 1)), c(1, 3, 2, 4))
  out <- twinnet:::pool_forward(average_pool2d(2), x)$out
  expect_identical(out[1, 1, 1, 1], ((((0 + 1e16) + 1) + -1e16) + 1) / 4)
})

test_that("data that do not fit the layers are refused with the layer named", {
  one <- add(network(seed = 1), conv2d(1, 2, 3))
  expect_identical(twinnet_error_message(predict(one, array(0, c(2, 5, 5, 3)))),
                   "layer 1 (conv2d) takes 1 channels but X gives 3")
  expect_identical(twinnet_error_message(predict(one, matrix(0, 2, 25))),
                   paste("X must be an array of images (samples, height, width,",
                         "channels), got 2 dimensions"))
  pool <- add(add(add(network(seed = 1), max_pool2d(3)), flatten()), dense(3, 1))
  expect_identical(twinnet_error_message(predict(pool, array(0, c(2, 2, 5, 1)))),
                   paste("layer 1 (max_pool2d) has a 3 x 3 window but X gives 2 x 5",
                         "images (padding valid)"))
  wide <- add(add(add(network(seed = 1), conv2d(1, 2, 3, padding = "same")), flatten()),
              dense(10, 1))
  expect_identical(twinnet_error_message(predict(wide, array(0, c(2, 4, 4, 1)))),
                   "layer 3 (dense) takes 10 inputs but layer 2 gives 32")
})

test_that("layers that cannot chain are refused when added", {
  net <- add(network(seed = 1), conv2d(1, 2, 3))
  expect_identical(twinnet_error_message(add(net, dense(4, 1))),
                   paste("layer 2 (dense) takes rows of values but layer 1 (conv2d) gives",
                         "images: add a flatten layer before it"))
  net <- add(net, activation("relu"))
  expect_identical(twinnet_error_message(add(net, conv2d(3, 2, 3))),
                   "layers do not chain: layer 3 takes 3 channels but layer 1 gives 2")
  flat <- add(add(network(seed = 1), flatten()), dense(4, 2))
  expect_identical(twinnet_error_message(add(flat, max_pool2d(2))),
                   "layer 3 (max_pool2d) takes images but layer 2 (dense) gives rows of values")
})

test_that("a CNN learns a toy image task in both modes", {
  n <- 40
  X <- aperm(array(with_test_seed(3, runif(n * 36)), c(1, 6, 6, n)), 4:1) * 0.2
  labels <- (seq_len(n) - 1) %% 2
  X[labels == 0, 1:3, , ] <- X[labels == 0, 1:3, , ] + 0.8
  X[labels == 1, 4:6, , ] <- X[labels == 1, 4:6, , ] + 0.8
  Y <- diag(2)[labels + 1, ]
  for (mode in c("blas", "exact")) {
    net <- network(seed = 1, mode = mode)
    net <- add(net, conv2d(1, 4, 3, padding = "same"))
    net <- add(net, activation("relu"))
    net <- add(net, max_pool2d(2))
    net <- add(net, flatten())
    net <- add(net, dense(36, 2, init = "xavier"))
    net <- add(net, activation("softmax"))
    net <- use(net, "softmax_cross_entropy")
    net <- fit(net, X, Y, epochs = 30, lr = 0.01, batch_size = 8, optimizer = "adam")
    expect_equal(mean(max.col(predict(net, X)) - 1 == labels), 1)
    h <- net$loss_history
    expect_lt(h[length(h)], 0.1 * h[1])
  }
})
