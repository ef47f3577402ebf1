# Compare two results bit by bit: model files or prediction CSVs, from either
# language. Twin: python/src/twinnet/compare.py (the same rows and verdict).

#' Largest distance in units in the last place between two numeric arrays
#'
#' Doubles are ordered like the numbers (sign-magnitude bits, so -0 and 0
#' meet); the distance counts the representable doubles between two values.
#' Exact below 2^53 (distances beyond that are rounded). NaN against a number
#' counts as 2^64, NaN against NaN as 0.
#'
#' @param a,b Numeric vectors or matrices of the same length.
#' @return A number.
#' @examples
#' ulps(1, 1 + .Machine$double.eps)
#' @export
ulps <- function(a, b) {
  a <- as.double(a)
  b <- as.double(b)
  if (length(a) != length(b)) {
    twinnet_stop("shapes differ: ", length(a), " and ", length(b), " values")
  }
  if (!length(a)) return(0)
  words <- function(x) {
    bytes <- matrix(as.integer(writeBin(x, raw(), size = 8L, endian = "little")),
                    nrow = 8L)
    place <- c(1, 256, 65536, 16777216)
    hi <- colSums(bytes[5:8, , drop = FALSE] * place)
    negative <- hi >= 2^31
    list(lo = colSums(bytes[1:4, , drop = FALSE] * place),
         hi = hi - negative * 2^31, negative = negative)
  }
  p <- words(a)
  q <- words(b)
  same_sign <- p$negative == q$negative
  d <- ifelse(same_sign,
              abs((p$hi - q$hi) * 2^32 + (p$lo - q$lo)),
              (p$hi * 2^32 + p$lo) + (q$hi * 2^32 + q$lo))
  nan_a <- is.nan(a) | is.na(a)
  nan_b <- is.nan(b) | is.na(b)
  d[nan_a | nan_b] <- ifelse(nan_a == nan_b, 0, 2^64)[nan_a | nan_b]
  max(d)
}

compare_row <- function(name, a, b) {
  a <- as.matrix(a)
  b <- as.matrix(b)
  if (!identical(dim(a), dim(b))) {
    return(list(quantity = name, values = length(a), differ = NA, max_abs = Inf,
                max_ulps = NA, note = paste0("shapes differ: (",
                  paste(dim(a), collapse = ", "), ") and (",
                  paste(dim(b), collapse = ", "), ")")))
  }
  equal <- (a == b) | (is.nan(a) & is.nan(b))
  differ <- sum(!equal | is.na(equal))
  list(quantity = name, values = length(a), differ = differ,
       max_abs = if (differ) max(abs(a - b)) else 0,
       max_ulps = ulps(a, b), note = "")
}

# What a file given to compare holds, by its name: a CSV or a model file.
compare_kind <- function(path) {
  if (grepl("\\.csv$", tolower(path))) "a CSV file" else "a model file"
}

#' Compare two model files or two prediction CSVs
#'
#' A file whose name ends in `.csv` is a CSV, any other a model file; a model
#' file against a CSV is an error that says so.
#'
#' @param path_a,path_b Model files (JSON, from either language) or CSV files.
#' @return A list of rows: quantity, values, differ, max_abs, max_ulps, note.
#' @examples
#' d <- toy_data()
#' a <- tempfile(fileext = ".json")
#' b <- tempfile(fileext = ".json")
#' save_model(fit(mlp(c(4, 3, 1), mode = "exact"), d$X, d$y, 50), a)
#' save_model(fit(mlp(c(4, 3, 1), mode = "blas"), d$X, d$y, 50), b)
#' rows <- compare_files(a, b)
#' rows[[1]]$max_abs  # how far the two modes are apart
#' @export
compare_files <- function(path_a, path_b) {
  kind_a <- compare_kind(path_a)
  kind_b <- compare_kind(path_b)
  if (kind_a != kind_b) {
    twinnet_stop("cannot compare ", path_a, " with ", path_b, ": ", path_a,
                 " is ", kind_a, " and ", path_b, " is ", kind_b,
                 "; compare two model files or two CSV files")
  }
  if (kind_a == "a CSV file") {
    return(list(compare_row("values", read_matrix(path_a, "A"),
                            read_matrix(path_b, "B"))))
  }
  a <- load_network(path_a)
  b <- load_network(path_b)
  rows <- list()
  for (name in c("weights", "biases")) {
    pa <- a[[name]]
    pb <- b[[name]]
    if (length(pa) != length(pb)) {
      rows[[length(rows) + 1L]] <- list(
        quantity = name, values = NA, differ = NA, max_abs = Inf,
        max_ulps = NA, note = paste(length(pa), "layers against", length(pb)))
      next
    }
    for (l in seq_along(pa)) {
      rows[[length(rows) + 1L]] <- compare_row(sprintf("%s[%d]", name, l),
                                               pa[[l]], pb[[l]])
    }
  }
  rows[[length(rows) + 1L]] <- compare_row("loss_history", a$loss_history,
                                           b$loss_history)
  rows
}

# Differences this small are rounding (blas mode's sums in another order),
# not a different result: each row within rounding_abs or rounding_ulps.
rounding_abs <- 1e-12
rounding_ulps <- 512

rounding_only <- function(rows) {
  all(vapply(rows, function(r) {
    if (length(r$differ) != 1L || is.na(r$differ)) return(FALSE)  # shapes differ
    ulps <- r$max_ulps
    r$max_abs <= rounding_abs ||
      (length(ulps) == 1L && !is.na(ulps) && ulps <= rounding_ulps)
  }, logical(1)))
}

# With no tolerance (0), a difference that is rounding only (every value
# within 1e-12 or 512 ULPs) is still a difference, and the sentence says so
# and how to get identical bits or accept it.
compare_verdict <- function(rows, tolerance = 0) {
  worst <- max(vapply(rows, function(r) r$max_abs, numeric(1)))
  if (all(vapply(rows, function(r) {
    identical(r$differ, 0L) || identical(r$differ, 0)
  }, logical(1)))) {
    return(list(ok = TRUE,
                text = "identical: every value equal to the last bit"))
  }
  if (worst <= tolerance) {
    return(list(ok = TRUE, text = sprintf(
      "within tolerance: largest difference %.3g <= %s", worst,
      format(tolerance))))
  }
  if (tolerance == 0 && rounding_only(rows)) {
    return(list(ok = FALSE, text = paste0(
      sprintf("different by rounding only: largest difference %.3g; ", worst),
      "the two runs agree to rounding, as blas mode promises; for identical ",
      "bits train both with --mode exact, or accept rounding with --tolerance ",
      "1e-12")))
  }
  list(ok = FALSE, text = sprintf("different: largest difference %.3g", worst))
}

format_compare_rows <- function(rows) {
  show <- function(v, digits = FALSE) {
    if (length(v) != 1L || is.na(v)) return("-")
    if (digits) sprintf("%.3g", v) else format(v, scientific = FALSE)
  }
  lines <- sprintf("%-16s%8s%8s%14s%22s", "quantity", "values", "differ",
                   "max abs diff", "max ULPs")
  for (r in rows) {
    lines <- c(lines, paste0(sprintf("%-16s%8s%8s%14s%22s", r$quantity,
                                     show(r$values), show(r$differ),
                                     show(r$max_abs, TRUE), show(r$max_ulps)),
                             if (nzchar(r$note)) paste0("  ", r$note) else ""))
  }
  paste(lines, collapse = "\n")
}
