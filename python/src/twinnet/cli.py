"""Command line: ``twinnet train``, ``predict``, ``evaluate``, ``trace``,
``plot``, ``datasets``, ``compare``, ``parity`` and ``export`` (twinnet.export;
R's command line hands it to this one).

The verbs, their flags (types, defaults, required or not) and every help text
are in one table, ``cli.json`` (R/inst/cli.json, copied here by make
sync-core), which this file and its twin ``R/R/cli.R`` both read: Python
builds its argparse parser from it, R parses with it (for the same messages).
Its length (about 720 lines): eight verbs, each checking its flags and
files before any work, as its twin does.
``Rscript R/exec/twinnet.R`` takes the same verbs and flags::

    twinnet train --config fixtures/seed000_toy/config.json --out model.json
    twinnet predict --model model.json --x data.csv --out predictions.csv
    twinnet evaluate --model model.json --x data.csv --y targets.csv
    twinnet trace --config fixtures/seed000_toy/config.json --out trace.csv
    twinnet datasets --name moons --n 200 --noise 0.2 --out data/
    twinnet plot --model model.json --kind boundary --x x.csv --y y.csv --out boundary.png
    twinnet compare --a model_python.json --b model_r.json
    twinnet parity --config fixtures/seed000_toy/config.json --out parity/
    twinnet report --config fixtures/seed000_toy/config.json --out report.html
    twinnet export --model model.json --format onnx --out model.onnx
"""

import argparse
import functools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import warnings
from importlib import resources
from pathlib import Path

INTERRUPTED = 130  # the exit status after Ctrl-C (128 + SIGINT), as shells use

try:  # numpy and pandas load here: a Ctrl-C now gets the one line it gets later
    import numpy as np

    from . import datasets
    from .compare import compare_files, compare_verdict, format_compare_rows
    from .config import CONFIG_KEYS, check_resume, json_text, read_config
    from .convergence import ConvergenceWarning
    from .files import check_writable
    from .io import read_columns, read_data, write_matrix, write_trace
    from .metrics import class_names_for, evaluate, format_evaluation, predicted_classes
    from .model_file import load_network, save_model
    from .progress import StopRequest
    from .report import report_cli
    from .trace import trace_epoch, trace_report
    from .training_config import config_xy, model_from_config, takes_images, train_from_config
    from .validation import INT_MAX, TwinnetError
except KeyboardInterrupt:  # pragma: no cover (timing)
    print("twinnet: interrupted", file=sys.stderr)
    sys.exit(INTERRUPTED)


def _cli_table():
    """The command line's table (cli.json): verbs, flags and generators."""
    text = resources.files(__package__).joinpath("cli.json").read_text(encoding="utf-8")
    return json.loads(text)


TABLE = _cli_table()


# The flags' value grammars, one function per type of the table. A value a
# type refuses is a usage error, ``argument --NAME: <message>``.


def _cli_value_error(message):
    """Refuse a flag's value: argparse adds ``argument --NAME: ``."""
    raise argparse.ArgumentTypeError(message)


def _cli_int(text):
    """int: a whole number as R's parser takes it: digits, a minus sign at
    most, no spaces, plus signs or underscores, in [-2147483647, 2147483647]
    (more than 10 digits is a leading zero or out of range)."""
    if (
        not re.fullmatch(r"-?[0-9]{1,10}", text)
        or str(int(text)) != text
        or abs(int(text)) > INT_MAX
    ):
        _cli_value_error(f"invalid int value: {text!r}")
    return int(text)


def _cli_positive_int(text):
    """positive_int: an int >= 1."""
    value = _cli_int(text)
    if value < 1:
        _cli_value_error(f"must be a positive integer: '{text}'")
    return value


POSITIVE_NUMBER = r"([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"


def _cli_float(text):
    """float: a finite decimal number, a minus sign at most (no inf, nan, plus
    signs, underscores or hexadecimal: R's parser reads the same texts)."""
    if not re.fullmatch("-?" + POSITIVE_NUMBER, text):
        _cli_value_error(f"invalid float value: {text!r}")
    value = float(text)
    if not math.isfinite(value):
        _cli_value_error(f"must be a finite number: '{text}'")
    return value


