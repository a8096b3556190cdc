"""Matching: signals.raw -> signals.matched (by account id) | signals.unmatched | signals.review."""

from __future__ import annotations

import faust

from workers import topics
from workers.batches import match_batch
from workers.pipeline import Pipeline, log


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
            await p.apply(await match_batch(state, batch))
