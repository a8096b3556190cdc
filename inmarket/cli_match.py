"""``inmarket match``: match signals (JSON lines) to accounts (CSV), one JSON line out per signal.

Output, one line per input line, in input order::

    {"line": 3, "signal_id": "...", "account_id": "crm-42", "method": "domain",
     "confidence": 0.97, "reason": "domain acme.com"}
    {"line": 4, "signal_id": "...", "account_id": null, "method": null, "confidence": 0.0,
     "reason": "name 'acme': 2 accounts fit, none chosen",
     "candidates": [{"account_id": "a1", "name": "Acme Inc", "score": 0.95}, ...]}
    {"line": 5, "error": "not a JSON object"}
    {"line": 6, "signal_id": "...", "account_id": "crm-7", "method": "name_fuzzy",
     "confidence": 0.844, "reason": "fuzzy 'kestral payments' ~ 'kestrel payments' (0.94)"}

``reason`` says what matched: ``cik 320193``, ``ats board greenhouse:acme``, ``domain
acme.com``, ``name 'acme'``, ``alias 'acme'``, ``former name 'acme'`` or ``fuzzy 'x' ~ 'y'
(score)``, or why nothing did. ``candidates`` is present only when the signal fit several
accounts equally well.

A bad signal line gives an ``error`` line (and is counted on stderr), never stops the
run; rejected account rows are listed on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TextIO

import typer
from pydantic import ValidationError

from icp.accounts import CsvFormatError, read_accounts_csv
from inmarket.cli_io import os_reason
from signals.events import SignalEvent
from signals.ids import fingerprint
from signals.matching.index import MatchIndex, MatchResult

MAX_LINE_BYTES = 1_000_000
_DEFAULTS: dict[str, Any] = {
    "kind": "funding",
    "source_type": "cli",
    "occurred_at": "1970-01-01T00:00:00Z",
}


@dataclass(frozen=True)
class SignalLine:
    """One input line: the signal read from it, or why it could not be read."""

    line: int
    signal: SignalEvent | None = None
    error: str | None = None


def parse_signal_line(raw: bytes, line: int) -> SignalLine | None:
    """A SignalEvent from one JSON line (missing fields defaulted); None for a blank line."""
    if len(raw) > MAX_LINE_BYTES:
        return SignalLine(line, error=f"line is longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SignalLine(line, error=f"not valid UTF-8 at byte {exc.start}")
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return SignalLine(line, error=f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return SignalLine(line, error="not a JSON object")
    fields = {**_DEFAULTS, **{k: v for k, v in data.items() if v is not None}}
    if "id" not in fields:
        fields["id"] = fingerprint(
            "match", str(data.get("company_name")), str(data.get("company_domain")), str(line)
        )
    try:
        return SignalLine(line, signal=SignalEvent.model_validate(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "signal"
        return SignalLine(line, error=f"{where}: {first['msg']}")


def read_signal_lines(stream: Any) -> Iterator[SignalLine]:
    """Every non-blank line of a binary stream, parsed."""
    for number, raw in enumerate(stream, start=1):
        parsed = parse_signal_line(raw.rstrip(b"\r\n"), number)
        if parsed is not None:
            yield parsed


def result_line(parsed: SignalLine, result: MatchResult | None) -> dict[str, Any]:
    """The JSON object written for one input line."""
    if parsed.signal is None or result is None:
        return {"line": parsed.line, "error": parsed.error}
    out: dict[str, Any] = {
        "line": parsed.line,
        "signal_id": parsed.signal.id,
        "account_id": result.account_id,
        "method": result.method.value if result.method else None,
        "confidence": result.confidence,
        "reason": result.reason,
    }
    if result.candidates:
        out["candidates"] = [c.model_dump() for c in result.candidates]
    return out


def _open_lines(path: Path) -> AbstractContextManager[BinaryIO]:
    """``path`` opened for binary reading; ``-`` is stdin, left open afterwards."""
    if str(path) == "-":
        return nullcontext(sys.stdin.buffer)
    return path.open("rb")


def run_match(accounts_csv: Path, signals_jsonl: Path, out: TextIO, err: TextIO) -> int:
    """Match every signal line; returns the process exit code (2 when a file is unusable)."""
    try:
        read = read_accounts_csv(accounts_csv.read_bytes(), source=str(accounts_csv))
    except OSError as exc:
        print(f"error: {accounts_csv}: {os_reason(exc)}", file=err)
        return 2
    except CsvFormatError as exc:
        print(f"error: {exc}", file=err)
        return 2
    for rejected in read.rejected:
        print(f"{accounts_csv}: rejected {rejected}", file=err)
    for warning in read.warnings:
        print(f"{accounts_csv}: warning: {warning}", file=err)
    index = MatchIndex.build(read.accounts)
    bad = 0
    try:
        with _open_lines(signals_jsonl) as stream:
            for parsed in read_signal_lines(stream):
                result = index.match(parsed.signal) if parsed.signal is not None else None
                if result is None:
                    bad += 1
                out.write(json.dumps(result_line(parsed, result), ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"error: {signals_jsonl}: {os_reason(exc)}", file=err)
        return 2
    if bad:
        print(f"{signals_jsonl}: {bad} line(s) could not be read (see error lines)", file=err)
    return 0


def register(cli: typer.Typer) -> None:
    """Add the ``match`` command to the root CLI."""

    @cli.command("match")
    def match(
        accounts: Annotated[
            Path, typer.Option("--accounts", help="Accounts CSV (name, domain, cik, ...).")
        ],
        signals: Annotated[
            Path,
            typer.Option("--signals", help="Signals, one JSON object per line ('-' for stdin)."),
        ],
    ) -> None:
        """Match signals to accounts; one JSON line per signal on stdout."""
        code = run_match(accounts, signals, sys.stdout, sys.stderr)
        if code:
            raise typer.Exit(code)
