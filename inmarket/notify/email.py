"""Email rendering (plain text + HTML) and delivery over SMTP with aiosmtplib.

All untrusted text in the HTML part is escaped with :func:`html.escape`; links are
kept only for http(s) URLs. Header values are stripped of line breaks and control
characters, so a company name cannot inject headers.
"""

from __future__ import annotations

import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from inmarket.notify.errors import DeliveryError
from inmarket.notify.escape import clean_text, html_link, html_text
from inmarket.notify.render import (
    KIND_LABELS,
    match_text,
    relative_age,
    score_change,
    source_text,
    tier_change,
    tier_label,
)
from inmarket.notify.retry import RetryPolicy
from signals.events import InMarketAlert, SignalContribution

NAME_LIMIT = 80
TITLE_LIMIT = 200
CHANNEL = "email"

_STYLE = "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;"


def alert_subject(alert: InMarketAlert) -> str:
    name = clean_text(alert.account_name, limit=NAME_LIMIT)
    return f"In market: {name} ({tier_label(alert.tier)}, score {score_change(alert)})"


def _signal_text(item: SignalContribution, alert: InMarketAlert) -> str:
    parts = [
        KIND_LABELS.get(item.kind, str(item.kind)),
        clean_text(item.title, limit=TITLE_LIMIT),
        source_text(item),
        relative_age(item.occurred_at, alert.created_at),
    ]
    matched = match_text(item)
    if matched:
        parts.append(matched)
    line = "- " + " | ".join(p for p in parts if p)
    return line + (f"\n  {clean_text(item.url)}" if item.url else "")


def _signal_html(item: SignalContribution, alert: InMarketAlert) -> str:
    kind = html_text(KIND_LABELS.get(item.kind, str(item.kind)))
    title = item.title or KIND_LABELS.get(item.kind, str(item.kind))
    details = [
        html_text(source_text(item)),
        html_text(relative_age(item.occurred_at, alert.created_at)),
    ]
    matched = match_text(item)
    if matched:
        details.append(html_text(matched))
    link = html_link(item.url, title, limit=TITLE_LIMIT)
    return f"<li><strong>{kind}</strong>: {link} <small>({' · '.join(details)})</small></li>"


def alert_text(alert: InMarketAlert) -> str:
    """The plain-text body of an alert email."""
    lines = [
        f"{clean_text(alert.account_name, limit=NAME_LIMIT)} is in market.",
        "",
        f"Tier: {tier_change(alert)}",
        f"Fit: {alert.fit_score:.0f}",
        f"In-market score: {score_change(alert)}",
    ]
    if alert.account_domain:
        lines.append(f"Domain: {clean_text(alert.account_domain, limit=NAME_LIMIT)}")
    if alert.why_now:
        lines += ["", "Why now:"] + [_signal_text(c, alert) for c in alert.why_now]
    if alert.fit_reasons:
        lines += ["", "ICP criteria met:"] + [f"- {clean_text(r)}" for r in alert.fit_reasons]
    lines += ["", f"ICP {clean_text(alert.icp_version)} · alert {clean_text(alert.alert_id)}"]
    return "\n".join(lines) + "\n"


def alert_html_fragment(alert: InMarketAlert) -> str:
    """The HTML of one alert (used by the alert email and the daily digest)."""
    name = html_text(alert.account_name, limit=NAME_LIMIT)
    parts = [
        f"<h2>{name}</h2>",
        "<p>",
        f"Tier: <strong>{html_text(tier_change(alert))}</strong><br>",
        f"Fit: {alert.fit_score:.0f}<br>",
        f"In-market score: <strong>{html_text(score_change(alert))}</strong>",
    ]
    if alert.account_domain:
        parts.append(f"<br>Domain: {html_text(alert.account_domain, limit=NAME_LIMIT)}")
    parts.append("</p>")
    if alert.why_now:
        items = "".join(_signal_html(c, alert) for c in alert.why_now)
        parts.append(f"<h3>Why now</h3><ul>{items}</ul>")
    if alert.fit_reasons:
        items = "".join(f"<li>{html_text(r)}</li>" for r in alert.fit_reasons)
        parts.append(f"<h3>ICP criteria met</h3><ul>{items}</ul>")
    return "".join(parts)


