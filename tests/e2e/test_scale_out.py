"""Two worker processes in one consumer group share the work without doubling it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from icp.definition import parse_icp
from inmarket.broker import EmbeddedBroker
from inmarket.importer import import_accounts
from inmarket.store.db import Store
from tests.e2e.harness import FeedServer, log_tail, running_worker, wait_for
from tests.loopback.slack import SlackLoopback

pytestmark = pytest.mark.e2e

ICP = 'version = "scale-1"\n[firmographic]\nindustries = ["Software"]\n'
ACCOUNTS = "id,name,domain,industry\nS-1,Lattice Forge,latticeforge.io,Software\n"


def _feed() -> bytes:
    date = format_datetime(datetime.now(UTC) - timedelta(hours=1))
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Lattice Forge raises $22M Series B</title>"
        f"<link>https://news.example.net/lf</link><pubDate>{date}</pubDate></item>"
        "</channel></rss>"
    ).encode()


async def _prepare(database_url: str, workdir: Path) -> None:
    (workdir / "icp.toml").write_text(ICP)
    (workdir / "accounts.csv").write_text(ACCOUNTS)
    store = Store.open(database_url)
    try:
        await store.migrate()
        await import_accounts(store, workdir / "accounts.csv", parse_icp(ICP))
    finally:
        await store.close()


def test_two_workers_poll_each_source_once_and_alert_once(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    asyncio.run(_prepare(database_url, tmp_path))
    paths = [f"/feed-{i}.xml" for i in range(6)]
    with (
        FeedServer({p: ("application/rss+xml", _feed()) for p in paths}) as feeds,
        SlackLoopback() as slack,
    ):
        (tmp_path / "sources.toml").write_text(
            "".join(
                f'[[source]]\nname = "feed-{i}"\ntype = "rss"\nurl = "{feeds.url}{p}"\n'
                "poll_interval_seconds = 3600\n\n"
                for i, p in enumerate(paths)
            )
        )
        env = {
            "INMARKET_BROKER_URL": broker.url,
            "INMARKET_DATABASE_URL": database_url,
            "INMARKET_ICP_FILE": str(tmp_path / "icp.toml"),
            "INMARKET_SOURCES_FILE": str(tmp_path / "sources.toml"),
            "INMARKET_SLACK_WEBHOOK_URL": slack.webhook_url,
            "INMARKET_WORKER_ID": f"scale-{tmp_path.name[-10:]}",
            "INMARKET_POLL_TICK_SECONDS": "1",
        }
        first_dir, second_dir = tmp_path / "w1", tmp_path / "w2"
        first_dir.mkdir()
        second_dir.mkdir()
        with running_worker(env, first_dir) as first, running_worker(env, second_dir) as second:
            wait_for(
                lambda: len(slack.messages) >= 1,
                timeout=90,
                worker=first,
                log=first_dir / "worker.log",
            )
            # both workers stay up through rebalances; polls keep being scheduled each second
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                for worker, workdir in ((first, first_dir), (second, second_dir)):
                    assert worker.poll() is None, (
                        f"{workdir.name} exited with {worker.returncode}:\n"
                        + log_tail(workdir / "worker.log")
                    )
                time.sleep(0.5)
        hits = {p: feeds.hits.get(p, 0) for p in paths}
        assert all(count == 1 for count in hits.values()), hits
        # six feeds report the same round: one signal, one alert, one message
        assert len(slack.messages) == 1, [m.text for m in slack.messages]
