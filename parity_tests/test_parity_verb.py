"""``twinnet parity`` (issue 14, item 1): from either command line it trains a
config in Python and in R and prints the verdict of the two model files. It
passes on the fixtures (exact mode: identical bits), the two command lines
print the same report, and the report's function fails (exit 1, naming the
first epoch and quantity) on a deliberately different pair in both
languages."""

import json

import pytest

from parity import FIXTURES, PY_CLI, R_CLI, R_ENV, ROOT, run

CASES = ["seed000_toy", "aflak_xor"]


@pytest.mark.parametrize("case", CASES)
def test_parity_passes_from_both_command_lines_and_prints_the_same(case, tmp_path):
    said = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        out = tmp_path / lang
        code, text, err = run(
            cli, "parity", "--config", FIXTURES / case / "config.json", "--out", out, cwd=ROOT
        )
        assert code == 0, text + err
        assert (out / "python" / "model.json").is_file()
        assert (out / "r" / "model.json").is_file()
        assert text.endswith("verdict: identical: every value equal to the last bit\n")
        assert f"python: trained in exact mode: {out / 'python' / 'model.json'}\n" in text
        said[lang] = text.replace(str(out), "OUT")
    assert said["python"] == said["r"]
    # each side's model file is the one the other language writes for the same run
    py = json.loads((tmp_path / "python" / "r" / "model.json").read_text())
    r = json.loads((tmp_path / "r" / "r" / "model.json").read_text())
    assert py["weights"] == r["weights"] and py["loss_history"] == r["loss_history"]


def _report(lang, a, b, mode):
    """cli_parity_report of two model files, run in ``lang``: exit status and text."""
    if lang == "python":
        code = (
            "from twinnet.cli import cli_parity_report as f; import sys; sys.exit(f(*sys.argv[1:]))"
        )
        return run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], a, b, mode)
    code = (
        "a <- commandArgs(TRUE); suppressPackageStartupMessages(library(twinnet)); "
        "quit(status = twinnet:::cli_parity_report(a[1], a[2], a[3]), save = 'no')"
    )
    return run(["Rscript", "-e", code], a, b, mode, env=R_ENV)


def test_parity_fails_on_a_different_pair_and_names_where_they_parted(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    code, _, err = run(
        PY_CLI, "train", "--config", FIXTURES / "aflak_xor" / "config.json", "--out", a,
        "--mode", "exact", "--epochs", "30", "--quiet",
    )  # fmt: skip
    assert code == 0, err
    model = json.loads(a.read_text())
    model["loss_history"][11] *= 1 + 1e-6  # epoch 12 parts
    model["weights"][1][0][0] += 1e-6  # layer 2's weights
    b.write_text(json.dumps(model))
    said = {}
    for lang in ("python", "r"):
        for mode in ("exact", "blas"):
            code, text, err = _report(lang, a, b, mode)
            assert code == 1, text + err
            assert "first difference: epoch 12 of the loss history\n" in text
            assert "first quantity that differs: weights[2]\n" in text
            assert "verdict: different: largest difference 1e-06" in text
            said[lang, mode] = text
        code, text, err = _report(lang, a, a, "exact")
        assert code == 0 and "verdict: identical" in text, text + err
    assert said["python", "exact"] == said["r", "exact"]
    assert said["python", "blas"] == said["r", "blas"]
