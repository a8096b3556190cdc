"""The pressure test: does the ICP include the deals we won and exclude the deals we lost?

    won included  = won deals in the ICP / won deals      (target 80% by default)
    lost excluded = lost deals out of the ICP / lost deals (target 70% by default)
    verdict       = pass when both meet their targets; fail when either misses;
                    inconclusive when there are no won or no lost deals to measure

For each criterion: the won deals it wrongly excludes and the lost deals it rightly excludes
(a deal failing several required criteria counts for each; ``alone`` counts the deals this
criterion is the only one to exclude). Weighted criteria never exclude: for them the win rate
of deals that meet them against those that do not is given instead. The deals that break the
ICP (won but excluded, lost but included) are listed with the criteria that decided.
A rate is None, never 0 or 100, when there is nothing to measure it on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from icp.criteria import criteria_of
from icp.deals import Deal, DealsReadResult
from icp.definition import IcpDefinition

Verdict = Literal["pass", "fail", "inconclusive"]


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when ``whole`` is 0 (never a number computed from nothing)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class CriterionImpact:
    key: str
    label: str
    dimension: str
    required: bool
    weight: float
    won_excluded: int
    lost_excluded: int
    won_excluded_alone: int
    lost_excluded_alone: int
    met_won: int
    met_lost: int
    unmet_won: int
    unmet_lost: int

    @property
    def win_rate_met(self) -> float | None:
        return rate(self.met_won, self.met_won + self.met_lost)

    @property
    def win_rate_unmet(self) -> float | None:
        return rate(self.unmet_won, self.unmet_won + self.unmet_lost)


@dataclass(frozen=True)
class BrokenDeal:
    """A won deal the ICP excludes, or a lost deal it includes, and what decided."""

    line: int
    account: str
    won: bool
    close_date: date
    amount: float | None
    fit_score: float
    deciding: tuple[str, ...]


class TargetShares:
    """The two shares the pressure test judges, from the counts a result carries."""

    won: int
    lost: int
    won_included: int
    lost_excluded: int

    @property
    def won_included_rate(self) -> float | None:
        return rate(self.won_included, self.won)

    @property
    def lost_excluded_rate(self) -> float | None:
        return rate(self.lost_excluded, self.lost)


@dataclass(frozen=True)
class PressureResult(TargetShares):
    icp_name: str
    icp_version: str
    as_of: date
    window_months: int
    window_start: date | None
    won: int
    lost: int
    won_included: int
    lost_excluded: int
    won_included_target: float
    lost_excluded_target: float
    criteria: tuple[CriterionImpact, ...]
    broken: tuple[BrokenDeal, ...]
    verdict: Verdict
    verdict_reasons: tuple[str, ...]
    too_old: int = 0
    after_as_of: int = 0
    rejected: tuple[str, ...] = ()
    date_order: str = ""
    won_amount: float | None = None
    won_amount_included: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def confusion(self) -> dict[str, int]:
        """Counts of in/out of the ICP by won/lost."""
        return {
            "won_in": self.won_included,
            "won_out": self.won - self.won_included,
            "lost_in": self.lost - self.lost_excluded,
            "lost_out": self.lost_excluded,
        }

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data, rates included (None where not measurable)."""
        data = asdict(self)
        data["won_included_rate"] = self.won_included_rate
        data["lost_excluded_rate"] = self.lost_excluded_rate
        data["confusion"] = self.confusion
        for item, impact in zip(data["criteria"], self.criteria, strict=True):
            item["win_rate_met"] = impact.win_rate_met
            item["win_rate_unmet"] = impact.win_rate_unmet
        return data


def _verdict(
    won: int, lost: int, won_rate: float | None, lost_rate: float | None, icp: IcpDefinition
) -> tuple[Verdict, tuple[str, ...]]:
    targets = icp.pressure_test
    reasons: list[str] = []
    if not won:
        reasons.append("no won deals in the window: inclusion cannot be measured")
    if not lost:
        reasons.append("no lost deals in the window: exclusion cannot be measured")
    if reasons:
        return "inconclusive", tuple(reasons)
    assert won_rate is not None and lost_rate is not None
    ok = True
    for what, value, target in (
        ("won deals included", won_rate, targets.won_included_target),
        ("lost deals excluded", lost_rate, targets.lost_excluded_target),
    ):
        met = value >= target
        ok = ok and met
        verb = "meets" if met else "misses"
        reasons.append(f"{what} {value:.1%} {verb} the {target:.0%} target")
    return ("pass" if ok else "fail"), tuple(reasons)


