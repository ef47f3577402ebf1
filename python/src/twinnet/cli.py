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
import os
import sys

from . import datasets
from .compare import compare_files, format_rows, verdict
from .io import (
    load_model,
    model_from_config,
    read_config,
    read_data,
    save_model,
    train_from_config,
    write_matrix,
    write_trace,
)
from .metrics import evaluate, format_evaluation
from .trace import trace_epoch, trace_report
from .validation import TwinnetError

GENERATORS = {
    "xor": "Aflak's XOR (4 rows)",
    "toy": "Analytics Vidhya's 3 x 4 toy data",
    "loy": "Loy's 4-row table",
    "moons": "two interleaving half circles (--n, --noise, --seed)",
    "circles": "a circle inside a circle (--n, --noise, --factor, --seed)",
    "blobs": "Gaussian blobs around random centres (--n, --centers, --sd, --seed)",
}


def _train(args):
    config = read_config(args.config)
    if args.mode is not None:
        config["mode"] = args.mode
    if args.epochs is not None:
        config["epochs"] = args.epochs
    X = read_data(config["x"], "X")
    Y = read_data(config["y"], "Y")
    model, epochs = None, config["epochs"]
    if args.resume and os.path.isfile(args.out):
        model = load_model(args.out)
        epochs = config["epochs"] - len(model.loss_history)
        if not args.quiet:
            print(f"resuming {args.out} after epoch {len(model.loss_history)}")
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
        if config["x_test"] is not None and config["y_test"] is not None:
            test = evaluate(
                model, read_data(config["x_test"], "X test"), read_data(config["y_test"], "Y test")
            )
            print("test data:")
            print(format_evaluation(test))


def _predict(args):
    model = load_model(args.model)
    X = read_data(args.x, "X")
    write_matrix(model.predict(X), args.out)
    if not args.quiet:
        print(f"predictions for {X.shape[0]} rows written to {args.out}")


def _evaluate(args):
    model = load_model(args.model)
    print(format_evaluation(evaluate(model, read_data(args.x, "X"), read_data(args.y, "Y"))))


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

    model = load_model(args.model)
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
    if not os.path.isdir(args.out):
        raise TwinnetError(f"could not write to {args.out}: folder does not exist")
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


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: '{text}'")
    return value


_positive_int.__name__ = "int"  # argparse names the type in "invalid int value: 'x'"


def build_parser():
    parser = argparse.ArgumentParser(
        prog="twinnet",
        description="Train and use twinnet networks (the same flags in R).",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    train = verbs.add_parser("train", help="train a network from a config.json")
    train.add_argument("--config", required=True, help="path to config.json")
    train.add_argument("--out", required=True, help="model file to write (JSON)")
    train.add_argument("--mode", choices=["blas", "exact"], help="override mode")
    train.add_argument("--epochs", type=_positive_int, help="override the number of epochs")
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
    predict.add_argument("--x", required=True, help="CSV (or IDX) file of inputs")
    predict.add_argument("--out", required=True, help="CSV file to write")
    predict.add_argument("--quiet", action="store_true", help="print nothing")
    predict.set_defaults(run=_predict)
    evaluate_verb = verbs.add_parser(
        "evaluate", help="loss, accuracy and confusion matrix of a model on data"
    )
    evaluate_verb.add_argument("--model", required=True, help="model file (JSON)")
    evaluate_verb.add_argument("--x", required=True, help="CSV (or IDX) file of inputs")
    evaluate_verb.add_argument("--y", required=True, help="CSV (or IDX) file of targets")
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
    data.add_argument("--out", help="folder to write x.csv and y.csv to")
    data.add_argument("--n", type=_positive_int, help="number of points")
    data.add_argument("--noise", type=float, help="sd of the noise added to the points")
    data.add_argument("--factor", type=float, help="inner circle's radius (circles)")
    data.add_argument("--centers", type=_positive_int, help="number of blobs")
    data.add_argument("--sd", type=float, help="sd of each blob")
    data.add_argument("--seed", type=int, help="seed of R's generator")
    data.set_defaults(run=_datasets)
    compare = verbs.add_parser(
        "compare", help="compare two model files or two CSV files, bit by bit"
    )
    compare.add_argument("--a", required=True, help="first model file or CSV")
    compare.add_argument("--b", required=True, help="second model file or CSV")
    compare.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        help="largest absolute difference accepted (default 0: identical)",
    )
    compare.set_defaults(run=_compare)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except TwinnetError as err:
        print(f"twinnet: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (e.g. `| head`)
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
