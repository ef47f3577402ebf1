# Pictures of training and of trained networks (docs/pictures.md), drawn
# with base graphics into PNG files (grDevices::png, 100 dpi). Four functions,
# the same as the Python twin (python/src/twinnet/plot.py, matplotlib): each
# checks its arguments, writes one PNG file and returns (invisibly) the data
# it drew, so that the two languages can be compared number for number
# (parity_tests/test_plot_parity.py):
# - plot_loss: loss per epoch (Loy's "loss per iteration" graph);
# - plot_decision_boundary: a trained network's classes over a grid covering
#   2-D data, with the data on top (Analytics Vidhya's second dataset and its
#   "blobs" exercise);
# - plot_images: a grid of images (Fashion-MNIST) titled with their true and
#   predicted labels, the wrong ones in red;
# - plot_network: units as circles, weights as lines whose width is
#   proportional to |w|, coloured by sign.
# What they draw is computed in plot_data.R (colours, grids, classes, titles,
# the diagram's layout); gallery.R trains the articles' examples and draws
# them all. Its length (about 600 lines, past the library's 500) is the four
# functions' documentation and base graphics' calls.
# Sizes are in points (1/72 inch) as in matplotlib; R's lwd is in 1/96 inch,
# so a line of w points is drawn with lwd = w * 96 / 72.

draw_style <- list(
  line = "#1f77b4",       # the loss curve
  validation = "#ff7f0e", # the validation loss curve
  best = "#7f7f7f",       # early stopping's restored epoch
  wrong = "#d62728",      # wrongly predicted images
  text = "#222222",
  grid = "#dddddd",
  boundary = "#333333",   # the output = 0.5 line
  dpi = 100
)

# one side: R's lwd is in 1/96 inch; matplotlib takes points
# A line width in points as R's lwd (1/96 inch).
lwd_pt <- function(points) points * 96 / 72

# one side: R's symbols are sized by cex; matplotlib takes points
# cex giving a pch 21 circle of diameter d points, a pch 22 square of side d
# points (measured on this png device: 100 dpi, pointsize 10, cex 10 draws a
# circle 64 pixels wide and a square 56 pixels wide).
circle_cex <- function(d) d / 4.608
# one side: as circle_cex
square_cex <- function(d) d / 4.032

# ------------------------------------------------------------------ checks

check_png_path <- function(path) {
  if (!is.character(path) || length(path) != 1L || is.na(path) ||
      !grepl("\\.png$", tolower(path))) {
    twinnet_stop("path must be a file name ending in .png, got ",
                 show_value(path))
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
    twinnet_stop("title must be a string, got ", show_value(title))
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

# The network to draw: an mlp or a network, or a fit's from twinnet().
check_plot_model <- function(model) {
  if (inherits(model, "twinnet_fit")) model <- model$network
  if (!inherits(model, "twinnet_network")) {
    twinnet_stop("model must be a twinnet MLP or Network")
  }
  if (!length(dense_indices(model))) {
    twinnet_stop("the network has no dense layer; add one first")
  }
  model
}

# NULL, or one validation loss per epoch (NaN where an epoch had none), as
# doubles; an empty history is NULL (no validation set).
check_validation_losses <- function(validation, n) {
  if (is.null(validation)) return(NULL)
  if (!is.numeric(validation) || !is.null(dim(validation))) {
    twinnet_stop("validation must be a vector of losses")
  }
  if (!length(validation)) return(NULL)
  if (length(validation) != n) {
    twinnet_stop("validation must have one loss per epoch (", n, "), got ",
                 length(validation))
  }
  as.numeric(validation)
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
                 ">= 0), got ", show_value(v[which(bad)[1]]))
  }
  as.integer(v)
}

check_shape <- function(shape) {
  if (!is.numeric(shape) || length(shape) != 2L || anyNA(shape) ||
      !all(is.finite(shape)) || any(shape != round(shape)) || any(shape < 1)) {
    twinnet_stop("shape must be two positive integers (rows, columns)")
  }
  as.integer(shape)
}

# NULL, or at least k strings; `there` ends the message (why k).
check_plot_class_names <- function(class_names, k, there) {
  if (is.null(class_names)) return(NULL)
  class_names <- check_strings("class_names", class_names)
  if (length(class_names) < k) {
    twinnet_stop("class_names has ", length(class_names), " names but ", there)
  }
  class_names
}

# ------------------------------------------------------------------ drawing

