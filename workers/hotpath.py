"""The match + score hot path over aiokafka: whole batches, one commit per batch.

A Faust agent spends ~200 us an event in its stream machinery (DESIGN.md, "The embedded
broker"), far below what the broker and the plain functions can do. This path reads
signals.raw and signals.matched with ``getmany`` in one consumer group
(``<worker_id>-hot``) and, per batch:

1. decodes (invalid payloads go to signals.dlq with why),
2. runs the same plain functions as the Faust agents: ``store.record_signals`` and
   :func:`workers.batches.route_signal` for signals.raw, :func:`inmarket.rescore.rescore`
   for signals.matched (which stores scores and alerts unpublished: the outbox),
3. sends every output without awaiting each, then waits for all the acks,
4. marks the outbox published, then commits the batch's offsets.

Committing last makes it at-least-once: a crash anywhere redelivers the batch, and every
effect is idempotent (signals keyed by id, attachments by (account, signal), alert ids
deterministic), so a redelivered batch re-sends but never double-counts. Keys are those of
the agents: matched, rescored and alerts by account id; unmatched and review by signal id.

:class:`HotPath` is a mode Service: the Faust app starts it as a runtime dependency and
stops it (finishing the batch in flight) before the store closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from mode import Service

from inmarket.settings import Settings
from workers import topics
from workers.batches import BatchEffects, Outgoing, match_batch, score_batch
from workers.state import PipelineState

log = logging.getLogger("inmarket.workers")

HOT_TOPICS = (topics.SIGNALS_RAW, topics.SIGNALS_MATCHED)
STOP_TIMEOUT = 60.0  # seconds a stop waits for the batch in flight


def bootstrap_servers(broker_url: str) -> str:
    """``kafka://h1:9092;h2:9092`` (Faust's form) or ``h1:9092,h2:9092`` -> ``h1:9092,h2:9092``."""
    parts = broker_url.replace(";", ",").split(",")
    return ",".join(part.strip().split("://")[-1] for part in parts if part.strip())


class _FinishBatchOnRevoke(ConsumerRebalanceListener):
    """Holds a rebalance until the batch in flight has stored, sent and committed."""

    def __init__(self, batch_lock: asyncio.Lock):
        self._batch_lock = batch_lock

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._batch_lock:
            pass  # every batch commits before it releases the lock: nothing is left to do

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        log.info("hot path: %d partitions assigned", len(assigned))


class HotPath(Service):
    """Consumes signals.raw and signals.matched in batches until stopped.

    Started by the Faust app (``add_runtime_dependency``); ``stop()`` lets the batch in
    flight finish (store, acks, commit) and then closes the consumer and the producer.
    An unexpected error (the database gone, say) crashes the worker without committing,
    so the batch is redelivered after the restart.
    """

    def __init__(
        self, settings: Settings, state: PipelineState, bootstrap: str, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.pipeline = state
        self.bootstrap = bootstrap
        self.group_id = f"{settings.worker_id}-hot"
        self._batch_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None

    async def on_start(self) -> None:
        session_ms = int(self.settings.session_timeout_seconds * 1000)
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap,
            acks="all",  # no idempotent producer on every broker: at-least-once
            max_batch_size=512 * 1024,
        )
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=session_ms,
            heartbeat_interval_ms=max(1000, session_ms // 5),
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        await self._producer.start()
        await self._consumer.start()
        self._consumer.subscribe(list(HOT_TOPICS), listener=_FinishBatchOnRevoke(self._batch_lock))
        self._loop_task = asyncio.create_task(self._consume(), name="hot-path")
        log.info("hot path: consuming %s as group %s", ", ".join(HOT_TOPICS), self.group_id)

    async def on_stop(self) -> None:
        self._stopping.set()
        if self._loop_task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._loop_task), STOP_TIMEOUT)
            except TimeoutError:
                log.error("hot path: the batch in flight did not finish; it will be redelivered")
                self._loop_task.cancel()
            except Exception:  # already reported by _consume
                pass
        if self._consumer is not None:
            await self._consumer.stop()
        if self._producer is not None:
            await self._producer.stop()

    async def _consume(self) -> None:
        consumer = self._consumer
        assert consumer is not None
        try:
            while not self._stopping.is_set():
                batch = await consumer.getmany(
                    timeout_ms=200, max_records=self.settings.hot_batch_size
                )
                if batch:
                    async with self._batch_lock:
                        await self._process(consumer, batch)
        except Exception as exc:
            log.exception("hot path crashed; uncommitted records will be redelivered")
            await self.crash(exc)
            raise

    async def _process(
        self, consumer: AIOKafkaConsumer, batch: dict[TopicPartition, list[Any]]
    ) -> None:
        assigned = consumer.assignment()
        mine = {tp: records for tp, records in batch.items() if tp in assigned and records}
        raw = [r.value for tp, rs in mine.items() if tp.topic == topics.SIGNALS_RAW for r in rs]
        matched = [
            r.value for tp, rs in mine.items() if tp.topic == topics.SIGNALS_MATCHED for r in rs
        ]
        effects: list[BatchEffects] = []
        if raw:
            effects.append(await match_batch(self.pipeline, raw))
        if matched:
            effects.append(await score_batch(self.pipeline, matched))
        await self._send_all([o for e in effects for o in e.outgoing])
        events = [ev for e in effects for ev in e.events]
        alerts = [a for e in effects for a in e.alerts]
        if events or alerts:
            await self.pipeline.store.mark_published(events, alerts)
        offsets = {tp: records[-1].offset + 1 for tp, records in mine.items()}
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            # Rebalanced meanwhile: the new owner re-reads these; effects are idempotent.
            log.warning("hot path: offsets not committed (%s); records will be re-read", exc)

    async def _send_all(self, outgoing: Sequence[Outgoing]) -> None:
        """Send every record, then wait until the broker acknowledged all of them."""
        producer = self._producer
        assert producer is not None
        futures = [await producer.send(o.topic, o.value, key=o.key) for o in outgoing]
        if futures:
            await asyncio.gather(*futures)
