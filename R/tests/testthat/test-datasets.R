# Datasets: the articles' tables, generators drawn from R's stream in the
# documented order, IDX files (plain and gzipped) and scalers with
# fixed-order statistics. Twin: python/tests/test_datasets.py.

expect_twinnet_error <- function(expr, message) {
  expect_identical(twinnet_error_message(expr), message)
}

# ------------------------------------------------------- the articles' data

test_that("the article tables are the articles' numbers", {
  d <- xor_data()
  expect_identical(d$X, matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4, 2))
  expect_identical(d$y, c(0, 1, 1, 0))
  d <- toy_data()
  expect_identical(d$X, toy_X())
  expect_identical(d$y, toy_y())
  d <- loy_data()
  expect_identical(d$X, matrix(c(0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1), 4, 3))
  expect_identical(d$y, c(0, 1, 1, 0))
  expect_identical(d$y, as.numeric(xor(d$X[, 1], d$X[, 2])))
})

# ------------------------------------------------------------- generators

test_that("generators give n x 2 double matrices and numeric labels", {
  for (make in list(make_moons, make_circles, make_blobs)) {
    for (n in c(1, 2, 7, 100)) {
      d <- make(n)
      expect_identical(dim(d$X), c(as.integer(n), 2L))
      expect_true(is.double(d$X) && is.double(d$y) && is.null(dim(d$y)))
      expect_length(d$y, n)
      expect_true(all(is.finite(d$X)))
    }
  }
})

test_that("two-class generators split n into n %/% 2 and the rest", {
  for (make in list(make_moons, make_circles)) {
    for (n in c(2, 9, 100, 101)) {
      y <- make(n, noise = 0.2, seed = 3)$y
      expect_equal(sum(y == 0), n %/% 2)
      expect_equal(sum(y == 1), n - n %/% 2)
    }
  }
})

test_that("moons without noise lie on their half circles", {
  d <- make_moons(50, shuffle = FALSE)
  expect_identical(d$y, rep(c(0, 1), c(25, 25)))
  up <- d$X[d$y == 0, ]
  lo <- d$X[d$y == 1, ]
  expect_equal(sqrt(up[, 1]^2 + up[, 2]^2), rep(1, 25), tolerance = 1e-15)
  expect_equal(sqrt((lo[, 1] - 1)^2 + (lo[, 2] - 0.5)^2), rep(1, 25),
               tolerance = 1e-15)
  expect_identical(up[1, ], c(1, 0))
  expect_identical(lo[1, ], c(0, 0.5))
  t <- (0:19) * (pi / 19)
  d <- make_moons(40, shuffle = FALSE)
  expect_identical(d$X[1:20, 1], cos(t))
  expect_identical(d$X[21:40, 2], (1 - sin(t)) - 0.5)
})

test_that("circles without noise have radii 1 and factor", {
  for (factor in c(0, 0.3, 0.8)) {
    d <- make_circles(31, factor = factor, shuffle = FALSE)
    expect_equal(sum(d$y == 0), 15)
    r <- sqrt(d$X[, 1]^2 + d$X[, 2]^2)
    expect_equal(r[d$y == 0], rep(1, 15), tolerance = 1e-15)
    expect_equal(r[d$y == 1], rep(factor, 16), tolerance = 1e-15)
    expect_identical(d$X[15, 1], cos(14 * ((2 * pi) / 15)))
  }
})

test_that("noise, then the shuffle, in the documented order", {
  n <- 23
  for (make in list(make_moons, make_circles)) {
    clean <- make(n, shuffle = FALSE)
    expected <- with_test_seed(11, {
      X <- clean$X + 0.15 * matrix(rnorm(2 * n), n, 2, byrow = TRUE)
      perm <- sample.int(n)
      list(X = X[perm, ], y = clean$y[perm], unshuffled = X)
    })
    got <- make(n, noise = 0.15, seed = 11)
    expect_identical(got$X, expected$X)
    expect_identical(got$y, expected$y)
    expect_identical(make(n, noise = 0.15, seed = 11, shuffle = FALSE)$X,
                     expected$unshuffled)
  }
  perm <- with_test_seed(5, sample.int(10))
  expect_identical(make_moons(10, seed = 5)$X,
                   make_moons(10, shuffle = FALSE)$X[perm, ])
})

