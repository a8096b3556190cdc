"""Polling: which sources are due, and one poll of one source with its state and health.

Plain async functions over the store and the source registry; the poll worker is a thin
wrapper. Per-account job boards are sources too: one per board column of an account.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from icp.accounts import Account
from inmarket.store.db import SourceCursor, SourceHealth, Store
from signals.config import SourceConfig
from signals.fetch import Fetcher
from signals.registry import get_source_type
from signals.sources.base import PollOutcome, SourceState


def due_sources(
    sources: Iterable[SourceConfig], health: dict[str, SourceHealth], now: datetime
) -> list[SourceConfig]:
    """Enabled sources never polled, or last polled at least their interval ago."""
    due = []
    for source in sources:
        if not source.enabled or source.type == "webhook":
            continue
        seen = health.get(source.name)
        last = seen.last_polled_at if seen else None
        if last is None or now - last >= timedelta(seconds=source.poll_interval_seconds):
            due.append(source)
    return due


def by_name(sources: Sequence[SourceConfig]) -> dict[str, SourceConfig]:
    return {s.name: s for s in sources}


BOARD_COLUMNS = (
    ("greenhouse", "greenhouse_board"),
    ("lever", "lever_board"),
    ("ashby", "ashby_board"),
)
_SLUG = re.compile(r"[^a-z0-9_-]+")


def board_source_name(provider: str, token: str) -> str:
    """A valid, stable source name for an account's board: ``board-greenhouse-acme``."""
    slug = _SLUG.sub("-", token.lower()).strip("-") or "x"
    name = f"board-{provider}-{slug}"
    if len(name) > 64:  # keep it unique when cut to the name limit
        digest = hashlib.sha256(token.encode()).hexdigest()[:8]
        name = f"{name[:55]}-{digest}"
    return name


def board_sources(
    account: Account, *, interval_seconds: int, url_templates: Mapping[str, str]
) -> list[SourceConfig]:
    """One job-board source per board column the account fills in.

    Invalid tokens are skipped (the import keeps them; polling them could only fail).
    """
    found = []
    for provider, column in BOARD_COLUMNS:
        token = getattr(account, column)
        if not token:
            continue
        template = url_templates.get(provider)
        options: dict[str, str] = {"company_name": account.name}
        if account.domain:
            options["company_domain"] = account.domain
        try:
            found.append(
                SourceConfig(
                    name=board_source_name(provider, token),
                    type=provider,
                    board=token,
                    url=template.format(board=token) if template else None,
                    poll_interval_seconds=interval_seconds,
                    options=options,
                )
            )
        except ValueError:
            continue
    return found


async def poll_source(
    store: Store, fetcher: Fetcher, source: SourceConfig, now: datetime
) -> PollOutcome:
    """Poll ``source`` once from its stored state; store the new state and its health.

    Raises the source's SourceError after recording it (health shows it); the caller
    dead-letters it. Per-item errors come back in ``PollOutcome.errors``.
    """
    stored = await store.source_cursor(source.name)
    state = SourceState(etag=stored.etag, last_modified=stored.last_modified, cursor=stored.cursor)
    source_type = get_source_type(source.type)()
    try:
        outcome = await source_type.poll(source, fetcher, state, now=now)
    except Exception as exc:
        await store.record_poll(source.name, ok=False, error=str(exc) or type(exc).__name__)
        raise
    await store.record_poll(
        source.name,
        ok=True,
        cursor=SourceCursor(
            outcome.state.etag, outcome.state.last_modified, dict(outcome.state.cursor)
        ),
    )
    return outcome
