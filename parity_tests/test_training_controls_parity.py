"""The training controls of issue 12 in both languages, exact mode: sample
weights, the two penalties (alpha, weight_decay), the learning-rate schedules
and Nesterov's momentum, tol, early stopping on a validation split or a given
validation set, validation scores and abstol give identical weights, biases,
loss histories, validation histories, stop reasons, best epochs and
convergence warnings; the validation split draws the same rows; and the
refusals say the same thing."""

import itertools
import warnings

import numpy as np
import pytest
from rpy2 import robjects
from rpy2.robjects.vectors import ListVector

from parity import python_error, r, r_error, r_matrices, to_r
from twinnet import Activation, Dense, Network, RRandom
from twinnet.network import validation_split

r("""
controls_value <- function(x) if (is.list(x)) lapply(x, controls_value) else x
controls_run <- function(spec, X, Y, args) {
  net <- network(seed = spec$seed, mode = "exact")
  net <- add(net, dense(ncol(X), 4, init = "xavier"))
  net <- add(net, activation(spec$hidden))
  net <- add(net, dense(4, ncol(Y), init = "xavier"))
  net <- add(net, activation(spec$output))
  net <- use(net, spec$loss)
  warned <- character(0)
  out <- tryCatch(withCallingHandlers({
    for (epochs in spec$epochs) net <- do.call(fit, c(list(net, X, Y, epochs), args))
    list(weights = net$weights, biases = net$biases, loss_history = net$loss_history,
         validation_loss_history = as.numeric(net$validation_loss_history),
         validation_score_history = as.numeric(net$validation_score_history),
         stop_reason = if (is.null(net$stop_reason)) "None" else net$stop_reason,
         best_epoch = if (is.null(net$best_epoch)) -1L else net$best_epoch)
  }, twinnet_convergence_warning = function(w) {
    warned <<- c(warned, conditionMessage(w))
    invokeRestart("muffleWarning")
  }), twinnet_error = function(e) conditionMessage(e))
  if (is.character(out)) return(out)
  out$warnings <- warned
  out
}
""")

N = 14
rng = RRandom(1212)
X = rng.rnorm(N * 3).reshape((N, 3), order="F")
Y_BINARY = (rng.runif(N) < 0.5).astype(float).reshape(-1, 1)
Y_BINARY[:3, 0] = [0.0, 1.0, 1.0]
Y_UNIT = rng.runif(N * 2).reshape((N, 2), order="F")
Y_ONE_HOT = np.eye(3)[np.arange(N) % 3]
WEIGHTS = rng.runif(N) * 2.0
WEIGHTS[4] = 0.0
X_VAL = rng.rnorm(5 * 3).reshape((5, 3), order="F")

NETS = {  # hidden, output, loss, targets
    "bce": ("tanh", "sigmoid", "binary_cross_entropy", Y_BINARY),
    "mse": ("relu", "identity", "mse", Y_UNIT),
    "softmax": ("sigmoid", "softmax", "softmax_cross_entropy", Y_ONE_HOT),
    "sse": ("tanh", "sigmoid", "sse", Y_UNIT),
}
CLASSES = {"bce", "softmax"}
PENALTIES = {"none": {}, "alpha": {"alpha": 0.05}, "weight_decay": {"weight_decay": 0.01}}
SCHEDULES = {
    "constant_decay": {"decay": 0.2, "batch_size": 5},
    # batches of 3: the training rows never leave the zero-weight row alone in a batch
    "invscaling": {"lr_schedule": "invscaling", "power_t": 0.3, "batch_size": 3, "shuffle": True},
    "adaptive": {"lr_schedule": "adaptive", "tol": 0.05, "n_iter_no_change": 1},
    "nesterov": {
        "optimizer": "momentum",
        "lr": 0.1,
        "momentum": 0.8,
        "nesterov": True,
        "batch_size": 6,
        "shuffle": True,
    },
    "adam": {"optimizer": "adam", "lr": 0.05, "batch_size": 7},
}
STOPPING = ["none", "tol", "early_split", "early_given"]
WEIGHTED = [False, True]
CASES = list(itertools.product(NETS, PENALTIES, SCHEDULES, STOPPING, WEIGHTED))
EPOCHS = 6


def val_targets(net):
    Y = NETS[net][3]
    return Y[[0, 3, 5, 8, 13]]


