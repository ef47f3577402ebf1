"""Pictures of training and of trained networks (docs/pictures.md).

Four functions, the same in R (``R/R/plot.R``, base graphics): each checks
its arguments, writes one PNG file and returns the data it drew, so that the
two languages can be compared number for number
(``parity_tests/test_plot_parity.py``):

- :func:`plot_loss`: loss per epoch (Loy's "loss per iteration" graph);
- :func:`plot_decision_boundary`: a trained network's classes over a grid
  covering 2-D data, with the data on top (Analytics Vidhya's second dataset
  and its "blobs" exercise);
- :func:`plot_images`: a grid of images (Fashion-MNIST) titled with their
  true and predicted labels, the wrong ones in red;
- :func:`plot_network`: units as circles, weights as lines whose width is
  proportional to ``|w|``, coloured by sign.

What they draw is computed in :mod:`twinnet.plot_data` (colours, grids,
classes, titles, the diagram's layout); ``twinnet.gallery.example_pictures``
trains the articles' examples and draws them all.

matplotlib is an optional extra (``pip install matplotlib``), imported when a
picture is drawn. No pyplot state is used: each picture is its own
``Figure``, so plotting from a script, a notebook or a server works alike.

Its length (about 700 lines, past the library's 500) is the four public
functions' documentation and matplotlib's calls, one argument a line; the
computing is in plot_data already.
"""

import math
import os

import numpy as np

from .metrics import predicted_classes
from .network import Network
from .plot_data import (
    NEGATIVE_COLOUR,
    POSITIVE_COLOUR,
    PROBABILITY_BINS,
    _boundary_classes,
    _boundary_grid,
    _boundary_legend,
    _boundary_points,
    _class_colour,
    _dense_activations,
    _elided_note,
    _gap_y,
    _image_titles,
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
from .validation import (
    TwinnetError,
    as_matrix,
    check_flag,
    check_positive_integer,
    is_number,
    show_value,
)

__all__ = ["plot_loss", "plot_decision_boundary", "plot_images", "plot_network"]

LINE_COLOUR = "#1f77b4"  # the loss curve
VALIDATION_COLOUR = "#ff7f0e"  # the validation loss curve
BEST_COLOUR = "#7f7f7f"  # early stopping's restored epoch
WRONG_COLOUR = "#d62728"  # wrongly predicted images
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#dddddd"
BOUNDARY_COLOUR = "#333333"  # the p = 0.5 line
DPI = 100


# ------------------------------------------------------------------ checks


def _check_png_path(path):
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str) or not path.lower().endswith(".png"):
        raise TwinnetError(f"path must be a file name ending in .png, got {show_value(path)}")
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise TwinnetError(f"could not write {path}: folder {folder} does not exist")
    return path


def _check_title(title):
    if title is not None and not isinstance(title, str):
        raise TwinnetError(f"title must be a string, got {show_value(title)}")
    return title


def _check_strings(name, value, length=None):
    ok = (
        not isinstance(value, (str, bytes))
        and hasattr(value, "__len__")
        and all(isinstance(v, str) for v in value)
    )
    if not ok or (length is not None and len(value) != length):
        want = f"{length} strings" if length is not None else "strings"
        raise TwinnetError(f"{name} must be {want}")
    return [str(v) for v in value]


def _check_plot_model(model):
    """The network to draw: an MLP or Network, or a fitted TwinnetClassifier's
    or TwinnetRegressor's."""
    if hasattr(model, "network_"):  # a fitted estimator of twinnet.estimator
        model = model.network_
    if not isinstance(model, Network):
        raise TwinnetError("model must be a twinnet MLP or Network")
    if not model.dense_layers:
        raise TwinnetError("the network has no dense layer; add one first")
    return model


def _check_validation_losses(validation, n):
    """None, or one validation loss per epoch (NaN where an epoch had none),
    as floats; an empty history is None (no validation set)."""
    if validation is None:
        return None
    values = np.asarray(validation)
    numeric = np.issubdtype(values.dtype, np.number) and values.dtype != bool
    if (
        values.ndim != 1
        or np.issubdtype(values.dtype, np.complexfloating)
        or not (numeric or values.size == 0)
    ):
        raise TwinnetError("validation must be a vector of losses")
    if values.size == 0:
        return None
    if values.size != n:
        raise TwinnetError(f"validation must have one loss per epoch ({n}), got {values.size}")
    return values.astype(np.float64)


