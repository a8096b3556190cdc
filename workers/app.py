"""The Faust app, built by a factory from settings (no module-level app).

Agents, one module each, every one ``decode -> call into icp/, signals/ or inmarket/ -> send``:

    sources.poll     -> poll    -> signals.raw           (the leader schedules polls)
    signals.inbound  -> inbound -> signals.raw           (and POST /signals)
    signals.raw      -> match   -> signals.matched | signals.unmatched | signals.review
    signals.matched  -> score   -> accounts.rescored, alerts.in_market
    alerts.in_market -> notify  -> Slack, email
    anything that fails         -> signals.dlq with the reason

Values are JSON bytes of the records in :mod:`signals.events`; the hot agents take batches
(``stream.take``) so the database is touched once per batch, not once per event. With
``hot_path = "aiokafka"`` match and score run in :class:`workers.hotpath.HotPath` instead
(batches over aiokafka, several times faster); their timers stay Faust's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import faust
import httpx

from inmarket.settings import Settings
from signals.fetch import Fetcher
from workers import inbound, match, notify, poll, score, topics
from workers.hotpath import HotPath, bootstrap_servers
from workers.pipeline import Pipeline
from workers.state import PipelineState

AGENT_MODULES = (poll, inbound, match, score, notify)


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
    declared = {
        name: app.topic(
            name,
            partitions=settings.partitions,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
        )
        for name in topics.ALL_TOPICS
    }
    http = httpx.AsyncClient(timeout=15.0, follow_redirects=True)
    pipeline = Pipeline(
        app=app,
        settings=settings,
        state=state,
        http=http,
        fetcher=Fetcher(http, user_agent=settings.user_agent, max_bytes=settings.max_feed_bytes),
        topics=declared,
    )

    for module in AGENT_MODULES:
        module.register(pipeline)

    hot: HotPath | None = None
    if settings.hot_path == "aiokafka":
        hot = HotPath(settings, state, bootstrap_servers(broker_url), loop=app.loop)

        @app.task
        async def start_hot_path() -> None:
            await app.add_runtime_dependency(hot)

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def close_clients(app: faust.App, **kwargs: Any) -> None:
        if hot is not None:
            await hot.stop()  # finishes the batch in flight while the store is still open
        await http.aclose()
        await state.store.close()

    return app
