"""Files: CSV data, ``config.json`` and the JSON model file (docs/formats.md).

Numbers are written so that they read back to the same double: Python's
``repr`` here, ``sprintf("%.17g")`` in the R twin (``R/R/io.R``). Files are
written to a temporary name in the target folder and renamed into place, so a
model or prediction file is written whole or not at all.
"""

import csv
import io
import json
import math
import os
import re
import stat
import time

import numpy as np
import pandas as pd

from .config import CONFIG_KEYS, NETWORK_ONLY_KEYS, check_config
from .config import load_json as _load_json
from .layers import Activation, Dense, Network
from .network import MLP
from .rng import RRandom
from .validation import TwinnetError, as_matrix

MODEL_FORMAT = "twinnet-model"
MODEL_VERSION = 1

# Training settings of a network (an MLP's are its lr alone).
FIT_KEYS = ("lr", *NETWORK_ONLY_KEYS)


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


def read_data(path, name="X"):
    """Inputs or targets from a CSV file, or from an IDX file as MNIST does:
    images one per row scaled to [0, 1] (divided by 255), labels one-hot."""
    if not is_idx(path):
        return read_matrix(path, name)
    from .datasets import one_hot, read_idx

    values = read_idx(path)
    if values.ndim == 1:
        return one_hot(values)
    return values.reshape(values.shape[0], -1).astype(np.float64) / 255


# Temporary files are named ".twinnet-PID-RANDOM.tmp". Leftovers of a killed
# run (its process no longer running, or any older than an hour) are removed
# by the next write into their folder (docs/inputs.md, "Writing files").
STALE_SECONDS = 3600
TEMP_PREFIX = ".twinnet-"
TEMP_SUFFIX = ".tmp"
_TEMP_PID = re.compile(r"^\.twinnet-([0-9]+)-.*\.tmp$")
# Names of open file descriptors (``--out /dev/stdout``): written directly,
# appended to (the shell opened them), even when they lead to a regular file.
DESCRIPTOR_PATHS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def _why(err):
    """An OSError's reason as the C library words it (R shows the same text)."""
    return err.strerror or str(err)


