"""IDX files, the format of MNIST and Fashion-MNIST (docs/datasets.md).

:func:`read_idx` and :func:`write_idx` read and write any IDX file, plain or
gzipped; :func:`read_mnist` reads MNIST's or Fashion-MNIST's images and
labels as a :class:`~twinnet.datasets.Dataset`. Twin: ``R/R/idx.R``, which
reads the same files into the same numbers and says the same in its errors.

The IDX format (yann.lecun.com/exdb/mnist): two zero bytes, a type code, the
number of dimensions d; d sizes as big-endian unsigned 32-bit integers; then
the values, big-endian, the last index running fastest.
"""

import math
import os
import zlib

import numpy as np

from .datasets import _dataset
from .validation import TwinnetError, check_choice, check_positive_integer, show_value

__all__ = ["read_idx", "write_idx", "read_mnist", "FASHION_MNIST", "FASHION_MNIST_CLASSES"]

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"
"""Where Debian's package dataset-fashion-mnist installs Fashion-MNIST."""

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
"""Fashion-MNIST's labels 0 to 9 (Zalando's names)."""

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


# one side: R's gzfile() returns what a truncated gzip stream holds, as this does
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

    def _corrupt(self):  # one side: part of _GzipReader
        return TwinnetError(f"IDX file {self._path} is corrupt: its gzip data do not decompress")

    def read(self, count):  # one side: part of _GzipReader
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
                f"'{type}', got {show_value(values[bad[0]])}"
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
    from .files import write_atomically  # whole or not at all (docs/inputs.md)

    write_atomically(path_str, data)
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
