"""Ashby posting API -> JobPosting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.sources import ashby

DATA = (Path(__file__).parent / "fixtures" / "jobs_ashby.json").read_bytes()


def test_listed_jobs_are_parsed() -> None:
    designer, security = ashby.parse(DATA, board="acme")
    assert designer.board == "ashby:acme"
    assert (designer.function, designer.seniority, designer.remote) == ("design", "ic", False)
    assert designer.published_at == datetime(2025, 11, 25, 12, 30, tzinfo=UTC)
    assert designer.location == "Berlin"
    assert security.department == "Security"  # team when department is null
    assert (security.function, security.seniority, security.remote) == ("security", "vp", True)


def test_unlisted_jobs_are_left_out_and_bad_ones_reported() -> None:
    outcome = ashby.parse_outcome(DATA, board="acme")
    assert [p.title for p in outcome.items] == ["Product Designer", "Head of Security"]
    [error] = outcome.errors
    assert "job 3" in str(error) and "'id'" in str(error)


def test_string_booleans_are_understood() -> None:
    data = (
        b'{"jobs": [{"id": "a", "title": "Data Scientist", "isListed": "True", '
        b'"isRemote": "True", "publishedAt": "2026-01-22T21:44:44.930+00:00"}]}'
    )
    [posting] = ashby.parse(data, board="acme")
    assert posting.remote is True and posting.function == "data"


@pytest.mark.parametrize("data", [b"[]", b'{"jobs": null}', b'{"apiVersion": "1"}'])
def test_wrong_shapes_are_parse_errors(data: bytes) -> None:
    with pytest.raises(ParseError, match='"jobs"'):
        ashby.parse(data, board="acme")


VARIETY = (Path(__file__).parent / "fixtures" / "jobs_ashby_variety.json").read_bytes()


def test_address_secondary_locations_and_employment_type() -> None:
    head, intern = ashby.parse(VARIETY, board="acme")
    assert head.location == "Berlin, Germany"  # from the address when location is null
    assert head.remote is True  # a remote secondary location; isRemote is null
    assert (head.function, head.seniority) == ("sales", "vp")
    assert intern.seniority == "intern"  # employmentType "Intern"
    assert intern.location is None and intern.remote is False
