"""What one worker process keeps in memory: the ICP, the match index, the sources."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from icp.definition import IcpDefinition
from inmarket.polling import board_sources
from inmarket.settings import Settings
from inmarket.store.db import Store
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
