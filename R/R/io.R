# Files: CSV data, config.json and the JSON model file (docs/formats.md).
# Numbers are written with sprintf("%.15g"), "%.16g" or "%.17g", the shortest
# that reads back to the same double (jsonlite's own toJSON writes 15
# significant digits and does not round-trip); the Python twin writes
# repr(). Files are written to a temporary name in the target folder and
# renamed into place, so a model or prediction file is written whole or not
# at all. Twin: python/src/twinnet/io.py.

model_format <- "twinnet-model"
model_version <- 1L

config_defaults <- list(
  layers = NULL, network = NULL, lr = 0.1, seed = 42, mode = "blas",
  loss = "half_sse", activation = "sigmoid", bias = TRUE, init_weights = NULL,
  init_biases = NULL, batch_size = NULL, shuffle = FALSE, optimizer = "sgd",
  momentum = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, decay = 0,
  x_test = NULL, y_test = NULL, description = ""
)
config_required <- c("x", "y", "epochs")
# Training settings of a network (an mlp's are its lr alone).
fit_keys <- c("lr", network_only_keys)  # config.R (sourced before io.R)

# R's own reading of numbers (as.numeric, read.csv, scan) is not correctly
# rounded: of 100,000 shortest round-trip strings (Python's repr) of doubles
# with exponents up to +-300, 19 came back one ULP off. jsonlite's parser is
# exact, so every number with a fraction or an exponent in JSON syntax goes
# through it. R reads the rest: integers (exact up to 19 digits, and jsonlite
# would read "-0" as +0), forms JSON lacks (".5", "Inf"), and decides what is
# not a number at all.
json_number <- "^-?(0|[1-9][0-9]*)([.][0-9]+([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)$"

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

