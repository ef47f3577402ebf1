# Data for learners (docs/datasets.md): the articles' small tables and 2-D
# classification problems drawn from R's random stream. Every generator is
# written here in R terms; the Python twin (python/src/twinnet/datasets.py)
# draws the same numbers in the same order and groups every expression the
# same way, so `seed = s` gives identical doubles in both languages. The
# generators leave the caller's .Random.seed alone (with_seed, init.R).
# MNIST's IDX files are read in idx.R, scaling is scale.R.

# --------------------------------------------------------------- a data set

# The labels 0, ..., k - 1 as doubles, with X, as a list(X, y).
dataset <- function(X, y) {
  storage.mode(X) <- "double"
  dimnames(X) <- NULL
  list(X = X, y = as.numeric(y))
}

# ------------------------------------------------------- the articles' data

#' Aflak's XOR table
#'
#' The four rows of Omar Aflak's XOR example ("Neural Network from scratch in
#' Python"): inputs 00, 01, 10, 11 and targets 0, 1, 1, 0.
#'
#' @return A list: `X`, a 4 x 2 matrix, and `y`, a numeric vector.
#' @examples
#' d <- xor_data()
#' fit(mlp(c(2, 3, 1), lr = 1, loss = "mse"), d$X, d$y, epochs = 1000)
#' @export
xor_data <- function() {
  dataset(matrix(c(0, 0,
                   0, 1,
                   1, 0,
                   1, 1), 4L, 2L, byrow = TRUE), c(0, 1, 1, 0))
}

#' Analytics Vidhya's toy data
#'
#' The 3 x 4 input of Analytics Vidhya's network in Python and R, targets
#' 1, 1, 0.
#'
#' @return A list: `X`, a 3 x 4 matrix, and `y`, a numeric vector.
#' @examples
#' d <- toy_data()
#' model <- fit(mlp(c(4, 3, 1), seed = 42), d$X, d$y, epochs = 5000)
#' predict(model, d$X)  # the article printed 0.980, 0.968, 0.045
#' @export
toy_data <- function() {
  dataset(matrix(c(1, 0, 1, 0,
                   1, 0, 1, 1,
                   0, 1, 0, 1), 3L, 4L, byrow = TRUE), c(1, 1, 0))
}

#' James Loy's table
#'
#' The four rows x1, x2, x3 -> y of Loy's "How to build your own Neural
#' Network from scratch in Python": 001 -> 0, 011 -> 1, 101 -> 1, 111 -> 0
#' (the XOR of x1 and x2; x3 is always 1 and acts as a bias input).
#'
#' @return A list: `X`, a 4 x 3 matrix, and `y`, a numeric vector.
#' @examples
#' d <- loy_data()
#' model <- mlp(c(3, 4, 1), lr = 1, loss = "sse", bias = FALSE, seed = 2)
#' predict(fit(model, d$X, d$y, epochs = 1500), d$X)
#' @export
loy_data <- function() {
  dataset(matrix(c(0, 0, 1,
                   0, 1, 1,
                   1, 0, 1,
                   1, 1, 1), 4L, 3L, byrow = TRUE), c(0, 1, 1, 0))
}

# ------------------------------------------------------------- generators

# m angles from 0 to pi, both ends included (numpy's linspace(0, pi, m)):
# (i - 1) * (pi / (m - 1)), i = 1..m.
half_turn <- function(m) {
  step <- if (m > 1L) pi / (m - 1) else 0
  (seq_len(m) - 1) * step
}

# m angles from 0 to 2 pi, 2 pi left out (linspace(0, 2 pi, m, endpoint =
# False)): (i - 1) * ((2 * pi) / m), i = 1..m.
full_turn <- function(m) {
  if (m == 0L) return(numeric(0))
  (seq_len(m) - 1) * ((2 * pi) / m)
}


# The frame of make_moons and make_circles: n %/% 2 points (cos(t), sin(t))
# of label 0, the others inner(cos(t), sin(t)) of label 1, the angles t from
# `turn`; then noise and shuffle.
two_classes <- function(n, turn, inner, noise, shuffle, seed) {
  n_out <- n %/% 2L
  n_in <- n - n_out
  t_out <- turn(n_out)
  t_in <- turn(n_in)
  xy_in <- inner(cos(t_in), sin(t_in))
  X <- cbind(c(cos(t_out), xy_in[[1]]),
             c(sin(t_out), xy_in[[2]]))
  y <- rep(c(0, 1), c(n_out, n_in))
  with_seed(seed, noise_and_shuffle(X, y, noise, shuffle))
}

