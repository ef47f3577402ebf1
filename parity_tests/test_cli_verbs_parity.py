"""The command lines' other verbs side by side: the same text from `trace`
and `evaluate`, the same data from `datasets`, and `train --resume` picking
up the other language's checkpoint."""

import numpy as np
import pytest
from test_cli_parity import PY_CLI, R_CLI, run

from parity import FIXTURES
from twinnet import load_model
from twinnet.io import read_matrix


@pytest.mark.parametrize("case", ["seed000_toy", "two_hidden_parity", "aflak_xor"])
def test_trace_prints_the_same_report_in_both_languages(case, tmp_path):
    outputs = []
    for cli, out in ((PY_CLI, tmp_path / "py.csv"), (R_CLI, tmp_path / "r.csv")):
        code, text, err = run(
            cli,
            "trace",
            "--config",
            FIXTURES / case / "config.json",
            "--out",
            out,
            "--mode",
            "exact",
        )
        assert code == 0, err
        outputs.append(text.replace(str(out), "OUT"))
    assert outputs[0] == outputs[1]
    assert "Step 9:" in outputs[0] and "Step 11:" in outputs[0]
    import pandas as pd

    py, rr = pd.read_csv(tmp_path / "py.csv"), pd.read_csv(tmp_path / "r.csv")
    assert (
        list(py.columns) == list(rr.columns) == ["step", "name", "formula", "row", "col", "value"]
    )
    for column in ("step", "name", "formula", "row", "col"):
        assert list(py[column]) == list(rr[column]), column
    np.testing.assert_array_equal(py["value"].to_numpy(), rr["value"].to_numpy())


@pytest.mark.parametrize("case", ["seed000_toy", "softmax_blobs", "seed002_xor"])
def test_evaluate_prints_the_same_text_in_both_languages(case, tmp_path):
    model = tmp_path / "m.json"
    code, _, err = run(
        PY_CLI,
        "train",
        "--config",
        FIXTURES / case / "config.json",
        "--out",
        model,
        "--epochs",
        "50",
        "--quiet",
    )
    assert code == 0, err
    x, y = FIXTURES / case / "x.csv", FIXTURES / case / "y.csv"
    texts = []
    for cli in (PY_CLI, R_CLI):
        code, text, err = run(cli, "evaluate", "--model", model, "--x", x, "--y", y)
        assert code == 0, err
        texts.append(text)
    assert texts[0] == texts[1]
    assert "accuracy" in texts[0] and "confusion matrix" in texts[0]


@pytest.mark.parametrize(
    "args",
    [
        ["--name", "moons", "--n", "40", "--noise", "0.2", "--seed", "3"],
        ["--name", "blobs", "--n", "30", "--centers", "4", "--sd", "1.5", "--seed", "-2"],
        ["--name", "circles", "--n", "25", "--noise", "0.05", "--factor", "0.5"],
        ["--name", "xor"],
    ],
)
def test_datasets_writes_the_same_data_in_both_languages(args, tmp_path):
    folders = []
    for name, cli in (("py", PY_CLI), ("r", R_CLI)):
        folder = tmp_path / name
        folder.mkdir()
        code, _, err = run(cli, "datasets", *args, "--out", folder)
        assert code == 0, err
        folders.append(folder)
    for file in ("x.csv", "y.csv"):
        np.testing.assert_array_equal(
            read_matrix(folders[0] / file), read_matrix(folders[1] / file)
        )
    code, py_list, _ = run(PY_CLI, "datasets")
    code_r, r_list, _ = run(R_CLI, "datasets")
    assert code == code_r == 0 and py_list == r_list


@pytest.mark.parametrize(
    "first, second", [(PY_CLI, R_CLI), (R_CLI, PY_CLI)], ids=["python_then_r", "r_then_python"]
)
def test_train_resumes_the_other_languages_checkpoint(first, second, tmp_path):
    config = FIXTURES / "softmax_blobs" / "config.json"
    whole = tmp_path / "whole.json"
    assert run(PY_CLI, "train", "--config", config, "--out", whole, "--quiet")[0] == 0
    out = tmp_path / "m.json"
    code, _, err = run(
        first,
        "train",
        "--config",
        config,
        "--out",
        out,
        "--epochs",
        "40",
        "--checkpoint-every",
        "20",
        "--quiet",
    )
    assert code == 0, err
    code, text, err = run(second, "train", "--config", config, "--out", out, "--resume")
    assert code == 0, err
    assert "resuming" in text and "after epoch 40" in text
    a, b = load_model(whole), load_model(out)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert a.loss_history == b.loss_history


def test_idx_files_read_as_the_same_inputs_and_targets(tmp_path):
    from parity import r
    from twinnet.datasets import write_idx
    from twinnet.io import read_data

    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, size=(7, 3, 4)).astype(np.uint8)
    labels = np.array([3, 0, 1, 2, 3, 1, 0], dtype=np.uint8)
    write_idx(images, tmp_path / "t-images-idx3-ubyte")
    write_idx(labels, tmp_path / "t-labels-idx1-ubyte.gz")
    x_py = read_data(tmp_path / "t-images-idx3-ubyte")
    y_py = read_data(tmp_path / "t-labels-idx1-ubyte.gz", "Y")
    assert x_py.shape == (7, 12) and y_py.shape == (7, 4)
    np.testing.assert_array_equal(x_py[0], images[0].ravel() / 255)
    x_r = np.asarray(r["read_data"](str(tmp_path / "t-images-idx3-ubyte")))
    y_r = np.asarray(r["read_data"](str(tmp_path / "t-labels-idx1-ubyte.gz"), "Y"))
    np.testing.assert_array_equal(x_py, x_r)
    np.testing.assert_array_equal(y_py, y_r)
