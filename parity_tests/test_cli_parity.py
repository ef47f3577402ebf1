"""The two command lines side by side: each language trains from the same
config and predicts with the other's model file, and the files agree bit for
bit (exact mode). Also: numbers written by one language read back exactly in
the other."""

import json
from pathlib import Path

import numpy as np
import pytest

from parity import FIXTURES, PY_CLI, R_CLI, r, run, to_r
from twinnet import RRandom, load_model
from twinnet.config import read_config
from twinnet.io import read_matrix, write_matrix

CASES = ["seed000_toy", "seed002_xor", "two_hidden_parity"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    models = {}
    for case in CASES:
        for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
            path = folder / f"{case}_{lang}.json"
            code, out, err = run(
                cli,
                "train",
                "--config",
                FIXTURES / case / "config.json",
                "--out",
                path,
                "--mode",
                "exact",
            )
            assert code == 0, err
            assert "model written to" in out
            models[case, lang] = path
    return folder, models


@pytest.mark.parametrize("case", CASES)
def test_model_files_from_both_languages_hold_the_same_doubles(case, trained):
    _, models = trained
    a, b = load_model(models[case, "python"]), load_model(models[case, "r"])
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert a.loss_history == b.loss_history
    for cli in (PY_CLI, R_CLI):
        code, out, _ = run(cli, "compare", "--a", models[case, "python"], "--b", models[case, "r"])
        assert code == 0 and "verdict: identical" in out


@pytest.mark.parametrize("case", CASES)
def test_each_language_predicts_with_the_others_model(case, trained):
    folder, models = trained
    x = read_config(FIXTURES / case / "config.json")["x"]  # x.csv, or cnn_small's IDX images
    outputs = {}
    for trained_by in ("python", "r"):
        for predicted_by, cli in (("python", PY_CLI), ("r", R_CLI)):
            out = folder / f"{case}_{trained_by}_{predicted_by}.csv"
            code, _, err = run(
                cli, "predict", "--model", models[case, trained_by], "--x", x, "--out", out
            )
            assert code == 0, err
            outputs[trained_by, predicted_by] = read_matrix(out)
    first = outputs["python", "python"]
    for key, value in outputs.items():
        np.testing.assert_array_equal(value, first, err_msg=str(key))
    np.testing.assert_array_equal(first, read_matrix(FIXTURES / case / "expected" / "output.csv"))


def test_usage_errors_are_the_same_in_both_languages():
    for args, status, message in [
        (["train", "--out", "m.json"], 2, "the following arguments are required: --config"),
        (["train", "--config", "c", "--out", "m", "--mode", "fast"], 2, "invalid choice: 'fast'"),
        (
            ["train", "--config", "none.json", "--out", "m.json"],
            1,
            "twinnet: error: config file not found: none.json",
        ),
    ]:
        for cli in (PY_CLI, R_CLI):
            code, _, err = run(cli, *args)
            assert code == status, (cli, args, err)
            assert message in err, (cli, args, err)


def wide_doubles(seed):
    """100,000 doubles with exponents from -301 to 299, zeros of both signs,
    subnormals and integers among them."""
    values = RRandom(seed).rnorm(100_000)
    values *= 10.0 ** (RRandom(seed + 1).sample_int(601, 100_000, replace=True) - 302)
    values[:8] = [-0.0, 0.0, 5e-324, -5e-324, 1.0, -3.0, 2.0**60, 0.1]
    return values


def assert_same_bits(a, b):
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.signbit(a), np.signbit(b))


def test_numbers_written_by_r_read_back_exactly_in_python(tmp_path):
    values = wide_doubles(11)
    r["write_matrix"](to_r(values.reshape(-1, 10)), str(tmp_path / "r.csv"))
    assert_same_bits(read_matrix(tmp_path / "r.csv").ravel(), values)


def test_numbers_written_by_python_read_back_exactly_in_r(tmp_path):
    values = wide_doubles(13)
    write_matrix(values.reshape(-1, 10), tmp_path / "py.csv")
    back = np.asarray(r["read_matrix"](str(tmp_path / "py.csv")))
    assert_same_bits(back.ravel(), values)
    assert Path(tmp_path / "py.csv").read_text().count("\n") == 10_001


