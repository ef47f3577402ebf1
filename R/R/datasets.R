# Data for learners (docs/datasets.md): the articles' small tables, 2-D
# classification problems drawn from R's random stream, the IDX files of
# MNIST and Fashion-MNIST, and scaling fitted on training data only.
# Every generator is written here in R terms; the Python twin
# (python/src/twinnet/datasets.py) draws the same numbers in the same order
# and groups every expression the same way, so `seed = s` gives identical
# doubles in both languages. The generators leave the caller's .Random.seed
# alone (with_seed, init.R).

# ------------------------------------------------------------------ checks

# A number as the Python twin shows it in messages ("%.15g").
dataset_shown <- function(x) {
  if (is.numeric(x) && length(x) == 1L && !is.na(x)) {
    if (is.infinite(x)) return(if (x > 0) "Inf" else "-Inf")
    return(sprintf("%.15g", x))
  }
  if (is.numeric(x) && length(x) == 1L) return(if (is.nan(x)) "NaN" else "NA")
  show_value(x)
}

check_nonnegative_number <- function(name, value) {
  if (!is_number(value) || value < 0) {
    twinnet_stop(name, " must be a non-negative number, got ",
                 dataset_shown(value))
  }
  as.numeric(value)
}

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

# The draws shared by the generators, in this order, inside with_seed():
# noise first, Z <- matrix(rnorm(2 * n), n, 2, byrow = TRUE) (each point's two
# normals consecutive; none drawn when noise = 0), X + noise * Z; then the
# shuffle, perm <- sample.int(n), X[perm, ] and y[perm].
add_noise_and_shuffle <- function(X, y, noise, shuffle) {
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
  n_out <- n %/% 2L
  n_in <- n - n_out
  t_out <- half_turn(n_out)
  t_in <- half_turn(n_in)
  X <- cbind(c(cos(t_out), 1 - cos(t_in)),
             c(sin(t_out), (1 - sin(t_in)) - 0.5))
  y <- rep(c(0, 1), c(n_out, n_in))
  with_seed(seed, add_noise_and_shuffle(X, y, noise, shuffle))
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
                 dataset_shown(factor))
  }
  seed <- check_seed(seed)
  shuffle <- check_flag("shuffle", shuffle)
  n_out <- n %/% 2L
  n_in <- n - n_out
  t_out <- full_turn(n_out)
  t_in <- full_turn(n_in)
  X <- cbind(c(cos(t_out), cos(t_in) * factor),
             c(sin(t_out), sin(t_in) * factor))
  y <- rep(c(0, 1), c(n_out, n_in))
  with_seed(seed, add_noise_and_shuffle(X, y, noise, shuffle))
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
    twinnet_stop("sd must be a non-negative number, got ", dataset_shown(sd))
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
                   dataset_shown(box[1]), ", ", dataset_shown(box[2]))
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
                 dataset_shown(labels[bad[1]]), " at position ", bad[1])
  }
  k <- if (is.null(k)) max(labels) + 1 else check_positive_integer("k", k)
  bad <- which(labels >= k)
  if (length(bad)) {
    twinnet_stop("labels must be smaller than k = ", k, ", got ",
                 dataset_shown(labels[bad[1]]), " at position ", bad[1])
  }
  out <- matrix(0, length(labels), k)
  out[cbind(seq_along(labels), labels + 1)] <- 1
  out
}

# -------------------------------------------------------------- IDX files

# The IDX format (yann.lecun.com/exdb/mnist): two zero bytes, a type code,
# the number of dimensions d; d sizes as big-endian unsigned 32-bit
# integers; then the values, big-endian, the last index running fastest.
idx_types <- data.frame(
  name = c("ubyte", "byte", "short", "int", "float", "double"),
  code = c(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E),
  size = c(1L, 1L, 2L, 4L, 4L, 8L),
  low = c(0, -128, -32768, -2147483648, -Inf, -Inf),
  high = c(255, 127, 32767, 2147483647, Inf, Inf),
  stringsAsFactors = FALSE
)

fmt_count <- function(x) sprintf("%.0f", x)

