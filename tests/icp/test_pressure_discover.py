from __future__ import annotations

from datetime import date

from icp.deals import read_deals_csv
from icp.definition import IcpDefinition, parse_icp
from icp.discover import discover, wilson
from icp.pressure import pressure_test
from icp.toml_writer import dump_icp
from tests.icp.conftest import DATA, synthetic_deals_csv

AS_OF = date(2026, 6, 1)


def test_pressure_test_on_the_fixture(icp: IcpDefinition) -> None:
    read = read_deals_csv((DATA / "deals.csv").read_bytes(), as_of=AS_OF)
    r = pressure_test(read.deals, icp, as_of=AS_OF, read=read)
    assert (r.won, r.lost, r.won_included, r.lost_excluded) == (4, 4, 3, 4)
    assert r.won_included_rate == 0.75 and r.lost_excluded_rate == 1.0
    assert r.confusion == {"won_in": 3, "won_out": 1, "lost_in": 0, "lost_out": 4}
    assert r.verdict == "fail"
    assert r.verdict_reasons[0] == "won deals included 75.0% misses the 80% target"
    by_key = {c.key: c for c in r.criteria}
    snowflake = by_key["technographic.required"]
    assert (snowflake.won_excluded, snowflake.lost_excluded) == (1, 2)
    assert snowflake.won_excluded_alone == 1
    assert by_key["firmographic.industries"].lost_excluded == 3
    committee = by_key["behavioral.evaluation_committee_size"]
    assert (committee.met_won, committee.met_lost) == (4, 1)
    [broken] = r.broken
    assert broken.account == "Hazel Pay" and broken.won
    assert broken.deciding == ("required technologies (Snowflake)",)
    assert r.too_old == 1
    data = r.to_dict()
    assert data["won_included_rate"] == 0.75 and data["confusion"]["won_out"] == 1


def test_no_lost_deals_means_exclusion_cannot_be_measured(icp: IcpDefinition) -> None:
    read = read_deals_csv(
        b"name,industry,outcome,close_date\nA,Software,won,2026-01-01\n", as_of=AS_OF
    )
    r = pressure_test(read.deals, icp, as_of=AS_OF, read=read)
    assert r.lost_excluded_rate is None and r.verdict == "inconclusive"
    assert "no lost deals in the window: exclusion cannot be measured" in r.verdict_reasons
    assert r.to_dict()["lost_excluded_rate"] is None


def test_wilson_interval() -> None:
    low, high = wilson(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943
    assert wilson(0, 0) == (0.0, 1.0)


def test_discovery_finds_the_planted_attributes_and_its_suggestion_round_trips() -> None:
    read = read_deals_csv(synthetic_deals_csv(1500), as_of=AS_OF)
    found = discover(read.deals, as_of=AS_OF, custom_columns=read.custom_columns)
    assert found.base_rate is not None
    top = found.top_groups(3)
    assert any(g.attribute == "industry" and g.group == "Software" for g in top)
    software = next(g for g in top if g.group == "Software")
    assert software.significant and software.low > found.base_rate
    assert found.suggestion is not None and found.suggestion_test is not None
    assert any("industry not in" in s for s in found.suggestion_steps)
    assert found.suggestion_test.won_included_rate is not None
    assert found.suggestion_test.won_included_rate >= 0.8
    again = parse_icp(dump_icp(found.suggestion))
    assert again == found.suggestion
    rerun = pressure_test(read.deals, again, as_of=AS_OF)
    assert rerun.won_included == found.suggestion_test.won_included


def test_small_groups_are_flagged_and_never_suggested() -> None:
    read = read_deals_csv((DATA / "deals.csv").read_bytes(), as_of=AS_OF)
    found = discover(read.deals, as_of=AS_OF, custom_columns=read.custom_columns)
    assert all(not g.trusted for a in found.attributes for g in a.groups)
    assert found.suggestion is None and found.top_groups() == []
    assert found.notes


def test_discovery_with_one_outcome_suggests_nothing() -> None:
    read = read_deals_csv(b"name,industry,outcome,close_date\nA,x,won,2026-01-01\n", as_of=AS_OF)
    found = discover(read.deals, as_of=AS_OF)
    assert found.suggestion is None
    assert "all deals have the same outcome" in found.notes[0]
