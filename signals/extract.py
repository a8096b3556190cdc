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
_MAX_HEADLINE = 300  # real headlines are under 200 characters
_MAX_SENTENCE = 600


def clean_text(text: str | None) -> str:
    """Typographic quotes and dashes made plain, whitespace collapsed, length capped."""
    if not text:
        return ""
    return _SPACE.sub(" ", text[:_MAX_TEXT].translate(_QUOTES)).strip()


def _sentences(text: str) -> list[str]:
    """Sentences of ``text``, each cut to :data:`_MAX_SENTENCE` characters."""
    return [s[:_MAX_SENTENCE] for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text) if s]


def _headline(text: str | None) -> str:
    """A cleaned headline without "Exclusive:"-style prefixes, cut to
    :data:`_MAX_HEADLINE` characters at a word boundary (the patterns below backtrack,
    so their input is kept short)."""
    head = clean_text(text)
    if len(head) > _MAX_HEADLINE:
        head = head[:_MAX_HEADLINE].rsplit(" ", 1)[0]
    return _strip_head_prefix(head)


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
    usd = round(value * USD_PER_UNIT[currency], 2) if currency else None
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
            r"\b(?:debt financing|debt facility|credit facility|debt round|debt deal|in debt)\b",
            re.I,
        ),
        "debt",
    ),
    (re.compile(r"\bgrowth (?:round|equity|funding|investment|financing)\b", re.I), "growth"),
    (
        re.compile(
            r"\b(?:files?|filed)\s(?:(?!bankruptcy|chapter|insolvency|lawsuit|suit|complaint)"
            r"[\w\s,.-]){0,60}?\b(?:ipo|initial public offering|to go public)\b",
            re.I,
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that describe a company rather than name it; dropped in front of the name in
# any case ("Fintech Startup Acme Pay" -> "Acme Pay"). Nouns often part of real names
# ("Robotics", "Labs", "Bank", "Health") are deliberately not here: they are dropped
# only when written in lower case.
_DESCRIPTOR_WORDS = _words(
    """startup start-up startups company firm platform provider maker developer unicorn
    giant specialist fintech insurtech proptech healthtech edtech biotech medtech regtech
    legaltech agtech climatetech cleantech deeptech saas spinout spin-off spinoff
    rival competitor"""
)
_NAME_STOP = _words(
    """it its this that these those he she they we you i the a an company startup firm
    report reports sources source exclusive breaking update another who which why how
    what when where investors investor founders founder ceo cfo startups companies firms
    here there"""
)
_CONNECTORS = _words("and of de du la von van der for the &")
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z0-9][\w.&'+!-]*(?::[a-z]\w*)?"  # Acme, 3M, AT&T, Acme.ai, Run:ai
    r"|[a-z][a-z0-9]*\d[a-z0-9]*"  # a16z, n8n
    r"|[a-z]{1,5}[A-Z][\w-]*"  # eBay, iRobot, rideOS
    r"|[a-z][a-z0-9-]*\.(?:com|io|ai|co|app|dev|net|org|so|xyz|tech|me)"  # monday.com
    r"|&)$"
)
_ADJ_SUFFIX = re.compile(
    r"-(?:based|backed|owned|led|focused|native|powered|born|funded|centric|first|"
    r"headquartered|founded|made)$",
    re.I,
)
_HEAD_PREFIX = re.compile(
    r"^(?:(?:exclusive|breaking|scoop|update|updated|funding|deals?|confirmed|just in|news|"
    r"press release|fintech|startups?|ai|funding news|m&a|people|appointments?|"
    r"people moves|hires)\s*(?::|\||-\s)\s*)+",
    re.I,
)


def _strip_head_prefix(headline: str) -> str:
    return _HEAD_PREFIX.sub("", headline).strip()


def _clean_name(phrase: str, *, max_tokens: int = 6) -> str | None:
    """The proper name at the end of a noun phrase ("Berlin-based fintech Acme Pay" -> "Acme
    Pay"), or ``None`` when the phrase does not end in something that looks like a name."""
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase)  # "Acme (YC W23)"
    phrase = phrase.strip(" ,;:-\"'()[]")
    if "," in phrase:
        # "Acme, a maker of widgets," -> what precedes the apposition
        phrase = phrase.split(",", 1)[0].strip(" \"'")
    phrase = re.sub(r"'s$", "", phrase)
    tokens = phrase.split()
    if not tokens:
        return None
    start = 0
    for index, token in enumerate(tokens):
        bare = token.strip("\"'()").lower()
        descriptor = bare in _DESCRIPTOR_WORDS and index < len(tokens) - 1
        lower_word = (
            token[:1].islower() and bare not in _CONNECTORS and not _NAME_TOKEN.match(token)
        )
        parent = token.endswith("'s") and index < len(tokens) - 1  # "Amazon's Zoox"
        if descriptor or lower_word or parent or _ADJ_SUFFIX.search(bare):
            start = index + 1
    tokens = [t.strip("\"'()") for t in tokens[start:]]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > max_tokens:
        return None
    if not all(_NAME_TOKEN.match(t) or t.lower() in _CONNECTORS for t in tokens):
        return None
    if _stop_word_first(tokens) or tokens[0].lower() in _CONNECTORS:
        return None
    if tokens[-1].lower() in _CONNECTORS:
        return None
    name = " ".join(tokens)
    if name.lower() in _NAME_STOP or len(name) < 2:
        return None
    return name


