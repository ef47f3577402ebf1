# A training run as one self-contained HTML page (docs/report.md).
#
# write_report(config, out) trains the network a config describes (or loads
# a model file), then writes one HTML file with the configuration, the data's
# shape and summary, the loss curves, the decision boundary (2-feature class
# data), the network diagram, the first epoch step by step in the article's
# names, the evaluation and, given the folder `twinnet parity` wrote, the two
# languages' results side by side with the verdict. No script, no font, no
# link leaves the file: the pictures are inline SVG written here from the
# numbers plot_data.R computes. The twin, python/src/twinnet/report.py,
# writes the same bytes from the same data, apart from the
# <meta name="generator"> line (parity_tests/test_report_parity.py). Every
# number goes through one rule (report_number: C's %.6g; coordinates %.1f)
# that R's sprintf and Python's % share.
# Its length (about 800 lines): eight sections, three pictures drawn in SVG
# by hand, each written to give the same bytes as its Python twin.

report_sections <- c(
  configuration = "Configuration",
  data = "Data",
  training = "Training",
  boundary = "Decision boundary",
  network = "Network",
  trace = "First epoch, step by step",
  evaluation = "Evaluation",
  parity = "Python and R"
)
report_max_rows <- 10L  # a matrix or summary shows at most 10 rows and 10 columns
report_max_points <- 2000L  # loss curves: at most 2000 points per line; data points drawn
report_grid <- 100L  # decision boundary: 100 x 100 grid points
report_text_colour <- "#222222"
report_name_class <- " class=\"name\""  # a left-aligned cell
report_right_class <- " class=\"right\""  # a confusion matrix's diagonal
report_style <- paste(
  "body { font-family: sans-serif; color: #222222; max-width: 960px;",
  "  margin: 24px auto; padding: 0 16px; line-height: 1.4; background: #ffffff; }",
  "h1 { font-size: 24px; margin-bottom: 4px; }",
  paste("h2 { font-size: 19px; border-bottom: 1px solid #dddddd; padding-bottom: 4px;",
        "margin-top: 32px; }"),
  "h3 { font-size: 15px; margin: 18px 0 6px 0; }",
  "nav a { margin-right: 12px; }",
  "pre { background: #f6f6f6; padding: 8px; white-space: pre-wrap; font-size: 13px; }",
  "table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; }",
  "th, td { border: 1px solid #cccccc; padding: 2px 8px; text-align: right; }",
  "th { background: #f0f0f0; }",
  "td.name, th.name { text-align: left; }",
  "td.right { background: #e6f2e6; }",
  "p.note { color: #555555; font-size: 13px; }",
  "p.pass { background: #e6f2e6; padding: 6px; border-left: 4px solid #2ca02c; }",
  "p.fail { background: #fbe7e7; padding: 6px; border-left: 4px solid #d62728; }",
  "svg { display: block; margin: 8px 0; }",
  "div.matrices { display: flex; flex-wrap: wrap; gap: 0 28px; }",
  sep = "\n"
)

# ------------------------------------------------------------------ text

# Numbers as the page writes them: C's %.6g (Python's % says the same), NaN
# and infinities as R writes them.
report_number <- function(x) {
  x <- as.numeric(x)
  out <- sprintf("%.6g", x)
  out[is.na(x)] <- "NaN"
  out[!is.na(x) & x == Inf] <- "Inf"
  out[!is.na(x) & x == -Inf] <- "-Inf"
  out
}

# Coordinates of a picture, in pixels: %.1f.
report_px <- function(x) sprintf("%.1f", x)

# Text for HTML: &, <, > and the double quote written as entities.
report_escape <- function(text) {
  text <- gsub("&", "&amp;", as.character(text), fixed = TRUE)
  text <- gsub("<", "&lt;", text, fixed = TRUE)
  text <- gsub(">", "&gt;", text, fixed = TRUE)
  gsub("\"", "&quot;", text, fixed = TRUE)
}

# An HTML table: header a character vector, rows a list of them (text,
# escaped here); the first name_columns columns are left-aligned names.
report_table <- function(header, rows, name_columns = 1L) {
  cells <- function(tag, values) {
    classes <- ifelse(seq_along(values) <= name_columns, report_name_class, "")
    paste0("<", tag, classes, ">", report_escape(values), "</", tag, ">", collapse = "")
  }
  paste(c("<table>", paste0("<tr>", cells("th", header), "</tr>"),
          vapply(rows, function(row) paste0("<tr>", cells("td", row), "</tr>"), ""),
          "</table>"), collapse = "\n")
}

# ------------------------------------------------------------------ axes

