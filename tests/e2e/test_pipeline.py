"""End to end: a feed on loopback -> the embedded broker -> the worker -> Slack and email.

Real parts throughout: the Kafka-protocol broker, SQLite and PostgreSQL, HTTP servers for
the feeds and Slack, an SMTP server. The worker runs as ``inmarket run`` in a child process.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from icp.definition import parse_icp
from inmarket.broker import EmbeddedBroker, free_port
from inmarket.importer import import_accounts
from inmarket.store.db import Store
from signals.events import DeadLetter, InMarketAlert, RescoreEvent
from tests.e2e.harness import FeedServer, running_worker, wait_for
from tests.loopback.slack import SlackLoopback
from tests.loopback.smtp import SmtpLoopback
from workers.tail import read_topic

pytestmark = pytest.mark.e2e

ICP = """
name = "e2e"
version = "e2e-1"
owner = "revops@example.com"
last_reviewed = 2026-11-01

[firmographic]
industries = ["Software"]
employees = { min = 50, max = 5000 }

[technographic]
required = ["Snowflake"]
"""

ACCOUNTS = """id,name,domain,industry,employees,technologies,owner_email,owner_slack_id
CRM-1,Vantage Metrics Inc.,vantagemetrics.io,Software,300,Snowflake;dbt,kim@example.com,U0KIM
CRM-2,Tern & Tide Labs,terntide.com,Software,120,Snowflake,lee@example.com,U0LEE
CRM-3,Oakridge Mining,oakridge-mining.com,Mining,4000,Snowflake,kim@example.com,U0KIM
CRM-4,Quarry Cloud,quarrycloud.dev,Software,800,Snowflake,kim@example.com,U0KIM
"""


def _feed(now: datetime) -> bytes:
    def item(title: str, link: str, hours: int, description: str) -> str:
        date = format_datetime(now - timedelta(hours=hours))
        return (
            f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{description}</description></item>"
        )

    items = [
        item(
            "Vantage Metrics raises $30M Series B led by Northgate Partners",
            "https://news.example.net/vantage-series-b",
            2,
            "&lt;a href=&quot;https://www.vantagemetrics.io/&quot;&gt;Vantage Metrics&lt;/a&gt; "
            "raised $30 million.",
        ),
        item(
            "Tern &amp; Tide Labs raises $12 million Series A &lt;!channel&gt;",
            "https://news.example.net/tern-tide-a",
            5,
            "Tern &amp; Tide Labs raised $12 million. &lt;!here&gt; @channel",
        ),
        item(
            "Oakridge Mining raises $50M growth round",
            "https://news.example.net/oakridge",
            3,
            "Out of the ICP: Mining.",
        ),
        item(
            "Vantage Metrics raises prices for enterprise plans",
            "https://news.example.net/vantage-prices",
            1,
            "Not a funding round.",
        ),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>E2E Wire</title><link>https://news.example.net/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def _vendor_signal(now: datetime) -> dict[str, object]:
    return {
        "kind": "leadership_change",
        "source_type": "webhook",
        "source_name": "vendor",
        "company_name": "Quarry Cloud",
        "company_domain": "https://www.quarrycloud.dev",
        "occurred_at": (now - timedelta(hours=1)).isoformat(),
        "title": "Quarry Cloud names Ana Ruiz Chief Revenue Officer",
        "url": "https://vendor.example.net/quarry-cro",
        "person": "Ana Ruiz",
        "role": "Chief Revenue Officer",
        "change": "appointed",
    }


async def _prepare(database_url: str, workdir: Path) -> None:
    (workdir / "icp.toml").write_text(ICP)
    (workdir / "accounts.csv").write_text(ACCOUNTS)
    store = Store.open(database_url)
    try:
        await store.migrate()
        report = await import_accounts(store, workdir / "accounts.csv", parse_icp(ICP))
        assert report.counts.added == 4 and not report.rejected
    finally:
        await store.close()


async def _topic(broker: EmbeddedBroker, name: str) -> list[bytes]:
    return [
        r.value
        async for r in read_topic(broker.bootstrap, name, idle_timeout=1.5, max_seconds=10)
        if r.value is not None
    ]


def test_feed_to_slack_and_email(broker: EmbeddedBroker, database_url: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    asyncio.run(_prepare(database_url, tmp_path))
    worker_id = f"e2e-{tmp_path.name[-12:]}"
    web_port = free_port()
    documents = {
        "/news.xml": ("application/rss+xml", _feed(now)),
        "/broken.xml": ("text/html", b"<html><body>502 Bad Gateway</body></html>"),
    }
    with FeedServer(documents) as feeds, SlackLoopback() as slack, SmtpLoopback() as smtp:
        (tmp_path / "sources.toml").write_text(
            "[[source]]\n"
            f'name = "news"\ntype = "rss"\nurl = "{feeds.url}/news.xml"\n'
            "poll_interval_seconds = 3600\n\n"
            "[[source]]\n"
            f'name = "broken"\ntype = "rss"\nurl = "{feeds.url}/broken.xml"\n'
            "poll_interval_seconds = 3600\n"
        )
        env = {
            "INMARKET_BROKER_URL": broker.url,
            "INMARKET_DATABASE_URL": database_url,
            "INMARKET_ICP_FILE": str(tmp_path / "icp.toml"),
            "INMARKET_SOURCES_FILE": str(tmp_path / "sources.toml"),
            "INMARKET_SLACK_WEBHOOK_URL": slack.webhook_url,
            "INMARKET_SMTP_HOST": smtp.host,
            "INMARKET_SMTP_PORT": str(smtp.port),
            "INMARKET_SMTP_FROM": "alerts@example.com",
            "INMARKET_WORKER_ID": worker_id,
            "INMARKET_POLL_TICK_SECONDS": "1",
            "INMARKET_WEB_ENABLED": "true",
            "INMARKET_WEB_PORT": str(web_port),
        }
        with running_worker(env, tmp_path) as worker:
            wait_for(
                lambda: len(slack.messages) >= 2 and len(smtp.messages) >= 2,
                timeout=90,
                worker=worker,
                log=tmp_path / "worker.log",
            )
            # a data vendor posts a leadership change for a fourth account
            inbound = f"http://127.0.0.1:{web_port}/signals"
            posted = httpx.post(inbound, json=_vendor_signal(now), timeout=10)
            assert posted.status_code == 202, posted.text
            bad = httpx.post(inbound, json={"signals": [{"kind": "nope"}]}, timeout=10)
            assert bad.status_code == 400 and "kind" in bad.text
            wait_for(lambda: len(slack.messages) >= 3, timeout=30, worker=worker)
            # give a wrong alert (the out-of-ICP account) the chance to show up
            wait_for(lambda: feeds.hits.get("/broken.xml", 0) >= 1, timeout=10)
            asyncio.run(asyncio.sleep(2))
        assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]

        slack_texts = {json.dumps(m.payload) for m in slack.messages}
        assert len(slack.messages) == 3, slack_texts
        joined = "\n".join(slack_texts)
        assert "Vantage Metrics Inc." in joined
        assert "https://news.example.net/vantage-series-b" in joined
        assert "Oakridge" not in joined
        assert "Quarry Cloud" in joined and "Chief Revenue Officer" in joined
        # untrusted text never pings a channel
        assert "<!channel>" not in joined and "<!here>" not in joined

        recipients = sorted(r for item in smtp.received for r in item.recipients)
        assert recipients == ["kim@example.com", "kim@example.com", "lee@example.com"]
        subjects = sorted(str(m["Subject"]) for m in smtp.messages)
        assert any("Vantage Metrics Inc." in s for s in subjects)
        html_parts = [
            part.get_content()
            for m in smtp.messages
            for part in m.walk()
            if part.get_content_type() == "text/html"
        ]
        assert html_parts and all("<!channel>" not in h for h in html_parts)
        assert any("Tern &amp; Tide Labs" in h for h in html_parts)

    alerts = [
        InMarketAlert.model_validate_json(v)
        for v in asyncio.run(_topic(broker, "alerts.in_market"))
    ]
    mine = [a for a in alerts if a.icp_version == "e2e-1" and a.account_id in {"CRM-1", "CRM-2"}]
    assert {a.account_id for a in mine} >= {"CRM-1", "CRM-2"}
    vantage = next(a for a in mine if a.account_id == "CRM-1")
    assert vantage.why_now[0].url == "https://news.example.net/vantage-series-b"
    assert vantage.why_now[0].method == "domain"

    rescored = [
        RescoreEvent.model_validate_json(v)
        for v in asyncio.run(_topic(broker, "accounts.rescored"))
    ]
    assert any(e.account_id == "CRM-1" and e.in_market for e in rescored)

    letters = [
        DeadLetter.model_validate_json(v) for v in asyncio.run(_topic(broker, "signals.dlq"))
    ]
    assert any(d.source == "broken" and d.stage == "poll" for d in letters), letters
