"""The examples of issue 15 (fixtures/examples/), run briefly by both command
lines: Aflak's MNIST solver as his article wrote it (784-100-50-10 tanh, mse,
per-sample descent on the first 1000 Fashion-MNIST images). An epoch or two here;
its 35 epochs, timed, are ``make examples``.

Exact mode: the two model files hold the same bits and ``train`` prints the
same test-set report. Blas mode: within the bound measured below."""

import json
from pathlib import Path

import numpy as np
import pytest

from parity import PY_CLI, R_CLI, ROOT, run

EXAMPLES = ROOT / "fixtures" / "examples"
FASHION = Path("/usr/share/datasets/fashion-mnist")
pytestmark = pytest.mark.skipif(
    not (FASHION / "t10k-labels-idx1-ubyte.gz").is_file(),
    reason="Fashion-MNIST not installed (Debian package dataset-fashion-mnist, make setup)",
)
# Blas mode, 1 epoch (1000 per-sample steps): measured here 5.7e-10 largest
# weight difference between the languages (35 epochs: 1.7e-08).
BLAS_BOUND = 1e-8


def _train_both(config, tmp_path, *flags):
    """Each language's ``train`` of a config: model file dicts and the
    standard output after its first line (the test-set report)."""
    models, reports = {}, {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"{lang}.json"
        code, text, err = run(cli, "train", "--config", config, "--out", out, *flags, cwd=ROOT)
        assert code == 0, text + err
        models[lang] = json.loads(out.read_text())
        reports[lang] = text.split("\n", 1)[1]
    return models, reports


def _arrays(model):
    return [np.array(m, dtype=float) for m in model["weights"] + [model["loss_history"]]]


@pytest.fixture(scope="module")
def aflak_exact(tmp_path_factory):
    """Aflak's example, 2 epochs in exact mode, trained by both command lines."""
    config = EXAMPLES / "aflak_mnist" / "config.json"
    folder = tmp_path_factory.mktemp("aflak")
    return _train_both(config, folder, "--epochs", "2", "--mode", "exact")


def test_aflak_mnist_two_epochs_identical_in_exact_mode(aflak_exact):
    models, reports = aflak_exact
    py, r = models["python"], models["r"]
    assert [len(w) for w in py["weights"]] == [784, 100, 50]
    assert len(py["loss_history"]) == 2
    for a, b in zip(_arrays(py), _arrays(r), strict=True):
        np.testing.assert_array_equal(a, b)
    assert py["biases"] == r["biases"]
    assert reports["python"] == reports["r"]
    assert "rows      10000\n" in reports["python"]  # the whole test set


def test_aflak_mnist_one_epoch_within_bound_in_blas_mode(tmp_path):
    models, reports = _train_both(
        EXAMPLES / "aflak_mnist" / "config.json", tmp_path, "--epochs", "1"
    )
    for a, b in zip(_arrays(models["python"]), _arrays(models["r"]), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=BLAS_BOUND)
    accuracy = [line for line in reports["python"].splitlines() if line.startswith("accuracy")]
    assert accuracy == [line for line in reports["r"].splitlines() if line.startswith("accuracy")]


def test_n_rows_trains_on_the_first_rows_only(aflak_exact, tmp_path):
    # R's run with n_rows 1000 is Python's run of files that hold only the
    # first 1000 images (written here from the IDX files' first records)
    from twinnet.idx import read_idx, write_idx

    for kind in ("images-idx3", "labels-idx1"):
        data = read_idx(FASHION / f"train-{kind}-ubyte.gz", n=1000)
        write_idx(data, tmp_path / f"first-{kind}-ubyte")
    config = json.loads((EXAMPLES / "aflak_mnist" / "config.json").read_text())
    del config["n_rows"], config["x_test"], config["y_test"]
    config.update(x="first-images-idx3-ubyte", y="first-labels-idx1-ubyte", epochs=2, mode="exact")
    (tmp_path / "cut.json").write_text(json.dumps(config))
    code, _, err = run(PY_CLI, "train", "--config", tmp_path / "cut.json", "--out",
                       tmp_path / "cut_model.json", "--quiet")  # fmt: skip
    assert code == 0, err
    cut = json.loads((tmp_path / "cut_model.json").read_text())
    n_rows = aflak_exact[0]["r"]
    assert cut["weights"] == n_rows["weights"] and cut["loss_history"] == n_rows["loss_history"]


@pytest.mark.parametrize("mode", ["exact", "blas"])
def test_fashion_cnn_on_its_first_images_alike_in_both_languages(mode, tmp_path):
    # the CNN example's config on its first 128 training images, one epoch,
    # without its test set (its full runs: make examples)
    config = json.loads((EXAMPLES / "fashion_cnn" / "config.json").read_text())
    del config["x_test"], config["y_test"]
    config.update(n_rows=128, epochs=1, mode=mode)
    (tmp_path / "config.json").write_text(json.dumps(config))
    models, _ = _train_both(tmp_path / "config.json", tmp_path)
    py, r = models["python"], models["r"]
    assert [np.shape(w) for w in py["weights"]] == [(9, 16), (144, 32), (1568, 128), (128, 10)]
    for a, b in zip(_arrays(py), _arrays(r), strict=True):
        if mode == "exact":
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=0, atol=BLAS_BOUND)
