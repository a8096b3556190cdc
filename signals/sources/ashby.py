"""Ashby posting API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /posting-api/job-board/{name}``: ``{"jobs": [...]}``. A job needs ``id``
and ``title``; ``department`` (else ``team``), ``location``, ``publishedAt``,
``isRemote`` or ``workplaceType`` ``"Remote"``, ``jobUrl``. Jobs with
``isListed`` false are not on the public board and are left out. Postings carry
``"ashby:<name>"``.
"""

from __future__ import annotations

from typing import Any

from signals.errors import ParseError
from signals.jobs import (
    JobPosting,
    ParseOutcome,
    as_bool,
    as_text,
    as_time,
    board_error,
    build_posting,
    collect,
    load_board_json,
    log_errors,
)

ATS = "ashby"


def parse_outcome(data: bytes, *, board: str) -> ParseOutcome[JobPosting]:
    """Postings and skipped jobs. ParseError when the body is not ``{"jobs": [...]}``."""
    name = board if board.startswith(f"{ATS}:") else f"{ATS}:{board}"
    body = load_board_json(data, where=name)
    if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
        raise ParseError(f'field "jobs" is missing or not a list{board_error(body)}', where=name)

    def build(job: dict[str, Any], position: int) -> JobPosting | None:
        if "isListed" in job and not as_bool(job["isListed"]):
            return None
        workplace = as_text(job.get("workplaceType")) or ""
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("title"),
            department=as_text(job.get("department")) or as_text(job.get("team")),
            location=as_text(job.get("location")),
            url=job.get("jobUrl"),
            published_at=as_time(job.get("publishedAt")),
            remote=as_bool(job.get("isRemote")) or workplace.lower() == "remote",
            position=position,
        )

    return collect(body["jobs"], name, build)


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of an Ashby board; bad jobs are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
