"""Read a topic from the beginning, for ``inmarket tail``, tests and ops scripts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition


@dataclass(frozen=True)
class TopicRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    from_beginning: bool = True,
    idle_timeout: float | None = 2.0,
    max_seconds: float | None = None,
) -> AsyncIterator[TopicRecord]:
    """Yield records of every partition of ``topic``, without joining a consumer group.

    Stops after ``idle_timeout`` seconds with nothing new (``None``: follow forever), or
    after ``max_seconds`` in all. Uses no committed offsets, so it disturbs no worker.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
    )
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        for _ in range(20):
            if partitions:
                break
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic)
            await asyncio.sleep(0.1)
        if not partitions:
            return
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        if from_beginning:
            await consumer.seek_to_beginning(*assigned)
        started = last = time.monotonic()
        while True:
            batch = await consumer.getmany(timeout_ms=200, max_records=1000)
            now = time.monotonic()
            for records in batch.values():
                for r in records:
                    last = now
                    yield TopicRecord(r.topic, r.partition, r.offset, r.key, r.value, r.timestamp)
            if idle_timeout is not None and now - last > idle_timeout:
                return
            if max_seconds is not None and now - started > max_seconds:
                return
    finally:
        await consumer.stop()
