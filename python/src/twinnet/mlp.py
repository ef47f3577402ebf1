"""The multilayer perceptron of the seed articles, generalised to L layers.

An ``MLP`` is a ``Network`` (``network.py``) preset with the articles'
layers: a dense layer and the same activation for every step from one size
to the next, a loss, and a learning rate of its own. ``.layers`` holds its
layers, ``.sizes`` the units per layer. Twin: ``R/R/mlp.R``.
"""

from .layers import Activation, Dense
from .network import Network
from .optimizers import SCHEDULE, check_setting
from .validation import TwinnetError, check_flag, check_layers

# The settings an MLP is made from, as config files and model files hold them.
MLP_CONFIG_KEYS = ("layers", "activation", "loss", "lr", "seed", "bias", "mode")


class MLP(Network):
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
    sizes : list of int, the units per layer (``layers``)
    layers : list of the network's layers, Dense and Activation in turn
    weights : list of 2-D float64 arrays, ``W_l`` of shape (n_{l-1}, n_l)
    biases : list of 2-D float64 arrays, ``b_l`` of shape (1, n_l); empty
        when ``bias`` is False
    loss_history : list of float, one value per epoch trained, computed from
        the forward pass of that epoch (before its update)
    """

    def __init__(
        self,
        layers,
        lr=SCHEDULE["lr"].default,
        seed=42,
        mode="blas",
        loss="half_sse",
        activation="sigmoid",
        bias=True,
        weights=None,
        biases=None,
    ):
        sizes = check_layers(layers)
        self.lr = check_setting("lr", lr)
        self.bias = check_flag("bias", bias)
        self.activation = activation
        super().__init__(seed=42 if weights is not None else seed, mode=mode)
        if weights is None and biases is not None:
            raise TwinnetError("biases were given without weights")
        if weights is not None:
            self._check_counts(sizes, weights, biases)
        b_iter = iter(biases or [])
        for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            dense = Dense(n_in, n_out, bias=self.bias)
            if weights is not None:
                dense.set_params(
                    weights[l - 1], next(b_iter, None) if self.bias else None, where=f"layer {l}"
                )
            self.add(dense).add(Activation(activation))
        self.use(loss)
        if weights is not None:
            self.seed = None

    def _check_counts(self, sizes, weights, biases):
        n = len(sizes) - 1
        if len(weights) != n:
            raise TwinnetError(f"{len(weights)} weight matrices were given for {n} layers")
        if self.bias and (biases is None or len(biases) != n):
            given = 0 if biases is None else len(biases)
            raise TwinnetError(f"{given} bias rows were given for {n} layers")
        if not self.bias and biases:
            raise TwinnetError("biases were given but bias is off")

    def fit(
        self,
        X,
        Y,
        epochs,
        progress=None,
        checkpoint_every=None,
        checkpoint_path=None,
        on_epoch=None,
        sample_weight=None,
        alpha=0.0,
        weight_decay=0.0,
        lr_schedule="constant",
        power_t=0.5,
        nesterov=False,
        tol=None,
        n_iter_no_change=10,
        early_stopping=False,
        validation_data=None,
        validation_fraction=None,
        stratify=False,
        validation_score=None,
        abstol=None,
    ):
        """Train for ``epochs`` full-batch epochs, continuing from the current weights.

        Raises TwinnetError, leaving the model as it was, if the loss stops
        being finite (the message names the epoch). ``progress``, Ctrl-C,
        checkpoints and ``on_epoch``, and the training controls
        (``sample_weight``, ``alpha``, ``weight_decay``, ``lr_schedule``,
        ``power_t``, ``nesterov``, ``tol``, ``n_iter_no_change``,
        ``early_stopping``, the validation set and ``abstol``) work as in
        ``Network.fit``, with the MLP's ``lr`` and plain gradient descent.

        Returns
        -------
        self
        """
        return super().fit(
            X,
            Y,
            epochs,
            lr=self.lr,
            progress=progress,
            checkpoint_every=checkpoint_every,
            checkpoint_path=checkpoint_path,
            on_epoch=on_epoch,
            sample_weight=sample_weight,
            alpha=alpha,
            weight_decay=weight_decay,
            lr_schedule=lr_schedule,
            power_t=power_t,
            nesterov=nesterov,
            tol=tol,
            n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping,
            validation_data=validation_data,
            validation_fraction=validation_fraction,
            stratify=stratify,
            validation_score=validation_score,
            abstol=abstol,
        )

    def __repr__(self):
        return (
            f"MLP(layers={self.sizes}, lr={self.lr}, seed={self.seed}, "
            f"mode={self.mode!r}, loss={self.loss!r}, bias={self.bias})"
        )


def mlp_from_config(config, weights=None, biases=None):
    """The MLP a config describes (a config file's or a model file's entries).

    ``config`` holds layers, lr, seed, mode, loss, activation and bias;
    ``weights`` and ``biases``, when given, replace the drawn ones.
    """
    return MLP(**{k: config[k] for k in MLP_CONFIG_KEYS}, weights=weights, biases=biases)
