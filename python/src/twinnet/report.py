"""A training run as one self-contained HTML page (docs/report.md).

``write_report(config, out)`` trains the network a config describes (or loads
a model file), then writes one HTML file with the configuration, the data's
shape and summary, the loss curves, the decision boundary (2-feature class
data), the network diagram, the first epoch step by step in the article's
names, the evaluation and, given the folder ``twinnet parity`` wrote, the two
languages' results side by side with the verdict. No script, no font, no
link leaves the file: the pictures are inline SVG written here from the
numbers ``plot_data`` computes. The twin, ``R/R/report.R``, writes the same
bytes from the same data, apart from the ``<meta name="generator">`` line
(parity_tests/test_report_parity.py). Every number goes through one rule
(``_report_number``: C's ``%.6g``; coordinates ``%.1f``) that R's
``sprintf`` and Python's ``%`` share.
Its length (about 860 lines): eight sections, three pictures drawn in SVG by
hand, each written to give the same bytes as its R twin.
"""

import io
import math
import os
from contextlib import redirect_stdout

import numpy as np

from .arith import ARITHMETICS
from .config import read_config
from .io import read_data
from .metrics import class_names_for, classes_of, evaluate, predicted_classes, r2
from .model_file import load_network
from .plot_data import (
    CLASS_COLOURS,
    NEGATIVE_COLOUR,
    POSITIVE_COLOUR,
    _boundary_grid,
    _boundary_legend,
    _boundary_points,
    _class_colour,
    _dense_activations,
    _gap_y,
    _layer_labels,
    _line_widths,
    _loss_curves,
    _network_segments,
    _probability_colours,
    _shown_units,
    _tint,
    _unit_slots,
    _unit_ys,
)
from .trace import trace_epoch
from .training_config import config_xy, train_from_config
from .validation import TwinnetError

REPORT_SECTIONS = (
    ("configuration", "Configuration"),
    ("data", "Data"),
    ("training", "Training"),
    ("boundary", "Decision boundary"),
    ("network", "Network"),
    ("trace", "First epoch, step by step"),
    ("evaluation", "Evaluation"),
    ("parity", "Python and R"),
)
REPORT_MAX_ROWS = 10  # a matrix or summary shows at most 10 rows and 10 columns
REPORT_MAX_POINTS = 2000  # loss curves: at most 2000 points per line; data points drawn
REPORT_GRID = 100  # decision boundary: 100 x 100 grid points
TEXT_COLOUR = "#222222"
NAME_CLASS = ' class="name"'  # a left-aligned cell
RIGHT_CLASS = ' class="right"'  # a confusion matrix's diagonal
REPORT_STYLE = """body { font-family: sans-serif; color: #222222; max-width: 960px;
  margin: 24px auto; padding: 0 16px; line-height: 1.4; background: #ffffff; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 19px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 18px 0 6px 0; }
nav a { margin-right: 12px; }
pre { background: #f6f6f6; padding: 8px; white-space: pre-wrap; font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; }
th, td { border: 1px solid #cccccc; padding: 2px 8px; text-align: right; }
th { background: #f0f0f0; }
td.name, th.name { text-align: left; }
td.right { background: #e6f2e6; }
p.note { color: #555555; font-size: 13px; }
p.pass { background: #e6f2e6; padding: 6px; border-left: 4px solid #2ca02c; }
p.fail { background: #fbe7e7; padding: 6px; border-left: 4px solid #d62728; }
svg { display: block; margin: 8px 0; }
div.matrices { display: flex; flex-wrap: wrap; gap: 0 28px; }"""


# ------------------------------------------------------------------ text


def _report_number(x):
    """A number as the page writes it: C's ``%.6g`` (R's sprintf says the
    same), NaN and infinities as R writes them."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    return "%.6g" % x


def _report_px(x):
    """A coordinate of a picture, in pixels: ``%.1f``."""
    return "%.1f" % x


def _report_escape(text):
    """Text for HTML: &, <, > and the double quote written as entities."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


