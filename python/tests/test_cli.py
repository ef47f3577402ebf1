"""The command line: train, predict and compare, exit codes and messages, and
the table (cli.json) both languages build their parsers from."""

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import FIXTURES, not_converged

from twinnet import cli
from twinnet.cli import main
from twinnet.io import read_matrix
from twinnet.model_file import load_model

TOY = FIXTURES / "seed000_toy"


def toy_config(tmp_path, **changes):
    """The toy fixture's config in ``tmp_path``, its data named by full path
    and ``changes`` made: the config's path."""
    config = json.loads((TOY / "config.json").read_text())
    config.update(x=str(TOY / "x.csv"), y=str(TOY / "y.csv"), **changes)
    (tmp_path / "config.json").write_text(json.dumps(config))
    return str(tmp_path / "config.json")


def test_train_then_predict(tmp_path, capsys):
    model = tmp_path / "model.json"
    assert (
        main(
            [
                "train",
                "--config",
                str(TOY / "config.json"),
                "--out",
                str(model),
                "--epochs",
                "100",
                "--mode",
                "blas",
            ]
        )
        == 0
    )
    assert "for 100 epochs" in capsys.readouterr().out
    data = json.loads(model.read_text())
    assert data["config"]["mode"] == "blas" and len(data["loss_history"]) == 100
    out = tmp_path / "p.csv"
    assert (
        main(
            [
                "predict",
                "--model",
                str(model),
                "--x",
                str(TOY / "x.csv"),
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == ""
    assert read_matrix(out).shape == (3, 1)


def test_compare_says_identical_or_different(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    main(["train", "--config", str(TOY / "config.json"), "--out", str(a), "--epochs", "20"])
    main(["train", "--config", str(TOY / "config.json"), "--out", str(b), "--epochs", "21"])
    capsys.readouterr()
    assert main(["compare", "--a", str(a), "--b", str(a)]) == 0
    assert "verdict: identical" in capsys.readouterr().out
    assert main(["compare", "--a", str(a), "--b", str(b)]) == 1
    out = capsys.readouterr().out
    assert "verdict: different" in out and "shapes differ: (20,) and (21,)" in out
    assert main(["compare", "--a", str(a), "--b", str(b), "--tolerance", "1e9"]) == 1


def test_errors_exit_1_with_the_message(tmp_path, capsys):
    assert main(["train", "--config", str(tmp_path / "none.json"), "--out", "m.json"]) == 1
    assert capsys.readouterr().err.startswith("twinnet: error: config file not found")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["fly"], "invalid choice: 'fly'"),
        (["parity", "--out", "o"], "the following arguments are required: --config"),
        (["parity", "--config", "c"], "the following arguments are required: --out"),
        (["parity", "--config", "c", "--out", "o", "--mode", "fast"], "invalid choice: 'fast'"),
        (["train", "--out", "m.json"], "the following arguments are required: --config"),
        (["train", "--config", "c", "--out", "m", "--mode", "fast"], "invalid choice: 'fast'"),
        (["train", "--config", "c", "--out", "m", "--epochs", "x"], "invalid int value: 'x'"),
        (
            ["predict", "--model", "m", "--x", "x", "--out", "o", "--color"],
            "unrecognized arguments: --color",
        ),
    ],
)
def test_usage_errors_exit_2_and_name_the_flag(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_console_script_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "twinnet.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "train" in done.stdout and "compare" in done.stdout


def test_evaluate_prints_loss_accuracy_and_confusion(tmp_path, capsys):
    model = tmp_path / "m.json"
    main(
        [
            "train",
            "--config",
            str(TOY / "config.json"),
            "--out",
            str(model),
            "--epochs",
            "300",
            "--quiet",
        ]
    )
    assert (
        main(
            [
                "evaluate",
                "--model",
                str(model),
                "--x",
                str(TOY / "x.csv"),
                "--y",
                str(TOY / "y.csv"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "rows      3" in out and "accuracy  1.0000" in out
    assert "confusion matrix (rows: true class, columns: predicted class)" in out


def test_trace_prints_the_articles_steps_and_writes_the_csv(tmp_path, capsys):
    import pandas as pd

    csv = tmp_path / "trace.csv"
    assert (
        main(["trace", "--config", str(TOY / "config.json"), "--out", str(csv), "--digits", "2"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Step 2: hidden_layer_input = matrix_dot_product(X, wh) + bh" in out
    assert "Step 11: bh = bh + sum(d_hiddenlayer, axis=0) * lr" in out
    table = pd.read_csv(csv)
    assert list(table.columns) == ["step", "name", "formula", "row", "col", "value"]
    assert list(table["step"].unique()) == list(range(12))


def test_datasets_lists_the_generators_and_writes_ones_data(tmp_path, capsys):
    assert main(["datasets"]) == 0
    assert "moons     two interleaving half circles" in capsys.readouterr().out
    assert main(["datasets", "--name", "moons", "--n", "20", "--out", str(tmp_path)]) == 0
    assert read_matrix(tmp_path / "x.csv").shape == (20, 2)
    assert main(["datasets", "--name", "moons"]) == 1


def test_train_with_checkpoints_resumes_to_the_same_model(tmp_path, capsys):
    from twinnet import load_model

    whole, part = tmp_path / "whole.json", tmp_path / "part.json"
    config = str(TOY / "config.json")
    main(["train", "--config", config, "--out", str(whole), "--epochs", "30", "--quiet"])
    main(
        [
            "train",
            "--config",
            config,
            "--out",
            str(part),
            "--epochs",
            "12",
            "--checkpoint-every",
            "5",
            "--quiet",
        ]
    )
    capsys.readouterr()
    assert (
        main(["train", "--config", config, "--out", str(part), "--epochs", "30", "--resume"]) == 0
    )
    assert "resuming" in capsys.readouterr().out
    a, b = load_model(whole), load_model(part)
    assert a.loss_history == b.loss_history
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["train", "--config", "c", "--out", "m", "--epochs", "0"],
            "argument --epochs: must be a positive integer: '0'",
        ),
        (["datasets", "--name", "spirals"], "argument --name: invalid choice: 'spirals'"),
        # numbers are read by one grammar in both languages (docs/inputs.md)
        (["compare", "--a", "a", "--b", "b", "--tolerance", "nan"], "invalid float value: 'nan'"),
        (["compare", "--a", "a", "--b", "b", "--tolerance", "-1"], "must be a number >= 0: '-1'"),
        (["datasets", "--name", "moons", "--noise", "1_0"], "invalid float value: '1_0'"),
        (["datasets", "--name", "blobs", "--sd", "0x10"], "invalid float value: '0x10'"),
        (["datasets", "--name", "moons", "--noise", "inf"], "invalid float value: 'inf'"),
        (["datasets", "--name", "moons", "--noise", "1e999"], "must be a finite number: '1e999'"),
        (
            ["train", "--config", "c", "--out", "m", "--zz", "--yy", "3"],
            "unrecognized arguments: --zz --yy 3",
        ),
    ],
)
def test_a_flags_value_of_the_wrong_type_names_the_flag(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_plot_draws_the_models_pictures(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    model = tmp_path / "m.json"
    main(
        [
            "train",
            "--config",
            str(TOY / "config.json"),
            "--out",
            str(model),
            "--epochs",
            "20",
            "--quiet",
        ]
    )
    for kind in ("loss", "network"):
        png = tmp_path / f"{kind}.png"
        assert main(["plot", "--model", str(model), "--kind", kind, "--out", str(png)]) == 0
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "network picture written to" in capsys.readouterr().out
    assert (
        main(
            ["plot", "--model", str(model), "--kind", "boundary", "--out", str(tmp_path / "b.png")]
        )
        == 1
    )
    assert "plot --kind boundary needs --x and --y" in capsys.readouterr().err


XOR_CSV = "a,label,b\n0,0,0\n0,1,1\n1,1,0\n1,0,1\n"


def test_train_from_one_csv_with_data_label_layers(tmp_path, capsys):
    """Issue 10, defect 11: train straight from one CSV, the label named by header."""
    from twinnet import MLP, load_model

    data = tmp_path / "xor.csv"
    data.write_text(XOR_CSV)
    out = tmp_path / "m.json"
    argv = ["train", "--data", str(data), "--label", "label", "--layers", "2,4,1"]
    argv += ["--epochs", "50", "--mode", "exact", "--lr", "1", "--seed", "3", "--out", str(out)]
    assert main(argv) == 0
    assert "trained [2, 4, 1] (exact mode) for 50 epochs" in capsys.readouterr().out
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # columns a and b
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    expected = MLP([2, 4, 1], lr=1, seed=3, mode="exact").fit(X, Y, 50)
    model = load_model(out)
    for p, q in zip(model.weights + model.biases, expected.weights + expected.biases):
        np.testing.assert_array_equal(p, q)
    assert model.loss_history == expected.loss_history
    assert (model.lr, model.loss, model.activation) == (1.0, "half_sse", "sigmoid")


def test_train_from_one_csv_takes_several_label_columns_and_the_defaults(tmp_path, capsys):
    from twinnet import MLP, load_model

    data = tmp_path / "two.csv"
    data.write_text("y2,x1,y1\n1,0.5,0\n0,-1,1\n1,2,0\n")
    out = tmp_path / "m.json"
    argv = ["train", "--data", str(data), "--label", "y1, y2", "--layers", "1,3,2"]
    assert main([*argv, "--epochs", "7", "--out", str(out), "--quiet"]) == 0
    X = np.array([[0.5], [-1.0], [2.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])  # in --label's order
    expected = MLP([1, 3, 2]).fit(X, Y, 7)  # lr 0.1, seed 42, half_sse, sigmoid, blas
    model = load_model(out)
    assert model.mode == "blas" and model.seed == 42 and model.lr == 0.1
    np.testing.assert_array_equal(model.predict(X), expected.predict(X))


@pytest.mark.parametrize(
    "extra, message",
    [
        ([], "the following arguments are required: --config or --data"),
        (
            ["--config", "c.json", "--data", "d.csv"],
            "argument --data: not allowed with argument --config",
        ),
        (["--config", "c.json", "--lr", "1"], "argument --lr: not allowed with argument --config"),
        (
            ["--config", "c.json", "--label", "y"],
            "argument --label: not allowed with argument --config",
        ),
        (
            ["--data", "d.csv", "--layers", "2,1"],
            "the following arguments are required with --data: --label, --epochs",
        ),
        (
            ["--data", "d.csv", "--label", "y", "--layers", "2,x", "--epochs", "3"],
            "argument --layers: must be two or more sizes separated by commas, "
            "such as 2,4,1: '2,x'",
        ),
        (
            ["--data", "d.csv", "--label", "y", "--layers", "3", "--epochs", "3"],
            "argument --layers: must be two or more sizes separated by commas, such as 2,4,1: '3'",
        ),
        (
            ["--data", "d.csv", "--label", "y", "--layers", "2,0", "--epochs", "3"],
            "argument --layers: each size must be in [1, 2147483647]: '2,0'",
        ),
    ],
)
def test_train_needs_config_or_data_and_datas_flags(extra, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "--out", "m.json", *extra])
    assert info.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"error: {message}")


@pytest.mark.parametrize(
    "label, layers, message",
    [
        (
            "lab",
            "2,4,1",
            "data file {d} has no column named 'lab' (its columns: 'a', 'label', 'b')",
        ),
        ("label,label", "2,4,2", "--label names the column 'label' twice"),
        ("a,label,b", "1,1", "data file {d} has no input columns besides the label"),
        (
            "label",
            "3,4,1",
            "--layers starts with 3 but data file {d} has 2 input columns besides the label",
        ),
        (
            "a,label",
            "1,4,1",
            "--layers ends with 1 but --label names 2 columns (one output unit per label column)",
        ),
    ],
)
def test_train_from_one_csv_names_a_bad_label_or_size(tmp_path, capsys, label, layers, message):
    data = tmp_path / "xor.csv"
    data.write_text(XOR_CSV)
    out = tmp_path / "m.json"
    argv = ["train", "--data", str(data), "--label", label, "--layers", layers, "--epochs", "2"]
    assert main([*argv, "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"twinnet: error: {message.format(d=data)}\n"
    assert not out.exists()


def test_train_from_one_csv_refuses_a_repeated_label_name_and_unreachable_targets(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("x,y,y\n0,1,0\n1,0,1\n")
    argv = ["train", "--data", str(data), "--label", "y", "--layers", "1,1", "--epochs", "2"]
    assert main([*argv, "--out", str(tmp_path / "m.json")]) == 1
    assert capsys.readouterr().err == f"twinnet: error: data file {data} has 2 columns named 'y'\n"
    data.write_text("x,class\n0,0\n1,1\n2,2\n")
    argv = ["train", "--data", str(data), "--label", "class", "--layers", "1,1", "--epochs", "2"]
    assert main([*argv, "--out", str(tmp_path / "m.json")]) == 1
    assert capsys.readouterr().err.startswith(
        "twinnet: error: Y has the value 2 (row 3, column 1) but a sigmoid output gives values "
        "between 0 and 1: scale the targets into [0, 1]"
    )


def test_datasets_creates_a_folder_that_does_not_exist(tmp_path, capsys):
    folder = tmp_path / "new" / "deeper"
    assert main(["datasets", "--name", "xor", "--out", str(folder)]) == 0
    assert read_matrix(folder / "x.csv").shape == (4, 2)
    (tmp_path / "file").write_text("")
    assert main(["datasets", "--name", "xor", "--out", str(tmp_path / "file")]) == 1
    err = capsys.readouterr().err
    assert err.endswith(
        f"twinnet: error: could not write to {tmp_path / 'file'}: it is a file, not a folder\n"
    )
    assert main(["datasets", "--name", "xor", "--out", str(tmp_path / "file" / "sub")]) == 1
    assert capsys.readouterr().err == (
        f"twinnet: error: could not create the folder {tmp_path / 'file' / 'sub'}: "
        "Not a directory\n"
    )


def test_compare_of_a_model_with_a_csv_says_which_is_which(tmp_path, capsys):
    model = tmp_path / "m.json"
    main(["train", "--config", str(TOY / "config.json"), "--out", str(model), "--epochs", "2"])
    capsys.readouterr()
    csv = TOY / "y.csv"
    assert main(["compare", "--a", str(model), "--b", str(csv)]) == 1
    assert capsys.readouterr().err == (
        f"twinnet: error: cannot compare {model} with {csv}: {model} is a model file and "
        f"{csv} is a CSV file; compare two model files or two CSV files\n"
    )


ROUNDING_VERDICT = (
    "verdict: different by rounding only: largest difference {}; the two runs agree to "
    "rounding, as blas mode promises; for identical bits train both with --mode exact, "
    "or accept rounding with --tolerance 1e-12\n"
)


def test_compare_says_when_two_runs_differ_by_rounding_only(tmp_path, capsys):
    """Issue 10, defect 11: blas-mode runs 5e-15 apart were 'different' without a hint."""
    from twinnet import load_model, save_model

    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    main(["train", "--config", str(TOY / "config.json"), "--out", str(a), "--epochs", "5"])
    model = load_model(a)
    model.weights[0][0, 0] += 5e-15
    save_model(model, b)
    capsys.readouterr()
    assert main(["compare", "--a", str(a), "--b", str(b)]) == 1
    out = capsys.readouterr().out
    delta = abs(load_model(a).weights[0][0, 0] - model.weights[0][0, 0])
    assert out.endswith(ROUNDING_VERDICT.format(f"{delta:.3g}"))
    assert main(["compare", "--a", str(a), "--b", str(b), "--tolerance", "1e-12"]) == 0
    model.weights[0][0, 0] += 1e-3  # a real difference: no hint
    save_model(model, c)
    capsys.readouterr()
    assert main(["compare", "--a", str(a), "--b", str(c)]) == 1
    assert capsys.readouterr().out.endswith("verdict: different: largest difference 0.001\n")


def test_flags_are_never_abbreviated_and_take_flag_equals_value(tmp_path, capsys):
    """R's parser takes no abbreviation: --epoch is not --epochs in either language."""
    with pytest.raises(SystemExit) as info:
        main(["train", "--config", "c.json", "--out", "m.json", "--epoch", "3"])
    assert info.value.code == 2
    assert "error: unrecognized arguments: --epoch 3" in capsys.readouterr().err
    assert main(["datasets", "--name=xor", f"--out={tmp_path / 'd'}"]) == 0
    with pytest.raises(SystemExit):
        main(["predict", "--model", "m", "--x", "x", "--out", "o", "--quiet=1"])
    assert "argument --quiet: ignored explicit argument '1'" in capsys.readouterr().err


def test_a_missing_test_file_stops_train_before_anything_is_written(tmp_path, capsys):
    """x_test/y_test are read before training, with --quiet too (they were
    read only to print the evaluation, so --quiet skipped a missing file)."""
    config = toy_config(tmp_path, x_test="nope.csv", y_test=str(TOY / "y.csv"))
    out = tmp_path / "m.json"
    out.write_text("keep")
    argv = ["train", "--config", config, "--out", str(out), "--quiet"]
    assert main(argv) == 1
    assert f"X test file not found: {tmp_path / 'nope.csv'}" in capsys.readouterr().err
    assert out.read_text() == "keep"


def test_train_warns_on_stderr_when_training_has_not_converged(tmp_path, capsys):
    """A config with tol: fit's ConvergenceWarning (scikit-learn's test, tol and
    n_iter_no_change from the config, docs/formats.md) as one line on standard
    error after the report; exit status 0; nothing with --quiet, nothing
    without tol (the articles). Twin: R/tests/testthat/test-cli.R."""
    out = str(tmp_path / "m.json")
    config = toy_config(tmp_path, epochs=20)
    assert main(["train", "--config", config, "--out", out]) == 0
    assert capsys.readouterr().err == ""  # no tol: never warns
    config = toy_config(tmp_path, epochs=20, tol=1e-4)  # lr 0.1: still falling at epoch 20
    assert main(["train", "--config", config, "--out", out]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"twinnet: warning: {not_converged(20)}\n"
    assert "for 20 epochs" in captured.out and "stopped" not in captured.out
    assert main(["train", "--config", config, "--out", out, "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    # lr 1e-6: the loss moves by less than 1e-4, the count passes 10 at epoch 12
    config = toy_config(tmp_path, epochs=30, lr=1e-6, tol=1e-4)
    assert main(["train", "--config", config, "--out", out]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert (
        "stopped after epoch 12: the loss did not improve by tol = 0.0001 or more for "
        "more than n_iter_no_change = 10 epochs in a row\n"
    ) in captured.out
    assert load_model(out).stop_reason == "tol"
    # resuming a run that stopped: an uninterrupted run ends there too
    assert main(["train", "--config", config, "--out", out, "--resume"]) == 0
    assert capsys.readouterr().out == f"{out} stopped after epoch 12 (tol); nothing to do\n"
    # 5 epochs do not stop (warning); resumed, the count carries on and stops at 12
    assert main(["train", "--config", config, "--out", out, "--epochs", "5"]) == 0
    assert capsys.readouterr().err == f"twinnet: warning: {not_converged(5)}\n"
    assert main(["train", "--config", config, "--out", out, "--resume"]) == 0
    captured = capsys.readouterr()
    assert "resuming" in captured.out and "stopped after epoch 12" in captured.out
    assert captured.err == ""
    assert len(load_model(out).loss_history) == 12
    # without tol the config no longer stops there: training goes on to its epochs
    config = toy_config(tmp_path, epochs=30, lr=1e-6)
    assert main(["train", "--config", config, "--out", out, "--resume", "--quiet"]) == 0
    assert len(load_model(out).loss_history) == 30 and load_model(out).stop_reason is None


def test_a_usage_error_shows_the_verbs_usage_then_one_twinnet_error_line(capsys):
    """The R twin's words: argparse alone would say ``twinnet train: error:``
    and show the command's usage for an unknown flag."""
    with pytest.raises(SystemExit) as info:
        main(["train", "--config", "c.json", "--epoch", "3", "--out", "m.json"])
    assert info.value.code == 2
    err = capsys.readouterr().err.rstrip("\n").split("\n")
    assert err[0].startswith("usage: twinnet train [-h] [--config CONFIG]")
    assert err[-1] == "twinnet: error: unrecognized arguments: --epoch 3"


def test_a_bad_out_is_refused_before_any_training(tmp_path, capsys):
    """2147483647 epochs would run for days: the missing folder of --out must
    be reported at once, not after training."""
    config = toy_config(tmp_path, epochs=2147483647)
    out = tmp_path / "nope" / "m.json"
    assert main(["train", "--config", config, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"twinnet: error: could not write {out}: folder {out.parent} does not exist\n"
    assert main(["train", "--config", config, "--out", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().err == f"twinnet: error: could not write {tmp_path}: it is a folder\n"
    )


def test_resume_without_a_model_says_it_starts_from_the_beginning(tmp_path, capsys):
    out = tmp_path / "m.json"
    config = str(FIXTURES / "seed000_toy" / "config.json")
    assert main(["train", "--config", config, "--out", str(out), "--epochs", "2", "--resume"]) == 0
    assert capsys.readouterr().out.startswith(f"no model at {out} yet: training from the start\n")


def test_predict_and_evaluate_take_the_csv_train_data_took(tmp_path, capsys):
    """--data FILE --label COL: the label columns are left out of the inputs
    (predict) or are the targets (evaluate), as train --data reads them."""
    data = tmp_path / "xor.csv"
    data.write_text("x1,xor,x2\n0,0,0\n0,1,1\n1,1,0\n1,0,1\n")
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    argv = ["--data", str(data), "--label", "xor"]
    assert main(["train", *argv, "--layers", "2,3,1", "--epochs", "5", "--out", str(model)]) == 0
    assert main(["predict", "--model", str(model), *argv, "--out", str(out), "--quiet"]) == 0
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    from twinnet import load_model

    np.testing.assert_array_equal(read_matrix(out, "P"), load_model(model).predict(X))
    capsys.readouterr()
    assert main(["evaluate", "--model", str(model), *argv]) == 0
    assert capsys.readouterr().out.startswith("rows      4\n")
    with pytest.raises(SystemExit) as info:
        main(["predict", "--model", str(model), "--x", str(data), *argv, "--out", str(out)])
    assert info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "twinnet: error: argument --x: not allowed with argument --data\n"
    )


def test_the_python_copy_of_the_command_line_table_has_the_r_packages_bytes():
    """make sync-core copies R/inst/cli.json (R's system.file) to the Python
    package; the two languages must read the same table."""
    r_table = FIXTURES.parent / "R" / "inst" / "cli.json"
    py_table = FIXTURES.parent / "python" / "src" / "twinnet" / "cli.json"
    assert py_table.read_bytes() == r_table.read_bytes(), "run make sync-core"


def test_every_type_verb_check_and_generator_of_the_table_has_its_function():
    table = cli.TABLE
    assert list(table["verbs"]) == list(cli.VERBS)
    for verb, spec in table["verbs"].items():
        assert spec.get("check") in (None, *cli.CHECKS), verb
        for name, flag in spec["flags"].items():
            assert flag["type"] in {"string", "switch", "choice", *cli.FLAG_TYPES}, name
            assert ("choices" in flag) == (flag["type"] == "choice"), name
    names = table["verbs"]["datasets"]["flags"]["name"]["choices"]
    assert names == list(table["generators"])
    for generator in table["generators"].values():
        assert callable(getattr(cli.datasets, generator["function"]))


@pytest.mark.parametrize(
    "verb", ["train", "predict", "evaluate", "trace", "plot", "compare", "parity"]
)
def test_each_verbs_help_shows_the_tables_flags_and_help_texts(verb, capsys):
    with pytest.raises(SystemExit) as stop:
        main([verb, "--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps long lines
    for name, flag in cli.TABLE["verbs"][verb]["flags"].items():
        assert f"--{name}" in out
        assert " ".join(flag["help"].split()) in out


def test_parity_without_r_is_a_clear_error_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no Rscript
    out = tmp_path / "parity"
    assert main(["parity", "--config", str(TOY / "config.json"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "twinnet: error: parity needs R's command line, and Rscript is not on the PATH "
        "(install R and the twinnet R package)\n"
    )
    assert not out.exists()  # nothing trained


def _parity_pair(tmp_path, edit):
    """A model of the toy (exact mode, 5 epochs) and its copy with ``edit``
    applied to the copy's JSON."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    argv = ["train", "--config", str(TOY / "config.json"), "--out", str(a), "--epochs", "5"]
    assert main([*argv, "--mode", "exact", "--quiet"]) == 0
    model = json.loads(a.read_text())
    edit(model)
    b.write_text(json.dumps(model))
    return str(a), str(b)


def test_parity_report_names_the_first_epoch_and_quantity_that_differ(tmp_path, capsys):
    def edit(model):  # epoch 3's loss, and a bias of layer 1 and a weight of layer 2
        model["loss_history"][2] += 1e-3
        model["biases"][0][1] += 1e-3
        model["weights"][1][0][0] += 1e-3

    a, b = _parity_pair(tmp_path, edit)
    assert cli.cli_parity_report(a, a) == 0
    assert capsys.readouterr().out.endswith(
        "verdict: identical: every value equal to the last bit\n"
    )
    assert cli.cli_parity_report(a, b) == 1
    out = capsys.readouterr().out
    # layer by layer: layer 1's biases before layer 2's weights (compare lists weights first)
    assert "first difference: epoch 3 of the loss history\n" in out
    assert "first quantity that differs: biases[1]\n" in out
    assert out.endswith(
        "verdict: different: largest difference 0.001; exact mode requires identical bits\n"
    )
    assert cli.cli_parity_report(a, b, "blas") == 1  # 1e-3 is far beyond 1e-9
    assert "verdict: different: largest difference 0.001 (" in capsys.readouterr().out


def test_parity_report_in_blas_mode_accepts_a_relative_difference_up_to_1e_9(tmp_path, capsys):
    def edit(model):  # one weight a few ULPs off (relative 1e-15), as blas rounding is
        w = model["weights"][0][0][0]
        model["weights"][0][0][0] = float(np.nextafter(np.nextafter(w, np.inf), np.inf))

    a, b = _parity_pair(tmp_path, edit)
    assert cli.cli_parity_report(a, b) == 1  # exact mode: not identical
    capsys.readouterr()
    assert cli.cli_parity_report(a, b, "blas") == 0
    out = capsys.readouterr().out
    assert "first difference: none in the loss history (5 epochs equal)\n" in out
    assert "first quantity that differs: weights[1]\n" in out
    assert "verdict: within tolerance: largest difference " in out
    assert "(2 ULPs)" in out and "<= 1e-09" in out
