from __future__ import annotations

import csv
import io
from datetime import date

from icp.checks import coverage, coverage_warnings, definition_warnings
from icp.definition import IcpDefinition, parse_icp
from icp.export import ScoredAccount, export_csv, header
from icp.fit import evaluate_fit
from icp.reevaluate import reevaluate
from tests.icp.conftest import account


def codes(icp: IcpDefinition, today: date) -> set[str]:
    return {w.code for w in definition_warnings(icp, today=today)}


def test_firmographic_only_stale_and_ownerless() -> None:
    icp = parse_icp(
        'version = "1"\nlast_reviewed = 2025-01-10\nsituational = {}\n'
        '[firmographic]\nindustries = ["Software"]\n'
    )
    found = codes(icp, date(2026, 6, 1))
    assert {"firmographic_only", "empty_dimension", "stale", "no_owner"} <= found


def test_quarterly_review_due_and_a_healthy_icp(icp: IcpDefinition) -> None:
    assert codes(icp, date(2026, 11, 1)) == set()
    assert codes(icp, date(2027, 3, 1)) == {"review_due"}
    assert "stale" in codes(icp, date(2027, 11, 1))


def test_coverage_outside_five_to_fifteen_percent(icp: IcpDefinition) -> None:
    inside = account(industry="Software", employees="100", country="US", technologies="Snowflake")
    outside = account(industry="Retail")
    narrow = coverage([inside] + [outside] * 99, icp)
    assert narrow.share == 0.01 and coverage_warnings(narrow)[0].code == "too_narrow"
    good = coverage([inside] * 10 + [outside] * 90, icp)
    assert coverage_warnings(good) == []
    broad = coverage([inside] * 50 + [outside] * 50, icp)
    assert coverage_warnings(broad)[0].code == "too_broad"
    assert coverage_warnings(coverage([], icp))[0].code == "no_universe"


def test_export_styles_and_formula_escaping(icp: IcpDefinition) -> None:
    a = account(id="001A", name="=HYPERLINK(1)", domain="acme.io", industry="Software",
                employees="100", country="US", technologies="Snowflake")  # fmt: skip
    text = export_csv([ScoredAccount(a, evaluate_fit(a, icp))], icp.version, "salesforce")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(header("salesforce"))
    assert "Inmarket_Fit_Score__c" in rows[0]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Id"] == "001A" and record["Name"] == "'=HYPERLINK(1)"
    assert record["Inmarket_In_ICP__c"] == "true" and record["Inmarket_Tier__c"] == "tier_1"
    assert record["Inmarket_Top_Reasons__c"].startswith("meets industry in Software")
    hub = list(csv.reader(io.StringIO(export_csv([], "1", "hubspot"))))
    assert "inmarket_fit_score" in hub[0]


def test_reevaluate_reports_tier_moves(icp: IcpDefinition) -> None:
    new = parse_icp('version = "2"\n[firmographic]\nindustries = ["Retail"]\n')
    accounts = [
        account(industry="Software", employees="100", country="US", technologies="Snowflake"),
        account(industry="Retail"),
        account(industry="Media"),
    ]
    change = reevaluate(accounts, icp, new)
    assert change.accounts == 3 and change.entered_icp == 1 and change.left_icp == 1
    assert (
        change.before["out"] == 2 and change.after["tier_1"] == 1 and change.before["tier_1"] == 1
    )
    assert change.moves == {("tier_1", "out"): 1, ("out", "tier_1"): 1}
    assert "ICP 2026.4 -> 2: 3 accounts, 2 changed tier" in change.render()
