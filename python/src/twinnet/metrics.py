"""How well a model does: loss, accuracy, r2 and the confusion matrix.

Targets with two or more columns are one-hot classes (the class is the
column of the largest value, in the output too); a single column of 0s and
1s is two classes (an output > 0.5 is class 1, as scikit-learn's
LabelBinarizer decides: exactly 0.5 is class 0); anything else is a
regression and has a loss only. ``predicted_classes`` is the one function
that turns outputs into classes. Twin: ``R/R/metrics.R``.

The confusion matrix names its classes when given their names
(``class_names``; the command line's ``evaluate --fashion``, or on its own
when the targets are Fashion-MNIST's label file, see :func:`class_names_for`).
"""

import os

import numpy as np

from .arith import ARITHMETICS
from .validation import TwinnetError


def classes_of(Y):
    """Class index of each row of a target matrix, or None for a regression."""
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape[1] >= 2 and np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1):
        return np.argmax(Y, axis=1)
    if Y.shape[1] == 1 and np.all((Y == 0) | (Y == 1)):
        return Y[:, 0].astype(np.int64)
    return None


def predicted_classes(output):
    """Class index of each row of a network output.

    One output column: class 1 where the output is ``> 0.5``, else class 0
    (scikit-learn's LabelBinarizer rule: exactly 0.5 is class 0). Several
    columns: the column of the row's largest value (the first of ties).
    """
    output = np.asarray(output)
    if output.shape[1] == 1:
        return (output[:, 0] > 0.5).astype(np.int64)
    return np.argmax(output, axis=1)


# one side: numpy's 1-D arrays (R's scores take matrices; a vector is one column there too)
def _columns(x):
    """``x`` as a float64 matrix, a 1-D array as one column."""
    x = np.asarray(x, dtype=np.float64)
    return x.reshape(-1, 1) if x.ndim == 1 else x


def accuracy(out, Y, w=None, mode="blas"):
    """The (weighted) share of rows whose predicted class is right.

    A row's class is ``predicted_classes``' rule on ``out`` and the same rule
    on ``Y`` (one column: > 0.5; several: the first largest). Value
    ``total(right * w) / sw`` in the network's arithmetic ``mode``
    (unweighted: ``total(right) / n``); ``w`` an n x 1 column or None.
    """
    ar = ARITHMETICS[mode]
    out, Y = _columns(out), _columns(Y)
    right = (predicted_classes(out) == predicted_classes(Y)).astype(np.float64).reshape(-1, 1)
    if w is None:
        return ar.total(right) / right.shape[0]
    w = np.asarray(w, dtype=np.float64).reshape(-1, 1)
    return float(ar.total(right * w) / np.float64(ar.total(w)))  # weights of 0: NaN


def r2(out, Y, w=None, mode="blas"):
    """The (weighted) coefficient of determination, averaged over the columns.

    Per column ``j``: ``m = total(y * w) / sw``, ``ss_res = total(((y - p) *
    (y - p)) * w)``, ``ss_tot = total(((y - m) * (y - m)) * w)``, ``r2_j = 1 -
    ss_res / ss_tot``, or, where ``ss_tot == 0``, 1 if ``ss_res == 0`` else 0
    (scikit-learn's ``force_finite``); the value is ``total(r2) / k``. Without
    weights ``w`` is a column of ones (scikit-learn's ``r2_score``).
    """
    ar = ARITHMETICS[mode]
    out, Y = _columns(out), _columns(Y)
    w = np.ones((Y.shape[0], 1)) if w is None else np.asarray(w, dtype=np.float64).reshape(-1, 1)
    sw = np.float64(ar.total(w))  # weights of 0: NaN, not ZeroDivisionError
    k = Y.shape[1]
    scores = np.empty(k)
    for j in range(k):
        y, p = Y[:, j : j + 1], out[:, j : j + 1]
        m = ar.total(y * w) / sw
        ss_res = ar.total(((y - p) * (y - p)) * w)
        ss_tot = ar.total(((y - m) * (y - m)) * w)
        if ss_tot == 0:
            scores[j] = 1.0 if ss_res == 0 else 0.0
        else:
            scores[j] = 1.0 - ss_res / ss_tot
    return float(ar.total(scores) / k)


