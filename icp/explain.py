"""Explain one account's scores line by line: each criterion, each signal, each formula step.

Signals from a file are chosen as the worker would attach them (``select_signals``): each
``SignalEvent`` line goes through the same matcher (``MatchIndex.match``) and counts only
when it matched this account, with that match's method and confidence; a
``MatchedSignal`` line counts as matched. So explain's points equal the worker's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from icp.accounts import Account
from icp.definition import IcpDefinition
from icp.fit import CriterionOutcome, FitResult, evaluate_fit
from icp.scoring import (
    AccountSignal,
    InMarketScore,
    describe_rule,
    judge_signal,
    score_account,
    shares,
)
from signals.events import MatchedSignal, MatchMethod, SignalEvent

if TYPE_CHECKING:
    from signals.matching.index import MatchResult


@dataclass(frozen=True)
class SignalLine:
    kind: str
    title: str
    occurred_at: datetime
    age_days: float
    rule: str
    decay: float
    confidence: float
    points: float
    failed: tuple[str, ...]
    method: MatchMethod | None = None


@dataclass(frozen=True)
class Explanation:
    account_id: str
    account_name: str
    domain: str | None
    icp_version: str
    now: datetime
    fit: FitResult
    score: InMarketScore
    criteria: tuple[CriterionOutcome, ...]
    signals: tuple[SignalLine, ...]
    formula: tuple[str, ...]
    notes: tuple[str, ...] = ()  # where the signals came from and what was left out

    def render(self) -> str:
        """Plain text, one fact per line."""
        head = f"{self.account_name}" + (f" ({self.domain})" if self.domain else "")
        out = [
            f"{head} - ICP {self.icp_version}, at {self.now.isoformat(timespec='minutes')}",
            "",
            "Criteria:",
        ]
        if not self.criteria:
            out.append("  (the ICP has no static criteria)")
        for c in self.criteria:
            kind = "required" if c.required else f"weight {c.weight:g}"
            mark = "+" if c.share >= 1 else ("~" if c.share > 0 else "-")
            earned = f"{round(c.weight * c.share, 2):g}/{c.weight:g}"
            out.append(f"  {mark} [{c.dimension}] {c.label}: {c.note} ({kind}; {earned})")
        out += ["", "Signals:"]
        if not self.signals:
            out.append("  (none)")
        for s in self.signals:
            when = s.occurred_at.date().isoformat()
            if s.failed:
                out.append(f"  0 pts  {s.kind} {when} {s.title!r}: {'; '.join(s.failed)}")
            else:
                by = f" ({s.method})" if s.method else ""
                out.append(
                    f"  {s.points:.1f} pts  {s.kind} {when} {s.title!r}: {s.rule}; "
                    f"age {s.age_days:.0f} d, decay {s.decay:.3f}, "
                    f"confidence {s.confidence:g}{by}"
                )
        out += [f"  {note}" for note in self.notes]
        out += ["", "Score:", *(f"  {line}" for line in self.formula)]
        return "\n".join(out)


def explain(
    account: Account,
    icp: IcpDefinition,
    signals: Sequence[AccountSignal],
    now: datetime,
    notes: Sequence[str] = (),
) -> Explanation:
    """Every step of ``evaluate_fit`` and ``score_account`` for one account (pure).

    ``notes`` are printed under the signals (see ``SignalSelection.summary``).
    """
    fit = evaluate_fit(account, icp)
    score = score_account(fit, signals, icp, now)
    lines: list[SignalLine] = []
    for item in signals:
        verdict = judge_signal(item, icp, now)
        s = item.signal
        rule = describe_rule(s.kind, verdict.rule) if verdict.rule else "no rule"
        lines.append(
            SignalLine(
                s.kind.value,
                s.title,
                s.occurred_at,
                verdict.age_days,
                rule,
                verdict.decay,
                item.confidence,
                verdict.points,
                verdict.failed,
                item.method,
            )
        )
    lines.sort(key=lambda line: line.points, reverse=True)
    static = [o for o in fit.outcomes if o.dimension != "behavioral"]
    earned = sum(o.weight * o.share for o in static)
    possible = sum(o.weight for o in static)
    formula = [
        f"fit = 100 x {round(earned, 2):g} / {possible:g} = {fit.score:g}"
        if possible
        else "fit = 100 (no firmographic or technographic criteria)",
    ]
    if fit.behavioral is not None:
        formula.append(f"behavioral = {fit.behavioral:g} (share of behavioral criteria met)")
    bands = icp.scoring.tiers
    if fit.in_icp:
        formula.append(
            f"in the ICP; tier {fit.tier} (bands: tier_1 >= {bands.tier_1:g}, "
            f"tier_2 >= {bands.tier_2:g}, tier_3 >= {bands.tier_3:g})"
        )
    else:
        failed = ", ".join(o.label for o in fit.deciding)
        formula.append(f"not in the ICP (fails {failed}): tier out, in-market score 0")
    raw = sum(c.points for c in score.contributions)  # rounded as the worker rounds them
    formula.append(f"situational = min(100, {raw:.1f}) = {score.situational:g}")
    if fit.in_icp:
        f_share, b_share, s_share = shares(icp, fit)
        parts = [f"{f_share:g} x {fit.score:g}"]
        if b_share:
            parts.append(f"{b_share:g} x {fit.behavioral or 0:g}")
        parts.append(f"{s_share:g} x {score.situational:g}")
        status = "in market" if score.in_market else "not in market"
        formula.append(
            f"score = {' + '.join(parts)} = {score.score:g} "
            f"({status}; threshold {icp.scoring.in_market_threshold:g})"
        )
    return Explanation(
        account.id,
        account.name,
        account.domain,
        icp.version,
        now,
        fit,
        score,
        fit.outcomes,
        tuple(lines),
        tuple(formula),
        tuple(notes),
    )


SignalRecord = SignalEvent | MatchedSignal


@dataclass(frozen=True)
class SignalRecords:
    """The non-blank lines of a signals file: each readable one as a ``SignalEvent`` (to be
    matched) or a ``MatchedSignal`` (matched already), and why each other one is not."""

    lines: int
    records: tuple[SignalRecord, ...]
    errors: tuple[str, ...]

    @property
    def need_matching(self) -> bool:
        return any(isinstance(r, SignalEvent) for r in self.records)


def _read_line(raw: bytes) -> SignalRecord | str:
    """One record, or why the line is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 at byte {exc.start}"
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(data, dict):
        return "not a JSON object"
    try:
        if "signal" in data:
            return MatchedSignal.model_validate(data)
        return SignalEvent.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "signal"
        return f"{where}: {first['msg']}"


