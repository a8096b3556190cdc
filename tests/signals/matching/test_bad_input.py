"""Bad input gives "no match" with a reason, never an exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icp.accounts import Account, read_accounts_csv
from signals.events import SignalEvent, SignalKind
from signals.matching.index import MatchIndex


def _signal(**fields: str | None) -> SignalEvent:
    return SignalEvent(
        id="s",
        kind=SignalKind.FUNDING,
        source_type="test",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        **fields,
    )


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex.build(
        [
            Account(id="acme", name="Acme Corp", domains=("acme.com",)),
            Account(id="inc", name="Inc.", domains=("inc-only.com",)),
            Account(id="bad", name="Bad \udcff Bytes Ltd"),
        ]
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"company_name": ""},
        {"company_name": "   "},
        {"company_name": "Inc."},
        {"company_name": "LLC"},
        {"company_name": "\udcff\udcfe"},
        {"company_name": "\x00\x01\x02"},
        {"company_name": "x" * 100_000},
        {"company_domain": "127.0.0.1"},
        {"company_domain": "http://[::1]:8080/"},
        {"company_domain": "localhost"},
        {"company_domain": "http://"},
        {"company_domain": "\udcff.com"},
        {"cik": "not-a-cik"},
        {"cik": "１２３"},
        {"cik": "12345678901234"},
        {"ats_board": "greenhouse:"},
        {"ats_board": "nonsense"},
        {"ats_board": ":::"},
        {},
    ],
)
def test_garbage_matches_nothing(index: MatchIndex, fields: dict[str, str]) -> None:
    result = index.match(_signal(**fields))
    assert result.account_id is None
    assert result.reason


def test_an_account_whose_name_is_only_a_legal_form_is_never_matched_by_name(
    index: MatchIndex,
) -> None:
    assert index.match(_signal(company_name="Inc")).account_id is None
    assert index.match(_signal(company_domain="inc-only.com")).account_id == "inc"


def test_undecodable_bytes_in_a_name_still_match_on_the_rest(index: MatchIndex) -> None:
    assert index.match(_signal(company_name="BAD \udcff BYTES LIMITED")).account_id == "bad"


def test_duplicate_domains_from_a_csv_are_reported_not_merged() -> None:
    read = read_accounts_csv(
        b"id,name,domain\n1,Bluebird Logistics,bluebird.com\n2,Bluebird Freight,www.bluebird.com\n"
    )
    assert len(read.accounts) == 2 and read.warnings
    index = MatchIndex.build(read.accounts)
    result = index.match(_signal(company_domain="bluebird.com"))
    assert result.account_id is None
    assert {c.account_id for c in result.candidates} == {"1", "2"}
    assert "shared by 2 accounts" in result.reason