# 10 to the whole number e, by repeated products (no ^: R's ^ may take powl,
# Python's pow; the same doubles in both languages this way).
report_power_of_ten <- function(e) {
  value <- 1
  for (i in seq_len(abs(e))) value <- if (e > 0) value * 10 else value / 10
  value
}

# Ticks at the multiples of a step 1, 2 or 5 times a power of ten that fall
# in [lo, hi]: the smallest such step giving at most 6 intervals (whole: a
# step of at least 1).
report_ticks <- function(lo, hi, whole = FALSE) {
  span <- hi - lo
  base <- 1
  while (span >= base * 10) base <- base * 10
  while (span < base) base <- base / 10
  step <- base * 2
  for (candidate in c((base * 2) / 10, (base * 5) / 10, base)) {
    if (span / candidate <= 6) {
      step <- candidate
      break
    }
  }
  if (whole && step < 1) step <- 1
  first <- ceiling(lo / step)
  last <- floor(hi / step)
  if (first > last) return(numeric(0))
  seq(first, last) * step
}

# A log axis's ticks in [lo, hi]: 1, 2 and 5 times powers of ten, or the
# powers of ten alone when that would be more than 8 ticks.
report_log_ticks <- function(lo, hi) {
  for (multiples in list(c(1, 2, 5), 1)) {
    e <- 0L
    while (report_power_of_ten(e) > lo) e <- e - 1L
    ticks <- numeric(0)
    while (report_power_of_ten(e) <= hi) {
      for (m in multiples) {
        v <- m * report_power_of_ten(e)
        if (lo <= v && v <= hi) ticks <- c(ticks, v)
      }
      e <- e + 1L
    }
    if (length(ticks) <= 8L) break
  }
  ticks
}

# SVG text elements.
report_text <- function(x, y, text, anchor = "start", size = 12,
                        colour = report_text_colour) {
  sprintf("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%s\" fill=\"%s\">%s</text>",
          report_px(x), report_px(y), anchor, report_number(size), colour,
          report_escape(text))
}

# SVG line elements.
report_line <- function(x0, y0, x1, y1, colour, width, extra = "") {
  sprintf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
          report_px(x0), report_px(y0), report_px(x1), report_px(y1), colour,
          report_number(width), extra)
}

# The axes of a plot in box (left, top, width, height): the left and bottom
# lines, ticks at x_ticks/y_ticks placed by the maps xs and ys (data to
# pixels), grid lines and labels.
report_axes <- function(box, xs, ys, x_ticks, y_ticks, x_label, y_label, y_tick_text,
                        grid = TRUE) {
  left <- box[1]
  top <- box[2]
  width <- box[3]
  height <- box[4]
  bottom <- top + height
  out <- character(0)
  for (v in y_ticks) {
    y <- ys(v)
    if (grid) out <- c(out, report_line(left, y, left + width, y, "#dddddd", 1))
    out <- c(out, report_line(left - 5, y, left, y, report_text_colour, 1),
             report_text(left - 8, y + 4, y_tick_text(v), "end", 11))
  }
  for (v in x_ticks) {
    x <- xs(v)
    if (grid) out <- c(out, report_line(x, top, x, bottom, "#dddddd", 1))
    out <- c(out, report_line(x, bottom, x, bottom + 5, report_text_colour, 1),
             report_text(x, bottom + 18, report_number(v), "middle", 11))
  }
  c(out,
    report_line(left, top, left, bottom, report_text_colour, 1),
    report_line(left, bottom, left + width, bottom, report_text_colour, 1),
    report_text(left + width / 2, bottom + 38, x_label, "middle", 12),
    sprintf(paste0("<text transform=\"translate(%s,%s) rotate(-90)\" text-anchor=\"middle\" ",
                   "font-size=\"12\" fill=\"%s\">%s</text>"),
            report_px(left - 58), report_px(top + height / 2), report_text_colour,
            report_escape(y_label)))
}

# A whole SVG picture.
report_svg <- function(width, height, label, body) {
  paste(c(
    sprintf(paste0("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" ",
                   "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"),
            as.integer(width), as.integer(height), as.integer(width), as.integer(height),
            report_escape(label)),
    sprintf("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>",
            as.integer(width), as.integer(height)),
    body,
    "</svg>"), collapse = "\n")
}

# A legend: each entry list(text, colour, kind) a line or a square swatch and
# its text, one below the other from (x, y).
report_legend <- function(x, y, entries) {
  out <- character(0)
  for (i in seq_along(entries)) {
    entry <- entries[[i]]
    yy <- y + 18 * (i - 1)
    if (entry[[3]] == "square") {
      out <- c(out, sprintf(paste0("<rect x=\"%s\" y=\"%s\" width=\"14\" height=\"12\" ",
                                   "fill=\"%s\" stroke=\"#444444\" stroke-width=\"0.6\"/>"),
                            report_px(x), report_px(yy - 9), entry[[2]]))
    } else {
      dash <- if (entry[[3]] == "dashed") " stroke-dasharray=\"5,3\"" else ""
      out <- c(out, report_line(x, yy - 3, x + 18, yy - 3, entry[[2]], 2, dash))
    }
    out <- c(out, report_text(x + 24, yy + 1, entry[[1]], "start", 11))
  }
  out
}

