"""The Faust app, built by a factory from settings (no module-level app).

Agents, each ``decode -> call into icp/, signals/ or inmarket/ -> send``:

    sources.poll      -> poll       -> signals.raw        (timer on the leader schedules polls)
    signals.raw       -> match      -> signals.matched | signals.unmatched | signals.review
    signals.matched   -> score      -> accounts.rescored, alerts.in_market
    alerts.in_market  -> notify     -> Slack, email
    anything that fails           -> signals.dlq with the reason

Values are JSON bytes of the records in :mod:`signals.events`; agents take batches
(``stream.take``) so the database is touched once per batch, not once per event.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faust
import httpx
from pydantic import ValidationError

from icp.definition import IcpDefinition, IcpError
from inmarket.delivery import deliver_alert
from inmarket.icp_sync import read_icp, sync_icp
from inmarket.notify.errors import DeliveryError
from inmarket.polling import board_sources, by_name, due_sources, poll_source
from inmarket.rescore import rescore
from inmarket.settings import Settings
from inmarket.store.db import Store
from signals.config import SourceConfig, load_sources
from signals.errors import SourceError
from signals.events import (
    DeadLetter,
    InMarketAlert,
    MatchedSignal,
    SignalEvent,
    UnmatchedSignal,
)
from signals.fetch import Fetcher
from signals.matching.index import MatchIndex
from signals.sources.webhook import WebhookBatch
from signals.sources.webhook import parse as parse_webhook
from workers import topics

log = logging.getLogger("inmarket.workers")

PAYLOAD_LIMIT = 4000  # characters of an offending payload kept in a dead letter


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass
class PipelineState:
    """What one worker process keeps in memory: the ICP, the match index, the sources."""

    settings: Settings
    store: Store
    icp: IcpDefinition
    icp_hash: str
    index: MatchIndex = field(default_factory=MatchIndex)
    in_icp: set[str] = field(default_factory=set)
    revision: int = 0
    sources: list[SourceConfig] = field(default_factory=list)
    sources_mtime: float | None = None
    scheduled: dict[str, datetime] = field(default_factory=dict)
    # job boards named by accounts: account id -> its board sources
    boards: dict[str, list[SourceConfig]] = field(default_factory=dict)

    def all_sources(self) -> list[SourceConfig]:
        """The sources file's sources plus one per job board an account names."""
        return [*self.sources, *(s for found in self.boards.values() for s in found)]

    async def refresh_accounts(self) -> int:
        """Apply account changes since the last refresh to the index; returns how many."""
        changed = await self.store.accounts_since(self.revision)
        for stored in changed:
            self.revision = max(self.revision, stored.revision)
            if stored.deleted:
                self.index.remove(stored.account.id)
                self.in_icp.discard(stored.account.id)
                self.boards.pop(stored.account.id, None)
                continue
            self.index.upsert(stored.account)
            boards = board_sources(
                stored.account,
                interval_seconds=self.settings.board_poll_seconds,
                url_templates=self.settings.board_urls,
            )
            if boards:
                self.boards[stored.account.id] = boards
            else:
                self.boards.pop(stored.account.id, None)
            if stored.fit.in_icp:
                self.in_icp.add(stored.account.id)
            else:
                self.in_icp.discard(stored.account.id)
        return len(changed)

    def reload_sources(self) -> None:
        """Re-read the sources file when it changed; a bad file keeps the last good list."""
        path = Path(self.settings.sources_file)
        mtime = path.stat().st_mtime if path.exists() else None
        if mtime == self.sources_mtime:
            return
        try:
            self.sources = load_sources(path)
            log.info("sources: %d loaded from %s", len(self.sources), path)
        except SourceError as exc:
            log.error("sources file ignored, keeping %d sources: %s", len(self.sources), exc)
        self.sources_mtime = mtime


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


