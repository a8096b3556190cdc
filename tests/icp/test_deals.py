from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp.deals import (
    DealsError,
    infer_date_order,
    parse_date,
    parse_outcome,
    parse_stage,
    read_deals_csv,
)
from tests.icp.conftest import DATA

AS_OF = date(2026, 6, 1)


@pytest.mark.parametrize(
    "value", ["won", "Won", "Closed Won", "closed-won", "closed_won", "WIN", "1", "true", "yes"]
)
def test_won_spellings(value: str) -> None:
    assert parse_outcome(value) is True


@pytest.mark.parametrize("value", ["lost", "Closed Lost", "closed_lost", "LOSS", "0", "false"])
def test_lost_spellings(value: str) -> None:
    assert parse_outcome(value) is False


@pytest.mark.parametrize("value", ["", "open", "pending", "2"])
def test_other_outcomes_are_rejected(value: str) -> None:
    with pytest.raises(ValueError, match="is neither won nor lost"):
        parse_outcome(value)


@pytest.mark.parametrize(
    "value",
    ["2025-03-01", "2025/03/01", "2025-03-01T09:30:00Z", "1 Mar 2025", "01-Mar-2025",
     "1 March 2025", "March 1, 2025", "Mar 1 2025", "Mar 1st, 2025", "01.03.2025", "03/01/2025",
     "3/1/25", "03-01-2025"],
)  # fmt: skip
def test_date_formats(value: str) -> None:
    assert parse_date(value) == date(2025, 3, 1)


def test_day_month_order_on_request() -> None:
    assert parse_date("03/01/2025", "dmy") == date(2025, 1, 3)


@pytest.mark.parametrize("value", ["2025-02-30", "13/13/2025", "yesterday", "Smarch 1 2025"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(ValueError, match="close_date"):
        parse_date(value)


def test_date_order_inference() -> None:
    assert infer_date_order([(2, "01/02/2025"), (3, "25/02/2025")])[0] == "dmy"
    assert infer_date_order([(2, "01/02/2025"), (3, "02/25/2025")])[0] == "mdy"
    order, reason = infer_date_order([(2, "01/02/2025"), (3, "2025-02-25")])
    assert order == "mdy" and "default" in reason
    with pytest.raises(DealsError, match="line 2 reads only as day/month and line 3"):
        infer_date_order([(2, "25/02/2025"), (3, "02/25/2025")])


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_formats_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d %b %Y")) == day
    assert parse_date(day.strftime("%B %d, %Y")) == day
    assert parse_date(day.strftime("%m/%d/%Y"), "mdy") == day
    assert parse_date(day.strftime("%d/%m/%Y"), "dmy") == day
    assert parse_date(day.strftime("%d.%m.%Y")) == day


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_date(text)


def test_reads_the_fixture() -> None:
    read = read_deals_csv((DATA / "deals.csv").read_bytes(), as_of=AS_OF)
    assert len(read.deals) == 8 and read.too_old == 1 and not read.rejected
    birch = next(d for d in read.deals if d.account.name == "Birch Bank")
    assert birch.won and birch.close_date == date(2026, 3, 15) and birch.amount == 120_000
    assert birch.account.custom == {"evaluation_committee_size": "5", "lead_source": "outbound"}
    assert read.custom_columns == ("evaluation_committee_size", "lead_source")
    assert read.date_order == "mdy"


def test_bad_rows_are_rejected_with_their_line() -> None:
    data = (
        b"name,outcome,close_date\nA,won,2026-01-01\nB,maybe,2026-01-01\nC,lost,someday\n"
        b"D,lost,2026-02-01\nE,lost,2026-07-01\n"
    )
    read = read_deals_csv(data, as_of=AS_OF)
    assert [str(r) for r in read.rejected] == [
        "line 3: outcome: 'maybe' is neither won nor lost",
        "line 4: close_date: 'someday' is not a date format we read",
    ]
    assert len(read.deals) == 2 and read.after_as_of == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n", "the file is empty"),
        (b"name,close_date\nA,2026-01-01\n", "line 1: no 'outcome' column"),
        (b"name,outcome\nA,won\n", "line 1: no 'close_date' column"),
        (b"name,outcome,close_date\n", "no deals after the header row"),
    ],
)
def test_unusable_files(data: bytes, message: str) -> None:
    with pytest.raises(DealsError, match=message):
        read_deals_csv(data, source="deals.csv", as_of=AS_OF)