def _report_table(header, rows, name_columns=1):
    """An HTML table: ``header`` and ``rows`` are lists of cells (text, escaped
    here); the first ``name_columns`` columns are left-aligned names."""

    def cells(tag, values):
        return "".join(
            f"<{tag}{NAME_CLASS if j < name_columns else ''}>{_report_escape(v)}</{tag}>"
            for j, v in enumerate(values)
        )

    lines = ["<table>", "<tr>" + cells("th", header) + "</tr>"]
    lines += ["<tr>" + cells("td", row) + "</tr>" for row in rows]
    return "\n".join(lines + ["</table>"])


# ------------------------------------------------------------------ axes


def _report_power_of_ten(e):
    """10 to the whole number ``e``, by repeated products (no ``pow``: the
    same doubles in both languages)."""
    value = 1.0
    for _ in range(abs(e)):
        value = value * 10 if e > 0 else value / 10
    return value


def _report_ticks(lo, hi, whole=False):
    """Ticks at the multiples of a step 1, 2 or 5 times a power of ten that
    fall in [lo, hi]: the smallest such step giving at most 6 intervals
    (``whole``: a step of at least 1)."""
    span = hi - lo
    base = 1.0
    while span >= base * 10:
        base = base * 10
    while span < base:
        base = base / 10
    step = base * 2
    for candidate in ((base * 2) / 10, (base * 5) / 10, base):
        if span / candidate <= 6:
            step = candidate
            break
    if whole and step < 1:
        step = 1.0
    first, last = math.ceil(lo / step), math.floor(hi / step)
    return [k * step for k in range(first, last + 1)]


def _report_log_ticks(lo, hi):
    """A log axis's ticks in [lo, hi]: 1, 2 and 5 times powers of ten, or
    the powers of ten alone when that would be more than 8 ticks."""
    for multiples in ((1, 2, 5), (1,)):
        e = 0
        while _report_power_of_ten(e) > lo:
            e -= 1
        ticks = []
        while _report_power_of_ten(e) <= hi:
            for m in multiples:
                v = m * _report_power_of_ten(e)
                if lo <= v <= hi:
                    ticks.append(v)
            e += 1
        if len(ticks) <= 8:
            break
    return ticks


def _report_text(x, y, text, anchor="start", size=12, colour=TEXT_COLOUR):
    """An SVG text element."""
    return (
        f'<text x="{_report_px(x)}" y="{_report_px(y)}" text-anchor="{anchor}" '
        f'font-size="{_report_number(size)}" fill="{colour}">{_report_escape(text)}</text>'
    )


def _report_line(x0, y0, x1, y1, colour, width, extra=""):
    """An SVG line element."""
    return (
        f'<line x1="{_report_px(x0)}" y1="{_report_px(y0)}" x2="{_report_px(x1)}" '
        f'y2="{_report_px(y1)}" stroke="{colour}" stroke-width="{_report_number(width)}"'
        f"{extra}/>"
    )


def _report_axes(box, xs, ys, x_ticks, y_ticks, x_label, y_label, y_tick_text, grid=True):
    """The axes of a plot in ``box`` (left, top, width, height): the left and
    bottom lines, ticks at ``x_ticks``/``y_ticks`` placed by the maps ``xs``
    and ``ys`` (data to pixels), grid lines and labels."""
    left, top, width, height = box
    bottom = top + height
    out = []
    for v in y_ticks:
        y = ys(v)
        if grid:
            out.append(_report_line(left, y, left + width, y, "#dddddd", 1))
        out.append(_report_line(left - 5, y, left, y, TEXT_COLOUR, 1))
        out.append(_report_text(left - 8, y + 4, y_tick_text(v), "end", 11))
    for v in x_ticks:
        x = xs(v)
        if grid:
            out.append(_report_line(x, top, x, bottom, "#dddddd", 1))
        out.append(_report_line(x, bottom, x, bottom + 5, TEXT_COLOUR, 1))
        out.append(_report_text(x, bottom + 18, _report_number(v), "middle", 11))
    out.append(_report_line(left, top, left, bottom, TEXT_COLOUR, 1))
    out.append(_report_line(left, bottom, left + width, bottom, TEXT_COLOUR, 1))
    out.append(_report_text(left + width / 2, bottom + 38, x_label, "middle", 12))
    out.append(
        f'<text transform="translate({_report_px(left - 58)},{_report_px(top + height / 2)}) '
        f'rotate(-90)" text-anchor="middle" font-size="12" fill="{TEXT_COLOUR}">'
        f"{_report_escape(y_label)}</text>"
    )
    return out


