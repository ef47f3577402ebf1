# Rows of the data a fit reads, from memory or from disk (docs/streaming.md).
#
# Twin: python/src/twinnet/streaming.py, the same functions in the same order.
#
# Every place that picks rows of the inputs or targets (a mini-batch, the
# validation split) calls take_rows(), so that data of any shape (a matrix of
# n rows, an n x height x width x channels array) is cut the same way, and a
# data source (idx_source(), csv_source()) reads the rows a batch asks for
# from its file: fit() and predict() then hold one batch of the inputs in
# memory, never the whole file, and compute the same doubles as on the same
# data read whole (read_data()).

# The rows `rows` of X (its first index), in that order, the other dimensions
# kept (drop = FALSE); NULL stays NULL (no sample weights). A data source
# reads them from disk.
take_rows <- function(X, rows) {
  if (is.null(X)) return(NULL)
  if (is_source(X)) return(source_rows(X, rows))
  d <- dim(X)
  if (length(d) == 2L) return(X[rows, , drop = FALSE])
  # R's arrays are column-major: the first index runs fastest, so the array
  # seen as an n x (everything else) matrix has the same rows
  flat <- X
  dim(flat) <- c(d[1L], prod(d[-1L]))
  out <- flat[rows, , drop = FALSE]
  dim(out) <- c(length(rows), d[-1L])
  out
}

# Is X a data source (rows read from disk as they are asked for)?
is_source <- function(X) inherits(X, "twinnet_source")

# fit()'s data when X is a data source: the source and the targets (Y, or the
# source's labels, read into memory); a batch of every row reads them all.
# Other data are returned as they are.
fit_data <- function(X, Y, batch_size, validation_fraction, validation_data) {
  if (is_source(Y)) {
    twinnet_stop("Y must be a matrix in memory; a data source gives the inputs, X")
  }
  if (is.list(validation_data) && !is_source(validation_data) &&
        any(vapply(validation_data, is_source, logical(1)))) {
    twinnet_stop("validation_data must be matrices in memory, not data sources")
  }
  if (!is_source(X)) return(list(X = X, Y = Y))
  if (is.null(batch_size)) {
    twinnet_stop("X is a data source: give batch_size (it is read one mini-batch at a time; ",
                 "a full batch would hold the whole file in memory)")
  }
  if (!is.null(validation_fraction)) {
    twinnet_stop("validation_fraction does not split a data source: give validation_data ",
                 "(X_val, Y_val) in memory instead")
  }
  if (is.null(Y)) Y <- source_targets(X)
  if (is.numeric(batch_size) && length(batch_size) == 1L && isTRUE(batch_size == X$n)) {
    X <- source_rows(X, seq_len(X$n))
  }
  list(X = X, Y = Y)
}

# The outputs of net for a data source, X$chunk_rows rows at a time.
predict_rows <- function(net, X) {
  out <- NULL
  for (start in seq(1, X$n, by = X$chunk_rows)) {
    part <- start:min(start + X$chunk_rows - 1, X$n)
    value <- stats::predict(net, source_rows(X, part))
    if (is.null(out)) out <- matrix(0, X$n, ncol(value))
    out[part, ] <- value
  }
  out
}

# The rows (1-based, in the order asked), their order when sorted, the sorted
# rows and where the runs of consecutive rows start.
run_starts <- function(rows) {
  rows <- as.numeric(rows)
  ord <- order(rows)
  ordered <- rows[ord]
  starts <- which(c(TRUE, diff(ordered) != 1))
  list(rows = rows, order = ord, ordered = ordered, starts = starts)
}