def _stop_word_first(tokens: list[str]) -> bool:
    """Whether the name starts with a word that is no name ("The", "Investors"); "Founders"
    followed by a capitalised word starts real names ("Founders Fund", "Founders Forum")."""
    first = tokens[0].lower()
    if first in {"founders", "founder"} and len(tokens) > 1 and tokens[1][:1].isupper():
        return False
    return first in _NAME_STOP


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# --------------------------------------------------------------------------- funding

_REJECT_HEADLINE = re.compile(
    r"^(?:how|why|what|when|where|who|should|could|would|can|is|are|do|does|did|inside|"
    r"opinion|analysis|podcast|watch|listen|video|interview|here's|heres|these|the \d+|"
    r"\d+ (?:startups|companies)|top \d+|this week|week in review|roundup|meet|lessons?|"
    r"tips|guide|explainer|ask|letter|column|editorial|review)\b"
    r"|\?\s*$|\?\s|\b(?:roundup|round-up|recap|weekly|newsletter|this week's|week's biggest|"
    r"biggest rounds|funding rounds|rounds this week|the week in|deals of the week|"
    r"who raised|startups that raised|companies that raised)\b",
    re.I,
)
_FUNDING_VERB = (
    r"raises|raised|has raised|secures|secured|has secured|lands|landed|closes|closed|"
    r"has closed|bags|bagged|nabs|nabbed|snags|snagged|grabs|gets|receives|received|banks|"
    r"collects|scores|nets|picks up|picked up|pulls in|hauls in|rakes in|brings in|"
    r"attracts|announces|announced|completes|completed|wins|books|"
    r"files|filed|has filed|confidentially files|confidentially filed"
)
_WEAK_VERBS = _words(
    """lands landed gets receives received scores nets wins books attracts announces
    announced completes completed grabs banks collects"""
) | {"brings in"}
_FUNDING_CLAUSE = re.compile(
    rf"^(?P<subject>.+?)\s+(?P<verb>{_FUNDING_VERB})\s+(?P<object>.+)$", re.I
)
_FUNDING_WORDS = re.compile(
    r"\b(?:funding|fundraise|fundraising|round|seed|pre-seed|series [a-k]|investment|"
    r"financing|capital raise|venture debt|backing|raise|ipo|initial public offering|"
    r"debt facility|credit facility)\b",
    re.I,
)
_NOT_FUNDING_OBJECT = re.compile(
    r"\b(?:prices?|pricing|guidance|forecasts?|outlook|concerns?|questions?|eyebrows?|"
    r"alarms?|alarm bells|the bar|bar for|awareness|dividends?|rates?|fees?|wages?|"
    r"salar(?:y|ies)|hopes?|fears?|doubts?|red flags?|stakes|offer|bid|target|contracts?|"
    r"(?<!debt )deals?|orders?|awards?|prizes?|settlement|fines?|judgment|verdict|lawsuits?|"
    r"revenue|revenues|sales|profits?|earnings|losses|donations?|charity|subscribers|"
    r"users|customers|downloads|views|votes|signatures|petition|limits?|ceiling|cap|fares?|"
    r"bonds?|bond sale|notes|"
    r"warnings?|flags?|issues?|points|objections?|hackles|ire|debate|spectre|specter|"
    r"prospects?|possibility|estimates?|targets?|minimum wage|layoffs?|tariffs?|taxes|"
    r"premiums?|interest|profile|visibility|voice|voices|game|stock price|share price|"
    r"headcount|pay|bet|bets|its game|temperature|heat|funds? for (?:charity|victims)|"
    r"acquisitions?|takeover|purchase|merger|buyout|buyback|repurchase)\b",
    re.I,
)
_NOT_ANNOUNCEMENT = re.compile(
    r"\b(?:in talks|talks to|seeks?|seeking|looking to|plans? to|planning to|aims? to|"
    r"reportedly|rumou?red|said to be|is raising|are raising|to raise|could raise|may raise|"
    r"might raise|would raise|set to raise|eyes|eyeing|considering|weighs|mulls|"
    r"fails? to|failed to|struggles? to|lays off|layoffs?|cuts? jobs|sues|sued|lawsuit|"
    r"shuts down|shutters|bankrupt|bankruptcy|insolvency|hopes to|wants to|"
    r"expects? to|expected to|nears?|nearing|close to)\b",
    re.I,
)
_ABOUT_THIS_RAISE = re.compile(
    r"^(?:the (?:company|startup|firm|round|funding|financing|investment|raise|new funding|"
    r"capital|series [a-k]|seed)|it|its|this|today|the new)\b"
)
# "Accel led the round": "the round" is the one the headline announces.
_LED_THIS_ROUND = re.compile(r"\b(?:co-)?led the (?:round|investment|financing|raise)\b")
_PREVIOUS = re.compile(
    r"\b(?:previous(?:ly)?|prior|earlier|last (?:year|month|week|quarter|spring|summer|fall|"
    r"autumn|winter)|to date|in total|total of|so far|"
    r"since (?:its|it was)|brings? (?:its|the) total|bringing (?:its|the) total|"
    r"has now raised|valu(?:ed|ation)|in \d{4}|back in)\b",
    re.I,
)
_VC_FUND = re.compile(r"\bFund (?:I|II|III|IV|V|VI|VII|VIII|IX|X)\b")
_VC_FUND_ANY_CASE = re.compile(
    r"(?:\d(?:[\d.,]*)\s?(?:[mbk]|mn|bn|mln|million|billion)?|new|debut|first|second|third|"
    r"fourth|fifth|sixth|seventh|latest|flagship|inaugural|opportunity|venture|early-stage|growth|"
    r"continuity|evergreen|two|three|four|five|six|seven|eight|nine|ten|several|multiple)"
    r"\s+funds?\b|\bacross (?:\w+ ){0,2}funds\b",
    re.I,
)
# What a venture firm raises money for: "raises $500M to back European startups".
_VC_PURPOSE = re.compile(
    r"\bto (?:back|invest in|fund) (?:[\w-]+ ){0,3}(?:startups|founders|entrepreneurs)\b", re.I
)
# A summary sentence that tells a fund apart from a company round ("across two new funds").
_VC_FUND_SUMMARY = re.compile(
    r"\bacross (?:\w+ ){0,2}funds\b|\blimited partners\b|\bLPs\b|"
    r"\b(?:debut|inaugural|flagship) fund\b|\bFund (?:I|II|III|IV|V|VI|VII|VIII|IX|X)\b"
)
# Names only venture firms carry: without a round named, such a raise is a fund.
_VC_NAME = re.compile(r"\b(?:Ventures|Venture Partners|VC|Fund)$")
# Public-market capital raising: a listed company's offering, not a venture round.
_PUBLIC_OFFERING = re.compile(
    r"\b(?:share|stock|equity) (?:sale|offering|placing)|\brights issue\b|"
    r"\bsecondary offering\b|\bbond (?:sale|offering)\b|\bnotes offering\b",
    re.I,
)
_ROUND_AS_FUNDING = re.compile(
    r"(?:pre-?seed|seed|series[- ][a-k](?:[- ]?(?:\d|\+|plus|extension|prime))?|growth|"
    r"venture debt|debt|ipo|initial public offering)"
    r"(?:\s+(?:round|funding|financing|investment|raise|capital|extension|facility|"
    r"from|led|co-led|to|at|in|for|with|of|worth|backed|-)\b|\s*[,;:.|(]|\s*$)",
    re.I,
)
_OBJECT_END = re.compile(r"\s+(?:-|as|while|after|amid|despite|but)\s+|;|:|\s\|\s", re.I)


