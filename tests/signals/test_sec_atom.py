"""EDGAR latest-filings Atom feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.sources import sec_atom

FIXTURES = Path(__file__).parent / "fixtures"


def test_feed_gives_filings_in_order_and_skips_unreadable_entries() -> None:
    filings = sec_atom.parse((FIXTURES / "sec_atom_latest.xml").read_bytes())
    assert [f.form_type for f in filings] == ["D", "D/A", "8-K", "4", "4"]
    form_d = filings[0]
    assert form_d.company_name == "Northwind Robotics, Inc."
    assert form_d.cik == "1900001"
    assert form_d.accession_number == "0001900001-25-000003"
    assert form_d.role == "Filer"
    assert form_d.filed_on == "2025-12-01"
    assert form_d.updated_at == datetime(2025, 12, 1, 21, 59, 1, tzinfo=UTC)
    assert form_d.index_url.endswith("0001900001-25-000003-index.htm")
    assert form_d.primary_doc_url == (
        "https://www.sec.gov/Archives/edgar/data/1900001/000190000125000003/primary_doc.xml"
    )
    assert form_d.submission_text_url.endswith("/000190000125000003/0001900001-25-000003.txt")


def test_latin1_names_are_decoded() -> None:
    filings = sec_atom.parse((FIXTURES / "sec_atom_latest.xml").read_bytes())
    assert filings[1].company_name == "Café Lumère LLC"


def test_only_form_d_has_a_primary_doc_guess_and_roles_are_kept() -> None:
    filings = sec_atom.parse((FIXTURES / "sec_atom_latest.xml").read_bytes())
    assert filings[2].primary_doc_url is None
    assert [f.role for f in filings[3:]] == ["Reporting", "Issuer"]
    assert filings[3].accession_number == filings[4].accession_number


def test_html_instead_of_atom_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="Atom"):
        sec_atom.parse(b"<html><body><p>Too many requests</p></body></html>")


def test_filings_to_fetch_keeps_one_entry_per_accession_for_wanted_forms() -> None:
    filings = sec_atom.parse((FIXTURES / "sec_atom_latest.xml").read_bytes())
    wanted = sec_atom.filings_to_fetch(filings)
    assert [(f.form_type, f.cik) for f in wanted] == [
        ("D", "1900001"),
        ("D/A", "2000003"),
        ("8-K", "123456"),
    ]
    [form_4] = sec_atom.filings_to_fetch(filings, forms=frozenset({"4"}))
    assert form_4.role == "Issuer" and form_4.cik == "123456"