# Read an IDX file (plain or gzipped) into its values in
# file order (row-major), its sizes and its type. `n`: read only the first n
# items along the first dimension. `total` is the header's first size.
idx_read <- function(path, n = NULL) {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop("IDX file not found: ", path)
  }
  # gzip by content (1F 8B); file(), not gzfile(), for the rest: gzfile()
  # would also unpack bzip2 and xz, which the Python twin does not
  con <- file(path, "rb")
  gzipped <- identical(readBin(con, "raw", 2L), as.raw(c(0x1F, 0x8B)))
  close(con)
  con <- if (gzipped) gzfile(path, "rb") else file(path, "rb")
  on.exit(close(con))
  # zlib reports corrupt data (a bad checksum) as a warning; make it an error
  read_bytes <- function(count) {
    withCallingHandlers(
      readBin(con, "raw", count),
      warning = function(w) {
        twinnet_stop("IDX file ", path, " is corrupt: its gzip data do not ",
                     "decompress")
      })
  }
  truncated <- function(what, need, got) {
    twinnet_stop("IDX file ", path, " is truncated: ", fmt_count(need), " ",
                 what, " bytes expected, ", fmt_count(got), " found")
  }
  head <- read_bytes(4L)
  if (length(head) < 4L) truncated("header", 4, length(head))
  magic <- as.integer(head)
  type <- match(magic[3], idx_types$code)
  if (magic[1] != 0L || magic[2] != 0L || is.na(type) || magic[4] == 0L) {
    twinnet_stop("IDX file ", path, " has a bad magic number ",
                 paste(sprintf("%02X", magic), collapse = " "),
                 ": expected 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) ",
                 "and the number of dimensions")
  }
  ndim <- magic[4]
  size_bytes <- read_bytes(4L * ndim)
  if (length(size_bytes) < 4L * ndim) {
    truncated("header", 4 + 4 * ndim, 4 + length(size_bytes))
  }
  b <- matrix(as.numeric(size_bytes), 4L)
  dims <- colSums(b * c(16777216, 65536, 256, 1))
  total <- dims[1]
  if (!is.null(n)) dims[1] <- min(dims[1], n)
  size <- idx_types$size[type]
  need <- prod(dims) * size
  data <- read_bytes(need)
  if (length(data) < need) truncated("data", need, length(data))
  if (is.null(n) && length(read_bytes(1L))) {
    twinnet_stop("IDX file ", path, " has more data than its header ",
                 "announces (", fmt_count(need), " bytes)")
  }
  count <- prod(dims)
  values <- switch(
    idx_types$name[type],
    ubyte = as.integer(data),
    byte = readBin(data, "integer", count, size = 1L, signed = TRUE),
    short = readBin(data, "integer", count, size = 2L, endian = "big"),
    int = readBin(data, "integer", count, size = 4L, endian = "big"),
    float = readBin(data, "numeric", count, size = 4L, endian = "big"),
    double = readBin(data, "numeric", count, size = 8L, endian = "big")
  )
  list(values = values, dims = dims, type = idx_types$name[type],
       total = total)
}

check_read_count <- function(n) {
  if (is.null(n)) return(NULL)
  check_positive_integer("n", n)
}

#' Read an IDX file (the MNIST format)
#'
#' Plain or gzipped files (recognised by their content). Types: unsigned
#' byte (0x08), signed byte (0x09), short (0x0B) and int (0x0C) give integer
#' values; float (0x0D) and double (0x0E) give doubles.
#'
#' @param path File name.
#' @param n Read only the first `n` items along the first dimension (for
#'   example the first `n` images); by default all of them.
#' @return For one dimension a vector; for two a matrix; for more an array
#'   with the file's dimensions, `x[i, r, c]` being Python's `x[i-1, r-1, c-1]`
#'   (images: n x rows x cols). An int (0x0C) value -2147483648 reads as
#'   `NA`, R's integer NA.
#' @examples
#' path <- tempfile(fileext = ".gz")
#' write_idx(array(0:23, c(2, 3, 4)), path, type = "ubyte")
#' read_idx(path)
#' @export
read_idx <- function(path, n = NULL) {
  n <- check_read_count(n)
  idx <- idx_read(path, n)
  dims <- idx$dims
  if (length(dims) == 1L) return(idx$values)
  if (length(dims) == 2L) {
    return(matrix(idx$values, dims[1], dims[2], byrow = TRUE))
  }
  aperm(array(idx$values, rev(dims)))
}

