"""Export from R (issue 14, item 3): R's `twinnet export` (R/exec/twinnet.R)
and R's export_model() hand the model file to Python's exporter and write
the ONNX file Python writes for the same network, byte for byte, predicting
what R's predict() gives within 1e-12 in onnxruntime; without Python's
twinnet, R says so in one line (exit status 2 on the command line, a
twinnet error from export_model()); and a bad format or a non-model get the
same message in both languages."""

import numpy as np
import pytest

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("torch")

from parity import FIXTURES, PY_CLI, R_CLI, R_ENV, ROOT, from_r, python_error, r, r_error, run, to_r  # noqa: E402
from twinnet import MLP  # noqa: E402
from twinnet.export import export_model, to_onnx  # noqa: E402
from twinnet.io import read_matrix  # noqa: E402

BOUND = 1e-12  # as python/tests/test_export.py (measured there: at most 7.1e-15)
X = np.random.default_rng(14).normal(size=(30, 4))


def _onnx_predict(path, X):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"X": X})[0]


@pytest.mark.parametrize("case", ["seed000_toy", "aflak_xor"])
def test_both_command_lines_export_the_same_bytes_from_either_languages_model(case, tmp_path):
    config = FIXTURES / case / "config.json"
    models = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        models[lang] = tmp_path / f"model_{lang}.json"
        code, _, err = run(cli, "train", "--config", config, "--mode", "exact", "--quiet",
                           "--out", models[lang], cwd=ROOT)  # fmt: skip
        assert code == 0, err
    written = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        for trained_by, model in models.items():
            out = tmp_path / f"{trained_by}_by_{lang}.onnx"
            code, text, err = run(cli, "export", "--model", model, "--format", "onnx",
                                  "--out", out, cwd=ROOT)  # fmt: skip
            assert code == 0, text + err
            assert (
                text
                == f"onnx model written to {out} (ONNX opset 17, float64 input X and output Y)\n"
            )
            written[trained_by, lang] = out.read_bytes()
    assert len(set(written.values())) == 1  # exact mode: the same weights, the same file
    inputs = read_matrix(FIXTURES / case / "x.csv", "X")
    predict_r = r(f'function(X) predict(load_model("{models["r"].as_posix()}"), X)')
    predicted = from_r(predict_r(to_r(inputs)))
    assert np.max(np.abs(_onnx_predict(tmp_path / "r_by_r.onnx", inputs) - predicted)) <= BOUND


def test_r_command_line_exports_torch_through_python(tmp_path):
    model = tmp_path / "model.json"
    code, _, err = run(R_CLI, "train", "--config", FIXTURES / "seed000_toy" / "config.json",
                       "--out", model, "--quiet", cwd=ROOT)  # fmt: skip
    assert code == 0, err
    code, text, err = run(R_CLI, "export", "--model", model, "--format", "torch",
                          "--out", tmp_path / "m.pt2", "--quiet", cwd=ROOT)  # fmt: skip
    assert (code, text, err) == (0, "", "")
    assert (tmp_path / "m.pt2").stat().st_size > 0


def test_r_export_model_writes_the_onnx_file_python_writes(tmp_path):
    # the same MLP trained in both languages (exact mode: the same weights)
    Y = (X[:, :2] > 0).astype(float)
    net = MLP([4, 5, 2], lr=0.1, seed=8, mode="exact", activation="tanh", loss="mse")
    Y = Y * 2 - 1
    net.fit(X, Y, epochs=25)
    to_onnx(net, str(tmp_path / "python.onnx"))
    out = (tmp_path / "r.onnx").as_posix()
    predicted = from_r(
        r(f"""function(X, Y) local({{
        export_net <- mlp(c(4, 5, 2), lr = 0.1, seed = 8, mode = "exact",
                          activation = "tanh", loss = "mse")
        export_net <- fit(export_net, X, Y, epochs = 25)
        stopifnot(identical(export_model(export_net, "{out}"), "{out}"))
        predict(export_net, X)
    }})""")(to_r(X), to_r(Y))
    )
    assert (tmp_path / "r.onnx").read_bytes() == (tmp_path / "python.onnx").read_bytes()
    assert np.max(np.abs(_onnx_predict(tmp_path / "r.onnx", X) - predicted)) <= BOUND