def _running(pid):
    """Is process ``pid`` running on this machine?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # running, as another user
        return True
    return True


def _stale(name, mtime, limit):
    if mtime < limit:
        return True
    match = _TEMP_PID.match(name)
    return match is not None and not _running(int(match.group(1)))


def _remove_stale_temporaries(folder):
    """Remove the temporary files a killed run left in ``folder``."""
    limit = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and _stale(
                entry.name, entry.stat().st_mtime, limit
            ):
                os.unlink(entry.path)
        except OSError:
            pass


def _link_target(path):
    """The file a chain of symbolic links leads to (it may not exist yet)."""
    for _ in range(40):
        if not os.path.islink(path):
            break
        link = os.readlink(path)
        path = link if os.path.isabs(link) else os.path.join(os.path.dirname(path), link)
    return path


def _write_directly(path, data):
    """A device, a pipe or /dev/stdout: written in place, never replaced."""
    try:
        with open(path, "ab") as handle:
            handle.write(data)
    except OSError as err:
        raise TwinnetError(f"could not write {path}: {_why(err)}") from None


def check_writable(path):
    """The checks of writing ``path`` that need no writing: an empty name, a
    folder, a missing folder are errors. ``train`` runs them before it reads
    any data, so that a bad ``--out`` does not cost a training run. Returns
    ``os.stat(path)`` (following links), or None for a new file. Twin:
    ``check_writable`` in R/R/io.R."""
    path = os.fspath(path)
    if path == "":
        raise TwinnetError("could not write '': the file name is empty")
    try:
        info = os.stat(path)  # follows symbolic links
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TwinnetError(f"could not write {path}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return info  # a device or pipe: written directly
    folder = os.path.dirname(_link_target(path)) or "."
    if not os.path.isdir(folder):
        raise TwinnetError(f"could not write {path}: folder {folder} does not exist")
    return info


def _write_atomically(path, data):
    """Write ``data`` (text, written as UTF-8, or bytes) to ``path`` whole or not
    at all, by the rules of docs/inputs.md ("Writing files"): a regular file is
    written to a temporary file beside it and renamed into place (a new file
    gets the permissions the umask gives, an existing one keeps its own); a
    symbolic link has its target written; a device or pipe is written
    directly. Twin: ``write_atomically`` in R/R/io.R."""
    path = os.fspath(path)
    info = check_writable(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if info is not None and (
        not stat.S_ISREG(info.st_mode) or os.path.abspath(path).startswith(DESCRIPTOR_PATHS)
    ):
        return _write_directly(path, data)
    target = _link_target(path)
    folder = os.path.dirname(target) or "."
    _remove_stale_temporaries(folder)
    tmp = None
    try:
        while tmp is None:
            name = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}"
            name = os.path.join(folder, name)
            try:  # mode 0o666: the umask decides, as for open()
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            tmp = name
        with os.fdopen(fd, "wb") as handle:
            if info is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise TwinnetError(f"could not write {path}: {_why(err)}") from None
    finally:  # also on Ctrl-C
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_matrix(matrix, path, prefix="y"):
    """Write a matrix as CSV, columns ``y1, y2, ...``, numbers round-tripping."""
    matrix = np.asarray(matrix, dtype=np.float64)
    header = ",".join(f"{prefix}{j + 1}" for j in range(matrix.shape[1]))
    rows = [",".join(repr(float(v)) for v in row) for row in matrix]
    _write_atomically(path, "\n".join([header, *rows]) + "\n")


def write_trace(table, path):
    """Write a trace (``trace_epoch``) as CSV, whole or not at all."""
    _write_atomically(path, table.to_csv(index=False, lineterminator="\n"))


def read_config(path):
    """Read ``config.json``; data file names are taken relative to it.

    Returns a dict with every key of ``CONFIG_KEYS`` (defaults filled in) and
    the data paths made absolute.
    """
    config = check_config(_load_json(path, "config"), path)
    base = os.path.dirname(os.path.abspath(path))
    out = {**CONFIG_KEYS, **config}
    for key in ("x", "y", "x_test", "y_test"):
        if out[key] is not None:
            out[key] = os.path.join(base, out[key])
    for key in ("init_weights", "init_biases"):
        if out[key] is not None:
            out[key] = [os.path.join(base, p) for p in out[key]]
    return out


def network_from_specs(specs, seed=42, mode="blas", loss=None, weights=None, biases=None):
    """Build a Network from layer descriptions, e.g. ``{"type": "dense",
    "n_in": 2, "n_out": 3, "init": "aflak"}`` and ``{"type": "activation",
    "name": "tanh"}``; with ``weights`` (and ``biases``), the dense layers
    take them instead of drawing their own."""
    if not isinstance(specs, list) or not specs:
        raise TwinnetError("network must be a non-empty list of layers")
    n_dense = sum(isinstance(s, dict) and s.get("type") == "dense" for s in specs)
    if weights is not None and len(weights) != n_dense:
        raise TwinnetError(f"{len(weights)} weight matrices were given for {n_dense} layers")
    net = Network(seed=seed, mode=mode)
    given_w = iter(weights or [])
    given_b = iter(biases or [])
    for i, spec in enumerate(specs, start=1):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "dense":
            unknown = set(spec) - {"type", "n_in", "n_out", "bias", "init"}
            layer = Dense(
                spec.get("n_in"),
                spec.get("n_out"),
                bias=spec.get("bias", True),
                init=spec.get("init", "normal"),
            )
            if weights is not None:
                layer.set_params(
                    next(given_w),
                    next(given_b, None) if layer.has_bias else None,
                    where=f"layer {i}",
                )
        elif kind == "activation":
            unknown = set(spec) - {"type", "name"}
            layer = Activation(spec.get("name", "sigmoid"))
        else:
            raise TwinnetError(
                f"unknown layer type {kind!r} in layer {i}; choose one of dense, activation"
            )
        if unknown:
            raise TwinnetError(f"layer {i} has unknown keys: {', '.join(sorted(unknown))}")
        net.add(layer)
    if loss is not None:
        net.use(loss)
    return net


def model_from_config(config):
    """Build the untrained model a config describes: an MLP (``layers``) or a
    Network (``network``), from its seed or initial-weight files."""
    weights = biases = None
    if config["init_weights"] is not None:
        weights = [
            read_matrix(p, f"initial weights of layer {l}")
            for l, p in enumerate(config["init_weights"], start=1)
        ]
    if config["init_biases"] is not None:
        biases = [
            read_matrix(p, f"initial biases of layer {l}")
            for l, p in enumerate(config["init_biases"], start=1)
        ]
    if config.get("network") is not None:
        if weights is not None or biases is not None:
            raise TwinnetError("initial weight files are read for layers configs only")
        return network_from_specs(config["network"], config["seed"], config["mode"], config["loss"])
    return MLP(
        layers=config["layers"],
        lr=config["lr"],
        seed=config["seed"],
        mode=config["mode"],
        loss=config["loss"],
        activation=config["activation"],
        bias=config["bias"],
        weights=weights,
        biases=biases,
    )


def train_from_config(config, X, Y, model=None, epochs=None, **control):
    """Build the model a config describes (or continue ``model``) and train it
    as the config says, for ``epochs`` (the config's by default). ``control``
    goes to ``fit`` (progress, checkpoint_every, checkpoint_path, on_epoch)."""
    model = model_from_config(config) if model is None else model
    epochs = config["epochs"] if epochs is None else epochs
    if isinstance(model, MLP):
        # a network setting an MLP would not use is an error, never ignored
        unused = [k for k in NETWORK_ONLY_KEYS if config.get(k, CONFIG_KEYS[k]) != CONFIG_KEYS[k]]
        if unused:
            raise TwinnetError(
                f"{', '.join(unused)} {'is a setting' if len(unused) == 1 else 'are settings'}"
                " of network configs only (an MLP trains full batch with plain gradient descent)"
            )
        return model.fit(X, Y, epochs, **control)
    return model.fit(
        X, Y, epochs, **{k: config.get(k, CONFIG_KEYS[k]) for k in FIT_KEYS}, **control
    )


def model_to_dict(model):
    """The model file's content as plain Python objects."""
    if isinstance(model, MLP):
        config = {
            "layers": model.layers,
            "activation": model.activation,
            "loss": model.loss,
            "lr": model.lr,
            "seed": model.seed,
            "bias": model.bias,
            "mode": model.mode,
        }
        net = model.network
    else:
        if any(l.kind == "activation" and l.name == "custom" for l in model.layers):
            raise TwinnetError("a network with a custom activation cannot be saved")
        config = {
            "network": [l.describe() for l in model.layers],
            "loss": model.loss,
            "seed": model.seed,
            "mode": model.mode,
        }
        net = model
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "config": config,
        "weights": [w.tolist() for w in model.weights],
        "biases": [b[0].tolist() for b in model.biases],
        "loss_history": [float(v) for v in model.loss_history],
        "rng_state": [int(v) for v in net.rng.state()],
        "optimizer": _optimizer_to_dict(net),
    }


