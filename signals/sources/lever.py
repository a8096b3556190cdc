"""Lever postings API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /v0/postings/{company}?mode=json``: a bare JSON array. A posting needs
``id`` and ``text`` (its title); ``categories`` gives department (``department``,
else ``team``) and ``location``; ``createdAt`` is epoch milliseconds;
``workplaceType`` ``"remote"`` marks remote roles. Postings carry ``"lever:<company>"``.
"""

from __future__ import annotations

from typing import Any

from signals.errors import ParseError
from signals.jobs import (
    JobPosting,
    ParseOutcome,
    as_text,
    as_time,
    board_error,
    build_posting,
    collect,
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
        department = as_text(categories.get("department")) or as_text(categories.get("team"))
        location = as_text(categories.get("location"))
        workplace = as_text(job.get("workplaceType")) or ""
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("text"),
            department=department,
            location=location,
            url=job.get("hostedUrl"),
            published_at=as_time(job.get("createdAt")),
            remote=workplace.lower() == "remote",
            position=position,
            title_field="text",
        )

    return collect(body, name, build)


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of a Lever board; bad postings are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
