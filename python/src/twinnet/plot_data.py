"""What the pictures show, computed (docs/pictures.md): no drawing here.

The colours, the decision boundary's grid and classes, the legends and
titles, and the network diagram's layout (which units are drawn, where, and
the width and colour of every line). :mod:`twinnet.plot` draws them with
matplotlib; the R twin (``R/R/plot_data.R``) computes the same numbers and
strings, which ``parity_tests/test_plot_parity.py`` compares exactly.
"""

import math

import numpy as np

from .metrics import predicted_classes

CLASS_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""Class c is drawn in ``CLASS_COLOURS[c % 10]`` (matplotlib's tab10)."""

POSITIVE_COLOUR = "#1f77b4"  # weights > 0
NEGATIVE_COLOUR = "#d62728"  # weights < 0
TINT = 0.6  # background colours: class colour mixed with 60% white
PROBABILITY_BINS = 20  # one-unit output: 20 colours over [0, 1]
MAX_LINE_WIDTH = 6.0  # plot_network: |w| = max |w| is 6 points wide
ELIDED_UNITS = 6  # plot_network: a layer too wide to draw shows its first 4 and last 2 units


# ------------------------------------------------------------------ colours


def _rgb_of(colour):
    """The red, green and blue channels (0 to 255) of ``#rrggbb``."""
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _hex(channels):
    return "#" + "".join("%02x" % int(c) for c in channels)


def _tint(colour, amount=TINT):
    """``colour`` mixed with white: each channel c becomes c + (255 - c) * amount."""
    return _hex(math.floor(c + (255 - c) * amount + 0.5) for c in _rgb_of(colour))


def _mix(a, b, t):
    return _hex(math.floor(x + (y - x) * t + 0.5) for x, y in zip(_rgb_of(a), _rgb_of(b)))


def _probability_colours():
    """The colours of the 20 probability bins: class 0's tint, white at 0.5, class 1's tint."""
    low, high = _tint(CLASS_COLOURS[0]), _tint(CLASS_COLOURS[1])
    colours = []
    for i in range(PROBABILITY_BINS):
        t = (i + 0.5) / PROBABILITY_BINS
        colours.append(
            _mix(low, "#ffffff", t / 0.5) if t < 0.5 else _mix("#ffffff", high, (t - 0.5) / 0.5)
        )
    return colours


def _class_colour(c):
    return CLASS_COLOURS[int(c) % len(CLASS_COLOURS)]


# ------------------------------------------------------------------ loss curves


def _loss_curves(loss, validation, best_epoch):
    """The legend and the note of the loss picture: the legend's names (none
    for the training curve alone; with a validation curve "training",
    "validation"; with early stopping's restored epoch, a line for it) and
    the note in the corner, ``final loss L (validation V) after N epochs``
    (V the last validation loss, when it is finite). ``validation`` is None
    or one value per epoch (NaN where an epoch had no validation set)."""
    legend = [] if validation is None else ["training", "validation"]
    note = "final loss %.4g" % loss[-1]
    if validation is not None and math.isfinite(validation[-1]):
        note += " (validation %.4g)" % validation[-1]
    if best_epoch is not None:
        legend = (legend or ["training"]) + [f"best epoch {best_epoch} (weights restored)"]
    return legend, note + " after %d epochs" % len(loss)


# ------------------------------------------------------------------ decision boundary


def _grid_line(lo, hi, n):
    """n points from lo to hi: ``lo + (hi - lo) * (i / (n - 1))``, i = 0..n-1.

    Written out (not ``np.linspace``, not R's ``seq``): those two compute
    their points differently, this formula is one rounded operation per step
    in both languages.
    """
    return lo + (hi - lo) * (np.arange(n, dtype=np.float64) / (n - 1))


def _boundary_grid(X, grid, margin):
    """The grid along each column of ``X``: from ``min - margin * (max - min)``
    to ``max + margin * (max - min)`` (``min - 0.5`` to ``max + 0.5`` for a
    constant column), ``grid`` points."""
    lines = []
    for j in range(2):
        lo, hi = X[:, j].min(), X[:, j].max()
        if hi > lo:
            lines.append(_grid_line(lo - margin * (hi - lo), hi + margin * (hi - lo), grid))
        else:  # a constant column
            lines.append(_grid_line(lo - 0.5, hi + 0.5, grid))
    return lines


def _boundary_points(x1, x2):
    """Every grid point, ``(x1[i], x2[j])`` in row ``j * grid + i``."""
    return np.column_stack([np.tile(x1, len(x2)), np.repeat(x2, len(x1))])


def _boundary_classes(output, grid):
    """The class at each grid point: ``classes[j, i]`` at ``(x1[i], x2[j])``."""
    return predicted_classes(output).reshape(grid, grid)


def _boundary_legend(k, class_names, one_unit):
    """The legend's names: the classes, and the output = 0.5 line for one unit."""
    names = [f"class {c}" for c in range(k)] if class_names is None else class_names[:k]
    return names + ["output = 0.5"] if one_unit else names


# ------------------------------------------------------------------ images


def _image_titles(labels, predicted, class_names):
    """Each image's title (the true label, then the predicted one) and which
    predictions are wrong (None without predictions)."""

    def name(c):
        return class_names[c] if class_names is not None else str(int(c))

    if predicted is None:
        return [name(c) for c in labels], None
    return (
        [f"{name(c)}\npredicted: {name(p)}" for c, p in zip(labels, predicted)],
        predicted != labels,
    )


# ------------------------------------------------------------------ network diagram


def _shown_units(m, k):
    """All m units when ``m <= k``; else ``j = min(k, ELIDED_UNITS)`` of them:
    the first ``j - j // 3`` and the last ``j // 3`` (an ellipsis between)."""
    if m <= k:
        return np.arange(m)
    j = min(k, ELIDED_UNITS)
    tail = j // 3
    return np.concatenate([np.arange(j - tail), np.arange(m - tail, m)])


def _elided_note(max_units):
    """The title's note on layers too wide to draw."""
    j = min(max_units, ELIDED_UNITS)
    tail = j // 3
    drawn = f"the first {j - tail}" + (f" and the last {tail}" if tail else "")
    return f"(layers of more than {max_units} units: {drawn} drawn, dots between)"


def _line_widths(weights, biases, shown):
    """The line widths in points of the shown units' weights and biases:
    ``v * (|w| / m)``, ``m`` the largest ``|w|`` or ``|b|``, ``v = min(6, 60 / u)``
    with ``u`` the most units drawn in a layer. Returns (widths, bias widths, m)."""
    max_abs = max(float(np.max(np.abs(p))) for p in weights + [b for b in biases if b is not None])
    if max_abs == 0:
        max_abs = 1.0
    widest = min(MAX_LINE_WIDTH, 60 / max(len(s) for s in shown))  # thinner when there are many
    widths = [
        widest * (np.abs(W[np.ix_(shown[l], shown[l + 1])]) / max_abs)
        for l, W in enumerate(weights)
    ]
    bias_widths = [
        widest * (np.abs(b[:, shown[l + 1]]) / max_abs)
        for l, b in enumerate(biases)
        if b is not None
    ]
    return widths, bias_widths, max_abs


def _dense_activations(net):
    """The activation after each dense layer ("identity" when there is none)."""
    names = []
    for i, layer in enumerate(net.layers):
        if layer.kind == "dense":
            after = net.layers[i + 1] if i + 1 < len(net.layers) else None
            names.append(
                after.name if after is not None and after.kind == "activation" else "identity"
            )
    return names


def _layer_labels(sizes, shown, activations):
    """Below each column: its name, its activation and its number of units."""
    labels = []
    for l, m in enumerate(sizes):
        name = "input" if l == 0 else ("output" if l == len(sizes) - 1 else f"hidden {l}")
        if len(shown[l]) < m:
            count = f"{m} units, {len(shown[l])} drawn"
        else:
            count = "1 unit" if m == 1 else f"{m} units"
        labels.append(name + "\n" + (count if l == 0 else f"{activations[l - 1]}, {count}"))
    return labels


def _unit_slots(count, m):
    """Places in a layer's column: its k drawn units, and one for the dots
    when units are left out."""
    return count + (count < m)


def _unit_ys(count, m):
    """The column of k drawn units of a layer of m: slot i at
    y = (s - 1) / 2 - i (s slots); the dots, when units are left out, take
    the slot after the first ``k - k // 3`` units."""
    slot = np.arange(count)
    if count < m:
        slot[slot >= count - count // 3] += 1
    return (_unit_slots(count, m) - 1) / 2 - slot


def _gap_y(count, m):
    """The y of the dots in a column whose units are left out."""
    return (_unit_slots(count, m) - 1) / 2 - (count - count // 3)


def _network_segments(shown, sizes, weights, biases, widths, bias_widths, bias_y):
    """The lines to draw: end points, widths in points, colours; weights of
    exactly 0 draw no line."""
    segments, seg_widths, colours = [], [], []

    def lines(x0, y0, y1, W, values):
        for b in range(len(y1)):  # the order of R's rep(..., times =), rep(..., each =)
            for a in range(len(y0)):
                if W[a, b] > 0:
                    segments.append([(x0, y0[a]), (x0 + 1, y1[b])])
                    seg_widths.append(W[a, b])
                    colours.append(POSITIVE_COLOUR if values[a, b] > 0 else NEGATIVE_COLOUR)

    for l, W in enumerate(weights):
        lines(
            l,
            _unit_ys(len(shown[l]), sizes[l]),
            _unit_ys(len(shown[l + 1]), sizes[l + 1]),
            widths[l],
            W[np.ix_(shown[l], shown[l + 1])],
        )
    with_bias = [l for l, b in enumerate(biases) if b is not None]
    for j, l in enumerate(with_bias):
        lines(
            l,
            np.array([bias_y]),
            _unit_ys(len(shown[l + 1]), sizes[l + 1]),
            bias_widths[j],
            biases[l][:, shown[l + 1]],
        )
    return segments, seg_widths, colours
