"""Warnings that mirror how ICPs fail in practice (pure; ``today`` is passed in).

- a dimension with no criteria (a firmographic-only ICP is the classic case)
- a stale ICP: last reviewed more than 12 months ago; a quarterly review is due after 3
- no owner
- coverage of the account universe outside 5-15%: too broad to filter, or too narrow
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from icp.accounts import Account
from icp.criteria import criteria_of
from icp.definition import IcpDefinition
from icp.fit import quick_fit

COVERAGE_RANGE = (0.05, 0.15)
STALE_DAYS = 365
QUARTER_DAYS = 92


@dataclass(frozen=True)
class IcpWarning:
    code: str  # "empty_dimension", "firmographic_only", "stale", "review_due", ...
    message: str


@dataclass(frozen=True)
class Coverage:
    accounts: int
    in_icp: int
    tiers: dict[str, int]

    @property
    def share(self) -> float | None:
        return self.in_icp / self.accounts if self.accounts else None


def definition_warnings(icp: IcpDefinition, *, today: date) -> list[IcpWarning]:
    """Warnings about the ICP file itself: empty dimensions, review age, owner."""
    warnings: list[IcpWarning] = []
    counts = {
        "firmographic": icp.firmographic.criteria_count(),
        "technographic": icp.technographic.criteria_count(),
        "behavioral": len(icp.behavioral),
        "situational": len(icp.situational),
    }
    empty = [name for name, count in counts.items() if count == 0]
    if counts["firmographic"] and len(empty) == 3:
        warnings.append(
            IcpWarning(
                "firmographic_only",
                "firmographic-only ICP: it says who could buy, not who buys now; add "
                "technographic, behavioral and situational criteria",
            )
        )
    for name in empty:
        warnings.append(IcpWarning("empty_dimension", f"the {name} dimension has no criteria"))
    if icp.last_reviewed is None:
        warnings.append(
            IcpWarning("never_reviewed", "no last_reviewed date: review it and set one")
        )
    else:
        age = (today - icp.last_reviewed).days
        if age > STALE_DAYS:
            warnings.append(
                IcpWarning(
                    "stale",
                    f"stale ICP: last reviewed {icp.last_reviewed.isoformat()}, {age} days ago "
                    "(more than 12 months); re-run the pressure test on recent deals",
                )
            )
        elif age > QUARTER_DAYS:
            warnings.append(
                IcpWarning(
                    "review_due",
                    f"quarterly review due: last reviewed {icp.last_reviewed.isoformat()}, "
                    f"{age} days ago",
                )
            )
        elif age < 0:
            warnings.append(
                IcpWarning("future_review", "last_reviewed is in the future; check the date")
            )
    if not icp.owner:
        warnings.append(IcpWarning("no_owner", "no owner: one person must own the ICP"))
    return warnings


def coverage(accounts: Iterable[Account], icp: IcpDefinition) -> Coverage:
    """How many accounts the ICP includes, and the tier counts."""
    criteria = criteria_of(icp)
    tiers = {"tier_1": 0, "tier_2": 0, "tier_3": 0, "out": 0}
    total = inside = 0
    for account in accounts:
        in_icp, _, tier = quick_fit(account, criteria, icp)
        total += 1
        inside += in_icp
        tiers[tier] += 1
    return Coverage(total, inside, tiers)


def coverage_warnings(cov: Coverage) -> list[IcpWarning]:
    """Warn when the ICP covers a share of the universe outside 5-15%."""
    share = cov.share
    if share is None:
        return [IcpWarning("no_universe", "no accounts: coverage cannot be measured")]
    low, high = COVERAGE_RANGE
    if share > high:
        return [
            IcpWarning(
                "too_broad",
                f"the ICP covers {share:.1%} of {cov.accounts} accounts (over {high:.0%}): "
                "too broad to filter",
            )
        ]
    if share < low:
        return [
            IcpWarning(
                "too_narrow",
                f"the ICP covers {share:.1%} of {cov.accounts} accounts (under {low:.0%}): "
                "too narrow",
            )
        ]
    return []
