"""Shared fixtures: the embedded broker, and databases (SQLite file, fresh PostgreSQL database)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from inmarket.broker import EmbeddedBroker, start_embedded_broker
from inmarket.store.db import Store
from tests.loopback.slack import SlackLoopback
from tests.loopback.smtp import SmtpLoopback

POSTGRES_URL = os.environ.get(
    "INMARKET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def broker() -> Iterator[EmbeddedBroker]:
    """A fresh embedded Kafka-protocol broker per test (memory only, about a second to
    start), so no test's consumer group reads records another test left on a topic."""
    running = start_embedded_broker()
    try:
        yield running
    finally:
        running.stop()


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _postgres_database() -> Iterator[str]:
    name = f"inmarket_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError) as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def slack() -> Iterator[SlackLoopback]:
    """A Slack stand-in (webhooks and the Web API) on 127.0.0.1."""
    with SlackLoopback() as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[SmtpLoopback]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it accepts."""
    with SmtpLoopback() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind inmarket supports."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'inmarket.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = Store.open(database_url)
    await opened.migrate()
    try:
        yield opened
    finally:
        await opened.close()
