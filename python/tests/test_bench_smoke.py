"""Smoke test of the benchmark harness (python/benchmarks/bench.py).

`make bench` itself never runs in `make test`; this only checks that the
harness starts and writes its table on the tiny size. The core (numpy's GEMM
bound, twinnet Python, twinnet R through Rscript) needs no optional package;
scikit-learn, matplotlib and threadpoolctl (`make setup-bench`) are checked
only where installed.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "python" / "benchmarks" / "bench.py"
IMPLS = "numpy_gemm,twinnet_py_blas,twinnet_py_exact,numpy_loop,twinnet_r_blas,sklearn"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(out), "--impls", IMPLS],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out


def test_writes_table_with_core_rows(quick_run):
    table = (quick_run / "table.md").read_text()
    assert "## tiny: 64 x 8-6-3" in table
    rows = {
        line.split(" | ")[0].lstrip("| ") for line in table.splitlines() if line.startswith("| ")
    }
    for label in (
        "numpy GEMM bound (the epoch's products alone)",
        "twinnet Python, blas",
        "twinnet Python, exact",
        "plain numpy loop",
        "twinnet R, blas",
        "scikit-learn MLPRegressor (sgd, full batch)",
    ):
        assert label in rows, label
    assert "BLAS:" in table and "- R" in table
    assert "## Scale" in table


def test_results_json_has_measurements(quick_run):
    report = json.loads((quick_run / "results.json").read_text())
    (size,) = report["sizes"]
    rows = {r["impl"]: r for r in size["rows"]}
    for impl in ("numpy_gemm", "twinnet_py_blas", "twinnet_py_exact", "numpy_loop"):
        assert rows[impl]["stats"]["median"] > 0, impl
        assert rows[impl]["ratio"] > 0, impl
    # R rows are measured when Rscript and the R package are there, else skipped
    # with a note; an optional competitor that is missing is a note, not a failure
    for impl in ("twinnet_r_blas", "sklearn"):
        assert "stats" in rows[impl] or rows[impl].get("status") == "skipped", rows[impl]
    if shutil.which("Rscript") and (ROOT / ".Rlib" / "twinnet").exists():
        assert rows["twinnet_r_blas"]["stats"]["median"] > 0
        assert "BLAS" in report["blas"]["R"]
    assert rows["twinnet_py_blas"]["peak_kb"] > 0
    assert set(report["scale"]["fits"]) >= {"numpy_gemm", "twinnet_py_blas"}


def test_optional_competitors_and_plot(quick_run):
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    pytest.importorskip("threadpoolctl")
    report = json.loads((quick_run / "results.json").read_text())
    rows = {r["impl"]: r for r in report["sizes"][0]["rows"]}
    assert rows["sklearn"]["stats"]["median"] > 0
    assert report["blas"]["python"]["pools"], "threadpoolctl names numpy's BLAS"
    assert os.path.getsize(quick_run / "bench.png") > 1000
