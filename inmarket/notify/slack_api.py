"""Delivery through Slack's Web API (``chat.postMessage`` with a bot token).

Posts to a channel id or, for a DM, to the owner's user id. The first message
about an account on a destination becomes the thread parent; later alerts on the
same account reply in that thread while it is younger than ``thread_window``.
An alert already delivered to a destination is not sent again.

Retries are ours (the client is built without slack_sdk's retry handlers) so that
one :class:`~inmarket.notify.retry.RetryPolicy` governs every channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from inmarket.notify.delivery_log import DeliveryLog, DeliveryRecord, alert_key, thread_key
from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.slack import build_slack_message
from signals.events import InMarketAlert

CHANNEL = "slack_api"
DEFAULT_API_URL = "https://slack.com/api/"
# Errors after which trying again later can help; every other error is permanent
# (invalid_auth, not_authed, token_revoked, channel_not_found, not_in_channel, ...).
RETRIABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def make_web_client(
    token: str, *, api_url: str = DEFAULT_API_URL, timeout: int = 10
) -> AsyncWebClient:
    """An AsyncWebClient for ``api_url`` (ends with ``/api/``) with no built-in retries."""
    base_url = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


@dataclass(frozen=True)
class _Failure:
    reason: str
    retriable: bool
    retry_after: str | None = None


def _classify(exc: Exception) -> _Failure:
    if isinstance(exc, SlackApiError):
        response = exc.response
        data = response.data if isinstance(response.data, dict) else {}
        error = str(data.get("error") or f"HTTP {response.status_code}")
        status = response.status_code
        if status == 429 or error == "ratelimited":
            return _Failure(error, True, response.headers.get("Retry-After"))
        return _Failure(error, status >= 500 or error in RETRIABLE_ERRORS)
    return _Failure(f"connection error ({type(exc).__name__})", True)


async def call_with_retries(call: Any, policy: RetryPolicy, **kwargs: Any) -> dict[str, Any]:
    """``await call(**kwargs)`` under ``policy``; returns the response data."""
    failure = _Failure("no attempt made", True)
    for attempt in range(1, policy.attempts + 1):
        try:
            response = await call(**kwargs)
            return dict(response.data) if isinstance(response.data, dict) else {}
        except (TimeoutError, SlackApiError, aiohttp.ClientError) as exc:
            failure = _classify(exc)
        if not failure.retriable:
            raise DeliveryError(CHANNEL, failure.reason, retriable=False)
        if attempt < policy.attempts:
            await policy.sleep(policy.retry_after(failure.retry_after, attempt))
    raise DeliveryError(
        CHANNEL, f"{failure.reason} (gave up after {policy.attempts} attempts)", retriable=True
    )


class SlackApiSender:
    """Posts alerts with ``chat.postMessage``, threading updates, at most once per alert."""

    def __init__(
        self,
        client: AsyncWebClient,
        log: DeliveryLog,
        *,
        policy: RetryPolicy | None = None,
        thread_window: timedelta = timedelta(days=30),
    ) -> None:
        self.client = client
        self.log = log
        self.policy = policy or RetryPolicy()
        self.thread_window = thread_window

    async def send(self, alert: InMarketAlert, channel: str) -> DeliveryRecord:
        """Deliver ``alert`` to ``channel`` (a channel id or a user id for a DM).

        Returns the new record, or the existing one when the alert was delivered
        there before. Raises :class:`DeliveryError` (``retriable`` says whether to retry).
        """
        destination = f"slack:{channel}"
        done = await self.log.get(alert_key(alert.alert_id), destination)
        if done is not None:
            return done
        parent = await self.log.get(thread_key(alert.account_id), destination)
        if parent is not None and alert.created_at - parent.delivered_at > self.thread_window:
            parent = None
        message = build_slack_message(alert)
        kwargs: dict[str, Any] = {"channel": channel, **message, "unfurl_links": False}
        if parent is not None and parent.ts:
            kwargs["thread_ts"] = parent.ts
        data = await call_with_retries(self.client.chat_postMessage, self.policy, **kwargs)
        record = DeliveryRecord(
            alert_key=alert_key(alert.alert_id),
            channel=destination,
            ts=str(data.get("ts")) if data.get("ts") else None,
            delivered_at=alert.created_at,
            thread_ts=kwargs.get("thread_ts"),
        )
        await self.log.record(record)
        if parent is None:
            await self.log.record(
                DeliveryRecord(
                    alert_key=thread_key(alert.account_id),
                    channel=destination,
                    ts=record.ts,
                    delivered_at=alert.created_at,
                )
            )
        return record
