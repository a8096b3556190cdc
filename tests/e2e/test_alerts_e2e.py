"""End to end: alerts.in_market on the broker -> ``inmarket run`` -> Slack Web API, SMTP, webhook.

Real parts: the Kafka-protocol broker, SQLite, the Slack stand-in (chat.postMessage with a
scripted 429), an SMTP server, a webhook receiver that verifies signatures. Alerts are
produced straight onto the topic, as the score worker would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inmarket.broker import EmbeddedBroker, start_embedded_broker
from inmarket.store.db import Store
from inmarket.store.deliveries import AlertLedger, AlertOutcome, OutcomeStatus
from signals.events import DeadLetter, InMarketAlert, MatchMethod, SignalContribution, SignalKind
from tests.e2e.harness import running_worker, wait_for
from tests.inmarket.test_cli_alerts import cli_app
from tests.loopback.slack import Scripted, SlackLoopback
from tests.loopback.smtp import SmtpLoopback
from tests.loopback.webhook import WebhookReceiver
from workers.produce import produce
from workers.tail import read_topic

pytestmark = pytest.mark.e2e

SECRET = "e2e-webhook-secret-0123456789"
ICP = """
name = "alerts-e2e"
version = "alerts-1"
owner = "revops@example.com"
last_reviewed = 2026-11-01

[firmographic]
industries = ["Software"]
"""


def _signal(signal_id: str, kind: SignalKind, now: datetime, title: str) -> SignalContribution:
    return SignalContribution(
        signal_id=signal_id,
        kind=kind,
        title=title,
        url=f"https://news.example.net/{signal_id}",
        source_type="rss",
        source_name="E2E Wire",
        occurred_at=now - timedelta(hours=2),
        points=30.0,
        method=MatchMethod.DOMAIN,
        confidence=0.97,
    )


def _alert(
    alert_id: str,
    account_id: str,
    name: str,
    now: datetime,
    why: tuple[SignalContribution, ...],
    *,
    email: str | None,
    slack: str | None,
) -> InMarketAlert:
    return InMarketAlert(
        alert_id=alert_id,
        account_id=account_id,
        account_name=name,
        account_domain=name.split()[0].lower() + ".io",
        owner_email=email,
        owner_slack_id=slack,
        icp_version="alerts-1",
        fit_score=80.0,
        score=70.0,
        tier="tier_1",
        why_now=why,
        created_at=now,
    )


def _alerts(now: datetime) -> list[InMarketAlert]:
    funding = _signal("fund-1", SignalKind.FUNDING, now, "Vantage raises $30M <!channel>")
    acquisition = _signal("acq-1", SignalKind.ACQUISITION, now, "Vantage acquires Loomly")
    job = _signal("job-1", SignalKind.JOB_POSTING, now, "Vantage hires a data engineer")
    kim = {"email": "kim@example.com", "slack": "U0KIM"}
    max_ = {"email": "max@example.com", "slack": "U0MAX"}
    later = now + timedelta(seconds=1)
    return [
        _alert("a-vantage-1", "CRM-1", "Vantage Metrics", now, (funding,), **kim),
        _alert("a-tern-1", "CRM-2", "Tern Labs", now, (funding,), email=None, slack=None),
        # an update with a new high-importance signal: threads under the first message
        _alert("a-vantage-2", "CRM-1", "Vantage Metrics", later, (funding, acquisition), **kim),
        # an update with only a minor signal, within the cooldown: suppressed
        _alert("a-vantage-3", "CRM-1", "Vantage Metrics", later, (funding, job), **kim),
        # Max takes one alert a day one by one (the recipients file): the other goes to the
        # digest. Different accounts, so either may be handled first.
        _alert("a-max-1", "CRM-8", "Maple Freight", now, (funding,), **max_),
        _alert("a-max-2", "CRM-9", "Osprey Data", now, (funding,), **max_),
    ]


def _records(alerts: list[InMarketAlert]) -> list[tuple[bytes | None, bytes]]:
    return [(a.account_id.encode(), a.model_dump_json().encode()) for a in alerts]


async def _hold(database_url: str, now: datetime) -> None:
    """An alert held for quiet hours that ended a second ago (as if decided last night)."""
    night = _alert(
        "a-night-1",
        "CRM-7",
        "Nightjar Systems",
        now,
        (_signal("fund-7", SignalKind.FUNDING, now, "Nightjar raises $8M"),),
        email=None,
        slack="U0NIGHT",
    )
    held = AlertOutcome(
        alert_id=night.alert_id,
        destination="slack:U0NIGHT",
        account_id=night.account_id,
        account_name=night.account_name,
        recipient="U0NIGHT",
        rule="owner",
        status=OutcomeStatus.HELD,
        reason="crossed into in-market; held for quiet hours",
        alert_created_at=now,
        updated_at=now,
        release_at=now - timedelta(seconds=1),
    )
    store = Store.open(database_url)
    try:
        await store.remember_alert(night)
        await AlertLedger(store).save([held])
    finally:
        await store.close()


async def _digest_hour_comes(database_url: str, now: datetime) -> None:
    """Bring the queued digest entries' release time to a second ago (as if it were 08:00)."""
    store = Store.open(database_url)
    try:
        ledger = AlertLedger(store)
        queued = await ledger.listing([OutcomeStatus.DIGEST], limit=1000)
        assert queued, "nothing was queued for the digest"
        await ledger.save([replace(o, release_at=now - timedelta(seconds=1)) for o in queued])
    finally:
        await store.close()


