"""Company names to comparison keys.

A key is the name lower-cased, accent-free (also "Ø" -> "o", "ł" -> "l"), punctuation-free,
with HTML entities decoded (``&amp;``), ``&`` read as ``and``, a leading "The" or leading
legal form ("PJSC Gazprom"), EDGAR state tags (``/DE/``, also unclosed: ``INC/DE``,
``CORP /NEW``), a CIK, filer role, ticker or "(The)" in parentheses, a description after
the name (", a Delaware corporation"), a domain's TLD ("Acme.io", "AMAZON COM INC") and
trailing legal forms (Inc, Corp, LLC, GmbH, S.A. de C.V., Sp. z o.o., Pty Ltd, Holdings,
...) removed, and a few common abbreviations spelled out (Intl -> international,
Labs -> laboratories)::

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
ambiguous (sent for review), never silently given to one of them. Words that tell
companies apart stay: "Acme Group", "Acme Technologies", "Acme AI" and "Acme Labs" are
not "Acme".

``name_variants`` splits "X d/b/a Y", "X (formerly Y)" and similar into the names a
company goes by and the names it went by. ``name_keys`` also keys the head of a
qualified name ("Acme - EMEA", "Acme (UK) Ltd" -> "acme") as a secondary name, tried
only after every exact name.
"""

from __future__ import annotations

