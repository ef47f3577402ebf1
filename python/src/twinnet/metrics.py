"""How well a model does: loss, accuracy and the confusion matrix.

Targets with two or more columns are one-hot classes (the class is the
column of the largest value, in the output too); a single column of 0s and
1s is two classes (output >= 0.5 is class 1); anything else is a regression
and has a loss only. Twin: ``R/R/metrics.R``.
"""

import numpy as np

from .validation import TwinnetError


def _network(model):
    return getattr(model, "network", model)


def classes_of(Y):
    """Class index of each row of a target matrix, or None for a regression."""
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape[1] >= 2 and np.all((Y == 0) | (Y == 1)) and np.all(Y.sum(axis=1) == 1):
        return np.argmax(Y, axis=1)
    if Y.shape[1] == 1 and np.all((Y == 0) | (Y == 1)):
        return Y[:, 0].astype(np.int64)
    return None


def predicted_classes(output):
    """Class index of each row of a network output."""
    if output.shape[1] == 1:
        return (output[:, 0] >= 0.5).astype(np.int64)
    return np.argmax(output, axis=1)


def confusion_matrix(true, predicted, k):
    """Counts: rows are the true classes 0..k-1, columns the predicted ones."""
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (true, predicted), 1)
    return counts


def evaluate(model, X, Y):
    """Loss, and for classes the accuracy and the confusion matrix.

    Returns a dict: ``rows``, ``loss`` (the model's own loss on the data),
    ``accuracy`` and ``confusion`` (None for a regression).
    """
    net = _network(model)
    if net.loss is None:
        raise TwinnetError("the network has no loss; call use() first")
    X, Y = net._check_data(X, Y)
    value, _ = net._backward(X, Y)
    out = net.layers[-1].output
    true = classes_of(Y)
    result = {
        "rows": X.shape[0],
        "loss": value,
        "loss_name": net.loss,
        "accuracy": None,
        "confusion": None,
    }
    if true is not None:
        guess = predicted_classes(out)
        k = max(Y.shape[1], 2)
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
        lines.append("confusion matrix (rows: true class, columns: predicted class)")
        lines.append("     " + "".join(f"{j:>{width}d}" for j in range(k)))
        for i in range(k):
            lines.append(f"{i:>5d}" + "".join(f"{c:>{width}d}" for c in counts[i]))
    return "\n".join(lines)
