"""Accounts: the typed record and the CSV reader (pure; no database here).

Standard columns:

    id, name, domain, industry, employees, annual_revenue, country, technologies,
    owner_email, owner_slack_id, aliases, cik, greenhouse_board, lever_board, ashby_board

Only ``name`` is required. ``domain``, ``technologies`` and ``aliases`` take
``;``-separated lists. Any other column is kept as a custom attribute under its
normalized header.

Headers are normalized once per file: lower-cased, a BOM and surrounding spaces dropped,
every run of characters other than letters, digits and ``_`` turned into one ``_``, none
at the ends (``"Country/Region"`` -> ``country_region``, ``"Annual Revenue ($)"`` ->
``annual_revenue``). A header then names a standard column when it is the standard name,
the standard name without underscores (``AnnualRevenue``, ``OwnerEmail``), or one of
these CRM names (same normalization, underscores optional):

    id              account_id, record_id, company_id
    name            account_name, company_name, company, account
    domain          company_domain_name, domain_name, company_domain, website,
                    website_url, company_website
    employees       number_of_employees, employee_count, employees_count,
                    num_employees, headcount, employee_range, employees_range
    annual_revenue  revenue
    country         billing_country, country_region, hq_country, headquarters_country,
                    company_country, country_code
    technologies    tech_stack, technology_stack
    owner_email     account_owner_email, company_owner_email, owner_email_address

When several headers name one standard column, the exact standard name wins, then the
name without underscores, then the CRM name listed first above; the others stay custom
attributes, and each such choice is reported as a warning. A later column whose header
normalizes to the same name as an earlier one is ignored, with a warning. Without an
``owner_email`` column, an ``owner``, ``account_owner`` or ``company_owner`` value that is
an email address is the owner email; other values (a person's name) stay custom.

A header line with no comma but a ``;`` (or a tab) separates columns with that character.

Values: a domain may be a URL (``https://www.acme.com/about`` -> ``acme.com``). A page or
subdomain on a site that hosts other companies' pages (a social network, job board,
directory, site builder or mail provider: ``linkedin.com/company/acme``,
``acme.netlify.app``, ``jobs.lever.co/acme``) is not the company's domain and rejects the
row; the bare site (``linkedin.com``) is the site's own company. Numbers are read by
:func:`parse_number`; ``employees`` also takes a band (``51-200``, ``1,001-5,000``,
``201 to 500``, ``10,001+``, optionally followed by ``employees``), read as its lower
bound: the only figure the band guarantees, and defined for open bands too. As employees
are whole, ``2.500`` there is 2500.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from signals.ids import normalize_key
from signals.matching.domains import NON_COMPANY_DOMAINS, registrable_domain

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
ACCOUNT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("account_id", "record_id", "company_id"),
    "name": ("account_name", "company_name", "company", "account"),
    "domain": (
        "company_domain_name",
        "domain_name",
        "company_domain",
        "website",
        "website_url",
        "company_website",
    ),
    "employees": (
        "number_of_employees",
        "employee_count",
        "employees_count",
        "num_employees",
        "headcount",
        "employee_range",
        "employees_range",
    ),
    "annual_revenue": ("revenue",),
    "country": (
        "billing_country",
        "country_region",
        "hq_country",
        "headquarters_country",
        "company_country",
        "country_code",
    ),
    "technologies": ("tech_stack", "technology_stack"),
    "owner_email": ("account_owner_email", "company_owner_email", "owner_email_address"),
}
OWNER_COLUMNS = ("owner", "account_owner", "company_owner")
# Sites hosting pages of other companies, beyond the matcher's deny list: a page or
# subdomain on one of them is not an account's domain.
_NOT_A_WEBSITE = NON_COMPANY_DOMAINS | {"zoominfo.com"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HEADER_JUNK = re.compile(r"[^\w]+")
_CURRENCY = r"[$€£¥]|usd|eur|gbp|cad|aud|nzd|chf|jpy|inr|sek|nok|dkk|sgd"
_US_NUMBER = re.compile(
    r"^\$?\s*((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\s*([kmb]|bn|mm)?$", re.IGNORECASE
)
_NUMBER = re.compile(
    rf"^(?:(?:{_CURRENCY})\s*)?([0-9][0-9.,'_ \u00a0\u202f]*)"
    r"(k|mm|m|bn|b|thousand|million|billion)?\s*"
    rf"(?:{_CURRENCY})?$",
    re.IGNORECASE,
)
_MULTIPLIER = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_GROUPED = {
    ",": re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3})$"),
    ".": re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$"),
    " ": re.compile(r"^[0-9]{1,3}(?: [0-9]{3})+$"),
    "'": re.compile(r"^[0-9]{1,3}(?:'[0-9]{3})+$"),
}
_AMBIGUOUS_DOT = re.compile(r"^[1-9][0-9]{0,2}\.[0-9]{3}$")
_BAND = re.compile(
    r"^(.+?)\s*(?:-|\u2013|\u2014|\bto\b)\s*(.+?)(?:\s+employees?)?$|^(.+?)\s*\+(?:\s+employees?)?$",
    re.IGNORECASE,
)


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
    """A number as CRMs write it; empty -> None; malformed or ambiguous -> ValueError.

    Accepted: ``1200``, ``1,200`` and ``12,34,567`` (comma groups), ``1.200.000`` and
    ``1 200 000`` and ``1'200'000`` (other groups), a decimal point or, when it cannot be a
    group separator, a decimal comma (``1.234,5``, ``1,5``); a currency symbol or code before
    or after (``$``, ``€``, ``USD``; dropped, never converted); a suffix ``k``, ``M``/``MM``,
    ``B``/``bn`` or ``thousand``/``million``/``billion``. A single comma before exactly three
    digits groups thousands (``1,200`` = 1200, the US reading); a single dot before exactly
    three digits after one to three digits (``1.200``) could be 1.2 or 1200 and is rejected
    unless a suffix follows (``1.200M`` = 1.2M). Signs, exponents and other text are rejected.
    """
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        if match := _US_NUMBER.match(text):  # the common case, read without _digits
            number: float | None = _us_digits(match.group(1), bool(match.group(2)))
        elif match := _NUMBER.match(text):
            number = _digits(match.group(1).rstrip(), bool(match.group(2)))
        else:
            number = None
    except _AmbiguousNumber:
        raise ValueError(
            f"{column}: {text[:40]!r} is ambiguous: the dot may be a decimal point or a "
            "thousands separator; write it without thousands separators"
        ) from None
    if match is None or number is None:
        raise ValueError(f"{column}: {text[:40]!r} is not a number")
    if match.group(2):
        number *= _MULTIPLIER[match.group(2).lower()]
    return number


class _AmbiguousNumber(ValueError):
    """A number that reads two ways (``1.200``)."""


def _us_digits(text: str, has_suffix: bool) -> float:
    """``1,234,567.8`` or ``1234.5``; only ``1.200`` without a suffix is ambiguous."""
    if "," not in text and not has_suffix and _AMBIGUOUS_DOT.match(text):
        raise _AmbiguousNumber(text)
    return float(text.replace(",", "")) if "," in text else float(text)


def _digits(text: str, has_suffix: bool) -> float | None:
    """The value of a digit string with separators; None when malformed."""
    text = text.replace("_", "").replace("\u00a0", " ").replace("\u202f", " ")
    separators = [c for c in text if not c.isdigit()]
    if not separators:
        return float(text)
    last = separators[-1]
    if separators.count(last) > 1 or last not in ".,":
        return _grouped(text, last)
    whole, fraction = text.rsplit(last, 1)
    if not fraction:
        return None
    if len(separators) == 1:
        if last == "," and len(fraction) == 3 and _GROUPED[","].match(text):
            return float(text.replace(",", ""))
        if last == "." and not has_suffix and _AMBIGUOUS_DOT.match(text):
            raise _AmbiguousNumber(text)
        return float(f"{whole}.{fraction}")
    grouping = separators[0]
    if grouping == last or not _GROUPED[grouping].match(whole):
        return None
    return float(f"{whole.replace(grouping, '')}.{fraction}")


def _grouped(text: str, separator: str) -> float | None:
    """An integer written with one kind of group separator, else None."""
    pattern = _GROUPED.get(separator)
    if pattern is None or not pattern.match(text):
        return None
    return float(text.replace(separator, ""))


def parse_employees(value: str) -> int | None:
    """A whole number of employees, or a band read as its lower bound (module docstring)."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if _AMBIGUOUS_DOT.match(text):  # 2.500 cannot be 2.5 employees
        return int(text.replace(".", ""))
    try:
        number = parse_number(text, "employees")
    except ValueError:
        band = _BAND.match(text)
        if band is None:
            raise
        number = _band_floor(text, band)
    if number is not None and (number < 0 or number != int(number)):
        raise ValueError(f"employees: {text[:40]!r} is not a whole number >= 0")
    return int(number) if number is not None else None