# ------------------------------------------------------------------ pictures

# Which epochs (from 0) a curve of n points draws: every k-th, k the smallest
# keeping at most report_max_points, and the last.
report_kept <- function(n) {
  k <- (n + report_max_points - 1L) %/% report_max_points
  kept <- seq(0, n - 1, by = k)
  if (kept[length(kept)] != n - 1) kept <- c(kept, n - 1)
  kept
}

# The loss of each epoch (and the validation loss), on a log scale when every
# loss is positive and they span a factor of 100 or more.
report_loss_svg <- function(model) {
  loss <- as.numeric(model$loss_history)
  validation <- as.numeric(model$validation_loss_history)
  if (!length(validation) || !any(is.finite(validation))) validation <- NULL
  drawn <- loss_curves(loss, validation, model$best_epoch)
  values <- c(loss, validation)
  finite <- values[is.finite(values)]
  if (!length(finite)) return("<p>No picture: no loss is finite.</p>")
  lo <- min(finite)
  hi <- max(finite)
  log <- lo > 0 && hi / lo >= 100
  if (log) {
    ticks <- report_log_ticks(lo, hi)
    lo <- log10(lo)
    hi <- log10(hi)
  }
  if (hi == lo) {
    lo <- lo - 0.5
    hi <- hi + 0.5
  }
  if (!log) ticks <- report_ticks(lo, hi)
  n <- length(loss)
  box <- c(80, 40, 600, 300)
  left <- box[1]
  top <- box[2]
  width <- box[3]
  height <- box[4]
  x_lo <- if (n == 1L) 0.5 else 1
  x_hi <- if (n == 1L) 1.5 else as.numeric(n)
  xs <- function(v) left + ((v - x_lo) / (x_hi - x_lo)) * width
  ys <- function(v) top + height - (((if (log) log10(v) else v) - lo) / (hi - lo)) * height
  y_label <- paste0("loss (", model$loss, if (log) ", log scale", ")")
  body <- report_axes(box, xs, ys, report_ticks(x_lo, x_hi, whole = TRUE), ticks, "epoch",
                      y_label, report_number)
  kept <- report_kept(n)
  curves <- list(list(loss, class_colours[1]))
  if (!is.null(validation)) curves[[2]] <- list(validation, class_colours[2])
  for (curve in curves) {
    v <- curve[[1]][kept + 1]
    ok <- is.finite(v)
    run <- cumsum(!ok)  # the points of one run share a number
    for (r in unique(run[ok])) {
      i <- which(ok & run == r)
      body <- c(body, sprintf(
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
        curve[[2]], paste(report_px(xs(kept[i] + 1)), report_px(ys(v[i])), sep = ",",
                          collapse = " ")))
    }
  }
  entries <- list()
  if (length(drawn$legend)) {
    entries <- list(list("training", class_colours[1], "line"))
    if (!is.null(validation)) {
      entries[[2]] <- list("validation", class_colours[2], "line")
    }
  }
  if (!is.null(model$best_epoch)) {
    x <- xs(as.numeric(model$best_epoch))
    body <- c(body, report_line(x, top, x, top + height, "#7f7f7f", 1,
                                " stroke-dasharray=\"5,3\""))
    entries[[length(entries) + 1L]] <- list(drawn$legend[length(drawn$legend)], "#7f7f7f",
                                            "dashed")
  }
  body <- c(body, report_text(left + width, top - 12, drawn$note, "end", 12),
            report_legend(left + width - 230, top + 20, entries))
  report_svg(700, 400, "loss per epoch", body)
}