def _headline_is_commentary(headline: str) -> bool:
    return bool(_REJECT_HEADLINE.search(headline))


def extract_funding(headline: str | None, summary: str | None = "") -> Funding | None:
    """A funding round announced in ``headline`` by one company, or ``None``.

    The headline must read "<Company> <raises|secures|closes|lands|...> <amount or round>";
    the summary fills in amount, round and lead investors the headline leaves out.
    """
    head = _headline(headline)
    if not head or _headline_is_commentary(head) or _NOT_ANNOUNCEMENT.search(head):
        return None
    match = _FUNDING_CLAUSE.match(head)
    if not match:
        return _investor_led_funding(head, summary)
    subject, verb = match.group("subject"), " ".join(match.group("verb").lower().split())
    obj = _OBJECT_END.split(match.group("object"), maxsplit=1)[0]
    if re.search(r"(?:,|\band\b|&)\s*[A-Z][\w.-]*\s*$", subject) and "," not in subject[-2:]:
        pass  # "Johnson & Johnson" style names are handled by _clean_name below
    if re.search(r"\b(?:and|&|,)\s", subject) and re.search(r"\braise\b", head, re.I):
        return None  # plural subject: "Acme and Beta raise ..."
    if _NOT_FUNDING_OBJECT.search(_object_head(obj)) or _NOT_FUNDING_OBJECT.search(
        _after_amount(obj)
    ):
        return None
    if _VC_FUND.search(obj) or _VC_FUND_ANY_CASE.search(obj) or _VC_PURPOSE.search(obj):
        return None  # a venture firm closing a fund, not a company raising a round
    if _PUBLIC_OFFERING.search(obj):
        return None
    money = extract_amount(obj)
    round_name = extract_round(f"{verb} {obj}")
    if verb.startswith(("files", "confidentially")):
        if round_name != "ipo":
            return None
    elif round_name == "ipo":
        round_name = None
    if verb in _WEAK_VERBS and not _FUNDING_WORDS.search(obj):
        return None
    if money is None and round_name is None:
        return None
    if money is None and not _ROUND_AS_FUNDING.search(f"{verb} {obj}"):
        return None  # "closes Series A office", "announces Series A Summit"
    company = _clean_name(subject)
    if company is None or _is_venture_fund(company, round_name, summary):
        return None
    details = _funding_sentences(company, summary)
    if money is None:
        money = next((m for m in map(extract_amount, details) if m is not None), None)
    if round_name is None:
        round_name = next((r for r in map(extract_round, details) if r is not None), None)
        if round_name == "ipo":
            round_name = None
    investors = extract_investors(head) or next(
        (inv for inv in map(extract_investors, details) if inv), ()
    )
    return Funding(company=company, money=money, round=round_name, investors=investors)


