"""One version for both languages, and the NEWS that names it: twinnet.__version__
(python/src/twinnet/__init__.py, which pyproject.toml reads) and R/DESCRIPTION's
Version are equal, the installed packages carry it, and NEWS.md (at the root,
copied to R/NEWS.md for R's news()) opens with it."""

import importlib.metadata
import re

import pytest
from dist_check import python_version

import twinnet
from parity import ROOT, r


def news_version(text):
    """The version of the newest (first) heading of a NEWS.md, `# twinnet X`."""
    found = re.search(r"^# twinnet (\S+)\s*$", text, flags=re.M)
    return found.group(1) if found else None


def test_python_and_r_files_carry_the_same_version():
    description = r(f'read.dcf(file.path("{ROOT}", "R", "DESCRIPTION"), fields = "Version")')
    assert python_version() == description[0]


def test_the_installed_packages_carry_the_version_of_their_sources():
    # a stale editable install or .Rlib (make setup reinstalls both)
    version = python_version()
    assert twinnet.__version__ == version
    assert importlib.metadata.version("twinnet") == version
    assert r('format(packageVersion("twinnet"))')[0] == version


def test_news_is_one_text_at_the_root_and_in_the_r_package():
    assert (ROOT / "NEWS.md").read_bytes() == (ROOT / "R" / "NEWS.md").read_bytes(), (
        "R/NEWS.md is not NEWS.md: make R/NEWS.md (or make dist) copies it"
    )


def test_news_opens_with_the_current_version():
    assert news_version((ROOT / "NEWS.md").read_text()) == python_version()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# twinnet 0.2.0\n\n* new\n\n# twinnet 0.1.0\n\n* first\n", "0.2.0"),
        ("## twinnet 0.1.0\n", None),  # a category heading, not a version's
        ("# Changes\n", None),
    ],
)
def test_news_version_reads_the_first_version_heading(text, expected):
    assert news_version(text) == expected


def test_r_news_reads_the_current_version():
    # R's own reader of NEWS.md (utils::news, via commonmark) on the installed package
    versions = r('unique(utils::news(package = "twinnet")$Version)')
    assert list(versions)[:1] == [python_version()]
