"""Bit-by-bit comparison of results."""

import numpy as np

from twinnet.compare import compare_verdict, ulps


def test_ulps_counts_the_doubles_between_two_values():
    assert ulps([1.0], [np.nextafter(1.0, 2.0)]) == 1
    assert ulps([0.0], [-0.0]) == 0
    assert ulps([-5e-324], [5e-324]) == 2
    assert ulps([np.nan], [np.nan]) == 0
    assert ulps([np.nan], [1.0]) == 2**64
    assert ulps([1.0, 3.0], [1.0, 3.0]) == 0
    assert ulps([2.0], [4.0]) == 2**52


def test_compare_verdict():
    same = [{"differ": 0, "max_abs": 0.0}]
    near = [{"differ": 1, "max_abs": 1e-15}]
    assert compare_verdict(same) == (True, "identical: every value equal to the last bit")
    assert compare_verdict(near)[0] is False
    assert compare_verdict(near, tolerance=1e-12)[0] is True
