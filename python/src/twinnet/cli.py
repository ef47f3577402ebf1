"""Command line: ``twinnet train``, ``predict`` and ``compare``.

The same verbs and flags as ``Rscript R/exec/twinnet.R`` (the twin of this
file is ``R/R/cli.R``)::

    twinnet train --config fixtures/seed000_toy/config.json --out model.json
    twinnet predict --model model.json --x data.csv --out predictions.csv
    twinnet compare --a model_python.json --b model_r.json
"""

import argparse
import sys

from .compare import compare_files, format_rows, verdict
from .io import load_model, read_config, read_matrix, save_model, train_from_config
from .io import write_matrix
from .validation import TwinnetError


def _train(args):
    config = read_config(args.config)
    if args.mode is not None:
        config["mode"] = args.mode
    if args.epochs is not None:
        config["epochs"] = args.epochs
    X = read_matrix(config["x"], "X")
    Y = read_matrix(config["y"], "Y")
    model = train_from_config(config, X, Y)
    save_model(model, args.out)
    if not args.quiet:
        print(
            f"trained {model.sizes} ({model.mode} mode) for "
            f"{len(model.loss_history)} epochs; final loss "
            f"{model.loss_history[-1]!r}; model written to {args.out}"
        )


def _predict(args):
    model = load_model(args.model)
    X = read_matrix(args.x, "X")
    write_matrix(model.predict(X), args.out)
    if not args.quiet:
        print(f"predictions for {X.shape[0]} rows written to {args.out}")


def _compare(args):
    rows = compare_files(args.a, args.b)
    ok, sentence = verdict(rows, args.tolerance)
    print(format_rows(rows))
    print(f"verdict: {sentence}")
    return 0 if ok else 1


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
    train.add_argument("--epochs", type=int, help="override the number of epochs")
    train.add_argument("--quiet", action="store_true", help="print nothing")
    train.set_defaults(run=_train)
    predict = verbs.add_parser("predict", help="predict with a trained model")
    predict.add_argument("--model", required=True, help="model file (JSON)")
    predict.add_argument("--x", required=True, help="CSV file of inputs")
    predict.add_argument("--out", required=True, help="CSV file to write")
    predict.add_argument("--quiet", action="store_true", help="print nothing")
    predict.set_defaults(run=_predict)
    compare = verbs.add_parser(
        "compare", help="compare two model files or two CSV files, bit by bit"
    )
    compare.add_argument("--a", required=True, help="first model file or CSV")
    compare.add_argument("--b", required=True, help="second model file or CSV")
    compare.add_argument(
        "--tolerance", type=float, default=0.0,
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


if __name__ == "__main__":
    sys.exit(main())
