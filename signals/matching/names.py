"""Company names to comparison keys.

A key is the name lower-cased, accent-free, punctuation-free, with ``&`` read as
``and``, a leading "The", EDGAR state tags (``/DE/``) and trailing legal forms (Inc,
Corp, LLC, GmbH, S.A., PLC, Pty Ltd, Holdings, ...) removed, and a few common
abbreviations spelled out (Intl -> international)::

    >>> name_key("ACME CORP /DE/")
    'acme'
    >>> name_key("Société Générale S.A.")
    'societe generale'
    >>> name_key("The Acme Group, Inc.")
    'acme group'

A name that is empty, punctuation only, or only a legal form ("Inc.", "LLC") has the
empty key and matches nothing. "Holdings" counts as a legal form, so "Acme Holdings
Inc" and "Acme Inc" share a key: a parent and its operating company are usually the
same target, and where a CRM lists both, the shared key makes their signals
ambiguous (sent for review), never silently given to one of them.

``name_variants`` splits "X d/b/a Y", "X (formerly Y)" and similar into the names a
company goes by and the names it went by.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_NAME_LENGTH = 300

# Trailing tokens that name a legal form, not a company. Removed from the end only, and
# only while something else is left, so "Acme Company" -> "acme" but "Company" -> "".
LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "cos",
        "companies",
        "llc",
        "lc",
        "ltd",
        "limited",
        "plc",
        "lp",
        "llp",
        "lllp",
        "pllc",
        "pc",
        "pty",
        "pte",
        "pvt",
        "private",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ug",
        "se",
        "sa",
        "sas",
        "sasu",
        "sarl",
        "sau",
        "sl",
        "sll",
        "spa",
        "srl",
        "sro",
        "bv",
        "nv",
        "bvba",
        "cv",
        "oy",
        "oyj",
        "ab",
        "publ",
        "as",
        "asa",
        "aps",
        "kk",
        "ulc",
        "ltda",
        "na",  # N.A., national association (banks)
        "pa",  # P.A., professional association
        "holdings",
        "holding",
        "and",  # what is left of "Acme & Co." once "co" is gone
    }
)
# Multi-word legal forms at the end, removed before the single-token pass.
_LEGAL_PHRASES = (
    ("societe", "anonyme"),
    ("sociedad", "anonima"),
    ("public", "limited", "company"),
    ("limited", "liability", "company"),
    ("limited", "partnership"),
    ("naamloze", "vennootschap"),
    ("besloten", "vennootschap"),
    ("aktiengesellschaft",),
    ("a", "s"),  # A/S
    ("s", "a"),
    ("s", "l"),
    ("s", "r", "l"),
    ("b", "v"),
    ("n", "v"),
)
_ABBREVIATIONS = {
    "intl": "international",
    "int'l": "international",
    "natl": "national",
    "mfg": "manufacturing",
    "svcs": "services",
    "assn": "association",
    "bros": "brothers",
    "ctr": "center",
    "centre": "center",
    "tech": "technologies",
    "technology": "technologies",
}

# EDGAR conformed names end in a state or status tag: "ACME CORP /DE/", "X INC/NEW/",
# "TOYOTA MOTOR CORP/". Letters only, so "24/7" keeps its digits.
_ABBREVIATED = frozenset(_ABBREVIATIONS)

_EDGAR_TAG = re.compile(r"[/\\](?:[a-z]{2,4}[/\\])?\Z")
_SLASHES = ("/", "\\")
_DOTTED_INITIALS = re.compile(r"(?<![\w])((?:[^\W\d_]\.){2,}[^\W\d_]?)(?![\w])")
_APOSTROPHES = re.compile(r"['\u2019\u2018`´]")
_WORDS = re.compile(r"[^\W_]+")
# Every ASCII byte that is not a letter or digit becomes a space.
_ASCII_WORD_BYTES = bytes(c if c < 128 and chr(c).isalnum() else ord(" ") for c in range(256))
_DBA = re.compile(
    r"\s*(?:,\s*)?\(?\b(?:d\s*/\s*b\s*/\s*a|d\.b\.a\.?|dba|doing business as|t/a|trading as|"
    r"a/k/a|aka|also known as)\b[.:]?\s*",
    re.IGNORECASE,
)
_FORMERLY = re.compile(
    r"\s*(?:,\s*)?\(?\b(?:formerly(?:\s+known\s+as)?|f/k/a|fka|previously|née|nee)\b[.:]?\s*",
    re.IGNORECASE,
)

# Cheap test before the d/b/a and "formerly" patterns run (most names have neither). It
# must hold wherever _DBA, _FORMERLY or a parenthesised part could: a bare "/" does not
# (EDGAR tags), only the slashes of d/b/a, t/a, a/k/a and f/k/a.
_HINT = r"[()]|d\s*/|[taf]/[ak]|dba|d\.b\.a|doing|trading|aka|also|formerly|fka|previously|n[ée]e"
_VARIANT_HINT = re.compile(_HINT)
# Beyond ASCII, case-insensitive matching is what the patterns themselves do ("İ" matches
# "i", while its casefold is "i" + a combining dot).
_VARIANT_HINT_ANY_CASE = re.compile(_HINT, re.IGNORECASE)


def _may_have_variants(text: str) -> bool:
    if text.isascii():
        return _VARIANT_HINT.search(text.lower()) is not None
    return _VARIANT_HINT_ANY_CASE.search(text) is not None


def _drop_edgar_tag(text: str) -> str:
    """``"acme corp /de/ "`` -> ``"acme corp"``: one trailing tag and the spaces around it.

    The tag is searched in the last six characters only (a slash, two to four letters,
    a slash), not over the whole name.
    """
    end = text.rstrip()
    if not end.endswith(_SLASHES):
        return text
    tag = _EDGAR_TAG.search(end[-6:])
    assert tag is not None  # a lone trailing slash matches
    return end[: len(end) - 6 + tag.start() if len(end) > 6 else tag.start()].rstrip()


def _words(text: str) -> list[str]:
    """The runs of letters and digits in ``text``, as ``_WORDS`` finds them.

    ASCII goes through a byte translation (half the time of the pattern).
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORDS.findall(text)


