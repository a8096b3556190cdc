"""One signal reported by several sources.

Ids are fingerprints of what makes a signal the same (see :mod:`signals.ids`), so
the same funding round from a news feed and from a Form D arrives twice with one
id. The first report is kept; later ones only add their source to
``also_reported_by`` and fill fields the first report left empty.
"""

from __future__ import annotations

from typing import Any

from signals.events import SignalEvent

# Fields that identify the report rather than the fact: never copied from a later report.
_REPORT_FIELDS = frozenset(
    {"schema_version", "id", "source_type", "source_name", "also_reported_by"}
)


def reporter(event: SignalEvent) -> str:
    """How a report is named in ``also_reported_by``: the source name, else its type."""
    return event.source_name or event.source_type


def merge_reports(existing: SignalEvent, new: SignalEvent) -> SignalEvent:
    """``existing`` with ``new``'s source recorded as a second reporter.

    Pure. Returns ``existing`` itself when ``new`` adds nothing (the same source
    again, a refetch). Fields ``existing`` lacks (None, empty) are taken from
    ``new``; fields it has are kept. Raises ValueError when the ids differ.
    """
    if existing.id != new.id:
        raise ValueError(f"cannot merge different signals {existing.id!r} and {new.id!r}")
    update: dict[str, Any] = {}
    name = reporter(new)
    if name != reporter(existing) and name not in existing.also_reported_by:
        update["also_reported_by"] = (*existing.also_reported_by, name)
    for extra in new.also_reported_by:
        merged = update.get("also_reported_by", existing.also_reported_by)
        if extra != reporter(existing) and extra not in merged:
            update["also_reported_by"] = (*merged, extra)
    for field in SignalEvent.model_fields:
        if field in _REPORT_FIELDS:
            continue
        mine, theirs = getattr(existing, field), getattr(new, field)
        if mine in (None, "", ()) and theirs not in (None, "", ()):
            update[field] = theirs
    return existing.model_copy(update=update) if update else existing
