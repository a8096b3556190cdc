"""Strict fuzzy name matching: typos and spacing, never a different word.

Two name keys are a fuzzy match only when they have the same number of words and
differ in at most one word, and that word is a likely typo of the other: both at least
five letters, same first letter, one edit apart (two for words of nine letters or more
in names of several words; a transposition counts as one), and the signal's word is
not itself a word some account uses (then it is a different word, as in "Beacon
Health" vs "Bacon Health"). Plurals ("System"/"Systems") and spacing ("Data
Dog"/"Datadog") also match. So "Acme" never matches "Acme Analytics": names that
differ by a word are different companies.

Known limit: a real word no account uses, one edit from an account's word, is taken
for a typo ("Bacon Health Options" matches "Beacon Health Options" while no account
says "bacon"); the larger the account list, the rarer this gets.

Candidates come from hashed blocking keys (see ``_blocking_keys``), so finding them
costs a handful of dict look-ups whatever the number of accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

MIN_TYPO_LENGTH = 5
# A block holding more accounts than this is generic ("* Analytics"): a typo in the one
# distinctive word of such a name is as likely another company, so the block is dropped.
MAX_BLOCK = 20
_OVERFLOW = -1
SCORE_SPACING = 0.95


def _allowed_edits(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    if shorter < MIN_TYPO_LENGTH or a[0] != b[0]:
        return 0
    return 1 if max(len(a), len(b)) < 9 else 2


def fuzzy_score(
    query: Sequence[str], candidate: str, vocabulary: Any = (), query_text: str | None = None
) -> float:
    """Similarity in (0, 1] when ``candidate`` is a fuzzy match of the ``query`` words, else 0.

    ``vocabulary`` supports ``in``: words known from the accounts; a differing query
    word found there is a different word, not a typo. ``query_text`` is the words
    joined by spaces, when the caller has it.
    """
    if query_text is None:
        query_text = " ".join(query)
    if abs(len(query_text) - len(candidate)) > 2:  # more than a typo's worth of letters
        return 0.0
    if query_text == candidate:
        return 1.0
    if len(query) == 1:  # the common case: no words to pair up
        if " " in candidate:
            return 0.0
        a, b = query_text, candidate
    else:
        words = candidate.split()
        if len(words) != len(query):
            return 0.0
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


_Slots = int | list[int]


def _blocking_keys(key: str) -> set[int]:
    """Hashed blocking keys of one name key; a fuzzy match shares at least one.

    One-word names: the word and each one-letter deletion of it (a typo of one edit
    leaves a deletion in common). Several words: the letters without spaces (in the
    one-word space, so "Data Dog" meets "Datadog") and the name with each word masked
    in turn but for its first letter (the word that differs is masked on both sides;
    a typo keeps the first letter, see ``_allowed_edits``).
    """
    words = key.split()
    if len(words) == 1:
        out = {hash(("d", key))}
        if len(key) >= MIN_TYPO_LENGTH:
            out.update(hash(("d", key[:i] + key[i + 1 :])) for i in range(len(key)))
        return out
    out = {hash(("d", "".join(words)))}
    for i in range(len(words)):
        out.add(hash(("m", i, words[i][0], " ".join(words[:i] + words[i + 1 :]))))
    return out


class FuzzyBlocks:
    """Hashed blocking keys to account slots, plus the vocabulary of account words (counted,
    so removing an account takes its words out).

    Blocks that pass MAX_BLOCK accounts are marked overflowed and never used.
    Removal is lazy: ``candidates`` asks for each slot's current keys, so removed or
    changed accounts are skipped; callers rebuild the blocks after many removals.
    Hash collisions only add candidates; every candidate is verified on its keys.
    """

    def __init__(self) -> None:
        self.blocks: dict[int, _Slots] = {}
        self.vocabulary: dict[str, int] = {}  # word -> how many account keys use it

    def add(self, slot: int, keys: Sequence[str]) -> None:
        blocks = self.blocks
        vocabulary = self.vocabulary
        for key in keys:
            for word in key.split():
                vocabulary[word] = vocabulary.get(word, 0) + 1
            for block in _blocking_keys(key):
                held = blocks.get(block)
                if held is None:
                    blocks[block] = slot
                elif isinstance(held, int):
                    if held != slot and held != _OVERFLOW:
                        blocks[block] = [held, slot]
                elif held[-1] != slot:
                    if len(held) >= MAX_BLOCK:
                        blocks[block] = _OVERFLOW
                    else:
                        held.append(slot)

    def discard(self, keys: Sequence[str]) -> None:
        """Forget the words of a removed account's keys (its block slots go lazily)."""
        vocabulary = self.vocabulary
        for key in keys:
            for word in key.split():
                left = vocabulary.get(word, 0) - 1
                if left > 0:
                    vocabulary[word] = left
                else:
                    vocabulary.pop(word, None)

    def _query_blocks(self, words: list[str], compact: str) -> list[int]:
        """The blocks worth looking up for a query: those where a fuzzy match can be.

        A query word no account uses must be the one word a match differs in: with two
        such words only a spacing variant can match (the letters-only block), with one
        only its position is masked. With none, only words with a plural or singular twin
        in use can differ.
        """
        vocabulary = self.vocabulary
        if len(words) == 1:
            word = words[0]
            out = [hash(("d", word))]
            if word not in vocabulary:
                if len(word) >= MIN_TYPO_LENGTH:
                    out.extend(hash(("d", word[:i] + word[i + 1 :])) for i in range(len(word)))
            elif word.endswith("s"):
                out.append(hash(("d", word[:-1])))
            return out
        out = [hash(("d", compact))]
        unknown = [i for i, word in enumerate(words) if word not in vocabulary]
        if len(unknown) > 1:
            return out
        if not unknown:
            unknown = [
                i
                for i, word in enumerate(words)
                if word + "s" in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)
            ]
        for i in unknown:
            out.append(hash(("m", i, words[i][0], " ".join(words[:i] + words[i + 1 :]))))
        return out

    def candidates(
        self, query_keys: Sequence[str], keys_of: Callable[[int], Sequence[str] | None]
    ) -> list[tuple[int, float]]:
        """(slot, score) of every live account that is a fuzzy match of one of the keys.

        ``keys_of(slot)`` gives the name keys the account at ``slot`` holds now, or
        None when it was removed.
        """
        best: dict[int, float] = {}
        blocks = self.blocks
        vocabulary = self.vocabulary
        for query in query_keys:
            words = query.split()
            compact = query.replace(" ", "")
            first = query[0]
            found: set[int] = set()
            for block in self._query_blocks(words, compact):
                held = blocks.get(block)
                if held is None or held == _OVERFLOW:
                    continue
                if isinstance(held, int):
                    found.add(held)
                else:
                    found.update(held)
            for slot in found:
                keys = keys_of(slot)
                if keys is None:
                    continue
                for key in keys:
                    # Every kind of fuzzy match keeps the first letter (see _allowed_edits).
                    if key == query or key[0] != first:
                        continue
                    if key.replace(" ", "") == compact:
                        score = SCORE_SPACING
                    else:
                        score = fuzzy_score(words, key, vocabulary, query)
                    if score > best.get(slot, 0.0):
                        best[slot] = score
        return [(slot, score) for slot, score in best.items() if score > 0.0]
