"""Keep stored fits in step with the ICP file: re-evaluate every account when it changes."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from icp.accounts import Account
from icp.criteria import CompiledCriterion, criteria_of
from icp.definition import IcpDefinition, parse_icp
from icp.fit import FitResult, quick_fit
from inmarket.store.db import Store


@dataclass(frozen=True)
class IcpSync:
    """What applying an ICP file did. ``changed`` is False when it was already applied."""

    version: str
    changed: bool
    before: dict[str, int]
    after: dict[str, int]

    def summary(self) -> str:
        if not self.changed:
            return f"ICP {self.version} already applied"
        tiers = sorted(set(self.before) | set(self.after))
        moves = ", ".join(f"{t} {self.before.get(t, 0)}->{self.after.get(t, 0)}" for t in tiers)
        return f"ICP {self.version} applied; tiers: {moves or 'no accounts'}"


def verdict(
    account: Account, criteria: tuple[CompiledCriterion, ...], icp: IcpDefinition
) -> FitResult:
    """The stored part of a fit: in the ICP or not, score, tier. Reasons are computed
    when read (rescoring, explain, export), which keeps re-evaluating a million accounts
    within a minute."""
    in_icp, score, tier = quick_fit(account, criteria, icp)
    return FitResult(in_icp=in_icp, score=score, tier=tier, reasons=())


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_icp(path: Path) -> tuple[IcpDefinition, str]:
    """Parse the ICP file; returns it with the hash of its content. IcpError when invalid."""
    from icp.definition import load_icp

    icp = load_icp(path)
    return icp, content_hash(path.read_text(encoding="utf-8"))


async def sync_icp(store: Store, icp: IcpDefinition, digest: str) -> IcpSync:
    """Re-evaluate all accounts if ``digest`` differs from the applied ICP; report tier moves."""
    state = await store.icp_state()
    if state is not None and state[1] == digest:
        return IcpSync(icp.version, False, {}, {})
    before = await store.tier_counts()
    after: Counter[str] = Counter()
    criteria = criteria_of(icp)
    async for batch in store.iter_accounts():
        fits = [(s, verdict(s.account, criteria, icp)) for s in batch]
        after.update(fit.tier for _, fit in fits)
        # Only verdicts that moved are written (and bump the revision the matchers follow);
        # the applied version is recorded once, in the ICP state.
        changed = [
            (s.account.id, fit)
            for s, fit in fits
            if (fit.in_icp, fit.score, fit.tier) != (s.fit.in_icp, s.fit.score, s.fit.tier)
        ]
        if changed:
            await store.update_fits(changed, icp.version)
    await store.set_icp_state(icp.version, digest)
    return IcpSync(icp.version, True, before, dict(after))


__all__ = ["IcpSync", "content_hash", "parse_icp", "read_icp", "sync_icp"]
