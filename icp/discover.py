"""Discovery: which attribute values win more or less often than the base rate, from deals.

Each attribute is cut into groups: categorical ones by value (the 20 most common; the rest
grouped as "(other)"), numeric ones into bands (standard employee and revenue bands; quintile
bands for custom numeric columns), technologies by presence. Every group gets its deal count,
wins, win rate and a 95% Wilson interval; a group with fewer than ``min_count`` deals is
flagged as too small to trust and never used in a suggestion. Groups are ranked by how far
their win rate is from the base rate.

The suggested criterion set is built greedily: each step adds the one candidate criterion
(exclude the worst trusted values of a categorical attribute, keep a contiguous range of
numeric bands, require or exclude a technology) that excludes the most lost deals beyond what
excluding the same number of deals at random would, while still including at least the
won-deal target. It stops when both targets are met, nothing helps, or after ``max_criteria``.
Missing values always pass a suggested criterion. The suggestion's figures come from running
the real pressure test on it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from icp.accounts import parse_number
from icp.deals import Deal
from icp.definition import Criterion, Firmographic, IcpDefinition, Technographic
from icp.geo import country_code
from icp.pressure import PressureResult, pressure_test

EMPLOYEE_BANDS = (1, 11, 51, 201, 501, 1001, 5001, 10001)
REVENUE_BANDS = (0, 1e6, 10e6, 50e6, 100e6, 500e6, 1e9)
MISSING = "(missing)"
OTHER = "(other)"
MAX_VALUES = 20
MAX_TECHNOLOGIES = 40


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion; (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class GroupStat:
    """One value or band of one attribute."""

    attribute: str
    group: str
    deals: int
    won: int
    win_rate: float
    low: float
    high: float
    lift: float
    trusted: bool

    @property
    def significant(self) -> bool:
        """The interval excludes the base rate (and the group is large enough to trust)."""
        base = self.win_rate - self.lift
        return self.trusted and (self.low > base or self.high < base)


@dataclass(frozen=True)
class AttributeFindings:
    attribute: str
    kind: str  # "categorical", "numeric", "technology"
    groups: tuple[GroupStat, ...]  # in natural order (bands ascending, values by count)

    @property
    def spread(self) -> float:
        """Largest distance of a trusted group's win rate from the base rate."""
        return max((abs(g.lift) for g in self.groups if g.trusted), default=0.0)


@dataclass(frozen=True)
class Discovery:
    deals: int
    won: int
    base_rate: float | None
    min_count: int
    attributes: tuple[AttributeFindings, ...]  # most telling first
    suggestion: IcpDefinition | None
    suggestion_test: PressureResult | None
    suggestion_steps: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def top_groups(self, limit: int = 15) -> list[GroupStat]:
        """The trusted groups whose win rate differs most from the base rate."""
        groups = [g for a in self.attributes for g in a.groups if g.trusted]
        return sorted(groups, key=lambda g: abs(g.lift), reverse=True)[:limit]


@dataclass
class _Attr:
    name: str
    kind: str
    labels: list[str]  # group labels in natural order
    members: list[list[int]]  # deal indexes per group
    edges: tuple[float, ...] = ()  # numeric: lower edge of each band
    section: str = "behavioral"


def _band_label(edges: Sequence[float], i: int, money: bool) -> str:
    def fmt(x: float) -> str:
        if money:
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
                if x >= size:
                    return f"{x / size:g}{suffix}"
        return f"{x:,.0f}" if x == int(x) else f"{x:g}"

    if i + 1 < len(edges):
        high = edges[i + 1] - (1 if not money and edges[i + 1] == int(edges[i + 1]) else 0)
        return f"{fmt(edges[i])}-{fmt(high)}"
    return f"{fmt(edges[i])}+"


