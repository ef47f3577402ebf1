"""scikit-learn estimators on twinnet's network: ``TwinnetClassifier``, ``TwinnetRegressor``.

They follow scikit-learn's estimator contract (``fit``/``predict``/``score``,
``get_params``/``set_params``, ``clone``, pipelines, grid search) and the
contract shared with R's ``twinnet()`` (docs/estimators.md): the same data,
settings and seed build and train the same ``Network`` in both languages,
bit for bit in ``mode="exact"``. scikit-learn users import them from
``twinnet.sklearn``, which re-exports them.

``fit`` builds, from the seed's own stream of R's generator::

    Dense(p, h_1) -> activation -> ... -> Dense(h_k, out) -> output activation

every dense layer with a bias and drawn with ``init``, the output and the
loss chosen by the target (``OUTPUTS``), and calls ``Network.fit`` with
``epochs=max_iter``, ``lr=learning_rate_init``, ``batch_size=min(200, n)``
for ``"auto"``, ``shuffle``, ``optimizer`` and its settings, and the training
controls (docs/estimators.md): scikit-learn's ``alpha`` (or nnet's
``weight_decay``), ``learning_rate`` (``lr_schedule``), ``power_t``,
``nesterovs_momentum``, ``tol`` and ``n_iter_no_change`` (training stops as
scikit-learn's does, with its ``ConvergenceWarning`` when it does not),
``early_stopping`` on a stratified ``validation_fraction`` of the rows or an
explicit validation set, sample weights, and ``scale`` (inputs standardised
with the training data's statistics, ``twinnet.scale``).

Twin: ``R/R/estimator.R`` (``twinnet()`` and its fitting core), in the same
order: the estimators, then the fitting core (hidden sizes, batch rows, the
network). scikit-learn's method names pair with R's functions through
``twin:`` marks. A fit in a model file (the "estimator" entry) is
``estimator_entry.py``. Its length (some 900 lines): the two estimators
with scikit-learn's numpy-style documentation (about 750 lines, a third of
them docstrings: the parameters, training controls and attributes users
read in ``help()``) and the fitting core they share (about 130); split,
each estimator would stand apart from the parameters it documents.
"""

import math
import numbers
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .activations import ACTIVATIONS
from .arith import ARITHMETICS
from .config import LR_SCHEDULES
from .convergence import N_ITER_NO_CHANGE, TOL
from .init import INITIALISERS
from .layers import Activation, Dense
from .metrics import predicted_classes
from .network import Network
from .optimizers import OPTIMIZERS, optimizer_defaults, setting_of
from .scale import fit_scaler
from .validation import TwinnetError, as_matrix

__all__ = ["TwinnetClassifier", "TwinnetRegressor", "OUTPUTS"]

# The output layer and the loss for each kind of target (docs/estimators.md).
OUTPUTS = {
    "binary": ("sigmoid", "binary_cross_entropy"),  # 1 unit: the second sorted class
    "multiclass": ("softmax", "softmax_cross_entropy"),  # one unit per sorted class
    "continuous": ("identity", "mse"),  # one unit per target column
}

AUTO_BATCH = 200  # "auto" is min(200, n), as scikit-learn's MLP
# the optimisers scikit-learn's learning_rate (the layer API's lr_schedule,
# config's LR_SCHEDULES) is used with: those of its solver="sgd" (its rule)
SCHEDULED_OPTIMIZERS = ("sgd", "momentum")
# the validation score early stopping watches, by the estimator's kind
VALIDATION_SCORES = {"classifier": "accuracy", "regressor": "r2"}
DEFAULT_SEED = 42  # random_state=None: the shared seed of both languages

# The optimisers' settings' defaults, from their table (twinnet.optimizers).
OPTIMIZER_DEFAULTS = optimizer_defaults()


# one side: scikit-learn's constraint objects (R checks each setting with check_setting)
def _setting_interval(name):
    """scikit-learn's constraint for training setting ``name``, from the
    optimisers' table: its range, or any positive number."""
    s = setting_of(name)
    if s.positive:
        return Interval(Real, 0, None, closed="neither")
    if math.isinf(s.high):
        return Interval(Real, s.low, None, closed="left")
    return Interval(Real, s.low, s.high, closed="both" if s.high_closed else "left")


