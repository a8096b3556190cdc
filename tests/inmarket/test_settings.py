"""Settings: environment over file over defaults; empty means unset; errors name the
variable and key; secrets never printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inmarket.settings import (
    OTHER_VARIABLES,
    InvalidSettings,
    Settings,
    async_database_url,
    load_settings,
    unknown_environment,
)

ROOT = Path(__file__).resolve().parents[2]


def problems(monkeypatch: pytest.MonkeyPatch, config: Path, text: str) -> list[str]:
    """The problems load_settings reports with ``text`` as the settings file."""
    config.write_text(text)
    monkeypatch.setenv("INMARKET_CONFIG", str(config))
    with pytest.raises(InvalidSettings) as raised:
        load_settings()
    return raised.value.problems


def test_environment_wins_over_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "inmarket.toml"
    config.write_text('broker_url = "kafka://file:9092"\nsmtp_port = 2525\n')
    monkeypatch.setenv("INMARKET_CONFIG", str(config))
    monkeypatch.setenv("INMARKET_BROKER_URL", "kafka://env:9092")
    settings = load_settings()
    assert settings.broker_url == "kafka://env:9092"
    assert settings.smtp_port == 2525


def test_unknown_key_in_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "inmarket.toml"
    config.write_text('brokr_url = "kafka://typo:9092"\n')
    monkeypatch.setenv("INMARKET_CONFIG", str(config))
    with pytest.raises(ValueError, match="brokr_url"):
        load_settings()


def test_secrets_are_masked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_SLACK_WEBHOOK_URL", "https://hooks.example.com/T0/B0/s3cr3t")
    monkeypatch.setenv("INMARKET_SMTP_PASSWORD", "hunter2")
    monkeypatch.setenv("INMARKET_DATABASE_URL", "postgresql://app:pa55@db.internal/inmarket")
    monkeypatch.setenv(
        "INMARKET_WEBHOOKS",
        '{"crm": {"url": "https://u:hookpw@crm.example/in", "secret": "crm-sink-secret"}}',
    )
    settings = load_settings()
    shown = str(settings.redacted()) + repr(settings) + str(settings)
    for secret in ("s3cr3t", "hunter2", "pa55", "hookpw", "crm-sink-secret"):
        assert secret not in shown
    assert settings.webhooks["crm"].secret.get_secret_value() == "crm-sink-secret"
    assert settings.slack_webhook_url is not None
    assert settings.slack_webhook_url.get_secret_value().endswith("s3cr3t")


def test_empty_values_mean_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_SMTP_HOST", "")
    monkeypatch.setenv("INMARKET_SLACK_WEBHOOK_URL", "")
    settings = load_settings()
    assert settings.smtp_host is None and settings.slack_webhook_url is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///inmarket.db", "sqlite+aiosqlite:///inmarket.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_map_to_async_drivers(url: str, expected: str) -> None:
    assert async_database_url(url) == expected


def test_default_database_is_a_local_sqlite_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.delenv("INMARKET_DATABASE_URL", raising=False)
    assert Settings().resolved_database_url() == "sqlite+aiosqlite:///inmarket.db"


def test_empty_environment_values_leave_the_file_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "inmarket.toml"
    config.write_text(
        'smtp_host = "mail.example.com"\nsmtp_port = 2525\n'
        'slack_webhook_url = "https://hooks.example.com/T0/B0/x"\n'
    )
    monkeypatch.setenv("INMARKET_CONFIG", str(config))
    monkeypatch.setenv("INMARKET_SMTP_HOST", "")
    monkeypatch.setenv("INMARKET_SMTP_PORT", "")
    monkeypatch.setenv("INMARKET_SLACK_WEBHOOK_URL", "  ")
    monkeypatch.setenv("INMARKET_SMTP_FROM", "")
    settings = load_settings()
    assert settings.smtp_host == "mail.example.com"
    assert settings.smtp_port == 2525
    assert settings.slack_webhook_url is not None
    assert settings.slack_webhook_url.get_secret_value() == "https://hooks.example.com/T0/B0/x"
    assert settings.smtp_from == "inmarket@localhost"  # empty and not in the file: the default


def test_empty_values_in_the_file_mean_unset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "inmarket.toml"
    config.write_text('smtp_host = ""\nsmtp_port = ""\nuser_agent = " "\nsmtp_password = ""\n')
    monkeypatch.setenv("INMARKET_CONFIG", str(config))
    monkeypatch.setenv("INMARKET_SMTP_HOST", "")
    settings = load_settings()
    assert settings.smtp_host is None and settings.smtp_password is None
    assert settings.smtp_port == 587
    assert settings.user_agent.startswith("inmarket/")


def test_a_bad_value_names_the_variable_the_key_and_the_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INMARKET_PARTITIONS", "abc")
    assert problems(monkeypatch, tmp_path / "inmarket.toml", "") == [
        f"INMARKET_PARTITIONS (partitions in {tmp_path / 'inmarket.toml'}): Input should be a "
        "valid integer, unable to parse string as an integer (got 'abc')"
    ]


def test_without_a_file_only_the_variable_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_HOT_PATH", "kafka")
    with pytest.raises(InvalidSettings) as raised:
        load_settings()
    assert raised.value.problems == [
        "INMARKET_HOT_PATH: Input should be 'faust' or 'aiokafka' (got 'kafka')"
    ]


def test_an_unknown_file_key_suggests_the_closest_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "inmarket.toml"
    found = problems(monkeypatch, config, "smtp_prot = 25\nsmtp_server = 'mail'\nzzz = 1\n")
    assert found == [
        f"{config}: unknown setting 'smtp_prot' (did you mean smtp_port?)",
        f"{config}: unknown setting 'smtp_server' (did you mean smtp_host?)",
        f"{config}: unknown setting 'zzz'",
    ]


def test_every_problem_gets_its_own_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = problems(monkeypatch, tmp_path / "c.toml", "partitions = 0\nbrokr_url = 'x'\n")
    assert len(found) == 2
    assert found[0].startswith("INMARKET_PARTITIONS (partitions in ")
    assert "greater than or equal to 1 (got 0)" in found[0]
    assert "unknown setting 'brokr_url' (did you mean broker_url?)" in found[1]


def test_errors_never_show_a_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "inmarket.toml"
    found = problems(
        monkeypatch,
        config,
        "smtp_password = 5551234\n"
        "[webhooks.crm]\nurl = 'https://crm.example/in'\nsecret = 77889900\n"
        "[webhooks.erp]\nurl = 'https://erp.example/in'\nsecrt = 'erp-sink-secret'\n",
    )
    text = "\n".join(found)
    for secret in ("5551234", "77889900", "erp-sink-secret"):
        assert secret not in text
    assert (
        f"INMARKET_SMTP_PASSWORD (smtp_password in {config}): Input should be a valid string "
        "(got '**********')"
    ) in found
    assert (
        f"INMARKET_WEBHOOKS (webhooks.crm.secret in {config}): Input should be a valid string "
        "(got '**********')"
    ) in found
    assert (
        f"INMARKET_WEBHOOKS (webhooks.erp.secrt in {config}): unknown key 'secrt' "
        "(did you mean secret?)"
    ) in found
    assert f"INMARKET_WEBHOOKS (webhooks.erp.secret in {config}): Field required" in found


def test_a_password_in_a_bad_url_value_is_masked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_BOARD_URLS", '{"greenhouse": ["https://u:pw0rd@m/{board}"]}')
    monkeypatch.setenv("INMARKET_WEBHOOKS", '{"crm": {"url": 5, "secret": "s3cr3t-value"}}')
    with pytest.raises(InvalidSettings) as raised:
        load_settings()
    text = str(raised.value)
    assert "pw0rd" not in text and "s3cr3t-value" not in text
    assert "INMARKET_BOARD_URLS (board_urls.greenhouse)" in text
    assert "INMARKET_WEBHOOKS (webhooks.crm.url): Input should be a valid string (got 5)" in text


def test_malformed_json_and_toml_name_their_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "inmarket.toml"
    assert problems(monkeypatch, config, "smtp_port = \n") == [
        f"{config}: Invalid value (at line 1, column 13)"
    ]
    monkeypatch.setenv("INMARKET_CONFIG", "")
    monkeypatch.setenv("INMARKET_WEBHOOKS", '{"crm": "hidden-secret-text')
    with pytest.raises(InvalidSettings) as raised:
        load_settings()
    [problem] = raised.value.problems
    assert problem.startswith("INMARKET_WEBHOOKS: not valid JSON")
    assert "hidden-secret-text" not in problem


def test_a_named_config_file_must_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    monkeypatch.setenv("INMARKET_CONFIG", str(missing))
    with pytest.raises(InvalidSettings, match=re.escape(f"INMARKET_CONFIG={missing}: no such")):
        load_settings()
    monkeypatch.setenv("INMARKET_CONFIG", str(tmp_path))
    with pytest.raises(InvalidSettings, match="not a file"):
        load_settings()


def test_the_default_config_file_is_optional_and_empty_config_reads_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INMARKET_CONFIG", raising=False)
    monkeypatch.delenv("INMARKET_SMTP_PORT", raising=False)
    assert load_settings().smtp_port == 587
    (tmp_path / "inmarket.toml").write_text("smtp_port = 2525\n")
    assert load_settings().smtp_port == 2525
    monkeypatch.setenv("INMARKET_CONFIG", "")
    assert load_settings().smtp_port == 587


def test_unknown_environment_variables_are_warned_with_the_closest_name() -> None:
    environ = {
        "INMARKET_SLACK_WEBHOOK": "https://hooks.example.com/x",
        "INMARKET_SMTP_SERVER": "mail",
        "INMARKET_KAFKA_URL": "kafka://k:9092",
        "INMARKET_ZZZZZZ": "1",
        "inmarket_smtp_host": "read, case does not matter",
        "INMARKET_SMTP_PORT": "25",
        "INMARKET_CONFIG": "",
        "INMARKET_TANSU_BIN": "/bin/tansu",
        "INMARKET_TEST_POSTGRES_URL": "postgresql://x",
        "PATH": "/bin",
        "XINMARKET_FOO": "1",
    }
    assert unknown_environment(environ) == [
        "INMARKET_KAFKA_URL is not an inmarket setting and is ignored "
        "(did you mean INMARKET_BROKER_URL?)",
        "INMARKET_SLACK_WEBHOOK is not an inmarket setting and is ignored "
        "(did you mean INMARKET_SLACK_WEBHOOK_URL?)",
        "INMARKET_SMTP_SERVER is not an inmarket setting and is ignored "
        "(did you mean INMARKET_SMTP_HOST?)",
        "INMARKET_ZZZZZZ is not an inmarket setting and is ignored",
    ]


def test_every_inmarket_variable_the_code_reads_is_known() -> None:
    """A variable read with os.environ / getenv must be a setting or in OTHER_VARIABLES,
    or setting it would draw a warning that it is ignored."""
    read = re.compile(r"""(?:environ\.get\(|environ\[|getenv\()\s*["'](INMARKET_\w+)""")
    found = set()
    for folder in ("inmarket", "workers", "signals", "icp", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(read.findall(path.read_text(encoding="utf-8")))
    assert {"INMARKET_CONFIG", "INMARKET_TANSU_BIN", "INMARKET_TEST_POSTGRES_URL"} <= found
    settings = {f"INMARKET_{name.upper()}" for name in Settings.model_fields}
    assert found <= settings | OTHER_VARIABLES