def _band_floor(text: str, band: re.Match[str]) -> float:
    low_text, high_text = (band.group(1), band.group(2)) if band.group(1) else (band.group(3), "")
    bad = ValueError(f"employees: {text[:40]!r} is neither a number nor a band like 51-200")
    try:
        low = parse_number(low_text, "employees")
        high = parse_number(high_text, "employees")
    except ValueError:
        raise bad from None
    if low is None or (high is not None and high < low):
        raise bad
    return low


def _decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16 when it starts with a UTF-16 BOM (Excel's
    "Unicode Text"). Bytes that are not UTF-8 are kept as surrogates for per-row
    rejection; a UTF-16 file that does not decode is a CsvFormatError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CsvFormatError(f"{source}: not valid UTF-16 at byte {exc.start}") from None
    return data.decode("utf-8", errors="surrogateescape")


_SURROGATE = re.compile("[\udc80-\udcff]")


def _bad_value(values: Mapping[str, str]) -> str | None:
    """Why a row cannot be read as text (``<column>: <reason>``), or None: bytes that are
    not UTF-8, or a NUL byte (never part of a real value; a database refuses it)."""
    for column, value in values.items():
        if _SURROGATE.search(value):
            return f"{column}: not valid UTF-8"
        if "\x00" in value:
            return f"{column}: contains a NUL byte"
    return None