_PARAMETERS_DOC = """
    Parameters
    ----------
    hidden_layer_sizes : int or sequence of int, default (100,)
        Units of each hidden layer; ``()`` gives no hidden layer.
        scikit-learn's MLP default (R: ``hidden = 100``).
    activation : {"relu", "sigmoid", "tanh", "identity", "softmax"}, default "relu"
        Activation of the hidden layers (``twinnet.activations.ACTIVATIONS``;
        ``"sigmoid"`` is scikit-learn's ``"logistic"``). scikit-learn's default.
    optimizer : {"adam", "sgd", "momentum"}, default "adam"
        ``"adam"`` is Kingma and Ba's, scikit-learn's default solver;
        ``"momentum"`` is scikit-learn's ``solver="sgd"`` with momentum.
    learning_rate_init : float, default 0.001
        Learning rate at the start. scikit-learn's default (R: ``lr``).
    max_iter : int, default 200
        Epochs at most: training stops earlier as scikit-learn's does (see
        ``tol``). scikit-learn's default (R: ``epochs``).
    batch_size : int or "auto", default "auto"
        Rows per update; ``"auto"`` is ``min(200, n_samples)`` as in
        scikit-learn. A size larger than the data is clipped to it with a
        warning, as scikit-learn does.
    shuffle : bool, default True
        Draw a new order of the rows each epoch, with R's ``sample.int``,
        from the network's stream. scikit-learn's default.
    init : str, default "xavier"
        Initial weights (``twinnet.init.INITIALISERS``): Glorot and Bengio's
        uniform, as scikit-learn's MLP draws them; biases start at 0.
    random_state : int or None, default None
        Seed of the network's own stream of R's generator, as R's
        ``set.seed``: an integer in [-2147483647, 2147483647]; None means 42,
        the seed both languages default to. A numpy ``RandomState`` or
        ``Generator`` is an error: its numbers cannot be reproduced in R.
    mode : {"blas", "exact"}, default "blas"
        ``"exact"`` fixes every floating-point operation so that R's twin
        gives identical doubles; ``"blas"`` is fast and agrees to rounding.
    warm_start : bool, default False
        Continue the fitted network (weights, optimiser state and stream) in
        the next ``fit`` instead of drawing a new one, for ``max_iter`` more
        epochs with the current ``learning_rate_init``, ``mode`` and optimiser
        (whose state starts again if its settings changed). The classes, the
        layer sizes and the activation must stay the same. scikit-learn's.
    momentum : float, default 0.9
        For ``optimizer="momentum"``, in [0, 1]. scikit-learn's default.
    beta_1, beta_2, epsilon : float, default 0.9, 0.999, 1e-8
        For ``optimizer="adam"``: ``beta_1`` and ``beta_2`` in [0, 1),
        ``epsilon`` positive. Kingma and Ba's defaults, as scikit-learn's.
        These defaults and ranges are the optimisers' table's
        (``twinnet.optimizers.OPTIMIZERS``), which ``Network.fit`` uses too.
    tol : float, default 1e-4
        The smallest improvement that counts: of the training loss (a fall
        below its best), or with ``early_stopping`` of the validation score (a
        rise above its best). scikit-learn's default.
    n_iter_no_change : int, default 10
        Training stops after more than ``n_iter_no_change`` epochs in a row
        without an improvement by ``tol`` (scikit-learn's rule); a fit that
        runs all ``max_iter`` epochs without stopping gives scikit-learn's
        ``ConvergenceWarning``. scikit-learn's default (docs/estimators.md,
        "Convergence").
    alpha : float, default 0.0001
        scikit-learn's L2 penalty on the weights (not the biases):
        ``(alpha / 2) * sum(W * W) / sum_of_weights`` added to each batch's
        loss. scikit-learn's default. Not with ``weight_decay``. The
        regressor's ``mse`` is twice scikit-learn's squared error, so it
        passes ``2 * alpha`` to the network: the minimiser of
        ``MLPRegressor(alpha=alpha)`` (docs/estimators.md, "Penalties").
    weight_decay : float, default 0.0
        nnet's ``decay``: ``weight_decay * sum(p * p)`` over every weight and
        bias, divided as the mean loss divides nnet's summed criterion (by the
        batch's sum of weights, times the outputs for a regressor), added to
        each batch's loss: nnet's minimum (twinnet's addition; R's ``decay``).
        Set ``alpha=0`` to use it: the two penalties do not go together.
    learning_rate : {"constant", "invscaling", "adaptive"}, default "constant"
        scikit-learn's schedule, used only with ``optimizer="sgd"`` or
        ``"momentum"`` (as scikit-learn's only with its ``solver="sgd"``;
        another schedule with ``"adam"`` is an error):
        ``"invscaling"`` divides ``learning_rate_init`` by ``(t + 1) ** power_t``,
        t the rows seen; ``"adaptive"`` divides the rate by 5 where training
        would stop (``tol``, ``n_iter_no_change``), while it is above 1e-6.
        R: ``lr_schedule``.
    power_t : float, default 0.5
        The exponent of ``"invscaling"``. scikit-learn's default.
    nesterovs_momentum : bool, default True
        Nesterov's momentum, with ``optimizer="momentum"`` only (as
        scikit-learn's, whose ``solver="sgd"`` it is). R: ``nesterov``.
    early_stopping : bool, default False
        Set ``validation_fraction`` of the rows aside (stratified by class for
        a classifier, drawn from the network's stream), score them every epoch
        (accuracy for a classifier, R^2 for a regressor) and stop when the
        score has not risen by ``tol`` for more than ``n_iter_no_change``
        epochs; the weights of the best epoch are put back, as scikit-learn
        does. With ``X_val``/``y_val`` in ``fit`` that set is used instead.
    validation_fraction : float, default 0.1
        The share of the rows set aside by ``early_stopping`` (rounded up),
        in (0, 1). scikit-learn's default.
    scale : bool, default False
        Standardise the inputs: each column's mean and standard deviation
        (divisor n - 1, as R's ``scale()``; a constant column scales to 0)
        from the rows given to ``fit`` (``partial_fit``: its first call's),
        applied to them, to the validation rows and in every ``predict``
        (``scaler_``; saved in the model file, so R applies the same); a
        ``warm_start`` fit keeps the first fit's. twinnet's addition (R:
        ``scale``).
"""

