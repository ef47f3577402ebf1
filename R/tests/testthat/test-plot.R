# Pictures: each function writes a PNG of the requested size and returns the
# data it drew; the decision-boundary grid follows its written formula; bad
# input fails with the Python twin's words. Twin: python/tests/test_plot.py.

# Width and height from a PNG's IHDR chunk (after checking the signature).
png_size <- function(path) {
  con <- file(path, "rb")
  on.exit(close(con))
  head <- readBin(con, "raw", 24L)
  expect_identical(head[1:8], as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)))
  expect_identical(rawToChar(head[13:16]), "IHDR")
  be <- function(b) sum(as.numeric(b) * 256^(3:0))
  c(be(head[17:20]), be(head[21:24]))
}

png_file <- function(name = "p.png") file.path(tempfile("plot-"), name)
new_dir_file <- function(name = "p.png") {
  path <- png_file(name)
  dir.create(dirname(path))
  path
}

plot_moons <- function() {
  d <- make_moons(100, noise = 0.2, seed = 1)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  list(model = fit(mlp(c(2, 5, 1), lr = 0.1, seed = 1), X, d$y, epochs = 200),
       X = X, y = d$y)
}

plot_blobs <- function() {
  d <- make_blobs(90, centers = 3, seed = 3)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  net <- network(seed = 3)
  net <- add(net, dense(2, 4))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(4, 3))
  net <- add(net, activation("softmax"))
  net <- fit(use(net, "softmax_cross_entropy"), X, one_hot(d$y, 3), epochs = 100,
             lr = 0.5)
  list(model = net, X = X, y = d$y)
}

# ------------------------------------------------------------------ plot_loss

test_that("plot_loss writes an 800 x 600 PNG and returns the history", {
  model <- fit(mlp(c(4, 3, 1), seed = 42), toy_X(), toy_y(), epochs = 50)
  path <- new_dir_file()
  out <- plot_loss(model, path)
  expect_equal(png_size(path), c(800, 600))
  expect_identical(out$loss, model$loss_history)
  expect_identical(out$epoch, as.numeric(1:50))
})

test_that("plot_loss takes a plain history, a log scale and a size", {
  path <- new_dir_file()
  out <- plot_loss(c(3, 2, 1), path, log = TRUE, width = 400, height = 300,
                   title = "Loss per iteration")
  expect_equal(png_size(path), c(400, 300))
  expect_identical(out$loss, c(3, 2, 1))
})

test_that("plot_loss names bad input", {
  path <- new_dir_file()
  expect_error(plot_loss(numeric(0), path),
               "the loss history is empty; train the model first", fixed = TRUE)
  expect_error(plot_loss(NULL, path),
               "model_or_history must be a model or a vector of losses", fixed = TRUE)
  expect_error(plot_loss(matrix(1, 3, 2), path),
               "model_or_history must be a model or a vector of losses", fixed = TRUE)
  expect_error(plot_loss(c("a", "b"), path),
               "loss history must be numeric, got non-numeric values", fixed = TRUE)
  expect_error(plot_loss(c(1, NaN), path),
               "loss history has a missing, NaN or infinite value at row 2, column 1",
               fixed = TRUE)
  expect_error(plot_loss(c(1, 0), path, log = TRUE),
               "a log scale needs positive losses; epoch 2 has 0", fixed = TRUE)
  expect_error(plot_loss(1, path, log = "yes"),
               "log must be true or false, got 'yes'", fixed = TRUE)
  expect_error(plot_loss(1, path, width = 0),
               "width must be a positive integer, got 0", fixed = TRUE)
  expect_error(plot_loss(c(1, 2), path, validation = 1),
               "validation must have one loss per epoch (2), got 1", fixed = TRUE)
  expect_error(plot_loss(1, path, validation = "a"),
               "validation must be a vector of losses", fixed = TRUE)
  expect_error(plot_loss(1, path, validation = matrix(1, 1, 1)),
               "validation must be a vector of losses", fixed = TRUE)
  expect_error(plot_loss(c(1, 2), path, validation = c(NaN, 0), log = TRUE),
               "a log scale needs positive losses; the validation loss of epoch 2 is 0",
               fixed = TRUE)
})