def _report_svg(width, height, label, body):
    """A whole SVG picture."""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{_report_escape(label)}">',
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _report_legend(x, y, entries):
    """A legend: each entry (text, colour, kind) a line or a square swatch and
    its text, one below the other from (x, y)."""
    out = []
    for i, (text, colour, kind) in enumerate(entries):
        yy = y + 18 * i
        if kind == "square":
            out.append(
                f'<rect x="{_report_px(x)}" y="{_report_px(yy - 9)}" width="14" height="12" '
                f'fill="{colour}" stroke="#444444" stroke-width="0.6"/>'
            )
        else:
            dash = ' stroke-dasharray="5,3"' if kind == "dashed" else ""
            out.append(_report_line(x, yy - 3, x + 18, yy - 3, colour, 2, dash))
        out.append(_report_text(x + 24, yy + 1, text, "start", 11))
    return out


# ------------------------------------------------------------------ pictures


def _report_kept(n):
    """Which epochs (from 0) a curve of n points draws: every k-th, k the
    smallest keeping at most REPORT_MAX_POINTS, and the last."""
    k = -(-n // REPORT_MAX_POINTS)
    kept = list(range(0, n, k))
    if kept[-1] != n - 1:
        kept.append(n - 1)
    return kept


def _report_loss_svg(model):
    """The loss of each epoch (and the validation loss), on a log scale when
    every loss is positive and they span a factor of 100 or more."""
    loss = np.asarray(model.loss_history, dtype=np.float64)
    validation = np.asarray(model.validation_loss_history, dtype=np.float64)
    if validation.size == 0 or not np.any(np.isfinite(validation)):
        validation = None
    legend, note = _loss_curves(loss, validation, model.best_epoch)
    values = loss if validation is None else np.concatenate([loss, validation])
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return "<p>No picture: no loss is finite.</p>"
    lo, hi = float(np.min(finite)), float(np.max(finite))
    log = lo > 0 and hi / lo >= 100
    if log:
        ticks = _report_log_ticks(lo, hi)
        lo, hi = math.log10(lo), math.log10(hi)
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    if not log:
        ticks = _report_ticks(lo, hi)
    n = loss.size
    box = (80, 40, 600, 300)
    left, top, width, height = box
    x_lo, x_hi = (0.5, 1.5) if n == 1 else (1.0, float(n))

    def xs(v):
        return left + ((v - x_lo) / (x_hi - x_lo)) * width

    def ys(v):
        return top + height - (((math.log10(v) if log else v) - lo) / (hi - lo)) * height

    y_label = f"loss ({model.loss}{', log scale' if log else ''})"
    body = _report_axes(
        box, xs, ys, _report_ticks(x_lo, x_hi, whole=True), ticks, "epoch", y_label, _report_number
    )
    kept = _report_kept(n)
    curves = [(loss, CLASS_COLOURS[0])]
    if validation is not None:
        curves.append((validation, CLASS_COLOURS[1]))
    for values_, colour in curves:
        run = []
        for i in kept + [None]:
            ok = i is not None and math.isfinite(values_[i])
            if ok:
                run.append(f"{_report_px(xs(i + 1.0))},{_report_px(ys(values_[i]))}")
            elif run:
                body.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" '
                    f'points="{" ".join(run)}"/>'
                )
                run = []
    entries = []
    if legend:
        entries = [("training", CLASS_COLOURS[0], "line")]
        if validation is not None:
            entries.append(("validation", CLASS_COLOURS[1], "line"))
    if model.best_epoch is not None:
        x = xs(float(model.best_epoch))
        body.append(_report_line(x, top, x, top + height, "#7f7f7f", 1, ' stroke-dasharray="5,3"'))
        entries.append((legend[-1], "#7f7f7f", "dashed"))
    body.append(_report_text(left + width, top - 12, note, "end", 12))
    body += _report_legend(left + width - 230, top + 20, entries)
    return _report_svg(700, 400, "loss per epoch", body)


