"""The Store: async access to the database, one method per question the workers ask.

Every method is a coroutine that does its work in one transaction and batches rows, so a
worker touches the database once per batch of events, not once per event.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, event, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from icp.accounts import Account
from icp.fit import FitResult
from icp.scoring import AccountSignal
from inmarket.settings import async_database_url
from inmarket.store.tables import (
    AccountRow,
    AccountScoreRow,
    AccountSignalRow,
    AlertRow,
    IcpStateRow,
    SignalRow,
    SourceStateRow,
)
from signals.events import InMarketAlert, MatchedSignal, RescoreEvent, SignalEvent

CHUNK = 400  # rows per statement: stays under SQLite's bound-parameter limit
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _chunks(rows: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def account_hash(account: Account) -> str:
    return hashlib.sha256(account.model_dump_json().encode()).hexdigest()


@dataclass(frozen=True)
class ImportCounts:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class StoredAccount:
    """An account with its stored static-fit verdict."""

    account: Account
    fit: FitResult
    icp_version: str | None
    revision: int
    deleted: bool


@dataclass(frozen=True)
class PreviousScore:
    score: float
    tier: str
    in_market: bool


@dataclass(frozen=True)
class SourceHealth:
    name: str
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int


@dataclass(frozen=True)
class SourceCursor:
    etag: str | None
    last_modified: str | None
    cursor: dict[str, Any]


_UPDATE_ACCOUNT = (
    update(AccountRow)
    .where(AccountRow.id == bindparam("account_id"))
    .values(
        {
            column: bindparam(column)
            for column in (
                "name",
                "primary_domain",
                "cik",
                "data",
                "record_hash",
                "revision",
                "deleted",
                "in_icp",
                "fit_score",
                "tier",
                "icp_version",
                "updated_at",
            )
        }
    )
)


# Reads on the hot path select these columns and build records from plain rows: ORM
# instances cost more than the query (profiled under the pipeline benchmark).
_ACCOUNT_COLUMNS = (
    AccountRow.id,
    AccountRow.data,
    AccountRow.in_icp,
    AccountRow.fit_score,
    AccountRow.tier,
    AccountRow.icp_version,
    AccountRow.revision,
    AccountRow.deleted,
)


def _stored_account(row: Any) -> StoredAccount:
    """From an ``AccountRow`` or a row of ``_ACCOUNT_COLUMNS``."""
    return StoredAccount(
        account=Account.model_validate_json(row.data),
        fit=FitResult(
            in_icp=row.in_icp,
            score=row.fit_score,
            tier=row.tier,
            reasons=(),  # computed when read: see inmarket.icp_sync.verdict
        ),
        icp_version=row.icp_version,
        revision=row.revision,
        deleted=row.deleted,
    )


MIGRATION_LOCK_KEY = 0x1A4B_0001  # PostgreSQL advisory lock held while migrating


class Store:
    """Async database access. Create with :meth:`open`, call :meth:`migrate` once, then use."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self._sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (lazily) the database at ``url``; plain sqlite:/postgresql: URLs are accepted."""
        url = async_database_url(url)
        engine = create_async_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine.sync_engine, "connect")
            def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        await self.engine.dispose()

    async def migrate(self) -> None:
        """Bring the schema to the latest migration (idempotent). Processes starting together
        take turns: the first migrates under a database-wide lock, the others then find
        nothing to do."""
        from alembic import command
        from alembic.config import Config

        def _upgrade(connection: Any) -> None:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

        async with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            else:
                # the write lock now, not at the first CREATE: another process may be between
                # reading the schema version and creating the tables it found missing
                await conn.exec_driver_sql("BEGIN IMMEDIATE")
            await conn.run_sync(_upgrade)

    def _insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- accounts ---------------------------------------------------------------------

    async def next_revision(self) -> int:
        """A revision number above every stored one, for a multi-part import."""
        return await self.max_revision() + 1

    async def upsert_accounts(
        self,
        items: Sequence[tuple[Account, FitResult]],
        icp_version: str | None,
        *,
        revision: int | None = None,
    ) -> ImportCounts:
        """Insert new accounts, update changed ones, leave identical ones untouched.

        One revision number (``revision``, or the next free one) is used for the whole
        call, so matchers can pick up exactly what changed
        (``iter_accounts(since_revision=...)``).
        """
        added = updated = unchanged = 0
        now = utcnow()
        async with self._sessions.begin() as session:
            if revision is None:
                current = await session.execute(select(func.max(AccountRow.revision)))
                revision = (current.scalar() or 0) + 1
            for chunk in _chunks(items):
                ids = [account.id for account, _ in chunk]
                existing = await session.execute(
                    select(AccountRow.id, AccountRow.record_hash, AccountRow.deleted).where(
                        AccountRow.id.in_(ids)
                    )
                )
                known = {row.id: (row.record_hash, row.deleted) for row in existing}
                inserts: list[dict[str, Any]] = []
                updates: list[dict[str, Any]] = []
                for account, fit in chunk:
                    digest = account_hash(account)
                    values = {
                        "id": account.id,
                        "name": account.name,
                        "primary_domain": account.domain,
                        "cik": account.cik,
                        "data": account.model_dump_json(),
                        "record_hash": digest,
                        "revision": revision,
                        "deleted": False,
                        "in_icp": fit.in_icp,
                        "fit_score": fit.score,
                        "tier": fit.tier,
                        "icp_version": icp_version,
                        "updated_at": now,
                    }
                    if account.id not in known:
                        inserts.append(values)
                        added += 1
                    elif known[account.id] == (digest, False):
                        unchanged += 1
                    else:
                        updates.append({**values, "account_id": values["id"]})
                        updated += 1
                if inserts:
                    await session.execute(self._insert(AccountRow), inserts)
                if updates:
                    await (await session.connection()).execute(_UPDATE_ACCOUNT, updates)
        return ImportCounts(added, updated, unchanged)

    async def update_fits(self, fits: Sequence[tuple[str, FitResult]], icp_version: str) -> None:
        """Store re-evaluated fits (ICP changed); bumps the revision so matchers refresh.

        One executemany per chunk, not one round trip per account.
        """
        now = utcnow()
        stmt = (
            update(AccountRow)
            .where(AccountRow.id == bindparam("account_id"))
            .values(
                in_icp=bindparam("in_icp"),
                fit_score=bindparam("fit_score"),
                tier=bindparam("tier"),
                icp_version=icp_version,
                revision=bindparam("revision"),
                updated_at=now,
            )
        )
        async with self._sessions.begin() as session:
            current = await session.execute(select(func.max(AccountRow.revision)))
            revision = (current.scalar() or 0) + 1
            for chunk in _chunks(fits, 2000):
                rows = [
                    {
                        "account_id": account_id,
                        "in_icp": fit.in_icp,
                        "fit_score": fit.score,
                        "tier": fit.tier,
                        "revision": revision,
                    }
                    for account_id, fit in chunk
                ]
                await (await session.connection()).execute(stmt, rows)

    async def iter_accounts(
        self, batch: int = 5000, *, since_revision: int | None = None
    ) -> AsyncIterator[list[StoredAccount]]:
        """Accounts in batches, ordered by id: all live ones, or (with ``since_revision``)
        every one changed after that revision, deleted ones included."""
        last = ""
        while True:
            # plain rows, not ORM instances: a million accounts stream several times faster
            stmt = select(*_ACCOUNT_COLUMNS).where(AccountRow.id > last)
            if since_revision is None:
                stmt = stmt.where(AccountRow.deleted == False)  # noqa: E712
            else:
                stmt = stmt.where(AccountRow.revision > since_revision)
            async with self._sessions() as session:
                result = await session.execute(stmt.order_by(AccountRow.id).limit(batch))
                rows = result.all()
            if not rows:
                return
            yield [_stored_account(row) for row in rows]
            last = rows[-1].id

    async def max_revision(self) -> int:
        async with self._sessions() as session:
            result = await session.execute(select(func.max(AccountRow.revision)))
            return int(result.scalar() or 0)

    async def accounts_by_id(self, ids: Iterable[str]) -> dict[str, StoredAccount]:
        wanted = sorted(set(ids))
        found: dict[str, StoredAccount] = {}
        async with self.engine.connect() as conn:
            for chunk in _chunks(wanted):
                result = await conn.execute(
                    select(*_ACCOUNT_COLUMNS).where(col(AccountRow.id).in_(chunk))
                )
                for row in result:
                    found[row.id] = _stored_account(row)
        return found

    async def find_account(self, key: str) -> StoredAccount | None:
        """By id, CRM id or primary domain."""
        async with self._sessions() as session:
            result = await session.execute(
                select(AccountRow).where(
                    (AccountRow.id == key) | (AccountRow.primary_domain == key.lower())
                )
            )
            row = result.scalars().first()
            return _stored_account(row) if row else None

    async def fit_counts(self) -> tuple[int, int]:
        """(accounts in the ICP, all live accounts)."""
        async with self._sessions() as session:
            total = await session.execute(
                select(func.count()).select_from(AccountRow).where(AccountRow.deleted == False)  # noqa: E712
            )
            passing = await session.execute(
                select(func.count())
                .select_from(AccountRow)
                .where(AccountRow.deleted == False, AccountRow.in_icp == True)  # noqa: E712
            )
            return int(passing.scalar() or 0), int(total.scalar() or 0)

    async def tier_counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            result = await session.execute(
                select(AccountRow.tier, func.count())
                .where(AccountRow.deleted == False)  # noqa: E712
                .group_by(AccountRow.tier)
            )
            return {tier: int(count) for tier, count in result.all()}

    # -- ICP state --------------------------------------------------------------------

    async def icp_state(self) -> tuple[str, str] | None:
        """(version, content hash) of the ICP the stored fits were computed with."""
        async with self._sessions() as session:
            row = await session.get(IcpStateRow, 1)
            return (row.version, row.content_hash) if row else None

    async def set_icp_state(self, version: str, content_hash: str) -> None:
        """Record the applied ICP. An upsert: workers starting together may both apply it."""
        values = {"version": version, "content_hash": content_hash, "applied_at": utcnow()}
        async with self._sessions.begin() as session:
            await session.execute(self.upsert(IcpStateRow, {"id": 1, **values}, ["id"]))

    # -- signals ----------------------------------------------------------------------

    async def record_signals(self, events: Sequence[SignalEvent]) -> list[SignalEvent]:
        """Remember signals by id; returns those never seen before.

        A known id reported by another source adds that source to the stored record.
        """
        if not events:
            return []
        unique = list({e.id: e for e in events}.values())
        now = utcnow()
        fresh_ids: set[str] = set()
        async with self._sessions.begin() as session:
            rows = [
                {
                    "id": e.id,
                    "kind": e.kind.value,
                    "source_type": e.source_type,
                    "occurred_at": e.occurred_at,
                    "first_seen_at": now,
                    "sources": json.dumps([e.source_name or e.source_type]),
                    "data": e.model_dump_json(),
                }
                for e in unique
            ]
            stmt = (
                self._insert(SignalRow)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(SignalRow.id)
            )
            result = await (await session.connection()).execute(stmt, rows)
            fresh_ids.update(result.scalars())
            repeats = [e for e in unique if e.id not in fresh_ids and e.source_name]
            if repeats:
                await self._add_sources(session, repeats)
        return [e for e in unique if e.id in fresh_ids]

    async def _add_sources(self, session: AsyncSession, repeats: Sequence[SignalEvent]) -> None:
        rows = await session.execute(
            select(SignalRow).where(SignalRow.id.in_([e.id for e in repeats]))
        )
        by_id = {row.id: row for row in rows.scalars()}
        for e in repeats:
            row = by_id.get(e.id)
            if row is None:
                continue
            sources = json.loads(row.sources)
            if e.source_name not in sources:
                sources.append(e.source_name)
                row.sources = json.dumps(sources)

    async def add_account_signals(self, matched: Sequence[MatchedSignal]) -> list[MatchedSignal]:
        """Attach matched signals to accounts; returns only pairs not attached before."""
        if not matched:
            return []
        unique = list({(m.account_id, m.signal.id): m for m in matched}.values())
        now = utcnow()
        fresh: set[tuple[str, str]] = set()
        async with self._sessions.begin() as session:
            rows = [
                {
                    "account_id": m.account_id,
                    "signal_id": m.signal.id,
                    "kind": m.signal.kind.value,
                    "method": m.method.value,
                    "confidence": m.confidence,
                    "occurred_at": m.signal.occurred_at,
                    "matched_at": now,
                    "data": m.signal.model_dump_json(),
                }
                for m in unique
            ]
            stmt = (
                self._insert(AccountSignalRow)
                .on_conflict_do_nothing(index_elements=["account_id", "signal_id"])
                .returning(AccountSignalRow.account_id, AccountSignalRow.signal_id)
            )
            result = await (await session.connection()).execute(stmt, rows)
            fresh.update((a, s) for a, s in result.all())
        return [m for m in unique if (m.account_id, m.signal.id) in fresh]

    async def account_signals(
        self, account_ids: Iterable[str], since: datetime
    ) -> dict[str, list[AccountSignal]]:
        """Signals attached to each account that occurred at or after ``since``."""
        found: dict[str, list[AccountSignal]] = defaultdict(list)
        wanted = sorted(set(account_ids))
        async with self.engine.connect() as conn:
            for chunk in _chunks(wanted):
                result = await conn.execute(
                    select(
                        AccountSignalRow.account_id,
                        AccountSignalRow.data,
                        AccountSignalRow.method,
                        AccountSignalRow.confidence,
                    ).where(
                        col(AccountSignalRow.account_id).in_(chunk),
                        col(AccountSignalRow.occurred_at) >= since,
                    )
                )
                for account_id, data, method, confidence in result:
                    found[account_id].append(
                        AccountSignal(
                            signal=SignalEvent.model_validate_json(data),
                            method=method,
                            confidence=confidence,
                        )
                    )
        return dict(found)

    # -- scores and alerts (with their outbox) ----------------------------------------

    async def previous_scores(self, account_ids: Iterable[str]) -> dict[str, PreviousScore]:
        found: dict[str, PreviousScore] = {}
        async with self._sessions() as session:
            for chunk in _chunks(sorted(set(account_ids))):
                result = await session.execute(
                    select(
                        AccountScoreRow.account_id,
                        AccountScoreRow.score,
                        AccountScoreRow.tier,
                        AccountScoreRow.in_market,
                    ).where(AccountScoreRow.account_id.in_(chunk))
                )
                for account_id, score, tier, in_market in result.all():
                    found[account_id] = PreviousScore(score, tier, in_market)
        return found

    async def save_scores(
        self, events: Sequence[RescoreEvent], alerts: Sequence[InMarketAlert]
    ) -> None:
        """Store new scores and alerts in one transaction, marked unpublished (the outbox)."""
        async with self._sessions.begin() as session:
            rows = [
                {
                    "account_id": e.account_id,
                    "score": e.score,
                    "tier": e.tier,
                    "in_market": e.in_market,
                    "fit_score": e.fit_score,
                    "icp_version": e.icp_version,
                    "updated_at": e.scored_at,
                    "event": e.model_dump_json(),
                    "published": False,
                }
                for e in {e.account_id: e for e in events}.values()
            ]
            if rows:
                stmt = self._insert(AccountScoreRow)
                stmt = stmt.on_conflict_do_update(
                    index_elements=["account_id"],
                    set_={k: stmt.excluded[k] for k in rows[0] if k != "account_id"},
                )
                await (await session.connection()).execute(stmt, rows)
            alert_rows = [
                {
                    "alert_id": a.alert_id,
                    "account_id": a.account_id,
                    "created_at": a.created_at,
                    "data": a.model_dump_json(),
                    "published": False,
                }
                for a in alerts
            ]
            if alert_rows:
                await (await session.connection()).execute(
                    self._insert(AlertRow).on_conflict_do_nothing(index_elements=["alert_id"]),
                    alert_rows,
                )

    async def unpublished(self) -> tuple[list[RescoreEvent], list[InMarketAlert]]:
        """Events stored but not yet acknowledged by the broker (after a crash, say)."""
        async with self._sessions() as session:
            scores = await session.execute(
                select(AccountScoreRow).where(AccountScoreRow.published == False)  # noqa: E712
            )
            alerts = await session.execute(
                select(AlertRow).where(AlertRow.published == False)  # noqa: E712
            )
            return (
                [RescoreEvent.model_validate_json(r.event) for r in scores.scalars()],
                [InMarketAlert.model_validate_json(r.data) for r in alerts.scalars()],
            )

    async def mark_published(
        self, events: Sequence[RescoreEvent], alerts: Sequence[InMarketAlert]
    ) -> None:
        async with self._sessions.begin() as session:
            for chunk in _chunks(sorted({e.account_id for e in events})):
                await session.execute(
                    update(AccountScoreRow)
                    .where(AccountScoreRow.account_id.in_(chunk))
                    .values(published=True)
                )
            for chunk in _chunks([a.alert_id for a in alerts]):
                await session.execute(
                    update(AlertRow).where(AlertRow.alert_id.in_(chunk)).values(published=True)
                )

    async def scores(self) -> list[RescoreEvent]:
        async with self._sessions() as session:
            rows = await session.execute(select(AccountScoreRow))
            return [RescoreEvent.model_validate_json(r.event) for r in rows.scalars()]

    async def alerts(self, account_id: str | None = None) -> list[InMarketAlert]:
        async with self._sessions() as session:
            stmt = select(AlertRow).order_by(AlertRow.created_at)
            if account_id:
                stmt = stmt.where(AlertRow.account_id == account_id)
            rows = await session.execute(stmt)
            return [InMarketAlert.model_validate_json(r.data) for r in rows.scalars()]

    # -- sources ----------------------------------------------------------------------

    async def source_cursor(self, name: str) -> SourceCursor:
        async with self._sessions() as session:
            row = await session.get(SourceStateRow, name)
            if row is None:
                return SourceCursor(None, None, {})
            return SourceCursor(row.etag, row.last_modified, json.loads(row.cursor))

    async def claim_poll(self, name: str, now: datetime, interval_seconds: float) -> bool:
        """Atomically take this interval's poll of ``name``: True for exactly one caller.

        A conditional UPDATE, so two workers (or a redelivered poll message) never poll
        the same source twice within its interval, on SQLite and PostgreSQL alike.
        """
        cutoff = now - timedelta(seconds=interval_seconds)
        async with self._sessions.begin() as session:
            await session.execute(
                self._insert(SourceStateRow)
                .values(name=name, cursor="{}", consecutive_failures=0)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            result = await session.execute(
                update(SourceStateRow)
                .where(
                    SourceStateRow.name == name,
                    or_(
                        col(SourceStateRow.last_polled_at).is_(None),
                        col(SourceStateRow.last_polled_at) <= cutoff,
                    ),
                )
                .values(last_polled_at=now)
            )
            return bool(result.rowcount)

    async def record_poll(
        self,
        name: str,
        *,
        ok: bool,
        error: str | None = None,
        cursor: SourceCursor | None = None,
    ) -> None:
        """Record one poll's outcome: health counters, and the new cursor on success."""
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await session.get(SourceStateRow, name)
            if row is None:
                row = SourceStateRow(name=name)
                session.add(row)
            row.last_polled_at = now
            if ok:
                row.last_success_at = now
                row.consecutive_failures = 0
                if cursor is not None:
                    row.etag, row.last_modified = cursor.etag, cursor.last_modified
                    row.cursor = json.dumps(cursor.cursor)
            else:
                row.last_error = (error or "unknown error")[:2000]
                row.last_error_at = now
                row.consecutive_failures = (row.consecutive_failures or 0) + 1

    async def source_health(self) -> dict[str, SourceHealth]:
        async with self._sessions() as session:
            rows = await session.execute(select(SourceStateRow))
            return {
                r.name: SourceHealth(
                    name=r.name,
                    last_polled_at=r.last_polled_at,
                    last_success_at=r.last_success_at,
                    last_error=r.last_error,
                    last_error_at=r.last_error_at,
                    consecutive_failures=r.consecutive_failures,
                )
                for r in rows.scalars()
            }

    # -- alert history ----------------------------------------------------------------
    # The notify worker's queries live in inmarket.store.deliveries; they share the
    # Store's engine through these three accessors.

    def reading(self) -> AsyncSession:
        """A session for reads: ``async with store.reading() as session``."""
        return self._sessions()

    def writing(self) -> Any:
        """A session in one transaction, committed on exit: ``async with store.writing() as s``."""
        return self._sessions.begin()

    def upsert_into(self, table: Any) -> Any:
        """The dialect's INSERT (with ``on_conflict_do_update``/``_nothing``) for ``table``."""
        return self._insert(table)

    def upsert(self, table: Any, values: dict[str, Any], keys: Sequence[str]) -> Any:
        """INSERT ``values`` into ``table``; on a conflict on ``keys``, update the rest."""
        return (
            self._insert(table)
            .values(values)
            .on_conflict_do_update(
                index_elements=list(keys),
                set_={k: v for k, v in values.items() if k not in keys},
            )
        )

    async def remember_alert(self, alert: InMarketAlert) -> None:
        """Store an alert that arrived on the topic (kept as is when already stored)."""
        async with self._sessions.begin() as session:
            await session.execute(
                self._insert(AlertRow)
                .values(
                    alert_id=alert.alert_id,
                    account_id=alert.account_id,
                    created_at=alert.created_at,
                    data=alert.model_dump_json(),
                    published=True,
                )
                .on_conflict_do_nothing(index_elements=["alert_id"])
            )

    async def alerts_by_id(self, alert_ids: Iterable[str]) -> dict[str, InMarketAlert]:
        ids = sorted(set(alert_ids))
        found: dict[str, InMarketAlert] = {}
        async with self._sessions() as session:
            for chunk in _chunks(ids):
                rows = await session.execute(select(AlertRow).where(AlertRow.alert_id.in_(chunk)))
                for row in rows.scalars():
                    found[row.alert_id] = InMarketAlert.model_validate_json(row.data)
        return found
