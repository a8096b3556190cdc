"""``inmarket alerts list|retry``, ``tail`` and ``check`` through the real command line."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from inmarket import cli_alerts
from inmarket.delivery import build_delivery
from inmarket.settings import Settings
from inmarket.store.db import Store
from tests.inmarket.notify.conftest import make_alert
from tests.loopback.slack import SlackLoopback
from tests.loopback.smtp import SmtpLoopback

runner = CliRunner()


def cli_app() -> typer.Typer:
    """A root CLI with just the commands of :mod:`inmarket.cli_alerts`."""
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """inmarket"""

    cli_alerts.register(root)
    return root


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    values = {
        "INMARKET_CONFIG": "",
        "INMARKET_DATABASE_URL": f"sqlite:///{tmp_path / 'inmarket.db'}",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def delivery_env(slack: SlackLoopback, smtp: SmtpLoopback) -> dict[str, str]:
    return {
        "INMARKET_SLACK_BOT_TOKEN": slack.bot_token,
        "INMARKET_SLACK_API_URL": slack.api_url,
        "INMARKET_SLACK_DEFAULT_CHANNEL": "C0ALERTS",
        "INMARKET_SMTP_HOST": smtp.host,
        "INMARKET_SMTP_PORT": str(smtp.port),
        "INMARKET_SMTP_FROM": "alerts@example.com",
        "INMARKET_DEFAULT_ALERT_EMAIL": "revops@example.com",
        "INMARKET_ALERT_WEBHOOK_URL": "http://127.0.0.1:9/hooks",
        "INMARKET_ALERT_WEBHOOK_SECRET": "0123456789abcdef0123",
    }


def test_check_passes_on_working_settings(
    env: dict[str, str], slack: SlackLoopback, smtp: SmtpLoopback
) -> None:
    result = runner.invoke(cli_app(), ["check"], env=delivery_env(slack, smtp))
    assert result.exit_code == 0, result.output
    assert "ok    slack bot token: authenticated as inmarket" in result.stdout
    assert "ok    smtp sender" in result.stdout


@pytest.mark.parametrize(
    ("override", "variable"),
    [
        ({"INMARKET_SLACK_BOT_TOKEN": "xoxb-wrong"}, "INMARKET_SLACK_BOT_TOKEN"),
        ({"INMARKET_SLACK_BOT_TOKEN": "xoxp-user-token"}, "INMARKET_SLACK_BOT_TOKEN"),
        ({"INMARKET_SLACK_WEBHOOK_URL": "https://hooks.slack.com/x"}, "INMARKET_SLACK_WEBHOOK_URL"),
        ({"INMARKET_ALERT_WEBHOOK_SECRET": "short"}, "INMARKET_ALERT_WEBHOOK_URL"),
        ({"INMARKET_ROUTING_FILE": "missing-routing.toml"}, "INMARKET_ROUTING_FILE"),
        ({"INMARKET_ALERT_QUIET_HOURS": "late"}, "INMARKET_RECIPIENTS_FILE"),
    ],
)
def test_check_names_the_variable_to_fix(
    env: dict[str, str],
    slack: SlackLoopback,
    smtp: SmtpLoopback,
    override: dict[str, str],
    variable: str,
) -> None:
    result = runner.invoke(cli_app(), ["check"], env={**delivery_env(slack, smtp), **override})
    assert result.exit_code == 1, result.output
    failures = [line for line in result.stderr.splitlines() if line.startswith("fail")]
    assert len(failures) == 1 and variable in failures[0], result.stderr


def test_check_fails_on_a_rule_naming_an_unconfigured_sink(
    env: dict[str, str], slack: SlackLoopback, smtp: SmtpLoopback, tmp_path: Path
) -> None:
    routing = tmp_path / "routing.toml"
    routing.write_text('[[rules]]\nname = "to crm"\nwebhook = "crm"\n')
    settings = {**delivery_env(slack, smtp), "INMARKET_ROUTING_FILE": str(routing)}
    result = runner.invoke(cli_app(), ["check"], env=settings)
    assert result.exit_code == 1
    assert "routing rule to crm: webhook sink 'crm' is not configured" in result.stderr
    assert "INMARKET_WEBHOOKS" in result.stderr

    sink = '{"crm": {"url": "http://127.0.0.1:9/crm", "secret": "0123456789abcdef"}}'
    result = runner.invoke(cli_app(), ["check"], env={**settings, "INMARKET_WEBHOOKS": sink})
    assert result.exit_code == 0, result.output
    assert "ok    webhook crm: signed POSTs to http://127.0.0.1/…" in result.stdout

    short = '{"crm": {"url": "http://127.0.0.1:9/crm", "secret": "short"}}'
    result = runner.invoke(cli_app(), ["check"], env={**settings, "INMARKET_WEBHOOKS": short})
    assert result.exit_code == 1
    assert "webhook crm: secret must have at least 16 characters" in result.stderr
    assert "INMARKET_WEBHOOKS (crm)" in result.stderr


def test_check_warns_that_routed_channels_need_a_bot_token(
    env: dict[str, str], tmp_path: Path
) -> None:
    routing = tmp_path / "routing.toml"
    routing.write_text('[[rules]]\nname = "emea"\nregions = ["EMEA"]\nslack_channel = "C0EMEA"\n')
    hook_only = {
        "INMARKET_SLACK_WEBHOOK_URL": "http://127.0.0.1:9/services/T0/B0/secret",
        "INMARKET_ROUTING_FILE": str(routing),
    }
    result = runner.invoke(cli_app(), ["check"], env=hook_only)
    assert result.exit_code == 0, result.output
    assert "routing names Slack channels, which need a bot token" in result.output
    assert "INMARKET_SLACK_BOT_TOKEN" in result.output


def test_check_names_every_invalid_setting(env: dict[str, str]) -> None:
    bad = {"INMARKET_PARTITIONS": "abc", "INMARKET_SMTP_PORT": "smtp"}
    result = runner.invoke(cli_app(), ["check"], env=bad)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert any("INMARKET_PARTITIONS" in e and "'abc'" in e for e in errors)
    assert any("INMARKET_SMTP_PORT" in e and "'smtp'" in e for e in errors)


def test_check_reports_an_smtp_server_refusing_the_sender(
    env: dict[str, str], slack: SlackLoopback
) -> None:
    with SmtpLoopback(refuse_sender=True) as refusing:
        result = runner.invoke(cli_app(), ["check"], env=delivery_env(slack, refusing))
    assert result.exit_code == 1
    assert "smtp sender" in result.stderr and "(set INMARKET_SMTP_FROM)" in result.stderr


def test_tail_without_a_broker_url_says_so_in_one_line(env: dict[str, str]) -> None:
    result = runner.invoke(cli_app(), ["tail", "accounts.rescored"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "INMARKET_BROKER_URL is not set" in result.stderr


async def _deliver_two(settings: Settings) -> None:
    store = Store.open(settings.resolved_database_url())
    await store.migrate()
    try:
        async with httpx.AsyncClient() as http:
            delivery = build_delivery(settings, store, http)
            now = datetime(2026, 11, 2, 22, 0, tzinfo=UTC)
            await delivery.handle(make_alert(), now - timedelta(hours=14))
            night = make_alert(alert_id="alert-night", account_id="acc-2", account_name="Bolt")
            await delivery.handle(night, now)
    finally:
        await store.close()


def test_alerts_list_shows_what_happened_and_why(
    env: dict[str, str], slack: SlackLoopback, smtp: SmtpLoopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in delivery_env(slack, smtp).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("INMARKET_ALERT_WEBHOOK_URL", "")
    monkeypatch.setenv("INMARKET_ALERT_QUIET_HOURS", "20:00-07:00")
    asyncio.run(_deliver_two(Settings()))

    everything = runner.invoke(cli_app(), ["alerts", "list"])
    assert everything.exit_code == 0, everything.output
    lines = everything.stdout.splitlines()
    assert len(lines) == 4
    assert "4 deliveries: 2 held, 2 sent" in everything.stderr
    assert any("sent" in line and "crossed into in-market" in line for line in lines)

    held = runner.invoke(cli_app(), ["alerts", "list", "--held", "--json"])
    rows = [json.loads(line) for line in held.stdout.splitlines()]
    assert {r["destination"] for r in rows} == {"slack:U024BE7LH", "email:dana@seller.example"}
    assert all(r["status"] == "held" and r["alert_id"] == "alert-night" for r in rows)
    assert all(r["release_at"] == "2026-11-03T07:00:00+00:00" for r in rows)
    assert "held for quiet hours 20:00–07:00 UTC" in rows[0]["reason"]

    failed = runner.invoke(cli_app(), ["alerts", "list", "--failed"])
    assert failed.exit_code == 0 and failed.stdout == ""
    retried = runner.invoke(cli_app(), ["alerts", "retry"])
    assert retried.exit_code == 0 and "0 delivered, 0 still failing" in retried.stderr


def test_retry_of_an_alert_with_no_failed_delivery_says_so(env: dict[str, str]) -> None:
    retried = runner.invoke(cli_app(), ["alerts", "retry", "alert-typo"])
    assert retried.exit_code == 1
    assert "0 delivered, 0 still failing" in retried.stderr
    assert (
        "error: alert-typo: no failed delivery for this alert "
        "(see `inmarket alerts list --failed`)" in retried.stderr
    )
