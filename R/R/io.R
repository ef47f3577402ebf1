# CSV tables: reading data files and writing matrices and traces
# (docs/inputs.md). Numbers are written with sprintf("%.15g"), "%.16g" or
# "%.17g", the shortest that reads back to the same double; the Python twin
# writes repr(). Files are written whole or not at all (write_atomically in
# files.R). Twin: python/src/twinnet/io.py.

# R's own reading of numbers (as.numeric, read.csv, scan) is not correctly
# rounded: of 100,000 shortest round-trip strings (Python's repr) of doubles
# with exponents up to +-300, 19 came back one ULP off. jsonlite's parser is
# exact, so every number with a fraction or an exponent in JSON syntax goes
# through it. R reads the rest: integers (exact up to 19 digits, and jsonlite
# would read "-0" as +0), forms JSON lacks (".5", "Inf"), and decides what is
# not a number at all.
json_number <- "^-?(0|[1-9][0-9]*)([.][0-9]+([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)$"

# one side: R's as.numeric is not correctly rounded; Python's float() is
parse_numbers <- function(text) {
  value <- suppressWarnings(as.numeric(text))
  exact <- !is.na(value) & grepl(json_number, text)
  if (any(exact)) {
    value[exact] <- as.numeric(jsonlite::parse_json(
      paste0("[", paste(text[exact], collapse = ","), "]"),
      simplifyVector = TRUE))
  }
  value
}

# CSV data files (docs/inputs.md, "CSV data files"): read by position with
# the same rules and messages as python/src/twinnet/io.py. The number grammar
# is one regex, written the same in both files.
csv_number <- "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"
# Cells that are missing or not finite (an error naming the cell, as an
# overflowing number is): twinnet writes nan, inf and -inf, R writes NA.
csv_missing <- c("", "NA", "NaN", "nan", "Inf", "inf", "+Inf", "+inf", "-Inf", "-inf")
csv_space <- "[ \t]"  # stripped around every cell, quoted or not
line_break <- "\r\n|\r|\n"

one_line <- function(text) gsub("[\r\n]", " ", text)

show_cell <- function(text) {
  if (nchar(text) > 40L) text <- paste0(substr(text, 1L, 40L), "...")
  paste0("'", one_line(text), "'")
}

# one side: R's as.numeric is not correctly rounded; Python's float() is
# Numbers of the CSV grammar, to the nearest double. R's as.numeric is not
# correctly rounded, jsonlite's parser is: each number is rewritten in JSON's
# syntax (no sign, no leading zeros, no bare point) and its sign put back
# afterwards, so that "-0" stays -0.
csv_numbers <- function(text) {
  if (!length(text)) return(numeric(0))
  negative <- startsWith(text, "-")
  signed <- negative | startsWith(text, "+")
  text[signed] <- substring(text[signed], 2L)
  odd <- !grepl("^(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?$", text, perl = TRUE)
  if (any(odd)) {
    parts <- "^([0-9]*)[.]?([0-9]*)(.*)$"
    whole <- sub("^0+", "", sub(parts, "\\1", text[odd]))
    fraction <- sub(parts, "\\2", text[odd])
    text[odd] <- paste0(ifelse(whole == "", "0", whole),
                        ifelse(fraction == "", "", paste0(".", fraction)),
                        sub(parts, "\\3", text[odd]))
  }
  value <- as.numeric(jsonlite::parse_json(paste0("[", paste(text, collapse = ","), "]"),
                                           simplifyVector = TRUE))
  value[negative] <- -value[negative]
  value
}

# The file's bytes without a UTF-8 byte-order mark; an error unless they are
# UTF-8 text (a NUL byte is not text either).
csv_bytes <- function(path, name) {
  raw <- tryCatch(readBin(path, "raw", n = file.size(path)),
                  error = function(e) NULL, warning = function(w) NULL)
  if (is.null(raw)) twinnet_stop(name, " file ", path, " could not be read")
  if (length(raw) >= 3L && all(raw[1:3] == as.raw(c(0xef, 0xbb, 0xbf)))) {
    raw <- raw[-(1:3)]
  }
  csv_text(raw, name, path)
}

# raw, or an error naming the line of its first byte that is not UTF-8 text
# (a NUL byte, or a byte sequence that is not UTF-8).
csv_text <- function(raw, name, path) {
  nul <- grepRaw(as.raw(0L), raw, fixed = TRUE)
  text <- rawToChar(if (length(nul)) raw[seq_len(nul - 1L)] else raw)
  line <- NULL
  if (!validUTF8(text)) {
    lines <- strsplit(text, line_break, useBytes = TRUE)[[1]]
    line <- which(!validUTF8(lines))[1]
  } else if (length(nul)) {
    line <- sum(gregexpr(line_break, text, useBytes = TRUE)[[1]] > 0L) + 1L
  }
  if (!is.null(line)) {
    twinnet_stop(name, " file ", path, " is not UTF-8 text (line ", line, ")")
  }
  raw
}

