"""Write an ICP definition as a TOML file that :func:`icp.definition.parse_icp` reads back."""

from __future__ import annotations

import json
from typing import Any

from icp.definition import Criterion, IcpDefinition

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(name: str) -> str:
    return name if name and set(name) <= _BARE else json.dumps(name)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid TOML basic-string escapes
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _criterion(c: Criterion) -> list[str]:
    lines = []
    if c.values:
        lines.append(f"in = {_value(c.values)}")
    if c.not_in:
        lines.append(f"not_in = {_value(c.not_in)}")
    for name in ("min", "max"):
        if getattr(c, name) is not None:
            lines.append(f"{name} = {_value(getattr(c, name))}")
    if not c.required:
        lines.append("required = false")
    if c.weight != 1:
        lines.append(f"weight = {_value(c.weight)}")
    if c.if_missing != "fail":
        lines.append(f'if_missing = "{c.if_missing}"')
    return lines


def dump_icp(icp: IcpDefinition, *, header: str = "") -> str:
    """TOML text for ``icp``; ``header`` lines are written first as comments."""
    out: list[str] = [f"# {line}" if line else "#" for line in header.splitlines()]
    out.append(f"name = {_value(icp.name)}")
    out.append(f"version = {_value(icp.version)}")
    if icp.owner:
        out.append(f"owner = {_value(icp.owner)}")
    else:
        out.append('# owner = "revops@example.com"   # set the one owner of this ICP')
    if icp.last_reviewed:
        out.append(f"last_reviewed = {icp.last_reviewed.isoformat()}")
    if not icp.situational:
        out.append("situational = {}   # no signal kind counts")
    firmo = icp.firmographic
    out.append("\n[firmographic]")
    for name in ("industries", "employees", "annual_revenue", "countries", "regions"):
        crit = getattr(firmo, name)
        if crit is not None:
            out.append(f"\n[firmographic.{name}]")
            out.extend(_criterion(crit))
    for column, crit in firmo.custom.items():
        out.append(f"\n[firmographic.custom.{_key(column)}]")
        out.extend(_criterion(crit))
    techno = icp.technographic
    out.append("\n[technographic]")
    for name in ("required", "preferred", "excluded"):
        if getattr(techno, name):
            out.append(f"{name} = {_value(getattr(techno, name))}")
    if techno.preferred_weight != 1:
        out.append(f"preferred_weight = {_value(techno.preferred_weight)}")
    for column, crit in techno.custom.items():
        out.append(f"\n[technographic.custom.{_key(column)}]")
        out.extend(_criterion(crit))
    for column, crit in icp.behavioral.items():
        out.append(f"\n[behavioral.{_key(column)}]")
        out.extend(_criterion(crit))
    for kind, rule in icp.situational.items():
        out.append(f"\n[situational.{kind.value}]")
        for name, value in rule.model_dump(exclude_defaults=True).items():
            out.append(f"{name} = {_value(value)}")
        for name in ("weight", "half_life_days"):
            if name not in rule.model_dump(exclude_defaults=True):
                out.append(f"{name} = {_value(getattr(rule, name))}")
    s = icp.scoring
    out.append("\n[scoring]")
    out.append(f"in_market_threshold = {_value(s.in_market_threshold)}")
    out.append(f"fit_share = {_value(s.fit_share)}")
    out.append(f"behavioral_share = {_value(s.behavioral_share)}")
    t = s.tiers
    out.append(
        f"tiers = {{ tier_1 = {_value(t.tier_1)}, tier_2 = {_value(t.tier_2)}, "
        f"tier_3 = {_value(t.tier_3)} }}"
    )
    p = icp.pressure_test
    out.append("\n[pressure_test]")
    out.append(f"won_included_target = {_value(p.won_included_target)}")
    out.append(f"lost_excluded_target = {_value(p.lost_excluded_target)}")
    out.append(f"window_months = {p.window_months}")
    return "\n".join(out) + "\n"
