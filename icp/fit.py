"""Static fit: does an account pass the ICP's required criteria, and how well does it fit.

    fit score  = 100 * sum(weight * share met) / sum(weight)   over firmographic and
                 technographic criteria (100 when there are none)
    behavioral = the same over behavioral criteria (None when there are none)
    in_icp     = every required criterion, of any dimension, is met
    tier       = tier_1 / tier_2 / tier_3 by the fit score's band, "out" when not in the ICP
                 or below tier_3

"share met" is 1 or 0, except for preferred technologies (the share of them present). A
missing value counts as not met unless the criterion says ``if_missing = "pass"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from icp.accounts import Account
from icp.criteria import CompiledCriterion, criteria_of
from icp.definition import IcpDefinition

TIERS = ("tier_1", "tier_2", "tier_3", "out")


@dataclass(frozen=True)
class CriterionOutcome:
    """How one account fared on one criterion; ``met`` is None when the value was missing."""

    key: str
    dimension: str
    label: str
    required: bool
    weight: float
    share: float
    met: bool | None
    note: str

    @property
    def excludes(self) -> bool:
        """This required criterion keeps the account out of the ICP."""
        return self.required and self.share < 1.0

    def reason(self) -> str:
        kind = "required" if self.required else f"weight {self.weight:g}"
        if self.met is None:
            verdict = "unknown" if self.share < 1.0 else "unknown (passes)"
        elif self.share >= 1.0:
            verdict = "meets"
        elif self.share > 0:
            verdict = "partly meets"
        else:
            verdict = "misses"
        return f"{verdict} {self.label} ({self.note}; {kind})"


@dataclass(frozen=True)
class FitResult:
    """``in_icp`` is the filter verdict; ``score`` 0-100 ranks accounts that pass."""

    in_icp: bool
    score: float
    tier: str
    reasons: tuple[str, ...]
    behavioral: float | None = None
    outcomes: tuple[CriterionOutcome, ...] = ()

    @property
    def deciding(self) -> tuple[CriterionOutcome, ...]:
        """The required criteria that keep the account out (empty when in the ICP)."""
        return tuple(o for o in self.outcomes if o.excludes)


def tier_for(score: float, in_icp: bool, icp: IcpDefinition) -> str:
    """ABM tier from the configured bands; ``out`` for accounts outside the ICP."""
    bands = icp.scoring.tiers
    if not in_icp:
        return "out"
    if score >= bands.tier_1:
        return "tier_1"
    if score >= bands.tier_2:
        return "tier_2"
    if score >= bands.tier_3:
        return "tier_3"
    return "out"


def _ratio(earned: float, possible: float) -> float:
    return round(100.0 * earned / possible, 1) if possible else 100.0


def evaluate_fit(account: Account, icp: IcpDefinition) -> FitResult:
    """Check every criterion; reasons name each criterion met or missed, with the value."""
    outcomes: list[CriterionOutcome] = []
    earned = possible = b_earned = b_possible = 0.0
    passed = True
    for c in criteria_of(icp):
        share, met = c.outcome(account)
        outcome = CriterionOutcome(
            c.key,
            c.dimension,
            c.label,
            c.required,
            c.weight,
            share,
            met,
            c.note(account) if c.note else "",
        )
        outcomes.append(outcome)
        if outcome.excludes:
            passed = False
        if c.dimension == "behavioral":
            b_earned += c.weight * share
            b_possible += c.weight
        else:
            earned += c.weight * share
            possible += c.weight
    score = _ratio(earned, possible)
    return FitResult(
        in_icp=passed,
        score=score,
        tier=tier_for(score, passed, icp),
        reasons=tuple(o.reason() for o in outcomes),
        behavioral=_ratio(b_earned, b_possible) if b_possible else None,
        outcomes=tuple(outcomes),
    )


def quick_fit(
    account: Account, criteria: tuple[CompiledCriterion, ...], icp: IcpDefinition
) -> tuple[bool, float, str]:
    """(in_icp, score, tier) without reasons: the same verdict as :func:`evaluate_fit`, faster."""
    earned = possible = 0.0
    passed = True
    for c in criteria:
        share = c.test(account)
        if share is None:
            share = 1.0 if c.if_missing == "pass" else 0.0
        if c.required and share < 1.0:
            passed = False
        if c.dimension != "behavioral":
            earned += c.weight * share
            possible += c.weight
    score = _ratio(earned, possible)
    return passed, score, tier_for(score, passed, icp)
