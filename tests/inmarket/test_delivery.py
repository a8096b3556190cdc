"""AlertDelivery on a real database with real Slack, SMTP and webhook servers on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from inmarket.delivery import CLAIM_LEASE, AlertDelivery, HandleResult, build_delivery
from inmarket.notify.delivery_log import DeliveryRecord, alert_key
from inmarket.notify.errors import DeliveryConfigError
from inmarket.notify.noise import Action, Decision, RecipientPrefs
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.routing import AccountFacts
from inmarket.recipients import RecipientBook, RecipientSettings
from inmarket.settings import Settings
from inmarket.store.db import Store
from inmarket.store.deliveries import AlertLedger, OutcomeStatus, StoreDeliveryLog
from signals.events import InMarketAlert, MatchMethod, SignalContribution, SignalKind
from tests.inmarket.notify.conftest import CREATED, SleepRecorder, make_alert
from tests.loopback.slack import Scripted, SlackLoopback
from tests.loopback.smtp import SmtpLoopback
from tests.loopback.webhook import WebhookReceiver

SECRET = "whsec-0123456789abcdef"
NOW = CREATED + timedelta(minutes=1)  # 09:31 UTC


def signal(signal_id: str, kind: SignalKind, hours: int = 1) -> SignalContribution:
    return SignalContribution(
        signal_id=signal_id,
        kind=kind,
        title=f"{kind} for Acme Analytics",
        url=f"https://news.example/{signal_id}",
        source_type="rss",
        source_name="TechWire",
        occurred_at=CREATED - timedelta(hours=hours),
        points=20.0,
        method=MatchMethod.DOMAIN,
        confidence=0.95,
    )


def update_of(alert: InMarketAlert, alert_id: str, *extra: SignalContribution, **kw: Any) -> Any:
    return make_alert(
        alert_id=alert_id,
        why_now=alert.why_now + extra,
        created_at=alert.created_at + timedelta(hours=1),
        **kw,
    )


@pytest.fixture
def alert() -> InMarketAlert:
    return make_alert()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> RetryPolicy:
    return RetryPolicy(attempts=3, base_delay=0.5, max_delay=8, max_retry_after=30, sleep=sleeps)


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(secret=SECRET) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def settings_for(
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    webhook: WebhookReceiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    monkeypatch.setenv("INMARKET_CONFIG", "")

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "slack_bot_token": slack.bot_token,
            "slack_api_url": slack.api_url,
            "slack_default_channel": "C0ALERTS",
            "smtp_host": smtp.host,
            "smtp_port": smtp.port,
            "smtp_from": "alerts@seller.example",
            "default_alert_email": "revops@seller.example",
            "alert_webhook_url": webhook.url,
            "alert_webhook_secret": SECRET,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def make_delivery(
    store: Store, http: httpx.AsyncClient, settings_for: Any, policy: RetryPolicy
) -> Any:
    def make(**overrides: Any) -> AlertDelivery:
        return build_delivery(settings_for(**overrides), store, http, policy=policy)

    return make


def statuses(result: HandleResult) -> dict[str, str]:
    return {o.destination: str(o.status) for o in result.outcomes}


async def test_owner_dm_email_and_signed_webhook_once(
    make_delivery: Any,
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    webhook: WebhookReceiver,
    alert: InMarketAlert,
) -> None:
    delivery = make_delivery()
    first = await delivery.handle(alert, NOW)
    again = await delivery.handle(alert, NOW + timedelta(minutes=5))
    assert statuses(first) == {
        "slack:U024BE7LH": "sent",
        "email:dana@seller.example": "sent",
        "webhook:alert": "sent",
    }
    assert again.duplicate and statuses(again) == statuses(first)
    assert [m.channel for m in slack.messages] == ["D024BE7LH"]
    assert [r.recipients for r in smtp.received] == [("dana@seller.example",)]
    assert len(webhook.received) == 1 and webhook.received[0].verified
    assert webhook.received[0].json()["alert_id"] == alert.alert_id


async def test_update_threads_under_the_first_message(
    make_delivery: Any, slack: SlackLoopback, alert: InMarketAlert
) -> None:
    delivery = make_delivery()
    await delivery.handle(alert, NOW)
    update = update_of(alert, "alert-2", signal("acq-1", SignalKind.ACQUISITION))
    result = await delivery.handle(update, NOW + timedelta(hours=1))
    assert statuses(result)["slack:U024BE7LH"] == "sent"
    assert "new high-importance signal: Acquisition" in result.outcomes[0].reason
    first, second = slack.messages
    assert first.thread_ts is None and second.thread_ts == first.ts


async def test_low_importance_update_within_cooldown_is_suppressed_with_reason(
    make_delivery: Any, slack: SlackLoopback, smtp: SmtpLoopback, alert: InMarketAlert
) -> None:
    delivery = make_delivery()
    await delivery.handle(alert, NOW)
    update = update_of(alert, "alert-3", signal("job-9", SignalKind.JOB_POSTING))
    result = await delivery.handle(update, NOW + timedelta(hours=1))
    assert statuses(result) == {
        "slack:U024BE7LH": "suppressed",
        "email:dana@seller.example": "suppressed",
        "webhook:alert": "sent",  # machines get every alert
    }
    assert all("cooldown" in o.reason for o in result.outcomes if o.status == "suppressed")
    assert len(slack.messages) == 1 and len(smtp.received) == 1


async def test_owner_without_slack_id_or_email_falls_back_and_it_is_recorded(
    make_delivery: Any, slack: SlackLoopback, smtp: SmtpLoopback
) -> None:
    orphan = make_alert(alert_id="alert-orphan", owner_email=None, owner_slack_id=None)
    result = await make_delivery().handle(orphan, NOW)
    by_destination = {o.destination: o for o in result.outcomes}
    assert set(by_destination) == {"slack:C0ALERTS", "email:revops@seller.example", "webhook:alert"}
    assert by_destination["slack:C0ALERTS"].rule == "fallback"
    assert "the owner has no Slack id" in by_destination["slack:C0ALERTS"].reason
    assert "the owner has no email" in by_destination["email:revops@seller.example"].reason
    assert [m.channel for m in slack.messages] == ["C0ALERTS"]
    assert [r.recipients for r in smtp.received] == [("revops@seller.example",)]


async def test_incoming_webhook_only_posts_every_alert_to_it(
    make_delivery: Any, slack: SlackLoopback
) -> None:
    delivery = make_delivery(slack_bot_token=None, slack_webhook_url=slack.webhook_url)
    orphan = make_alert(alert_id="alert-orphan", account_id="acc-9", owner_slack_id=None)
    await delivery.handle(make_alert(), NOW)
    result = await delivery.handle(orphan, NOW)
    assert "slack:webhook" in statuses(result)
    assert [m.via for m in slack.messages] == ["webhook", "webhook"]


async def test_slack_429_waits_retry_after_then_sends_once(
    make_delivery: Any, slack: SlackLoopback, sleeps: SleepRecorder, alert: InMarketAlert
) -> None:
    slack.script(Scripted(429, {"ok": False, "error": "ratelimited"}, retry_after=2, target="api"))
    result = await make_delivery().handle(alert, NOW)
    assert statuses(result)["slack:U024BE7LH"] == "sent"
    assert sleeps.delays == [2.0]
    assert [r.status for r in slack.received] == [429, 200] and len(slack.messages) == 1


async def test_refused_sender_fails_permanently_then_retry_delivers(
    make_delivery: Any, smtp: SmtpLoopback, slack: SlackLoopback, store: Store, alert: InMarketAlert
) -> None:
    smtp.refuse_sender = True
    delivery = make_delivery()
    result = await delivery.handle(alert, NOW)
    [failed] = result.failed
    assert failed.destination == "email:dana@seller.example" and not failed.retriable
    assert "553" in failed.reason and "refused" in failed.reason
    assert statuses(result)["slack:U024BE7LH"] == "sent"
    listed = await AlertLedger(store).listing([OutcomeStatus.FAILED])
    assert [o.destination for o in listed] == ["email:dana@seller.example"]

    smtp.refuse_sender = False
    retried = await delivery.retry_failed(NOW + timedelta(minutes=10))
    assert [(o.destination, str(o.status), o.attempts) for o in retried] == [
        ("email:dana@seller.example", "sent", 2)
    ]
    assert len(smtp.received) == 1 and len(slack.messages) == 1
    assert await AlertLedger(store).listing([OutcomeStatus.FAILED]) == []


async def test_quiet_hours_hold_and_release_in_the_morning(
    make_delivery: Any, slack: SlackLoopback, smtp: SmtpLoopback, alert: InMarketAlert
) -> None:
    delivery = make_delivery(alert_quiet_hours="20:00-08:00", alert_time_zone="Europe/Berlin")
    night = datetime(2026, 11, 2, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
    held = await delivery.handle(alert, night)
    assert statuses(held)["slack:U024BE7LH"] == "held"
    morning = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
    assert all(o.release_at == morning for o in held.outcomes if o.status is OutcomeStatus.HELD)
    assert "quiet hours" in held.outcomes[0].reason
    assert not slack.messages and not smtp.received
    assert await delivery.release_due(morning - timedelta(minutes=1)) == []
    released = await delivery.release_due(morning)
    assert {o.destination: str(o.status) for o in released} == {
        "slack:U024BE7LH": "sent",
        "email:dana@seller.example": "sent",
    }
    assert len(slack.messages) == 1 and len(smtp.received) == 1
    assert await delivery.release_due(morning + timedelta(minutes=5)) == []


async def test_digest_recipient_and_daily_cap(
    make_delivery: Any, slack: SlackLoopback, smtp: SmtpLoopback, tmp_path: Path
) -> None:
    recipients = tmp_path / "recipients.toml"
    recipients.write_text(
        '[recipients."dana@seller.example"]\ndigest = true\ntime_zone = "UTC"\n'
        'digest_time = "17:00"\n\n[recipients."U0LEE"]\ndaily_cap = 1\n'
    )
    delivery = make_delivery(recipients_file=recipients)
    first = await delivery.handle(make_alert(), NOW)
    other = make_alert(alert_id="alert-b", account_id="acc-2", account_name="Bolt Data")
    second = await delivery.handle(other, NOW)
    assert statuses(first)["email:dana@seller.example"] == "digest"
    assert statuses(first)["slack:U024BE7LH"] == "sent"  # the digest is an email preference
    assert len(smtp.received) == 0 and len(slack.messages) == 2
    assert second.outcomes[0].release_at == datetime(2026, 11, 2, 17, 0, tzinfo=UTC)

    capped_owner = {"owner_email": "lee@seller.example", "owner_slack_id": "U0LEE"}
    await delivery.handle(make_alert(alert_id="lee-1", account_id="acc-3", **capped_owner), NOW)
    capped = await delivery.handle(
        make_alert(alert_id="lee-2", account_id="acc-4", **capped_owner), NOW
    )
    assert statuses(capped)["email:lee@seller.example"] == "digest"
    assert statuses(capped)["slack:U0LEE"] == "suppressed"
    assert "daily cap of 1" in capped.outcomes[0].reason

    sent = await delivery.release_due(datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    assert sorted(str(o.status) for o in sent) == ["sent"] * 3
    digests = {r.recipients[0]: r.message for r in smtp.received}
    assert set(digests) == {"dana@seller.example", "lee@seller.example"}
    dana = digests["dana@seller.example"]
    assert "2 accounts in market" in str(dana["Subject"])
    assert "Bolt Data" in dana.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert await delivery.release_due(datetime(2026, 11, 3, 9, 0, tzinfo=UTC)) == []
    assert len(smtp.received) == 3  # lee's first alert went one by one, then the two digests


def test_recipients_file_errors_name_the_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    book = RecipientBook.from_settings(Settings())
    with pytest.raises(DeliveryConfigError, match=r"people.toml: recipients.kim@x.io.time_zone"):
        book.with_file(
            '[recipients."kim@x.io"]\ntime_zone = "Mars/Olympus"\n', source="people.toml"
        )
    with pytest.raises(DeliveryConfigError, match=r"people.toml: defaults.quiet_hours"):
        book.with_file('[defaults]\nquiet_hours = "late"\n', source="people.toml")
    with pytest.raises(DeliveryConfigError, match=r"people.toml: recipients.a.digst"):
        book.with_file("[recipients.a]\ndigst = true\n", source="people.toml")
    with pytest.raises(DeliveryConfigError, match="INMARKET_RECIPIENTS_FILE"):
        RecipientBook.from_settings(Settings(recipients_file=tmp_path / "missing.toml"))


async def test_routing_rules_choose_channels_and_sinks(
    make_delivery: Any,
    slack: SlackLoopback,
    tmp_path: Path,
    alert: InMarketAlert,
    caplog: pytest.LogCaptureFixture,
) -> None:
    routing = tmp_path / "routing.toml"
    routing.write_text(
        "owner_dm = false\nowner_email = false\n\n"
        '[[rules]]\nname = "top tier"\ntiers = ["tier_1"]\nslack_channel = "C0EMEA"\n\n'
        '[[rules]]\nname = "crm"\nsignal_kinds = ["funding"]\nwebhook = "crm"\n'
    )
    with caplog.at_level("WARNING", logger="inmarket.delivery"):
        delivery = make_delivery(routing_file=routing)
    # said when the worker starts, not only at the first alert
    assert "routing rule crm: webhook sink 'crm' is not configured" in caplog.text
    result = await delivery.handle(alert, NOW)
    assert [(o.destination, o.rule, str(o.status)) for o in result.outcomes] == [
        ("slack:C0EMEA", "top tier", "sent"),
        ("webhook:crm", "crm", "failed"),  # no sink of that name is configured
        ("webhook:alert", "alert webhook", "sent"),
    ]
    assert "no webhook sink named 'crm'" in result.failed[0].reason
    reasons = {o.destination: o.reason for o in result.outcomes}
    assert reasons["webhook:alert"] == "the alert webhook receives every alert"
    assert [m.channel for m in slack.messages] == ["C0EMEA"]


async def test_a_rule_sends_to_a_named_sink_with_its_own_secret(
    make_delivery: Any, webhook: WebhookReceiver, tmp_path: Path, alert: InMarketAlert
) -> None:
    routing = tmp_path / "routing.toml"
    routing.write_text(
        'owner_dm = false\nowner_email = false\n\n[[rules]]\nname = "crm"\nwebhook = "crm"\n'
    )
    crm_secret = "crm-sink-secret-0123456789"
    with WebhookReceiver(secret=crm_secret) as crm:
        delivery = make_delivery(
            routing_file=routing, webhooks={"crm": {"url": crm.url, "secret": crm_secret}}
        )
        result = await delivery.handle(alert, NOW)
        assert statuses(result) == {"webhook:crm": "sent", "webhook:alert": "sent"}
        [crm_outcome] = [o for o in result.outcomes if o.destination == "webhook:crm"]
        assert crm_outcome.reason == "routing rule crm chose this sink (no noise control)"
        # each sink verified its own signature (a wrong one is answered 401, not recorded)
        assert [r.verified for r in crm.received] == [True]
        assert [r.verified for r in webhook.received] == [True]
        assert crm.received[0].json()["alert_id"] == alert.alert_id


async def test_a_crash_between_deciding_and_recording_never_sends_twice(
    make_delivery: Any,
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    store: Store,
    alert: InMarketAlert,
) -> None:
    delivery = make_delivery()
    planned = delivery.plan(alert, AccountFacts())
    decided = delivery._apply(
        alert,
        planned,
        Decision(Action.SEND, "crossed into in-market"),
        RecipientSettings(RecipientPrefs()),
        "dana@seller.example",
        NOW,
    )
    await AlertLedger(store).save(decided)  # decided, then the worker died
    # ... after the Slack message went out but before its outcome was stored
    await StoreDeliveryLog(store).record(
        DeliveryRecord(alert_key(alert.alert_id), "slack:U024BE7LH", "1.000001", alert.created_at)
    )
    result = await delivery.handle(alert, NOW + timedelta(minutes=1))
    by_destination = {o.destination: o for o in result.outcomes}
    assert {d: str(o.status) for d, o in by_destination.items()} == {
        "slack:U024BE7LH": "sent",
        "email:dana@seller.example": "sent",
        "webhook:alert": "sent",
    }
    assert by_destination["slack:U024BE7LH"].reason == "already delivered earlier"
    assert not slack.messages and len(smtp.received) == 1
    assert (await delivery.handle(alert, NOW + timedelta(minutes=2))).duplicate


async def test_a_held_alert_released_while_redelivered_is_sent_once(
    make_delivery: Any,
    settings_for: Any,
    policy: RetryPolicy,
    http: httpx.AsyncClient,
    database_url: str,
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    alert: InMarketAlert,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quiet = {"alert_quiet_hours": "20:00-08:00", "alert_time_zone": "Europe/Berlin"}
    timer = make_delivery(**quiet)  # the leader releasing held alerts
    other_store = Store.open(database_url)  # another worker, handed the same alert again
    other = build_delivery(settings_for(**quiet), other_store, http, policy=policy)
    try:
        await timer.handle(alert, datetime(2026, 11, 2, 22, 0, tzinfo=UTC))
        morning = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
        redelivered: list[HandleResult] = []
        send = timer.notifier.deliver

        async def send_while_redelivered(*args: Any) -> Any:
            # the redelivery arrives while the timer's messages are on their way
            sent, again = await asyncio.gather(send(*args), other.handle(alert, morning))
            redelivered.append(again)
            return sent

        monkeypatch.setattr(timer.notifier, "deliver", send_while_redelivered)
        released = await timer.release_due(morning)
        assert {o.destination: str(o.status) for o in released} == {
            "slack:U024BE7LH": "sent",
            "email:dana@seller.example": "sent",
        }
        assert redelivered[0].duplicate
        assert len(slack.messages) == 1 and len(smtp.received) == 1
    finally:
        await other_store.close()


async def test_a_claim_left_by_a_dead_worker_is_failed_visibly_never_resent(
    make_delivery: Any, slack: SlackLoopback, smtp: SmtpLoopback, store: Store, alert: InMarketAlert
) -> None:
    delivery = make_delivery()
    decided = delivery._apply(
        alert,
        delivery.plan(alert, AccountFacts()),
        Decision(Action.SEND, "crossed into in-market"),
        RecipientSettings(RecipientPrefs()),
        "dana@seller.example",
        NOW,
    )
    ledger = AlertLedger(store)
    await store.remember_alert(alert)
    await ledger.save(decided)
    claimed = await ledger.claim(decided, NOW, CLAIM_LEASE)  # then this worker died ...
    assert len(claimed) == 3 and await ledger.claim(decided, NOW, CLAIM_LEASE) == []
    # ... after its Slack message went out, before anything was recorded but the log
    await StoreDeliveryLog(store).record(
        DeliveryRecord(alert_key(alert.alert_id), "slack:U024BE7LH", "1.000001", NOW)
    )
    # a redelivery within the lease leaves the claim alone; so does the timer
    assert (await delivery.handle(alert, NOW + timedelta(minutes=1))).duplicate
    assert await delivery.release_due(NOW + CLAIM_LEASE) == []
    later = NOW + CLAIM_LEASE + timedelta(seconds=1)
    settled = {o.destination: o for o in await delivery.release_due(later)}
    assert {d: str(o.status) for d, o in settled.items()} == {
        "slack:U024BE7LH": "sent",  # the log shows it went out
        "email:dana@seller.example": "failed",  # unknown: never resent by itself
        "webhook:alert": "failed",
    }
    assert "may or may not have been delivered" in settled["email:dana@seller.example"].reason
    assert not slack.messages and not smtp.received
    assert await delivery.release_due(NOW + 2 * CLAIM_LEASE) == []
    # the operator decides: alerts retry sends the unknown ones, once
    retried = await delivery.retry_failed(NOW + 2 * CLAIM_LEASE)
    assert sorted(str(o.status) for o in retried) == ["sent", "sent"]
    assert not slack.messages and len(smtp.received) == 1