test_that("plot_loss draws the validation loss and the restored epoch", {
  # Twin: python/tests/test_plot.py; the languages side by side:
  # parity_tests/test_plot_parity.py.
  d <- make_moons(60, noise = 0.3, seed = 2)
  model <- fit(mlp(c(2, 4, 1), lr = 0.5, seed = 2), d$X, d$y, 3)
  model <- fit(model, d$X, d$y, 40, validation_fraction = 0.3, tol = 1e-3,
               early_stopping = TRUE, n_iter_no_change = 3)
  path <- new_dir_file()
  out <- plot_loss(model, path, log = TRUE)
  n <- length(model$loss_history)
  expect_equal(png_size(path), c(800, 600))
  expect_length(out$validation, n)
  expect_true(all(is.nan(out$validation[1:3])))
  expect_identical(out$validation[-(1:3)], model$validation_loss_history[-(1:3)])
  expect_identical(model$stop_reason, "early_stopping")
  expect_identical(out$best_epoch, model$best_epoch)
  expect_identical(out$legend, c("training", "validation",
                                 sprintf("best epoch %d (weights restored)", model$best_epoch)))
  expect_identical(out$note, sprintf("final loss %.4g (validation %.4g) after %d epochs",
                                     model$loss_history[n],
                                     model$validation_loss_history[n], n))
  # the training curve alone: no legend; a vector with validation losses
  out <- plot_loss(fit(mlp(c(2, 4, 1)), d$X, d$y, 5), path)
  expect_null(out$validation)
  expect_null(out$best_epoch)
  expect_identical(out$legend, character(0))
  out <- plot_loss(c(3, 2), path, validation = c(4, Inf))
  expect_identical(out$legend, c("training", "validation"))
  expect_identical(out$note, "final loss 2 after 2 epochs")
})

test_that("pictures need a .png path in an existing folder", {
  dir <- tempfile("plot-")
  dir.create(dir)
  expect_error(plot_loss(1, file.path(dir, "loss.jpg")),
               paste0("path must be a file name ending in .png, got '", dir, "/loss.jpg'"),
               fixed = TRUE, class = "twinnet_error")
  missing <- file.path(dir, "nowhere")
  expect_error(plot_loss(1, file.path(missing, "loss.png")),
               paste0("could not write ", missing, "/loss.png: folder ", missing,
                      " does not exist"), fixed = TRUE)
})

test_that("a failed picture leaves no device open", {
  devices <- grDevices::dev.list()
  path <- new_dir_file()
  expect_error(plot_loss(c(1, 2), path, width = -1))
  plot_loss(c(1, 2), path)
  expect_identical(grDevices::dev.list(), devices)
})

# ------------------------------------------------------------------ plot_decision_boundary

test_that("the decision-boundary grid follows its formula", {
  m <- plot_moons()
  path <- new_dir_file()
  out <- plot_decision_boundary(m$model, m$X, m$y, path, grid = 50)
  expect_equal(png_size(path), c(800, 600))
  for (j in 1:2) {
    lo <- min(m$X[, j])
    hi <- max(m$X[, j])
    a <- lo - 0.1 * (hi - lo)
    b <- hi + 0.1 * (hi - lo)
    expected <- vapply(0:49, function(i) a + (b - a) * (i / 49), numeric(1))
    expect_identical(out[[paste0("x", j)]], expected)
  }
})

