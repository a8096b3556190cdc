"""The HTML report renders its figures and charts in a real headless browser, offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from icp.deals import read_deals_csv
from icp.definition import IcpDefinition
from icp.discover import discover
from icp.pressure import pressure_test
from inmarket.report import render_pressure_report
from tests.icp.conftest import DATA

AS_OF = date(2026, 6, 1)
CHROMIUM = next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None
)


def report_html(icp: IcpDefinition, data: bytes) -> str:
    read = read_deals_csv(data, as_of=AS_OF)
    result = pressure_test(read.deals, icp, as_of=AS_OF, read=read)
    found = discover(read.deals, as_of=AS_OF, custom_columns=read.custom_columns)
    return render_pressure_report(result, found)


def test_report_is_self_contained_and_escapes_file_text(icp: IcpDefinition) -> None:
    html = report_html(icp, (DATA / "deals.csv").read_bytes())
    assert not re.search(r"<script|<link|@import|url\(|https?://(?!www\.w3\.org/2000/svg)", html)
    hostile = (DATA / "deals.csv").read_bytes().replace(b"Hazel Pay", b"<b>Hazel</b> & Pay")
    html = report_html(icp, hostile)
    assert "&lt;b&gt;Hazel&lt;/b&gt; &amp; Pay" in html and "<b>Hazel" not in html


def test_report_never_shows_a_rate_computed_from_nothing(icp: IcpDefinition) -> None:
    html = report_html(icp, b"name,industry,outcome,close_date\nA,Software,won,2026-01-01\n")
    assert "cannot be measured" in html and "no lost deals in the window" in html
    assert "INCONCLUSIVE" in html


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian package: chromium)")
def test_report_renders_in_headless_chromium(icp: IcpDefinition, tmp_path: Path) -> None:
    hostile = (
        (DATA / "deals.csv")
        .read_bytes()
        .replace(
            b"Hazel Pay", b"<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
        )
    )
    page = tmp_path / "report.html"
    page.write_text(report_html(icp, hostile), encoding="utf-8")
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--proxy-server=127.0.0.1:9",
        "--virtual-time-budget=2000",
    ]
    dom = subprocess.run(
        [*command, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90
    ).stdout
    assert 'id="verdict">FAIL<' in dom
    assert "75.0%" in dom and "100.0%" in dom
    assert dom.count("<svg") >= 3 and 'class="bar"' in dom
    assert "Win rate by industry" in dom and "What each required criterion excludes" in dom
    assert "&lt;script&gt;document.title" in dom and "<script>document.title" not in dom
    assert "<title>ICP pressure test" in dom  # the injected script did not run
    shot = tmp_path / "report.png"
    subprocess.run(
        [*command, "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=90,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
