"""The command lines' other verbs side by side: the same text from `trace`
and `evaluate`, the same data from `datasets`, and `train --resume` picking
up the other language's checkpoint."""

import numpy as np
import pytest

from parity import FIXTURES, PY_CLI, R_CLI, run
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
    from twinnet.idx import write_idx
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


XOR_CSV = "a,label,b\n0,0,0\n0,1,1\n1,1,0\n1,0,1\n"


@pytest.mark.parametrize(
    "label, layers, extra",
    [
        ("label", "2,4,1", ["--lr", "1", "--seed", "3"]),
        ("a,label", "1,3,2", ["--activation", "tanh", "--loss", "mse"]),
    ],
)
def test_train_from_one_csv_gives_the_same_bits_in_both_languages(label, layers, extra, tmp_path):
    """Issue 10: train --data FILE --label COLUMN --layers 2,4,1, exact mode."""
    data = tmp_path / "xor.csv"
    data.write_text(XOR_CSV)
    models = []
    for name, cli in (("py", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"{name}.json"
        code, text, err = run(
            cli, "train", "--data", data, "--label", label, "--layers", layers,
            "--epochs", "30", "--mode", "exact", *extra, "--out", out,
        )  # fmt: skip
        assert code == 0, err
        models.append((load_model(out), text.replace(str(out), "OUT")))
    (a, text_a), (b, text_b) = models
    assert text_a == text_b
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert a.loss_history == b.loss_history


@pytest.mark.parametrize(
    "args, status",
    [
        (["--out", "M"], 2),
        (["--config", "c.json", "--data", "d.csv", "--out", "M"], 2),
        (["--config", "c.json", "--seed", "1", "--out", "M"], 2),
        (["--data", "D", "--layers", "2,1", "--out", "M"], 2),
        (["--data", "D", "--label", "y", "--layers", "2,,1", "--epochs", "2", "--out", "M"], 2),
        (["--data", "D", "--label", "lab", "--layers", "2,4,1", "--epochs", "2", "--out", "M"], 1),
        (["--data", "D", "--label", "label", "--layers", "3,1", "--epochs", "2", "--out", "M"], 1),
        (
            ["--data", "D", "--label", "a,label", "--layers", "1,1", "--epochs", "2", "--out", "M"],
            1,
        ),
        (["--data", "D", "--label", "b,b", "--layers", "1,2", "--epochs", "2", "--out", "M"], 1),
        (["--data", "C", "--label", "class", "--layers", "1,1", "--epochs", "2", "--out", "M"], 1),
        (
            ["--data", "C", "--label", "class", "--layers", "1,1", "--epochs", "2", "--out", "M"]
            + ["--activation", "tanh"],
            1,
        ),
    ],
)
def test_train_from_one_csv_fails_the_same_way_in_both_languages(args, status, tmp_path):
    (tmp_path / "xor.csv").write_text(XOR_CSV)
    (tmp_path / "classes.csv").write_text("x,class\n0,0\n1,1\n2,2\n3,-5\n")
    paths = {"D": tmp_path / "xor.csv", "C": tmp_path / "classes.csv", "M": tmp_path / "m.json"}
    assert "M" in args  # every row writes to paths["M"], checked below
    args = [str(paths.get(a, a)) for a in args]
    errors = []
    for cli in (PY_CLI, R_CLI):
        code, _, err = run(cli, "train", *args)
        assert code == status, (cli, err)
        assert "Traceback" not in err and "Error in" not in err
        errors.append(err.strip().splitlines()[-1].split("error: ", 1)[1])
    assert errors[0] == errors[1]
    assert not paths["M"].exists()


def test_datasets_writes_into_a_new_folder_in_both_languages(tmp_path):
    for name, cli in (("py", PY_CLI), ("r", R_CLI)):
        code, _, err = run(
            cli, "datasets", "--name", "moons", "--n", "9", "--out", tmp_path / name / "new"
        )
        assert code == 0, err
    np.testing.assert_array_equal(
        read_matrix(tmp_path / "py" / "new" / "x.csv"),
        read_matrix(tmp_path / "r" / "new" / "x.csv"),
    )
    (tmp_path / "file").write_text("")
    errors = []
    for cli in (PY_CLI, R_CLI):
        code, _, err = run(cli, "datasets", "--name", "xor", "--out", tmp_path / "file" / "sub")
        assert code == 1
        errors.append(err)
    sub = tmp_path / "file" / "sub"
    assert errors[0] == errors[1]
    assert errors[0] == f"twinnet: error: could not create the folder {sub}: Not a directory\n"


def test_compare_gives_the_same_hint_and_messages_in_both_languages(tmp_path):
    from twinnet import save_model

    config = FIXTURES / "seed000_toy" / "config.json"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(PY_CLI, "train", "--config", config, "--out", a, "--epochs", "20", "--quiet")[0] == 0
    model = load_model(a)
    model.weights[1][0, 0] += 3e-15
    model.loss_history[-1] += 1e-16
    save_model(model, b)
    csv = FIXTURES / "seed000_toy" / "y.csv"
    texts = {}
    for args, status in [
        ((a, b), 1),
        ((a, csv), 1),
        ((csv, b), 1),
        ((a, b, "--tolerance", "1e-12"), 0),
    ]:
        outputs = []
        for cli in (PY_CLI, R_CLI):
            code, text, err = run(cli, "compare", "--a", args[0], "--b", args[1], *args[2:])
            assert code == status, (cli, err)
            outputs.append((text, err))
        assert outputs[0] == outputs[1], args
        texts[args] = outputs[1][0]
    text = texts[(a, b)]  # R's, the same as Python's
    assert "verdict: different by rounding only: largest difference 3.11e-15" in text
    assert "train both with --mode exact, or accept rounding with --tolerance 1e-12" in text


@pytest.mark.parametrize(
    "flag, value",
    [
        ("--lr", "inf"),
        ("--lr", "0"),
        ("--lr", "-1"),
        ("--lr", "1e999"),
        ("--lr", "0x10"),
        ("--seed", "+5"),
        ("--seed", "1_0"),
        ("--seed", "-0"),
        ("--seed", "2147483648"),
        ("--epochs", " 5"),
    ],
)
def test_a_flags_number_is_read_the_same_way_in_both_languages(flag, value, tmp_path):
    data = tmp_path / "xor.csv"
    data.write_text(XOR_CSV)
    args = ["train", "--data", data, "--label", "label", "--layers", "2,1", "--out"]
    args += [tmp_path / "m.json", "--epochs", "1", flag, value]
    errors = []
    for cli in (PY_CLI, R_CLI):
        code, _, err = run(cli, *args)
        assert code == 2, (cli, err)
        errors.append(err.strip().splitlines()[-1].split("error: ", 1)[1])
    assert errors[0] == errors[1]
    assert errors[0].startswith(f"argument {flag}: ")


def test_predict_and_evaluate_read_the_csv_train_data_read_in_both_languages(tmp_path):
    """The CSV `train --data --label` used serves predict and evaluate too
    (the label columns left out of the inputs): the same bytes and text."""
    data = tmp_path / "xor.csv"
    data.write_text(XOR_CSV)
    model = tmp_path / "m.json"
    code, _, err = run(
        PY_CLI, "train", "--data", data, "--label", "label", "--layers", "2,3,1",
        "--epochs", "30", "--mode", "exact", "--quiet", "--out", model,
    )  # fmt: skip
    assert code == 0, err
    outputs, texts = [], []
    for name, cli in (("py", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"p-{name}.csv"
        code, _, err = run(cli, "predict", "--model", model, "--data", data, "--label", "label",
                           "--out", out, "--quiet")  # fmt: skip
        assert code == 0, err
        outputs.append(out.read_bytes())
        code, text, err = run(cli, "evaluate", "--model", model, "--data", data, "--label", "label")
        assert code == 0, err
        texts.append(text)
    assert outputs[0] == outputs[1]
    assert texts[0] == texts[1]
    assert "rows      4" in texts[0]
    X = read_matrix(data, "data")[:, [0, 2]]  # the columns but the label
    expected = load_model(model).predict(X)
    np.testing.assert_array_equal(read_matrix(tmp_path / "p-py.csv", "P"), expected)