_ATTRIBUTES_DOC = """
    coefs_ : list of ndarray
        Weight matrices, ``coefs_[i]`` of shape (n_units_i, n_units_{i+1}).
    intercepts_ : list of ndarray
        Bias vectors, ``intercepts_[i]`` of shape (n_units_{i+1},).
    loss_curve_ : list of float
        The loss of every epoch trained, penalty included (as scikit-learn's);
        ``loss_`` is the last one.
    n_iter_ : int
        Epochs trained, over ``warm_start`` fits and ``partial_fit`` calls.
    validation_loss_curve_ : list of float or None
        The loss (penalty included) on the validation rows after every epoch
        (scikit-learn #18507); None without a validation set.
    validation_scores_ : list of float or None
        The validation score (accuracy or R^2) after every epoch; None without
        a validation set.
    best_validation_score_ : float or None
        With ``early_stopping``: the score of the epoch whose weights were put
        back; else None.
    best_loss_ : float or None
        Without ``early_stopping``: the smallest training loss; else None
        (scikit-learn's).
    scaler_ : twinnet.scale.Scaler or None
        The input statistics of ``scale=True`` (else None).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        The columns of a pandas DataFrame given to ``fit``.
    n_outputs_ : int
        Output units.
    out_activation_ : str
        The output activation (twinnet's name).
    network_ : twinnet.Network
        The trained network.
"""


