"""Rows of the data a fit reads, from memory (and, later, from disk).

Twin: ``R/R/streaming.R``, the same functions in the same order.

Every place that picks rows of the inputs or targets (a mini-batch, the
validation split) calls ``take_rows``, so that data of any shape (a matrix
of n rows, an (n, height, width, channels) array) is cut the same way.
"""


def take_rows(X, rows):
    """The rows ``rows`` of ``X`` (its first axis), in that order; ``rows`` is
    an integer array (0-based) or a slice."""
    return X[rows]
