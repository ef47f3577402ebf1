"""Command line: ``twinnet train``, ``predict``, ``evaluate``, ``trace``,
``plot``, ``datasets`` and ``compare``.

The same verbs and flags as ``Rscript R/exec/twinnet.R`` (the twin of this
file is ``R/R/cli.R``)::

    twinnet train --config fixtures/seed000_toy/config.json --out model.json
    twinnet predict --model model.json --x data.csv --out predictions.csv
    twinnet evaluate --model model.json --x data.csv --y targets.csv
    twinnet trace --config fixtures/seed000_toy/config.json --out trace.csv
    twinnet datasets --name moons --n 200 --noise 0.2 --out data/
    twinnet plot --model model.json --kind boundary --x x.csv --y y.csv --out boundary.png
    twinnet compare --a model_python.json --b model_r.json
"""

import argparse
import math
import os
import re
import sys

INTERRUPTED = 130  # the exit status after Ctrl-C (128 + SIGINT), as shells use

try:  # numpy and pandas load here: a Ctrl-C now gets the one line it gets later
    from . import datasets
    from .compare import compare_files, format_rows, verdict
    from .config import check_resume
    from .convergence import convergence_check
    from .io import (
        CONFIG_KEYS,
        check_writable,
        load_network,
        model_from_config,
        read_columns,
        read_config,
        read_data,
        save_model,
        train_from_config,
        write_matrix,
        write_trace,
    )
    from .metrics import class_names_for, evaluate, format_evaluation
    from .progress import StopRequest
    from .trace import trace_epoch, trace_report
    from .validation import TwinnetError
except KeyboardInterrupt:  # pragma: no cover (timing)
    print("twinnet: interrupted", file=sys.stderr)
    sys.exit(INTERRUPTED)

GENERATORS = {
    "xor": "Aflak's XOR (4 rows)",
    "toy": "Analytics Vidhya's 3 x 4 toy data",
    "loy": "Loy's 4-row table",
    "moons": "two interleaving half circles (--n, --noise, --seed)",
    "circles": "a circle inside a circle (--n, --noise, --factor, --seed)",
    "blobs": "Gaussian blobs around random centres (--n, --centers, --sd, --seed)",
}


# train --data FILE --label COLUMN --layers 2,4,1: one CSV, the label columns
# named by header, the rest the inputs; the settings a config would hold come
# from flags, with a config's defaults (lr 0.1, seed 42, loss half_sse,
# activation sigmoid, mode blas); --epochs is required.
DATA_FLAGS = ("label", "layers", "lr", "seed", "loss", "activation")


def _check_train_flags(parser, args):
    """Exactly one of --config or --data; --data's flags only with --data."""
    if args.config is None and args.data is None:
        parser.error("the following arguments are required: --config or --data")
    if args.config is not None and args.data is not None:
        parser.error("argument --data: not allowed with argument --config")
    if args.config is not None:
        for name in DATA_FLAGS:
            if getattr(args, name) is not None:
                parser.error(f"argument --{name}: not allowed with argument --config")
        return
    missing = [f"--{n}" for n in ("label", "layers", "epochs") if getattr(args, n) is None]
    if missing:
        parser.error(f"the following arguments are required with --data: {', '.join(missing)}")


def _sizes(text):
    """--layers: units per layer, input first, e.g. ``2,4,1``."""
    parts = text.split(",")
    if len(parts) < 2 or not all(re.fullmatch(r" *[0-9]+ *", p) for p in parts):
        raise argparse.ArgumentTypeError(
            f"must be two or more sizes separated by commas, such as 2,4,1: '{text}'"
        )
    sizes = [int(p) for p in parts]
    if not all(1 <= v <= 2147483647 for v in sizes):
        raise argparse.ArgumentTypeError(f"each size must be in [1, 2147483647]: '{text}'")
    return sizes