def _report_boundary_svg(model, X, Y, class_names):
    """The network's classes over a grid covering 2-feature data, the data
    on top (plot_data's grid, colours and legend)."""
    true = classes_of(Y)
    x1, x2 = _boundary_grid(X, REPORT_GRID, 0.1)
    output = model.predict(_boundary_points(x1, x2))
    one_unit = output.shape[1] == 1
    grid = REPORT_GRID
    if one_unit:
        p = output[:, 0]
        fill = np.full(p.size, "#ffffff", dtype=object)
        finite = ~np.isnan(p)
        bins = np.minimum(np.floor(np.clip(p[finite], 0.0, 1.0) * 20), 19).astype(np.int64)
        fill[finite] = np.asarray(_probability_colours(), dtype=object)[bins]
    else:
        fill = np.asarray([_tint(_class_colour(c)) for c in predicted_classes(output)], object)
    fill = fill.reshape(grid, grid)
    classes = predicted_classes(output).reshape(grid, grid)
    box = (70, 30, 480, 360)
    left, top, width, height = box

    def px(i):  # grid index (may be fractional) to pixels along x1
        return left + (min(max(i, 0.0), grid - 1.0) / (grid - 1)) * width

    def py(j):
        return top + height - (min(max(j, 0.0), grid - 1.0) / (grid - 1)) * height

    def xs(v):
        return left + ((v - x1[0]) / (x1[-1] - x1[0])) * width

    def ys(v):
        return top + height - ((v - x2[0]) / (x2[-1] - x2[0])) * height

    body = []
    for j in range(grid):  # one rectangle per run of cells of one colour in a row
        i = 0
        while i < grid:
            k = i
            while k + 1 < grid and fill[j, k + 1] == fill[j, i]:
                k += 1
            x0, x1_, y0, y1 = px(i - 0.5), px(k + 0.5), py(j + 0.5), py(j - 0.5)
            body.append(
                f'<rect x="{_report_px(x0)}" y="{_report_px(y0)}" '
                f'width="{_report_px(x1_ - x0)}" height="{_report_px(y1 - y0)}" '
                f'fill="{fill[j, i]}" stroke="{fill[j, i]}" stroke-width="0.5"/>'
            )
            i = k + 1
    edges = []
    for j in range(grid):
        for i in range(grid):
            if i + 1 < grid and classes[j, i] != classes[j, i + 1]:
                x = px(i + 0.5)
                edges.append(
                    f"M{_report_px(x)} {_report_px(py(j - 0.5))}V{_report_px(py(j + 0.5))}"
                )
            if j + 1 < grid and classes[j, i] != classes[j + 1, i]:
                y = py(j + 0.5)
                edges.append(
                    f"M{_report_px(px(i - 0.5))} {_report_px(y)}H{_report_px(px(i + 0.5))}"
                )
    if edges:
        body.append(f'<path fill="none" stroke="#333333" stroke-width="1.5" d="{"".join(edges)}"/>')
    body += _report_axes(
        box,
        xs,
        ys,
        _report_ticks(x1[0], x1[-1]),
        _report_ticks(x2[0], x2[-1]),
        "x1",
        "x2",
        _report_number,
        grid=False,
    )
    for r in range(min(X.shape[0], REPORT_MAX_POINTS)):
        body.append(
            f'<circle cx="{_report_px(xs(X[r, 0]))}" cy="{_report_px(ys(X[r, 1]))}" r="3.5" '
            f'fill="{_class_colour(true[r])}" stroke="#000000" stroke-width="0.6"/>'
        )
    k = max(Y.shape[1], 2, output.shape[1])
    names = _boundary_legend(k, class_names, one_unit)
    entries = [(names[c], _tint(_class_colour(c)), "square") for c in range(k)]
    if one_unit:
        entries.append((names[-1], "#333333", "line"))
    body += _report_legend(left + width + 20, top + 20, entries)
    return _report_svg(760, 440, "decision boundary", body)


