"""The ICP file: a versioned TOML document with one owner and a last-reviewed date.

It covers four dimensions. Firmographic and technographic criteria say who fits; behavioral
criteria test engagement facts the CRM or marketing tools export (extra columns of the accounts
or deals file); situational rules say which signal kinds count, how much, and for how long.

Example::

    name = "Mid-market data teams"
    version = "2026.4"
    owner = "revops@example.com"
    last_reviewed = 2026-10-01

    [firmographic]
    industries = ["Software", "Financial Services"]     # a list: a required criterion
    employees = { min = 50, max = 2000 }
    annual_revenue = { min = 5_000_000, required = false, weight = 2 }   # scores, never filters
    countries = ["US", "GB", "DE"]                       # names or ISO codes
    regions = ["DACH", "Nordics"]                        # union with countries when both are set

    [firmographic.custom.segment]                        # any extra column of the accounts file
    in = ["mid-market", "enterprise"]

    [technographic]
    required = ["Snowflake"]                             # all of them (filter)
    preferred = ["dbt", "Looker"]                        # share present (score)
    excluded = ["Oracle"]                                # none of them (filter)

    [behavioral.evaluation_committee_size]               # a numeric column
    min = 3
    required = false
    [behavioral.lead_source]                             # a categorical column
    in = ["inbound"]
    required = false
    weight = 2

    [situational.funding]
    weight = 60
    half_life_days = 45
    max_age_days = 90
    min_round = "series_b"

    [situational.leadership_change]
    weight = 50
    half_life_days = 60
    max_age_days = 180
    min_seniority = "vp"
    functions = ["sales", "marketing"]

    [scoring]
    in_market_threshold = 60
    fit_share = 0.4
    behavioral_share = 0.2
    tiers = { tier_1 = 80, tier_2 = 60, tier_3 = 40 }

    [pressure_test]
    won_included_target = 0.8
    lost_excluded_target = 0.7
    window_months = 24

A criterion table takes ``in`` (values, case-insensitive), ``not_in``, or ``min``/``max``
(numbers), plus ``required`` (default true: a filter), ``weight`` (default 1: its share of the
score) and ``if_missing`` ("fail", the default, or "pass": how an account without the value
fares). A plain list is shorthand for ``{ in = [...] }``.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from icp.geo import region_countries
from icp.signal_rules import ROUNDS, SENIORITIES, canonical_function
from signals.events import SignalKind

MAX_ICP_BYTES = 1_000_000


class IcpError(ValueError):
    """The ICP file is invalid; the message names the file, the key and, when known, the line."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Criterion(_Strict):
    """One test on one attribute: a value set (``in``/``not_in``) or a numeric range."""

    values: tuple[str, ...] = Field(default=(), alias="in")
    not_in: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    required: bool = True
    weight: float = Field(default=1.0, ge=0, le=1000)
    if_missing: Literal["fail", "pass"] = "fail"

    @model_validator(mode="before")
    @classmethod
    def _list_shorthand(cls, data: Any) -> Any:
        if isinstance(data, list | tuple):
            return {"in": list(data)}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Criterion:
        numeric = self.min is not None or self.max is not None
        categorical = bool(self.values or self.not_in)
        if numeric and categorical:
            raise ValueError("set either in/not_in or min/max, not both")
        if not numeric and not categorical:
            raise ValueError("sets no test: give in, not_in, min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self

    @property
    def numeric(self) -> bool:
        return self.min is not None or self.max is not None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


Range = Criterion
"""Kept for callers of the first version: a numeric criterion."""


def _none_if_empty(value: Any) -> Any:
    if isinstance(value, list | tuple) and not value:
        return None
    return value


class Firmographic(_Strict):
    industries: Criterion | None = None
    employees: Criterion | None = None
    annual_revenue: Criterion | None = None
    countries: Criterion | None = None
    regions: Criterion | None = None
    custom: dict[str, Criterion] = {}

    _empty = field_validator("industries", "countries", "regions", mode="before")(
        classmethod(lambda cls, v: _none_if_empty(v))
    )

    @field_validator("employees", "annual_revenue")
    @classmethod
    def _numeric(cls, value: Criterion | None) -> Criterion | None:
        if value is not None and not value.numeric:
            raise ValueError("takes min and/or max (a number range), not in/not_in")
        return value

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: Criterion | None) -> Criterion | None:
        if value is not None:
            for name in (*value.values, *value.not_in):
                if region_countries(name) is None:
                    raise ValueError(f"unknown region {name!r}")
        return value

    def criteria_count(self) -> int:
        fixed = (self.industries, self.employees, self.annual_revenue, self.countries, self.regions)
        return sum(c is not None for c in fixed) + len(self.custom)


class Technographic(_Strict):
    required: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    preferred_weight: float = Field(default=1.0, ge=0, le=1000)
    custom: dict[str, Criterion] = {}

    def criteria_count(self) -> int:
        return bool(self.required) + bool(self.preferred) + bool(self.excluded) + len(self.custom)


