"""The store on SQLite and PostgreSQL: idempotent upserts, dedupe, the outbox, health."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from icp.accounts import Account
from icp.fit import FitResult
from inmarket.store.db import SourceCursor, Store
from signals.events import MatchedSignal, MatchMethod, SignalEvent, SignalKind

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
FIT = FitResult(in_icp=True, score=80.0, tier="tier_1", reasons=("meets industry",))


def account(i: int, **changes: object) -> Account:
    base = Account(id=f"A{i}", name=f"Company {i}", domains=(f"company{i}.com",))
    return base.model_copy(update=changes)


def signal(i: int, source: str = "feed-a", *, days_ago: float = 1) -> SignalEvent:
    return SignalEvent(
        id=f"funding-{i}",
        kind=SignalKind.FUNDING,
        source_type="rss",
        source_name=source,
        company_name=f"Company {i}",
        occurred_at=NOW - timedelta(days=days_ago),
        title=f"Company {i} raises $10M",
    )


async def test_upsert_is_idempotent_and_counts(store: Store) -> None:
    first = await store.upsert_accounts([(account(i), FIT) for i in range(3)], "v1")
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    again = await store.upsert_accounts([(account(i), FIT) for i in range(3)], "v1")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = await store.upsert_accounts([(account(1, name="Renamed"), FIT)], "v1")
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 0)
    found = await store.find_account("company1.com")
    assert found is not None and found.account.name == "Renamed"
    assert await store.fit_counts() == (3, 3)


async def test_accounts_since_returns_only_what_changed(store: Store) -> None:
    await store.upsert_accounts([(account(i), FIT) for i in range(3)], "v1")
    revision = await store.max_revision()
    await store.upsert_accounts([(account(2, industry="Software"), FIT)], "v1")
    changed = [s async for batch in store.iter_accounts(since_revision=revision) for s in batch]
    assert [s.account.id for s in changed] == ["A2"]


async def test_many_accounts_go_in_chunks(store: Store) -> None:
    counts = await store.upsert_accounts([(account(i), FIT) for i in range(1500)], "v1")
    assert counts.added == 1500
    batches = [len(b) async for b in store.iter_accounts(batch=600)]
    assert batches == [600, 600, 300]


async def test_signals_seen_once_and_second_source_recorded(store: Store) -> None:
    fresh = await store.record_signals([signal(1), signal(2)])
    assert {s.id for s in fresh} == {"funding-1", "funding-2"}
    again = await store.record_signals([signal(1, source="feed-b")])
    assert again == []


async def test_account_signals_attach_once(store: Store) -> None:
    await store.upsert_accounts([(account(1), FIT)], "v1")
    matched = MatchedSignal(
        account_id="A1", signal=signal(1), method=MatchMethod.DOMAIN, confidence=0.97
    )
    assert len(await store.add_account_signals([matched, matched])) == 1
    assert await store.add_account_signals([matched]) == []
    history = await store.account_signals(["A1"], since=NOW - timedelta(days=30))
    assert [h.signal.id for h in history["A1"]] == ["funding-1"]
    old = await store.account_signals(["A1"], since=NOW)
    assert old == {}


async def test_source_health_and_cursor(store: Store) -> None:
    await store.record_poll("news", ok=False, error="HTTP 503")
    await store.record_poll("news", ok=False, error="HTTP 503")
    health = (await store.source_health())["news"]
    assert health.consecutive_failures == 2 and health.last_error == "HTTP 503"
    await store.record_poll("news", ok=True, cursor=SourceCursor('"abc"', None, {"seen": [1]}))
    health = (await store.source_health())["news"]
    assert health.consecutive_failures == 0 and health.last_success_at is not None
    cursor = await store.source_cursor("news")
    assert cursor.etag == '"abc"' and cursor.cursor == {"seen": [1]}


async def test_migrate_twice_is_harmless(store: Store) -> None:
    await store.migrate()
    assert await store.fit_counts() == (0, 0)


MIGRATE = """
import asyncio, sys
from inmarket.store.db import Store

async def main() -> None:
    store = Store.open(sys.argv[1])
    try:
        await store.migrate()
    finally:
        await store.close()

asyncio.run(main())
"""


def test_processes_starting_together_migrate_a_fresh_database_once(database_url: str) -> None:
    """Workers scaled out on an empty database all start: one migrates, the rest wait."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120)[0].decode(errors="replace") for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], "\n".join(outputs)

    async def check() -> None:
        store = Store.open(database_url)
        try:
            assert await store.fit_counts() == (0, 0)
        finally:
            await store.close()

    asyncio.run(check())


async def test_claim_poll_gives_each_interval_to_one_caller(store: Store) -> None:
    assert await store.claim_poll("news", NOW, 900)
    assert not await store.claim_poll("news", NOW + timedelta(seconds=60), 900)
    assert await store.claim_poll("news", NOW + timedelta(seconds=901), 900)
    assert await store.claim_poll("other", NOW, 900)
