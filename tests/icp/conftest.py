from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from icp.accounts import Account, account_from_row
from icp.definition import IcpDefinition, load_icp

DATA = Path(__file__).parent / "data"


@pytest.fixture
def icp() -> IcpDefinition:
    return load_icp(DATA / "icp.toml")


def account(**fields: str) -> Account:
    return account_from_row({"name": "Acme", **fields})


def synthetic_deals_csv(count: int, seed: int = 1, as_of: date = date(2026, 6, 1)) -> bytes:
    """Deals where Software and Snowflake users win far more often; Retail and Oracle lose."""
    rng = random.Random(seed)
    lines = ["account_name,industry,employees,country,technologies,lead_source,outcome,close_date"]
    for i in range(count):
        industry = rng.choice(["Software", "Retail", "Healthcare", "Media"])
        techs = [t for t in ("Snowflake", "Oracle", "dbt") if rng.random() < 0.4]
        p = 0.1 + 0.5 * (industry == "Software") + 0.25 * ("Snowflake" in techs)
        p -= 0.1 * ("Oracle" in techs)
        won = rng.random() < p
        closed = as_of - timedelta(days=rng.randrange(0, 600))
        lines.append(
            f"Co {i},{industry},{rng.randint(10, 3000)},US,{';'.join(techs)},"
            f"{rng.choice(['inbound', 'outbound'])},{'won' if won else 'lost'},{closed}"
        )
    return ("\n".join(lines) + "\n").encode()
