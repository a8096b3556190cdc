"""Generic outbound webhooks: signed JSON POSTs to systems of the user's choice.

Each request carries::

    Content-Type: application/json
    X-Inmarket-Event: alerts.in_market.v1      (the body's JSON Schema, signals/schemas/)
    X-Inmarket-Delivery: <alert id>            (the same on every retry: deduplicate on it)
    X-Inmarket-Timestamp: <unix seconds>
    X-Inmarket-Signature: v1=<hex HMAC-SHA256 of f"{timestamp}.{body}" with the shared secret>

A receiver recomputes the HMAC over the raw body with :func:`verify_signature` and
rejects timestamps older than five minutes (replays). Retries (5xx, 429, connection
errors) are signed afresh with a new timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from inmarket.notify.posting import post_with_retries
from inmarket.notify.retry import RetryPolicy
from signals.events import InMarketAlert

CHANNEL = "webhook"
SIGNATURE_VERSION = "v1"
ALERT_EVENT = "alerts.in_market.v1"


@dataclass(frozen=True)
class WebhookSink:
    """A named receiver. ``secret`` is hidden from ``repr`` so it never reaches a log."""

    name: str
    url: str
    secret: str = field(repr=False)


ALERT_SINK = "alert"  # the sink INMARKET_ALERT_WEBHOOK_URL configures; it gets every alert


def sinks_from_settings(settings: Any) -> dict[str, WebhookSink]:
    """The alert webhook (as sink ``alert``) and the named ``webhooks`` sinks, from an object
    with the ``inmarket.settings.Settings`` field names; a missing secret becomes ``""``."""
    sinks: dict[str, WebhookSink] = {}
    url = getattr(settings, "alert_webhook_url", None)
    if url:
        secret = _unwrap(getattr(settings, "alert_webhook_secret", None))
        sinks[ALERT_SINK] = WebhookSink(ALERT_SINK, url, secret)
    for name, sink in (getattr(settings, "webhooks", None) or {}).items():
        sinks[name] = WebhookSink(name, sink.url, _unwrap(sink.secret))
    return sinks


def _unwrap(secret: Any) -> str:
    unwrap = getattr(secret, "get_secret_value", None)
    return str(unwrap() if unwrap else (secret or ""))


def _secret_bytes(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def sign(secret: str | bytes, body: bytes, timestamp: int) -> str:
    """``v1=<hex>``: HMAC-SHA256 over ``f"{timestamp}.".encode() + body``."""
    mac = hmac.new(_secret_bytes(secret), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def verify_signature(
    secret: str | bytes,
    body: bytes,
    timestamp: str | int,
    signature: str,
    tolerance_s: float = 300,
    now: float | None = None,
) -> bool:
    """True when ``signature`` (the header, possibly several comma-separated ``v1=`` values
    during a secret rotation) matches ``body`` and ``timestamp`` is within ``tolerance_s``
    of ``now`` (default: the current time). Compares in constant time."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance_s:
        return False
    expected = sign(secret, body, sent_at)
    candidates = [part.strip() for part in signature.split(",")]
    return any(hmac.compare_digest(expected, c) for c in candidates if c)


def alert_body(alert: InMarketAlert) -> bytes:
    """The JSON body for an alert: the ``alerts.in_market`` record itself."""
    return alert.model_dump_json().encode()


async def post_signed(
    client: httpx.AsyncClient,
    sink: WebhookSink,
    body: bytes,
    *,
    event: str,
    delivery_id: str,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """POST ``body`` to ``sink`` signed; retry 429/5xx/connection errors.

    Raises :class:`~inmarket.notify.errors.DeliveryError` (``retriable=False`` for
    other 4xx answers).
    """

    def headers() -> dict[str, str]:
        timestamp = int(clock())
        return {
            "Content-Type": "application/json",
            "User-Agent": "inmarket-webhook/1",
            "X-Inmarket-Event": event,
            "X-Inmarket-Delivery": delivery_id,
            "X-Inmarket-Timestamp": str(timestamp),
            "X-Inmarket-Signature": sign(sink.secret, body, timestamp),
        }

    await post_with_retries(
        client,
        sink.url,
        content=body,
        headers=headers,
        channel=f"{CHANNEL}:{sink.name}",
        policy=policy or RetryPolicy(),
    )


async def send_alert_webhook(
    client: httpx.AsyncClient,
    sink: WebhookSink,
    alert: InMarketAlert,
    *,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Deliver ``alert`` to ``sink`` as ``alerts.in_market.v1`` JSON."""
    await post_signed(
        client,
        sink,
        alert_body(alert),
        event=ALERT_EVENT,
        delivery_id=alert.alert_id,
        policy=policy,
        clock=clock,
    )