def fit_args(net, penalty, schedule, stopping, weighted):
    args = {"lr": 0.3, **PENALTIES[penalty], **SCHEDULES[schedule]}
    if weighted:
        args["sample_weight"] = WEIGHTS
    if stopping == "tol":
        args.setdefault("tol", 1e-3)
        args.setdefault("n_iter_no_change", 2)
        args["abstol"] = 0.01
    elif stopping == "early_split":
        args.setdefault("tol", 1e-3)
        args.setdefault("n_iter_no_change", 1)
        args["early_stopping"] = True
        args["validation_fraction"] = 0.3
        args["stratify"] = net in CLASSES
        if net in CLASSES:
            args["validation_score"] = "accuracy"
    elif stopping == "early_given":
        args.setdefault("tol", 1e-4)
        args.setdefault("n_iter_no_change", 1)
        args["early_stopping"] = True
        given = (X_VAL, val_targets(net))
        args["validation_data"] = given + ((WEIGHTS[:5],) if weighted else ())
        args["validation_score"] = "accuracy" if net in CLASSES else "r2"
    if args.get("batch_size", 0) > 9 and stopping == "early_split":
        args["batch_size"] = 9
    return args


def r_args(args):
    out = {}
    for key, value in args.items():
        if isinstance(value, tuple):
            out[key] = robjects.r["list"](*[to_r(v) for v in value])
        elif isinstance(value, np.ndarray):
            out[key] = to_r(value)
        else:
            out[key] = value
    return ListVector(out)


def python_run(net_name, args, seed, epochs):
    hidden, output, loss, Y = NETS[net_name]
    net = Network(seed=seed, mode="exact")
    net.add(Dense(3, 4, init="xavier")).add(Activation(hidden))
    net.add(Dense(4, Y.shape[1], init="xavier")).add(Activation(output)).use(loss)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for e in epochs:
                net.fit(X, Y, e, **args)
        except Exception as err:  # a refusal or a divergence must happen alike in R
            return str(err)
    return {
        "weights": net.weights,
        "biases": net.biases,
        "loss_history": np.array(net.loss_history),
        "validation_loss_history": np.array(net.validation_loss_history, dtype=float),
        "validation_score_history": np.array(net.validation_score_history, dtype=float),
        "stop_reason": str(net.stop_reason),
        "best_epoch": -1 if net.best_epoch is None else net.best_epoch,
        "warnings": [str(w.message) for w in caught if "converge" in str(w.message)],
    }


def r_run(net_name, args, seed, epochs):
    hidden, output, loss, Y = NETS[net_name]
    spec = ListVector(
        {
            "seed": seed,
            "hidden": hidden,
            "output": output,
            "loss": loss,
            "epochs": robjects.IntVector(epochs),
        }
    )
    out = r["controls_run"](spec, to_r(X), to_r(Y), r_args(args))
    if out.rclass[0] == "character":
        return out[0]
    return {
        "weights": r_matrices(out.rx2("weights")),
        "biases": r_matrices(out.rx2("biases")),
        "loss_history": np.asarray(out.rx2("loss_history")),
        "validation_loss_history": np.asarray(out.rx2("validation_loss_history")),
        "validation_score_history": np.asarray(out.rx2("validation_score_history")),
        "stop_reason": out.rx2("stop_reason")[0],
        "best_epoch": int(out.rx2("best_epoch")[0]),
        "warnings": list(out.rx2("warnings")),
    }


def assert_same(py, rr):
    if isinstance(py, str) or isinstance(rr, str):
        assert py == rr
        return
    for name in ("weights", "biases"):
        assert len(py[name]) == len(rr[name]), name
        for a, b in zip(py[name], rr[name]):
            np.testing.assert_array_equal(a, b, err_msg=name)
    for name in ("loss_history", "validation_loss_history", "validation_score_history"):
        np.testing.assert_array_equal(py[name], rr[name], err_msg=name)
    for name in ("stop_reason", "best_epoch", "warnings"):
        assert py[name] == rr[name], name


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, c)) for c in CASES])
def test_training_controls_identical_in_exact_mode(case):
    net, penalty, schedule, stopping, weighted = case
    seed = CASES.index(case) + 1
    args = fit_args(net, penalty, schedule, stopping, weighted)
    py = python_run(net, args, seed, [EPOCHS])
    rr = r_run(net, args, seed, [EPOCHS])
    assert not isinstance(py, str), py
    assert_same(py, rr)


