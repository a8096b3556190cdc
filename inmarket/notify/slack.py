"""Slack rendering (Block Kit) and delivery through an incoming webhook.

Every piece of text from outside (company names, headlines, job titles, source
names) goes through :mod:`inmarket.notify.escape`; the only mention a message can
carry is the owner's, and only when the id from our own CRM import looks like a
Slack user id.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from inmarket.notify.escape import slack_link, slack_mrkdwn, slack_plain
from inmarket.notify.posting import post_with_retries
from inmarket.notify.render import (
    KIND_LABELS,
    match_text,
    relative_age,
    score_change,
    source_text,
    tier_change,
    tier_label,
    valid_slack_user,
)
from inmarket.notify.retry import RetryPolicy
from signals.events import InMarketAlert, SignalContribution

HEADER_LIMIT = 150  # Slack's limit for header text
SECTION_LIMIT = 3000  # Slack's limit for section text
FALLBACK_LIMIT = 3000
NAME_LIMIT = 80
TITLE_LIMIT = 200
MAX_SIGNALS = 10
MAX_REASONS = 10


def owner_mention(alert: InMarketAlert) -> str:
    """``<@U123>`` for a valid Slack id, else the escaped owner email, else ``unassigned``."""
    user = valid_slack_user(alert.owner_slack_id)
    if user:
        return f"<@{user}>"
    if alert.owner_email:
        return slack_mrkdwn(alert.owner_email, limit=NAME_LIMIT)
    return "unassigned"


def signal_line(item: SignalContribution, alert: InMarketAlert) -> str:
    """One "why now" bullet: kind, linked title, source, age, match method and confidence."""
    title = item.title or KIND_LABELS.get(item.kind, str(item.kind))
    parts = [
        f"*{KIND_LABELS.get(item.kind, str(item.kind))}*",
        slack_link(item.url, title, limit=TITLE_LIMIT),
        slack_mrkdwn(source_text(item), limit=NAME_LIMIT),
        relative_age(item.occurred_at, alert.created_at),
    ]
    matched = match_text(item)
    if matched:
        parts.append(matched)
    return "• " + " · ".join(parts)


def _bullets(lines: list[str], total: int, limit: int) -> str:
    """Join ``lines`` within ``limit`` characters, ending with "and N more" when cut."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 40 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    if total > len(kept):
        kept.append(f"_…and {total - len(kept)} more_")
    return "\n".join(kept)


def header_text(alert: InMarketAlert) -> str:
    name = slack_plain(alert.account_name, limit=NAME_LIMIT)
    return slack_plain(
        f"{name} · {tier_label(alert.tier)} · fit {alert.fit_score:.0f}", limit=HEADER_LIMIT
    )


def fallback_text(alert: InMarketAlert) -> str:
    """The plain ``text`` shown in notifications and by clients without Block Kit."""
    name = slack_mrkdwn(alert.account_name, limit=NAME_LIMIT)
    why = "; ".join(
        f"{KIND_LABELS.get(c.kind, str(c.kind))}: {slack_mrkdwn(c.title, limit=100)}"
        for c in alert.why_now[:3]
    )
    text = (
        f"{name} is in market ({tier_change(alert)}, fit {alert.fit_score:.0f}, "
        f"score {score_change(alert)}). Owner: {owner_mention(alert)}."
    )
    if why:
        text += f" Why now: {why}"
    return text[:FALLBACK_LIMIT]


def build_slack_message(alert: InMarketAlert) -> dict[str, Any]:
    """Block Kit message for ``alert`` with a plain ``text`` fallback (a JSON-ready dict).

    Ages are relative to ``alert.created_at`` so the same alert always renders the
    same message.
    """
    signals = list(alert.why_now[:MAX_SIGNALS])
    why_lines = [signal_line(item, alert) for item in signals]
    domain = slack_mrkdwn(alert.account_domain, limit=NAME_LIMIT) if alert.account_domain else "—"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header_text(alert)}},
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*In-market score*\n{score_change(alert)}"},
                {"type": "mrkdwn", "text": f"*Tier*\n{tier_change(alert)}"},
                {"type": "mrkdwn", "text": f"*Fit*\n{alert.fit_score:.0f}"},
                {"type": "mrkdwn", "text": f"*Owner*\n{owner_mention(alert)}"},
                {"type": "mrkdwn", "text": f"*Domain*\n{domain}"},
            ],
        },
    ]
    if why_lines:
        body = _bullets(why_lines, len(alert.why_now), SECTION_LIMIT - 20)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Why now*\n{body}"}})
    reasons = [f"• {slack_mrkdwn(r, limit=200)}" for r in alert.fit_reasons[:MAX_REASONS]]
    if reasons:
        body = _bullets(reasons, len(alert.fit_reasons), SECTION_LIMIT - 40)
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*ICP criteria met*\n{body}"}}
        )
    context = (
        f"ICP {slack_mrkdwn(alert.icp_version, limit=40)} · "
        f"alert {slack_mrkdwn(alert.alert_id, limit=80)}"
    )
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": fallback_text(alert), "blocks": blocks}


async def post_webhook(
    client: httpx.AsyncClient,
    url: str,
    message: dict[str, Any],
    *,
    policy: RetryPolicy | None = None,
) -> None:
    """POST ``message`` to a Slack incoming webhook.

    Retries 429 (honouring Retry-After, capped) and 5xx/connection errors with
    exponential backoff. Raises :class:`~inmarket.notify.errors.DeliveryError` with
    ``retriable=False`` for other 4xx answers (``invalid_token``, ``channel_not_found``,
    ``no_service``, ``invalid_payload``), and ``retriable=True`` when retries run out.
    """
    content = json.dumps(message, ensure_ascii=False).encode()
    await post_with_retries(
        client,
        url,
        content=content,
        headers=lambda: {"Content-Type": "application/json; charset=utf-8"},
        channel="slack",
        policy=policy or RetryPolicy(),
    )