# one side: R's readers read a file; Python reads the bytes it has
# A file R's readers can read: the file itself, or a copy without its
# byte-order mark.
csv_readable_file <- function(path, raw) {
  if (length(raw) == file.size(path)) return(path)
  copy <- tempfile(fileext = ".csv")
  writeBin(raw, copy)
  copy
}

# The column names of the first line; an error if one is blank or if all are
# numbers (a file without a header row).
csv_header <- function(cells, name, path) {
  names <- trimws(cells, whitespace = csv_space)
  blank <- which(names == "")
  if (length(blank)) {
    hint <- if (blank[1] == 1L) {
      paste0(" (R's write.csv writes a nameless row-name column first:",
             " write the file with row.names = FALSE)")
    }
    twinnet_stop(name, " file ", path, ": column ", blank[1], " has no name", hint)
  }
  if (all(grepl(csv_number, names, perl = TRUE))) {
    twinnet_stop(name, " file ", path, " has no header row: its first line holds",
                 " numbers only (the first line must name the columns)")
  }
  names
}

# Every record (R's scan, as Python's csv module reads it) checked in file
# order; the first problem is reported. Its names and values.
csv_cells <- function(raw, name, path) {
  source <- csv_readable_file(path, raw)
  if (source != path) on.exit(unlink(source))
  counts <- utils::count.fields(source, sep = ",", quote = "\"", comment.char = "",
                                blank.lines.skip = FALSE)
  ends <- which(!is.na(counts))  # the last line of each record
  starts <- c(1L, utils::head(ends, -1L) + 1L)
  counts <- counts[ends]
  if (!any(counts > 0L)) twinnet_stop(name, " file ", path, " is empty")
  frame <- suppressWarnings(utils::read.table(
    source, sep = ",", quote = "\"", header = FALSE, colClasses = "character",
    na.strings = character(0), blank.lines.skip = FALSE, fill = TRUE,
    col.names = paste0("V", seq_len(max(counts))), comment.char = "",
    strip.white = TRUE, encoding = "UTF-8", check.names = FALSE
  ))
  if (nrow(frame) != length(ends)) {  # a quote left open reads to the end
    twinnet_stop(name, " file ", path, ": line ", starts[length(starts)],
                 " opens a quote that is never closed")
  }
  records <- which(counts > 0L)
  head <- records[1L]
  names <- csv_header(vapply(frame[seq_len(counts[head])], `[`, "", head, USE.NAMES = FALSE),
                      name, path)
  m <- length(names)
  rows <- records[-1L]
  n <- length(rows)
  if (!n) {
    twinnet_stop(name, " file ", path, " is empty (0 x ", m,
                 "): it has a header and no rows")
  }
  short <- which(counts[rows] != m)
  if (length(short)) {
    k <- counts[rows[short[1L]]]
    twinnet_stop(name, " file ", path, ": line ", starts[rows[short[1L]]], " has ", k,
                 if (k == 1L) " cell" else " cells", ", the header has ", m)
  }
  text <- unlist(lapply(frame[seq_len(m)], `[`, rows), use.names = FALSE)
  ok <- grepl(csv_number, text, perl = TRUE)
  if (!all(ok)) {
    redo <- which(!ok)
    text[redo] <- trimws(text[redo], whitespace = csv_space)
    ok[redo] <- grepl(csv_number, text[redo], perl = TRUE)
  }
  value <- rep(NA_real_, length(text))
  value[ok] <- csv_numbers(text[ok])
  bad <- which(!is.finite(value))
  if (length(bad)) {
    i <- (bad - 1L) %% n + 1L
    j <- (bad - 1L) %/% n + 1L
    first <- order(i, j)[1L]
    cell <- text[bad[first]]
    what <- if (cell %in% csv_missing || grepl(csv_number, cell, perl = TRUE)) {
      "a missing, NaN or infinite value"
    } else {
      "a non-numeric value"
    }
    twinnet_stop(name, " file ", path, " has ", what, " in column '",
                 one_line(names[j[first]]), "' (column ", j[first], ") at line ",
                 starts[rows[i[first]]], ": ", show_cell(cell))
  }
  list(names = names, values = matrix(value, nrow = n, ncol = m))
}