import html
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
        "slu",
        "sab",  # S.A.B. (de C.V.), Mexico
        "sapi",
        "sprl",
        "scrl",
        "cvba",
        "ohg",
        "gbr",
        "haftungsbeschrankt",  # UG (haftungsbeschränkt)
        "eurl",
        "lda",
        "ltee",  # Ltée, Canada
        "eireli",
        "ehf",
        "doo",  # d.o.o.
        "kft",
        "zrt",
        "nyrt",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "bhd",
        "berhad",
        "tbk",
        "unltd",
        "holdings",
        "holding",
        "and",  # what is left of "Acme & Co." once "co" is gone
    }
)
# Dropped from the end like legal forms, but a name that is only one of them keeps it: they
# are also names ("UAB", "SCA") or words.
_TRAILING_WORDS = frozenset(
    {
        "com",  # EDGAR writes "Amazon.com, Inc." as "AMAZON COM INC"
        "the",  # "Coca-Cola Company, The" and "Home Depot, Inc. (The)"
        "uab",
        "sca",
        "scs",
        "snc",
        "vof",
        "sae",
        "saa",
        "sac",
        "sti",  # Ltd. Şti., Turkey
        "pcl",  # public company limited, Thailand
        "dac",  # designated activity company, Ireland
        "clg",
        "ou",  # OÜ, Estonia
    }
)
_DROPPABLE = LEGAL_FORMS | _TRAILING_WORDS
# Legal forms that open a name ("PJSC Gazprom", "Aktiebolaget Electrolux"); dropped from the
# start only while something else is left.
_LEADING_FORMS = frozenset(
    {"pjsc", "ojsc", "cjsc", "jsc", "ooo", "oao", "zao", "pao", "aktiebolaget"}
)
# "PT" (perseroan terbatas) opens Indonesian names, but is a word elsewhere ("PT Solutions"):
# dropped only when the name also ends in one of these.
_PT_ENDINGS = frozenset({"tbk", "persero"})
_LEADING = _LEADING_FORMS | {"the", "pt"}
# Multi-word legal forms at the end, removed before the single-token pass.
# Tried before the single tokens, longest first, so "Limited Liability Company" goes whole.
_LEGAL_PHRASES = (
    ("societe", "anonyme"),
    ("sociedad", "anonima"),
    ("sociedade", "anonima"),
    ("sociedad", "limitada"),
    ("sociedad", "de", "responsabilidad", "limitada"),
    ("societe", "par", "actions", "simplifiee"),
    ("societe", "a", "responsabilite", "limitee"),
    ("societa", "per", "azioni"),
    ("societa", "a", "responsabilita", "limitata"),
    ("public", "limited", "company"),
    ("public", "company", "limited"),
    ("limited", "liability", "company"),
    ("limited", "liability", "partnership"),
    ("limited", "liability", "limited", "partnership"),
    ("limited", "partnership"),
    ("designated", "activity", "company"),
    ("unlimited", "company"),
    ("proprietary", "limited"),
    ("public", "joint", "stock", "company"),
    ("joint", "stock", "company"),
    ("gesellschaft", "mit", "beschrankter", "haftung"),
    ("naamloze", "vennootschap"),
    ("besloten", "vennootschap"),
    ("kabushiki", "kaisha"),
    ("godo", "kaisha"),
    ("yugen", "kaisha"),
    ("sendirian", "berhad"),
    ("sdn", "bhd"),
    ("aktiengesellschaft",),
    ("kommanditgesellschaft",),
    ("sp", "z", "oo"),  # Sp. z o.o., Poland
    ("sp", "z", "o", "o"),
    ("spolka", "z", "oo"),
    ("spolka", "z", "ograniczona", "odpowiedzialnoscia"),
    ("spolka", "akcyjna"),
    ("spol", "s", "ro"),  # spol. s r.o., Czechia
    ("de", "cv"),  # S.A. de C.V., Mexico: "de C.V." first, then "S.A."
    ("s", "de", "rl"),  # S. de R.L.
    ("s", "a", "rl"),  # S.à r.l.
    ("s", "a", "r", "l"),
    ("a", "s"),  # A/S
    ("s", "a"),
    ("s", "l"),
    ("s", "r", "l"),
    ("s", "r", "o"),
    ("s", "p", "a"),
    ("b", "v"),
    ("n", "v"),
    ("l", "p"),
    ("l", "l", "c"),
    ("l", "l", "p"),
    ("p", "l", "c"),
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
    "hldgs": "holdings",
    "hldg": "holding",
    "grp": "group",
    "finl": "financial",
    "mgmt": "management",
    "labs": "laboratories",
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
# Factored by first letter behind a look-ahead on those letters: a quarter faster than the
# plain list of alternatives (this runs on every name).
_HINT = (
    r"(?=[()adfnpt])(?:[()]|d(?:\s*/|ba|\.b\.a|oing)|[taf]/[ak]|trading|a(?:ka|lso)"
    r"|f(?:ormerly|ka)|previously|n[ée]e)"
)
_VARIANT_HINT = re.compile(_HINT)
# Beyond ASCII, case-insensitive matching is what the patterns themselves do ("İ" matches
# "i", while its casefold is "i" + a combining dot).
_VARIANT_HINT_ANY_CASE = re.compile(_HINT, re.IGNORECASE)


def _may_have_variants(text: str) -> bool:
    """Whether ``text`` may hold several names, or a qualified one (see ``_unqualified``)."""
    if " - " in text or " | " in text:
        return True
    if text.isascii():
        return _VARIANT_HINT.search(text.lower()) is not None
    return "\u2013" in text or "\u2014" in text or _VARIANT_HINT_ANY_CASE.search(text) is not None


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


def _phrases_by_end() -> dict[str, tuple[tuple[str, ...], ...]]:
    by_end: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _LEGAL_PHRASES:
        by_end.setdefault(phrase[-1], []).append(phrase)
    return {end: tuple(sorted(p, key=len, reverse=True)) for end, p in by_end.items()}


_PHRASES_BY_END = _phrases_by_end()


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    """Drop trailing legal forms (phrases first, longest first) while something is left."""
    while len(tokens) > 1:
        last = tokens[-1]
        phrases = _PHRASES_BY_END.get(last)
        if phrases is not None:
            for phrase in phrases:
                n = len(phrase)
                if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                    del tokens[-n:]
                    break
            else:
                phrases = None
            if phrases is not None:
                continue
        if last in _DROPPABLE:
            tokens.pop()
            continue
        break
    if len(tokens) == 1 and tokens[0] in LEGAL_FORMS:
        return []
    return tokens


def _strip_leading_forms(tokens: list[str]) -> list[str]:
    """Drop a leading "The" and leading legal forms ("PJSC Gazprom") while something is left."""
    while len(tokens) > 1:
        first = tokens[0]
        indonesian = first == "pt" and tokens[-1] in _PT_ENDINGS and len(tokens) > 2
        if first != "the" and first not in _LEADING_FORMS and not indonesian:
            break
        del tokens[0]
    return tokens


def _drop_open_edgar_tag(text: str) -> str:
    """``"qualcomm inc/de"`` -> ``"qualcomm inc"``, ``"costco wholesale corp /new"`` ->
    ``"costco wholesale corp"``: a trailing tag EDGAR left unclosed.

    Only after a space or a legal form, so "ac/dc" keeps its "dc".
    """
    slash = max(text.rfind("/"), text.rfind("\\"))
    if slash < 1:
        return text
    tag = text[slash + 1 :].strip()
    if not (2 <= len(tag) <= 4 and tag.isascii() and tag.isalpha()):
        return text
    head = text[:slash]
    if not head[-1].isspace():
        before = head.rsplit(None, 1)[-1] if head.strip() else ""
        if before not in LEGAL_FORMS and not before.endswith("corp"):
            return text
    return head.rstrip()


_EXCHANGE = (
    r"(?:nasdaq|nyse|amex|otc|otcqx|otcqb|tsx|tsxv|asx|lse|aim|cse|hkex|sgx|six|xetra|"
    r"euronext|cboe|bats)(?:[ -][a-z]{1,8})?"
)
_TICKER = _EXCHANGE + r"\s*:\s*[a-z0-9.\-]{1,10}"
# Parenthesised parts that are never part of a name: a ticker ("(NASDAQ: ACME)"), a CIK
# and role as EDGAR lists filers ("(0000320193) (Filer)"), "(The)", trademark marks.
_NOISE_PARENS = re.compile(
    rf"\s*\((?:{_TICKER}(?:\s*[;,/]\s*{_TICKER})*|cik\s*#?:?\s*\d{{1,10}}|\d{{4,10}}|"
    r"filer|subject|reporting|issuer|filed by|the|r|tm|sm|c)\)",
    re.IGNORECASE,
)
# ", a Delaware corporation", ", a Siemens company", ", a division of Foo": what follows is
# a description, not the name.
_DESCRIPTION = re.compile(
    r",\s*an?\s+[^,()]{0,60}?\b(?:corporation|company|corp|partnership|business|subsidiary|"
    r"division|unit)\b[^,()]*\Z"
)
# "Acme.io", "Amazon.com": a name written as a domain is the name without the TLD.
_DOMAIN_TLD = re.compile(
    r"\.(?:co\.uk|com|io|ai|co|net|org|app|dev|xyz|tech|cloud|so|ly|me|us)\b(?!\.[a-z0-9])"
)
# Removed or spelled out before anything else beyond ASCII: trademark signs (NFKD would
# turn "™" into "TM"), invisible format characters (a soft hyphen or zero-width space
# inside a word), and Latin letters NFKD does not decompose ("Ørsted" -> "Orsted").
_UNICODE_FIXES = str.maketrans(
    {
        "\u2122": "",  # ™
        "\u2120": "",  # ℠
        "\u00ae": "",  # ®
        "\u00a9": "",  # ©
        "\u00ad": "",  # soft hyphen
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)


def _unescape(text: str) -> str:
    """HTML character references left in a name ("AT&amp;T", even "&amp;amp;") decoded."""
    return html.unescape(html.unescape(text))


def _drop_noise(text: str) -> str:
    """``text`` without ticker, EDGAR filer and trademark parentheses (see _NOISE_PARENS)."""
    return _NOISE_PARENS.sub("", text) if "(" in text else text


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
    if "&" in text and ";" in text:
        text = _unescape(text)
    if text.isascii():
        text = text.casefold()
    else:  # compatibility forms first ("𝕊" -> "S"), then case, then what casefold decomposed
        text = text.translate(_UNICODE_FIXES)
        text = _APOSTROPHES.sub("", _strip_accents(_strip_accents(text).casefold()))
    if "(" in text:
        text = _NOISE_PARENS.sub("", text)
    if ", a" in text:
        text = _DESCRIPTION.sub("", text)
    if "/" in text or "\\" in text:
        text = _drop_edgar_tag(_drop_edgar_tag(text))
        end = text[-6:]
        if "/" in end or "\\" in end:
            text = _drop_open_edgar_tag(text)
    if "'" in text or "`" in text:
        text = _APOSTROPHES.sub("", text)
    if "." in text:
        if _DOMAIN_TLD.search(text) is not None:  # rare: search is half the cost of sub
            text = _DOMAIN_TLD.sub("", text)
        if text.count(".") >= 2:  # dotted initials have two dots at least
            text = _DOTTED_INITIALS.sub(_undot, text)
    if "&" in text or "+" in text:
        text = text.replace("&", " and ").replace("+", " and ")
    tokens = _words(text)
    if not tokens:
        return ""
    if tokens[0] in _LEADING:
        tokens = _strip_leading_forms(tokens)
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
    text = _drop_noise(text)
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
    """Keys of the current names in ``name``, and of its secondary names (empty keys dropped).

    Secondary names are former names and the heads of qualified names (see
    ``_unqualified``); the index treats them as aliases.
    Cached: the same company name arrives again and again from a stream.
    """
    if not name:
        return (), ()
    if not _may_have_variants(name):  # fast path: one plain name
        key = name_key(name)
        return ((key,) if key else ()), ()
    variants = _variants(name[:MAX_NAME_LENGTH])
    current = tuple(dict.fromkeys(k for k in map(name_key, variants.current) if k))
    heads = (h for v in variants.current if (h := _unqualified(v)))
    former = tuple(dict.fromkeys(k for k in map(name_key, (*variants.former, *heads)) if k))
    return current, tuple(k for k in former if k not in current)


_PARENTHESISED = re.compile(r"\s*\([^()]*(?:\)|\Z)")  # _trim may have cut the last ")"
_DASHED_TAIL = re.compile(r"\s+[-\u2013\u2014|]\s+(?=[^-\u2013\u2014|]*\Z)")
# What a CRM appends after a dash to tell an account's regional or organisational part
# ("Acme - EMEA", "Acme | UK"): the words such a tail may be made of.
_QUALIFIERS = (
    "emea apac amer americas latam lac na nam noram north south east west central middle "
    "america europe eu uk gb us usa dach nordics nordic benelux anz asia pacific mea mena "
    "africa global worldwide international intl hq headquarters region regional branch "
    "office subsidiary division parent japan jp china cn india germany de france fr canada "
    "ca australia au brazil br mexico mx spain es italy it netherlands nl singapore sg "
    "ireland ie israel il korea kr sweden se switzerland ch hong kong hk"
)
_QUALIFIER_WORDS = frozenset(_QUALIFIERS.split())


def _unqualified(name: str) -> str | None:
    """``name`` without what qualifies it, or None when nothing does.

    ``"Acme (UK) Ltd"`` -> ``"Acme Ltd"``; ``"Acme - EMEA"`` -> ``"Acme"``. Any
    parenthesised part counts; a dashed tail only when it is made of region and
    organisation words (``"Acme - Analytics"`` stays whole).
    """
    text = _PARENTHESISED.sub("", name) if "(" in name else name
    parts = _DASHED_TAIL.split(text, maxsplit=1)
    if len(parts) == 2:
        tail = _words(parts[1].casefold())
        if tail and all(w in _QUALIFIER_WORDS or w in LEGAL_FORMS for w in tail):
            text = parts[0]
    text = text.strip()
    return text if text and text != name.strip() else None
