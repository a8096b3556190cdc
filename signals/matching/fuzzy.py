"""Strict fuzzy name matching: typos, spacing and word order, never a different word.

Two name keys are a fuzzy match only when they have the same number of words and
differ in at most one word, and that word is a likely typo of the other: both at least
five letters, same first letter, one or two edits apart (transpositions count as one),
and the signal's word is not itself a word some account uses (then it is a different
word, as in "Beacon Health" vs "Bacon Health"). Plurals ("System"/"Systems"), word
order and spacing ("Data Dog"/"Datadog") also match. So "Acme" never matches "Acme
Analytics": names that differ by a word are different companies.

Candidates come from blocking, so a million accounts stay fast: the two rarest words
of the name (a typo can spoil only one of them), and for one-word names buckets of
(first three letters, length), (length, last three letters) and the sorted letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

MIN_TYPO_LENGTH = 5
MAX_POSTING = 5_000  # a word on more accounts than this is too common to block on
SCORE_WORD_ORDER = 0.92
SCORE_SPACING = 0.95


def _allowed_edits(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    if shorter < MIN_TYPO_LENGTH or a[0] != b[0]:
        return 0
    return 1 if max(len(a), len(b)) < 9 else 2


def fuzzy_score(query: Sequence[str], candidate: str, vocabulary: Any = ()) -> float:
    """Similarity in (0, 1] when ``candidate`` is a fuzzy match of the ``query`` words, else 0.

    ``vocabulary`` supports ``in``: words known from the accounts; a differing query
    word found there is a different word, not a typo.
    """
    words = candidate.split()
    if len(words) != len(query):
        return 0.0
    query_text = " ".join(query)
    if query_text == candidate:
        return 1.0
    if sorted(words) == sorted(query):
        return SCORE_WORD_ORDER
    differing = [(a, b) for a, b in zip(query, words, strict=True) if a != b]
    if len(differing) != 1:
        return 0.0
    a, b = differing[0]
    plural = len(a) >= 3 and len(b) >= 3 and (a + "s" == b or b + "s" == a)
    if not plural:
        if a in vocabulary:
            return 0.0
        allowed = _allowed_edits(a, b)
        if allowed == 0 or OSA.distance(a, b, score_cutoff=allowed) > allowed:
            return 0.0
    return fuzz.ratio(query_text, candidate) / 100.0


def _short_blocks(key: str, length: int) -> tuple[str, str, str]:
    """Blocks of a one-word key: a typo spares its start, its end, or (a swap) its letters."""
    return (f"{key[:3]}{length}", f"{length}{key[-3:]}", "=" + "".join(sorted(key)))


class FuzzyBlocks:
    """Blocking keys from name key to account slots. Removal is lazy: callers pass the
    live entries to ``candidates`` and dead or changed slots are skipped there."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = {}
        self.compact: dict[str, list[int]] = {}
        self.short: dict[str, tuple[list[str], list[int]]] = {}

    def add(self, slot: int, keys: Sequence[str]) -> None:
        for key in keys:
            words = key.split()
            for word in set(words):
                self.postings.setdefault(word, []).append(slot)
            if len(words) > 1:
                self.compact.setdefault(key.replace(" ", ""), []).append(slot)
            elif len(key) >= MIN_TYPO_LENGTH:
                for block in _short_blocks(key, len(key)):
                    keys_in, slots_in = self.short.setdefault(block, ([], []))
                    keys_in.append(key)
                    slots_in.append(slot)

    def _blocked(self, query: str, words: list[str]) -> set[int]:
        found: set[int] = set(self.compact.get(query.replace(" ", ""), ()))
        if len(words) > 1:
            if query.replace(" ", "") in self.postings:  # "Data Dog" vs account "Datadog"
                found.update(self.postings[query.replace(" ", "")])
            lists = sorted(
                (p for w in set(words) if (p := self.postings.get(w)) and len(p) <= MAX_POSTING),
                key=len,
            )
            for posting in lists[:2]:
                found.update(posting)
            return found
        if len(query) < MIN_TYPO_LENGTH:
            return found
        for length in (len(query) - 1, len(query), len(query) + 1):
            for block in _short_blocks(query, length):
                bucket = self.short.get(block)
                if bucket is None:
                    continue
                keys_in, slots_in = bucket
                for _, _, i in process.extract_iter(
                    query, keys_in, scorer=OSA.distance, score_cutoff=2
                ):
                    found.add(slots_in[i])
        return found

    def candidates(
        self, query_keys: Sequence[str], entries: Sequence[Any]
    ) -> list[tuple[int, float]]:
        """(slot, score) of every live account that is a fuzzy match of one of the keys.

        ``entries[slot]`` is None for a removed account, else has ``names`` and
        ``aliases`` (the keys it holds now).
        """
        best: dict[int, float] = {}
        for query in query_keys:
            words = query.split()
            compact = query.replace(" ", "")
            for slot in self._blocked(query, words):
                entry = entries[slot]
                if entry is None:
                    continue
                for key in (*entry.names, *entry.aliases):
                    if key.replace(" ", "") == compact and key != query:
                        score = SCORE_SPACING
                    else:
                        score = fuzzy_score(words, key, self.postings)
                    if score > best.get(slot, 0.0):
                        best[slot] = score
        return [(slot, score) for slot, score in best.items() if score > 0.0]
