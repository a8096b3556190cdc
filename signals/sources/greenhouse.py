"""Greenhouse job board API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /v1/boards/{token}/jobs?content=true``: ``{"jobs": [...], "meta": {...}}``.
A job needs ``id`` and ``title``; department is the first named of ``departments``,
location is ``location.name`` (else the first of ``offices``), published time is
``first_published`` (else ``updated_at``). ``internal_job_id`` is the requisition
(one job posted in several cities is several jobs here), and a custom field named
like "Employment Type" in ``metadata`` marks internships. An office named
"Remote" marks a remote role. ``board`` is the token; postings carry
``"greenhouse:<token>"``.
"""

from __future__ import annotations

import re
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

ATS = "greenhouse"


def parse_outcome(data: bytes, *, board: str) -> ParseOutcome[JobPosting]:
    """Postings and skipped jobs. ParseError when the body is not ``{"jobs": [...]}``."""
    name = board if board.startswith(f"{ATS}:") else f"{ATS}:{board}"
    body = load_board_json(data, where=name)
    if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
        raise ParseError(f'field "jobs" is missing or not a list{board_error(body)}', where=name)

    def build(job: dict[str, Any], position: int) -> JobPosting:
        location = job.get("location")
        offices = [as_text(o.get("name")) for o in _dicts(job.get("offices"))]
        location_name = first_text(location.get("name") if isinstance(location, dict) else None)
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("title"),
            department=first_text(*(d.get("name") for d in _dicts(job.get("departments")))),
            location=location_name or first_text(*offices),
            url=job.get("absolute_url"),
            published_at=as_time(job.get("first_published")) or as_time(job.get("updated_at")),
            remote=any(o and REMOTE.search(o) for o in offices),
            company_name=as_text(job.get("company_name")),
            position=position,
            employment=_employment(job.get("metadata")),
            requisition=job.get("internal_job_id"),
        )

    return collect(body["jobs"], name, build)


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _employment(metadata: object) -> str | None:
    """The value of a custom field named like "Employment Type", when the board has one."""
    for field in _dicts(metadata):
        label = as_text(field.get("name")) or ""
        if re.search(r"employment|commitment|job type|position type", label, re.IGNORECASE):
            value = field.get("value")
            values = value if isinstance(value, list) else [value]
            return " ".join(t for t in map(as_text, values) if t) or None
    return None


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of a Greenhouse board; bad jobs are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
