"""How the top-level CLI reports settings: errors per key, typo warnings, the broker URL."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp.definition import IcpError
from inmarket.cli import _register_plugins, cli
from inmarket.settings import Settings
from workers.runner import run_worker


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with an ``inmarket.toml`` read the default way (no INMARKET_CONFIG)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INMARKET_CONFIG", raising=False)
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    (tmp_path / "inmarket.toml").write_text(
        'smtp_host = "mail.example.com"\n'
        'slack_webhook_url = "https://hooks.example.com/T0/B0/file-secret"\n'
    )
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    _register_plugins()
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_config_keeps_file_values_when_the_environment_is_empty(workdir: Path) -> None:
    code, out, err = run("config", env={"INMARKET_SMTP_HOST": "", "INMARKET_SLACK_WEBHOOK_URL": ""})
    assert code == 0, err
    shown = json.loads(out)
    assert shown["smtp_host"] == "mail.example.com"
    assert shown["slack_webhook_url"] == "**********"
    assert "file-secret" not in out


def test_a_bad_value_is_one_line_naming_variable_and_key(workdir: Path) -> None:
    code, out, err = run("config", env={"INMARKET_PARTITIONS": "abc"})
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "error: INMARKET_PARTITIONS (partitions in inmarket.toml): Input should be a valid "
        "integer, unable to parse string as an integer (got 'abc')"
    ]


def test_an_unknown_file_key_is_named_with_a_suggestion(workdir: Path) -> None:
    (workdir / "inmarket.toml").write_text("smtp_prot = 25\npartitions = 0\n")
    code, _, err = run("config")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: INMARKET_PARTITIONS (partitions in inmarket.toml): ")
    assert lines[1] == "error: inmarket.toml: unknown setting 'smtp_prot' (did you mean smtp_port?)"


def test_a_bad_secret_value_is_masked(workdir: Path) -> None:
    (workdir / "inmarket.toml").write_text("smtp_password = 8675309\n")
    code, _, err = run("config")
    assert code == 2 and "8675309" not in err
    assert "error: INMARKET_SMTP_PASSWORD (smtp_password in inmarket.toml)" in err
    assert "(got '**********')" in err


def test_a_missing_named_config_file_is_an_error(workdir: Path) -> None:
    missing = workdir / "etc" / "inmarket.toml"
    code, out, err = run("config", env={"INMARKET_CONFIG": str(missing)})
    assert code == 2 and out == ""
    assert f"error: INMARKET_CONFIG={missing}: no such file" in err


def test_an_empty_config_variable_reads_no_file(workdir: Path) -> None:
    code, out, _ = run("config", env={"INMARKET_CONFIG": ""})
    assert code == 0 and json.loads(out)["smtp_host"] is None


def test_check_warns_about_misspelled_variables(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INMARKET_SLACK_WEBHOOK", "https://hooks.example.com/T0/B0/typo")
    monkeypatch.setenv("INMARKET_SMTP_SERVER", "mail")
    code, _, err = run("check", env={"INMARKET_CONFIG": ""})
    assert code == 0
    assert (
        "warning: INMARKET_SLACK_WEBHOOK is not an inmarket setting and is ignored "
        "(did you mean INMARKET_SLACK_WEBHOOK_URL?)"
    ) in err
    assert (
        "warning: INMARKET_SMTP_SERVER is not an inmarket setting and is ignored "
        "(did you mean INMARKET_SMTP_HOST?)"
    ) in err
    assert "typo" not in err  # the value is not shown


@pytest.mark.parametrize("command", ["config", "run"])
def test_config_and_run_warn_too(workdir: Path, command: str) -> None:
    # A bad value makes run exit before it starts anything.
    code, _, err = run(command, env={"INMARKET_SMTP_SERVER": "mail", "INMARKET_PARTITIONS": "0"})
    assert "warning: INMARKET_SMTP_SERVER is not an inmarket setting" in err
    if command == "run":
        assert code == 2 and "error: INMARKET_PARTITIONS" in err


def test_other_commands_do_not_warn(workdir: Path) -> None:
    code, _, err = run("alerts", "list", env={"INMARKET_SMTP_SERVER": "mail"})
    assert code == 0, err
    assert "INMARKET_SMTP_SERVER" not in err


def test_run_logs_where_the_embedded_broker_listens(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    settings = Settings(icp_file=tmp_path / "missing-icp.toml", broker_url=None)
    caplog.set_level(logging.INFO, logger="inmarket.workers")
    try:
        with pytest.raises(IcpError):  # stops right after the broker started
            run_worker(settings)
    finally:
        asyncio.get_event_loop_policy().get_event_loop().close()
        asyncio.set_event_loop(None)
    [line] = [r.getMessage() for r in caplog.records if "embedded broker at" in r.getMessage()]
    url = line.split()[3]
    assert url.startswith("kafka://127.0.0.1:")
    assert line == (
        f"embedded broker at {url} (to read its topics: INMARKET_BROKER_URL={url} "
        "inmarket tail TOPIC)"
    )


def test_a_value_that_looks_like_markup_is_printed_as_is(workdir: Path) -> None:
    code, _, err = run("config", env={"INMARKET_HOT_PATH": "[bold]fast[/bold]"})
    assert code == 2
    assert "(got '[bold]fast[/bold]')" in err
