"""The training controls of ``Network.fit`` (docs/algorithm.md, "Training
controls"): the checks of what ``fit`` takes besides its data and optimiser
(penalties, schedules, stopping, the validation set), the validation split,
the learning-rate schedules, the validation set's loss and score, and the
state of one fit's run.

A run (``fit_start``) holds the checked controls, the training rows, the
validation set, the stopping rule's state (best, count and the adaptive
rate, replayed over the earlier epochs so that fits continue where the last
one ended), early stopping's best weights and the stop reason.
``Network.fit`` (network.py) trains each epoch and hands it to the run:
``fit_rate`` before it, ``fit_epoch`` after it, ``fit_result`` at the end.

Twin: ``R/R/controls.R``, the same functions in the same order, the same
messages. Python's network is updated in place (its histories grow epoch by
epoch); R's run collects the epochs and ``fit_result`` returns a new network.
"""

import math
from types import SimpleNamespace

import numpy as np

from .config import LR_SCHEDULES
from .convergence import stopping_step
from .losses import LOSSES, decay_divisor, penalty
from .metrics import SCORES
from .streaming import take_rows
from .validation import (
    TwinnetError,
    check_choice,
    check_flag,
    check_number_in,
    check_open_interval,
    check_positive_integer,
    check_sample_weight,
    show_value,
)


def check_controls(
    optimizer,
    decay,
    checkpoint_every,
    alpha,
    weight_decay,
    lr_schedule,
    power_t,
    nesterov,
    tol,
    n_iter_no_change,
    early_stopping,
    validation_data,
    validation_fraction,
    stratify,
    validation_score,
    abstol,
):
    """fit's training controls, checked in the order R checks them (the
    first wrong one gives the same message in both): a dict of the checked
    values."""
    c = {"alpha": check_number_in("alpha", alpha, 0, math.inf)}
    c["weight_decay"] = check_number_in("weight_decay", weight_decay, 0, math.inf)
    if c["alpha"] > 0 and c["weight_decay"] > 0:
        raise TwinnetError(
            "alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty "
            "(weights only), weight_decay nnet's (weights and biases); choose one"
        )
    c["lr_schedule"] = check_choice("lr_schedule", lr_schedule, list(LR_SCHEDULES))
    c["power_t"] = check_number_in("power_t", power_t, 0, math.inf)
    if decay > 0 and c["lr_schedule"] != "constant":
        raise TwinnetError(
            f"decay > 0 needs lr_schedule constant, got lr_schedule {c['lr_schedule']}"
        )
    c["nesterov"] = check_flag("nesterov", nesterov)
    if c["nesterov"] and optimizer != "momentum":
        raise TwinnetError(f"nesterov needs optimizer momentum, got optimizer {optimizer}")
    c["tol"] = None if tol is None else check_number_in("tol", tol, 0, math.inf)
    c["n_iter_no_change"] = check_positive_integer("n_iter_no_change", n_iter_no_change)
    if c["lr_schedule"] == "adaptive" and c["tol"] is None:
        raise TwinnetError("lr_schedule adaptive needs tol (a number >= 0)")
    c["early_stopping"] = check_flag("early_stopping", early_stopping)
    c["validation_fraction"] = None
    if validation_fraction is not None:
        c["validation_fraction"] = check_open_interval(
            "validation_fraction", validation_fraction, 0, 1
        )
    c["stratify"] = check_flag("stratify", stratify)
    c["validation_score"] = None
    if validation_score is not None:
        c["validation_score"] = check_choice("validation_score", validation_score, list(SCORES))
    c["abstol"] = None if abstol is None else check_number_in("abstol", abstol, 0, math.inf)
    return check_val_controls(c, validation_data, validation_fraction, checkpoint_every)


