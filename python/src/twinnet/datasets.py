"""Data for learners (docs/datasets.md).

The articles' small tables, 2-D classification problems drawn from R's random
stream, the IDX files of MNIST and Fashion-MNIST, and scaling fitted on
training data only.  Twin of ``R/R/datasets.R``, where every generator is
written in R terms; this file draws the same numbers with :class:`RRandom` in
the same order and groups every expression the same way, so ``seed=s`` gives
identical doubles in both languages.  Sines and cosines are the C library's
(``math.sin``/``math.cos``, element by element, as R calls them): numpy's
vectorised ``np.sin``/``np.cos`` are its own and can differ in the last bit.

Every data function returns a :class:`Dataset` ``(X, y)``: ``X`` a 2-D
float64 array, ``y`` the labels 0, ..., k - 1 as a 1-D float64 array (R: a
list with ``X`` and ``y``).
"""

import math
import numbers
import os
import zlib
from collections import namedtuple

import numpy as np

from .rng import RRandom
from .validation import (
    TwinnetError,
    as_matrix,
    check_choice,
    check_positive_integer,
    check_seed,
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
    "read_idx",
    "write_idx",
    "read_mnist",
    "FASHION_MNIST",
    "Scaler",
    "fit_scaler",
    "apply_scaler",
]

Dataset = namedtuple("Dataset", ["X", "y"])
Dataset.__doc__ = """Inputs ``X`` (n x p float64) and labels ``y`` (length n float64)."""

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


# ------------------------------------------------------------------ checks


def _shown(x):
    """A value as the R twin shows it in messages (numbers as ``%.15g``)."""
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Inf" if x > 0 else "-Inf"
        return "%.15g" % x
    return repr(x)


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) and math.isfinite(x)


def _check_nonnegative_number(name, value):
    if not _is_number(value) or value < 0:
        raise TwinnetError(f"{name} must be a non-negative number, got {_shown(value)}")
    return float(value)


def _check_flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TwinnetError(f"{name} must be true or false, got {value!r}")
    return bool(value)