# The draws shared by the generators, in this order, inside with_seed():
# noise first, Z <- matrix(rnorm(2 * n), n, 2, byrow = TRUE) (each point's two
# normals consecutive; none drawn when noise = 0), X + noise * Z; then the
# shuffle, perm <- sample.int(n), X[perm, ] and y[perm].
noise_and_shuffle <- function(X, y, noise, shuffle) {
  n <- nrow(X)
  if (noise > 0) {
    X <- X + noise * matrix(rnorm(2L * n), n, 2L, byrow = TRUE)
  }
  if (shuffle) {
    perm <- sample.int(n)
    X <- X[perm, , drop = FALSE]
    y <- y[perm]
  }
  dataset(X, y)
}

#' Two interleaving half circles
#'
#' scikit-learn's `make_moons`, drawn from R's random stream. The upper moon
#' (label 0) has `n %/% 2` points `(cos(t), sin(t))`, the lower moon (label 1)
#' the other points `(1 - cos(t), (1 - sin(t)) - 0.5)`, with t running from 0
#' to pi in equal steps. Then, after `set.seed(seed)`: Gaussian noise
#' `X + noise * matrix(rnorm(2 * n), n, 2, byrow = TRUE)` (no draw when
#' `noise = 0`) and the shuffle `sample.int(n)`.
#'
#' @param n Number of points.
#' @param noise Standard deviation of the noise added to each coordinate.
#' @param seed Seed of R's generator (the caller's stream is left alone);
#'   Python's `make_moons(seed = seed)` gives the same points.
#' @param shuffle Shuffle the rows? Without it the upper moon comes first.
#' @return A list: `X`, an n x 2 matrix, and `y`, the labels 0 and 1 (numeric).
#' @examples
#' d <- make_moons(200, noise = 0.1, seed = 1)
#' plot(d$X, col = d$y + 1)
#' @export
make_moons <- function(n = 100, noise = 0, seed = 42, shuffle = TRUE) {
  n <- check_positive_integer("n", n)
  noise <- check_nonnegative_number("noise", noise)
  seed <- check_seed(seed)
  shuffle <- check_flag("shuffle", shuffle)
  two_classes(n, half_turn, function(c, s) list(1 - c, (1 - s) - 0.5), noise,
              shuffle, seed)
}

#' A large circle containing a smaller circle
#'
#' scikit-learn's `make_circles`, drawn from R's random stream. The outer
#' circle (label 0) has `n %/% 2` points `(cos(t), sin(t))`, the inner circle
#' (label 1) the other points `(cos(t) * factor, sin(t) * factor)`, with t
#' running from 0 up to (not including) 2 pi in equal steps. Then, after
#' `set.seed(seed)`, noise and shuffle as in [make_moons()].
#'
#' @inheritParams make_moons
#' @param factor Radius of the inner circle, in \[0, 1).
#' @return A list: `X`, an n x 2 matrix, and `y`, the labels 0 and 1 (numeric).
#' @examples
#' d <- make_circles(200, noise = 0.05, factor = 0.5, seed = 1)
#' plot(d$X, col = d$y + 1, asp = 1)
#' @export
make_circles <- function(n = 100, noise = 0, factor = 0.8, seed = 42,
                         shuffle = TRUE) {
  n <- check_positive_integer("n", n)
  noise <- check_nonnegative_number("noise", noise)
  if (!is_number(factor) || factor < 0 || factor >= 1) {
    twinnet_stop("factor must be a number in [0, 1), got ",
                 show_value(factor))
  }
  seed <- check_seed(seed)
  shuffle <- check_flag("shuffle", shuffle)
  two_classes(n, full_turn, function(c, s) list(c * factor, s * factor), noise,
              shuffle, seed)
}

