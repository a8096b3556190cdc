"""Where deliveries are remembered, so an alert goes out once and updates thread.

The notify worker's store implements :class:`DeliveryLog` on the database;
:class:`InMemoryDeliveryLog` serves tests and single-process runs.

Keys used by the senders (``channel`` is the destination, e.g. ``slack:C0ALERTS``):

- ``alert:{alert_id}``: this exact alert was delivered (skip a redelivery);
- ``thread:{account_id}``: the first message about the account on that destination;
  later alerts reply in its thread (``ts`` is the parent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class DeliveryRecord:
    """One delivered message. ``ts`` is Slack's message timestamp (``None`` elsewhere);
    ``delivered_at`` is the alert's ``created_at``, so replays record the same value."""

    alert_key: str
    channel: str
    ts: str | None
    delivered_at: datetime
    thread_ts: str | None = None


def alert_key(alert_id: str) -> str:
    return f"alert:{alert_id}"


def thread_key(account_id: str) -> str:
    return f"thread:{account_id}"


class DeliveryLog(Protocol):
    """Delivery memory, keyed by ``(alert_key, channel)``."""

    async def get(self, alert_key: str, channel: str) -> DeliveryRecord | None:
        """The record stored under the key, or ``None``. Called before every send; must not
        block the event loop. Raises only on storage failure."""
        ...

    async def record(self, record: DeliveryRecord) -> None:
        """Store ``record``, replacing any record with the same ``(alert_key, channel)``.
        Called right after a successful send; must be durable when it returns."""
        ...


class InMemoryDeliveryLog:
    """A dict-backed :class:`DeliveryLog` (lost on restart)."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], DeliveryRecord] = {}

    async def get(self, alert_key: str, channel: str) -> DeliveryRecord | None:
        return self.records.get((alert_key, channel))

    async def record(self, record: DeliveryRecord) -> None:
        self.records[(record.alert_key, record.channel)] = record
