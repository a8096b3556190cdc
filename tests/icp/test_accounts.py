"""The accounts CSV reader: good rows kept, bad rows reported with line and reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from icp.accounts import (
    CsvFormatError,
    map_header,
    normalize_header,
    parse_employees,
    parse_number,
    read_accounts_csv,
)

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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,5M", 1.5e6),
        ("1,5", 1.5),
        ("USD 1,200,000.00", 1.2e6),
        ("€ 2.000.000", 2e6),
        ("2.000.000,50 €", 2_000_000.5),
        ("1.234,5", 1234.5),
        ("1 200 000", 1.2e6),
        ("1\u00a0200\u00a0000 EUR", 1.2e6),
        ("1'234'567", 1_234_567.0),
        ("12,34,567", 1_234_567.0),
        ("5MM", 5e6),
        ("$5 million", 5e6),
        ("1.2 bn", 1.2e9),
        ("1.200M", 1.2e6),
        ("0.125", 0.125),
    ],
)
def test_parse_number_reads_crm_and_european_formats(text: str, value: float) -> None:
    assert parse_number(text, "x") == value


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "12,345,67", "1.234,5,6", "-5", "1e6", "1000."])
def test_parse_number_rejects_malformed_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"^amount: .* is not a number$"):
        parse_number(text, "amount")


@pytest.mark.parametrize("text", ["1.200", "100.000", "$1.500"])
def test_parse_number_rejects_a_lone_dot_before_three_digits(text: str) -> None:
    with pytest.raises(ValueError, match=r"^amount: .* is ambiguous"):
        parse_number(text, "amount")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("51-200", 51),
        ("1,001-5,000", 1001),
        ("201 - 500 employees", 201),
        ("201 to 500", 201),
        ("51\u2013200", 51),
        ("10,001+", 10001),
        ("10001+ employees", 10001),
        ("2.500", 2500),
        ("1,200", 1200),
        ("", None),
    ],
)
def test_employee_bands_read_as_their_lower_bound(text: str, value: int | None) -> None:
    assert parse_employees(text) == value


@pytest.mark.parametrize("text", ["200-51", "a-b", "51-", "1.5", "many"])
def test_bad_employee_values_name_the_column(text: str) -> None:
    with pytest.raises(ValueError, match=r"^employees: "):
        parse_employees(text)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("\ufeffAccount Name", "account_name"),
        ("  Country/Region ", "country_region"),
        ("Annual Revenue ($)", "annual_revenue"),
        ("e-mail.address", "e_mail_address"),
        ("Segment__c", "segment__c"),
    ],
)
def test_normalize_header(header: str, key: str) -> None:
    assert normalize_header(header) == key


def test_crm_headers_map_to_standard_columns() -> None:
    header = [
        "Record ID",
        "Company name",
        "Website",
        "NumberOfEmployees",
        "AnnualRevenue",
        "Billing Country",
        "Tech Stack",
        "Account Owner Email",
        "Lead Source",
    ]
    keys = map_header(header).keys
    assert keys == (
        "id",
        "name",
        "domain",
        "employees",
        "annual_revenue",
        "country",
        "technologies",
        "owner_email",
        "lead_source",
    )


def test_the_standard_name_wins_over_a_synonym_whatever_the_order() -> None:
    for header in (["Website", "name", "Domain"], ["Domain", "name", "Website"]):
        columns = map_header(header)
        assert columns.keys[header.index("Domain")] == "domain"
        assert columns.keys[header.index("Website")] == "website"
        assert columns.warnings == (
            "line 1: column 'Website' is not read as domain: column 'Domain' is",
        )


def test_the_earlier_listed_synonym_wins() -> None:
    columns = map_header(["Website URL", "Company Domain Name", "Company"])
    assert columns.keys == ("website_url", "domain", "name")


def test_a_repeated_column_is_ignored_with_a_warning() -> None:
    result = read_accounts_csv(
        b"name,Domain,domain ,Lead Source,lead_source\nAcme,acme.com,other.com,web,x\n",
        source="a.csv",
    )
    (account,) = result.accounts
    assert account.domains == ("acme.com",) and account.custom == {"lead_source": "web"}
    assert result.warnings == [
        "line 1: column 'domain' is ignored: column 'Domain' has the same name ('domain')",
        "line 1: column 'lead_source' is ignored: column 'Lead Source' has the same name "
        "('lead_source')",
    ]


def test_owner_column_gives_the_owner_email_only_for_email_values() -> None:
    result = read_accounts_csv(b"name,Owner\nAcme,kim@example.com\nBeta,Kim Park\n", source="a.csv")
    acme, beta = result.accounts
    assert acme.owner_email == "kim@example.com" and acme.custom == {}
    assert beta.owner_email is None and beta.custom == {"owner": "Kim Park"}
    both = read_accounts_csv(
        b"name,owner_email,owner\nAcme,a@example.com,b@example.com\n", source="a.csv"
    )
    assert both.accounts[0].owner_email == "a@example.com"
    assert both.accounts[0].custom == {"owner": "b@example.com"}


def test_website_urls_become_domains_and_profile_pages_are_rejected() -> None:
    result = read_accounts_csv(
        b"Account Name,Website\n"
        b"Acme,https://www.acme.com/\n"
        b"LinkedIn,https://www.linkedin.com/\n"
        b"Beta,https://www.linkedin.com/company/beta\n"
        b"Gamma,facebook.com/gamma?ref=1\n"
        b"Delta,https://delta.netlify.app\n"
        b"Epsilon,https://jobs.lever.co/epsilon\n"
        b"Zeta,zeta@gmail.com\n"
        b"Lever,www.lever.co\n"
        b"GitLab Inc.,about.gitlab.com\n",  # the site's owner: its own pages are its own
        source="a.csv",
    )
    assert [(a.name, a.domains) for a in result.accounts] == [
        ("Acme", ("acme.com",)),
        ("LinkedIn", ("linkedin.com",)),
        ("Lever", ("lever.co",)),
        ("GitLab Inc.", ("gitlab.com",)),
    ]
    assert [r.line for r in result.rejected] == [4, 5, 6, 7, 8]
    assert "is a page or site on linkedin.com" in result.rejected[0].reason
    assert "is a page or site on netlify.app" in result.rejected[2].reason


def test_semicolon_and_tab_separated_headers() -> None:
    semi = read_accounts_csv(b'name;domain;technologies\nAcme;acme.com;"dbt;Looker"\n', source="a")
    assert semi.accounts[0].domains == ("acme.com",)
    assert semi.accounts[0].technologies == ("dbt", "Looker")
    tab = read_accounts_csv(b"name\tdomain\nAcme\tacme.com\n", source="a")
    assert tab.accounts[0].domains == ("acme.com",)


def test_missing_name_lists_the_columns_read() -> None:
    with pytest.raises(CsvFormatError, match=r"missing required column\(s\): name \(columns: "
                       r"domain, deal_name\)"):  # fmt: skip
        read_accounts_csv(b"Website,Deal Name\nacme.com,x\n", source="a.csv")


def test_rows_without_ids_that_derive_the_same_id_say_so() -> None:
    result = read_accounts_csv(
        b"name,domain\nShared One,shared.com\nShared Two,shared.com\n", source="a.csv"
    )
    [rejected] = result.rejected
    assert rejected.line == 3
    assert "no id, and the id derived from its domain shared.com" in rejected.reason
    assert "already used on line 2: add an id column" in rejected.reason


def test_a_utf16_file_with_a_bom_is_read() -> None:
    text = "name\tdomain\tcountry\nMüller GmbH\tmueller.de\tDE\n"
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        result = read_accounts_csv(data, source="a.csv")
        assert [(a.name, a.domains) for a in result.accounts] == [("Müller GmbH", ("mueller.de",))]
        assert result.rejected == []


def test_a_truncated_utf16_file_names_the_byte() -> None:
    with pytest.raises(CsvFormatError, match=r"a\.csv: not valid UTF-16 at byte"):
        read_accounts_csv("name\nAcme\n".encode("utf-16") + b"\x00", source="a.csv")


def test_a_row_with_a_nul_byte_is_rejected_and_the_rest_kept() -> None:
    result = read_accounts_csv(b"name,domain\nAc\x00me,acme.com\nBeta,beta.com\n", source="a.csv")
    assert [a.name for a in result.accounts] == ["Beta"]
    assert str(result.rejected[0]) == "line 2: name: contains a NUL byte"


def test_a_field_over_the_csv_limit_rejects_its_row_only() -> None:
    data = b"name,domain\n" + b"x" * 200_000 + b",long.com\nBeta,beta.com\n"
    result = read_accounts_csv(data, source="a.csv")
    assert [a.name for a in result.accounts] == ["Beta"]
    assert result.rejected[0].line == 2
    assert "a field is longer than" in result.rejected[0].reason
