"""Pure extraction of funding, acquisition and leadership-change facts from news text.

The announcement itself must be in the headline, with one company as its grammatical
subject ("Acme raises $5M Series A", "Acme acquires Beta", "Acme names Jane Roe CFO").
The summary only adds details (amount, round, investors) that the headline leaves out,
and only from sentences about the raise itself. Precision comes first: a false
"in market" costs a seller's trust, so anything unclear yields ``None``: questions,
explainers ("How Acme raised ..."), rumours ("in talks to raise"), plural subjects
("Acme and Beta raise ..."), roundups, and idioms ("raises prices", "raises concerns",
"raises the bar").

Every function here is total: any text in, a typed result or ``None`` out, never an
exception.

Currency conversion uses the fixed table :data:`USD_PER_UNIT` (approximate rates of
early 2024). ``amount_usd`` is meant for ranking and thresholds, not for accounting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

# Approximate USD value of one unit of each currency (early 2024). Fixed on purpose:
# extraction stays pure and repeatable, and the same round reported in two currencies
# converts the same way every time.
USD_PER_UNIT: dict[str, float] = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.27,
    "CHF": 1.13,
    "CAD": 0.74,
    "AUD": 0.66,
    "SGD": 0.74,
    "JPY": 0.0067,
    "CNY": 0.14,
    "INR": 0.012,
    "ILS": 0.27,
    "SEK": 0.095,
    "NOK": 0.094,
    "DKK": 0.145,
    "BRL": 0.20,
}

Change = Literal["appointed", "departed", "role_change"]


@dataclass(frozen=True)
class Money:
    """An amount as stated (``amount`` in ``currency``) and its USD value, if known."""

    amount: float
    currency: str | None
    amount_usd: float | None


@dataclass(frozen=True)
class Funding:
    """``company`` announced a round. ``investors`` are the leads when the text names leads."""

    company: str
    money: Money | None
    round: str | None
    investors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acquisition:
    """``acquirer`` buys (or agreed to buy) ``acquired``."""

    acquirer: str
    acquired: str
    money: Money | None = None


@dataclass(frozen=True)
class LeadershipChange:
    """``person`` was appointed to, left, or moved into ``role`` at ``company``."""

    company: str
    person: str
    role: str
    change: Change


Announcement = Funding | Acquisition | LeadershipChange

# --------------------------------------------------------------------------- text helpers

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_MAX_TEXT = 20_000  # longer inputs are cut: announcements live in the first lines


def clean_text(text: str | None) -> str:
    """Typographic quotes and dashes made plain, whitespace collapsed, length capped."""
    if not text:
        return ""
    return _SPACE.sub(" ", text[:_MAX_TEXT].translate(_QUOTES)).strip()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text) if s]


# --------------------------------------------------------------------------- money

_CURRENCY_PREFIX = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "CAD": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD": "AUD",
    "S$": "SGD",
    "SGD": "SGD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "₹": "INR",
    "INR": "INR",
    "RS": "INR",
    "RS.": "INR",
    "CHF": "CHF",
    "¥": "JPY",
    "JPY": "JPY",
    "RMB": "CNY",
    "CNY": "CNY",
    "₪": "ILS",
    "ILS": "ILS",
    "NIS": "ILS",
    "SEK": "SEK",
    "NOK": "NOK",
    "DKK": "DKK",
    "R$": "BRL",
    "BRL": "BRL",
}
_CURRENCY_SUFFIX = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "rupees": "INR",
    "yen": "JPY",
    "yuan": "CNY",
    "francs": "CHF",
    "shekels": "ILS",
}
_MULTIPLIER = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "lakh": 1e5,
    "crore": 1e7,
    "cr": 1e7,
}
_PREFIX_RE = "|".join(
    re.escape(p) for p in sorted(_CURRENCY_PREFIX, key=len, reverse=True) if p != "RS"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT_RE = r"thousand|million|billion|crore|lakh|mln|mn|mm|bn|cr|k|m|b"
_MONEY = re.compile(
    rf"(?<![\w$€£₹¥₪])(?P<cur>{_PREFIX_RE}|Rs\.?)\s?(?P<num>{_NUMBER})"
    rf"(?:\s?(?P<mult>{_MULT_RE})\b)?"
    rf"|(?<![\w.,])(?P<num2>{_NUMBER})\s?(?P<mult2>{_MULT_RE})\b"
    rf"(?:\s(?P<cur2>{'|'.join(_CURRENCY_SUFFIX)}|{_PREFIX_RE})\b)?",
    re.IGNORECASE,
)


def extract_amount(text: str | None) -> Money | None:
    """The first money amount in ``text``: ``"$2.5M"``, ``"EUR 40 million"``, ``"€40m"``,
    ``"₹100 crore"``, ``"40 million euros"``. A bare figure without a multiplier needs a
    currency symbol; one without a currency (``"1.2bn"``) has ``currency=None``.
    """
    cleaned = clean_text(text)
    for match in _MONEY.finditer(cleaned):
        money = _money_from(match)
        if money is not None:
            return money
    return None


def _money_from(match: re.Match[str]) -> Money | None:
    if match.group("num") is not None:
        number, mult, cur = match.group("num"), match.group("mult"), match.group("cur")
        currency: str | None = _CURRENCY_PREFIX.get(cur.upper().rstrip(".") if cur else "")
        if cur and cur.upper().startswith("RS"):
            currency = "INR"
    else:
        number, mult, cur = match.group("num2"), match.group("mult2"), match.group("cur2")
        currency = None
        if cur:
            currency = _CURRENCY_SUFFIX.get(cur.lower()) or _CURRENCY_PREFIX.get(cur.upper())
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    value *= _MULTIPLIER.get(mult.lower(), 1.0) if mult else 1.0
    if not math.isfinite(value) or value <= 0:
        return None
    if mult is None and value < 1000:
        return None  # "$5" is a price, not a round
    usd = value * USD_PER_UNIT[currency] if currency else None
    return Money(amount=value, currency=currency, amount_usd=usd)


# --------------------------------------------------------------------------- rounds

_ROUND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpre[- ]?seed\b", re.I), "pre-seed"),
    (re.compile(r"\bpre[- ]series[- ]([a-k])\b", re.I), "pre-series-{0}"),
    (
        re.compile(r"\bseries[- ]([a-k])(?:[- ]?(\d|\+|plus|extension|prime))?\b", re.I),
        "series-{0}",
    ),
    (re.compile(r"\bseed\b", re.I), "seed"),
    (re.compile(r"\bventure debt\b", re.I), "venture-debt"),
    (
        re.compile(
            r"\b(?:debt financing|debt facility|credit facility|debt round|in debt)\b", re.I
        ),
        "debt",
    ),
    (re.compile(r"\bgrowth (?:round|equity|funding|investment|financing)\b", re.I), "growth"),
    (
        re.compile(
            r"\bfiles? (?:confidentially )?for (?:an? )?(?:ipo|initial public offering)\b", re.I
        ),
        "ipo",
    ),
)


def extract_round(text: str | None) -> str | None:
    """Canonical round name: ``pre-seed``, ``seed``, ``series-a`` .. ``series-k``,
    ``pre-series-a``, ``growth``, ``debt``, ``venture-debt``, ``ipo`` (a filing)."""
    cleaned = clean_text(text)
    for pattern, label in _ROUND_PATTERNS:
        match = pattern.search(cleaned)
        if match:
            return (
                label.format(*(g.lower() for g in match.groups() if g)) if "{" in label else label
            )
    return None


# --------------------------------------------------------------------------- names

_DESCRIPTOR_WORDS = frozenset(
    [
        "startup",
        "start-up",
        "company",
        "firm",
        "platform",
        "provider",
        "maker",
        "developer",
        "unicorn",
        "giant",
        "specialist",
        "leader",
        "fintech",
        "insurtech",
        "proptech",
        "healthtech",
        "edtech",
        "biotech",
        "medtech",
        "regtech",
        "legaltech",
        "agtech",
        "climatetech",
        "cleantech",
        "deeptech",
        "saas",
        "ai",
        "app",
        "operator",
        "vendor",
        "player",
        "brand",
        "retailer",
        "manufacturer",
        "marketplace",
        "service",
        "services",
        "network",
        "lab",
        "labs",
        "pioneer",
        "creator",
        "builder",
        "outfit",
        "business",
        "group",
        "solution",
        "solutions",
        "tool",
        "software",
        "cybersecurity",
        "security",
        "analytics",
        "infrastructure",
        "robotics",
        "chipmaker",
        "automaker",
        "carmaker",
        "bank",
        "neobank",
        "lender",
        "broker",
        "insurer",
        "exchange",
        "studio",
        "owner",
        "parent",
        "subsidiary",
        "unit",
        "arm",
        "spinout",
        "spin-off",
        "spinoff",
    ]
)
_NAME_STOP = frozenset(
    [
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "the",
        "a",
        "an",
        "company",
        "startup",
        "firm",
        "report",
        "reports",
        "sources",
        "source",
        "exclusive",
        "breaking",
        "update",
        "new",
        "another",
        "one",
        "who",
        "which",
        "why",
        "how",
        "what",
        "when",
        "where",
        "investors",
        "investor",
        "founders",
        "founder",
        "ceo",
        "cfo",
    ]
)
_NAME_TOKEN = re.compile(r"^[A-Z0-9][\w.&'+!-]*$|^(?:&|and|of|de|du|la|von|van|der|for|the)$")
_ADJ_SUFFIX = re.compile(
    r"-(?:based|backed|owned|led|focused|native|powered|born|funded|centric|first)$", re.I
)
_HEAD_PREFIX = re.compile(
    r"^(?:(?:exclusive|breaking|scoop|update|updated|funding|deals?|confirmed|"
    r"just in|news|press release|fintech|startups?|ai|funding news)\s*[:|\-]\s*)+",
    re.I,
)


def _strip_head_prefix(headline: str) -> str:
    return _HEAD_PREFIX.sub("", headline).strip()


def _clean_name(phrase: str, *, max_tokens: int = 6) -> str | None:
    """The proper name at the end of a noun phrase ("Berlin-based fintech Acme Pay" -> "Acme
    Pay"), or ``None`` when the phrase does not end in something that looks like a name."""
    phrase = phrase.strip(" ,;:-\"'()[]")
    if not phrase or "," in phrase:
        # "Acme, a maker of widgets," -> keep what precedes the apposition
        phrase = phrase.split(",", 1)[0].strip(" \"'")
    phrase = re.sub(r"'s$", "", phrase)
    tokens = phrase.split()
    if not tokens:
        return None
    # drop everything up to the last lower-case descriptor word ("AI startup", "-based")
    start = 0
    for index, token in enumerate(tokens):
        bare = token.strip("\"'()").lower()
        if (
            bare in _DESCRIPTOR_WORDS
            or _ADJ_SUFFIX.search(bare)
            or (token[:1].islower() and bare not in {"and", "of", "de", "la", "von", "van", "for"})
        ):
            start = index + 1
    tokens = [t.strip("\"'()") for t in tokens[start:]]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > max_tokens:
        return None
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    if tokens[0].lower() in _NAME_STOP or tokens[-1].lower() in {"and", "of", "&", "the", "for"}:
        return None
    if not tokens[0][:1].isupper() and not tokens[0][:1].isdigit():
        return None
    name = " ".join(tokens)
    if name.lower() in _NAME_STOP or len(name) < 2:
        return None
    return name


# --------------------------------------------------------------------------- funding

_REJECT_HEADLINE = re.compile(
    r"^(?:how|why|what|when|where|who|should|could|would|can|is|are|do|does|did|inside|"
    r"opinion|analysis|podcast|watch|listen|video|interview|here's|heres|these|the \d+|"
    r"\d+ (?:startups|companies)|top \d+|this week|week in review|roundup)\b"
    r"|\?\s*$|\b(?:roundup|round-up|recap|weekly|newsletter|this week's|week's biggest|"
    r"biggest rounds|funding rounds|rounds this week|the week in)\b",
    re.I,
)
_FUNDING_VERB = (
    r"raises|raised|has raised|secures|secured|has secured|lands|landed|closes|closed|"
    r"has closed|bags|bagged|nabs|nabbed|snags|snagged|grabs|gets|receives|received|banks|"
    r"collects|scores|nets|picks up|picked up|pulls in|hauls in|rakes in|brings in|"
    r"attracts|announces|announced|completes|completed|wins|books|lands|"
    r"files for|files confidentially for"
)
_WEAK_VERBS = frozenset(
    [
        "lands",
        "landed",
        "gets",
        "receives",
        "received",
        "scores",
        "nets",
        "wins",
        "books",
        "attracts",
        "announces",
        "announced",
        "completes",
        "completed",
        "brings",
        "in",
        "grabs",
        "banks",
        "collects",
    ]
)
_FUNDING_CLAUSE = re.compile(
    rf"^(?P<subject>.+?)\s+(?P<verb>{_FUNDING_VERB})\s+(?P<object>.+)$", re.I
)
_FUNDING_WORDS = re.compile(
    r"\b(?:funding|fundraise|fundraising|round|seed|pre-seed|series [a-k]|investment|"
    r"financing|capital raise|venture debt|backing|raise|ipo|initial public offering)\b",
    re.I,
)
_NOT_FUNDING_OBJECT = re.compile(
    r"\b(?:prices?|pricing|guidance|forecasts?|outlook|concerns?|questions?|eyebrows|"
    r"alarms?|alarm bells|the bar|bar for|awareness|dividends?|rates?|fees?|wages?|salar"
    r"(?:y|ies)|hopes?|fears?|doubts?|red flags?|stakes|stake in|offer for|bid for|"
    r"target|contracts?|deals? (?:with|from|to)|order|orders|awards?|prizes?|settlement|"
    r"fines?|fined|judgment|verdict|lawsuits?|revenue|revenues|sales|profit|earnings|"
    r"losses|donations?|money for charity|for charity|grant from the|subscribers|users|"
    r"customers|downloads|views|votes|signatures|petition|limit|ceiling|cap on|"
    r"warning|flag|issues?|points|objections?|hackles|ire|debate|eyebrow|spectre|specter|"
    r"prospect|possibility|valuation to|estimates?|targets?|minimum wage|layoffs?)\b",
    re.I,
)
_NOT_ANNOUNCEMENT = re.compile(
    r"\b(?:in talks|talks to|seeks?|seeking|looking to|plans? to|planning to|aims? to|"
    r"reportedly|rumou?red|said to be|is raising|are raising|to raise|could raise|may raise|"
    r"might raise|would raise|set to raise|eyes|eyeing|considering|weighs|mulls|"
    r"fails? to|failed to|struggles? to|lays off|layoffs?|cuts? jobs|sues|sued|lawsuit|"
    r"shuts down|shutters|bankrupt|bankruptcy|insolvency)\b",
    re.I,
)
_PREVIOUS = re.compile(
    r"\b(?:previous(?:ly)?|prior|earlier|last year|to date|in total|total of|so far|"
    r"since (?:its|it was)|brings? (?:its|the) total|bringing (?:its|the) total|"
    r"has now raised|valu(?:ed|ation))\b",
    re.I,
)


def _headline_is_commentary(headline: str) -> bool:
    return bool(_REJECT_HEADLINE.search(headline))


def extract_funding(headline: str | None, summary: str | None = "") -> Funding | None:
    """A funding round announced in ``headline`` by one company, or ``None``.

    The headline must read "<Company> <raises|secures|closes|lands|...> <amount or round>";
    the summary fills in amount, round and lead investors the headline leaves out.
    """
    head = _strip_head_prefix(clean_text(headline))
    if not head or _headline_is_commentary(head) or _NOT_ANNOUNCEMENT.search(head):
        return None
    clause = head.split(" | ")[0]
    match = _FUNDING_CLAUSE.match(clause)
    if not match:
        return None
    subject, verb, obj = match.group("subject"), match.group("verb").lower(), match.group("object")
    obj = re.split(r"\s+(?:-|as|while|after|amid|despite)\s+|;|:", obj, maxsplit=1)[0]
    if re.search(r"\b(?:and|&)\s+[A-Z]", subject) and re.search(r"\braise\b", head, re.I):
        return None
    if _NOT_FUNDING_OBJECT.search(_object_head(obj)):
        return None
    money = extract_amount(obj)
    round_name = extract_round(obj)
    if verb.startswith("files"):
        if round_name != "ipo":
            return None
    elif verb in _WEAK_VERBS:
        if not _FUNDING_WORDS.search(obj) or (money is None and round_name is None):
            return None
    elif (
        money is None
        and round_name is None
        and not re.match(r"(?:an? |its |new )?(?:seed|series [a-k]|funding|round)\b", obj, re.I)
    ):
        return None
    if money is None and round_name is None:
        return None
    company = _clean_name(subject)
    if company is None:
        return None
    details = _funding_sentences(company, summary)
    if money is None:
        money = next((m for m in map(extract_amount, details) if m is not None), None)
    if round_name is None:
        round_name = next((r for r in map(extract_round, details) if r is not None), None)
    investors = extract_investors(clause) or next(
        (inv for inv in map(extract_investors, details) if inv), ()
    )
    return Funding(company=company, money=money, round=round_name, investors=investors)


def _object_head(obj: str) -> str:
    """The words right after the verb, up to the first amount's end: where idioms live."""
    words = obj.split()
    return " ".join(words[:4])


def _funding_sentences(company: str, summary: str | None) -> list[str]:
    """Summary sentences that talk about this raise (not earlier ones or totals)."""
    text = clean_text(summary)
    if not text:
        return []
    picked = []
    for sentence in _sentences(text)[:12]:
        if not _FUNDING_WORDS.search(sentence) and "led by" not in sentence:
            continue
        if _PREVIOUS.search(sentence):
            continue
        picked.append(sentence)
    return picked


# --------------------------------------------------------------------------- investors

_LED_BY = re.compile(r"\b(?:co-)?led by\s+(?P<names>.+)", re.I)
_PARTICIPATION = re.compile(
    r"\b(?:with participation from|participation from|backed by|from investors(?: including)?|"
    r"from(?= [A-Z]))\s+(?P<names>.+)",
)
_LIST_END = re.compile(
    r"\s+(?:with participation|with|alongside|along with|plus|to|at|for|as|in|which|that|"
    r"who|bringing|brings|among others|and others|among|while|after|amid|-)\s+|[.;:()\[\]]"
    r"|\s-\s|,\s(?:with|bringing|and other|which|who|as|while|among)",
)
_INVESTOR_PREFIX = re.compile(
    r"^(?:(?:existing|new|returning|lead|strategic|angel|venture|institutional) )*"
    r"(?:investors?|backers?|firms?|vcs?|funds?)?\s*(?:including|such as|like)?\s*",
    re.I,
)


def extract_investors(text: str | None) -> tuple[str, ...]:
    """Lead investors ("led by X and Y"); without a stated lead, the named participants
    ("with participation from X", "backed by X"). Empty when none are clearly named."""
    cleaned = clean_text(text)
    match = _LED_BY.search(cleaned) or _PARTICIPATION.search(cleaned)
    if not match:
        return ()
    names_text = _LIST_END.split(match.group("names"), maxsplit=1)[0]
    names_text = _INVESTOR_PREFIX.sub("", names_text)
    found: list[str] = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", names_text):
        part = part.strip()
        part = re.sub(r"^(?:existing investors?|investors?|the)\s+", "", part, flags=re.I)
        name = _investor_name(part)
        if name and name not in found:
            found.append(name)
    return tuple(found[:8])


def _investor_name(part: str) -> str | None:
    tokens = part.split()
    if not tokens or len(tokens) > 6:
        return None
    if not tokens[0][:1].isupper() and not tokens[0][:1].isdigit():
        return None
    if tokens[0].lower() in _NAME_STOP:
        return None
    if not all(_NAME_TOKEN.match(t.strip("'\"")) or t.lower() in {"&"} for t in tokens):
        return None
    return " ".join(tokens).strip(" '\"")


# --------------------------------------------------------------------------- acquisitions

_ACQ_ACTIVE = re.compile(
    r"^(?P<acquirer>.+?)\s+(?:has |have )?(?:agrees to |agreed to |will |to |set to |moves to )?"
    r"(?P<verb>acquires|acquired|acquire|buys|buy|bought|snaps up|snapped up|scoops up|"
    r"picks up|completes (?:its |the )?acquisition of|completed (?:its |the )?acquisition of|"
    r"closes (?:its |the )?acquisition of|announces (?:its |the )?acquisition of|"
    r"announced (?:its |the )?acquisition of|finalizes (?:its |the )?acquisition of)"
    r"\s+(?P<acquired>.+)$",
    re.I,
)
_ACQ_PASSIVE = re.compile(
    r"^(?P<acquired>.+?)\s+(?:is |has been |was |to be |will be |gets |agrees to be )?"
    r"(?:acquired|bought|snapped up|scooped up)\s+by\s+(?P<acquirer>.+)$",
    re.I,
)
_ACQ_OBJECT_END = re.compile(
    r"\s+(?:for|in|to|at|as|amid|after|from|with|from|while|worth|valued|reportedly|"
    r"-|in a|on)\s+|[,;:(]|\s-\s|'s\s",
)
_NOT_ACQUISITION = re.compile(
    r"^(?:back|more|additional|shares?|stakes?|a stake|minority|stock|bonds?|ads?|time|land|"
    r"buildings?|property|properties|rights|licen[cs]es?|patents?|domain|customers|users|"
    r"talent|data|hardware|servers|gpus|chips|tickets|a|an|the|its|their|his|her|some|"
    r"majority|up to|\d)\b",
    re.I,
)


def extract_acquisition(headline: str | None, summary: str | None = "") -> Acquisition | None:
    """One company buying another, stated in ``headline``, or ``None``."""
    head = _strip_head_prefix(clean_text(headline))
    if not head or _headline_is_commentary(head):
        return None
    if re.search(
        r"\b(?:in talks|talks to|considers?|considering|weighs|mulls|explores?|exploring|"
        r"eyes|eyeing|rumou?r|reportedly|bid to|offer to|plans? to|might|could|may|"
        r"would|blocks?|blocked|abandons?|scraps?|terminates?|calls off|called off|"
        r"sues|fails to|rejects?|rejected|opposes|probe|investigat)\b",
        head,
        re.I,
    ):
        return None
    clause = head.split(" | ")[0]
    passive = _ACQ_PASSIVE.match(clause)
    if passive:
        acquired_phrase, acquirer_phrase = passive.group("acquired"), passive.group("acquirer")
    else:
        active = _ACQ_ACTIVE.match(clause)
        if not active:
            return None
        acquirer_phrase, acquired_phrase = active.group("acquirer"), active.group("acquired")
        if _NOT_ACQUISITION.match(acquired_phrase.strip()):
            # "Acme acquires a stake in", "Acme buys back shares"; allow "the startup Beta"
            acquired_phrase = re.sub(r"^(?:the|a|an)\s+", "", acquired_phrase.strip(), flags=re.I)
            if _NOT_ACQUISITION.match(acquired_phrase) or acquired_phrase[:1].islower():
                return None
    acquired = _clean_name(_ACQ_OBJECT_END.split(acquired_phrase, maxsplit=1)[0])
    acquirer = _clean_name(_ACQ_OBJECT_END.split(acquirer_phrase, maxsplit=1)[0])
    if not acquired or not acquirer or acquired.lower() == acquirer.lower():
        return None
    return Acquisition(acquirer=acquirer, acquired=acquired, money=extract_amount(clause))


# --------------------------------------------------------------------------- leadership

_ROLE_WORDS = re.compile(
    r"\b(?:chief\s+\w+(?:\s+\w+)?\s+officer|chief executive|ceo|cfo|coo|cto|cro|cmo|cio|ciso|"
    r"cpo|chro|cdo|cco|cso|president|vice[- ]president|vp|svp|evp|head of|director|"
    r"general manager|managing director|managing partner|general partner|chair(?:man|woman|"
    r"person)?|board|general counsel|treasurer|controller)\b",
    re.I,
)
_PERSON = (
    r"(?P<person>(?:[A-Z][\w.'-]*\.?\s+){1,3}(?:(?:de|van|von|der|da|del|la|le)\s+)?[A-Z][\w'-]+)"
)
_ROLE = r"(?P<role>.+?)"
_COMPANY = r"(?P<company>.+?)"
_LEADERSHIP_PATTERNS: tuple[tuple[re.Pattern[str], Change], ...] = (
    (
        re.compile(
            rf"^{_COMPANY}\s+(?:appoints|appointed|names|named|hires|hired|taps|tapped|"
            rf"welcomes|adds|brings on|recruits|selects|announces appointment of|"
            rf"announces the appointment of)\s+(?:new\s+)?(?:.*?\s)?{_PERSON}"
            rf"(?:,\s+|\s+)(?:as\s+(?:its\s+|new\s+|the\s+)?|to\s+(?:its\s+|the\s+)?|its\s+new\s+|new\s+)?"
            rf"{_ROLE}$",
            re.I,
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}\s+(?:appoints|appointed|names|named|hires|hired|taps|tapped|"
            rf"welcomes|adds)\s+(?:new\s+|former\s+)?{_ROLE}\s+{_PERSON}$",
            re.I,
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}\s+(?:promotes|promoted|elevates|elevated)\s+{_PERSON}\s+to\s+"
            rf"(?:the\s+)?(?:role\s+of\s+)?{_ROLE}$",
            re.I,
        ),
        "role_change",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?:joins|joined|rejoins|returns to)\s+{_COMPANY}\s+as\s+"
            rf"(?:its\s+|new\s+|the\s+)?{_ROLE}$",
            re.I,
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?:named|appointed|tapped|picked|chosen|hired)\s+(?:as\s+)?"
            rf"(?:the\s+)?(?:new\s+)?{_ROLE}\s+(?:of|at)\s+{_COMPANY}$",
            re.I,
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?:to\s+step\s+down|steps\s+down|stepping\s+down|stepped\s+down|"
            rf"resigns|resigned|to\s+resign|retires|to\s+retire|departs|to\s+depart|exits|"
            rf"to\s+exit|to\s+leave|leaves|is\s+out)\s+as\s+(?:the\s+)?{_ROLE}\s+(?:of|at)\s+"
            rf"{_COMPANY}$",
            re.I,
        ),
        "departed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?:to\s+step\s+down|steps\s+down|stepping\s+down|stepped\s+down|"
            rf"resigns|resigned|to\s+resign|retires|to\s+retire|departs|exits|to\s+exit|"
            rf"to\s+leave|leaves|is\s+out)\s+as\s+{_COMPANY}(?:'s)?\s+{_ROLE}$",
            re.I,
        ),
        "departed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}(?:'s)?\s+{_ROLE}\s+{_PERSON}\s+(?:to\s+step\s+down|steps\s+down|"
            rf"stepping\s+down|stepped\s+down|resigns|resigned|to\s+resign|retires|to\s+retire|"
            rf"departs|to\s+depart|exits|to\s+exit|to\s+leave|leaves|is\s+out|out)$",
            re.I,
        ),
        "departed",
    ),
)
_ROLE_TAIL = re.compile(
    r"\s+(?:effective|as of|amid|after|following|to lead|to drive|to help|to oversee|to scale|"
    r"to accelerate|to expand|to support|to guide|to spearhead|in|from|with|ahead of|"
    r"as part of|as the company|as it|replacing|succeeding|to succeed|to replace|-)\s+.*$"
    r"|[,;:(].*$|\s-\s.*$",
    re.I,
)
_PERSON_STOP = frozenset(
    [
        "new",
        "its",
        "their",
        "the",
        "a",
        "an",
        "former",
        "chief",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "executive",
        "exec",
        "veteran",
        "company",
        "board",
    ]
)


