"""Won and lost deals for the pressure test and discovery: the CSV reader (pure).

One row per closed deal, with the account's attributes in the same columns as the accounts
import (custom columns included; headers are normalized and CRM names mapped as described in
``icp/accounts.py``) plus:

- ``outcome``: won = ``won``, ``win``, ``closed won``/``closed-won``/``closed_won``,
  ``w``, ``1``, ``true``, ``yes``; lost = ``lost``, ``loss``, ``closed lost`` (any separator),
  ``l``, ``0``, ``false``, ``no``. Case-insensitive. Any other value rejects the row.
  Also read from ``win_loss``, ``won_lost`` or ``deal_outcome``.
- Without an outcome column, the CRM's stage: ``stage`` (Salesforce "Stage", ``StageName``),
  ``deal_stage`` (HubSpot "Deal Stage", ``dealstage``) or ``opportunity_stage``. Only
  ``Closed Won``/``closedwon``/``Won`` and ``Closed Lost``/``closedlost``/``Lost`` (any case,
  any separator) are closed; a row with any other stage (an open deal) is rejected with its
  line and stage.
- ``close_date`` (required; also "Close Date", ``closedate``, ``closed_date``,
  ``date_closed``): ``2025-03-01`` (ISO, a time part is ignored), ``2025/03/01``,
  ``1 Mar 2025``, ``01-Mar-2025``, ``March 1, 2025``, ``Mar 1 2025``, ``01.03.2025`` (dots are
  always day.month.year), and ``03/01/2025`` or ``03-01-25`` with slashes or dashes.
  Slash dates are ambiguous; the rule: a file whose slash dates have a first part above 12
  is read day/month, one with a second part above 12 month/day; a file with both is rejected;
  a file where nothing decides is read month/day (the US CRM default) unless ``date_order``
  says ``dmy``. Two-digit years are 20xx.
- ``amount`` (optional; also ``deal_amount``, ``opportunity_amount``,
  ``amount_in_company_currency``): a number as :func:`icp.accounts.parse_number` reads it
  (``12,500``, ``$1.2M``, ``EUR 2.000.000``).

The account needs no ``name`` column here: ``name``, ``account_name``, ``company_name``,
``company`` or ``account`` is used, else the deal's line. An ``id`` is read from ``id``,
``account_id`` or ``company_id`` only (a deals export's "Record ID" is the deal's).
Deal bookkeeping columns are not account attributes: the outcome, stage, date and amount
columns, ``deal_id``, ``deal_name``, ``opportunity``, ``opportunity_id``,
``opportunity_name``, ``record_id``, owners, created/modified dates, ``fiscal_period``,
``next_step``, and columns that
restate the outcome (``probability``, ``deal_probability``, ``forecast_category``, ``won``,
``closed``, ``is_won``, ``is_closed``, won/lost reasons), which would otherwise look like
perfect predictors to discovery.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from icp.accounts import (
    ACCOUNT_SYNONYMS,
    STANDARD_COLUMNS,
    Account,
    CsvFormatError,
    HeaderMap,
    RowError,
    account_from_row,
    open_csv,
    parse_number,
)

DateOrder = Literal["auto", "mdy", "dmy"]
MAX_DEALS_BYTES = 512 * 1024 * 1024
DEAL_SYNONYMS: dict[str, tuple[str, ...]] = {
    **ACCOUNT_SYNONYMS,
    "id": ("account_id", "company_id"),
    "outcome": ("win_loss", "won_lost", "deal_outcome"),
    "stage": ("deal_stage", "opportunity_stage", "stage_name"),
    "close_date": ("closed_date", "date_closed"),
    "amount": ("deal_amount", "opportunity_amount", "amount_in_company_currency"),
}
DEAL_COLUMNS = (
    "outcome",
    "close_date",
    "amount",
    "deal_id",
    "deal_name",
    "opportunity",
    "stage",
    "opportunity_id",
    "opportunity_name",
    "record_id",
    "deal_owner",
    "opportunity_owner",
    "create_date",
    "created_date",
    "last_modified_date",
    "last_activity_date",
    "fiscal_period",
    "next_step",
    "probability",
    "deal_probability",
    "forecast_category",
    "won",
    "closed",
    "is_won",
    "is_closed",
    "closed_won_reason",
    "closed_lost_reason",
    "loss_reason",
    "lost_reason",
    "win_reason",
)
_READ_COLUMNS = (*STANDARD_COLUMNS, "outcome", "stage", "close_date", "amount")
_DEAL_NAMES = [
    *DEAL_COLUMNS,
    *(n for c in ("outcome", "stage", "close_date", "amount") for n in DEAL_SYNONYMS[c]),
]
_BOOKKEEPING = frozenset(_DEAL_NAMES) | {n.replace("_", "") for n in _DEAL_NAMES}
_NAME_COLUMNS = ("name", *ACCOUNT_SYNONYMS["name"])
_WON = {"won", "win", "closed won", "closedwon", "w", "1", "true", "yes", "y"}
_LOST = {"lost", "loss", "closed lost", "closedlost", "l", "0", "false", "no", "n"}
_STAGE_WON = {"closed won", "closedwon", "won"}
_STAGE_LOST = {"closed lost", "closedlost", "lost"}
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})(?:[T ].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


class DealsError(ValueError):
    """The deals file as a whole cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Deal:
    """One closed deal: the account as it was, won or lost, when, and for how much."""

    line: int
    account: Account
    won: bool
    close_date: date
    amount: float | None = None