def _optimizer_to_dict(net):
    """The optimiser's settings and state, so that training resumes exactly
    (``None`` for plain gradient descent, which keeps no state)."""
    if net._optimizer is None:
        return None
    name, settings = net._optimizer_key
    state = {
        k: ([a.tolist() for a in v] if isinstance(v, list) else v)
        for k, v in net._optimizer.state().items()
    }
    return {"name": name, "settings": dict(settings), "state": state}


def _optimizer_from_dict(net, data):
    """Give ``net`` the optimiser a checked model file holds (see
    ``check_model_optimizer``); nothing for ``None`` (plain gradient descent)."""
    if data is None:
        return
    optimizer = net._optimizer_for(data["name"], dict(data["settings"]))
    optimizer.load(data["state"])


SAVE_WHAT = "model must be a twinnet model (an MLP, a Network or a fitted estimator)"


def save_model(model, path):
    """Write ``model`` to ``path`` as JSON, whole or not at all.

    A fitted ``TwinnetClassifier``/``TwinnetRegressor`` is saved as its network
    and an "estimator" entry (classes, feature names, settings), so that it
    loads as a fitted estimator here and as a ``twinnet()`` fit in R."""
    model, entry = _estimator_parts(model)
    if not isinstance(model, (MLP, Network)):
        raise TwinnetError(SAVE_WHAT)
    data = model_to_dict(model)
    if entry is not None:
        data["estimator"] = entry
    _write_atomically(path, json.dumps(data, indent=1) + "\n")