# "Sequoia leads $20M round in Acme": the investor is the subject, the company follows.
_LEAD_CLAUSE = re.compile(
    r"^(?P<lead>.+?)\s+(?:co-leads|co-lead|co-led|leads|lead|led)\s+(?P<deal>.+?)\s+"
    r"(?:in|for|into)\s+(?P<company>.+)$",
    re.I,
)
_DEAL_WORDS = re.compile(r"\b(?:round|investment|funding|financing|raise)\b", re.I)


def _investor_led_funding(head: str, summary: str | None) -> Funding | None:
    """A round told from the lead investor's side ("Accel leads $15M Series A in Acme"):
    the deal must state an amount or a round, and every lead must read as a name."""
    match = _LEAD_CLAUSE.match(head)
    if not match:
        return None
    deal = match.group("deal")
    money = extract_amount(deal)
    round_name = extract_round(deal)
    if round_name == "ipo" or (round_name is None and not _DEAL_WORDS.search(deal)):
        return None
    if money is None and round_name is None:
        return None
    company = _clean_name(_ACQ_OBJECT_END.split(match.group("company"), maxsplit=1)[0])
    leads = [
        _investor_name(part)
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", match.group("lead"))
    ]
    if company is None or not leads or None in leads:
        return None
    investors = tuple(name for name in leads if name)
    if company.lower() in {name.lower() for name in investors}:
        return None
    if money is None:
        details = _funding_sentences(company, summary)
        money = next((m for m in map(extract_amount, details) if m is not None), None)
    return Funding(company=company, money=money, round=round_name, investors=investors)


def _is_venture_fund(company: str, round_name: str | None, summary: str | None) -> bool:
    """Whether the raise is a venture firm's fund: a venture firm's name and no round
    named, or a summary sentence about the company that speaks of funds and LPs."""
    if round_name is None and _VC_NAME.search(company):
        return True
    first_word = re.compile(rf"\b{re.escape(company.split()[0])}\b")
    return any(
        _VC_FUND_SUMMARY.search(sentence) and first_word.search(sentence)
        for sentence in _sentences(clean_text(summary))[:3]
    )


def _object_head(obj: str) -> str:
    """The words right after the verb: where idioms ("raises prices") live. An amount
    ends the head, so "raises $5M to cut prices" is not mistaken for one."""
    words = []
    for word in obj.split(",", 1)[0].split()[:4]:
        if _MONEY.search(word) or word.lower() in {"in", "to", "for", "from", "led"}:
            break
        words.append(word)
    return " ".join(words)


def _after_amount(obj: str) -> str:
    """The two words after the first amount: "$2M contract" is not a round."""
    match = _MONEY.search(obj)
    return " ".join(obj[match.end() :].split()[:2]) if match else ""


