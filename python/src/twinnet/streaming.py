"""Rows of the data a fit reads, from memory or from disk (docs/streaming.md).

Twin: ``R/R/streaming.R``, the same functions in the same order.

Every place that picks rows of the inputs or targets (a mini-batch, the
validation split) calls ``take_rows``, so that data of any shape (a matrix
of n rows, an (n, height, width, channels) array) is cut the same way, and a
data source (``IdxSource``, ``CsvSource``) reads the rows a batch asks for
from its file: ``Network.fit`` and ``predict`` then hold one batch of the
inputs in memory, never the whole file, and compute the same doubles as on
the same data read whole (``io.read_data``).
"""

import os
import re
from array import array

import numpy as np

from .validation import TwinnetError, check_positive_integer

_LINE = re.compile(r"line (\d+)")


def take_rows(X, rows):
    """The rows ``rows`` of ``X`` (its first axis), in that order; ``rows`` is
    an integer array (0-based) or a slice. A data source reads them from disk."""
    if is_source(X):
        return X.rows(rows)
    return X[rows]


def is_source(X):
    """Is ``X`` a data source (rows read from disk as they are asked for)?"""
    return isinstance(X, (IdxSource, CsvSource))


def fit_data(X, Y, batch_size, validation_fraction, validation_data):
    """``fit``'s data when ``X`` is a data source: the source and the targets
    (``Y``, or the source's labels, read into memory); a batch of every row
    reads them all. Other data are returned as they are."""
    if is_source(Y):
        raise TwinnetError("Y must be a matrix in memory; a data source gives the inputs, X")
    for part in validation_data if isinstance(validation_data, (tuple, list)) else ():
        if is_source(part):
            raise TwinnetError("validation_data must be matrices in memory, not data sources")
    if not is_source(X):
        return X, Y
    if batch_size is None:
        raise TwinnetError(
            "X is a data source: give batch_size (it is read one mini-batch at a time; "
            "a full batch would hold the whole file in memory)"
        )
    if validation_fraction is not None:
        raise TwinnetError(
            "validation_fraction does not split a data source: give validation_data "
            "(X_val, Y_val) in memory instead"
        )
    if Y is None:
        Y = X.targets()
    if batch_size == X.shape[0]:
        X = X.rows(slice(0, X.shape[0]))
    return X, Y


def predict_rows(net, X):
    """The outputs of ``net`` for a data source, ``X.chunk_rows`` rows at a time."""
    n = X.shape[0]
    out = None
    for start in range(0, n, X.chunk_rows):
        part = slice(start, min(start + X.chunk_rows, n))
        value = net.predict(X.rows(part))
        if out is None:
            out = np.empty((n, value.shape[1]))
        out[part] = value
    return out


