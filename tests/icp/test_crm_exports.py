"""Accounts and deals files as Salesforce, HubSpot and European Excel export them."""

from __future__ import annotations

from datetime import date

from icp.accounts import read_accounts_csv
from icp.deals import read_deals_csv
from tests.icp.conftest import DATA

AS_OF = date(2026, 6, 1)


def test_salesforce_account_report() -> None:
    read = read_accounts_csv((DATA / "crm_salesforce_accounts.csv").read_bytes(), source="sf.csv")
    acme, birch, cedar = read.accounts
    assert acme.id == "0015g00000AbCdE" and acme.name == "Acme Analytics"
    assert acme.domains == ("acme-analytics.com",)
    assert acme.employees == 1200 and acme.annual_revenue == 12_500_000
    assert acme.country == "United States" and acme.industry == "Software"
    assert acme.owner_email == "jane.doe@example.com"
    assert acme.custom == {"account_owner": "Jane Doe", "type": "Customer"}
    assert birch.domains == ("birchbank.co.uk",) and birch.employees == 51
    assert birch.annual_revenue == 3_500_000
    assert cedar.employees is None and cedar.owner_email is None
    (rejected,) = read.rejected
    assert rejected.line == 5
    assert "linkedin.com/company/dune-labs" in rejected.reason
    assert "not the company's own domain" in rejected.reason
    assert not read.warnings


def test_hubspot_company_export() -> None:
    read = read_accounts_csv((DATA / "crm_hubspot_companies.csv").read_bytes(), source="hs.csv")
    elm, fir = read.accounts
    assert elm.id == "9001" and elm.name == "Elm Logistics" and elm.domains == ("elm.co",)
    assert elm.employees == 400 and elm.country == "France"
    assert elm.owner_email == "ops@example.com" and "company_owner" not in elm.custom
    assert elm.custom == {
        "website_url": "https://www.elm-logistics.com",
        "lifecycle_stage": "customer",
    }
    assert fir.employees == 1001 and fir.owner_email is None
    assert fir.custom["company_owner"] == "Kim Park"
    assert [str(r) for r in read.rejected] == [
        "line 4: annual_revenue: '1.200' is ambiguous: the dot may be a decimal point or a "
        "thousands separator; write it without thousands separators"
    ]
    assert read.warnings == [
        "line 1: column 'Website URL' is not read as domain: column 'Company Domain Name' is"
    ]


def test_semicolon_separated_export_with_european_numbers() -> None:
    data = (DATA / "crm_excel_semicolon_accounts.csv").read_bytes()
    hazel, iris = read_accounts_csv(data, source="eu.csv").accounts
    assert hazel.name == "Hazel Pay" and hazel.domains == ("hazel.com",)
    assert hazel.annual_revenue == 1_234_567.89
    assert hazel.technologies == ("Snowflake", "dbt")
    assert iris.employees == 2500 and iris.annual_revenue == 2_000_000


def test_salesforce_opportunity_report_reads_the_stage() -> None:
    data = (DATA / "crm_salesforce_opportunities.csv").read_bytes()
    read = read_deals_csv(data, source="opps.csv", as_of=AS_OF)
    assert [(d.account.name, d.won, d.close_date, d.amount) for d in read.deals] == [
        ("Acme Analytics", True, date(2026, 3, 1), 42_000),
        ("Birch Bank", False, date(2026, 3, 15), 120_000),
        ("Delta Retail", True, date(2025, 12, 20), 9_500),
    ]
    assert [str(r) for r in read.rejected] == [
        "line 4: stage: 'Negotiation/Review' is neither closed won nor closed lost"
    ]
    # probability restates the outcome; owners, names and dates are bookkeeping
    assert read.custom_columns == ("lead_source", "type")
    assert read.deals[0].account.industry == "Software"
    assert read.deals[0].account.custom == {"lead_source": "Web", "type": "New Business"}


def test_hubspot_deal_export() -> None:
    data = (DATA / "crm_hubspot_deals.csv").read_bytes()
    read = read_deals_csv(data, source="deals.csv", as_of=AS_OF)
    acme, birch = read.deals
    assert acme.won and acme.close_date == date(2026, 3, 1) and acme.amount == 42_000
    assert not birch.won and birch.amount is None
    assert acme.account.name == "Acme Analytics"
    assert acme.account.external_id is None  # "Record ID" is the deal's id, not the company's
    assert read.custom_columns == ("pipeline",)
    assert [str(r) for r in read.rejected] == [
        "line 4: stage: 'Appointment scheduled' is neither closed won nor closed lost"
    ]