#' Write an array as an IDX file
#'
#' The file is gzipped when `path` ends in `.gz`.
#'
#' @param x A vector, matrix or array.
#' @param path File name.
#' @param type `"ubyte"`, `"byte"`, `"short"`, `"int"`, `"float"` or
#'   `"double"`; by default `"ubyte"` for raw and logical `x`, `"int"` for
#'   integer and `"double"` for double `x`.
#' @return `path`, invisibly.
#' @examples
#' path <- tempfile(fileext = ".gz")
#' write_idx(matrix(c(0.5, -1, 2, 3), 2, 2), path)  # type "double"
#' read_idx(path)
#' @export
write_idx <- function(x, path, type = NULL) {
  if (!(is.numeric(x) || is.logical(x) || is.raw(x))) {
    twinnet_stop("x must be numeric, got non-numeric values")
  }
  if (is.null(type)) {
    type <- if (is.raw(x) || is.logical(x)) "ubyte"
            else if (is.integer(x)) "int" else "double"
  }
  type <- check_choice("type", type, idx_types$name)
  t <- match(type, idx_types$name)
  dims <- if (is.null(dim(x))) length(x) else dim(x)
  if (length(dims) > 255L) {
    twinnet_stop("x has ", length(dims), " dimensions; IDX files hold at ",
                 "most 255")
  }
  values <- if (length(dims) == 1L) as.vector(x) else as.vector(aperm(x))
  values <- if (is.raw(values)) as.integer(values) else as.numeric(values)
  if (idx_types$size[t] < 8L && type != "float") {
    bad <- which(is.na(values) | values != round(values))
    if (length(bad)) {
      twinnet_stop("x must hold whole numbers to be written as type '", type,
                   "', got ", dataset_shown(values[bad[1]]))
    }
    if (any(values < idx_types$low[t] | values > idx_types$high[t])) {
      twinnet_stop("x has values outside the range of type '", type, "' (",
                   fmt_count(idx_types$low[t]), " to ",
                   fmt_count(idx_types$high[t]), ")")
    }
  }
  # written into R's session folder, then to `path` by write_atomically():
  # whole or not at all (docs/inputs.md, "Writing files")
  tmp <- tempfile("twinnet-")
  con <- if (grepl("[.]gz$", path)) gzfile(tmp, "wb") else file(tmp, "wb")
  open_con <- TRUE
  on.exit({
    if (open_con) close(con)
    unlink(tmp)
  })
  writeBin(as.raw(c(0, 0, idx_types$code[t], length(dims))), con)
  size_bytes <- vapply(dims, function(d) {
    as.raw((d %/% c(16777216, 65536, 256, 1)) %% 256)
  }, raw(4))
  writeBin(as.vector(size_bytes), con)
  size <- idx_types$size[t]
  if (type %in% c("float", "double")) {
    writeBin(values, con, size = size, endian = "big")
  } else {
    # -2147483648 becomes NA_integer_, whose bytes are those of -2^31
    writeBin(suppressWarnings(as.integer(values)), con, size = size,
             endian = "big")
  }
  close(con)
  open_con <- FALSE
  write_atomically(path, readBin(tmp, "raw", file.size(tmp)))
  invisible(path)
}

#' Read MNIST or Fashion-MNIST
#'
#' Reads `<kind>-images-idx3-ubyte` and `<kind>-labels-idx1-ubyte` (or the
#' same names ending in `.gz`) from `folder`. The default folder is where
#' Debian's package dataset-fashion-mnist installs Fashion-MNIST.
#'
#' @param folder Folder holding the four files.
#' @param kind `"train"` (60,000 images) or `"t10k"` (10,000).
#' @param n Read only the first `n` images and labels; by default all.
#' @return A list: `X`, an n x 784 matrix (one image per row, row by row,
#'   pixel (r, c) in column `28 * (r - 1) + c`) of pixel values divided by
#'   255, in \[0, 1\], and `y`, the labels 0 to 9 (numeric). Aflak's MNIST
#'   network divides by 255 the same way.
#' @examples
#' # four small files with MNIST's names, then read as MNIST
#' dir <- tempfile("mnist-")
#' dir.create(dir)
#' write_idx(array(0:255, c(4, 8, 8)), file.path(dir, "t10k-images-idx3-ubyte"),
#'           type = "ubyte")
#' write_idx(c(3, 1, 4, 1), file.path(dir, "t10k-labels-idx1-ubyte"),
#'           type = "ubyte")
#' d <- read_mnist(dir, kind = "t10k")
#' dim(d$X)
#' d$y
#' @export
read_mnist <- function(folder = "/usr/share/datasets/fashion-mnist",
                       kind = "train", n = NULL) {
  kind <- check_choice("kind", kind, c("train", "t10k"))
  n <- check_read_count(n)
  find <- function(name) {
    path <- file.path(folder, name)
    for (candidate in c(path, paste0(path, ".gz"))) {
      if (file.exists(candidate) && !dir.exists(candidate)) return(candidate)
    }
    twinnet_stop("MNIST file not found: ", path, " (or ", name, ".gz)")
  }
  image_path <- find(paste0(kind, "-images-idx3-ubyte"))
  label_path <- find(paste0(kind, "-labels-idx1-ubyte"))
  images <- idx_read(image_path, n)
  labels <- idx_read(label_path, n)
  if (images$type != "ubyte" || length(images$dims) != 3L) {
    twinnet_stop("MNIST images file ", image_path, " must hold unsigned ",
                 "bytes in 3 dimensions (n x rows x cols), got type '",
                 images$type, "' in ", length(images$dims))
  }
  if (labels$type != "ubyte" || length(labels$dims) != 1L) {
    twinnet_stop("MNIST labels file ", label_path, " must hold unsigned ",
                 "bytes in 1 dimension, got type '", labels$type, "' in ",
                 length(labels$dims))
  }
  if (images$total != labels$total) {
    twinnet_stop("MNIST images file ", image_path, " holds ",
                 fmt_count(images$total), " images but labels file ",
                 label_path, " holds ", fmt_count(labels$total), " labels")
  }
  d <- images$dims
  X <- matrix(images$values, d[1], d[2] * d[3], byrow = TRUE) / 255
  list(X = X, y = as.numeric(labels$values))
}

