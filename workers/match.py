"""Matching: signals.raw -> signals.matched (by account id) | signals.unmatched | signals.review."""

from __future__ import annotations

from dataclasses import dataclass

import faust
from pydantic import BaseModel

from signals.events import MatchedSignal, SignalEvent, UnmatchedSignal
from workers import topics
from workers.pipeline import Pipeline, log
from workers.state import PipelineState


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


def register(p: Pipeline) -> None:
    state = p.state

    @p.app.timer(interval=5.0)
    async def refresh_index() -> None:
        count = await state.refresh_accounts()
        if count:
            log.info("match index: %d accounts changed", count)

    if p.settings.hot_path != "faust":
        return  # workers.hotpath consumes signals.raw

    @p.app.agent(p.topic(topics.SIGNALS_RAW), name="match")
    async def match(stream: faust.StreamT[bytes]) -> None:
        async for batch in stream.take(p.settings.batch_size, within=p.settings.batch_seconds):
            events = await p.decode("match", topics.SIGNALS_RAW, batch, SignalEvent)
            await state.store.record_signals(events)
            for event in events:
                try:
                    routed = route_signal(state, event)
                except Exception as exc:  # the matcher must never stop the stream
                    error = f"{type(exc).__name__}: {exc}"
                    await p.to_dlq("match", event.id, error, event.model_dump_json())
                    continue
                await p.send(routed.topic, routed.key, routed.record)
