"""Typed records that travel on the Kafka topics.

Every payload is a frozen pydantic model serialised as JSON. Each carries a
``schema_version`` so downstream consumers can evolve with us; adding an optional
field keeps the version, renaming or removing one bumps it.

Topics and their payloads (keys in brackets)::

    signals.raw        [signal id]   SignalEvent
    signals.matched    [account id]  MatchedSignal
    signals.unmatched  [signal id]   UnmatchedSignal
    signals.review     [signal id]   UnmatchedSignal (ambiguous name, with candidates)
    accounts.rescored  [account id]  RescoreEvent
    alerts.in_market   [account id]  InMarketAlert
    signals.dlq        [source key]  DeadLetter
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _aware(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC; everything is stored as aware UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class SignalKind(StrEnum):
    """What happened at the company."""

    FUNDING = "funding"
    ACQUISITION = "acquisition"
    LEADERSHIP_CHANGE = "leadership_change"
    JOB_POSTING = "job_posting"
    JOB_CLOSED = "job_closed"
    HIRING_SURGE = "hiring_surge"
    EXECUTIVE_ROLE_OPENED = "executive_role_opened"


class Record(BaseModel):
    """Base of every topic payload: frozen, unknown fields ignored on read."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class SignalEvent(Record):
    """One situational fact about one company, as a source reported it.

    ``id`` is a stable fingerprint (see :mod:`signals.ids`): the same item fetched
    again, or the same funding round reported by two sources, has the same id.
    Kind-specific attributes are optional top-level fields so consumers need no
    nested lookups; a field a kind does not use stays ``None``.
    """

    schema_version: Literal[1] = 1
    id: str = Field(min_length=1, max_length=128)
    kind: SignalKind
    source_type: str
    source_name: str | None = None
    company_name: str | None = None
    company_domain: str | None = None
    cik: str | None = None
    ats_board: str | None = None  # "greenhouse:acme", "lever:acme", "ashby:acme"
    occurred_at: AwareDatetime
    title: str = ""
    url: str | None = None
    summary: str | None = None
    # funding
    amount: float | None = None
    currency: str | None = None
    amount_usd: float | None = None
    round: str | None = None
    investors: tuple[str, ...] = ()
    amendment: bool | None = None
    industry_group: str | None = None  # Form D industry group, e.g. "Other Technology"
    offering_amount: float | None = None  # Form D total offering amount (None: indefinite)
    amount_sold: float | None = None  # Form D total amount sold so far
    date_of_first_sale: str | None = None  # ISO date; None when yet to occur
    related_persons: tuple[str, ...] = ()  # Form D executive officers, directors, promoters
    accession_number: str | None = None  # SEC filing id, 0001234567-25-000001
    # leadership change
    person: str | None = None
    role: str | None = None
    change: Literal["appointed", "departed", "role_change"] | None = None
    effective_date: str | None = None
    # job postings and hiring
    job_id: str | None = None
    function: str | None = None
    seniority: str | None = None
    location: str | None = None
    department: str | None = None
    open_roles: int | None = None
    previous_open_roles: int | None = None
    # acquisition
    acquirer: str | None = None
    acquired: str | None = None
    # extra sources that reported the same signal (the first is ``source_name``)
    also_reported_by: tuple[str, ...] = ()


class MatchMethod(StrEnum):
    """How a signal was tied to an account, strongest first."""

    CIK = "cik"
    ATS_BOARD = "ats_board"
    DOMAIN = "domain"
    NAME_EXACT = "name_exact"
    ALIAS_EXACT = "alias_exact"
    NAME_FUZZY = "name_fuzzy"


class MatchedSignal(Record):
    """A signal tied to one account. Keyed by account id on ``signals.matched``."""

    schema_version: Literal[1] = 1
    account_id: str
    signal: SignalEvent
    method: MatchMethod
    confidence: float = Field(ge=0.0, le=1.0)


class MatchCandidate(Record):
    account_id: str
    name: str
    score: float


class UnmatchedSignal(Record):
    """A signal that matched no account, or several (``candidates`` then lists them)."""

    schema_version: Literal[1] = 1
    signal: SignalEvent
    reason: str
    candidates: tuple[MatchCandidate, ...] = ()


class SignalContribution(Record):
    """One signal's part in an account's in-market score ("why now")."""

    signal_id: str
    kind: SignalKind
    title: str
    url: str | None = None
    source_type: str
    source_name: str | None = None
    occurred_at: AwareDatetime
    points: float
    method: MatchMethod | None = None
    confidence: float | None = None


class RescoreEvent(Record):
    """An account's new score. The downstream contract on ``accounts.rescored``.

    Keyed by ``account_id`` so one account's events stay ordered; the last event per
    key is the account's current state.
    """

    schema_version: Literal[1] = 1
    account_id: str
    account_name: str
    account_domain: str | None = None
    icp_version: str
    in_icp: bool
    fit_score: float
    previous_score: float | None = None
    score: float
    previous_tier: str | None = None
    tier: str
    in_market: bool
    signal_ids: tuple[str, ...] = ()
    contributions: tuple[SignalContribution, ...] = ()
    reasons: tuple[str, ...] = ()
    scored_at: AwareDatetime


class InMarketAlert(Record):
    """An in-market account worth telling its owner about. ``alert_id`` is deterministic."""

    schema_version: Literal[1] = 1
    alert_id: str
    account_id: str
    account_name: str
    account_domain: str | None = None
    owner_email: str | None = None
    owner_slack_id: str | None = None
    icp_version: str
    fit_score: float
    previous_score: float | None = None
    score: float
    tier: str
    previous_tier: str | None = None
    why_now: tuple[SignalContribution, ...]
    fit_reasons: tuple[str, ...] = ()
    created_at: AwareDatetime
    # why this alert exists: the account crossed into in-market, its tier rose while in
    # market, or a new signal arrived while in market (noise control decides whom to tell)
    reason: Literal["crossed", "tier_rise", "new_signal"] = "crossed"


class DeadLetter(Record):
    """What could not be processed, with why. Nothing is dropped silently."""

    schema_version: Literal[1] = 1
    stage: str  # "poll", "parse", "match", "score", "notify"
    source: str  # source name, topic or channel
    error: str
    retriable: bool = False
    payload: str | None = None  # the offending input, truncated
    occurred_at: AwareDatetime