def _estimator_parts(model):
    """``(network, entry)`` for a fitted estimator of twinnet.sklearn, else ``(model, None)``."""
    import sys

    sklearn_module = sys.modules.get("twinnet.sklearn")  # imported wherever an estimator exists
    if sklearn_module is None or not isinstance(model, sklearn_module._TwinnetEstimator):
        return model, None
    return sklearn_module.estimator_entry(model)


def load_network(path):
    """``load_model`` for the command line: the network of a fitted estimator's
    file (``predict`` writes its outputs, ``compare`` compares its numbers)."""
    model = load_model(path)
    return getattr(model, "network_", model)


def _estimator_from_entry(entry, model, path):
    """The fitted estimator a model file's "estimator" entry describes (twinnet.sklearn)."""
    try:
        from .sklearn import estimator_from_entry
    except ImportError:
        raise TwinnetError(
            f"model file {path} holds a fitted estimator; loading it needs scikit-learn "
            f"(pip install 'twinnet[sklearn]')"
        ) from None
    return estimator_from_entry(entry, model, path)


# ---------------------------------------------------------------- model files
# Every entry of a model file is checked before anything is built from it, in
# this order, by functions of the same names and with the same messages as in
# the R twin (R/R/io.R): the file (format, version, keys), the config, the
# weights, the biases, the loss history, the generator's state and the
# optimiser (docs/inputs.md, "Model files").

MODEL_KEYS = (
    "format",
    "version",
    "config",
    "weights",
    "biases",
    "loss_history",
    "rng_state",
    "optimizer",
)
# Top-level entries the format defines but does not require (a fitted
# estimator's, docs/formats.md).
MODEL_OPTIONAL_KEYS = ("estimator",)
MLP_CONFIG_KEYS = ("layers", "activation", "loss", "lr", "seed", "bias", "mode")
NETWORK_CONFIG_KEYS = ("network", "loss", "seed", "mode")
OPTIMIZER_SETTINGS = {"momentum": ("momentum",), "adam": ("beta1", "beta2", "epsilon")}
OPTIMIZER_STATE = {"momentum": ("velocity",), "adam": ("t", "b1t", "b2t", "m", "v")}
RNG_KIND = 10403  # R's .Random.seed[1] for Mersenne-Twister, Inversion, Rejection
RNG_LENGTH = 626
INT_MAX = 2147483647


def _entry_kind(value):
    """The JSON type of ``value`` in words (the R twin says the same)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _is_number(value):
    return type(value) is int or type(value) is float


def _as_float(value):
    try:
        return float(value)
    except OverflowError:  # an integer beyond the doubles: R reads it as Inf
        return math.inf if value > 0 else -math.inf


def _number_text(x):
    """R's num_text: the shortest of 15, 16, 17 digits that reads back."""
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


def _entry_found(value):
    """What a file holds where something else is due: a number as written
    back, anything else by its JSON type."""
    return _number_text(_as_float(value)) if _is_number(value) else _entry_kind(value)


def _check_entry_whole(where, value, low, high):
    ok = _is_number(value) and math.isfinite(_as_float(value))
    if not (ok and value == int(value) and low <= value <= high):
        raise TwinnetError(
            f"{where} must be a whole number in [{low}, {high}], got {_entry_found(value)}"
        )
    return int(value)


def _check_entry_real(where, value, what, ok):
    if not _is_number(value) or not ok(_as_float(value)):
        raise TwinnetError(f"{where} must be {what}, got {_entry_found(value)}")
    return _as_float(value)


def _check_entry_string(where, value, null=False):
    if (null and value is None) or isinstance(value, str):
        return value
    what = "a string or null" if null else "a string"
    raise TwinnetError(f"{where} must be {what}, got {_entry_found(value)}")


def _check_entry_flag(where, value):
    if not isinstance(value, bool):
        raise TwinnetError(f"{where} must be true or false, got {_entry_found(value)}")
    return value


def _check_entry_object(where, value, required, optional=()):
    """A JSON object with every key of ``required`` and no key outside
    ``required`` and ``optional``."""
    if not isinstance(value, dict):
        raise TwinnetError(f"{where} must be an object, got {_entry_found(value)}")
    for key in required:
        if key not in value:
            raise TwinnetError(f"{where} has no '{key}'")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise TwinnetError(f"{where} has unknown keys: {', '.join(unknown)}")
    return value