def test_model_files_carry_negative_zero_and_extremes_across(tmp_path):
    values = wide_doubles(17)[:12]
    weights = [values.reshape(3, 4), values[:4].reshape(4, 1)]
    from twinnet import MLP, save_model

    save_model(MLP([3, 4, 1], weights=weights, biases=[values[4:8], [-0.0]]), tmp_path / "py.json")
    back = r["load_model"](str(tmp_path / "py.json"))
    r["save_model"](back, str(tmp_path / "r.json"))
    again = load_model(tmp_path / "r.json")
    assert_same_bits(again.weights[0], weights[0])
    assert_same_bits(again.biases[1], np.array([[-0.0]]))


def test_train_gives_the_same_convergence_warning_in_both(tmp_path):
    """fit's convergence test (scikit-learn's, tol 1e-4 and n_iter_no_change
    10 from the config) on the same exact-mode run: the same line on standard
    error in both languages, or none in both: without tol, and when the run
    stopped (docs/formats.md)."""
    toy = FIXTURES / "seed000_toy"
    config = json.loads((toy / "config.json").read_text())
    config.update(x=str(toy / "x.csv"), y=str(toy / "y.csv"))
    warning = "twinnet: warning: training did not converge in 20 epochs: "
    cases = (
        ({"epochs": 20, "tol": 1e-4}, warning),
        ({"epochs": 20}, ""),
        ({"epochs": 30, "lr": 1e-6, "tol": 1e-4}, ""),
    )
    for changes, expected in cases:
        path = tmp_path / "config.json"
        path.write_text(json.dumps({**config, **changes}))
        errs = {}
        for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
            out = tmp_path / f"{lang}.json"
            code, _, errs[lang] = run(cli, "train", "--config", path, "--out", out)
            assert code == 0, errs[lang]
        assert errs["python"] == errs["r"]
        assert errs["python"][: len(expected)] == expected
        assert errs["python"].count("\n") == (1 if expected else 0)


def test_the_training_controls_fixture_trains_to_the_same_model_through_both(tmp_path):
    """fixtures/training_controls (case weights, alpha, a stratified split,
    early stopping on the validation loss, the adaptive rate) through both
    command lines: the same model file numbers, histories, stop and restored
    epoch, and the same report."""
    config = FIXTURES / "training_controls" / "config.json"
    outs = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        path = tmp_path / f"{lang}.json"
        code, outs[lang], err = run(cli, "train", "--config", config, "--out", path)
        assert (code, err) == (0, "")
    a, b = load_model(tmp_path / "python.json"), load_model(tmp_path / "r.json")
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert a.loss_history == b.loss_history
    np.testing.assert_array_equal(a.validation_loss_history, b.validation_loss_history)
    assert a.validation_score_history == b.validation_score_history == []
    assert (a.stop_reason, a.best_epoch) == (b.stop_reason, b.best_epoch)
    assert a.stop_reason == "early_stopping" and a.best_epoch < len(a.loss_history) < 400
    python_json = json.loads((tmp_path / "python.json").read_text())
    r_json = json.loads((tmp_path / "r.json").read_text())
    assert python_json == r_json
    report = outs["python"].replace(str(tmp_path / "python.json"), "M")
    assert report == outs["r"].replace(str(tmp_path / "r.json"), "M")
    assert f"the weights of epoch {a.best_epoch} were restored" in report


def test_train_names_a_convolutional_networks_shapes_the_same_in_both(tmp_path):
    """train's summary line for fixtures/cnn_small (8 x 8 x 2 images) gives
    each layer's output shape but the activations', worked out by hand from
    the config: 'same' 3x3 conv keeps 8 x 8 with 4 filters, 2x2 pooling
    halves it, a 2x2 'valid' conv with stride 2 gives (4 - 2) / 2 + 1 = 2
    rows and columns of 3 filters, flatten 2 * 2 * 3 = 12; both command
    lines print the same lines."""
    config = FIXTURES / "cnn_small" / "config.json"
    outs = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        path = tmp_path / f"{lang}.json"
        code, out, err = run(cli, "train", "--config", config, "--out", path)
        assert (code, err) == (0, "")
        outs[lang] = out.replace(str(path), "M")
    assert outs["python"] == outs["r"]
    assert outs["python"].startswith(
        "trained 8 x 8 x 2 -> conv2d 8 x 8 x 4 -> max_pool2d 4 x 4 x 4 -> conv2d 2 x 2 x 3"
        " -> flatten 12 -> dense 3 (exact mode) for 30 epochs; final loss "
    )