def _report_network_svg(model):
    """The network diagram: plot_data's units, lines, widths and labels."""
    sizes = model.sizes
    weights = [d.weights for d in model.dense_layers]
    biases = [d.bias for d in model.dense_layers]
    shown = [_shown_units(m, 16) for m in sizes]
    widths, bias_widths, _ = _line_widths(weights, biases, shown)
    tallest = max(_unit_slots(len(s), m) for s, m in zip(shown, sizes))
    with_bias = [l for l, b in enumerate(biases) if b is not None]
    top_y = (tallest - 1) / 2
    bias_y = top_y + 1
    segments, seg_widths, colours = _network_segments(
        shown, sizes, weights, biases, widths, bias_widths, bias_y
    )
    n_layers = len(sizes)
    width, left, right, top, height = 720, 80, 640, 50, 300
    y_hi = bias_y if with_bias else top_y
    y_lo = -top_y

    def xs(l):
        return left + (l / max(n_layers - 1, 1)) * (right - left)

    def ys(y):
        return top + ((y_hi - y) / max(y_hi - y_lo, 1.0)) * height

    radius = min(11.0, 0.3 * (height / (tallest + (1 if with_bias else 0))))
    body = []
    for (a, b), w, colour in zip(segments, seg_widths, colours):
        body.append(
            _report_line(
                xs(a[0]),
                ys(a[1]),
                xs(b[0]),
                ys(b[1]),
                colour,
                w,
                ' stroke-opacity="0.8" stroke-linecap="round"',
            )
        )
    labels = _layer_labels(sizes, shown, _dense_activations(model))
    for l in range(n_layers):
        m = sizes[l]
        if len(shown[l]) < m:
            gap = _gap_y(len(shown[l]), m)
            for d in (-0.25, 0.0, 0.25):
                body.append(
                    f'<circle cx="{_report_px(xs(l))}" cy="{_report_px(ys(gap + d))}" r="2" '
                    'fill="#444444"/>'
                )
        for y in _unit_ys(len(shown[l]), m):
            body.append(
                f'<circle cx="{_report_px(xs(l))}" cy="{_report_px(ys(y))}" '
                f'r="{_report_px(radius)}" fill="#ffffff" stroke="#444444" stroke-width="1.2"/>'
            )
        for i, text in enumerate(labels[l].split("\n")):
            body.append(_report_text(xs(l), top + height + 30 + 15 * i, text, "middle", 12))
    for l in with_bias:
        s = 0.8 * radius
        body.append(
            f'<rect x="{_report_px(xs(l) - s)}" y="{_report_px(ys(bias_y) - s)}" '
            f'width="{_report_px(2 * s)}" height="{_report_px(2 * s)}" fill="#eeeeee" '
            'stroke="#444444" stroke-width="1.2"/>'
        )
        body.append(_report_text(xs(l), ys(bias_y) + 4, "+1", "middle", 10))
    entries = [
        ("positive weight", POSITIVE_COLOUR, "line"),
        ("negative weight", NEGATIVE_COLOUR, "line"),
    ]
    body += _report_legend(right - 100, 18, entries)
    return _report_svg(width, top + height + 70, "network diagram", body)


# ------------------------------------------------------------------ sections


def _report_matrix(values, title):
    """A matrix as a table: at most REPORT_MAX_ROWS rows and columns, the
    caption saying what was left out."""
    values = np.asarray(values, dtype=np.float64)
    n_rows, n_cols = values.shape
    r, c = min(n_rows, REPORT_MAX_ROWS), min(n_cols, REPORT_MAX_ROWS)
    shown = f"{n_rows} x {n_cols}"
    if r < n_rows or c < n_cols:
        shown += f"; the first {r} of {n_rows} rows and {c} of {n_cols} columns shown"
    header = [""] + [str(j + 1) for j in range(c)]
    rows = [[str(i + 1)] + [_report_number(values[i, j]) for j in range(c)] for i in range(r)]
    return "\n".join(
        [
            "<div>",
            f"<h3>{_report_escape(title)} [{shown}]</h3>",
            _report_table(header, rows),
            "</div>",
        ]
    )


def _report_config_html(path, text, config, model_path):
    """The configuration file as written, and where the model came from."""
    how = (
        f"The model was read from {os.path.basename(model_path)} (not trained here)."
        if model_path is not None
        else f"The model was trained here from this configuration, in {config['mode']} mode."
    )
    return [
        f"<p>{_report_escape(os.path.basename(path))}: {_report_escape(how)}</p>",
        f"<pre>{_report_escape(text)}</pre>",
    ]