def _as_labels(name, values, n=None):
    """Class labels 0, 1, ... from a vector or one-column matrix of labels, or
    from a matrix of k >= 2 columns (outputs or one-hot rows: the first
    largest column of each row)."""
    m = as_matrix(name, values, column=True)
    if n is not None and m.shape[0] != n:
        raise TwinnetError(f"{name} has {m.shape[0]} rows but X has {n}")
    if m.shape[1] > 1:
        return np.argmax(m, axis=1).astype(np.int64)
    v = m[:, 0]
    bad = (v < 0) | (v != np.floor(v))
    if bad.any():
        raise TwinnetError(
            f"{name} must hold class labels 0, 1, 2, ... (whole numbers >= 0), "
            f"got {show_value(float(v[np.argmax(bad)]))}"
        )
    return v.astype(np.int64)


def _check_shape(shape):
    ok = (
        not isinstance(shape, (str, bytes))
        and hasattr(shape, "__len__")
        and len(shape) == 2
        and all(is_number(v) and v == int(v) and v >= 1 for v in shape)
    )
    if not ok:
        raise TwinnetError("shape must be two positive integers (rows, columns)")
    return int(shape[0]), int(shape[1])


def _check_plot_class_names(class_names, k, there):
    """None, or at least k strings; ``there`` ends the message (why k)."""
    if class_names is None:
        return None
    class_names = _check_strings("class_names", class_names)
    if len(class_names) < k:
        raise TwinnetError(f"class_names has {len(class_names)} names but {there}")
    return class_names


# ------------------------------------------------------------------ drawing


# twin: open_png
def _figure(width, height):
    try:
        from matplotlib.figure import Figure
    except ImportError as error:  # an optional extra
        raise ImportError(
            "twinnet.plot needs matplotlib (an optional extra): pip install matplotlib"
        ) from error
    width = check_positive_integer("width", width)
    height = check_positive_integer("height", height)
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.1)
    return fig


# twin: close_png
def _save(fig, path):
    """Render in memory, then write through the atomic writer (docs/inputs.md,
    "Writing files"): whole or not at all, and a folder that cannot be written
    is one TwinnetError, not an OSError from the PNG encoder."""
    import io

    from .files import write_atomically

    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=DPI, format="png", facecolor="white")
    write_atomically(path, buffer.getvalue())


