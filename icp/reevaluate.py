"""Re-evaluating every account under a new ICP version, and the change in tier counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from icp.accounts import Account
from icp.criteria import criteria_of
from icp.definition import IcpDefinition
from icp.fit import TIERS, quick_fit


@dataclass(frozen=True)
class TierChange:
    """Tier counts before and after, and how many accounts moved between each pair."""

    old_version: str
    new_version: str
    accounts: int
    before: dict[str, int]
    after: dict[str, int]
    moves: dict[tuple[str, str], int]  # (old tier, new tier) -> accounts, changes only
    entered_icp: int
    left_icp: int

    @property
    def changed(self) -> int:
        return sum(self.moves.values())

    def render(self) -> str:
        """Plain-text summary: one line per tier with before, after and difference."""
        lines = [
            f"ICP {self.old_version} -> {self.new_version}: {self.accounts} accounts, "
            f"{self.changed} changed tier, {self.entered_icp} entered and "
            f"{self.left_icp} left the ICP"
        ]
        for tier in TIERS:
            b, a = self.before.get(tier, 0), self.after.get(tier, 0)
            lines.append(f"  {tier:<7} {b:>9} -> {a:>9}  ({a - b:+d})")
        for (old, new), count in sorted(self.moves.items(), key=lambda m: -m[1]):
            lines.append(f"  {old} -> {new}: {count}")
        return "\n".join(lines)


def reevaluate(
    accounts: Iterable[Account], old_icp: IcpDefinition, new_icp: IcpDefinition
) -> TierChange:
    """Evaluate every account under both versions (pure); criteria are compiled once each."""
    old_criteria, new_criteria = criteria_of(old_icp), criteria_of(new_icp)
    pairs: Counter[tuple[str, str]] = Counter()
    entered = left = total = 0
    for account in accounts:
        old_in, _, old_tier = quick_fit(account, old_criteria, old_icp)
        new_in, _, new_tier = quick_fit(account, new_criteria, new_icp)
        pairs[(old_tier, new_tier)] += 1
        entered += new_in and not old_in
        left += old_in and not new_in
        total += 1
    before = dict.fromkeys(TIERS, 0)
    after = dict.fromkeys(TIERS, 0)
    for (old, new), count in pairs.items():
        before[old] += count
        after[new] += count
    moves = {pair: count for pair, count in pairs.items() if pair[0] != pair[1]}
    return TierChange(old_icp.version, new_icp.version, total, before, after, moves, entered, left)