def _report_summary(M, prefix):
    """Each column's minimum, mean (a sum in order, exact mode's) and maximum."""
    total = ARITHMETICS["exact"].total
    rows = []
    for j in range(min(M.shape[1], REPORT_MAX_ROWS)):
        col = M[:, j]
        rows.append(
            [
                f"{prefix}{j + 1}",
                _report_number(np.min(col)),
                _report_number(total(col) / col.size),
                _report_number(np.max(col)),
            ]
        )
    return rows


def _report_data_html(config, X, Y, class_names):
    """The data's files, shape, a summary of each column and the classes."""
    out = [
        f"<p>{X.shape[0]} rows; inputs {_report_escape(os.path.basename(config['x']))} "
        f"({X.shape[1]} columns), targets {_report_escape(os.path.basename(config['y']))} "
        f"({Y.shape[1]} columns).</p>"
    ]
    rows = _report_summary(X, "x") + _report_summary(Y, "y")
    if X.shape[1] > REPORT_MAX_ROWS or Y.shape[1] > REPORT_MAX_ROWS:
        out.append(f'<p class="note">The first {REPORT_MAX_ROWS} columns of each are shown.</p>')
    out.append(_report_table(["column", "min", "mean", "max"], rows))
    true = classes_of(Y)
    if true is None:
        out.append("<p>The targets are not classes (a regression).</p>")
        return out
    k = max(Y.shape[1], 2)
    counts = np.bincount(true, minlength=k)
    names = _report_class_names(class_names, k)
    out.append(_report_table(["class", "rows"], [[names[c], str(counts[c])] for c in range(k)]))
    return out


def _report_class_names(class_names, k):
    """Classes as the page names them: ``0 name`` with names, else the numbers."""
    if class_names is None:
        return [str(c) for c in range(k)]
    return [f"{c} {class_names[c]}" for c in range(k)]


def _report_training_html(model):
    """What training gave: epochs, the final loss, why it stopped; the curve."""
    n = len(model.loss_history)
    if n == 0:
        return ["<p>The model has not been trained: no loss history.</p>"]
    text = (
        f"{n} epochs in {model.mode} mode; loss ({model.loss}) "
        f"{_report_number(model.loss_history[0])} in the first epoch, "
        f"{_report_number(model.loss_history[-1])} in the last (each epoch's loss is "
        "that of its forward pass, before its update)."
    )
    if model.stop_reason is not None:
        text += f" Stopped early ({model.stop_reason})"
        if model.best_epoch is not None:
            text += f"; the weights of epoch {model.best_epoch} were restored"
        text += "."
    return [f"<p>{_report_escape(text)}</p>", _report_loss_svg(model)]


def _report_boundary_html(model, X, Y, class_names):
    """The decision boundary, or why there is none."""
    if X.shape[1] != 2:
        why = f"the data has {X.shape[1]} input columns; a decision boundary needs 2."
    elif classes_of(Y) is None:
        why = "the targets are not classes."
    else:
        return [
            "<p>The network's class over the plane (with one output unit, its output in "
            "20 shades from class 0's colour through white at 0.5 to class 1's); the dark "
            "line is where the class changes; the training data on top in the colour of "
            "its true class.</p>",
            _report_boundary_svg(model, X, Y, class_names),
        ]
    return [f"<p>Not drawn: {_report_escape(why)}</p>"]


def _report_network_html(model):
    sizes = "-".join(str(m) for m in model.sizes)
    return [
        f"<p>Layers {sizes}; line width ~ |weight|, blue positive, red negative; a "
        "square +1 node's lines are the biases.</p>",
        _report_network_svg(model),
    ]


