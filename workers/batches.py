"""The match and score steps over one batch of records, as plain functions.

Both ways of consuming call them: the Faust agents (:mod:`workers.match`,
:mod:`workers.score`) and the aiokafka batch consumer (:mod:`workers.hotpath`). Each step
decodes (invalid payloads become dead letters saying why), calls into ``signals/``,
``icp/`` or ``inmarket/``, and returns every record to send as :class:`BatchEffects`; the
caller sends them, waits for the acks, then marks the outbox published.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from inmarket.rescore import rescore
from signals.events import (
    InMarketAlert,
    MatchedSignal,
    RescoreEvent,
    SignalEvent,
    UnmatchedSignal,
)
from workers import topics
from workers.pipeline import dead_letter, first_error, now_utc
from workers.state import PipelineState

log = logging.getLogger("inmarket.workers")
R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Routed:
    """Where one signal goes: a topic, the record's key and the record."""

    topic: str
    key: str
    record: BaseModel


def route_signal(state: PipelineState, event: SignalEvent) -> Routed:
    """Match ``event`` against the index: matched (keyed by account id), review (ambiguous)
    or unmatched (keyed by signal id). Pure over ``state``; raises what the matcher raises."""
    result = state.index.match(event)
    if result.account_id is None:
        target = topics.SIGNALS_REVIEW if result.candidates else topics.SIGNALS_UNMATCHED
        unmatched = UnmatchedSignal(
            signal=event, reason=result.reason, candidates=result.candidates
        )
        return Routed(target, event.id, unmatched)
    if result.account_id not in state.in_icp or result.method is None:
        outside = UnmatchedSignal(
            signal=event,
            reason=f"matched account {result.account_id}, which is outside the ICP",
        )
        return Routed(topics.SIGNALS_UNMATCHED, event.id, outside)
    matched = MatchedSignal(
        account_id=result.account_id,
        signal=event,
        method=result.method,
        confidence=result.confidence,
    )
    return Routed(topics.SIGNALS_MATCHED, result.account_id, matched)


@dataclass(frozen=True)
class Outgoing:
    """One record to produce: topic, key and JSON value, all already encoded."""

    topic: str
    key: bytes
    value: bytes


@dataclass(frozen=True)
class BatchEffects:
    """What one batch produced: records to send and the outbox entries they publish."""

    outgoing: list[Outgoing]
    events: Sequence[RescoreEvent] = ()
    alerts: Sequence[InMarketAlert] = ()


def decode(
    stage: str, topic: str, values: Sequence[bytes | None], model: type[R]
) -> tuple[list[R], list[Outgoing]]:
    """Parse JSON values as ``model``; each invalid one becomes a dead letter saying why."""
    records: list[R] = []
    letters: list[Outgoing] = []
    for value in values:
        try:
            if value is None:
                raise ValueError("empty value")
            records.append(model.model_validate_json(value))
        except ValidationError as exc:
            letters.append(_letter(stage, topic, first_error(exc), value))
        except ValueError as exc:
            letters.append(_letter(stage, topic, f"invalid payload: {exc}", value))
    return records, letters


def _letter(stage: str, source: str, error: str, payload: Any) -> Outgoing:
    log.warning("dead letter [%s] %s: %s", stage, source, error)
    return Outgoing(topics.SIGNALS_DLQ, source.encode(), dead_letter(stage, source, error, payload))


async def match_batch(state: PipelineState, values: Sequence[bytes | None]) -> BatchEffects:
    """signals.raw values -> records for signals.matched / unmatched / review / dlq.

    Remembers the signals in the store first (as the agent does)."""
    events, outgoing = decode("match", topics.SIGNALS_RAW, values, SignalEvent)
    await state.store.record_signals(events)
    for event in events:
        try:
            routed = route_signal(state, event)
        except Exception as exc:  # the matcher must never stop the stream
            error = f"{type(exc).__name__}: {exc}"
            outgoing.append(_letter("match", event.id, error, event.model_dump_json()))
            continue
        value = routed.record.model_dump_json().encode()
        outgoing.append(Outgoing(routed.topic, routed.key.encode(), value))
    return BatchEffects(outgoing)


async def score_batch(state: PipelineState, values: Sequence[bytes | None]) -> BatchEffects:
    """signals.matched values -> rescored events and alerts (stored in the outbox first)."""
    matched, outgoing = decode("score", topics.SIGNALS_MATCHED, values, MatchedSignal)
    if not matched:
        return BatchEffects(outgoing)
    outcome = await rescore(state.store, state.icp, matched, now_utc())
    if outcome.alerts:
        log.info("in market: %s", ", ".join(a.account_name for a in outcome.alerts))
    published = outbox_effects(outcome.events, outcome.alerts)
    return BatchEffects(outgoing + published.outgoing, published.events, published.alerts)


def outbox_effects(events: Sequence[RescoreEvent], alerts: Sequence[InMarketAlert]) -> BatchEffects:
    """The records that publish stored scores and alerts (keyed by account id)."""
    outgoing = [
        Outgoing(topics.ACCOUNTS_RESCORED, e.account_id.encode(), e.model_dump_json().encode())
        for e in events
    ]
    outgoing += [
        Outgoing(topics.ALERTS_IN_MARKET, a.account_id.encode(), a.model_dump_json().encode())
        for a in alerts
    ]
    return BatchEffects(outgoing, events, alerts)
