# Pictures of training and of trained networks (docs/pictures.md), drawn
# with base graphics into PNG files (grDevices::png, 100 dpi). Four functions,
# the same as the Python twin (python/src/twinnet/plot.py, matplotlib): each
# writes one PNG file and returns (invisibly) the data it drew, so that the
# two languages can be compared number for number
# (parity_tests/test_plot_parity.py):
# - plot_loss: loss per epoch (Loy's "loss per iteration" graph);
# - plot_decision_boundary: a trained network's classes over a grid covering
#   2-D data, with the data on top (Analytics Vidhya's second dataset and its
#   "blobs" exercise);
# - plot_images: a grid of images (Fashion-MNIST) titled with their true and
#   predicted labels, the wrong ones in red;
# - plot_network: units as circles, weights as lines whose width is
#   proportional to |w|, coloured by sign.
# Sizes are in points (1/72 inch) as in matplotlib; R's lwd is in 1/96 inch,
# so a line of w points is drawn with lwd = w * 96 / 72.

#' Fashion-MNIST's class names
#'
#' The names of Fashion-MNIST's labels 0 to 9 (Zalando's), for
#' [plot_images()]: `fashion_mnist_classes[label + 1]`. Python:
#' `twinnet.plot.FASHION_MNIST_CLASSES`.
#'
#' @examples
#' fashion_mnist_classes[c(0, 9) + 1]  # the names of labels 0 and 9
#' @export
fashion_mnist_classes <- c("T-shirt/top", "Trouser", "Pullover", "Dress",
                           "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                           "Ankle boot")

#' Colours of the pictures
#'
#' Class c is drawn in `class_colours[c %% 10 + 1]` (matplotlib's tab10).
#' Python: `twinnet.plot.CLASS_COLOURS`.
#'
#' @examples
#' class_colours[c(0, 1, 2) %% 10 + 1]  # classes 0, 1 and 2
#' @export
class_colours <- c("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")

plot_style <- list(
  positive = "#1f77b4",   # weights > 0
  negative = "#d62728",   # weights < 0
  line = "#1f77b4",       # the loss curve
  wrong = "#d62728",      # wrongly predicted images
  text = "#222222",
  grid = "#dddddd",
  boundary = "#333333",   # the output = 0.5 line
  tint = 0.6,             # background colours: class colour mixed with 60% white
  bins = 20L,             # one-unit output: 20 colours over [0, 1]
  max_line_width = 6,     # plot_network: |w| = max |w| is 6 points wide
  elided_units = 6L,      # plot_network: a layer too wide shows its first 4 and last 2 units
  dpi = 100
)

# A line width in points as R's lwd (1/96 inch).
lwd_pt <- function(points) points * 96 / 72

# cex giving a pch 21 circle of diameter d points, a pch 22 square of side d
# points (measured on this png device: 100 dpi, pointsize 10, cex 10 draws a
# circle 64 pixels wide and a square 56 pixels wide).
circle_cex <- function(d) d / 4.608
square_cex <- function(d) d / 4.032

# ------------------------------------------------------------------ checks

check_png_path <- function(path) {
  if (!is.character(path) || length(path) != 1L || is.na(path) ||
      !grepl("\\.png$", tolower(path))) {
    twinnet_stop("path must be a file name ending in .png, got ",
                 dataset_shown(path))
  }
  folder <- dirname(path)
  if (!dir.exists(folder)) {
    twinnet_stop("could not write ", path, ": folder ", folder, " does not exist")
  }
  path
}

check_title <- function(title) {
  if (!is.null(title) && !(is.character(title) && length(title) == 1L &&
                           !is.na(title))) {
    twinnet_stop("title must be a string, got ", dataset_shown(title))
  }
  title
}

check_strings <- function(name, value, length = NULL) {
  if (!is.character(value) || anyNA(value) ||
      (!is.null(length) && length(value) != length)) {
    twinnet_stop(name, " must be ",
                 if (is.null(length)) "strings" else paste(length, "strings"))
  }
  value
}

# The network behind an mlp, a network or a fit from twinnet().
plot_model <- function(model) {
  if (inherits(model, "twinnet_fit")) model <- model$network
  if (!inherits(model, "twinnet_network")) {
    twinnet_stop("model must be a twinnet MLP or Network")
  }
  if (!length(dense_indices(model))) {
    twinnet_stop("the network has no dense layer; add one first")
  }
  model
}

# Class labels 0, 1, ... from a vector or one-column matrix of labels, or
# from a matrix of k >= 2 columns (outputs or one-hot rows: the first largest
# column of each row).
as_labels <- function(name, values, n = NULL) {
  m <- as_matrix(name, values, column = TRUE)
  if (!is.null(n) && nrow(m) != n) {
    twinnet_stop(name, " has ", nrow(m), " rows but X has ", n)
  }
  if (ncol(m) > 1L) return(max.col(m, ties.method = "first") - 1L)
  v <- m[, 1]
  bad <- v < 0 | v != floor(v)
  if (any(bad)) {
    twinnet_stop(name, " must hold class labels 0, 1, 2, ... (whole numbers ",
                 ">= 0), got ", dataset_shown(v[which(bad)[1]]))
  }
  as.integer(v)
}

# Classes from network outputs: one unit, p > 0.5; more, the first largest.
output_classes <- function(output) {
  if (ncol(output) == 1L) return(as.integer(output[, 1] > 0.5))
  max.col(output, ties.method = "first") - 1L
}

# n points from lo to hi: lo + (hi - lo) * (i / (n - 1)), i = 0..n-1. Written
# out (not seq(), not numpy's linspace): those two compute their points
# differently, this formula is one rounded operation per step in both
# languages.
grid_line <- function(lo, hi, n) {
  lo + (hi - lo) * ((seq_len(n) - 1) / (n - 1))
}

# ------------------------------------------------------------------ drawing

# Open the PNG device with the pictures' common settings; returns its number.
# The picture is drawn into a temporary file of R's session and written to
# `path` by close_png() through write_atomically() (docs/inputs.md, "Writing
# files"): whole or not at all, and a folder that cannot be written is one
# twinnet error, not an error inside plot.new().
open_png <- function(path, width, height) {
  width <- check_positive_integer("width", width)
  height <- check_positive_integer("height", height)
  tmp <- tempfile("twinnet-", fileext = ".png")
  grDevices::png(tmp, width = width, height = height,
                 res = plot_style$dpi, pointsize = 10, bg = "white")
  dev <- structure(grDevices::dev.cur(), path = path, tmp = tmp)
  graphics::par(font.main = 1, cex.main = 1.2, las = 1, mgp = c(2.2, 0.6, 0),
                tcl = -0.35, col.main = "black")
  dev
}

# What returnValue() gives on.exit() when a picture's function stops with an
# error: the picture is then not written.
png_failed <- new.env()

# Close the device open_png() opened; write the picture unless drawing failed
# (`value` is the drawing function's returnValue(png_failed)).
close_png <- function(dev, value) {
  grDevices::dev.off(as.vector(dev))
  tmp <- attr(dev, "tmp")
  on.exit(unlink(tmp))
  if (!identical(value, png_failed)) {
    write_atomically(attr(dev, "path"), readBin(tmp, "raw", file.size(tmp)))
  }
  invisible()
}

# Lines of text in a title.
n_lines <- function(text) {
  if (is.null(text) || !nzchar(text)) 0L else length(strsplit(text, "\n")[[1]])
}

style_grid <- function() {
  graphics::abline(v = graphics::axTicks(1), h = graphics::axTicks(2),
                   col = plot_style$grid, lwd = lwd_pt(0.8))
}

rgb_of <- function(colour) as.vector(grDevices::col2rgb(colour))

hex <- function(channels) {
  paste0("#", paste(sprintf("%02x", as.integer(channels)), collapse = ""))
}

# colour mixed with white: each channel c becomes c + (255 - c) * amount.
tint <- function(colour, amount = plot_style$tint) {
  c <- rgb_of(colour)
  hex(floor(c + (255 - c) * amount + 0.5))
}

mix <- function(a, b, t) {
  ca <- rgb_of(a)
  cb <- rgb_of(b)
  hex(floor(ca + (cb - ca) * t + 0.5))
}

# The colours of the 20 probability bins: class 0's tint, white at 0.5,
# class 1's tint.
probability_colours <- function() {
  low <- tint(class_colours[1])
  high <- tint(class_colours[2])
  vapply(seq_len(plot_style$bins) - 1L, function(i) {
    t <- (i + 0.5) / plot_style$bins
    if (t < 0.5) mix(low, "#ffffff", t / 0.5) else mix("#ffffff", high, (t - 0.5) / 0.5)
  }, character(1))
}

class_colour <- function(c) class_colours[as.integer(c) %% length(class_colours) + 1L]

# ------------------------------------------------------------------ the four pictures

#' Loss per epoch
#'
#' A line of the loss per epoch (Loy's "loss per iteration" graph), written
#' to a PNG file.
#'
#' @param model_or_history A trained model (its `loss_history`) or a numeric
#'   vector of losses.
#' @param path The PNG file to write (its folder must exist).
#' @param title The title.
#' @param log A logarithmic loss axis (all losses must be positive)?
#' @param width,height Pixels, at 100 dpi.
#' @return Invisibly, the values drawn: a list with `epoch` (1, ..., n) and
#'   `loss`.
#' @examples
#' X <- matrix(c(1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1), 3, 4, byrow = TRUE)
#' model <- fit(mlp(c(4, 3, 1), seed = 42), X, c(1, 1, 0), epochs = 500)
#' plot_loss(model, file.path(tempdir(), "loss.png"))
#' @export
plot_loss <- function(model_or_history, path, title = "Loss per epoch",
                      log = FALSE, width = 800, height = 600) {
  loss_name <- NULL
  if (is.null(model_or_history)) {
    twinnet_stop("model_or_history must be a model or a vector of losses")
  } else if (is.list(model_or_history)) {
    history <- model_or_history$loss_history
    if (is.null(history)) {
      twinnet_stop("model_or_history must be a model or a vector of losses")
    }
    loss_name <- model_or_history$loss
  } else {
    history <- model_or_history
  }
  if (!length(history)) twinnet_stop("the loss history is empty; train the model first")
  loss <- as_matrix("loss history", history, column = TRUE)
  if (ncol(loss) != 1L) {
    twinnet_stop("model_or_history must be a model or a vector of losses")
  }
  loss <- loss[, 1]
  path <- check_png_path(path)
  title <- check_title(title)
  log <- check_flag("log", log)
  if (log && any(loss <= 0)) {
    i <- which(loss <= 0)[1]
    twinnet_stop("a log scale needs positive losses; epoch ", i, " has ",
                 dataset_shown(loss[i]))
  }
  epoch <- as.numeric(seq_along(loss))

  dev <- open_png(path, width, height)
  on.exit(close_png(dev, returnValue(png_failed)), add = TRUE)
  graphics::par(mar = c(4, 5, 1 + 1.5 * n_lines(title), 1))
  ylab <- if (is.character(loss_name)) paste0("loss (", loss_name, ")") else "loss"
  graphics::plot(epoch, loss, type = "n", log = if (log) "y" else "",
                 xlab = "epoch", ylab = "", bty = "l")
  graphics::title(ylab = ylab, line = 3.3, las = 0)
  style_grid()
  graphics::box(bty = "l")
  graphics::lines(epoch, loss, col = plot_style$line, lwd = lwd_pt(1.5))
  if (!is.null(title) && nzchar(title)) graphics::title(main = title)
  graphics::text(graphics::grconvertX(0.98, "npc"), graphics::grconvertY(0.97, "npc"),
                 sprintf("final loss %.4g after %d epochs", loss[length(loss)],
                         length(loss)),
                 adj = c(1, 1), col = plot_style$text)
  invisible(list(epoch = epoch, loss = loss))
}

#' A trained network's classes over the plane of 2-D data
#'
#' The network's prediction over a grid covering the data, as an image, with
#' the data on top, coloured by class (Analytics Vidhya's decision boundary).
#' The grid: along column j of `X`, with `lo = min - margin * (max - min)`
#' and `hi = max + margin * (max - min)` (`min - 0.5` and `max + 0.5` for a
#' constant column), the `grid` points `lo + (hi - lo) * (i / (grid - 1))`,
#' i = 0, ..., grid - 1. The outputs come from [predict()], so in exact mode
#' the Python twin computes the same doubles.
#'
#' @param model A trained [mlp()] or [network()] with two inputs. One output
#'   unit: the picture is coloured by the output (a probability), class 1
#'   where it is > 0.5, and the line output = 0.5 is drawn. More units:
#'   coloured by class, the first largest output.
#' @param X An n x 2 numeric matrix.
#' @param y Labels 0, 1, ... (a vector) or one-hot rows (n x k).
#' @param path The PNG file to write.
#' @param grid Grid points along each axis.
#' @param margin Space around the data, as a fraction of each column's span.
#' @param title The title; a line "training accuracy 97.5% (195 of 200)" is
#'   added below it.
#' @param class_names Legend names of the classes; by default "class 0",
#'   "class 1", ...
#' @param axis_labels Two strings.
#' @param width,height Pixels, at 100 dpi.
#' @return Invisibly, a list: `x1`, `x2` (the grid along each axis),
#'   `output` (the network's output at the grid points, `grid * grid` rows,
#'   point `(x1[i], x2[j])` in row `(j - 1) * grid + i`), `classes`
#'   (grid x grid, `classes[j, i]` the class at `(x1[i], x2[j])`),
#'   `predicted` (the class of each training point) and `accuracy`.
#' @examples
#' d <- make_moons(100, noise = 0.2, seed = 1)
#' model <- fit(mlp(c(2, 5, 1), seed = 1), d$X, d$y, epochs = 200)
#' plot_decision_boundary(model, d$X, d$y, file.path(tempdir(), "moons.png"))
#' @export
plot_decision_boundary <- function(model, X, y, path, grid = 200, margin = 0.1,
                                   title = "Decision boundary",
                                   class_names = NULL,
                                   axis_labels = c("x1", "x2"),
                                   width = 800, height = 600) {
  model <- plot_model(model)
  X <- as_matrix("X", X)
  if (ncol(X) != 2L) {
    twinnet_stop("X must have 2 columns (one per axis of the picture), got ",
                 ncol(X))
  }
  n_in <- network_sizes(model)[1]
  if (n_in != 2L) {
    twinnet_stop("the model must have 2 inputs to draw its decision boundary, got ",
                 n_in)
  }
  labels <- as_labels("y", y, nrow(X))
  path <- check_png_path(path)
  if (!is_number(grid) || grid != round(grid) || grid < 2) {
    twinnet_stop("grid must be an integer >= 2, got ", dataset_shown(grid))
  }
  grid <- as.integer(grid)
  if (!is_number(margin) || margin < 0) {
    twinnet_stop("margin must be a non-negative number, got ", dataset_shown(margin))
  }
  margin <- as.numeric(margin)
  title <- check_title(title)
  axis_labels <- check_strings("axis_labels", axis_labels, 2L)

  lines <- lapply(1:2, function(j) {
    lo <- min(X[, j])
    hi <- max(X[, j])
    if (hi > lo) {
      grid_line(lo - margin * (hi - lo), hi + margin * (hi - lo), grid)
    } else {  # a constant column
      grid_line(lo - 0.5, hi + 0.5, grid)
    }
  })
  x1 <- lines[[1]]
  x2 <- lines[[2]]
  points <- cbind(rep(x1, times = grid), rep(x2, each = grid))
  output <- predict(model, points)
  classes <- matrix(output_classes(output), grid, grid, byrow = TRUE)
  predicted <- output_classes(predict(model, X))
  n_correct <- sum(predicted == labels)
  accuracy <- n_correct / nrow(X)
  k <- max(2L, ncol(output), max(labels) + 1L)
  legend_names <- boundary_legend(k, class_names, ncol(output) == 1L)
  subtitle <- sprintf("training accuracy %.1f%% (%d of %d)", 100 * accuracy,
                      n_correct, nrow(X))
  title <- if (is.null(title) || !nzchar(title)) subtitle else paste0(title, "\n", subtitle)

  dev <- open_png(path, width, height)
  on.exit(close_png(dev, returnValue(png_failed)), add = TRUE)
  draw_boundary(x1, x2, output, classes, X, labels, k, title, legend_names,
                axis_labels)
  invisible(list(x1 = x1, x2 = x2, output = output, classes = classes,
                 predicted = predicted, accuracy = accuracy))
}

# The legend's names: the classes, and the output = 0.5 line for one unit.
boundary_legend <- function(k, class_names, one_unit) {
  if (!is.null(class_names)) {
    class_names <- check_strings("class_names", class_names)
    if (length(class_names) < k) {
      twinnet_stop("class_names has ", length(class_names), " names but there are ",
                   k, " classes")
    }
  }
  names <- if (is.null(class_names)) paste("class", seq_len(k) - 1L) else class_names[seq_len(k)]
  if (one_unit) c(names, "output = 0.5") else names
}

draw_boundary <- function(x1, x2, output, classes, X, labels, k, title,
                          legend_names, axis_labels) {
  grid <- length(x1)
  one_unit <- ncol(output) == 1L
  right <- max(graphics::strwidth(legend_names, units = "inches")) + 0.65
  graphics::par(mai = c(0.75, 0.75, 0.2 + 0.21 * n_lines(title), right))
  if (one_unit) {
    p <- pmin(pmax(output[, 1], 0), 1)
    graphics::image(x1, x2, t(matrix(p, grid, grid, byrow = TRUE)),
                    breaks = (0:plot_style$bins) / plot_style$bins,
                    col = probability_colours(), useRaster = TRUE,
                    xlim = range(x1), ylim = range(x2), xaxs = "i", yaxs = "i",
                    xlab = axis_labels[1], ylab = "", main = "")
    if (min(p) < 0.5 && max(p) > 0.5) {
      graphics::contour(x1, x2, t(matrix(output[, 1], grid, grid, byrow = TRUE)),
                        levels = 0.5, drawlabels = FALSE, add = TRUE,
                        col = plot_style$boundary, lwd = lwd_pt(1.5))
    }
  } else {
    graphics::image(x1, x2, t(classes), breaks = seq_len(k + 1L) - 1.5,
                    col = vapply(class_colour(seq_len(k) - 1L), tint, character(1)),
                    useRaster = TRUE, xlim = range(x1), ylim = range(x2),
                    xaxs = "i", yaxs = "i", xlab = axis_labels[1], ylab = "",
                    main = "")
  }
  graphics::title(ylab = axis_labels[2], line = 2.8, las = 0)
  for (c in seq_len(k) - 1L) {
    rows <- labels == c
    graphics::points(X[rows, 1], X[rows, 2], pch = 21, bg = class_colour(c),
                     col = "black", cex = circle_cex(sqrt(30)), lwd = lwd_pt(0.6))
  }
  graphics::box()
  graphics::title(main = title)
  line <- if (one_unit) 1L else integer(0)
  graphics::legend(graphics::grconvertX(1, "npc") + graphics::grconvertX(0.2, "inches") -
                     graphics::grconvertX(0, "inches"),
                   graphics::grconvertY(1, "npc"), legend = legend_names,
                   pch = c(rep(21, k), rep(NA, length(line))),
                   lty = c(rep(NA, k), line),
                   pt.bg = c(class_colour(seq_len(k) - 1L), rep(NA, length(line))),
                   col = c(rep("black", k), rep(plot_style$boundary, length(line))),
                   lwd = c(rep(lwd_pt(0.6), k), rep(lwd_pt(1.5), length(line))),
                   pt.cex = circle_cex(7), bty = "n", xpd = NA, xjust = 0, yjust = 1,
                   y.intersp = 1.3)
}

#' A grid of images, titled with their labels
#'
#' The first `n` images of `X`. Each title is the true label; with
#' `predicted`, a second line "predicted: <label>", in red with a red frame
#' when it is wrong. Pixels are drawn dark on white (0 white, the largest
#' value of the images shown black).
#'
#' @param X One image per row, row by row ([read_mnist()]'s layout).
#' @param labels Labels 0, 1, ... (a vector) or one-hot rows.
#' @param path The PNG file to write.
#' @param predicted Labels, or a network's outputs (n x k: the first largest).
#' @param shape Rows and columns of one image.
#' @param n How many images (the first `n` rows; fewer if X has fewer).
#' @param class_names E.g. [fashion_mnist_classes]; by default the labels as
#'   numbers.
#' @param title By default the number of images (and of wrong predictions).
#' @param width,height Pixels, at 100 dpi.
#' @return Invisibly, a list: `rows` (the rows of X shown, from 1), `labels`,
#'   `predicted` (or `NULL`), `wrong` (logical, or `NULL`) and `titles` (the
#'   title of each image).
#' @examples
#' X <- matrix(runif(4 * 64), 4, 64)
#' plot_images(X, c(0, 1, 1, 0), file.path(tempdir(), "images.png"),
#'             predicted = c(0, 1, 0, 0), shape = c(8, 8))
#' @export
plot_images <- function(X, labels, path, predicted = NULL, shape = c(28, 28),
                        n = 25, class_names = NULL, title = NULL, width = 800,
                        height = 900) {
  X <- as_matrix("X", X)
  labels <- as_labels("labels", labels, nrow(X))
  path <- check_png_path(path)
  if (!is.null(predicted)) predicted <- as_labels("predicted", predicted, nrow(X))
  shape <- check_shape(shape)
  h <- shape[1]
  w <- shape[2]
  if (ncol(X) != h * w) {
    twinnet_stop("X has ", ncol(X), " columns but images of shape ", h, " x ", w,
                 " need ", h * w)
  }
  n <- min(check_positive_integer("n", n), nrow(X))
  title <- check_title(title)
  rows <- seq_len(n)
  shown_labels <- labels[rows]
  shown_predicted <- if (!is.null(predicted)) predicted[rows]
  named <- image_titles(shown_labels, shown_predicted, class_names)
  if (is.null(title)) {
    title <- if (is.null(named$wrong)) {
      paste(n, "images")
    } else {
      paste0(n, " images: true label, then predicted; ", sum(named$wrong), " wrong (red)")
    }
  }

  dev <- open_png(path, width, height)
  on.exit(close_png(dev, returnValue(png_failed)), add = TRUE)
  draw_images(X[rows, , drop = FALSE], h, w, named$titles, named$wrong, title)
  invisible(list(rows = rows, labels = shown_labels, predicted = shown_predicted,
                 wrong = named$wrong, titles = named$titles))
}

check_shape <- function(shape) {
  if (!is.numeric(shape) || length(shape) != 2L || anyNA(shape) ||
      !all(is.finite(shape)) || any(shape != round(shape)) || any(shape < 1)) {
    twinnet_stop("shape must be two positive integers (rows, columns)")
  }
  as.integer(shape)
}

# Each image's title (the true label, then the predicted one) and which
# predictions are wrong (NULL without predictions).
image_titles <- function(labels, predicted, class_names) {
  if (!is.null(class_names)) {
    class_names <- check_strings("class_names", class_names)
    top <- max(labels, if (is.null(predicted)) -1L else predicted)
    if (length(class_names) <= top) {
      twinnet_stop("class_names has ", length(class_names),
                   " names but the labels go up to ", top)
    }
  }
  name <- function(c) if (is.null(class_names)) as.character(c) else class_names[c + 1L]
  if (is.null(predicted)) return(list(titles = name(labels), wrong = NULL))
  list(titles = paste0(name(labels), "\npredicted: ", name(predicted)),
       wrong = predicted != labels)
}

# The plot region (par("plt")) for an h x w image: the largest of its shape
# inside the current region (plt, pin inches wide and high), centred
# across, under the title.
image_plt <- function(plt, pin, h, w) {
  size <- if (pin[1] / pin[2] > w / h) c(pin[2] * (w / h), pin[2]) else c(pin[1], pin[1] * (h / w))
  across <- (plt[2] - plt[1]) * (1 - size[1] / pin[1]) / 2
  c(plt[1] + across, plt[2] - across, plt[4] - (plt[4] - plt[3]) * (size[2] / pin[2]), plt[4])
}

draw_images <- function(images, h, w, titles, wrong, title) {
  n <- nrow(images)
  lo <- min(min(images), 0)
  hi <- max(images)
  if (hi <= lo) hi <- lo + 1
  n_cols <- ceiling(sqrt(n))
  graphics::par(mfrow = c(ceiling(n / n_cols), n_cols))
  # after mfrow, which shrinks the text of 3 or more rows or columns
  graphics::par(cex = 1, mar = c(0.4, 0.4, 2.6, 0.4),
                oma = c(0, 0, if (nzchar(title)) 1 + 1.5 * n_lines(title) else 0.5, 0))
  for (i in seq_len(n)) {
    graphics::plot.new()
    # square pixels: the plot region is the image, the largest of its shape
    # inside the cell (as matplotlib's imshow), so the frame is the image's
    if (i == 1L) graphics::par(plt = image_plt(graphics::par("plt"), graphics::par("pin"), h, w))
    graphics::plot.window(xlim = c(0, w), ylim = c(0, h), xaxs = "i", yaxs = "i")
    level <- 1 - (images[i, ] - lo) / (hi - lo)
    graphics::rasterImage(grDevices::as.raster(matrix(grDevices::gray(level), h, w,
                                                      byrow = TRUE)),
                          0, 0, w, h, interpolate = FALSE)
    bad <- !is.null(wrong) && wrong[i]
    graphics::box(col = if (bad) plot_style$wrong else "#bbbbbb",
                  lwd = lwd_pt(if (bad) 2 else 0.6))
    graphics::title(main = titles[i], cex.main = 0.9, line = 0.35,
                    col.main = if (bad) plot_style$wrong else plot_style$text)
  }
  if (nzchar(title)) graphics::mtext(title, side = 3, outer = TRUE, line = 0.3, cex = 1.2)
}

# All m units when m <= k; else j = min(k, elided_units) of them: the first
# j - j %/% 3 and the last j %/% 3 (dots between).
shown_units <- function(m, k) {
  if (m <= k) return(seq_len(m))
  j <- min(k, plot_style$elided_units)
  tail <- j %/% 3L
  c(seq_len(j - tail), m - tail + seq_len(tail))
}

# The title's note on layers too wide to draw.
elided_note <- function(max_units) {
  j <- min(max_units, plot_style$elided_units)
  tail <- j %/% 3L
  drawn <- paste0("the first ", j - tail, if (tail) paste(" and the last", tail))
  paste0("(layers of more than ", max_units, " units: ", drawn, " drawn, dots between)")
}

#' The network as a diagram
#'
#' Units as circles by layer, weights as lines. A line's width is
#' proportional to `|w|`: `v * (|w| / m)` points, `m` the largest `|w|` or
#' `|b|` of the network, `v = min(6, 60 / u)` with `u` the most units drawn
#' in a layer; blue for w > 0, red for w < 0. A bias is drawn as a line of
#' the same kind from a "+1" node above the layer before (the bias is the
#' weight of a constant input 1). A layer of more than `max_units` units (784
#' inputs, say) would be a tangle: it shows its first 4 and its last 2 units
#' (`min(max_units, 6)` units: the first `j - j %/% 3`, the last `j %/% 3`),
#' dots between them and its number of units below; lines join drawn units
#' only, and the title says so.
#'
#' @param model An [mlp()], a [network()] or a fit from [twinnet()] (its
#'   network is drawn).
#' @param path The PNG file to write.
#' @param title By default the layer sizes.
#' @param max_units The most units drawn in one layer.
#' @param width,height Pixels, at 100 dpi.
#' @return Invisibly, a list: `sizes` (units per layer), `shown` (the units
#'   drawn, from 1, per layer), `elided` (per layer, whether units are left
#'   out), `widths` (per weight matrix, the line widths
#'   in points of the shown units, rows = units of the layer before),
#'   `bias_widths` (per bias row) and `max_abs` (`m`).
#' @examples
#' plot_network(mlp(c(4, 3, 1), seed = 42), file.path(tempdir(), "net.png"))
#' @export
plot_network <- function(model, path, title = NULL, max_units = 16, width = 800,
                         height = 600) {
  model <- plot_model(model)
  path <- check_png_path(path)
  title <- check_title(title)
  max_units <- check_positive_integer("max_units", max_units)
  sizes <- network_sizes(model)
  weights <- model$weights
  # one entry per dense layer: its bias row, or NULL
  biases <- lapply(model$layers[dense_indices(model)], function(l) {
    if (l$has_bias) model$biases[[l$bias_index]]
  })
  shown <- lapply(sizes, shown_units, k = max_units)
  max_abs <- max(vapply(c(weights, Filter(Negate(is.null), biases)),
                        function(p) max(abs(p)), numeric(1)))
  if (max_abs == 0) max_abs <- 1
  widest <- min(plot_style$max_line_width, 60 / max(lengths(shown)))
  widths <- lapply(seq_along(weights), function(l) {
    widest * (abs(weights[[l]][shown[[l]], shown[[l + 1L]], drop = FALSE]) / max_abs)
  })
  with_bias <- which(!vapply(biases, is.null, logical(1)))
  bias_widths <- lapply(with_bias, function(l) {
    widest * (abs(biases[[l]][, shown[[l + 1L]], drop = FALSE]) / max_abs)
  })
  if (is.null(title)) {
    title <- paste0("Network ", paste(sizes, collapse = "-"), ": line width ~ |weight|")
    if (any(lengths(shown) < sizes)) title <- paste0(title, "\n", elided_note(max_units))
  }

  dev <- open_png(path, width, height)
  on.exit(close_png(dev, returnValue(png_failed)), add = TRUE)
  draw_network(shown, sizes, weights, biases, widths, bias_widths,
               layer_labels(sizes, shown, dense_activations(model)), title, height)
  invisible(list(sizes = sizes, shown = shown, elided = lengths(shown) < sizes,
                 widths = widths, bias_widths = bias_widths, max_abs = max_abs))
}

# The activation after each dense layer ("identity" when there is none).
dense_activations <- function(model) {
  vapply(dense_indices(model), function(i) {
    after <- if (i < length(model$layers)) model$layers[[i + 1L]]
    if (!is.null(after) && after$kind == "activation") after$name else "identity"
  }, character(1))
}

# Below each column: its name, its activation and its number of units.
layer_labels <- function(sizes, shown, activations) {
  n_layers <- length(sizes)
  vapply(seq_len(n_layers), function(l) {
    m <- sizes[l]
    name <- if (l == 1L) "input" else if (l == n_layers) "output" else paste("hidden", l - 1L)
    count <- if (length(shown[[l]]) < m) {
      paste0(m, " units, ", length(shown[[l]]), " drawn")
    } else if (m == 1L) {
      "1 unit"
    } else {
      paste(m, "units")
    }
    paste0(name, "\n", if (l == 1L) count else paste0(activations[l - 1L], ", ", count))
  }, character(1))
}

# Places in a layer's column: its k drawn units, and one for the dots when
# units are left out.
unit_slots <- function(count, m) count + (count < m)

# The column of k drawn units of a layer of m: slot i (from 0) at
# y = (s - 1) / 2 - i (s slots); the dots, when units are left out, take the
# slot after the first k - k %/% 3 units.
unit_ys <- function(count, m) {
  slot <- seq_len(count) - 1
  if (count < m) slot[slot >= count - count %/% 3] <- slot[slot >= count - count %/% 3] + 1
  (unit_slots(count, m) - 1) / 2 - slot
}

# The y of the dots in a column whose units are left out.
gap_y <- function(count, m) (unit_slots(count, m) - 1) / 2 - (count - count %/% 3)

# One row per line to draw: from (x0, y0) to (x1, y1), its width in points
# and its colour; weights of exactly 0 draw no line.
network_segments <- function(shown, sizes, weights, biases, widths, bias_widths, bias_y) {
  lines <- function(x0, y0, y1, W, values) {
    a <- rep(seq_along(y0), times = length(y1))
    b <- rep(seq_along(y1), each = length(y0))
    keep <- W[cbind(a, b)] > 0
    data.frame(x0 = rep(x0, sum(keep)), y0 = y0[a][keep], x1 = rep(x0 + 1, sum(keep)),
               y1 = y1[b][keep], width = W[cbind(a, b)][keep],
               colour = ifelse(values[cbind(a, b)][keep] > 0, plot_style$positive,
                               plot_style$negative),
               stringsAsFactors = FALSE)
  }
  weight_lines <- lapply(seq_along(weights), function(l) {
    lines(l - 1, unit_ys(length(shown[[l]]), sizes[l]),
          unit_ys(length(shown[[l + 1L]]), sizes[l + 1L]),
          widths[[l]], weights[[l]][shown[[l]], shown[[l + 1L]], drop = FALSE])
  })
  with_bias <- which(!vapply(biases, is.null, logical(1)))
  bias_lines <- lapply(seq_along(with_bias), function(j) {
    l <- with_bias[j]
    lines(l - 1, bias_y, unit_ys(length(shown[[l + 1L]]), sizes[l + 1L]), bias_widths[[j]],
          biases[[l]][, shown[[l + 1L]], drop = FALSE])
  })
  do.call(rbind, c(weight_lines, bias_lines))
}

draw_network <- function(shown, sizes, weights, biases, widths, bias_widths, labels,
                         title, height) {
  n_layers <- length(shown)
  tallest <- max(unit_slots(lengths(shown), sizes))
  with_bias <- which(!vapply(biases, is.null, logical(1)))
  has_bias <- length(with_bias) > 0L
  top <- (tallest - 1) / 2
  bias_y <- top + 1
  diameter <- min(22, 0.6 * (0.7 * height / (tallest + has_bias)) * 72 / plot_style$dpi)
  seg <- network_segments(shown, sizes, weights, biases, widths, bias_widths, bias_y)

  graphics::par(mai = c(0.75, 0.2, 0.75 + 0.21 * n_lines(title), 0.2))
  graphics::plot.new()
  graphics::plot.window(xlim = c(-0.5, n_layers - 0.5),
                        ylim = c(-top - 0.7, (if (has_bias) bias_y else top) + 0.7),
                        xaxs = "i", yaxs = "i")
  if (nrow(seg)) {
    graphics::segments(seg$x0, seg$y0, seg$x1, seg$y1, lwd = lwd_pt(seg$width),
                       col = grDevices::adjustcolor(seg$colour, alpha.f = 0.8),
                       lend = "round")
  }
  for (l in seq_len(n_layers)) {
    y <- unit_ys(length(shown[[l]]), sizes[l])
    if (length(shown[[l]]) < sizes[l]) {  # the units left out: three dots
      gap <- gap_y(length(shown[[l]]), sizes[l])
      graphics::points(rep(l - 1, 3), gap + c(-0.25, 0, 0.25), pch = 19, col = "#444444",
                       cex = circle_cex(3))
    }
    graphics::points(rep(l - 1, length(y)), y, pch = 21, bg = "white",
                     col = "#444444", cex = circle_cex(diameter), lwd = lwd_pt(1.2))
  }
  graphics::points(with_bias - 1, rep(bias_y, length(with_bias)), pch = 22,
                   bg = "#eeeeee", col = "#444444", cex = square_cex(0.8 * diameter),
                   lwd = lwd_pt(1.2))
  if (has_bias && diameter >= 14) {
    graphics::text(with_bias - 1, bias_y, "+1", cex = min(8, 0.45 * diameter) / 10)
  }
  graphics::mtext(labels, side = 1, at = seq_len(n_layers) - 1, line = 0.5, padj = 1)
  bias <- if (has_bias) 1L else integer(0)
  legend_names <- c("positive weight", "negative weight",
                    rep("bias: the weight of an input +1", length(bias)))
  graphics::legend(mean(c(-0.5, n_layers - 0.5)), graphics::grconvertY(1, "npc"),
                   legend = legend_names, horiz = TRUE, bty = "n", xpd = NA,
                   xjust = 0.5, yjust = 0,
                   col = c(plot_style$positive, plot_style$negative,
                           rep("#444444", length(bias))),
                   lwd = c(lwd_pt(3), lwd_pt(3), rep(lwd_pt(1.2), length(bias))),
                   lty = c(1, 1, rep(NA, length(bias))), pch = c(NA, NA, rep(22, length(bias))),
                   pt.bg = c(NA, NA, rep("#eeeeee", length(bias))),
                   pt.cex = square_cex(9),
                   text.width = graphics::strwidth(legend_names) + graphics::strwidth("MMM"))
  if (nzchar(title)) {
    graphics::mtext(title, side = 3, line = 2.6 + 1.4 * (n_lines(title) - 1),
                    cex = 1.2, padj = 0)
  }
}

# ------------------------------------------------------------------ the gallery

#' Train the articles' examples and draw their pictures
#'
#' The same files, from the same numbers, as Python's
#' `twinnet.plot.example_pictures()` (docs/pictures.md describes each).
#' `mode = "exact"` makes the data behind the two languages' pictures
#' identical; Fashion-MNIST (from `fashion_folder`) is skipped when it is not
#' there.
#'
#' @param folder An existing folder.
#' @param mode "exact" or "blas".
#' @param fashion_folder Where Fashion-MNIST's files are.
#' @return Invisibly, the paths of the pictures written, in the order drawn
#'   (the same as Python's); each picture's data comes from the plot function
#'   that drew it ([plot_loss()], ...).
#' @examples
#' \donttest{
#' # blas mode and no Fashion-MNIST: about 5 seconds
#' folder <- tempfile("pictures-")
#' dir.create(folder)
#' drawn <- example_pictures(folder, mode = "blas", fashion_folder = tempfile())
#' list.files(folder)
#' }
#' @export
example_pictures <- function(folder, mode = "exact",
                             fashion_folder = "/usr/share/datasets/fashion-mnist") {
  if (!is.character(folder) || length(folder) != 1L || !dir.exists(folder)) {
    twinnet_stop("folder ", folder, " does not exist")
  }
  out <- list()
  at <- function(name) file.path(folder, name)

  # Analytics Vidhya's toy network: 4-3-1 sigmoid, lr 0.1, 5000 epochs
  d <- toy_data()
  toy <- fit(mlp(c(4, 3, 1), lr = 0.1, seed = 42, mode = mode), d$X, d$y, epochs = 5000)
  out[["toy_loss.png"]] <- plot_loss(toy, at("toy_loss.png"),
    title = "Analytics Vidhya's toy network 4-3-1: loss per epoch")
  out[["toy_network.png"]] <- plot_network(toy, at("toy_network.png"))

  # Loy's network: 3-4-1, no bias, sum of squares, lr 1, 1500 iterations,
  # his uniform start drawn by runif after set.seed(2)
  d <- loy_data()
  loy <- network(seed = 2, mode = mode)
  loy <- add(loy, dense(3, 4, bias = FALSE, init = "loy"))
  loy <- add(loy, activation("sigmoid"))
  loy <- add(loy, dense(4, 1, bias = FALSE, init = "loy"))
  loy <- add(loy, activation("sigmoid"))
  loy <- fit(use(loy, "sse"), d$X, d$y, epochs = 1500, lr = 1)
  out[["loy_loss.png"]] <- plot_loss(loy, at("loy_loss.png"),
    title = "Loy's network 3-4-1: loss per epoch (his loss per iteration)")

  # Analytics Vidhya's second dataset: moons, normalised, 2-10-1 sigmoid
  d <- make_moons(200, noise = 0.2, seed = 42)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  moons <- fit(mlp(c(2, 10, 1), lr = 0.1, seed = 42, mode = mode), X, d$y, epochs = 3000)
  out[["moons_loss.png"]] <- plot_loss(moons, at("moons_loss.png"), log = TRUE,
    title = "Moons, 2-10-1 sigmoid: loss per epoch (log scale)")
  out[["moons_boundary.png"]] <- plot_decision_boundary(
    moons, X, d$y, at("moons_boundary.png"),
    title = "Moons (200 points, noise 0.2), 2-10-1 sigmoid network")
  out[["moons_network.png"]] <- plot_network(moons, at("moons_network.png"))

  # Its "blobs" exercise: three classes, softmax output
  d <- make_blobs(300, centers = 3, sd = 4, seed = 7)
  X <- apply_scaler(fit_scaler(d$X), d$X)
  blobs <- network(seed = 42, mode = mode)
  blobs <- add(blobs, dense(2, 8))
  blobs <- add(blobs, activation("sigmoid"))
  blobs <- add(blobs, dense(8, 3))
  blobs <- add(blobs, activation("softmax"))
  blobs <- fit(use(blobs, "softmax_cross_entropy"), X, one_hot(d$y, 3),
               epochs = 1000, lr = 1)
  out[["blobs_boundary.png"]] <- plot_decision_boundary(
    blobs, X, d$y, at("blobs_boundary.png"),
    title = "Blobs (300 points, 3 classes), 2-8-3 sigmoid-softmax network")

  # Fashion-MNIST: a 784-32-10 network on 2000 training images, 25 test images
  if (dir.exists(fashion_folder)) {
    d <- read_mnist(fashion_folder, "train", n = 2000)
    test <- read_mnist(fashion_folder, "t10k", n = 25)
    fashion <- network(seed = 42, mode = mode)
    fashion <- add(fashion, dense(784, 32, init = "xavier"))
    fashion <- add(fashion, activation("sigmoid"))
    fashion <- add(fashion, dense(32, 10, init = "xavier"))
    fashion <- add(fashion, activation("softmax"))
    fashion <- fit(use(fashion, "softmax_cross_entropy"), d$X, one_hot(d$y, 10),
                   epochs = 10, lr = 0.01, batch_size = 100, shuffle = TRUE,
                   optimizer = "adam")
    out[["fashion_images.png"]] <- plot_images(
      test$X, test$y, at("fashion_images.png"), predicted = predict(fashion, test$X),
      class_names = fashion_mnist_classes)
    out[["fashion_network.png"]] <- plot_network(fashion, at("fashion_network.png"))
  }
  invisible(at(names(out)))
}