#' Gaussian blobs
#'
#' scikit-learn's `make_blobs`, drawn from R's random stream. After
#' `set.seed(seed)`, in this order:
#' 1. when `centers` is a number k, the centres
#'    `C <- matrix(runif(2 * k, box[1], box[2]), k, 2, byrow = TRUE)`
#'    (centre j is the j-th pair of draws);
#' 2. `counts <- n %/% k + (seq_len(k) <= n %% k)` points per centre (the
#'    first `n %% k` centres get one more), labels `rep(0:(k - 1), counts)`;
#' 3. `Z <- matrix(rnorm(p * n), n, p, byrow = TRUE)` and
#'    `X <- C[y + 1, ] + sd[y + 1] * Z` (p = 2, or the columns of a given
#'    centre matrix);
#' 4. the shuffle `sample.int(n)` when `shuffle` is `TRUE`.
#'
#' @inheritParams make_moons
#' @param centers The number of centres, drawn uniformly in the square
#'   `box` x `box`, or a matrix with one given centre per row.
#' @param sd Standard deviation of every blob, or one per centre.
#' @param box The range `c(low, high)` the centres are drawn from.
#' @return A list: `X`, an n x 2 (or n x `ncol(centers)`) matrix, and `y`, the
#'   labels 0, ..., k - 1 (numeric).
#' @examples
#' d <- make_blobs(150, centers = 3, seed = 1)
#' table(d$y)
#' plot(d$X, col = d$y + 1)
#' @export
make_blobs <- function(n = 100, centers = 3, sd = 1, seed = 42,
                       box = c(-10, 10), shuffle = TRUE) {
  n <- check_positive_integer("n", n)
  given <- NULL
  if (is.matrix(centers) || is.data.frame(centers)) {
    given <- as_matrix("centers", centers)
    k <- nrow(given)
  } else if (is.numeric(centers) && length(centers) == 1L) {
    k <- check_positive_integer("centers", centers)
  } else {
    twinnet_stop("centers must be a positive integer or a matrix with one ",
                 "centre per row")
  }
  if (!is.numeric(sd) && !is.logical(sd)) {
    twinnet_stop("sd must be a non-negative number, got ", show_value(sd))
  }
  if (!(length(sd) %in% c(1L, k))) {
    twinnet_stop("sd must hold 1 or ", k, " values (one per centre), got ",
                 length(sd))
  }
  for (s in sd) check_nonnegative_number("sd", s)
  sd <- rep(as.numeric(sd), length.out = k)
  if (is.null(given)) {
    if (!is.numeric(box)) {
      twinnet_stop("box must be two finite numbers (low, high), got ",
                   "non-numeric values")
    }
    if (length(box) != 2L) {
      twinnet_stop("box must be two finite numbers (low, high), got ",
                   length(box), " values")
    }
    if (!all(is.finite(box)) || box[1] >= box[2]) {
      twinnet_stop("box must be two finite numbers with low < high, got ",
                   show_value(box[1]), ", ", show_value(box[2]))
    }
  }
  seed <- check_seed(seed)
  shuffle <- check_flag("shuffle", shuffle)
  with_seed(seed, {
    C <- if (is.null(given)) {
      matrix(runif(2L * k, box[1], box[2]), k, 2L, byrow = TRUE)
    } else {
      given
    }
    counts <- n %/% k + (seq_len(k) <= n %% k)
    y <- rep(seq_len(k) - 1, counts)
    p <- ncol(C)
    Z <- matrix(rnorm(p * n), n, p, byrow = TRUE)
    X <- C[y + 1, , drop = FALSE] + sd[y + 1] * Z
    if (shuffle) {
      perm <- sample.int(n)
      X <- X[perm, , drop = FALSE]
      y <- y[perm]
    }
    dataset(X, y)
  })
}

#' One-hot encoding of class labels
#'
#' @param labels Class labels 0, ..., k - 1 (a vector or a one-column
#'   matrix), as the generators and [read_mnist()] return them.
#' @param k Number of classes; by default `max(labels) + 1`.
#' @return An n x k matrix of 0 and 1, a single 1 per row, in column
#'   `label + 1` (Aflak's `to_categorical` for MNIST).
#' @examples
#' one_hot(c(0, 2, 1))
#' @export
one_hot <- function(labels, k = NULL) {
  if (length(dim(labels)) == 1L) labels <- as.vector(labels)  # a 1-d array
  labels <- as_matrix("labels", labels, column = TRUE)
  if (ncol(labels) != 1L) {
    twinnet_stop("labels must be one column, got ", ncol(labels))
  }
  labels <- as.vector(labels)
  bad <- which(labels != round(labels) | labels < 0)
  if (length(bad)) {
    twinnet_stop("labels must be whole numbers >= 0, got ",
                 show_value(labels[bad[1]]), " at position ", bad[1])
  }
  k <- if (is.null(k)) max(labels) + 1 else check_positive_integer("k", k)
  bad <- which(labels >= k)
  if (length(bad)) {
    twinnet_stop("labels must be smaller than k = ", k, ", got ",
                 show_value(labels[bad[1]]), " at position ", bad[1])
  }
  out <- matrix(0, length(labels), k)
  out[cbind(seq_along(labels), labels + 1)] <- 1
  out
}