def _dataset(X, y):
    return Dataset(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64))


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
    noise = _check_nonnegative_number("noise", noise)
    seed = check_seed(seed)
    shuffle = _check_flag("shuffle", shuffle)
    n_out = n // 2
    n_in = n - n_out
    t_out, t_in = _half_turn(n_out), _half_turn(n_in)
    X = np.column_stack(
        [
            np.concatenate([_c_map(math.cos, t_out), 1 - _c_map(math.cos, t_in)]),
            np.concatenate([_c_map(math.sin, t_out), (1 - _c_map(math.sin, t_in)) - 0.5]),
        ]
    )
    y = np.repeat([0.0, 1.0], [n_out, n_in])
    return _noise_and_shuffle(X, y, noise, shuffle, RRandom(seed))


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
        ``X`` n x 2, ``y`` the labels 0 and 1.
    """
    n = check_positive_integer("n", n)
    noise = _check_nonnegative_number("noise", noise)
    if not _is_number(factor) or not 0 <= factor < 1:
        raise TwinnetError(f"factor must be a number in [0, 1), got {_shown(factor)}")
    factor = float(factor)
    seed = check_seed(seed)
    shuffle = _check_flag("shuffle", shuffle)
    n_out = n // 2
    n_in = n - n_out
    t_out, t_in = _full_turn(n_out), _full_turn(n_in)
    X = np.column_stack(
        [
            np.concatenate([_c_map(math.cos, t_out), _c_map(math.cos, t_in) * factor]),
            np.concatenate([_c_map(math.sin, t_out), _c_map(math.sin, t_in) * factor]),
        ]
    )
    y = np.repeat([0.0, 1.0], [n_out, n_in])
    return _noise_and_shuffle(X, y, noise, shuffle, RRandom(seed))


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
        raise TwinnetError(f"sd must be a non-negative number, got {_shown(sd)}")
    if sds.size not in (1, k):
        raise TwinnetError(f"sd must hold 1 or {k} values (one per centre), got {sds.size}")
    for s in np.ravel(np.asarray(sd, dtype=object)):
        _check_nonnegative_number("sd", s)
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
                f"box must be two finite numbers with low < high, got {_shown(low)}, {_shown(high)}"
            )
    seed = check_seed(seed)
    shuffle = _check_flag("shuffle", shuffle)
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
            f"labels must be whole numbers >= 0, got {_shown(labels[i])} at position {i + 1}"
        )
    k = int(labels.max()) + 1 if k is None else check_positive_integer("k", k)
    bad = np.flatnonzero(labels >= k)
    if bad.size:
        i = bad[0]
        raise TwinnetError(
            f"labels must be smaller than k = {k}, got {_shown(labels[i])} at position {i + 1}"
        )
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels.astype(np.int64)] = 1.0
    return out


# -------------------------------------------------------------- IDX files
#
# The IDX format (yann.lecun.com/exdb/mnist): two zero bytes, a type code,
# the number of dimensions d; d sizes as big-endian unsigned 32-bit integers;
# then the values, big-endian, the last index running fastest.

# name: (code, numpy dtype in the file, dtype returned, low, high)
IDX_TYPES = {
    "ubyte": (0x08, ">u1", np.uint8, 0, 255),
    "byte": (0x09, ">i1", np.int8, -128, 127),
    "short": (0x0B, ">i2", np.int16, -32768, 32767),
    "int": (0x0C, ">i4", np.int32, -2147483648, 2147483647),
    "float": (0x0D, ">f4", np.float32, -math.inf, math.inf),
    "double": (0x0E, ">f8", np.float64, -math.inf, math.inf),
}
_IDX_BY_CODE = {v[0]: name for name, v in IDX_TYPES.items()}
_DEFAULT_IDX_TYPE = {
    np.dtype(np.uint8): "ubyte",
    np.dtype(np.int8): "byte",
    np.dtype(np.int16): "short",
    np.dtype(np.int32): "int",
    np.dtype(np.int64): "int",
    np.dtype(np.float32): "float",
    np.dtype(np.float64): "double",
    np.dtype(bool): "ubyte",
}
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


class _GzipReader:
    """Bytes of a gzip file, read as far as they decompress.

    ``zlib.decompressobj`` returns what a truncated stream holds (as R's
    ``gzfile`` does) instead of raising, so both languages can say how many
    bytes were found; a bad checksum raises, as R warns.
    """

    def __init__(self, handle, path):
        self._handle, self._path = handle, path
        self._inflate = zlib.decompressobj(31)
        self._buffer = bytearray()
        self._done = False

    def _corrupt(self):
        return TwinnetError(f"IDX file {self._path} is corrupt: its gzip data do not decompress")

    def read(self, count):
        while len(self._buffer) < count and not self._done:
            data = self._inflate.unused_data if self._inflate.eof else b""
            if self._inflate.eof:
                self._inflate = zlib.decompressobj(31)  # a further gzip member
            data += self._handle.read(_CHUNK)
            if not data:
                self._done = True
                break
            try:
                self._buffer += self._inflate.decompress(data)
            except zlib.error:
                raise self._corrupt() from None
        out = bytes(self._buffer[:count])
        del self._buffer[:count]
        return out


def _idx_read(path, n=None):
    """Values (flat, file order), sizes, type name and the header's first size."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise TwinnetError(f"IDX file not found: {path}")
    with open(path, "rb") as handle:
        gzipped = handle.read(2) == _GZIP_MAGIC
        handle.seek(0)
        source = _GzipReader(handle, path) if gzipped else handle

        def truncated(what, need, got):
            return TwinnetError(
                f"IDX file {path} is truncated: {need} {what} bytes expected, {got} found"
            )

        head = source.read(4)
        if len(head) < 4:
            raise truncated("header", 4, len(head))
        if head[0] != 0 or head[1] != 0 or head[2] not in _IDX_BY_CODE or head[3] == 0:
            shown = " ".join(f"{b:02X}" for b in head)
            raise TwinnetError(
                f"IDX file {path} has a bad magic number {shown}: expected 00 00, "
                "a type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions"
            )
        kind = _IDX_BY_CODE[head[2]]
        ndim = head[3]
        size_bytes = source.read(4 * ndim)
        if len(size_bytes) < 4 * ndim:
            raise truncated("header", 4 + 4 * ndim, 4 + len(size_bytes))
        dims = [int.from_bytes(size_bytes[4 * i : 4 * i + 4], "big") for i in range(ndim)]
        total = dims[0]
        if n is not None:
            dims[0] = min(dims[0], n)
        file_dtype = np.dtype(IDX_TYPES[kind][1])
        need = math.prod(dims) * file_dtype.itemsize
        data = source.read(need)
        if len(data) < need:
            raise truncated("data", need, len(data))
        if n is None and source.read(1):
            raise TwinnetError(
                f"IDX file {path} has more data than its header announces ({need} bytes)"
            )
    values = np.frombuffer(data, dtype=file_dtype).astype(IDX_TYPES[kind][2])
    return values, dims, kind, total


