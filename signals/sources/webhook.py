"""Signals pushed to inmarket: validation of the inbound JSON.

The body is UTF-8 JSON, either one signal object or ``{"signals": [...]}``. A signal
object has the fields of :class:`~signals.events.SignalEvent`; ``kind`` and
``occurred_at`` (ISO 8601; naive means UTC) are required, ``title`` and
``company_name`` or ``company_domain`` or ``cik`` should be given so it can be
matched. ``id`` may be omitted: it is then ``fingerprint(kind, company_name, title,
occurred_at)``, so the same push sent twice gets the same id. ``source_type``
defaults to ``"webhook"``. Unknown fields are ignored (newer senders, older inmarket)::

    {"signals": [{"kind": "funding", "company_name": "Acme", "company_domain": "acme.com",
                  "occurred_at": "2026-03-01T09:00:00Z", "title": "Acme raises $20M Series B",
                  "amount": 20000000, "currency": "USD", "round": "Series B"}]}

A bad item is rejected with its index and reason while the others are accepted; a
body that is not JSON, not an object, too large or with too many items is refused as
a whole with :class:`~signals.errors.ParseError`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from signals.errors import ParseError, RecordError
from signals.events import SignalEvent
from signals.ids import fingerprint

MAX_BYTES = 1_000_000
MAX_SIGNALS = 1000
SOURCE_TYPE = "webhook"
_PLACEHOLDER_ID = "pending"


@dataclass(frozen=True)
class Rejection:
    """One item that was refused: its position in ``signals`` (0 for a single object)."""

    index: int
    reason: str

    def to_error(self) -> RecordError:
        return RecordError(self.reason, where=f"signals[{self.index}]")


@dataclass(frozen=True)
class WebhookBatch:
    """The accepted signals, in order, and the rejected items."""

    events: tuple[SignalEvent, ...]
    rejected: tuple[Rejection, ...] = ()


def derived_id(event: SignalEvent) -> str:
    """The id of a signal sent without one."""
    return fingerprint(
        event.kind.value, event.company_name, event.title, event.occurred_at.isoformat()
    )


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        location = ".".join(str(part) for part in error["loc"]) or "signal"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


def parse_signal(item: Any) -> SignalEvent:
    """Validate one signal object. Raises RecordError naming the bad field."""
    if not isinstance(item, dict):
        raise RecordError(f"a signal must be a JSON object, not {type(item).__name__}")
    has_id = item.get("id") not in (None, "")
    data = {"source_type": SOURCE_TYPE, **item, "id": item["id"] if has_id else _PLACEHOLDER_ID}
    try:
        event = SignalEvent.model_validate(data)
    except ValidationError as exc:
        raise RecordError(_describe(exc)) from None
    if not has_id:
        event = event.model_copy(update={"id": derived_id(event)})
    return event


def parse(data: bytes, *, max_bytes: int = MAX_BYTES) -> WebhookBatch:
    """Validate an inbound body. Pure. Raises ParseError when it is unusable as a whole."""
    if len(data) > max_bytes:
        raise ParseError(f"body is {len(data)} bytes, over the {max_bytes}-byte limit")
    if not data.strip():
        raise ParseError("body is empty")
    try:
        document = json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"body is not UTF-8: {exc.reason} at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise ParseError(f'expected a signal object or {{"signals": [...]}}, got a JSON {kind}')
    if "signals" in document and "kind" not in document:
        items = document["signals"]
        if not isinstance(items, list):
            raise ParseError('"signals" must be a JSON array')
        if len(items) > MAX_SIGNALS:
            raise ParseError(f"{len(items)} signals in one body, over the limit of {MAX_SIGNALS}")
    else:
        items = [document]

    events: list[SignalEvent] = []
    rejected: list[Rejection] = []
    for index, item in enumerate(items):
        try:
            events.append(parse_signal(item))
        except RecordError as exc:
            rejected.append(Rejection(index=index, reason=str(exc)))
    return WebhookBatch(events=tuple(events), rejected=tuple(rejected))