def test_r_export_model_of_a_fit_gives_its_probabilities(tmp_path):
    out = (tmp_path / "fit.onnx").as_posix()
    columns = X * [1, 10, 100, 0.1]  # scale = TRUE matters
    probs = from_r(
        r(f"""function(X) local({{
        export_y <- factor(ifelse(X[, 1] + X[, 2] / 10 > 0, "yes", "no"))
        export_fit <- twinnet(X, export_y, hidden = 4, epochs = 30, lr = 0.01,
                              seed = 3, scale = TRUE, mode = "exact")
        export_model(export_fit, "{out}", format = "onnx")
        predict(export_fit, X, type = "prob")
    }})""")(to_r(columns))
    )
    ours = _onnx_predict(out, columns)
    assert ours.shape == (30, 2) and probs.std() > 1e-3
    assert np.max(np.abs(ours - probs)) <= BOUND


def _no_python_env(tmp_path):
    """An environment where R finds no Python twinnet: no TWINNET_PYTHON, a
    PATH whose python3 lacks it (a stand-in that fails), run outside the
    checkout (no .venv/bin/twinnet)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "python3").chmod(0o755)
    env = {k: v for k, v in R_ENV.items() if k != "TWINNET_PYTHON"}
    env["PATH"] = f"{bin_dir}:/usr/bin:/bin"
    return env


MISSING = (
    "export needs Python's command line, and it was not found: no TWINNET_PYTHON, "
    "no .venv/bin/twinnet here, no twinnet on the PATH, and no python3 with the twinnet "
    "package (pip install ./python, or set TWINNET_PYTHON to its launcher)"
)


def test_without_python_r_says_so_in_one_line(tmp_path):
    model = tmp_path / "model.json"
    code, _, err = run(R_CLI, "train", "--config", FIXTURES / "seed000_toy" / "config.json",
                       "--out", model, "--quiet", cwd=ROOT)  # fmt: skip
    assert code == 0, err
    env = _no_python_env(tmp_path)
    code, text, err = run(R_CLI, "export", "--model", model, "--format", "onnx",
                          "--out", tmp_path / "m.onnx", env=env, cwd=tmp_path)  # fmt: skip
    assert (code, text, err) == (2, "", f"twinnet: error: {MISSING}\n")
    assert not (tmp_path / "m.onnx").exists()
    # export_model() in this R session, with the same surroundings
    said = r_error(f"""local({{
        old <- list(wd = setwd("{tmp_path.as_posix()}"), path = Sys.getenv("PATH"),
                    launcher = Sys.getenv("TWINNET_PYTHON", NA))
        on.exit({{
            setwd(old$wd); Sys.setenv(PATH = old$path)
            if (!is.na(old$launcher)) Sys.setenv(TWINNET_PYTHON = old$launcher)
        }})
        Sys.unsetenv("TWINNET_PYTHON"); Sys.setenv(PATH = "{env["PATH"]}")
        export_model(load_model("{model.as_posix()}"), "m.onnx")
    }})""")
    assert said == MISSING


def test_bad_format_and_non_model_get_the_same_message(tmp_path):
    net_path = tmp_path / "m.json"
    for py, rc in (
        (lambda: export_model(MLP([2, 2, 1]), "o.onnx", "keras"),
         'export_model(mlp(c(2, 2, 1)), "o.onnx", "keras")'),
        (lambda: export_model([1, 2], "o.onnx"), 'export_model(list(1, 2), "o.onnx")'),
        (lambda: export_model(str(net_path), "o.onnx"),
         f'export_model("{net_path.as_posix()}", "o.onnx")'),
    ):  # fmt: skip
        assert python_error(py) == r_error(rc)
