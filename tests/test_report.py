"""report.html: self-contained, and it works in a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

import nip_nlp

from .conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: no background requests, no sandbox (root in CI), fresh profile.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    nip_nlp.run(SAMPLE, out, workers=1)
    return out / "report.html"


def test_report_is_self_contained(report):
    html = report.read_text("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" in html and "integrationskonzept_birkenau.pdf" in html


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs Debian's chromium)")
def test_heatmap_renders_in_headless_chromium(report, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    _chromium([f"--screenshot={shot}", "--window-size=1280,900", report.as_uri()], tmp_path)
    assert shot.exists(), "chromium wrote no screenshot"
    img = Image.open(shot).convert("RGB")
    # Heatmap cells are shades of blue (b > r + 40); count how many such pixels there are.
    px = img.tobytes()
    blue = sum(1 for i in range(0, len(px), 3) if px[i + 2] > px[i] + 40 and px[i + 2] > 120)
    assert blue > 2000, f"only {blue} heatmap-blue pixels in the screenshot"


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs Debian's chromium)")
def test_selecting_a_cell_shows_its_evidence_with_page_numbers(report, tmp_path):
    url = report.as_uri() + "#cell=" + quote("integrationskonzept_birkenau.pdf|K5")
    res = _chromium(["--dump-dom", url], tmp_path)
    dom = res.stdout
    assert 'class="cell sel"' in dom or "cell sel" in dom
    evidence = dom.split('id="evidence-list"', 1)[1]
    assert "Seite" in evidence and 'class="ev"' in evidence
