"""Matching names as EDGAR, news and CRM exports write them, against one account list."""

from __future__ import annotations

import pytest

from icp.accounts import Account
from signals.events import MatchMethod
from signals.matching.index import MatchIndex


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(
        [
            Account(id="acme", name="Acme Corp"),
            Account(id="acme-an", name="Acme Analytics Inc"),
            Account(id="q-emea", name="Quantora - EMEA"),
            Account(id="q-apac", name="Quantora - APAC"),
            Account(id="lumora", name="Lumora Ltd (UK)"),
            Account(id="zentrix", name="Zentrix.io"),
            Account(id="qualcomm", name="Qualcomm Incorporated"),
            Account(id="paypal", name="PayPal Holdings, Inc."),
            Account(id="pg", name="Procter & Gamble Co"),
        ]
    )


@pytest.mark.parametrize(
    ("company_name", "account_id", "method"),
    [
        ("QUALCOMM INC/DE", "qualcomm", MatchMethod.NAME_EXACT),
        ("PAYPAL HLDGS INC", "paypal", MatchMethod.NAME_EXACT),
        ("Procter &amp; Gamble", "pg", MatchMethod.NAME_EXACT),
        ("Acme Corp (NASDAQ: ACME)", "acme", MatchMethod.NAME_EXACT),
        ("Acme, Inc., a Delaware corporation", "acme", MatchMethod.NAME_EXACT),
        ("ZENTRIX INC", "zentrix", MatchMethod.NAME_EXACT),
        ("Quantora - EMEA", "q-emea", MatchMethod.NAME_EXACT),
        ("Quantora EMEA Limited", "q-emea", MatchMethod.NAME_EXACT),
        # The CRM's qualified name answers to its head, below an exact name.
        ("Lumora Limited", "lumora", MatchMethod.ALIAS_EXACT),
        # A signal's qualified name falls back to its head.
        ("Acme Corp - EMEA", "acme", MatchMethod.ALIAS_EXACT),
        ("Acme (Shanghai) Co., Ltd.", "acme", MatchMethod.ALIAS_EXACT),
    ],
)
def test_real_world_writings_match(
    index: MatchIndex, company_name: str, account_id: str, method: MatchMethod
) -> None:
    result = index.match_fields(company_name=company_name)
    assert (result.account_id, result.method) == (account_id, method)


def test_a_company_with_two_regional_accounts_is_ambiguous(index: MatchIndex) -> None:
    result = index.match_fields(company_name="Quantora Inc.")
    assert result.account_id is None
    assert {c.account_id for c in result.candidates} == {"q-emea", "q-apac"}


@pytest.mark.parametrize(
    "company_name",
    [
        "Acme AI",
        "Acme Technologies Co., Ltd.",
        "Acme Group Holdings",
        "Acme Labs",
        "Acme - Robotics",
        "Acme Analytics Robotics - EMEA",
        "Zentrix Analytics",
        "Lumora Labs (UK)",
        "AC/DC Inc",
    ],
)
def test_one_word_more_or_less_never_matches(index: MatchIndex, company_name: str) -> None:
    assert index.match_fields(company_name=company_name).account_id is None


def test_a_signal_about_acme_never_reaches_acme_analytics(index: MatchIndex) -> None:
    for name in ("Acme", "ACME INC /DE/", "Acme - EMEA", "Acme (UK) Ltd", "Acme.io"):
        assert index.match_fields(company_name=name).account_id in (None, "acme"), name
