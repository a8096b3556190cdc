"""8-K Item 5.02 -> LEADERSHIP_CHANGE signals, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from signals.errors import ParseError
from signals.events import SignalKind
from signals.sources import sec_8k

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def eight_k(*paragraphs: str) -> bytes:
    """A minimal 8-K in HTML whose Item 5.02 holds ``paragraphs``."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><body><p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p><p>FORM 8-K</p>"
        "<p>ACME WIDGETS CORP</p><p>(Exact name of registrant)</p>"
        "<p>Date of Report: June 2, 2025</p>"
        "<p>Item 5.02 Departure of Directors or Certain Officers; Election of Directors.</p>"
        f"{body}<p>Item 9.01 Financial Statements and Exhibits.</p></body></html>"
    ).encode()


def changes(
    data: bytes, **kwargs: str
) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(s.person, s.role, s.change, s.effective_date) for s in sec_8k.parse(data, **kwargs)]


def test_retirement_appointment_and_director_election() -> None:
    signals = sec_8k.parse(load("sec_8k_departure_appointment.htm"))
    assert [(s.person, s.role, s.change, s.effective_date) for s in signals] == [
        ("Jane R. Holloway", "Chief Executive Officer", "departed", "2026-01-31"),
        ("Marcus T. Lee", "Chief Executive Officer", "appointed", "2026-02-01"),
        ("Priya Natarajan", "Director", "appointed", "2025-12-15"),
    ]
    for signal in signals:
        assert signal.kind is SignalKind.LEADERSHIP_CHANGE
        assert signal.company_name == "ACME WIDGETS CORP"
        assert signal.cik == "123456"  # from the hidden inline XBRL header
        assert signal.occurred_at == datetime(2025, 12, 1, tzinfo=UTC)  # date of report
    assert "hidden resources" not in (signals[0].summary or "")


def test_given_company_and_cik_take_precedence() -> None:
    [first, *_] = sec_8k.parse(
        load("sec_8k_departure_appointment.htm"), company_name="Acme Widgets", cik="0000000042"
    )
    assert first.company_name == "Acme Widgets"
    assert first.cik == "42"


def test_compensation_only_item_502e_gives_nothing() -> None:
    assert sec_8k.parse(load("sec_8k_compensation_only.htm")) == []


def test_8k_without_item_502_gives_nothing_even_when_it_mentions_appointments() -> None:
    assert sec_8k.parse(load("sec_8k_no_item_502.htm")) == []


def test_submission_text_uses_header_and_main_document_only() -> None:
    signals = sec_8k.parse(load("sec_8k_submission.txt"))
    assert [(s.person, s.role, s.change, s.effective_date) for s in signals] == [
        ("Thomas Greer", "Director", "departed", "2025-11-24"),
        ("Lena Fischer", "Chief Revenue Officer", "role_change", "2025-12-01"),
    ]
    assert {s.company_name for s in signals} == {"Kestrel Data Systems, Inc."}
    assert {s.cik for s in signals} == {"777777"}
    assert {s.occurred_at for s in signals} == {datetime(2025, 11, 25, tzinfo=UTC)}


def test_submission_whose_items_exclude_502_gives_nothing() -> None:
    data = load("sec_8k_submission.txt").replace(
        b"ITEM INFORMATION:\t\tDeparture of Directors", b"ITEM INFORMATION:\t\tOther Events"
    )
    assert sec_8k.parse(data) == []


