"""The multilayer perceptron of the seed articles, generalised to L layers.

One epoch of full-batch gradient descent (docs/algorithm.md)::

    A_0 = X
    A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
    E   = Y - A_L
    D_L = G(E) * f'(A_L)          G = the loss's descent direction
    D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
    W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
    b_l = b_l + colsum(D_l) * lr

All deltas use the weights from before the update. An ``MLP`` is a
``Network`` of dense and activation layers (``layers.py``), with the
articles' defaults. Twin: ``R/R/network.R``.
"""

import numpy as np

from .layers import Activation, Dense, Network
from .validation import TwinnetError, check_layers, check_positive_number


class MLP:
    """A multilayer perceptron trained by full-batch gradient descent.

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
    loss : str, default "half_sse"
        ``half_sse`` is Analytics Vidhya's, ``sse`` Loy's, ``mse`` Aflak's;
        ``binary_cross_entropy`` needs the sigmoid, ``softmax_cross_entropy``
        the softmax activation.
    activation : str, default "sigmoid"
        The activation of every layer (see ``twinnet.activations``).
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
    network : the underlying ``Network``
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
        if not isinstance(bias, (bool, np.bool_)):
            raise TwinnetError(f"bias must be true or false, got {bias!r}")
        self.bias = bool(bias)
        self.activation = activation
        net = Network(seed=42 if weights is not None else seed, mode=mode)
        if weights is None and biases is not None:
            raise TwinnetError("biases were given without weights")
        if weights is not None:
            self._check_counts(weights, biases)
        sizes = self.layers
        b_iter = iter(biases or [])
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            dense = Dense(n_in, n_out, bias=self.bias)
            if weights is not None:
                dense.set_params(
                    weights[l - 1], next(b_iter, None) if self.bias else None, where=f"layer {l}"
                )
            net.add(dense).add(Activation(activation))
        net.use(loss)
        self.network = net
        self.seed = None if weights is not None else net.seed

    def _check_counts(self, weights, biases):
        n = len(self.layers) - 1
        if len(weights) != n:
            raise TwinnetError(f"{len(weights)} weight matrices were given for {n} layers")
        if self.bias and (biases is None or len(biases) != n):
            given = 0 if biases is None else len(biases)
            raise TwinnetError(f"{given} bias rows were given for {n} layers")
        if not self.bias and biases:
            raise TwinnetError("biases were given but bias is off")

    sizes = property(lambda self: self.layers)
    mode = property(lambda self: self.network.mode)
    loss = property(lambda self: self.network.loss)
    weights = property(lambda self: self.network.weights)
    biases = property(lambda self: self.network.biases)

    @property
    def loss_history(self):
        return self.network.loss_history

    @loss_history.setter
    def loss_history(self, values):
        self.network.loss_history = list(values)

    def fit(
        self,
        X,
        Y,
        epochs,
        progress=None,
        checkpoint_every=None,
        checkpoint_path=None,
        on_epoch=None,
    ):
        """Train for ``epochs`` full-batch epochs, continuing from the current weights.

        Raises TwinnetError, leaving the model as it was, if the loss stops
        being finite (the message names the epoch). ``progress``, Ctrl-C,
        checkpoints and ``on_epoch`` work as in ``Network.fit``.

        Returns
        -------
        self
        """
        self.network.fit(
            X,
            Y,
            epochs,
            lr=self.lr,
            progress=progress,
            checkpoint_every=checkpoint_every,
            checkpoint_path=checkpoint_path,
            on_epoch=on_epoch,
            _owner=self,
        )
        return self

    def step(self, X, Y):
        """One epoch, with every intermediate matrix (see ``Network.step``)."""
        return self.network.step(X, Y, lr=self.lr)

    def predict(self, X):
        """Network output for the rows of ``X`` (a 2-D array)."""
        return self.network.predict(X)

    def compute_loss(self, X, Y):
        """The loss of the current weights on ``X``, ``Y``."""
        net = self.network
        X, Y = net._check_data(X, Y)
        value, _ = net._backward(X, Y)
        return value

    def gradients(self, X, Y):
        """Gradients of the loss at the current weights, by backpropagation.

        Returns
        -------
        dW, db : lists of arrays shaped like ``weights`` and ``biases``. The
            update of one epoch is ``W - lr * dW``, i.e. ``W + lr * t(A) %*% D``.
        """
        net = self.network
        X, Y = net._check_data(X, Y)
        net._backward(X, Y)
        dense = net.dense_layers
        return (
            [d.grad_weights.copy() for d in dense],
            [d.grad_bias.copy() for d in dense if d.bias is not None],
        )

    def __repr__(self):
        return (
            f"MLP(layers={self.layers}, lr={self.lr}, seed={self.seed}, "
            f"mode={self.mode!r}, loss={self.loss!r}, bias={self.bias})"
        )
