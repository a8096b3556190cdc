"""The wiring every agent module shares: topics, state, clients, dead letters, publishing."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import faust
import httpx
from pydantic import BaseModel, ValidationError

from inmarket.settings import Settings
from signals.events import DeadLetter
from signals.fetch import Fetcher
from workers import topics
from workers.state import PipelineState

if TYPE_CHECKING:
    from workers.batches import BatchEffects

log = logging.getLogger("inmarket.workers")

PAYLOAD_LIMIT = 4000  # characters of an offending payload kept in a dead letter


def now_utc() -> datetime:
    return datetime.now(UTC)


def first_error(exc: ValidationError) -> str:
    """One line naming the first invalid field of a payload."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "payload"
    return f"invalid payload: {where}: {err['msg']}"


def dead_letter(
    stage: str, source: str, error: str, payload: Any = None, *, retriable: bool = False
) -> bytes:
    text = None
    if payload is not None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
        text = text[:PAYLOAD_LIMIT]
    letter = DeadLetter(
        stage=stage,
        source=source,
        error=error[:2000],
        retriable=retriable,
        payload=text,
        occurred_at=now_utc(),
    )
    return letter.model_dump_json().encode()


@dataclass
class Pipeline:
    """Handed to each agent module's ``register``; owns nothing an agent must close."""

    app: faust.App
    settings: Settings
    state: PipelineState
    http: httpx.AsyncClient
    fetcher: Fetcher
    topics: dict[str, faust.TopicT]

    def topic(self, name: str) -> faust.TopicT:
        return self.topics[name]

    async def send(self, name: str, key: str, record: BaseModel) -> Awaitable[Any]:
        """Buffer ``record`` as JSON on topic ``name``; await the result for the broker's ack."""
        return await self.topics[name].send(
            key=key.encode(), value=record.model_dump_json().encode()
        )

    async def to_dlq(
        self, stage: str, source: str, error: str, payload: Any = None, *, retriable: bool = False
    ) -> None:
        log.warning("dead letter [%s] %s: %s", stage, source, error)
        await self.topics[topics.SIGNALS_DLQ].send(
            key=source.encode(),
            value=dead_letter(stage, source, error, payload, retriable=retriable),
        )

    async def apply(self, effects: BatchEffects) -> None:
        """Send a batch's records, wait until the broker acknowledged all of them, then
        mark the scores and alerts they publish as published (the outbox)."""
        futures = [
            await self.topics[o.topic].send(key=o.key, value=o.value) for o in effects.outgoing
        ]
        for future in futures:
            await future
        if effects.events or effects.alerts:
            await self.state.store.mark_published(effects.events, effects.alerts)
