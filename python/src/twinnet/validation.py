"""Argument and data checks, and the formatting of what their messages show.

The one home of the library's generic argument checks (a flag, a choice, a
positive number, ...): every module that takes arguments from a user calls
these, each where the values enter. Every message names the argument, what
was given and what is allowed, in the same words as the R twin
(``R/R/validation.R``), so a user sees the same error from either language.
"""

import math
import numbers

import numpy as np

# R's integers end there: larger whole numbers get the same decision in both.
INT_MAX = 2147483647


# R signals the same condition (class twinnet_error) with twinnet_stop
# twin: twinnet_stop
class TwinnetError(ValueError):
    """Bad input or a failed training run; the message says what and where."""


def show_value(x):
    """A value as the R twin shows it in messages (numbers as ``%.15g``)."""
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Inf" if x > 0 else "-Inf"
        return "%.15g" % x
    return repr(x)


def is_number(x):
    """A finite real number (not a truth value)."""
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) and math.isfinite(x)


def check_choice(name, value, choices):
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(choices)
        raise TwinnetError(f"unknown {name} {value!r}; choose one of {allowed}")
    return value


def check_positive_number(name, value):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise TwinnetError(f"{name} must be a positive number, got {show_value(value)}")
    return float(value)


def check_nonnegative_number(name, value):
    if not is_number(value) or value < 0:
        raise TwinnetError(f"{name} must be a non-negative number, got {show_value(value)}")
    return float(value)


def check_positive_integer(name, value):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value != int(value) or value < 1:
        raise TwinnetError(f"{name} must be a positive integer, got {show_value(value)}")
    if value > INT_MAX:
        raise TwinnetError(f"{name} must be at most {INT_MAX}, got {show_value(value)}")
    return int(value)


def check_number_in(name, value, low, high, high_closed=True):
    """A finite number in [low, high] (or [low, high) when not high_closed)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and low <= value
    ok = ok and (value <= high if high_closed else value < high)
    if not ok:
        interval = f"[{low:g}, {high:g}{']' if high_closed else ')'}"
        if math.isinf(high):
            raise TwinnetError(f"{name} must be a number >= {low:g}, got {show_value(value)}")
        raise TwinnetError(f"{name} must be a number in {interval}, got {show_value(value)}")
    return float(value)


def check_layers(layers):
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__"):
        sizes = None
    else:
        sizes = list(layers)
    if sizes is None or len(sizes) < 2:
        shown = repr(layers) if sizes is None else "[" + ", ".join(map(str, sizes)) + "]"
        raise TwinnetError(f"layers must name at least an input and an output size, got {shown}")
    return [check_positive_integer("each layer size", v) for v in sizes]


def check_seed(seed):
    ok = isinstance(seed, numbers.Integral) and not isinstance(seed, bool)
    if not ok or not -INT_MAX <= seed <= INT_MAX:
        raise TwinnetError(
            f"seed must be an integer in [-{INT_MAX}, {INT_MAX}], got {show_value(seed)}"
        )
    return int(seed)


def check_flag(name, value):
    """True or false (a Python or numpy bool); returned as a Python bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TwinnetError(f"{name} must be true or false, got {value!r}")
    return bool(value)


def as_matrix(name, data, column=False, copy=False):
    """Turn ``data`` into a finite 2-D float64 array or raise a TwinnetError.

    A 1-D ``data`` is one column when ``column`` is true (a target vector),
    else an error: a single sample must be given as a one-row matrix. A
    float64 array comes back as it is (no copy) unless ``copy``: training
    never writes into its data, only into its parameters.
    """
    columns = getattr(data, "columns", None)
    if columns is not None:  # a data frame: name the first non-numeric column
        for column in columns:
            # a categorical column is not numbers, whatever its categories are:
            # twinnet never encodes one silently
            categorical = str(getattr(data[column], "dtype", "")) == "category"
            kind = np.asarray(data[column]).dtype
            if categorical or not (np.issubdtype(kind, np.number) or kind.kind == "b"):
                raise TwinnetError(f"{name} must be numeric, column '{column}' is not")
    arr = np.asarray(data)
    numeric = np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    if not numeric or np.issubdtype(arr.dtype, np.complexfloating):
        raise TwinnetError(f"{name} must be numeric, got non-numeric values")
    arr = np.array(arr, dtype=np.float64, copy=True) if copy else arr.astype(np.float64, copy=False)
    if arr.ndim == 1 and column:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise TwinnetError(f"{name} must be a matrix (2 dimensions), got {arr.ndim}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise TwinnetError(f"{name} is empty ({arr.shape[0]} x {arr.shape[1]})")
    # one pass and no large temporary for the usual, finite case; the sum of
    # finite numbers can still overflow (silently: not the user's concern), so
    # look closer before complaining
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if not math.isfinite(total):
        bad = ~np.isfinite(arr)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise TwinnetError(
                f"{name} has a missing, NaN or infinite value at row {i + 1}, column {j + 1}"
            )
    return arr


def check_open_interval(name, value, low, high):
    """A finite number in the open interval (low, high)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not (ok and math.isfinite(value) and low < value < high):
        raise TwinnetError(
            f"{name} must be a number in ({low:g}, {high:g}), got {show_value(value)}"
        )
    return float(value)


def check_sample_weight(name, weights, n, rows_name="X"):
    """Sample weights for ``n`` rows: finite numbers >= 0, not all zero, as an
    n x 1 float64 column (from a 1-D array or an n x 1 matrix)."""
    w = as_matrix(name, weights, column=True)
    if w.shape[1] != 1:
        raise TwinnetError(f"{name} must be one column, got {w.shape[1]}")
    if w.shape[0] != n:
        count = f"{w.shape[0]} value{'' if w.shape[0] == 1 else 's'}"
        raise TwinnetError(f"{name} has {count} but {rows_name} has {n} rows")
    negative = w[:, 0] < 0
    if negative.any():
        i = int(np.argmax(negative))
        raise TwinnetError(f"{name} must be numbers >= 0, got {show_value(w[i, 0])} at row {i + 1}")
    if not (w != 0).any():
        raise TwinnetError(f"{name} must not be all zero")
    return w
