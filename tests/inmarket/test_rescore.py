"""Rescoring over a real store: alerts on crossing, nothing twice, the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icp.accounts import Account
from icp.definition import parse_icp
from icp.fit import evaluate_fit
from inmarket.rescore import rescore
from inmarket.store.db import Store
from signals.events import MatchedSignal, MatchMethod, SignalEvent, SignalKind

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ICP = parse_icp(
    """
version = "t1"
[firmographic]
industries = ["Software"]
[situational.funding]
weight = 80
half_life_days = 30
[situational.job_posting]
weight = 5
half_life_days = 10
"""
)


def matched(
    i: int, account_id: str = "A1", *, kind: SignalKind = SignalKind.FUNDING, days: float = 1
) -> MatchedSignal:
    event = SignalEvent(
        id=f"{kind.value}-{i}",
        kind=kind,
        source_type="rss",
        occurred_at=NOW - timedelta(days=days),
        title=f"signal {i}",
        url=f"https://news.example.net/{i}",
    )
    return MatchedSignal(
        account_id=account_id, signal=event, method=MatchMethod.DOMAIN, confidence=1.0
    )


async def _accounts(store: Store) -> None:
    accounts = [
        Account(
            id="A1", name="Fits", domains=("fits.com",), industry="Software", owner_email="o@x.com"
        ),
        Account(id="A2", name="Misfit", domains=("misfit.com",), industry="Mining"),
    ]
    await store.upsert_accounts([(a, evaluate_fit(a, ICP)) for a in accounts], ICP.version)


async def test_crossing_into_in_market_raises_one_alert(store: Store) -> None:
    await _accounts(store)
    weak = await rescore(store, ICP, [matched(1, kind=SignalKind.JOB_POSTING)], NOW)
    assert weak.alerts == [] and not weak.events[0].in_market
    strong = await rescore(store, ICP, [matched(2)], NOW)
    (alert,) = strong.alerts
    assert alert.account_id == "A1" and alert.owner_email == "o@x.com"
    assert alert.why_now[0].signal_id == "funding-2"
    assert strong.events[0].previous_score == weak.events[0].score
    assert alert.reason == "crossed"
    # still in market: a further signal raises an alert that says so (noise control decides)
    more = await rescore(store, ICP, [matched(3)], NOW)
    assert [a.reason for a in more.alerts] == ["new_signal"] and more.events[0].in_market
    assert more.alerts[0].alert_id != alert.alert_id


async def test_redelivered_signals_change_nothing(store: Store) -> None:
    await _accounts(store)
    first = await rescore(store, ICP, [matched(1)], NOW)
    assert len(first.alerts) == 1
    again = await rescore(store, ICP, [matched(1), matched(1)], NOW)
    assert again.events == [] and again.alerts == [] and again.duplicates == 2


async def test_accounts_outside_the_icp_score_zero(store: Store) -> None:
    await _accounts(store)
    outcome = await rescore(store, ICP, [matched(1, "A2")], NOW)
    assert outcome.events[0].score == 0 and outcome.alerts == []


async def test_outbox_holds_events_until_marked_published(store: Store) -> None:
    await _accounts(store)
    outcome = await rescore(store, ICP, [matched(1)], NOW)
    events, alerts = await store.unpublished()
    assert [e.account_id for e in events] == ["A1"] and len(alerts) == 1
    await store.mark_published(outcome.events, outcome.alerts)
    assert await store.unpublished() == ([], [])


async def test_alert_ids_are_deterministic(store: Store) -> None:
    await _accounts(store)
    outcome = await rescore(store, ICP, [matched(1)], NOW)
    from inmarket.rescore import alert_id_for

    assert outcome.alerts[0].alert_id == alert_id_for("A1", ["funding-1"], "t1")
