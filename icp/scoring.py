"""In-market score: fit, behavioral engagement and situational signals that decay with age.

    points(signal) = weight[kind] * confidence * 0.5 ** (age_days / half_life_days[kind])
                     (0 when the ICP gives the kind no rule, or the signal fails one of the
                     rule's conditions: max_age_days, min_round, min_seniority, functions,
                     changes, min_open_roles, min_amount_usd)
    situational    = min(100, sum of points)
    behavioral     = share of behavioral criteria met, 0-100 (see icp.fit)
    b              = behavioral_share when the ICP has behavioral criteria, else 0
    score          = fit_share * fit + b * behavioral + (1 - fit_share - b) * situational
                     (0 when the account is not in the ICP)
    in_market      = score >= in_market_threshold and at least one signal counts
                     ("in market now" needs a reason now: fit alone never is one)

Future-dated signals count as fresh (age 0). Contributions under 0.05 points are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from icp.definition import IcpDefinition, SignalWeight
from icp.fit import FitResult
from icp.signal_rules import ROUNDS, SENIORITIES, functions_of, round_rank, seniority_rank
from signals.events import MatchMethod, SignalContribution, SignalEvent, SignalKind

_SENIORITY_NAMES = {rank: name for name, rank in SENIORITIES.items()}
_ROUND_NAMES = {rank: name for name, rank in ROUNDS.items()}
MIN_POINTS = 0.05


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
    behavioral: float | None = None
    fit: float | None = None


@dataclass(frozen=True)
class SignalVerdict:
    """One signal judged against its kind's rule: points, or the conditions it failed."""

    rule: SignalWeight | None
    age_days: float
    decay: float
    points: float
    failed: tuple[str, ...]


def unmet_conditions(signal: SignalEvent, rule: SignalWeight, age_days: float) -> list[str]:
    """The rule's conditions this signal fails, each as a short phrase."""
    failed: list[str] = []
    if rule.max_age_days is not None and age_days > rule.max_age_days:
        failed.append(f"older than {rule.max_age_days:g} days ({age_days:.0f})")
    if rule.min_round is not None:
        rank = round_rank(signal.round)
        if rank is None or rank < ROUNDS[rule.min_round]:
            shown = signal.round or "unknown"
            failed.append(f"round {shown} is below {rule.min_round}")
    if rule.min_amount_usd is not None and (
        signal.amount_usd is None or signal.amount_usd < rule.min_amount_usd
    ):
        failed.append(f"amount below ${rule.min_amount_usd:,.0f} (or unknown)")
    if rule.min_seniority is not None:
        rank = seniority_rank(signal.seniority, signal.role, signal.title)
        if rank is None or rank < SENIORITIES[rule.min_seniority]:
            shown = _SENIORITY_NAMES.get(rank, "unknown") if rank is not None else "unknown"
            failed.append(f"seniority {shown} is below {rule.min_seniority}")
    if rule.functions:
        found = functions_of(signal.function, signal.department, signal.role, signal.title)
        if not found & set(rule.functions):
            shown = ", ".join(sorted(found)) or "unknown"
            failed.append(f"function {shown} is not in {', '.join(rule.functions)}")
    if rule.changes and signal.change not in rule.changes:
        failed.append(f"change {signal.change or 'unknown'} is not in {', '.join(rule.changes)}")
    if rule.min_open_roles is not None and (
        signal.open_roles is None or signal.open_roles < rule.min_open_roles
    ):
        failed.append(f"open roles {signal.open_roles} below {rule.min_open_roles}")
    return failed


def judge_signal(item: AccountSignal, icp: IcpDefinition, now: datetime) -> SignalVerdict:
    """Points one signal adds at ``now``, with the decay factor and failed conditions."""
    rule = icp.situational.get(item.signal.kind)
    age_days = max(0.0, (now - item.signal.occurred_at).total_seconds() / 86400)
    if rule is None:
        return SignalVerdict(None, age_days, 0.0, 0.0, ("the ICP gives this kind no weight",))
    decay = 0.5 ** (age_days / rule.half_life_days)
    failed = tuple(unmet_conditions(item.signal, rule, age_days))
    points = 0.0 if failed else rule.weight * item.confidence * decay
    return SignalVerdict(rule, age_days, decay, points, failed)


def signal_points(item: AccountSignal, icp: IcpDefinition, now: datetime) -> float:
    """Points one signal adds at ``now`` (0 for kinds the ICP does not weigh or rules it fails)."""
    return judge_signal(item, icp, now).points


def shares(icp: IcpDefinition, fit: FitResult) -> tuple[float, float, float]:
    """(fit, behavioral, situational) shares of the in-market score for this ICP."""
    behavioral = icp.scoring.behavioral_share if fit.behavioral is not None else 0.0
    fit_share = icp.scoring.fit_share
    return fit_share, behavioral, max(0.0, 1.0 - fit_share - behavioral)


def score_account(
    fit: FitResult, signals: Sequence[AccountSignal], icp: IcpDefinition, now: datetime
) -> InMarketScore:
    """Score one account at ``now``; contributions sorted strongest first."""
    contributions = []
    for item in signals:
        points = signal_points(item, icp, now)
        if points <= MIN_POINTS:
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
        return InMarketScore(
            0.0, False, round(situational, 1), tuple(contributions), fit.behavioral, fit.score
        )
    fit_share, behavioral_share, situational_share = shares(icp, fit)
    score = round(
        fit_share * fit.score
        + behavioral_share * (fit.behavioral or 0.0)
        + situational_share * situational,
        1,
    )
    return InMarketScore(
        score=score,
        in_market=bool(contributions) and score >= icp.scoring.in_market_threshold,
        situational=round(situational, 1),
        contributions=tuple(contributions),
        behavioral=fit.behavioral,
        fit=fit.score,
    )


def describe_rule(kind: SignalKind, rule: SignalWeight) -> str:
    """``funding: 60 points, half-life 45 d, max 90 d, round >= series_b``."""
    parts = [f"{kind.value}: {rule.weight:g} points, half-life {rule.half_life_days:g} d"]
    if rule.max_age_days is not None:
        parts.append(f"max {rule.max_age_days:g} d")
    if rule.min_round:
        parts.append(f"round >= {rule.min_round}")
    if rule.min_amount_usd is not None:
        parts.append(f"amount >= ${rule.min_amount_usd:,.0f}")
    if rule.min_seniority:
        parts.append(f"seniority >= {rule.min_seniority}")
    if rule.functions:
        parts.append(f"function in [{', '.join(rule.functions)}]")
    if rule.changes:
        parts.append(f"change in [{', '.join(rule.changes)}]")
    if rule.min_open_roles is not None:
        parts.append(f"open roles >= {rule.min_open_roles}")
    return ", ".join(parts)