test_that("decision-boundary outputs are the model's predictions", {
  m <- plot_moons()
  out <- plot_decision_boundary(m$model, m$X, m$y, new_dir_file(), grid = 30)
  expect_equal(dim(out$output), c(900L, 1L))
  expect_equal(dim(out$classes), c(30L, 30L))
  j <- 8L
  i <- 13L  # row (j - 1) * grid + i is the point (x1[i], x2[j])
  point <- matrix(c(out$x1[i], out$x2[j]), 1)
  expect_identical(out$output[(j - 1) * 30 + i, 1], predict(m$model, point)[1, 1])
  expect_identical(out$classes,
                   matrix(as.integer(out$output[, 1] > 0.5), 30, 30, byrow = TRUE))
  predicted <- as.integer(predict(m$model, m$X)[, 1] > 0.5)
  expect_identical(out$predicted, predicted)
  expect_identical(out$accuracy, mean(predicted == m$y))
})

test_that("the decision boundary of a softmax network takes the largest output", {
  b <- plot_blobs()
  out <- plot_decision_boundary(b$model, b$X, one_hot(b$y, 3), new_dir_file(),
                                grid = 20, class_names = c("a", "b", "c"))
  expect_equal(dim(out$output), c(400L, 3L))
  expect_identical(as.vector(t(out$classes)),
                   max.col(out$output, ties.method = "first") - 1L)
  expect_true(all(out$classes %in% 0:2))
})

test_that("a constant column spans one around its value", {
  m <- plot_moons()
  X <- m$X
  X[, 2] <- 2
  out <- plot_decision_boundary(m$model, X, m$y, new_dir_file(), grid = 11,
                                margin = 0)
  expect_identical(out$x2[c(1, 11)], c(1.5, 2.5))
})

test_that("plot_decision_boundary names bad input", {
  X <- matrix(c(0, 0, 0, 1, 1, 0, 1, 1), 4, 2, byrow = TRUE)
  path <- new_dir_file()
  model <- mlp(c(2, 2, 1))
  err <- function(..., model. = model, X. = X, y. = c(0, 1, 1, 0)) {
    tryCatch({
      plot_decision_boundary(model., X., y., path, ...)
      "no error"
    }, twinnet_error = conditionMessage)
  }
  expect_identical(err(X. = matrix(1, 4, 3)),
                   "X must have 2 columns (one per axis of the picture), got 3")
  expect_identical(err(model. = mlp(c(3, 2, 1))),
                   "the model must have 2 inputs to draw its decision boundary, got 3")
  expect_identical(err(y. = c(0, 1, 1)), "y has 3 rows but X has 4")
  expect_identical(err(y. = c(0, 1, 0.5, 1)),
                   "y must hold class labels 0, 1, 2, ... (whole numbers >= 0), got 0.5")
  expect_identical(err(y. = c(0, 1, -1, 1)),
                   "y must hold class labels 0, 1, 2, ... (whole numbers >= 0), got -1")
  expect_identical(err(grid = 1), "grid must be an integer >= 2, got 1")
  expect_identical(err(grid = 2.5), "grid must be an integer >= 2, got 2.5")
  expect_identical(err(margin = -1), "margin must be a non-negative number, got -1")
  expect_identical(err(model. = "net"), "model must be a twinnet MLP or Network")
  expect_identical(err(class_names = "one"),
                   "class_names has 1 names but there are 2 classes")
  expect_identical(err(axis_labels = "x"), "axis_labels must be 2 strings")
  expect_identical(err(title = 3), "title must be a string, got 3")
})

# ------------------------------------------------------------------ plot_images

test_that("plot_images titles true and predicted labels", {
  X <- matrix(0:71 / 71, 6, 12, byrow = TRUE)
  path <- new_dir_file()
  out <- plot_images(X, 0:5, path, predicted = c(0, 1, 9, 3, 4, 0), shape = c(3, 4),
                     n = 4, class_names = fashion_mnist_classes)
  expect_equal(png_size(path), c(800, 900))
  expect_identical(out$rows, 1:4)
  expect_identical(out$wrong, c(FALSE, FALSE, TRUE, FALSE))
  expect_identical(out$titles, c("T-shirt/top\npredicted: T-shirt/top",
                                 "Trouser\npredicted: Trouser",
                                 "Pullover\npredicted: Ankle boot",
                                 "Dress\npredicted: Dress"))
})

