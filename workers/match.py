"""Matching: signals.raw -> signals.matched (by account id) | signals.unmatched | signals.review."""

from __future__ import annotations

import faust

from signals.events import MatchedSignal, SignalEvent, UnmatchedSignal
from workers import topics
from workers.pipeline import Pipeline, log


def register(p: Pipeline) -> None:
    state = p.state

    @p.app.timer(interval=5.0)
    async def refresh_index() -> None:
        count = await state.refresh_accounts()
        if count:
            log.info("match index: %d accounts changed", count)

    async def route(event: SignalEvent) -> None:
        try:
            result = state.index.match(event)
        except Exception as exc:  # the matcher must never stop the stream
            await p.to_dlq(
                "match", event.id, f"{type(exc).__name__}: {exc}", event.model_dump_json()
            )
            return
        if result.account_id is None:
            target = topics.SIGNALS_REVIEW if result.candidates else topics.SIGNALS_UNMATCHED
            unmatched = UnmatchedSignal(
                signal=event, reason=result.reason, candidates=result.candidates
            )
            await p.send(target, event.id, unmatched)
            return
        if result.account_id not in state.in_icp or result.method is None:
            outside = UnmatchedSignal(
                signal=event,
                reason=f"matched account {result.account_id}, which is outside the ICP",
            )
            await p.send(topics.SIGNALS_UNMATCHED, event.id, outside)
            return
        matched = MatchedSignal(
            account_id=result.account_id,
            signal=event,
            method=result.method,
            confidence=result.confidence,
        )
        await p.send(topics.SIGNALS_MATCHED, result.account_id, matched)

    @p.app.agent(p.topic(topics.SIGNALS_RAW), name="match")
    async def match(stream: faust.StreamT[bytes]) -> None:
        async for batch in stream.take(p.settings.batch_size, within=p.settings.batch_seconds):
            events = await p.decode("match", topics.SIGNALS_RAW, batch, SignalEvent)
            await state.store.record_signals(events)
            for event in events:
                await route(event)
