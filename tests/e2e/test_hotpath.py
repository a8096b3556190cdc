"""The batch hot path end to end: a backlog on signals.raw through ``inmarket run``.

Real broker, real database (SQLite and PostgreSQL), the worker as a child process. The
second test kills the worker (SIGKILL) mid-backlog and restarts it: at-least-once
consumption with idempotent effects must lose nothing, count nothing twice and deliver
no alert twice.
"""

from __future__ import annotations

import asyncio
import random
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icp.accounts import Account
from icp.definition import parse_icp
from icp.fit import evaluate_fit
from inmarket.broker import EmbeddedBroker
from inmarket.store.db import Store
from inmarket.store.tables import AccountSignalRow, AlertOutcomeRow
from signals.events import RescoreEvent, SignalEvent, SignalKind
from tests.e2e.harness import running_worker, wait_for
from tests.loopback.slack import SlackLoopback
from workers.produce import produce
from workers.tail import read_topic

pytestmark = pytest.mark.e2e

ICP = 'version = "hot-1"\n[firmographic]\nindustries = ["Software"]\n'
ACCOUNTS = 200
SIGNALS = 3000


def _accounts() -> list[Account]:
    return [
        Account(
            id=f"H{i}", name=f"Hotpath Co {i}", domains=(f"hotpath{i}.io",), industry="Software"
        )
        for i in range(ACCOUNTS)
    ]


def _backlog(accounts: list[Account]) -> tuple[list[tuple[bytes | None, bytes]], Counter[str]]:
    """SIGNALS signals matched by domain, every tenth one sent twice, a few unknown
    companies; returns the records and how many distinct signals each account gets."""
    rng = random.Random(11)
    now = datetime.now(UTC)
    records: list[tuple[bytes | None, bytes]] = []
    expected: Counter[str] = Counter()
    for i in range(SIGNALS):
        known = i % 50 != 0
        account = rng.choice(accounts)
        event = SignalEvent(
            id=f"hot-{i}",
            kind=SignalKind.JOB_POSTING,
            source_type="e2e",
            company_name=account.name if known else f"Nobody Known {i}",
            company_domain=account.domain if known else f"nobody{i}.example",
            occurred_at=now - timedelta(hours=rng.randint(1, 200)),
            title=f"hiring #{i}",
        )
        value = event.model_dump_json().encode()
        records.append((event.id.encode(), value))
        if i % 10 == 0:
            records.append((event.id.encode(), value))  # redelivered by its source
        if known:
            expected[account.id] += 1
    return records, expected


async def _prepare(database_url: str, workdir: Path, broker: EmbeddedBroker) -> Counter[str]:
    (workdir / "icp.toml").write_text(ICP)
    icp = parse_icp(ICP)
    accounts = _accounts()
    store = Store.open(database_url)
    try:
        await store.migrate()
        await store.upsert_accounts([(a, evaluate_fit(a, icp)) for a in accounts], icp.version)
    finally:
        await store.close()
    records, expected = _backlog(accounts)
    await produce(broker.bootstrap, "signals.raw", records)
    return expected


async def _attached(database_url: str) -> list[tuple[str, str]]:
    store = Store.open(database_url)
    try:
        async with store.engine.connect() as conn:
            rows = await conn.execute(
                select(AccountSignalRow.account_id, AccountSignalRow.signal_id)
            )
            return [(a, s) for a, s in rows]
    finally:
        await store.close()


async def _attached_count(database_url: str) -> int:
    store = Store.open(database_url)
    try:
        async with store.engine.connect() as conn:
            result = await conn.execute(select(func.count()).select_from(AccountSignalRow))
            return int(result.scalar() or 0)
    finally:
        await store.close()


async def _undecided_alerts(database_url: str) -> int:
    """Stored alerts the notifier has not decided on yet (sent, suppressed, held...)."""
    store = Store.open(database_url)
    try:
        alerts = {a.alert_id for a in await store.alerts()}
        async with store.engine.connect() as conn:
            rows = await conn.execute(
                select(AlertOutcomeRow.alert_id).where(AlertOutcomeRow.status != "pending")
            )
            decided = {alert_id for (alert_id,) in rows}
        return len(alerts - decided)
    finally:
        await store.close()


async def _sent(database_url: str, status: str = "sent") -> list[tuple[str, str]]:
    """(alert id, account id) of every alert outcome that went out (or is in ``status``)."""
    store = Store.open(database_url)
    try:
        async with store.engine.connect() as conn:
            rows = await conn.execute(
                select(AlertOutcomeRow.alert_id, AlertOutcomeRow.account_id).where(
                    AlertOutcomeRow.status == status
                )
            )
            return [(alert_id, account_id) for alert_id, account_id in rows]
    finally:
        await store.close()