# The network's classes over a grid covering 2-feature data, the data on top
# (plot_data's grid, colours and legend).
report_boundary_svg <- function(model, X, Y, class_names) {
  true <- classes_of(Y)
  lines <- boundary_grid(X, report_grid, 0.1)
  x1 <- lines[[1]]
  x2 <- lines[[2]]
  output <- as.matrix(predict(model, boundary_points(x1, x2)))
  one_unit <- ncol(output) == 1L
  grid <- report_grid
  predicted <- predicted_classes(output)
  if (one_unit) {
    p <- output[, 1]
    fill <- rep("#ffffff", length(p))
    finite <- !is.nan(p)
    bins <- pmin(floor(pmin(pmax(p[finite], 0), 1) * 20), 19)
    fill[finite] <- probability_colours()[bins + 1]
  } else {
    k_out <- max(predicted) + 1L
    tints <- vapply(class_colour(seq_len(k_out) - 1L), tint, "")
    fill <- tints[predicted + 1L]
  }
  fill <- matrix(fill, grid, grid, byrow = TRUE)
  classes <- matrix(predicted, grid, grid, byrow = TRUE)
  box <- c(70, 30, 480, 360)
  left <- box[1]
  top <- box[2]
  width <- box[3]
  height <- box[4]
  px <- function(i) left + (pmin(pmax(i, 0), grid - 1) / (grid - 1)) * width
  py <- function(j) top + height - (pmin(pmax(j, 0), grid - 1) / (grid - 1)) * height
  xs <- function(v) left + ((v - x1[1]) / (x1[grid] - x1[1])) * width
  ys <- function(v) top + height - ((v - x2[1]) / (x2[grid] - x2[1])) * height
  body <- character(0)
  for (j in seq_len(grid)) {  # one rectangle per run of cells of one colour in a row
    runs <- rle(fill[j, ])
    last <- cumsum(runs$lengths) - 1  # from 0
    first <- last - runs$lengths + 1
    x0 <- px(first - 0.5)
    x1_ <- px(last + 0.5)
    y0 <- py(j - 1 + 0.5)
    y1 <- py(j - 1 - 0.5)
    body <- c(body, sprintf(paste0("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" ",
                                   "fill=\"%s\" stroke=\"%s\" stroke-width=\"0.5\"/>"),
                            report_px(x0), report_px(y0), report_px(x1_ - x0),
                            report_px(y1 - y0), runs$values, runs$values))
  }
  i <- rep(seq_len(grid) - 1, times = grid)  # the cells row by row, from 0
  j <- rep(seq_len(grid) - 1, each = grid)
  at <- function(jj, ii) classes[cbind(jj + 1, ii + 1)]
  right <- i + 1 < grid
  vertical <- rep("", grid * grid)
  vertical[right] <- ifelse(at(j[right], i[right]) != at(j[right], i[right] + 1),
                            paste0("M", report_px(px(i[right] + 0.5)), " ",
                                   report_px(py(j[right] - 0.5)), "V",
                                   report_px(py(j[right] + 0.5))), "")
  up <- j + 1 < grid
  horizontal <- rep("", grid * grid)
  horizontal[up] <- ifelse(at(j[up], i[up]) != at(j[up] + 1, i[up]),
                           paste0("M", report_px(px(i[up] - 0.5)), " ",
                                  report_px(py(j[up] + 0.5)), "H",
                                  report_px(px(i[up] + 0.5))), "")
  edges <- as.vector(rbind(vertical, horizontal))
  if (any(nzchar(edges))) {
    body <- c(body, sprintf(
      "<path fill=\"none\" stroke=\"#333333\" stroke-width=\"1.5\" d=\"%s\"/>",
      paste(edges, collapse = "")))
  }
  body <- c(body, report_axes(box, xs, ys, report_ticks(x1[1], x1[grid]),
                              report_ticks(x2[1], x2[grid]), "x1", "x2", report_number,
                              grid = FALSE))
  r <- seq_len(min(nrow(X), report_max_points))
  body <- c(body, sprintf(paste0("<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\" ",
                                 "stroke=\"#000000\" stroke-width=\"0.6\"/>"),
                          report_px(xs(X[r, 1])), report_px(ys(X[r, 2])),
                          class_colour(true[r])))
  k <- max(ncol(Y), 2L, ncol(output))
  names <- boundary_legend(k, class_names, one_unit)
  entries <- lapply(seq_len(k) - 1L, function(c) {
    list(names[c + 1L], tint(class_colour(c)), "square")
  })
  if (one_unit) entries[[k + 1L]] <- list(names[length(names)], "#333333", "line")
  body <- c(body, report_legend(left + width + 20, top + 20, entries))
  report_svg(760, 440, "decision boundary", body)
}

