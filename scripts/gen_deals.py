"""Synthetic won/lost deal sets whose separating pattern is known, and discovery measured on them.

    .venv/bin/python scripts/gen_deals.py              # (re)write tests/icp/data/deals_quality_*
    .venv/bin/python scripts/gen_deals.py --evaluate   # discovery vs the truth, per data set

Each data set is drawn twice from one distribution with different seeds: the training file
(``deals_quality_<name>.csv``) and a held-out file (``..._holdout.csv``). Deals are drawn
outcome first: a won deal comes from the true pattern with some probability (noise puts the
rest anywhere), a lost deal from the whole market (some land inside the pattern). Values go
missing at realistic rates. The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "icp" / "data"
AS_OF = date(2026, 6, 1)
INDUSTRIES = {
    "Software": 14,
    "Financial Services": 10,
    "Healthcare": 9,
    "Retail": 9,
    "Manufacturing": 9,
    "Logistics": 7,
    "Media": 7,
    "Education": 6,
    "Energy": 5,
    "Real Estate": 5,
    "Hospitality": 5,
    "Government": 4,
    "Telecommunications": 4,
    "Insurance": 6,
}
COUNTRIES = {"US": 40, "United Kingdom": 12, "DE": 10, "FR": 8, "CA": 7, "IN": 8, "BR": 6, "AU": 9}
TECH = {"Salesforce": 0.3, "HubSpot": 0.3, "Snowflake": 0.25, "Oracle": 0.2, "Slack": 0.6}
SOURCES = {"inbound": 35, "outbound": 40, "partner": 15, "event": 10}
HEADER = [
    "Account Name",
    "Industry",
    "Employees",
    "Annual Revenue",
    "Billing Country",
    "Technologies",
    "evaluation_committee_size",
    "lead_source",
    "Stage",
    "Close Date",
    "Amount",
]


@dataclass
class Row:
    """One account's attributes; None is a value the CRM lacks."""

    industry: str | None
    employees: int | None
    revenue: float | None
    country: str | None
    tech: list[str]
    committee: int | None
    source: str

    def set_employees(self, rng: random.Random, employees: int) -> None:
        self.employees = employees
        self.revenue = round(employees * rng.uniform(80_000, 300_000), -3)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def market_account(rng: random.Random) -> Row:
    """One account drawn from the whole market (no preference)."""
    employees = min(200_000, int(rng.lognormvariate(5.8, 1.6)) + 2)
    return Row(
        industry=_pick(rng, INDUSTRIES),
        employees=employees,
        revenue=round(employees * rng.uniform(80_000, 300_000), -3),
        country=_pick(rng, COUNTRIES),
        tech=[t for t, p in TECH.items() if rng.random() < p],
        committee=rng.randint(1, 12),
        source=_pick(rng, SOURCES),
    )


def _blank_some(rng: random.Random, row: Row) -> Row:
    """Missing values at CRM-like rates: enrichment gaps, not a pattern."""
    for key, share in (
        ("industry", 0.05),
        ("employees", 0.08),
        ("revenue", 0.25),
        ("country", 0.06),
        ("committee", 0.05),
    ):
        if rng.random() < share:
            setattr(row, key, None)
    return row


# --- the patterns -----------------------------------------------------------------------------


def _three_dimensions(rng: random.Random, won: bool) -> Row:
    """Won: Software/Financial Services/Healthcare, 200-2000 employees, uses Salesforce."""
    row = market_account(rng)
    if rng.random() < (0.85 if won else 0.08):
        row.industry = rng.choice(["Software", "Financial Services", "Healthcare"])
        row.set_employees(rng, rng.randint(200, 2000))
        row.tech = sorted({*row.tech, "Salesforce"})
    return row


def _pair(rng: random.Random, won: bool) -> Row:
    """Won: one of five industries AND an inbound or partner lead (each alone misses the lost
    target); employees 200-5000 also separates, at the cost of a fifth of won."""
    row = market_account(rng)
    good_industries = ["Software", "Financial Services", "Insurance", "Healthcare", "Logistics"]
    mid = rng.random() < (0.82 if won else 0.25)
    small_or_large = rng.choice([rng.randint(5, 199), rng.randint(5001, 60000)])
    row.set_employees(rng, rng.randint(200, 5000) if mid else small_or_large)
    if rng.random() < (0.95 if won else 0.5):
        row.industry = rng.choice(good_industries)
    else:
        row.industry = rng.choice([i for i in INDUSTRIES if i not in good_industries])
    row.source = (
        rng.choice(["inbound", "partner"])
        if rng.random() < (0.93 if won else 0.5)
        else rng.choice(["outbound", "event"])
    )
    return row


def _budget_trap(rng: random.Random, won: bool) -> Row:
    """Employees 200-5000 separates best alone but costs almost a fifth of won, so a greedy
    choice has no won deals left to spend; Snowflake AND an inbound lead meet both targets
    (each alone misses the lost target)."""
    row = market_account(rng)
    mid = rng.random() < (0.82 if won else 0.3)
    small_or_large = rng.choice([rng.randint(5, 199), rng.randint(5001, 60000)])
    row.set_employees(rng, rng.randint(200, 5000) if mid else small_or_large)
    others = [t for t in row.tech if t != "Snowflake"]
    row.tech = [*others, "Snowflake"] if rng.random() < (0.94 if won else 0.5) else others
    row.source = "inbound" if rng.random() < (0.94 if won else 0.5) else "outbound"
    return row


