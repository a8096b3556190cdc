"""Write records to a topic, for tests and ops scripts (replays, backfills)."""

from __future__ import annotations

from collections.abc import Sequence

from aiokafka import AIOKafkaProducer


async def produce(
    bootstrap: str, topic: str, records: Sequence[tuple[bytes | None, bytes]]
) -> None:
    """Send ``(key, value)`` records to ``topic`` and wait until the broker acknowledged
    every one (acks=all, no idempotent producer: the embedded broker has none)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        futures = [await producer.send(topic, key=key, value=value) for key, value in records]
        for future in futures:
            await future
    finally:
        await producer.stop()