async def _topic(broker: EmbeddedBroker, name: str) -> list[bytes]:
    return [
        r.value
        async for r in read_topic(broker.bootstrap, name, idle_timeout=1.5, max_seconds=30)
        if r.value is not None
    ]


def _env(broker: EmbeddedBroker, database_url: str, workdir: Path) -> dict[str, str]:
    return {
        "INMARKET_BROKER_URL": broker.url,
        "INMARKET_DATABASE_URL": database_url,
        "INMARKET_ICP_FILE": str(workdir / "icp.toml"),
        "INMARKET_SOURCES_FILE": str(workdir / "none.toml"),
        "INMARKET_WORKER_ID": f"hot-{workdir.name[-10:]}",
        "INMARKET_HOT_PATH": "aiokafka",
        "INMARKET_HOT_BATCH_SIZE": "500",
    }


def _assert_attached_once(database_url: str, expected: Counter[str]) -> None:
    pairs = asyncio.run(_attached(database_url))
    signals = Counter(signal_id for _, signal_id in pairs)
    assert len(pairs) == sum(expected.values())
    assert all(n == 1 for n in signals.values()), signals.most_common(3)
    assert Counter(account_id for account_id, _ in pairs) == expected


def test_backlog_is_matched_and_scored_once(
    broker: EmbeddedBroker, database_url: str, tmp_path: Path
) -> None:
    expected = asyncio.run(_prepare(database_url, tmp_path, broker))
    total = sum(expected.values())
    with running_worker(_env(broker, database_url, tmp_path), tmp_path) as worker:
        wait_for(
            lambda: asyncio.run(_attached_count(database_url)) >= total,
            timeout=120,
            worker=worker,
            log=tmp_path / "worker.log",
        )
    assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]
    _assert_attached_once(database_url, expected)

    rescored = [
        RescoreEvent.model_validate_json(v)
        for v in asyncio.run(_topic(broker, "accounts.rescored"))
    ]
    assert {e.account_id for e in rescored} == set(expected)
    unmatched = asyncio.run(_topic(broker, "signals.unmatched"))
    assert len(unmatched) >= SIGNALS // 50  # unknown companies, each at least once


def test_killed_mid_backlog_loses_and_doubles_nothing(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'inmarket.db'}"
    expected = asyncio.run(_prepare(database_url, tmp_path, broker))
    total = sum(expected.values())
    with SlackLoopback() as slack:
        env = {
            **_env(broker, database_url, tmp_path),
            "INMARKET_SLACK_WEBHOOK_URL": slack.webhook_url,
        }
        with running_worker(env, tmp_path) as worker:
            wait_for(
                lambda: asyncio.run(_attached_count(database_url)) > 0,
                timeout=120,
                worker=worker,
                log=tmp_path / "worker.log",
            )
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        first_run = asyncio.run(_attached_count(database_url))
        (tmp_path / "first.log").write_bytes((tmp_path / "worker.log").read_bytes())
        with running_worker(env, tmp_path) as worker:
            wait_for(
                lambda: asyncio.run(_attached_count(database_url)) >= total,
                timeout=120,
                worker=worker,
                log=tmp_path / "worker.log",
            )
            # every stored alert reaches the notifier and gets an outcome
            wait_for(lambda: asyncio.run(_undecided_alerts(database_url)) == 0, timeout=60)
            asyncio.run(asyncio.sleep(2))
        assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]
        messages = list(slack.messages)

    assert 0 < first_run < total, "the kill came after the backlog was done"
    _assert_attached_once(database_url, expected)
    rescored = {
        RescoreEvent.model_validate_json(v).account_id
        for v in asyncio.run(_topic(broker, "accounts.rescored"))
    }
    assert rescored == set(expected)
    sent = asyncio.run(_sent(database_url))
    # an outcome the killed worker had claimed stays "sending": its message may have gone
    # out; it is never resent by itself (the leader's timer later marks it failed)
    in_flight = asyncio.run(_sent(database_url, "sending"))
    assert sent and len(sent) <= len(messages) <= len(sent) + len(in_flight)
    texts = Counter(str(m.payload) for m in messages)
    assert all(n == 1 for n in texts.values()), texts.most_common(2)
    # job postings do not break the cooldown: one message per account at most
    told = Counter(account_id for _, account_id in sent)
    assert all(n == 1 for n in told.values()), told.most_common(2)