# The network diagram: plot_data's units, lines, widths and labels.
report_network_svg <- function(model) {
  sizes <- network_sizes(model)
  weights <- model$weights
  biases <- lapply(model$layers[dense_indices(model)], function(l) {
    if (l$has_bias) model$biases[[l$bias_index]]
  })
  shown <- lapply(sizes, shown_units, k = 16)
  lw <- line_widths(weights, biases, shown)
  tallest <- max(mapply(function(s, m) unit_slots(length(s), m), shown, sizes))
  with_bias <- which(!vapply(biases, is.null, logical(1))) - 1L  # from 0
  top_y <- (tallest - 1) / 2
  bias_y <- top_y + 1
  segments <- network_segments(shown, sizes, weights, biases, lw$widths, lw$bias_widths,
                               bias_y)
  n_layers <- length(sizes)
  width <- 720
  left <- 80
  right <- 640
  top <- 50
  height <- 300
  y_hi <- if (length(with_bias)) bias_y else top_y
  y_lo <- -top_y
  xs <- function(l) left + (l / max(n_layers - 1, 1)) * (right - left)
  ys <- function(y) top + ((y_hi - y) / max(y_hi - y_lo, 1)) * height
  radius <- min(11, 0.3 * (height / (tallest + (if (length(with_bias)) 1 else 0))))
  body <- character(0)
  if (!is.null(segments) && nrow(segments)) {
    body <- report_line(xs(segments$x0), ys(segments$y0), xs(segments$x1), ys(segments$y1),
                        segments$colour, segments$width,
                        " stroke-opacity=\"0.8\" stroke-linecap=\"round\"")
  }
  labels <- layer_labels(sizes, shown, dense_activations(model))
  for (l in seq_len(n_layers)) {
    m <- sizes[l]
    if (length(shown[[l]]) < m) {
      gap <- gap_y(length(shown[[l]]), m)
      body <- c(body, sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"2\" fill=\"#444444\"/>",
                              report_px(xs(l - 1)), report_px(ys(gap + c(-0.25, 0, 0.25)))))
    }
    y <- unit_ys(length(shown[[l]]), m)
    body <- c(body, sprintf(paste0("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"#ffffff\" ",
                                   "stroke=\"#444444\" stroke-width=\"1.2\"/>"),
                            report_px(xs(l - 1)), report_px(ys(y)), report_px(radius)))
    text <- strsplit(labels[l], "\n", fixed = TRUE)[[1]]
    body <- c(body, report_text(xs(l - 1), top + height + 30 + 15 * (seq_along(text) - 1),
                                text, "middle", 12))
  }
  for (l in with_bias) {
    s <- 0.8 * radius
    body <- c(body,
              sprintf(paste0("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" ",
                             "fill=\"#eeeeee\" stroke=\"#444444\" stroke-width=\"1.2\"/>"),
                      report_px(xs(l) - s), report_px(ys(bias_y) - s), report_px(2 * s),
                      report_px(2 * s)),
              report_text(xs(l), ys(bias_y) + 4, "+1", "middle", 10))
  }
  entries <- list(list("positive weight", plot_style$positive, "line"),
                  list("negative weight", plot_style$negative, "line"))
  body <- c(body, report_legend(right - 100, 18, entries))
  report_svg(width, top + height + 70, "network diagram", body)
}

# ------------------------------------------------------------------ sections

# A matrix as a table: at most report_max_rows rows and columns, the caption
# saying what was left out.
report_matrix <- function(values, title) {
  values <- as.matrix(values)
  n_rows <- nrow(values)
  n_cols <- ncol(values)
  r <- min(n_rows, report_max_rows)
  c <- min(n_cols, report_max_rows)
  shown <- paste0(n_rows, " x ", n_cols)
  if (r < n_rows || c < n_cols) {
    shown <- paste0(shown, "; the first ", r, " of ", n_rows, " rows and ", c, " of ",
                    n_cols, " columns shown")
  }
  header <- c("", as.character(seq_len(c)))
  rows <- lapply(seq_len(r), function(i) {
    c(as.character(i), report_number(values[i, seq_len(c)]))
  })
  paste(c("<div>", paste0("<h3>", report_escape(title), " [", shown, "]</h3>"),
          report_table(header, rows), "</div>"), collapse = "\n")
}

# The configuration file as written, and where the model came from.
report_config_html <- function(path, text, config, model_path) {
  how <- if (!is.null(model_path)) {
    paste0("The model was read from ", basename(model_path), " (not trained here).")
  } else {
    paste0("The model was trained here from this configuration, in ", config$mode, " mode.")
  }
  c(paste0("<p>", report_escape(basename(path)), ": ", report_escape(how), "</p>"),
    paste0("<pre>", report_escape(text), "</pre>"))
}

# Each column's minimum, mean (a sum in order, exact mode's) and maximum.
report_summary <- function(M, prefix) {
  total <- arithmetics$exact$total
  lapply(seq_len(min(ncol(M), report_max_rows)), function(j) {
    col <- M[, j]
    c(paste0(prefix, j), report_number(min(col)), report_number(total(col) / length(col)),
      report_number(max(col)))
  })
}