def _check_entry_list(where, value, count, unit, why=""):
    if not isinstance(value, list):
        raise TwinnetError(f"{where} must be a list of {count} {unit}, got {_entry_found(value)}")
    if len(value) != count:
        raise TwinnetError(f"{where} must have {count} {unit}{why}, got {len(value)}")
    return value


def _check_entry_numbers(where, values, count=None):
    """A list of finite numbers (``count`` of them when given), as float64."""
    if count is None:
        if not isinstance(values, list):
            raise TwinnetError(f"{where} must be a list of numbers, got {_entry_found(values)}")
    else:
        _check_entry_list(where, values, count, "numbers")
    if all(type(v) is float or type(v) is int for v in values):
        try:
            out = np.array(values, dtype=np.float64)
        except OverflowError:
            out = np.array([_as_float(v) for v in values], dtype=np.float64)
        if np.isfinite(out).all():
            return out
    for i, v in enumerate(values, start=1):
        if not _is_number(v) or not math.isfinite(_as_float(v)):
            raise TwinnetError(
                f"value {i} of {where} must be a finite number, got {_entry_found(v)}"
            )
    raise AssertionError("unreachable")  # pragma: no cover


def _check_entry_matrix(where, rows, n_rows, n_cols):
    """A list of ``n_rows`` rows of ``n_cols`` finite numbers, as a matrix."""
    _check_entry_list(where, rows, n_rows, "rows")
    checked = [
        _check_entry_numbers(f"row {i} of {where}", row, n_cols)
        for i, row in enumerate(rows, start=1)
    ]
    return np.array(checked, dtype=np.float64).reshape(n_rows, n_cols)


def check_model_file(data, path):
    """The file itself: a twinnet model of version 1 with the format's keys."""
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise TwinnetError(f"model file {path} is not a twinnet model")
    if "version" not in data:
        raise TwinnetError(f"model file {path} has no 'version'")
    version = data["version"]
    if not _is_number(version):
        raise TwinnetError(
            f"model file {path}: version must be a number, got {_entry_found(version)}"
        )
    if version != MODEL_VERSION:  # 1.0 is 1: JSON does not tell them apart
        raise TwinnetError(
            f"model file {path} has version {_entry_found(version)}; "
            f"this twinnet reads version {MODEL_VERSION}"
        )
    for key in MODEL_KEYS:
        if key not in data:
            raise TwinnetError(f"model file {path} has no '{key}'")
    unknown = sorted(set(data) - set(MODEL_KEYS) - set(MODEL_OPTIONAL_KEYS))
    if unknown:
        raise TwinnetError(f"model file {path} has unknown keys: {', '.join(unknown)}")


def check_model_config(cfg):
    """The config: a layers (MLP) or a network config, every value of its JSON
    type. Returns the values and the dense layers' shapes (n_in, n_out, bias)."""
    if not isinstance(cfg, dict):
        raise TwinnetError(f"config must be an object, got {_entry_found(cfg)}")
    keys = NETWORK_CONFIG_KEYS if "network" in cfg else MLP_CONFIG_KEYS
    _check_entry_object("config", cfg, keys)
    if "network" in cfg:
        out = _check_network_specs(cfg["network"])
        out["loss"] = _check_entry_string("config entry 'loss'", cfg["loss"], null=True)
    else:
        layers = cfg["layers"]
        if not isinstance(layers, list) or len(layers) < 2:
            found = f"{len(layers)}" if isinstance(layers, list) else _entry_found(layers)
            raise TwinnetError(
                f"config entry 'layers' must be a list of at least 2 sizes, got {found}"
            )
        sizes = [
            _check_entry_whole(f"size {i} of config entry 'layers'", v, 1, INT_MAX)
            for i, v in enumerate(layers, start=1)
        ]
        out = {
            "layers": sizes,
            "activation": _check_entry_string("config entry 'activation'", cfg["activation"]),
            "loss": _check_entry_string("config entry 'loss'", cfg["loss"]),
            "lr": _check_entry_real(
                "config entry 'lr'",
                cfg["lr"],
                "a positive number",
                lambda x: math.isfinite(x) and x > 0,
            ),
        }
    seed = cfg["seed"]
    if seed is not None:
        seed = _check_entry_whole("config entry 'seed'", seed, -INT_MAX, INT_MAX)
    out["seed"] = seed
    if "network" not in cfg:
        out["bias"] = _check_entry_flag("config entry 'bias'", cfg["bias"])
        out["shapes"] = [(a, b, out["bias"]) for a, b in zip(sizes[:-1], sizes[1:])]
    out["mode"] = _check_entry_string("config entry 'mode'", cfg["mode"])
    return out


