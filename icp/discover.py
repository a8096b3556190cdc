"""Discovery: which attribute values win more or less often than the base rate, from deals.

Each attribute is cut into groups: categorical ones by value (case-insensitive, the most common
spelling shown; the 20 most common values, the rest grouped as "(other)"), numeric ones into
bands (standard employee and revenue bands; for a custom numeric column each value when it has
at most 12, else decile bands), technologies by presence. Every group gets its deal count,
wins, win rate and a 95% Wilson interval; a group with fewer than ``min_count`` deals is
flagged as too small to trust and never named in a suggested value set.

The suggested ICP is a conjunction of at most one criterion per attribute (a value set kept
or excluded, whichever lists fewer values; a range of numeric bands; a technology required or
excluded), found by a beam search across attributes: every criterion added must keep the
won-deal target and must separate beyond chance (a one-sided Fisher exact or z test on the
deals still included, Bonferroni-corrected for the candidates weighed at that step, and at
least ``min_count`` deals excluded). The search stops at the fewest criteria that meet both
targets; when no combination does, the one excluding the most lost deals is suggested and
says so. Missing values always pass a suggested criterion. The suggestion's figures come from
running the real pressure test on it; a k-fold cross-validation (criteria re-learned without
each fold, tested on it) gives the figures to expect on deals the search did not see.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from icp.accounts import parse_number
from icp.criteria import human_number
from icp.deals import Deal
from icp.definition import Criterion, Firmographic, IcpDefinition, PressureTest, Technographic
from icp.geo import country_code
from icp.pressure import PressureResult, TargetShares, pressure_test

EMPLOYEE_BANDS = (1, 11, 51, 201, 501, 1001, 2001, 5001, 10001)
REVENUE_BANDS = (0, 1e6, 10e6, 50e6, 100e6, 500e6, 1e9)
MISSING = "(missing)"
OTHER = "(other)"
MAX_VALUES = 20
MAX_TECHNOLOGIES = 40
MAX_EACH_VALUE_BANDS = 12
ALPHA = 0.05
BEAM_WIDTH = 6
MARGIN_GAIN = 0.03  # what one more criterion must add to the nearer target's margin
FEW_DEALS = 100  # below this many won or lost deals, the suggestion's shares get intervals


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion; (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fewer_wins_p(removed_won: int, removed: int, kept_won: int, kept: int) -> float:
    """One-sided p-value that deals removed by a criterion win this much less often than the
    deals it keeps by chance alone (Fisher exact for small counts, else a z test)."""
    total, wins = removed + kept, removed_won + kept_won
    if removed == 0 or kept == 0 or wins in (0, total):
        return 1.0
    if removed_won * total >= removed * wins:
        return 1.0
    if removed_won <= 100:
        low = max(0, removed - (total - wins))
        norm = _log_choose(total, removed)
        return min(
            1.0,
            sum(
                math.exp(_log_choose(wins, x) + _log_choose(total - wins, removed - x) - norm)
                for x in range(low, removed_won + 1)
            ),
        )
    p = wins / total
    spread = math.sqrt(p * (1 - p) * (1 / removed + 1 / kept))
    z = (kept_won / kept - removed_won / removed) / spread
    return 0.5 * math.erfc(z / math.sqrt(2))


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
class CrossValidation(TargetShares):
    """Pooled shares on held-out folds, each judged by criteria learned without it."""

    folds: int
    won: int
    lost: int
    won_included: int
    lost_excluded: int
    won_included_target: float
    lost_excluded_target: float
    attribute_folds: tuple[tuple[str, int], ...]  # attribute, folds whose suggestion used it

    @property
    def meets_targets(self) -> bool:
        won, lost = self.won_included_rate, self.lost_excluded_rate
        return (
            won is not None
            and lost is not None
            and won >= self.won_included_target
            and lost >= self.lost_excluded_target
        )


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
    cross_validation: CrossValidation | None = None

    def top_groups(self, limit: int = 15) -> list[GroupStat]:
        """The trusted groups whose win rate differs most from the base rate."""
        groups = [g for a in self.attributes for g in a.groups if g.trusted]
        return sorted(groups, key=lambda g: abs(g.lift), reverse=True)[:limit]

    @property
    def meets_targets(self) -> bool:
        """The suggestion meets both targets on the deals it was learned from."""
        return self.suggestion_test is not None and self.suggestion_test.verdict == "pass"


@dataclass
class _Attr:
    name: str
    kind: str
    labels: list[str]  # group labels in natural order
    members: list[list[int]]  # deal indexes per group
    edges: tuple[float, ...] = ()  # numeric: lower edge of each band
    section: str = "behavioral"
    integer: bool = False  # numeric: whole numbers only, so a band ends one below the next


def _band_label(edges: Sequence[float], i: int, money: bool) -> str:
    def fmt(x: float) -> str:
        if money:
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
                if x >= size:
                    return f"{x / size:g}{suffix}"
        return f"{x:,.0f}" if x == int(x) else f"{x:g}"

    if i + 1 < len(edges):
        high = edges[i + 1] - (1 if not money and edges[i + 1] == int(edges[i + 1]) else 0)
        return fmt(edges[i]) if high == edges[i] else f"{fmt(edges[i])}-{fmt(high)}"
    return f"{fmt(edges[i])}+"


def _numeric(
    name: str,
    values: list[float | None],
    edges: Sequence[float],
    money: bool,
    section: str,
    integer: bool = False,
) -> _Attr:
    labels = [_band_label(edges, i, money) for i in range(len(edges))]
    members: list[list[int]] = [[] for _ in edges]
    missing: list[int] = []
    for idx, value in enumerate(values):
        if value is None:
            missing.append(idx)
            continue
        members[max(0, bisect_right(edges, value) - 1)].append(idx)
    attr = _Attr(name, "numeric", labels, members, tuple(edges), section, integer)
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
    """Each value when there are few, else the minimum and rounded deciles."""
    ordered = sorted(values)
    distinct = sorted(set(ordered))
    if len(distinct) <= MAX_EACH_VALUE_BANDS:
        return tuple(distinct)
    edges = [ordered[0]]
    for q in range(1, 10):
        edge = _nice(ordered[int(q / 10 * (len(ordered) - 1))])
        if edge > edges[-1]:
            edges.append(edge)
    return tuple(edges)


def _categorical(
    name: str, values: list[str | None], section: str, id_like_guard: bool = True
) -> _Attr | None:
    """Groups by value, case-insensitively; each labelled with its most common spelling."""
    spellings = Counter(values)
    spellings.pop(None, None)
    fold = {spelling: spelling.casefold() for spelling in spellings if spelling is not None}
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for spelling, count in spellings.items():  # first-seen order breaks ties in counts
        assert spelling is not None
        counts[fold[spelling]] += count
    for spelling, _ in spellings.most_common():
        assert spelling is not None
        shown.setdefault(fold[spelling], spelling)
    if not counts:
        return None
    present = sum(counts.values())
    if id_like_guard and len(counts) > 50 and len(counts) > present / 2:
        return None  # an id or free-text column: nothing to learn by value
    keys = [fold[v] if v is not None else None for v in values]
    top = [k for k, _ in counts.most_common(MAX_VALUES)]
    index = {k: i for i, k in enumerate(top)}
    labels = [shown[k] for k in top]
    members: list[list[int]] = [[] for _ in top]
    other: list[int] = []
    missing: list[int] = []
    for idx, key in enumerate(keys):
        if key is None:
            missing.append(idx)
        elif key in index:
            members[index[key]].append(idx)
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


def _technologies(accounts: Sequence[Any]) -> list[_Attr]:
    """One uses/does-not-use attribute per technology, the most common first."""
    stacks = [frozenset(t.casefold() for t in a.technologies) for a in accounts]
    tech_counts = Counter(t for stack in stacks for t in stack)
    spelled: dict[str, str] = {}
    for a in accounts:
        for t in a.technologies:
            spelled.setdefault(t.casefold(), t)
    attrs = []
    for tech, _ in tech_counts.most_common(MAX_TECHNOLOGIES):
        has = [i for i, stack in enumerate(stacks) if tech in stack]
        lacks = [i for i, stack in enumerate(stacks) if tech not in stack]
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
    return attrs


def _custom(column: str, raw: list[str | None]) -> _Attr | None:
    """A numeric column when 90% of its values read as numbers (and vary), else categorical."""
    present = [v for v in raw if v is not None]
    if not present:
        return None
    read: dict[str, float | None] = {}
    for v in set(present):
        try:
            read[v] = parse_number(v, column)
        except ValueError:
            read[v] = None
    numbers = [read[v] if v is not None else None for v in raw]
    parsed = sum(n is not None for n in numbers)
    known = [n for n in numbers if n is not None]
    if parsed >= 0.9 * len(present) and len(set(known)) > 5:
        integer = all(n == int(n) for n in known)
        return _numeric(column, numbers, _quantile_edges(known), False, "behavioral", integer)
    return _categorical(column, raw, "behavioral")


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
        attrs.append(_numeric("employees", employees, EMPLOYEE_BANDS, False, "firmographic", True))
    revenue = [a.annual_revenue for a in accounts]
    if any(v is not None for v in revenue):
        attrs.append(_numeric("annual_revenue", revenue, REVENUE_BANDS, True, "firmographic"))
    attrs.extend(_technologies(accounts))
    customs = [a.custom for a in accounts]
    for column in custom_columns:
        values = [c.get(column) for c in customs]
        raw = [(str(v).strip() or None) if v is not None else None for v in values]
        if attr := _custom(column, raw):
            attrs.append(attr)
    return attrs


def _mask(indexes: Iterable[int], n: int) -> int:
    """A set of deals as an int with one bit per deal (fast AND and bit_count)."""
    buffer = bytearray((n + 7) // 8)
    for i in indexes:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


@dataclass(frozen=True)
class _Candidate:
    attribute: str
    description: str
    mask: int  # deals the criterion lets in (one bit per deal)
    spec: tuple[str, Any]


def _stats(
    attr: _Attr, masks: list[int], won: int, scope: int, base: float, min_count: int
) -> list[GroupStat]:
    """Per-group figures over the deals in ``scope``."""
    out = []
    for label, m in zip(attr.labels, masks, strict=True):
        count = (m & scope).bit_count()
        wins = (m & scope & won).bit_count()
        low, high = wilson(wins, count)
        win_rate = wins / count if count else 0.0
        out.append(
            GroupStat(
                attr.name, label, count, wins, win_rate, low, high, win_rate - base,
                count >= min_count,
            )
        )  # fmt: skip
    return out


def _value_sets(attr: _Attr, stats: list[GroupStat], masks: list[int]) -> list[_Candidate]:
    """Keep the best trusted values or exclude the rest: each cut of the values ranked by win
    rate, written as whichever of ``in``/``not_in`` lists fewer values (ties: ``not_in``)."""
    named = [i for i, label in enumerate(attr.labels) if label not in (MISSING, OTHER)]
    trusted = sorted((i for i in named if stats[i].trusted), key=lambda i: -stats[i].win_rate)
    missing = next((m for i, m in enumerate(masks) if attr.labels[i] == MISSING), 0)
    everyone = 0
    for m in masks:
        everyone |= m
    out: list[_Candidate] = []
    for cut in range(1, len(trusted)):
        keep, drop = trusted[:cut], trusted[cut:]
        if len(keep) < len(drop):
            mask = missing
            for i in keep:
                mask |= masks[i]
            names = tuple(attr.labels[i] for i in sorted(keep))
            out.append(
                _Candidate(attr.name, f"{attr.name} in {', '.join(names)}", mask, ("in", names))
            )
        else:
            mask = everyone
            for i in drop:
                mask &= ~masks[i]
            names = tuple(attr.labels[i] for i in sorted(drop))
            desc = f"{attr.name} not in {', '.join(names)}"
            out.append(_Candidate(attr.name, desc, mask, ("not_in", names)))
    return out


def _range_text(name: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{name} {human_number(low)}-{human_number(high)}"
    if low is not None:
        return f"{name} >= {human_number(low)}"
    assert high is not None
    return f"{name} <= {human_number(high)}"


def _ranges(attr: _Attr, masks: list[int]) -> list[_Candidate]:
    """Every contiguous run of bands short of all of them; missing values pass."""
    bands = [i for i, label in enumerate(attr.labels) if label != MISSING]
    missing = masks[len(bands)] if len(bands) < len(masks) else 0
    out: list[_Candidate] = []
    for lo in range(len(bands)):
        inside = 0
        for hi in range(lo, len(bands)):
            inside |= masks[hi]
            if lo == 0 and hi == len(bands) - 1:
                continue
            low = attr.edges[lo] if lo > 0 else None
            high = None
            if hi + 1 < len(bands):
                high = attr.edges[hi + 1] - (1 if attr.integer else 0)
            desc = _range_text(attr.name, low, high)
            out.append(_Candidate(attr.name, desc, inside | missing, ("range", (low, high))))
    return out


def _candidates(
    attr: _Attr, stats: list[GroupStat], masks: list[int], base: float
) -> list[_Candidate]:
    if attr.kind == "categorical":
        return _value_sets(attr, stats, masks)
    if attr.kind == "numeric":
        return _ranges(attr, masks)
    uses, lacks = masks[0], masks[1]
    tech = attr.name.split(":", 1)[1]
    s = stats[0]
    if s.trusted and s.win_rate < base:
        return [_Candidate(attr.name, f"excludes {tech}", lacks, ("excluded", tech))]
    if s.trusted and s.win_rate > base:
        return [_Candidate(attr.name, f"requires {tech}", uses, ("required", tech))]
    return []


@dataclass(frozen=True)
class _State:
    chosen: tuple[_Candidate, ...]
    mask: int
    won: int
    lost: int

    @property
    def attributes(self) -> frozenset[str]:
        return frozenset(c.attribute for c in self.chosen)


@dataclass(frozen=True)
class _Search:
    best: _State | None
    meets_targets: bool


@dataclass(frozen=True)
class _Goal:
    """The deals to learn from and the targets, as counts."""

    won_mask: int
    lost_mask: int
    won_total: int
    lost_total: int
    won_needed: int
    lost_needed: int
    targets: PressureTest
    min_count: int

    @classmethod
    def of(cls, won: int, lost: int, targets: PressureTest, min_count: int) -> _Goal:
        won_total, lost_total = won.bit_count(), lost.bit_count()
        return cls(
            won,
            lost,
            won_total,
            lost_total,
            math.ceil(targets.won_included_target * won_total - 1e-9),
            math.ceil(targets.lost_excluded_target * lost_total - 1e-9),
            targets,
            min_count,
        )

    def done(self, state: _State) -> bool:
        return self.lost_total - state.lost >= self.lost_needed

    def margin(self, state: _State) -> float:
        """How far the nearer of the two targets is cleared (the larger, the safer)."""
        won_in = state.won / self.won_total - self.targets.won_included_target
        lost_out = 1 - state.lost / self.lost_total - self.targets.lost_excluded_target
        return min(won_in, lost_out)


def _expand(beam: Sequence[_State], candidates: Sequence[_Candidate], goal: _Goal) -> list[_State]:
    """The best states one criterion deeper: each keeps the won target, beats chance on the
    deals still included, and differs from the others in the attributes it uses."""
    odds = goal.lost_total / goal.won_total
    scored: list[tuple[float, _State, _Candidate, int, int]] = []
    tests = 0
    for state in beam:
        used = state.attributes
        for cand in candidates:
            if cand.attribute in used:
                continue
            tests += 1
            new = state.mask & cand.mask
            new_won = (new & goal.won_mask).bit_count()
            if new_won < goal.won_needed:
                continue
            new_lost = (new & goal.lost_mask).bit_count()
            gain = (state.lost - new_lost) - (state.won - new_won) * odds
            if gain > 0:
                scored.append((gain, state, cand, new_won, new_lost))
    scored.sort(key=lambda item: item[0], reverse=True)
    level: list[_State] = []
    seen: set[frozenset[str]] = set()
    for _gain, state, cand, new_won, new_lost in scored:
        key = state.attributes | {cand.attribute}
        removed_won, removed_lost = state.won - new_won, state.lost - new_lost
        if key in seen or removed_won + removed_lost < goal.min_count:
            continue
        p = fewer_wins_p(removed_won, removed_won + removed_lost, new_won, new_won + new_lost)
        if p > ALPHA / tests:
            continue
        seen.add(key)
        level.append(_State((*state.chosen, cand), state.mask & cand.mask, new_won, new_lost))
        if len(level) == BEAM_WIDTH:
            break
    return level


def _search(candidates: Sequence[_Candidate], goal: _Goal, max_criteria: int) -> _Search:
    """The fewest criteria meeting both targets; one criterion more only when it clears the
    nearer target by ``MARGIN_GAIN`` more (a bare pass rarely holds on new deals)."""
    beam = [_State((), goal.won_mask | goal.lost_mask, goal.won_total, goal.lost_total)]
    explored: list[_State] = []
    for depth in range(max_criteria):
        beam = _expand(beam, candidates, goal)
        if not beam:
            break
        done = [s for s in beam if goal.done(s)]
        if done:
            best = max(done, key=goal.margin)
            if depth + 1 < max_criteria:
                deeper = [s for s in _expand(beam, candidates, goal) if goal.done(s)]
                safer = max(deeper, key=goal.margin, default=None)
                if safer is not None and goal.margin(safer) >= goal.margin(best) + MARGIN_GAIN:
                    best = safer
            return _Search(best, True)
        explored.extend(beam)
    closest = max(explored, key=lambda s: (goal.lost_total - s.lost, s.won), default=None)
    return _Search(closest, False)


def _build_icp(
    chosen: Sequence[_Candidate], base_icp: IcpDefinition | None, as_of: date
) -> IcpDefinition:
    firmo: dict[str, Any] = {}
    firmo_custom: dict[str, Criterion] = {}
    techno: dict[str, list[str]] = {"required": [], "excluded": []}
    behavioral: dict[str, Criterion] = {}
    for cand in chosen:
        kind, value = cand.spec
        if kind in ("required", "excluded"):
            techno[kind].append(value)
            continue
        if kind == "not_in":
            crit = Criterion(not_in=tuple(value), if_missing="pass")
        elif kind == "in":
            crit = Criterion(values=tuple(value), if_missing="pass")
        else:
            low, high = value
            crit = Criterion(min=low, max=high, if_missing="pass")
        if cand.attribute == "industry":
            firmo["industries"] = crit
        elif cand.attribute == "country":
            firmo["countries"] = crit
        elif cand.attribute in ("employees", "annual_revenue"):
            firmo[cand.attribute] = crit
        else:
            behavioral[cand.attribute] = crit
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


@dataclass
class _Table:
    """Attributes with one mask per group, over all deals; outcome-free, so folds share it."""

    attrs: list[_Attr]
    masks: list[list[int]]


def _learn(
    table: _Table,
    won: int,
    lost: int,
    targets: PressureTest,
    max_criteria: int,
    min_count: int,
) -> tuple[list[list[GroupStat]], _Search]:
    """Group figures and the searched criteria, from the deals in ``won | lost`` only."""
    scope = won | lost
    base = won.bit_count() / scope.bit_count()
    stats = [
        _stats(a, m, won, scope, base, min_count)
        for a, m in zip(table.attrs, table.masks, strict=True)
    ]
    candidates = [
        c
        for a, s, m in zip(table.attrs, stats, table.masks, strict=True)
        for c in _candidates(a, s, m, base)
    ]
    return stats, _search(candidates, _Goal.of(won, lost, targets, min_count), max_criteria)


def _folds(deals: Sequence[Deal], k: int) -> list[int]:
    """``k`` masks splitting won and lost deals evenly, in a fixed pseudo-random order."""
    members: list[list[int]] = [[] for _ in range(k)]
    rng = random.Random(len(deals))
    for outcome in (True, False):
        indexes = [i for i, d in enumerate(deals) if d.won is outcome]
        rng.shuffle(indexes)
        for j, i in enumerate(indexes):
            members[j % k].append(i)
    return [_mask(m, len(deals)) for m in members]


def _cross_validate(
    deals: Sequence[Deal],
    table: _Table,
    won: int,
    lost: int,
    targets: PressureTest,
    max_criteria: int,
    min_count: int,
    k: int,
) -> CrossValidation:
    won_in = lost_out = 0
    used: Counter[str] = Counter()
    for fold in _folds(deals, k):
        result = _learn(table, won & ~fold, lost & ~fold, targets, max_criteria, min_count)[1]
        inside = fold
        for cand in result.best.chosen if result.best else ():
            inside &= cand.mask
            used[cand.attribute] += 1
        won_in += (inside & won).bit_count()
        lost_out += (fold & lost).bit_count() - (inside & lost).bit_count()
    return CrossValidation(
        folds=k,
        won=won.bit_count(),
        lost=lost.bit_count(),
        won_included=won_in,
        lost_excluded=lost_out,
        won_included_target=targets.won_included_target,
        lost_excluded_target=targets.lost_excluded_target,
        attribute_folds=tuple(used.most_common()),
    )


def _share_note(what: str, part: int, whole: int) -> str:
    low, high = wilson(part, whole)
    return f"{what} {part}/{whole} could be anywhere from {low:.0%} to {high:.0%}"


def _suggestion_notes(
    found: _Search, result: PressureResult, cv: CrossValidation | None, max_criteria: int
) -> list[str]:
    """What to believe of the suggestion: targets met or not, uncertainty, cross-validation."""
    notes: list[str] = []
    if found.meets_targets:
        notes.append("the suggestion meets both targets on these deals")
    else:
        notes.append(
            f"no combination of up to {max_criteria} criteria meets both targets on these "
            "deals: the suggestion excludes the most lost deals while keeping the won target"
        )
    if result.won < FEW_DEALS or result.lost < FEW_DEALS:
        notes.append(
            f"only {result.won} won and {result.lost} lost deals: on new deals, "
            + _share_note("won included", result.won_included, result.won)
            + " and "
            + _share_note("lost excluded", result.lost_excluded, result.lost)
            + " (95% intervals); treat the suggestion as a hypothesis"
        )
    if cv is None:
        return notes
    used = ", ".join(f"{a} {n}/{cv.folds}" for a, n in cv.attribute_folds) or "none"
    notes.append(
        f"{cv.folds}-fold cross-validation (criteria re-learned without each fold, tested on "
        f"it): won included {cv.won_included_rate or 0:.1%}, lost excluded "
        f"{cv.lost_excluded_rate or 0:.1%}; criteria chosen per fold: {used}"
    )
    if found.meets_targets and not cv.meets_targets:
        notes.append(
            "the suggestion meets the targets on the deals it was learned from but not in "
            "cross-validation: expect lower shares on new deals"
        )
    return notes


def discover(
    deals: Sequence[Deal],
    *,
    as_of: date,
    custom_columns: Sequence[str] = (),
    base_icp: IcpDefinition | None = None,
    min_count: int = 20,
    max_criteria: int = 6,
    folds: int = 5,
) -> Discovery:
    """Win rates by attribute group, and a suggested ICP with its pressure-test figures."""
    n = len(deals)
    won_total = sum(d.won for d in deals)
    if n == 0:
        return Discovery(0, 0, None, min_count, (), None, None, (), ("no deals to learn from",))
    base = won_total / n
    won_mask = _mask([i for i, d in enumerate(deals) if d.won], n)
    lost_mask = _mask([i for i, d in enumerate(deals) if not d.won], n)
    attrs = _attributes(deals, custom_columns)
    table = _Table(attrs, [[_mask(m, n) for m in a.members] for a in attrs])
    targets = (base_icp or IcpDefinition(version="1")).pressure_test
    lost_total = n - won_total
    if won_total == 0 or lost_total == 0:
        stats = [
            _stats(a, m, won_mask, won_mask | lost_mask, base, min_count)
            for a, m in zip(table.attrs, table.masks, strict=True)
        ]
        findings = _findings(table, stats)
        note = "all deals have the same outcome: no criterion can be suggested"
        return Discovery(n, won_total, base, min_count, findings, None, None, (), (note,))
    stats, found = _learn(table, won_mask, lost_mask, targets, max_criteria, min_count)
    findings = _findings(table, stats)
    if found.best is None:
        notes = ["no criterion separates won from lost deals beyond chance at these counts"]
        if won_total < FEW_DEALS or lost_total < FEW_DEALS:
            notes.append(
                f"only {won_total} won and {lost_total} lost deals: too few to tell a pattern "
                f"from chance (a criterion must exclude at least {min_count} deals and pass a "
                "significance test); the win rates above are hints, not an ICP"
            )
        return Discovery(n, won_total, base, min_count, findings, None, None, (), tuple(notes))
    suggestion = _build_icp(found.best.chosen, base_icp, as_of)
    result = pressure_test(deals, suggestion, as_of=as_of)
    cv = None
    if folds >= 2 and min(won_total, lost_total) >= 2 * folds:
        cv = _cross_validate(
            deals, table, won_mask, lost_mask, targets, max_criteria, min_count, folds
        )
    return Discovery(
        n,
        won_total,
        base,
        min_count,
        findings,
        suggestion,
        result,
        tuple(c.description for c in found.best.chosen),
        tuple(_suggestion_notes(found, result, cv, max_criteria)),
        cv,
    )


def _findings(table: _Table, stats: list[list[GroupStat]]) -> tuple[AttributeFindings, ...]:
    """Per-attribute findings, the most telling attribute first."""
    found = [
        AttributeFindings(a.name, a.kind, tuple(s)) for a, s in zip(table.attrs, stats, strict=True)
    ]
    return tuple(sorted(found, key=lambda f: f.spread, reverse=True))