@pytest.mark.parametrize("stopping", STOPPING)
@pytest.mark.parametrize("schedule", ["adaptive", "invscaling", "nesterov"])
def test_two_fits_match_across_languages(schedule, stopping):
    """2 epochs then 4: the replayed stopping state, the padded validation
    histories and the optimiser's state carry over alike."""
    args = fit_args("bce", "alpha", schedule, stopping, True)
    py = python_run("bce", args, 7, [2, 4])
    rr = r_run("bce", args, 7, [2, 4])
    assert not isinstance(py, str), py
    assert_same(py, rr)


def test_the_grid_stops_in_every_way():
    """The grid reaches each stop reason and warns somewhere (a grid where
    nothing stops would not test stopping)."""
    reasons, warned = set(), False
    for case in CASES[::3]:
        py = python_run(case[0], fit_args(*case), CASES.index(case) + 1, [EPOCHS])
        reasons.add(py["stop_reason"])
        warned = warned or bool(py["warnings"])
    assert {"None", "tol", "early_stopping"} <= reasons
    assert warned


def test_abstol_stops_alike():
    args = {"lr": 0.5, "abstol": 0.4, "sample_weight": WEIGHTS, "weight_decay": 0.001}
    py = python_run("bce", args, 3, [40])
    rr = r_run("bce", args, 3, [40])
    assert py["stop_reason"] == "abstol" and len(py["loss_history"]) < 40
    assert_same(py, rr)


SPLITS = [
    (10, 0.3, None),
    (14, 0.1, None),
    (14, 0.5, None),
    (7, 0.99 / 7 * 6, None),
    (12, 0.25, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2]),
    (14, 0.3, list(Y_BINARY[:, 0])),
    (15, 0.4, [2.5, -1, 2.5, 7, 7, 7, -1, 2.5, 7, 7, 7, 7, -1, 2.5, 7]),
    (9, 0.2, [1, 1, 1, 1, 1, 1, 1, 1, 0]),
]


@pytest.mark.parametrize("n, fraction, keys", SPLITS)
@pytest.mark.parametrize("seed", [1, 42, 2026])
def test_validation_split_draws_the_same_rows(n, fraction, keys, seed):
    stream = RRandom(seed)
    train, val = validation_split(n, fraction, stream, keys)
    r_keys = robjects.NULL if keys is None else robjects.FloatVector(keys)
    out = r["validation_split"](n, fraction, r("twinnet:::seed_state")(seed), r_keys)
    np.testing.assert_array_equal(train + 1, np.asarray(out.rx2("train")))
    np.testing.assert_array_equal(val + 1, np.asarray(out.rx2("validation")))
    assert len(val) == int(np.ceil(fraction * n))
    assert sorted(np.concatenate([train, val]).tolist()) == list(range(n))
    # the stream moved on alike: the next draw is the same
    after = r("function(s) twinnet:::with_stream(s, runif(1))$value")(out.rx2("rng_state"))
    assert stream.runif(1)[0] == after[0]
    if keys is not None:  # each class keeps its share, to within one row
        keys = np.asarray(keys)
        for k in np.unique(keys):
            share = np.sum(keys[val] == k) / len(val)
            assert abs(share - np.mean(keys == k)) <= 1.0 / len(val) + 1e-12


def network_code(python):
    """A small network (sigmoid output, binary cross-entropy) and its R twin."""
    if python:
        net = Network(seed=1, mode="exact").add(Dense(3, 1)).add(Activation("sigmoid"))
        return net.use("binary_cross_entropy")
    return (
        "use(add(add(network(seed = 1, mode = 'exact'), dense(3, 1)), "
        "activation('sigmoid')), 'binary_cross_entropy')"
    )