def normalize_header(text: str) -> str:
    """``" Country/Region"`` -> ``country_region`` (the rule in the module docstring)."""
    return _HEADER_JUNK.sub("_", text.replace("\ufeff", "").strip().lower()).strip("_")


@dataclass(frozen=True)
class HeaderMap:
    """How a header is read: the name each position's values go under (``""`` = ignored)
    and warnings about the choices made when several headers name one column."""

    keys: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def _header_index(
    standard: Sequence[str], synonyms: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, int]]:
    """Normalized header -> (standard column, rank); a lower rank is a stronger claim."""
    index = {column: (column, 0) for column in standard}
    for column in standard:
        index.setdefault(column.replace("_", ""), (column, 1))
    for column, names in synonyms.items():
        for rank, name in enumerate(names, start=2):
            index.setdefault(name, (column, rank))
            index.setdefault(name.replace("_", ""), (column, rank))
    return index


def map_header(
    header: Sequence[str],
    standard: Sequence[str] = STANDARD_COLUMNS,
    synonyms: Mapping[str, tuple[str, ...]] = ACCOUNT_SYNONYMS,
) -> HeaderMap:
    """Read a header row: standard columns by name or CRM synonym, the rest as custom.

    Deterministic: for each standard column the strongest claim wins (exact name, then the
    name without underscores, then synonyms in listed order), ties going to the leftmost.
    """
    index = _header_index(standard, synonyms)
    names = [normalize_header(h) for h in header]
    claims = [index.get(n) or index.get(n.replace("_", "")) if n else None for n in names]
    winner: dict[str, tuple[int, int]] = {}
    for position, claim in enumerate(claims):
        if claim and (claim[0] not in winner or claim[1] < winner[claim[0]][0]):
            winner[claim[0]] = (claim[1], position)
    chosen = {position: column for column, (_, position) in winner.items()}
    keys: list[str] = []
    first: dict[str, int] = {}
    warnings: list[str] = []
    for position, name in enumerate(names):
        key = chosen.get(position, name)
        claim = claims[position]
        if key in first:
            warnings.append(
                f"line 1: column {header[position].strip()!r} is ignored: column "
                f"{header[first[key]].strip()!r} has the same name ({key!r})"
            )
            key = ""
        elif claim and position not in chosen:
            warnings.append(
                f"line 1: column {header[position].strip()!r} is not read as {claim[0]}: "
                f"column {header[winner[claim[0]][1]].strip()!r} is"
            )
        if key:
            first[key] = position
        keys.append(key)
    return HeaderMap(tuple(keys), tuple(warnings))


def _delimiter(text: str) -> str:
    """``,`` unless the header line has none and has ``;`` or a tab (European Excel)."""
    line = text[: text.find("\n")] if "\n" in text else text
    if "," in line:
        return ","
    if ";" in line:
        return ";"
    return "\t" if "\t" in line else ","


def open_csv(
    data: bytes,
    *,
    source: str,
    standard: Sequence[str] = STANDARD_COLUMNS,
    synonyms: Mapping[str, tuple[str, ...]] = ACCOUNT_SYNONYMS,
) -> tuple[HeaderMap, Iterator[tuple[int, dict[str, str]]]]:
    """The header as read by :func:`map_header` and an iterator of (line number, row).

    A row that cannot be read (more fields than the header, a field over the csv size
    limit, bytes that are not UTF-8, a NUL byte) comes as ``{"__error__": reason}``.
    Raises CsvFormatError naming ``source`` when there is no header row.
    """
    text = _decode(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:65536]))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFormatError(f"{source}: the file is empty (no header row)") from None
    except csv.Error as exc:
        raise CsvFormatError(f"{source}: line 1: {exc}") from None
    if not any(normalize_header(h) for h in header):
        raise CsvFormatError(f"{source}: line 1: the header row is empty")
    columns = map_header(header, standard, synonyms)
    return columns, _rows(reader, list(columns.keys), source)