def _custom_columns(rng: random.Random, won: bool) -> Row:
    """Won: evaluation committee of 3-8 people and an inbound or partner lead."""
    row = market_account(rng)
    if won and rng.random() < 0.88:
        row.committee = rng.randint(3, 8)
        row.source = rng.choice(["inbound", "partner"])
    elif not won:
        row.committee = rng.choice([1, 1, 2, 2, 9, 10, 11, 12, *range(3, 9)])
    return row


def _nothing(rng: random.Random, won: bool) -> Row:
    """The outcome does not depend on anything recorded."""
    return market_account(rng)


@dataclass(frozen=True)
class Scenario:
    name: str
    deals: int
    win_rate: float
    draw: Callable[[random.Random, bool], Row]
    truth: str  # the true pattern as an ICP (TOML), or "" when nothing separates
    holdout_deals: int = 0

    @property
    def holdout(self) -> int:
        return self.holdout_deals or self.deals


TRUTH_THREE = """version = "truth"
[firmographic]
industries = { in = ["Software", "Financial Services", "Healthcare"], if_missing = "pass" }
employees = { min = 200, max = 2000, if_missing = "pass" }
[technographic]
required = ["Salesforce"]
"""
TRUTH_PAIR = """version = "truth"
[firmographic]
industries = { in = ["Software", "Financial Services", "Insurance", "Healthcare", "Logistics"], \
if_missing = "pass" }
[behavioral.lead_source]
in = ["inbound", "partner"]
"""
TRUTH_TRAP = """version = "truth"
[technographic]
required = ["Snowflake"]
[behavioral.lead_source]
in = ["inbound"]
"""
TRUTH_CUSTOM = """version = "truth"
[behavioral.evaluation_committee_size]
min = 3
max = 8
if_missing = "pass"
[behavioral.lead_source]
in = ["inbound", "partner"]
"""
SCENARIOS = (
    Scenario("three", 2000, 0.3, _three_dimensions, TRUTH_THREE),
    Scenario("pair", 2000, 0.35, _pair, TRUTH_PAIR),
    Scenario("trap", 2000, 0.35, _budget_trap, TRUTH_TRAP),
    Scenario("custom", 1500, 0.3, _custom_columns, TRUTH_CUSTOM),
    Scenario("noise", 2000, 0.3, _nothing, ""),
    Scenario("small", 30, 0.35, _three_dimensions, TRUTH_THREE, holdout_deals=2000),
)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def deals_csv(scenario: Scenario, count: int, seed: int) -> bytes:
    """``count`` deals of ``scenario`` as a Salesforce-style opportunities export."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(count):
        won = rng.random() < scenario.win_rate
        row = _blank_some(rng, scenario.draw(rng, won))
        closed = AS_OF - timedelta(days=rng.randrange(0, 720))
        writer.writerow(
            [
                f"Co {i}",
                _cell(row.industry),
                _cell(row.employees),
                _cell(None if row.revenue is None else int(row.revenue)),
                _cell(row.country),
                ";".join(row.tech),
                _cell(row.committee),
                _cell(row.source),
                "Closed Won" if won else "Closed Lost",
                closed.isoformat(),
                rng.randint(5, 150) * 1000,
            ]
        )
    return buffer.getvalue().encode()


def path(name: str, holdout: bool = False) -> Path:
    return DATA / f"deals_quality_{name}{'_holdout' if holdout else ''}.csv"


def write_all() -> None:
    for k, s in enumerate(SCENARIOS):
        path(s.name).write_bytes(deals_csv(s, s.deals, seed=100 + k))
        path(s.name, True).write_bytes(deals_csv(s, s.holdout, seed=200 + k))
        print(f"wrote {path(s.name).name} ({s.deals}) and its holdout ({s.holdout})")


def evaluate() -> None:
    """Print, per data set, what discovery suggests and how it does on the held-out deals."""
    import time

    from icp.deals import Deal, read_deals_csv
    from icp.definition import IcpDefinition, parse_icp
    from icp.discover import discover
    from icp.pressure import pressure_test

    def shares(deals: list[Deal], icp: IcpDefinition) -> str:
        r = pressure_test(deals, icp, as_of=AS_OF)
        return f"won in {r.won_included_rate or 0:.1%} lost out {r.lost_excluded_rate or 0:.1%}"

    for s in SCENARIOS:
        train = read_deals_csv(path(s.name).read_bytes(), as_of=AS_OF)
        held = read_deals_csv(path(s.name, True).read_bytes(), as_of=AS_OF)
        t0 = time.perf_counter()
        found = discover(train.deals, as_of=AS_OF, custom_columns=train.custom_columns)
        took = time.perf_counter() - t0
        print(f"== {s.name}: {len(train.deals)} deals ({found.won} won), {took:.2f} s")
        if s.truth:
            print(f"   truth on holdout:      {shares(held.deals, parse_icp(s.truth))}")
        if found.suggestion is None or found.suggestion_test is None:
            print("   no suggestion")
        else:
            t = found.suggestion_test
            print(
                f"   suggestion on train:   {shares(train.deals, found.suggestion)} ({t.verdict})"
            )
            print(f"   suggestion on holdout: {shares(held.deals, found.suggestion)}")
            for step in found.suggestion_steps:
                print(f"     - {step}")
        for note in found.notes:
            print(f"   note: {note}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluate", action="store_true", help="measure discovery instead")
    args = parser.parse_args()
    evaluate() if args.evaluate else write_all()


if __name__ == "__main__":
    main()
