"""Data for learners (docs/datasets.md): the articles' small tables and 2-D
classification problems drawn from R's random stream.

Twin of ``R/R/datasets.R``, where every generator is written in R terms; this
file draws the same numbers with :class:`RRandom` in the same order and groups
every expression the same way, so ``seed=s`` gives identical doubles in both
languages.  Sines and cosines are the C library's (``math.sin``/``math.cos``,
element by element, as R calls them): numpy's vectorised ``np.sin``/``np.cos``
are its own and can differ in the last bit.  MNIST's IDX files are read in
:mod:`twinnet.idx`, scaling is :mod:`twinnet.scale`.

Every data function returns a :class:`Dataset` ``(X, y)``: ``X`` a 2-D
float64 array, ``y`` the labels 0, ..., k - 1 as a 1-D float64 array (R: a
list with ``X`` and ``y``).
"""

import math
import numbers
from collections import namedtuple

import numpy as np

from .rng import RRandom
from .validation import (
    TwinnetError,
    as_matrix,
    check_flag,
    check_nonnegative_number,
    check_positive_integer,
    check_seed,
    is_number,
    show_value,
)

__all__ = [
    "Dataset",
    "xor_data",
    "toy_data",
    "loy_data",
    "make_moons",
    "make_circles",
    "make_blobs",
    "one_hot",
]

Dataset = namedtuple("Dataset", ["X", "y"])
Dataset.__doc__ = """Inputs ``X`` (n x p float64) and labels ``y`` (length n float64)."""


# --------------------------------------------------------------- a data set


def _dataset(X, y):
    return Dataset(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64))


# one side: R's cos() and sin() already call the C library on each element
def _c_map(function, x):
    """``function`` (from ``math``: the C library's) applied element by element."""
    return np.fromiter(map(function, x.tolist()), dtype=np.float64, count=x.size)


# ------------------------------------------------------- the articles' data


def xor_data():
    """Aflak's XOR table ("Neural Network from scratch in Python").

    Returns
    -------
    Dataset
        ``X``: the 4 x 2 inputs 00, 01, 10, 11; ``y``: 0, 1, 1, 0.
    """
    return _dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])


def toy_data():
    """Analytics Vidhya's toy data: a 3 x 4 input, targets 1, 1, 0.

    Returns
    -------
    Dataset
    """
    return _dataset([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], [1, 1, 0])


