"""Greenhouse job board API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /v1/boards/{token}/jobs?content=true``: ``{"jobs": [...], "meta": {...}}``.
A job needs ``id`` and ``title``; department is the first of ``departments``,
location is ``location.name``, published time is ``first_published`` (else
``updated_at``). ``board`` is the token; postings carry ``"greenhouse:<token>"``.
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

ATS = "greenhouse"


def parse_outcome(data: bytes, *, board: str) -> ParseOutcome[JobPosting]:
    """Postings and skipped jobs. ParseError when the body is not ``{"jobs": [...]}``."""
    name = board if board.startswith(f"{ATS}:") else f"{ATS}:{board}"
    body = load_board_json(data, where=name)
    if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
        raise ParseError(f'field "jobs" is missing or not a list{board_error(body)}', where=name)

    def build(job: dict[str, Any], position: int) -> JobPosting:
        departments = job.get("departments")
        department = None
        if isinstance(departments, list) and departments and isinstance(departments[0], dict):
            department = as_text(departments[0].get("name"))
        location = job.get("location")
        offices = job.get("offices")
        office_names = (
            [o.get("name") for o in offices if isinstance(o, dict)]
            if isinstance(offices, list)
            else []
        )
        location_name = as_text(location.get("name")) if isinstance(location, dict) else None
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("title"),
            department=department,
            location=location_name,
            url=job.get("absolute_url"),
            published_at=as_time(job.get("first_published")) or as_time(job.get("updated_at")),
            remote=any(isinstance(o, str) and "remote" in o.lower() for o in office_names),
            company_name=as_text(job.get("company_name")),
            position=position,
        )

    return collect(body["jobs"], name, build)


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of a Greenhouse board; bad jobs are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