def _undot(match: re.Match[str]) -> str:
    return match.group(1).replace(".", "")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PHRASE_ENDS = frozenset(phrase[-1] for phrase in _LEGAL_PHRASES)


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    while tokens:
        last = tokens[-1]
        if last in LEGAL_FORMS and len(tokens) > 1:
            tokens.pop()
            continue
        if last in _PHRASE_ENDS:
            for phrase in _LEGAL_PHRASES:
                n = len(phrase)
                if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                    del tokens[-n:]
                    break
            else:
                break
            continue
        break
    if len(tokens) == 1 and tokens[0] in LEGAL_FORMS:
        return []
    return tokens


def name_key(name: str | None) -> str:
    """The comparison key of one company name ("" when nothing identifying is left).

    Pure and total: any string (including lone surrogates from undecodable bytes)
    gives a key, never an exception. Input longer than :data:`MAX_NAME_LENGTH`
    characters is cut there first.
    """
    if not name:
        return ""
    text = name[:MAX_NAME_LENGTH]
    # Each rewrite is skipped when its trigger character is absent: this runs per signal.
    if text.isascii():
        text = text.casefold()
    else:  # compatibility forms first ("𝕊" -> "S"), then case, then what casefold decomposed
        text = _APOSTROPHES.sub("", _strip_accents(_strip_accents(text).casefold()))
    if "/" in text or "\\" in text:
        text = _drop_edgar_tag(_drop_edgar_tag(text))
    if "'" in text or "`" in text:
        text = _APOSTROPHES.sub("", text)
    if text.count(".") >= 2:  # dotted initials have two dots at least
        text = _DOTTED_INITIALS.sub(_undot, text)
    if "&" in text or "+" in text:
        text = text.replace("&", " and ").replace("+", " and ")
    tokens = _words(text)
    if not tokens:
        return ""
    if tokens[0] == "the" and len(tokens) > 1:
        del tokens[0]
    if not _ABBREVIATED.isdisjoint(tokens):
        tokens = [_ABBREVIATIONS.get(t, t) for t in tokens]
    tokens = _strip_legal_forms(tokens)
    if tokens == ["the"]:
        return ""
    return " ".join(tokens)


@dataclass(frozen=True, slots=True)
class NameVariants:
    """The names one name string stands for: current names and former names."""

    current: tuple[str, ...]
    former: tuple[str, ...]


def _split_parenthesised(text: str) -> tuple[str, str | None]:
    text = text.strip()
    if text.endswith(")") and "(" in text:
        head, _, inner = text[:-1].rpartition("(")
        return head.strip(), inner.strip()
    return text, None


_EDGES = re.compile(r"^[\s,;()]+|[\s,;()]+$")


def _trim(text: str) -> str:
    return _EDGES.sub("", text)


def _split_on(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split on a separator only when it has a name on both sides ("DBA Tools" stays whole)."""
    pieces = [_trim(p) for p in pattern.split(text)]
    if len(pieces) < 2 or not pieces[0] or not all(pieces[1:]):
        return [text]
    return pieces


def name_variants(name: str | None) -> NameVariants:
    """``"Foo LLC d/b/a Bar (formerly Baz)"`` -> current (Foo LLC, Bar), former (Baz).

    Names are returned as written (not keyed), empty parts dropped, order kept.
    """
    if not name:
        return NameVariants((), ())
    text = name[:MAX_NAME_LENGTH]
    if not _may_have_variants(text):  # fast path: one plain name
        plain = _trim(text)
        return NameVariants((plain,) if plain else (), ())
    return _variants(text)


def _variants(text: str) -> NameVariants:
    """``name_variants`` of a name that may have variants (already cut to length)."""
    current: list[str] = []
    former: list[str] = []
    trailing_current: list[str] = []
    head, inner = _split_parenthesised(text)
    if head and inner:
        if _FORMERLY.match(inner):
            former.append(_FORMERLY.sub("", inner, count=1))
            text = head
        elif _DBA.match(inner):
            trailing_current.append(_DBA.sub("", inner, count=1))
            text = head
    pieces = _split_on(_FORMERLY, text)
    if len(pieces) > 1:
        text = pieces[0]
        former[:0] = pieces[1:]
    current.extend(_split_on(_DBA, text))
    current.extend(trailing_current)
    clean_current = tuple(dict.fromkeys(c for p in current if (c := _trim(p))))
    clean_former = tuple(dict.fromkeys(c for p in former if (c := _trim(p))))
    return NameVariants(clean_current, clean_former)


@lru_cache(maxsize=100_000)
def name_keys(name: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keys of the current and the former names in ``name`` (empty keys dropped).

    Cached: the same company name arrives again and again from a stream.
    """
    if not name:
        return (), ()
    if not _may_have_variants(name):  # fast path: one plain name
        key = name_key(name)
        return ((key,) if key else ()), ()
    variants = _variants(name[:MAX_NAME_LENGTH])
    current = tuple(dict.fromkeys(k for k in map(name_key, variants.current) if k))
    former = tuple(dict.fromkeys(k for k in map(name_key, variants.former) if k))
    return current, tuple(k for k in former if k not in current)