def read_signal_records(data: bytes) -> SignalRecords:
    """Parse JSON lines (``SignalEvent`` or ``MatchedSignal`` objects); never raises."""
    records: list[SignalRecord] = []
    errors: list[str] = []
    lines = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        lines += 1
        found = _read_line(raw.rstrip(b"\r"))
        if isinstance(found, str):
            errors.append(f"line {number}: {found}")
        else:
            records.append(found)
    return SignalRecords(lines, tuple(records), tuple(errors))


# Why a line was left out, in the order the summary lists them: (one, several).
OTHER_ACCOUNT = ("matched another account", "matched other accounts")
NO_ACCOUNT = ("matched no account", "matched no account")
FOR_REVIEW = ("left for review", "left for review")
TOO_OLD = ("older than the worker's lookback", "older than the worker's lookback")
REPEATED = ("repeats a signal already counted", "repeat signals already counted")
UNREADABLE = ("unreadable", "unreadable")
Why = tuple[str, str]


@dataclass(frozen=True)
class SignalSelection:
    """The signals of a file that one account scores, and what was left out and why."""

    source: str
    lines: int
    used: tuple[AccountSignal, ...]
    left_out: dict[Why, int]
    refused: tuple[str, ...] = field(default=())  # this account was a candidate, not chosen

    def summary(self) -> tuple[str, ...]:
        """``signals.jsonl: 5 lines read, 2 used, 3 left out (2 matched other accounts, ...)``,
        then one line per signal that named this account but was not matched to it."""
        left = sum(self.left_out.values())
        lines = f"{self.lines} line" + ("" if self.lines == 1 else "s")
        head = f"{self.source}: {lines} read, {len(self.used)} used, {left} left out"
        if left:
            parts = (f"{n} {why[n > 1]}" for why, n in self.left_out.items() if n)
            head += " (" + ", ".join(parts) + ")"
        return (head, *self.refused)


def select_signals(
    account_id: str,
    source: str,
    read: SignalRecords,
    match: Callable[[SignalEvent], MatchResult] | None,
    *,
    since: datetime,
    seen: Iterable[str] = (),
) -> SignalSelection:
    """The records the worker would score for ``account_id``, each once.

    A ``SignalEvent`` counts when ``match`` (the worker's matcher) ties it to this account,
    with that match's method and confidence; ``match`` may be None only when ``read``
    needs no matching. Left out: records of other accounts, unmatched or ambiguous ones,
    those that occurred before ``since`` (the worker loads no older ones), ids in
    ``seen`` or earlier in the file (the worker attaches a signal to an account once).
    """
    left = dict.fromkeys((OTHER_ACCOUNT, NO_ACCOUNT, FOR_REVIEW, TOO_OLD, REPEATED), 0)
    left[UNREADABLE] = len(read.errors)
    used: list[AccountSignal] = []
    refused: list[str] = []
    counted = set(seen)
    for record in read.records:
        if isinstance(record, MatchedSignal):
            item = _matched_record(record, account_id)
        else:
            assert match is not None, "SignalEvent lines need a matcher"
            result = match(record)
            item = _matched_event(record, account_id, result)
            if any(c.account_id == account_id for c in result.candidates):
                refused.append(f"not matched: {record.title!r}: {result.reason}")
        if not isinstance(item, AccountSignal):
            left[item] += 1
        elif item.signal.occurred_at < since:
            left[TOO_OLD] += 1
        elif item.signal.id in counted:
            left[REPEATED] += 1
        else:
            counted.add(item.signal.id)
            used.append(item)
    return SignalSelection(source, read.lines, tuple(used), left, tuple(refused))


def _matched_record(record: MatchedSignal, account_id: str) -> AccountSignal | Why:
    """The record as this account's signal, or why not."""
    if record.account_id != account_id:
        return OTHER_ACCOUNT
    return AccountSignal(record.signal, record.method, record.confidence)


def _matched_event(
    signal: SignalEvent, account_id: str, result: MatchResult
) -> AccountSignal | Why:
    """The signal as this account's, with the match's method and confidence, or why not."""
    if result.account_id == account_id and result.method is not None:
        return AccountSignal(signal, result.method, result.confidence)
    if result.account_id is not None:
        return OTHER_ACCOUNT
    return FOR_REVIEW if result.candidates else NO_ACCOUNT