test_that("blobs are drawn in the documented order", {
  n <- 13
  k <- 4
  expected <- with_test_seed(21, {
    C <- matrix(runif(2 * k, -5, 5), k, 2, byrow = TRUE)
    y <- rep(0:3, c(4, 3, 3, 3))
    X <- C[y + 1, ] + 0.5 * matrix(rnorm(2 * n), n, 2, byrow = TRUE)
    perm <- sample.int(n)
    list(X = X[perm, ], y = as.numeric(y[perm]))
  })
  expect_identical(make_blobs(n, centers = k, sd = 0.5, seed = 21,
                              box = c(-5, 5)), expected)
})

test_that("blobs: points per centre, centres in the box and in place", {
  for (nk in list(c(100, 3), c(10, 3), c(7, 4), c(2, 5))) {
    n <- nk[1]
    k <- nk[2]
    y <- make_blobs(n, centers = k, seed = 1)$y
    expect_identical(tabulate(y + 1, k),
                     as.integer(n %/% k + (seq_len(k) <= n %% k)))
  }
  few <- make_blobs(30, centers = 2, sd = 0, seed = 4, box = c(2, 3),
                    shuffle = FALSE)
  many <- make_blobs(30, centers = 5, sd = 0, seed = 4, box = c(2, 3),
                     shuffle = FALSE)
  expect_true(all(few$X >= 2 & few$X <= 3))
  expect_identical(few$X[1, ], many$X[1, ])
  expect_identical(few$X[16, ], many$X[7, ])
})

test_that("blobs take given centres and one sd per centre", {
  centres <- rbind(c(0, 0, 0), c(10, 10, 10))
  d <- make_blobs(2000, centers = centres, sd = c(0, 2), seed = 8)
  expect_identical(dim(d$X), c(2000L, 3L))
  expect_true(all(d$X[d$y == 0, ] == 0))
  expect_lt(abs(sd(d$X[d$y == 1, ]) - 2), 0.1)
  expect_lt(abs(mean(d$X[d$y == 1, ]) - 10), 0.1)
})

test_that("same seed same data; the caller's random state is left alone", {
  for (make in list(make_moons, make_circles, make_blobs)) {
    a <- make(40, seed = 1)
    expect_identical(make(40, seed = 1), a)
    expect_false(identical(make(40, seed = 2)$X, a$X))
  }
  set.seed(99)
  before <- .Random.seed
  make_moons(10, noise = 0.1)
  make_blobs(10)
  make_circles(10, noise = 0.1)
  expect_identical(.Random.seed, before)
  rm(".Random.seed", envir = globalenv())
  make_blobs(10)
  expect_false(exists(".Random.seed", envir = globalenv(), inherits = FALSE))
})

test_that("one_hot", {
  expect_identical(one_hot(c(0, 2, 1)),
                   rbind(c(1, 0, 0), c(0, 0, 1), c(0, 1, 0)))
  expect_identical(one_hot(matrix(c(1, 0)), k = 4),
                   rbind(c(0, 1, 0, 0), c(1, 0, 0, 0)))
  y <- make_blobs(50, centers = 4)$y
  expect_identical(max.col(one_hot(y)) - 1, y)
})

# ------------------------------------------------------------- bad input