def _style_axes(ax):
    ax.grid(True, color=GRID_COLOUR, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# ------------------------------------------------------------------ the four pictures


def plot_loss(
    model_or_history,
    path,
    title="Loss per epoch",
    log=False,
    width=800,
    height=600,
    validation=None,
):
    """Loss per epoch, as a line (Loy's "loss per iteration" graph), with
    the validation loss beside it when there is one.

    Parameters
    ----------
    model_or_history : MLP, Network, fitted estimator or sequence of float
        A trained model (its ``loss_history``, ``validation_loss_history``
        and early stopping's ``best_epoch``, drawn as a dashed line) or the
        losses themselves.
    path : str or path-like
        The PNG file to write (its folder must exist).
    title : str
    log : bool, default False
        A logarithmic loss axis (all losses must be positive).
    width, height : int
        Pixels, at 100 dpi.
    validation : sequence of float, optional
        Validation losses, one per epoch (NaN where an epoch had none); by
        default the model's ``validation_loss_history``.

    Returns
    -------
    dict
        ``epoch`` (1, ..., n), ``loss``, ``validation`` (None without one),
        ``best_epoch``, ``legend`` and ``note``: what was drawn.
    """
    model = getattr(model_or_history, "network_", model_or_history)  # a fitted estimator's
    history = getattr(model, "loss_history", model)
    loss_name = getattr(model, "loss", None)
    if history is None or isinstance(history, (str, bytes)) or not hasattr(history, "__len__"):
        raise TwinnetError("model_or_history must be a model or a vector of losses")
    if len(history) == 0:
        raise TwinnetError("the loss history is empty; train the model first")
    loss = as_matrix("loss history", history, column=True)
    if loss.shape[1] != 1:
        raise TwinnetError("model_or_history must be a model or a vector of losses")
    loss = loss[:, 0]
    if validation is None and model is not history:
        validation = getattr(model, "validation_loss_history", None)
    validation = _check_validation_losses(validation, loss.size)
    best_epoch = getattr(model, "best_epoch", None) if model is not history else None
    path = _check_png_path(path)
    title = _check_title(title)
    log = check_flag("log", log)
    if log and (loss <= 0).any():
        i = int(np.argmax(loss <= 0))
        raise TwinnetError(
            f"a log scale needs positive losses; epoch {i + 1} has {show_value(float(loss[i]))}"
        )
    if log and validation is not None and (validation <= 0).any():
        i = int(np.argmax(validation <= 0))
        raise TwinnetError(
            f"a log scale needs positive losses; the validation loss of epoch {i + 1} is "
            f"{show_value(float(validation[i]))}"
        )
    epoch = np.arange(1, loss.size + 1, dtype=np.float64)
    legend, note = _loss_curves(loss, validation, best_epoch)

    fig = _figure(width, height)
    ax = fig.subplots()
    _style_axes(ax)
    ax.plot(epoch, loss, color=LINE_COLOUR, linewidth=1.5)
    if validation is not None:  # NaN and infinities are gaps in the line
        drawn = np.where(np.isfinite(validation), validation, np.nan)
        ax.plot(epoch, drawn, color=VALIDATION_COLOUR, linewidth=1.5)
    if best_epoch is not None:
        ax.axvline(best_epoch, color=BEST_COLOUR, linestyle="--", linewidth=1)
    if legend:
        ax.legend(ax.get_lines(), legend, loc="upper right", bbox_to_anchor=(1, 0.93))
    if log:  # ticks at 1, 2, 5 times powers of ten, written plainly (as R's)
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"loss ({loss_name})" if isinstance(loss_name, str) else "loss")
    if title:
        ax.set_title(title)
    ax.text(0.98, 0.97, note, transform=ax.transAxes, ha="right", va="top", color=TEXT_COLOUR)
    _save(fig, path)
    return {
        "epoch": epoch,
        "loss": loss,
        "validation": validation,
        "best_epoch": best_epoch,
        "legend": legend,
        "note": note,
    }


def plot_decision_boundary(
    model,
    X,
    y,
    path,
    grid=200,
    margin=0.1,
    title="Decision boundary",
    class_names=None,
    axis_labels=("x1", "x2"),
    width=800,
    height=600,
):
    """A trained network's classes over the plane of 2-D data, with the data on top.

    The grid: along column j of ``X``, with ``lo = min - margin * (max - min)``
    and ``hi = max + margin * (max - min)`` (``min - 0.5`` and ``max + 0.5``
    for a constant column), the ``grid`` points
    ``lo + (hi - lo) * (i / (grid - 1))``, i = 0, ..., grid - 1. The
    network's output at every grid point comes from ``model.predict``, so in
    exact mode the R twin computes the same doubles.

    Parameters
    ----------
    model : MLP or Network
        Trained, with two inputs. One output unit: the picture is coloured by
        the output (a probability), class 1 where it is > 0.5, and the line
        output = 0.5 is drawn. More units: coloured by class, the first
        largest output.
    X : 2-D array, n x 2
    y : labels 0, 1, ... (a vector) or one-hot rows (n x k)
    path : str or path-like
        The PNG file to write.
    grid : int, default 200
        Grid points along each axis.
    margin : float, default 0.1
        Space around the data, as a fraction of each column's span.
    title : str
        A line "training accuracy 97.5% (195 of 200)" is added below it.
    class_names : sequence of str, optional
        Legend names of the classes; by default "class 0", "class 1", ...
    axis_labels : two strings
    width, height : int
        Pixels, at 100 dpi.

    Returns
    -------
    dict
        ``x1``, ``x2`` (the grid along each axis), ``output`` (the network's
        output at the grid points, ``grid * grid`` rows, point
        ``(x1[i], x2[j])`` in row ``j * grid + i``), ``classes`` (grid x grid,
        ``classes[j, i]`` the class at ``(x1[i], x2[j])``), ``predicted``
        (the class of each training point) and ``accuracy``.
    """
    net = _check_plot_model(model)
    X = as_matrix("X", X)
    if X.shape[1] != 2:
        raise TwinnetError(f"X must have 2 columns (one per axis of the picture), got {X.shape[1]}")
    n_in = net.dense_layers[0].n_in
    if n_in != 2:
        raise TwinnetError(
            f"the model must have 2 inputs to draw its decision boundary, got {n_in}"
        )
    labels = _as_labels("y", y, X.shape[0])
    path = _check_png_path(path)
    if not (is_number(grid) and grid == int(grid) and grid >= 2):
        raise TwinnetError(f"grid must be an integer >= 2, got {show_value(grid)}")
    grid = int(grid)
    if not (is_number(margin) and margin >= 0):
        raise TwinnetError(f"margin must be a non-negative number, got {show_value(margin)}")
    margin = float(margin)
    title = _check_title(title)
    axis_labels = _check_strings("axis_labels", axis_labels, 2)

    x1, x2 = _boundary_grid(X, grid, margin)
    output = net.predict(_boundary_points(x1, x2))
    classes = _boundary_classes(output, grid)
    predicted = predicted_classes(net.predict(X))
    n_correct = int(np.sum(predicted == labels))
    accuracy = n_correct / X.shape[0]
    k = max(2, output.shape[1], int(labels.max()) + 1)
    class_names = _check_plot_class_names(class_names, k, f"there are {k} classes")
    legend_names = _boundary_legend(k, class_names, output.shape[1] == 1)
    subtitle = "training accuracy %.1f%% (%d of %d)" % (100 * accuracy, n_correct, X.shape[0])
    title = subtitle if not title else title + "\n" + subtitle

    fig = _figure(width, height)
    _draw_boundary(fig, x1, x2, output, classes, X, labels, k, title, legend_names, axis_labels)
    _save(fig, path)
    return {
        "x1": x1,
        "x2": x2,
        "output": output,
        "classes": classes,
        "predicted": predicted,
        "accuracy": accuracy,
    }


