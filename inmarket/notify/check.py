"""``inmarket check`` for delivery: is every configured channel usable, and if not, what to fix.

Nothing is delivered: the Slack webhook URL is checked by shape only (a test POST
would post a message), the bot token with ``auth.test``, SMTP by connecting,
EHLO, STARTTLS/AUTH when configured and a ``MAIL FROM`` that is reset at once.
Secrets never appear in results.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

import aiosmtplib

from inmarket.notify.email import classify_smtp_error
from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.slack_api import DEFAULT_API_URL, call_with_retries, make_web_client
from inmarket.notify.webhook import ALERT_SINK, WebhookSink, sinks_from_settings

Status = Literal["ok", "warn", "fail"]
_HOOK_PATH = re.compile(r"^/services/[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]+$")
MIN_WEBHOOK_SECRET = 16


@dataclass(frozen=True)
class CheckResult:
    """One check. ``setting`` names the setting to fix when ``status`` is not ``ok``."""

    name: str
    status: Status
    detail: str
    setting: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "fail"


@dataclass(frozen=True)
class DeliveryConfig:
    """The delivery settings to check; ``None`` means the channel is not configured."""

    slack_webhook_url: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_API_URL
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_from: str | None = None
    webhooks: tuple[WebhookSink, ...] = ()
    timeout: float = 10

    @classmethod
    def from_settings(cls, settings: Any) -> DeliveryConfig:
        """From an object with the ``inmarket.settings.Settings`` field names (duck-typed;
        ``SecretStr`` values are unwrapped). ``alert_webhook_url`` becomes sink ``alert``."""
        webhooks = tuple(sinks_from_settings(settings).values())
        return cls(
            slack_webhook_url=_secret(settings.slack_webhook_url),
            slack_bot_token=_secret(settings.slack_bot_token),
            slack_api_url=settings.slack_api_url,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_username=settings.smtp_username,
            smtp_password=_secret(settings.smtp_password),
            smtp_starttls=settings.smtp_starttls,
            smtp_tls=settings.smtp_tls,
            smtp_from=settings.smtp_from,
            webhooks=webhooks,
        )


def _secret(value: Any) -> str | None:
    if value is None:
        return None
    unwrap = getattr(value, "get_secret_value", None)
    return str(unwrap() if unwrap else value)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/…"


def check_slack_webhook_url(url: str) -> CheckResult:
    """Shape only: https, a Slack host (or loopback) and ``/services/T…/B…/secret``."""
    name, setting = "slack webhook", "slack_webhook_url"
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return CheckResult(name, "fail", "not a URL", setting)
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(host)):
        return CheckResult(name, "fail", "must start with https://", setting)
    if not _HOOK_PATH.match(parts.path):
        detail = (
            "path should look like /services/T…/B…/…; copy the URL from the Slack app's "
            "Incoming Webhooks page"
        )
        return CheckResult(name, "fail", detail, setting)
    if host != "hooks.slack.com" and not is_loopback(host):
        return CheckResult(name, "warn", f"host {host} is not hooks.slack.com", setting)
    return CheckResult(name, "ok", f"{_redacted(url)} looks like an incoming webhook")


async def check_slack_token(token: str, api_url: str, http_timeout: float) -> CheckResult:
    """``auth.test`` with the bot token."""
    name, setting = "slack bot token", "slack_bot_token"
    if not token.startswith("xoxb-"):
        detail = "expected a bot token starting with xoxb- (Slack app > OAuth & Permissions)"
        return CheckResult(name, "fail", detail, setting)
    client = make_web_client(token, api_url=api_url, timeout=max(1, int(http_timeout)))
    try:
        data = await call_with_retries(client.auth_test, RetryPolicy(attempts=1))
    except DeliveryError as exc:
        if exc.reason in ("invalid_auth", "not_authed", "token_revoked", "account_inactive"):
            detail = (
                f"Slack rejected the token ({exc.reason}): reinstall the app and copy its bot token"
            )
            return CheckResult(name, "fail", detail, setting)
        return CheckResult(name, "fail", f"auth.test failed: {exc.reason}", "slack_api_url")
    who = f"{data.get('user', '?')} in workspace {data.get('team', '?')}"
    return CheckResult(name, "ok", f"authenticated as {who}")


def smtp_tls_warning(config: DeliveryConfig) -> CheckResult | None:
    """A warning when a password would cross the network unencrypted."""
    encrypted = config.smtp_starttls or config.smtp_tls
    if config.smtp_username and not encrypted and not is_loopback(config.smtp_host):
        detail = "credentials would travel unencrypted: enable STARTTLS or implicit TLS"
        return CheckResult("smtp tls", "warn", detail, "smtp_starttls")
    return None


async def check_smtp(config: DeliveryConfig) -> list[CheckResult]:
    """Connect, EHLO, STARTTLS/AUTH as configured, then MAIL FROM + RSET for the sender."""
    assert config.smtp_host is not None
    where = f"{config.smtp_host}:{config.smtp_port}"
    warning = smtp_tls_warning(config)
    results: list[CheckResult] = [warning] if warning else []
    smtp = aiosmtplib.SMTP(
        hostname=config.smtp_host,
        port=config.smtp_port,
        use_tls=config.smtp_tls,
        start_tls=config.smtp_starttls,
        timeout=config.timeout,
    )
    try:
        await smtp.connect()
        if smtp.is_ehlo_or_helo_needed:
            await smtp.ehlo()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        smtp.close()
        reason = classify_smtp_error(exc).reason
        detail = f"cannot connect to {where}: {reason}; check the host, port and TLS mode"
        results.append(CheckResult("smtp connect", "fail", detail, "smtp_host"))
        return results
    try:
        tls = "TLS" if smtp.is_connected and smtp.get_transport_info("sslcontext") else "plain"
        results.append(CheckResult("smtp connect", "ok", f"{where} answered EHLO ({tls})"))
        if config.smtp_username:
            results.append(await _check_login(smtp, config))
        if config.smtp_from:
            results.append(await _check_sender(smtp, config.smtp_from))
    finally:
        try:
            await smtp.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            smtp.close()
    return results


async def _check_login(smtp: aiosmtplib.SMTP, config: DeliveryConfig) -> CheckResult:
    if not smtp.supported_auth_methods:
        detail = "the server offers no AUTH here; enable STARTTLS or remove the username"
        return CheckResult("smtp auth", "fail", detail, "smtp_username")
    try:
        await smtp.login(config.smtp_username or "", config.smtp_password or "")
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        reason = classify_smtp_error(exc).reason
        return CheckResult("smtp auth", "fail", reason, "smtp_password")
    return CheckResult("smtp auth", "ok", f"logged in as {config.smtp_username}")


async def _check_sender(smtp: aiosmtplib.SMTP, sender: str) -> CheckResult:
    try:
        await smtp.mail(sender)
        await smtp.rset()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        reason = classify_smtp_error(exc).reason
        return CheckResult("smtp sender", "fail", reason, "smtp_from")
    return CheckResult("smtp sender", "ok", f"the server accepts {sender} as sender")


def check_webhook_sink(sink: WebhookSink) -> CheckResult:
    name = f"webhook {sink.name}"
    setting = "alert_webhook_url" if sink.name == ALERT_SINK else f"webhooks.{sink.name}"
    try:
        parts = urlsplit(sink.url)
        host = parts.hostname
    except ValueError:
        return CheckResult(name, "fail", "url is not a URL", setting)
    if parts.scheme not in ("http", "https") or not host:
        return CheckResult(name, "fail", "url must be an http(s) URL with a host", setting)
    if len(sink.secret) < MIN_WEBHOOK_SECRET:
        detail = f"secret must have at least {MIN_WEBHOOK_SECRET} characters"
        return CheckResult(name, "fail", detail, setting)
    if parts.scheme == "http" and not is_loopback(host):
        return CheckResult(name, "warn", f"{host} is plain http: payloads are readable", setting)
    return CheckResult(name, "ok", f"signed POSTs to {_redacted(sink.url)}")


async def check_delivery_config(config: DeliveryConfig) -> list[CheckResult]:
    """Every configured channel's checks, in a stable order. Never raises for bad settings."""
    results: list[CheckResult] = []
    if config.slack_webhook_url:
        results.append(check_slack_webhook_url(config.slack_webhook_url))
    if config.slack_bot_token:
        results.append(
            await check_slack_token(config.slack_bot_token, config.slack_api_url, config.timeout)
        )
    if config.smtp_host:
        results.extend(await check_smtp(config))
    results.extend(check_webhook_sink(sink) for sink in config.webhooks)
    if not results:
        results.append(
            CheckResult("delivery", "warn", "no Slack, email or webhook channel is configured")
        )
    return results
