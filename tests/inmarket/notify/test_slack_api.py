from __future__ import annotations

from datetime import timedelta

import pytest

from inmarket.notify.delivery_log import InMemoryDeliveryLog
from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.slack_api import SlackApiSender, make_web_client
from tests.inmarket.notify.conftest import SleepRecorder, make_alert
from tests.loopback.slack import Scripted, SlackLoopback


def _sender(
    slack: SlackLoopback, policy: RetryPolicy, token: str | None = None
) -> tuple[SlackApiSender, InMemoryDeliveryLog]:
    log = InMemoryDeliveryLog()
    client = make_web_client(token or slack.bot_token, api_url=slack.api_url)
    return SlackApiSender(client, log, policy=policy), log


async def test_dm_to_owner(slack: SlackLoopback, policy: RetryPolicy) -> None:
    sender, _ = _sender(slack, policy)
    record = await sender.send(make_alert(), "U024BE7LH")
    [message] = slack.messages
    assert (message.via, message.channel, message.thread_ts) == ("api", "D024BE7LH", None)
    assert record.ts == message.ts
    assert message.blocks is not None and message.blocks[0]["type"] == "header"
    assert slack.received[0].headers["Authorization"] == f"Bearer {slack.bot_token}"


async def test_update_threads_under_first_message(
    slack: SlackLoopback, policy: RetryPolicy
) -> None:
    sender, _ = _sender(slack, policy)
    first = make_alert()
    update = make_alert(
        alert_id="alert-acc-1-update",
        score=88,
        previous_score=71.5,
        created_at=first.created_at + timedelta(days=2),
    )
    await sender.send(first, "C0ALERTS")
    await sender.send(update, "C0ALERTS")
    parent, reply = slack.messages
    assert parent.thread_ts is None and reply.thread_ts == parent.ts


async def test_old_thread_is_not_reused(slack: SlackLoopback, policy: RetryPolicy) -> None:
    sender, _ = _sender(slack, policy)
    first = make_alert()
    later = make_alert(alert_id="alert-2", created_at=first.created_at + timedelta(days=90))
    await sender.send(first, "C0ALERTS")
    await sender.send(later, "C0ALERTS")
    assert [m.thread_ts for m in slack.messages] == [None, None]


async def test_same_alert_is_delivered_once(slack: SlackLoopback, policy: RetryPolicy) -> None:
    sender, _ = _sender(slack, policy)
    alert = make_alert()
    first = await sender.send(alert, "C0ALERTS")
    again = await sender.send(alert, "C0ALERTS")
    assert first == again and len(slack.messages) == 1


async def test_rate_limit_then_success(
    slack: SlackLoopback, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    slack.script(
        Scripted(429, {"ok": False, "error": "ratelimited"}, retry_after=3, target="api"),
        Scripted(503, {"ok": False, "error": "service_unavailable"}, target="api"),
    )
    sender, _ = _sender(slack, policy)
    await sender.send(make_alert(), "C0ALERTS")
    assert sleeps.delays == [3.0, 1.0]
    assert len(slack.messages) == 1


@pytest.mark.parametrize(
    ("channel", "token", "error"),
    [("C0NOPE", None, "channel_not_found"), ("C0ALERTS", "xoxb-wrong", "invalid_auth")],
)
async def test_permanent_api_errors(
    slack: SlackLoopback,
    policy: RetryPolicy,
    sleeps: SleepRecorder,
    channel: str,
    token: str | None,
    error: str,
) -> None:
    sender, log = _sender(slack, policy, token)
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_alert(), channel)
    assert (caught.value.reason, caught.value.retriable) == (error, False)
    assert "xoxb" not in str(caught.value)
    assert sleeps.delays == [] and log.records == {}
