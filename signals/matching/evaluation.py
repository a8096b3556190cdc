"""Precision and recall of the matcher on a labelled set.

The set is three files: an accounts CSV (the :mod:`icp.accounts` format), signals as
JSON lines (``id`` plus any of ``company_name``, ``company_domain``, ``cik``,
``ats_board``) and the truth as JSON lines (``signal_id``, ``account_id`` or null,
``category``: ``name`` for name-only signals, else ``domain``, ``cik`` or ``ats``).

Per group: precision = right matches / matches made; recall = right matches /
signals whose truth is an account. An abstention (no match, or candidates for
review) costs recall, never precision; a match to the wrong account, or any match
for a signal about no account, costs precision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from icp.accounts import read_accounts_csv
from signals.events import SignalEvent, SignalKind
from signals.matching.index import MatchIndex, MatchResult

NAME_ONLY = "name"
IDENTIFIERS = ("domain", "cik", "ats")


@dataclass(frozen=True)
class Outcome:
    """One labelled signal and what the matcher made of it."""

    signal_id: str
    category: str
    expected: str | None
    result: MatchResult
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def right(self) -> bool:
        return self.result.account_id is not None and self.result.account_id == self.expected

    @property
    def wrong(self) -> bool:
        return self.result.account_id is not None and self.result.account_id != self.expected


@dataclass(frozen=True)
class Scores:
    signals: int
    positives: int  # signals whose truth is an account
    matched: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.positives if self.positives else 1.0


def scores(outcomes: Iterable[Outcome]) -> Scores:
    items = list(outcomes)
    return Scores(
        signals=len(items),
        positives=sum(1 for o in items if o.expected is not None),
        matched=sum(1 for o in items if o.result.account_id is not None),
        right=sum(1 for o in items if o.right),
    )


@dataclass(frozen=True)
class Evaluation:
    outcomes: tuple[Outcome, ...]

    def group(self, *categories: str) -> Scores:
        return scores(o for o in self.outcomes if o.category in categories)

    @property
    def name_only(self) -> Scores:
        return self.group(NAME_ONLY)

    @property
    def identifiers(self) -> Scores:
        return self.group(*IDENTIFIERS)

    @property
    def errors(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.wrong)

    @property
    def misses(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.expected is not None and not o.right)


_SIGNAL_FIELDS = ("company_name", "company_domain", "cik", "ats_board")


def _jsonl(data: bytes, source: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row, dict):
            raise ValueError(f"{source}: line {number}: not a JSON object")
        rows.append(row)
    return rows


def evaluate(accounts_csv: bytes, signals_jsonl: bytes, expected_jsonl: bytes) -> Evaluation:
    """Match every labelled signal against the accounts; ValueError names a bad file line."""
    read = read_accounts_csv(accounts_csv, source="accounts.csv")
    if read.rejected:
        raise ValueError(f"accounts.csv: {read.rejected[0]}")
    index = MatchIndex.build(read.accounts)
    truth = {str(row["signal_id"]): row for row in _jsonl(expected_jsonl, "expected.jsonl")}
    outcomes: list[Outcome] = []
    for row in _jsonl(signals_jsonl, "signals.jsonl"):
        signal_id = str(row["id"])
        if signal_id not in truth:
            raise ValueError(f"expected.jsonl: no label for {signal_id}")
        fields = {k: str(row[k]) for k in _SIGNAL_FIELDS if row.get(k) is not None}
        signal = SignalEvent(
            id=signal_id,
            kind=SignalKind.FUNDING,
            source_type="evaluation",
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
            **fields,
        )
        label = truth[signal_id]
        expected = label.get("account_id")
        outcomes.append(
            Outcome(
                signal_id=signal_id,
                category=str(label["category"]),
                expected=str(expected) if expected is not None else None,
                result=index.match(signal),
                fields=fields,
            )
        )
    return Evaluation(tuple(outcomes))