def check_val_controls(c, validation_data, validation_fraction, checkpoint_every):
    """The validation controls that need each other, checked after every
    single one: ``c`` (the checked controls) as it is."""
    if validation_data is not None and validation_fraction is not None:
        raise TwinnetError(
            "validation_data and validation_fraction cannot both be given; choose one"
        )
    has_val = validation_data is not None or validation_fraction is not None
    if c["early_stopping"] and not has_val:
        raise TwinnetError(
            "early_stopping needs a validation set: validation_data or validation_fraction"
        )
    if c["early_stopping"] and c["tol"] is None:
        raise TwinnetError("early_stopping needs tol (a number >= 0)")
    if c["stratify"] and validation_fraction is None:
        raise TwinnetError("stratify needs validation_fraction")
    if c["validation_score"] is not None and not has_val:
        raise TwinnetError(
            "validation_score needs a validation set: validation_data or validation_fraction"
        )
    if c["early_stopping"] and checkpoint_every is not None:
        raise TwinnetError(
            "early_stopping cannot be used with checkpoint_every: checkpoints do not keep "
            "the best weights early stopping restores"
        )
    return c


def check_validation_data(net, data):
    """``(X_val, Y_val, w_val)`` from ``validation_data`` ``(X_val, Y_val)``
    or ``(X_val, Y_val, sample_weight_val)``, each checked as the training
    data (``w_val`` None when not given); None without one."""
    if data is None:
        return None
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 3):
        raise TwinnetError(
            "validation_data must be (X_val, Y_val) or (X_val, Y_val, sample_weight_val)"
        )
    X_val, Y_val = net._check_data(data[0], data[1], names=("X_val", "Y_val"))
    w_val = None
    if len(data) == 3 and data[2] is not None:
        w_val = check_sample_weight("sample_weight_val", data[2], X_val.shape[0], "X_val")
    return X_val, Y_val, w_val


def check_loss_settings(X, sample_weight, alpha, weight_decay):
    """sample_weight, alpha and weight_decay of train_step, compute_loss and
    gradients, checked as fit checks them: ``(w, alpha, weight_decay)``."""
    alpha = check_number_in("alpha", alpha, 0, math.inf)
    weight_decay = check_number_in("weight_decay", weight_decay, 0, math.inf)
    if alpha > 0 and weight_decay > 0:
        raise TwinnetError(
            "alpha and weight_decay cannot both be > 0: alpha is scikit-learn's penalty "
            "(weights only), weight_decay nnet's (weights and biases); choose one"
        )
    w = None
    if sample_weight is not None:
        w = check_sample_weight("sample_weight", sample_weight, X.shape[0])
    return w, alpha, weight_decay


def stratify_keys(Y):
    """The class key of each row for a stratified split: its value (one
    column of 0 and 1) or the column of its 1 (one-hot rows), as floats.
    Other targets (numbers to regress on) have no classes: an error, not a
    split by distinct values."""
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape[1] == 1:
        bad = (Y[:, 0] != 0) & (Y[:, 0] != 1)
    else:
        bad = ~(np.all((Y == 0) | (Y == 1), axis=1) & (Y.sum(axis=1) == 1))
    if bad.any():
        raise TwinnetError(
            f"stratify needs class targets (one column of 0 and 1, or one-hot rows: one 1 "
            f"per row, zeros elsewhere); row {int(np.argmax(bad)) + 1} of Y is not"
        )
    if Y.shape[1] == 1:
        return Y[:, 0].copy()
    return np.argmax(Y, axis=1).astype(np.float64)


