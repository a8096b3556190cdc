"""Form D and D/A -> FUNDING signal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.events import SignalKind
from signals.sources import sec_form_d

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_primary_doc_gives_one_funding_signal_with_issuer_and_amounts() -> None:
    [signal] = sec_form_d.parse(load("sec_form_d_primary_doc.xml"))
    assert signal.kind is SignalKind.FUNDING
    assert signal.company_name == "Northwind Robotics, Inc."
    assert signal.cik == "1900001"
    assert signal.amount == 12_500_000
    assert signal.amount_usd == 12_500_000
    assert signal.currency == "USD"
    assert signal.round == "Form D"
    assert signal.amendment is False
    assert signal.location == "CA"
    assert signal.department == "Other Technology"
    assert signal.occurred_at == datetime(2025, 11, 14, tzinfo=UTC)  # signature date
    assert signal.investors == ()
    assert signal.summary is not None
    for fact in (
        "$20,000,000",
        "$12,500,000",
        "first sale 2025-11-03",
        "Ada M. Quill",
        "9 investors",
    ):
        assert fact in signal.summary


def test_amendment_in_submission_text_keeps_the_offering_id() -> None:
    [original] = sec_form_d.parse(load("sec_form_d_primary_doc.xml"))
    [amended] = sec_form_d.parse(load("sec_form_d_amendment_submission.txt"))
    assert amended.amendment is True
    assert amended.id == original.id
    assert amended.amount == 18_000_000  # sold; the offering amount is Indefinite
    assert amended.occurred_at == datetime(2025, 12, 1, tzinfo=UTC)  # FILED AS OF DATE
    assert amended.summary is not None and "Indefinite" in amended.summary


def test_indefinite_offering_with_nothing_sold_has_no_amount() -> None:
    [signal] = sec_form_d.parse(
        load("sec_form_d_fund_indefinite.xml"), url="https://example.test/d"
    )
    assert signal.amount is None and signal.amount_usd is None and signal.currency is None
    assert signal.company_name == "Bluegate Ventures Fund II, L.P."
    assert signal.summary is not None and "Venture Capital Fund" in signal.summary
    assert "yet to occur" in signal.summary
    assert signal.url == "https://example.test/d"


def test_offering_amount_stands_in_when_nothing_is_sold_yet() -> None:
    data = load("sec_form_d_primary_doc.xml").replace(
        b"<totalAmountSold>12500000</totalAmountSold>", b"<totalAmountSold>0</totalAmountSold>"
    )
    [signal] = sec_form_d.parse(data)
    assert signal.amount == 20_000_000


def test_ids_differ_between_offerings() -> None:
    [first] = sec_form_d.parse(load("sec_form_d_primary_doc.xml"))
    other = load("sec_form_d_primary_doc.xml").replace(b"2025-11-03", b"2024-02-01")
    [second] = sec_form_d.parse(other)
    assert first.id != second.id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<ownershipDocument><x/></ownershipDocument>", "expected <edgarSubmission>"),
        (b"<edgarSubmission><submissionType>D</submissionType></edgarSubmission>", "missing"),
        (
            b"<edgarSubmission><submissionType>10-K</submissionType></edgarSubmission>",
            "not D or D/A",
        ),
        (
            b"<edgarSubmission><primaryIssuer><entityName>X</entityName></primaryIssuer>"
            b"<offeringData/></edgarSubmission>",
            "cik",
        ),
        (b"<SEC-DOCUMENT>\n<SEC-HEADER>\n</SEC-HEADER>\n<DOCUMENT>\n<TEXT>hi</TEXT>", "<XML>"),
    ],
)
def test_wrong_documents_raise_parse_error_naming_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        sec_form_d.parse(data)


def test_document_without_any_date_is_refused() -> None:
    data = (
        b"<edgarSubmission><primaryIssuer><cik>1</cik><entityName>X</entityName></primaryIssuer>"
        b"<offeringData/></edgarSubmission>"
    )
    with pytest.raises(ParseError, match="date"):
        sec_form_d.parse(data)


def test_offering_fields_are_filled() -> None:
    [signal] = sec_form_d.parse(load("sec_form_d_primary_doc.xml"))
    assert signal.source_type == "sec-form-d"
    assert signal.industry_group == "Other Technology"
    assert signal.offering_amount == 20_000_000
    assert signal.amount_sold == 12_500_000
    assert signal.date_of_first_sale == "2025-11-03"
    assert signal.related_persons[:2] == ("Ada M. Quill", "Ben Okafor")
    assert signal.accession_number is None  # a bare document without a URL does not say


def test_accession_number_from_the_submission_header_or_the_archive_url() -> None:
    [amended] = sec_form_d.parse(load("sec_form_d_amendment_submission.txt"))
    assert amended.accession_number == "0001900001-25-000007"
    assert amended.offering_amount is None  # Indefinite
    assert amended.amount_sold == 18_000_000
    url = "https://www.sec.gov/Archives/edgar/data/1900001/000190000125000003/primary_doc.xml"
    [signal] = sec_form_d.parse(load("sec_form_d_primary_doc.xml"), url=url)
    assert signal.accession_number == "0001900001-25-000003"


def test_fund_with_nothing_sold_yet_keeps_the_zero_and_no_first_sale() -> None:
    [signal] = sec_form_d.parse(load("sec_form_d_fund_indefinite.xml"))
    assert signal.offering_amount is None
    assert signal.amount_sold == 0
    assert signal.date_of_first_sale is None
    assert signal.industry_group == "Pooled Investment Fund"


def test_co_issued_amendment_with_first_sale_yet_to_occur() -> None:
    [signal] = sec_form_d.parse(load("sec_form_d_co_issuers_amendment.xml"))
    assert signal.company_name == "Harbor Lane Energy Partners, LP"  # blanks collapsed
    assert signal.cik == "2100001"  # the primary issuer, not a co-issuer
    assert signal.amendment is True
    assert signal.amount is None  # Indefinite offering, nothing sold
    assert (signal.offering_amount, signal.amount_sold) == (None, 0)
    assert signal.date_of_first_sale is None
    assert signal.occurred_at == datetime(2025, 12, 3, tzinfo=UTC)
    assert signal.related_persons == ("Harbor Lane GP, LLC", "Maria Okonkwo-Reyes")
    assert signal.summary is not None
    assert "co-issuers: Harbor Lane Energy Partners II, LP, Harbor Lane GP, LLC" in signal.summary
    assert "amends 0002100001-25-000001" in signal.summary


def test_amendment_without_first_sale_keeps_the_id_of_the_notice_it_amends() -> None:
    [amended] = sec_form_d.parse(load("sec_form_d_co_issuers_amendment.xml"))
    original_doc = (
        load("sec_form_d_co_issuers_amendment.xml")
        .replace(b"<isAmendment>true</isAmendment>", b"<isAmendment>false</isAmendment>")
        .replace(b"<submissionType>D/A</submissionType>", b"<submissionType>D</submissionType>")
    )
    url = "https://www.sec.gov/Archives/edgar/data/2100001/000210000125000001/primary_doc.xml"
    [original] = sec_form_d.parse(original_doc, url=url)
    assert original.amendment is False
    assert amended.id == original.id


def test_dissemination_header_and_header_name_when_the_document_has_none() -> None:
    [signal] = sec_form_d.parse(load("sec_form_d_dissemination.txt"))
    assert signal.company_name == "Quartzline Labs, Inc."  # entityName is empty
    assert signal.cik == "2200001"
    assert signal.accession_number == "0002200001-25-000004"
    assert signal.occurred_at == datetime(2025, 12, 5, tzinfo=UTC)  # FILING-DATE
    assert (signal.offering_amount, signal.amount_sold, signal.amount) == (
        6_000_000,
        4_250_000,
        4_250_000,
    )


def test_submission_whose_form_d_is_not_wrapped_in_xml_tags() -> None:
    data = load("sec_form_d_dissemination.txt").replace(b"<XML>\n", b"").replace(b"</XML>\n", b"")
    [signal] = sec_form_d.parse(data)
    assert signal.company_name == "Quartzline Labs, Inc." and signal.amount == 4_250_000
