"""Greenhouse board API -> JobPosting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.sources import greenhouse

DATA = (Path(__file__).parent / "fixtures" / "jobs_greenhouse.json").read_bytes()


def test_jobs_are_parsed_and_classified() -> None:
    engineer, vp = greenhouse.parse(DATA, board="acme")
    assert engineer.job_id == "7001001"
    assert engineer.board == "greenhouse:acme"
    assert engineer.title == "Senior Software Engineer, Payments"
    assert engineer.department == "Engineering"
    assert engineer.function == "engineering" and engineer.seniority == "ic"
    assert engineer.location == "Remote (United States)" and engineer.remote is True
    assert engineer.published_at == datetime(2025, 11, 18, 14, 0, tzinfo=UTC)
    assert engineer.url == "https://job-boards.greenhouse.io/acme/jobs/7001001"
    assert engineer.company_name == "Acme"
    assert (vp.function, vp.seniority, vp.remote) == ("sales", "vp", False)
    assert vp.published_at == datetime(2025, 11, 21, 13, 0, tzinfo=UTC)  # updated_at fallback


def test_a_job_without_title_is_reported_and_the_rest_kept() -> None:
    outcome = greenhouse.parse_outcome(DATA, board="greenhouse:acme")
    assert len(outcome.items) == 2
    [error] = outcome.errors
    assert "job 2 (7001003)" in str(error) and "'title'" in str(error)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", '"jobs"'),
        (b'{"meta": {"total": 0}}', '"jobs"'),
        (b'{"jobs": {"id": 1}}', '"jobs"'),
        (b"<html>Bad Request</html>", "not JSON"),
        (b'{"jobs": [', "not JSON"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_wrong_shapes_are_parse_errors(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        greenhouse.parse(data, board="acme")


def test_unknown_board_error_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        greenhouse.parse(b'{"status":400,"error":"Job board is not active"}', board="nope")


def test_board_error_message_is_carried_into_the_parse_error() -> None:
    with pytest.raises(ParseError, match="Could not find a job board"):
        greenhouse.parse(
            b'{"error":"Could not find a job board with token \'nope\'"}', board="nope"
        )


VARIETY = (Path(__file__).parent / "fixtures" / "jobs_greenhouse_variety.json").read_bytes()


def test_titles_are_unescaped_and_locations_fall_back_to_offices() -> None:
    sensors, remote_intern, office_intern = greenhouse.parse(VARIETY, board="acme")
    assert office_intern.location == "New York, NY" and office_intern.remote is False
    assert sensors.title == "R&D Engineer, Sensors"
    assert sensors.department == "Hardware"  # the first department with a name
    assert sensors.location == "Munich" and sensors.remote is False
    assert sensors.requisition == "5100001"
    assert remote_intern.location == "Remote - US" and remote_intern.remote is True
    assert remote_intern.department is None


def test_employment_type_custom_field_marks_internships() -> None:
    _, remote_intern, office_intern = greenhouse.parse(VARIETY, board="acme")
    assert remote_intern.seniority == "intern"  # "Employment Type": "Intern"
    assert office_intern.seniority == "intern"  # a multi-select value
    assert remote_intern.requisition == office_intern.requisition == "5100002"