def _funding_sentences(company: str, summary: str | None) -> list[str]:
    """Summary sentences about this raise: they name the company (or open with "The
    company", "It", "The round"...) and talk about funding, not earlier rounds or totals."""
    text = clean_text(summary)
    if not text:
        return []
    first_word = re.escape(company.split()[0])
    about_company = re.compile(
        rf"\b{first_word}\b|{_ABOUT_THIS_RAISE.pattern}|{_LED_THIS_ROUND.pattern}", re.I
    )
    picked = []
    for sentence in _sentences(text)[:12]:
        if not _FUNDING_WORDS.search(sentence) and "led by" not in sentence.lower():
            continue
        if _PREVIOUS.search(sentence) or not about_company.search(sentence):
            continue
        picked.append(sentence)
    return picked


# --------------------------------------------------------------------------- investors

_LED_BY = re.compile(r"\b(?:co-)?led by\s+(?P<names>.+)", re.I)
# "Balderton Capital led the round": the names come before the verb.
_LED_THE_ROUND = re.compile(
    r"(?P<names>(?:[A-Z0-9][\w.&'-]*(?:,?\s+and\s+|,\s+|\s+)){0,8}?[A-Z0-9][\w.&'-]*)"
    r"\s+(?:co-led|led|leads|co-leads)\s+the\s+(?:\$?[\w.-]+\s+){0,3}?"
    r"(?:round|investment|financing|raise|deal)\b"
)
_PARTICIPATION = re.compile(
    r"\b(?:with participation from|participation from|backed by|from investors(?: including)?|"
    r"(?i:from)(?= [A-Z]))\s+(?P<names>.+)",
    re.I,
)
_LIST_END = re.compile(
    r"\s+(?:with participation|with|alongside|along with|plus|to|at|for|as|in|which|that|"
    r"who|bringing|brings|among others|and others|and other|among|while|after|amid|on|"
    r"valuing|-)\s+|[.;:()\[\]!?|]|\s-\s|,\s(?:with|bringing|and other|which|who|as|while|"
    r"among|valuing|according)",
    re.I,
)
_INVESTOR_PREFIX = re.compile(
    r"^(?:(?:existing|new|returning|lead|strategic|angel|venture|institutional|"
    r"top|several|notable) )*(?:investors?|backers?|firms?|vcs?|funds?)?\s*"
    r"(?:including|such as|like)?\s*",
    re.I,
)


def extract_investors(text: str | None) -> tuple[str, ...]:
    """Lead investors ("led by X and Y", "X led the round"); without a stated lead, the
    named participants ("with participation from X", "backed by X"). Empty when none are
    clearly named."""
    cleaned = clean_text(text)
    match = (
        _LED_BY.search(cleaned) or _LED_THE_ROUND.search(cleaned) or _PARTICIPATION.search(cleaned)
    )
    if not match:
        return ()
    names_text = _LIST_END.split(match.group("names"), maxsplit=1)[0]
    names_text = _INVESTOR_PREFIX.sub("", names_text)
    found: list[str] = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", names_text, flags=re.I):
        part = re.sub(r"^(?:existing investors?|investors?|the)\s+", "", part.strip(), flags=re.I)
        name = _investor_name(part)
        if name and name not in found:
            found.append(name)
    return tuple(found[:8])


_NOT_INVESTOR = _words(
    """it its this that the a an investors investor others other angels angel several
    existing new undisclosed unnamed individual private some many various"""
)


def _investor_name(part: str) -> str | None:
    tokens = part.strip(" '\"").split()
    if not tokens or len(tokens) > 6:
        return None
    if tokens[0].lower() in _NOT_INVESTOR:
        return None
    if not all(_NAME_TOKEN.match(t) or t.lower() in _CONNECTORS for t in tokens):
        return None
    if tokens[0].lower() in _CONNECTORS or tokens[-1].lower() in _CONNECTORS:
        return None
    return " ".join(tokens)


# --------------------------------------------------------------------------- acquisitions