def _rows(reader: Any, columns: list[str], source: str) -> Iterator[tuple[int, dict[str, str]]]:
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the size limit: that row only
            yield reader.line_num, {"__error__": _csv_problem(exc)}
            continue
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
        bad = _bad_value(row)
        yield reader.line_num, ({"__error__": bad} if bad else row)


def _csv_problem(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return f"a field is longer than {csv.field_size_limit()} characters"
    return str(exc)


def _domains(value: str, name: str) -> tuple[str, ...]:
    """The registrable domains of a ``;``-separated domain or website cell, in order.

    A page or subdomain on a site that hosts other companies is refused, unless the account
    is the site's owner (``about.gitlab.com`` for GitLab Inc.)."""
    domains: list[str] = []
    for raw in _split_list(value):
        domain = registrable_domain(raw)
        if domain is None:
            raise ValueError(f"domain: {raw[:60]!r} is not a registrable domain")
        if (
            domain in _NOT_A_WEBSITE
            and not _is_bare_site(raw, domain)
            and not _owns_site(name, domain)
        ):
            raise ValueError(
                f"domain: {raw[:60]!r} is a page or site on {domain}, not the company's own domain"
            )
        if domain not in domains:
            domains.append(domain)
    return tuple(domains)


def _is_bare_site(raw: str, domain: str) -> bool:
    """``https://www.linkedin.com/`` is linkedin.com itself; ``linkedin.com/company/x``,
    ``acme.netlify.app`` and ``jobs@lever.co`` are not."""
    host = raw.strip().lower().split("://", 1)[-1].rstrip("/")
    return host.removeprefix("www.") == domain


def _duplicate_id(account: Account, first_line: int) -> str:
    if account.external_id is not None:
        return f"id: {account.id!r} already used on line {first_line}"
    basis = f"domain {account.domains[0]}" if account.domains else f"name {account.name!r}"
    return (
        f"no id, and the id derived from its {basis} ({account.id}) is already used on line "
        f"{first_line}: add an id column to tell them apart"
    )


def _owns_site(name: str, domain: str) -> bool:
    """The account's name starts with the site's name: GitLab Inc. owns gitlab.com."""
    label = domain.split(".", 1)[0]
    compact = "".join(ch for ch in name.casefold() if ch.isalnum())
    return len(label) >= 3 and compact.startswith(label)


def account_from_row(row: Mapping[str, str]) -> Account:
    """Build an Account from one CSV row; ValueError names the column and value at fault."""
    bad = _bad_value(row)
    if bad:
        raise ValueError(bad)
    name = row.get("name", "").strip()
    if not name:
        raise ValueError("name: empty")
    domains = _domains(row.get("domain", ""), name)
    employees = parse_employees(row.get("employees", ""))
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
    domains_t = domains
    return Account(
        id=external_id or derived_account_id(name, domains_t),
        external_id=external_id,
        name=name,
        domains=domains_t,
        industry=row.get("industry", "").strip() or None,
        employees=employees,
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
    missing = [c for c in REQUIRED_COLUMNS if c not in columns.keys]
    if missing:
        raise CsvFormatError(
            f"{source}: line 1: missing required column(s): {', '.join(missing)} "
            f"(columns: {', '.join(k for k in columns.keys if k)})"
        )
    return _account_parts(rows, chunk, columns)


def owner_fallback(keys: Sequence[str]) -> str | None:
    """The owner-name column whose email values stand in for a missing ``owner_email``."""
    if "owner_email" in keys:
        return None
    return next((c for c in OWNER_COLUMNS if c in keys), None)


def _promote_owner(row: dict[str, str], column: str) -> None:
    value = row.get(column, "").strip()
    if _EMAIL.match(value):
        row["owner_email"] = value
        del row[column]


def _account_parts(
    rows: Iterator[tuple[int, dict[str, str]]], chunk: int, columns: HeaderMap
) -> Iterator[CsvReadResult]:
    seen_ids: dict[str, int] = {}
    domain_owner: dict[str, tuple[str, int]] = {}
    owner_column = owner_fallback(columns.keys)
    part = CsvReadResult(warnings=list(columns.warnings))
    for line, row in rows:
        if "__error__" in row:
            part.rejected.append(RowError(line, row["__error__"]))
            continue
        if owner_column:
            _promote_owner(row, owner_column)
        try:
            account = account_from_row(row)
        except ValueError as exc:
            part.rejected.append(RowError(line, str(exc)))
            continue
        if account.id in seen_ids:
            part.rejected.append(RowError(line, _duplicate_id(account, seen_ids[account.id])))
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
