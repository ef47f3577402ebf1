# Argument and data checks, done once where values enter the library. Every
# message names the argument, what was given and what is allowed, in the same
# words as the Python twin (python/src/twinnet/validation.py).

twinnet_stop <- function(...) {
  msg <- paste0(...)
  stop(structure(
    class = c("twinnet_error", "error", "condition"),
    list(message = msg, call = NULL)
  ))
}

# R's integers end there: larger whole numbers get the same decision in both.
int_max <- 2147483647

show_value <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.character(x) && length(x) == 1L) return(paste0("'", x, "'"))
  if (is.numeric(x) && length(x) == 1L) {
    if (is.nan(x)) return("NaN")
    if (is.na(x)) return("NA")
    if (is.infinite(x)) return(if (x > 0) "Inf" else "-Inf")
    return(sprintf("%.15g", x))
  }
  paste(deparse(x), collapse = "")
}

is_number <- function(x) {
  is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x)
}

check_choice <- function(name, value, choices) {
  if (!is.character(value) || length(value) != 1L || !(value %in% choices)) {
    twinnet_stop("unknown ", name, " ", show_value(value), "; choose one of ",
                 paste(choices, collapse = ", "))
  }
  value
}

check_positive_number <- function(name, value) {
  if (!is_number(value) || value <= 0) {
    twinnet_stop(name, " must be a positive number, got ", show_value(value))
  }
  as.numeric(value)
}

check_nonnegative_number <- function(name, value) {
  if (!is_number(value) || value < 0) {
    twinnet_stop(name, " must be a non-negative number, got ", show_value(value))
  }
  as.numeric(value)
}

check_positive_integer <- function(name, value) {
  if (!is_number(value) || value != round(value) || value < 1) {
    twinnet_stop(name, " must be a positive integer, got ", show_value(value))
  }
  if (value > int_max) {  # as.integer would give NA
    twinnet_stop(name, " must be at most ", int_max, ", got ", show_value(value))
  }
  as.integer(value)
}

# A finite number in [low, high] (or [low, high) when not high_closed).
check_number_in <- function(name, value, low, high, high_closed = TRUE) {
  ok <- is_number(value) && value >= low &&
    (if (high_closed) value <= high else value < high)
  if (!ok) {
    if (is.infinite(high)) {
      twinnet_stop(name, " must be a number >= ", format(low), ", got ",
                   show_value(value))
    }
    twinnet_stop(name, " must be a number in [", format(low), ", ", format(high),
                 if (high_closed) "]" else ")", ", got ", show_value(value))
  }
  as.numeric(value)
}

check_layers <- function(layers) {
  if (!is.numeric(layers) || length(layers) < 2L) {
    shown <- if (is.numeric(layers)) {
      paste0("[", paste(format(layers, digits = 15), collapse = ", "), "]")
    } else {
      show_value(layers)
    }
    twinnet_stop("layers must name at least an input and an output size, got ",
                 shown)
  }
  vapply(layers, function(v) check_positive_integer("each layer size", v),
         integer(1))
}

check_seed <- function(seed) {
  if (!is_number(seed) || seed != round(seed) || abs(seed) > int_max) {
    twinnet_stop("seed must be an integer in [-", int_max, ", ", int_max, "], got ",
                 show_value(seed))
  }
  as.integer(seed)
}

check_flag <- function(name, value) {
  if (!is.logical(value) || length(value) != 1L || is.na(value)) {
    twinnet_stop(name, " must be true or false, got ", show_value(value))
  }
  value
}

# Turn `data` into a finite numeric matrix or stop. A plain vector is one
# column when `column` is TRUE (a target vector), else an error.
as_matrix <- function(name, data, column = FALSE) {
  if (is.data.frame(data)) {
    numeric_cols <- vapply(data, function(v) is.numeric(v) || is.logical(v),
                           logical(1))
    if (!all(numeric_cols)) {
      twinnet_stop(name, " must be numeric, column '",
                   names(data)[!numeric_cols][1], "' is not")
    }
    data <- as.matrix(data)
  }
  if (!(is.numeric(data) || is.logical(data))) {
    twinnet_stop(name, " must be numeric, got non-numeric values")
  }
  if (is.null(dim(data))) {
    if (!column) {
      twinnet_stop(name, " must be a matrix (2 dimensions), got 1")
    }
    data <- matrix(data, ncol = 1L)
  }
  if (length(dim(data)) != 2L) {
    twinnet_stop(name, " must be a matrix (2 dimensions), got ",
                 length(dim(data)))
  }
  if (nrow(data) == 0L || ncol(data) == 0L) {
    twinnet_stop(name, " is empty (", nrow(data), " x ", ncol(data), ")")
  }
  # a double matrix without names is used as it is: no copy of the data
  if (storage.mode(data) != "double") storage.mode(data) <- "double"
  # anyNA and range make no large temporary; look closer only if they complain
  if (anyNA(data) || any(is.infinite(range(data)))) {
    bad <- which(!is.finite(data), arr.ind = TRUE)
    # the first bad value in row-major order, as the Python twin reports it
    first <- bad[order(bad[, 1], bad[, 2])[1], ]
    twinnet_stop(name, " has a missing, NaN or infinite value at row ",
                 first[1], ", column ", first[2])
  }
  if (!is.null(dimnames(data))) dimnames(data) <- NULL
  data
}


# A finite number in (low, high), both ends open (validation_fraction).
check_open_interval <- function(name, value, low, high) {
  if (!is_number(value) || value <= low || value >= high) {
    twinnet_stop(name, " must be a number in (", format(low), ", ", format(high), "), got ",
                 show_value(value))
  }
  as.numeric(value)
}

# Case weights, one per row of the data (`rows_name` has n rows): finite
# numbers >= 0, not all zero, as a vector or an n x 1 matrix. Returned as an
# n x 1 matrix.
check_sample_weight <- function(name, w, n, rows_name) {
  if (length(dim(w)) == 1L) w <- as.vector(w)  # a 1-d array: a vector
  w <- as_matrix(name, w, column = TRUE)
  if (ncol(w) != 1L) twinnet_stop(name, " must be one column, got ", ncol(w))
  if (nrow(w) != n) {
    twinnet_stop(name, " has ", nrow(w), if (nrow(w) == 1L) " value" else " values",
                 " but ", rows_name, " has ", n, " rows")
  }
  negative <- which(w[, 1] < 0)
  if (length(negative)) {
    twinnet_stop(name, " must be numbers >= 0, got ", show_value(w[negative[1], 1]),
                 " at row ", negative[1])
  }
  if (!any(w[, 1] != 0)) twinnet_stop(name, " must not be all zero")
  w
}

# one side: Python's signatures refuse an unknown keyword themselves (TypeError)
# An S3 method's `...` takes what its generic passes on; an argument the method
# does not know (a misspelt setting, an mlp's lr) is an error, never ignored.
check_no_extras <- function(extras, what) {
  if (!length(extras)) return(invisible(NULL))
  given <- names(extras)
  if (is.null(given)) given <- rep("", length(extras))
  shown <- ifelse(nzchar(given), paste0("'", given, "'"), "(unnamed)")
  twinnet_stop(what, " got ",
               if (length(shown) > 1L) "unknown arguments " else "an unknown argument ",
               paste(shown, collapse = ", "))
}