def _draw_boundary(fig, x1, x2, output, classes, X, labels, k, title, legend_names, axis_labels):
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D

    grid = len(x1)
    one_unit = output.shape[1] == 1
    ax = fig.subplots()
    if one_unit:
        p = np.clip(output[:, 0], 0, 1).reshape(grid, grid)
        breaks = np.arange(PROBABILITY_BINS + 1) / PROBABILITY_BINS
        ax.pcolormesh(
            x1,
            x2,
            p,
            shading="nearest",
            rasterized=True,
            cmap=ListedColormap(_probability_colours()),
            norm=BoundaryNorm(breaks, PROBABILITY_BINS),
        )
        if p.min() < 0.5 < p.max():
            ax.contour(
                x1,
                x2,
                output[:, 0].reshape(grid, grid),
                levels=[0.5],
                colors=BOUNDARY_COLOUR,
                linewidths=1.5,
            )
    else:
        tints = [_tint(_class_colour(c)) for c in range(k)]
        ax.pcolormesh(
            x1,
            x2,
            classes,
            shading="nearest",
            rasterized=True,
            cmap=ListedColormap(tints),
            norm=BoundaryNorm(np.arange(k + 1) - 0.5, k),
        )
    for c in range(k):
        rows = labels == c
        ax.scatter(
            X[rows, 0],
            X[rows, 1],
            s=30,
            c=_class_colour(c),
            edgecolors="black",
            linewidths=0.6,
            zorder=3,
        )
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markersize=7,
            markerfacecolor=_class_colour(c),
            markeredgecolor="black",
            markeredgewidth=0.6,
            label=legend_names[c],
        )
        for c in range(k)
    ]
    if one_unit:
        handles.append(Line2D([], [], color=BOUNDARY_COLOUR, linewidth=1.5, label=legend_names[k]))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0,
        frameon=False,
    )
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    ax.set_title(title)


