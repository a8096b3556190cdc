"""Lever postings API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /v0/postings/{company}?mode=json``: a bare JSON array. A posting needs
``id`` and ``text`` (its title); ``categories`` gives department (``department``,
else ``team``), ``location`` (else the first of ``allLocations``) and
``commitment`` (an "Intern" commitment makes an intern posting); ``createdAt`` is
epoch milliseconds; ``workplaceType`` ``"remote"``, or a remote entry in
``allLocations``, marks remote roles. Postings carry ``"lever:<company>"``.
"""

from __future__ import annotations

from typing import Any

from signals.errors import ParseError
from signals.jobs import (
    REMOTE,
    JobPosting,
    ParseOutcome,
    as_text,
    as_time,
    board_error,
    build_posting,
    collect,
    first_text,
    load_board_json,
    log_errors,
)

ATS = "lever"


def parse_outcome(data: bytes, *, board: str) -> ParseOutcome[JobPosting]:
    """Postings and skipped ones. ParseError when the body is not a JSON array."""
    name = board if board.startswith(f"{ATS}:") else f"{ATS}:{board}"
    body = load_board_json(data, where=name)
    if not isinstance(body, list):
        raise ParseError(f"expected a JSON array of postings{board_error(body)}", where=name)

    def build(job: dict[str, Any], position: int) -> JobPosting:
        categories = job.get("categories")
        categories = categories if isinstance(categories, dict) else {}
        every = categories.get("allLocations")
        others = [as_text(v) for v in every] if isinstance(every, list) else []
        location = first_text(categories.get("location"), *others)
        workplace = as_text(job.get("workplaceType")) or ""
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("text"),
            department=first_text(categories.get("department"), categories.get("team")),
            location=location,
            url=job.get("hostedUrl"),
            published_at=as_time(job.get("createdAt")),
            remote=workplace.lower() == "remote" or any(o and REMOTE.search(o) for o in others),
            position=position,
            title_field="text",
            employment=as_text(categories.get("commitment")),
        )

    return collect(body, name, build)


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of a Lever board; bad postings are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
