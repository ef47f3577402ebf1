"""The command line: train, predict and compare, exit codes and messages."""

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import FIXTURES

from twinnet.cli import main
from twinnet.io import read_matrix

TOY = FIXTURES / "seed000_toy"


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
