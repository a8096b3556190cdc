"""``inmarket match``: accounts CSV + signals JSON lines -> one JSON line per signal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from inmarket.cli_match import parse_signal_line, register, run_match

ACCOUNTS = (
    b"id,name,domain,cik,aliases\n"
    b"crm-1,Acme Corp,acme.com,320193,\n"
    b"crm-2,Acme Inc,acme.de,,\n"
    b"crm-3,Block Inc.,block.xyz,,Square\n"
    b",,missing-name.com,,\n"
    b"crm-4,Bad Domain,localhost,,\n"
)
SIGNALS = (
    b'{"company_name": "Acme"}\n'
    b'{"company_domain": "https://www.acme.com/news", "id": "s-domain"}\n'
    b"\n"
    b"not json\n"
    b"[1, 2]\n"
    b'{"company_name": "Square", "id": "s-alias"}\n'
    b'{"cik": "0000320193"}\n'
    b"\xff\xfe\n"
    b'{"company_name": "X", "kind": "bogus"}\n'
    b'{"company_name": "Nobody Ltd", "id": "s-none"}\n'
)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    accounts, signals = tmp_path / "accounts.csv", tmp_path / "signals.jsonl"
    accounts.write_bytes(ACCOUNTS)
    signals.write_bytes(SIGNALS)
    return accounts, signals


def test_one_json_line_per_signal_line(tmp_path: Path) -> None:
    accounts, signals = _files(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run_match(accounts, signals, out, err) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    by_line = {row["line"]: row for row in rows}
    assert sorted(by_line) == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert by_line[1]["account_id"] is None
    assert {c["account_id"] for c in by_line[1]["candidates"]} == {"crm-1", "crm-2"}
    assert by_line[2] | {"reason": ""} == {
        "line": 2,
        "signal_id": "s-domain",
        "account_id": "crm-1",
        "method": "domain",
        "confidence": 0.97,
        "reason": "",
    }
    assert "error" in by_line[4] and "error" in by_line[5] and "error" in by_line[8]
    assert by_line[9]["error"].startswith("kind:")
    assert (by_line[6]["account_id"], by_line[6]["method"]) == ("crm-3", "alias_exact")
    assert (by_line[7]["account_id"], by_line[7]["method"]) == ("crm-1", "cik")
    assert by_line[10]["account_id"] is None and "candidates" not in by_line[10]
    assert "line 5: name: empty" in err.getvalue()
    assert "localhost" in err.getvalue()
    assert "4 line(s) could not be read" in err.getvalue()


def test_signal_ids_are_stable_when_absent() -> None:
    first = parse_signal_line(b'{"company_name": "Acme"}', 1)
    again = parse_signal_line(b'{"company_name": "Acme"}', 1)
    assert first is not None and again is not None and first.signal and again.signal
    assert first.signal.id == again.signal.id


def test_the_command_on_the_root_cli(tmp_path: Path) -> None:
    accounts, signals = _files(tmp_path)
    app = typer.Typer()
    register(app)

    @app.command()
    def version() -> None:  # a second command, as on the real root CLI
        """Print the version."""

    result = CliRunner().invoke(
        app, ["match", "--accounts", str(accounts), "--signals", str(signals)]
    )
    assert result.exit_code == 0, result.output
    assert '"signal_id": "s-alias"' in result.stdout


def test_unusable_files_exit_2(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run_match(empty, tmp_path / "none.jsonl", out, err) == 2
    assert "empty" in err.getvalue()
    accounts, _ = _files(tmp_path)
    assert run_match(accounts, tmp_path / "missing.jsonl", out, err) == 2
