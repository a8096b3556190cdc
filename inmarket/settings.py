"""Settings from environment variables (``INMARKET_*``) and an optional TOML file.

Precedence, highest first: environment, then the TOML file named by ``INMARKET_CONFIG``
(default ``inmarket.toml`` in the working directory, if it exists), then defaults.
An empty value, in the environment or the file, counts as not set: the next source's
value (or the default) stands. ``INMARKET_CONFIG`` naming a missing file is an error;
``INMARKET_CONFIG=`` (empty) reads no file at all.
Secrets are ``SecretStr``: they print as ``**********`` and are never logged, not even
in the messages of :class:`InvalidSettings`.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings import SettingsError as SourceParseError

DEFAULT_CONFIG_FILE = "inmarket.toml"
PREFIX = "INMARKET_"
# INMARKET_* variables read on purpose that are not settings.
OTHER_VARIABLES = frozenset({"INMARKET_CONFIG", "INMARKET_TANSU_BIN", "INMARKET_TEST_POSTGRES_URL"})
MASK = "**********"


class InvalidSettings(ValueError):
    """Settings that cannot be loaded; ``problems`` has one line per problem, naming the
    environment variable or file key and the reason, never a secret's value."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def config_file() -> Path | None:
    """The TOML file to read, or None. ``INMARKET_CONFIG`` set: that file, which must exist
    (raises InvalidSettings); set but empty: no file. Unset: ``./inmarket.toml`` if present."""
    named = os.environ.get("INMARKET_CONFIG")
    if named is None:
        default = Path(DEFAULT_CONFIG_FILE)
        return default if default.exists() else None
    if not named.strip():
        return None
    path = Path(named)
    if not path.exists():
        raise InvalidSettings([f"INMARKET_CONFIG={named}: no such file"])
    if not path.is_file():
        raise InvalidSettings([f"INMARKET_CONFIG={named}: not a file"])
    return path


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


class _TomlFile(TomlConfigSettingsSource):
    """The TOML file, with blank top-level values dropped (``smtp_host = ""`` = not set)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        return {k: v for k, v in super()._read_file(file_path).items() if not _blank(v)}


class _Environment(EnvSettingsSource):
    """``INMARKET_*`` variables, with blank values dropped (compose passes ``${X:-}``)."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {k: v for k, v in super()._load_env_vars().items() if not _blank(v)}


class WebhookSinkSettings(BaseModel):
    """A named webhook sink that routing rules send to (``webhook = "crm"``)."""

    model_config = ConfigDict(extra="forbid")

    url: str
    secret: SecretStr


