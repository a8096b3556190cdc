"""Wording shared by the Slack, email and digest renderers (pure; no escaping here)."""

from __future__ import annotations

import re
from datetime import datetime

from signals.events import InMarketAlert, MatchMethod, SignalContribution, SignalKind

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")

KIND_LABELS: dict[SignalKind, str] = {
    SignalKind.FUNDING: "Funding",
    SignalKind.ACQUISITION: "Acquisition",
    SignalKind.LEADERSHIP_CHANGE: "Leadership change",
    SignalKind.JOB_POSTING: "Job posting",
    SignalKind.JOB_CLOSED: "Job closed",
    SignalKind.HIRING_SURGE: "Hiring surge",
    SignalKind.EXECUTIVE_ROLE_OPENED: "Executive role opened",
}

METHOD_LABELS: dict[MatchMethod, str] = {
    MatchMethod.CIK: "SEC CIK",
    MatchMethod.ATS_BOARD: "job board",
    MatchMethod.DOMAIN: "domain",
    MatchMethod.NAME_EXACT: "exact name",
    MatchMethod.ALIAS_EXACT: "alias",
    MatchMethod.NAME_FUZZY: "fuzzy name",
}


def tier_label(tier: str) -> str:
    """``tier_1`` -> ``Tier 1``; other values as given."""
    if tier.startswith("tier_"):
        return "Tier " + tier.removeprefix("tier_")
    return tier


def tier_rank(tier: str | None) -> int:
    """Higher is better: ``tier_1`` ranks above ``tier_2``; unknown/absent ranks lowest."""
    if tier and tier.startswith("tier_") and tier.removeprefix("tier_").isdigit():
        return 1000 - int(tier.removeprefix("tier_"))
    return 0


def score_change(alert: InMarketAlert) -> str:
    """``42 -> 71`` when a previous score is known, else ``71 (new)``."""
    if alert.previous_score is None:
        return f"{alert.score:.0f} (new)"
    return f"{alert.previous_score:.0f} → {alert.score:.0f}"


def tier_change(alert: InMarketAlert) -> str:
    """``Tier 2 -> Tier 1`` when the tier changed, else the tier."""
    if alert.previous_tier and alert.previous_tier != alert.tier:
        return f"{tier_label(alert.previous_tier)} → {tier_label(alert.tier)}"
    return tier_label(alert.tier)


def relative_age(occurred_at: datetime, reference: datetime) -> str:
    """How long before ``reference`` (the alert's creation time, never the wall clock)."""
    seconds = (reference - occurred_at).total_seconds()
    if seconds < 3600:
        return "just now" if seconds < 120 else f"{int(seconds // 60)} min ago"
    hours = seconds / 3600
    if hours < 48:
        count = int(hours)
        return f"{count} hour{'s' if count != 1 else ''} ago"
    days = int(hours // 24)
    return f"{days} days ago"


def match_text(item: SignalContribution) -> str:
    """``matched by domain, 92%`` (or empty when the signal carries no match info)."""
    if item.method is None:
        return ""
    text = f"matched by {METHOD_LABELS.get(item.method, str(item.method))}"
    if item.confidence is not None:
        text += f", {item.confidence:.0%}"
    return text


def source_text(item: SignalContribution) -> str:
    """``sec_edgar`` or ``rss: TechCrunch``."""
    if item.source_name and item.source_name != item.source_type:
        return f"{item.source_type}: {item.source_name}"
    return item.source_type


def valid_slack_user(user_id: str | None) -> str | None:
    """The id when it looks like a Slack user id (``U..``/``W..``), else ``None``."""
    if user_id and SLACK_USER_ID.fullmatch(user_id):
        return user_id
    return None
