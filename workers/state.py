"""What one worker process keeps in memory: the ICP, the match index, the sources."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from icp.definition import IcpDefinition
from inmarket.polling import board_sources
from inmarket.settings import Settings
from inmarket.store.db import Store, StoredAccount
from signals.config import SourceConfig, load_sources
from signals.errors import SourceError
from signals.matching.index import MatchIndex

log = logging.getLogger("inmarket.workers")


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
        """Apply account changes since the last refresh to the index; returns how many.

        Streams the changes in batches, so a million accounts never sit in memory twice.
        """
        start = self.revision
        count = 0
        collecting = gc.isenabled()
        gc.disable()  # the collector would rescan the growing index on every batch
        try:
            async for batch in self.store.iter_accounts(since_revision=start):
                for stored in batch:
                    count += 1
                    self.revision = max(self.revision, stored.revision)
                    self._apply(stored)
        finally:
            if collecting:
                gc.enable()
        return count

    def _apply(self, stored: StoredAccount) -> None:
        account_id = stored.account.id
        if stored.deleted:
            self.index.remove(account_id)
            self.in_icp.discard(account_id)
            self.boards.pop(account_id, None)
            return
        self.index.upsert(stored.account)
        boards = board_sources(
            stored.account,
            interval_seconds=self.settings.board_poll_seconds,
            url_templates=self.settings.board_urls,
        )
        if boards:
            self.boards[account_id] = boards
        else:
            self.boards.pop(account_id, None)
        if stored.fit.in_icp:
            self.in_icp.add(account_id)
        else:
            self.in_icp.discard(account_id)

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
