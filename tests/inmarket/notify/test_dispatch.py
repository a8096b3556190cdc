from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from inmarket.notify.delivery_log import InMemoryDeliveryLog
from inmarket.notify.dispatch import Notifier, SmtpSettings
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.routing import Destination
from inmarket.notify.slack_api import SlackApiSender, make_web_client
from inmarket.notify.webhook import WebhookSink
from signals.events import InMarketAlert
from tests.loopback.slack import Scripted, SlackLoopback
from tests.loopback.smtp import SmtpLoopback
from tests.loopback.webhook import WebhookReceiver

DESTINATIONS = [
    Destination("slack", "U024BE7LH", "owner"),
    Destination("slack", "C0ALERTS", "default"),
    Destination("email", "dana@seller.example", "owner"),
    Destination("webhook", "crm", "rule"),
]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def test_all_channels_once(
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    http: httpx.AsyncClient,
    alert: InMarketAlert,
    policy: RetryPolicy,
) -> None:
    log = InMemoryDeliveryLog()
    with WebhookReceiver(secret="whsec-0123456789abcdef") as receiver:
        notifier = Notifier(
            http=http,
            log=log,
            slack_api=SlackApiSender(
                make_web_client(slack.bot_token, api_url=slack.api_url), log, policy=policy
            ),
            smtp=SmtpSettings(host=smtp.host, port=smtp.port, sender="inmarket@seller.example"),
            webhooks={"crm": WebhookSink("crm", receiver.url, "whsec-0123456789abcdef")},
            policy=policy,
        )
        first = await notifier.deliver(alert, DESTINATIONS)
        again = await notifier.deliver(alert, DESTINATIONS)
        assert len(receiver.received) == 1 and receiver.received[0].verified
    assert [o.status for o in first] == ["sent"] * 4
    assert [o.status for o in again] == ["skipped"] * 4
    assert sorted(m.channel for m in slack.messages) == ["C0ALERTS", "D024BE7LH"]
    assert len(smtp.received) == 1


async def test_one_failure_does_not_stop_the_others(
    slack: SlackLoopback, http: httpx.AsyncClient, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    log = InMemoryDeliveryLog()
    notifier = Notifier(
        http=http,
        log=log,
        slack_api=SlackApiSender(
            make_web_client(slack.bot_token, api_url=slack.api_url), log, policy=policy
        ),
        policy=policy,
    )
    outcomes = await notifier.deliver(
        alert,
        [
            Destination("slack", "C0MISSING"),
            Destination("email", "x@y.io"),
            Destination("webhook", "nope"),
            Destination("slack", "C0ALERTS"),
        ],
    )
    assert [o.status for o in outcomes] == ["failed", "failed", "failed", "sent"]
    assert [o.error.reason for o in outcomes if o.error] == [
        "channel_not_found",
        "no SMTP server configured",
        "no webhook sink named 'nope' is configured",
    ]
    assert not any(o.retriable for o in outcomes)


async def test_webhook_only_collapses_slack_destinations(
    slack: SlackLoopback, http: httpx.AsyncClient, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    slack.script(Scripted(500, "rollup_error", target="webhook"))
    notifier = Notifier(
        http=http, log=InMemoryDeliveryLog(), slack_webhook_url=slack.webhook_url, policy=policy
    )
    outcomes = await notifier.deliver(alert, DESTINATIONS[:2])
    assert [(o.destination.key, o.status) for o in outcomes] == [("slack:webhook", "sent")]
    assert len(slack.messages) == 1