def _train_config(args):
    """The run's config: read from --config, or made from --data's flags."""
    if args.data is None:
        return read_config(args.config)
    return {
        **CONFIG_KEYS,
        "x": args.data,
        "y": args.data,
        "layers": args.layers,
        "epochs": args.epochs,
        "lr": 0.1 if args.lr is None else args.lr,
        "seed": 42 if args.seed is None else args.seed,
        "loss": "half_sse" if args.loss is None else args.loss,
        "activation": "sigmoid" if args.activation is None else args.activation,
    }


def _train_data(args, config):
    """X and Y of the run: the config's files, or --data split by --label."""
    if args.data is None:
        return read_data(config["x"], "X"), read_data(config["y"], "Y")
    path = args.data
    X, Y = _split_by_label(path, args.label)
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


def _split_by_label(path, label):
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


def _check_data_flags(parser, args, inputs):
    """predict and evaluate: their data from ``inputs`` (--x, or --x and
    --y), or from one CSV file (--data and --label), not both."""
    given = [f"--{n}" for n in inputs if getattr(args, n) is not None]
    if args.data is None:
        if args.label is not None:
            parser.error("argument --label: only with argument --data")
        missing = [f"--{n}" for n in inputs if getattr(args, n) is None]
        if not given:
            parser.error(f"the following arguments are required: {_inputs_text(inputs)} or --data")
        if missing:
            parser.error(f"the following arguments are required with --x: {', '.join(missing)}")
        return
    if given:
        parser.error(f"argument {given[0]}: not allowed with argument --data")
    if args.label is None:
        parser.error("the following arguments are required with --data: --label")


def _inputs_text(inputs):
    return " and ".join(f"--{n}" for n in inputs)


def _data_flags(*inputs):
    def check(parser, args):
        _check_data_flags(parser, args, inputs)

    return check


def _train(args):
    config = _train_config(args)  # from --config, or from --data/--label/--layers
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
        if done == config["epochs"]:
            if not args.quiet:
                print(f"{args.out} has trained all {done} epochs already; nothing to do")
            return 0
        epochs = config["epochs"] - done
        if not args.quiet:
            print(f"resuming {args.out} after epoch {done}")
    elif args.resume and not args.quiet:
        print(f"no model at {args.out} yet: training from the start")
    X, Y = _train_data(args, config)
    test = None  # read before training, so that a missing file stops the run at once
    if config["x_test"] is not None and config["y_test"] is not None:
        test = read_data(config["x_test"], "X test"), read_data(config["y_test"], "Y test")
    control = {"progress": False if args.quiet else None}
    if args.checkpoint_every is not None:
        control.update(checkpoint_every=args.checkpoint_every, checkpoint_path=args.out)
    if epochs > 0:
        model = train_from_config(config, X, Y, model, epochs, **control)
    save_model(model, args.out)
    if not args.quiet:
        print(
            f"trained {model.sizes} ({model.mode} mode) for "
            f"{len(model.loss_history)} epochs; final loss "
            f"{model.loss_history[-1]!r}; model written to {args.out}"
        )
        if test is not None:
            result = evaluate(model, *test, class_names=class_names_for(config["y_test"]))
            print("test data:")
            print(format_evaluation(result))
        # scikit-learn's convergence test with its defaults, over the whole
        # history (a resumed run decides as an uninterrupted one); not after Ctrl-C
        message = convergence_check(model.loss_history)
        if message is not None and StopRequest.stopped == stopped:
            print(f"twinnet: warning: {message}", file=sys.stderr)


def _predict(args):
    model = load_network(args.model)
    X = read_data(args.x, "X") if args.data is None else _split_by_label(args.data, args.label)[0]
    write_matrix(model.predict(X), args.out)
    if not args.quiet:
        print(f"predictions for {X.shape[0]} rows written to {args.out}")


def _evaluate(args):
    from .plot import FASHION_MNIST_CLASSES

    model = load_network(args.model)
    if args.data is None:
        names = FASHION_MNIST_CLASSES if args.fashion else class_names_for(args.y)
        X, Y = read_data(args.x, "X"), read_data(args.y, "Y")
    else:
        names = FASHION_MNIST_CLASSES if args.fashion else None
        X, Y = _split_by_label(args.data, args.label)
    print(format_evaluation(evaluate(model, X, Y, class_names=names)))


