"""The frozen R results in fixtures/<case>/expected/ are current: R, run now,
gives exactly those numbers (else regenerate them with `make expected`)."""

import numpy as np
import pytest

from parity import CASES, FIXTURES, r_run
from twinnet.io import read_matrix


@pytest.mark.parametrize("case", CASES)
def test_golden_files_equal_what_r_computes_now(case):
    rr = r_run(case, "exact")
    folder = FIXTURES / case / "expected"
    stale = f"{folder} is stale: run `make expected`"
    for name in ("weights", "biases"):
        files = sorted(folder.glob(f"{name}_*.csv"))
        assert len(files) == len(rr[name]), stale
        for l, m in enumerate(rr[name], start=1):
            golden = read_matrix(folder / f"{name}_{l}.csv", name)
            np.testing.assert_array_equal(golden, m, err_msg=stale)
    np.testing.assert_array_equal(read_matrix(folder / "output.csv"), rr["output"], err_msg=stale)
    np.testing.assert_array_equal(
        read_matrix(folder / "loss_history.csv").ravel(), rr["loss_history"], err_msg=stale
    )