Y2 = np.column_stack([Y_BINARY[:, 0], 1.0 - Y_BINARY[:, 0]])
REFUSALS = {
    "both penalties": {"alpha": 0.1, "weight_decay": 0.01},
    "negative alpha": {"alpha": -1.0},
    "negative weight_decay": {"weight_decay": -0.5},
    "unknown schedule": {"lr_schedule": "optimal"},
    "negative power_t": {"power_t": -0.5},
    "decay with invscaling": {"decay": 0.1, "lr_schedule": "invscaling"},
    "nesterov with adam": {"nesterov": True, "optimizer": "adam"},
    "nesterov with sgd": {"nesterov": True},
    "negative tol": {"tol": -1e-4},
    "n_iter_no_change 0": {"n_iter_no_change": 0},
    "n_iter_no_change 2.5": {"n_iter_no_change": 2.5},
    "adaptive without tol": {"lr_schedule": "adaptive"},
    "fraction 1": {"validation_fraction": 1.0},
    "fraction 0": {"validation_fraction": 0.0},
    "fraction -0.2": {"validation_fraction": -0.2},
    "unknown score": {"validation_score": "f1", "validation_fraction": 0.2},
    "negative abstol": {"abstol": -1.0},
    "both validations": {"validation_fraction": 0.2, "validation_data": (X, Y2)},
    "early stopping without validation": {"early_stopping": True, "tol": 1e-4},
    "early stopping without tol": {"early_stopping": True, "validation_fraction": 0.2},
    "stratify without fraction": {"stratify": True},
    "score without validation": {"validation_score": "accuracy"},
    "early stopping with checkpoints": {
        "early_stopping": True,
        "tol": 1e-4,
        "validation_fraction": 0.2,
        "checkpoint_every": 2,
        "checkpoint_path": "never-written.json",
    },
    "split leaving no training rows": {"validation_fraction": 0.95},
    "weights too few": {"sample_weight": WEIGHTS[:5]},
    "weights two columns": {"sample_weight": np.ones((N, 2))},
    "weights negative": {"sample_weight": np.where(np.arange(N) == 6, -0.5, 1.0)},
    "weights NaN": {"sample_weight": np.where(np.arange(N) == 2, np.nan, 1.0)},
    "weights all zero": {"sample_weight": np.zeros(N)},
    "validation X columns": {"validation_data": (X[:, :2], Y2[:, :1])},
    "validation rows": {"validation_data": (X[:5], Y2[:4])},
    "validation Y columns": {"validation_data": (X[:5], Y2)},
    "validation Y range": {"validation_data": (X[:5], Y2[:5, :1] * 3.0)},
    "validation weights": {"validation_data": (X[:5], Y2[:5, :1], np.ones(4))},
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refusals_say_the_same(name):
    args = REFUSALS[name]
    Y = Y2[:, :1]
    py = python_error(lambda: network_code(True).fit(X, Y, 3, **args))
    r("function(a) assign('refusal_args', a, envir = globalenv())")(r_args(args))
    rr = r_error(
        f"do.call(fit, c(list({network_code(False)}, {r_literal(X)}, {r_literal(Y)}, 3), "
        "refusal_args))"
    )
    assert py == rr


def test_refusals_of_the_loss_functions_say_the_same():
    for args in ({"alpha": 0.1, "weight_decay": 0.1}, {"sample_weight": np.ones(3)}):
        for fn in ("compute_loss", "gradients", "train_step"):
            method = getattr(network_code(True), fn)
            py = python_error(lambda m=method, a=args: m(X, Y2[:, :1], **a))
            r("function(a) assign('refusal_args', a, envir = globalenv())")(r_args(args))
            rr = r_error(
                f"do.call({fn}, c(list({network_code(False)}, {r_literal(X)}, "
                f"{r_literal(Y2[:, :1])}), refusal_args))"
            )
            assert py == rr, fn


def test_validation_data_of_the_wrong_shape_is_refused_in_each_language_s_words():
    py = python_error(lambda: network_code(True).fit(X, Y2[:, :1], 2, validation_data=X))
    rr = r_error(
        f"fit({network_code(False)}, {r_literal(X)}, {r_literal(Y2[:, :1])}, 2, "
        f"validation_data = list({r_literal(X)}))"
    )
    assert py == "validation_data must be (X_val, Y_val) or (X_val, Y_val, sample_weight_val)"
    assert (
        rr == "validation_data must be list(X_val, Y_val) or list(X_val, Y_val, sample_weight_val)"
    )


def r_literal(m):
    m = np.asarray(m, dtype=float)
    values = ", ".join(repr(float(v)) for v in m.ravel(order="F"))
    return f"matrix(c({values}), {m.shape[0]}, {m.shape[1]})"