# ----------------------------------------------------------------- scaling

#' Fit a scaler on training data
#'
#' The statistics are computed in a fixed order (not with `colMeans`, `sd`
#' or `scale`, which accumulate in long double), so the Python twin gets the
#' same bits:
#' - `"standard"`: `center = colsum(X) / n` and
#'   `scale = sqrt(colsum((X - center) * (X - center)) / (n - 1))`, where
#'   colsum adds the rows in order starting from zero (exact mode's colsum):
#'   R's `scale()` and `sd()` (divisor n - 1), not scikit-learn's
#'   StandardScaler (divisor n).
#' - `"minmax"`: `center = min`, `scale = max - min`.
#'
#' A constant column (all values equal) gets `center` = that value and
#' `scale = 1`, so it scales to exactly 0.
#'
#' @param X Training data, a numeric matrix.
#' @param method `"standard"` or `"minmax"`.
#' @return An object of class `"twinnet_scaler"`: a list with `method`,
#'   `center` and `scale` (one value per column). Use it with
#'   [apply_scaler()] on training and test data alike.
#' @examples
#' d <- make_blobs(100, seed = 1)
#' s <- fit_scaler(d$X)
#' apply_scaler(s, d$X)
#' @export
fit_scaler <- function(X, method = "standard") {
  X <- as_matrix("X", X)
  method <- check_choice("method", method, c("standard", "minmax"))
  n <- nrow(X)
  low <- apply(X, 2L, min)
  high <- apply(X, 2L, max)
  if (method == "standard") {
    if (n < 2L) {
      twinnet_stop("X needs at least 2 rows to fit a standard scaler, got ",
                   n)
    }
    center <- as.vector(exact_colsum(X)) / n
    D <- X - rep(center, each = n)
    scale <- sqrt(as.vector(exact_colsum(D * D)) / (n - 1))
  } else {
    center <- low
    scale <- high - low
  }
  constant <- low == high
  center[constant] <- low[constant]
  scale[constant] <- 1
  structure(list(method = method, center = center, scale = scale),
            class = "twinnet_scaler")
}

#' Scale data with a fitted scaler
#'
#' @param scaler The result of [fit_scaler()].
#' @param X A numeric matrix with the columns the scaler was fitted on.
#' @return `(X - center) / scale`, column by column.
#' @examples
#' train <- make_blobs(100, seed = 1)
#' test <- make_blobs(20, seed = 2)
#' s <- fit_scaler(train$X)  # fitted on the training data only
#' head(apply_scaler(s, test$X))
#' @export
apply_scaler <- function(scaler, X) {
  if (!inherits(scaler, "twinnet_scaler")) {
    twinnet_stop("scaler must be the result of fit_scaler()")
  }
  X <- as_matrix("X", X)
  p <- length(scaler$center)
  if (ncol(X) != p) {
    twinnet_stop("X has ", ncol(X), " columns but the scaler was fitted on ",
                 p)
  }
  n <- nrow(X)
  (X - rep(scaler$center, each = n)) / rep(scaler$scale, each = n)
}
