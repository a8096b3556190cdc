"""Accounts import: read the CSV, evaluate each account against the ICP once, upsert."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from icp.accounts import RowError, read_accounts_csv
from icp.definition import IcpDefinition
from icp.fit import evaluate_fit
from inmarket.store.db import ImportCounts, Store


@dataclass(frozen=True)
class ImportReport:
    counts: ImportCounts
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


async def import_accounts(store: Store, path: Path, icp: IcpDefinition) -> ImportReport:
    """Upsert the good rows of ``path``; rejected rows come back with line and reason.

    Idempotent: importing the same file twice reports every row unchanged the second time.
    Raises CsvFormatError when the file as a whole cannot be read, OSError when it is missing.
    """
    data = await asyncio.to_thread(path.read_bytes)
    result = read_accounts_csv(data, source=str(path))
    items = [(account, evaluate_fit(account, icp)) for account in result.accounts]
    counts = await store.upsert_accounts(items, icp.version)
    return ImportReport(counts=counts, rejected=result.rejected, warnings=result.warnings)
