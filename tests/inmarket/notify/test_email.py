from __future__ import annotations

import pytest

from inmarket.notify.email import build_email, send_email
from inmarket.notify.errors import DeliveryError
from inmarket.notify.retry import RetryPolicy
from signals.events import InMarketAlert
from tests.inmarket.notify.conftest import SleepRecorder, make_alert
from tests.loopback.smtp import SmtpLoopback

SENDER = "inmarket@seller.example"
RECIPIENT = "dana@seller.example"


def _parts(alert: InMarketAlert) -> tuple[str, str]:
    message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_email_has_text_and_html_parts(alert: InMarketAlert) -> None:
    message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
    assert message["Subject"] == "In market: Acme Analytics (Tier 1, score 41 → 72)"
    assert message["X-Inmarket-Alert-Id"] == alert.alert_id
    text, html = _parts(alert)
    assert "Why now:" in text and "Acme Analytics raises $40M Series B" in text
    assert "3 days ago" in text and "matched by domain, 97%" in text
    assert '<a href="https://news.example/acme-series-b">' in html
    assert "<li>uses Snowflake</li>" in html


def test_untrusted_text_is_escaped_in_html() -> None:
    alert = make_alert(
        account_name='Tom & Jerry <script>alert("x")</script>',
        fit_reasons=("<img src=x onerror=alert(1)>",),
    )
    alert = alert.model_copy(
        update={
            "why_now": (
                alert.why_now[0].model_copy(
                    update={"url": "javascript:alert(1)", "title": "<b>bold</b>"}
                ),
            )
        }
    )
    _, html = _parts(alert)
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert "Tom &amp; Jerry &lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_header_injection_is_impossible() -> None:
    alert = make_alert(account_name="Acme\r\nBcc: victim@example.com")
    message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]


async def test_email_is_delivered(
    smtp: SmtpLoopback, alert: InMarketAlert, policy: RetryPolicy
) -> None:
    message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
    await send_email(message, host=smtp.host, port=smtp.port, policy=policy)
    [received] = smtp.received
    assert received.sender == SENDER and received.recipients == (RECIPIENT,)
    assert received.message["Subject"] == message["Subject"]


async def test_sender_refused_is_permanent(
    alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    with SmtpLoopback(refuse_sender=True) as smtp:
        message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
        with pytest.raises(DeliveryError) as caught:
            await send_email(message, host=smtp.host, port=smtp.port, policy=policy)
    assert caught.value.retriable is False
    assert "553" in caught.value.reason and SENDER in caught.value.reason
    assert sleeps.delays == []


async def test_temporary_failure_is_retried(
    alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    with SmtpLoopback(temp_failures=2) as smtp:
        message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
        await send_email(message, host=smtp.host, port=smtp.port, policy=policy)
        assert len(smtp.received) == 1
    assert sleeps.delays == [0.5, 1.0]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_auth_succeeds_and_wrong_password_is_permanent_without_leaking(
    alert: InMarketAlert, policy: RetryPolicy
) -> None:
    with SmtpLoopback(credentials=("mailer", "s3cret-pw")) as smtp:
        message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
        await send_email(
            message,
            host=smtp.host,
            port=smtp.port,
            username="mailer",
            password="s3cret-pw",
            policy=policy,
        )
        with pytest.raises(DeliveryError) as caught:
            await send_email(
                message,
                host=smtp.host,
                port=smtp.port,
                username="mailer",
                password="wrong-pw-123",
                policy=policy,
            )
    assert caught.value.retriable is False
    assert "wrong-pw-123" not in str(caught.value) and "s3cret" not in str(caught.value)
    assert len(smtp.received) == 1


async def test_connection_refused_is_retriable(
    alert: InMarketAlert, policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    smtp = SmtpLoopback()  # never started: nothing listens on the port
    message = build_email(alert, sender=SENDER, recipient=RECIPIENT)
    with pytest.raises(DeliveryError, match="connection error") as caught:
        await send_email(message, host=smtp.host, port=smtp.port, timeout=2, policy=policy)
    assert caught.value.retriable is True
    assert len(sleeps.delays) == 3
