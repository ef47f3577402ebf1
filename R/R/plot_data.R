# What the pictures show, computed (docs/pictures.md): no drawing here. The
# colours, the decision boundary's grid and classes, the legends and titles,
# and the network diagram's layout (which units are drawn, where, and the
# width and colour of every line). plot.R draws them with base graphics; the
# Python twin (python/src/twinnet/plot_data.py) computes the same numbers and
# strings, which parity_tests/test_plot_parity.py compares exactly.

#' Colours of the pictures
#'
#' Class c is drawn in `class_colours[c %% 10 + 1]` (matplotlib's tab10).
#' Python: `twinnet.plot_data.CLASS_COLOURS`.
#'
#' @examples
#' class_colours[c(0, 1, 2) %% 10 + 1]  # classes 0, 1 and 2
#' @export
class_colours <- c("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")

plot_style <- list(
  positive = "#1f77b4",   # weights > 0
  negative = "#d62728",   # weights < 0
  tint = 0.6,             # background colours: class colour mixed with 60% white
  bins = 20L,             # one-unit output: 20 colours over [0, 1]
  max_line_width = 6,     # plot_network: |w| = max |w| is 6 points wide
  elided_units = 6L       # plot_network: a layer too wide shows its first 4 and last 2 units
)

# ------------------------------------------------------------------ colours

# The red, green and blue channels (0 to 255) of "#rrggbb".
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

# ------------------------------------------------------------------ loss curves

# The legend and the note of the loss picture: the legend's names (none for
# the training curve alone; with a validation curve "training", "validation";
# with early stopping's restored epoch, a line for it) and the note in the
# corner, "final loss L (validation V) after N epochs" (V the last validation
# loss, when it is finite). `validation` is NULL or one value per epoch (NaN
# where an epoch had no validation set).
loss_curves <- function(loss, validation, best_epoch) {
  legend <- if (is.null(validation)) character(0) else c("training", "validation")
  note <- sprintf("final loss %.4g", loss[length(loss)])
  if (!is.null(validation) && is.finite(validation[length(validation)])) {
    note <- paste0(note, sprintf(" (validation %.4g)", validation[length(validation)]))
  }
  if (!is.null(best_epoch)) {
    legend <- c(if (length(legend)) legend else "training",
                sprintf("best epoch %d (weights restored)", as.integer(best_epoch)))
  }
  list(legend = legend, note = paste0(note, sprintf(" after %d epochs", length(loss))))
}

# ------------------------------------------------------------------ decision boundary

# n points from lo to hi: lo + (hi - lo) * (i / (n - 1)), i = 0..n-1. Written
# out (not seq(), not numpy's linspace): those two compute their points
# differently, this formula is one rounded operation per step in both
# languages.
grid_line <- function(lo, hi, n) {
  lo + (hi - lo) * ((seq_len(n) - 1) / (n - 1))
}

# The grid along each column of X: from min - margin * (max - min) to
# max + margin * (max - min) (min - 0.5 to max + 0.5 for a constant column),
# `grid` points.
boundary_grid <- function(X, grid, margin) {
  lapply(1:2, function(j) {
    lo <- min(X[, j])
    hi <- max(X[, j])
    if (hi > lo) {
      grid_line(lo - margin * (hi - lo), hi + margin * (hi - lo), grid)
    } else {  # a constant column
      grid_line(lo - 0.5, hi + 0.5, grid)
    }
  })
}

# Every grid point, (x1[i], x2[j]) in row (j - 1) * grid + i.
boundary_points <- function(x1, x2) {
  cbind(rep(x1, times = length(x2)), rep(x2, each = length(x1)))
}

# The class at each grid point: classes[j, i] at (x1[i], x2[j]).
boundary_classes <- function(output, grid) {
  matrix(predicted_classes(output), grid, grid, byrow = TRUE)
}

# The legend's names: the classes, and the output = 0.5 line for one unit.
boundary_legend <- function(k, class_names, one_unit) {
  names <- if (is.null(class_names)) paste("class", seq_len(k) - 1L) else class_names[seq_len(k)]
  if (one_unit) c(names, "output = 0.5") else names
}

# ------------------------------------------------------------------ images

# Each image's title (the true label, then the predicted one) and which
# predictions are wrong (NULL without predictions).
image_titles <- function(labels, predicted, class_names) {
  name <- function(c) if (is.null(class_names)) as.character(c) else class_names[c + 1L]
  if (is.null(predicted)) return(list(titles = name(labels), wrong = NULL))
  list(titles = paste0(name(labels), "\npredicted: ", name(predicted)),
       wrong = predicted != labels)
}

# ------------------------------------------------------------------ network diagram

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

# The line widths in points of the shown units' weights and biases:
# v * (|w| / m), m the largest |w| or |b|, v = min(6, 60 / u) with u the most
# units drawn in a layer. A list: widths, bias_widths, max_abs (m).
line_widths <- function(weights, biases, shown) {
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
  list(widths = widths, bias_widths = bias_widths, max_abs = max_abs)
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