def _check_read_count(n):
    return None if n is None else check_positive_integer("n", n)


def read_idx(path, n=None):
    """Read an IDX file (the MNIST format), plain or gzipped (by content).

    Parameters
    ----------
    path : str or path-like
        File name.
    n : int, optional
        Read only the first ``n`` items along the first dimension (for
        example the first ``n`` images); by default all of them.

    Returns
    -------
    numpy.ndarray
        The file's shape (images: n x rows x cols) and type: uint8 (0x08),
        int8 (0x09), int16 (0x0B), int32 (0x0C), float32 (0x0D) or float64
        (0x0E).
    """
    n = _check_read_count(n)
    values, dims, _, _ = _idx_read(path, n)
    return values.reshape(dims)


def write_idx(x, path, type=None):
    """Write an array as an IDX file, gzipped when ``path`` ends in ``.gz``.

    Parameters
    ----------
    x : array_like
        At least one dimension.
    path : str or path-like
        File name.
    type : str, optional
        ``"ubyte"``, ``"byte"``, ``"short"``, ``"int"``, ``"float"`` or
        ``"double"``; by default from ``x``'s dtype (uint8 and bool: ubyte,
        int8: byte, int16: short, int32 and int64: int, float32: float,
        float64: double).

    Returns
    -------
    path
    """
    arr = np.asarray(x)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.issubdtype(
        arr.dtype, np.complexfloating
    ):
        raise TwinnetError("x must be numeric, got non-numeric values")
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if type is None:
        type = _DEFAULT_IDX_TYPE.get(arr.dtype, "double")
    type = check_choice("type", type, list(IDX_TYPES))
    code, file_dtype, _, low, high = IDX_TYPES[type]
    if arr.ndim > 255:
        raise TwinnetError(f"x has {arr.ndim} dimensions; IDX files hold at most 255")
    if type not in ("float", "double"):
        values = arr.astype(np.float64).ravel()
        bad = np.flatnonzero(~np.isfinite(values) | (values != np.round(values)))
        if bad.size:
            raise TwinnetError(
                f"x must hold whole numbers to be written as type "
                f"'{type}', got {_shown(values[bad[0]])}"
            )
        if ((values < low) | (values > high)).any():
            raise TwinnetError(f"x has values outside the range of type '{type}' ({low} to {high})")
    data = bytes([0, 0, code, arr.ndim])
    data += b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    data += np.ascontiguousarray(arr.astype(file_dtype)).tobytes()
    path_str = os.fspath(path)
    if path_str.endswith(".gz"):
        import gzip

        data = gzip.compress(data, mtime=0)
    from .io import _write_atomically  # whole or not at all (docs/inputs.md)

    _write_atomically(path_str, data)
    return path


def read_mnist(folder=FASHION_MNIST, kind="train", n=None):
    """Read MNIST or Fashion-MNIST.

    Reads ``<kind>-images-idx3-ubyte`` and ``<kind>-labels-idx1-ubyte`` (or
    the same names ending in ``.gz``) from ``folder``.  The default folder is
    where Debian's package dataset-fashion-mnist installs Fashion-MNIST.

    Parameters
    ----------
    folder : str or path-like
        Folder holding the files.
    kind : {"train", "t10k"}
        60,000 training or 10,000 test images.
    n : int, optional
        Read only the first ``n`` images and labels; by default all.

    Returns
    -------
    Dataset
        ``X``: n x 784 float64, one image per row, row by row (pixel (r, c) in
        column ``28 * r + c``), pixel values divided by 255, in [0, 1], as
        Aflak's MNIST network does; ``y``: the labels 0 to 9 as float64.
    """
    kind = check_choice("kind", kind, ["train", "t10k"])
    n = _check_read_count(n)
    folder = os.fspath(folder)

    def find(name):
        path = os.path.join(folder, name)
        for candidate in (path, path + ".gz"):
            if os.path.isfile(candidate):
                return candidate
        raise TwinnetError(f"MNIST file not found: {path} (or {name}.gz)")

    image_path = find(f"{kind}-images-idx3-ubyte")
    label_path = find(f"{kind}-labels-idx1-ubyte")
    images, idims, itype, itotal = _idx_read(image_path, n)
    labels, ldims, ltype, ltotal = _idx_read(label_path, n)
    if itype != "ubyte" or len(idims) != 3:
        raise TwinnetError(
            f"MNIST images file {image_path} must hold unsigned bytes in 3 "
            f"dimensions (n x rows x cols), got type '{itype}' in {len(idims)}"
        )
    if ltype != "ubyte" or len(ldims) != 1:
        raise TwinnetError(
            f"MNIST labels file {label_path} must hold unsigned bytes in 1 "
            f"dimension, got type '{ltype}' in {len(ldims)}"
        )
    if itotal != ltotal:
        raise TwinnetError(
            f"MNIST images file {image_path} holds {itotal} images but labels "
            f"file {label_path} holds {ltotal} labels"
        )
    X = images.reshape(idims[0], idims[1] * idims[2]).astype(np.float64) / 255
    return _dataset(X, labels)


