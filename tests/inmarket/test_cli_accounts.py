"""``inmarket accounts import`` and ``inmarket config`` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from inmarket.cli import _register_plugins, cli

ICP = 'version = "1"\n[firmographic]\nindustries = ["Software"]\n'


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("INMARKET_ICP_FILE", str(tmp_path / "icp.toml"))
    (tmp_path / "icp.toml").write_text(ICP)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    _register_plugins()
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_reports_counts_and_rejected_rows(workdir: Path) -> None:
    csv = workdir / "accounts.csv"
    csv.write_text("name,domain,employees\nAcme,acme.com,10\n,nameless.com,5\nBeta,beta.com,x\n")
    code, out, err = run("accounts", "import", str(csv))
    assert code == 0
    assert "1 added, 0 updated, 0 unchanged, 2 rejected" in out
    assert f"{csv}: line 3: name: empty" in err
    assert f"{csv}: line 4: employees" in err
    code, out, _ = run("accounts", "import", str(csv))
    assert "0 added, 0 updated, 1 unchanged, 2 rejected" in out


def test_import_errors_are_one_line(workdir: Path) -> None:
    code, _, err = run("accounts", "import", str(workdir / "missing.csv"))
    assert code == 2 and "no such file" in err
    (workdir / "nohead.csv").write_text("domain\nacme.com\n")
    code, _, err = run("accounts", "import", str(workdir / "nohead.csv"))
    assert code == 2 and "missing required column(s): name" in err
    (workdir / "icp.toml").write_text('version = "1"\nbogus = 1\n')
    code, _, err = run("accounts", "import", str(workdir / "nohead.csv"))
    assert code == 2 and "bogus" in err and "line 2" in err


def test_config_masks_secrets(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INMARKET_SMTP_PASSWORD", "hunter2")
    code, out, _ = run("config")
    assert code == 0 and "hunter2" not in out and "**********" in out


def test_icp_check_explain_and_export_read_the_store(workdir: Path) -> None:
    csv = workdir / "accounts.csv"
    csv.write_text(
        "id,name,domain,industry\nC1,Acme,acme.com,Software\nC2,Mine Co,mine.com,Mining\n"
    )
    assert run("accounts", "import", str(csv))[0] == 0
    code, out, _ = run("icp", "check")
    assert code == 0 and "1 of 2 accounts pass the ICP (50.0%)" in out
    code, out, _ = run("accounts", "explain", "acme.com")
    assert code == 0 and "Acme" in out and "industry" in out
    code, _, err = run("accounts", "explain", "nobody.com")
    assert code == 2 and "no such account in the store" in err
    code, out, _ = run("accounts", "export", "--style", "hubspot")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3 and "inmarket_fit_score" in lines[0]
    assert lines[1].startswith("C1,Acme")
