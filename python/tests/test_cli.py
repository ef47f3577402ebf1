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
    assert main(["train", "--config", str(TOY / "config.json"), "--out", str(model),
                 "--epochs", "100", "--mode", "blas"]) == 0
    assert "for 100 epochs" in capsys.readouterr().out
    data = json.loads(model.read_text())
    assert data["config"]["mode"] == "blas" and len(data["loss_history"]) == 100
    out = tmp_path / "p.csv"
    assert main(["predict", "--model", str(model), "--x", str(TOY / "x.csv"),
                 "--out", str(out), "--quiet"]) == 0
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
        (["predict", "--model", "m", "--x", "x", "--out", "o", "--color"], "unrecognized arguments: --color"),
    ],
)
def test_usage_errors_exit_2_and_name_the_flag(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_console_script_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "twinnet.cli", "--help"],
                          capture_output=True, text=True, check=True)
    assert "train" in done.stdout and "compare" in done.stdout