class Settings(BaseSettings):
    """Everything inmarket reads from its environment. Unknown keys in the file are errors."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid", env_ignore_empty=True)

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
        """A blank value never becomes an empty-string setting (the sources drop blanks;
        this catches values passed to the constructor)."""
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
        sources: list[PydanticBaseSettingsSource] = [init_settings, _Environment(settings_cls)]
        path = config_file()
        if path is not None:
            sources.append(_TomlFile(settings_cls, toml_file=path))
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
            value = MASK
        elif isinstance(value, dict):
            value = _redact(value)
        elif _is_url_key(key) and isinstance(value, str):
            value = _mask_url_password(value)
        masked[key] = value
    return masked


def _is_url_key(key: str) -> bool:
    """``database_url``, ``url`` (of a webhook sink): values that may carry a password."""
    return key == "url" or key.endswith("_url")


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
    """Read settings; ``overrides`` win over environment and file (used by tests and the demo).

    Raises InvalidSettings, one line per problem."""
    path = config_file()
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise InvalidSettings([describe_error(e, path) for e in exc.errors()]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidSettings([f"{path}: {exc}"]) from None
    except SourceParseError as exc:
        raise InvalidSettings([_describe_parse_error(exc)]) from None
    except UnicodeDecodeError as exc:
        raise InvalidSettings([f"{path}: not valid UTF-8 at byte {exc.start}"]) from None
    except OSError as exc:  # e.g. unreadable: name the file, not the errno
        raise InvalidSettings([f"{path}: cannot read: {exc.strerror or exc}"]) from None


def describe_error(error: ErrorDetails, path: Path | None) -> str:
    """One validation error as ``INMARKET_X (x in FILE): reason (got 'value')``; an unknown
    key as ``FILE: unknown setting 'x' (did you mean y?)``. Secret values are masked."""
    loc = tuple(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return _describe_unknown_key(loc, path)
    return f"{_where(loc, path)}: {error['msg']}{_shown_input(error, loc)}"


def _where(loc: tuple[str, ...], path: Path | None) -> str:
    variable = PREFIX + loc[0].upper() if loc else PREFIX + "*"
    key = ".".join(loc)
    if path is not None:
        return f"{variable} ({key} in {path})"
    return f"{variable} ({key})" if len(loc) > 1 else variable


def _describe_unknown_key(loc: tuple[str, ...], path: Path | None) -> str:
    *parents, name = loc
    model = _model_at(tuple(parents))
    choices = list(model.model_fields) if model is not None else []
    hint = _did_you_mean(name, choices)
    if not parents:
        return f"{path or 'settings'}: unknown setting {name!r}{hint}"
    return f"{_where(loc, path)}: unknown key {name!r}{hint}"


def _shown_input(error: ErrorDetails, loc: tuple[str, ...]) -> str:
    value = error.get("input")
    if error["type"] == "missing" or not isinstance(value, str | int | float | bool):
        return ""
    if _is_secret(loc):
        return f" (got {MASK!r})"
    text = str(value)
    if loc and _is_url_key(loc[-1]):
        text = _mask_url_password(text)
    if len(text) > 80:
        text = text[:77] + "..."
    return f" (got {text!r})" if isinstance(value, str) else f" (got {text})"


def _describe_parse_error(exc: SourceParseError) -> str:
    # pydantic-settings: 'error parsing value for field "webhooks" from source "..."'
    found = re.search(r'field "([^"]+)"', str(exc))
    if found is None:
        return str(exc)
    reason = f": {exc.__cause__}" if exc.__cause__ is not None else ""
    return f"{PREFIX}{found.group(1).upper()}: not valid JSON{reason}"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The first model class inside ``annotation`` (``dict[str, M]``, ``M | None``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _mentions(annotation: Any, target: type) -> bool:
    if annotation is target:
        return True
    return any(_mentions(arg, target) for arg in typing.get_args(annotation))


def _walk(loc: tuple[str, ...]) -> tuple[type[BaseModel] | None, bool]:
    """Follow ``loc`` from Settings: the model it ends in, and whether it crossed a secret.
    Parts that are not fields (a webhook's name in ``webhooks.crm.url``) are dict keys."""
    model: type[BaseModel] | None = Settings
    for part in loc:
        if model is None:
            return None, False
        field = model.model_fields.get(part)
        if field is None:
            continue
        if _mentions(field.annotation, SecretStr):
            return None, True
        model = _nested_model(field.annotation)
    return model, False


def _model_at(loc: tuple[str, ...]) -> type[BaseModel] | None:
    return _walk(loc)[0]


def _is_secret(loc: tuple[str, ...]) -> bool:
    return _walk(loc)[1]


# Words other tools use for what inmarket calls differently; used only for suggestions.
_SYNONYMS = {
    "server": "host",
    "hostname": "host",
    "user": "username",
    "pass": "password",
    "passwd": "password",
    "ssl": "tls",
    "kafka": "broker",
    "db": "database",
}


def _closest(name: str, choices: list[str]) -> str | None:
    """The choice ``name`` most likely misspells (lower-case snake names), or None."""
    wanted = "_".join(_SYNONYMS.get(word, word) for word in name.lower().split("_"))
    close = difflib.get_close_matches(wanted, choices, n=1)
    return close[0] if close else None


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = _closest(name, choices)
    return f" (did you mean {close}?)" if close else ""


def unknown_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each ``INMARKET_*`` variable that inmarket does not read (a typo such
    as ``INMARKET_SMTP_SERVER``), with the closest real name when there is one."""
    environ = os.environ if environ is None else environ
    known = {PREFIX + name.upper() for name in Settings.model_fields} | OTHER_VARIABLES
    choices = sorted(name[len(PREFIX) :].lower() for name in known)
    warnings = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(PREFIX) or upper in known:
            continue
        close = _closest(upper[len(PREFIX) :], choices)
        hint = f" (did you mean {PREFIX}{close.upper()}?)" if close else ""
        warnings.append(f"{name} is not an inmarket setting and is ignored{hint}")
    return warnings
