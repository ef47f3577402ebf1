"""``twinnet report`` (issue 14, item 2): Python and R write the same HTML
page from the same config, byte for byte, apart from exactly one line, the
5th: ``<meta name="generator" content="twinnet 0.1.0 (Python 3.11.7)">``
against ``... (R 4.2.2)">``. Checked through each language's function
(Python directly, R through rpy2) and through both command lines, on the toy
fixture (4 inputs: no boundary; the trace in the article's names), a
2-feature classifier with a validation split and early stopping (boundary,
validation curve, restored epoch), a softmax fixture with class names, and a
page with a ``twinnet parity`` folder. Exact mode only: every fixture here
trains in exact mode, and the pages' numbers are the same doubles printed
by one rule (a blas-mode page may differ where a 6th significant digit
rounds differently)."""

import re

import pytest
from rpy2 import robjects

from parity import FIXTURES, PY_CLI, R_CLI, ROOT, python_error, r_error, run
from twinnet.io import read_matrix
from twinnet.report import write_report

r = robjects.r
GENERATOR = 4  # the page's line (from 0) that names the language
CASES = {
    "toy": ("seed000_toy", None),
    "validation_boundary": ("training_controls", None),
    "softmax_names": ("softmax_blobs", ["north", "south", "east"]),
}
SECTIONS = ("configuration", "data", "training", "boundary", "network", "trace", "evaluation")


def _r_string(value):
    return "NULL" if value is None else '"' + str(value) + '"'


def _r_names(names):
    return "NULL" if names is None else "c(" + ", ".join(f'"{n}"' for n in names) + ")"


def _write_r(config, out, parity=None, names=None):
    r(
        f"twinnet::write_report({_r_string(config)}, {_r_string(out)}, "
        f"parity = {_r_string(parity)}, class_names = {_r_names(names)})"
    )


def _assert_same_but_generator(py_text, r_text):
    py_lines, r_lines = py_text.split("\n"), r_text.split("\n")
    assert len(py_lines) == len(r_lines)
    differ = [i for i, (a, b) in enumerate(zip(py_lines, r_lines)) if a != b]
    assert differ == [GENERATOR]
    assert re.fullmatch(
        r'<meta name="generator" content="twinnet [0-9.]+ \(Python [0-9.]+\)">',
        py_lines[GENERATOR],
    )
    assert re.fullmatch(
        r'<meta name="generator" content="twinnet [0-9.]+ \(R [0-9.]+\)">', r_lines[GENERATOR]
    )


@pytest.mark.parametrize("case", CASES)
def test_report_functions_write_the_same_page_but_the_generator_line(case, tmp_path):
    folder, names = CASES[case]
    config = str(FIXTURES / folder / "config.json")
    py, rr = tmp_path / "py.html", tmp_path / "r.html"
    write_report(config, str(py), class_names=names)
    _write_r(config, str(rr), names=names)
    py_text, r_text = py.read_text(encoding="utf-8"), rr.read_text(encoding="utf-8")
    _assert_same_but_generator(py_text, r_text)
    for key in SECTIONS:
        assert f'<section id="{key}">' in py_text
    if names is not None:  # the confusion matrix's headings name the classes
        assert "<th>0 north</th><th>1 south</th><th>2 east</th>" in py_text


def test_report_pictures_follow_the_data(tmp_path):
    """What each case's page shows, beyond being the same in both languages."""
    pages = {}
    for case, (folder, names) in CASES.items():
        out = tmp_path / f"{case}.html"
        write_report(str(FIXTURES / folder / "config.json"), str(out), class_names=names)
        pages[case] = out.read_text(encoding="utf-8")
    toy = pages["toy"]
    assert "Not drawn: the data has 4 input columns" in toy
    assert "Step 2: hidden_layer_input = matrix_dot_product(X, wh) + bh [3 x 3]" in toy
    assert "log scale" in toy  # 0.44 to 0.0017: more than a factor of 100
    early = pages["validation_boundary"]
    assert 'aria-label="decision boundary"' in early
    assert "best epoch 80 (weights restored)" in early  # the fixture's restored epoch
    assert early.count('<polyline fill="none" stroke="#ff7f0e"') == 1  # the validation curve
    blobs = pages["softmax_names"]
    assert "Accuracy 100.00% (90 of 90)" in blobs
    assert "Not shown: trace follows the article's steps" in blobs