def _trace(args):
    config = read_config(args.config)
    if args.mode is not None:
        config["mode"] = args.mode
    model = model_from_config(config)
    table = trace_epoch(
        model, read_data(config["x"], "X"), read_data(config["y"], "Y"), lr=config["lr"]
    )
    print(trace_report(table, digits=args.digits))
    if args.out is not None:
        write_trace(table, args.out)
        print(f"trace written to {args.out}")


PLOT_KINDS = ("loss", "network", "boundary", "images")


def _labels(Y):
    """Class of each row: the column of the 1 in one-hot targets, else the value."""
    return Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0]


def _plot(args):
    from . import plot

    model = load_network(args.model)
    if args.kind in ("boundary", "images") and (args.x is None or args.y is None):
        raise TwinnetError(f"plot --kind {args.kind} needs --x and --y")
    if args.kind == "loss":
        plot.plot_loss(model, args.out)
    elif args.kind == "network":
        plot.plot_network(model, args.out)
    else:
        X, labels = read_data(args.x, "X"), _labels(read_data(args.y, "Y"))
        if args.kind == "boundary":
            plot.plot_decision_boundary(model, X, labels, args.out)
        else:
            n = min(args.n, X.shape[0])
            names = plot.FASHION_MNIST_CLASSES if args.fashion else None
            predicted = (
                _labels(model.predict(X[:n]))
                if model.predict(X[:1]).shape[1] > 1
                else (model.predict(X[:n])[:, 0] > 0.5).astype(float)
            )
            plot.plot_images(
                X[:n], labels[:n], args.out, predicted=predicted, n=n, class_names=names
            )
    print(f"{args.kind} picture written to {args.out}")


def _make_folder(path):
    """Create the folder ``path`` (and its parents) unless it exists."""
    if os.path.isdir(path):
        return
    if os.path.exists(path):
        raise TwinnetError(f"could not write to {path}: it is a file, not a folder")
    try:
        os.makedirs(path)
    except OSError as err:
        raise TwinnetError(f"could not create the folder {path}: {err.strerror or err}") from None


def _datasets(args):
    if args.name is None:
        for name, text in GENERATORS.items():
            print(f"{name:<9} {text}")
        return 0
    if args.out is None:
        raise TwinnetError("datasets --name needs --out, the folder to write x.csv and y.csv to")
    settings = {
        "moons": ("n", "noise", "seed"),
        "circles": ("n", "noise", "factor", "seed"),
        "blobs": ("n", "centers", "sd", "seed"),
    }.get(args.name, ())
    given = {k: getattr(args, k) for k in settings if getattr(args, k) is not None}
    generator = getattr(
        datasets,
        {"xor": "xor_data", "toy": "toy_data", "loy": "loy_data"}.get(
            args.name, f"make_{args.name}"
        ),
    )
    data = generator(**given)
    _make_folder(args.out)
    write_matrix(data.X, os.path.join(args.out, "x.csv"), prefix="x")
    write_matrix(data.y.reshape(-1, 1), os.path.join(args.out, "y.csv"), prefix="y")
    print(
        f"{args.name}: {data.X.shape[0]} rows written to "
        f"{os.path.join(args.out, 'x.csv')} and {os.path.join(args.out, 'y.csv')}"
    )
    return 0


def _compare(args):
    rows = compare_files(args.a, args.b)
    ok, sentence = verdict(rows, args.tolerance)
    print(format_rows(rows))
    print(f"verdict: {sentence}")
    return 0 if ok else 1


def _int(text):
    """A whole number as R's parser takes it: digits, a minus sign at most,
    no spaces, plus signs or underscores, in [-2147483647, 2147483647]."""
    if not re.fullmatch(r"-?[0-9]+", text) or str(int(text)) != text:
        raise ValueError(text)
    if abs(int(text)) > 2147483647:
        raise ValueError(text)
    return int(text)


def _positive_int(text):
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: '{text}'")
    return value


POSITIVE_NUMBER = r"([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"


