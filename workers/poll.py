"""Polling: the leader schedules due sources on sources.poll; whoever holds the partition polls."""

from __future__ import annotations

import faust

from inmarket.polling import by_name, due_sources, poll_source
from signals.errors import SourceError
from workers import topics
from workers.pipeline import Pipeline, log, now_utc


def register(p: Pipeline) -> None:
    state = p.state

    @p.app.timer(interval=p.settings.poll_tick_seconds, on_leader=True)
    async def schedule_polls() -> None:
        state.reload_sources()
        now = now_utc()
        health = await state.store.source_health()
        for source in due_sources(state.all_sources(), health, now):
            last = state.scheduled.get(source.name)
            if last and (now - last).total_seconds() < source.poll_interval_seconds:
                continue
            state.scheduled[source.name] = now
            await p.topic(topics.SOURCES_POLL).send(
                key=source.name.encode(), value=source.name.encode()
            )

    @p.app.agent(p.topic(topics.SOURCES_POLL), name="poll", concurrency=2)
    async def poll(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            name = value.decode("utf-8", "replace")
            state.reload_sources()
            source = by_name(state.all_sources()).get(name)
            if source is None or not source.enabled:
                continue
            claimed = await state.store.claim_poll(
                name, now_utc(), source.poll_interval_seconds * 0.9
            )
            if not claimed:  # another worker, or a redelivered message, polled it already
                continue
            try:
                outcome = await poll_source(state.store, p.fetcher, source, now_utc())
            except SourceError as exc:
                await p.to_dlq("poll", name, str(exc), retriable=exc.retriable)
                continue
            except Exception as exc:  # a bug in one source type must not stop the others
                log.exception("poll of %s failed", name)
                await p.to_dlq("poll", name, f"{type(exc).__name__}: {exc}")
                continue
            for event in outcome.events:
                await p.send(topics.SIGNALS_RAW, event.id, event)
            for error in outcome.errors:
                await p.to_dlq("parse", name, str(error), retriable=error.retriable)
            log.info(
                "polled %s: %d signals, %d skipped items",
                name,
                len(outcome.events),
                len(outcome.errors),
            )
