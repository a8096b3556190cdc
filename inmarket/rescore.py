"""Rescoring: matched signals in, rescored events and in-market alerts out.

An account in market after new signals raises an alert whose ``reason`` says why
(``crossed`` into in-market, ``tier_rise``, or a ``new_signal`` while in market); the
notify side's noise control decides whether a person hears about it.

A plain async function over the store, so it is tested without a broker and the score
worker is one line around it. Idempotent under redelivery: a signal already attached to
an account changes nothing, and alert ids are deterministic.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from icp.definition import IcpDefinition
from icp.fit import evaluate_fit
from icp.scoring import score_account
from inmarket.notify.render import tier_rank
from inmarket.store.db import PreviousScore, Store
from signals.events import InMarketAlert, MatchedSignal, RescoreEvent
from signals.ids import fingerprint

# Signals older than this add (almost) nothing after decay and are not loaded.
LOOKBACK = timedelta(days=365)


@dataclass(frozen=True)
class RescoreOutcome:
    events: list[RescoreEvent]
    alerts: list[InMarketAlert]
    duplicates: int


def alert_id_for(account_id: str, signal_ids: Sequence[str], icp_version: str) -> str:
    """Deterministic: the same account, signals and ICP version give the same id."""
    return fingerprint("alert", account_id, icp_version, *sorted(signal_ids))


def _alert_reason(
    before: PreviousScore | None, tier: str
) -> Literal["crossed", "tier_rise", "new_signal"]:
    if before is None or not before.in_market:
        return "crossed"
    if tier_rank(tier) > tier_rank(before.tier):
        return "tier_rise"
    return "new_signal"


async def rescore(
    store: Store, icp: IcpDefinition, matched: Sequence[MatchedSignal], now: datetime
) -> RescoreOutcome:
    """Attach new signals, rescore the accounts they touch, store scores and alerts.

    Returns the events to publish; they are stored unpublished first (the outbox), so a
    crash before the broker acknowledges them loses nothing (see Store.unpublished).
    """
    fresh = await store.add_account_signals(matched)
    duplicates = len(matched) - len(fresh)
    if not fresh:
        return RescoreOutcome([], [], duplicates)
    account_ids = sorted({m.account_id for m in fresh})
    # Three independent reads, each on its own connection: the database works on one
    # while this process builds records from another.
    accounts, history, previous = await asyncio.gather(
        store.accounts_by_id(account_ids),
        store.account_signals(account_ids, since=now - LOOKBACK),
        store.previous_scores(account_ids),
    )
    events: list[RescoreEvent] = []
    alerts: list[InMarketAlert] = []
    for account_id in account_ids:
        stored = accounts.get(account_id)
        if stored is None:
            continue  # deleted since it was matched; its signals stay attached
        # The fit is evaluated afresh (reasons included): the store keeps only the verdict.
        fit = evaluate_fit(stored.account, icp)
        result = score_account(fit, history.get(account_id, []), icp, now)
        before = previous.get(account_id)
        tier = fit.tier
        event = RescoreEvent(
            account_id=account_id,
            account_name=stored.account.name,
            account_domain=stored.account.domain,
            icp_version=icp.version,
            in_icp=fit.in_icp,
            fit_score=fit.score,
            previous_score=before.score if before else None,
            score=result.score,
            previous_tier=before.tier if before else None,
            tier=tier,
            in_market=result.in_market,
            signal_ids=tuple(c.signal_id for c in result.contributions),
            contributions=result.contributions,
            reasons=fit.reasons,
            scored_at=now,
        )
        events.append(event)
        if result.in_market:
            alerts.append(
                InMarketAlert(
                    alert_id=alert_id_for(account_id, event.signal_ids, icp.version),
                    account_id=account_id,
                    account_name=stored.account.name,
                    account_domain=stored.account.domain,
                    owner_email=stored.account.owner_email,
                    owner_slack_id=stored.account.owner_slack_id,
                    icp_version=icp.version,
                    fit_score=fit.score,
                    previous_score=event.previous_score,
                    score=result.score,
                    tier=tier,
                    previous_tier=event.previous_tier,
                    why_now=result.contributions,
                    fit_reasons=tuple(r for r in fit.reasons if r.startswith("meets")),
                    created_at=now,
                    reason=_alert_reason(before, tier),
                )
            )
    await store.save_scores(events, alerts)
    return RescoreOutcome(events, alerts, duplicates)