test_that("bad arguments get the Python twin's messages", {
  cases <- list(
    list(quote(make_moons(0)), "n must be a positive integer, got 0"),
    list(quote(make_moons(2.5)), "n must be a positive integer, got 2.5"),
    list(quote(make_moons(10, noise = -1)),
         "noise must be a non-negative number, got -1"),
    list(quote(make_moons(10, noise = Inf)),
         "noise must be a non-negative number, got Inf"),
    list(quote(make_moons(10, seed = 1.5)),
         "seed must be an integer in [-2147483647, 2147483647], got 1.5"),
    list(quote(make_moons(10, shuffle = "yes")),
         "shuffle must be true or false, got 'yes'"),
    list(quote(make_circles(10, factor = 1)),
         "factor must be a number in [0, 1), got 1"),
    list(quote(make_circles(10, factor = -0.5)),
         "factor must be a number in [0, 1), got -0.5"),
    list(quote(make_blobs(10, centers = 0)),
         "centers must be a positive integer, got 0"),
    list(quote(make_blobs(10, centers = c(1, 2))),
         "centers must be a positive integer or a matrix with one centre per row"),
    list(quote(make_blobs(10, sd = -1)), "sd must be a non-negative number, got -1"),
    list(quote(make_blobs(10, sd = "a")), "sd must be a non-negative number, got 'a'"),
    list(quote(make_blobs(10, sd = c(1, 2))),
         "sd must hold 1 or 3 values (one per centre), got 2"),
    list(quote(make_blobs(10, box = c(10, -10))),
         "box must be two finite numbers with low < high, got 10, -10"),
    list(quote(make_blobs(10, box = c(1, 2, 3))),
         "box must be two finite numbers (low, high), got 3 values"),
    list(quote(make_blobs(10, centers = matrix(c(0, NaN), 1))),
         "centers has a missing, NaN or infinite value at row 1, column 2"),
    list(quote(one_hot(c(0, 1.5))),
         "labels must be whole numbers >= 0, got 1.5 at position 2"),
    list(quote(one_hot(c(0, -1))),
         "labels must be whole numbers >= 0, got -1 at position 2"),
    list(quote(one_hot(c(0, 3, 1), k = 3)),
         "labels must be smaller than k = 3, got 3 at position 2"),
    list(quote(one_hot(matrix(0, 2, 2))), "labels must be one column, got 2"),
    list(quote(fit_scaler(matrix(1, 1, 3))),
         "X needs at least 2 rows to fit a standard scaler, got 1"),
    list(quote(fit_scaler(matrix(1, 3, 3), method = "robust")),
         "unknown method 'robust'; choose one of standard, minmax"),
    list(quote(apply_scaler(fit_scaler(diag(3)), diag(2))),
         "X has 2 columns but the scaler was fitted on 3"),
    list(quote(apply_scaler("scaler", diag(2))),
         "scaler must be the result of fit_scaler()"),
    list(quote(read_mnist(kind = "test")),
         "unknown kind 'test'; choose one of train, t10k"),
    list(quote(write_idx(c(1, 256), "unused.idx", type = "ubyte")),
         "x has values outside the range of type 'ubyte' (0 to 255)"),
    list(quote(write_idx(1.5, "unused.idx", type = "int")),
         "x must hold whole numbers to be written as type 'int', got 1.5"),
    list(quote(write_idx(1, "unused.idx", type = "long")),
         "unknown type 'long'; choose one of ubyte, byte, short, int, float, double"),
    list(quote(write_idx("a", "unused.idx")),
         "x must be numeric, got non-numeric values")
  )
  for (case in cases) {
    expect_twinnet_error(eval(case[[1]]), case[[2]])
  }
  expect_false(file.exists("unused.idx"))
})

# -------------------------------------------------------------- IDX files

idx_cases <- list(
  list(type = "ubyte", code = 8L, values = array((0:23 * 10) %% 256, c(2, 3, 4))),
  list(type = "byte", code = 9L, values = rbind(c(-128, -1, 0), c(1, 64, 127))),
  list(type = "short", code = 11L, values = c(-32768, -2, 0, 300, 32767)),
  list(type = "int", code = 12L,
       values = rbind(c(-2147483647, -7), c(65536, 2147483647))),
  list(type = "float", code = 13L, values = rbind(c(0.5, -1.25, 7), c(-0, 3, 1))),
  list(type = "double", code = 14L,
       values = array(c(pi, 5e-324, -1e300, 0.1), c(2, 1, 2)))
)

test_that("write_idx and read_idx round-trip every type, plain and gzipped", {
  for (case in idx_cases) {
    for (suffix in c("", ".gz")) {
      path <- tempfile(fileext = paste0(".idx", suffix))
      write_idx(case$values, path, type = case$type)
      back <- read_idx(path)
      if (case$type %in% c("float", "double")) {
        expect_true(is.double(back))
      } else {
        expect_true(is.integer(back))
      }
      expect_equal(back, case$values, tolerance = 0, label = case$type)
      con <- gzfile(path, "rb")
      head <- as.integer(readBin(con, "raw", 4))
      close(con)
      ndim <- if (is.null(dim(case$values))) 1L else length(dim(case$values))
      expect_identical(head, c(0L, 0L, case$code, ndim))
    }
  }
})

test_that("write_idx's default type follows the storage", {
  path <- tempfile(fileext = ".idx")
  write_idx(as.raw(0:3), path)
  expect_identical(read_idx(path), 0:3)
  write_idx(1:3, path)
  expect_identical(read_idx(path), 1:3)
  write_idx(c(0.5, 1), path)
  expect_identical(read_idx(path), c(0.5, 1))
  write_idx(c(TRUE, FALSE), path)
  expect_identical(read_idx(path), c(1L, 0L))
})