def pressure_test(
    deals: Sequence[Deal],
    icp: IcpDefinition,
    *,
    as_of: date,
    read: DealsReadResult | None = None,
) -> PressureResult:
    """Run the ICP over closed deals (pure). ``read`` carries what the reader left out."""
    criteria = criteria_of(icp)
    n = len(criteria)
    won_ex = [0] * n
    lost_ex = [0] * n
    won_alone = [0] * n
    lost_alone = [0] * n
    met_won = [0] * n
    met_lost = [0] * n
    won = lost = won_in = lost_out = 0
    won_amount = won_amount_in = 0.0
    has_amount = False
    broken: list[BrokenDeal] = []
    for deal in deals:
        account = deal.account
        failing: list[int] = []
        earned = possible = 0.0
        for i, c in enumerate(criteria):
            share = c.test(account)
            if share is None:
                share = 1.0 if c.if_missing == "pass" else 0.0
            if share >= 1.0:
                if deal.won:
                    met_won[i] += 1
                else:
                    met_lost[i] += 1
            elif c.required:
                failing.append(i)
            if c.dimension != "behavioral":
                earned += c.weight * share
                possible += c.weight
        included = not failing
        if deal.won:
            won += 1
            won_in += included
            if deal.amount is not None:
                has_amount = True
                won_amount += deal.amount
                won_amount_in += deal.amount if included else 0.0
        else:
            lost += 1
            lost_out += not included
        for i in failing:
            if deal.won:
                won_ex[i] += 1
                won_alone[i] += len(failing) == 1
            else:
                lost_ex[i] += 1
                lost_alone[i] += len(failing) == 1
        if included != deal.won:
            deciding = tuple(criteria[i].label for i in failing) or ("meets every criterion",)
            broken.append(
                BrokenDeal(
                    deal.line,
                    account.name,
                    deal.won,
                    deal.close_date,
                    deal.amount,
                    round(100.0 * earned / possible, 1) if possible else 100.0,
                    deciding,
                )
            )
    impacts = tuple(
        CriterionImpact(
            key=c.key,
            label=c.label,
            dimension=c.dimension,
            required=c.required,
            weight=c.weight,
            won_excluded=won_ex[i],
            lost_excluded=lost_ex[i],
            won_excluded_alone=won_alone[i],
            lost_excluded_alone=lost_alone[i],
            met_won=met_won[i],
            met_lost=met_lost[i],
            unmet_won=won - met_won[i],
            unmet_lost=lost - met_lost[i],
        )
        for i, c in enumerate(criteria)
    )
    verdict, reasons = _verdict(won, lost, rate(won_in, won), rate(lost_out, lost), icp)
    notes = []
    if not criteria:
        notes.append("the ICP has no static criteria: every deal is included")
    return PressureResult(
        icp_name=icp.name,
        icp_version=icp.version,
        as_of=as_of,
        window_months=read.window_months if read else icp.pressure_test.window_months,
        window_start=read.window_start if read else None,
        won=won,
        lost=lost,
        won_included=won_in,
        lost_excluded=lost_out,
        won_included_target=icp.pressure_test.won_included_target,
        lost_excluded_target=icp.pressure_test.lost_excluded_target,
        criteria=impacts,
        broken=tuple(sorted(broken, key=lambda b: (not b.won, b.line))),
        verdict=verdict,
        verdict_reasons=reasons,
        too_old=read.too_old if read else 0,
        after_as_of=read.after_as_of if read else 0,
        rejected=tuple(str(r) for r in read.rejected) if read else (),
        date_order=read.date_order_reason if read else "",
        won_amount=won_amount if has_amount else None,
        won_amount_included=won_amount_in if has_amount else None,
        notes=tuple(notes),
    )
