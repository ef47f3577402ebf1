"""The multilayer perceptron of the seed articles, generalised to L layers.

One epoch of full-batch gradient descent (docs/algorithm.md)::

    A_0 = X
    A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
    E   = Y - A_L
    D_L = G(E) * f'(A_L)          G = the loss's descent direction
    D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
    W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
    b_l = b_l + colsum(D_l) * lr

All deltas use the weights from before the update. Twin: ``R/R/network.R``.
"""

import math

import numpy as np

from .activations import ACTIVATIONS
from .arith import ARITHMETICS
from .init import init_params
from .losses import LOSSES
from .validation import (
    TwinnetError,
    as_matrix,
    check_choice,
    check_data,
    check_layers,
    check_positive_integer,
    check_positive_number,
    check_seed,
)


class MLP:
    """A sigmoid multilayer perceptron trained by full-batch gradient descent.

    Weights are drawn at construction (as in the articles), so they can be
    inspected before training; ``fit`` continues from the current weights.

    Parameters
    ----------
    layers : list of int
        Units per layer, input first: ``[4, 3, 1]`` is Analytics Vidhya's
        network (4 inputs, 3 hidden units, 1 output).
    lr : float, default 0.1
        Learning rate (Analytics Vidhya's ``lr = 0.1``).
    seed : int, default 42
        Seed of R's generator: ``MLP(seed=42)`` starts from the weights R's
        ``set.seed(42)`` gives ``twinnet::mlp(seed = 42)``.
    mode : {"blas", "exact"}, default "blas"
        ``"exact"`` fixes every floating-point operation so that R's twin
        gives identical doubles; ``"blas"`` is fast and agrees to rounding.
    loss : {"half_sse", "sse", "mse"}, default "half_sse"
        ``half_sse`` is Analytics Vidhya's, ``sse`` Loy's, ``mse`` Aflak's.
    activation : {"sigmoid"}, default "sigmoid"
    bias : bool, default True
        Loy's network has no bias (``bias=False``).
    weights, biases : list of 2-D arrays, optional
        Initial parameters instead of drawing them from ``seed``.

    Attributes
    ----------
    weights : list of 2-D float64 arrays, ``W_l`` of shape (n_{l-1}, n_l)
    biases : list of 2-D float64 arrays, ``b_l`` of shape (1, n_l); empty
        when ``bias`` is False
    loss_history : list of float, one value per epoch trained, computed from
        the forward pass of that epoch (before its update)
    """

    def __init__(
        self,
        layers,
        lr=0.1,
        seed=42,
        mode="blas",
        loss="half_sse",
        activation="sigmoid",
        bias=True,
        weights=None,
        biases=None,
    ):
        self.layers = check_layers(layers)
        self.lr = check_positive_number("lr", lr)
        self.mode = check_choice("mode", mode, list(ARITHMETICS))
        self.loss = check_choice("loss", loss, list(LOSSES))
        self.activation = check_choice("activation", activation, list(ACTIVATIONS))
        if not isinstance(bias, (bool, np.bool_)):
            raise TwinnetError(f"bias must be true or false, got {bias!r}")
        self.bias = bool(bias)
        self.seed = None if weights is not None else check_seed(seed)
        if weights is None:
            if biases is not None:
                raise TwinnetError("biases were given without weights")
            self.weights, self.biases = init_params(self.layers, self.seed, self.bias)
        else:
            self.weights, self.biases = self._check_params(weights, biases)
        self.loss_history = []

    def _check_params(self, weights, biases):
        sizes = self.layers
        if len(weights) != len(sizes) - 1:
            raise TwinnetError(
                f"{len(weights)} weight matrices were given for "
                f"{len(sizes) - 1} layers"
            )
        ws = []
        for l, w in enumerate(weights, start=1):
            w = as_matrix(f"weights of layer {l}", w)
            if w.shape != (sizes[l - 1], sizes[l]):
                raise TwinnetError(
                    f"weights of layer {l} are {w.shape[0]} x {w.shape[1]}, "
                    f"expected {sizes[l - 1]} x {sizes[l]}"
                )
            ws.append(w)
        bs = []
        if self.bias:
            if biases is None or len(biases) != len(ws):
                given = 0 if biases is None else len(biases)
                raise TwinnetError(
                    f"{given} bias rows were given for {len(ws)} layers"
                )
            for l, b in enumerate(biases, start=1):
                b = as_matrix(f"biases of layer {l}", np.reshape(b, (1, -1)))
                if b.shape[1] != sizes[l]:
                    raise TwinnetError(
                        f"biases of layer {l} have {b.shape[1]} values, "
                        f"expected {sizes[l]}"
                    )
                bs.append(b)
        elif biases:
            raise TwinnetError("biases were given but bias is off")
        return ws, bs

    @property
    def arith(self):
        return ARITHMETICS[self.mode]

    def forward(self, X, weights=None, biases=None):
        """Activations ``[A_0, A_1, ..., A_L]`` of a checked input matrix."""
        weights = self.weights if weights is None else weights
        biases = self.biases if biases is None else biases
        f = ACTIVATIONS[self.activation][0]
        ar = self.arith
        acts = [X]
        for l, w in enumerate(weights):
            z = ar.matmul(acts[-1], w)
            if biases:
                z = z + biases[l]
            acts.append(f(z, ar))
        return acts

    def step(self, X, Y, weights, biases):
        """One epoch of gradient descent on checked data.

        Returns the new weights, the new biases, and a record of the epoch:
        ``activations`` (A_0..A_L), ``error`` (E), ``deltas`` (D_1..D_L),
        ``weight_steps`` (t(A_{l-1}) %*% D_l), ``bias_steps`` (colsum(D_l))
        and ``loss``; the arguments are not modified.
        """
        ar = self.arith
        slope = ACTIVATIONS[self.activation][1]
        loss_value, direction = LOSSES[self.loss]
        acts = self.forward(X, weights, biases)
        e = Y - acts[-1]
        deltas = [None] * len(weights)
        deltas[-1] = direction(e) * slope(acts[-1])
        for l in range(len(weights) - 2, -1, -1):
            deltas[l] = ar.matmul(deltas[l + 1], weights[l + 1].T) * slope(acts[l + 1])
        weight_steps = [ar.matmul(a.T, d) for a, d in zip(acts, deltas)]
        bias_steps = [ar.colsum(d) for d in deltas[: len(biases)]]
        lr = self.lr
        new_w = [w + s * lr for w, s in zip(weights, weight_steps)]
        new_b = [b + s * lr for b, s in zip(biases, bias_steps)]
        record = {
            "activations": acts,
            "error": e,
            "deltas": deltas,
            "weight_steps": weight_steps,
            "bias_steps": bias_steps,
            "loss": loss_value(e, ar),
        }
        return new_w, new_b, record

    def compute_loss(self, X, Y):
        """The loss of the current weights on ``X``, ``Y``."""
        X, Y = check_data(X, Y, self.layers)
        e = Y - self.forward(X)[-1]
        return LOSSES[self.loss][0](e, self.arith)

    def gradients(self, X, Y):
        """Gradients of the loss at the current weights, by backpropagation.

        Returns
        -------
        dW, db : lists of arrays shaped like ``weights`` and ``biases``. The
            update of one epoch is ``W - lr * dW``, i.e. ``W + lr * t(A) %*% D``.
        """
        X, Y = check_data(X, Y, self.layers)
        _, _, record = self.step(X, Y, self.weights, self.biases)
        return [-s for s in record["weight_steps"]], [-s for s in record["bias_steps"]]

    def fit(self, X, Y, epochs):
        """Train for ``epochs`` full-batch epochs, continuing from the current weights.

        Raises TwinnetError, leaving the model as it was, if the loss stops
        being finite (the message names the epoch).

        Returns
        -------
        self
        """
        X, Y = check_data(X, Y, self.layers)
        epochs = check_positive_integer("epochs", epochs)
        weights, biases = self.weights, self.biases
        history = []
        done = len(self.loss_history)
        for epoch in range(1, epochs + 1):
            # a run that overflows is caught below and reported by epoch
            with np.errstate(over="ignore", invalid="ignore"):
                weights, biases, record = self.step(X, Y, weights, biases)
            if not math.isfinite(record["loss"]):
                raise TwinnetError(
                    f"training diverged: the loss is {record['loss']} at epoch "
                    f"{done + epoch}; try a smaller lr"
                )
            history.append(record["loss"])
        if not all(np.isfinite(w).all() for w in weights + biases):
            raise TwinnetError(
                f"training diverged: the weights are not finite after epoch "
                f"{done + epochs}; try a smaller lr"
            )
        self.weights, self.biases = weights, biases
        self.loss_history.extend(history)
        return self

    def predict(self, X):
        """Network output for the rows of ``X`` (a 2-D array)."""
        X, _ = check_data(X, None, self.layers)
        return self.forward(X)[-1]

    def __repr__(self):
        return (
            f"MLP(layers={self.layers}, lr={self.lr}, seed={self.seed}, "
            f"mode={self.mode!r}, loss={self.loss!r}, bias={self.bias})"
        )