test_that("plot_images takes one-hot labels and network outputs", {
  outputs <- matrix(c(0.1, 0.9, 0.8, 0.2, 0.5, 0.5), 3, 2, byrow = TRUE)
  path <- new_dir_file()
  out <- plot_images(matrix(0, 3, 4), one_hot(c(1, 0, 1), 2), path,
                     predicted = outputs, shape = c(2, 2), width = 300, height = 300)
  expect_equal(png_size(path), c(300, 300))
  expect_identical(out$predicted, c(1L, 0L, 0L))  # a tie: the first column
  expect_identical(out$titles, c("1\npredicted: 1", "0\npredicted: 0", "1\npredicted: 0"))
})

test_that("plot_images without predictions", {
  out <- plot_images(matrix(0, 30, 4), rep(0, 30), new_dir_file(), shape = c(2, 2))
  expect_null(out$predicted)
  expect_null(out$wrong)
  expect_length(out$titles, 25)
  expect_identical(out$titles[1], "0")
})

test_that("plot_images names bad input", {
  path <- new_dir_file()
  err <- function(X = matrix(0, 3, 4), labels = 0:2, ...) {
    tryCatch({
      plot_images(X, labels, path, shape = c(2, 2), ...)
      "no error"
    }, twinnet_error = conditionMessage)
  }
  expect_identical(tryCatch(plot_images(matrix(0, 3, 4), 0:2, path, shape = c(3, 3)),
                            twinnet_error = conditionMessage),
                   "X has 4 columns but images of shape 3 x 3 need 9")
  expect_identical(tryCatch(plot_images(matrix(0, 3, 4), 0:2, path, shape = c(2, 2.5)),
                            twinnet_error = conditionMessage),
                   "shape must be two positive integers (rows, columns)")
  expect_identical(err(labels = 0:1), "labels has 2 rows but X has 3")
  expect_identical(err(predicted = 0:3), "predicted has 4 rows but X has 3")
  expect_identical(err(class_names = c("a", "b")),
                   "class_names has 2 names but the labels go up to 2")
  expect_identical(err(n = 0), "n must be a positive integer, got 0")
})

# ------------------------------------------------------------------ plot_network

test_that("plot_network's widths are proportional to the weights", {
  model <- fit(mlp(c(4, 3, 1), seed = 42), toy_X(), toy_y(), epochs = 100)
  path <- new_dir_file()
  out <- plot_network(model, path)
  expect_equal(png_size(path), c(800, 600))
  expect_identical(out$sizes, c(4L, 3L, 1L))
  m <- max(abs(unlist(c(model$weights, model$biases))))
  expect_identical(out$max_abs, m)
  for (l in 1:2) {
    expect_identical(out$widths[[l]], 6 * (abs(model$weights[[l]]) / m))
    expect_identical(out$bias_widths[[l]], 6 * (abs(model$biases[[l]]) / m))
  }
  expect_identical(max(unlist(c(out$widths, out$bias_widths))), 6)
})

test_that("plot_network elides wide layers", {
  # issue 10: a 784-wide layer drew 20 units joined by every line, a tangle;
  # now its first 4 and last 2 units, dots between, lines between drawn units
  net <- network(seed = 1)
  net <- add(net, dense(784, 32))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(32, 10))
  net <- add(net, activation("softmax"))
  out <- plot_network(net, new_dir_file())
  expect_identical(out$shown[[1]], c(1:4, 783L, 784L))
  expect_identical(out$shown[[2]], c(1:4, 31L, 32L))
  expect_identical(out$shown[[3]], 1:10)
  expect_identical(out$elided, c(TRUE, TRUE, FALSE))
  expect_equal(dim(out$widths[[1]]), c(6L, 6L))
  expect_equal(dim(out$widths[[2]]), c(6L, 10L))
  W <- net$weights[[1]][out$shown[[1]], out$shown[[2]]]
  expect_identical(out$widths[[1]], 6 * (abs(W) / out$max_abs))
})

