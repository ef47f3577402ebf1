# Rows of the data a fit reads, from memory (and, later, from disk).
#
# Twin: python/src/twinnet/streaming.py, the same functions in the same order.
#
# Every place that picks rows of the inputs or targets (a mini-batch, the
# validation split) calls take_rows(), so that data of any shape (a matrix of
# n rows, an n x height x width x channels array) is cut the same way.

# The rows `rows` of X (its first index), in that order, the other dimensions
# kept (drop = FALSE); NULL stays NULL (no sample weights).
take_rows <- function(X, rows) {
  if (is.null(X)) return(NULL)
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
