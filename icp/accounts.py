"""Accounts: the typed record and the CSV reader (pure; no database here).

CSV header names (case-insensitive, surrounding spaces ignored):

    id, name, domain, industry, employees, annual_revenue, country, technologies,
    owner_email, owner_slack_id, aliases, cik, greenhouse_board, lever_board, ashby_board

Only ``name`` is required. ``domain``, ``technologies`` and ``aliases`` take
``;``-separated lists. Any other column is kept as a custom attribute.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from signals.ids import normalize_key
from signals.matching.domains import registrable_domain

STANDARD_COLUMNS = (
    "id",
    "name",
    "domain",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "technologies",
    "owner_email",
    "owner_slack_id",
    "aliases",
    "cik",
    "greenhouse_board",
    "lever_board",
    "ashby_board",
)
REQUIRED_COLUMNS = ("name",)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^\s*\$?\s*([0-9][0-9,_]*(?:\.[0-9]+)?)\s*([kmb]|bn)?\s*$", re.IGNORECASE)
_MULTIPLIER = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}


class Account(BaseModel):
    """One target account.

    ``id`` is what inmarket reports the account by: the CRM's id (``external_id``)
    when the CSV has one, else a stable id derived from the first domain or name.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    external_id: str | None = None
    name: str
    domains: tuple[str, ...] = ()
    industry: str | None = None
    employees: int | None = None
    annual_revenue: float | None = None
    country: str | None = None
    technologies: tuple[str, ...] = ()
    owner_email: str | None = None
    owner_slack_id: str | None = None
    aliases: tuple[str, ...] = ()
    cik: str | None = None
    greenhouse_board: str | None = None
    lever_board: str | None = None
    ashby_board: str | None = None
    custom: dict[str, str] = {}

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    def attribute(self, name: str) -> Any:
        """A standard field or a custom column by name (``None`` when absent)."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return self.custom.get(name)


def derived_account_id(name: str, domains: tuple[str, ...]) -> str:
    """Stable id for an account the CRM gave no id: from its first domain, else its name."""
    basis = domains[0] if domains else normalize_key(name)
    return "acc-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class RowError:
    """A rejected row: 1-based line number in the file and what was wrong."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class CsvReadResult:
    accounts: list[Account] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (no header, missing required column)."""


def _split_list(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    parts = [part.strip() for part in value.split(";")]
    return tuple(dict.fromkeys(part for part in parts if part))


def parse_number(value: str, column: str) -> float | None:
    """``"1,200"``, ``"$12.5M"``, ``"3bn"`` -> float; empty -> None; bad -> ValueError."""
    if not value.strip():
        return None
    match = _NUMBER.match(value)
    if not match:
        raise ValueError(f"{column}: {value.strip()[:40]!r} is not a number")
    number = float(match.group(1).replace(",", "").replace("_", ""))
    if match.group(2):
        number *= _MULTIPLIER[match.group(2).lower()]
    return number


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); undecodable bytes kept as surrogates for per-row rejection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_bad_bytes(values: Mapping[str, str]) -> str | None:
    """The first column holding bytes that were not valid UTF-8 (kept as surrogates)."""
    for column, value in values.items():
        if _SURROGATE.search(value):
            return column
    return None


def open_csv(data: bytes, *, source: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header columns (lower-cased, stripped) and an iterator of (line number, row).

    A row with more fields than the header comes as ``{"__error__": reason}``.
    Raises CsvFormatError naming ``source`` when there is no header row.
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFormatError(f"{source}: the file is empty (no header row)") from None
    except csv.Error as exc:
        raise CsvFormatError(f"{source}: line 1: {exc}") from None
    columns = [h.strip().lower() for h in header]
    if not any(columns):
        raise CsvFormatError(f"{source}: line 1: the header row is empty")
    return columns, _rows(reader, columns, source)


def _rows(reader: Any, columns: list[str], source: str) -> Iterator[tuple[int, dict[str, str]]]:
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvFormatError(f"{source}: line {reader.line_num}: {exc}") from None
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            extra = values[len(columns) :]
            if any(v.strip() for v in extra):
                yield (
                    reader.line_num,
                    {"__error__": f"{len(values)} fields, header has {len(columns)}"},
                )
                continue
        row = {col: (values[i] if i < len(values) else "") for i, col in enumerate(columns) if col}
        yield reader.line_num, row


def account_from_row(row: Mapping[str, str]) -> Account:
    """Build an Account from one CSV row; ValueError names the column and value at fault."""
    bad = _has_bad_bytes(row)
    if bad:
        raise ValueError(f"{bad}: not valid UTF-8")
    name = row.get("name", "").strip()
    if not name:
        raise ValueError("name: empty")
    raw_domains = _split_list(row.get("domain", ""))
    domains: list[str] = []
    for raw in raw_domains:
        domain = registrable_domain(raw)
        if domain is None:
            raise ValueError(f"domain: {raw[:60]!r} is not a registrable domain")
        if domain not in domains:
            domains.append(domain)
    employees = parse_number(row.get("employees", ""), "employees")
    if employees is not None and (employees < 0 or employees != int(employees)):
        raise ValueError(f"employees: {row['employees'].strip()!r} is not a whole number >= 0")
    revenue = parse_number(row.get("annual_revenue", ""), "annual_revenue")
    owner_email = row.get("owner_email", "").strip() or None
    if owner_email and not _EMAIL.match(owner_email):
        raise ValueError(f"owner_email: {owner_email[:60]!r} is not an email address")
    cik = row.get("cik", "").strip() or None
    if cik is not None:
        if not (cik.isascii() and cik.isdigit()) or len(cik) > 10:
            raise ValueError(f"cik: {cik[:20]!r} is not a CIK (up to 10 digits)")
        cik = cik.lstrip("0") or "0"
    external_id = row.get("id", "").strip() or None
    domains_t = tuple(domains)
    return Account(
        id=external_id or derived_account_id(name, domains_t),
        external_id=external_id,
        name=name,
        domains=domains_t,
        industry=row.get("industry", "").strip() or None,
        employees=int(employees) if employees is not None else None,
        annual_revenue=revenue,
        country=row.get("country", "").strip() or None,
        technologies=_split_list(row.get("technologies", "")),
        owner_email=owner_email,
        owner_slack_id=row.get("owner_slack_id", "").strip() or None,
        aliases=_split_list(row.get("aliases", "")),
        cik=cik,
        greenhouse_board=row.get("greenhouse_board", "").strip() or None,
        lever_board=row.get("lever_board", "").strip() or None,
        ashby_board=row.get("ashby_board", "").strip() or None,
        custom={k: v.strip() for k, v in row.items() if k not in STANDARD_COLUMNS and v.strip()},
    )


def read_accounts_csv(data: bytes, *, source: str = "accounts.csv") -> CsvReadResult:
    """Read an accounts CSV. Bad rows are rejected with their line and reason; good rows kept.

    Raises CsvFormatError when the file as a whole is unusable (empty, no ``name`` column).
    Duplicate ids and domains shared by two accounts are reported as rejections and
    warnings, never silently merged.
    """
    result = CsvReadResult()
    for part in iter_accounts_csv(data, source=source):
        result.accounts.extend(part.accounts)
        result.rejected.extend(part.rejected)
        result.warnings.extend(part.warnings)
    return result


def iter_accounts_csv(
    data: bytes, *, source: str = "accounts.csv", chunk: int = 5000
) -> Iterator[CsvReadResult]:
    """:func:`read_accounts_csv` in parts of at most ``chunk`` accounts, so a million-row
    file is imported without holding every account in memory. Duplicate checks span the
    whole file. The header is checked before the first part is yielded."""
    columns, rows = open_csv(data, source=source)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CsvFormatError(f"{source}: line 1: missing required column(s): {', '.join(missing)}")
    return _account_parts(rows, chunk)


def _account_parts(
    rows: Iterator[tuple[int, dict[str, str]]], chunk: int
) -> Iterator[CsvReadResult]:
    seen_ids: dict[str, int] = {}
    domain_owner: dict[str, tuple[str, int]] = {}
    part = CsvReadResult()
    for line, row in rows:
        if "__error__" in row:
            part.rejected.append(RowError(line, row["__error__"]))
            continue
        try:
            account = account_from_row(row)
        except ValueError as exc:
            part.rejected.append(RowError(line, str(exc)))
            continue
        if account.id in seen_ids:
            part.rejected.append(
                RowError(line, f"id: {account.id!r} already used on line {seen_ids[account.id]}")
            )
            continue
        seen_ids[account.id] = line
        for domain in account.domains:
            if domain in domain_owner and domain_owner[domain][0] != account.id:
                other_id, other_line = domain_owner[domain]
                part.warnings.append(
                    f"line {line}: domain {domain!r} is also on line {other_line} ({other_id}); "
                    "signals for it will match neither until one is fixed"
                )
            else:
                domain_owner[domain] = (account.id, line)
        part.accounts.append(account)
        if len(part.accounts) >= chunk:
            yield part
            part = CsvReadResult()
    if part.accounts or part.rejected or part.warnings:
        yield part
