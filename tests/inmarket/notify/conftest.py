from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from inmarket.notify.retry import RetryPolicy
from signals.events import InMarketAlert, MatchMethod, SignalContribution, SignalKind

CREATED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def make_alert(**overrides: Any) -> InMarketAlert:
    """A realistic alert; keyword arguments replace fields."""
    fields: dict[str, Any] = {
        "alert_id": "alert-acc-1-2026-11-02",
        "account_id": "acc-1",
        "account_name": "Acme Analytics",
        "account_domain": "acme.io",
        "owner_email": "dana@seller.example",
        "owner_slack_id": "U024BE7LH",
        "icp_version": "2026.4",
        "fit_score": 82.0,
        "previous_score": 41.0,
        "score": 71.5,
        "tier": "tier_1",
        "previous_tier": "tier_3",
        "why_now": (
            SignalContribution(
                signal_id="funding-1",
                kind=SignalKind.FUNDING,
                title="Acme Analytics raises $40M Series B",
                url="https://news.example/acme-series-b",
                source_type="rss",
                source_name="TechWire",
                occurred_at=CREATED - timedelta(days=3),
                points=48.0,
                method=MatchMethod.DOMAIN,
                confidence=0.97,
            ),
            SignalContribution(
                signal_id="job-1",
                kind=SignalKind.EXECUTIVE_ROLE_OPENED,
                title="VP of Data Engineering",
                url="https://boards.greenhouse.io/acme/jobs/1",
                source_type="greenhouse",
                source_name="greenhouse",
                occurred_at=CREATED - timedelta(hours=5),
                points=30.0,
                method=MatchMethod.ATS_BOARD,
                confidence=1.0,
            ),
        ),
        "fit_reasons": ("industry Software", "employees 420 within 50–2000", "uses Snowflake"),
        "created_at": CREATED,
    }
    fields.update(overrides)
    return InMarketAlert(**fields)


class SleepRecorder:
    """An injectable sleep that returns at once and remembers the delays asked for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def alert() -> InMarketAlert:
    return make_alert()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> RetryPolicy:
    return RetryPolicy(attempts=4, base_delay=0.5, max_delay=8, max_retry_after=30, sleep=sleeps)
