"""Scoring: signals.matched -> accounts.rescored and alerts.in_market; follows the ICP file."""

from __future__ import annotations

from pathlib import Path

import faust

from icp.definition import IcpError
from inmarket.icp_sync import read_icp, sync_icp
from workers import topics
from workers.batches import outbox_effects, score_batch
from workers.pipeline import Pipeline, log


def register(p: Pipeline) -> None:
    state = p.state

    @p.app.task
    async def flush_outbox() -> None:
        """Publish what an earlier run stored but the broker never acknowledged."""
        events, alerts = await state.store.unpublished()
        if events or alerts:
            log.info("outbox: re-sending %d scores and %d alerts", len(events), len(alerts))
            await p.apply(outbox_effects(events, alerts))

    @p.app.timer(interval=10.0)
    async def watch_icp() -> None:
        try:
            icp, digest = read_icp(Path(p.settings.icp_file))
        except (IcpError, OSError) as exc:
            log.error("ICP file ignored, keeping version %s: %s", state.icp.version, exc)
            return
        if digest == state.icp_hash:
            return
        state.icp, state.icp_hash = icp, digest
        if p.app.is_leader():
            result = await sync_icp(state.store, icp, digest)
            log.info(result.summary())

    if p.settings.hot_path != "faust":
        return  # workers.hotpath consumes signals.matched

    @p.app.agent(p.topic(topics.SIGNALS_MATCHED), name="score")
    async def score(stream: faust.StreamT[bytes]) -> None:
        async for batch in stream.take(p.settings.batch_size, within=p.settings.batch_seconds):
            await p.apply(await score_batch(state, batch))
