"""Static fit: does an account pass the firmographic and technographic filters, and how well."""

from __future__ import annotations

from dataclasses import dataclass

from icp.accounts import Account
from icp.definition import IcpDefinition


@dataclass(frozen=True)
class FitResult:
    """``in_icp`` is the filter verdict; ``score`` 0-100 ranks accounts that pass."""

    in_icp: bool
    score: float
    tier: str
    reasons: tuple[str, ...]


def _fold(values: tuple[str, ...]) -> set[str]:
    return {v.strip().casefold() for v in values if v.strip()}


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


def evaluate_fit(account: Account, icp: IcpDefinition) -> FitResult:
    """Check every criterion; a failed filter puts the account out, met criteria add points.

    Each criterion that is set is worth equal points; preferred technologies share one
    criterion's worth. Reasons name each criterion met or missed.
    """
    firmo, techno = icp.firmographic, icp.technographic
    reasons: list[str] = []
    passed = True
    earned = 0.0
    possible = 0.0

    def check(ok: bool | None, label: str) -> None:
        nonlocal passed, earned, possible
        possible += 1
        if ok:
            earned += 1
            reasons.append(f"meets {label}")
        else:
            passed = False
            reasons.append(f"misses {label}" if ok is False else f"unknown {label}")

    if firmo.industries:
        industry = (account.industry or "").casefold()
        check(industry in _fold(firmo.industries) if industry else None, "industry")
    if firmo.employees is not None:
        emp = account.employees
        check(firmo.employees.contains(emp) if emp is not None else None, "employee range")
    if firmo.annual_revenue is not None:
        rev = account.annual_revenue
        check(firmo.annual_revenue.contains(rev) if rev is not None else None, "revenue range")
    if firmo.countries:
        country = (account.country or "").casefold()
        check(country in _fold(firmo.countries) if country else None, "country")
    stack = _fold(account.technologies)
    if techno.required:
        missing = sorted(_fold(techno.required) - stack)
        check(
            not missing,
            "required technologies" + (f" (lacks {', '.join(missing)})" if missing else ""),
        )
    if techno.excluded:
        present = sorted(_fold(techno.excluded) & stack)
        check(
            not present,
            "no excluded technology" + (f" (uses {', '.join(present)})" if present else ""),
        )
    if techno.preferred:
        wanted = _fold(techno.preferred)
        share = len(wanted & stack) / len(wanted)
        possible += 1
        earned += share
        reasons.append(f"uses {len(wanted & stack)} of {len(wanted)} preferred technologies")
    score = round(100.0 * earned / possible, 1) if possible else 100.0
    return FitResult(
        in_icp=passed, score=score, tier=tier_for(score, passed, icp), reasons=tuple(reasons)
    )