def _numeric(
    name: str, values: list[float | None], edges: Sequence[float], money: bool, section: str
) -> _Attr:
    labels = [_band_label(edges, i, money) for i in range(len(edges))]
    members: list[list[int]] = [[] for _ in edges]
    missing: list[int] = []
    for idx, value in enumerate(values):
        if value is None:
            missing.append(idx)
            continue
        band = 0
        for j in range(len(edges) - 1, -1, -1):
            if value >= edges[j]:
                band = j
                break
        members[band].append(idx)
    attr = _Attr(name, "numeric", labels, members, tuple(edges), section)
    if missing:
        attr.labels.append(MISSING)
        attr.members.append(missing)
    return attr


def _nice(x: float) -> float:
    if x <= 0:
        return x
    digits = 2 - math.floor(math.log10(x)) - 1
    return round(x, digits)


def _quantile_edges(values: list[float]) -> tuple[float, ...]:
    ordered = sorted(values)
    edges = [ordered[0]]
    for q in (0.2, 0.4, 0.6, 0.8):
        edge = _nice(ordered[int(q * (len(ordered) - 1))])
        if edge > edges[-1]:
            edges.append(edge)
    return tuple(edges)


def _categorical(
    name: str, values: list[str | None], section: str, id_like_guard: bool = True
) -> _Attr | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    present = sum(counts.values())
    if id_like_guard and len(counts) > 50 and len(counts) > present / 2:
        return None  # an id or free-text column: nothing to learn by value
    top = [v for v, _ in counts.most_common(MAX_VALUES)]
    index = {v: i for i, v in enumerate(top)}
    labels = list(top)
    members: list[list[int]] = [[] for _ in top]
    other: list[int] = []
    missing: list[int] = []
    for idx, value in enumerate(values):
        if value is None:
            missing.append(idx)
        elif value in index:
            members[index[value]].append(idx)
        else:
            other.append(idx)
    for label, group in ((OTHER, other), (MISSING, missing)):
        if group:
            labels.append(label)
            members.append(group)
    return _Attr(name, "categorical", labels, members, (), section)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _attributes(deals: Sequence[Deal], custom_columns: Sequence[str]) -> list[_Attr]:
    accounts = [d.account for d in deals]
    attrs: list[_Attr] = []
    industries = [_text(a.industry) for a in accounts]
    if cat := _categorical("industry", industries, "firmographic"):
        attrs.append(cat)
    countries = [country_code(a.country) if a.country else None for a in accounts]
    if cat := _categorical("country", [c.upper() if c else None for c in countries], "firmo"):
        attrs.append(cat)
    employees = [float(a.employees) if a.employees is not None else None for a in accounts]
    if any(v is not None for v in employees):
        attrs.append(_numeric("employees", employees, EMPLOYEE_BANDS, False, "firmographic"))
    revenue = [a.annual_revenue for a in accounts]
    if any(v is not None for v in revenue):
        attrs.append(_numeric("annual_revenue", revenue, REVENUE_BANDS, True, "firmographic"))
    tech_counts = Counter(t.casefold() for a in accounts for t in set(a.technologies))
    spelled: dict[str, str] = {}
    for a in accounts:
        for t in a.technologies:
            spelled.setdefault(t.casefold(), t)
    for tech, _ in tech_counts.most_common(MAX_TECHNOLOGIES):
        has: list[int] = []
        lacks: list[int] = []
        for idx, a in enumerate(accounts):
            (has if any(t.casefold() == tech for t in a.technologies) else lacks).append(idx)
        attrs.append(
            _Attr(
                f"technology:{spelled[tech]}",
                "technology",
                ["uses", "does not use"],
                [has, lacks],
                (),
                "technographic",
            )
        )
    for column in custom_columns:
        raw = [_text(a.custom.get(column)) for a in accounts]
        present = [v for v in raw if v is not None]
        if not present:
            continue
        numbers: list[float | None] = []
        parsed = 0
        for v in raw:
            try:
                number = parse_number(v, column) if v is not None else None
            except ValueError:
                number = None
            parsed += number is not None
            numbers.append(number)
        if parsed >= 0.9 * len(present) and len({n for n in numbers if n is not None}) > 5:
            edges = _quantile_edges([n for n in numbers if n is not None])
            attrs.append(_numeric(column, numbers, edges, False, "behavioral"))
        elif cat := _categorical(column, [v.casefold() if v else None for v in raw], "behavioral"):
            attrs.append(cat)
    return attrs


