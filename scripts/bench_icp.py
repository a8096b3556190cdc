"""Benchmark the ICP's batch paths on synthetic data; prints figures (no pass/fail).

    .venv/bin/python scripts/bench_icp.py [--deals 100000] [--accounts 1000000]

Times: reading the deals CSV, the pressure test, discovery (with its suggestion's own
pressure test), and re-evaluating every account under a changed ICP.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
from datetime import date, timedelta

from icp.accounts import Account
from icp.deals import read_deals_csv
from icp.definition import parse_icp
from icp.discover import discover
from icp.pressure import pressure_test
from icp.reevaluate import reevaluate

INDUSTRIES = ["Software", "Financial Services", "Retail", "Healthcare", "Logistics", "Media"]
COUNTRIES = ["US", "GB", "DE", "FR", "IN", "BR"]
TECH = ["Snowflake", "dbt", "Looker", "Oracle", "SAP", "Postgres", "Tableau"]
SOURCES = ["inbound", "outbound", "partner", "event"]
OLD = """version = "1"
[firmographic]
industries = ["Software", "Financial Services"]
employees = { min = 50, max = 5000 }
countries = ["US", "GB", "DE"]
[technographic]
required = ["Snowflake"]
preferred = ["dbt", "Looker"]
"""
NEW = """version = "2"
[firmographic]
industries = ["Software", "Financial Services", "Healthcare"]
employees = { min = 100, max = 10000 }
regions = ["North America", "Europe"]
[technographic]
excluded = ["Oracle"]
preferred = ["dbt", "Looker", "Snowflake"]
[behavioral.lead_source]
in = ["inbound"]
required = false
"""


def deals_csv(count: int, rng: random.Random, as_of: date) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "account_name",
            "industry",
            "employees",
            "annual_revenue",
            "country",
            "technologies",
            "lead_source",
            "committee_size",
            "outcome",
            "close_date",
            "amount",
        ]
    )
    for i in range(count):
        industry = rng.choice(INDUSTRIES)
        employees = int(rng.lognormvariate(5.5, 1.5)) + 1
        techs = [t for t in TECH if rng.random() < 0.3]
        source = rng.choice(SOURCES)
        p = 0.15 + 0.2 * (industry == "Software") + 0.15 * ("Snowflake" in techs)
        p += 0.1 * (source == "inbound") - 0.1 * ("Oracle" in techs)
        won = rng.random() < p
        closed = as_of - timedelta(days=rng.randrange(0, 900))
        writer.writerow(
            [
                f"Company {i}",
                industry,
                employees,
                employees * 150_000,
                rng.choice(COUNTRIES),
                ";".join(techs),
                source,
                rng.randint(1, 9),
                "won" if won else "lost",
                closed.isoformat(),
                rng.randint(5, 200) * 1000,
            ]
        )
    return buffer.getvalue().encode()


def accounts(count: int, rng: random.Random) -> list[Account]:
    out = []
    for i in range(count):
        out.append(
            Account.model_construct(
                id=f"a{i}",
                name=f"Company {i}",
                industry=rng.choice(INDUSTRIES),
                employees=int(rng.lognormvariate(5.5, 1.5)) + 1,
                country=rng.choice(COUNTRIES),
                technologies=tuple(t for t in TECH if rng.random() < 0.3),
                custom={"lead_source": rng.choice(SOURCES)},
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(7)
    as_of = date(2026, 12, 1)
    old, new = parse_icp(OLD), parse_icp(NEW)

    data = deals_csv(args.deals, rng, as_of)
    t0 = time.perf_counter()
    read = read_deals_csv(data, as_of=as_of)
    t1 = time.perf_counter()
    result = pressure_test(read.deals, old, as_of=as_of, read=read)
    t2 = time.perf_counter()
    found = discover(read.deals, as_of=as_of, custom_columns=read.custom_columns)
    t3 = time.perf_counter()
    print(f"deals: {args.deals} rows, {len(read.deals)} in the window, {read.too_old} older")
    print(f"  read CSV        {t1 - t0:6.2f} s")
    print(f"  pressure test   {t2 - t1:6.2f} s  (verdict {result.verdict})")
    print(
        f"  discovery       {t3 - t2:6.2f} s  ({len(found.attributes)} attributes, "
        f"{len(found.suggestion_steps)} suggested criteria)"
    )
    print(f"  total           {t3 - t0:6.2f} s")

    population = accounts(args.accounts, rng)
    t4 = time.perf_counter()
    change = reevaluate(population, old, new)
    t5 = time.perf_counter()
    print(
        f"re-evaluate: {change.accounts} accounts in {t5 - t4:.2f} s "
        f"({(t5 - t4) / max(1, change.accounts) * 1e6:.1f} us per account), "
        f"{change.changed} changed tier"
    )


if __name__ == "__main__":
    main()
