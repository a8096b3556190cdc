from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inmarket.notify.noise import Action, AlertHistory, RecipientPrefs, decide
from signals.events import InMarketAlert, SignalContribution, SignalKind
from tests.inmarket.notify.conftest import CREATED, make_alert

NOON_UTC = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
DAYTIME = RecipientPrefs(time_zone="UTC")
ALERT = make_alert(tier="tier_2", previous_tier="tier_3")
SEEN = frozenset(c.signal_id for c in ALERT.why_now)


def _recent(days: float = 3, tier: str = "tier_2") -> AlertHistory:
    return AlertHistory(
        last_alert_at=NOON_UTC - timedelta(days=days), last_tier=tier, seen_signal_ids=SEEN
    )


def test_first_crossing_is_sent() -> None:
    decision = decide(ALERT, AlertHistory(), DAYTIME, NOON_UTC)
    assert (decision.action, decision.reason) == (Action.SEND, "crossed into in-market")
    assert decision.release_at is None


def test_repeat_within_cooldown_is_suppressed_with_reason() -> None:
    decision = decide(ALERT, _recent(), DAYTIME, NOON_UTC)
    assert decision.action is Action.SUPPRESS
    assert "cooldown" in decision.reason and "2026-10-30" in decision.reason


def test_after_cooldown_alerts_again() -> None:
    decision = decide(ALERT, _recent(days=14), DAYTIME, NOON_UTC)
    assert decision.action is Action.SEND and "past the cooldown" in decision.reason


def test_tier_rise_breaks_cooldown() -> None:
    decision = decide(make_alert(tier="tier_1"), _recent(tier="tier_2"), DAYTIME, NOON_UTC)
    assert (decision.action, decision.reason) == (Action.SEND, "tier rose from Tier 2 to Tier 1")


def test_tier_fall_does_not() -> None:
    assert decide(ALERT, _recent(tier="tier_1"), DAYTIME, NOON_UTC).action is Action.SUPPRESS


def _with_signal(kind: SignalKind) -> InMarketAlert:
    extra = SignalContribution(
        signal_id=f"new-{kind}",
        kind=kind,
        title="x",
        source_type="rss",
        occurred_at=CREATED,
        points=5,
    )
    return ALERT.model_copy(update={"why_now": (*ALERT.why_now, extra)})


def test_new_high_importance_signal_breaks_cooldown() -> None:
    decision = decide(_with_signal(SignalKind.LEADERSHIP_CHANGE), _recent(), DAYTIME, NOON_UTC)
    assert decision.action is Action.SEND
    assert decision.reason == "new high-importance signal: Leadership change"


def test_new_low_importance_signal_does_not() -> None:
    decision = decide(_with_signal(SignalKind.JOB_POSTING), _recent(), DAYTIME, NOON_UTC)
    assert decision.action is Action.SUPPRESS


def test_quiet_hours_hold_until_local_morning() -> None:
    prefs = RecipientPrefs(time_zone="Europe/Berlin")  # quiet 20:00-08:00
    now = datetime(2026, 11, 2, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    decision = decide(ALERT, AlertHistory(), prefs, now)
    assert decision.action is Action.HOLD
    assert decision.release_at == datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    assert "quiet hours 20:00–08:00 Europe/Berlin" in decision.reason


def test_quiet_hours_after_midnight_release_same_day() -> None:
    prefs = RecipientPrefs(time_zone="Asia/Tokyo")
    now = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)  # 05:00 in Tokyo
    decision = decide(ALERT, AlertHistory(), prefs, now)
    assert decision.release_at == datetime(2026, 11, 2, 23, 0, tzinfo=UTC)


def test_quiet_hours_across_dst_change() -> None:
    prefs = RecipientPrefs(time_zone="America/New_York")
    now = datetime(2026, 3, 8, 3, 0, tzinfo=UTC)  # 22:00 EST; clocks spring forward at 02:00
    decision = decide(ALERT, AlertHistory(), prefs, now)
    assert decision.release_at == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)  # 08:00 EDT


def test_daytime_window_and_no_quiet_hours() -> None:
    lunch = RecipientPrefs(quiet_start=time(12, 0), quiet_end=time(13, 0))
    assert decide(ALERT, AlertHistory(), lunch, NOON_UTC).action is Action.HOLD
    never = RecipientPrefs(quiet_start=None, quiet_end=None)
    assert decide(ALERT, AlertHistory(), never, NOON_UTC).action is Action.SEND


def test_daily_cap_sends_overflow_to_digest() -> None:
    prefs = RecipientPrefs(time_zone="Europe/Berlin", daily_cap=3)
    now = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    sent = tuple(now - timedelta(hours=h) for h in (1, 2, 3))
    decision = decide(ALERT, AlertHistory(recipient_sent=sent), prefs, now)
    assert decision.action is Action.DIGEST
    assert "daily cap of 3" in decision.reason
    assert decision.release_at == datetime(2026, 11, 3, 7, 0, tzinfo=UTC)


def test_cap_counts_the_recipients_local_day() -> None:
    prefs = RecipientPrefs(time_zone="Asia/Tokyo", daily_cap=1, quiet_start=None)
    now = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)  # 00:30 on Nov 3 in Tokyo
    yesterday_local = (datetime(2026, 11, 2, 14, 0, tzinfo=UTC),)  # 23:00 Nov 2 in Tokyo
    decision = decide(ALERT, AlertHistory(recipient_sent=yesterday_local), prefs, now)
    assert decision.action is Action.SEND


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(ALERT, AlertHistory(), DAYTIME, datetime(2026, 11, 2, 12, 0))


@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]),
    last_days=st.none() | st.floats(min_value=0, max_value=30),
    tier=st.sampled_from(["tier_1", "tier_2", "tier_3", None]),
    sent=st.integers(min_value=0, max_value=12),
)
def test_every_decision_is_explained(
    now: datetime, zone: str, last_days: float | None, tier: str | None, sent: int
) -> None:
    history = AlertHistory(
        last_alert_at=None if last_days is None else now - timedelta(days=last_days),
        last_tier=tier,
        seen_signal_ids=SEEN,
        recipient_sent=tuple(now - timedelta(minutes=m) for m in range(sent)),
    )
    decision = decide(ALERT, history, RecipientPrefs(time_zone=zone), now)
    assert decision.reason
    if decision.action in (Action.HOLD, Action.DIGEST):
        assert decision.release_at is not None and decision.release_at > now
        assert decision.release_at - now <= timedelta(hours=25)
    else:
        assert decision.release_at is None