_ACQ_ACTIVE = re.compile(
    r"^(?P<acquirer>.+?)\s+(?:has |have )?(?:agrees to |agreed to |will |to |set to |moves to |"
    r"is set to |(?:enters into|entered into|signs|signed|has signed|reaches|reached|inks|"
    r"strikes|announces) (?:an? )?(?:definitive )?(?:merger )?(?:agreement|deal) to )?"
    r"(?P<verb>acquires|acquired|acquire|buys|buy|bought|snaps up|snapped up|scoops up|"
    r"snap up|scoop up|completes (?:its |the )?acquisition of|"
    r"completed (?:its |the )?acquisition of|closes (?:its |the )?acquisition of|"
    r"announces (?:its |the )?acquisition of|announced (?:its |the )?acquisition of|"
    r"finalizes (?:its |the )?acquisition of|finalises (?:its |the )?acquisition of)"
    r"\s+(?P<acquired>.+)$",
    re.I,
)
_ACQ_DONE = re.compile(
    r"^(?P<acquirer>.+?)\s+(?:completes|completed|closes|closed|finalizes|finalises|"
    r"announces|announced|has completed|wraps up|seals)\s+(?:its\s+|the\s+)?"
    r"(?:(?P<money>\S*\d\S*(?:\s(?:million|billion))?)\s+)?"
    r"(?:(?P<acquired_before>.+?)\s+(?:acquisition|takeover|purchase|buyout)\b.*"
    r"|(?:acquisition|takeover|purchase|buyout) of\s+(?P<acquired_after>.+))$",
    re.I,
)
_ACQ_PASSIVE = re.compile(
    r"^(?P<acquired>.+?)\s+(?:is |has been |was |to be |will be |gets |agrees to be |"
    r"set to be |(?:has |have )?(?:enters into|entered into|signs|signed|reaches|reached|inks) "
    r"(?:an? )?(?:definitive )?(?:merger )?(?:agreement|deal) to be )?"
    r"(?:acquired|bought|snapped up|scooped up)\s+by\s+(?P<acquirer>.+)$",
    re.I,
)
_ACQ_OBJECT_END = re.compile(
    r"\s+(?:for|in|to|at|as|amid|after|from|with|while|worth|valued|reportedly|-|on|"
    r"following|months|weeks|days|just|deal|and)\s+|[,;(|]|:(?!\w)|\s-\s|'s\s",
    re.I,
)
_NOT_ACQUISITION = re.compile(
    r"\b(?:back|more|additional|shares?|stakes?|minority|stock|bonds?|ads|rights|"
    r"licen[cs]es?|patents?|assets|portfolio|domains?|tickets|gpus|chips|servers|land|"
    r"buildings?|propert(?:y|ies)|debt|loans?|time|votes?|followers|users|customers|"
    r"\d+%|percent|up to)\b",
    re.I,
)
_ACQ_HEDGE = re.compile(
    r"\b(?:in talks|talks to|considers?|considering|weighs|mulls|explores?|exploring|"
    r"eyes|eyeing|rumou?r|reportedly|bid to|bids for|offer to|offers to|plans? to|might|"
    r"could|may|would|blocks?|blocked|abandons?|scraps?|terminates?|calls off|called off|"
    r"sues|fails to|rejects?|rejected|opposes|probe|investigat\w*|approves?|approved|"
    r"clears?|cleared|delays?|delayed|hostile|nears?|nearing|close to|wants to|seeks?|"
    r"why|how|after)\b",
    re.I,
)


def extract_acquisition(headline: str | None, summary: str | None = "") -> Acquisition | None:
    """One company buying another, stated in ``headline``, or ``None``.

    Hedged news (talks, bids, regulators blocking or approving, deals called off) is not
    an announcement and yields ``None``; so does buying shares, stakes or assets.
    """
    head = _headline(headline)
    if not head or _headline_is_commentary(head) or _ACQ_HEDGE.search(head):
        return None
    passive = _ACQ_PASSIVE.match(head)
    if passive:
        acquired_phrase, acquirer_phrase = passive.group("acquired"), passive.group("acquirer")
    else:
        done = _ACQ_DONE.match(head)
        active = _ACQ_ACTIVE.match(head)
        if done:
            acquirer_phrase = done.group("acquirer")
            acquired_phrase = done.group("acquired_after") or done.group("acquired_before")
        elif active:
            acquirer_phrase, acquired_phrase = active.group("acquirer"), active.group("acquired")
        else:
            return None
    acquired_part = _ACQ_OBJECT_END.split(acquired_phrase, maxsplit=1)[0]
    if _NOT_ACQUISITION.search(acquired_part) or _NOT_ACQUISITION.search(
        " ".join(acquired_phrase.split()[:2])
    ):
        return None
    acquired = _clean_name(acquired_part)
    acquirer = _clean_name(_ACQ_OBJECT_END.split(acquirer_phrase, maxsplit=1)[0])
    if not acquired or not acquirer or acquired.lower() == acquirer.lower():
        return None
    return Acquisition(acquirer=acquirer, acquired=acquired, money=extract_amount(head))


# --------------------------------------------------------------------------- leadership