def _positive_float(text):
    """A positive finite decimal number (no inf, nan, signs or underscores)."""
    if not re.fullmatch(POSITIVE_NUMBER, text):
        raise ValueError(text)
    value = float(text)
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number: '{text}'")
    return value


def _float(text):
    """A finite decimal number, a minus sign at most (no inf, nan, plus signs,
    underscores or hexadecimal: R's parser reads the same texts)."""
    if not re.fullmatch("-?" + POSITIVE_NUMBER, text):
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number: '{text}'")
    return value


def _non_negative_float(text):
    value = _float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a number >= 0: '{text}'")
    return value


# argparse names the type in "invalid int value: 'x'"
_int.__name__ = _positive_int.__name__ = "int"
_positive_float.__name__ = _float.__name__ = _non_negative_float.__name__ = "float"


_sizes.__name__ = "sizes"


class _Parser(argparse.ArgumentParser):
    """argparse with twinnet's usage errors: the usage, then one line
    ``twinnet: error: ...`` (the R twin's words; argparse would name the verb,
    ``twinnet train: error:``)."""

    def __init__(self, *args, **kwargs):
        # no abbreviations (--epoch for --epochs): R's parser takes none either
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"twinnet: error: {message}\n")


class _TopParser(_Parser):
    """The command's parser: arguments no verb knows are reported with the
    verb's usage (argparse would show the command's)."""

    def parse_args(self, args=None, namespace=None):
        found, extra = self.parse_known_args(args, namespace)
        if extra:
            verb = self._verbs.choices.get(getattr(found, "verb", None), self)
            verb.error(f"unrecognized arguments: {' '.join(extra)}")
        return found


class _VerbParser(_Parser):
    """A verb's parser; ``post_check(parser, args)``, when set, checks the
    flags together after parsing (a usage error, exit 2)."""

    post_check = None

    def parse_known_args(self, args=None, namespace=None):
        namespace, extra = super().parse_known_args(args, namespace)
        if self.post_check is not None and not extra:  # unknown flags are told first
            self.post_check(self, namespace)
        return namespace, extra


