"""``accounts explain --signals``: signals are matched and weighted as the worker does it."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from icp.definition import parse_icp
from icp.explain import read_signal_records, select_signals
from inmarket.cli import _register_plugins, cli
from inmarket.rescore import rescore
from inmarket.settings import Settings
from inmarket.store.db import Store
from signals.events import MatchedSignal, MatchMethod, SignalEvent
from workers.batches import route_signal
from workers.state import PipelineState

ICP = """version = "t1"
[firmographic]
industries = ["Software", "Financial Services"]

[situational.funding]
weight = 60
half_life_days = 45

[scoring]
in_market_threshold = 60
fit_share = 0.4
"""
ACCOUNTS = (
    "id,name,domain,industry\n"
    "K1,Kestrel Payments Ltd,kestrelpay.co.uk,Financial Services\n"
    "N1,Northwind Analytics,northwind-analytics.com,Software\n"
    "A1,Acme Corp,acme.com,Software\n"
    "A2,Acme Inc,acme.de,Software\n"
)
NOW = datetime(2026, 12, 5, tzinfo=UTC)


def _signal(sid: str, title: str, days: float = 1, **fields: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "kind": "funding",
        "source_type": "rss",
        "title": title,
        "occurred_at": (NOW - timedelta(days=days)).isoformat(),
        **fields,
    }


SIGNALS = [
    _signal("kp", "Kestrel Payments secures 25 million", company_name="Kestrel Payments"),
    _signal(
        "nw",
        "Northwind Analytics raises $40M",
        company_name="Northwind Analytics",
        company_domain="northwind-analytics.com",
    ),
    _signal("typo", "Kestral Payments raises", 2, company_name="Kestral Payments"),
    _signal("q", "Quillstone raises a seed round", company_name="Quillstone"),
    _signal("acme", "Acme raises", company_name="Acme"),
    _signal("old", "Kestrel Payments, two years ago", 730, company_name="Kestrel Payments"),
    _signal("kp", "Kestrel Payments secures 25 million", company_name="Kestrel Payments"),
]


def _write(tmp_path: Path, signals: list[dict[str, Any]], extra: str = "") -> tuple[Path, Path]:
    accounts, path = tmp_path / "accounts.csv", tmp_path / "signals.jsonl"
    accounts.write_text(ACCOUNTS)
    path.write_text("".join(json.dumps(s) + "\n" for s in signals) + extra)
    (tmp_path / "icp.toml").write_text(ICP)
    return accounts, path


def _explain(*args: str) -> tuple[int, str, str]:
    _register_plugins()
    result = CliRunner().invoke(cli, ["accounts", "explain", *args, "--now", NOW.isoformat()])
    return result.exit_code, result.stdout, result.stderr


def test_a_name_matched_signal_counts_at_its_match_confidence(tmp_path: Path) -> None:
    """The Kestrel signal carries no domain: `inmarket match` ties it by name, so does explain."""
    accounts, signals = _write(tmp_path, SIGNALS, "not json\n\n")
    icp = str(tmp_path / "icp.toml")
    code, out, err = _explain("kestrelpay.co.uk", "--accounts", str(accounts),
                              "--signals", str(signals), "--icp", icp)  # fmt: skip
    assert code == 0, out + err
    points = 60 * 0.95 * 0.5 ** (1 / 45)
    assert f"{points:.1f} pts  funding 2026-12-04 'Kestrel Payments secures 25 million'" in out
    assert "confidence 0.95 (name_exact)" in out
    assert "confidence 0.844 (name_fuzzy)" in out  # the typo, as the matcher scores it
    assert (
        f"{signals}: 8 lines read, 2 used, 6 left out (1 matched another account, "
        "1 matched no account, 1 left for review, 1 older than the worker's lookback, "
        "1 repeats a signal already counted, 1 unreadable)"
    ) in out
    assert "Quillstone" not in out and "Northwind" not in out
    assert f"{signals}: line 8: not JSON" in err


def test_a_domain_match_is_weighted_at_the_domain_confidence(tmp_path: Path) -> None:
    accounts, signals = _write(tmp_path, SIGNALS)
    icp = str(tmp_path / "icp.toml")
    code, out, _ = _explain("northwind-analytics.com", "--accounts", str(accounts),
                            "--signals", str(signals), "--icp", icp)  # fmt: skip
    assert code == 0
    points = 60 * 0.97 * 0.5 ** (1 / 45)
    assert f"{points:.1f} pts  funding" in out and "confidence 0.97 (domain)" in out
    assert "7 lines read, 1 used, 6 left out (4 matched other accounts," in out


def test_a_signal_the_matcher_refused_is_named_with_the_reason(tmp_path: Path) -> None:
    """ "Acme" fits two accounts: neither counts it, and explain says why."""
    accounts, signals = _write(tmp_path, [SIGNALS[4]])
    icp = str(tmp_path / "icp.toml")
    code, out, _ = _explain("acme.com", "--accounts", str(accounts),
                            "--signals", str(signals), "--icp", icp)  # fmt: skip
    assert code == 0
    assert "Signals:\n  (none)" in out
    assert "1 line read, 0 used, 1 left out (1 left for review)" in out
    assert "not matched: 'Acme raises': name 'acme': 2 accounts fit, none chosen" in out


def test_a_name_match_refused_for_its_domain_is_named(tmp_path: Path) -> None:
    other = _signal("o", "Northwind news", company_name="Northwind Analytics",
                    company_domain="northwind-other.com")  # fmt: skip
    accounts, signals = _write(tmp_path, [other])
    icp = str(tmp_path / "icp.toml")
    code, out, _ = _explain("northwind-analytics.com", "--accounts", str(accounts),
                            "--signals", str(signals), "--icp", icp)  # fmt: skip
    assert code == 0 and "1 left out (1 left for review)" in out
    assert (
        "not matched: 'Northwind news': name 'northwind analytics' matches 'Northwind "
        "Analytics', but the signal's domain northwind-other.com is not one of its domains"
    ) in out


def test_matched_signal_lines_keep_their_method_and_account() -> None:
    event = SignalEvent.model_validate(_signal("m", "Acme raises", company_name="Acme"))
    lines = [
        MatchedSignal(account_id="A1", signal=event, method=MatchMethod.CIK, confidence=1.0),
        MatchedSignal(account_id="A2", signal=event, method=MatchMethod.DOMAIN, confidence=0.97),
    ]
    read = read_signal_records(b"".join(m.model_dump_json().encode() + b"\n" for m in lines))
    assert not read.need_matching
    chosen = select_signals("A2", "f", read, None, since=NOW - timedelta(days=365))
    assert [(i.method, i.confidence) for i in chosen.used] == [(MatchMethod.DOMAIN, 0.97)]
    assert chosen.summary() == ("f: 2 lines read, 1 used, 1 left out (1 matched another account)",)


def test_unreadable_lines_are_counted_not_fatal() -> None:
    read = read_signal_records(b'\xff\n[1]\n{"kind": "funding"}\n\n')
    assert read.lines == 3 and not read.records
    assert read.errors[0] == "line 1: not valid UTF-8 at byte 0"
    assert read.errors[1] == "line 2: not a JSON object"
    assert read.errors[2].startswith("line 3: ")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("INMARKET_ICP_FILE", str(tmp_path / "icp.toml"))
    return tmp_path


async def _worker_scores(workdir: Path, signals: list[dict[str, Any]]) -> dict[str, Any]:
    """Route the signals and rescore as the worker does, at NOW; account id -> event."""
    icp = parse_icp(ICP)
    store = Store.open(f"sqlite:///{workdir / 'cli.db'}")
    try:
        settings = Settings(sources_file=workdir / "none.toml", icp_file=workdir / "icp.toml")
        state = PipelineState(settings=settings, store=store, icp=icp, icp_hash="h")
        await state.refresh_accounts()
        routed = [route_signal(state, SignalEvent.model_validate(s)) for s in signals]
        matched = [r.record for r in routed if isinstance(r.record, MatchedSignal)]
        outcome = await rescore(store, icp, matched, NOW)
        return {e.account_id: e for e in outcome.events}
    finally:
        await store.close()


def _score(out: str) -> float:
    found = re.search(r"score = .* = ([\d.]+) \(", out)
    assert found, out
    return float(found.group(1))


def test_explain_gives_the_workers_score(workdir: Path) -> None:
    """The store's accounts are the index: explain before the worker runs, then compare."""
    accounts, signals = _write(workdir, SIGNALS)
    _register_plugins()
    imported = CliRunner().invoke(cli, ["accounts", "import", str(accounts)])
    assert imported.exit_code == 0, imported.output
    before = {
        domain: _explain(domain, "--signals", str(signals))
        for domain in ("kestrelpay.co.uk", "northwind-analytics.com")
    }
    events = asyncio.run(_worker_scores(workdir, SIGNALS))
    for domain, account_id in (("kestrelpay.co.uk", "K1"), ("northwind-analytics.com", "N1")):
        code, out, _ = before[domain]
        assert code == 0, out
        event = events[account_id]
        assert _score(out) == event.score
        for c in event.contributions:
            assert f"{c.points:.1f} pts" in out and f"confidence {c.confidence:g}" in out
        # once the worker has attached them, the stored signals give the same figure
        code, again, _ = _explain(domain, "--signals", str(signals))
        assert _score(again) == event.score
        assert "repeat signals already counted" in again or "repeats a signal" in again
        code, stored, _ = _explain(domain)
        assert _score(stored) == event.score
