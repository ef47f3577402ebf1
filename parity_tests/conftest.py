"""Shared set-up of the parity suite: R in-process through rpy2, twinnet's R
half loaded from the checkout's own library (.Rlib, written by `make setup`),
and the parity report printed at the end of the run."""

import os
from pathlib import Path

import pytest
import rpy2.robjects as robjects

from parity import REPORT, RLIB, ROOT

if not (RLIB / "twinnet").is_dir():
    raise pytest.UsageError(f"twinnet's R package is not installed in {RLIB}; run make setup")
robjects.r(f'.libPaths(c("{RLIB}", .libPaths())); suppressPackageStartupMessages(library(twinnet))')
loaded_from = robjects.r('find.package("twinnet")')[0]
if Path(loaded_from).resolve() != (RLIB / "twinnet").resolve():
    raise pytest.UsageError(f"R loaded twinnet from {loaded_from}, not from {RLIB}")


def pytest_terminal_summary(terminalreporter):
    if not REPORT.rows:
        return
    text = REPORT.markdown()
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / "parity_report.md").write_text(text)
    terminalreporter.section("twinnet parity report")
    terminalreporter.write(text)
    terminalreporter.write_line(f"(written to {os.path.relpath(out / 'parity_report.md')})")
