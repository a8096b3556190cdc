"""Who hears about an alert: pure routing rules, loadable from TOML.

Example (the ``[notify.routing]`` table of the settings file, or a file of its own)::

    owner_dm = true                      # DM the account owner when their Slack id is valid
    owner_email = true                   # email the account owner (both default to true)
    default_slack_channel = "C0ALERTS"   # used when no rule chose a Slack channel

    [[rules]]
    name = "EMEA top tier"
    regions = ["EMEA"]                   # account's custom "region" column
    tiers = ["tier_1"]
    slack_channel = "C0EMEA"

    [[rules]]
    name = "Funding to the CRM"
    signal_kinds = ["funding"]
    webhook = "crm"                      # a named webhook sink
    stop = true                          # later rules are not considered

A rule matches when every condition it sets matches (an empty list matches
anything); ``countries`` and ``regions`` compare case-insensitively.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from inmarket.notify.errors import DeliveryConfigError
from inmarket.notify.render import valid_slack_user
from signals.events import InMarketAlert, SignalKind

DestinationKind = Literal["slack", "email", "webhook"]


@dataclass(frozen=True)
class Destination:
    """Where to deliver: a Slack channel or user id, an email address, or a webhook sink name."""

    kind: DestinationKind
    target: str
    rule: str = ""  # the rule that chose it ("owner", "default" or the rule's name)

    @property
    def key(self) -> str:
        """``slack:C0ALERTS``, ``email:dana@x.io``, ``webhook:crm`` (used in delivery records)."""
        return f"{self.kind}:{self.target}"


@dataclass(frozen=True)
class AccountFacts:
    """What routing may look at beyond the alert (from the account record)."""

    country: str | None = None
    region: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_account(cls, account: Any) -> AccountFacts:
        """From an :class:`icp.accounts.Account` (``region`` is its custom column)."""
        custom = dict(getattr(account, "custom", {}) or {})
        return cls(country=account.country, region=custom.get("region"), attributes=custom)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoutingRule(_Strict):
    name: str = ""
    owners: tuple[str, ...] = ()  # owner emails or Slack ids
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    signal_kinds: tuple[SignalKind, ...] = ()
    slack_channel: str | None = None
    email: str | None = None
    webhook: str | None = None
    stop: bool = False

    def matches(self, alert: InMarketAlert, facts: AccountFacts) -> bool:
        owners = {alert.owner_email, alert.owner_slack_id} - {None}
        kinds = {c.kind for c in alert.why_now}
        return (
            (not self.owners or bool(owners & set(self.owners)))
            and _in(facts.country, self.countries)
            and _in(facts.region, self.regions)
            and (not self.tiers or alert.tier in self.tiers)
            and (not self.signal_kinds or bool(kinds & set(self.signal_kinds)))
        )

    def destinations(self) -> list[Destination]:
        label = self.name or "rule"
        found = []
        if self.slack_channel:
            found.append(Destination("slack", self.slack_channel, label))
        if self.email:
            found.append(Destination("email", self.email, label))
        if self.webhook:
            found.append(Destination("webhook", self.webhook, label))
        return found


def _in(value: str | None, allowed: tuple[str, ...]) -> bool:
    if not allowed:
        return True
    return value is not None and value.casefold() in {a.casefold() for a in allowed}


class RoutingRules(_Strict):
    owner_dm: bool = True
    owner_email: bool = True
    default_slack_channel: str | None = None
    rules: tuple[RoutingRule, ...] = ()

    def unknown_sinks(self, configured: Collection[str]) -> list[tuple[str, str]]:
        """(rule name, problem) for each rule sending to a webhook sink not in ``configured``."""
        return [
            (rule.name or "(unnamed)", f"webhook sink {rule.webhook!r} is not configured")
            for rule in self.rules
            if rule.webhook and rule.webhook not in configured
        ]

    @classmethod
    def from_toml(cls, text: str, *, source: str = "routing") -> RoutingRules:
        """Parse TOML; :class:`DeliveryConfigError` names ``source`` and the bad key."""
        try:
            return cls.model_validate(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            raise DeliveryConfigError("routing", f"{source}: {exc}") from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise DeliveryConfigError("routing", f"{source}: {problems}") from None


def route(alert: InMarketAlert, facts: AccountFacts, rules: RoutingRules) -> list[Destination]:
    """Destinations for ``alert``, deduplicated, in order: owner, matching rules, default."""
    found: list[Destination] = []
    owner = valid_slack_user(alert.owner_slack_id)
    if rules.owner_dm and owner:
        found.append(Destination("slack", owner, "owner"))
    if rules.owner_email and alert.owner_email:
        found.append(Destination("email", alert.owner_email, "owner"))
    for rule in rules.rules:
        if rule.matches(alert, facts):
            found.extend(rule.destinations())
            if rule.stop:
                break
    if rules.default_slack_channel and not any(
        d.kind == "slack" and d.rule != "owner" for d in found
    ):
        found.append(Destination("slack", rules.default_slack_channel, "default"))
    unique: dict[str, Destination] = {}
    for destination in found:
        unique.setdefault(destination.key, destination)
    return list(unique.values())