test_that("plot_network draws all units up to max_units", {
  net <- network(seed = 1)
  net <- add(net, dense(16, 17))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(17, 1))
  path <- new_dir_file()
  out <- plot_network(net, path)
  expect_identical(out$shown[[1]], 1:16)
  expect_identical(out$shown[[2]], c(1:4, 16L, 17L))
  expect_identical(plot_network(net, path, max_units = 3)$shown[[1]], c(1L, 2L, 16L))
  expect_identical(plot_network(net, path, max_units = 2)$shown[[1]], 1:2)
})

test_that("plot_network's title says units are left out", {
  expect_identical(twinnet:::elided_note(16),
                   "(layers of more than 16 units: the first 4 and the last 2 drawn, dots between)")
  expect_identical(twinnet:::elided_note(2),
                   "(layers of more than 2 units: the first 2 drawn, dots between)")
})

test_that("plot_network without biases draws no bias lines", {
  net <- network(seed = 2)
  net <- add(net, dense(3, 4, bias = FALSE, init = "loy"))
  net <- add(net, activation("sigmoid"))
  net <- add(net, dense(4, 1, bias = FALSE, init = "loy"))
  net <- add(net, activation("sigmoid"))
  path <- new_dir_file()
  out <- plot_network(net, path, title = "Loy", width = 500, height = 400)
  expect_equal(png_size(path), c(500, 400))
  expect_length(out$bias_widths, 0)
})

test_that("plot_network names bad input", {
  path <- new_dir_file()
  expect_error(plot_network("net", path), "model must be a twinnet MLP or Network",
               fixed = TRUE)
  expect_error(plot_network(network(), path),
               "the network has no dense layer; add one first", fixed = TRUE)
  expect_error(plot_network(mlp(c(2, 1)), path, max_units = 0),
               "max_units must be a positive integer, got 0", fixed = TRUE)
})

test_that("the constants", {
  expect_length(fashion_mnist_classes, 10)
  expect_identical(fashion_mnist_classes[10], "Ankle boot")
  expect_length(class_colours, 10)
})

test_that("example_pictures needs an existing folder", {
  missing <- file.path(tempdir(), "nowhere")
  expect_error(example_pictures(missing), paste("folder", missing, "does not exist"),
               fixed = TRUE, class = "twinnet_error")
})

# ------------------------------------------------------------------ the confusion matrix's names

test_that("the confusion matrix shows class names", {
  # issue 10: the confusion matrix showed 0-9 where the classes have names
  result <- list(rows = 4L, loss = 0.5, loss_name = "mse", accuracy = 0.75,
                 confusion = matrix(c(1L, 0L, 1L, 2L), 2, 2), class_names = c("cat", "dog"))
  expect_identical(format_evaluation(result), paste0(
    "rows      4\n",
    "loss      0.5 (mse)\n",
    "accuracy  0.7500\n",
    "confusion matrix (rows: true class, columns: predicted class by number)\n",
    "          0    1\n",
    "0 cat     1    1\n",
    "1 dog     0    2"))
  result$class_names <- NULL
  expect_identical(strsplit(format_evaluation(result), "\n")[[1]][4:7], c(
    "confusion matrix (rows: true class, columns: predicted class)",
    "         0    1",
    "    0    1    1",
    "    1    0    2"))
})

