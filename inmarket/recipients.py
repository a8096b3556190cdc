"""Who wants alerts how: recipients' preferences (time zone, quiet hours, daily cap,
digest) and the routing rules file, loaded from the files the settings name."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inmarket.notify.errors import DeliveryConfigError
from inmarket.notify.noise import RecipientPrefs
from inmarket.notify.routing import RoutingRules
from inmarket.settings import Settings

# -- recipients' preferences ----------------------------------------------------------


def parse_clock(text: str, *, where: str) -> time:
    """``"08:00"`` -> ``time(8, 0)``; :class:`DeliveryConfigError` naming ``where`` otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise DeliveryConfigError("alerts", f"{where}: expected HH:MM, got {text!r}") from None


def parse_quiet_hours(text: str | None, *, where: str) -> tuple[time, time] | None:
    """``"20:00-08:00"`` -> (start, end); empty or ``"none"`` -> ``None``."""
    if text is None or text.strip().casefold() in ("", "none", "off"):
        return None
    start, sep, end = text.partition("-")
    if not sep:
        raise DeliveryConfigError("alerts", f"{where}: expected HH:MM-HH:MM, got {text!r}")
    return parse_clock(start, where=where), parse_clock(end, where=where)


def _zone(name: str, *, where: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeliveryConfigError("alerts", f"{where}: unknown time zone {name!r}") from None
    return name


class RecipientEntry(BaseModel):
    """One person's line in the recipients file; unset fields take the defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    digest: bool | None = None  # email as one daily digest instead of one by one
    time_zone: str | None = None
    quiet_hours: str | None = None  # "20:00-08:00"; "none" turns the default off
    daily_cap: int | None = Field(default=None, ge=0)  # 0: no cap
    digest_time: str | None = None


class RecipientsFile(BaseModel):
    """The recipients TOML::

        [defaults]
        time_zone = "Europe/Berlin"
        quiet_hours = "20:00-08:00"

        [recipients."kim@example.com"]
        digest = true
        time_zone = "America/New_York"
        daily_cap = 5

    Keys are owner emails or Slack user ids, matched case-insensitively.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    defaults: RecipientEntry = RecipientEntry()
    recipients: dict[str, RecipientEntry] = {}


@dataclass(frozen=True)
class RecipientSettings:
    prefs: RecipientPrefs
    digest: bool = False


@dataclass(frozen=True)
class RecipientBook:
    """Preferences per recipient, with defaults for everyone not listed."""

    default: RecipientSettings
    people: dict[str, RecipientSettings] = field(default_factory=dict)

    def lookup(self, *keys: str | None) -> RecipientSettings:
        """The first listed of ``keys`` (an owner's email, then Slack id), else the default."""
        for key in keys:
            if key and key.casefold() in self.people:
                return self.people[key.casefold()]
        return self.default

    @classmethod
    def from_settings(cls, settings: Settings) -> RecipientBook:
        """Defaults from ``INMARKET_ALERT_*``; people from ``INMARKET_RECIPIENTS_FILE``."""
        quiet = parse_quiet_hours(settings.alert_quiet_hours, where="INMARKET_ALERT_QUIET_HOURS")
        base = RecipientPrefs(
            time_zone=_zone(settings.alert_time_zone, where="INMARKET_ALERT_TIME_ZONE"),
            quiet_start=quiet[0] if quiet else None,
            quiet_end=quiet[1] if quiet else None,
            daily_cap=settings.alert_daily_cap,
            cooldown=timedelta(days=settings.alert_cooldown_days),
            digest_at=parse_clock(settings.alert_digest_time, where="INMARKET_ALERT_DIGEST_TIME"),
        )
        book = cls(RecipientSettings(base))
        if settings.recipients_file is None:
            return book
        path = Path(settings.recipients_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            reason = f"INMARKET_RECIPIENTS_FILE {path}: {exc.strerror or exc}"
            raise DeliveryConfigError("alerts", reason) from None
        return book.with_file(text, source=str(path))

    def with_file(self, text: str, *, source: str) -> RecipientBook:
        """This book's defaults overridden by the recipients TOML ``text``."""
        try:
            parsed = RecipientsFile.model_validate(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise DeliveryConfigError("alerts", f"{source}: {exc}") from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise DeliveryConfigError("alerts", f"{source}: {problems}") from None
        default = _apply(self.default, parsed.defaults, where=f"{source}: defaults")
        people = {
            key.casefold(): _apply(default, entry, where=f"{source}: recipients.{key}")
            for key, entry in parsed.recipients.items()
        }
        return RecipientBook(default, people)


def _apply(base: RecipientSettings, entry: RecipientEntry, *, where: str) -> RecipientSettings:
    prefs = base.prefs
    changes: dict[str, Any] = {}
    if entry.time_zone is not None:
        changes["time_zone"] = _zone(entry.time_zone, where=f"{where}.time_zone")
    if entry.quiet_hours is not None:
        quiet = parse_quiet_hours(entry.quiet_hours, where=f"{where}.quiet_hours")
        changes["quiet_start"], changes["quiet_end"] = quiet if quiet else (None, None)
    if entry.daily_cap is not None:
        changes["daily_cap"] = entry.daily_cap or None
    if entry.digest_time is not None:
        changes["digest_at"] = parse_clock(entry.digest_time, where=f"{where}.digest_time")
    digest = base.digest if entry.digest is None else entry.digest
    return RecipientSettings(RecipientPrefs(**{**prefs.__dict__, **changes}), digest)


# -- routing --------------------------------------------------------------------------


def load_routing(settings: Settings) -> RoutingRules:
    """``INMARKET_ROUTING_FILE`` when set, else: DM the owner and email the owner."""
    if settings.routing_file is None:
        return RoutingRules(owner_dm=True, owner_email=True)
    path = Path(settings.routing_file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = f"INMARKET_ROUTING_FILE {path}: {exc.strerror or exc}"
        raise DeliveryConfigError("routing", reason) from None
    return RoutingRules.from_toml(text, source=str(path))