def html_document(body: str) -> str:
    return f'<!DOCTYPE html><html><body style="{_STYLE}">{body}</body></html>'


def build_email(alert: InMarketAlert, *, sender: str, recipient: str) -> EmailMessage:
    """A multipart/alternative alert email (plain text first, then HTML)."""
    message = EmailMessage()
    message["Subject"] = alert_subject(alert)
    message["From"] = clean_text(sender)
    message["To"] = clean_text(recipient)
    message["Date"] = formatdate(alert.created_at.timestamp(), usegmt=True)
    message["Message-ID"] = make_msgid(domain="inmarket.local")
    message["X-Inmarket-Alert-Id"] = clean_text(alert.alert_id, limit=128)
    message.set_content(alert_text(alert))
    footer = (
        f"<p><small>ICP {html_text(alert.icp_version)} · alert {html_text(alert.alert_id)}"
        "</small></p>"
    )
    message.add_alternative(html_document(alert_html_fragment(alert) + footer), subtype="html")
    return message


def classify_smtp_error(exc: BaseException) -> DeliveryError:
    """Map an aiosmtplib/network error to a DeliveryError (4xx and network: retriable)."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        retriable = bool(codes) and all(400 <= c < 500 for c in codes)
        listed = ", ".join(
            f"{r.recipient} ({r.code} {clean_text(r.message)})" for r in exc.recipients
        )
        return DeliveryError(CHANNEL, f"recipients refused: {listed}", retriable=retriable)
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        retriable = 400 <= exc.code < 500
        reason = f"sender {exc.sender} refused: {exc.code} {clean_text(exc.message)}"
        return DeliveryError(CHANNEL, reason, retriable=retriable)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        reason = f"authentication failed: {exc.code} {clean_text(exc.message)}"
        return DeliveryError(
            CHANNEL, reason + " (check the SMTP username and password)", retriable=False
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        retriable = 400 <= exc.code < 500
        return DeliveryError(CHANNEL, f"{exc.code} {clean_text(exc.message)}", retriable=retriable)
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return DeliveryError(CHANNEL, f"not supported by the server: {exc}", retriable=False)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(
            CHANNEL, f"TLS certificate rejected: {exc.verify_message}", retriable=False
        )
    if isinstance(exc, aiosmtplib.SMTPException | OSError | TimeoutError):
        return DeliveryError(CHANNEL, f"connection error ({type(exc).__name__})", retriable=True)
    raise TypeError(f"not an SMTP error: {type(exc).__name__}")


async def send_email(
    message: EmailMessage,
    *,
    host: str,
    port: int,
    username: str | None = None,
    password: str | None = None,
    starttls: bool = False,
    use_tls: bool = False,
    timeout: float = 10,  # noqa: ASYNC109 - per-command SMTP timeout, passed to aiosmtplib
    policy: RetryPolicy | None = None,
) -> None:
    """Send ``message``; retry 4xx replies and connection errors with backoff.

    Raises :class:`~inmarket.notify.errors.DeliveryError`: ``retriable=False`` for 5xx
    replies, a refused sender or recipient (5xx), failed authentication; ``retriable=True``
    when temporary failures outlast the retries. The password is never logged or put
    in an error.
    """
    policy = policy or RetryPolicy()
    error: DeliveryError | None = None
    for attempt in range(1, policy.attempts + 1):
        try:
            await aiosmtplib.send(
                message,
                hostname=host,
                port=port,
                username=username,
                password=password,
                start_tls=starttls,
                use_tls=use_tls,
                timeout=timeout,
            )
            return
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            error = classify_smtp_error(exc)
        if not error.retriable:
            raise error
        if attempt < policy.attempts:
            await policy.sleep(policy.backoff(attempt))
    assert error is not None
    raise DeliveryError(
        CHANNEL, f"{error.reason} (gave up after {policy.attempts} attempts)", retriable=True
    )
