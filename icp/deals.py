"""Won and lost deals for the pressure test and discovery: the CSV reader (pure).

One row per closed deal, with the account's attributes in the same columns as the accounts
import (custom columns included) plus:

- ``outcome`` (required): won = ``won``, ``win``, ``closed won``/``closed-won``/``closed_won``,
  ``w``, ``1``, ``true``, ``yes``; lost = ``lost``, ``loss``, ``closed lost`` (any separator),
  ``l``, ``0``, ``false``, ``no``. Case-insensitive. Any other value rejects the row.
- ``close_date`` (required): ``2025-03-01`` (ISO, a time part is ignored), ``2025/03/01``,
  ``1 Mar 2025``, ``01-Mar-2025``, ``March 1, 2025``, ``Mar 1 2025``, ``01.03.2025`` (dots are
  always day.month.year), and ``03/01/2025`` or ``03-01-25`` with slashes or dashes.
  Slash dates are ambiguous; the rule: a file whose slash dates have a first part above 12
  is read day/month, one with a second part above 12 month/day; a file with both is rejected;
  a file where nothing decides is read month/day (the US CRM default) unless ``date_order``
  says ``dmy``. Two-digit years are 20xx.
- ``amount`` (optional): a number (``12,500``, ``$1.2M``).

The account needs no ``name`` column here: ``account_name``, ``account`` or ``company`` are
used, else the deal's line. ``outcome``, ``close_date``, ``amount`` and deal bookkeeping
columns (``deal_id``, ``deal_name``, ``opportunity``, ``stage``) are not account attributes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from icp.accounts import (
    STANDARD_COLUMNS,
    Account,
    CsvFormatError,
    RowError,
    account_from_row,
    open_csv,
    parse_number,
)

DateOrder = Literal["auto", "mdy", "dmy"]
MAX_DEALS_BYTES = 512 * 1024 * 1024
DEAL_COLUMNS = ("outcome", "close_date", "amount", "deal_id", "deal_name", "opportunity", "stage")
_NAME_COLUMNS = ("name", "account_name", "account", "company")
_WON = {"won", "win", "closed won", "closedwon", "w", "1", "true", "yes", "y"}
_LOST = {"lost", "loss", "closed lost", "closedlost", "l", "0", "false", "no", "n"}
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
        columns, rows = open_csv(data, source=source)
        all_rows = list(rows)
    except CsvFormatError as exc:
        raise DealsError(str(exc)) from None
    for required in ("outcome", "close_date"):
        if required not in columns:
            raise DealsError(
                f"{source}: line 1: no {required!r} column (columns: {', '.join(columns)})"
            )
    if not all_rows:
        raise DealsError(f"{source}: no deals after the header row")
    window_start = months_before(as_of, window_months)
    result = DealsReadResult(window_start=window_start, window_months=window_months)
    if date_order == "auto":
        order, reason = infer_date_order(
            (line, row.get("close_date", "")) for line, row in all_rows if "__error__" not in row
        )
    else:
        order, reason = date_order, f"{'month/day' if date_order == 'mdy' else 'day/month'}: set"
    result.date_order, result.date_order_reason = order, reason
    name_column = next((c for c in _NAME_COLUMNS if c in columns), None)
    result.custom_columns = tuple(
        c
        for c in columns
        if c and c not in DEAL_COLUMNS and c not in _NAME_COLUMNS and c not in STANDARD_COLUMNS
    )
    for line, row in all_rows:
        if "__error__" in row:
            result.rejected.append(RowError(line, row["__error__"]))
            continue
        try:
            won = parse_outcome(row.get("outcome", ""))
            closed = parse_date(row.get("close_date", ""), order)
            amount = parse_number(row.get("amount", ""), "amount")
            account_row = {k: v for k, v in row.items() if k not in DEAL_COLUMNS}
            name = (account_row.pop(name_column, "") if name_column else "").strip()
            for other in _NAME_COLUMNS:
                account_row.pop(other, None)
            account_row["name"] = name or f"deal on line {line}"
            account = account_from_row(account_row)
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