def _check_network_specs(specs):
    """A network config's layer list: the specs (sizes as integers) and the
    dense layers' shapes. Unknown layer types and keys are left to
    ``network_from_specs``, whose messages say the same in both languages."""
    if not isinstance(specs, list) or not specs:
        found = "an empty list" if isinstance(specs, list) else _entry_found(specs)
        raise TwinnetError(
            f"config entry 'network' must be a non-empty list of layers, got {found}"
        )
    out = {"network": [], "shapes": []}
    for i, spec in enumerate(specs, start=1):
        where = f"layer {i} of the network"
        if not isinstance(spec, dict):
            raise TwinnetError(f"{where} must be an object, got {_entry_found(spec)}")
        if "type" not in spec:
            raise TwinnetError(f"{where} has no 'type'")
        kind = _check_entry_string(f"'type' of {where}", spec["type"])
        spec = dict(spec)
        if kind == "dense":
            for key in ("n_in", "n_out"):
                if key not in spec:
                    raise TwinnetError(f"{where} has no '{key}'")
                spec[key] = _check_entry_whole(f"'{key}' of {where}", spec[key], 1, INT_MAX)
            if "bias" in spec:
                _check_entry_flag(f"'bias' of {where}", spec["bias"])
            if "init" in spec:
                _check_entry_string(f"'init' of {where}", spec["init"])
            out["shapes"].append((spec["n_in"], spec["n_out"], spec.get("bias", True)))
        elif kind == "activation" and "name" in spec:
            _check_entry_string(f"'name' of {where}", spec["name"])
        out["network"].append(spec)
    return out


def check_model_weights(weights, shapes):
    """One n_in x n_out matrix of finite numbers per dense layer."""
    _check_entry_list("weights", weights, len(shapes), "matrices", " (one per dense layer)")
    return [
        _check_entry_matrix(f"weight matrix {l}", w, n_in, n_out)
        for l, (w, (n_in, n_out, _)) in enumerate(zip(weights, shapes), start=1)
    ]


def check_model_biases(biases, shapes):
    """One row of n_out finite numbers per dense layer with a bias."""
    outs = [n_out for _, n_out, bias in shapes if bias]
    why = " (one per dense layer with a bias)"
    _check_entry_list("biases", biases, len(outs), "rows", why)
    return [
        _check_entry_numbers(f"bias row {k}", b, n_out).reshape(1, -1)
        for k, (b, n_out) in enumerate(zip(biases, outs), start=1)
    ]


def check_model_loss_history(history):
    """One finite number per epoch trained (a diverged run stops before it
    writes, so a model file never holds a non-finite loss)."""
    return [float(v) for v in _check_entry_numbers("loss_history", history)]


def check_model_rng_state(state):
    """R's .Random.seed: 626 32-bit integers, 10403, the position in [1, 624]
    and 624 Mersenne-Twister words, not all zero (R would reseed from the clock)."""
    if not isinstance(state, list):
        raise TwinnetError(
            f"rng_state must be a list of {RNG_LENGTH} whole numbers, got {_entry_found(state)}"
        )
    if len(state) != RNG_LENGTH:
        raise TwinnetError(f"rng_state must have {RNG_LENGTH} numbers, got {len(state)}")
    words = [
        _check_entry_whole(f"value {i} of rng_state", v, -INT_MAX - 1, INT_MAX)
        for i, v in enumerate(state, start=1)
    ]
    if words[0] != RNG_KIND:
        raise TwinnetError(
            f"value 1 of rng_state must be {RNG_KIND} (R's Mersenne-Twister), got {words[0]}"
        )
    if not 1 <= words[1] <= RNG_LENGTH - 2:
        raise TwinnetError(
            f"value 2 of rng_state (the generator's position) must be in "
            f"[1, {RNG_LENGTH - 2}], got {words[1]}"
        )
    if not any(words[2:]):
        raise TwinnetError(f"rng_state has all {RNG_LENGTH - 2} generator words zero")
    return np.array(words, dtype=np.int64)


