"""Lever postings API -> JobPosting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.sources import lever

DATA = (Path(__file__).parent / "fixtures" / "jobs_lever.json").read_bytes()


def test_postings_are_parsed_with_epoch_millisecond_times() -> None:
    ae, cfo = lever.parse(DATA, board="acme")
    assert ae.board == "lever:acme"
    assert ae.title == "Account Executive, Mid-Market"
    assert ae.department == "Revenue"
    assert (ae.function, ae.seniority, ae.remote) == ("sales", "ic", False)
    assert ae.published_at == datetime(2025, 11, 24, 14, 0, tzinfo=UTC)
    assert ae.url == "https://jobs.lever.co/acme/5f1c2b3a-0000-4000-8000-000000000001"
    assert (cfo.function, cfo.seniority, cfo.remote) == ("finance", "c_level", True)


def test_bad_postings_are_reported_with_their_position() -> None:
    outcome = lever.parse_outcome(DATA, board="acme")
    assert len(outcome.items) == 2
    messages = [str(e) for e in outcome.errors]
    assert any("job 2" in m and "'text'" in m for m in messages)
    assert any("job 3 is not an object" in m for m in messages)


@pytest.mark.parametrize(
    "data", [b'{"jobs": []}', b'{"ok": false, "error": "Document not found"}', b"null", b"12"]
)
def test_anything_but_an_array_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="array"):
        lever.parse(data, board="acme")


def test_empty_board_is_empty() -> None:
    assert lever.parse(b"[]", board="acme") == []


VARIETY = (Path(__file__).parent / "fixtures" / "jobs_lever_variety.json").read_bytes()


def test_all_locations_commitment_and_untrimmed_titles() -> None:
    consultant, intern = lever.parse(VARIETY, board="acme")
    assert consultant.title == "Solutions Consultant"
    assert consultant.location == "Remote - North America"  # no categories.location
    assert consultant.remote is True  # workplaceType "unspecified", a remote location
    assert (consultant.function, consultant.seniority) == ("sales", "ic")
    assert intern.seniority == "intern"  # commitment "Summer Internship"
    assert intern.remote is False and intern.department == "R&D"
