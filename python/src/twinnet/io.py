"""CSV tables: reading data files and writing matrices and traces (docs/inputs.md).

Numbers are written so that they read back to the same double: Python's
``repr`` here, the shortest of ``sprintf("%.15g")``, ``"%.16g"`` and
``"%.17g"`` that reads back in the R twin (``R/R/io.R``). Files are written
whole or not at all (``files.write_atomically``).
"""

import csv
import io
import math
import os
import re

import numpy as np
import pandas as pd

from .files import write_atomically
from .validation import TwinnetError, as_matrix

# CSV data files (docs/inputs.md, "CSV data files"): read by position with
# the same rules and messages as R/R/io.R. The number grammar is one regex,
# written the same in both files; numbers are converted by Python's float()
# (correctly rounded), or by pandas, whose converter gives the same doubles.
CSV_NUMBER = re.compile("^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$")
# Cells that are missing or not finite (an error naming the cell, as an
# overflowing number is): twinnet writes nan, inf and -inf, R writes NA.
CSV_MISSING = frozenset(["", "NA", "NaN", "nan", "Inf", "inf", "+Inf", "+inf", "-Inf", "-inf"])
CSV_SPACE = " \t"  # stripped around every cell, quoted or not
_CSV_PLAIN = b"0123456789+-.eE,\r\n"  # the bytes of a file of plain numbers
_CSV_PLAIN_CELLS = str.maketrans("", "", "0123456789+-.eE\x00")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_CSV_CELL = re.compile(rb"[^\r\n]")  # a line that is not blank
_BOM = b"\xef\xbb\xbf"


def _one_line(text):
    return re.sub("[\r\n]", " ", text)


def _show_cell(text):
    return "'" + _one_line(text if len(text) <= 40 else text[:40] + "...") + "'"


