"""The README's code runs as written: every ```python block in the project's
Python, every ```r block in R (with the package from .Rlib), each in a fresh
process from the repository root."""

import re
import subprocess
import sys

import pytest

from parity import R_ENV, ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```(python|r)\n(.*?)```", README, flags=re.S)


def run_block(language, code):
    env = {**R_ENV, "MPLBACKEND": "Agg"}
    command = [sys.executable, "-c", code] if language == "python" else ["Rscript", "-e", code]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_readme_has_code_in_both_languages():
    languages = [language for language, _ in BLOCKS]
    assert languages.count("python") >= 3 and languages.count("r") >= 3


@pytest.mark.parametrize(
    "language, code", BLOCKS, ids=[f"{i + 1}-{lang}" for i, (lang, _) in enumerate(BLOCKS)]
)
def test_readme_code_block_runs(language, code):
    done = run_block(language, code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "the block printed nothing"


def test_the_first_examples_print_the_numbers_the_readme_quotes():
    python = run_block("python", BLOCKS[0][1]).stdout
    r = run_block("r", next(code for lang, code in BLOCKS if lang == "r")).stdout
    for text in (python, r):
        assert re.search(r"0\.977989", text) and re.search(r"0\.970183", text)
