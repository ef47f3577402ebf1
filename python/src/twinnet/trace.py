"""One epoch, step by step: every matrix the Analytics Vidhya article names.

The article walks through one epoch of its network in steps 0 to 11, showing
every matrix: the input and weights, ``hidden_layer_input``,
``hiddenlayer_activations``, ``output``, ``E``, the slopes, ``d_output``,
``Error_at_hidden_layer``, ``d_hiddenlayer`` and the updated ``wout``,
``bout``, ``wh``, ``bh``. ``trace_epoch`` computes one epoch of a twinnet network
(on a copy: the model is not changed) and returns all of them in long form,
one row per matrix element, in the article's order; ``trace_report`` prints
them as the article shows them. For a network with more than one hidden
layer the names are numbered (``Z1``, ``A1``, ``D1``, ...). In exact mode the
table is identical in R (``trace_epoch()`` in ``R/R/trace.R``).
"""

import copy

import numpy as np
import pandas as pd

from .losses import LOSSES
from .validation import TwinnetError

ARTICLE_NAMES = {
    "W1": "wh",
    "b1": "bh",
    "W2": "wout",
    "b2": "bout",
    "Z1": "hidden_layer_input",
    "A1": "hiddenlayer_activations",
    "Z2": "output_layer_input",
    "A2": "output",
    "slope2": "slope_output_layer",
    "slope1": "slope_hidden_layer",
    "D2": "d_output",
    "error_at1": "Error_at_hidden_layer",
    "D1": "d_hiddenlayer",
}


def _trace_formulas(L, name):
    """What each matrix is, in the article's words (or numbered ones)."""
    n = name
    out = {"X": "input", "y": "targets"}
    for l in range(1, L + 1):
        prev = "X" if l == 1 else n(f"A{l - 1}")
        out[f"W{l}"] = "initial weights"
        out[f"b{l}"] = "initial bias"
        out[f"Z{l}"] = f"matrix_dot_product({prev}, {n(f'W{l}')}) + {n(f'b{l}')}"
        out[f"A{l}"] = f"sigmoid({n(f'Z{l}')})"
        out[f"slope{l}"] = f"derivatives_sigmoid({n(f'A{l}')})"
        out[f"new_W{l}"] = f"{n(f'W{l}')} + matrix_dot_product({prev}.T, {n(f'D{l}')}) * lr"
        out[f"new_b{l}"] = f"{n(f'b{l}')} + sum({n(f'D{l}')}, axis=0) * lr"
        if l < L:
            out[f"error_at{l}"] = f"matrix_dot_product({n(f'D{l + 1}')}, {n(f'W{l + 1}')}.T)"
            out[f"D{l}"] = f"{n(f'error_at{l}')} * {n(f'slope{l}')}"
    out["E"] = f"y - {n(f'A{L}')}"
    out[f"D{L}"] = f"E * {n(f'slope{L}')}"
    return out


def _check_traceable(net):
    layers = net.layers
    pairs = len(layers) % 2 == 0 and all(
        layers[i].kind == "dense"
        and layers[i + 1].kind == "activation"
        and layers[i + 1].name in ("sigmoid", "tanh", "relu", "identity")
        for i in range(0, len(layers), 2)
    )
    if not pairs or LOSSES[net.loss].output is not None:
        raise TwinnetError(
            "trace follows the article's steps: dense layers each followed by an "
            "element-wise activation, and a squared-error loss"
        )


def trace_epoch(model, X, Y, lr=None):
    """One epoch of full-batch descent, every intermediate matrix in long form.

    Parameters
    ----------
    model : MLP or Network
        Dense layers each followed by an element-wise activation, with a
        squared-error loss (the article's network). It is not changed.
    X, Y : arrays
    lr : float, optional
        The MLP's own learning rate by default (0.1 for a Network).

    Returns
    -------
    pandas.DataFrame with columns ``step`` (the article's step, 0 to 11),
    ``name``, ``formula``, ``row``, ``col`` (from 1) and ``value``.
    """
    net = copy.deepcopy(model)
    if not net.dense_layers or net.loss is None:
        raise TwinnetError("trace needs a network with layers and a loss")
    _check_traceable(net)
    X, Y = net._check_data(X, Y)
    before_w = [w.copy() for w in net.weights]
    before_b = [b.copy() for b in net.biases]
    record = net.train_step(X, Y, lr)  # lr None: the model's own (train_step)
    ar = net.arith
    L = len(before_w)
    acts = {layer.name for layer in net.layers if layer.kind == "activation"}
    names = ARTICLE_NAMES if L == 2 else {}

    def n(key):
        base = key[4:] if key.startswith("new_") else key
        return names.get(base, base)

    slopes = [
        layer.function.backward(np.ones_like(layer.output), layer.output, ar)
        for layer in net.layers
        if layer.kind == "activation"
    ]
    items = [(0, "X", X), (0, "y", Y)]
    for l in range(1, L + 1):
        items.append((1, f"W{l}", before_w[l - 1]))
        if len(before_b) >= l:
            items.append((1, f"b{l}", before_b[l - 1]))
    for l in range(1, L + 1):
        step = 2 if l < L else 4
        items.append((step, f"Z{l}", record["pre_activations"][l - 1]))
        items.append((step + (1 if l < L else 0), f"A{l}", record["activations"][l]))
    items.append((5, "E", record["error"]))
    for l in range(L, 0, -1):
        items.append((6, f"slope{l}", slopes[l - 1]))
    items.append((7, f"D{L}", record["deltas"][L - 1]))
    for l in range(L - 1, 0, -1):
        items.append((8, f"error_at{l}", ar.matmul(record["deltas"][l], before_w[l].T)))
        items.append((9, f"D{l}", record["deltas"][l - 1]))
    for l in range(L, 0, -1):
        items.append((10, f"new_W{l}", record["weights"][l - 1]))
    for l in range(L, 0, -1):
        if len(record["biases"]) >= l:
            items.append((11, f"new_b{l}", record["biases"][l - 1]))
    formulas = _trace_formulas(L, n)
    if acts != {"sigmoid"}:  # the article's words are for the sigmoid
        formulas = {
            k: v.replace("derivatives_sigmoid", "slope").replace("sigmoid", "f")
            for k, v in formulas.items()
        }
    frames = []
    for step, key, m in items:
        m = np.asarray(m, dtype=np.float64)
        rows, cols = np.indices(m.shape)
        frames.append(
            pd.DataFrame(
                {
                    "step": step,
                    "name": n(key),
                    "formula": formulas.get(key, ""),
                    "row": rows.ravel() + 1,
                    "col": cols.ravel() + 1,
                    "value": m.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def trace_report(table, digits=4):
    """The trace as the article shows it: step by step, each matrix in full."""
    lines = []
    for (step, name), part in table.groupby(["step", "name"], sort=False):
        n_rows, n_cols = int(part["row"].max()), int(part["col"].max())
        formula = part["formula"].iloc[0]
        # steps 0 and 1 show data (input, targets, initial weights); the rest formulas
        shown = f"({formula})" if step <= 1 else f"= {formula}"
        lines.append(f"Step {step}: {name} {shown}  [{n_rows} x {n_cols}]")
        values = part.sort_values(["row", "col"])["value"].to_numpy().reshape(n_rows, n_cols)
        for row in values:
            lines.append("".join(f"{v:{digits + 8}.{digits}f}" for v in row))
        lines.append("")
    return "\n".join(lines)
