"""The notify worker's memory in the database: what was delivered, decided, and why.

- :class:`StoreDeliveryLog` is :class:`~inmarket.notify.delivery_log.DeliveryLog` on the
  ``delivery_log`` table: a redelivered alert finds its record and is not sent again, and
  a later alert about an account finds the Slack message to thread under.
- :class:`AlertLedger` keeps one :class:`AlertOutcome` per alert and destination (sent,
  held, in the digest, suppressed or failed, with the reason), and the history noise
  control needs (what each recipient was last told about each account, and when each
  recipient was last sent an alert one by one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlmodel import col

from inmarket.notify.delivery_log import DeliveryRecord
from inmarket.notify.noise import AlertHistory
from inmarket.store.db import Store
from inmarket.store.tables import AlertHistoryRow, AlertOutcomeRow, AlertSendRow, DeliveryLogRow
from signals.events import InMarketAlert

# decide() needs the recipient's sends over at least the last 48 hours (their local day).
SEND_WINDOW = timedelta(hours=48)


class OutcomeStatus(StrEnum):
    PENDING = "pending"  # decided to send; not yet confirmed (a crash here resends)
    SENDING = "sending"  # claimed by one worker, which is delivering it (see AlertLedger.claim)
    SENT = "sent"
    HELD = "held"  # quiet hours: re-decided at release_at
    DIGEST = "digest"  # goes out in the recipient's daily digest at release_at
    SUPPRESSED = "suppressed"
    FAILED = "failed"


@dataclass(frozen=True)
class AlertOutcome:
    """One alert at one destination (``slack:C0…``, ``email:…``, ``webhook:…``)."""

    alert_id: str
    destination: str
    account_id: str
    account_name: str
    recipient: str
    rule: str
    status: OutcomeStatus
    reason: str
    alert_created_at: datetime
    updated_at: datetime
    retriable: bool = False
    attempts: int = 0
    release_at: datetime | None = None

    def moved(
        self, status: OutcomeStatus, reason: str, at: datetime, **changes: object
    ) -> AlertOutcome:
        """This outcome with a new status and reason (``changes`` sets other fields)."""
        return replace(self, status=status, reason=reason, updated_at=at, **changes)  # type: ignore[arg-type]


def _outcome(row: AlertOutcomeRow) -> AlertOutcome:
    return AlertOutcome(
        alert_id=row.alert_id,
        destination=row.destination,
        account_id=row.account_id,
        account_name=row.account_name,
        recipient=row.recipient,
        rule=row.rule,
        status=OutcomeStatus(row.status),
        reason=row.reason,
        alert_created_at=row.alert_created_at,
        updated_at=row.updated_at,
        retriable=row.retriable,
        attempts=row.attempts,
        release_at=row.release_at,
    )


class StoreDeliveryLog:
    """:class:`~inmarket.notify.delivery_log.DeliveryLog` on the ``delivery_log`` table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def get(self, alert_key: str, channel: str) -> DeliveryRecord | None:
        async with self.store.reading() as session:
            row = await session.get(DeliveryLogRow, (alert_key, channel))
            if row is None:
                return None
            return DeliveryRecord(
                alert_key=row.key,
                channel=row.destination,
                ts=row.ts,
                delivered_at=row.delivered_at,
                thread_ts=row.thread_ts,
            )

    async def record(self, record: DeliveryRecord) -> None:
        values = {
            "key": record.alert_key,
            "destination": record.channel,
            "ts": record.ts,
            "thread_ts": record.thread_ts,
            "delivered_at": record.delivered_at,
        }
        async with self.store.writing() as session:
            await session.execute(self.store.upsert(DeliveryLogRow, values, ["key", "destination"]))


