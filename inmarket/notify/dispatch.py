"""Deliver one alert to its routed destinations, each at most once.

The notify worker's body is, in effect::

    destinations = route(alert, AccountFacts.from_account(account), rules)
    outcomes = await notifier.deliver(alert, destinations)

A failure on one destination never stops the others; each :class:`Outcome` says
whether the destination was sent, skipped (already delivered) or failed, and for
failures whether a retry may help (``retriable``), so the worker can retry or
dead-letter just those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

import httpx

from inmarket.notify.delivery_log import DeliveryLog, DeliveryRecord, alert_key
from inmarket.notify.email import build_email, send_email
from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.routing import Destination
from inmarket.notify.slack import build_slack_message, post_webhook
from inmarket.notify.slack_api import SlackApiSender
from inmarket.notify.webhook import WebhookSink, send_alert_webhook
from signals.events import InMarketAlert

SLACK_WEBHOOK_KEY = "slack:webhook"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    use_tls: bool = False
    timeout: float = 10


@dataclass(frozen=True)
class Outcome:
    destination: Destination
    status: Literal["sent", "skipped", "failed"]
    error: DeliveryError | None = None

    @property
    def retriable(self) -> bool:
        return self.error is not None and self.error.retriable


class Notifier:
    """Sends to Slack (Web API, else the incoming webhook), email and webhook sinks.

    Without a bot token every Slack destination collapses into one post to the
    incoming webhook, whose channel is fixed when the webhook is created.
    """

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        log: DeliveryLog,
        slack_api: SlackApiSender | None = None,
        slack_webhook_url: str | None = None,
        smtp: SmtpSettings | None = None,
        webhooks: Mapping[str, WebhookSink] | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.http = http
        self.log = log
        self.slack_api = slack_api
        self.slack_webhook_url = slack_webhook_url
        self.smtp = smtp
        self.webhooks = dict(webhooks or {})
        self.policy = policy or RetryPolicy()

    async def deliver(
        self, alert: InMarketAlert, destinations: Sequence[Destination]
    ) -> list[Outcome]:
        """One outcome per destination, in order. Raises only if the delivery log fails."""
        outcomes = []
        for destination in self._effective(destinations):
            try:
                status = await self._deliver_one(alert, destination)
            except DeliveryError as exc:
                outcomes.append(Outcome(destination, "failed", exc))
            else:
                outcomes.append(Outcome(destination, status))
        return outcomes

    def _effective(self, destinations: Sequence[Destination]) -> list[Destination]:
        if self.slack_api is not None or not self.slack_webhook_url:
            return list(destinations)
        result: list[Destination] = []
        for destination in destinations:
            if destination.kind == "slack":
                destination = Destination("slack", "webhook", destination.rule)
            if destination.key not in {d.key for d in result}:
                result.append(destination)
        return result

    async def _deliver_one(
        self, alert: InMarketAlert, destination: Destination
    ) -> Literal["sent", "skipped"]:
        if destination.kind == "slack" and self.slack_api is not None:
            before = await self.log.get(alert_key(alert.alert_id), f"slack:{destination.target}")
            await self.slack_api.send(alert, destination.target)
            return "skipped" if before is not None else "sent"
        if await self.log.get(alert_key(alert.alert_id), destination.key) is not None:
            return "skipped"
        if destination.kind == "slack":
            if not self.slack_webhook_url:
                raise DeliveryError(
                    "slack", "no Slack bot token or webhook URL configured", retriable=False
                )
            await post_webhook(
                self.http, self.slack_webhook_url, build_slack_message(alert), policy=self.policy
            )
        elif destination.kind == "email":
            await self._email(alert, destination.target)
        else:
            sink = self.webhooks.get(destination.target)
            if sink is None:
                reason = f"no webhook sink named {destination.target!r} is configured"
                raise DeliveryError("webhook", reason, retriable=False)
            await send_alert_webhook(self.http, sink, alert, policy=self.policy)
        await self.log.record(
            DeliveryRecord(alert_key(alert.alert_id), destination.key, None, alert.created_at)
        )
        return "sent"

    async def _email(self, alert: InMarketAlert, recipient: str) -> None:
        smtp = self.require_smtp()
        await self.send_message(build_email(alert, sender=smtp.sender, recipient=recipient))

    def require_smtp(self) -> SmtpSettings:
        """The SMTP settings; a permanent DeliveryError when email is not configured."""
        if self.smtp is None:
            raise DeliveryError("email", "no SMTP server configured", retriable=False)
        return self.smtp

    async def send_message(self, message: EmailMessage) -> None:
        """Send ``message`` through the configured SMTP server, retrying as the policy says."""
        smtp = self.require_smtp()
        await send_email(
            message,
            host=smtp.host,
            port=smtp.port,
            username=smtp.username,
            password=smtp.password,
            starttls=smtp.starttls,
            use_tls=smtp.use_tls,
            timeout=smtp.timeout,
            policy=self.policy,
        )
