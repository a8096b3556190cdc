"""Notification: alerts.in_market -> Slack, email and webhooks, once per alert and destination.

The agent is one call around :meth:`inmarket.delivery.AlertDelivery.handle`; a leader-only
timer releases alerts held for quiet hours and sends the daily digests. Failures that
outlast the channel's retries go to signals.dlq (and ``inmarket alerts retry`` resends).
"""

from __future__ import annotations

from collections.abc import Sequence

import faust
from pydantic import ValidationError

from inmarket.delivery import AlertDelivery, build_delivery
from inmarket.notify.check import check_slack_webhook_url
from inmarket.notify.errors import DeliveryConfigError
from inmarket.store.deliveries import AlertOutcome
from signals.events import InMarketAlert
from workers import topics
from workers.pipeline import Pipeline, first_error, log, now_utc


def register(p: Pipeline) -> None:
    built: list[AlertDelivery] = []

    def delivery() -> AlertDelivery:
        """Built on first use; raises DeliveryConfigError for a bad routing/recipients file."""
        if not built:
            built.append(build_delivery(p.settings, p.state.store, p.http))
        return built[0]

    async def dead_letter(failed: Sequence[AlertOutcome], payload: object) -> None:
        for outcome in failed:
            await p.to_dlq(
                "notify", outcome.destination, outcome.reason, payload, retriable=outcome.retriable
            )

    @p.app.task
    async def check_delivery_settings() -> None:
        """Say at startup what `inmarket check` would fail on, without sending anything."""
        webhook = p.settings.slack_webhook_url
        if webhook is not None:
            result = check_slack_webhook_url(webhook.get_secret_value())
            if not result.ok:
                log.error("INMARKET_SLACK_WEBHOOK_URL: %s", result.detail)
        try:
            delivery()
        except DeliveryConfigError as exc:
            log.error("alerts cannot be delivered: %s", exc.reason)

    @p.app.agent(p.topic(topics.ALERTS_IN_MARKET), name="notify")
    async def notify(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            try:
                alert = InMarketAlert.model_validate_json(value)
            except ValidationError as exc:
                await p.to_dlq("notify", topics.ALERTS_IN_MARKET, first_error(exc), value)
                continue
            try:
                service = delivery()
            except DeliveryConfigError as exc:
                await p.to_dlq("notify", "settings", exc.reason, value)
                continue
            result = await service.handle(alert, now_utc())
            await dead_letter(result.failed, value)
            log.info("alert %s for %s: %s", alert.alert_id, alert.account_name, result.summary())

    @p.app.timer(interval=p.settings.alert_release_seconds, on_leader=True)
    async def release_alerts() -> None:
        """Held alerts whose quiet hours ended, and digests that are due."""
        try:
            service = delivery()
        except DeliveryConfigError:
            return  # logged at startup
        changed = await service.release_due(now_utc())
        if changed:
            log.info("released %d held or digest outcomes", len(changed))
        for outcome in changed:
            if outcome.status == "failed":
                await dead_letter([outcome], outcome.alert_id)
