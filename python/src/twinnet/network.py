"""The network: a chain of layers trained by gradient descent (Aflak's design).

A ``Network`` adds layers (``layers.py``), uses a loss, and fits by
full-batch, mini-batch or per-sample gradient descent. One epoch of
full-batch gradient descent (docs/algorithm.md)::

    A_0 = X
    A_l = f(A_{l-1} %*% W_l + b_l)                    l = 1..L
    E   = Y - A_L
    D_L = G(E) * f'(A_L)          G = the loss's descent direction
    D_l = (D_{l+1} %*% t(W_{l+1})) * f'(A_l)          l = L-1..1
    W_l = W_l + (t(A_{l-1}) %*% D_l) * lr
    b_l = b_l + colsum(D_l) * lr

All deltas use the weights from before the update. Every random number
(initial weights, shuffling) comes from the network's own stream of R's
generator, so ``Network(seed=s)`` in Python and ``network(seed = s)`` in R
train alike. The articles' multilayer perceptron is a Network preset
(``mlp.py``). Twin: ``R/R/network.R``. The training controls (their
checks, the validation split and loss, the learning-rate schedules and the
state of one fit's run: stopping, early stopping's best weights) are
``controls.py``'s; ``fit`` runs the epochs and hands each to them.

Its length (about 750 lines): ``fit``, training's one entry, takes thirty
arguments (its signature and their documentation are some 120 lines), and
its loop runs either ``_epoch`` or blas mode's lean epoch (Python's fast
path over its fused kernels, about 80 lines, with no R twin); beside them
stand the network's own checks, its forward and backward passes and
``train_step``, ``compute_loss`` and ``gradients``. Split further, the lean
epoch would stand apart from the ``_epoch`` it must match bit for bit.
"""

import copy
import math
import sys
import warnings

import numpy as np

from . import convergence
from ._core import _ext as _kernels
from .arith import ARITHMETICS
from .controls import LR_SCHEDULES as LR_SCHEDULES  # re-exported, as are the two below
from .controls import (
    check_controls,
    check_loss_settings,
    check_validation_data,
    fit_epoch,
    fit_rate,
    fit_result,
    fit_start,
)
from .controls import stratify_keys as stratify_keys
from .controls import validation_split as validation_split
from .conv import (
    SPATIAL_KINDS,
    AveragePool2D,
    Conv2D,
    Flatten,
    MaxPool2D,
    as_images,
    chain_check,
    layer_shapes,
)
from .convergence import convergence_message
from .layers import Activation, Dense
from .losses import LOSSES, decay_divisor, penalty
from .optimizers import (
    OPTIMIZERS,
    SCHEDULE,
    SGD,
    check_optimizer_settings,
    check_setting,
    optimizer_defaults,
)
from .progress import Progress, StopRequest
from .rng import RRandom
from .streaming import fit_data, is_source, predict_rows, take_rows
from .validation import (
    TwinnetError,
    as_matrix,
    check_choice,
    check_flag,
    check_positive_integer,
    check_sample_weight,
    check_seed,
    show_value,
)

# fit's defaults, from the optimisers' table
_DEFAULTS = {**{k: s.default for k, s in SCHEDULE.items()}, **optimizer_defaults()}
ELEMENT_WISE = ("sigmoid", "tanh", "identity")
# blas mode's lean epoch (Network._epoch_lean): the activation kinds and
# squared-error losses its C kernels know (python/src/twinnet/_core/blas_kernels.c)
_LEAN_KINDS = {"identity": 0, "sigmoid": 1, "tanh": 2}
_LEAN_LOSSES = {"half_sse": 0, "sse": 1, "mse": 2}
# The values an output activation can give, for the check of the targets
# (R twin: output_ranges in network.R).
OUTPUT_RANGES = {
    "sigmoid": (0.0, 1.0, "between 0 and 1"),
    "softmax": (0.0, 1.0, "between 0 and 1"),
    "tanh": (-1.0, 1.0, "between -1 and 1"),
}