def loy_data():
    """James Loy's table ("How to build your own Neural Network from scratch
    in Python"): x1, x2, x3 -> y, 001 -> 0, 011 -> 1, 101 -> 1, 111 -> 0
    (the XOR of x1 and x2; x3 is always 1 and acts as a bias input).

    Returns
    -------
    Dataset
        ``X`` 4 x 3, ``y`` of length 4.
    """
    return _dataset([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [0, 1, 1, 0])


# ------------------------------------------------------------- generators


def _half_turn(m):
    """m angles from 0 to pi, both included: ``(i - 1) * (pi / (m - 1))``."""
    step = math.pi / (m - 1) if m > 1 else 0.0
    return np.arange(m, dtype=np.float64) * step


def _full_turn(m):
    """m angles from 0 up to 2 pi, excluded: ``(i - 1) * ((2 * pi) / m)``."""
    if m == 0:
        return np.zeros(0)
    return np.arange(m, dtype=np.float64) * ((2 * math.pi) / m)


def _two_classes(n, turn, inner, noise, shuffle, seed):
    """The frame of make_moons and make_circles: ``n // 2`` points
    ``(cos(t), sin(t))`` of label 0, the others ``inner(cos(t), sin(t))`` of
    label 1, the angles t from ``turn``; then noise and shuffle."""
    n_out = n // 2
    n_in = n - n_out
    t_out, t_in = turn(n_out), turn(n_in)
    x_in, y_in = inner(_c_map(math.cos, t_in), _c_map(math.sin, t_in))
    X = np.column_stack(
        [
            np.concatenate([_c_map(math.cos, t_out), x_in]),
            np.concatenate([_c_map(math.sin, t_out), y_in]),
        ]
    )
    y = np.repeat([0.0, 1.0], [n_out, n_in])
    return _noise_and_shuffle(X, y, noise, shuffle, RRandom(seed))


def _noise_and_shuffle(X, y, noise, shuffle, rng):
    """R: ``X + noise * matrix(rnorm(2 * n), n, 2, byrow = TRUE)`` (no draw
    when noise is 0), then ``perm <- sample.int(n)``, ``X[perm, ]``, ``y[perm]``."""
    n = X.shape[0]
    if noise > 0:
        X = X + noise * rng.rnorm(2 * n).reshape(n, 2)
    if shuffle:
        perm = rng.sample_int(n) - 1
        X, y = X[perm], y[perm]
    return _dataset(X, y)


def make_moons(n=100, noise=0.0, seed=42, shuffle=True):
    """Two interleaving half circles (scikit-learn's ``make_moons``, R's stream).

    The upper moon (label 0) has ``n // 2`` points ``(cos(t), sin(t))``, the
    lower moon (label 1) the others, ``(1 - cos(t), (1 - sin(t)) - 0.5)``,
    t from 0 to pi in equal steps.  Then, from ``RRandom(seed)``: noise
    ``X + noise * Z`` with ``Z`` from ``rnorm(2 * n)`` filled row by row (no
    draw when ``noise == 0``), and the shuffle ``sample_int(n)``.

    Parameters
    ----------
    n : int
        Number of points.
    noise : float
        Standard deviation of the noise added to each coordinate.
    seed : int
        Seed of R's generator; R's ``make_moons(seed = seed)`` gives the same
        points.
    shuffle : bool
        Shuffle the rows?  Without it the upper moon comes first.

    Returns
    -------
    Dataset
        ``X`` n x 2, ``y`` the labels 0 and 1.
    """
    n = check_positive_integer("n", n)
    noise = check_nonnegative_number("noise", noise)
    seed = check_seed(seed)
    shuffle = check_flag("shuffle", shuffle)
    return _two_classes(n, _half_turn, lambda c, s: (1 - c, (1 - s) - 0.5), noise, shuffle, seed)


def make_circles(n=100, noise=0.0, factor=0.8, seed=42, shuffle=True):
    """A large circle containing a smaller one (scikit-learn's ``make_circles``).

    The outer circle (label 0) has ``n // 2`` points ``(cos(t), sin(t))``,
    the inner circle (label 1) the others, ``(cos(t) * factor, sin(t) *
    factor)``, t from 0 up to (not including) 2 pi in equal steps.  Noise and
    shuffle as in :func:`make_moons`.

    Parameters
    ----------
    n, noise, seed, shuffle
        As in :func:`make_moons`.
    factor : float
        Radius of the inner circle, in [0, 1).

    Returns
    -------
    Dataset
        As :func:`make_moons`'s: ``X`` n x 2, ``y`` the labels (0 outer, 1 inner).
    """
    n = check_positive_integer("n", n)
    noise = check_nonnegative_number("noise", noise)
    if not is_number(factor) or not 0 <= factor < 1:
        raise TwinnetError(f"factor must be a number in [0, 1), got {show_value(factor)}")
    factor = float(factor)
    seed = check_seed(seed)
    shuffle = check_flag("shuffle", shuffle)
    return _two_classes(n, _full_turn, lambda c, s: (c * factor, s * factor), noise, shuffle, seed)


# one side: numpy's dtypes say what is numeric; R asks is.numeric()
def _numeric_values(value):
    """``value`` as a 1-D float64 array, or None when it is not numeric."""
    arr = np.asarray(value)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.issubdtype(
        arr.dtype, np.complexfloating
    ):
        return None
    return arr.astype(np.float64).ravel()


def make_blobs(n=100, centers=3, sd=1.0, seed=42, box=(-10.0, 10.0), shuffle=True):
    """Gaussian blobs (scikit-learn's ``make_blobs``, R's stream).

    From ``RRandom(seed)``, in this order:

    1. when ``centers`` is a number k, the centres ``runif(2 * k, box[0],
       box[1])`` filled row by row into a k x 2 matrix (centre j is the j-th
       pair of draws);
    2. ``n // k`` points per centre, one more for the first ``n % k``
       centres; labels 0, ..., k - 1 in blocks;
    3. ``X = C[y] + sd[y] * Z`` with ``Z`` from ``rnorm(p * n)`` filled row
       by row (p = 2, or the columns of a given centre matrix);
    4. the shuffle ``sample_int(n)`` when ``shuffle``.

    Parameters
    ----------
    n : int
        Number of points.
    centers : int or array_like
        The number of centres, drawn uniformly in the square ``box`` x
        ``box``, or a matrix with one given centre per row.
    sd : float or array_like
        Standard deviation of every blob, or one per centre.
    seed, shuffle
        As in :func:`make_moons`.
    box : tuple of float
        The range ``(low, high)`` the centres are drawn from.

    Returns
    -------
    Dataset
        ``X`` n x 2 (or n x the centres' columns), ``y`` labels 0, ..., k - 1.
    """
    n = check_positive_integer("n", n)
    given = None
    if getattr(centers, "columns", None) is not None or np.ndim(centers) == 2:
        given = as_matrix("centers", centers)
        k = given.shape[0]
    elif np.ndim(centers) == 0 and isinstance(centers, numbers.Real):
        k = check_positive_integer("centers", centers)
    else:
        raise TwinnetError("centers must be a positive integer or a matrix with one centre per row")
    sds = _numeric_values(sd)
    if sds is None:
        raise TwinnetError(f"sd must be a non-negative number, got {show_value(sd)}")
    if sds.size not in (1, k):
        raise TwinnetError(f"sd must hold 1 or {k} values (one per centre), got {sds.size}")
    for s in np.ravel(np.asarray(sd, dtype=object)):
        check_nonnegative_number("sd", s)
    sds = np.resize(sds, k)
    if given is None:
        low_high = _numeric_values(box)
        if low_high is None:
            raise TwinnetError("box must be two finite numbers (low, high), got non-numeric values")
        if low_high.size != 2:
            raise TwinnetError(
                f"box must be two finite numbers (low, high), got {low_high.size} values"
            )
        low, high = low_high
        if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
            raise TwinnetError(
                "box must be two finite numbers with low < high, "
                f"got {show_value(low)}, {show_value(high)}"
            )
    seed = check_seed(seed)
    shuffle = check_flag("shuffle", shuffle)
    rng = RRandom(seed)
    if given is None:
        C = rng.runif(2 * k, low, high).reshape(k, 2)
    else:
        C = given
    counts = [n // k + (1 if j < n % k else 0) for j in range(k)]
    labels = np.repeat(np.arange(k), counts)
    p = C.shape[1]
    Z = rng.rnorm(p * n).reshape(n, p)
    X = C[labels] + sds[labels][:, None] * Z
    y = labels.astype(np.float64)
    if shuffle:
        perm = rng.sample_int(n) - 1
        X, y = X[perm], y[perm]
    return _dataset(X, y)


def one_hot(labels, k=None):
    """One-hot encoding of class labels 0, ..., k - 1.

    Parameters
    ----------
    labels : array_like
        A vector (or one-column matrix) of whole numbers >= 0, as the
        generators and :func:`read_mnist` return them.
    k : int, optional
        Number of classes; by default ``max(labels) + 1``.

    Returns
    -------
    numpy.ndarray
        n x k float64 of 0 and 1, a single 1 per row, in column ``label``
        (Aflak's ``to_categorical`` for MNIST).
    """
    labels = as_matrix("labels", labels, column=True)
    if labels.shape[1] != 1:
        raise TwinnetError(f"labels must be one column, got {labels.shape[1]}")
    labels = labels[:, 0]
    bad = np.flatnonzero((labels != np.round(labels)) | (labels < 0))
    if bad.size:
        i = bad[0]
        raise TwinnetError(
            f"labels must be whole numbers >= 0, got {show_value(labels[i])} at position {i + 1}"
        )
    k = int(labels.max()) + 1 if k is None else check_positive_integer("k", k)
    bad = np.flatnonzero(labels >= k)
    if bad.size:
        i = bad[0]
        raise TwinnetError(
            f"labels must be smaller than k = {k}, got {show_value(labels[i])} at position {i + 1}"
        )
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels.astype(np.int64)] = 1.0
    return out