# The validation scores fit can record (validation_score); higher is better for both.
SCORES = {"accuracy": accuracy, "r2": r2}


def confusion_matrix(true, predicted, k):
    """Counts: rows are the true classes 0..k-1, columns the predicted ones."""
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (true, predicted), 1)
    return counts


def _check_class_names(class_names, k):
    """The names of classes 0..k-1: exactly k strings."""
    ok = (
        not isinstance(class_names, (str, bytes, dict))
        and hasattr(class_names, "__len__")
        and all(isinstance(v, str) for v in class_names)
    )
    if not ok:
        raise TwinnetError("class_names must be strings")
    if len(class_names) != k:
        raise TwinnetError(f"class_names has {len(class_names)} names but there are {k} classes")
    return [str(v) for v in class_names]


def class_names_for(path):
    """Fashion-MNIST's class names when ``path`` is one of its label files
    (``{train,t10k}-labels-idx1-ubyte[.gz]`` in Debian's
    ``/usr/share/datasets/fashion-mnist``), else None."""
    from .idx import FASHION_MNIST, FASHION_MNIST_CLASSES

    if not isinstance(path, str):
        return None
    name = os.path.basename(path)
    labels = [f"{kind}-labels-idx1-ubyte{gz}" for kind in ("train", "t10k") for gz in ("", ".gz")]
    folder = os.path.dirname(os.path.abspath(path))
    if name in labels and os.path.abspath(FASHION_MNIST) == folder:
        return list(FASHION_MNIST_CLASSES)
    return None


def evaluate(model, X, Y, class_names=None):
    """Loss, and for classes the accuracy and the confusion matrix.

    ``class_names`` names the classes 0, 1, ... (as many names as classes)
    for :func:`format_evaluation`.

    Returns a dict: ``rows``, ``loss`` (the model's own loss on the data),
    ``accuracy``, ``confusion`` (None for a regression) and ``class_names``
    (None when not given).
    """
    if model.loss is None:
        raise TwinnetError("the network has no loss; call use() first")
    X, Y = model._check_data(X, Y)
    value, _ = model._backward(X, Y)
    out = model.layers[-1].output
    true = classes_of(Y)
    result = {
        "rows": X.shape[0],
        "loss": value,
        "loss_name": model.loss,
        "accuracy": None,
        "confusion": None,
        "class_names": None,
    }
    if true is None and class_names is not None:
        raise TwinnetError(
            "class_names needs class targets (one-hot rows or one column of 0s and 1s)"
        )
    if true is not None:
        guess = predicted_classes(out)
        k = max(Y.shape[1], 2)
        if class_names is not None:
            result["class_names"] = _check_class_names(class_names, k)
        result["accuracy"] = float(np.mean(guess == true))
        result["confusion"] = confusion_matrix(true, guess, k)
    return result


def format_evaluation(result):
    """The evaluation as text (the same in R)."""
    lines = [
        f"rows      {result['rows']}",
        f"loss      {result['loss']:.6g} ({result['loss_name']})",
    ]
    if result["accuracy"] is not None:
        counts = result["confusion"]
        k = counts.shape[0]
        width = max(5, len(str(counts.max())) + 1)
        lines.append(f"accuracy  {result['accuracy']:.4f}")
        names = result.get("class_names")
        if names is None:
            lines.append("confusion matrix (rows: true class, columns: predicted class)")
            labels = [f"{i:>5d}" for i in range(k)]
        else:  # "0 T-shirt/top", ...: the columns are numbered as the rows
            lines.append("confusion matrix (rows: true class, columns: predicted class by number)")
            labels = [f"{i} {name}" for i, name in enumerate(names)]
            label_width = max(len(label) for label in labels) + 1
            labels = [label + " " * (label_width - len(label)) for label in labels]
        lines.append(" " * len(labels[0]) + "".join(f"{j:>{width}d}" for j in range(k)))
        for i in range(k):
            lines.append(labels[i] + "".join(f"{c:>{width}d}" for c in counts[i]))
    return "\n".join(lines)