#' Data sources: inputs read from disk a batch at a time
#'
#' `idx_source()` reads IDX files (MNIST's format), `csv_source()` a CSV
#' file; [fit()] (with `batch_size`) and [predict()] take a source in place
#' of `X` and read only the rows each mini-batch asks for, so memory holds a
#' batch, not the file. The values are those of [read_data()] (IDX images one
#' row each divided by 255, labels one-hot; CSV by the rules of
#' [read_matrix()]), so training gives the same bits as on the data read
#' whole. See docs/streaming.md. Python: `twinnet.streaming.IdxSource`,
#' `CsvSource`.
#'
#' An IDX source must be a plain file (a gzip stream cannot seek: gunzip it
#' once); its labels may be gzipped and are read whole (the targets are held
#' in memory). A CSV source reads the file once when it is made, keeping
#' each row's byte offset (8 bytes a row) and checking every `chunk_rows`
#' rows; one record a line, lines ending in `\n` or `\r\n`.
#'
#' @param images_path A plain IDX file of at least 2 dimensions.
#' @param labels_path Its labels (an IDX file of 1 dimension), or `NULL`.
#' @param chunk_rows Rows read at a time when the source is checked and by
#'   [predict()].
#' @return A `twinnet_source`: `nrow()` and `ncol()` give its size.
#' @examples
#' dir <- tempfile()
#' dir.create(dir)
#' write_idx(array(0:59, c(5, 3, 4)), file.path(dir, "x-images-idx3-ubyte"), "ubyte")
#' write_idx(c(0, 1, 2, 1, 0), file.path(dir, "x-labels-idx1-ubyte"), "ubyte")
#' src <- idx_source(file.path(dir, "x-images-idx3-ubyte"),
#'                   file.path(dir, "x-labels-idx1-ubyte"))
#' net <- network(seed = 1, mode = "exact")
#' net <- add(net, dense(12, 3))
#' net <- add(net, activation("softmax"))
#' net <- use(net, "softmax_cross_entropy")
#' net <- fit(net, src, NULL, epochs = 2, batch_size = 2, shuffle = TRUE)
#' predict(net, src)
#' @export
idx_source <- function(images_path, labels_path = NULL, chunk_rows = 1024L) {
  path <- images_path
  chunk_rows <- check_positive_integer("chunk_rows", chunk_rows)
  if (!file.exists(path) || dir.exists(path)) twinnet_stop("IDX file not found: ", path)
  con <- file(path, "rb")
  head <- readBin(con, "raw", 4L)
  if (identical(head[1:2], as.raw(c(0x1F, 0x8B)))) {
    close(con)
    twinnet_stop("IDX file ", path, " is gzipped: a data source seeks to the rows of each ",
                 "batch, which a gzip stream cannot do; decompress it once (gunzip -k ",
                 path, ") and give the plain file")
  }
  magic <- as.integer(head)
  type <- match(magic[3], idx_types$code)
  if (length(head) < 4L || magic[1] != 0L || magic[2] != 0L || is.na(type) ||
        magic[4] == 0L) {
    close(con)
    twinnet_stop("IDX file ", path, " has a bad magic number ",
                 paste(sprintf("%02X", magic), collapse = " "),
                 ": expected 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) ",
                 "and the number of dimensions")
  }
  ndim <- magic[4]
  sizes <- readBin(con, "raw", 4L * ndim)
  close(con)
  if (length(sizes) < 4L * ndim) {
    twinnet_stop("IDX file ", path, " is truncated: ", fmt_count(4 + 4 * ndim),
                 " header bytes expected, ", fmt_count(4 + length(sizes)), " found")
  }
  dims <- colSums(matrix(as.numeric(sizes), 4L) * c(16777216, 65536, 256, 1))
  if (ndim < 2L) {
    twinnet_stop("IDX file ", path, " holds ", ndim, " dimension: a data source's inputs ",
                 "need at least 2 (one row per item); labels go in labels_path")
  }
  size <- idx_types$size[type]
  width <- prod(dims[-1L])
  offset <- 4 + 4 * ndim
  need <- dims[1L] * width * size
  found <- file.size(path) - offset
  if (found < need) {
    twinnet_stop("IDX file ", path, " is truncated: ", fmt_count(need),
                 " data bytes expected, ", fmt_count(found), " found")
  }
  if (found > need) {
    twinnet_stop("IDX file ", path, " has more data than its header announces (",
                 fmt_count(need), " bytes)")
  }
  if (dims[1L] == 0 || width == 0) {
    twinnet_stop("X (", path, ") is empty (", fmt_count(dims[1L]), " x ", fmt_count(width), ")")
  }
  structure(list(path = path, name = "X", labels_path = labels_path, chunk_rows = chunk_rows,
                 type = idx_types$name[type], size = size, width = width, offset = offset,
                 n = dims[1L]),
            class = c("twinnet_idx_source", "twinnet_source"))
}

# The rows `rows` (1-based) of an IDX source, as read_data() gives them.
idx_source_rows <- function(src, rows) {
  r <- run_starts(rows)
  out <- matrix(0, length(r$rows), src$width)
  con <- file(src$path, "rb")
  on.exit(close(con))
  ends <- c(r$starts[-1L] - 1L, length(r$rows))
  row_bytes <- src$width * src$size
  for (i in seq_along(r$starts)) {
    a <- r$starts[i]
    b <- ends[i]
    seek(con, src$offset + (r$ordered[a] - 1) * row_bytes)
    count <- (b - a + 1) * src$width
    values <- switch(
      src$type,
      ubyte = readBin(con, "integer", count, size = 1L, signed = FALSE),
      byte = readBin(con, "integer", count, size = 1L, signed = TRUE),
      short = readBin(con, "integer", count, size = 2L, endian = "big"),
      int = readBin(con, "integer", count, size = 4L, endian = "big"),
      float = readBin(con, "numeric", count, size = 4L, endian = "big"),
      double = readBin(con, "numeric", count, size = 8L, endian = "big")
    )
    if (length(values) < count) {
      twinnet_stop("IDX file ", src$path, " was cut short while it was read")
    }
    out[a:b, ] <- matrix(values, b - a + 1, src$width, byrow = TRUE)
  }
  out <- out / 255
  result <- out
  result[r$order, ] <- out
  result
}

