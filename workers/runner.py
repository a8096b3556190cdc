"""Run the pipeline worker: broker (embedded or configured), store, ICP, then Faust."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

import faust

from inmarket.broker import broker_for
from inmarket.icp_sync import read_icp, sync_icp
from inmarket.settings import Settings
from inmarket.store.db import Store
from workers.app import build_app
from workers.state import PipelineState

log = logging.getLogger("inmarket.workers")


class WorkerCrashed(RuntimeError):
    """The Faust worker stopped because a service crashed (the log has the traceback)."""


async def prepare_state(settings: Settings) -> PipelineState:
    """Open and migrate the store, apply the ICP file if it changed. Raises IcpError."""
    icp, digest = read_icp(settings.icp_file)
    store = Store.open(settings.resolved_database_url())
    await store.migrate()
    result = await sync_icp(store, icp, digest)
    log.info(result.summary())
    state = PipelineState(settings=settings, store=store, icp=icp, icp_hash=digest)
    state.reload_sources()
    # The index is complete before the worker consumes anything: a signal matched
    # against a half-built index would be wrongly sent to signals.unmatched.
    count = await state.refresh_accounts()
    gc.collect()
    gc.freeze()  # the index lives as long as the process; keep it out of later collections
    log.info("match index: %d accounts (%d in ICP)", count, len(state.in_icp))
    return state


def run_worker(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM. Starts (and stops) the embedded broker when none is set."""
    with broker_for(settings.broker_url) as broker_url:
        if not settings.broker_url:
            log.info(
                "embedded broker at %s (to read its topics: INMARKET_BROKER_URL=%s "
                "inmarket tail TOPIC)",
                broker_url,
                broker_url,
            )
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        state = loop.run_until_complete(prepare_state(settings))
        app = build_app(settings, broker_url, state)
        worker = faust.Worker(app, loglevel=settings.log_level.upper(), loop=loop)
        with contextlib.suppress(SystemExit):
            worker.execute_from_commandline()
        crash = app._crash_reason or worker._crash_reason
        if crash is not None:
            raise WorkerCrashed(f"the worker stopped on an error: {crash!r}")