@pytest.mark.parametrize("case", ["toy", "softmax_names"])
def test_report_command_lines_write_the_same_page(case, tmp_path):
    folder, names = CASES[case]
    flags = [] if names is None else ["--class-names", ",".join(names)]
    texts = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"{lang}.html"
        code, said, err = run(
            cli, "report", "--config", FIXTURES / folder / "config.json", "--out", out, *flags,
            cwd=ROOT,
        )  # fmt: skip
        assert (code, said, err) == (0, f"report written to {out}\n", "")
        texts[lang] = out.read_text(encoding="utf-8")
    _assert_same_but_generator(texts["python"], texts["r"])


def test_report_with_a_parity_folder_shows_both_sides_and_the_verdict(tmp_path):
    config = FIXTURES / "seed000_toy" / "config.json"
    code, _, err = run(PY_CLI, "parity", "--config", config, "--out", tmp_path / "par", cwd=ROOT)
    assert code == 0, err
    texts = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"{lang}.html"
        code, _, err = run(
            cli, "report", "--config", config, "--out", out, "--parity", tmp_path / "par",
            cwd=ROOT,
        )  # fmt: skip
        assert code == 0, err
        texts[lang] = out.read_text(encoding="utf-8")
    _assert_same_but_generator(texts["python"], texts["r"])
    page = texts["python"]
    assert '<p class="pass">verdict: identical: every value equal to the last bit</p>' in page
    assert '<tr><th class="name"></th><th>Python</th><th>R</th></tr>' in page
    # the final loss, 17 digits, on both sides: the fixture's frozen R result
    last = read_matrix(FIXTURES / "seed000_toy" / "expected" / "loss_history.csv")[-1, 0]
    assert page.count("<td>%.17g</td>" % last) == 2


def test_report_with_a_different_pair_shows_the_failing_verdict(tmp_path):
    """A parity folder whose R model was edited: both languages' pages say
    where the two parted, in red."""
    import json

    config = FIXTURES / "seed000_toy" / "config.json"
    code, _, err = run(PY_CLI, "parity", "--config", config, "--out", tmp_path / "par", cwd=ROOT)
    assert code == 0, err
    path = tmp_path / "par" / "r" / "model.json"
    model = json.loads(path.read_text())
    model["loss_history"][11] *= 1 + 1e-6
    path.write_text(json.dumps(model))
    py, rr = tmp_path / "py.html", tmp_path / "r.html"
    write_report(str(config), str(py), parity=str(tmp_path / "par"))
    _write_r(str(config), str(rr), parity=str(tmp_path / "par"))
    page = py.read_text(encoding="utf-8")
    _assert_same_but_generator(page, rr.read_text(encoding="utf-8"))
    assert '<p class="fail">first difference: epoch 12 of the loss history</p>' in page
    assert '<p class="fail">verdict: different' in page


@pytest.mark.parametrize(
    "call, expected",
    [
        (
            ("fixtures/seed000_toy/config.json", "report.pdf"),
            "out must be a file name ending in .html, got 'report.pdf'",
        ),
        (
            ("fixtures/seed000_toy/config.json", "no/such/folder/r.html"),
            "could not write no/such/folder/r.html: folder no/such/folder does not exist",
        ),
        (
            ("fixtures/seed000_toy/config.json", "PLACE/r.html", "PLACE"),
            "the parity folder PLACE has no python/model.json (give the folder twinnet "
            "parity --out wrote)",
        ),
        (
            ("fixtures/softmax_blobs/config.json", "PLACE/r.html", None, ["a", "b"]),
            "class_names has 2 names but there are 3 classes",
        ),
    ],
)
def test_report_refusals_say_the_same_in_both_languages(call, expected, tmp_path):
    call = [v.replace("PLACE", str(tmp_path)) if isinstance(v, str) else v for v in call]
    call[0] = str(ROOT / call[0])
    expected = expected.replace("PLACE", str(tmp_path))
    config, out, parity, names = (list(call) + [None, None])[:4]
    said = python_error(lambda: write_report(config, out, parity=parity, class_names=names))
    assert said == expected
    assert (
        r_error(
            f"twinnet::write_report({_r_string(config)}, {_r_string(out)}, "
            f"parity = {_r_string(parity)}, class_names = {_r_names(names)})"
        )
        == expected
    )