# The labels one-hot (read_data()), or an error without labels.
idx_source_targets <- function(src) {
  if (is.null(src$labels_path)) {
    twinnet_stop("X is a data source of ", src$path, " without labels: give Y, ",
                 "or labels_path when the source is made")
  }
  Y <- read_data(src$labels_path, "Y")
  if (nrow(Y) != src$n) {
    twinnet_stop("IDX file ", src$path, " holds ", fmt_count(src$n), " rows but labels file ",
                 src$labels_path, " holds ", nrow(Y), " labels")
  }
  Y
}

#' @export
print.twinnet_idx_source <- function(x, ...) {
  cat("idx_source(", x$path, ": ", fmt_count(x$n), " x ", fmt_count(x$width), ")\n", sep = "")
  invisible(x)
}

#' @rdname idx_source
#' @param path A CSV file with a header row.
#' @param label The columns holding the targets (names): `fit(net, source,
#'   NULL, ...)` then needs no `Y`; the other columns are the inputs.
#' @param name What the file holds, for messages.
#' @export
csv_source <- function(path, label = NULL, chunk_rows = 10000L, name = "X") {
  chunk_rows <- check_positive_integer("chunk_rows", chunk_rows)
  if (!file.exists(path) || dir.exists(path)) twinnet_stop(name, " file not found: ", path)
  index <- csv_index(path, name)
  src <- list(path = path, name = name, chunk_rows = chunk_rows, header = raw(0),
              header_line = 1)
  first <- 0L
  if (length(index$starts)) {
    con <- file(path, "rb")
    seek(con, index$starts[1L])
    src$header <- readBin(con, "raw", index$ends[1L] - index$starts[1L])
    close(con)
    src$header_line <- index$lines[1L]
    first <- 1L
  }
  src$offsets <- c(index$starts[-seq_len(first)], file.size(path))
  src$lines <- index$lines[-seq_len(first)]
  n <- length(src$offsets) - 1L
  for (start in seq(1, max(n, 1), by = chunk_rows)) {
    stop_row <- min(start + chunk_rows - 1, n)
    rows <- if (stop_row >= start) start:stop_row else numeric(0)
    names <- csv_source_parse(src, rows, if (length(rows)) 1L else integer(0))$names
  }
  src$lines <- NULL  # line numbers are only needed for the messages of this check
  src$names <- names
  label_columns <- integer(0)
  if (!is.null(label)) {
    missing_label <- setdiff(label, names)
    if (length(missing_label)) {
      twinnet_stop("label column '", missing_label[1], "' is not in ", name, " file ", path,
                   "; its columns: ", paste(names, collapse = ", "))
    }
    label_columns <- which(names %in% label)
  }
  src$label_columns <- label_columns
  src$input_columns <- setdiff(seq_along(names), label_columns)
  if (!length(src$input_columns)) {
    twinnet_stop(name, " file ", path, " has no input column besides the labels")
  }
  src$n <- n
  src$width <- length(src$input_columns)
  structure(src, class = c("twinnet_csv_source", "twinnet_source"))
}

# Names and values of the sorted rows `ordered` (runs at `starts`), parsed as
# read_matrix() parses a file; messages name the file's lines.
csv_source_parse <- function(src, ordered, starts) {
  header <- src$header
  newline <- as.raw(10L)
  breaks <- as.raw(c(10L, 13L))
  if (!length(header) || !(header[length(header)] %in% breaks)) header <- c(header, newline)
  parts <- list(header)
  ends <- c(starts[-1L] - 1L, length(ordered))
  if (length(starts)) {
    con <- file(src$path, "rb")
    on.exit(close(con))
    for (i in seq_along(starts)) {
      a <- ordered[starts[i]]
      b <- ordered[ends[i]]
      seek(con, src$offsets[a])
      part <- readBin(con, "raw", src$offsets[b + 1] - src$offsets[a])
      if (!(part[length(part)] %in% breaks)) part <- c(part, newline)
      parts[[i + 1L]] <- part
    }
  }
  raw <- unlist(parts, use.names = FALSE)
  tmp <- tempfile(fileext = ".csv")
  on.exit(unlink(tmp), add = TRUE)
  writeBin(raw, tmp)
  message <- tryCatch({
    found <- csv_cells(csv_bytes(tmp, src$name), src$name, tmp)
    found$values <- as_matrix(paste0(src$name, " (", src$path, ")"), found$values)
    return(found)
  }, twinnet_error = function(e) conditionMessage(e))
  if (!is.null(src$lines)) {  # the check when the source is made: one run of rows
    hits <- gregexpr("line [0-9]+", message)
    regmatches(message, hits) <- list(vapply(regmatches(message, hits)[[1]], function(s) {
      k <- as.numeric(sub("line ", "", s))
      line <- if (k == 1) src$header_line else src$lines[ordered[1]] + k - 2
      paste0("line ", fmt_count(line))
    }, ""))
  }
  twinnet_stop(gsub(tmp, src$path, message, fixed = TRUE))
}

