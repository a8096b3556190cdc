"""Read-side helpers for the CLI: stored accounts scored against the current ICP file.

The ICP file is the truth: stored fit verdicts may predate an edit, so these views
re-evaluate each account with the ICP given, in batches, with the stored signals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from icp.checks import Coverage, coverage
from icp.definition import IcpDefinition
from icp.export import ScoredAccount
from icp.fit import evaluate_fit
from icp.scoring import AccountSignal, score_account
from inmarket.rescore import LOOKBACK
from inmarket.settings import Settings
from inmarket.store.db import Store, StoredAccount


async def open_store(settings: Settings) -> Store:
    store = Store.open(settings.resolved_database_url())
    await store.migrate()
    return store


async def stored_coverage(store: Store, icp: IcpDefinition) -> Coverage:
    """Coverage of all stored accounts under ``icp``, summed batch by batch."""
    total = inside = 0
    tiers = {"tier_1": 0, "tier_2": 0, "tier_3": 0, "out": 0}
    async for batch in store.iter_accounts():
        part = coverage((s.account for s in batch), icp)
        total += part.accounts
        inside += part.in_icp
        for tier, count in part.tiers.items():
            tiers[tier] = tiers.get(tier, 0) + count
    return Coverage(total, inside, tiers)


async def stored_signals(store: Store, account_id: str, now: datetime) -> list[AccountSignal]:
    found = await store.account_signals([account_id], since=now - LOOKBACK)
    return found.get(account_id, [])


async def scored_accounts(
    store: Store, icp: IcpDefinition, now: datetime
) -> AsyncIterator[list[ScoredAccount]]:
    """Every stored account with its fit and in-market score under ``icp`` at ``now``."""
    batch: list[StoredAccount]
    async for batch in store.iter_accounts():
        ids = [s.account.id for s in batch]
        history = await store.account_signals(ids, since=now - LOOKBACK)
        items = []
        for stored in batch:
            fit = evaluate_fit(stored.account, icp)
            score = score_account(fit, history.get(stored.account.id, []), icp, now)
            items.append(ScoredAccount(stored.account, fit, score))
        yield items
