"""Settings from environment variables (``INMARKET_*``) and an optional TOML file.

Precedence, highest first: environment, then the TOML file named by ``INMARKET_CONFIG``
(default ``inmarket.toml`` in the working directory, if it exists), then defaults.
Secrets are ``SecretStr``: they print as ``**********`` and are never logged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = "inmarket.toml"


class WebhookSinkSettings(BaseModel):
    """A named webhook sink that routing rules send to (``webhook = "crm"``)."""

    model_config = ConfigDict(extra="forbid")

    url: str
    secret: SecretStr


class Settings(BaseSettings):
    """Everything inmarket reads from its environment. Unknown keys in the file are errors."""

    model_config = SettingsConfigDict(env_prefix="INMARKET_", extra="forbid")

    # Kafka: empty means "start the embedded broker on 127.0.0.1".
    broker_url: str | None = None
    # sqlite:///path or postgresql://user@host/db; empty means ./inmarket.db.
    database_url: str | None = None
    icp_file: Path = Path("icp.toml")
    sources_file: Path = Path("sources.toml")
    user_agent: str = (
        "inmarket/0.1 (set INMARKET_USER_AGENT to 'your-company ops@your-company.com')"
    )

    slack_webhook_url: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_default_channel: str | None = None

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "inmarket@localhost"
    smtp_starttls: bool = False
    smtp_tls: bool = False
    default_alert_email: str | None = None

    alert_webhook_url: str | None = None
    alert_webhook_secret: SecretStr | None = None
    # Named sinks for routing rules, each signed with its own secret: in inmarket.toml
    # [webhooks.crm] url = "...", secret = "..."; in the environment
    # INMARKET_WEBHOOKS='{"crm": {"url": "...", "secret": "..."}}'.
    webhooks: dict[str, WebhookSinkSettings] = {}

    worker_id: str = "inmarket"
    partitions: int = Field(default=4, ge=1, le=256)
    session_timeout_seconds: float = 10.0
    web_port: int = 6066
    web_enabled: bool = False
    batch_size: int = Field(default=500, ge=1)
    batch_seconds: float = Field(default=0.2, gt=0)
    poll_tick_seconds: float = Field(default=5.0, gt=0)
    max_feed_bytes: int = 5_000_000
    # Job boards named in the accounts CSV are polled this often.
    board_poll_seconds: int = Field(default=6 * 3600, ge=60)
    # Override a job-board API's URL (a mirror, a proxy): {"greenhouse": "https://.../{board}"}.
    board_urls: dict[str, str] = {}
    log_level: str = "info"

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        """``INMARKET_SMTP_HOST=`` (empty, as compose files often pass) means unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("INMARKET_CONFIG", DEFAULT_CONFIG_FILE))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config_file.exists():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    def resolved_database_url(self) -> str:
        """The async SQLAlchemy URL: ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://``."""
        return async_database_url(self.database_url or "sqlite:///inmarket.db")

    def __repr_args__(self) -> Any:
        # repr() and str() show the redacted view: URLs may carry passwords.
        return list(self.redacted().items())

    def redacted(self) -> dict[str, Any]:
        """Settings as a dict safe to print: secrets masked, passwords in URLs masked."""
        return _redact(self.model_dump())

    # -- alerts: routing, recipients' preferences, noise control, retries ---------------
    # Routing rules (TOML, see inmarket.notify.routing); unset: DM the owner, email the owner.
    routing_file: Path | None = None
    # Per-recipient preferences (TOML keyed by email or Slack id: digest, time_zone,
    # quiet_hours, daily_cap); the alert_* settings below are everyone else's.
    recipients_file: Path | None = None
    alert_time_zone: str = "UTC"
    # "20:00-08:00" in alert_time_zone; unset: no quiet hours.
    alert_quiet_hours: str | None = None
    # Alerts one recipient gets one by one per local day; the rest go to the digest.
    alert_daily_cap: int | None = Field(default=None, ge=1)
    # An account is alerted again within this many days only on a tier rise or a new
    # high-importance signal.
    alert_cooldown_days: float = Field(default=14.0, ge=0)
    # Local time the daily digest and quiet-hours releases go out.
    alert_digest_time: str = "08:00"
    # How often the leader releases held alerts and sends due digests.
    alert_release_seconds: float = Field(default=60.0, gt=0)
    # Tries per delivery (Slack 429/5xx, SMTP 4xx, webhook 5xx) before it counts as failed.
    alert_retry_attempts: int = Field(default=5, ge=1, le=20)
    # A server's Retry-After is honoured up to this many seconds.
    alert_max_retry_after: float = Field(default=60.0, ge=0)

    # -- the match + score hot path ------------------------------------------------------
    # "aiokafka": one batch consumer (group "<worker_id>-hot") matches and scores whole
    # batches and commits after their effects are stored and acknowledged; "faust": one
    # Faust agent per stage. Switching starts the other path's consumer group from the
    # earliest offsets: every effect is idempotent, so that re-reads but never doubles.
    hot_path: Literal["faust", "aiokafka"] = "aiokafka"
    # Records one hot-path batch takes from the broker at most (across its partitions).
    hot_batch_size: int = Field(default=2000, ge=1)


def _redact(data: dict[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, SecretStr):
            value = "**********"
        elif isinstance(value, dict):
            value = _redact(value)
        elif (key == "url" or key.endswith("_url")) and isinstance(value, str):
            value = _mask_url_password(value)
        masked[key] = value
    return masked


def _mask_url_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def async_database_url(url: str) -> str:
    """Map plain database URLs to the asyncio drivers inmarket uses."""
    if url.startswith("sqlite:///") or url == "sqlite://":
        return "sqlite+aiosqlite" + url[len("sqlite") :]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("postgresql+psycopg://") or url.startswith("postgresql+psycopg2://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


def load_settings(**overrides: Any) -> Settings:
    """Read settings; ``overrides`` win over environment and file (used by tests and the demo)."""
    return Settings(**overrides)
