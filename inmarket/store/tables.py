"""Table definitions. Records that cross layers are stored whole as JSON (``data``);
columns exist for what is looked up, joined or sorted on."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Dialect, Index, Text, TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that always reads back timezone-aware (UTC).

    PostgreSQL returns aware values; SQLite returns naive ones. Everything inmarket stores
    is UTC, so a naive value read back is UTC: fixed here, once, for every column.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _ts(**kw: object) -> Column[datetime]:
    return Column(UtcDateTime(), **kw)  # type: ignore[arg-type]


class AccountRow(SQLModel, table=True):
    __tablename__ = "accounts"
    __table_args__ = (Index("ix_accounts_revision", "revision"),)

    id: str = Field(primary_key=True, max_length=200)
    name: str = Field(max_length=500)
    primary_domain: str | None = Field(default=None, max_length=255, index=True)
    cik: str | None = Field(default=None, max_length=10, index=True)
    data: str = Field(sa_column=Column(Text, nullable=False))  # Account JSON
    record_hash: str = Field(max_length=64)
    revision: int = 0
    deleted: bool = False
    in_icp: bool = False
    fit_score: float = 0.0
    tier: str = Field(default="out", max_length=20)
    icp_version: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(sa_column=_ts(nullable=False))


class SignalRow(SQLModel, table=True):
    """Every signal seen once, by id; later reports by other sources are added to ``sources``."""

    __tablename__ = "signals"

    id: str = Field(primary_key=True, max_length=128)
    kind: str = Field(max_length=40)
    source_type: str = Field(max_length=40)
    occurred_at: datetime = Field(sa_column=_ts(nullable=False))
    first_seen_at: datetime = Field(sa_column=_ts(nullable=False))
    sources: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))


class AccountSignalRow(SQLModel, table=True):
    __tablename__ = "account_signals"

    account_id: str = Field(primary_key=True, max_length=200)
    signal_id: str = Field(primary_key=True, max_length=128)
    kind: str = Field(max_length=40)
    method: str = Field(max_length=20)
    confidence: float
    occurred_at: datetime = Field(sa_column=_ts(nullable=False))
    matched_at: datetime = Field(sa_column=_ts(nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))  # SignalEvent JSON


class AccountScoreRow(SQLModel, table=True):
    """The latest score per account, and the outbox of its rescored event."""

    __tablename__ = "account_scores"

    account_id: str = Field(primary_key=True, max_length=200)
    score: float
    tier: str = Field(max_length=20)
    in_market: bool
    fit_score: float
    icp_version: str = Field(max_length=100)
    updated_at: datetime = Field(sa_column=_ts(nullable=False))
    event: str = Field(sa_column=Column(Text, nullable=False))  # RescoreEvent JSON
    published: bool = False


class AlertRow(SQLModel, table=True):
    """Alerts raised, with the outbox flag for ``alerts.in_market``."""

    __tablename__ = "alerts"

    alert_id: str = Field(primary_key=True, max_length=128)
    account_id: str = Field(max_length=200, index=True)
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))  # InMarketAlert JSON
    published: bool = False


class SourceStateRow(SQLModel, table=True):
    __tablename__ = "source_state"

    name: str = Field(primary_key=True, max_length=200)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    cursor: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    last_polled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_success_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_error_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    consecutive_failures: int = 0


class IcpStateRow(SQLModel, table=True):
    """The ICP version the stored fit scores were computed with."""

    __tablename__ = "icp_state"

    id: int = Field(default=1, primary_key=True)
    version: str = Field(max_length=100)
    content_hash: str = Field(max_length=64)
    applied_at: datetime = Field(sa_column=_ts(nullable=False))


# -- alert delivery and noise history (notify worker) -----------------------------------


class DeliveryLogRow(SQLModel, table=True):
    """What the senders remember: one delivered message per key and destination.

    ``key`` is ``alert:{alert id}`` (this alert went out), ``thread:{account id}`` (the
    Slack message later alerts reply under) or ``digest:{day}`` (a digest went out).
    """

    __tablename__ = "delivery_log"

    key: str = Field(primary_key=True, max_length=200)
    destination: str = Field(primary_key=True, max_length=320)
    ts: str | None = Field(default=None, max_length=64)
    thread_ts: str | None = Field(default=None, max_length=64)
    delivered_at: datetime = Field(sa_column=_ts(nullable=False))


class AlertOutcomeRow(SQLModel, table=True):
    """One alert at one destination: pending, sent, held, digest, suppressed or failed, and why."""

    __tablename__ = "alert_outcomes"
    __table_args__ = (Index("ix_alert_outcomes_status_release", "status", "release_at"),)

    alert_id: str = Field(primary_key=True, max_length=128)
    destination: str = Field(primary_key=True, max_length=320)  # slack:C0…, email:…, webhook:…
    account_id: str = Field(max_length=200, index=True)
    account_name: str = Field(max_length=500)
    recipient: str = Field(max_length=320)  # whose noise budget the alert counts against
    rule: str = Field(default="", max_length=200)  # owner, fallback, a routing rule's name
    status: str = Field(max_length=20)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    retriable: bool = False
    attempts: int = 0
    release_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    alert_created_at: datetime = Field(sa_column=_ts(nullable=False))
    updated_at: datetime = Field(sa_column=_ts(nullable=False))


class AlertHistoryRow(SQLModel, table=True):
    """What one recipient was last told about one account (noise control's memory)."""

    __tablename__ = "alert_history"

    recipient: str = Field(primary_key=True, max_length=320)
    account_id: str = Field(primary_key=True, max_length=200)
    last_alert_at: datetime = Field(sa_column=_ts(nullable=False))
    last_tier: str | None = Field(default=None, max_length=20)
    seen_signal_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))


class AlertSendRow(SQLModel, table=True):
    """An alert a recipient was sent one by one (the daily cap counts these)."""

    __tablename__ = "alert_sends"
    __table_args__ = (Index("ix_alert_sends_recipient_sent_at", "recipient", "sent_at"),)

    recipient: str = Field(primary_key=True, max_length=320)
    alert_id: str = Field(primary_key=True, max_length=128)
    sent_at: datetime = Field(sa_column=_ts(nullable=False))