# A file R's readers can read: the file itself, or a copy without its
# byte-order mark.
csv_source <- function(path, raw) {
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
  source <- csv_source(path, raw)
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
#' @return A numeric matrix.
#' @examples
#' path <- tempfile(fileext = ".csv")
#' write_matrix(toy_data()$X, path, prefix = "x")
#' read_data(path)
#' @export
read_data <- function(path, name = "X") {
  if (!is_idx(path)) return(read_matrix(path, name))
  values <- read_idx(path)
  if (is.null(dim(values)) || length(dim(values)) == 1L) {
    return(one_hot(as.vector(values)))
  }
  d <- dim(values)
  flat <- matrix(aperm(values, c(1L, rev(seq_along(d)[-1L]))), d[1L])
  flat / 255
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

# Temporary files are named ".twinnet-PID-RANDOM.tmp". Leftovers of a killed
# run (its process no longer running, or any older than an hour) are removed
# by the next write into their folder (docs/inputs.md, "Writing files").
stale_seconds <- 3600
temp_pattern <- "^[.]twinnet-.*[.]tmp$"
temp_pid_pattern <- "^[.]twinnet-([0-9]+)-.*[.]tmp$"

# Is process `pid` running on this machine (as any user)?
process_running <- function(pid) {
  if (pid == Sys.getpid()) return(TRUE)
  if (dir.exists("/proc/self")) return(dir.exists(file.path("/proc", pid)))
  tools::pskill(pid, 0L)
}
# Names of open file descriptors (--out /dev/stdout): written directly,
# appended to (the shell opened them), even when they lead to a regular file.
descriptor_paths <- "^(/dev/stdout|/dev/stderr|/dev/fd/|/proc/)"

# A path as the C library sees it. Under the C locale, names that jsonlite
# read (marked UTF-8) cannot be translated to the native (ASCII) encoding:
# their bytes are passed on as they are, UTF-8, as Python does there.
native_path <- function(path) {
  if (is.character(path) && !isTRUE(l10n_info()[["UTF-8"]]) &&
        identical(l10n_info()$codeset, "ANSI_X3.4-1968")) {
    Encoding(path)[Encoding(path) == "UTF-8"] <- "unknown"
  }
  path
}

# The reason in a base R message such as "cannot open file 'f': Permission
# denied" or "cannot rename file 'a' to 'b', reason 'Permission denied'",
# the C library's words as Python shows them.
os_reason <- function(message) {
  if (grepl("reason '.*'$", message)) return(sub(".*reason '(.*)'$", "\\1", message))
  sub(".*: +", "", message)
}

# The file a chain of symbolic links leads to (it may not exist yet).
link_target <- function(path) {
  for (i in seq_len(40L)) {
    link <- Sys.readlink(path)
    if (is.na(link) || !nzchar(link)) break
    path <- if (startsWith(link, "/")) link else file.path(dirname(path), link)
  }
  path
}

remove_stale_temporaries <- function(folder) {
  names <- list.files(folder, pattern = temp_pattern, all.files = TRUE,
                      full.names = TRUE, no.. = TRUE)
  if (!length(names)) return(invisible())
  info <- file.info(names, extra_cols = FALSE)
  base <- basename(names)
  pid <- ifelse(grepl(temp_pid_pattern, base), sub(temp_pid_pattern, "\\1", base), NA)
  dead <- vapply(pid, function(p) !is.na(p) && !process_running(as.numeric(p)), TRUE)
  old <- !is.na(info$isdir) & !info$isdir & !nzchar(Sys.readlink(names)) &
    (as.numeric(Sys.time()) - as.numeric(info$mtime) > stale_seconds | dead)
  suppressWarnings(unlink(names[old]))
  invisible()
}

# Write text lines (each ended by "\n", as UTF-8) or raw bytes to a file,
# whole or not at all, by the rules of docs/inputs.md ("Writing files"): a
# regular file is written to a temporary file beside it and renamed into
# place (a new file gets the permissions the umask gives, an existing one
# keeps its own); a symbolic link has its target written; a device or pipe
# is written directly. Twin: _write_atomically in python/src/twinnet/io.py.
# The checks of writing `path` that need no writing: an empty name, a folder,
# a missing folder are errors. train runs them before it reads any data, so
# that a bad --out does not cost a training run. Returns the file's kind
# (twinnet_file_kind). Twin: check_writable in python/src/twinnet/io.py.
check_writable <- function(path) {
  path <- native_path(path)
  if (identical(path, "")) twinnet_stop("could not write '': the file name is empty")
  kind <- .Call(twinnet_file_kind, path)
  if (kind == 2L) twinnet_stop("could not write ", path, ": it is a folder")
  if (kind == 3L) return(kind)  # a device or pipe: written directly
  folder <- dirname(link_target(path))
  if (!dir.exists(folder)) {
    twinnet_stop("could not write ", path, ": folder ", folder, " does not exist")
  }
  kind
}

write_atomically <- function(path, lines) {
  path <- native_path(path)
  kind <- check_writable(path)
  failed <- function(e) {
    twinnet_stop("could not write ", path, ": ", os_reason(conditionMessage(e)))
  }
  put <- function(con) {  # write, then close (where a full disk shows)
    tryCatch(
      if (is.raw(lines)) writeBin(lines, con) else writeLines(lines, con, sep = "\n"),
      error = function(e) {
        suppressWarnings(close(con))
        failed(e)
      })
    problem <- NULL  # close() warns of a full disk; let it finish closing
    withCallingHandlers(close(con), warning = function(w) {
      problem <<- w
      invokeRestart("muffleWarning")
    })
    if (!is.null(problem)) failed(problem)
  }
  if (kind == 3L || (kind == 1L && grepl(descriptor_paths, path))) {
    put(tryCatch(file(path, open = "ab", raw = TRUE), error = failed, warning = failed))
    return(invisible(path))
  }
  target <- link_target(path)
  folder <- dirname(target)
  remove_stale_temporaries(folder)
  tmp <- tempfile(pattern = paste0(".twinnet-", Sys.getpid(), "-"), tmpdir = folder,
                  fileext = ".tmp")
  ok <- FALSE
  on.exit(if (!ok) unlink(tmp))  # also on an interrupt
  put(tryCatch(file(tmp, open = "wb"), error = failed, warning = failed))
  if (kind == 1L) {
    Sys.chmod(tmp, file.info(target, extra_cols = FALSE)$mode, use_umask = FALSE)
  }
  tryCatch(file.rename(tmp, target), error = failed, warning = failed)
  ok <- TRUE
  invisible(path)
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

#' Read a config.json
#'
#' Data file names are taken relative to the config file.
#'
#' @param path File name.
#' @return A list with every config key (defaults filled in) and the data
#'   paths made absolute.
#' @examples
#' dir <- tempfile("config-")
#' dir.create(dir)
#' d <- toy_data()
#' write_matrix(d$X, file.path(dir, "x.csv"), prefix = "x")
#' write_matrix(matrix(d$y), file.path(dir, "y.csv"))
#' writeLines('{"x": "x.csv", "y": "y.csv", "layers": [4, 3, 1], "epochs": 100}',
#'            file.path(dir, "config.json"))
#' config <- read_config(file.path(dir, "config.json"))
#' config$lr  # the default, Analytics Vidhya's
#' model <- train_from_config(config, read_matrix(config$x),
#'                            read_matrix(config$y, "Y"))
#' model
#' @export
read_config <- function(path) {
  config <- check_config(load_json(path, "config"), path)
  out <- utils::modifyList(config_defaults, config)
  base <- dirname(normalizePath(path))
  relative_to_config <- function(p) {
    p <- native_path(p)  # under the C locale too (docs/inputs.md)
    ifelse(grepl("^(/|[A-Za-z]:[/\\\\])", p), p, file.path(base, p))
  }
  for (key in c("x", "y", "x_test", "y_test", "init_weights", "init_biases")) {
    if (!is.null(out[[key]])) out[[key]] <- relative_to_config(unlist(out[[key]]))
  }
  out
}

#' Build a network from layer descriptions
#'
#' @param specs A list of layers, each a list such as
#'   `list(type = "dense", n_in = 2, n_out = 3, init = "aflak")` or
#'   `list(type = "activation", name = "tanh")` (as in config.json).
#' @param seed,mode As for [network()].
#' @param loss Optional loss for [use()].
#' @param weights,biases Optional parameters for the dense layers instead of
#'   drawn ones.
#' @return A network.
#' @examples
#' specs <- list(list(type = "dense", n_in = 2, n_out = 3, init = "aflak"),
#'               list(type = "activation", name = "tanh"),
#'               list(type = "dense", n_in = 3, n_out = 1, init = "aflak"),
#'               list(type = "activation", name = "tanh"))
#' network_from_specs(specs, seed = 42, loss = "mse")
#' @export
network_from_specs <- function(specs, seed = 42, mode = "blas", loss = NULL,
                               weights = NULL, biases = NULL) {
  if (!is.list(specs) || !length(specs)) {
    twinnet_stop("network must be a non-empty list of layers")
  }
  is_dense <- vapply(specs, function(s) is.list(s) && identical(s$type, "dense"),
                     logical(1))
  if (!is.null(weights) && length(weights) != sum(is_dense)) {
    twinnet_stop(length(weights), " weight matrices were given for ",
                 sum(is_dense), " layers")
  }
  net <- network(seed = seed, mode = mode)
  k <- 0L
  b <- 0L
  for (i in seq_along(specs)) {
    spec <- specs[[i]]
    kind <- if (is.list(spec)) spec$type
    if (identical(kind, "dense")) {
      unknown <- setdiff(names(spec), c("type", "n_in", "n_out", "bias", "init"))
      layer <- dense(spec$n_in, spec$n_out,
                     bias = if (is.null(spec$bias)) TRUE else spec$bias,
                     init = if (is.null(spec$init)) "normal" else spec$init)
      if (!is.null(weights)) {
        k <- k + 1L
        bias_row <- NULL
        if (layer$has_bias && b < length(biases)) {
          b <- b + 1L
          bias_row <- biases[[b]]
        }
        params <- check_dense_params(layer, weights[[k]], bias_row,
                                     paste("layer", i))
        layer$weights <- params$weights
        layer$bias_row <- params$bias
      }
    } else if (identical(kind, "activation")) {
      unknown <- setdiff(names(spec), c("type", "name"))
      layer <- activation(if (is.null(spec$name)) "sigmoid" else spec$name)
    } else {
      twinnet_stop("unknown layer type ", show_value(kind), " in layer ", i,
                   "; choose one of dense, activation")
    }
    if (length(unknown)) {
      twinnet_stop("layer ", i, " has unknown keys: ",
                   paste(sort(unknown), collapse = ", "))
    }
    net <- add(net, layer)
  }
  if (!is.null(loss)) net <- use(net, loss)
  net
}

#' Build the untrained model a config describes
#'
#' An [mlp()] (`layers` in the config) or a [network()] (`network`), from
#' its seed or initial-weight files.
#'
#' @param config A list from [read_config()].
#' @return A model.
#' @examples
#' config <- list(layers = c(2, 3, 1), lr = 0.5, seed = 1, mode = "blas",
#'                loss = "half_sse", activation = "sigmoid", bias = TRUE)
#' model_from_config(config)
#' @export
model_from_config <- function(config) {
  weights <- biases <- NULL
  if (!is.null(config$init_weights)) {
    weights <- lapply(seq_along(config$init_weights), function(l) {
      read_matrix(config$init_weights[l], paste("initial weights of layer", l))
    })
  }
  if (!is.null(config$init_biases)) {
    biases <- lapply(seq_along(config$init_biases), function(l) {
      read_matrix(config$init_biases[l], paste("initial biases of layer", l))
    })
  }
  if (!is.null(config$network)) {
    if (!is.null(weights) || !is.null(biases)) {
      twinnet_stop("initial weight files are read for layers configs only")
    }
    return(network_from_specs(config$network, config$seed, config$mode,
                              config$loss))
  }
  mlp(layers = config$layers, lr = config$lr, seed = config$seed,
      mode = config$mode, loss = config$loss, activation = config$activation,
      bias = config$bias, weights = weights, biases = biases)
}

#' Build the model a config describes and train it as the config says
#'
#' @param config A list from [read_config()].
#' @param X,Y Input and target matrices.
#' @param model A model to continue instead of a new one.
#' @param epochs Epochs to train (the config's by default).
#' @param ... Passed to [fit()]: progress, checkpoint_every, checkpoint_path,
#'   on_epoch.
#' @return The trained model.
#' @examples
#' config <- list(layers = c(2, 3, 1), lr = 1, seed = 1, mode = "blas",
#'                loss = "mse", activation = "sigmoid", bias = TRUE,
#'                epochs = 300)
#' d <- xor_data()
#' model <- train_from_config(config, d$X, d$y)
#' predict(model, d$X)
#' @export
train_from_config <- function(config, X, Y, model = NULL, epochs = NULL, ...) {
  if (is.null(model)) model <- model_from_config(config)
  if (is.null(epochs)) epochs <- config$epochs
  given <- config[intersect(fit_keys, names(config))]
  if (inherits(model, "twinnet_mlp")) {
    # a network setting an MLP would not use is an error, never ignored
    unused <- Filter(function(k) {
      !is.null(config[[k]]) &&
        !isTRUE(all.equal(config[[k]], config_defaults[[k]], check.attributes = FALSE))
    }, network_only_keys)
    if (length(unused)) {
      twinnet_stop(paste(unused, collapse = ", "),
                   if (length(unused) == 1L) " is a setting" else " are settings",
                   " of network configs only (an MLP trains full batch with plain",
                   " gradient descent)")
    }
    return(fit(model, X, Y, epochs, ...))
  }
  settings <- utils::modifyList(config_defaults[fit_keys], given)
  do.call(fit, c(list(model, X, Y, epochs), settings, list(...)))
}

#' Units per dense layer, input first
#'
#' @param model A network or an mlp.
#' @return An integer vector, e.g. `c(2, 3, 1)`.
#' @examples
#' network_sizes(mlp(c(4, 3, 1)))
#' @export
network_sizes <- function(model) {
  dense <- model$layers[dense_indices(model)]
  if (!length(dense)) return(integer(0))
  c(dense[[1]]$n_in, vapply(dense, function(l) l$n_out, integer(1)))
}

json_numbers <- function(x) paste0("[", paste(num_text(x), collapse = ","), "]")

json_matrix <- function(m) {
  paste0("[", paste(apply(m, 1, json_numbers), collapse = ","), "]")
}

verbatim <- function(text) structure(text, class = "json")

#' Save a model as JSON, whole or not at all
#'
#' @param model A `"twinnet"` model, or a fit from [twinnet()] (saved with
#'   an `"estimator"` entry: classes, input names, formula, settings; it loads
#'   as a fitted `TwinnetClassifier`/`TwinnetRegressor` in Python).
#' @param path File to write.
#' @examples
#' d <- toy_data()
#' model <- fit(mlp(c(4, 3, 1), seed = 42), d$X, d$y, epochs = 100)
#' path <- tempfile(fileext = ".json")
#' save_model(model, path)
#' again <- load_model(path)
#' identical(again$weights, model$weights)
#' @export
save_model <- function(model, path) {
  estimator <- NULL
  if (inherits(model, "twinnet_fit")) {  # twinnet()'s fit: its network and estimator entry
    estimator <- estimator_entry(model)
    model <- model$network
  }
  if (!inherits(model, "twinnet_network")) {
    twinnet_stop("model must be a twinnet model (an MLP, a Network or a fitted estimator)")
  }
  if (inherits(model, "twinnet_mlp")) {
    config <- list(
      layers = model$sizes, activation = model$activation, loss = model$loss,
      lr = verbatim(num_text(model$lr)), seed = model$seed, bias = model$bias,
      mode = model$mode
    )
  } else {
    if (any(vapply(model$layers, function(l) identical(l$name, "custom"),
                   logical(1)))) {
      twinnet_stop("a network with a custom activation cannot be saved")
    }
    specs <- lapply(model$layers, function(l) {
      if (l$kind == "dense") {
        list(type = "dense", n_in = l$n_in, n_out = l$n_out, bias = l$has_bias,
             init = l$init)
      } else {
        list(type = "activation", name = l$name)
      }
    })
    config <- list(network = specs, loss = model$loss, seed = model$seed,
                   mode = model$mode)
  }
  content <- list(
    format = model_format,
    version = model_version,
    config = config,
    weights = verbatim(paste0("[", paste(vapply(model$weights, json_matrix,
                                                 ""), collapse = ","), "]")),
    biases = verbatim(paste0("[", paste(vapply(model$biases, json_numbers, ""),
                                        collapse = ","), "]")),
    loss_history = verbatim(json_numbers(model$loss_history)),
    rng_state = verbatim(rng_json(model$rng_state)),
    optimizer = optimizer_json(model)
  )
  content$estimator <- estimator  # only for a fit (NULL leaves no entry)
  text <- jsonlite::toJSON(content, auto_unbox = TRUE, null = "null",
                           json_verbatim = TRUE, pretty = TRUE)
  write_atomically(path, text)
}

# R's .Random.seed as JSON: a word 0x80000000 is NA_integer_ in R, written as
# the 32-bit integer it is (Python writes the same).
rng_json <- function(state) {
  words <- sprintf("%d", state)
  words[is.na(state)] <- "-2147483648"
  paste0("[", paste(words, collapse = ","), "]")
}

# The optimiser's settings and state, so that training resumes exactly (NULL
# for plain gradient descent, which keeps no state). Arrays in the order
# weights..., biases..., each a list of rows.
optimizer_json <- function(model) {
  opt <- model$optimizer
  if (is.null(opt)) return(NULL)
  matrices <- function(ms) {
    verbatim(paste0("[", paste(vapply(ms, json_matrix, ""), collapse = ","), "]"))
  }
  state <- lapply(opt$state, function(v) {
    if (is.list(v)) matrices(v) else verbatim(num_text(v))
  })
  if (!length(state)) state <- structure(list(), names = character(0))
  settings <- lapply(opt$key[[2]], function(v) verbatim(num_text(v)))
  if (!length(settings)) settings <- structure(list(), names = character(0))
  list(name = opt$key[[1]], settings = settings, state = state)
}

# Give a network the optimiser a checked model file holds (see
# check_model_optimizer): list(key = list(name, settings), state), or NULL
# for plain gradient descent.
optimizer_from_json <- function(data) {
  if (is.null(data)) return(NULL)
  state <- if (length(data$state)) data$state
  list(key = list(data$name, data$settings), state = state)
}

# ---- model files
# Every entry of a model file is checked before anything is built from it, in
# this order, by functions of the same names and with the same messages as in
# the Python twin (python/src/twinnet/io.py): the file (format, version,
# keys), the config, the weights, the biases, the loss history, the
# generator's state and the optimiser (docs/inputs.md, "Model files").

model_keys <- c("format", "version", "config", "weights", "biases",
                "loss_history", "rng_state", "optimizer")
# Top-level entries the format defines but does not require (a fitted
# estimator's, docs/formats.md).
model_optional_keys <- "estimator"
mlp_config_keys <- c("layers", "activation", "loss", "lr", "seed", "bias", "mode")
network_config_keys <- c("network", "loss", "seed", "mode")
optimizer_settings <- list(momentum = "momentum",
                           adam = c("beta1", "beta2", "epsilon"))
optimizer_state_keys <- list(momentum = "velocity",
                             adam = c("t", "b1t", "b2t", "m", "v"))
rng_kind <- 10403  # .Random.seed[1] for Mersenne-Twister, Inversion, Rejection
rng_length <- 626L
int_max <- 2147483647

is_json_object <- function(x) is.list(x) && !is.null(names(x))
is_json_list <- function(x) is.list(x) && is.null(names(x))
is_json_number <- function(x) is.numeric(x) && length(x) == 1L

# The JSON type of a value in words (the Python twin says the same).
entry_kind <- function(value) {
  if (is.null(value)) return("null")
  if (is.logical(value)) return("a boolean")
  if (is.numeric(value)) return("a number")
  if (is.character(value)) return("a string")
  if (is_json_list(value)) return("a list")
  "an object"
}

# What a file holds where something else is due: a number as written back,
# anything else by its JSON type.
entry_found <- function(value) {
  if (is_json_number(value)) num_text(as.numeric(value)) else entry_kind(value)
}

whole_text <- function(x) sprintf("%.0f", x)

check_entry_whole <- function(where, value, low, high) {
  ok <- is_json_number(value) && is.finite(value) && value == round(value) &&
    value >= low && value <= high
  if (!ok) {
    twinnet_stop(where, " must be a whole number in [", whole_text(low), ", ",
                 whole_text(high), "], got ", entry_found(value))
  }
  as.numeric(value)
}

check_entry_real <- function(where, value, what, ok) {
  if (!is_json_number(value) || !isTRUE(ok(as.numeric(value)))) {
    twinnet_stop(where, " must be ", what, ", got ", entry_found(value))
  }
  as.numeric(value)
}

check_entry_string <- function(where, value, null = FALSE) {
  if ((null && is.null(value)) || (is.character(value) && length(value) == 1L)) {
    return(value)
  }
  twinnet_stop(where, " must be ", if (null) "a string or null" else "a string",
               ", got ", entry_found(value))
}

check_entry_flag <- function(where, value) {
  if (!is.logical(value) || length(value) != 1L || is.na(value)) {
    twinnet_stop(where, " must be true or false, got ", entry_found(value))
  }
  value
}

# A JSON object with every key of `required` and no key outside `required`
# and `optional`.
check_entry_object <- function(where, value, required, optional = character(0)) {
  if (!is_json_object(value)) {
    twinnet_stop(where, " must be an object, got ", entry_found(value))
  }
  for (key in required) {
    if (!(key %in% names(value))) twinnet_stop(where, " has no '", key, "'")
  }
  unknown <- sort(setdiff(names(value), c(required, optional)), method = "radix")
  if (length(unknown)) {
    twinnet_stop(where, " has unknown keys: ", paste(unknown, collapse = ", "))
  }
  value
}

check_entry_list <- function(where, value, count, unit, why = "") {
  if (!is_json_list(value)) {
    twinnet_stop(where, " must be a list of ", count, " ", unit, ", got ",
                 entry_found(value))
  }
  if (length(value) != count) {
    twinnet_stop(where, " must have ", count, " ", unit, why, ", got ",
                 length(value))
  }
  value
}

# A list of finite numbers (`count` of them when given), as a double vector.
check_entry_numbers <- function(where, values, count = NULL) {
  if (is.null(count)) {
    if (!is_json_list(values)) {
      twinnet_stop(where, " must be a list of numbers, got ", entry_found(values))
    }
  } else {
    check_entry_list(where, values, count, "numbers")
  }
  if (all(vapply(values, is.numeric, NA)) && all(lengths(values) == 1L)) {
    out <- as.numeric(unlist(values))
    if (all(is.finite(out))) return(out)
  }
  for (i in seq_along(values)) {
    v <- values[[i]]
    if (!is_json_number(v) || !is.finite(v)) {
      twinnet_stop("value ", i, " of ", where, " must be a finite number, got ",
                   entry_found(v))
    }
  }
}

# A list of `n_rows` rows of `n_cols` finite numbers, as a matrix.
check_entry_matrix <- function(where, rows, n_rows, n_cols) {
  check_entry_list(where, rows, n_rows, "rows")
  checked <- lapply(seq_len(n_rows), function(i) {
    check_entry_numbers(paste0("row ", i, " of ", where), rows[[i]], n_cols)
  })
  matrix(unlist(checked), nrow = n_rows, ncol = n_cols, byrow = TRUE)
}

# The file itself: a twinnet model of version 1 with the format's keys.
check_model_file <- function(data, path) {
  if (!is_json_object(data) || !identical(data[["format"]], model_format)) {
    twinnet_stop("model file ", path, " is not a twinnet model")
  }
  if (!("version" %in% names(data))) {
    twinnet_stop("model file ", path, " has no 'version'")
  }
  version <- data[["version"]]
  if (!is_json_number(version)) {
    twinnet_stop("model file ", path, ": version must be a number, got ",
                 entry_found(version))
  }
  if (version != model_version) {  # 1.0 is 1: JSON does not tell them apart
    twinnet_stop("model file ", path, " has version ", entry_found(version),
                 "; this twinnet reads version ", model_version)
  }
  for (key in model_keys) {
    if (!(key %in% names(data))) twinnet_stop("model file ", path, " has no '", key, "'")
  }
  unknown <- sort(setdiff(names(data), c(model_keys, model_optional_keys)),
                  method = "radix")
  if (length(unknown)) {
    twinnet_stop("model file ", path, " has unknown keys: ",
                 paste(unknown, collapse = ", "))
  }
  invisible(data)
}

# The config: a layers (mlp) or a network config, every value of its JSON
# type. Returns the values and the dense layers' shapes (n_in, n_out, bias).
check_model_config <- function(cfg) {
  if (!is_json_object(cfg)) {
    twinnet_stop("config must be an object, got ", entry_found(cfg))
  }
  is_network <- "network" %in% names(cfg)
  check_entry_object("config", cfg,
                     if (is_network) network_config_keys else mlp_config_keys)
  if (is_network) {
    out <- check_network_specs(cfg[["network"]])
    out["loss"] <- list(check_entry_string("config entry 'loss'", cfg[["loss"]],
                                           null = TRUE))
  } else {
    layers <- cfg[["layers"]]
    if (!is_json_list(layers) || length(layers) < 2L) {
      found <- if (is_json_list(layers)) length(layers) else entry_found(layers)
      twinnet_stop("config entry 'layers' must be a list of at least 2 sizes, got ",
                   found)
    }
    sizes <- vapply(seq_along(layers), function(i) {
      as.integer(check_entry_whole(paste0("size ", i, " of config entry 'layers'"),
                                   layers[[i]], 1, int_max))
    }, integer(1))
    out <- list(
      layers = sizes,
      activation = check_entry_string("config entry 'activation'",
                                      cfg[["activation"]]),
      loss = check_entry_string("config entry 'loss'", cfg[["loss"]]),
      lr = check_entry_real("config entry 'lr'", cfg[["lr"]], "a positive number",
                            function(x) is.finite(x) && x > 0)
    )
  }
  seed <- cfg[["seed"]]
  if (!is.null(seed)) {
    seed <- as.integer(check_entry_whole("config entry 'seed'", seed, -int_max,
                                         int_max))
  }
  out["seed"] <- list(seed)
  if (!is_network) {
    out$bias <- check_entry_flag("config entry 'bias'", cfg[["bias"]])
    n <- length(sizes)
    out$shapes <- lapply(seq_len(n - 1L), function(l) {
      list(n_in = sizes[l], n_out = sizes[l + 1L], bias = out$bias)
    })
  }
  out$mode <- check_entry_string("config entry 'mode'", cfg[["mode"]])
  out
}

# A network config's layer list: the specs (sizes as integers) and the dense
# layers' shapes. Unknown layer types and keys are left to
# network_from_specs, whose messages say the same in both languages.
check_network_specs <- function(specs) {
  if (!is_json_list(specs) || !length(specs)) {
    found <- if (is_json_list(specs)) "an empty list" else entry_found(specs)
    twinnet_stop("config entry 'network' must be a non-empty list of layers, got ",
                 found)
  }
  out <- list(network = list(), shapes = list())
  for (i in seq_along(specs)) {
    spec <- specs[[i]]
    where <- paste0("layer ", i, " of the network")
    if (!is_json_object(spec)) {
      twinnet_stop(where, " must be an object, got ", entry_found(spec))
    }
    if (!("type" %in% names(spec))) twinnet_stop(where, " has no 'type'")
    kind <- check_entry_string(paste0("'type' of ", where), spec[["type"]])
    if (identical(kind, "dense")) {
      for (key in c("n_in", "n_out")) {
        if (!(key %in% names(spec))) twinnet_stop(where, " has no '", key, "'")
        spec[[key]] <- as.integer(check_entry_whole(
          paste0("'", key, "' of ", where), spec[[key]], 1, int_max))
      }
      if ("bias" %in% names(spec)) {
        check_entry_flag(paste0("'bias' of ", where), spec[["bias"]])
      }
      if ("init" %in% names(spec)) {
        check_entry_string(paste0("'init' of ", where), spec[["init"]])
      }
      bias <- if ("bias" %in% names(spec)) spec[["bias"]] else TRUE
      out$shapes[[length(out$shapes) + 1L]] <- list(
        n_in = spec[["n_in"]], n_out = spec[["n_out"]], bias = bias)
    } else if (identical(kind, "activation") && "name" %in% names(spec)) {
      check_entry_string(paste0("'name' of ", where), spec[["name"]])
    }
    out$network[[i]] <- spec
  }
  out
}

# One n_in x n_out matrix of finite numbers per dense layer.
check_model_weights <- function(weights, shapes) {
  check_entry_list("weights", weights, length(shapes), "matrices",
                   " (one per dense layer)")
  lapply(seq_along(shapes), function(l) {
    check_entry_matrix(paste("weight matrix", l), weights[[l]],
                       shapes[[l]]$n_in, shapes[[l]]$n_out)
  })
}

# One row of n_out finite numbers per dense layer with a bias.
check_model_biases <- function(biases, shapes) {
  outs <- unlist(lapply(shapes, function(s) if (s$bias) s$n_out))
  check_entry_list("biases", biases, length(outs), "rows",
                   " (one per dense layer with a bias)")
  lapply(seq_along(outs), function(k) {
    matrix(check_entry_numbers(paste("bias row", k), biases[[k]], outs[k]),
           nrow = 1L)
  })
}

# One finite number per epoch trained (a diverged run stops before it
# writes, so a model file never holds a non-finite loss).
check_model_loss_history <- function(history) {
  check_entry_numbers("loss_history", history)
}

# R's .Random.seed: 626 32-bit integers, 10403, the position in [1, 624] and
# 624 Mersenne-Twister words, not all zero (R would reseed from the clock).
check_model_rng_state <- function(state) {
  if (!is_json_list(state)) {
    twinnet_stop("rng_state must be a list of ", rng_length,
                 " whole numbers, got ", entry_found(state))
  }
  if (length(state) != rng_length) {
    twinnet_stop("rng_state must have ", rng_length, " numbers, got ",
                 length(state))
  }
  words <- vapply(seq_along(state), function(i) {
    check_entry_whole(paste0("value ", i, " of rng_state"), state[[i]],
                      -int_max - 1, int_max)
  }, numeric(1))
  if (words[1] != rng_kind) {
    twinnet_stop("value 1 of rng_state must be ", rng_kind,
                 " (R's Mersenne-Twister), got ", whole_text(words[1]))
  }
  if (words[2] < 1 || words[2] > rng_length - 2L) {
    twinnet_stop("value 2 of rng_state (the generator's position) must be in [1, ",
                 rng_length - 2L, "], got ", whole_text(words[2]))
  }
  if (all(words[-(1:2)] == 0)) {
    twinnet_stop("rng_state has all ", rng_length - 2L, " generator words zero")
  }
  # -2147483648 becomes NA_integer_: the same 32 bits, as in .Random.seed
  suppressWarnings(as.integer(words))
}

# NULL (plain gradient descent), or a network's momentum or Adam optimiser:
# its settings and its state, arrays shaped as the weights and biases
# (weights..., biases...).
check_model_optimizer <- function(opt, shapes, is_network) {
  if (is.null(opt)) return(NULL)
  if (!is_network) {
    twinnet_stop("optimizer must be null for a layers model, got ", entry_found(opt))
  }
  check_entry_object("optimizer", opt, c("name", "settings", "state"))
  name <- check_entry_string("optimizer name", opt[["name"]])
  if (!(name %in% names(optimizer_settings))) {
    twinnet_stop("unknown optimizer name '", name, "'; choose one of ",
                 paste(names(optimizer_settings), collapse = ", "))
  }
  keys <- optimizer_settings[[name]]
  settings <- check_entry_object("optimizer settings", opt[["settings"]], keys)
  below_one <- list("a number in [0, 1)", function(x) x >= 0 && x < 1)
  rules <- list(
    momentum = list("a number in [0, 1]", function(x) x >= 0 && x <= 1),
    beta1 = below_one, beta2 = below_one,
    epsilon = list("a positive number", function(x) is.finite(x) && x > 0)
  )
  settings <- lapply(stats::setNames(keys, keys), function(key) {
    check_entry_real(paste0("optimizer setting '", key, "'"), settings[[key]],
                     rules[[key]][[1]], rules[[key]][[2]])
  })
  state <- opt[["state"]]
  if (is_json_object(state) && !length(state)) {
    return(list(name = name, settings = settings, state = list()))
  }
  check_entry_object("optimizer state", state, optimizer_state_keys[[name]])
  arrays <- c(lapply(shapes, function(s) c(s$n_in, s$n_out)),
              lapply(Filter(function(s) s$bias, shapes), function(s) c(1L, s$n_out)))
  out <- list()
  for (key in optimizer_state_keys[[name]]) {
    where <- paste0("optimizer state '", key, "'")
    if (key == "t") {
      out[[key]] <- check_entry_whole(where, state[[key]], 1, int_max)
    } else if (key %in% c("b1t", "b2t")) {
      out[[key]] <- check_entry_real(where, state[[key]], below_one[[1]],
                                     below_one[[2]])
    } else {
      check_entry_list(where, state[[key]], length(arrays), "arrays",
                       " (one per weight matrix and bias row)")
      out[[key]] <- lapply(seq_along(arrays), function(k) {
        check_entry_matrix(paste0("array ", k, " of ", where), state[[key]][[k]],
                           arrays[[k]][1], arrays[[k]][2])
      })
    }
  }
  list(name = name, settings = settings, state = out)
}

# load_model() for the command line: the network of a fit's file (predict
# writes its outputs, compare compares its numbers). Twin: io.load_network.
load_network <- function(path) {
  model <- load_model(path)
  if (inherits(model, "twinnet_fit")) model$network else model
}

#' Read a model file written by either language
#'
#' Every entry is checked first (docs/inputs.md, "Model files"): a file a
#' user can write gives one error naming the entry.
#'
#' @param path File name.
#' @return A `"twinnet"` model; for a file with an `"estimator"` entry (a
#'   fit saved from [twinnet()] or from Python's `TwinnetClassifier`/
#'   `TwinnetRegressor`), a `"twinnet_fit"` whose [predict()] works on new
#'   data (docs/formats.md).
#' @examples
#' path <- tempfile(fileext = ".json")
#' save_model(mlp(c(2, 2, 1)), path)
#' load_model(path)
#' @export
load_model <- function(path) {
  data <- load_json(path, "model", simplify = FALSE)
  check_model_file(data, path)
  model <- tryCatch({
    cfg <- check_model_config(data[["config"]])
    weights <- check_model_weights(data[["weights"]], cfg$shapes)
    biases <- check_model_biases(data[["biases"]], cfg$shapes)
    history <- check_model_loss_history(data[["loss_history"]])
    rng_state <- check_model_rng_state(data[["rng_state"]])
    optimizer <- check_model_optimizer(data[["optimizer"]], cfg$shapes,
                                       !is.null(cfg$network))
    seed <- cfg$seed
    model <- if (!is.null(cfg$network)) {
      network_from_specs(cfg$network, if (is.null(seed)) 42 else seed, cfg$mode,
                         cfg$loss, weights, biases)
    } else {
      mlp(layers = cfg$layers, lr = cfg$lr, mode = cfg$mode, loss = cfg$loss,
          activation = cfg$activation, bias = cfg$bias, weights = weights,
          biases = biases)
    }
    model["seed"] <- list(seed)
    model$loss_history <- history
    model$rng_state <- rng_state
    model["optimizer"] <- list(optimizer_from_json(optimizer))
    model
  }, twinnet_error = function(e) {
    twinnet_stop("model file ", path, ": ", conditionMessage(e))
  })
  if ("estimator" %in% names(data)) {  # a fit: twinnet()'s object around the network
    model <- estimator_from_entry(data[["estimator"]], model, path)
  }
  model
}