@dataclass
class DealsReadResult:
    deals: list[Deal] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    too_old: int = 0
    after_as_of: int = 0
    date_order: str = "mdy"
    date_order_reason: str = ""
    custom_columns: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    window_start: date | None = None
    window_months: int = 24


def parse_outcome(value: str) -> bool:
    """True for won, False for lost; ValueError naming the value otherwise."""
    key = re.sub(r"[\s_-]+", " ", value.strip().casefold())
    if key in _WON:
        return True
    if key in _LOST:
        return False
    raise ValueError(f"outcome: {value.strip()[:40]!r} is neither won nor lost")


def parse_stage(value: str) -> bool:
    """True for a closed-won stage, False for closed-lost; ValueError naming any other stage."""
    key = re.sub(r"[\s_/-]+", " ", value.strip().casefold())
    if key in _STAGE_WON:
        return True
    if key in _STAGE_LOST:
        return False
    raise ValueError(f"stage: {value.strip()[:40]!r} is neither closed won nor closed lost")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month(name: str) -> int:
    month = _MONTHS.get(name.casefold().rstrip("."))
    if month is None:
        raise ValueError(f"{name!r} is not a month name")
    return month


def parse_date(value: str, order: Literal["mdy", "dmy"] = "mdy") -> date:
    """Parse one close date (see the module docstring); ValueError names the value."""
    text = value.strip()
    try:
        if m := _ISO.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(text):
            a, b = int(m.group(1)), int(m.group(3))
            month, day = (a, b) if order == "mdy" else (b, a)
            return date(_year(m.group(4)), month, day)
        if m := _DOTTED.match(text):
            return date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _DAY_MONTH.match(text):
            return date(_year(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if m := _MONTH_DAY.match(text):
            return date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    except ValueError as exc:
        raise ValueError(f"close_date: {text[:40]!r} is not a valid date ({exc})") from None
    raise ValueError(f"close_date: {text[:40]!r} is not a date format we read")


def infer_date_order(values: Iterable[tuple[int, str]]) -> tuple[Literal["mdy", "dmy"], str]:
    """Decide month/day vs day/month for a file's slash dates; DealsError when they conflict."""
    dmy_line = mdy_line = None
    for line, value in values:
        m = _NUMERIC.match(value.strip())
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 and b <= 12 and dmy_line is None:
            dmy_line = line
        elif b > 12 and a <= 12 and mdy_line is None:
            mdy_line = line
    if dmy_line and mdy_line:
        raise DealsError(
            f"close_date: line {dmy_line} reads only as day/month and line {mdy_line} only as "
            "month/day; make the dates consistent (ISO 2025-03-01 is safest)"
        )
    if dmy_line:
        return "dmy", f"day/month: line {dmy_line} has a first part above 12"
    if mdy_line:
        return "mdy", f"month/day: line {mdy_line} has a second part above 12"
    return "mdy", "month/day: no date decides, so the default applies"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's last day."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def read_deals_csv(
    data: bytes,
    *,
    source: str = "deals.csv",
    as_of: date,
    window_months: int = 24,
    date_order: DateOrder = "auto",
) -> DealsReadResult:
    """Read closed deals; bad rows are rejected with line and reason, the rest kept.

    Deals closed before ``as_of`` minus ``window_months``, or after ``as_of``, are left out
    and counted. Raises DealsError when the file is empty, too large, or lacks ``outcome`` or
    ``close_date``.
    """
    if len(data) > MAX_DEALS_BYTES:
        raise DealsError(f"{source}: larger than {MAX_DEALS_BYTES // 2**20} MiB")
    if not data.strip():
        raise DealsError(f"{source}: the file is empty")
    try:
        columns, rows = open_csv(
            data, source=source, standard=_READ_COLUMNS, synonyms=DEAL_SYNONYMS
        )
        all_rows = list(rows)
    except CsvFormatError as exc:
        raise DealsError(str(exc)) from None
    outcome_column = _outcome_column(columns, source)
    if "close_date" not in columns.keys:
        raise DealsError(f"{source}: line 1: no 'close_date' column ({_listed(columns)})")
    if not all_rows:
        raise DealsError(f"{source}: no deals after the header row")
    window_start = months_before(as_of, window_months)
    result = DealsReadResult(
        window_start=window_start, window_months=window_months, warnings=list(columns.warnings)
    )
    if date_order == "auto":
        order, reason = infer_date_order(
            (line, row.get("close_date", "")) for line, row in all_rows if "__error__" not in row
        )
    else:
        order, reason = date_order, f"{'month/day' if date_order == 'mdy' else 'day/month'}: set"
    result.date_order, result.date_order_reason = order, reason
    result.custom_columns = tuple(c for c in columns.keys if c and not _bookkeeping(c))
    outcome = parse_outcome if outcome_column == "outcome" else parse_stage
    account_keys = tuple(
        k for k in columns.keys if k and k not in _BOOKKEEPING and k not in _NAME_COLUMNS
    )
    for line, row in all_rows:
        if "__error__" in row:
            result.rejected.append(RowError(line, row["__error__"]))
            continue
        try:
            won = outcome(row.get(outcome_column, ""))
            closed = parse_date(row.get("close_date", ""), order)
            amount = parse_number(row.get("amount", ""), "amount")
            account = account_from_row(_account_row(row, account_keys, line))
        except ValueError as exc:
            result.rejected.append(RowError(line, str(exc)))
            continue
        if closed > as_of:
            result.after_as_of += 1
            continue
        if closed < window_start:
            result.too_old += 1
            continue
        result.deals.append(Deal(line, account, won, closed, amount))
    return result


def _listed(columns: HeaderMap) -> str:
    return "columns: " + ", ".join(k for k in columns.keys if k)


def _outcome_column(columns: HeaderMap, source: str) -> str:
    """``outcome`` when the file has it, else ``stage``; DealsError when it has neither."""
    for column in ("outcome", "stage"):
        if column in columns.keys:
            return column
    raise DealsError(
        f"{source}: line 1: no 'outcome' column and no stage column to read won/lost from "
        f"({_listed(columns)})"
    )


def _bookkeeping(column: str) -> bool:
    """Not an account attribute: a deal column, or a name column other than ``name``."""
    return column in _BOOKKEEPING or column in _NAME_COLUMNS or column in STANDARD_COLUMNS


def _account_row(row: dict[str, str], keys: tuple[str, ...], line: int) -> dict[str, str]:
    """The account's columns (``keys``) of a deal row; an account with no name is named
    after the deal's line."""
    account_row = {k: row[k] for k in keys}
    account_row["name"] = row.get("name", "").strip() or f"deal on line {line}"
    return account_row
