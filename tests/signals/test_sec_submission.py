"""Full submission text: SGML header fields and documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.sources import sec_submission

FIXTURES = Path(__file__).parent / "fixtures"


def test_submission_header_fields() -> None:
    submission = sec_submission.parse_submission((FIXTURES / "sec_8k_submission.txt").read_bytes())
    assert submission.accession_number == "0000777777-25-000123"
    assert submission.form_type == "8-K"
    assert submission.filed_on == "2025-11-25"
    assert submission.company_name == "Kestrel Data Systems, Inc."
    assert submission.cik == "777777"
    assert len(submission.items) == 2
    assert [d.type for d in submission.documents] == ["8-K", "EX-99.1"]
    assert submission.documents[0].filename == "kds-8k_20251124.htm"


def test_submission_without_header_or_documents_is_refused() -> None:
    with pytest.raises(ParseError):
        sec_submission.parse_submission(b"ACCESSION NUMBER: 1\n")


def test_strip_cik() -> None:
    assert sec_submission.strip_cik("0001171623") == "1171623"
    assert sec_submission.strip_cik("0000000000") is None
    assert sec_submission.strip_cik("12a") is None
    assert sec_submission.strip_cik(None) is None


def test_impossible_header_dates_are_ignored() -> None:
    data = (FIXTURES / "sec_8k_submission.txt").read_bytes().replace(b"20251125\n", b"20251345\n")
    assert sec_submission.parse_submission(data).filed_on is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0001234567-25-000001", "0001234567-25-000001"),
        ("000123456725000001", "0001234567-25-000001"),
        (" 0001234567-25-000001\n", "0001234567-25-000001"),
        ("12345", None),
        ("0001234567-25-00000x", None),
        (None, None),
    ],
)
def test_accession_number_spellings(text: str | None, expected: str | None) -> None:
    assert sec_submission.accession_number(text) == expected


def test_accession_from_archive_urls() -> None:
    url = "https://www.sec.gov/Archives/edgar/data/1961089/000196108923000001/primary_doc.xml"
    assert sec_submission.accession_from_url(url) == "0001961089-23-000001"
    assert sec_submission.accession_from_url("https://x.test/0001961089-23-000001.txt") == (
        "0001961089-23-000001"
    )
    assert sec_submission.accession_from_url("https://x.test/primary_doc.xml") is None


def test_long_header_lines_are_read_in_linear_time() -> None:
    data = b"<SEC-HEADER>\nA:" + b" " * 900_000 + b"x\n</SEC-HEADER>\n<DOCUMENT>\n<TEXT>hi</TEXT>"
    assert sec_submission.parse_submission(data).documents[0].text == b"hi"


def test_oversize_submission_is_refused() -> None:
    with pytest.raises(ParseError, match="cap"):
        sec_submission.parse_submission(b" " * (sec_submission.MAX_SUBMISSION_BYTES + 1))


def test_dissemination_tag_header() -> None:
    data = (FIXTURES / "sec_form_d_dissemination.txt").read_bytes()
    assert sec_submission.is_submission(data)
    submission = sec_submission.parse_submission(data)
    assert submission.accession_number == "0002200001-25-000004"
    assert submission.form_type == "D"
    assert submission.filed_on == "2025-12-05"
    assert submission.company_name == "Quartzline Labs, Inc."
    assert submission.cik == "2200001"
    assert submission.items == ("06b",)
    assert [(d.type, d.filename) for d in submission.documents] == [("D", "primary_doc.xml")]