class SignalWeight(_Strict):
    """Points a fresh signal of this kind adds, halving every ``half_life_days``.

    Conditions (all optional; a signal failing one adds nothing): ``max_age_days``,
    ``min_round`` (funding), ``min_seniority`` and ``functions`` (leadership changes, roles,
    hiring), ``changes`` (leadership: appointed, departed, role_change), ``min_open_roles``
    (hiring surges), ``min_amount_usd`` (funding).
    """

    weight: float = Field(ge=0, le=100)
    half_life_days: float = Field(gt=0)
    max_age_days: float | None = Field(default=None, gt=0)
    min_round: str | None = None
    min_seniority: str | None = None
    functions: tuple[str, ...] = ()
    changes: tuple[Literal["appointed", "departed", "role_change"], ...] = ()
    min_open_roles: int | None = Field(default=None, ge=0)
    min_amount_usd: float | None = Field(default=None, ge=0)

    @field_validator("min_round")
    @classmethod
    def _round(cls, value: str | None) -> str | None:
        if value is not None and value not in ROUNDS:
            raise ValueError(f"unknown round {value!r}; one of {', '.join(ROUNDS)}")
        return value

    @field_validator("min_seniority")
    @classmethod
    def _seniority(cls, value: str | None) -> str | None:
        if value is not None and value not in SENIORITIES:
            raise ValueError(f"unknown seniority {value!r}; one of {', '.join(SENIORITIES)}")
        return value

    @field_validator("functions")
    @classmethod
    def _functions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        folded = []
        for name in value:
            canonical = canonical_function(name)
            if canonical is None:
                raise ValueError(f"unknown function {name!r}")
            folded.append(canonical)
        return tuple(dict.fromkeys(folded))


def _default_situational() -> dict[SignalKind, SignalWeight]:
    return {
        SignalKind.FUNDING: SignalWeight(weight=60, half_life_days=45),
        SignalKind.LEADERSHIP_CHANGE: SignalWeight(weight=50, half_life_days=60),
        SignalKind.HIRING_SURGE: SignalWeight(weight=40, half_life_days=30),
        SignalKind.EXECUTIVE_ROLE_OPENED: SignalWeight(weight=35, half_life_days=45),
        SignalKind.ACQUISITION: SignalWeight(weight=30, half_life_days=60),
        SignalKind.JOB_POSTING: SignalWeight(weight=5, half_life_days=21),
    }


class Tiers(_Strict):
    tier_1: float = Field(default=80, ge=0, le=100)
    tier_2: float = Field(default=60, ge=0, le=100)
    tier_3: float = Field(default=40, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Tiers:
        if not self.tier_1 >= self.tier_2 >= self.tier_3:
            raise ValueError("bands must satisfy tier_1 >= tier_2 >= tier_3")
        return self


class Scoring(_Strict):
    in_market_threshold: float = Field(default=60, ge=0, le=100)
    fit_share: float = Field(default=0.4, ge=0, le=1)
    behavioral_share: float = Field(default=0.2, ge=0, le=1)
    tiers: Tiers = Tiers()

    @model_validator(mode="after")
    def _shares(self) -> Scoring:
        if self.fit_share + self.behavioral_share > 1:
            raise ValueError("fit_share + behavioral_share must not exceed 1")
        return self


class PressureTest(_Strict):
    won_included_target: float = Field(default=0.8, gt=0, le=1)
    lost_excluded_target: float = Field(default=0.7, gt=0, le=1)
    window_months: int = Field(default=24, ge=1, le=240)


class IcpDefinition(_Strict):
    name: str = "ICP"
    version: str = Field(min_length=1)
    owner: str | None = None
    last_reviewed: date | None = None
    firmographic: Firmographic = Firmographic()
    technographic: Technographic = Technographic()
    behavioral: dict[str, Criterion] = {}
    situational: dict[SignalKind, SignalWeight] = Field(default_factory=_default_situational)
    scoring: Scoring = Scoring()
    pressure_test: PressureTest = PressureTest()

    @field_validator("owner")
    @classmethod
    def _owner(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(a or b or c for a, b, c in parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each TOML key path (tables and keys) to the line that defines it (first wins)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _HEADER.match(line):
            table = _split_key(m.group(1))
            lines.setdefault(table, number)
        elif m := _KEY.match(line):
            path = table + _split_key(m.group(1))
            lines.setdefault(path, number)
            # inline tables: { min = 1, max = 2 } -> their keys share this line
            for inner in re.findall(r"[{,]\s*([A-Za-z0-9_-]+)\s*=", line):
                lines.setdefault((*path, inner), number)
    return lines


def line_of(lines: dict[tuple[str, ...], int], loc: tuple[Any, ...]) -> int | None:
    """Line of the longest prefix of a validation error location that the file defines."""
    path = tuple(str(p) for p in loc if isinstance(p, str | int))
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _describe(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "enum" and "[key]" in err["loc"]:
        return f"unknown signal kind {err['input']!r}; one of {', '.join(k for k in SignalKind)}"
    msg = str(err["msg"])
    msg = msg.removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], dict | list):
        msg += f" (got {err['input']!r})"
    return msg


def parse_icp(text: str, *, source: str = "icp.toml") -> IcpDefinition:
    """Parse and validate ICP TOML. IcpError names ``source``, each bad key and its line."""
    if len(text) > MAX_ICP_BYTES:
        raise IcpError(f"{source}: larger than {MAX_ICP_BYTES} bytes; is this an ICP file?")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IcpError(f"{source}: {exc}") from None
    try:
        return IcpDefinition.model_validate(raw)
    except ValidationError as exc:
        lines = key_lines(text)
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p != "[key]")
            path = ".".join(str(p) for p in loc) or "(top level)"
            line = line_of(lines, loc)
            where = f"line {line}: " if line else ""
            problems.append(f"{source}: {where}{path}: {_describe(err)}")
        raise IcpError("; ".join(problems)) from None


def load_icp(path: str | Path) -> IcpDefinition:
    """Read and validate an ICP file; IcpError when it is missing or invalid."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise IcpError(f"{file}: no such ICP file (set INMARKET_ICP_FILE)") from None
    except IsADirectoryError:
        raise IcpError(f"{file}: is a directory, not an ICP file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IcpError(f"{file}: not valid UTF-8 at byte {exc.start}") from None
    return parse_icp(text, source=str(file))
