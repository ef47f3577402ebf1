"""The learner notebook (Python) and the vignette (R) print the same text.

docs/notebooks/toy_step_by_step.ipynb is executed with nbclient (the
executor of python/tests/test_notebooks.py, loaded from its file), and
R/vignettes/toy-step-by-step.Rmd is rendered as `R CMD build` renders it
(rmarkdown's html_vignette; the outputs are read from the page).
Both walk through the Analytics Vidhya toy network's steps 0 to 11 and its
5000 epochs in exact mode, so every line they print is the same: the
matrices at 6 decimals, the losses at 10, and the closing block of every
number at 17 significant digits (%.17g). The closing block is also checked,
value by value, against the frozen results of fixtures/seed000_toy/expected.
"""

import importlib.util
import resource
import subprocess
from html.parser import HTMLParser

import numpy as np
import pytest

from parity import FIXTURES, R_ENV, ROOT

spec = importlib.util.spec_from_file_location(
    "notebook_tools", ROOT / "python" / "tests" / "test_notebooks.py"
)
notebook_tools = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebook_tools)

VIGNETTE = "toy-step-by-step"


class OutputBlocks(HTMLParser):
    """The text of knitr's output blocks in an html_vignette page: <pre>
    elements without a class (the code chunks are <pre class="sourceCode r">)."""

    def __init__(self):
        super().__init__()
        self.blocks = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.depth = 1 if not dict(attrs).get("class") else -1
            if self.depth == 1:
                self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self.depth = 0

    def handle_data(self, data):
        if self.depth == 1:
            self.blocks[-1] += data


def lines_of(text):
    """The printed lines, without blank lines or trailing spaces."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def python_text(tmp_path_factory):
    nb = notebook_tools.execute_notebook(notebook_tools.NOTEBOOK, tmp_path_factory.mktemp("kernel"))
    return notebook_tools.all_stdout(nb)


@pytest.fixture(scope="module")
def r_page(tmp_path_factory):
    """The vignette rendered as R CMD build renders it (knitr, then
    rmarkdown's html_vignette through pandoc), in a folder of its own, and
    the CPU seconds it took (R and pandoc). (R CMD build itself runs in test_dist.py.)"""
    out = tmp_path_factory.mktemp("vignette")
    source = ROOT / "R" / "vignettes" / f"{VIGNETTE}.Rmd"
    code = (
        f"rmarkdown::render('{source}', output_format = rmarkdown::html_vignette(), "
        f"output_dir = '{out}', intermediates_dir = '{out}', knit_root_dir = '{out}', "
        "envir = new.env(), quiet = TRUE)"
    )
    beside = sorted(source.parent.iterdir())
    # CPU seconds of the child (wall time varies with the machine's load)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        ["Rscript", "-e", code], cwd=out, env=R_ENV, capture_output=True, text=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(source.parent.iterdir()) == beside, "rendering wrote into R/vignettes"
    return (out / f"{VIGNETTE}.html").read_text(encoding="utf-8"), seconds


@pytest.fixture(scope="module")
def r_text(r_page):
    parser = OutputBlocks()
    parser.feed(r_page[0])
    return "\n".join(parser.blocks)


def test_notebook_and_vignette_print_the_same_lines(python_text, r_text):
    py, r = lines_of(python_text), lines_of(r_text)
    assert py[0] == "Step 0: X (input)  [3 x 4]"
    for i, (a, b) in enumerate(zip(py, r)):
        assert a == b, f"line {i + 1}: the notebook prints {a!r}, the vignette {b!r}"
    assert len(py) == len(r)


def test_both_end_with_the_numbers_of_the_frozen_r_results(python_text, r_text):
    expected = FIXTURES / "seed000_toy" / "expected"

    def frozen(name):
        return np.loadtxt(expected / name, delimiter=",", skiprows=1, ndmin=2)

    losses = frozen("loss_history.csv")[:, 0]
    for text in (python_text, r_text):
        n = notebook_tools.numbers_block(text)
        np.testing.assert_array_equal(n["wh"], frozen("weights_1.csv").ravel())
        np.testing.assert_array_equal(n["bh"], frozen("biases_1.csv").ravel())
        np.testing.assert_array_equal(n["wout"], frozen("weights_2.csv").ravel())
        np.testing.assert_array_equal(n["bout"], frozen("biases_2.csv").ravel())
        np.testing.assert_array_equal(n["output"], frozen("output.csv").ravel())
        np.testing.assert_array_equal(n["loss_epoch1"], losses[:1])
        np.testing.assert_array_equal(n["loss_epoch5000"], losses[-1:])


def test_the_vignette_renders_in_under_20_cpu_seconds(r_page):
    assert r_page[1] < 20, f"the vignette took {r_page[1]:.1f} CPU seconds to render"
