"""The ICP file: a TOML document with an owner, a version and a review date.

Example::

    name = "Mid-market data teams"
    version = "2026.4"
    owner = "revops@example.com"
    last_reviewed = 2026-10-01

    [firmographic]
    industries = ["Software", "Financial Services"]
    employees = { min = 50, max = 2000 }
    annual_revenue = { min = 5_000_000 }
    countries = ["US", "GB", "DE"]

    [technographic]
    required = ["Snowflake"]
    preferred = ["dbt", "Looker"]
    excluded = ["Oracle"]

    [situational.funding]
    weight = 60
    half_life_days = 45

    [scoring]
    in_market_threshold = 60
    tiers = { tier_1 = 80, tier_2 = 60, tier_3 = 40 }
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from signals.events import SignalKind


class IcpError(ValueError):
    """The ICP file is invalid; the message names the file, the key and, when known, the line."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(_Strict):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Firmographic(_Strict):
    industries: tuple[str, ...] = ()
    employees: Range | None = None
    annual_revenue: Range | None = None
    countries: tuple[str, ...] = ()


class Technographic(_Strict):
    required: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


class SignalWeight(_Strict):
    """Points a fresh signal of this kind adds, halving every ``half_life_days``."""

    weight: float = Field(ge=0, le=100)
    half_life_days: float = Field(gt=0)


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
    tier_1: float = 80
    tier_2: float = 60
    tier_3: float = 40


class Scoring(_Strict):
    in_market_threshold: float = Field(default=60, ge=0, le=100)
    fit_share: float = Field(default=0.4, ge=0, le=1)
    tiers: Tiers = Tiers()


class IcpDefinition(_Strict):
    name: str = "ICP"
    version: str
    owner: str | None = None
    last_reviewed: date | None = None
    firmographic: Firmographic = Firmographic()
    technographic: Technographic = Technographic()
    situational: dict[SignalKind, SignalWeight] = Field(default_factory=_default_situational)
    scoring: Scoring = Scoring()


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line of the first occurrence of ``key`` as a TOML key or table."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if (
            stripped.startswith(f"{key} ")
            or stripped.startswith(f"{key}=")
            or stripped.endswith(f".{key}]")
            or stripped == f"[{key}]"
        ):
            return number
    return None


def parse_icp(text: str, *, source: str = "icp.toml") -> IcpDefinition:
    """Parse and validate ICP TOML. IcpError names ``source``, the key and its line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IcpError(f"{source}: {exc}") from None
    try:
        return IcpDefinition.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            last = str(err["loc"][-1]) if err["loc"] else ""
            line = _line_of(text, last) if last else None
            where = f"line {line}: " if line else ""
            message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{source}: {where}{path}: {message}")
        raise IcpError("; ".join(problems)) from None


def load_icp(path: str | Path) -> IcpDefinition:
    """Read and validate an ICP file; IcpError when it is missing or invalid."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IcpError(f"{file}: no such ICP file (set INMARKET_ICP_FILE)") from None
    except UnicodeDecodeError as exc:
        raise IcpError(f"{file}: not valid UTF-8 at byte {exc.start}") from None
    return parse_icp(text, source=str(file))