def build_parser():
    parser = _TopParser(
        prog="twinnet",
        description="Train and use twinnet networks (the same flags in R).",
    )
    verbs = parser.add_subparsers(
        dest="verb", required=True, metavar="VERB", parser_class=_VerbParser
    )
    parser._verbs = verbs
    train = verbs.add_parser(
        "train", help="train a network from a config.json, or from one CSV file (--data)"
    )
    train.post_check = _check_train_flags
    train.add_argument("--config", help="path to config.json (or --data)")
    train.add_argument("--data", help="one CSV file holding the inputs and the label columns")
    train.add_argument("--label", help="with --data: the label column's name (or names, a,b)")
    train.add_argument(
        "--layers", type=_sizes, help="with --data: units per layer, input first, e.g. 2,4,1"
    )
    train.add_argument("--out", required=True, help="model file to write (JSON)")
    train.add_argument("--mode", choices=["blas", "exact"], help="override mode")
    train.add_argument(
        "--epochs", type=_positive_int, help="override the number of epochs (required with --data)"
    )
    train.add_argument(
        "--lr", type=_positive_float, help="with --data: learning rate (default 0.1)"
    )
    train.add_argument("--seed", type=_int, help="with --data: seed of R's generator (default 42)")
    train.add_argument("--loss", help="with --data: the loss (default half_sse)")
    train.add_argument("--activation", help="with --data: the activation (default sigmoid)")
    train.add_argument(
        "--checkpoint-every",
        type=_positive_int,
        metavar="N",
        help="save the model to --out every N epochs",
    )
    train.add_argument(
        "--resume",
        action="store_true",
        help="continue the model in --out up to the config's epochs",
    )
    train.add_argument("--quiet", action="store_true", help="print nothing")
    train.set_defaults(run=_train)
    predict = verbs.add_parser("predict", help="predict with a trained model")
    predict.add_argument("--model", required=True, help="model file (JSON)")
    predict.post_check = _data_flags("x")
    predict.add_argument("--x", help="CSV (or IDX) file of inputs (or --data)")
    predict.add_argument("--data", help="one CSV file: its columns but --label's are the inputs")
    predict.add_argument("--label", help="with --data: the label column's name (or names, a,b)")
    predict.add_argument("--out", required=True, help="CSV file to write")
    predict.add_argument("--quiet", action="store_true", help="print nothing")
    predict.set_defaults(run=_predict)
    evaluate_verb = verbs.add_parser(
        "evaluate", help="loss, accuracy and confusion matrix of a model on data"
    )
    evaluate_verb.add_argument("--model", required=True, help="model file (JSON)")
    evaluate_verb.post_check = _data_flags("x", "y")
    evaluate_verb.add_argument("--x", help="CSV (or IDX) file of inputs (or --data)")
    evaluate_verb.add_argument("--y", help="CSV (or IDX) file of targets")
    evaluate_verb.add_argument("--data", help="one CSV file of inputs and label columns")
    evaluate_verb.add_argument(
        "--label", help="with --data: the label column's name (or names, a,b)"
    )
    evaluate_verb.add_argument(
        "--fashion",
        action="store_true",
        help="name the classes with Fashion-MNIST's class names "
        "(the default when --y is Fashion-MNIST's label file)",
    )
    evaluate_verb.set_defaults(run=_evaluate)
    trace = verbs.add_parser("trace", help="one epoch step by step, every matrix the article names")
    trace.add_argument("--config", required=True, help="path to config.json")
    trace.add_argument("--out", help="CSV file to write the trace to (long form)")
    trace.add_argument("--mode", choices=["blas", "exact"], help="override mode")
    trace.add_argument("--digits", type=_positive_int, default=4, help="decimals shown (default 4)")
    trace.set_defaults(run=_trace)
    picture = verbs.add_parser("plot", help="draw a picture of a model (PNG)")
    picture.add_argument("--model", required=True, help="model file (JSON)")
    picture.add_argument(
        "--kind",
        required=True,
        choices=PLOT_KINDS,
        help="loss curve, network diagram, decision boundary or images",
    )
    picture.add_argument("--out", required=True, help="PNG file to write")
    picture.add_argument("--x", help="CSV (or IDX) inputs (boundary, images)")
    picture.add_argument("--y", help="CSV (or IDX) targets (boundary, images)")
    picture.add_argument("--n", type=_positive_int, default=25, help="images shown (default 25)")
    picture.add_argument(
        "--fashion", action="store_true", help="label images with Fashion-MNIST's class names"
    )
    picture.set_defaults(run=_plot)
    data = verbs.add_parser("datasets", help="list the data generators, or write one's data")
    data.add_argument("--name", choices=list(GENERATORS), help="the generator")
    data.add_argument("--out", help="folder to write x.csv and y.csv to (created if missing)")
    data.add_argument("--n", type=_positive_int, help="number of points")
    data.add_argument("--noise", type=_float, help="sd of the noise added to the points")
    data.add_argument("--factor", type=_float, help="inner circle's radius (circles)")
    data.add_argument("--centers", type=_positive_int, help="number of blobs")
    data.add_argument("--sd", type=_float, help="sd of each blob")
    data.add_argument("--seed", type=_int, help="seed of R's generator")
    data.set_defaults(run=_datasets)
    compare = verbs.add_parser(
        "compare", help="compare two model files or two CSV files, bit by bit"
    )
    compare.add_argument("--a", required=True, help="first model file or CSV")
    compare.add_argument("--b", required=True, help="second model file or CSV")
    compare.add_argument(
        "--tolerance",
        type=_non_negative_float,
        default=0.0,
        help="largest absolute difference accepted (default 0: identical)",
    )
    compare.set_defaults(run=_compare)
    return parser


def main(argv=None):
    """Run the command line; returns the exit status (docs/inputs.md, "The
    command line"): 0, 1 for a twinnet error, 2 for a usage error (argparse
    exits), 130 when Ctrl-C stopped the run (after a stopped training run
    saved the epochs it completed). Twin: ``twinnet_cli`` in R/R/cli.R."""
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
