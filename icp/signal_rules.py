"""Conditions on situational signals: funding round, seniority and function, folded to ranks.

Sources spell these freely ("Series B-2", "Vice President, Sales", "CRO"), so each is folded
to an ordered rank or a canonical function name before a rule compares it. A value that cannot
be folded is unknown, and a condition on an unknown value is not met.
"""

from __future__ import annotations

import re
from functools import lru_cache

ROUNDS: dict[str, int] = {
    "pre_seed": 0,
    "seed": 1,
    "series_a": 2,
    "series_b": 3,
    "series_c": 4,
    "series_d": 5,
    "series_e": 6,
    "series_f": 7,
    "growth": 8,
    "ipo": 9,
}
SENIORITIES: dict[str, int] = {
    "intern": 0,
    "entry": 1,
    "mid": 2,
    "senior": 3,
    "lead": 4,
    "manager": 5,
    "director": 6,
    "head": 6,
    "vp": 7,
    "c_level": 8,
}
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "sales": ("sales", "revenue", "cro", "business development", "account executive", "sdr"),
    "marketing": ("marketing", "cmo", "growth", "demand generation", "brand"),
    "engineering": ("engineering", "engineer", "developer", "cto", "software", "devops"),
    "product": ("product", "cpo"),
    "data": ("data", "analytics", "machine learning", "bi"),
    "finance": ("finance", "cfo", "accounting", "controller", "fp a"),
    "operations": ("operations", "coo", "revops", "revenue operations", "ops"),
    "customer_success": ("customer success", "support", "cco", "customer experience"),
    "people": ("people", "hr", "human resources", "talent", "recruiting", "chro"),
    "it": ("it", "information technology", "cio", "infrastructure"),
    "security": ("security", "ciso"),
    "legal": ("legal", "counsel", "clo", "compliance"),
    "design": ("design", "ux"),
}

_SERIES = re.compile(r"\bseries\s*([a-k])\b")
_WORDS = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return " " + _WORDS.sub(" ", text.casefold()).strip() + " "


@lru_cache(maxsize=1024)
def round_rank(value: str | None) -> int | None:
    """Rank of a funding round name (``"Series B extension"`` -> series_b), None if unknown."""
    if not value:
        return None
    text = _fold(value)
    if m := _SERIES.search(text):
        letter = m.group(1)
        return min(ROUNDS["series_a"] + ord(letter) - ord("a"), ROUNDS["series_f"])
    if " pre seed " in text or " preseed " in text:
        return ROUNDS["pre_seed"]
    if " seed " in text or " angel " in text:
        return ROUNDS["seed"]
    if " ipo " in text or " public offering " in text:
        return ROUNDS["ipo"]
    if any(w in text for w in (" growth ", " late stage ", " private equity ", " pe ")):
        return ROUNDS["growth"]
    key = text.strip().replace(" ", "_")
    if key in ROUNDS:
        return ROUNDS[key]
    if len(key) == 1 and "a" <= key <= "k":
        return min(ROUNDS["series_a"] + ord(key) - ord("a"), ROUNDS["series_f"])
    return None


_SENIORITY_WORDS: tuple[tuple[str, str], ...] = (
    (" chief ", "c_level"),
    (" president ", "c_level"),
    (" founder ", "c_level"),
    (" vice president ", "vp"),
    (" vp ", "vp"),
    (" svp ", "vp"),
    (" evp ", "vp"),
    (" head of ", "head"),
    (" head ", "head"),
    (" director ", "director"),
    (" manager ", "manager"),
    (" lead ", "lead"),
    (" principal ", "lead"),
    (" staff ", "lead"),
    (" senior ", "senior"),
    (" sr ", "senior"),
    (" junior ", "entry"),
    (" entry ", "entry"),
    (" associate ", "mid"),
    (" intern ", "intern"),
)
_C_LEVEL = re.compile(r" c[a-z]{1,3}o ")


@lru_cache(maxsize=4096)
def seniority_rank(*texts: str | None) -> int | None:
    """Rank of the most senior level named in the texts (a level name, a role or a title)."""
    best: int | None = None
    for value in texts:
        if not value:
            continue
        text = _fold(value)
        key = text.strip().replace(" ", "_")
        found = SENIORITIES.get(key)
        if found is None:
            if " vice president " in text or " vp " in text:
                found = SENIORITIES["vp"]
            elif _C_LEVEL.search(text):
                found = SENIORITIES["c_level"]
            else:
                for word, level in _SENIORITY_WORDS:
                    if word in text:
                        found = SENIORITIES[level]
                        break
        if found is not None and (best is None or found > best):
            best = found
    return best


@lru_cache(maxsize=4096)
def functions_of(*texts: str | None) -> frozenset[str]:
    """Canonical functions (``sales``, ``marketing``...) named in a function, department or role."""
    found: set[str] = set()
    for value in texts:
        if not value:
            continue
        text = _fold(value)
        for name, words in FUNCTIONS.items():
            if f" {name.replace('_', ' ')} " in text or any(f" {w} " in text for w in words):
                found.add(name)
    return frozenset(found)


def canonical_function(name: str) -> str | None:
    """The canonical function a rule names, or None when it is not one we know."""
    key = _fold(name).strip().replace(" ", "_")
    if key in FUNCTIONS:
        return key
    hits = functions_of(name)
    return next(iter(hits)) if len(hits) == 1 else None
