"""Fuzzy candidates: the blocked look-up finds exactly what a scan of every account finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signals.matching.fuzzy import SCORE_SPACING, FuzzyBlocks, _blocking_keys, fuzzy_score

# Words with their typos, plurals and spacing variants, so names collide, differ by one
# letter or a plural, or are spacing variants of each other.
_NEAR: tuple[tuple[str, ...], ...] = (
    ("acme", "acmes", "acne"),
    ("beacon", "bacon", "beacons", "becon", "beacno"),
    ("data", "date", "datas"),
    ("dog", "dogs"),
    ("datadog", "datadg", "datadogs"),
    ("health", "helath", "healths", "heatlh"),
    ("options", "option", "optoins", "opptions"),
    ("analytics", "analitics", "analytic", "anlaytics", "analyticz"),
    ("systems", "system", "sistems", "sytems"),
)
_WORD = st.sampled_from(sorted({word for near in _NEAR for word in near}))
_KEY = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_ACCOUNT = st.lists(_KEY, min_size=1, max_size=2, unique=True).map(tuple)


def _scan(query: str, accounts: list[tuple[str, ...]], vocabulary: object) -> dict[int, float]:
    """Every account with a key that scores, and that shares a blocking key with the query."""
    words = query.split()
    query_blocks = _blocking_keys(query)
    if len(words) == 1 and query.endswith("s"):  # a plural looks up its singular ("labs": "lab")
        query_blocks.add(hash(("d", query[:-1])))
    best: dict[int, float] = {}
    for slot, keys in enumerate(accounts):
        for key in keys:
            if key == query or not query_blocks & _blocking_keys(key):
                continue
            if key.replace(" ", "") == query.replace(" ", ""):
                score = SCORE_SPACING
            else:
                score = fuzzy_score(words, key, vocabulary, query)
            if score > best.get(slot, 0.0):
                best[slot] = score
    return {slot: score for slot, score in best.items() if score > 0.0}


@st.composite
def _accounts_and_query(draw: st.DrawFn) -> tuple[list[tuple[str, ...]], str]:
    """Accounts, and a query that is often one of their keys with one word swapped."""
    accounts = draw(st.lists(_ACCOUNT, max_size=12))
    if not accounts or draw(st.booleans()):
        return accounts, draw(_KEY)
    words = draw(st.sampled_from(draw(st.sampled_from(accounts)))).split()
    i = draw(st.integers(0, len(words) - 1))
    near: list[tuple[str, ...]] = [n for n in _NEAR if words[i] in n] or [(words[i],)]
    words[i] = draw(st.sampled_from(near[0]))
    return accounts, " ".join(words)


@settings(max_examples=300)
@given(_accounts_and_query())
def test_candidates_are_those_a_full_scan_finds(
    accounts_and_query: tuple[list[tuple[str, ...]], str],
) -> None:
    accounts, query = accounts_and_query
    blocks = FuzzyBlocks()
    for slot, keys in enumerate(accounts):
        blocks.add(slot, keys)
    found = dict(blocks.candidates([query], lambda slot: accounts[slot]))
    assert found == _scan(query, accounts, blocks.vocabulary)


def test_two_words_no_account_uses_match_only_a_spacing_variant() -> None:
    blocks = FuzzyBlocks()
    accounts = [("datadog",), ("dato dig",), ("data dog health",)]
    for slot, keys in enumerate(accounts):
        blocks.add(slot, keys)
    assert blocks.candidates(["data dog"], lambda slot: accounts[slot]) == [(0, SCORE_SPACING)]


def test_removed_accounts_are_not_candidates() -> None:
    blocks = FuzzyBlocks()
    blocks.add(0, ("beacon health",))
    assert blocks.candidates(["becon health"], lambda slot: None) == []