def _cli_positive_float(text):
    """positive_float: a positive finite decimal number (no inf, nan, signs
    or underscores)."""
    if not re.fullmatch(POSITIVE_NUMBER, text):
        _cli_value_error(f"invalid float value: {text!r}")
    value = float(text)
    if not (0 < value < float("inf")):
        _cli_value_error(f"must be a positive number: '{text}'")
    return value


def _cli_non_negative_float(text):
    """non_negative_float: a float >= 0."""
    value = _cli_float(text)
    if value < 0:
        _cli_value_error(f"must be a number >= 0: '{text}'")
    return value


def _cli_sizes(text):
    """sizes (--layers): units per layer, input first, e.g. ``2,4,1``."""
    parts = text.split(",")
    if len(parts) < 2 or not all(re.fullmatch(r" *[0-9]+ *", p) for p in parts):
        _cli_value_error(f"must be two or more sizes separated by commas, such as 2,4,1: '{text}'")
    sizes = [float(p) for p in parts]  # as R's as.numeric: a huge size is out of range
    if not all(1 <= v <= INT_MAX for v in sizes):
        _cli_value_error(f"each size must be in [1, {INT_MAX}]: '{text}'")
    return [int(v) for v in sizes]


FLAG_TYPES = {
    "int": _cli_int,
    "positive_int": _cli_positive_int,
    "float": _cli_float,
    "positive_float": _cli_positive_float,
    "non_negative_float": _cli_non_negative_float,
    "sizes": _cli_sizes,
}


# The checks of a verb's flags together (the table's "check"), after parsing.


def _cli_check_train_flags(parser, args, spec):
    """train: exactly one of --config or --data; the flags ``spec["data_only"]``
    only with --data, and ``spec["required_with_data"]`` required with it
    (they make the config: a config's defaults lr 0.1, seed 42, loss
    half_sse, activation sigmoid, mode blas)."""
    if args.config is None and args.data is None:
        parser.error("the following arguments are required: --config or --data")
    if args.config is not None and args.data is not None:
        parser.error("argument --data: not allowed with argument --config")
    if args.config is not None:
        for name in spec["data_only"]:
            if getattr(args, name) is not None:
                parser.error(f"argument --{name}: not allowed with argument --config")
        return
    missing = [f"--{n}" for n in spec["required_with_data"] if getattr(args, n) is None]
    if missing:
        parser.error(f"the following arguments are required with --data: {', '.join(missing)}")


def _cli_check_data_flags(parser, args, spec):
    """predict and evaluate: their data from ``spec["inputs"]`` (--x, or --x
    and --y), or from one CSV file (--data and --label), not both."""
    inputs = spec["inputs"]
    given = [f"--{n}" for n in inputs if getattr(args, n) is not None]
    if args.data is None:
        if args.label is not None:
            parser.error("argument --label: only with argument --data")
        missing = [f"--{n}" for n in inputs if getattr(args, n) is None]
        if not given:
            shown = " and ".join(f"--{n}" for n in inputs)
            parser.error(f"the following arguments are required: {shown} or --data")
        if missing:
            parser.error(f"the following arguments are required with --x: {', '.join(missing)}")
        return
    if given:
        parser.error(f"argument {given[0]}: not allowed with argument --data")
    if args.label is None:
        parser.error("the following arguments are required with --data: --label")


CHECKS = {"train_flags": _cli_check_train_flags, "data_flags": _cli_check_data_flags}


# The verbs.


def _cli_train_config(args):
    """The run's config: read from --config, or made from --data's flags."""
    if args.data is None:
        return read_config(args.config)
    config = {**CONFIG_KEYS, "x": args.data, "y": args.data}
    config.update(layers=args.layers, epochs=args.epochs)
    for name in ("lr", "seed", "loss", "activation"):  # else the config's defaults
        if getattr(args, name) is not None:
            config[name] = getattr(args, name)
    return config


def _cli_train_data(args, config):
    """X and Y of the run: the config's files, or --data split by --label."""
    if args.data is None:
        return config_xy(config)
    path = args.data
    X, Y = _cli_split_by_label(path, args.label)
    sizes = config["layers"]
    if sizes[0] != X.shape[1]:
        raise TwinnetError(
            f"--layers starts with {sizes[0]} but data file {path} has "
            f"{X.shape[1]} input columns besides the label"
        )
    if sizes[-1] != Y.shape[1]:
        raise TwinnetError(
            f"--layers ends with {sizes[-1]} but --label names {Y.shape[1]} columns "
            "(one output unit per label column)"
        )
    return X, Y


