"""The daily digest email: one message per owner with the day's held-back alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid

from inmarket.notify.email import alert_html_fragment, html_document
from inmarket.notify.escape import clean_text, html_text
from inmarket.notify.render import KIND_LABELS, score_change, tier_change
from signals.events import InMarketAlert

NAME_LIMIT = 80


def latest_per_account(alerts: Sequence[InMarketAlert]) -> list[InMarketAlert]:
    """The newest alert of each account, highest score first (ties: name)."""
    latest: dict[str, InMarketAlert] = {}
    for alert in alerts:
        kept = latest.get(alert.account_id)
        if kept is None or alert.created_at > kept.created_at:
            latest[alert.account_id] = alert
    return sorted(latest.values(), key=lambda a: (-a.score, a.account_name.casefold()))


def _text_line(alert: InMarketAlert) -> str:
    name = clean_text(alert.account_name, limit=NAME_LIMIT)
    kinds = ", ".join(dict.fromkeys(KIND_LABELS.get(c.kind, str(c.kind)) for c in alert.why_now))
    line = f"- {name}: {tier_change(alert)}, score {score_change(alert)}"
    return line + (f" ({kinds})" if kinds else "")


def build_digest(
    owner: str, alerts: Sequence[InMarketAlert], day: date, *, sender: str
) -> EmailMessage:
    """The digest for ``owner`` (an email address) covering ``day``.

    Several alerts on one account collapse to the newest. Text and HTML parts; all
    untrusted text escaped.
    """
    accounts = latest_per_account(alerts)
    count = len(accounts)
    noun = "account" if count == 1 else "accounts"
    message = EmailMessage()
    message["Subject"] = f"inmarket digest {day.isoformat()}: {count} {noun} in market"
    message["From"] = clean_text(sender)
    message["To"] = clean_text(owner)
    message["Message-ID"] = make_msgid(domain="inmarket.local")
    message["X-Inmarket-Digest"] = day.isoformat()
    intro = f"{count} {noun} in market on {day.isoformat()} that were not sent one by one:"
    lines = [intro, ""] + [_text_line(a) for a in accounts]
    message.set_content("\n".join(lines) + "\n")
    sections = "<hr>".join(alert_html_fragment(a) for a in accounts)
    message.add_alternative(html_document(f"<p>{html_text(intro)}</p>{sections}"), subtype="html")
    return message