# The data's files, shape, a summary of each column and the classes.
report_data_html <- function(config, X, Y, class_names) {
  out <- paste0("<p>", nrow(X), " rows; inputs ", report_escape(basename(config$x)), " (",
                ncol(X), " columns), targets ", report_escape(basename(config$y)), " (",
                ncol(Y), " columns).</p>")
  rows <- c(report_summary(X, "x"), report_summary(Y, "y"))
  if (ncol(X) > report_max_rows || ncol(Y) > report_max_rows) {
    out <- c(out, paste0("<p class=\"note\">The first ", report_max_rows,
                         " columns of each are shown.</p>"))
  }
  out <- c(out, report_table(c("column", "min", "mean", "max"), rows))
  true <- classes_of(Y)
  if (is.null(true)) {
    return(c(out, "<p>The targets are not classes (a regression).</p>"))
  }
  k <- max(ncol(Y), 2L)
  counts <- tabulate(true + 1L, nbins = k)
  names <- report_class_names(class_names, k)
  c(out, report_table(c("class", "rows"),
                      lapply(seq_len(k), function(c) c(names[c], as.character(counts[c])))))
}

# Classes as the page names them: "0 name" with names, else the numbers.
report_class_names <- function(class_names, k) {
  if (is.null(class_names)) return(as.character(seq_len(k) - 1L))
  paste(seq_len(k) - 1L, class_names[seq_len(k)])
}

# What training gave: epochs, the final loss, why it stopped; the curve.
report_training_html <- function(model) {
  h <- model$loss_history
  n <- length(h)
  if (!n) return("<p>The model has not been trained: no loss history.</p>")
  text <- paste0(n, " epochs in ", model$mode, " mode; loss (", model$loss, ") ",
                 report_number(h[1]), " in the first epoch, ", report_number(h[n]),
                 " in the last (each epoch's loss is that of its forward pass, before its ",
                 "update).")
  if (!is.null(model$stop_reason)) {
    text <- paste0(text, " Stopped early (", model$stop_reason, ")")
    if (!is.null(model$best_epoch)) {
      text <- paste0(text, "; the weights of epoch ", model$best_epoch, " were restored")
    }
    text <- paste0(text, ".")
  }
  c(paste0("<p>", report_escape(text), "</p>"), report_loss_svg(model))
}

# The decision boundary, or why there is none.
report_boundary_html <- function(model, X, Y, class_names) {
  if (ncol(X) != 2L) {
    why <- paste0("the data has ", ncol(X), " input columns; a decision boundary needs 2.")
  } else if (is.null(classes_of(Y))) {
    why <- "the targets are not classes."
  } else {
    return(c(paste0("<p>The network's class over the plane (with one output unit, its ",
                    "output in 20 shades from class 0's colour through white at 0.5 to ",
                    "class 1's); the dark line is where the class changes; the training ",
                    "data on top in the colour of its true class.</p>"),
             report_boundary_svg(model, X, Y, class_names)))
  }
  paste0("<p>Not drawn: ", report_escape(why), "</p>")
}

report_network_html <- function(model) {
  c(paste0("<p>Layers ", paste(network_sizes(model), collapse = "-"), "; line width ~ ",
           "|weight|, blue positive, red negative; a square +1 node's lines are the ",
           "biases.</p>"),
    report_network_svg(model))
}

# The first epoch's matrices (trace_epoch), from the config's starting
# weights, or why the article's steps do not apply.
report_trace_html <- function(config, X, Y) {
  table <- tryCatch(trace_epoch(model_from_config(config), X, Y, lr = config$lr),
                    twinnet_error = function(e) conditionMessage(e))
  if (is.character(table)) return(paste0("<p>Not shown: ", report_escape(table), ".</p>"))
  intro <- paste0("<p>One full-batch epoch of plain gradient descent from the ",
                  "configuration's starting weights, in the names of the Analytics Vidhya ",
                  "article (steps 0 to 11).")
  if (!is.null(config$batch_size) || !(is.null(config$optimizer) || config$optimizer == "sgd")) {
    intro <- paste0(intro, " This configuration trains otherwise (mini-batches or another ",
                    "optimiser).")
  }
  keys <- unique(table[, c("step", "name")])
  matrices <- vapply(seq_len(nrow(keys)), function(i) {
    part <- table[table$step == keys$step[i] & table$name == keys$name[i], ]
    part <- part[order(part$row, part$col), ]
    n_rows <- max(part$row)
    n_cols <- max(part$col)
    values <- matrix(part$value, n_rows, n_cols, byrow = TRUE)
    formula <- part$formula[1]
    shown <- if (keys$step[i] <= 1) paste0("(", formula, ")") else paste("=", formula)
    report_matrix(values, sprintf("Step %d: %s %s", as.integer(keys$step[i]), keys$name[i],
                                  shown))
  }, "")
  c(paste0(intro, "</p>"), "<div class=\"matrices\">", matrices, "</div>")
}