def _cli_split_by_label(path, label):
    """The inputs and targets of one CSV file: the columns ``label`` names
    (``a`` or ``a,b``) are the targets, the others the inputs, in file order."""
    names, values = read_columns(path, "data")
    labels = [v.strip(" ") for v in label.split(",")]
    for label in labels:
        if labels.count(label) > 1:
            raise TwinnetError(f"--label names the column '{label}' twice")
        found = names.count(label)
        if found == 0:
            shown = ", ".join(f"'{n}'" for n in names)
            raise TwinnetError(
                f"data file {path} has no column named '{label}' (its columns: {shown})"
            )
        if found > 1:
            raise TwinnetError(f"data file {path} has {found} columns named '{label}'")
    y_cols = [names.index(label) for label in labels]
    x_cols = [j for j in range(len(names)) if j not in y_cols]
    if not x_cols:
        raise TwinnetError(f"data file {path} has no input columns besides the label")
    return values[:, x_cols], values[:, y_cols]


def _cli_train(args):
    config = _cli_train_config(args)  # from --config, or from --data/--label/--layers
    check_writable(args.out)  # before any data is read: a bad --out costs no training
    if args.mode is not None:
        config["mode"] = args.mode
    if args.epochs is not None:
        config["epochs"] = args.epochs
    model, epochs = None, config["epochs"]
    stopped = StopRequest.stopped
    if args.resume and os.path.isfile(args.out):
        model = load_network(args.out)
        check_resume(model, config, args.out)  # the same config, or an error
        done = len(model.loss_history)
        if done > config["epochs"]:
            raise TwinnetError(
                f"cannot resume {args.out}: it has trained {done} epochs, "
                f"more than the config's {config['epochs']}"
            )
        finished = _cli_nothing_to_do(model, config, args.out)
        if finished is not None:
            if not args.quiet:
                print(finished)
            return 0
        epochs = config["epochs"] - done
        if not args.quiet:
            print(f"resuming {args.out} after epoch {done}")
    elif args.resume and not args.quiet:
        print(f"no model at {args.out} yet: training from the start")
    X, Y = _cli_train_data(args, config)
    test = None  # read before training, so that a missing file stops the run at once
    if config["x_test"] is not None and config["y_test"] is not None:
        images = takes_images(config)  # a network that starts with conv2d reads images
        test = read_data(config["x_test"], "X test", images), read_data(config["y_test"], "Y test")
    control = {"progress": False if args.quiet else None}
    if args.checkpoint_every is not None:
        control.update(checkpoint_every=args.checkpoint_every, checkpoint_path=args.out)
    warning = None
    if epochs > 0:
        model, warning = _cli_fit(config, X, Y, model, epochs, control)
    save_model(model, args.out)
    if not args.quiet:
        print(
            f"trained {_cli_shapes_text(model, X)} ({model.mode} mode) for "
            f"{len(model.loss_history)} epochs; final loss "
            f"{model.loss_history[-1]!r}; model written to {args.out}"
        )
        stop = _cli_stop_text(model, config)
        if stop is not None:
            print(stop)
        if test is not None:
            result = evaluate(model, *test, class_names=class_names_for(config["y_test"]))
            print("test data:")
            print(format_evaluation(result))
        # fit's warning (a config with tol: no stop in the run's epochs); not after Ctrl-C
        if warning is not None and StopRequest.stopped == stopped:
            print(f"twinnet: warning: {warning}", file=sys.stderr)


def _cli_nothing_to_do(model, config, out):
    """Why ``train --resume`` leaves the model in ``out`` as it is, or None:
    it has trained the config's epochs, or its last run stopped, as the
    uninterrupted run would have stopped there (unless the config no longer
    sets what stopped it)."""
    done = len(model.loss_history)
    if done == config["epochs"]:
        return f"{out} has trained all {done} epochs already; nothing to do"
    reason = model.stop_reason
    if reason is not None and config["abstol" if reason == "abstol" else "tol"] is not None:
        return f"{out} stopped after epoch {done} ({reason}); nothing to do"
    return None


