"""``inmarket demo``, the README's quick start, on its shipped sample data."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.console import Console

from inmarket.demo import run_demo

pytestmark = pytest.mark.e2e


def test_demo_alerts_three_accounts_and_says_why_not_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    console = Console(record=True, width=200)
    assert asyncio.run(run_demo(tmp_path / "demo", timeout=90, console=console)) == 0
    shown = console.export_text()
    assert "3 in-market alert(s) delivered to Slack and 3 by email." in shown
    for name in ("Northwind Analytics", "Kestrel Payments", "Harbor & Finch"):
        assert name in shown
    # the precision on show: who was not alerted, and why
    assert "Oakline Health: outside the ICP (industry in Software, Financial Services" in shown
    assert "Acme Analytics: tier_1, no signal about it" in shown
    assert "Quillstone raises $8M seed round to automate audits (no account has this name)" in (
        shown
    )
    assert "1 of the feed's 6 items announced nothing" in shown
    assert "<script>" not in shown  # the feed's injected markup never reaches an alert