_ROLE_WORDS = re.compile(
    r"\b(?:chief\s+[\w&-]+(?:\s+[\w&-]+)?\s+officer|chief executive|chief of staff|ceo|cfo|"
    r"coo|cto|cro|cmo|cio|ciso|cpo|chro|cdo|cco|cso|cxo|president|vice[- ]president|vp|svp|"
    r"evp|head of|director|general manager|managing director|managing partner|"
    r"general partner|chair(?:man|woman|person)?|board|general counsel|treasurer|"
    r"controller|finance chief|tech chief|chief)\b",
    re.I,
)
# A capitalised word that is not a role, title word or preposition: part of a name.
_PERSON_WORD = (
    r"(?!(?i:as|to|of|the|new|its|and|for|at|in|on|chief|ceo|cfo|coo|cto|cro|cmo|cio|ciso|"
    r"cpo|president|vp|svp|evp|head|director|board|chair|chairman|chairwoman|general|"
    r"managing|executive|senior|interim|acting|co-founder|founder|former|ex)\b)"
    r"[A-Z][\w.'-]*"
)
_PERSON = (
    rf"(?P<person>(?:{_PERSON_WORD}\s+){{1,3}}"
    rf"(?:(?:de|van|von|der|da|del|la|le)\s+)?{_PERSON_WORD})"
)
_ROLE = r"(?P<role>.+?)"
_COMPANY = r"(?P<company>.+?)"
_APPOINT = (
    r"(?i:appoints|appointed|names|named|hires|hired|taps|tapped|welcomes|adds|brings on|"
    r"recruits|selects|picks|poaches|announces (?:the )?appointment of|"
    r"has appointed|has named|has hired|"
    r"(?:expands|strengthens|bolsters|grows|builds out|enhances|adds to)\s+(?:its\s+)?"
    r"(?:senior\s+|executive\s+)?(?:leadership|executive|management|c-suite)(?:\s+team)?\s+"
    r"with\s+(?:the\s+)?(?:appointment|addition|hire|hiring)\s+of)"
)
_DEPART = (
    r"(?i:to step down|steps down|stepping down|stepped down|will step down|resigns|resigned|"
    r"has resigned|to resign|will resign|retires|to retire|will retire|departs|to depart|"
    r"exits|to exit|to leave|leaves|will leave|is out|is leaving|is stepping down|"
    r"ousted|is ousted|fired|is fired|pushed out|let go|departing)"
)
_LEADERSHIP_PATTERNS: tuple[tuple[re.Pattern[str], Change], ...] = (
    (
        re.compile(
            rf"^{_COMPANY}\s+{_APPOINT}\s+(?:.*?\s)??{_PERSON}(?:,\s+|\s+)"
            rf"(?i:as\s+|to\s+(?:its\s+|the\s+)?)?{_ROLE}$"
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}\s+{_APPOINT}\s+(?i:new\s+|former\s+|its\s+new\s+)?{_ROLE}\s+{_PERSON}$"
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}\s+(?i:promotes|promoted|elevates|elevated|has promoted)\s+"
            rf"(?:.*?\s)??{_PERSON}\s+(?i:to\s+(?:the\s+)?(?:role\s+of\s+)?|as\s+){_ROLE}$"
        ),
        "role_change",
    ),
    (
        re.compile(
            rf"^(?:.*?\s)??{_PERSON}\s+(?i:joins|joined|rejoins|returns to|comes to)\s+{_COMPANY}"
            rf"\s+(?i:as\s+(?:its\s+|new\s+|the\s+)?){_ROLE}$"
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?i:(?:is\s+|has\s+been\s+)?(?:promoted|elevated))\s+"
            rf"(?i:to\s+)(?i:the\s+)?(?i:role\s+of\s+)?{_ROLE}\s+(?i:of|at)\s+{_COMPANY}$"
        ),
        "role_change",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?i:(?:is\s+|has\s+been\s+)?(?:named|appointed|tapped|picked|chosen|"
            rf"hired|promoted)|returns|rejoins)\s+"
            rf"(?i:as\s+|to\s+)?(?i:the\s+)?(?i:new\s+)?{_ROLE}\s+(?i:of|at)\s+{_COMPANY}$"
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?i:named|appointed|tapped|picked|chosen)\s+(?i:as\s+)?"
            rf"{_COMPANY}(?:'s)?\s+{_ROLE}$"
        ),
        "appointed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+{_DEPART}\s+(?i:as\s+)(?i:the\s+)?{_ROLE}\s+(?i:of|at)\s+{_COMPANY}$"
        ),
        "departed",
    ),
    (
        re.compile(
            rf"^{_PERSON}\s+(?:{_DEPART}|(?i:out))\s+(?i:as\s+){_COMPANY}(?:'s)?\s+{_ROLE}$"
        ),
        "departed",
    ),
    (
        re.compile(
            rf"^{_COMPANY}(?:'s)?\s+{_ROLE}\s+{_PERSON}\s+(?:{_DEPART}|(?i:out|departs|exits))"
            rf"(?:\s+(?i:at|after|in|by|amid|following|effective|over|as)\s.*|[,;].*|\s-\s.*"
            rf"|\s+(?i:the\s+)?(?i:company|firm|startup|role|post|position|board)\b.*)?$"
        ),
        "departed",
    ),
)
_ROLE_TAIL = re.compile(
    r"\s+(?:effective|as of|amid|after|following|to lead|to drive|to help|to oversee|to scale|"
    r"to accelerate|to expand|to support|to guide|to spearhead|to grow|to head|to run|in|from|"
    r"with|ahead of|as part of|as the|as it|as its|as they|replacing|succeeding|to succeed|"
    r"to replace|who|-)\s+.*$|[,;:(|].*$|\s-\s.*$",
    re.I,
)
_ROLE_START = re.compile(
    r"(?:co-)?(?:(?:co-?founder|founder|interim|acting|senior|executive|global|group|deputy|"
    r"outgoing|longtime|long-time)\s*(?:,|and|&)?\s+)*"
    + _ROLE_WORDS.pattern.replace(r"\b(?:", r"(?:", 1),
    re.I,
)
_COMPANY_TAIL = re.compile(
    r"\s+(?:after|amid|following|effective|in|at|as|to|with|from|for|over|by|on|-)\s+|[,;:(|]",
    re.I,
)
_PERSON_STOP = _words("new its their the a an former dr dr. mr mr. ms ms. mrs mrs. prof prof. sir")
_LEADERSHIP_HEDGE = re.compile(
    r"\b(?:reportedly|rumou?r|could|may|might|would|should|calls? for|urges?|pressure|"
    r"sues|sued|lawsuit|charged|arrested|accused|interview|says|said|talks|on why|"
    r"search for|searching|seeks|seeking|hunt|candidates?|shortlist|considers?|"
    r"considering|expected to|set to|in line to|frontrunner|favou?rite|ousted\?|"
    r"podcast|q&a|of the year|awards?|list)\b",
    re.I,
)


