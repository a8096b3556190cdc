"""MatchIndex: the order of evidence, ambiguity, and keeping current."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icp.accounts import Account
from signals.events import MatchMethod, SignalEvent, SignalKind
from signals.matching.index import MatchIndex


def signal(**fields: object) -> SignalEvent:
    base: dict[str, object] = {
        "id": "s1",
        "kind": SignalKind.FUNDING,
        "source_type": "test",
        "occurred_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    return SignalEvent.model_validate({**base, **fields})


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex.build(
        [
            Account(id="acme", name="Acme Corp", domains=("acme.com",), cik="320193"),
            Account(
                id="acme-an",
                name="Acme Analytics Inc",
                domains=("acmeanalytics.io",),
                greenhouse_board="acmeanalytics",
            ),
            Account(id="block", name="Block, Inc.", aliases=("Square",), domains=("block.xyz",)),
            Account(id="nw1", name="Northwind Traders", domains=("northwind.com",)),
            Account(id="nw2", name="Northwind Traders LLC", domains=("northwind.co.uk",)),
            Account(id="sh1", name="Shared One", domains=("shared.com",)),
            Account(id="sh2", name="Shared Two", domains=("shared.com",)),
        ]
    )


@pytest.mark.parametrize(
    ("fields", "account_id", "method"),
    [
        ({"cik": "0000320193", "company_name": "Something Else"}, "acme", MatchMethod.CIK),
        ({"ats_board": "greenhouse:AcmeAnalytics"}, "acme-an", MatchMethod.ATS_BOARD),
        ({"company_domain": "https://careers.acme.com/jobs"}, "acme", MatchMethod.DOMAIN),
        ({"company_name": "ACME CORP /DE/"}, "acme", MatchMethod.NAME_EXACT),
        ({"company_name": "Square"}, "block", MatchMethod.ALIAS_EXACT),
        # Names with several keys take the general path: current names, then former ones.
        ({"company_name": "Block Inc d/b/a Zzyzx"}, "block", MatchMethod.NAME_EXACT),
        ({"company_name": "Zzyzx LLC d/b/a Square"}, "block", MatchMethod.ALIAS_EXACT),
        ({"company_name": "Zzyzx (formerly Block, Inc.)"}, "block", MatchMethod.ALIAS_EXACT),
        ({"company_name": "Zzyzx (formerly Square)"}, "block", MatchMethod.ALIAS_EXACT),
        ({"company_name": "Zzyzx d/b/a Acme Analytcs"}, "acme-an", MatchMethod.NAME_FUZZY),
        ({"company_name": "Acme Analytcs"}, "acme-an", MatchMethod.NAME_FUZZY),
        (
            {"company_name": "Shared Two", "company_domain": "shared.com"},
            "sh2",
            MatchMethod.NAME_EXACT,
        ),
    ],
)
def test_strongest_evidence_decides(
    index: MatchIndex, fields: dict[str, str], account_id: str, method: MatchMethod
) -> None:
    result = index.match(signal(**fields))
    assert (result.account_id, result.method) == (account_id, method)
    assert 0.0 < result.confidence <= 1.0


def test_a_name_shared_by_two_accounts_matches_neither(index: MatchIndex) -> None:
    result = index.match(signal(company_name="Northwind Traders"))
    assert result.account_id is None and result.ambiguous
    assert {c.account_id for c in result.candidates} == {"nw1", "nw2"}


def test_a_shared_domain_matches_neither_and_is_reported(index: MatchIndex) -> None:
    result = index.match(signal(company_domain="shared.com"))
    assert result.account_id is None
    assert "shared by 2 accounts" in result.reason
    assert {c.account_id for c in result.candidates} == {"sh1", "sh2"}


def test_one_word_more_is_another_company(index: MatchIndex) -> None:
    assert index.match(signal(company_name="Acme Robotics")).account_id is None
    assert index.match(signal(company_name="Acme")).account_id == "acme"


def test_a_news_domain_is_not_the_company(index: MatchIndex) -> None:
    result = index.match(signal(company_domain="techcrunch.com", company_name="Nobody"))
    assert result.account_id is None
    assert "not a company" in result.reason


def test_a_name_match_with_another_companys_domain_is_refused(index: MatchIndex) -> None:
    result = index.match(signal(company_name="Acme", company_domain="acmerobotics.ai"))
    assert result.account_id is None
    assert [c.account_id for c in result.candidates] == ["acme"]


def test_upsert_and_remove_keep_the_index_current(index: MatchIndex) -> None:
    index.upsert(Account(id="acme", name="Acme Rockets", domains=("acmerockets.com",)))
    assert index.match(signal(company_name="Acme")).account_id is None
    assert index.match(signal(company_domain="acme.com")).account_id is None
    assert index.match(signal(company_name="Acme Rockets Inc")).account_id == "acme"
    index.remove("acme")
    index.remove("never-there")
    assert index.match(signal(company_name="Acme Rockets")).account_id is None
    assert "acme" not in index