def extract_leadership(headline: str | None, summary: str | None = "") -> LeadershipChange | None:
    """A named person joining, leaving or changing a leadership role, from ``headline``."""
    head = _strip_head_prefix(clean_text(headline))
    if not head or _headline_is_commentary(head):
        return None
    if re.search(
        r"\b(?:reportedly|rumou?r|could|may|might|would|should|calls? for|urges?|pressure|"
        r"sues|sued|lawsuit|charged|arrested|accused|interview|says|said|talks|on why)\b",
        head,
        re.I,
    ):
        return None
    clause = head.split(" | ")[0].rstrip(" .")
    for pattern, change in _LEADERSHIP_PATTERNS:
        match = pattern.match(clause)
        if not match:
            continue
        role = _ROLE_TAIL.sub("", match.group("role")).strip(" ,.")
        role = re.sub(r"^(?:its|their|the|new|as)\s+", "", role, flags=re.I)
        if not _ROLE_WORDS.search(role) or len(role.split()) > 8:
            continue
        person = _person_name(match.group("person"))
        company = _clean_name(re.sub(r"'s$", "", match.group("company").strip()))
        if person is None or company is None or person.lower() == company.lower():
            continue
        return LeadershipChange(company=company, person=person, role=role, change=change)
    return None


def _person_name(phrase: str) -> str | None:
    tokens = phrase.split()
    while tokens and tokens[0].lower().strip(".") in _PERSON_STOP:
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 4:
        return None
    if _ROLE_WORDS.search(" ".join(tokens)):
        return None
    if not all(
        t[:1].isupper() or t.lower() in {"de", "van", "von", "der", "da", "del", "la", "le"}
        for t in tokens
    ):
        return None
    return " ".join(tokens)


# --------------------------------------------------------------------------- all kinds


def extract(headline: str | None, summary: str | None = "") -> Announcement | None:
    """The one announcement ``headline`` makes, funding first, then acquisition, then
    leadership change; ``None`` when it makes none (or it is unclear)."""
    return (
        extract_funding(headline, summary)
        or extract_acquisition(headline, summary)
        or extract_leadership(headline, summary)
    )