def check_model_optimizer(opt, shapes, is_network):
    """``null`` (plain gradient descent), or a network's momentum or Adam
    optimiser: its settings and its state, arrays shaped as the weights and
    biases (weights..., biases...)."""
    if opt is None:
        return None
    if not is_network:
        raise TwinnetError(f"optimizer must be null for a layers model, got {_entry_found(opt)}")
    _check_entry_object("optimizer", opt, ("name", "settings", "state"))
    name = _check_entry_string("optimizer name", opt["name"])
    if name not in OPTIMIZER_SETTINGS:
        raise TwinnetError(
            f"unknown optimizer name '{name}'; choose one of {', '.join(OPTIMIZER_SETTINGS)}"
        )
    settings = _check_entry_object("optimizer settings", opt["settings"], OPTIMIZER_SETTINGS[name])
    unit = ("a number in [0, 1]", lambda x: 0 <= x <= 1)
    below_one = ("a number in [0, 1)", lambda x: 0 <= x < 1)
    positive = ("a positive number", lambda x: math.isfinite(x) and x > 0)
    rules = {"momentum": unit, "beta1": below_one, "beta2": below_one, "epsilon": positive}
    settings = {
        key: _check_entry_real(f"optimizer setting '{key}'", settings[key], *rules[key])
        for key in OPTIMIZER_SETTINGS[name]
    }
    state = opt["state"]
    if isinstance(state, dict) and not state:
        return {"name": name, "settings": settings, "state": {}}
    _check_entry_object("optimizer state", state, OPTIMIZER_STATE[name])
    arrays = [(n_in, n_out) for n_in, n_out, _ in shapes]
    arrays += [(1, n_out) for _, n_out, bias in shapes if bias]
    out = {}
    for key in OPTIMIZER_STATE[name]:
        where = f"optimizer state '{key}'"
        if key == "t":
            out[key] = _check_entry_whole(where, state[key], 1, INT_MAX)
        elif key in ("b1t", "b2t"):
            out[key] = _check_entry_real(where, state[key], *below_one)
        else:
            why = " (one per weight matrix and bias row)"
            _check_entry_list(where, state[key], len(arrays), "arrays", why)
            out[key] = [
                _check_entry_matrix(f"array {k} of {where}", a, n_rows, n_cols)
                for k, (a, (n_rows, n_cols)) in enumerate(zip(state[key], arrays), start=1)
            ]
    return {"name": name, "settings": settings, "state": out}


def load_model(path):
    """Read a model file written by either language (an MLP or a Network).

    Every entry is checked first (``check_model_*``, docs/inputs.md): a file
    a user can write gives one ``TwinnetError`` naming the entry."""
    data = _load_json(path, "model")
    check_model_file(data, path)
    try:
        cfg = check_model_config(data["config"])
        shapes = cfg["shapes"]
        weights = check_model_weights(data["weights"], shapes)
        biases = check_model_biases(data["biases"], shapes)
        history = check_model_loss_history(data["loss_history"])
        rng_state = check_model_rng_state(data["rng_state"])
        optimizer = check_model_optimizer(data["optimizer"], shapes, "network" in cfg)
        seed = cfg["seed"]
        if "network" in cfg:
            model = network_from_specs(
                cfg["network"],
                42 if seed is None else seed,
                cfg["mode"],
                cfg["loss"],
                weights,
                biases,
            )
            net = model
        else:
            model = MLP(
                layers=cfg["layers"],
                lr=cfg["lr"],
                seed=seed,
                mode=cfg["mode"],
                loss=cfg["loss"],
                activation=cfg["activation"],
                bias=cfg["bias"],
                weights=weights,
                biases=biases,
            )
            net = model.network
        model.seed = seed
        model.loss_history = history
        net.rng = RRandom.from_state(rng_state)
        _optimizer_from_dict(net, optimizer)
    except TwinnetError as err:
        raise TwinnetError(f"model file {path}: {err}") from None
    if "estimator" in data:  # a fitted estimator around the network
        model = _estimator_from_entry(data["estimator"], model, path)
    return model