# Open the PNG device with the pictures' common settings; returns its number.
# The picture is drawn into a temporary file of R's session and written to
# `path` by close_png() through write_atomically() (docs/inputs.md, "Writing
# files"): whole or not at all, and a folder that cannot be written is one
# twinnet error, not an error inside plot.new().
# twin: _figure
open_png <- function(path, width, height) {
  width <- check_positive_integer("width", width)
  height <- check_positive_integer("height", height)
  tmp <- tempfile("twinnet-", fileext = ".png")
  grDevices::png(tmp, width = width, height = height,
                 res = draw_style$dpi, pointsize = 10, bg = "white")
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
# twin: _save
close_png <- function(dev, value) {
  grDevices::dev.off(as.vector(dev))
  tmp <- attr(dev, "tmp")
  on.exit(unlink(tmp))
  if (!identical(value, png_failed)) {
    write_atomically(attr(dev, "path"), readBin(tmp, "raw", file.size(tmp)))
  }
  invisible()
}

# one side: R's margins are counted in lines of text; matplotlib's layout
# makes room itself
# Lines of text in a title.
n_lines <- function(text) {
  if (is.null(text) || !nzchar(text)) 0L else length(strsplit(text, "\n")[[1]])
}

style_axes <- function() {
  graphics::abline(v = graphics::axTicks(1), h = graphics::axTicks(2),
                   col = draw_style$grid, lwd = lwd_pt(0.8))
}

# ------------------------------------------------------------------ the four pictures

#' Loss per epoch
#'
#' A line of the loss per epoch (Loy's "loss per iteration" graph), written
#' to a PNG file, with the validation loss beside it when there is one.
#'
#' @param model_or_history A trained model or fit (its `loss_history`,
#'   `validation_loss_history` and early stopping's `best_epoch`, drawn as a
#'   dashed line) or a numeric vector of losses.
#' @param path The PNG file to write (its folder must exist).
#' @param title The title.
#' @param log A logarithmic loss axis (all losses must be positive)?
#' @param width,height Pixels, at 100 dpi.
#' @param validation Validation losses, one per epoch (`NaN` where an epoch
#'   had none); by default the model's `validation_loss_history`.
#' @return Invisibly, what was drawn: a list with `epoch` (1, ..., n),
#'   `loss`, `validation` (`NULL` without one), `best_epoch`, `legend` and
#'   `note`.
#' @examples
#' X <- matrix(c(1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1), 3, 4, byrow = TRUE)
#' model <- fit(mlp(c(4, 3, 1), seed = 42), X, c(1, 1, 0), epochs = 500)
#' plot_loss(model, file.path(tempdir(), "loss.png"))
#' @export
plot_loss <- function(model_or_history, path, title = "Loss per epoch",
                      log = FALSE, width = 800, height = 600, validation = NULL) {
  loss_name <- NULL
  best_epoch <- NULL
  if (is.null(model_or_history)) {
    twinnet_stop("model_or_history must be a model or a vector of losses")
  } else if (is.list(model_or_history)) {
    history <- model_or_history$loss_history
    if (is.null(history)) {
      twinnet_stop("model_or_history must be a model or a vector of losses")
    }
    loss_name <- model_or_history$loss
    if (is.null(validation)) validation <- model_or_history$validation_loss_history
    best_epoch <- model_or_history$best_epoch
  } else {
    history <- model_or_history
  }
  if (!length(history)) twinnet_stop("the loss history is empty; train the model first")
  loss <- as_matrix("loss history", history, column = TRUE)
  if (ncol(loss) != 1L) {
    twinnet_stop("model_or_history must be a model or a vector of losses")
  }
  loss <- loss[, 1]
  validation <- check_validation_losses(validation, length(loss))
  path <- check_png_path(path)
  title <- check_title(title)
  log <- check_flag("log", log)
  if (log && any(loss <= 0)) {
    i <- which(loss <= 0)[1]
    twinnet_stop("a log scale needs positive losses; epoch ", i, " has ",
                 show_value(loss[i]))
  }
  if (log && !is.null(validation) && any(validation <= 0, na.rm = TRUE)) {
    i <- which(validation <= 0)[1]
    twinnet_stop("a log scale needs positive losses; the validation loss of epoch ", i,
                 " is ", show_value(validation[i]))
  }
  epoch <- as.numeric(seq_along(loss))
  drawn <- loss_curves(loss, validation, best_epoch)

  dev <- open_png(path, width, height)
  on.exit(close_png(dev, returnValue(png_failed)), add = TRUE)
  graphics::par(mar = c(4, 5, 1 + 1.5 * n_lines(title), 1))
  ylab <- if (is.character(loss_name)) paste0("loss (", loss_name, ")") else "loss"
  shown <- if (is.null(validation)) NULL else ifelse(is.finite(validation), validation, NA)
  graphics::plot(range(c(epoch, best_epoch)), range(c(loss, shown), na.rm = TRUE), type = "n",
                 log = if (log) "y" else "", xlab = "epoch", ylab = "", bty = "l")
  graphics::title(ylab = ylab, line = 3.3, las = 0)
  style_axes()
  graphics::box(bty = "l")
  graphics::lines(epoch, loss, col = draw_style$line, lwd = lwd_pt(1.5))
  colours <- draw_style$line
  types <- 1
  if (!is.null(shown)) {  # NaN and infinities are gaps in the line
    graphics::lines(epoch, shown, col = draw_style$validation, lwd = lwd_pt(1.5))
    colours <- c(colours, draw_style$validation)
    types <- c(types, 1)
  }
  if (!is.null(best_epoch)) {
    graphics::abline(v = best_epoch, col = draw_style$best, lty = 2, lwd = lwd_pt(1))
    colours <- c(colours, draw_style$best)
    types <- c(types, 2)
  }
  if (!is.null(title) && nzchar(title)) graphics::title(main = title)
  graphics::text(graphics::grconvertX(0.98, "npc"), graphics::grconvertY(0.97, "npc"),
                 drawn$note, adj = c(1, 1), col = draw_style$text)
  if (length(drawn$legend)) {
    graphics::legend(graphics::grconvertX(0.98, "npc"), graphics::grconvertY(0.92, "npc"),
                     legend = drawn$legend, col = colours, lty = types, lwd = lwd_pt(1.5),
                     xjust = 1, yjust = 1, bg = "white", box.col = draw_style$grid)
  }
  invisible(list(epoch = epoch, loss = loss, validation = validation,
                 best_epoch = best_epoch, legend = drawn$legend, note = drawn$note))
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
  model <- check_plot_model(model)
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
  if (!(is_number(grid) && grid == round(grid) && grid >= 2)) {
    twinnet_stop("grid must be an integer >= 2, got ", show_value(grid))
  }
  grid <- as.integer(grid)
  if (!(is_number(margin) && margin >= 0)) {
    twinnet_stop("margin must be a non-negative number, got ", show_value(margin))
  }
  margin <- as.numeric(margin)
  title <- check_title(title)
  axis_labels <- check_strings("axis_labels", axis_labels, 2L)

  lines <- boundary_grid(X, grid, margin)
  x1 <- lines[[1]]
  x2 <- lines[[2]]
  output <- predict(model, boundary_points(x1, x2))
  classes <- boundary_classes(output, grid)
  predicted <- predicted_classes(predict(model, X))
  n_correct <- sum(predicted == labels)
  accuracy <- n_correct / nrow(X)
  k <- max(2L, ncol(output), max(labels) + 1L)
  class_names <- check_plot_class_names(class_names, k, paste("there are", k, "classes"))
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
                        col = draw_style$boundary, lwd = lwd_pt(1.5))
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
                   col = c(rep("black", k), rep(draw_style$boundary, length(line))),
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
  top <- max(shown_labels, if (is.null(shown_predicted)) -1L else shown_predicted)
  class_names <- check_plot_class_names(class_names, top + 1L,
                                        paste("the labels go up to", top))
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

# one side: base graphics' plot region must be fitted to the image; matplotlib's
# imshow keeps square pixels itself
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
    graphics::box(col = if (bad) draw_style$wrong else "#bbbbbb",
                  lwd = lwd_pt(if (bad) 2 else 0.6))
    graphics::title(main = titles[i], cex.main = 0.9, line = 0.35,
                    col.main = if (bad) draw_style$wrong else draw_style$text)
  }
  if (nzchar(title)) graphics::mtext(title, side = 3, outer = TRUE, line = 0.3, cex = 1.2)
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
  model <- check_plot_model(model)
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
  lw <- line_widths(weights, biases, shown)
  widths <- lw$widths
  bias_widths <- lw$bias_widths
  max_abs <- lw$max_abs
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

draw_network <- function(shown, sizes, weights, biases, widths, bias_widths, labels,
                         title, height) {
  n_layers <- length(shown)
  tallest <- max(unit_slots(lengths(shown), sizes))
  with_bias <- which(!vapply(biases, is.null, logical(1)))
  has_bias <- length(with_bias) > 0L
  top <- (tallest - 1) / 2
  bias_y <- top + 1
  diameter <- min(22, 0.6 * (0.7 * height / (tallest + has_bias)) * 72 / draw_style$dpi)
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
