from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.webhook import WebhookSink, send_alert_webhook, sign, verify_signature
from signals.events import InMarketAlert
from tests.inmarket.notify.conftest import SleepRecorder
from tests.loopback.slack import Scripted
from tests.loopback.webhook import WebhookReceiver

NOW = 1_790_000_000


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(secret="whsec-test") as server:
        yield server


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    body = b'{"a":1}'
    expected = hmac.new(b"k", b"1700.{" + b'"a":1}', hashlib.sha256).hexdigest()
    assert sign("k", body, 1700) == f"v1={expected}"


def test_verify_accepts_valid_and_rejects_tampering_and_replays() -> None:
    body = b'{"alert_id":"x"}'
    signature = sign("k", body, NOW)
    assert verify_signature("k", body, str(NOW), signature, now=NOW + 10)
    assert not verify_signature("k", body + b" ", str(NOW), signature, now=NOW)
    assert not verify_signature("other", body, str(NOW), signature, now=NOW)
    assert not verify_signature("k", body, str(NOW + 1), signature, now=NOW)
    assert not verify_signature("k", body, str(NOW), signature, now=NOW + 301)
    assert not verify_signature("k", body, "soon", signature, now=NOW)
    assert verify_signature("k", body, NOW, f"v1=deadbeef, {signature}", now=NOW)


@given(st.binary(max_size=200), st.binary(min_size=1, max_size=32))
def test_sign_verify_roundtrip(body: bytes, secret: bytes) -> None:
    assert verify_signature(secret, body, NOW, sign(secret, body, NOW), now=NOW)


async def test_alert_is_posted_signed(receiver: WebhookReceiver, alert: InMarketAlert) -> None:
    sink = WebhookSink("crm", receiver.url, "whsec-test")
    async with httpx.AsyncClient() as client:
        await send_alert_webhook(client, sink, alert)
    [request] = receiver.received
    assert request.verified and request.status == 200
    assert request.headers["X-Inmarket-Event"] == "alerts.in_market.v1"
    assert request.headers["X-Inmarket-Delivery"] == alert.alert_id
    assert InMarketAlert.model_validate_json(request.body) == alert


async def test_retries_are_re_signed_with_a_new_timestamp(
    receiver: WebhookReceiver, alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    receiver.clock = lambda: NOW + 5
    receiver.script(Scripted(503, "busy"), Scripted(429, "slow down", retry_after=2))
    ticks = iter(range(NOW, NOW + 10))
    sink = WebhookSink("crm", receiver.url, "whsec-test")
    async with httpx.AsyncClient() as client:
        await send_alert_webhook(client, sink, alert, policy=policy, clock=lambda: next(ticks))
    stamps = [r.headers["X-Inmarket-Timestamp"] for r in receiver.received]
    assert stamps == [str(NOW), str(NOW + 1), str(NOW + 2)]
    assert [r.status for r in receiver.received] == [503, 429, 200]
    assert sleeps.delays == [0.5, 2.0]


async def test_wrong_secret_is_permanent(
    receiver: WebhookReceiver, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    sink = WebhookSink("crm", receiver.url, "not-the-secret")
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError) as caught:
            await send_alert_webhook(client, sink, alert, policy=policy)
    assert (caught.value.channel, caught.value.retriable) == ("webhook:crm", False)
    assert "401" in caught.value.reason
    assert "not-the-secret" not in repr(sink)