test_that("the int type's -2^31, R's integer NA, is written as its bytes", {
  path <- tempfile(fileext = ".idx")
  expect_silent(write_idx(c(-2147483648, 2147483647), path, type = "int"))
  expect_identical(readBin(path, "raw", 100)[9:16],
                   as.raw(c(0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff)))
  expect_identical(read_idx(path), c(NA, 2147483647L))
})

test_that("read_idx reads a hand-made big-endian file, plain or gzipped", {
  body <- as.raw(c(0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 3,
                   0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0xff, 0xfe))
  plain <- tempfile(fileext = ".idx")
  writeBin(body, plain)
  gz <- tempfile(fileext = ".bin")   # gzip recognised by content, not name
  con <- gzfile(gz, "wb")
  writeBin(body, con)
  close(con)
  for (path in c(plain, gz)) {
    expect_identical(read_idx(path), rbind(1:3, c(4L, 5L, -2L)))
  }
})

test_that("read_idx reads the first n items; images are n x rows x cols", {
  values <- aperm(array(0:59, c(4, 3, 5)))     # x[i, r, c] = 12 (i-1) + 4 (r-1) + (c-1)
  path <- tempfile(fileext = ".idx.gz")
  write_idx(values, path, type = "ubyte")
  back <- read_idx(path)
  expect_identical(dim(back), c(5L, 3L, 4L))
  expect_identical(back[3, 2, 4], 2L * 12L + 4L + 3L)
  expect_identical(read_idx(path, n = 2), values[1:2, , , drop = FALSE])
  expect_identical(read_idx(path, n = 9), values)
})

test_that("IDX errors name the file and what is wrong", {
  missing <- file.path(tempdir(), "none.idx")
  expect_twinnet_error(read_idx(missing), paste0("IDX file not found: ", missing))
  bad <- tempfile(fileext = ".idx")
  writeBin(as.raw(c(0, 1, 8, 1, rep(0, 8))), bad)
  expect_twinnet_error(read_idx(bad), paste0(
    "IDX file ", bad, " has a bad magic number 00 01 08 01: expected 00 00, a ",
    "type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions"))
  writeBin(as.raw(c(0, 0, 8)), bad)
  expect_twinnet_error(read_idx(bad), paste0(
    "IDX file ", bad, " is truncated: 4 header bytes expected, 3 found"))
  writeBin(as.raw(c(0, 0, 8, 3, rep(0, 6))), bad)
  expect_twinnet_error(read_idx(bad), paste0(
    "IDX file ", bad, " is truncated: 16 header bytes expected, 10 found"))
  full <- tempfile(fileext = ".idx")
  write_idx(matrix(0:99, 10), full)
  bytes <- readBin(full, "raw", 1000)
  writeBin(bytes[1:(length(bytes) - 5)], bad)
  expect_twinnet_error(read_idx(bad), paste0(
    "IDX file ", bad, " is truncated: 400 data bytes expected, 395 found"))
  writeBin(c(bytes, as.raw(0)), bad)
  expect_twinnet_error(read_idx(bad), paste0(
    "IDX file ", bad, " has more data than its header announces (400 bytes)"))
})

test_that("truncated and corrupt gzip files are told apart", {
  full <- tempfile(fileext = ".gz")
  write_idx(0:999, full)
  bytes <- readBin(full, "raw", 1e5)
  cut <- tempfile(fileext = ".gz")
  writeBin(bytes[1:(length(bytes) %/% 2)], cut)
  err <- tryCatch(read_idx(cut), twinnet_error = conditionMessage)
  expect_match(err, paste0("is truncated: 4000 data bytes expected, [0-9]+ found$"))
  corrupt <- tempfile(fileext = ".gz")
  writeBin(c(bytes[1:(length(bytes) - 8)], as.raw(rep(0, 8))), corrupt)
  expect_twinnet_error(read_idx(corrupt), paste0(
    "IDX file ", corrupt, " is corrupt: its gzip data do not decompress"))
})

# ------------------------------------------------------------------ MNIST

