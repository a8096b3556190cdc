from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icp.criteria import criteria_of
from icp.definition import IcpDefinition, parse_icp
from icp.explain import explain
from icp.fit import evaluate_fit, quick_fit, tier_for
from icp.scoring import AccountSignal, score_account, signal_points
from signals.events import SignalEvent, SignalKind
from tests.icp.conftest import account

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def signal(kind: SignalKind, days: float, **fields: object) -> AccountSignal:
    event = SignalEvent(
        id=f"{kind}-{days}", kind=kind, source_type="rss", occurred_at=NOW - timedelta(days=days),
        title=str(fields.pop("title", kind.value)), **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    return AccountSignal(event)


def fits(icp: IcpDefinition) -> None:
    a = account(industry="software", employees="300", country="United States",
                technologies="Snowflake;dbt", evaluation_committee_size="4")  # fmt: skip
    fit = evaluate_fit(a, icp)
    assert fit.in_icp and fit.tier == "tier_1"
    # 6 criteria of weight 1, preferred half met: 5.5 / 6
    assert fit.score == 91.7
    assert fit.behavioral == 100.0
    assert quick_fit(a, criteria_of(icp), icp) == (True, fit.score, fit.tier)


def test_fit_scores_with_reasons_per_criterion(icp: IcpDefinition) -> None:
    fits(icp)
    a = account(industry="Retail", employees="10", technologies="Oracle;Snowflake")
    fit = evaluate_fit(a, icp)
    assert not fit.in_icp and fit.tier == "out"
    assert "misses industry in Software, Financial Services (is Retail; required)" in fit.reasons
    assert "unknown country in US, GB, DE (no country; required)" in fit.reasons
    assert [o.key for o in fit.deciding] == [
        "firmographic.industries", "firmographic.employees", "firmographic.countries",
        "technographic.excluded",
    ]  # fmt: skip


def test_custom_numeric_and_categorical_attributes_and_if_missing() -> None:
    icp = parse_icp(
        'version = "1"\n[firmographic.custom.segment]\nin = ["Enterprise"]\n'
        '[behavioral.cycle_days]\nmax = 90\nif_missing = "pass"\n'
    )
    assert evaluate_fit(account(segment="enterprise", cycle_days="45"), icp).in_icp
    assert evaluate_fit(account(segment="enterprise"), icp).in_icp
    assert not evaluate_fit(account(segment="enterprise", cycle_days="120"), icp).in_icp
    assert not evaluate_fit(account(segment="smb"), icp).in_icp
    # a value that is not a number is unknown, and unknown passes here
    assert evaluate_fit(account(segment="enterprise", cycle_days="soon"), icp).in_icp


def test_regions_and_country_spellings() -> None:
    icp = parse_icp('version = "1"\n[firmographic]\nregions = ["DACH"]\ncountries = ["US"]\n')
    for country, inside in (("Germany", True), ("CH", True), ("USA", True), ("France", False)):
        assert evaluate_fit(account(country=country), icp).in_icp is inside


def test_tier_bands_are_configurable() -> None:
    icp = parse_icp('version = "1"\n[scoring]\ntiers = { tier_1 = 90, tier_2 = 50, tier_3 = 10 }\n')
    assert [tier_for(s, True, icp) for s in (95, 60, 20, 5)] == [
        "tier_1", "tier_2", "tier_3", "out"
    ]  # fmt: skip
    assert tier_for(95, False, icp) == "out"


def test_signal_conditions(icp: IcpDefinition) -> None:
    assert signal_points(signal(SignalKind.FUNDING, 0, round="Series C"), icp, NOW) == 60
    assert signal_points(signal(SignalKind.FUNDING, 45, round="Series B-2"), icp, NOW) == 30
    assert signal_points(signal(SignalKind.FUNDING, 5, round="Seed"), icp, NOW) == 0
    assert signal_points(signal(SignalKind.FUNDING, 5), icp, NOW) == 0  # round unknown
    assert signal_points(signal(SignalKind.FUNDING, 100, round="Series D"), icp, NOW) == 0
    vp_sales = signal(SignalKind.LEADERSHIP_CHANGE, 0, role="Vice President, Sales")
    assert signal_points(vp_sales, icp, NOW) == 50
    cmo = signal(SignalKind.LEADERSHIP_CHANGE, 0, role="CMO")
    assert signal_points(cmo, icp, NOW) == 50
    director = signal(SignalKind.LEADERSHIP_CHANGE, 0, role="Director of Sales")
    assert signal_points(director, icp, NOW) == 0
    vp_eng = signal(SignalKind.LEADERSHIP_CHANGE, 0, role="VP Engineering")
    assert signal_points(vp_eng, icp, NOW) == 0
    assert signal_points(signal(SignalKind.HIRING_SURGE, 0), icp, NOW) == 0  # kind not weighed


def test_in_market_combines_fit_behavioral_and_situational(icp: IcpDefinition) -> None:
    a = account(industry="Software", employees="300", country="US",
                technologies="Snowflake;dbt;Looker", evaluation_committee_size="4")  # fmt: skip
    fit = evaluate_fit(a, icp)
    assert fit.score == 100 and fit.behavioral == 100
    scored = score_account(fit, [signal(SignalKind.FUNDING, 0, round="Series B")], icp, NOW)
    assert scored.situational == 60
    assert scored.score == 0.4 * 100 + 0.2 * 100 + 0.4 * 60
    out = evaluate_fit(account(industry="Retail"), icp)
    assert score_account(out, [], icp, NOW).score == 0


def test_fit_alone_never_makes_an_account_in_market(icp: IcpDefinition) -> None:
    """A perfect fit and engagement reach 60 of the threshold 60 without any signal: that is
    not "in market now"; one counted signal is needed."""
    a = account(industry="Software", employees="300", country="US",
                technologies="Snowflake;dbt;Looker", evaluation_committee_size="4")  # fmt: skip
    fit = evaluate_fit(a, icp)
    quiet = score_account(fit, [], icp, NOW)
    assert quiet.score >= icp.scoring.in_market_threshold and not quiet.in_market
    # a signal the ICP does not count (no rule for its kind) is no reason either
    ignored = score_account(fit, [signal(SignalKind.JOB_CLOSED, 0)], icp, NOW)
    assert not ignored.contributions and not ignored.in_market
    assert score_account(fit, [signal(SignalKind.FUNDING, 0, round="Series B")], icp, NOW).in_market


def test_without_behavioral_criteria_the_formula_is_unchanged() -> None:
    icp = parse_icp('version = "1"\n[firmographic]\nindustries = ["Software"]\n')
    fit = evaluate_fit(account(industry="Software"), icp)
    scored = score_account(fit, [signal(SignalKind.FUNDING, 0)], icp, NOW)
    assert scored.score == 0.4 * 100 + 0.6 * 60


def test_explain_shows_every_step(icp: IcpDefinition) -> None:
    a = account(industry="Software", employees="300", country="US", domain="acme.io",
                technologies="Snowflake;dbt", evaluation_committee_size="2")  # fmt: skip
    signals = [
        signal(SignalKind.FUNDING, 45, round="Series C", title="Acme raises $40M"),
        signal(SignalKind.FUNDING, 3, round="Seed", title="Seed round"),
    ]
    text = explain(a, icp, signals, NOW).render()
    assert "Acme (acme.io) - ICP 2026.4" in text
    assert "+ [firmographic] industry in Software, Financial Services: is Software" in text
    assert "- [behavioral] evaluation committee size >= 3: is 2 (weight 2; 0/2)" in text
    assert "30.0 pts  funding" in text and "decay 0.500" in text
    assert "round Seed is below series_b" in text
    assert "fit = 100 x 5.5 / 6 = 91.7" in text
    assert "score = 0.4 x 91.7 + 0.2 x 0 + 0.4 x 30 = 48.7 (not in market; threshold 60)" in text
    # a third of the preferred technologies: shares print to two decimals, not 0.333333
    thirds = parse_icp('version = "1"\n[technographic]\npreferred = ["dbt", "Looker", "Airflow"]\n')
    text = explain(account(technologies="dbt"), thirds, [], NOW).render()
    assert "fit = 100 x 0.33 / 1 = 33.3" in text and "0.333333" not in text


def test_a_custom_column_is_named_as_in_the_export_or_as_stored() -> None:
    """The CSV reader stores "Lead Source" as lead_source; the ICP may use either name."""
    from icp.accounts import read_accounts_csv

    read = read_accounts_csv(b"Account Name,Lead Source\nAcme,Inbound\n", source="crm.csv")
    [acme] = read.accounts
    for name in ('"Lead Source"', "lead_source"):
        icp = parse_icp(f'version = "1"\n[firmographic.custom.{name}]\nin = ["inbound"]\n')
        assert evaluate_fit(acme, icp).in_icp, name
