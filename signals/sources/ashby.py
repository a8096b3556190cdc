"""Ashby posting API -> :class:`~signals.jobs.JobPosting` records.

Reads ``GET /posting-api/job-board/{name}``: ``{"jobs": [...]}``. A job needs ``id``
and ``title``; ``department`` (else ``team``), ``location`` (else the ``address``,
else the first of ``secondaryLocations``), ``publishedAt``, ``jobUrl``;
``isRemote``, ``workplaceType`` ``"Remote"`` or a remote secondary location mark
remote roles; ``employmentType`` ``"Intern"`` makes an intern posting. Jobs with
``isListed`` false are not on the public board and are left out. Postings carry
``"ashby:<name>"``.
"""

from __future__ import annotations

from typing import Any

from signals.errors import ParseError
from signals.jobs import (
    REMOTE,
    JobPosting,
    ParseOutcome,
    as_bool,
    as_text,
    as_time,
    board_error,
    build_posting,
    collect,
    first_text,
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
        secondary = job.get("secondaryLocations")
        others = [
            as_text(s.get("location")) if isinstance(s, dict) else as_text(s)
            for s in (secondary if isinstance(secondary, list) else [])
        ]
        location = first_text(job.get("location")) or _address(job.get("address"))
        return build_posting(
            job_id=job.get("id"),
            board=name,
            title=job.get("title"),
            department=first_text(job.get("department"), job.get("team")),
            location=location or first_text(*others),
            url=job.get("jobUrl"),
            published_at=as_time(job.get("publishedAt")),
            remote=as_bool(job.get("isRemote"))
            or workplace.lower() == "remote"
            or any(o and REMOTE.search(o) for o in others),
            position=position,
            employment=as_text(job.get("employmentType")),
        )

    return collect(body["jobs"], name, build)


def _address(value: object) -> str | None:
    """``"San Francisco, California, United States"`` from an ``address.postalAddress``."""
    postal = value.get("postalAddress") if isinstance(value, dict) else None
    if not isinstance(postal, dict):
        return None
    parts: list[str] = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = as_text(postal.get(key))
        if part and part not in parts:  # "Berlin, Berlin" is one place
            parts.append(part)
    return ", ".join(parts) or None


def parse(data: bytes, *, board: str) -> list[JobPosting]:
    """Postings of an Ashby board; bad jobs are skipped and logged."""
    outcome = parse_outcome(data, board=board)
    log_errors(board, outcome)
    return outcome.items