def plot_images(
    X,
    labels,
    path,
    predicted=None,
    shape=(28, 28),
    n=25,
    class_names=None,
    title=None,
    width=800,
    height=900,
):
    """The first ``n`` images of ``X`` in a grid, titled with their labels.

    Each title is the true label; with ``predicted``, a second line
    "predicted: <label>", in red with a red frame when it is wrong (the
    TensorFlow Fashion-MNIST tutorial's convention). Pixels are drawn dark on
    white (0 white, the largest value of the images shown black).

    Parameters
    ----------
    X : 2-D array
        One image per row, row by row (``read_mnist``'s layout).
    labels : labels 0, 1, ... (a vector) or one-hot rows
    path : str or path-like
        The PNG file to write.
    predicted : labels, or a network's outputs (n x k: the first largest), optional
    shape : (rows, columns) of one image, default (28, 28)
    n : int, default 25
        How many images (the first ``n`` rows; fewer if X has fewer).
    class_names : sequence of str, optional
        E.g. ``twinnet.idx.FASHION_MNIST_CLASSES``; by default the labels as numbers.
    title : str, optional
        By default the number of images (and of wrong predictions).
    width, height : int
        Pixels, at 100 dpi.

    Returns
    -------
    dict
        ``rows`` (the rows of X shown, from 0), ``labels``, ``predicted``
        (or None), ``wrong`` (booleans, or None) and ``titles`` (the title of
        each image).
    """
    X = as_matrix("X", X)
    labels = _as_labels("labels", labels, X.shape[0])
    path = _check_png_path(path)
    if predicted is not None:
        predicted = _as_labels("predicted", predicted, X.shape[0])
    h, w = _check_shape(shape)
    if X.shape[1] != h * w:
        raise TwinnetError(f"X has {X.shape[1]} columns but images of shape {h} x {w} need {h * w}")
    n = min(check_positive_integer("n", n), X.shape[0])
    title = _check_title(title)
    rows = np.arange(n)
    shown_labels = labels[:n]
    shown_predicted = predicted[:n] if predicted is not None else None
    top = int(max(shown_labels.max(), -1 if shown_predicted is None else shown_predicted.max()))
    class_names = _check_plot_class_names(class_names, top + 1, f"the labels go up to {top}")
    titles, wrong = _image_titles(shown_labels, shown_predicted, class_names)
    if title is None:
        title = (
            f"{n} images"
            if wrong is None
            else (f"{n} images: true label, then predicted; {int(wrong.sum())} wrong (red)")
        )

    fig = _figure(width, height)
    _draw_images(fig, X[:n], h, w, titles, wrong, title)
    _save(fig, path)
    return {
        "rows": rows,
        "labels": shown_labels,
        "predicted": shown_predicted,
        "wrong": wrong,
        "titles": titles,
    }


def _draw_images(fig, images, h, w, titles, wrong, title):
    n = images.shape[0]
    lo = min(float(images.min()), 0.0)
    hi = float(images.max())
    if hi <= lo:
        hi = lo + 1.0
    n_cols = math.ceil(math.sqrt(n))
    axes = np.atleast_1d(fig.subplots(math.ceil(n / n_cols), n_cols)).ravel()
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.set_axis_off()
            continue
        ax.imshow(images[i].reshape(h, w), cmap="gray_r", vmin=lo, vmax=hi, interpolation="nearest")
        bad = wrong is not None and bool(wrong[i])
        ax.set_title(titles[i], fontsize=9, color=WRONG_COLOUR if bad else TEXT_COLOUR, pad=3)
        for spine in ax.spines.values():
            spine.set_color(WRONG_COLOUR if bad else "#bbbbbb")
            spine.set_linewidth(2.0 if bad else 0.6)
    if title:
        fig.suptitle(title)


