"""Deliver an in-market alert once per channel: Slack and email, recorded in the store.

A redelivered Kafka message finds its delivery record and sends nothing again. A
permanent failure (bad webhook, refused sender) is recorded as ``failed`` with the reason
and returned so the worker can dead-letter it; a retriable one is raised after the
sender's own retries so the message is not acknowledged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from inmarket.notify.email import build_email, send_email
from inmarket.notify.errors import DeliveryError
from inmarket.notify.slack import build_slack_message, post_webhook
from inmarket.settings import Settings
from inmarket.store.db import Store
from signals.events import InMarketAlert

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryOutcome:
    channel: str
    status: str  # sent, skipped (already sent), failed, unconfigured
    detail: str = ""


async def deliver_alert(
    store: Store, settings: Settings, client: httpx.AsyncClient, alert: InMarketAlert
) -> list[DeliveryOutcome]:
    """Send ``alert`` on every configured channel not yet sent; record each outcome."""
    outcomes = [
        await _deliver_slack(store, settings, client, alert),
        await _deliver_email(store, settings, alert),
    ]
    return outcomes


async def _already_sent(store: Store, alert: InMarketAlert, channel: str) -> bool:
    record = await store.delivery(alert.alert_id, channel)
    return record is not None and record.status == "sent"


async def _deliver_slack(
    store: Store, settings: Settings, client: httpx.AsyncClient, alert: InMarketAlert
) -> DeliveryOutcome:
    channel = "slack"
    if settings.slack_webhook_url is None:
        return DeliveryOutcome(channel, "unconfigured", "INMARKET_SLACK_WEBHOOK_URL is not set")
    if await _already_sent(store, alert, channel):
        return DeliveryOutcome(channel, "skipped", "already sent")
    try:
        await post_webhook(
            client, settings.slack_webhook_url.get_secret_value(), build_slack_message(alert)
        )
    except DeliveryError as exc:
        if exc.retriable:
            raise
        await store.record_delivery(
            alert_id=alert.alert_id,
            channel=channel,
            account_id=alert.account_id,
            status="failed",
            destination="webhook",
            detail=str(exc),
        )
        return DeliveryOutcome(channel, "failed", str(exc))
    await store.record_delivery(
        alert_id=alert.alert_id,
        channel=channel,
        account_id=alert.account_id,
        status="sent",
        destination="webhook",
    )
    return DeliveryOutcome(channel, "sent")


async def _deliver_email(store: Store, settings: Settings, alert: InMarketAlert) -> DeliveryOutcome:
    channel = "email"
    recipient = alert.owner_email or settings.default_alert_email
    if not settings.smtp_host:
        return DeliveryOutcome(channel, "unconfigured", "INMARKET_SMTP_HOST is not set")
    if not recipient:
        await store.record_delivery(
            alert_id=alert.alert_id,
            channel=channel,
            account_id=alert.account_id,
            status="failed",
            detail="the account has no owner_email and INMARKET_DEFAULT_ALERT_EMAIL is not set",
        )
        return DeliveryOutcome(channel, "failed", "no recipient")
    if await _already_sent(store, alert, channel):
        return DeliveryOutcome(channel, "skipped", "already sent")
    message = build_email(alert, sender=settings.smtp_from, recipient=recipient)
    try:
        await send_email(
            message,
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else None
            ),
            starttls=settings.smtp_starttls,
            use_tls=settings.smtp_tls,
        )
    except DeliveryError as exc:
        if exc.retriable:
            raise
        await store.record_delivery(
            alert_id=alert.alert_id,
            channel=channel,
            account_id=alert.account_id,
            status="failed",
            destination=recipient,
            detail=str(exc),
        )
        return DeliveryOutcome(channel, "failed", str(exc))
    await store.record_delivery(
        alert_id=alert.alert_id,
        channel=channel,
        account_id=alert.account_id,
        status="sent",
        destination=recipient,
    )
    return DeliveryOutcome(channel, "sent")
