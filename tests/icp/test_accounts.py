"""The accounts CSV reader: good rows kept, bad rows reported with line and reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp.accounts import CsvFormatError, parse_number, read_accounts_csv

HEADER = (
    "id,name,domain,industry,employees,annual_revenue,country,technologies,owner_email,cik,"
    "tier_hint\n"
)


def test_good_rows_become_typed_accounts() -> None:
    result = read_accounts_csv(
        (
            HEADER
            + 'A1,Acme Corp,https://www.Acme.co.uk/about;acme.com,Software,"1,200",$12.5M,GB,'
            "Snowflake; dbt ;Snowflake,kim@example.com,0000320193,hot\n"
        ).encode(),
        source="accounts.csv",
    )
    assert not result.rejected
    (account,) = result.accounts
    assert account.id == "A1" and account.external_id == "A1"
    assert account.domains == ("acme.co.uk", "acme.com")
    assert account.employees == 1200
    assert account.annual_revenue == 12_500_000
    assert account.technologies == ("Snowflake", "dbt")
    assert account.cik == "320193"
    assert account.custom == {"tier_hint": "hot"}
    assert account.attribute("tier_hint") == "hot" and account.attribute("industry") == "Software"


def test_bad_rows_are_reported_by_line_and_the_rest_imported() -> None:
    text = (
        HEADER
        + "A1,Good One,good.com,,,,,,,,\n"
        + "A2,,empty-name.com,,,,,,,,\n"
        + "A3,Bad Employees,bad.com,,abc,,,,,,\n"
        + "A4,Bad Email,mail.com,,,,,,not-an-email,,\n"
        + "A5,Bad Cik,cik.com,,,,,,,12ab,\n"
        + "A1,Duplicate Id,dup.com,,,,,,,,\n"
        + "A7,Bad Domain,localhost,,,,,,,,\n"
        + "A8,Good Two,good2.com,,,,,,,,\n"
    )
    result = read_accounts_csv(text.encode(), source="accounts.csv")
    assert [a.id for a in result.accounts] == ["A1", "A8"]
    reasons = {e.line: e.reason for e in result.rejected}
    assert reasons[3] == "name: empty"
    assert "employees" in reasons[4] and "abc" in reasons[4]
    assert "owner_email" in reasons[5]
    assert "cik" in reasons[6]
    assert "already used on line 2" in reasons[7]
    assert "domain" in reasons[8]


def test_invalid_utf8_rejects_only_that_row() -> None:
    data = HEADER.encode() + b"A1,Ok,ok.com,,,,,,,,\nA2,Bad \xff\xfe,bad.com,,,,,,,,\n"
    result = read_accounts_csv(data, source="accounts.csv")
    assert [a.id for a in result.accounts] == ["A1"]
    assert result.rejected[0].line == 3 and "UTF-8" in result.rejected[0].reason


def test_shared_domain_is_a_warning_not_a_merge() -> None:
    result = read_accounts_csv(
        (HEADER + "A1,One,shared.com,,,,,,,,\nA2,Two,shared.com,,,,,,,,\n").encode(),
        source="accounts.csv",
    )
    assert len(result.accounts) == 2
    assert "shared.com" in result.warnings[0] and "line 2" in result.warnings[0]


def test_without_crm_id_the_id_is_stable() -> None:
    text = "name,domain\nAcme,acme.com\n"
    first = read_accounts_csv(text.encode(), source="a.csv").accounts[0]
    again = read_accounts_csv(text.encode(), source="a.csv").accounts[0]
    assert first.id == again.id and first.id.startswith("acc-")
    assert first.external_id is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"id,domain\nA1,acme.com\n", "missing required column(s): name"),
        (b" , \n", "header row is empty"),
    ],
)
def test_unusable_files_raise_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(CsvFormatError, match=r"accounts\.csv") as info:
        read_accounts_csv(data, source="accounts.csv")
    assert message in str(info.value)


def test_a_row_with_too_many_fields_is_rejected() -> None:
    result = read_accounts_csv(b"name,domain\nAcme,acme.com,extra\nBeta,beta.com\n", source="a.csv")
    assert [a.name for a in result.accounts] == ["Beta"]
    assert result.rejected[0].line == 2 and "3 fields" in result.rejected[0].reason


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,200", 1200.0), ("$12.5M", 12.5e6), ("3bn", 3e9), ("40k", 40e3), ("", None), ("  ", None)],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text, "x") == value


@given(st.binary(max_size=2000))
def test_reader_never_raises_anything_but_format_errors(data: bytes) -> None:
    try:
        result = read_accounts_csv(data, source="fuzz.csv")
    except CsvFormatError:
        return
    for account in result.accounts:
        assert account.name.strip()
