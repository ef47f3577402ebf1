"""The report page in a real browser: Debian's chromium, headless (make setup
installs it). A page renders when the browser logs no console message, its
DOM after rendering holds every section, and its screenshot is not blank.
The page is self-contained: no src or href leaves the file. A page with a
failing script and a blank page are the controls that show each check can
fail."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from twinnet.report import REPORT_SECTIONS, write_report

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (make setup)"
)


def _chromium(page, tmp_path, *flags):
    """Run headless chromium on ``page`` with ``flags``: its stdout and stderr."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return done.stdout, done.stderr


def _console_messages(stderr):
    """What the page logged: chromium's CONSOLE lines (and uncaught errors)."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def _screenshot(page, tmp_path):
    """The page's screenshot at 1200 x 3000 as an RGB array."""
    from PIL import Image  # matplotlib's dependency, in the venv

    png = tmp_path / "shot.png"
    _chromium(page, tmp_path, f"--screenshot={png}", "--window-size=1200,3000")
    return np.asarray(Image.open(png).convert("RGB")), png


def _colours(pixels):
    """The distinct colours of an RGB array, as 0xRRGGBB integers."""
    q = pixels.astype(np.uint32)
    return np.unique((q[..., 0] << 16) | (q[..., 1] << 8) | q[..., 2])


def _is_blank(pixels):
    """A blank page: (almost) one colour."""
    white = np.all(pixels == 255, axis=2).mean()
    return len(_colours(pixels)) < 20 or white > 0.995


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "moons.html"
    write_report(str(ROOT / "fixtures" / "training_controls" / "config.json"), str(out))
    return out


def test_report_renders_every_section_without_console_messages(page, tmp_path):
    dom, stderr = _chromium(page, tmp_path, "--dump-dom")
    assert _console_messages(stderr) == []
    for key, heading in REPORT_SECTIONS:
        assert re.search(f'<section id="{key}"><h2>{heading}</h2>', dom.replace("\n", "")), key
    assert dom.count("<svg") == 3  # loss curves, decision boundary, network


def test_report_screenshot_is_not_blank(page, tmp_path):
    pixels, _ = _screenshot(page, tmp_path)
    assert pixels.shape == (3000, 1200, 3)
    assert not _is_blank(pixels)
    # the pictures' colours are on the page: class 0's and class 1's tints
    # (the boundary's background) and the training curve's blue
    found = set(_colours(pixels).tolist())
    for colour in ("#a5c9e1", "#ffcc9f", "#1f77b4"):
        assert int(colour[1:], 16) in found, colour


def test_report_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', text)
    assert links, "the page's own links (#sections, the empty icon) were not found"
    assert [u for u in links if not (u.startswith("#") or u == "data:,")] == []
    assert "<script" not in text and "@import" not in text and "url(" not in text
    # the one http address is SVG's namespace name, which is never fetched
    assert set(re.findall(r"https?://[^\"' )]+", text)) == {"http://www.w3.org/2000/svg"}


def test_the_checks_can_fail(tmp_path):
    """Controls: a script error is a console message; a blank page is blank."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>undefined_name();</script></body></html>")
    _, stderr = _chromium(bad, tmp_path, "--dump-dom")
    assert any("undefined_name" in line for line in _console_messages(stderr))
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>")
    pixels, _ = _screenshot(blank, tmp_path)
    assert _is_blank(pixels)