def _mask(indexes: Sequence[int], n: int) -> int:
    buffer = bytearray(n)
    for i in indexes:
        buffer[i] = 1
    return int.from_bytes(buffer, "little")


@dataclass(frozen=True)
class _Candidate:
    attribute: str
    description: str
    mask: int  # deals the criterion lets in (one byte per deal)
    spec: tuple[str, Any]


def _candidates(
    attr: _Attr, stats: list[GroupStat], masks: list[int], base: float
) -> list[_Candidate]:
    out: list[_Candidate] = []
    everyone = 0
    for m in masks:
        everyone |= m
    if attr.kind == "categorical":
        bad = sorted(
            (
                i
                for i, s in enumerate(stats)
                if s.trusted and s.win_rate < base and attr.labels[i] not in (MISSING, OTHER)
            ),
            key=lambda i: stats[i].win_rate,
        )
        excluded = 0
        names: list[str] = []
        for i in bad:
            excluded |= masks[i]
            names.append(attr.labels[i])
            out.append(
                _Candidate(
                    attr.name,
                    f"{attr.name} not in {', '.join(names)}",
                    everyone & ~excluded,
                    ("not_in", tuple(names)),
                )
            )
    elif attr.kind == "numeric":
        bands = [i for i, label in enumerate(attr.labels) if label != MISSING]
        missing = masks[len(bands)] if len(bands) < len(masks) else 0
        for lo in range(len(bands)):
            inside = 0
            for hi in range(lo, len(bands)):
                inside |= masks[hi]
                if lo == 0 and hi == len(bands) - 1:
                    continue
                low = attr.edges[lo] if lo > 0 else None
                high = attr.edges[hi + 1] - 1 if hi + 1 < len(bands) else None
                if attr.name not in ("employees",) and high is not None:
                    high = attr.edges[hi + 1]
                label = f"{attr.name} in {attr.labels[lo]}..{attr.labels[hi]}"
                out.append(_Candidate(attr.name, label, inside | missing, ("range", (low, high))))
    else:
        uses, lacks = masks[0], masks[1]
        tech = attr.name.split(":", 1)[1]
        s = stats[0]
        if s.trusted and s.win_rate < base:
            out.append(_Candidate(attr.name, f"excludes {tech}", lacks, ("excluded", tech)))
        if s.trusted and s.win_rate > base:
            out.append(_Candidate(attr.name, f"requires {tech}", uses, ("required", tech)))
    return out


def _build_icp(
    chosen: list[tuple[_Attr, _Candidate]], base_icp: IcpDefinition | None, as_of: date
) -> IcpDefinition:
    firmo: dict[str, Any] = {}
    firmo_custom: dict[str, Criterion] = {}
    techno: dict[str, list[str]] = {"required": [], "excluded": []}
    behavioral: dict[str, Criterion] = {}
    for attr, cand in chosen:
        kind, value = cand.spec
        if kind in ("required", "excluded"):
            techno[kind].append(value)
            continue
        if kind == "not_in":
            crit = Criterion(not_in=tuple(value), if_missing="pass")
        else:
            low, high = value
            crit = Criterion(min=low, max=high, if_missing="pass")
        if attr.name == "industry":
            firmo["industries"] = crit
        elif attr.name == "country":
            firmo["countries"] = crit
        elif attr.name in ("employees", "annual_revenue"):
            firmo[attr.name] = crit
        else:
            behavioral[attr.name] = crit
    base = base_icp or IcpDefinition(version="1")
    return IcpDefinition(
        name=f"{base.name} (discovered)" if base_icp else "Discovered ICP",
        version=f"discovered-{as_of.isoformat()}",
        owner=base.owner,
        last_reviewed=as_of,
        firmographic=Firmographic(**firmo, custom=firmo_custom),
        technographic=Technographic(
            required=tuple(techno["required"]), excluded=tuple(techno["excluded"])
        ),
        behavioral=behavioral,
        situational=base.situational,
        scoring=base.scoring,
        pressure_test=base.pressure_test,
    )


