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


REASON_ACCOUNTS = (
    b"id,name,domain,cik,aliases,greenhouse_board\n"
    b"k1,Kestrel Payments Ltd,kestrelpay.co.uk,,Kestrel,\n"
    b"n1,Northwind Analytics,northwind-analytics.com,1234,,northwind\n"
    b"d1,Datadog,datadoghq.com,,,\n"
    b"g1,Globex Holdings,globex.com,77,,\n"
    b"g2,Globex Systems,globex-sys.com,77,,\n"
    b"a1,Acme Corp,acme.com,,,\n"
    b"a2,Acme Inc,acme.de,,,\n"
)
REASON_SIGNALS = [
    {"company_name": "KESTREL PAYMENTS"},
    {"company_name": "Kestrel"},
    {"company_name": "Kestral Payments"},
    {"company_name": "Data Dog"},
    {"company_name": "Foo Ltd (formerly Kestrel Payments)"},
    {"cik": "0000001234"},
    {"ats_board": "greenhouse:Northwind"},
    {"company_name": "Globex Systems", "cik": "77"},
    {"company_name": "Acme"},
    {"company_name": "Datadog Inc", "company_domain": "datadog-other.com"},
    {"company_name": "Northwind Analytics", "company_domain": "https://northwind-analytics.com/"},
]


def _reasons(tmp_path: Path) -> list[dict[str, object]]:
    accounts, signals = tmp_path / "accounts.csv", tmp_path / "signals.jsonl"
    accounts.write_bytes(REASON_ACCOUNTS)
    signals.write_text("".join(json.dumps(s) + "\n" for s in REASON_SIGNALS))
    out, err = io.StringIO(), io.StringIO()
    assert run_match(accounts, signals, out, err) == 0, err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reasons_say_what_matched(tmp_path: Path) -> None:
    """A name match names the key that matched, not only the method; methods stay."""
    rows = _reasons(tmp_path)
    got = [(r["account_id"], r["method"], r["confidence"], r["reason"]) for r in rows]
    assert got[:8] == [
        ("k1", "name_exact", 0.95, "name 'kestrel payments'"),
        ("k1", "alias_exact", 0.9, "alias 'kestrel'"),
        ("k1", "name_fuzzy", 0.844, "fuzzy 'kestral payments' ~ 'kestrel payments' (0.94)"),
        ("d1", "name_fuzzy", 0.855, "fuzzy 'data dog' ~ 'datadog' (0.95)"),
        ("k1", "alias_exact", 0.9, "former name 'kestrel payments'"),
        ("n1", "cik", 1.0, "cik 1234"),
        ("n1", "ats_board", 0.99, "ats board greenhouse:northwind"),
        (
            "g2",
            "name_exact",
            0.95,
            "cik 77 is on 2 accounts; name 'globex systems' picks one of them",
        ),
    ]
    assert got[10] == ("n1", "domain", 0.97, "domain northwind-analytics.com")


def test_refusals_say_which_name(tmp_path: Path) -> None:
    rows = _reasons(tmp_path)
    assert rows[8]["account_id"] is None
    assert rows[8]["reason"] == "name 'acme': 2 accounts fit, none chosen"
    assert rows[9]["account_id"] is None
    assert rows[9]["reason"] == (
        "name 'datadog' matches 'Datadog', but the signal's domain datadog-other.com "
        "is not one of its domains"
    )
