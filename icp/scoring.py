"""In-market score: fit combined with situational signals that decay with age.

    situational = min(100, sum(weight[kind] * confidence * 0.5 ** (age_days / half_life[kind])))
    score       = fit_share * fit + (1 - fit_share) * situational      (0 when not in ICP)
    in_market   = score >= in_market_threshold

Signals of a kind the ICP gives no weight add nothing. Future-dated signals count as fresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from icp.definition import IcpDefinition
from icp.fit import FitResult
from signals.events import MatchMethod, SignalContribution, SignalEvent


@dataclass(frozen=True)
class AccountSignal:
    """A signal already matched to the account being scored."""

    signal: SignalEvent
    method: MatchMethod | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class InMarketScore:
    score: float
    in_market: bool
    situational: float
    contributions: tuple[SignalContribution, ...]


def signal_points(item: AccountSignal, icp: IcpDefinition, now: datetime) -> float:
    """Points one signal adds at ``now`` (0 for kinds the ICP does not weigh)."""
    weight = icp.situational.get(item.signal.kind)
    if weight is None:
        return 0.0
    age_days = max(0.0, (now - item.signal.occurred_at).total_seconds() / 86400)
    return weight.weight * item.confidence * 0.5 ** (age_days / weight.half_life_days)


def score_account(
    fit: FitResult, signals: Sequence[AccountSignal], icp: IcpDefinition, now: datetime
) -> InMarketScore:
    """Score one account at ``now``; contributions sorted strongest first."""
    contributions = []
    for item in signals:
        points = signal_points(item, icp, now)
        if points <= 0.05:
            continue
        s = item.signal
        contributions.append(
            SignalContribution(
                signal_id=s.id,
                kind=s.kind,
                title=s.title,
                url=s.url,
                source_type=s.source_type,
                source_name=s.source_name,
                occurred_at=s.occurred_at,
                points=round(points, 1),
                method=item.method,
                confidence=item.confidence,
            )
        )
    contributions.sort(key=lambda c: c.points, reverse=True)
    situational = min(100.0, sum(c.points for c in contributions))
    if not fit.in_icp:
        return InMarketScore(0.0, False, round(situational, 1), tuple(contributions))
    share = icp.scoring.fit_share
    score = round(share * fit.score + (1 - share) * situational, 1)
    return InMarketScore(
        score=score,
        in_market=score >= icp.scoring.in_market_threshold,
        situational=round(situational, 1),
        contributions=tuple(contributions),
    )