test_that("evaluate keeps and checks class names", {
  X <- matrix(c(0, 1, 1, 0, 1, 0), 3, 2)
  Y <- diag(3)
  net <- network(seed = 3, mode = "exact")
  net <- add(net, dense(2, 3))
  net <- add(net, activation("softmax"))
  net <- use(net, "softmax_cross_entropy")
  expect_null(evaluate(net, X, Y)$class_names)
  expect_identical(evaluate(net, X, Y, class_names = c("a", "b", "c"))$class_names,
                   c("a", "b", "c"))
  expect_error(evaluate(net, X, Y, class_names = c("a", "b")),
               "^class_names has 2 names but there are 3 classes$", class = "twinnet_error")
  expect_error(evaluate(net, X, Y, class_names = 0:2), "^class_names must be strings$",
               class = "twinnet_error")
  expect_error(evaluate(mlp(c(2, 1), seed = 1), X, c(0.2, 0.4, 0.9), class_names = "a"),
               "^class_names needs class targets \\(one-hot", class = "twinnet_error")
})

test_that("Fashion-MNIST's label files name their classes", {
  folder <- "/usr/share/datasets/fashion-mnist"
  for (name in c("t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte")) {
    expect_identical(twinnet:::class_names_for(file.path(folder, name)), fashion_mnist_classes)
  }
  expect_null(twinnet:::class_names_for(file.path(folder, "t10k-images-idx3-ubyte.gz")))
  expect_null(twinnet:::class_names_for(file.path(tempdir(), "t10k-labels-idx1-ubyte.gz")))
  expect_null(twinnet:::class_names_for(NULL))
})

test_that("example_pictures returns the paths it wrote, invisibly", {
  # issue 10: example_pictures() returned a large list into the console
  folder <- tempfile("pictures-")
  dir.create(folder)
  drawn <- withVisible(example_pictures(folder, mode = "blas", fashion_folder = tempfile()))
  expect_false(drawn$visible)
  names <- c("toy_loss.png", "toy_network.png", "loy_loss.png", "moons_loss.png",
             "moons_boundary.png", "moons_network.png", "blobs_boundary.png")
  expect_identical(drawn$value, file.path(folder, names))
  expect_setequal(list.files(folder), names)
})

test_that("plot_images keeps square pixels, the frame around the image", {
  # issue 10: R's image grid drew each 28 x 28 image in a wider frame
  # than the image (the plot region of the cell); now the region is the image
  frame <- function(h, w) {
    grDevices::png(tempfile(fileext = ".png"), width = 800, height = 900, res = 100)
    on.exit(grDevices::dev.off())
    twinnet:::draw_images(matrix(runif(3 * h * w), 3), h, w, c("a", "b", "c"), NULL, "t")
    graphics::par("pin")
  }
  pin <- frame(28, 28)
  expect_equal(pin[1] / pin[2], 1)
  pin <- frame(8, 16)
  expect_equal(pin[1] / pin[2], 2)
})

test_that("the command line's evaluate --fashion names the classes", {
  # issue 10: `evaluate --fashion` shows Fashion-MNIST's class names
  folder <- tempfile("fashion-")
  dir.create(folder)
  net <- network(seed = 1)
  net <- add(net, dense(2, 10))
  net <- add(net, activation("softmax"))
  save_model(use(net, "softmax_cross_entropy"), file.path(folder, "m.json"))
  writeLines(c("a,b", "0,1", "1,0"), file.path(folder, "x.csv"))
  writeLines(c(paste(letters[1:10], collapse = ","), "1,0,0,0,0,0,0,0,0,0",
               "0,0,0,0,0,0,0,0,0,1"), file.path(folder, "y.csv"))
  res <- run_cli(c("evaluate", "--model", file.path(folder, "m.json"), "--x",
                   file.path(folder, "x.csv"), "--y", file.path(folder, "y.csv"), "--fashion"))
  expect_identical(res$status, 0L)
  lines <- strsplit(res$out, "\n")[[1]]
  expect_match(lines[4], "predicted class by number)$")
  expect_match(lines[6], "^0 T-shirt/top ")
  expect_match(lines[15], "^9 Ankle boot  ")
})