def _cli_fit(config, X, Y, model, epochs, control):
    """Train as the config says: the model and the text of fit's
    ConvergenceWarning (None when it did not warn), printed by train after
    its report; other warnings are shown as Python shows them."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = train_from_config(config, X, Y, model, epochs, **control)
    message = None
    for found in caught:
        if issubclass(found.category, ConvergenceWarning):
            message = str(found.message)
        else:
            warnings.warn_explicit(found.message, found.category, found.filename, found.lineno)
    return model, message


def _cli_shapes_text(model, X):
    """The trained network for train's summary line: its dense sizes, e.g.
    ``[2, 3, 1]``, or for a network that takes images X's image shape and
    each layer's output but the activations', e.g. ``28 x 28 x 1 -> conv2d
    28 x 28 x 16 -> max_pool2d 14 x 14 x 16 -> flatten 3136 -> dense 10``."""
    from .conv import layer_shapes

    if not takes_images(model):
        return str(model.sizes)
    steps = [" x ".join(str(v) for v in X.shape[1:])]
    for layer, shape in zip(model.layers, layer_shapes(model.layers, X.shape[1:])):
        if layer.kind != "activation":
            steps.append(f"{layer.kind} {' x '.join(str(v) for v in shape)}")
    return " -> ".join(steps)


def _cli_stop_text(model, config):
    """Why the run stopped before its epochs (the fit's stop_reason), or None."""
    reason = model.stop_reason
    if reason is None:
        return None
    epochs = len(model.loss_history)
    if reason == "abstol":
        abstol = json_text(config["abstol"])
        return f"stopped after epoch {epochs}: the loss fell below abstol = {abstol}"
    watched = "the loss"
    if reason == "early_stopping":
        score = config["validation_score"]
        watched = "the validation loss" if score is None else f"the validation {score}"
    text = (
        f"stopped after epoch {epochs}: {watched} did not improve by tol = "
        f"{json_text(config['tol'])} or more for more than n_iter_no_change = "
        f"{config['n_iter_no_change']} epochs in a row"
    )
    if reason == "early_stopping":
        best = model.best_epoch  # 0: no epoch improved on the weights the run started from
        text += f"; the weights of {f'epoch {best}' if best else 'its start'} were restored"
    return text


def _cli_predict(args):
    model = load_network(args.model)
    if args.data is None:
        X = read_data(args.x, "X", images=takes_images(model))
    else:
        X = _cli_split_by_label(args.data, args.label)[0]
    write_matrix(model.predict(X), args.out)
    if not args.quiet:
        print(f"predictions for {X.shape[0]} rows written to {args.out}")


def _cli_evaluate(args):
    from .idx import FASHION_MNIST_CLASSES

    model = load_network(args.model)
    if args.data is None:
        names = FASHION_MNIST_CLASSES if args.fashion else class_names_for(args.y)
        X, Y = read_data(args.x, "X", images=takes_images(model)), read_data(args.y, "Y")
    else:
        names = FASHION_MNIST_CLASSES if args.fashion else None
        X, Y = _cli_split_by_label(args.data, args.label)
    print(format_evaluation(evaluate(model, X, Y, class_names=names)))


def _cli_trace(args):
    config = read_config(args.config)
    if args.mode is not None:
        config["mode"] = args.mode
    model = model_from_config(config)
    table = trace_epoch(model, *config_xy(config), lr=config["lr"])
    print(trace_report(table, digits=args.digits))
    if args.out is not None:
        write_trace(table, args.out)
        print(f"trace written to {args.out}")


def _cli_plot(args):
    from . import plot
    from .idx import FASHION_MNIST_CLASSES

    model = load_network(args.model)
    if args.kind in ("boundary", "images") and (args.x is None or args.y is None):
        raise TwinnetError(f"plot --kind {args.kind} needs --x and --y")
    if args.kind == "loss":
        plot.plot_loss(model, args.out)
    elif args.kind == "network":
        plot.plot_network(model, args.out)
    else:
        # the plots read one-hot rows or a column of labels (plot._as_labels)
        X, labels = read_data(args.x, "X"), read_data(args.y, "Y")
        if args.kind == "boundary":
            plot.plot_decision_boundary(model, X, labels, args.out)
        else:
            n = min(args.n, X.shape[0])
            names = FASHION_MNIST_CLASSES if args.fashion else None
            predicted = predicted_classes(model.predict(X[:n]))
            plot.plot_images(
                X[:n], labels[:n], args.out, predicted=predicted, n=n, class_names=names
            )
    print(f"{args.kind} picture written to {args.out}")


def _cli_make_folder(path):
    """Create the folder ``path`` (and its parents) unless it exists."""
    if os.path.isdir(path):
        return
    if os.path.exists(path):
        raise TwinnetError(f"could not write to {path}: it is a file, not a folder")
    try:
        os.makedirs(path)
    except OSError as err:
        raise TwinnetError(f"could not create the folder {path}: {err.strerror or err}") from None


def _cli_datasets(args):
    """List the table's generators, or write one's data (the flags its
    ``settings`` name, when given, are its arguments)."""
    generators = TABLE["generators"]
    if args.name is None:
        for name, generator in generators.items():
            print(f"{name:<9} {generator['help']}")
        return 0
    if args.out is None:
        raise TwinnetError("datasets --name needs --out, the folder to write x.csv and y.csv to")
    generator = generators[args.name]
    given = {k: getattr(args, k) for k in generator["settings"] if getattr(args, k) is not None}
    data = getattr(datasets, generator["function"])(**given)
    _cli_make_folder(args.out)
    write_matrix(data.X, os.path.join(args.out, "x.csv"), prefix="x")
    write_matrix(data.y.reshape(-1, 1), os.path.join(args.out, "y.csv"), prefix="y")
    print(
        f"{args.name}: {data.X.shape[0]} rows written to "
        f"{os.path.join(args.out, 'x.csv')} and {os.path.join(args.out, 'y.csv')}"
    )
    return 0


def _cli_compare(args):
    rows = compare_files(args.a, args.b)
    ok, sentence = compare_verdict(rows, args.tolerance)
    print(format_compare_rows(rows))
    print(f"verdict: {sentence}")
    return 0 if ok else 1


# blas mode's tolerance in parity: every value within this relative difference,
# |a - b| <= PARITY_RELATIVE * max(|a|, |b|, 1) (absolute below 1)
PARITY_RELATIVE = 1e-9
USAGE = 2  # the exit status of a usage error, and of parity without the other language


def _cli_parity(args):
    """Train --config here and in R (R's command line, a child process), each
    in --mode (exact unless blas), into OUT/python/model.json and
    OUT/r/model.json, then print the verdict (cli_parity_report): 0 for a
    pass, 1 for a difference, 2 when R's command line is not found."""
    other = _cli_r_command()
    if isinstance(other, str):
        print(f"twinnet: error: {other}", file=sys.stderr)
        return USAGE
    read_config(args.config)  # a bad config is told here, before any training
    paths = {}
    for side in ("python", "r"):
        _cli_make_folder(os.path.join(args.out, side))
        paths[side] = os.path.join(args.out, side, "model.json")
    train = ["train", "--config", args.config, "--mode", args.mode, "--quiet"]
    here = build_parser().parse_args([*train, "--out", paths["python"]])
    _cli_train(here)
    done = subprocess.run(
        [*other, *train, "--out", paths["r"]],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise TwinnetError(
            f"R's train failed (exit status {done.returncode}): {said[-1] if said else ''}"
        )
    for side in ("python", "r"):
        print(f"{side}: trained in {args.mode} mode: {paths[side]}")
    return cli_parity_report(paths["python"], paths["r"], args.mode)


def _cli_r_command():
    """R's command line as a list (Rscript and the script twinnet.R: the
    checkout's R/exec, else the installed package's exec/, found in the
    library TWINNET_RLIB names or R's own), or why it is not there (a str)."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return (
            "parity needs R's command line, and Rscript is not on the PATH "
            "(install R and the twinnet R package)"
        )
    for script in (
        Path(__file__).resolve().parents[3] / "R" / "exec" / "twinnet.R",
        Path("R") / "exec" / "twinnet.R",
    ):
        if script.is_file():
            return [rscript, str(script.resolve())]
    env = dict(os.environ)
    if os.environ.get("TWINNET_RLIB"):
        env["R_LIBS"] = os.pathsep.join(filter(None, [env["TWINNET_RLIB"], env.get("R_LIBS")]))
    found = subprocess.run(
        [rscript, "-e", "cat(system.file('exec', 'twinnet.R', package = 'twinnet'))"],
        capture_output=True,
        encoding="utf-8",
        check=False,
        env=env,
    )
    script = found.stdout.strip()
    if found.returncode == 0 and script and os.path.isfile(script):
        return [rscript, script]
    return (
        "parity needs R's command line, and the twinnet R package is not installed "
        "(R CMD INSTALL R, or set TWINNET_RLIB to the library that holds it)"
    )


def _cli_parity_quantities(network):
    """A model's values in the order parity reports them: layer by layer
    (weights[1], biases[1], weights[2], ...), then the loss history."""
    found = []
    for layer, (w, b) in enumerate(zip(network.weights, network.biases), 1):
        found += [(f"weights[{layer}]", w), (f"biases[{layer}]", b)]
    return found + [("loss_history", network.loss_history)]


def cli_parity_report(path_a, path_b, mode="exact"):
    """Print compare's rows of two model files (Python's, R's), where they
    first parted (the epoch of the loss history, the first layer and
    quantity) and the verdict: in exact mode identical bits, in blas mode
    every value within PARITY_RELATIVE. Returns the exit status, 0 for a
    pass and 1 for a difference."""
    rows = compare_files(path_a, path_b)
    print(format_compare_rows(rows))
    ok, sentence = compare_verdict(rows, 0.0)
    if ok:
        print(f"verdict: {sentence}")
        return 0
    a, b = load_network(path_a), load_network(path_b)
    ha = np.asarray(a.loss_history, dtype=np.float64)
    hb = np.asarray(b.loss_history, dtype=np.float64)
    n = min(ha.size, hb.size)
    parted = np.flatnonzero(ha[:n] != hb[:n])
    if parted.size or ha.size != hb.size:
        epoch = int(parted[0]) + 1 if parted.size else n + 1
        print(f"first difference: epoch {epoch} of the loss history")
    else:
        print(f"first difference: none in the loss history ({n} epochs equal)")
    relative, first = 0.0, None
    qa, qb = _cli_parity_quantities(a), _cli_parity_quantities(b)
    if len(qa) != len(qb):
        relative, first = math.inf, f"the layers ({len(a.weights)} against {len(b.weights)})"
    for (name, x), (_, y) in zip(qa, qb):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape:
            relative, first = math.inf, first or name
            continue
        if np.array_equal(x, y):
            continue
        scale = np.maximum(np.maximum(np.abs(x), np.abs(y)), 1.0)
        relative = max(relative, float(np.max(np.abs(x - y) / scale)))
        first = first or name
    print(f"first quantity that differs: {first}")
    worst = _cli_number_text(max(r["max_abs"] for r in rows))
    if mode == "exact":
        print(f"verdict: {sentence}; exact mode requires identical bits")
        return 1
    shown = max((r["max_ulps"] for r in rows if r["max_ulps"] is not None), default=None)
    text = (
        f"largest difference {worst} ({'-' if shown is None else shown} ULPs), "
        f"largest relative difference {_cli_number_text(relative)}"
    )
    rule = f"blas mode's tolerance, |a - b| <= {PARITY_RELATIVE:g} * max(|a|, |b|, 1)"
    if relative <= PARITY_RELATIVE:
        print(f"verdict: within tolerance: {text} <= {PARITY_RELATIVE:g} ({rule})")
        return 0
    print(f"verdict: different: {text} > {PARITY_RELATIVE:g} ({rule})")
    return 1


def _cli_number_text(value):
    """A difference as parity prints it: 3 significant digits, or infinite."""
    return "infinite" if math.isinf(value) else f"{value:.3g}"


def _cli_export(args):
    """Write --model as --format (an ONNX model or a PyTorch program) to --out
    (twinnet.export; torch and onnx are imported there, not here)."""
    from .export import EXPORT_TELLS, export_model

    export_model(args.model, args.out, args.format)
    if not args.quiet:
        print(f"{args.format} model written to {args.out} ({EXPORT_TELLS[args.format]})")


VERBS = {
    "train": _cli_train,
    "predict": _cli_predict,
    "evaluate": _cli_evaluate,
    "trace": _cli_trace,
    "plot": _cli_plot,
    "datasets": _cli_datasets,
    "compare": _cli_compare,
    "parity": _cli_parity,
    "export": _cli_export,
    "report": report_cli,
}


# The parser: argparse, built from the table.


class _Parser(argparse.ArgumentParser):  # one side: argparse protocol (R parses in cli_parse)
    """argparse with twinnet's usage errors: the usage, then one line
    ``twinnet: error: ...`` (the R twin's words; argparse would name the verb,
    ``twinnet train: error:``)."""

    def __init__(self, *args, **kwargs):
        # no abbreviations (--epoch for --epochs): R's parser takes none either
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message):  # one side: argparse protocol (R: cli_fail and twinnet_cli)
        self.print_usage(sys.stderr)
        self.exit(2, f"twinnet: error: {message}\n")


class _TopParser(_Parser):  # one side: argparse protocol (R parses in cli_parse)
    """The command's parser: arguments no verb knows are reported with the
    verb's usage (argparse would show the command's)."""

    def parse_args(self, args=None, namespace=None):  # one side: argparse protocol
        found, extra = self.parse_known_args(args, namespace)
        if extra:
            verb = self._verbs.choices.get(getattr(found, "verb", None), self)
            verb.error(f"unrecognized arguments: {' '.join(extra)}")
        return found


class _VerbParser(_Parser):  # one side: argparse protocol (R parses in cli_parse)
    """A verb's parser; ``post_check(parser, args)``, when set, checks the
    flags together after parsing (a usage error, exit 2)."""

    post_check = None

    def parse_known_args(self, args=None, namespace=None):  # one side: argparse protocol
        namespace, extra = super().parse_known_args(args, namespace)
        if self.post_check is not None and not extra:  # unknown flags are told first
            self.post_check(self, namespace)
        return namespace, extra


def _argparse_options(flag):  # one side: the table's flag as argparse's add_argument keywords
    """``add_argument``'s keywords for one flag of the table."""
    options = {"help": flag["help"]}
    if flag["type"] == "switch":
        options["action"] = "store_true"
    elif flag["type"] == "choice":
        options["choices"] = flag["choices"]
    elif flag["type"] != "string":
        options["type"] = FLAG_TYPES[flag["type"]]
    for key in ("required", "default", "metavar"):
        if key in flag:
            options[key] = flag[key]
    return options


def build_parser():  # one side: argparse's parser from the table (R reads it in cli_parse)
    """The argparse parser of the table's verbs and flags."""
    parser = _TopParser(prog="twinnet", description=TABLE["description"].replace("{other}", "R"))
    verbs = parser.add_subparsers(
        dest="verb", required=True, metavar="VERB", parser_class=_VerbParser
    )
    parser._verbs = verbs
    for verb, spec in TABLE["verbs"].items():
        sub = verbs.add_parser(verb, help=spec["help"])
        for name, flag in spec["flags"].items():
            sub.add_argument(f"--{name}", **_argparse_options(flag))
        if "check" in spec:
            sub.post_check = functools.partial(CHECKS[spec["check"]], spec=spec)
        sub.set_defaults(run=VERBS[verb])
    return parser


# twin: twinnet_cli
def main(argv=None):
    """Run the command line; returns the exit status (docs/inputs.md, "The
    command line"): 0, 1 for a twinnet error (or a compare or parity that
    finds a difference), 2 for a usage error (argparse exits; also parity
    without R's command line), 130 when Ctrl-C stopped the run (after a stopped training run
    saved the epochs it completed)."""
    args = build_parser().parse_args(argv)
    stopped = StopRequest.stopped
    try:
        status = args.run(args) or 0
    except TwinnetError as err:
        print(f"twinnet: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # a Ctrl-C outside training, or a second one
        print("twinnet: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # the reader went away (e.g. `| head`)
        sys.stderr.close()
        return 0
    return INTERRUPTED if StopRequest.stopped > stopped else status


if __name__ == "__main__":
    sys.exit(main())