# Loss, accuracy and the confusion matrix (class names in its headings), or
# for a regression the loss and R^2.
report_evaluation_html <- function(model, X, Y, class_names, what) {
  result <- evaluate(model, X, Y, class_names = class_names)
  first <- paste0("<p>", result$rows, " rows; loss (", result$loss_name, ") ",
                  report_number(result$loss), ".")
  head <- paste0("<h3>", report_escape(what), "</h3>")
  if (is.null(result$confusion)) {
    return(c(head, paste0(first, " R<sup>2</sup> ",
                          report_number(r2(predict(model, X), Y, mode = "exact")), ".</p>")))
  }
  counts <- result$confusion
  k <- nrow(counts)
  right <- sum(diag(counts))
  first <- paste0(first, " Accuracy ", sprintf("%.2f", 100 * (right / result$rows)), "% (",
                  right, " of ", result$rows, ").</p>")
  names <- report_class_names(result$class_names, k)
  header <- c("true \\ predicted", names)
  out <- c(head, first, "<table>",
           paste0("<tr>", paste0("<th", ifelse(seq_along(header) == 1L, report_name_class, ""),
                                 ">", report_escape(header), "</th>", collapse = ""), "</tr>"))
  for (i in seq_len(k)) {
    cells <- paste0("<td", ifelse(seq_len(k) == i, report_right_class, ""), ">", counts[i, ],
                    "</td>", collapse = "")
    out <- c(out, paste0("<tr><th class=\"name\">", report_escape(names[i]), "</th>", cells,
                         "</tr>"))
  }
  c(out, "</table>")
}

# The two languages' models (twinnet parity's folder) side by side, compare's
# rows and parity's verdict, as twinnet parity prints it.
report_parity_html <- function(folder) {
  if (is.null(folder)) {
    return(paste0("<p>Not run: give the folder <code>twinnet parity --config C --out DIR",
                  "</code> wrote (<code>--parity DIR</code>) to see both languages' results ",
                  "here.</p>"))
  }
  sides <- c("python", "r")
  paths <- file.path(folder, sides, "model.json")
  for (s in seq_along(sides)) {
    if (!utils::file_test("-f", paths[s])) {
      twinnet_stop("the parity folder ", folder, " has no ", sides[s], "/model.json ",
                   "(give the folder twinnet parity --out wrote)")
    }
  }
  a <- load_network(paths[1])
  b <- load_network(paths[2])
  status <- 0L
  lines <- utils::capture.output(status <- cli_parity_report(paths[1], paths[2], a$mode))
  side <- function(m) {
    h <- m$loss_history
    c(m$mode, paste(network_sizes(m), collapse = "-"), as.character(length(h)),
      if (length(h)) sprintf("%.17g", h[length(h)]) else "-",
      if (is.null(m$stop_reason)) "-" else m$stop_reason)
  }
  what <- c("mode", "layers", "epochs", "final loss (17 digits)", "stop reason")
  sa <- side(a)
  sb <- side(b)
  rows <- lapply(seq_along(what), function(i) c(what[i], sa[i], sb[i]))
  whole <- function(v) if (length(v) != 1L || is.na(v)) "-" else format(v, scientific = FALSE)
  compare_rows <- lapply(compare_files(paths[1], paths[2]), function(r) {
    c(r$quantity, whole(r$values), whole(r$differ), report_number(r$max_abs),
      whole(r$max_ulps))
  })
  verdict <- lines[startsWith(lines, "verdict:") | startsWith(lines, "first ")]
  c(paste0("<p>The models twinnet parity trained in each language (python/model.json, ",
           "r/model.json), side by side.</p>"),
    report_table(c("", "Python", "R"), rows),
    report_table(c("quantity", "values", "differ", "max abs diff", "max ULPs"), compare_rows),
    if (length(verdict)) {
      paste0("<p class=\"", if (status == 0L) "pass" else "fail", "\">",
             report_escape(verdict), "</p>")
    })
}

# ------------------------------------------------------------------ the page

# The generator line: the package, its version and the language (the one
# line of the page that differs between the languages).
report_generator <- function() {
  paste0("twinnet ", utils::packageVersion("twinnet"), " (R ", getRversion(), ")")
}