def test_ids_are_stable_and_distinct() -> None:
    first = sec_8k.parse(load("sec_8k_departure_appointment.htm"))
    again = sec_8k.parse(load("sec_8k_departure_appointment.htm"))
    assert [s.id for s in first] == [s.id for s in again]
    assert len({s.id for s in first}) == 3


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "On June 2, 2025, John A. Smith resigned as Chief Operating Officer of the Company, "
            "effective June 30, 2025.",
            [("John A. Smith", "Chief Operating Officer", "departed", "2025-06-30")],
        ),
        (
            "Maria Lopez, a member of the Board, informed the Company that she will not stand "
            "for re-election at the 2025 annual meeting.",
            [("Maria Lopez", "Director", "departed", None)],
        ),
        (
            "Effective July 1, 2025, Robert Chen will step down as Chief Executive Officer and "
            "will continue to serve as Executive Chairman of the Board.",
            [("Robert Chen", "Executive Chairman of the Board", "role_change", "2025-07-01")],
        ),
        (
            "The Board named Olivia Park as General Counsel and Corporate Secretary, effective "
            "immediately.",
            [("Olivia Park", "General Counsel and Corporate Secretary", "appointed", None)],
        ),
        (
            "The Committee approved a cash bonus of $100,000 for Mr. Smith, the Company's Chief "
            "Financial Officer.",
            [],
        ),
        (
            "On March 1, 2024, Jane Smith notified XYZ Corp. (the “Company”) of her intention to "
            "resign from her position as Chief Operating Officer of the Company, effective March "
            "31, 2024.",
            [("Jane Smith", "Chief Operating Officer", "departed", "2024-03-31")],
        ),
        (
            "On February 10, 2024, the Company announced that Robert Brown, the Company’s "
            "President and Chief Executive Officer, will retire effective June 30, 2024.",
            [("Robert Brown", "President and Chief Executive Officer", "departed", "2024-06-30")],
        ),
        (
            "The Board increased its size from seven to eight directors and appointed Michael "
            "Green to fill the resulting vacancy, effective immediately.",
            [("Michael Green", "Director", "appointed", None)],
        ),
        (
            "On May 1, 2024, Thomas White, the Chief Technology Officer of Example Inc., tendered "
            "his resignation, effective May 15, 2024.",
            [("Thomas White", "Chief Technology Officer", "departed", "2024-05-15")],
        ),
        (
            "On July 9, 2024, Chief Operating Officer Mary O’Neil-Smith resigned from the Company.",
            [("Mary O’Neil-Smith", "Chief Operating Officer", "departed", None)],
        ),
        (
            "The Board appointed Chief Operating Officer Jane Doe as President, effective August "
            "1, 2024.",
            [("Jane Doe", "President", "role_change", "2024-08-01")],
        ),
        (
            "Alan Reed resigned from the Board, effective September 30, 2024.",
            [("Alan Reed", "Director", "departed", "2024-09-30")],
        ),
        (
            "On October 2, 2024, Kevin Moore informed the Company that he will resign as Senior "
            "Vice President, General Counsel and Secretary, effective October 31, 2024.",
            [
                (
                    "Kevin Moore",
                    "Senior Vice President, General Counsel and Secretary",
                    "departed",
                    "2024-10-31",
                )
            ],
        ),
        ("Mr. Lee will serve as a member of the Audit Committee.", []),
        (
            "On June 3, 2024, the Board appointed Nora Hale as Chief Financial Officer, effective "
            "June 10, 2024. Since 2019, Ms. Hale has served as Chief Financial Officer of Orbital "
            "Parts, Inc.",
            [("Nora Hale", "Chief Financial Officer", "appointed", "2024-06-10")],
        ),
        (
            "On June 3, 2024, the Board appointed Nora Hale as Chief Financial Officer. Ms. Hale "
            "has served as Vice President, Finance of the Company since 2021.",
            [("Nora Hale", "Chief Financial Officer", "role_change", None)],
        ),
        (
            "The Company entered into an offer letter with Ms. Park providing for an annual base "
            "salary of $400,000.",
            [],
        ),
    ],
)
def test_item_502_sentences(paragraph: str, expected: list[tuple[object, ...]]) -> None:
    assert changes(eight_k(paragraph)) == expected


def test_html_text_handles_tables_entities_and_hidden_parts() -> None:
    html = (
        b"<html><body><div style='display: none'><p>secret</p></div><table><tr><td>A&nbsp;B</td>"
        b"<td>C&#8217;s</td></tr></table><script>var x = '<p>no</p>';</script><p>one\ntwo</p>"
        b"</body></html>"
    )
    text = sec_8k.html_to_text(html)
    assert text.text.splitlines() == ["A B C\u2019s", "one two"]


def test_plain_text_8k_is_read_line_by_line() -> None:
    text = (
        b"FORM 8-K\nACME WIDGETS CORP\n(Exact name of registrant as specified in its charter)\n"
        b"Date of Report: March 3, 2025\n\nItem 5.02 Departure of Directors or Certain Officers.\n"
        b"On March 3, 2025, Karen Blake resigned as Chief Financial Officer of the Company,\n"
        b"effective March 31, 2025.\n\nItem 9.01 Financial Statements and Exhibits.\n"
    )
    [signal] = sec_8k.parse(text)
    assert signal.person == "Karen Blake" and signal.change == "departed"
    assert signal.company_name == "ACME WIDGETS CORP"


def test_change_without_company_or_date_is_refused() -> None:
    html = (
        b"<p>Form 8-K</p>"
        b"<p>Item 5.02 Departure of Directors or Certain Officers and other things here.</p>"
        b"<p>Karen Blake resigned as Chief Financial Officer of the Company.</p>"
    )
    with pytest.raises(ParseError, match="registrant"):
        sec_8k.parse(html)
    with pytest.raises(ParseError, match="date"):
        sec_8k.parse(html, company_name="Acme")
