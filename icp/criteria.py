"""The ICP's static criteria compiled to plain test functions, once per ICP.

Every criterion of the firmographic, technographic and behavioral dimensions becomes a
:class:`CompiledCriterion` whose ``test(account)`` returns the share met (0.0-1.0) or None
when the account lacks the value. Compiling once keeps evaluating a million accounts cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from icp.accounts import Account, normalize_header, parse_number
from icp.definition import Criterion, IcpDefinition
from icp.geo import country_code, region_countries

DIMENSIONS = ("firmographic", "technographic", "behavioral")
Test = Callable[[Account], float | None]


@dataclass(frozen=True)
class CompiledCriterion:
    """One static criterion. ``key`` is stable ("firmographic.industries") for reports."""

    key: str
    dimension: str
    attribute: str
    label: str
    required: bool
    weight: float
    if_missing: str
    test: Test
    note: Callable[[Account], str] | None = None

    def outcome(self, account: Account) -> tuple[float, bool | None]:
        """(share met counting ``if_missing``, True/False met or None unknown)."""
        share = self.test(account)
        if share is None:
            return (1.0 if self.if_missing == "pass" else 0.0), None
        return share, share >= 1.0


@lru_cache(maxsize=65_536)
def _fold_tuple(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v.strip())


def _fold(values: Sequence[str]) -> frozenset[str]:
    """Case- and space-insensitive set; an account's stack is folded once, not per criterion."""
    return _fold_tuple(values if isinstance(values, tuple) else tuple(values))


def _text_list(values: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" (+{len(values) - limit} more)" if len(values) > limit else "")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return parse_number(str(value), "")
    except ValueError:
        return None


def human_number(value: float) -> str:
    """``5000000`` -> ``5M``, ``1500`` -> ``1,500``, ``2.5`` -> ``2.5``."""
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= size and (value / size) == round(value / size, 1):
            return f"{value / size:g}{suffix}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _range_label(name: str, c: Criterion) -> str:
    if c.min is not None and c.max is not None:
        return f"{name} {human_number(c.min)}-{human_number(c.max)}"
    if c.min is not None:
        return f"{name} >= {human_number(c.min)}"
    assert c.max is not None
    return f"{name} <= {human_number(c.max)}"


def _getter(attribute: str) -> Callable[[Account], Any]:
    """Reads a standard field, or a custom column under the name the CSV reader stores it
    by (``"Lead Source"`` and ``lead_source`` are the same column)."""
    if attribute in Account.model_fields:
        return lambda a: getattr(a, attribute)
    column = normalize_header(attribute)
    return lambda a: a.custom.get(column)


def attribute_criterion(
    key: str, dimension: str, attribute: str, c: Criterion
) -> CompiledCriterion:
    """Compile a value-set or range criterion on a standard or custom attribute."""
    get = _getter(attribute)
    name = attribute.replace("_", " ")
    test: Test
    if c.numeric:
        low = c.min if c.min is not None else float("-inf")
        high = c.max if c.max is not None else float("inf")

        def test(a: Account) -> float | None:
            value = _number(get(a))
            if value is None:
                return None
            return 1.0 if low <= value <= high else 0.0

        label = _range_label(name, c)
    else:
        wanted = _fold(c.values)
        banned = _fold(c.not_in)

        def test(a: Account) -> float | None:
            value = get(a)
            if value is None or value == "":
                return None
            folded = str(value).strip().casefold()
            if wanted and folded not in wanted:
                return 0.0
            return 0.0 if folded in banned else 1.0

        parts = []
        if c.values:
            parts.append(f"{name} in {_text_list(c.values)}")
        if c.not_in:
            parts.append(f"{name} not in {_text_list(c.not_in)}")
        label = " and ".join(parts)

    def note(a: Account) -> str:
        value = get(a)
        return f"is {value}" if value not in (None, "") else "no value"

    return CompiledCriterion(
        key, dimension, attribute, label, c.required, c.weight, c.if_missing, test, note
    )