def plot_network(model, path, title=None, max_units=16, width=800, height=600):
    """The network as a diagram: units as circles by layer, weights as lines.

    A line's width is proportional to ``|w|``: ``v * (|w| / m)`` points,
    ``m`` the largest ``|w|`` or ``|b|`` of the network, ``v = min(6, 60 / u)``
    with ``u`` the most units drawn in a layer; blue for w > 0, red for
    w < 0. A bias is drawn as a line of the same kind from a "+1" node above
    the layer before (the bias is the weight of a constant input 1).
    A layer of more than ``max_units`` units (784 inputs, say) would be a
    tangle: it shows its first 4 and its last 2 units (``min(max_units, 6)``
    units: the first ``j - j // 3``, the last ``j // 3``), dots between them
    and its number of units below; lines join drawn units only, and the
    title says so.

    Returns
    -------
    dict
        ``sizes`` (units per layer), ``shown`` (the units drawn, from 0, per
        layer), ``elided`` (per layer, whether units are left out),
        ``widths`` (per weight matrix, the line widths in points of the shown
        units, rows = units of the layer before), ``bias_widths`` (per bias
        row) and ``max_abs`` (``m``).
    """
    net = _check_plot_model(model)
    path = _check_png_path(path)
    title = _check_title(title)
    max_units = check_positive_integer("max_units", max_units)
    sizes = net.sizes
    weights = [d.weights for d in net.dense_layers]
    biases = [d.bias for d in net.dense_layers]  # None for a layer without bias
    shown = [_shown_units(m, max_units) for m in sizes]
    widths, bias_widths, max_abs = _line_widths(weights, biases, shown)
    if title is None:
        title = "Network " + "-".join(str(m) for m in sizes) + ": line width ~ |weight|"
        if any(len(s) < m for s, m in zip(shown, sizes)):
            title += "\n" + _elided_note(max_units)

    fig = _figure(width, height)
    _draw_network(
        fig,
        shown,
        sizes,
        weights,
        biases,
        widths,
        bias_widths,
        _layer_labels(sizes, shown, _dense_activations(net)),
        title,
        height,
    )
    _save(fig, path)
    return {
        "sizes": list(sizes),
        "shown": shown,
        "elided": [len(s) < m for s, m in zip(shown, sizes)],
        "widths": widths,
        "bias_widths": bias_widths,
        "max_abs": max_abs,
    }


def _draw_network(fig, shown, sizes, weights, biases, widths, bias_widths, labels, title, height):
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    n_layers = len(shown)
    tallest = max(_unit_slots(len(s), m) for s, m in zip(shown, sizes))
    with_bias = [l for l, b in enumerate(biases) if b is not None]
    has_bias = bool(with_bias)
    top = (tallest - 1) / 2
    bias_y = top + 1
    diameter = min(22.0, 0.6 * (0.7 * height / (tallest + has_bias)) * 72 / DPI)
    segments, seg_widths, colours = _network_segments(
        shown, sizes, weights, biases, widths, bias_widths, bias_y
    )

    ax = fig.subplots()
    ax.add_collection(
        LineCollection(
            segments, linewidths=seg_widths, colors=colours, alpha=0.8, capstyle="round", zorder=1
        )
    )
    for l in range(n_layers):
        y = _unit_ys(len(shown[l]), sizes[l])
        if len(shown[l]) < sizes[l]:  # the units left out: three dots
            gap = _gap_y(len(shown[l]), sizes[l])
            ax.scatter(
                np.full(3, l), gap + np.array([-0.25, 0.0, 0.25]), s=9, c="#444444", zorder=2
            )
        ax.scatter(
            np.full(len(y), l),
            y,
            s=diameter**2,
            c="white",
            edgecolors="#444444",
            linewidths=1.2,
            zorder=2,
        )
    if has_bias:
        ax.scatter(
            with_bias,
            np.full(len(with_bias), bias_y),
            s=(0.8 * diameter) ** 2,
            marker="s",
            c="#eeeeee",
            edgecolors="#444444",
            linewidths=1.2,
            zorder=2,
        )
    if has_bias and diameter >= 14:
        for x in with_bias:
            ax.text(
                x,
                bias_y,
                "+1",
                ha="center",
                va="center",
                fontsize=min(8.0, 0.45 * diameter),
                zorder=3,
            )
    ax.set_xticks(range(n_layers), labels)
    ax.tick_params(axis="x", length=0, pad=6)
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlim(-0.5, n_layers - 0.5)
    ax.set_ylim(-top - 0.7, (bias_y if has_bias else top) + 0.7)
    handles = [
        Line2D([], [], color=POSITIVE_COLOUR, linewidth=3, label="positive weight"),
        Line2D([], [], color=NEGATIVE_COLOUR, linewidth=3, label="negative weight"),
    ]
    if has_bias:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="s",
                markersize=9,
                markerfacecolor="#eeeeee",
                markeredgecolor="#444444",
                label="bias: the weight of an input +1",
            )
        )
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=len(handles),
        frameon=False,
    )
    if title:
        fig.suptitle(title)