# twin: twinnet
class _TwinnetEstimator(BaseEstimator):
    """What the classifier and the regressor share: parameters, network, training."""

    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "optimizer": [StrOptions(set(OPTIMIZERS))],
        "learning_rate_init": [_setting_interval("lr")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "init": [StrOptions(set(INITIALISERS))],
        "random_state": [Interval(Integral, -2147483647, 2147483647, closed="both"), None],
        "mode": [StrOptions(set(ARITHMETICS))],
        "warm_start": ["boolean"],
        "momentum": [_setting_interval("momentum")],
        "beta_1": [_setting_interval("beta1")],
        "beta_2": [_setting_interval("beta2")],
        "epsilon": [_setting_interval("epsilon")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, 2147483647, closed="both")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [StrOptions(set(LR_SCHEDULES))],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "scale": ["boolean"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        optimizer="adam",
        learning_rate_init=0.001,
        max_iter=200,
        batch_size="auto",
        shuffle=True,
        init="xavier",
        random_state=None,
        mode="blas",
        warm_start=False,
        momentum=OPTIMIZER_DEFAULTS["momentum"],
        beta_1=OPTIMIZER_DEFAULTS["beta1"],
        beta_2=OPTIMIZER_DEFAULTS["beta2"],
        epsilon=OPTIMIZER_DEFAULTS["epsilon"],
        tol=TOL,
        n_iter_no_change=N_ITER_NO_CHANGE,
        alpha=0.0001,
        weight_decay=0.0,
        learning_rate="constant",
        power_t=0.5,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        scale=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.init = init
        self.random_state = random_state
        self.mode = mode
        self.warm_start = warm_start
        self.momentum = momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.alpha = alpha
        self.weight_decay = weight_decay
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.scale = scale

    # twin: twinnet.default
    def fit(self, X, y, sample_weight=None, X_val=None, y_val=None, sample_weight_val=None):
        """Train the network for at most ``max_iter`` epochs.

        With ``warm_start=False`` a new network is drawn from ``random_state``;
        with ``warm_start=True`` a fitted network continues, weights and
        optimiser state, so that ``max_iter=2`` then ``3`` gives the bits of ``5``.

        Parameters
        ----------
        X : array-like or pandas DataFrame of shape (n_samples, n_features)
            Numeric inputs, used as given unless ``scale=True``. A categorical
            column is an error naming it.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the rows, numbers >= 0 (not all 0): the loss is their
            weighted mean, as scikit-learn's (a weight of 0 drops the row, 2
            counts it twice). They follow their rows into the training and
            validation parts of ``early_stopping``'s split.
        X_val, y_val : array-like, optional
            A validation set (scikit-learn's HistGradientBoosting spelling):
            its loss and score are recorded after every epoch
            (``validation_loss_curve_``, ``validation_scores_``), and
            ``early_stopping`` watches its score instead of splitting ``X``.
        sample_weight_val : array-like of shape (n_val_samples,), optional
            Weights of the validation rows.

        Returns
        -------
        self
        """
        self._validate_all_params()
        return self._train(
            X,
            y,
            self.max_iter,
            incremental=False,
            sample_weight=sample_weight,
            validation=(X_val, y_val, sample_weight_val),
        )

    # one side: scikit-learn's parameter validation, once per fit (R checks
    # each setting where twinnet.default() and fit() use it)
    def _validate_all_params(self):
        rs = self.random_state
        if isinstance(rs, (np.random.RandomState, np.random.Generator)):
            raise TwinnetError(
                f"random_state must be an int (R's set.seed seed) or None (seed 42), "
                f"got a numpy {type(rs).__name__}: twinnet draws its initial weights "
                f"and shuffles from its own copy of R's generator, so that "
                f"random_state=s in Python and seed = s in R train the same network"
            )
        self._validate_params()

    # twin: estimator_fit
    def _train(self, X, y, epochs, incremental, classes=None, sample_weight=None, validation=None):
        continuing = hasattr(self, "network_") and (incremental or self.warm_start)
        if incremental and self.early_stopping:
            raise TwinnetError(
                "partial_fit does not support early_stopping=True (scikit-learn's rule): use fit"
            )
        self._validate_input_kinds(X, y)
        X, y = self._validate_data(X, y, reset=not continuing)
        Y, kind, fitted = self._targets(y, continuing, incremental, classes)
        weights = _estimator_weights(sample_weight, "sample_weight")
        if continuing:
            self._check_continues(Y.shape[1])
            net = self.network_
            net.mode = self.mode
            scaler = getattr(self, "scaler_", None)
            if bool(self.scale) != (scaler is not None):
                raise TwinnetError(
                    f"cannot continue the network fitted with scale={not self.scale} "
                    f"with scale={bool(self.scale)}; fit with warm_start=False to start again"
                )
        else:
            net = _estimator_network(X.shape[1], Y.shape[1], kind, self)
            scaler = fit_scaler(X, "standard") if self.scale else None
        if scaler is not None:
            X = scaler.transform(X)
        val = self._validation_set(validation, fitted, scaler)
        settings = _estimator_controls(self, incremental, val is not None)
        n_train = X.shape[0]
        if val is not None:
            settings["validation_data"] = val
        elif settings["early_stopping"]:
            settings["validation_fraction"] = self.validation_fraction
            settings["stratify"] = isinstance(self, TwinnetClassifier)
            n_train = n_train - math.ceil(self.validation_fraction * n_train)
        batch_size = _estimator_batch_rows(self.batch_size, max(n_train, 1))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            net.fit(
                X,
                Y,
                epochs,
                lr=self.learning_rate_init,
                batch_size=batch_size,
                shuffle=self.shuffle,
                optimizer=self.optimizer,
                momentum=self.momentum,
                beta1=self.beta_1,
                beta2=self.beta_2,
                epsilon=self.epsilon,
                sample_weight=weights,
                **settings,
            )
        for name, value in fitted.items():
            setattr(self, name, value)
        self.n_outputs_ = Y.shape[1]
        self.out_activation_ = OUTPUTS[kind][0]
        self.scaler_ = scaler
        self.network_ = net
        for w in caught:  # the network's warnings (ConvergenceWarning), at the caller's fit
            warnings.warn(w.message, stacklevel=3)
        return self

    # twin: estimator_validation
    def _validation_set(self, validation, fitted, scaler):
        """``fit``'s ``X_val``, ``y_val``, ``sample_weight_val`` as Network.fit's
        ``validation_data`` (inputs scaled as the training rows), or None."""
        X_val, y_val, w_val = validation if validation is not None else (None, None, None)
        if X_val is None and y_val is None:
            if w_val is not None:
                raise TwinnetError("sample_weight_val needs X_val and y_val")
            return None
        if X_val is None or y_val is None:
            raise TwinnetError("X_val and y_val must be given together")
        _TwinnetEstimator._validate_input_kinds(self, X_val, None)
        X_val = validate_data(self, X_val, reset=False, dtype=np.float64, order="C")
        Y_val = self._validation_targets(y_val, fitted)
        if Y_val.shape[0] != X_val.shape[0]:
            raise TwinnetError(f"X_val has {X_val.shape[0]} rows but y_val has {Y_val.shape[0]}")
        if scaler is not None:
            X_val = scaler.transform(X_val)
        w_val = _estimator_weights(w_val, "sample_weight_val")
        return (X_val, Y_val) if w_val is None else (X_val, Y_val, w_val)

    # one side: warm_start and partial_fit (R's twinnet() always draws a new network)
    def _check_continues(self, n_outputs):
        """warm_start and partial_fit continue the fitted network: same shape."""
        net = self.network_
        sizes = [self.n_features_in_, *_check_hidden(self.hidden_layer_sizes), n_outputs]
        hidden = {layer.name for layer in net.layers[:-1] if layer.kind == "activation"}
        if net.sizes != sizes or hidden - {self.activation}:
            raise TwinnetError(
                f"cannot continue the fitted network (sizes {net.sizes}, activation "
                f"{sorted(hidden) or None}) with sizes {sizes} and activation "
                f"{self.activation!r}; fit with warm_start=False to start again"
            )

    # one side: pandas and numpy inputs (R's estimator_inputs checks its data frames)
    def _validate_input_kinds(self, X, y):
        _check_plain_array(X, "X")
        _reject_categorical(X, "X")

    # twin: estimator_predict_raw
    def _output(self, X):
        """The network's output (n x n_outputs_) for validated ``X``."""
        check_is_fitted(self)
        _TwinnetEstimator._validate_input_kinds(self, X, None)
        X = validate_data(self, X, reset=False, dtype=np.float64, order="C")
        scaler = getattr(self, "scaler_", None)
        return self.network_.predict(X if scaler is None else scaler.transform(X))

    # ------------------------------------------------ fitted attributes
    # scikit-learn's fitted attributes; R's fit holds the network and its
    # loss_history, and coef() names the weights as nnet does.
    def __sklearn_is_fitted__(self):
        return hasattr(self, "network_")

    @property
    def coefs_(self):  # one side: scikit-learn's attribute (R: fit$network$weights)
        """Weight matrices of the dense layers, ``coefs_[i]`` of shape (n_i, n_{i+1}).

        The network's own arrays: what ``predict`` uses.
        """
        check_is_fitted(self)
        return self.network_.weights

    @property
    def intercepts_(self):  # one side: scikit-learn's attribute (R: fit$network$biases)
        """Bias vectors of the dense layers, ``intercepts_[i]`` of shape (n_{i+1},).

        Views of the network's bias rows.
        """
        check_is_fitted(self)
        return [b[0] for b in self.network_.biases]

    @property
    def loss_curve_(self):  # one side: scikit-learn's attribute (R: fit$loss_history)
        """The loss of every epoch trained (over fits, with ``warm_start``/``partial_fit``)."""
        check_is_fitted(self)
        return list(self.network_.loss_history)

    @property
    def n_iter_(self):  # one side: scikit-learn's attribute (R: length(fit$loss_history))
        """Epochs trained: ``len(loss_curve_)``."""
        check_is_fitted(self)
        return len(self.network_.loss_history)

    @property
    def loss_(self):  # one side: scikit-learn's attribute (R: the history's last value)
        """The loss of the last epoch."""
        check_is_fitted(self)
        return self.network_.loss_history[-1]

    # one side: scikit-learn #18507's name (R: fit$validation_loss_history)
    @property
    def validation_loss_curve_(self):
        """The validation loss of every epoch, or None without a validation set."""
        check_is_fitted(self)
        history = list(self.network_.validation_loss_history)
        return history or None

    @property
    def validation_scores_(self):  # one side: scikit-learn's attribute (R: fit$validation_scores)
        """The validation score (accuracy, R^2) of every epoch, or None without
        a validation set."""
        check_is_fitted(self)
        history = list(self.network_.validation_score_history)
        return history or None

    @property
    def best_validation_score_(self):  # one side: scikit-learn's attribute (R: fit$best_epoch)
        """With early stopping, the validation score of the epoch whose
        weights were put back (``network_.best_epoch``); else None."""
        check_is_fitted(self)
        best = self.network_.best_epoch
        scores = self.network_.validation_score_history
        if not self.early_stopping or best is None or best < 1 or len(scores) < best:
            return None
        return scores[best - 1]

    @property
    def best_loss_(self):  # one side: scikit-learn's attribute (R: min(fit$loss_history))
        """Without early stopping, the smallest training loss; with it None
        (scikit-learn's)."""
        check_is_fitted(self)
        if self.early_stopping or not self.network_.loss_history:
            return None
        best = math.inf
        for loss in self.network_.loss_history:  # NaN is never the best, as scikit-learn's
            best = loss if loss < best else best
        return best


# one side: scikit-learn's classifier class (R's twinnet() returns a twinnet_fit for either task)
class TwinnetClassifier(ClassifierMixin, _TwinnetEstimator):
    __doc__ = (
        """A multilayer perceptron classifier, R's ``twinnet()`` on a factor in Python.

    Two classes: one sigmoid unit for the second class in sorted order, with
    ``binary_cross_entropy``. Three or more: one softmax unit per class in
    sorted order (``numpy.unique``), with ``softmax_cross_entropy`` on one-hot
    targets. One class is an error.
    """
        + _PARAMETERS_DOC
        + """
    Attributes
    ----------
    classes_ : ndarray
        The class labels, sorted."""
        + _ATTRIBUTES_DOC
        + """
    Examples
    --------
    >>> from twinnet.datasets import make_moons
    >>> from twinnet.sklearn import TwinnetClassifier
    >>> X, y = make_moons(200, noise=0.1)
    >>> clf = TwinnetClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.05).fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    """
    )

    # one side: scikit-learn's validate_data (R: estimator_inputs, as_matrix)
    def _validate_data(self, X, y, reset):
        return validate_data(self, X, y, reset=reset, dtype=np.float64, order="C")

    # twin: estimator_targets
    def _targets(self, y, continuing, incremental, classes):
        """The target matrix, its kind (binary, multiclass) and the fitted ``classes_``."""
        check_classification_targets(y)
        labels = np.unique(y)
        if incremental and not continuing:
            if classes is None:
                raise TwinnetError("classes must be passed on the first call to partial_fit")
            classes_ = np.unique(np.asarray(classes))
        elif continuing:
            classes_ = self.classes_
            if (
                incremental
                and classes is not None
                and not np.array_equal(np.unique(np.asarray(classes)), classes_)
            ):
                raise TwinnetError(
                    f"classes={classes!r} is not the same as on the first call to "
                    f"partial_fit: {classes_!r}"
                )
            if not incremental and not np.array_equal(labels, classes_):
                raise TwinnetError(
                    f"warm_start can only be used where y has the same classes as in "
                    f"the previous fit: previously {classes_!r}, y has {labels!r}"
                )
        else:
            classes_ = labels
        unknown = np.setdiff1d(labels, classes_)
        if unknown.size:
            raise TwinnetError(f"y has classes not in classes_ {classes_!r}: {unknown!r}")
        if classes_.size < 2:
            # the R twin's words (R shows the level, a text)
            raise TwinnetError(
                f"y has one class, '{classes_[0]}'; classification needs at least two"
            )
        if classes_.size == 2:
            Y = (y == classes_[1]).astype(np.float64).reshape(-1, 1)
            kind = "binary"
        else:
            Y = (y[:, None] == classes_[None, :]).astype(np.float64)
            kind = "multiclass"
        return Y, kind, {"classes_": classes_}

    # one side: the classes of y_val (R: estimator_targets on the validation response)
    def _validation_targets(self, y_val, fitted):
        """``y_val`` as the network's targets for the fitted classes."""
        y_val = np.asarray(y_val)
        if y_val.ndim != 1:
            y_val = y_val.ravel() if y_val.ndim == 2 and y_val.shape[1] == 1 else y_val
        classes_ = fitted["classes_"]
        unknown = np.setdiff1d(y_val, classes_)
        if unknown.size:
            raise TwinnetError(f"y_val has classes not in classes_ {classes_!r}: {unknown!r}")
        if classes_.size == 2:
            return (y_val == classes_[1]).astype(np.float64).reshape(-1, 1)
        return (y_val[:, None] == classes_[None, :]).astype(np.float64)

    # one side: scikit-learn's partial_fit (R's twinnet() has no incremental fit)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Train one epoch on ``(X, y)``, continuing the network and the optimiser.

        The first call draws the network from ``random_state`` (so one call
        gives the bits of ``fit`` with ``max_iter=1``) and needs ``classes``,
        all the labels of the whole data. It never stops early nor warns (as
        scikit-learn's); ``early_stopping=True`` is an error.

        Parameters
        ----------
        X : array-like or pandas DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional
        classes : array-like, optional
            Every class, on the first call (``numpy.unique(y_all)``).

        Returns
        -------
        self
        """
        if not hasattr(self, "network_"):
            self._validate_all_params()
        return self._train(X, y, 1, incremental=True, classes=classes, sample_weight=sample_weight)

    # one side: scikit-learn's method name (R: predict(fit, type = "prob"))
    def predict_proba(self, X):
        """Class probabilities, one column per class of ``classes_``.

        Two classes: ``[1 - p, p]`` with ``p`` the sigmoid unit's output.
        """
        p = self._output(X)
        if self.n_outputs_ == 1:
            return np.hstack([1.0 - p, p])
        return p

    # twin: predict.twinnet_fit
    def predict(self, X):
        """The class of each row (``twinnet.metrics.predicted_classes``): ``p > 0.5``
        for two classes (scikit-learn's threshold), else the class of the largest
        probability (the first on ties)."""
        p = self._output(X)
        return self.classes_[predicted_classes(p)]


# one side: scikit-learn's regressor class (R's twinnet() returns a twinnet_fit for either task)
class TwinnetRegressor(RegressorMixin, _TwinnetEstimator):
    __doc__ = (
        """A multilayer perceptron regressor, R's ``twinnet()`` on a numeric response in Python.

    One identity output unit per target column, trained on ``mse`` (Aflak's
    mean squared error over the batch's targets).
    """
        + _PARAMETERS_DOC
        + """
    Attributes
    ----------"""
        + _ATTRIBUTES_DOC
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from twinnet.sklearn import TwinnetRegressor
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = TwinnetRegressor(hidden_layer_sizes=(8,), learning_rate_init=0.01)
    >>> reg.fit(X, X[:, 0] ** 2).predict(X).shape
    (50,)
    """
    )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    # one side: pandas targets (R's estimator_targets checks its data frames)
    def _validate_input_kinds(self, X, y):
        super()._validate_input_kinds(X, y)
        _reject_categorical(y, "y")

    # one side: scikit-learn's validate_data (R: estimator_inputs, as_matrix)
    def _validate_data(self, X, y, reset):
        X, y = validate_data(
            self, X, y, reset=reset, dtype=np.float64, order="C", multi_output=True, y_numeric=True
        )
        return X, np.asarray(y, dtype=np.float64)

    # one side: the numeric half of R's estimator_targets (the classifier's is its twin)
    def _targets(self, y, continuing, incremental, classes):
        Y = y.reshape(-1, 1) if y.ndim == 1 else y
        if continuing and Y.shape[1] != self.n_outputs_:
            raise TwinnetError(
                f"y has {Y.shape[1]} columns but the fitted network has {self.n_outputs_} outputs"
            )
        return Y, "continuous", {}

    # one side: the numeric y_val (R: estimator_targets on the validation response)
    def _validation_targets(self, y_val, fitted):
        """``y_val`` as a matrix (Network.fit checks its columns against the outputs)."""
        _reject_categorical(y_val, "y_val")
        return as_matrix("y_val", y_val, column=True)

    # one side: scikit-learn's partial_fit (R's twinnet() has no incremental fit)
    def partial_fit(self, X, y, sample_weight=None):
        """Train one epoch on ``(X, y)``, continuing the network and the optimiser.

        The first call draws the network from ``random_state``, so one call
        gives the bits of ``fit`` with ``max_iter=1``. It never stops early
        nor warns (as scikit-learn's); ``early_stopping=True`` is an error.

        Returns
        -------
        self
        """
        if not hasattr(self, "network_"):
            self._validate_all_params()
        return self._train(X, y, 1, incremental=True, sample_weight=sample_weight)

    # one side: the regressor's half of R's predict.twinnet_fit (type = "raw")
    def predict(self, X):
        """The network's output: shape (n_samples,) for one target, else
        (n_samples, n_outputs_)."""
        out = self._output(X)
        return out[:, 0] if self.n_outputs_ == 1 else out


# ------------------------------------------------------ the fitting core


# one side: numpy arrays of text or NaN get the messages R's as_matrix gives
def _check_plain_array(data, name):
    """Text and missing or infinite values in a plain array get twinnet's own
    one-line messages (the R twin's, from as_matrix), not numpy's or
    scikit-learn's. Other inputs (pandas, objects) are left to the checks
    that follow."""
    if getattr(data, "dtypes", None) is not None or not hasattr(data, "__len__"):
        return
    try:
        arr = np.asarray(data)
    except (ValueError, TypeError):
        return
    text = arr.dtype.kind in "USa"
    missing = arr.dtype.kind == "f" and arr.ndim == 2 and arr.size and not np.isfinite(arr).all()
    if text or missing:
        as_matrix(name, arr)  # raises twinnet's message: non-numeric, or NaN at row i, column j


def _reject_categorical(data, name):
    """Raise a TwinnetError naming the first categorical column of a pandas ``data``.

    A ``category``, ``object`` or string column would otherwise be converted
    (or fail) inside numpy; twinnet never encodes silently (docs/estimators.md).
    """
    dtypes = getattr(data, "dtypes", None)
    if dtypes is None or not type(data).__module__.startswith("pandas"):
        return
    import pandas as pd

    if isinstance(dtypes, pd.Series):  # a DataFrame: one dtype per column
        columns = dtypes.items()
    else:  # a Series
        columns = [(data.name, dtypes)]
    for column, dtype in columns:
        if isinstance(dtype, pd.CategoricalDtype):
            kind = "categorical (dtype category)"
        elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            kind = f"text or objects (dtype {dtype})"
        else:
            continue
        raise TwinnetError(
            f"{name} must be numeric, column '{column}' is {kind}; twinnet never "
            f"encodes silently: encode it first (e.g. with scikit-learn's OneHotEncoder)"
        )


def _check_hidden(hidden):
    """The units of each hidden layer, from ``hidden_layer_sizes``."""
    sizes = [hidden] if isinstance(hidden, numbers.Number) else list(np.ravel(hidden))
    for s in sizes:
        if not isinstance(s, Integral) or isinstance(s, (bool, np.bool_)) or s < 1:
            raise TwinnetError(f"hidden_layer_sizes must be positive integers, got {hidden!r}")
    return [int(s) for s in sizes]


def _estimator_batch_rows(batch_size, n):
    """Rows per batch: "auto" is min(200, n); more than n is n, with
    scikit-learn's warning (the R twin warns in the same words)."""
    if batch_size == "auto":
        return min(AUTO_BATCH, n)
    if batch_size > n:
        warnings.warn(
            f"batch_size is {batch_size} but the data have {n} rows; "
            f"using {n} (one full batch), as scikit-learn's MLP does",
            UserWarning,
            stacklevel=3,
        )
        return n
    return int(batch_size)


# one side: pandas and array-likes become a float array (R's weights reach fit() as they are)
def _estimator_weights(weights, name):
    """Sample weights as a 1-D float array (lists, pandas, array-likes), or
    None; Network.fit checks their length and values."""
    if weights is None:
        return None
    _reject_categorical(weights, name)
    w = np.asarray(weights)
    if w.dtype.kind not in "biuf":
        raise TwinnetError(f"{name} must be numbers, got {w.dtype} values")
    # a scalar is one weight (never broadcast): the core's length check names it
    w = w.astype(np.float64).reshape(1) if w.ndim == 0 else w.astype(np.float64)
    return w.reshape(-1) if w.ndim == 2 and w.shape[1] == 1 else w


def _estimator_controls(est, incremental, has_validation):
    """Network.fit's training controls from the estimator's parameters
    (docs/estimators.md): a schedule only where scikit-learn uses one (else
    an error), 2 * alpha for a regressor, Nesterov only with momentum, tol
    None for ``partial_fit`` (it never stops nor warns), the validation score
    of the estimator's kind when there is a validation set."""
    scheduled = est.optimizer in SCHEDULED_OPTIMIZERS
    if not scheduled and est.learning_rate != "constant":
        raise TwinnetError(
            f"learning_rate '{est.learning_rate}' is scikit-learn's setting for "
            f"solver='sgd' (its adam ignores it): use optimizer 'sgd' or 'momentum', "
            f"or learning_rate 'constant'"
        )
    regressor = not isinstance(est, TwinnetClassifier)
    controls = {
        # twinnet's mse is twice scikit-learn's squared error (its 0.5 * mean):
        # 2 * alpha gives MLPRegressor(alpha)'s minimiser (docs/estimators.md)
        "alpha": 2.0 * float(est.alpha) if regressor else float(est.alpha),
        "weight_decay": float(est.weight_decay),
        "lr_schedule": est.learning_rate if scheduled else "constant",
        "power_t": float(est.power_t),
        "nesterov": bool(est.nesterovs_momentum) and est.optimizer == "momentum",
        "tol": None if incremental else float(est.tol),
        "n_iter_no_change": int(est.n_iter_no_change),
        "early_stopping": bool(est.early_stopping) and not incremental,
    }
    if has_validation or controls["early_stopping"]:
        kind = "regressor" if regressor else "classifier"
        controls["validation_score"] = VALIDATION_SCORES[kind]
    return controls


def _estimator_network(n_in, n_out, kind, est):
    """The contract's network (docs/estimators.md), its weights drawn from
    the seed's stream in order; ``est`` holds the settings."""
    seed = DEFAULT_SEED if est.random_state is None else est.random_state
    out_activation, loss = OUTPUTS[kind]
    sizes = [n_in, *_check_hidden(est.hidden_layer_sizes), n_out]
    net = Network(seed=seed, mode=est.mode)
    last = len(sizes) - 2
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        net.add(Dense(a, b, bias=True, init=est.init))
        net.add(Activation(out_activation if i == last else est.activation))
    return net.use(loss)