class AlertLedger:
    """Outcomes per alert and destination, and the history noise control decides on."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def outcomes(self, alert_id: str) -> list[AlertOutcome]:
        async with self.store.reading() as session:
            rows = await session.execute(
                select(AlertOutcomeRow)
                .where(col(AlertOutcomeRow.alert_id) == alert_id)
                .order_by(col(AlertOutcomeRow.destination))
            )
            return [_outcome(r) for r in rows.scalars()]

    async def save(self, outcomes: Sequence[AlertOutcome]) -> None:
        """Upsert ``outcomes`` in one transaction."""
        async with self.store.writing() as session:
            for outcome in outcomes:
                await self._save(session, outcome)

    async def _save(self, session: object, outcome: AlertOutcome) -> None:
        values = {
            "alert_id": outcome.alert_id,
            "destination": outcome.destination,
            "account_id": outcome.account_id,
            "account_name": outcome.account_name[:500],
            "recipient": outcome.recipient[:320],
            "rule": outcome.rule[:200],
            "status": str(outcome.status),
            "reason": outcome.reason,
            "retriable": outcome.retriable,
            "attempts": outcome.attempts,
            "release_at": outcome.release_at,
            "alert_created_at": outcome.alert_created_at,
            "updated_at": outcome.updated_at,
        }
        stmt = self.store.upsert(AlertOutcomeRow, values, ["alert_id", "destination"])
        await session.execute(stmt)  # type: ignore[attr-defined]

    async def claim(
        self,
        outcomes: Sequence[AlertOutcome],
        now: datetime,
        lease: timedelta,
        *,
        claimable: Iterable[OutcomeStatus] = (OutcomeStatus.PENDING,),
    ) -> list[AlertOutcome]:
        """Those of ``outcomes`` this caller may deliver, now stored as ``sending``.

        Each is claimed with one conditional update (from a ``claimable`` status), so of
        workers racing for the same outcome (a redelivered message, the quiet-hours timer,
        two ``alerts retry``) exactly one gets it. A claim older than ``lease`` (its worker
        died while sending) can be taken again.
        """
        stale = now - lease
        statuses = [str(s) for s in claimable]
        claimed: list[AlertOutcome] = []
        async with self.store.writing() as session:
            for outcome in outcomes:
                result = await session.execute(
                    update(AlertOutcomeRow)
                    .where(
                        col(AlertOutcomeRow.alert_id) == outcome.alert_id,
                        col(AlertOutcomeRow.destination) == outcome.destination,
                        or_(
                            col(AlertOutcomeRow.status).in_(statuses),
                            and_(
                                col(AlertOutcomeRow.status) == str(OutcomeStatus.SENDING),
                                col(AlertOutcomeRow.updated_at) < stale,
                            ),
                        ),
                    )
                    .values(status=str(OutcomeStatus.SENDING), updated_at=now)
                )
                if result.rowcount == 1:
                    claimed.append(outcome.moved(OutcomeStatus.SENDING, outcome.reason, now))
        return claimed

    async def stale_claims(self, now: datetime, lease: timedelta) -> list[AlertOutcome]:
        """Outcomes claimed more than ``lease`` ago and never finished (their worker died)."""
        async with self.store.reading() as session:
            rows = await session.execute(
                select(AlertOutcomeRow)
                .where(
                    col(AlertOutcomeRow.status) == str(OutcomeStatus.SENDING),
                    col(AlertOutcomeRow.updated_at) < now - lease,
                )
                .order_by(col(AlertOutcomeRow.updated_at), col(AlertOutcomeRow.alert_id))
            )
            return [_outcome(r) for r in rows.scalars()]

    async def record_decision(
        self,
        outcomes: Sequence[AlertOutcome],
        alert: InMarketAlert,
        *,
        recipient: str,
        at: datetime,
        alerted: bool,
        sent: bool,
    ) -> None:
        """Store a noise decision in one transaction: the outcomes, and when ``alerted``
        (sent now or queued for the digest) the recipient's history of the account; when
        ``sent`` (one by one) a send that counts against the recipient's daily cap."""
        async with self.store.writing() as session:
            for outcome in outcomes:
                await self._save(session, outcome)
            if alerted:
                row = await session.get(AlertHistoryRow, (recipient, alert.account_id))
                seen = set(json.loads(row.seen_signal_ids)) if row else set()
                seen.update(c.signal_id for c in alert.why_now)
                values = {
                    "recipient": recipient,
                    "account_id": alert.account_id,
                    "last_alert_at": at,
                    "last_tier": alert.tier,
                    "seen_signal_ids": json.dumps(sorted(seen)),
                }
                await session.execute(
                    self.store.upsert(AlertHistoryRow, values, ["recipient", "account_id"])
                )
            if sent:
                await session.execute(
                    self.store.upsert_into(AlertSendRow)
                    .values(recipient=recipient, alert_id=alert.alert_id, sent_at=at)
                    .on_conflict_do_nothing(index_elements=["recipient", "alert_id"])
                )

    async def history(self, recipient: str, account_id: str, now: datetime) -> AlertHistory:
        """What ``recipient`` was told about ``account_id``, and their sends since ``now - 48h``."""
        async with self.store.reading() as session:
            row = await session.get(AlertHistoryRow, (recipient, account_id))
            sends = await session.execute(
                select(col(AlertSendRow.sent_at)).where(
                    col(AlertSendRow.recipient) == recipient,
                    col(AlertSendRow.sent_at) >= now - SEND_WINDOW,
                )
            )
            sent = tuple(sorted(sends.scalars()))
        if row is None:
            return AlertHistory(recipient_sent=sent)
        return AlertHistory(
            last_alert_at=row.last_alert_at,
            last_tier=row.last_tier,
            seen_signal_ids=frozenset(json.loads(row.seen_signal_ids)),
            recipient_sent=sent,
        )

    async def due(self, status: OutcomeStatus, now: datetime) -> list[AlertOutcome]:
        """Outcomes in ``status`` whose ``release_at`` has come, oldest first."""
        async with self.store.reading() as session:
            rows = await session.execute(
                select(AlertOutcomeRow)
                .where(
                    col(AlertOutcomeRow.status) == str(status),
                    col(AlertOutcomeRow.release_at) <= now,
                )
                .order_by(col(AlertOutcomeRow.release_at), col(AlertOutcomeRow.alert_id))
            )
            return [_outcome(r) for r in rows.scalars()]

    async def listing(
        self, statuses: Iterable[OutcomeStatus] | None = None, *, limit: int = 100
    ) -> list[AlertOutcome]:
        """The newest outcomes first, optionally only those in ``statuses``."""
        stmt = select(AlertOutcomeRow).order_by(
            col(AlertOutcomeRow.updated_at).desc(),
            col(AlertOutcomeRow.alert_id),
            col(AlertOutcomeRow.destination),
        )
        wanted = [str(s) for s in statuses or ()]
        if wanted:
            stmt = stmt.where(col(AlertOutcomeRow.status).in_(wanted))
        async with self.store.reading() as session:
            rows = await session.execute(stmt.limit(limit))
            return [_outcome(r) for r in rows.scalars()]