def _run_starts(rows, n):
    """The rows as a sorted array and where its runs of consecutive rows start."""
    if isinstance(rows, slice):
        rows = np.arange(n)[rows]
    rows = np.asarray(rows, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    ordered = rows[order]
    starts = np.flatnonzero(np.diff(ordered, prepend=-2) != 1)
    return rows, order, ordered, starts


class IdxSource:
    """Inputs (and targets) in IDX files (MNIST's format), read a batch at a time.

    The values are those of ``io.read_data``: an image is one row, its values
    in file order divided by 255; the labels (a 1-dimensional IDX file) one-hot.
    A batch's rows are read with a seek and a read per run of consecutive
    rows, so memory holds the batch, not the file (nor a map of it: the
    operating system's limit on address space counts mapped files).

    Parameters
    ----------
    images_path : str or path-like
        A plain (not gzipped) IDX file of at least 2 dimensions.
    labels_path : str or path-like, optional
        The labels (plain or gzipped): ``fit(source)`` then needs no ``Y``.
        They are read whole (n x classes doubles: the targets are held in
        memory, as sample weights are).
    chunk_rows : int, default 1024
        Rows per read when ``predict`` runs over the source.
    """

    def __init__(self, images_path, labels_path=None, chunk_rows=1024):
        from .idx import _GZIP_MAGIC, _IDX_BY_CODE, IDX_TYPES

        path = os.fspath(images_path)
        self.path, self.name = path, "X"
        self.labels_path = None if labels_path is None else os.fspath(labels_path)
        self.chunk_rows = check_positive_integer("chunk_rows", chunk_rows)
        if not os.path.isfile(path):
            raise TwinnetError(f"IDX file not found: {path}")
        with open(path, "rb") as handle:
            head = handle.read(4)
            if head[:2] == _GZIP_MAGIC:
                raise TwinnetError(
                    f"IDX file {path} is gzipped: a data source seeks to the rows of each "
                    f"batch, which a gzip stream cannot do; decompress it once "
                    f"(gunzip -k {path}) and give the plain file"
                )
            if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in _IDX_BY_CODE or not head[3]:
                shown = " ".join(f"{b:02X}" for b in head)
                raise TwinnetError(
                    f"IDX file {path} has a bad magic number {shown}: expected 00 00, "
                    "a type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions"
                )
            kind, ndim = _IDX_BY_CODE[head[2]], head[3]
            sizes = handle.read(4 * ndim)
        if len(sizes) < 4 * ndim:
            raise TwinnetError(
                f"IDX file {path} is truncated: {4 + 4 * ndim} header bytes expected, "
                f"{4 + len(sizes)} found"
            )
        dims = [int.from_bytes(sizes[4 * i : 4 * i + 4], "big") for i in range(ndim)]
        if ndim < 2:
            raise TwinnetError(
                f"IDX file {path} holds {ndim} dimension: a data source's inputs need "
                f"at least 2 (one row per item); labels go in labels_path"
            )
        self.dtype = np.dtype(IDX_TYPES[kind][1])
        self.width = int(np.prod(dims[1:]))
        self.offset = 4 + 4 * ndim
        self.row_bytes = self.width * self.dtype.itemsize
        need = dims[0] * self.row_bytes
        found = os.path.getsize(path) - self.offset
        if found < need:
            raise TwinnetError(
                f"IDX file {path} is truncated: {need} data bytes expected, {found} found"
            )
        if found > need:
            raise TwinnetError(
                f"IDX file {path} has more data than its header announces ({need} bytes)"
            )
        if dims[0] == 0 or self.width == 0:
            raise TwinnetError(f"X ({path}) is empty ({dims[0]} x {self.width})")
        self.shape = (dims[0], self.width)

    def rows(self, rows):
        """The rows ``rows`` (0-based indices or a slice), as read_data gives them."""
        rows, order, ordered, starts = _run_starts(rows, self.shape[0])
        out = np.empty((rows.size, self.width))
        with open(self.path, "rb") as handle:
            ends = np.append(starts[1:], rows.size)
            for a, b in zip(starts.tolist(), ends.tolist()):
                handle.seek(self.offset + int(ordered[a]) * self.row_bytes)
                data = handle.read((b - a) * self.row_bytes)
                if len(data) < (b - a) * self.row_bytes:
                    raise TwinnetError(f"IDX file {self.path} was cut short while it was read")
                out[a:b] = np.frombuffer(data, dtype=self.dtype).reshape(b - a, self.width)
        out /= 255
        result = np.empty_like(out)
        result[order] = out
        return result

    def targets(self):
        """The labels one-hot (``io.read_data``), or an error without labels."""
        if self.labels_path is None:
            raise TwinnetError(
                f"X is a data source of {self.path} without labels: give Y, "
                f"or labels_path when the source is made"
            )
        from .io import read_data

        Y = read_data(self.labels_path, "Y")
        if Y.shape[0] != self.shape[0]:
            raise TwinnetError(
                f"IDX file {self.path} holds {self.shape[0]} rows but labels file "
                f"{self.labels_path} holds {Y.shape[0]} labels"
            )
        return Y

    def __repr__(self):
        return f"IdxSource({self.path!r}: {self.shape[0]} x {self.width})"


class CsvSource:
    """Inputs (and targets) in a CSV file, read a batch at a time.

    The file is read once when the source is made: its rows' byte offsets
    are kept (8 bytes a row: memory grows with the rows, not their width) and
    every ``chunk_rows`` rows are parsed with the rules of ``io.read_matrix``
    (docs/inputs.md), so a bad cell is reported at once, by its line. A batch
    then seeks to its rows and parses them the same way: the same doubles as
    ``read_matrix``. One record a line (no line break inside a quoted cell).

    Parameters
    ----------
    path : str or path-like
    label : str or list of str, optional
        The columns holding the targets (``fit(source)`` then needs no
        ``Y``); the other columns are the inputs.
    chunk_rows : int, default 10000
        Rows parsed at a time when the file is checked and when ``predict``
        runs over the source.
    name : str, default "X"
        What the file holds, for messages.
    """

    def __init__(self, path, label=None, chunk_rows=10000, name="X"):
        path = os.fspath(path)
        self.path, self.name = path, name
        self.chunk_rows = check_positive_integer("chunk_rows", chunk_rows)
        if not os.path.isfile(path):
            raise TwinnetError(f"{name} file not found: {path}")
        starts, lines, ends = _csv_index(path, name)
        self._header, self._header_line = b"", 1
        first = 0
        if starts.size:
            with open(path, "rb") as handle:
                handle.seek(int(starts[0]))
                self._header = handle.read(int(ends[0] - starts[0]))
            self._header_line, first = int(lines[0]), 1
        self.offsets = np.append(starts[first:], os.path.getsize(path))
        self._lines = lines[first:]
        n = self.offsets.size - 1
        for start in range(0, max(n, 1), self.chunk_rows):
            stop = min(start + self.chunk_rows, n)
            rows = np.arange(start, stop)
            names, _ = self._parse(rows, np.zeros(min(stop - start, 1), dtype=np.int64))
        del self._lines  # line numbers are only needed for the messages of this check
        self.names = names
        columns = list(range(len(names)))
        self.label_columns = []
        if label is not None:
            wanted = [label] if isinstance(label, str) else list(label)
            for column in wanted:
                if column not in names:
                    raise TwinnetError(
                        f"label column '{column}' is not in {name} file {path}; its columns: "
                        + ", ".join(names)
                    )
            self.label_columns = [j for j in columns if names[j] in wanted]
        self.input_columns = [j for j in columns if j not in self.label_columns]
        if not self.input_columns:
            raise TwinnetError(f"{name} file {path} has no input column besides the labels")
        self.shape = (n, len(self.input_columns))

    def _parse(self, ordered, starts):
        """Names and values of the sorted rows ``ordered`` (runs at ``starts``),
        parsed as io.read_matrix parses a file; messages name the file's lines."""
        from .io import _csv_checked, _csv_plain, _csv_text
        from .validation import as_matrix

        parts = [self._header if self._header.endswith((b"\n", b"\r")) else self._header + b"\n"]
        ends = np.append(starts[1:], ordered.size)
        for a, b in zip(starts.tolist(), ends.tolist()):
            with open(self.path, "rb") as handle:
                handle.seek(int(self.offsets[ordered[a]]))
                part = handle.read(int(self.offsets[ordered[b - 1] + 1] - self.offsets[ordered[a]]))
            parts.append(part if part.endswith((b"\n", b"\r")) else part + b"\n")
        raw = b"".join(parts)
        try:
            _csv_text(raw, self.name, self.path)
            found = _csv_plain(raw, self.name, self.path) or _csv_checked(raw, self.name, self.path)
            return found[0], as_matrix(f"{self.name} ({self.path})", found[1])
        except TwinnetError as err:
            message = str(err)
        if hasattr(self, "_lines"):  # the check when the source is made: one run of rows

            def where(match):
                k = int(match.group(1))
                line = self._header_line if k == 1 else int(self._lines[ordered[0]]) + k - 2
                return f"line {line}"

            message = _LINE.sub(where, message)
        raise TwinnetError(message) from None

    def _read(self, rows, columns):
        rows, order, ordered, starts = _run_starts(rows, self.shape[0])
        out = np.empty((rows.size, len(columns)))
        if rows.size:
            out[order] = self._parse(ordered, starts)[1][:, columns]
        return out

    def rows(self, rows):
        """The input columns of the rows ``rows`` (0-based indices or a slice)."""
        return self._read(rows, self.input_columns)

    def targets(self):
        """The label columns of every row, read ``chunk_rows`` at a time."""
        if not self.label_columns:
            raise TwinnetError(
                f"X is a data source of {self.path} without labels: give Y, "
                f"or label (the target columns) when the source is made"
            )
        n = self.shape[0]
        Y = np.empty((n, len(self.label_columns)))
        for start in range(0, n, self.chunk_rows):
            part = slice(start, min(start + self.chunk_rows, n))
            Y[part] = self._read(part, self.label_columns)
        return Y

    def __repr__(self):
        return f"CsvSource({self.path!r}: {self.shape[0]} x {self.shape[1]})"


def _csv_index(path, name):
    """Byte offsets of the file's non-blank lines, their line numbers (from 1)
    and where each ends (after its line break); a UTF-8 byte-order mark is
    skipped. Read a line at a time: memory holds the offsets, 8 bytes each."""
    starts, lines, ends = array("q"), array("q"), array("q")
    with open(path, "rb") as handle:
        position = 3 if handle.read(3) == b"\xef\xbb\xbf" else 0
        handle.seek(position)
        for line, text in enumerate(handle, start=1):
            body = text[:-2] if text.endswith(b"\r\n") else text.rstrip(b"\n")
            if b"\r" in body:
                raise _lone_cr(path, name, line)
            if body:
                starts.append(position)
                lines.append(line)
                ends.append(position + len(text))
            position += len(text)
    return (np.frombuffer(starts, dtype=np.int64), np.frombuffer(lines, dtype=np.int64),
            np.frombuffer(ends, dtype=np.int64))  # fmt: skip


def _lone_cr(path, name, line):
    return TwinnetError(
        f"{name} file {path}: line {line} holds a lone carriage return; a data source "
        f"reads files whose lines end with \\n or \\r\\n"
    )
