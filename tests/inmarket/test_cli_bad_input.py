"""Bad paths and bad option values end in one ``error:`` line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from inmarket.cli import _register_plugins, cli

ICP = 'version = "1"\n[firmographic]\nindustries = ["Software"]\n'
ACCOUNTS = "name,domain,industry\nAcme,acme.com,Software\n"
DEALS = "domain,industry,outcome,close_date\nacme.com,Software,won,2026-01-05\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("INMARKET_ICP_FILE", str(tmp_path / "icp.toml"))
    (tmp_path / "icp.toml").write_text(ICP)
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    (tmp_path / "deals.csv").write_text(DEALS)
    (tmp_path / "folder").mkdir()
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    _register_plugins()
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_import_of_a_directory_names_it(workdir: Path) -> None:
    code, _, err = run("accounts", "import", "folder")
    assert (code, err.strip()) == (2, "error: folder: is a directory, not a file")


def test_match_names_the_missing_file_without_errno(workdir: Path) -> None:
    code, _, err = run("match", "--accounts", "nope.csv", "--signals", "x.jsonl")
    assert (code, err.strip()) == (2, "error: nope.csv: no such file")
    code, _, err = run("match", "--accounts", "accounts.csv", "--signals", "folder")
    assert (code, err.strip()) == (2, "error: folder: is a directory, not a file")


@pytest.mark.parametrize("target", ["folder", "missing/out.csv"])
def test_export_to_an_unwritable_output_is_one_line(workdir: Path, target: str) -> None:
    code, _, err = run("accounts", "export", "--accounts", "accounts.csv", "--output", target)
    assert code == 2
    assert err.startswith(f"error: {target}: cannot write the output (")
    assert len(err.strip().splitlines()) == 1


def test_explain_rejects_a_bad_now(workdir: Path) -> None:
    args = ("accounts", "explain", "acme.com", "--accounts", "accounts.csv", "--now", "x")
    code, _, err = run(*args)
    assert code == 2
    assert err.startswith("error: --now: 'x' is not an ISO date or time")


def test_discover_reports_a_bad_icp_file(workdir: Path) -> None:
    (workdir / "bad.toml").write_text("[icp\n")
    code, _, err = run("icp", "discover", "deals.csv", "--icp", "bad.toml")
    assert code == 2
    assert err.startswith("error: bad.toml: ")


@pytest.mark.parametrize("command", ["test", "discover"])
def test_window_months_is_bounded_like_the_icp(workdir: Path, command: str) -> None:
    code, _, err = run("icp", command, "deals.csv", "--window-months", "99999999")
    assert code == 2
    assert "--window-months" in err


def test_a_file_name_with_markup_is_printed_as_written(workdir: Path) -> None:
    code, _, err = run("icp", "check", "--icp", "a[/b].toml")
    assert code == 2
    assert err.startswith("error: a[/b].toml: ")


def test_error_text_keeps_emoji_codes_verbatim(workdir: Path) -> None:
    code, _, err = run("accounts", "import", "x:b:.csv")
    assert (code, err.strip()) == (2, "error: x:b:.csv: no such file")


def test_a_broken_settings_file_is_one_line_for_store_commands(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "inmarket.toml").write_text("[x\n")
    monkeypatch.setenv("INMARKET_CONFIG", str(workdir / "inmarket.toml"))
    for args in (("icp", "check"), ("accounts", "export")):
        code, _, err = run(*args)
        assert code == 2, args
        assert err.startswith(f"error: {workdir / 'inmarket.toml'}: "), args


@pytest.mark.parametrize("args", [("alerts", "list"), ("icp", "check"), ("accounts", "export")])
def test_a_database_that_cannot_be_opened_is_one_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    (workdir / "not-a-db").write_bytes(b"\x7fELF" + b"\x00" * 200)
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{workdir / 'not-a-db'}")
    code, _, err = run(*args)
    assert code == 1
    assert err.strip() == (
        f"error: database sqlite:///{workdir / 'not-a-db'}: file is not a database "
        "(check INMARKET_DATABASE_URL / database_url)"
    )


def test_a_database_url_that_is_not_one_exits_2(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INMARKET_DATABASE_URL", "garbage")
    code, _, err = run("accounts", "import", "accounts.csv")
    assert code == 2
    assert err.startswith("error: INMARKET_DATABASE_URL (database_url): Could not parse")


def test_a_database_that_refuses_connections_is_one_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INMARKET_DATABASE_URL", "postgresql://u:secret@127.0.0.1:1/db")
    code, _, err = run("alerts", "list")
    assert code == 1
    assert err.startswith("error: database postgresql://u:***@127.0.0.1:1/db: cannot connect: ")
    assert "secret" not in err


def test_a_settings_file_that_is_not_utf8_is_named(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "inmarket.toml").write_bytes(b'log_level = "\xe9"\n')
    monkeypatch.setenv("INMARKET_CONFIG", str(workdir / "inmarket.toml"))
    code, _, err = run("config")
    assert (code, err.strip()) == (
        2,
        f"error: {workdir / 'inmarket.toml'}: not valid UTF-8 at byte 13",
    )


def test_import_reads_stdin_for_a_dash(workdir: Path) -> None:
    _register_plugins()
    result = CliRunner().invoke(
        cli, ["accounts", "import", "-"], input=ACCOUNTS + ",nameless.com,\n"
    )
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert "-: line 3: name: empty" in result.stderr


def test_match_reads_signals_from_stdin_for_a_dash(workdir: Path) -> None:
    _register_plugins()
    line = '{"id": "s1", "source": "x", "kind": "funding", "title": "t", "company_name": "Acme"}'
    args = ["match", "--accounts", "accounts.csv", "--signals", "-"]
    result = CliRunner().invoke(cli, args, input=line + "\n")
    assert result.exit_code == 0, result.output
    assert '"signal_id": "s1"' in result.stdout