# The columns `columns` of the rows `rows` (1-based) of a CSV source.
csv_source_read <- function(src, rows, columns) {
  r <- run_starts(rows)
  out <- matrix(0, length(r$rows), length(columns))
  if (length(r$rows)) {
    out[r$order, ] <- csv_source_parse(src, r$ordered, r$starts)$values[, columns, drop = FALSE]
  }
  out
}

# The input columns of the rows `rows` (1-based) of a CSV source.
csv_source_rows <- function(src, rows) csv_source_read(src, rows, src$input_columns)

# The label columns of every row, read chunk_rows at a time.
csv_source_targets <- function(src) {
  if (!length(src$label_columns)) {
    twinnet_stop("X is a data source of ", src$path, " without labels: give Y, ",
                 "or label (the target columns) when the source is made")
  }
  Y <- matrix(0, src$n, length(src$label_columns))
  for (start in seq(1, src$n, by = src$chunk_rows)) {
    part <- start:min(start + src$chunk_rows - 1, src$n)
    Y[part, ] <- csv_source_read(src, part, src$label_columns)
  }
  Y
}

#' @export
print.twinnet_csv_source <- function(x, ...) {
  cat("csv_source(", x$path, ": ", fmt_count(x$n), " x ", fmt_count(x$width), ")\n", sep = "")
  invisible(x)
}

# Byte offsets (0-based) of the file's non-blank lines, their line numbers
# (from 1) and where each ends (after its line break); a UTF-8 byte-order
# mark is skipped. Read a block at a time: memory holds a block and the
# offsets.
csv_index <- function(path, name) {
  con <- file(path, "rb")
  on.exit(close(con))
  skip <- if (identical(readBin(con, "raw", 3L), as.raw(c(0xef, 0xbb, 0xbf)))) 3 else 0
  seek(con, skip)
  nl <- as.raw(10L)
  cr <- as.raw(13L)
  found <- list()  # per block: the offsets after each \n, and whether \r\n
  position <- skip
  last <- as.raw(0L)
  lines_before <- 0
  repeat {
    block <- readBin(con, "raw", 1048576L)
    if (!length(block)) break
    at <- which(block == nl)
    crs <- which(block == cr)
    next_byte <- c(block[-1L], as.raw(0L))[crs]
    lone <- crs[next_byte != nl & crs < length(block)]
    if (last == cr && block[1L] != nl) lone <- c(0L, lone)
    if (length(lone)) {
      lone_cr(path, name, lines_before + sum(at < lone[1L]) + 1)
    }
    before <- c(last, block)[at]  # the byte before each \n
    found[[length(found) + 1L]] <- cbind(position + at, before == cr)
    lines_before <- lines_before + length(at)
    position <- position + length(block)
    last <- block[length(block)]
  }
  if (last == cr) lone_cr(path, name, lines_before + 1)
  brk <- do.call(rbind, c(list(matrix(numeric(0), 0, 2)), found))
  ends <- brk[, 1]
  starts <- c(skip, ends)
  stops <- c(ends, position)
  body <- stops - starts - c(1 + brk[, 2], 0)
  keep <- body > 0
  list(starts = starts[keep], lines = seq_along(starts)[keep], ends = stops[keep])
}

lone_cr <- function(path, name, line) {
  twinnet_stop(name, " file ", path, ": line ", fmt_count(line), " holds a lone carriage ",
               "return; a data source reads files whose lines end with \\n or \\r\\n")
}

#' @export
# one side: Python's sources carry .shape; R's nrow() and ncol() ask dim()
dim.twinnet_source <- function(x) as.numeric(c(x$n, x$width))

# one side: R dispatches by class where Python calls the object's method
source_rows <- function(src, rows) {
  if (inherits(src, "twinnet_idx_source")) return(idx_source_rows(src, rows))
  csv_source_rows(src, rows)
}

# one side: R dispatches by class where Python calls the object's method
source_targets <- function(src) {
  if (inherits(src, "twinnet_idx_source")) idx_source_targets(src) else csv_source_targets(src)
}
