from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from inmarket import cli_icp
from tests.icp.conftest import DATA, synthetic_deals_csv

ICP = str(DATA / "icp.toml")
DEALS = str(DATA / "deals.csv")


def app() -> typer.Typer:
    cli = typer.Typer()
    cli_icp.register(cli)
    accounts = typer.Typer()
    cli_icp.register_accounts(accounts)
    cli.add_typer(accounts, name="accounts")
    return cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app(), list(args))
    return result.exit_code, result.stdout, result.stderr


def test_icp_test_prints_figures_and_fails() -> None:
    code, out, _ = run("icp", "test", DEALS, "--icp", ICP, "--as-of", "2026-06-01")
    assert code == 1
    assert "won deals included : 75.0% (target 80%)" in out
    assert "line 9 Hazel Pay: won, excluded - required technologies (Snowflake)" in out
    assert "verdict: FAIL" in out


def test_icp_test_json(tmp_path: Path) -> None:
    code, out, _ = run("icp", "test", DEALS, "--icp", ICP, "--as-of", "2026-06-01", "--json")
    data = json.loads(out)
    assert code == 1 and data["verdict"] == "fail" and data["too_old"] == 1
    assert data["confusion"] == {"won_in": 3, "won_out": 1, "lost_in": 0, "lost_out": 4}


def test_icp_test_bad_input_messages(tmp_path: Path) -> None:
    no_outcome = tmp_path / "a.csv"
    no_outcome.write_text("name,close_date\nA,2026-01-01\n")
    code, _, err = run("icp", "test", str(no_outcome), "--icp", ICP)
    assert code == 2 and "no 'outcome' column" in err
    empty = tmp_path / "b.csv"
    empty.write_text("")
    code, _, err = run("icp", "test", str(empty), "--icp", ICP)
    assert code == 2 and "the file is empty" in err
    only_won = tmp_path / "c.csv"
    only_won.write_text("name,industry,outcome,close_date\nA,Software,won,2026-01-01\n")
    code, out, _ = run("icp", "test", str(only_won), "--icp", ICP, "--as-of", "2026-06-01")
    assert code == 1 and "lost deals excluded: cannot be measured" in out
    assert "INCONCLUSIVE" in out
    code, _, err = run("icp", "test", DEALS, "--icp", str(tmp_path / "none.toml"))
    assert code == 2 and "no such ICP file" in err


def test_discover_writes_an_icp_that_test_accepts(tmp_path: Path) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_bytes(synthetic_deals_csv(1200))
    suggestion = tmp_path / "suggested.toml"
    code, out, _ = run(
        "icp", "discover", str(deals), "--as-of", "2026-06-01", "--output", str(suggestion)
    )
    assert code == 0, out
    assert "industry = Software" in out and "suggested ICP written" in out
    code, out, _ = run("icp", "test", str(deals), "--icp", str(suggestion), "--as-of", "2026-06-01")
    assert "won deals included" in out and code in (0, 1)
    code, out, _ = run("icp", "discover", str(deals), "--as-of", "2026-06-01", "--json")
    found = json.loads(out)
    assert found["base_rate"] > 0
    # the cross-validated shares: what to expect on deals the suggestion was not learned from
    cv = found["cross_validation"]
    assert cv["folds"] == 5 and 0 <= cv["won_included_rate"] <= 1
    assert isinstance(found["meets_targets"], bool) and isinstance(cv["meets_targets"], bool)


def test_check_counts_accounts(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "name,industry,employees,country,technologies\n"
        "A,Software,100,US,Snowflake\nB,Retail,10,US,\nC,Media,10,FR,\n"
    )
    code, out, _ = run(
        "icp", "check", "--icp", ICP, "--accounts", str(accounts), "--as-of", "2026-11-01"
    )
    assert code == 0
    assert "1 of 3 accounts pass the ICP (33.3%)" in out
    assert "too broad to filter" in out


def test_accounts_explain_and_export(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "name,domain,industry,employees,country,technologies\n"
        "Acme,acme.io,Software,100,US,Snowflake\n"
    )
    signals = tmp_path / "signals.jsonl"
    signals.write_text(
        json.dumps(
            {
                "id": "s1",
                "kind": "funding",
                "source_type": "rss",
                "title": "Acme raises",
                "company_domain": "acme.io",
                "occurred_at": "2026-05-01T00:00:00Z",
                "round": "Series B",
            }
        )
        + "\n"
    )
    code, out, _ = run(
        "accounts",
        "explain",
        "acme.io",
        "--accounts",
        str(accounts),
        "--signals",
        str(signals),
        "--icp",
        ICP,
        "--now",
        "2026-05-01T00:00:00",
    )
    assert code == 0, out
    # matched by domain, as the worker matches it: 60 points x confidence 0.97
    assert "58.2 pts  funding" in out and "confidence 0.97 (domain)" in out and "score = " in out
    assert "1 line read, 1 used, 0 left out" in out
    code, out, _ = run(
        "accounts", "export", "--accounts", str(accounts), "--icp", ICP, "--style", "hubspot"
    )
    assert code == 0 and out.splitlines()[0].startswith("Record ID,Company name")