# ----------------------------------------------------------------- scaling


def _colsum(X):
    """Exact mode's colsum (rows added in order from zero), as a 1-D array.

    The same additions as ``ExactArith.colsum`` and R's ``exact_colsum``,
    one row at a time: on a 60,000 x 784 MNIST matrix this loop takes 0.1 s
    and no memory, ``ExactArith.colsum`` (which stacks the rows for
    ``np.add.accumulate``) 3.5 s and two copies of the matrix.
    """
    total = np.zeros(X.shape[1])
    for row in X:
        total = total + row
    return total


class Scaler:
    """Column statistics fitted by :func:`fit_scaler`.

    Attributes
    ----------
    method : str
        ``"standard"`` or ``"minmax"``.
    center, scale : numpy.ndarray
        One float64 per column; :meth:`transform` gives
        ``(X - center) / scale``.
    """

    def __init__(self, method, center, scale):
        self.method = method
        self.center = center
        self.scale = scale

    def transform(self, X):
        """``(X - center) / scale``, column by column (R: ``apply_scaler``)."""
        X = as_matrix("X", X)
        p = self.center.size
        if X.shape[1] != p:
            raise TwinnetError(f"X has {X.shape[1]} columns but the scaler was fitted on {p}")
        return (X - self.center) / self.scale

    def __repr__(self):
        return f"Scaler(method={self.method!r}, center={self.center!r}, scale={self.scale!r})"


def fit_scaler(X, method="standard"):
    """Fit a scaler on training data (and use it on training and test data).

    The statistics are computed in a fixed order (not with ``np.mean`` or
    ``np.std``, which sum pairwise), so the R twin gets the same bits:

    - ``"standard"``: ``center = colsum(X) / n``,
      ``scale = sqrt(colsum((X - center) * (X - center)) / (n - 1))``, colsum
      adding the rows in order from zero (exact mode's colsum).  The divisor
      n - 1 is R's ``scale()`` and ``sd()``; scikit-learn's StandardScaler
      divides by n.
    - ``"minmax"``: ``center = min``, ``scale = max - min``.

    A constant column (all values equal) gets ``center`` = that value and
    ``scale = 1``, so it scales to exactly 0.

    Parameters
    ----------
    X : array_like
        Training data, n x p.
    method : {"standard", "minmax"}

    Returns
    -------
    Scaler
    """
    X = as_matrix("X", X)
    method = check_choice("method", method, ["standard", "minmax"])
    n = X.shape[0]
    low, high = X.min(axis=0), X.max(axis=0)
    if method == "standard":
        if n < 2:
            raise TwinnetError(f"X needs at least 2 rows to fit a standard scaler, got {n}")
        center = _colsum(X) / n
        D = X - center
        scale = np.sqrt(_colsum(D * D) / (n - 1))
    else:
        center = low.copy()
        scale = high - low
    constant = low == high
    center[constant] = low[constant]
    scale[constant] = 1.0
    return Scaler(method, center, scale)


def apply_scaler(scaler, X):
    """``(X - center) / scale`` with a scaler from :func:`fit_scaler`."""
    if not isinstance(scaler, Scaler):
        raise TwinnetError("scaler must be the result of fit_scaler()")
    return scaler.transform(X)