async def _outcomes(database_url: str) -> list[AlertOutcome]:
    store = Store.open(database_url)
    try:
        return await AlertLedger(store).listing(limit=1000)
    finally:
        await store.close()


def _statuses(database_url: str) -> dict[tuple[str, str], str]:
    return {
        (o.alert_id, o.destination): str(o.status) for o in asyncio.run(_outcomes(database_url))
    }


@pytest.fixture
def broker() -> Iterator[EmbeddedBroker]:
    """A broker of its own: the session broker's alerts.in_market would carry these alerts
    into other tests' workers (a new consumer group reads a topic from the beginning)."""
    running = start_embedded_broker()
    try:
        yield running
    finally:
        running.stop()


def _log_count(path: Path, text: str) -> int:
    return path.read_text(errors="replace").count(text) if path.exists() else 0


def test_alerts_through_the_broker_once_each_sqlite(broker: EmbeddedBroker, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    database_url = f"sqlite:///{tmp_path / 'inmarket.db'}"
    (tmp_path / "icp.toml").write_text(ICP)
    worker_log = tmp_path / "worker.log"
    alerts = _alerts(now)
    (tmp_path / "recipients.toml").write_text('[recipients."max@example.com"]\ndaily_cap = 1\n')
    with SlackLoopback() as slack, SmtpLoopback() as smtp, WebhookReceiver(secret=SECRET) as hook:
        slack.script(
            Scripted(429, {"ok": False, "error": "ratelimited"}, retry_after=1, target="api")
        )
        env = {
            "INMARKET_BROKER_URL": broker.url,
            "INMARKET_DATABASE_URL": database_url,
            "INMARKET_ICP_FILE": str(tmp_path / "icp.toml"),
            "INMARKET_SOURCES_FILE": str(tmp_path / "sources.toml"),
            "INMARKET_SLACK_BOT_TOKEN": slack.bot_token,
            "INMARKET_SLACK_API_URL": slack.api_url,
            "INMARKET_SLACK_DEFAULT_CHANNEL": "C0ALERTS",
            "INMARKET_SMTP_HOST": smtp.host,
            "INMARKET_SMTP_PORT": str(smtp.port),
            "INMARKET_SMTP_FROM": "alerts@example.com",
            "INMARKET_DEFAULT_ALERT_EMAIL": "revops@example.com",
            "INMARKET_ALERT_WEBHOOK_URL": hook.url,
            "INMARKET_ALERT_WEBHOOK_SECRET": SECRET,
            "INMARKET_ALERT_RETRY_ATTEMPTS": "3",
            "INMARKET_ALERT_RELEASE_SECONDS": "1",
            "INMARKET_RECIPIENTS_FILE": str(tmp_path / "recipients.toml"),
            "INMARKET_WORKER_ID": f"alerts-{tmp_path.name[-12:]}",
        }
        with running_worker(env, tmp_path) as worker:
            asyncio.run(produce(broker.bootstrap, "alerts.in_market", _records(alerts)))
            wait_for(
                lambda: _log_count(worker_log, "alert a-") >= 6,
                timeout=40,
                worker=worker,
                log=worker_log,
            )
            assert len(slack.messages) == 4 and len(smtp.received) == 4
            capped = {
                alert: status
                for (alert, destination), status in _statuses(database_url).items()
                if alert.startswith("a-max") and destination == "email:max@example.com"
            }
            assert sorted(capped.values()) == ["digest", "sent"], capped
            [queued] = [alert for alert, status in capped.items() if status == "digest"]
            capped_slack = _statuses(database_url)[(queued, "slack:U0MAX")]
            assert capped_slack == "suppressed"  # the overflow is in the digest, not a DM

            # an SMTP server that refuses the sender: a permanent failure, dead-lettered
            smtp.refuse_sender = True
            lee = _alert(
                "a-quarry-1",
                "CRM-5",
                "Quarry Cloud",
                now,
                (_signal("lead-1", SignalKind.LEADERSHIP_CHANGE, now, "Quarry names a CRO"),),
                email="lee@example.com",
                slack="U0LEE",
            )
            asyncio.run(produce(broker.bootstrap, "alerts.in_market", _records([lee])))
            wait_for(lambda: _log_count(worker_log, "alert a-quarry-1") >= 1, timeout=20)
            cli_env = {**env, "INMARKET_CONFIG": ""}
            listed = CliRunner().invoke(
                cli_app(), ["alerts", "list", "--failed", "--json"], env=cli_env
            )
            assert listed.exit_code == 0, listed.output
            [failed] = [json.loads(line) for line in listed.stdout.splitlines()]
            assert failed["destination"] == "email:lee@example.com"
            assert "553" in failed["reason"] and failed["retriable"] is False

            smtp.refuse_sender = False
            retried = CliRunner().invoke(cli_app(), ["alerts", "retry"], env=cli_env)
            assert retried.exit_code == 0, retried.output
            assert "1 delivered, 0 still failing" in retried.stderr

            tail = ["tail", "alerts.in_market", "--from-beginning", "--max-seconds", "2"]
            tailed = CliRunner().invoke(cli_app(), [*tail, "--account", "quarry.io"], env=cli_env)
            assert tailed.exit_code == 0, tailed.output
            lines = [json.loads(line) for line in tailed.stdout.splitlines()]
            assert [line["value"]["alert_id"] for line in lines] == ["a-quarry-1"]

            # the leader's timer releases an alert whose quiet hours have ended
            asyncio.run(_hold(database_url, now))
            wait_for(lambda: any(m.channel == "D0NIGHT" for m in slack.messages), timeout=20)
            # the outcome is recorded just after the POST; stop the worker only then
            wait_for(
                lambda: _statuses(database_url).get(("a-night-1", "slack:U0NIGHT")) == "sent",
                timeout=10,
            )

            # the digest hour comes: the timer emails Max one digest with the capped alert
            asyncio.run(_digest_hour_comes(database_url, now))
            wait_for(
                lambda: _statuses(database_url)[(queued, "email:max@example.com")] == "sent",
                timeout=20,
                worker=worker,
                log=worker_log,
            )
            [digest] = [m for m in smtp.received if "digest" in str(m.message["Subject"])]
            assert digest.recipients == ("max@example.com",)
            assert "1 account in market" in str(digest.message["Subject"])
        assert worker.returncode == 0, worker_log.read_text()[-3000:]
        first_run = worker_log.read_text()
        assert "delivery: retrying in 1.0s" in first_run  # Slack's Retry-After was honoured
        assert [r.status for r in slack.received][:2] == [429, 200]

        # a new consumer group re-reads every alert from the beginning: nothing goes twice
        sent = (len(slack.messages), len(smtp.received), len(hook.received))
        before = _statuses(database_url)
        worker_log.rename(tmp_path / "first-worker.log")
        env["INMARKET_WORKER_ID"] += "-again"
        with running_worker(env, tmp_path) as worker:
            wait_for(
                lambda: _log_count(worker_log, "already handled") >= 7,
                timeout=40,
                worker=worker,
                log=worker_log,
            )
        assert (len(slack.messages), len(smtp.received), len(hook.received)) == sent
        assert _statuses(database_url) == before

    # Slack: Kim's DM, the update threaded under it, the fallback channel, Lee's DM, the released
    by_channel = sorted((m.channel, m.thread_ts is not None) for m in slack.messages)
    assert by_channel == [
        ("C0ALERTS", False),
        ("D0KIM", False),
        ("D0KIM", True),
        ("D0LEE", False),
        ("D0MAX", False),
        ("D0NIGHT", False),
    ]
    kim_first = next(m for m in slack.messages if m.channel == "D0KIM" and not m.thread_ts)
    assert any(m.thread_ts == kim_first.ts for m in slack.messages)
    assert "<!channel>" not in json.dumps([m.payload for m in slack.messages])
    recipients = sorted(r for item in smtp.received for r in item.recipients)
    assert recipients == [
        "kim@example.com",
        "kim@example.com",
        "lee@example.com",
        "max@example.com",
        "max@example.com",
        "revops@example.com",
    ]
    assert sent[2] == 7 and all(r.verified for r in hook.received)
    assert before[("a-vantage-3", "slack:U0KIM")] == "suppressed"
    assert before[("a-tern-1", "slack:C0ALERTS")] == "sent"
    assert before[("a-quarry-1", "email:lee@example.com")] == "sent"
    assert before[("a-night-1", "slack:U0NIGHT")] == "sent"
    assert OutcomeStatus.FAILED not in before.values()

    letters = [
        DeadLetter.model_validate_json(r.value)
        for r in asyncio.run(_dlq(broker))
        if r.value is not None
    ]
    assert any(d.stage == "notify" and d.source == "email:lee@example.com" for d in letters)


async def _dlq(broker: EmbeddedBroker) -> list:  # type: ignore[type-arg]
    return [r async for r in read_topic(broker.bootstrap, "signals.dlq", idle_timeout=1.5)]
