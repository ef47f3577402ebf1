"""The report's pieces against hand-derived values: the number rule, HTML
escaping, axis ticks, the thinning of long curves, and what the toy
network's page says (R's rnorm after set.seed(42) starts 1.3709584, the
article's data has x1 = 1, 1, 0). Both languages' pages are compared in
parity_tests/test_report_parity.py; the browser test is test_report_browser.py."""

import math

import pytest
from conftest import FIXTURES

from twinnet import TwinnetError, write_report
from twinnet.report import (
    _report_escape,
    _report_kept,
    _report_log_ticks,
    _report_number,
    _report_ticks,
    report_html,
)


def test_numbers_are_written_as_c_writes_percent_6g_with_r_names_for_non_finite():
    assert [_report_number(v) for v in (1 / 3, 1e-5, -0.0, 1234567.0, 5)] == [
        "0.333333",
        "1e-05",
        "-0",
        "1.23457e+06",
        "5",
    ]
    assert [_report_number(v) for v in (math.nan, math.inf, -math.inf)] == ["NaN", "Inf", "-Inf"]


def test_text_is_escaped_for_html():
    assert _report_escape('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


@pytest.mark.parametrize(
    "lo, hi, whole, expected",
    [
        (1.0, 5000.0, True, [1000, 2000, 3000, 4000, 5000]),  # span 4999: step 1000
        (1.0, 3.0, True, [1, 2, 3]),  # step 0.5 raised to 1
        (-1.34, 2.46, False, [-1, 0, 1, 2]),  # span 3.8: 0.2 and 0.5 give > 6 intervals
        (0.32, 0.59, False, [0.35, 0.4, 0.45, 0.5, 0.55]),  # span 0.27: step 0.05
    ],
)
def test_ticks_are_one_two_or_five_times_a_power_of_ten(lo, hi, whole, expected):
    assert _report_ticks(lo, hi, whole) == pytest.approx(expected, rel=1e-15)


def test_log_ticks_drop_the_twos_and_fives_when_there_are_too_many():
    assert _report_log_ticks(0.0017, 0.44) == pytest.approx(
        [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2], rel=1e-15
    )
    assert _report_log_ticks(0.0003, 9.0) == pytest.approx([0.001, 0.01, 0.1, 1], rel=1e-15)


def test_long_curves_keep_at_most_2000_points_and_the_last():
    kept = _report_kept(5000)  # every 3rd epoch
    assert kept[:3] == [0, 3, 6] and kept[-2:] == [4998, 4999] and len(kept) == 1668
    assert _report_kept(3) == [0, 1, 2]


def test_the_toy_page_shows_the_articles_data_weights_and_result():
    page = report_html(str(FIXTURES / "seed000_toy" / "config.json"))
    assert '<tr><td class="name">x1</td><td>0</td><td>0.666667</td><td>1</td></tr>' in page
    # wh[1, 1]: R's rnorm(1) after set.seed(42) is 1.3709584
    assert '<tr><td class="name">1</td><td>1.37096</td>' in page
    assert "3 rows; loss (half_sse) " in page and "Accuracy 100.00% (3 of 3)." in page
    assert "5000 epochs in exact mode" in page


def test_bad_output_names_and_parity_folders_are_refused_before_training(tmp_path):
    config = str(FIXTURES / "seed000_toy" / "config.json")
    with pytest.raises(TwinnetError, match="out must be a file name ending in .html"):
        write_report(config, str(tmp_path / "report.txt"))
    with pytest.raises(TwinnetError, match="the parity folder"):
        write_report(config, str(tmp_path / "r.html"), parity=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
