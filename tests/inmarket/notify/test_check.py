from __future__ import annotations

import pytest

from inmarket.broker import free_port
from inmarket.notify.check import (
    CheckResult,
    DeliveryConfig,
    check_delivery_config,
    check_slack_webhook_url,
    check_webhook_sink,
    smtp_tls_warning,
)
from inmarket.notify.webhook import WebhookSink
from tests.loopback.slack import SlackLoopback
from tests.loopback.smtp import SmtpLoopback


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.name: r for r in results}


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("https://hooks.slack.com/services/T0001/B0001/abcDEF123", "ok", "incoming webhook"),
        ("http://hooks.slack.com/services/T0001/B0001/abc", "fail", "https://"),
        ("https://hooks.slack.com/workflows/T0001/xyz", "fail", "/services/T…/B…/"),
        ("https://proxy.internal/services/T0001/B0001/abc", "warn", "not hooks.slack.com"),
        ("http://127.0.0.1:8080/services/T0001/B0001/abc", "ok", "incoming webhook"),
        ("not a url", "fail", "https://"),
    ],
)
def test_webhook_url_shape(url: str, status: str, needle: str) -> None:
    result = check_slack_webhook_url(url)
    assert result.status == status and needle in result.detail
    assert "abc" not in result.detail  # the secret part of the URL is never shown


async def test_everything_passes_against_loopback(slack: SlackLoopback) -> None:
    with SmtpLoopback() as smtp:
        results = await check_delivery_config(
            DeliveryConfig(
                slack_webhook_url=slack.webhook_url,
                slack_bot_token=slack.bot_token,
                slack_api_url=slack.api_url,
                smtp_host=smtp.host,
                smtp_port=smtp.port,
                smtp_from="inmarket@seller.example",
                webhooks=(WebhookSink("crm", "https://crm.example/hook", "x" * 32),),
            )
        )
    assert [(r.name, r.status) for r in results] == [
        ("slack webhook", "ok"),
        ("slack bot token", "ok"),
        ("smtp connect", "ok"),
        ("smtp sender", "ok"),
        ("webhook crm", "ok"),
    ]
    assert "authenticated as inmarket in workspace Loopback" in results[1].detail
    assert smtp.received == []  # nothing was sent


async def test_bad_token_names_the_fix(slack: SlackLoopback) -> None:
    config = DeliveryConfig(slack_bot_token="xoxb-wrong-123", slack_api_url=slack.api_url)
    [result] = await check_delivery_config(config)
    assert (result.status, result.setting) == ("fail", "slack_bot_token")
    assert "invalid_auth" in result.detail and "xoxb-wrong" not in result.detail


async def test_user_token_is_refused_without_calling_slack(slack: SlackLoopback) -> None:
    config = DeliveryConfig(slack_bot_token="xoxp-user", slack_api_url=slack.api_url)
    [result] = await check_delivery_config(config)
    assert result.status == "fail" and "xoxb-" in result.detail
    assert slack.received == []


async def test_smtp_unreachable() -> None:
    port = free_port()
    [result] = await check_delivery_config(
        DeliveryConfig(smtp_host="127.0.0.1", smtp_port=port, timeout=2)
    )
    assert (result.name, result.status, result.setting) == ("smtp connect", "fail", "smtp_host")
    assert f"127.0.0.1:{port}" in result.detail


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_smtp_auth_and_sender() -> None:
    with SmtpLoopback(credentials=("mailer", "right-pw")) as smtp:
        good = await check_delivery_config(
            DeliveryConfig(
                smtp_host=smtp.host,
                smtp_port=smtp.port,
                smtp_username="mailer",
                smtp_password="right-pw",
                smtp_from="inmarket@seller.example",
            )
        )
        bad = await check_delivery_config(
            DeliveryConfig(
                smtp_host=smtp.host,
                smtp_port=smtp.port,
                smtp_username="mailer",
                smtp_password="wrong-pw",
            )
        )
    assert _by_name(good)["smtp auth"].status == "ok"
    assert _by_name(good)["smtp sender"].status == "ok"
    auth = _by_name(bad)["smtp auth"]
    assert (auth.status, auth.setting) == ("fail", "smtp_password")
    assert "wrong-pw" not in auth.detail


async def test_refused_sender_is_reported() -> None:
    with SmtpLoopback(refuse_sender=True) as smtp:
        results = await check_delivery_config(
            DeliveryConfig(
                smtp_host=smtp.host, smtp_port=smtp.port, smtp_from="nobody@elsewhere.example"
            )
        )
    sender = _by_name(results)["smtp sender"]
    assert (sender.status, sender.setting) == ("fail", "smtp_from")
    assert "553" in sender.detail


def test_credentials_over_plain_text_to_remote_host_warn() -> None:
    remote = DeliveryConfig(smtp_host="smtp.example.com", smtp_username="u", smtp_password="p")
    warning = smtp_tls_warning(remote)
    assert warning is not None and warning.setting == "smtp_starttls"
    assert (
        smtp_tls_warning(
            DeliveryConfig(smtp_host="smtp.example.com", smtp_username="u", smtp_starttls=True)
        )
        is None
    )
    assert smtp_tls_warning(DeliveryConfig(smtp_host="127.0.0.1", smtp_username="u")) is None


def test_webhook_sink_checks() -> None:
    sink = WebhookSink("crm", "http://crm.example/hook", "s" * 20)
    assert check_webhook_sink(sink).status == "warn"
    assert check_webhook_sink(WebhookSink("crm", "https://crm.example", "short")).status == "fail"
    assert check_webhook_sink(WebhookSink("crm", "ftp://crm.example", "s" * 20)).status == "fail"


async def test_nothing_configured_warns() -> None:
    [result] = await check_delivery_config(DeliveryConfig())
    assert result.status == "warn" and result.ok


def test_config_from_settings_unwraps_secrets() -> None:
    from inmarket.settings import Settings

    settings = Settings(
        slack_bot_token="xoxb-1",
        smtp_host="mail.example",
        smtp_password="pw",
        alert_webhook_url="https://crm.example/hook",
        alert_webhook_secret="s" * 20,
    )
    config = DeliveryConfig.from_settings(settings)
    assert (config.slack_bot_token, config.smtp_password) == ("xoxb-1", "pw")
    assert config.webhooks == (WebhookSink("alert", "https://crm.example/hook", "s" * 20),)
    assert "xoxb" not in repr(config) and "pw" not in repr(config)