fake_mnist <- function(folder, kind = "train", n = 5, gz = TRUE,
                       labels_n = n) {
  images <- with_test_seed(1, aperm(array(sample.int(256, n * 784, TRUE) - 1L,
                                          c(28, 28, n))))
  labels <- (seq_len(labels_n) - 1L) %% 10L
  suffix <- if (gz) ".gz" else ""
  write_idx(images, file.path(folder, paste0(kind, "-images-idx3-ubyte", suffix)),
            type = "ubyte")
  write_idx(labels, file.path(folder, paste0(kind, "-labels-idx1-ubyte")),
            type = "ubyte")
  list(images = images, labels = labels)
}

test_that("read_mnist scales pixels to [0, 1] and keeps the labels", {
  for (gz in c(TRUE, FALSE)) {
    folder <- tempfile("mnist-")
    dir.create(folder)
    fake <- fake_mnist(folder, "t10k", n = 7, gz = gz)
    d <- read_mnist(folder, kind = "t10k")
    expect_identical(dim(d$X), c(7L, 784L))
    expect_identical(d$X[3, 28 * 5 + 8], fake$images[3, 6, 8] / 255)
    expect_identical(d$X, t(apply(fake$images, 1, function(im) as.vector(t(im)))) / 255)
    expect_true(min(d$X) >= 0 && max(d$X) <= 1)
    expect_identical(d$y, as.numeric(fake$labels))
    d3 <- read_mnist(folder, kind = "t10k", n = 3)
    expect_identical(d3$X, d$X[1:3, ])
    expect_identical(d3$y, d$y[1:3])
  }
})

test_that("read_mnist errors", {
  folder <- tempfile("mnist-")
  dir.create(folder)
  path <- file.path(folder, "train-images-idx3-ubyte")
  expect_twinnet_error(read_mnist(folder), paste0(
    "MNIST file not found: ", path, " (or train-images-idx3-ubyte.gz)"))
  fake_mnist(folder, n = 5, labels_n = 4)
  expect_twinnet_error(read_mnist(folder), paste0(
    "MNIST images file ", path, ".gz holds 5 images but labels file ",
    file.path(folder, "train-labels-idx1-ubyte"), " holds 4 labels"))
  write_idx(matrix(0L, 5, 784), paste0(path, ".gz"), type = "ubyte")
  expect_twinnet_error(read_mnist(folder), paste0(
    "MNIST images file ", path, ".gz must hold unsigned bytes in 3 dimensions ",
    "(n x rows x cols), got type 'ubyte' in 2"))
})

# ----------------------------------------------------------------- scaling

test_that("standard scaler statistics are the documented sequential sums", {
  X <- with_test_seed(3, matrix(rnorm(5000 * 3, 7, 11), 5000, 3, byrow = TRUE))
  s <- fit_scaler(X)
  n <- nrow(X)
  for (j in 1:3) {
    total <- 0
    for (v in X[, j]) total <- total + v
    m <- total / n
    q <- 0
    for (v in X[, j]) q <- q + (v - m) * (v - m)
    expect_identical(s$center[j], m)
    expect_identical(s$scale[j], sqrt(q / (n - 1)))
  }
  Z <- apply_scaler(s, X)
  expect_identical(Z, sweep(sweep(X, 2, s$center), 2, s$scale, "/"))
  expect_equal(colMeans(Z), rep(0, 3), tolerance = 1e-12)
  expect_equal(apply(Z, 2, sd), rep(1, 3), tolerance = 1e-12)
})

test_that("minmax scaler maps the training data to [0, 1]", {
  X <- make_blobs(200, seed = 2)$X
  s <- fit_scaler(X, method = "minmax")
  Z <- apply_scaler(s, X)
  expect_identical(apply(Z, 2, min), c(0, 0))
  expect_identical(apply(Z, 2, max), c(1, 1))
})

test_that("constant columns scale to exactly 0", {
  X <- cbind(rep(0.1, 10), 0:9)
  for (method in c("standard", "minmax")) {
    s <- fit_scaler(X, method = method)
    expect_identical(c(s$center[1], s$scale[1]), c(0.1, 1))
    expect_identical(apply_scaler(s, X)[, 1], rep(0, 10))
  }
})

test_that("the scaler uses training statistics on test data", {
  train <- make_blobs(100, seed = 1)$X
  test <- make_blobs(30, seed = 2)$X
  s <- fit_scaler(train)
  expect_s3_class(s, "twinnet_scaler")
  expect_identical(apply_scaler(s, test),
                   (test - rep(s$center, each = 30)) / rep(s$scale, each = 30))
})