def _report_trace_html(config, X, Y):
    """The first epoch's matrices (trace_epoch), from the config's starting
    weights, or why the article's steps do not apply."""
    from .training_config import model_from_config

    try:
        table = trace_epoch(model_from_config(config), X, Y, lr=config["lr"])
    except TwinnetError as err:
        return [f"<p>Not shown: {_report_escape(err)}.</p>"]
    out = [
        "<p>One full-batch epoch of plain gradient descent from the configuration's "
        "starting weights, in the names of the Analytics Vidhya article (steps 0 to 11)."
    ]
    if config["batch_size"] is not None or config["optimizer"] not in (None, "sgd"):
        out[0] += " This configuration trains otherwise (mini-batches or another optimiser)."
    out[0] += "</p>"
    for (step, name), part in table.groupby(["step", "name"], sort=False):
        n_rows, n_cols = int(part["row"].max()), int(part["col"].max())
        values = np.zeros((n_rows, n_cols))
        values[part["row"].to_numpy() - 1, part["col"].to_numpy() - 1] = part["value"]
        formula = part["formula"].iloc[0]
        shown = f"({formula})" if step <= 1 else f"= {formula}"
        out.append(_report_matrix(values, f"Step {int(step)}: {name} {shown}"))
    return [out[0], '<div class="matrices">', *out[1:], "</div>"]


def _report_evaluation_html(model, X, Y, class_names, what):
    """Loss, accuracy and the confusion matrix (class names in its headings),
    or for a regression the loss and R^2."""
    result = evaluate(model, X, Y, class_names=class_names)
    out = [
        f"<h3>{_report_escape(what)}</h3>",
        f"<p>{result['rows']} rows; loss ({result['loss_name']}) {_report_number(result['loss'])}.",
    ]
    if result["confusion"] is None:
        out[-1] += f" R<sup>2</sup> {_report_number(r2(model.predict(X), Y, mode='exact'))}.</p>"
        return out
    counts = result["confusion"]
    k = counts.shape[0]
    right = int(sum(counts[c, c] for c in range(k)))
    out[-1] += (
        f" Accuracy {'%.2f' % (100 * (right / result['rows']))}% ({right} of {result['rows']}).</p>"
    )
    names = _report_class_names(result["class_names"], k)
    header = ["true \\ predicted"] + names
    out.append("<table>")
    out.append(
        "<tr>"
        + "".join(
            f"<th{NAME_CLASS if j == 0 else ''}>{_report_escape(v)}</th>"
            for j, v in enumerate(header)
        )
        + "</tr>"
    )
    for i in range(k):
        cells = "".join(f"<td{RIGHT_CLASS if i == j else ''}>{counts[i, j]}</td>" for j in range(k))
        out.append(f'<tr><th class="name">{_report_escape(names[i])}</th>{cells}</tr>')
    out.append("</table>")
    return out


def _report_parity_html(folder):
    """The two languages' models (``twinnet parity``'s folder) side by side,
    compare's rows and parity's verdict, as ``twinnet parity`` prints it."""
    if folder is None:
        return [
            "<p>Not run: give the folder <code>twinnet parity --config C --out DIR</code> "
            "wrote (<code>--parity DIR</code>) to see both languages' results here.</p>"
        ]
    from .cli import cli_parity_report
    from .compare import compare_files

    paths = [os.path.join(folder, side, "model.json") for side in ("python", "r")]
    for path in paths:
        if not os.path.isfile(path):
            raise TwinnetError(
                f"the parity folder {folder} has no {os.path.relpath(path, folder)} "
                "(give the folder twinnet parity --out wrote)"
            )
    a, b = load_network(paths[0]), load_network(paths[1])
    text = io.StringIO()
    with redirect_stdout(text):
        status = cli_parity_report(paths[0], paths[1], a.mode)
    lines = text.getvalue().rstrip("\n").split("\n")

    def side(m):
        h = m.loss_history
        return [
            m.mode,
            "-".join(str(s) for s in m.sizes),
            str(len(h)),
            "%.17g" % h[-1] if len(h) else "-",
            "-" if m.stop_reason is None else m.stop_reason,
        ]

    what = ["mode", "layers", "epochs", "final loss (17 digits)", "stop reason"]
    rows = [[w, x, y] for w, x, y in zip(what, side(a), side(b))]
    compare = compare_files(paths[0], paths[1])

    def show(v):
        return "-" if v is None else (_report_number(v) if isinstance(v, float) else str(v))

    compare_rows = [
        [
            r["quantity"],
            show(r["values"]),
            show(r["differ"]),
            show(r["max_abs"]),
            show(r["max_ulps"]),
        ]
        for r in compare
    ]
    verdict = [line for line in lines if line.startswith(("verdict:", "first "))]
    return [
        "<p>The models twinnet parity trained in each language (python/model.json, "
        "r/model.json), side by side.</p>",
        _report_table(["", "Python", "R"], rows),
        _report_table(["quantity", "values", "differ", "max abs diff", "max ULPs"], compare_rows),
        *[
            f'<p class="{"pass" if status == 0 else "fail"}">{_report_escape(v)}</p>'
            for v in verdict
        ],
    ]