def extract_leadership(headline: str | None, summary: str | None = "") -> LeadershipChange | None:
    """A named person joining, leaving or changing a leadership role, from ``headline``.

    The role must be a leadership one (C-level, VP, head of, director, president, board);
    a person must be named. Searches, rumours and interviews yield ``None``.
    """
    head = _headline(headline)
    if not head or _headline_is_commentary(head) or _LEADERSHIP_HEDGE.search(head):
        return None
    clause = head.rstrip(" .")
    for pattern, change in _LEADERSHIP_PATTERNS:
        match = pattern.match(clause)
        if not match:
            continue
        role = _ROLE_TAIL.sub("", match.group("role")).strip(" ,.")
        role = re.sub(r"^(?i:its|their|the|new|as|a)\s+", "", role)
        # "welcomes Jane Roe to leadership team as CRO": the role follows the team
        role = re.sub(r"^(?:[\w-]+\s+){0,2}(?i:team)\s+(?i:as)\s+", "", role)
        company_phrase = match.group("company").strip()
        if match.end("company") + 1 >= match.start("role"):
            # "Soylent Corp CFO Jane Roe": the lazy company group stopped too early
            while role and not _ROLE_START.match(role):
                head_word, _, role = role.partition(" ")
                company_phrase = f"{company_phrase} {head_word}"
        if not _ROLE_WORDS.search(role) or len(role.split()) > 8:
            continue
        person = _person_name(match.group("person"))
        company_phrase = _COMPANY_TAIL.split(company_phrase, maxsplit=1)[0]
        company = _clean_name(re.sub(r"'s$", "", company_phrase))
        if person is None or company is None or person.lower() == company.lower():
            continue
        return LeadershipChange(company=company, person=person, role=role, change=change)
    return None


def _person_name(phrase: str) -> str | None:
    tokens = phrase.split()
    owners = [i for i, t in enumerate(tokens) if t.endswith("'s")]
    if owners:  # "Oracle's Jane Roe"
        tokens = tokens[owners[-1] + 1 :]
    while tokens and tokens[0].lower() in _PERSON_STOP:
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 4:
        return None
    if _ROLE_WORDS.search(" ".join(tokens)):
        return None
    if not all(
        t[:1].isupper() or t in {"de", "van", "von", "der", "da", "del", "la", "le"} for t in tokens
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
