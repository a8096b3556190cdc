"""Notification: alerts.in_market -> Slack and email, once per alert and channel."""

from __future__ import annotations

import faust
from pydantic import ValidationError

from inmarket.delivery import deliver_alert
from inmarket.notify.errors import DeliveryError
from signals.events import InMarketAlert
from workers import topics
from workers.pipeline import Pipeline, first_error, log


def register(p: Pipeline) -> None:
    state = p.state

    @p.app.agent(p.topic(topics.ALERTS_IN_MARKET), name="notify")
    async def notify(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            try:
                alert = InMarketAlert.model_validate_json(value)
            except ValidationError as exc:
                await p.to_dlq("notify", topics.ALERTS_IN_MARKET, first_error(exc), value)
                continue
            try:
                outcomes = await deliver_alert(state.store, p.settings, p.http, alert)
            except DeliveryError as exc:
                await state.store.record_delivery(
                    alert_id=alert.alert_id,
                    channel=exc.channel,
                    account_id=alert.account_id,
                    status="failed",
                    detail=str(exc),
                )
                await p.to_dlq("notify", exc.channel, str(exc), value, retriable=True)
                continue
            for outcome in outcomes:
                if outcome.status == "failed":
                    await p.to_dlq("notify", outcome.channel, outcome.detail, value)
            log.info(
                "alert %s for %s: %s",
                alert.alert_id,
                alert.account_name,
                ", ".join(f"{o.channel} {o.status}" for o in outcomes),
            )