def validation_split(n, fraction, rng, keys=None):
    """``(train, validation)``: the rows (0-based, ascending) of a validation
    split of ``n`` rows, ``ceil(fraction * n)`` of them for validation.

    One permutation ``perm = rng.sample_int(n)`` (R's ``sample.int(n)``).
    Without ``keys``: validation = the first rows of ``perm``. With ``keys``
    (``stratify_keys``): each class ``c`` (sorted distinct keys, ``n_c`` rows)
    gets ``q_c = floor(n_val * n_c / n)`` rows, the rows left over going one
    each to the classes with the largest remainders ``n_val * n_c - q_c * n``
    (ties: the earlier class); a class's validation rows are its first rows
    in ``perm``'s order.
    """
    n_val = math.ceil(fraction * n)
    if n_val >= n:
        raise TwinnetError(
            f"validation_fraction {show_value(fraction)} leaves no rows for training out of "
            f"{n}; give a smaller validation_fraction or more rows"
        )
    perm = rng.sample_int(n) - 1
    if keys is None:
        val = np.sort(perm[:n_val])
    else:
        keys = np.asarray(keys, dtype=np.float64)
        classes, counts = np.unique(keys, return_counts=True)
        quota = [(n_val * int(c)) // n for c in counts]
        left = n_val - sum(quota)
        remainder = [n_val * int(c) - q * n for c, q in zip(counts, quota)]
        for j in sorted(range(len(classes)), key=lambda j: -remainder[j])[:left]:
            quota[j] += 1
        perm_keys = keys[perm]
        chosen = []
        for cls, q in zip(classes, quota):
            chosen.append(perm[perm_keys == cls][:q])
        val = np.sort(np.concatenate(chosen))
    mask = np.ones(n, dtype=bool)
    mask[val] = False
    return np.flatnonzero(mask), val


def invscaling(net, lr, power_t, done, n_train):
    """invscaling's rate, ``lr / exp(power_t * log(done * n_train + 1))``,
    with the exact core's exp and log in exact mode, the language's (libm's)
    in blas mode."""
    t = float(done * n_train + 1)
    if net.mode == "exact":
        ar = net.arith
        return lr / float(ar.exp(np.float64(power_t * float(ar.log(np.float64(t))))))
    return lr / math.exp(power_t * math.log(t))


def history_padded(history, before, used):
    """A validation history at the start of a fit (``before`` epochs
    recorded): a fit that records it (``used``) pads it with NaN to
    ``before`` epochs first (in place)."""
    if used:
        history.extend([math.nan] * (before - len(history)))
    return history


def validate(net, X, Y, w, alpha, weight_decay, score):
    """The validation set's loss (the training objective: the weighted
    loss plus the penalty, with the validation rows' ``sw``) and score
    (``score``: a name in ``twinnet.metrics.SCORES``, or None: NaN) at the
    network's current weights: ``(loss, score)``."""
    ar = net.arith
    buffers = [layer.buffers for layer in net.layers]
    for layer in net.layers:  # keep the training batch's buffers as they are
        layer.buffers = None
    try:
        out = net.forward(X)
    finally:
        for layer, kept in zip(net.layers, buffers):
            layer.buffers = kept
    loss = LOSSES[net.loss]
    sw = None if w is None else np.float64(ar.total(w))  # 0: NaN (a split's rows)
    if loss.output:
        value = loss.value(net.layers[-1].input, Y, ar, w, sw)
    else:
        value = loss.value(Y - out, Y, ar, w, sw)
    if alpha > 0 or weight_decay > 0:
        rows = float(X.shape[0]) if sw is None else sw
        div = decay_divisor(net.loss, rows, Y.shape[1])
        value = value + penalty(net.weights, net.biases, ar, alpha, weight_decay, rows, div)
    value = float(value)
    if score is None:
        return value, math.nan
    return value, float(SCORES[score](out, Y, w, net.mode))


# one side: R's network keeps its weights and biases as lists it can keep as they are
def _params_copy(net):
    """A copy of every dense layer's parameters (early stopping's best)."""
    return [[p.copy() for p in d.params()] for d in net.param_layers]


def fit_start(net, X, Y, w, val, control, lr, decay):
    """The state of a fit before its first epoch: the validation split
    (drawn from the network's stream), the training rows, the validation
    histories padded (empty, or one value per epoch, NaN where an epoch had
    none), the stopping state replayed over the earlier epochs, and early
    stopping's best weights so far (the ones the fit starts from).

    ``val``: ``check_validation_data``'s ``(X_val, Y_val, w_val)`` or None;
    ``control``: ``check_controls``'s dict."""
    if control["validation_fraction"] is not None:
        keys = stratify_keys(Y) if control["stratify"] else None
        train, rows = validation_split(X.shape[0], control["validation_fraction"], net.rng, keys)
        val = (take_rows(X, rows), take_rows(Y, rows), None if w is None else take_rows(w, rows))
        X, Y = take_rows(X, train), take_rows(Y, train)
        w = None if w is None else take_rows(w, train)
    before = len(net.loss_history)
    scored = control["validation_score"] is not None
    run = SimpleNamespace(
        **control,
        X=X,
        Y=Y,
        w=w,
        val=val,
        n_train=X.shape[0],
        lr=lr,
        decay=decay,
        before=before,
        reason=None,
        higher=control["early_stopping"] and scored,
        adaptive=control["lr_schedule"] == "adaptive",
    )
    history_padded(net.validation_loss_history, before, val is not None)
    history_padded(net.validation_score_history, before, scored)
    if not run.early_stopping:
        watched = net.loss_history
    elif run.higher:
        watched = net.validation_score_history
    else:
        watched = net.validation_loss_history
    run.watch = SimpleNamespace(best=-math.inf if run.higher else math.inf, count=0, rate=lr)
    if run.tol is not None:
        for v in watched:
            run.watch = fit_watch(run, v)
    if run.early_stopping:
        epoch = before if net.best_epoch is None else net.best_epoch
        run.best = SimpleNamespace(params=_params_copy(net), epoch=epoch)
    net.stop_reason = None
    return run


def fit_watch(run, v):
    """One step of the stopping rule (``stopping_step``) on the watched
    value ``v``: the run's new ``watch`` (best, count, rate, improved, stop)."""
    w = run.watch
    best, count, rate, improved, stop = stopping_step(
        v, w.best, w.count, w.rate, run.tol, run.n_iter_no_change, run.higher, run.adaptive
    )
    return SimpleNamespace(best=best, count=count, rate=rate, improved=improved, stop=stop)


def fit_rate(run, net, epoch):
    """The learning rate of the fit's epoch ``epoch`` (from 1): constant,
    ``lr / (1 + decay * done)``; invscaling, ``lr`` for the very first epoch,
    else ``invscaling``'s rate; adaptive, its current rate (``done``: the
    epochs recorded before it)."""
    done = run.before + epoch - 1
    if run.lr_schedule == "constant":
        return run.lr / (1.0 + run.decay * done)
    if run.lr_schedule == "adaptive":
        return run.watch.rate
    if done == 0:
        return run.lr
    return invscaling(net, run.lr, run.power_t, done, run.n_train)


def fit_epoch(run, net, epoch, loss):
    """After the fit's epoch ``epoch`` (its training loss ``loss``): the
    histories (a validation history grows when it is not empty or this fit
    records it), the validation loss and score, the stopping rule (early
    stopping keeps the best weights), abstol, and the stop reason."""
    net.loss_history.append(loss)
    val_loss = val_score = math.nan
    if run.val is not None:
        X_val, Y_val, w_val = run.val
        val_loss, val_score = validate(
            net, X_val, Y_val, w_val, run.alpha, run.weight_decay, run.validation_score
        )
    if net.validation_loss_history or run.val is not None:
        net.validation_loss_history.append(val_loss)
    if net.validation_score_history or run.validation_score is not None:
        net.validation_score_history.append(val_score)
    if run.tol is not None:
        if not run.early_stopping:
            v = loss
        else:
            v = val_score if run.higher else val_loss
        run.watch = fit_watch(run, v)
        if run.early_stopping and run.watch.improved:
            run.best = SimpleNamespace(params=_params_copy(net), epoch=run.before + epoch)
        if run.watch.stop:
            run.reason = "early_stopping" if run.early_stopping else "tol"
    if run.reason is None and run.abstol is not None and loss < run.abstol:
        run.reason = "abstol"
    net.stop_reason = run.reason
    return run


def fit_result(run, net):
    """The network after the fit's epochs: with early stopping the best
    weights and biases put back and ``best_epoch`` set (else None)."""
    if run.early_stopping:
        for d, ps in zip(net.param_layers, run.best.params):
            d.weights = ps[0]
            if len(ps) > 1:
                d.bias = ps[1]
    net.best_epoch = run.best.epoch if run.early_stopping else None
    return net
