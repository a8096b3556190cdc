"""Noise control: whether an alert goes out now, later, in the digest, or not at all.

A pure policy; the caller supplies the history and the clock::

    decision = decide(alert, history, prefs, now)

Rules, in order:

1. An account is alerted when it first crosses into in-market, and again when the
   cooldown since its last alert (default 14 days) has passed.
2. Within the cooldown it is alerted again only if its tier rises or a signal of
   a high-importance kind arrives that no earlier alert carried; otherwise the
   alert is suppressed.
3. During the recipient's quiet hours (in their time zone) the alert is held until
   the quiet hours end; the caller re-decides it at ``release_at``.
4. Past the recipient's daily cap (counted over their local day) it goes to the
   daily digest, released at the next digest time.

Every decision carries a human-readable reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from inmarket.notify.render import KIND_LABELS, tier_label, tier_rank
from signals.events import InMarketAlert, SignalKind

DEFAULT_HIGH_IMPORTANCE = frozenset(
    {SignalKind.FUNDING, SignalKind.ACQUISITION, SignalKind.LEADERSHIP_CHANGE}
)


class Action(StrEnum):
    SEND = "send"
    HOLD = "hold"
    SUPPRESS = "suppress"
    DIGEST = "digest"


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    release_at: datetime | None = None  # for HOLD and DIGEST: when to act (UTC)


@dataclass(frozen=True)
class AlertHistory:
    """What this recipient was already told.

    ``last_alert_at``/``last_tier``/``seen_signal_ids`` concern the alert's account
    (alerts sent or put in a digest); ``recipient_sent`` lists the times of the
    recipient's immediate alerts over at least the last 48 hours (any account).
    """

    last_alert_at: datetime | None = None
    last_tier: str | None = None
    seen_signal_ids: frozenset[str] = frozenset()
    recipient_sent: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class RecipientPrefs:
    """One recipient's limits. Quiet hours may wrap midnight; equal ends mean none."""

    time_zone: str = "UTC"
    quiet_start: time | None = time(20, 0)
    quiet_end: time | None = time(8, 0)
    daily_cap: int | None = 10
    cooldown: timedelta = timedelta(days=14)
    high_importance_kinds: frozenset[SignalKind] = field(default=DEFAULT_HIGH_IMPORTANCE)
    digest_at: time = time(8, 0)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def _local_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def quiet_until(now: datetime, prefs: RecipientPrefs) -> datetime | None:
    """The end of the quiet hours ``now`` falls in (aware), or ``None`` outside them."""
    start, end = prefs.quiet_start, prefs.quiet_end
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(prefs.zone)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        quiet = start <= clock < end
        end_day = local.date()
    else:  # wraps midnight, e.g. 20:00-08:00
        quiet = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    return _local_at(end_day, end, prefs.zone) if quiet else None


def next_digest_at(now: datetime, prefs: RecipientPrefs) -> datetime:
    """The next ``digest_at`` in the recipient's zone strictly after ``now``."""
    local = now.astimezone(prefs.zone)
    candidate = _local_at(local.date(), prefs.digest_at, prefs.zone)
    if candidate <= now:
        candidate = _local_at(local.date() + timedelta(days=1), prefs.digest_at, prefs.zone)
    return candidate


def sent_on_local_day(sent: Iterable[datetime], now: datetime, prefs: RecipientPrefs) -> int:
    """How many of ``sent`` fall on ``now``'s date in the recipient's zone."""
    today = now.astimezone(prefs.zone).date()
    return sum(1 for at in sent if at.astimezone(prefs.zone).date() == today and at <= now)


def _why_alert(
    alert: InMarketAlert, history: AlertHistory, prefs: RecipientPrefs, now: datetime
) -> tuple[bool, str]:
    """(eligible, reason) per rules 1 and 2."""
    if history.last_alert_at is None:
        return True, "crossed into in-market"
    if now - history.last_alert_at >= prefs.cooldown:
        return (
            True,
            f"in market again; last alert {history.last_alert_at:%Y-%m-%d} is past the cooldown",
        )
    if tier_rank(alert.tier) > tier_rank(history.last_tier):
        before = tier_label(history.last_tier) if history.last_tier else "no tier"
        return True, f"tier rose from {before} to {tier_label(alert.tier)}"
    fresh = [
        c
        for c in alert.why_now
        if c.kind in prefs.high_importance_kinds and c.signal_id not in history.seen_signal_ids
    ]
    if fresh:
        labels = ", ".join(dict.fromkeys(KIND_LABELS.get(c.kind, str(c.kind)) for c in fresh))
        return True, f"new high-importance signal: {labels}"
    until = history.last_alert_at + prefs.cooldown
    return False, (
        f"cooldown: last alert {history.last_alert_at:%Y-%m-%d}, quiet until {until:%Y-%m-%d} "
        "unless the tier rises or a high-importance signal arrives"
    )


def decide(
    alert: InMarketAlert, history: AlertHistory, prefs: RecipientPrefs, now: datetime
) -> Decision:
    """What to do with ``alert`` for one recipient at ``now`` (aware). Pure."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    eligible, reason = _why_alert(alert, history, prefs, now)
    if not eligible:
        return Decision(Action.SUPPRESS, reason)
    quiet_end = quiet_until(now, prefs)
    if quiet_end is not None:
        return Decision(
            Action.HOLD,
            f"{reason}; held for quiet hours {prefs.quiet_start:%H:%M}–{prefs.quiet_end:%H:%M} "
            f"{prefs.time_zone}",
            quiet_end.astimezone(now.tzinfo),
        )
    if prefs.daily_cap is not None:
        sent = sent_on_local_day(history.recipient_sent, now, prefs)
        if sent >= prefs.daily_cap:
            return Decision(
                Action.DIGEST,
                f"{reason}; daily cap of {prefs.daily_cap} alerts reached, moved to the digest",
                next_digest_at(now, prefs).astimezone(now.tzinfo),
            )
    return Decision(Action.SEND, reason)