def discover(
    deals: Sequence[Deal],
    *,
    as_of: date,
    custom_columns: Sequence[str] = (),
    base_icp: IcpDefinition | None = None,
    min_count: int = 20,
    max_criteria: int = 6,
) -> Discovery:
    """Win rates by attribute group, and a suggested ICP with its pressure-test figures."""
    n = len(deals)
    won_total = sum(d.won for d in deals)
    if n == 0:
        return Discovery(0, 0, None, min_count, (), None, None, (), ("no deals to learn from",))
    base = won_total / n
    won_mask = _mask([i for i, d in enumerate(deals) if d.won], n)
    lost_mask = _mask([i for i, d in enumerate(deals) if not d.won], n)
    findings: list[AttributeFindings] = []
    candidates: list[tuple[_Attr, _Candidate]] = []
    for attr in _attributes(deals, custom_columns):
        stats: list[GroupStat] = []
        masks: list[int] = []
        for label, members in zip(attr.labels, attr.members, strict=True):
            wins = sum(deals[i].won for i in members)
            count = len(members)
            low, high = wilson(wins, count)
            win_rate = wins / count if count else 0.0
            stats.append(
                GroupStat(
                    attr.name,
                    label,
                    count,
                    wins,
                    win_rate,
                    low,
                    high,
                    win_rate - base,
                    count >= min_count,
                )
            )
            masks.append(_mask(members, n))
        findings.append(AttributeFindings(attr.name, attr.kind, tuple(stats)))
        candidates.extend((attr, c) for c in _candidates(attr, stats, masks, base))
    findings.sort(key=lambda f: f.spread, reverse=True)
    notes: list[str] = []
    lost_total = n - won_total
    if won_total == 0 or lost_total == 0:
        notes.append("all deals have the same outcome: no criterion can be suggested")
        return Discovery(
            n, won_total, base, min_count, tuple(findings), None, None, (), tuple(notes)
        )
    target_in = base_icp.pressure_test if base_icp else IcpDefinition(version="1").pressure_test
    current = won_mask | lost_mask
    chosen: list[tuple[_Attr, _Candidate]] = []
    steps: list[str] = []
    odds = lost_total / won_total
    while len(chosen) < max_criteria:
        cur_won = (current & won_mask).bit_count()
        cur_lost = (current & lost_mask).bit_count()
        if (lost_total - cur_lost) / lost_total >= target_in.lost_excluded_target:
            break
        best: tuple[float, tuple[_Attr, _Candidate]] | None = None
        used = {a.name for a, _ in chosen}
        for attr, cand in candidates:
            if attr.name in used:
                continue
            new = current & cand.mask
            new_won = (new & won_mask).bit_count()
            if new_won / won_total < target_in.won_included_target:
                continue
            gain = (cur_lost - (new & lost_mask).bit_count()) - (cur_won - new_won) * odds
            if gain > max(1.0, 0.01 * lost_total) and (best is None or gain > best[0]):
                best = (gain, (attr, cand))
        if best is None:
            break
        chosen.append(best[1])
        current &= best[1][1].mask
        steps.append(best[1][1].description)
    if not chosen:
        notes.append("no criterion separates won from lost deals beyond chance at these counts")
        return Discovery(
            n, won_total, base, min_count, tuple(findings), None, None, (), tuple(notes)
        )
    suggestion = _build_icp(chosen, base_icp, as_of)
    result = pressure_test(deals, suggestion, as_of=as_of)
    return Discovery(
        n,
        won_total,
        base,
        min_count,
        tuple(findings),
        suggestion,
        result,
        tuple(steps),
        tuple(notes),
    )