def test_window_is_configurable() -> None:
    data = b"name,outcome,close_date\nA,won,2025-12-01\nB,lost,2024-12-01\n"
    assert read_deals_csv(data, as_of=AS_OF).too_old == 0
    assert read_deals_csv(data, as_of=AS_OF, window_months=12).too_old == 1


@pytest.mark.parametrize(
    ("value", "won"),
    [("Closed Won", True), ("closedwon", True), ("Closed - Won", True), ("closed/won", True),
     ("Won", True), ("Closed lost", False), ("closedlost", False), ("LOST", False)],
)  # fmt: skip
def test_closed_stages(value: str, won: bool) -> None:
    assert parse_stage(value) is won


@pytest.mark.parametrize("value", ["Prospecting", "Negotiation/Review", "1", "true", "", "closed"])
def test_other_stages_are_not_outcomes(value: str) -> None:
    with pytest.raises(ValueError, match=r"^stage: .* is neither closed won nor closed lost$"):
        parse_stage(value)


def test_hubspot_internal_names() -> None:
    data = (
        b"dealname,dealstage,closedate,amount,company\n"
        b"A deal,closedwon,2026-01-05,1000,Acme\n"
        b"B deal,closedlost,2026-01-06,,Beta\n"
        b"C deal,appointmentscheduled,2026-01-07,,Gamma\n"
    )
    read = read_deals_csv(data, as_of=AS_OF)
    assert [(d.account.name, d.won) for d in read.deals] == [("Acme", True), ("Beta", False)]
    assert [str(r) for r in read.rejected] == [
        "line 4: stage: 'appointmentscheduled' is neither closed won nor closed lost"
    ]
    assert read.custom_columns == ()


def test_an_outcome_column_wins_over_the_stage() -> None:
    data = b"name,Stage,Outcome,Close Date\nA,Negotiation,won,2026-01-05\n"
    read = read_deals_csv(data, as_of=AS_OF)
    assert [d.won for d in read.deals] == [True] and read.custom_columns == ()


def test_columns_restating_the_outcome_are_not_attributes() -> None:
    data = (
        b"Account Name,Outcome,Close Date,Probability (%),Forecast Category,Won,"
        b"Closed Lost Reason,Segment\n"
        b"A,won,2026-01-05,100,Closed,true,,smb\n"
    )
    read = read_deals_csv(data, as_of=AS_OF)
    assert read.custom_columns == ("segment",)
    assert read.deals[0].account.custom == {"segment": "smb"}


def test_european_amounts_and_a_lost_name_column() -> None:
    data = (
        b"Account Name;Company;Outcome;Close Date;Amount\n"
        b'Acme;Acme Inc;won;2026-01-05;"1.234,50 \xe2\x82\xac"\n'
    )
    read = read_deals_csv(data, as_of=AS_OF)
    (deal,) = read.deals
    assert deal.account.name == "Acme" and deal.amount == 1234.5
    assert read.custom_columns == ()
    assert "column 'Company' is not read as name: column 'Account Name' is" in read.warnings[0]


def test_missing_outcome_mentions_the_stage() -> None:
    with pytest.raises(DealsError, match="no 'outcome' column and no stage column"):
        read_deals_csv(b"name,close_date\nA,2026-01-01\n", as_of=AS_OF)


def test_deal_rows_that_are_not_text_are_rejected_with_their_column() -> None:
    data = (
        b"account_name,domain,outcome,close_date\n"
        b"Ac\x00me,acme.com,won,2026-01-05\n"
        b"B\xe9ta,beta.com,lost,2026-01-06\n"
        b"Gamma,gamma.com,won,2026-01-07\n"
    )
    read = read_deals_csv(data, source="deals.csv", as_of=AS_OF)
    assert [d.account.domain for d in read.deals] == ["gamma.com"]
    assert [str(r) for r in read.rejected] == [
        "line 2: name: contains a NUL byte",
        "line 3: name: not valid UTF-8",
    ]
