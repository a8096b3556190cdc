"""Settings: environment over file over defaults; secrets never printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from inmarket.settings import Settings, async_database_url, load_settings


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
    monkeypatch.setenv("INMARKET_CONFIG", str(tmp_path / "absent.toml"))
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
    monkeypatch.setenv("INMARKET_CONFIG", str(tmp_path / "absent.toml"))
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
    monkeypatch.setenv("INMARKET_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("INMARKET_DATABASE_URL", raising=False)
    assert Settings().resolved_database_url() == "sqlite+aiosqlite:///inmarket.db"