#' The report page as text
#'
#' @inheritParams write_report
#' @return The HTML page, one string (see [write_report()]).
#' @examples
#' config <- system.file("fixtures", "seed000_toy", "config.json", package = "twinnet")
#' if (nzchar(config)) substr(report_html(config), 1, 15)
#' @export
report_html <- function(config, model = NULL, parity = NULL, class_names = NULL) {
  config_path <- config
  config <- read_config(config_path)
  text <- rawToChar(readBin(config_path, "raw", file.size(config_path)))
  Encoding(text) <- "UTF-8"
  text <- sub("\n+$", "", gsub("\r\n", "\n", text, fixed = TRUE))
  data <- config_xy(config)
  X <- data$X
  Y <- data$Y
  if (is.null(class_names)) class_names <- class_names_for(config$y)
  parity_html <- report_parity_html(parity)  # before training: a bad folder costs no run
  model_path <- model
  model <- if (!is.null(model_path)) {
    load_network(model_path)
  } else {
    train_from_config(config, X, Y, progress = FALSE)
  }
  evaluation <- report_evaluation_html(model, X, Y, class_names, "Training data")
  if (!is.null(config$x_test) && !is.null(config$y_test)) {
    evaluation <- c(evaluation,
                    report_evaluation_html(model, read_data(config$x_test, "X test"),
                                           read_data(config$y_test, "Y test"), class_names,
                                           "Test data"))
  }
  title <- if (is.null(config$description) || !nzchar(config$description)) {
    basename(config_path)
  } else {
    config$description
  }
  sections <- list(
    configuration = report_config_html(config_path, text, config, model_path),
    data = report_data_html(config, X, Y, class_names),
    training = report_training_html(model),
    boundary = report_boundary_html(model, X, Y, class_names),
    network = report_network_html(model),
    trace = report_trace_html(config, X, Y),
    evaluation = evaluation,
    parity = parity_html
  )
  keys <- names(report_sections)
  out <- c(
    "<!DOCTYPE html>",
    "<html lang=\"en\">",
    "<head>",
    "<meta charset=\"utf-8\">",
    paste0("<meta name=\"generator\" content=\"", report_escape(report_generator()), "\">"),
    "<link rel=\"icon\" href=\"data:,\">",
    paste0("<title>twinnet report: ", report_escape(basename(config_path)), "</title>"),
    paste0("<style>\n", report_style, "\n</style>"),
    "</head>",
    "<body>",
    "<h1>twinnet report</h1>",
    paste0("<p class=\"note\">", report_escape(title), "</p>"),
    paste0("<nav>", paste0("<a href=\"#", keys, "\">", report_escape(report_sections), "</a>",
                           collapse = ""), "</nav>")
  )
  for (key in keys) {
    out <- c(out, paste0("<section id=\"", key, "\">"),
             paste0("<h2>", report_escape(report_sections[[key]]), "</h2>"),
             sections[[key]], "</section>")
  }
  paste0(paste(c(out, "</body>", "</html>"), collapse = "\n"), "\n")
}

#' Write one self-contained HTML page of a training run
#'
#' The page holds the configuration, the data's shape and summary, the loss
#' curves, the decision boundary (2-feature class data), the network
#' diagram, the first epoch step by step in the article's names, the
#' evaluation (accuracy, confusion matrix with class names) and, given the
#' folder `twinnet parity` wrote, both languages' results side by side with
#' the verdict. No script, font or link leaves the file; the pictures are
#' inline SVG. Python's `twinnet.report.write_report` writes the same bytes
#' apart from the `<meta name="generator">` line.
#'
#' @param config A config.json: the data, and the network trained from it
#'   (in its mode).
#' @param out The HTML file to write (whole or not at all).
#' @param model A model file to report instead of training one.
#' @param parity The folder `twinnet parity --out` wrote (python/model.json
#'   and r/model.json).
#' @param class_names The classes' names (Fashion-MNIST's for its label files
#'   by default).
#' @return `out`, invisibly.
#' @examples
#' config <- system.file("fixtures", "seed000_toy", "config.json", package = "twinnet")
#' if (nzchar(config)) write_report(config, tempfile(fileext = ".html"))
#' @export
write_report <- function(config, out, model = NULL, parity = NULL, class_names = NULL) {
  if (!is.character(out) || length(out) != 1L || is.na(out) ||
        !grepl("\\.html?$", tolower(out))) {
    twinnet_stop("out must be a file name ending in .html, got '", paste(out, collapse = " "),
                 "'")
  }
  check_writable(out)  # before training: a bad name costs no run
  page <- report_html(config, model, parity, class_names)  # its errors are not write errors
  write_atomically(out, charToRaw(enc2utf8(page)))
  invisible(out)
}

# The command line's report verb.
report_cli <- function(args) {
  names <- NULL
  if (!is.null(args[["class_names"]])) {
    names <- gsub("^ +| +$", "", strsplit(args[["class_names"]], ",", fixed = TRUE)[[1]])
  }
  write_report(args[["config"]], args[["out"]], args[["model"]], args[["parity"]], names)
  cat("report written to ", args[["out"]], "\n", sep = "")
}