# What a failed or interrupted fit puts back (besides the weights).
_FIT_STATE = (
    "rng",
    "_optimizer",
    "_optimizer_key",
    "loss_history",
    "validation_loss_history",
    "validation_score_history",
    "stop_reason",
    "best_epoch",
)


class Network:
    """A chain of layers trained by gradient descent (Aflak's ``Network``).

    >>> net = Network(seed=42)
    >>> net.add(Dense(2, 3, init="aflak")).add(Activation("tanh"))   # doctest: +SKIP
    >>> net.add(Dense(3, 1, init="aflak")).add(Activation("tanh"))   # doctest: +SKIP
    >>> net.use("mse").fit(X, Y, epochs=1000, lr=0.1, batch_size=1)  # doctest: +SKIP

    Parameters
    ----------
    seed : int, default 42
        Seed of the network's own stream of R's generator: initial weights
        (drawn as layers are added) and shuffling.
    mode : {"blas", "exact"}, default "blas"
    """

    def __init__(self, seed=42, mode="blas"):
        self.seed = check_seed(seed)
        self.mode = check_choice("mode", mode, list(ARITHMETICS))
        self.rng = RRandom(self.seed)
        self.layers = []
        self.loss = None
        self.loss_history = []
        self.validation_loss_history = []
        self.validation_score_history = []
        self.stop_reason = None
        self.best_epoch = None
        self.input_shape = None  # (h, w, c) of the images last checked
        self._optimizer = None
        self._optimizer_key = None

    # one side: R reads arithmetics[[net$mode]] where it needs it
    @property
    def arith(self):
        return ARITHMETICS[self.mode]

    # twin: dense_indices
    @property
    def dense_layers(self):
        return [layer for layer in self.layers if layer.kind == "dense"]

    # twin: param_indices
    @property
    def param_layers(self):
        """The layers with parameters (dense and conv2d), in order."""
        return [layer for layer in self.layers if layer.kind in ("dense", "conv2d")]

    @property
    def sizes(self):
        """Units per dense layer, input first, e.g. ``[2, 3, 1]``."""
        dense = self.dense_layers
        return [dense[0].n_in] + [d.n_out for d in dense] if dense else []

    # one side: R's network keeps net$weights as a field; Python's live in the Dense layers
    @property
    def weights(self):
        """Weight matrices of the dense and conv2d layers, in order."""
        return [d.weights for d in self.param_layers]

    # one side: R's network keeps net$biases as a field; Python's live in the Dense layers
    @property
    def biases(self):
        """Bias rows of the dense and conv2d layers that have one, in order."""
        return [d.bias for d in self.param_layers if d.bias is not None]

    def add(self, layer):
        """Append a layer; a dense or conv2d layer draws its weights now. Returns self."""
        if not isinstance(layer, (Dense, Activation, Conv2D, MaxPool2D, AveragePool2D, Flatten)):
            raise TwinnetError(
                "add() takes a dense, activation, conv2d, max_pool2d, average_pool2d "
                "or flatten layer"
            )
        chain_check(self.layers, layer)
        if layer.kind in ("dense", "conv2d"):
            layer.initialise(self.rng)
        self.layers.append(layer)
        return self

    def use(self, loss):
        """Set the loss (a name from ``twinnet.losses.LOSSES``). Returns self."""
        self.loss = check_choice("loss", loss, list(LOSSES))
        return self

    def _check_ready(self):
        if not self.param_layers:
            raise TwinnetError("the network has no dense layer; add one first")
        if self.loss is None:
            raise TwinnetError("the network has no loss; call use() first")
        needs = LOSSES[self.loss].output
        last = self.layers[-1]
        if needs and not (last.kind == "activation" and last.name == needs):
            raise TwinnetError(f"loss {self.loss} needs a {needs} activation as the last layer")

    def _check_data(self, X, Y=None, names=("X", "Y")):
        """``X`` and ``Y`` checked against the network; ``names`` are the names
        the messages use (``("X_val", "Y_val")`` for a validation set)."""
        xn, yn = names
        if self.layers[0].kind in SPATIAL_KINDS:
            X = X if is_source(X) else as_images(xn, X)
            self.input_shape = tuple(X.shape[1:])
            n_out = layer_shapes(self.layers, self.input_shape, xn)[-1]
            if len(n_out) != 1 and Y is not None:
                raise TwinnetError(
                    "the network's output is images; end it with a flatten layer (and dense layers)"
                )
            n_out = n_out[0]
        else:
            n_in = self.dense_layers[0].n_in
            n_out = self.dense_layers[-1].n_out
            X = X if is_source(X) else as_matrix(xn, X)  # a source's rows come batch by batch
            if X.shape[1] != n_in:
                raise TwinnetError(
                    f"{xn} has {X.shape[1]} columns but the input layer has {n_in} units"
                )
        if Y is None:
            return X, None
        Y = as_matrix(yn, Y, column=True)
        if Y.shape[0] != X.shape[0]:
            raise TwinnetError(f"{xn} has {X.shape[0]} rows but {yn} has {Y.shape[0]}")
        if Y.shape[1] != n_out:
            raise TwinnetError(
                f"{yn} has {Y.shape[1]} columns but the output layer has {n_out} units"
            )
        if self.loss == "softmax_cross_entropy":
            one_hot = np.all((Y == 0) | (Y == 1), axis=1) & (Y.sum(axis=1) == 1)
            if not one_hot.all():
                row = int(np.argmin(one_hot)) + 1
                raise TwinnetError(
                    f"softmax_cross_entropy needs one-hot targets (one 1 per row, "
                    f"zeros elsewhere); row {row} of {yn} is not"
                )
        if self.loss == "binary_cross_entropy" and ((Y < 0) | (Y > 1)).any():
            raise TwinnetError("binary_cross_entropy needs targets between 0 and 1")
        self._check_targets(Y, yn)
        return X, Y

    def _check_targets(self, Y, name="Y"):
        """Refuse targets the output activation cannot reach (a sigmoid output
        and the class 2, say): training would chase them without a word."""
        last = self.layers[-1]
        if last.kind != "activation" or last.name not in OUTPUT_RANGES:
            return
        low, high, text = OUTPUT_RANGES[last.name]
        bad = (Y < low) | (Y > high)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise TwinnetError(
                f"{name} has the value {show_value(Y[i, j])} (row {i + 1}, column {j + 1}) but a "
                f"{last.name} output gives values {text}: scale the targets into "
                f"[{low:g}, {high:g}], use an identity output, or give classes one-hot "
                f"(one column per class, 0 or 1)"
            )

    def forward(self, X):
        """Output of the network for a checked input matrix."""
        ar = self.arith
        out = X
        for layer in self.layers:
            out = layer.forward(out, ar)
        return out

    def _backward(self, X, Y, w=None, alpha=0.0, weight_decay=0.0):
        """Forward and backward pass on one batch; the loss and the error.

        ``w``: the batch's sample weights (an n x 1 column) or None; ``alpha``
        and ``weight_decay`` add their penalty to the loss and the gradients
        (from the weights before the update)."""
        ar = self.arith
        out = self.forward(X)
        loss = LOSSES[self.loss]
        e = Y - out
        # a numpy number: weights summing to 0 (a mini-batch) give NaN, not ZeroDivisionError
        sw = None if w is None else np.float64(ar.total(w))
        if loss.output:  # cross-entropy: from the logits, past the last activation
            value = loss.value(self.layers[-1].input, Y, ar, w, sw)
            grad = loss.gradient(out, Y, w, sw)
            first = len(self.layers) - 2
        else:
            value = loss.value(e, Y, ar, w, sw)
            grad = -loss.gradient(e, w, sw)
            first = len(self.layers) - 1
        for i in range(first, -1, -1):
            layer = self.layers[i]
            if layer.kind == "activation":
                grad = layer.backward(grad, ar, overwrite=True)
            else:
                grad = layer.backward(grad, ar, need_input_gradient=i > 0)
        if alpha > 0 or weight_decay > 0:
            rows = float(X.shape[0]) if sw is None else sw
            div = decay_divisor(self.loss, rows, Y.shape[1])
            value = value + penalty(self.weights, self.biases, ar, alpha, weight_decay, rows, div)
            for d in self.param_layers:
                if alpha > 0:
                    d.grad_weights = d.grad_weights + (alpha * d.weights) / rows
                else:
                    d.grad_weights = d.grad_weights + ((2.0 * weight_decay) * d.weights) / div
                    if d.bias is not None:
                        d.grad_bias = d.grad_bias + ((2.0 * weight_decay) * d.bias) / div
        return float(value), e

    # one side: Python's optimisers update the layers' own arrays in place; R's
    # network_apply_update puts the new lists back into the network
    def _params_and_grads(self):
        """All weights, then all biases (the order of the optimiser's state,
        in model files too), and their gradients."""
        dense = self.param_layers
        with_bias = [d for d in dense if d.bias is not None]
        params = [d.weights for d in dense] + [d.bias for d in with_bias]
        grads = [d.grad_weights for d in dense] + [d.grad_bias for d in with_bias]
        return params, grads

    def _optimizer_for(self, name, settings):
        # sgd keeps no state; another optimiser's state carries over between
        # fits with the same settings
        if name == "sgd":
            self._optimizer = self._optimizer_key = None
            return SGD()
        key = (name, tuple(sorted(settings.items())))
        if self._optimizer_key != key:
            self._optimizer = OPTIMIZERS[name].make(**settings)
            self._optimizer_key = key
        return self._optimizer

    def fit(
        self,
        X,
        Y,
        epochs,
        lr=_DEFAULTS["lr"],
        batch_size=None,
        shuffle=False,
        optimizer="sgd",
        momentum=_DEFAULTS["momentum"],
        beta1=_DEFAULTS["beta1"],
        beta2=_DEFAULTS["beta2"],
        epsilon=_DEFAULTS["epsilon"],
        decay=_DEFAULTS["decay"],
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
        """Train for ``epochs`` epochs, continuing from the current weights.

        Parameters
        ----------
        epochs : int
        lr : float, default 0.1
            Learning rate; with ``decay``, epoch e (counting from 0 over all
            fits) uses ``lr / (1 + decay * e)``.
        batch_size : int, optional
            Rows per update: ``None`` is the whole data (full batch, the
            Analytics Vidhya and Loy articles), 1 is per-sample descent in the
            data's order (Aflak's article).
        shuffle : bool, default False
            Draw a new order of the rows each epoch with R's ``sample.int``
            from the network's stream.
        optimizer : {"sgd", "momentum", "adam"}, default "sgd"
            Its state carries over between ``fit`` calls with the same settings.
        momentum, beta1, beta2, epsilon : float
            The optimiser's settings (defaults and ranges:
            ``twinnet.optimizers.OPTIMIZERS``); those of another optimiser
            are not used.
        progress : bool, optional
            Show epoch, loss and ETA while training runs longer than two
            seconds; by default only when standard error is a terminal.
        checkpoint_every, checkpoint_path : int, str, optional
            Save the model to ``checkpoint_path`` every so many epochs (counted
            over all fits). ``load_model`` and ``fit`` for the remaining epochs
            then give the bits of an uninterrupted run.
        on_epoch : callable, optional
            Called after every epoch as ``on_epoch(epoch, loss)`` (the epoch
            counted over all fits); returning True stops training there.
        sample_weight : array of n numbers >= 0, optional
            Weights of the rows (not all zero): the sum losses weight each
            row (nnet's), the mean losses take the weighted mean
            (scikit-learn's). Zero weights drop their rows.
        alpha : float, default 0
            scikit-learn's L2 penalty: ``((0.5 * alpha) * sum(W * W)) / sw``
            over the weights (not the biases), ``sw`` the batch's rows or sum
            of weights.
        weight_decay : float, default 0
            nnet's decay: ``weight_decay * sum(p * p)`` over every weight and
            bias, divided as the loss divides nnet's summed criterion
            (``losses.decay_divisor``), so it has nnet's minimum. Not together
            with ``alpha``.
        lr_schedule : {"constant", "invscaling", "adaptive"}, default "constant"
            scikit-learn's ``learning_rate``: invscaling uses ``lr / (t + 1) **
            power_t`` with ``t`` the training rows seen before the epoch;
            adaptive divides the rate by 5 each time the stopping rule would
            stop (needs ``tol``). ``decay`` only with "constant".
        power_t : float, default 0.5
        nesterov : bool, default False
            Nesterov's momentum (scikit-learn's); optimizer "momentum" only.
        tol : float, optional
            None never stops early and never warns. Else training stops once
            the watched value (the training loss; with ``early_stopping`` the
            validation score or loss) has not improved by ``tol`` for more
            than ``n_iter_no_change`` epochs, and a fit that runs all its
            epochs warns (``twinnet.convergence.ConvergenceWarning``).
        n_iter_no_change : int, default 10
        early_stopping : bool, default False
            Watch the validation set (needs one, and ``tol``) and put back
            the weights of its best epoch (``best_epoch``) at the end.
        validation_data : (X_val, Y_val) or (X_val, Y_val, sample_weight_val), optional
        validation_fraction : float in (0, 1), optional
            Split off ``ceil(validation_fraction * n)`` rows for validation,
            drawn from the network's stream (a new split every fit).
        stratify : bool, default False
            Split each class in proportion (with ``validation_fraction``).
        validation_score : {"accuracy", "r2"}, optional
            Also score the validation set every epoch; early stopping then
            watches the score.
        abstol : float, optional
            Stop after an epoch whose training loss is below ``abstol`` (nnet's).

        Every epoch's training loss (with the penalty) goes to
        ``loss_history``; with a validation set its loss (the same objective
        on the validation rows) to ``validation_loss_history`` and its score
        to ``validation_score_history``. ``stop_reason`` says why the fit
        stopped early ("tol", "early_stopping", "abstol" or None).

        Ctrl-C stops training after the current epoch and returns the model
        with every epoch done so far (a second Ctrl-C stops at once and
        leaves the model as it was before ``fit``). A diverging run raises
        TwinnetError and also leaves the model as it was.

        Returns
        -------
        self
        """
        self._check_ready()
        X, Y = fit_data(X, Y, batch_size, validation_fraction, validation_data)
        X, Y = self._check_data(X, Y)
        epochs = check_positive_integer("epochs", epochs)
        lr = check_setting("lr", lr)
        n = X.shape[0]
        size = n if batch_size is None else check_positive_integer("batch_size", batch_size)
        if size > n:
            raise TwinnetError(f"batch_size is {size} but the data have {n} rows")
        shuffle = check_flag("shuffle", shuffle)
        decay = check_setting("decay", decay)
        name = check_choice("optimizer", optimizer, list(OPTIMIZERS))
        given = {"momentum": momentum, "beta1": beta1, "beta2": beta2, "epsilon": epsilon}
        settings = check_optimizer_settings(name, given)
        if checkpoint_every is not None:
            checkpoint_every = check_positive_integer("checkpoint_every", checkpoint_every)
            if checkpoint_path is None:
                raise TwinnetError("checkpoint_every needs a checkpoint_path")
        control = check_controls(
            name, decay, checkpoint_every, alpha, weight_decay, lr_schedule, power_t, nesterov,
            tol, n_iter_no_change, early_stopping, validation_data, validation_fraction,
            stratify, validation_score, abstol,
        )  # fmt: skip
        w = None
        if sample_weight is not None:
            w = check_sample_weight("sample_weight", sample_weight, n)
        val = check_validation_data(self, validation_data)
        saved = self._snapshot()
        opt = self._optimizer_for(name, settings)
        if name == "momentum":
            opt.nesterov = control["nesterov"]
        bar = Progress(epochs, progress)
        stopped = False
        try:
            run = fit_start(self, X, Y, w, val, control, lr, decay)
            size = min(size, run.n_train)
            lean = self._fit_buffers(run, size, shuffle, name)
            with (
                StopRequest() as stop,
                np.errstate(over="ignore", invalid="ignore", divide="ignore"),
            ):
                for epoch in range(1, epochs + 1):
                    rate = fit_rate(run, self, epoch)
                    if lean is not None:
                        loss = self._epoch_lean(run.X, run.Y, rate, lean)
                    else:
                        loss = self._epoch(
                            run.X, run.Y, rate, size, shuffle, opt, run.w, run.alpha,
                            run.weight_decay,
                        )  # fmt: skip
                    done = run.before + epoch
                    if not math.isfinite(loss):
                        raise TwinnetError(
                            f"training diverged: the loss is {loss} at epoch {done}; "
                            f"try a smaller lr"
                        )
                    fit_epoch(run, self, epoch, loss)
                    bar.update(epoch, loss)
                    if checkpoint_every and done % checkpoint_every == 0:
                        from .model_file import save_model

                        save_model(self, checkpoint_path)
                    called = on_epoch is not None and on_epoch(done, loss) is True
                    if run.reason is not None or called or stop.requested:
                        stopped = True
                        break
            fit_result(run, self)
            if not all(np.isfinite(p).all() for p in self._params_and_grads()[0]):
                raise TwinnetError(
                    f"training diverged: the weights are not finite after epoch "
                    f"{len(self.loss_history)}; try a smaller lr"
                )
        except (TwinnetError, KeyboardInterrupt):
            self._restore(saved)
            raise
        finally:
            bar.close()
            for layer in self.layers:
                layer.buffers = None
                if layer.kind == "activation":
                    layer.overwrite_input = False
        if stop.requested:
            print(
                f"twinnet: stopped after epoch {len(self.loss_history)}; "
                f"the model keeps every epoch done",
                file=sys.stderr,
            )
        if control["tol"] is not None and not stopped:
            watched = "loss"
            if control["early_stopping"]:
                score = control["validation_score"] is not None
                watched = "validation score" if score else "validation loss"
            warnings.warn(
                convergence_message(epochs, control["tol"], control["n_iter_no_change"], watched),
                convergence.ConvergenceWarning,
                stacklevel=2,
            )
        return self

    # one side: numpy's buffers kept across epochs (R's arrays are values)
    def _fit_buffers(self, run, size, shuffle, optimizer):
        """Each layer's buffers for the fit's epochs (element-wise activations
        but the last overwrite their input: a cross-entropy reads the last
        layer's input, its logits, again), and blas mode's lean plan where it
        applies (plain full-batch gradient descent, no weights or penalties;
        else None)."""
        for layer in self.layers:
            layer.buffers = {}
        for layer in self.layers[:-1]:
            if layer.kind == "activation" and layer.name in ELEMENT_WISE:
                layer.overwrite_input = True
        plain = run.w is None and run.alpha == 0 and run.weight_decay == 0
        if plain and size == run.n_train and not shuffle and optimizer == "sgd":
            return self._lean_plan(run.X, run.Y)
        return None

    def _epoch(self, X, Y, lr, size, shuffle, opt, w=None, alpha=0.0, weight_decay=0.0):
        n = X.shape[0]
        order = self.rng.sample_int(n) - 1 if shuffle else None
        total = 0.0
        for start in range(0, n, size):
            if order is None and size == n:
                xb, yb, wb = X, Y, w
            else:
                rows = (
                    order[start : start + size] if order is not None else slice(start, start + size)
                )
                xb, yb = take_rows(X, rows), take_rows(Y, rows)
                wb = None if w is None else take_rows(w, rows)
            if wb is None and alpha == 0 and weight_decay == 0:
                value, _ = self._backward(xb, yb)  # the plain case, as before
            else:
                value, _ = self._backward(xb, yb, wb, alpha, weight_decay)
            opt.update(*self._params_and_grads(), lr)
            total += value * (xb.shape[0] / n)
        return total

    # one side: numpy's fast path (fused C kernels over buffers kept across
    # epochs); R's blas kernels work inside network_forward/backward
    def _lean_plan(self, X, Y):
        """The buffers of blas mode's lean epoch, or None where it does not
        apply (it needs blas mode, full-batch plain gradient descent, a
        squared-error loss, and dense layers each followed by a built-in
        element-wise activation)."""
        if self.mode != "blas" or self.loss not in _LEAN_LOSSES:
            return None
        layers = self.layers
        if len(layers) % 2 or not layers:
            return None
        n = X.shape[0]
        steps = []
        for dense, act in zip(layers[0::2], layers[1::2]):
            if dense.kind != "dense" or act.kind != "activation" or act.name not in _LEAN_KINDS:
                return None
            steps.append(
                (
                    dense,
                    act,
                    _LEAN_KINDS[act.name],
                    np.empty((n, dense.n_out)),  # z, then a = f(z) in place
                    np.empty((n, dense.n_out)),  # the delta (-D)
                    np.empty(dense.weights.shape),  # gradient of the weights
                    None if dense.bias is None else np.empty(dense.bias.shape),
                )
            )
        return steps, _LEAN_LOSSES[self.loss], np.ascontiguousarray(Y)

    # one side: numpy's fast path, see _lean_plan
    def _epoch_lean(self, X, Y, lr, plan):
        """One full-batch epoch of plain gradient descent in blas mode, in
        buffers kept across epochs: the products through BLAS, the forward
        activations through numpy (as ``_epoch``), the backward element-wise
        steps (the output delta, the slopes, the column sums) and the update
        in fused C kernels. The same operations in the same grouping as
        ``_epoch``: the same weights and biases, bit for bit; only the loss's
        sum of squares adds in another order (docs/parity.md)."""
        steps, loss_code, Y = plan
        ar = ARITHMETICS["blas"]
        a = X
        for dense, act, _, z, _, _, _ in steps:
            np.matmul(a, dense.weights, out=z)
            if dense.bias is not None:
                z += dense.bias
            a = act.function.forward(z, ar, out=z)
        m, k = a.shape
        last = steps[-1]
        d = last[4]
        value = _kernels.blas_output_delta(a, Y, d, m, k, last[2], loss_code)
        value = value / 2.0 if loss_code == 0 else (value if loss_code == 1 else value / a.size)
        for i in range(len(steps) - 1, -1, -1):
            dense, _, kind, _, d, gw, gb = steps[i]
            if i == len(steps) - 1 and gb is not None:
                np.add.reduce(d, axis=0, keepdims=True, out=gb)  # colsum: d.sum(axis=0)
            below = steps[i - 1][3] if i else X
            np.matmul(below.T, d, out=gw)
            if i:
                prev = steps[i - 1]
                dx, gb_prev = prev[4], prev[6]
                np.matmul(d, dense.weights.T, out=dx)
                # d *= slope(a) and, fused, numpy's column sums (rows added
                # in order); numpy sums a single column pairwise instead
                fused = gb_prev is not None and dx.shape[1] > 1
                _kernels.blas_slope(
                    dx, prev[3], gb_prev if fused else None, m, dx.shape[1], prev[2]
                )
                if gb_prev is not None and not fused:
                    np.add.reduce(dx, axis=0, keepdims=True, out=gb_prev)
        for dense, _, _, _, _, gw, gb in steps:
            dense.grad_weights, dense.grad_bias = gw, gb
            for p, g in ((dense.weights, gw), (dense.bias, gb)):
                if g is None:
                    continue
                if p.flags.c_contiguous:
                    _kernels.blas_sgd(p, g, lr, g.size)  # p -= g * lr
                else:  # weights drawn in R's column-major order
                    p -= g * lr
        return value

    # one side: Python's fit updates in place and restores a copy on failure; R's
    # fit returns a new network and leaves the caller's as it was
    def _snapshot(self):
        state = {name: getattr(self, name) for name in _FIT_STATE}
        return copy.deepcopy(([d.params() for d in self.param_layers], state))

    # one side: see _snapshot
    def _restore(self, saved):
        params, state = saved
        for name, value in state.items():
            setattr(self, name, value)
        for d, ps in zip(self.param_layers, params):
            d.weights = ps[0]
            d.bias = ps[1] if len(ps) > 1 else None

    def predict(self, X):
        """Network output for the rows of ``X`` (a 2-D array, or an array of
        images (n, height, width, channels) when the first layer takes images)."""
        if not self.param_layers:
            raise TwinnetError("the network has no dense layer; add one first")
        if is_source(X):
            return predict_rows(self, X)
        X, _ = self._check_data(X)
        return self.forward(X)

    # twin: train_step
    def train_step(self, X, Y, lr=None, sample_weight=None, alpha=0.0, weight_decay=0.0):
        """One full-batch epoch of plain gradient descent, with a record of it.

        ``lr`` is the model's own (an MLP's ``lr``) by default, else 0.1.
        ``sample_weight``, ``alpha`` and ``weight_decay`` work as in ``fit``
        (the gradients and the loss then hold the penalty).

        Returns a dict with the epoch's ``activations`` (X, then the output of
        every activation layer), ``pre_activations`` (their inputs), ``error``
        (E = Y - output), ``deltas`` (the articles' D at each dense layer's
        output, ``-dE/dZ``),
        ``weight_gradients``, ``bias_gradients``, ``loss``, and the updated
        ``weights`` and ``biases``. The loss joins ``loss_history``.
        """
        if lr is None:
            lr = getattr(self, "lr", SCHEDULE["lr"].default)
        self._check_ready()
        X, Y = self._check_data(X, Y)
        lr = check_setting("lr", lr)
        w, alpha, weight_decay = check_loss_settings(X, sample_weight, alpha, weight_decay)
        value, e = self._backward(X, Y, w, alpha, weight_decay)
        dense = self.param_layers
        record = {
            "activations": [X] + [l.output for l in self.layers if l.kind == "activation"],
            "pre_activations": [l.input for l in self.layers if l.kind == "activation"],
            "error": e,
            "deltas": [-d.grad_output for d in dense],
            "weight_gradients": [d.grad_weights for d in dense],
            "bias_gradients": [d.grad_bias for d in dense if d.bias is not None],
            "loss": value,
        }
        SGD().update(*self._params_and_grads(), lr)
        self.loss_history.append(value)
        record["weights"] = [w.copy() for w in self.weights]
        record["biases"] = [b.copy() for b in self.biases]
        return record

    # twin: compute_loss
    def compute_loss(self, X, Y, sample_weight=None, alpha=0.0, weight_decay=0.0):
        """The loss of the current weights on ``X``, ``Y`` (with the sample
        weights and the penalty, as ``fit`` computes it for a full batch)."""
        self._check_ready()
        X, Y = self._check_data(X, Y)
        w, alpha, weight_decay = check_loss_settings(X, sample_weight, alpha, weight_decay)
        value, _ = self._backward(X, Y, w, alpha, weight_decay)
        return value

    # twin: gradients
    def gradients(self, X, Y, sample_weight=None, alpha=0.0, weight_decay=0.0):
        """Gradients of the loss at the current weights, by backpropagation
        (with the sample weights and the penalty, as in ``fit``).

        Returns
        -------
        dW, db : lists of arrays shaped like ``weights`` and ``biases``. The
            update of one epoch is ``W - lr * dW``, i.e. ``W + lr * t(A) %*% D``.
        """
        self._check_ready()
        X, Y = self._check_data(X, Y)
        w, alpha, weight_decay = check_loss_settings(X, sample_weight, alpha, weight_decay)
        self._backward(X, Y, w, alpha, weight_decay)
        dense = self.param_layers
        return (
            [d.grad_weights.copy() for d in dense],
            [d.grad_bias.copy() for d in dense if d.bias is not None],
        )

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return (
            f"Network(seed={self.seed}, mode={self.mode!r}, loss={self.loss!r}, layers=[{inner}])"
        )