def build_app(settings: Settings, broker_url: str, state: PipelineState) -> faust.App:
    """A Faust app with the pipeline's topics and agents, bound to ``state``."""
    datadir = Path(".inmarket") / "faust"
    datadir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        settings.worker_id,
        broker=broker_url,
        store="memory://",
        autodiscover=False,
        topic_partitions=settings.partitions,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout_seconds,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_seconds / 5),
        web_enabled=settings.web_enabled,
        web_bind="127.0.0.1",
        web_port=settings.web_port,
        datadir=str(datadir),
        producer_acks=-1,
    )

    def topic(name: str) -> faust.TopicT:
        return app.topic(
            name,
            partitions=settings.partitions,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
        )

    poll_topic = topic(topics.SOURCES_POLL)
    raw_topic = topic(topics.SIGNALS_RAW)
    matched_topic = topic(topics.SIGNALS_MATCHED)
    unmatched_topic = topic(topics.SIGNALS_UNMATCHED)
    review_topic = topic(topics.SIGNALS_REVIEW)
    rescored_topic = topic(topics.ACCOUNTS_RESCORED)
    alerts_topic = topic(topics.ALERTS_IN_MARKET)
    dlq_topic = topic(topics.SIGNALS_DLQ)
    inbound_topic = topic(topics.SIGNALS_INBOUND)

    http = httpx.AsyncClient(timeout=15.0, follow_redirects=True)
    fetcher = Fetcher(http, user_agent=settings.user_agent, max_bytes=settings.max_feed_bytes)

    async def to_dlq(
        stage: str, source: str, error: str, payload: Any = None, *, retriable: bool = False
    ) -> None:
        log.warning("dead letter [%s] %s: %s", stage, source, error)
        await dlq_topic.send(
            key=source.encode(),
            value=dead_letter(stage, source, error, payload, retriable=retriable),
        )

    @app.task
    async def warm_up() -> None:
        count = await state.refresh_accounts()
        log.info("match index: %d accounts (%d in ICP)", count, len(state.in_icp))
        events, alerts = await state.store.unpublished()
        if events or alerts:
            await publish(events, alerts)

    @app.timer(interval=5.0)
    async def refresh_index() -> None:
        count = await state.refresh_accounts()
        if count:
            log.info("match index: %d accounts changed", count)

    @app.timer(interval=10.0)
    async def watch_icp() -> None:
        try:
            icp, digest = read_icp(Path(settings.icp_file))
        except (IcpError, OSError) as exc:
            log.error("ICP file ignored, keeping version %s: %s", state.icp.version, exc)
            return
        if digest == state.icp_hash:
            return
        state.icp, state.icp_hash = icp, digest
        if app.is_leader():
            result = await sync_icp(state.store, icp, digest)
            log.info(result.summary())

    @app.timer(interval=settings.poll_tick_seconds, on_leader=True)
    async def schedule_polls() -> None:
        state.reload_sources()
        now = now_utc()
        health = await state.store.source_health()
        for source in due_sources(state.all_sources(), health, now):
            last = state.scheduled.get(source.name)
            if last and (now - last).total_seconds() < source.poll_interval_seconds:
                continue
            state.scheduled[source.name] = now
            await poll_topic.send(key=source.name.encode(), value=source.name.encode())

    @app.agent(poll_topic, name="poll", concurrency=2)
    async def poll(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            name = value.decode("utf-8", "replace")
            state.reload_sources()
            source = by_name(state.all_sources()).get(name)
            if source is None or not source.enabled:
                continue
            try:
                outcome = await poll_source(state.store, fetcher, source, now_utc())
            except SourceError as exc:
                await to_dlq("poll", name, str(exc), retriable=exc.retriable)
                continue
            except Exception as exc:  # a bug in one source type must not stop the others
                log.exception("poll of %s failed", name)
                await to_dlq("poll", name, f"{type(exc).__name__}: {exc}")
                continue
            for event in outcome.events:
                await raw_topic.send(key=event.id.encode(), value=event.model_dump_json().encode())
            for error in outcome.errors:
                await to_dlq("parse", name, str(error), retriable=error.retriable)
            log.info(
                "polled %s: %d signals, %d skipped items",
                name,
                len(outcome.events),
                len(outcome.errors),
            )

    async def accept_inbound(data: bytes, where: str) -> WebhookBatch:
        """Validate a vendor's post; accepted signals go to signals.raw, rejects to the DLQ."""
        batch = parse_webhook(data)
        for event in batch.events:
            await raw_topic.send(key=event.id.encode(), value=event.model_dump_json().encode())
        for rejected in batch.rejected:
            await to_dlq("inbound", where, f"item {rejected.index}: {rejected.reason}", data)
        return batch

    @app.agent(inbound_topic, name="inbound")
    async def inbound(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            try:
                await accept_inbound(value, topics.SIGNALS_INBOUND)
            except SourceError as exc:
                await to_dlq("inbound", topics.SIGNALS_INBOUND, str(exc), value)

    @app.page("/signals")
    class InboundSignals(faust.web.View):
        """POST inmarket's JSON signal schema: 202 with counts, 400 with the reason."""

        async def post(self, request: faust.web.Request) -> faust.web.Response:
            data = await request.read()
            try:
                batch = await accept_inbound(data, "http:/signals")
            except SourceError as exc:
                return self.error(400, str(exc))
            body = {
                "accepted": [e.id for e in batch.events],
                "rejected": [{"index": r.index, "reason": r.reason} for r in batch.rejected],
            }
            return self.json(body, status=202 if batch.events else 400)

    @app.agent(raw_topic, name="match")
    async def match(stream: faust.StreamT[bytes]) -> None:
        async for batch in stream.take(settings.batch_size, within=settings.batch_seconds):
            events: list[SignalEvent] = []
            for value in batch:
                try:
                    events.append(SignalEvent.model_validate_json(value))
                except ValidationError as exc:
                    await to_dlq("match", topics.SIGNALS_RAW, _first_error(exc), value)
            await state.store.record_signals(events)
            for event in events:
                await _route(event)

    async def _route(event: SignalEvent) -> None:
        try:
            result = state.index.match(event)
        except Exception as exc:  # the matcher must never stop the stream
            await to_dlq("match", event.id, f"{type(exc).__name__}: {exc}", event.model_dump_json())
            return
        if result.account_id is None:
            target = review_topic if result.candidates else unmatched_topic
            payload = UnmatchedSignal(
                signal=event, reason=result.reason, candidates=result.candidates
            )
            await target.send(key=event.id.encode(), value=payload.model_dump_json().encode())
            return
        if result.account_id not in state.in_icp:
            payload = UnmatchedSignal(
                signal=event,
                reason=f"matched account {result.account_id}, which is outside the ICP",
            )
            await unmatched_topic.send(
                key=event.id.encode(), value=payload.model_dump_json().encode()
            )
            return
        assert result.method is not None
        matched = MatchedSignal(
            account_id=result.account_id,
            signal=event,
            method=result.method,
            confidence=result.confidence,
        )
        await matched_topic.send(
            key=result.account_id.encode(), value=matched.model_dump_json().encode()
        )

    async def publish(events: list[Any], alerts: list[InMarketAlert]) -> None:
        futures: list[Awaitable[Any]] = []
        for e in events:
            futures.append(
                await rescored_topic.send(
                    key=e.account_id.encode(), value=e.model_dump_json().encode()
                )
            )
        for a in alerts:
            futures.append(
                await alerts_topic.send(
                    key=a.account_id.encode(), value=a.model_dump_json().encode()
                )
            )
        for fut in futures:
            await fut
        await state.store.mark_published(events, alerts)

    @app.agent(matched_topic, name="score")
    async def score(stream: faust.StreamT[bytes]) -> None:
        async for batch in stream.take(settings.batch_size, within=settings.batch_seconds):
            matched: list[MatchedSignal] = []
            for value in batch:
                try:
                    matched.append(MatchedSignal.model_validate_json(value))
                except ValidationError as exc:
                    await to_dlq("score", topics.SIGNALS_MATCHED, _first_error(exc), value)
            if not matched:
                continue
            outcome = await rescore(state.store, state.icp, matched, now_utc())
            await publish(outcome.events, outcome.alerts)
            if outcome.alerts:
                log.info("in market: %s", ", ".join(a.account_name for a in outcome.alerts))

    @app.agent(alerts_topic, name="notify")
    async def notify(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            try:
                alert = InMarketAlert.model_validate_json(value)
            except ValidationError as exc:
                await to_dlq("notify", topics.ALERTS_IN_MARKET, _first_error(exc), value)
                continue
            try:
                outcomes = await deliver_alert(state.store, settings, http, alert)
            except DeliveryError as exc:
                await state.store.record_delivery(
                    alert_id=alert.alert_id,
                    channel=exc.channel,
                    account_id=alert.account_id,
                    status="failed",
                    detail=str(exc),
                )
                await to_dlq("notify", exc.channel, str(exc), value, retriable=True)
                continue
            for outcome in outcomes:
                if outcome.status == "failed":
                    await to_dlq("notify", outcome.channel, outcome.detail, value)
            log.info(
                "alert %s for %s: %s",
                alert.alert_id,
                alert.account_name,
                ", ".join(f"{o.channel} {o.status}" for o in outcomes),
            )

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def close_clients(app: faust.App, **kwargs: Any) -> None:
        await http.aclose()
        await state.store.close()

    return app


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "payload"
    return f"invalid payload: {where}: {err['msg']}"