def _geography(icp: IcpDefinition) -> CompiledCriterion | None:
    firmo = icp.firmographic
    if firmo.countries is None and firmo.regions is None:
        return None
    wanted: set[str] = set()
    banned: set[str] = set()
    labels: list[str] = []
    required, weight, if_missing = True, 0.0, "fail"
    for crit, is_region in ((firmo.countries, False), (firmo.regions, True)):
        if crit is None:
            continue
        for target, names in ((wanted, crit.values), (banned, crit.not_in)):
            for name in names:
                codes = region_countries(name) if is_region else {country_code(name)}
                target.update(codes or ())
        what = "region" if is_region else "country"
        if crit.values:
            labels.append(f"{what} in {_text_list(crit.values)}")
        if crit.not_in:
            labels.append(f"{what} not in {_text_list(crit.not_in)}")
        required = required and crit.required
        weight = max(weight, crit.weight)
        if_missing = crit.if_missing if crit.if_missing == "pass" else if_missing
    frozen_wanted, frozen_banned = frozenset(wanted), frozenset(banned)

    def test(a: Account) -> float | None:
        if not a.country:
            return None
        code = country_code(a.country)
        if frozen_wanted and code not in frozen_wanted:
            return 0.0
        return 0.0 if code in frozen_banned else 1.0

    def note(a: Account) -> str:
        return f"is {a.country}" if a.country else "no country"

    key = "firmographic.countries" if firmo.regions is None else "firmographic.geography"
    return CompiledCriterion(
        key=key,
        dimension="firmographic",
        attribute="country",
        label=" or ".join(labels),
        required=required,
        weight=weight,
        if_missing=if_missing,
        test=test,
        note=note,
    )


def _tech(
    which: str,
    label: str,
    required: bool,
    weight: float,
    test: Test,
    note: Callable[[Account], str],
) -> CompiledCriterion:
    return CompiledCriterion(
        key=f"technographic.{which}",
        dimension="technographic",
        attribute="technologies",
        label=label,
        required=required,
        weight=weight,
        if_missing="fail",
        test=test,
        note=note,
    )


def _technographic(icp: IcpDefinition) -> list[CompiledCriterion]:
    techno = icp.technographic
    out: list[CompiledCriterion] = []
    if techno.required:
        need = _fold(techno.required)

        def has_all(a: Account) -> float | None:
            return 1.0 if need <= _fold(a.technologies) else 0.0

        def lacks(a: Account) -> str:
            missing = sorted(need - _fold(a.technologies))
            return f"lacks {', '.join(missing)}" if missing else "has all"

        label = f"required technologies ({_text_list(techno.required)})"
        out.append(_tech("required", label, True, 1.0, has_all, lacks))
    if techno.excluded:
        banned = _fold(techno.excluded)

        def has_none(a: Account) -> float | None:
            return 0.0 if banned & _fold(a.technologies) else 1.0

        def uses(a: Account) -> str:
            present = sorted(banned & _fold(a.technologies))
            return f"uses {', '.join(present)}" if present else "uses none"

        label = f"no excluded technology ({_text_list(techno.excluded)})"
        out.append(_tech("excluded", label, True, 1.0, has_none, uses))
    if techno.preferred:
        wanted = _fold(techno.preferred)

        def share(a: Account) -> float | None:
            return len(wanted & _fold(a.technologies)) / len(wanted)

        def count(a: Account) -> str:
            return f"uses {len(wanted & _fold(a.technologies))} of {len(wanted)}"

        label = f"preferred technologies ({_text_list(techno.preferred)})"
        out.append(_tech("preferred", label, False, techno.preferred_weight, share, count))
    for column, crit in techno.custom.items():
        out.append(
            attribute_criterion(f"technographic.custom.{column}", "technographic", column, crit)
        )
    return out


def compile_criteria(icp: IcpDefinition) -> tuple[CompiledCriterion, ...]:
    """All static criteria, firmographic first, in the order of the file's sections."""
    firmo = icp.firmographic
    out: list[CompiledCriterion] = []
    if firmo.industries is not None:
        out.append(
            attribute_criterion(
                "firmographic.industries", "firmographic", "industry", firmo.industries
            )
        )
    for attr, crit in (("employees", firmo.employees), ("annual_revenue", firmo.annual_revenue)):
        if crit is not None:
            out.append(attribute_criterion(f"firmographic.{attr}", "firmographic", attr, crit))
    geography = _geography(icp)
    if geography is not None:
        out.append(geography)
    for column, crit in firmo.custom.items():
        out.append(
            attribute_criterion(f"firmographic.custom.{column}", "firmographic", column, crit)
        )
    out.extend(_technographic(icp))
    for column, crit in icp.behavioral.items():
        out.append(attribute_criterion(f"behavioral.{column}", "behavioral", column, crit))
    return tuple(out)


_CACHE: dict[int, tuple[IcpDefinition, tuple[CompiledCriterion, ...]]] = {}


def criteria_of(icp: IcpDefinition) -> tuple[CompiledCriterion, ...]:
    """Compiled criteria of ``icp``, cached by identity (ICP definitions are frozen)."""
    entry = _CACHE.get(id(icp))
    if entry is not None and entry[0] is icp:
        return entry[1]
    compiled = compile_criteria(icp)
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[id(icp)] = (icp, compiled)
    return compiled
