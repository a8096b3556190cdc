"""Accounts import: read the CSV, evaluate each account against the ICP once, upsert."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from icp.accounts import RowError, iter_accounts_csv
from icp.criteria import criteria_of
from icp.definition import IcpDefinition
from inmarket.icp_sync import verdict
from inmarket.store.db import ImportCounts, Store


@dataclass(frozen=True)
class ImportReport:
    counts: ImportCounts
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


async def import_accounts(
    store: Store, path: Path, icp: IcpDefinition, data: bytes | None = None
) -> ImportReport:
    """Upsert the good rows of ``path``; rejected rows come back with line and reason.

    Idempotent: importing the same file twice reports every row unchanged the second time.
    Works in parts of a few thousand rows under one revision, so memory stays flat for a
    million-row file. Raises CsvFormatError when the file as a whole cannot be read,
    OSError when it is missing. ``data``, when given, is the file's content already read
    (``path`` then only names it in messages).
    """
    if data is None:
        data = await asyncio.to_thread(path.read_bytes)
    parts = iter_accounts_csv(data, source=str(path))
    revision = await store.next_revision()
    criteria = criteria_of(icp)
    added = updated = unchanged = 0
    rejected: list[RowError] = []
    warnings: list[str] = []
    for part in parts:
        items = [(account, verdict(account, criteria, icp)) for account in part.accounts]
        counts = await store.upsert_accounts(items, icp.version, revision=revision)
        added, updated = added + counts.added, updated + counts.updated
        unchanged += counts.unchanged
        rejected.extend(part.rejected)
        warnings.extend(part.warnings)
    return ImportReport(ImportCounts(added, updated, unchanged), rejected, warnings)