# ------------------------------------------------------------------ the page


def _report_generator():  # twin: report_generator (the one line that differs)
    """The generator line: the package, its version and the language."""
    import platform

    from . import __version__

    return f"twinnet {__version__} (Python {platform.python_version()})"


def report_html(config, model=None, parity=None, class_names=None):
    """The page as a string (see :func:`write_report`)."""
    config_path, model_path = config, model
    config = read_config(config_path)
    with open(config_path, "rb") as handle:
        text = handle.read().decode("utf-8").replace("\r\n", "\n").rstrip("\n")
    X, Y = config_xy(config)
    if class_names is None:
        class_names = class_names_for(config["y"])
    parity_html = _report_parity_html(parity)  # before training: a bad folder costs no run
    if model_path is not None:
        model = load_network(model_path)
    else:
        model = train_from_config(config, X, Y, progress=False)
    evaluation = _report_evaluation_html(model, X, Y, class_names, "Training data")
    if config["x_test"] is not None and config["y_test"] is not None:
        X_test, Y_test = (
            read_data(config["x_test"], "X test"),
            read_data(config["y_test"], "Y test"),
        )
        evaluation += _report_evaluation_html(model, X_test, Y_test, class_names, "Test data")
    title = config["description"] or os.path.basename(config_path)
    sections = {
        "configuration": _report_config_html(config_path, text, config, model_path),
        "data": _report_data_html(config, X, Y, class_names),
        "training": _report_training_html(model),
        "boundary": _report_boundary_html(model, X, Y, class_names),
        "network": _report_network_html(model),
        "trace": _report_trace_html(config, X, Y),
        "evaluation": evaluation,
        "parity": parity_html,
    }
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta name="generator" content="{_report_escape(_report_generator())}">',
        '<link rel="icon" href="data:,">',
        f"<title>twinnet report: {_report_escape(os.path.basename(config_path))}</title>",
        f"<style>\n{REPORT_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<h1>twinnet report</h1>",
        f'<p class="note">{_report_escape(title)}</p>',
        "<nav>"
        + "".join(f'<a href="#{key}">{_report_escape(h)}</a>' for key, h in REPORT_SECTIONS)
        + "</nav>",
    ]
    for key, heading in REPORT_SECTIONS:
        out += [f'<section id="{key}">', f"<h2>{_report_escape(heading)}</h2>"]
        out += sections[key]
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_report(config, out, model=None, parity=None, class_names=None):
    """Write one self-contained HTML page of a training run.

    Parameters
    ----------
    config : str
        A config.json: the data, and the network trained from it (in its mode).
    out : str
        The HTML file to write (whole or not at all).
    model : str, optional
        A model file to report instead of training one.
    parity : str, optional
        The folder ``twinnet parity --out`` wrote (python/model.json and
        r/model.json): both languages' results side by side and the verdict.
    class_names : list of str, optional
        The classes' names (Fashion-MNIST's for its label files by default).

    Returns
    -------
    str
        ``out``.
    """
    from .files import check_writable, write_atomically

    if not str(out).lower().endswith((".html", ".htm")):
        raise TwinnetError(f"out must be a file name ending in .html, got '{out}'")
    check_writable(out)  # before training: a bad name costs no run
    write_atomically(out, report_html(config, model, parity, class_names))
    return out


def report_cli(args):
    """The command line's ``report`` verb."""
    names = None
    if args.class_names is not None:
        names = [v.strip(" ") for v in args.class_names.split(",")]
    write_report(args.config, args.out, args.model, args.parity, names)
    print(f"report written to {args.out}")
