from __future__ import annotations

import httpx
import pytest

from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.slack import build_slack_message, post_webhook
from signals.events import InMarketAlert
from tests.inmarket.notify.conftest import SleepRecorder
from tests.loopback.slack import Scripted, SlackLoopback


async def test_message_is_delivered(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    message = build_slack_message(alert)
    async with httpx.AsyncClient() as client:
        await post_webhook(client, slack.webhook_url, message, policy=policy)
    assert [m.payload for m in slack.messages] == [message]


async def test_429_waits_retry_after_then_succeeds(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    slack.script(Scripted(429, "rate_limited", retry_after=7))
    async with httpx.AsyncClient() as client:
        await post_webhook(client, slack.webhook_url, build_slack_message(alert), policy=policy)
    assert sleeps.delays == [7.0]
    assert [r.status for r in slack.received] == [429, 200]
    assert len(slack.messages) == 1


async def test_retry_after_is_capped(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    slack.script(Scripted(429, "rate_limited", retry_after=3600))
    async with httpx.AsyncClient() as client:
        await post_webhook(client, slack.webhook_url, build_slack_message(alert), policy=policy)
    assert sleeps.delays == [30.0]


async def test_5xx_backs_off_exponentially_then_succeeds(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    slack.script(Scripted(500, "rollup_error"), Scripted(503, "unavailable"))
    async with httpx.AsyncClient() as client:
        await post_webhook(client, slack.webhook_url, build_slack_message(alert), policy=policy)
    assert sleeps.delays == [0.5, 1.0]
    assert len(slack.messages) == 1


async def test_persistent_5xx_gives_up_retriable(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    slack.script(*[Scripted(500, "rollup_error")] * 4)
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError) as caught:
            await post_webhook(client, slack.webhook_url, build_slack_message(alert), policy=policy)
    assert caught.value.retriable is True
    assert "rollup_error" in caught.value.reason
    assert sleeps.delays == [0.5, 1.0, 2.0]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, "invalid_token"),
        (403, "invalid_token"),
        (404, "channel_not_found"),
        (410, "no_service"),
    ],
)
async def test_permanent_errors_are_not_retried(
    slack: SlackLoopback,
    alert: InMarketAlert,
    policy: RetryPolicy,
    sleeps: SleepRecorder,
    status: int,
    body: str,
) -> None:
    slack.script(Scripted(status, body))
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError) as caught:
            await post_webhook(client, slack.webhook_url, build_slack_message(alert), policy=policy)
    error = caught.value
    assert (error.channel, error.retriable) == ("slack", False)
    assert body in error.reason and str(status) in error.reason
    assert "loopbacksecret" not in str(error)
    assert sleeps.delays == []
    assert len(slack.received) == 1


async def test_unknown_hook_is_permanent(
    slack: SlackLoopback, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError, match="no_service") as caught:
            await post_webhook(
                client,
                slack.base_url + "/services/T/B/wrong",
                build_slack_message(alert),
                policy=policy,
            )
    assert caught.value.retriable is False


async def test_connection_refused_is_retried_then_retriable(
    alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    server = SlackLoopback()
    server.start()
    url = server.webhook_url
    server.stop()
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError, match="connection error") as caught:
            await post_webhook(client, url, build_slack_message(alert), policy=policy)
    assert caught.value.retriable is True
    assert len(sleeps.delays) == 3