def _csv_bytes(path, name):
    """The file's bytes without a UTF-8 byte-order mark; an error unless
    they are UTF-8 text (a NUL byte is not text either)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        raise TwinnetError(f"{name} file {path} could not be read") from None
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    return _csv_text(raw, name, path)


def _csv_text(raw, name, path):
    """raw, or an error naming the line of its first byte that is not UTF-8
    text (a NUL byte, or a byte sequence that is not UTF-8)."""
    bad = raw.find(b"\x00")
    try:
        if not raw.isascii():
            raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.start if bad < 0 else min(bad, err.start)
    if bad >= 0:
        line = len(_LINE_BREAK.findall(raw, 0, bad)) + 1
        raise TwinnetError(f"{name} file {path} is not UTF-8 text (line {line})")
    return raw


def _csv_header(cells, name, path):
    """The column names of the first line; an error if one is blank or if all
    are numbers (a file without a header row)."""
    names = [c.strip(CSV_SPACE) for c in cells]
    for j, column in enumerate(names, start=1):
        if not column:
            hint = (
                " (R's write.csv writes a nameless row-name column first:"
                " write the file with row.names = FALSE)"
                if j == 1
                else ""
            )
            raise TwinnetError(f"{name} file {path}: column {j} has no name{hint}")
    if all(CSV_NUMBER.match(column) for column in names):
        raise TwinnetError(
            f"{name} file {path} has no header row: its first line holds numbers only"
            " (the first line must name the columns)"
        )
    return names


# one side: a fast path through pandas for files of plain numbers
def _csv_plain(raw, name, path):
    """The usual file, fast: a header on line 1, then rows of plain numbers
    (digits, signs, points, exponents, commas, line breaks: nothing to strip,
    unquote or report): its names and values. None for any other file,
    which _csv_checked reads."""
    brk = _LINE_BREAK.search(raw)
    if brk is None:
        return None
    head, data = raw[: brk.start()], raw[brk.end() :]
    if b'"' in head or data.translate(None, _CSV_PLAIN) or not _CSV_CELL.search(data):
        return None
    names = [c.strip(CSV_SPACE) for c in head.decode("utf-8").split(",")]
    if not all(names) or all(CSV_NUMBER.match(c) for c in names):
        return None
    try:
        values = pd.read_csv(io.BytesIO(data), header=None, dtype=np.float64).to_numpy()
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if values.shape[1] != len(names) or not np.isfinite(values).all():
        return None
    return names, values


# twin: csv_cells
def _csv_checked(raw, name, path):
    """Every other file: each record (Python's csv module, as R's scan reads
    it) checked in file order; the first problem is reported. Its names and
    values."""
    text = raw.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []  # (first line, cells) of every record that is not blank
    end = 0
    try:
        for cells in reader:
            if cells:
                records.append((end + 1, cells))
            end = reader.line_num
    except csv.Error:
        raise TwinnetError(f"{name} file {path} is not a valid CSV file (line {end + 1})") from None
    if '"' in text:  # a quote left open reads to the end of the file
        try:
            for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
                pass
        except csv.Error as err:
            if str(err).startswith("unexpected end of data"):
                raise TwinnetError(
                    f"{name} file {path}: line {records[-1][0]} opens a quote that is never closed"
                ) from None
    if not records:
        raise TwinnetError(f"{name} file {path} is empty")
    names = _csv_header(records[0][1], name, path)
    m = len(names)
    rows = records[1:]
    if not rows:
        raise TwinnetError(f"{name} file {path} is empty (0 x {m}): it has a header and no rows")
    for line, cells in rows:
        if len(cells) != m:
            raise TwinnetError(
                f"{name} file {path}: line {line} has {len(cells)}"
                f" cell{'' if len(cells) == 1 else 's'}, the header has {m}"
            )
    cells = [c.strip(CSV_SPACE) for _, row in rows for c in row]
    values = None
    # cells of plain characters only: float() accepts exactly the grammar
    # there, so convert them all at once (a file with spaces or quotes)
    if not "\x00".join(cells).translate(_CSV_PLAIN_CELLS):
        try:
            values = np.array(cells, dtype=object).astype(np.float64)
        except ValueError:
            values = None
    if values is None:
        values = np.full(len(cells), np.nan)
        for k, cell in enumerate(cells):
            if CSV_NUMBER.match(cell):
                values[k] = float(cell)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        i, j = divmod(int(bad[0]), m)
        cell = cells[bad[0]]
        what = (
            "a missing, NaN or infinite value"
            if cell in CSV_MISSING or CSV_NUMBER.match(cell)
            else "a non-numeric value"
        )
        raise TwinnetError(
            f"{name} file {path} has {what} in column '{_one_line(names[j])}' (column {j + 1})"
            f" at line {rows[i][0]}: {_show_cell(cell)}"
        )
    return names, values.reshape(len(rows), m)


def read_columns(path, name="X"):
    """The column names and the finite 2-D float64 array of a CSV file (the
    names as written, surrounding spaces removed; they may repeat)."""
    if not os.path.isfile(path):
        raise TwinnetError(f"{name} file not found: {path}")
    raw = _csv_bytes(path, name)
    found = _csv_plain(raw, name, path) or _csv_checked(raw, name, path)
    return found[0], as_matrix(f"{name} ({path})", found[1])


def read_matrix(path, name="X"):
    """Read a CSV file with a header row into a finite 2-D float64 array.

    Columns are taken by position (names may repeat); the rules are those of
    docs/inputs.md, the same as the R twin's, with the same messages.
    """
    return read_columns(path, name)[1]


def is_idx(path):
    """Does the file name say IDX (MNIST's format: ``...-ubyte`` or ``...-ubyte.gz``)?"""
    return str(path).endswith(("-ubyte", "-ubyte.gz"))


def read_data(path, name="X", images=False):
    """Inputs or targets from a CSV file, or from an IDX file as MNIST does:
    images one per row scaled to [0, 1] (divided by 255), labels one-hot.
    With ``images``, IDX images stay images: an array (n, height, width, 1)
    (or (n, h, w, c) for a 4-D file), for a network that starts with a
    conv2d layer."""
    if not is_idx(path):
        return read_matrix(path, name)
    from .datasets import one_hot
    from .idx import read_idx

    values = read_idx(path)
    if values.ndim == 1:
        return one_hot(values)
    if images and values.ndim in (3, 4):
        shape = values.shape if values.ndim == 4 else (*values.shape, 1)
        return values.reshape(shape).astype(np.float64) / 255
    return values.reshape(values.shape[0], -1).astype(np.float64) / 255


def num_text(x):
    """The shortest of 15, 16, 17 significant digits that reads back to ``x``
    (R's num_text; files written by Python hold ``repr``, messages this)."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0.0"
    for digits in (15, 16, 17):
        text = f"{x:.{digits}g}"
        if float(text) == x:
            break
    return text


def write_matrix(matrix, path, prefix="y"):
    """Write a matrix as CSV, columns ``y1, y2, ...``, numbers round-tripping."""
    matrix = np.asarray(matrix, dtype=np.float64)
    header = ",".join(f"{prefix}{j + 1}" for j in range(matrix.shape[1]))
    rows = [",".join(repr(float(v)) for v in row) for row in matrix]
    write_atomically(path, "\n".join([header, *rows]) + "\n")


def write_trace(table, path):
    """Write a trace (``trace_epoch``) as CSV, whole or not at all."""
    write_atomically(path, table.to_csv(index=False, lineterminator="\n"))
