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


# Each case: one Item 5.02 paragraph and the (person, role, change, effective date) it states.
WORDINGS: list[tuple[str, list[tuple[str, str | None, str, str | None]]]] = [
    # departures
    (
        "On May 5, 2025, Jane Roe notified the Company of her resignation as Chief Financial "
        "Officer, effective May 30, 2025.",
        [("Jane Roe", "Chief Financial Officer", "departed", "2025-05-30")],
    ),
    (
        "On April 1, 2025, John Miller, the Company's Chief Executive Officer, informed the Board "
        "of his decision to retire, effective December 31, 2025.",
        [("John Miller", "Chief Executive Officer", "departed", "2025-12-31")],
    ),
    (
        "Robert Diaz, a director of the Company, will not stand for re-election at the Company's "
        "2025 annual meeting.",
        [("Robert Diaz", "Director", "departed", None)],
    ),
    (
        "On February 2, 2025, Mark Olsen was terminated as Chief Operating Officer of the "
        "Company, effective immediately.",
        [("Mark Olsen", "Chief Operating Officer", "departed", "2025-02-02")],
    ),
    (
        "On June 9, 2025, Ellen Grant tendered her resignation as Senior Vice President and Chief "
        "Accounting Officer, effective June 30, 2025.",
        [
            (
                "Ellen Grant",
                "Senior Vice President and Chief Accounting Officer",
                "departed",
                "2025-06-30",
            )
        ],
    ),
    (
        "The Company announced the retirement of Paul Weber as Chief Technology Officer, "
        "effective September 1, 2025.",
        [("Paul Weber", "Chief Technology Officer", "departed", "2025-09-01")],
    ),
    (
        "As previously reported, Frank Moore will retire from the Company. Mr. Moore’s retirement "
        "as Chief Executive Officer will be effective June 30, 2025.",
        [("Frank Moore", "Chief Executive Officer", "departed", "2025-06-30")],
    ),
    (
        "David Kim ceased to serve as Chief Marketing Officer of the Company on July 1, 2025.",
        [("David Kim", "Chief Marketing Officer", "departed", None)],
    ),
    (
        "On January 5, 2025, the Board terminated the employment of Mark Stone, the Company's "
        "Chief Operating Officer, effective immediately.",
        [("Mark Stone", "Chief Operating Officer", "departed", "2025-01-05")],
    ),
    (
        "Ellen Ward informed the Board that she would resign as Chief Legal Officer effective "
        "August 1, 2025.",
        [("Ellen Ward", "Chief Legal Officer", "departed", "2025-08-01")],
    ),
    (
        "Robert Brown will step down as Chief Executive Officer and will transition to the role "
        "of Senior Advisor.",
        [("Robert Brown", "Chief Executive Officer", "departed", None)],
    ),
    (
        "James O’Connor, Jr. resigned from the Board, effective March 1, 2025.",
        [("James O’Connor Jr.", "Director", "departed", "2025-03-01")],
    ),
    # appointments
    (
        "On July 14, 2025, Laura Chen was appointed Chief Financial Officer of the Company, "
        "effective August 1, 2025.",
        [("Laura Chen", "Chief Financial Officer", "appointed", "2025-08-01")],
    ),
    (
        "Mary Johnson has been named Chief Operating Officer, effective immediately.",
        [("Mary Johnson", "Chief Operating Officer", "appointed", None)],
    ),
    (
        "On May 20, 2025, the Board elected Thomas Reed to the Board, effective June 1, 2025.",
        [("Thomas Reed", "Director", "appointed", "2025-06-01")],
    ),
    (
        "The Board appointed Angela Moss as Chief Legal Officer, effective July 7, 2025.",
        [("Angela Moss", "Chief Legal Officer", "appointed", "2025-07-07")],
    ),
    (
        "The Board appointed Karen Hill as Chief Financial Officer to succeed Jane Roe, who is "
        "retiring, effective July 1, 2025.",
        [("Karen Hill", "Chief Financial Officer", "appointed", "2025-07-01")],
    ),
    (
        "Kevin Hart will succeed Mr. Miller as Chief Executive Officer on January 1, 2026.",
        [("Kevin Hart", "Chief Executive Officer", "appointed", None)],
    ),
    (
        "The Board named Carlos Ruiz Chief Executive Officer, effective March 1, 2025.",
        [("Carlos Ruiz", "Chief Executive Officer", "appointed", "2025-03-01")],
    ),
    (
        "The Board named Carlos Ruiz interim Chief Executive Officer, effective immediately.",
        [("Carlos Ruiz", "Interim Chief Executive Officer", "appointed", None)],
    ),
    (
        "Effective June 1, 2025, Priya Shah will become the Company's Chief Technology Officer.",
        [("Priya Shah", "Chief Technology Officer", "appointed", "2025-06-01")],
    ),
    (
        "Dr. Emily Stone has joined the Company as Chief Medical Officer.",
        [("Emily Stone", "Chief Medical Officer", "appointed", None)],
    ),
    (
        "John Smith was appointed to serve as a Class II director, effective as of the close of "
        "business on June 30, 2025.",
        [("John Smith", "Director", "appointed", "2025-06-30")],
    ),
    (
        "On March 1, 2025, Michael Torres was elected to the Board of Directors.",
        [("Michael Torres", "Director", "appointed", None)],
    ),
    # moves inside the company
    (
        "On April 2, 2025, the Board promoted Sam Patel to President and Chief Operating Officer.",
        [("Sam Patel", "President and Chief Operating Officer", "role_change", None)],
    ),
    (
        "On June 1, 2025, Michael Brown, the Company’s Executive Vice President and Chief "
        "Financial Officer, was appointed to serve as Chief Executive Officer.",
        [("Michael Brown", "Chief Executive Officer", "role_change", None)],
    ),
    # several people in one sentence
    (
        "On June 1, 2025, the Board appointed Rachel Adams and Brian Cole as directors of the "
        "Company, effective immediately.",
        [
            ("Rachel Adams", "Director", "appointed", "2025-06-01"),
            ("Brian Cole", "Director", "appointed", "2025-06-01"),
        ],
    ),
    (
        "The Board elected Sarah Lin, Omar Haddad and Peter Novak to the Board, effective June "
        "15, 2025.",
        [
            ("Sarah Lin", "Director", "appointed", "2025-06-15"),
            ("Omar Haddad", "Director", "appointed", "2025-06-15"),
            ("Peter Novak", "Director", "appointed", "2025-06-15"),
        ],
    ),
    (
        "On May 9, 2025, Rachel Adams and Brian Cole were elected to the Board of Directors.",
        [
            ("Rachel Adams", "Director", "appointed", None),
            ("Brian Cole", "Director", "appointed", None),
        ],
    ),
    (
        "Alice Wong and Bob Lee resigned from the Board, effective March 1, 2025.",
        [
            ("Alice Wong", "Director", "departed", "2025-03-01"),
            ("Bob Lee", "Director", "departed", "2025-03-01"),
        ],
    ),
    (
        "John Smith resigned as Chief Financial Officer, and the Board appointed Mary Jones to "
        "serve as interim Chief Financial Officer.",
        [
            ("John Smith", "Chief Financial Officer", "departed", None),
            ("Mary Jones", "Interim Chief Financial Officer", "appointed", None),
        ],
    ),
    # "Ms. Park" is the full name mentioned earlier in the item
    (
        "Jennifer Park has served as Chief Operating Officer since 2020. On May 2, 2025, Ms. Park "
        "informed the Board of her decision to resign, effective May 31, 2025.",
        [("Jennifer Park", None, "departed", "2025-05-31")],
    ),
    # nothing happened to anyone: pay, agreements, plans, conditions, biographies, committees
    (
        "The Compensation Committee approved an increase in the annual base salary of Jane Smith, "
        "the Company's Chief Financial Officer, to $500,000, effective April 1, 2025.",
        [],
    ),
    (
        "On March 1, 2025, the Company entered into an amendment to the employment agreement "
        "with John Doe, its Chief Executive Officer.",
        [],
    ),
    (
        "The Board approved a one-time cash bonus of $250,000 to Mr. Lee in recognition of his "
        "service as Interim Chief Executive Officer.",
        [],
    ),
    (
        "On February 15, 2025, the Compensation Committee granted an equity award of 100,000 "
        "restricted stock units to Jane Smith, the Company's President.",
        [],
    ),
    (
        "On May 1, 2025, the stockholders of the Company approved the 2025 Equity Incentive Plan, "
        "which was adopted by the Board on March 1, 2025.",
        [],
    ),
    (
        "The Board adopted the Executive Severance Plan, under which the Company's Chief "
        "Executive Officer and other executive officers are eligible for severance.",
        [],
    ),
    ("Mr. Lee was elected to the board of directors of Foo Corp. in 2019.", []),
    (
        "Prior to joining the Company, Ms. Chen served as Chief Financial Officer of Beta Inc. "
        "from 2015 to 2020.",
        [],
    ),
    (
        "If Mr. Smith's employment is terminated without cause, he will receive twelve months of "
        "base salary.",
        [],
    ),
    (
        "Under the Severance Plan, an executive officer who resigns for good reason is entitled "
        "to twelve months of base salary.",
        [],
    ),
    ("Mr. Doe will continue to serve as Chief Executive Officer.", []),
    (
        "There are no arrangements or understandings between Ms. Park and any other persons "
        "pursuant to which she was selected as an officer.",
        [],
    ),
    (
        "The Board approved a grant of 50,000 restricted stock units to Jane Smith in connection "
        "with her appointment as Chief Financial Officer.",
        [],
    ),
    ("On February 3, 2025, Tom Hardy was appointed to the Audit Committee of the Board.", []),
    (
        "Ms. Grant's employment agreement was amended to extend its term through December 31, "
        "2027.",
        [],
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), WORDINGS)
def test_item_502_wordings(
    paragraph: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert changes(eight_k(paragraph)) == expected


def test_surname_shared_by_two_people_is_not_resolved() -> None:
    signals = sec_8k.parse(
        eight_k(
            "Erik B. Nordstrom and Peter E. Nordstrom serve on the Board.",
            "Mr. Nordstrom resigned as Chief Brand Officer, effective May 1, 2025.",
        )
    )
    assert [(s.person, s.role) for s in signals] == [("Nordstrom", "Chief Brand Officer")]


def test_short_name_later_in_the_item_merges_with_the_full_name() -> None:
    signals = sec_8k.parse(
        eight_k(
            "Departure of Brett Kaufman as Chief Financial Officer",
            "Mr. Kaufman’s employment as Chief Financial Officer will terminate effective April "
            "17, 2023.",
        )
    )
    assert [(s.person, s.change, s.effective_date) for s in signals] == [
        ("Brett Kaufman", "departed", "2023-04-17")
    ]


def test_signals_carry_the_registry_source_type() -> None:
    [signal] = sec_8k.parse(eight_k("Alan Reed resigned from the Board."))
    assert signal.source_type == "sec-8k"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty document"),
        (b"  \n\t ", "empty document"),
        (bytes(range(256)) * 4, "binary data"),
        (b'{"filings": [{"form": "8-K"}]}', "JSON document"),
        (b"[1, 2, 3]", "JSON document"),
        (b"Jane Smith resigned as Chief Financial Officer.", "no 'FORM 8-K' on the cover"),
        (b"<html><body><p>FORM 10-Q</p><p>Item 5.02 ...</p></body></html>", "not an 8-K"),
        (b'<?xml version="1.0"?><edgarSubmission/>', "XML document with root <edgarSubmission>"),
        (
            b'<html><body><ix:nonNumeric name="dei:DocumentType">10-K</ix:nonNumeric>'
            b"<p>Form 8-K</p></body></html>",
            "document type is '10-K'",
        ),
    ],
)
def test_what_is_not_an_8k_is_a_parse_error_naming_why(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        sec_8k.parse(data, url="https://sec.example/doc")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("https://sec.example/doc: ")


def test_submission_of_another_form_is_refused() -> None:
    data = load("sec_8k_submission.txt").replace(
        b"CONFORMED SUBMISSION TYPE:\t8-K", b"CONFORMED SUBMISSION TYPE:\t10-Q"
    )
    with pytest.raises(ParseError, match="submission type is '10-Q', not 8-K"):
        sec_8k.parse(data)


def test_amended_8k_cover_is_accepted() -> None:
    data = eight_k("Alan Reed resigned from the Board.").replace(b"FORM 8-K", b"FORM 8-K/A")
    assert [s.person for s in sec_8k.parse(data)] == ["Alan Reed"]


def test_real_8k_without_item_502_is_an_empty_list_not_an_error() -> None:
    data = eight_k().replace(b"Item 5.02 Departure", b"Item 8.01 Other Events. Departure")
    assert sec_8k.parse(data) == []


# Wordings seen in filings beyond the ones above: each case names the (person, role, change,
# effective date) a seller would expect, or none for boilerplate and non-events.
VARIANTS: list[tuple[str, list[tuple[str, str | None, str, str | None]]]] = [
    (
        "The Board of Directors of the Company, upon the recommendation of its Nominating "
        "Committee, has unanimously appointed Nancy Katz to serve on the Board, effective as of "
        "October 21, 2025.",
        [("Nancy Katz", "Director", "appointed", "2025-10-21")],
    ),
    (
        "As previously disclosed, Walter Ruiz determined that he would retire as President and "
        "Chief Executive Officer of the Company upon the appointment of his successor.",
        [("Walter Ruiz", "President and Chief Executive Officer", "departed", None)],
    ),
    (
        "Under the Transition Agreement, Walter Ruiz will resign as the Company’s President and "
        "Chief Executive Officer and from the Board as of January 18, 2025.",
        [("Walter Ruiz", "President and Chief Executive Officer", "departed", "2025-01-18")],
    ),
    (
        "On March 3, 2025, Dr. Helen Ortiz notified the Company of her decision not to stand for "
        "re-election to the Board at the 2025 Annual Meeting of Stockholders.",
        [("Helen Ortiz", "Director", "departed", None)],
    ),
    (
        "On April 4, 2025, Thomas Grant, a member of the Board since 2010, passed away.",
        [("Thomas Grant", "Director", "departed", None)],
    ),
    (
        "On May 1, 2025, we were notified that Raj Mehta, a member of our Board of Directors, had "
        "passed away.",
        [("Raj Mehta", "Director", "departed", None)],
    ),
    (
        "On April 10, 2025, the Board terminated the employment of Peter K. Vance as Chief "
        "Operating Officer, effective immediately.",
        [("Peter K. Vance", "Chief Operating Officer", "departed", "2025-04-10")],
    ),
    (
        "On April 10, 2025, the Company terminated Peter Vance’s employment as Chief Operating "
        "Officer without cause.",
        [("Peter Vance", "Chief Operating Officer", "departed", None)],
    ),
    (
        "Ravi Patel succeeds Joan Baker, who will retire from the Company on March 31, 2025.",
        [("Joan Baker", None, "departed", "2025-03-31")],
    ),
    (
        "On May 1, 2025, the Company and Frank Osei mutually agreed that Mr. Osei would step down "
        "as Chief Operating Officer, effective May 9, 2025.",
        [("Frank Osei", "Chief Operating Officer", "departed", "2025-05-09")],
    ),
    (
        "On May 1, 2025, the Company and Frank Osei agreed to Mr. Osei’s departure from the "
        "Company, effective May 9, 2025.",
        [("Frank Osei", None, "departed", "2025-05-09")],
    ),
    (
        "On May 1, 2025, Dana Holt separated from the Company.",
        [("Dana Holt", None, "departed", None)],
    ),
    (
        "Effective May 1, 2025, Dana Holt is no longer employed by the Company.",
        [("Dana Holt", None, "departed", "2025-05-01")],
    ),
    (
        "On May 1, 2025, the Board accepted Dana Holt’s resignation as Chief Executive Officer, "
        "effective immediately.",
        [("Dana Holt", "Chief Executive Officer", "departed", "2025-05-01")],
    ),
    (
        "On May 1, 2025, Carla Reyes, the Company’s Chief Financial Officer, was also appointed as "
        "the Company’s Treasurer.",
        [("Carla Reyes", "Treasurer", "role_change", None)],
    ),
    (
        "On May 1, 2025, the Board appointed Carla Reyes, who has served as interim Chief "
        "Financial Officer since January 2025, as Chief Financial Officer on a permanent basis.",
        [("Carla Reyes", "Chief Financial Officer", "role_change", None)],
    ),
    (
        "Effective May 1, 2025, Omar Farouk will transition from his role as Chief Operating "
        "Officer to the role of Senior Advisor to the Chief Executive Officer.",
        [("Omar Farouk", "Chief Operating Officer", "departed", "2025-05-01")],
    ),
    (
        "On May 1, 2025, Ms. Jane Doe-Smith was appointed as Chief Executive Officer of the "
        "Company and Mr. John Roe was appointed as Chief Financial Officer of the Company.",
        [
            ("Jane Doe-Smith", "Chief Executive Officer", "appointed", None),
            ("John Roe", "Chief Financial Officer", "appointed", None),
        ],
    ),
    (
        "On January 2, 2025, the Board appointed Sean Dunne, the Company’s Chief Financial "
        "Officer, as interim Chief Executive Officer, while the Board conducts a search for a "
        "permanent Chief Executive Officer.",
        [("Sean Dunne", "Interim Chief Executive Officer", "role_change", None)],
    ),
    (
        "William Harris III was named Senior Vice President and Chief Accounting Officer, "
        "effective 1/15/2025.",
        [
            (
                "William Harris III",
                "Senior Vice President and Chief Accounting Officer",
                "appointed",
                "2025-01-15",
            )
        ],
    ),
    # name particles ("de", "le") are whole words, not the start of "decided" or "left"
    (
        "On May 1, 2025, John Smith decided to retire as Chief Executive Officer, effective June "
        "30, 2025.",
        [("John Smith", "Chief Executive Officer", "departed", "2025-06-30")],
    ),
    ("On May 1, 2025, Jane Doe left the Company.", [("Jane Doe", None, "departed", None)]),
    (
        "Ludwig van Beethoven resigned from the Board, effective May 1, 2025.",
        [("Ludwig van Beethoven", "Director", "departed", "2025-05-01")],
    ),
    (
        "Kelly Brooks, 52, will join the Company as Chief Financial Officer on March 17, 2025.",
        [("Kelly Brooks", "Chief Financial Officer", "appointed", "2025-03-17")],
    ),
    (
        "Effective March 1, 2025, Kelly Brooks assumed the role of Chief Executive Officer.",
        [("Kelly Brooks", "Chief Executive Officer", "appointed", "2025-03-01")],
    ),
    (
        "On March 1, 2025, the Board appointed Kelly Brooks and Tom Vega as Co-Chief Executive "
        "Officers, effective immediately.",
        [
            ("Kelly Brooks", "Co-Chief Executive Officer", "appointed", "2025-03-01"),
            ("Tom Vega", "Co-Chief Executive Officer", "appointed", "2025-03-01"),
        ],
    ),
    (
        "On March 1, 2025, Lee Ford notified the Company that she would not seek re-election to "
        "the Board at the 2025 Annual Meeting.",
        [("Lee Ford", "Director", "departed", None)],
    ),
    (
        "Lee Ford declined to stand for re-election at the Company’s 2025 annual meeting.",
        [("Lee Ford", "Director", "departed", None)],
    ),
    (
        "Lee Ford will not be standing for re-election at the 2025 Annual Meeting.",
        [("Lee Ford", "Director", "departed", None)],
    ),
    (
        "On March 1, 2025, Lee Ford resigned as a member of the Board and all committees "
        "thereof, effective immediately.",
        [("Lee Ford", "Director", "departed", "2025-03-01")],
    ),
    (
        "On March 1, 2025, the Board voted to remove Lee Ford as Chief Executive Officer, "
        "effective immediately.",
        [("Lee Ford", "Chief Executive Officer", "departed", "2025-03-01")],
    ),
    (
        "On March 1, 2025, Lee Ford was promoted from Chief Operating Officer to President.",
        [("Lee Ford", "President", "role_change", None)],
    ),
    (
        "Effective on the 1st day of March, 2025, Lee Ford resigned as Treasurer.",
        [("Lee Ford", "Treasurer", "departed", "2025-03-01")],
    ),
    (
        "Lee Ford resigned as Chief Financial Officer effective March 1st, 2025.",
        [("Lee Ford", "Chief Financial Officer", "departed", "2025-03-01")],
    ),
    (
        "On March 1, 2025, Lee Ford retired as Senior Vice President, Finance.",
        [("Lee Ford", "Senior Vice President, Finance", "departed", None)],
    ),
    (
        "Effective March 1, 2025, Mr. Lee Ford stepped down as the Company’s Chief Executive "
        "Officer and Ms. Ana Cruz was appointed as the Company’s Chief Executive Officer.",
        [
            ("Lee Ford", "Chief Executive Officer", "departed", "2025-03-01"),
            ("Ana Cruz", "Chief Executive Officer", "appointed", "2025-03-01"),
        ],
    ),
    (
        "On March 1, 2025, Lee Ford, Executive Vice President, Chief Financial Officer and "
        "Treasurer, informed the Company of his intention to retire.",
        [
            (
                "Lee Ford",
                "Executive Vice President, Chief Financial Officer and Treasurer",
                "departed",
                None,
            )
        ],
    ),
    (
        "Robert Osei, the Company’s Chief Technology Officer, has informed the Company that he "
        "will be leaving the Company to pursue other opportunities.",
        [("Robert Osei", "Chief Technology Officer", "departed", None)],
    ),
    (
        "On August 4, 2025, Linda Shaw was named interim Chief Financial Officer, succeeding "
        "Robert Osei.",
        [("Linda Shaw", "Interim Chief Financial Officer", "appointed", None)],
    ),
    # a departure told earlier, in a relative clause with its year, is not news
    (
        "On February 13, 2025, the Board elected Lisa Gale to the Board to fill the vacancy "
        "created by the resignation of Richard Grell, who resigned from the Board in December "
        "2024.",
        [("Lisa Gale", "Director", "appointed", None)],
    ),
    # boilerplate and non-events
    (
        "There are no arrangements or understandings between Dr. Katz and any other person "
        "pursuant to which Dr. Katz was appointed as a director.",
        [],
    ),
    (
        "Mr. Grant’s resignation was not due to any disagreement with the Company on any matter "
        "relating to its operations, policies or practices.",
        [],
    ),
    (
        "Ms. Ortiz’s decision not to stand for re-election was not the result of any disagreement "
        "with the Company.",
        [],
    ),
    (
        "There are no family relationships between Mr. Vance and any director or executive "
        "officer of the Company, and he has no direct or indirect material interest in any "
        "transaction required to be disclosed under Item 404(a) of Regulation S-K.",
        [],
    ),
    (
        "In connection with Ms. Ortiz’s retirement, the Company entered into a transition "
        "agreement with her.",
        [],
    ),
    (
        "The Board intends to appoint a new director to fill the vacancy created by Mr. Chen’s "
        "resignation.",
        [],
    ),
    (
        "Ms. Rivera has agreed to serve as a consultant to the Company following her departure.",
        [],
    ),
    ("The Company thanks Mr. Hill for his many years of service as Chief Executive Officer.", []),
    (
        "Mr. Jones, who was appointed as Chief Executive Officer in 2018, will continue to serve "
        "on the Board.",
        [],
    ),
    ("Ms. Diaz will be appointed to the Compensation Committee effective upon her election.", []),
    (
        "Ms. Lee was recently elected to the board of directors of XYZ Holdings, Inc., a public "
        "company.",
        [],
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), VARIANTS)
def test_item_502_variants(
    paragraph: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert changes(eight_k(paragraph)) == expected


def test_ixbrl_8k_with_an_item_list_reads_the_502_section_not_the_list_or_701() -> None:
    signals = sec_8k.parse(load("sec_8k_ixbrl_multi_item.htm"))
    assert changes(load("sec_8k_ixbrl_multi_item.htm")) == [
        (
            "Gerald W. Brantley Jr.",
            "President and Chief Executive Officer",
            "departed",
            "2025-04-30",
        ),
        (
            "Rosa Delgado-Vance",
            "President and Chief Executive Officer",
            "role_change",
            "2025-05-01",
        ),
        ("Harold Kim", "Director", "departed", None),
        ("Naomi Achebe", "Director", "appointed", "2025-03-03"),
    ]
    assert {(s.company_name, s.cik, s.occurred_at) for s in signals} == {
        ("BRANTLEY FOODS, INC.", "987654", datetime(2025, 3, 3, tzinfo=UTC))
    }


def test_plain_text_submission_with_wrapped_lines_and_old_item_title() -> None:
    signals = sec_8k.parse(load("sec_8k_text_wrapped.txt"))
    assert [(s.person, s.role, s.change, s.effective_date) for s in signals] == [
        (
            "Douglas R. Pratt",
            "Executive Vice President and Chief Lending Officer",
            "departed",
            "2025-06-02",
        ),
        ("Maureen O'Hara", "Interim Chief Lending Officer", "role_change", None),
        ("Samuel T. Whitcomb", "Director", "departed", None),
    ]
    assert {(s.company_name, s.cik, s.occurred_at) for s in signals} == {
        ("HARBOR LINE BANCORP", "555555", datetime(2025, 6, 4, tzinfo=UTC))
    }


def test_compensation_table_under_item_502e_gives_nothing() -> None:
    assert sec_8k.parse(load("sec_8k_compensation_table.htm")) == []