# The column names and the finite numeric matrix of a CSV file (the names as
# written, surrounding spaces removed; they may repeat).
read_columns <- function(path, name = "X") {
  if (!file.exists(path) || dir.exists(path)) {
    twinnet_stop(name, " file not found: ", path)
  }
  found <- csv_cells(csv_bytes(path, name), name, path)
  found$values <- as_matrix(paste0(name, " (", path, ")"), found$values)
  found
}

#' Read a CSV file with a header row into a numeric matrix
#'
#' Columns are taken by position (names may repeat); the rules are those of
#' docs/inputs.md, the same as the Python twin's, with the same messages.
#' Numbers are converted exactly (to the nearest double), also where R's own
#' `read.csv` is one unit in the last place off.
#'
#' @param path File name.
#' @param name What the file holds, for error messages.
#' @return A finite numeric matrix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(matrix(c(0.1, 1 / 3, 2, 1e-300), 2, 2), path, prefix = "x")
#' readLines(path)
#' read_matrix(path)
#' @export
read_matrix <- function(path, name = "X") {
  read_columns(path, name)$values
}

# Does the file name say IDX (MNIST's format: ...-ubyte or ...-ubyte.gz)?
is_idx <- function(path) grepl("-ubyte(\\.gz)?$", path)

#' Inputs or targets from a CSV or an IDX file
#'
#' IDX files are read as MNIST is: images one per row scaled to \[0, 1\]
#' (divided by 255), labels one-hot.
#'
#' @param path File name.
#' @param name What the file holds, for error messages.
#' @param images Keep IDX images as images: an array of dim `c(n, height,
#'   width, 1)`, for a network that starts with [conv2d()].
#' @return A numeric matrix (or array of images).
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(toy_data()$X, path, prefix = "x")
#' read_data(path)
#' @export
read_data <- function(path, name = "X", images = FALSE) {
  if (!is_idx(path)) return(read_matrix(path, name))
  values <- read_idx(path)
  if (is.null(dim(values)) || length(dim(values)) == 1L) {
    return(one_hot(as.vector(values)))
  }
  d <- dim(values)
  if (images && length(d) %in% c(3L, 4L)) {
    # images stay images: dim c(n, h, w, 1) (or c(n, h, w, c)), as Python's
    if (length(d) == 3L) dim(values) <- c(d, 1L)
    return(values / 255)
  }
  flat <- matrix(aperm(values, c(1L, rev(seq_along(d)[-1L]))), d[1L])
  flat / 255
}

# The shortest of 15, 16 or 17 significant digits that reads back to the same
# double (checked with the exact parser): Python's repr() gives the same
# digits, so files written by the two languages read alike.
num_text <- function(x) {
  out <- sprintf("%.15g", x)
  for (digits in c(16L, 17L)) {
    redo <- is.finite(x) & parse_numbers(out) != x
    if (!any(redo)) break
    out[redo] <- sprintf(paste0("%.", digits, "g"), x[redo])
  }
  out[x == 0 & 1 / x < 0] <- "-0.0"  # "-0" would read back as +0 in JSON
  out[is.nan(x)] <- "nan"
  out[is.na(x) & !is.nan(x)] <- "nan"
  out[x == Inf] <- "inf"
  out[x == -Inf] <- "-inf"
  out
}

#' Write a matrix as CSV, columns y1, y2, ..., numbers round-tripping
#'
#' @param matrix A numeric matrix.
#' @param path File to write.
#' @param prefix Column name prefix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(matrix(c(0.1, 1 / 3), 2, 1), path)
#' identical(read_matrix(path, "Y")[, 1], c(0.1, 1 / 3))
#' @export
write_matrix <- function(matrix, path, prefix = "y") {
  matrix <- as.matrix(matrix)
  header <- paste0(prefix, seq_len(ncol(matrix)), collapse = ",")
  rows <- apply(matrix, 1, function(r) paste(num_text(r), collapse = ","))
  write_atomically(path, c(header, rows))
}

#' Write a trace as CSV, whole or not at all
#'
#' @param table A data.frame from [trace_epoch()].
#' @param path File to write.
#' @examples
#' d <- toy_data()
#' steps <- trace_epoch(mlp(c(4, 3, 1), seed = 42), d$X, d$y)
#' path <- tempfile(fileext = ".csv")
#' write_trace(steps, path)
#' head(readLines(path))
#' @export
write_trace <- function(table, path) {
  table$value <- num_text(table$value)
  lines <- character(0)
  con <- textConnection("lines", "w", local = TRUE)
  utils::write.table(table, con, sep = ",", quote = c(2L, 3L),
                     row.names = FALSE, qmethod = "double")
  close(con)
  write_atomically(path, lines)
}
