"""SEC Form 8-K -> LEADERSHIP_CHANGE signals from Item 5.02.

Accepts the 8-K document as filed (HTML, inline XBRL or plain text) or the full
submission text (SGML header plus documents). A document is an 8-K when its
submission type is 8-K (8-K/A, 8-K12B, ...), its ``dei:DocumentType`` says so, or
its cover page reads "FORM 8-K"; anything else (empty, binary, JSON, another form)
is a :class:`ParseError` naming what it is. Only Item 5.02 ("Departure of Directors or
Certain Officers; Election of Directors; Appointment of Certain Officers") is read,
and only sentences that say an officer or director joins, leaves or changes role
yield a signal; compensation-only 5.02(e) reports and 8-Ks without Item 5.02 yield
nothing. HTML is read with the standard library's tokenizer: entities beyond the
HTML named character references are never expanded, nothing is fetched, hidden
inline XBRL headers are skipped.

Per person one signal (a sentence naming several people gives one each; "Ms. Park"
is the full name the item mentions earlier when only one person has that surname):
``person``, ``role``, ``change`` (appointed, departed,
role_change: a move inside the company, e.g. a promotion, or leaving one role for
another), ``effective_date`` (ISO date when the text states one). ``occurred_at``
is the filing date from the submission header, else the 8-K's date of report.
``id`` is ``fingerprint("leadership_change", cik or company, person, change)``.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from pydantic import ValidationError

from signals.errors import ParseError
from signals.events import SignalEvent, SignalKind
from signals.ids import fingerprint, normalize_key
from signals.sources.sec_submission import Submission, is_submission, parse_submission, strip_cik

SOURCE_TYPE = "sec-8k"  # the registry name
MAX_8K_BYTES = 32 * 1024 * 1024  # a full submission, exhibits included
MAX_HTML_BYTES = 4 * 1024 * 1024  # the 8-K document itself; real ones are well under 1 MB
# Item 5.02's title in the submission header; before 2006 it read "... Principal Officers".
ITEM_502_TITLE = re.compile(
    r"departure\s+of\s+directors\s+or\s+(?:certain|principal)\s+officers|\b5\.02\b", re.I
)

# --- HTML to text -------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "tr",
        "li",
        "ul",
        "ol",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "center",
        "blockquote",
        "pre",
        "hr",
        "title",
        "dt",
        "dd",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_SKIP_TAGS = frozenset({"script", "style", "head", "ix:header", "xml"})
_VOID_TAGS = frozenset(
    ["br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "param", "source"]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")


class _TextExtractor(HTMLParser):
    """Visible text, one line per block element, plus inline XBRL ``dei:`` facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.facts: dict[str, str] = {}
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._fact_name: str | None = None
        self._fact_depth = 0
        self._fact_text: list[str] = []
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_startendtag(tag, attrs)
            return
        if self._fact_name is not None:
            self._fact_depth += 1
        elif tag == "ix:nonnumeric":
            name = dict(attrs).get("name") or ""
            if name.startswith("dei:"):
                self._fact_name, self._fact_depth, self._fact_text = name[4:], 1, []
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        style = dict(attrs).get("style") or ""
        if tag in _SKIP_TAGS or _HIDDEN_STYLE.search(style):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "pre":
            self._pre_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in {"br", "hr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._fact_name is not None:
            self._fact_depth -= 1
            if self._fact_depth <= 0:
                text = " ".join("".join(self._fact_text).split())
                self.facts.setdefault(self._fact_name, text)
                self._fact_name = None
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._fact_name is not None:
            self._fact_text.append(data)
        if self._skip_tag is None:
            # Source line breaks inside HTML are spaces; only blocks (and <pre>) break lines.
            self.parts.append(reflow(data) if self._pre_depth else re.sub(r"[\r\n]+", " ", data))


# A line break inside a paragraph of a plain-text filing: not before a blank line, an item
# heading or the signatures.
_WRAPPED_LINE = re.compile(
    r"[ \t]*\r?\n(?![ \t]*(?:\r?\n|item\s*\d|signatures?\b))[ \t]*", re.IGNORECASE
)
_PAGE_MARK = re.compile(r"^[ \t]*(?:<PAGE>|\f)[ \t\d]*$", re.IGNORECASE | re.MULTILINE)


_FIRST_ITEM = re.compile(r"^[ \t]*item\s*\d", re.IGNORECASE | re.MULTILINE)


def reflow(text: str) -> str:
    """Plain text with the hard-wrapped paragraphs of its items joined into one line each.

    Text filings wrap lines near 80 columns, mid-sentence and mid-name; paragraphs are
    separated by blank lines, and item headings and the signatures start lines of their own.
    The cover, before the first item heading, keeps its lines (one field a line).
    """
    first = _FIRST_ITEM.search(text)
    if first is None:
        return text
    items = _WRAPPED_LINE.sub(" ", _PAGE_MARK.sub("", text[first.start() :]))
    return text[: first.start()] + items


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Visible text of an HTML document (one line per block) and its ``dei:`` facts."""

    text: str
    facts: dict[str, str]


def _decode_html(data: bytes) -> str:
    head = data[:2048].decode("ascii", errors="replace")
    found = re.search(r"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-]+)""", head)
    encoding = found.group(1).lower() if found else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")


def html_to_text(data: bytes) -> HtmlText:
    """Visible text of an HTML (or plain text) filing document, whitespace tidied per line.

    Raises :class:`ParseError` for a document over ``MAX_HTML_BYTES`` (reading text
    costs a few microseconds per tag, so the cap bounds the time) or one the
    tokenizer cannot read.
    """
    if len(data) > MAX_HTML_BYTES:
        raise ParseError(
            f"8-K document is {len(data)} bytes, over the {MAX_HTML_BYTES}-byte cap for its text"
        )
    markup = _decode_html(data)
    if not re.search(r"<(?:html|body|p|div|table|font|br)\b", markup[:65536], re.IGNORECASE):
        markup = f"<pre>{html.escape(markup, quote=False)}</pre>"  # a plain-text filing
    else:
        # A "<" that opens no tag is text; escaped, the tokenizer takes a run of them at once
        # instead of one character per step.
        markup = _STRAY_LT.sub("&lt;", markup)
    extractor = _TextExtractor()
    try:
        extractor.feed(markup)
        extractor.close()
    except (AssertionError, ValueError) as exc:  # the tokenizer's own failures
        raise ParseError(f"unreadable HTML: {exc}") from None
    raw = "".join(extractor.parts).replace("\xa0", " ").replace("\u200b", "")
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return HtmlText(text="\n".join(line for line in lines if line), facts=extractor.facts)


# --- Item 5.02 ------------------------------------------------------------------------------

_ITEM_HEADING = re.compile(r"^\s*item\s*(\d{1,2})\s*\.\s*(\d{2})\b", re.IGNORECASE | re.MULTILINE)
_SIGNATURE = re.compile(r"^\s*signatures?\b", re.IGNORECASE | re.MULTILINE)


def item_502_section(text: str) -> str | None:
    """The text of Item 5.02, from its heading to the next item heading or the signatures.

    A list of the items covered, on the cover, also starts lines with "Item 5.02"; every
    5.02 heading with text under it is read, so the list is passed by.
    """
    headings = list(_ITEM_HEADING.finditer(text))
    sections: list[str] = []
    for position, heading in enumerate(headings):
        if (heading.group(1), heading.group(2)) != ("5", "02"):
            continue
        end = len(text)
        for later in headings[position + 1 :]:
            if (later.group(1), later.group(2)) != ("5", "02"):
                end = later.start()
                break
        signature = _SIGNATURE.search(text, heading.end(), end)
        section = text[heading.start() : signature.start() if signature else end]
        if len(section.split()) > 12:  # skip a bare mention, e.g. in a list of items
            sections.append(section)
    # A line in a list of items is a heading with nothing under it.
    with_body = [s for s in sections if s.rstrip().count("\n")]
    return "\n".join(with_body or sections[:1]) or None


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DATE = (
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+day\s+of\s+(?:{_MONTHS})\s*,?\s*\d{{4}})"
)
_DATE_RE = re.compile(_DATE)

# A person's name: optional honorific, capitalised words, initials, particles, suffix.
_NAME_WORD = r"[A-Z](?:[A-Za-z\-]|['’](?!s\b))+"  # "O’Neil", not the "’s" of "Moore’s"
_TITLE_START = (
    r"(?:Chief|President|Vice|Executive|Senior|General|Interim|Acting|Director|Chair\w*|Treasurer"
    r"|Secretary|Controller|Head|Co-\w+|Lead|Principal|Managing)\b"
)


def _person_pattern(name_word: str) -> str:
    # Atomic: a name is taken whole or not at all, so a failed match costs one pass per
    # start, not one per way of splitting a run of capitalised words.
    return (
        rf"(?>(?:(?:Mr|Ms|Mrs|Dr)\.?\s+(?:{name_word}\s+)?)?{name_word}"
        rf"(?:\s+(?:[A-Z]\.|{name_word}|(?:de|van|von|der|da|del|la|le)\b)){{0,5}}"
        r"(?:,?\s+(?:Jr|Sr)\.|\s+(?:II|III|IV))?)"
    )


_ONE_PERSON = _person_pattern(_NAME_WORD)
# A name that stops where a title starts: "named Carlos Ruiz Chief Executive Officer".
_PERSON_BEFORE_TITLE = rf"(?P<person>{_person_pattern(rf'(?!{_TITLE_START}){_NAME_WORD}')})"
_LIST_SEPARATOR = r"(?:\s*,(?!\s*(?:Jr|Sr)\.)\s*(?:and\s+)?|\s+and\s+)"
_PERSON = rf"(?P<person>{_ONE_PERSON})"
# "Rachel Adams and Brian Cole", "Sarah Lin, Omar Haddad and Peter Novak": one signal each.
_PERSONS = rf"(?P<person>{_ONE_PERSON}(?:{_LIST_SEPARATOR}{_ONE_PERSON}){{0,7}})"
_APPOSITIVE = r"(?:\s*,\s*(?P<appositive>[^,;]{2,160}?)\s*,)?"
# What may stand between an appointment verb and its role: "by the Board", "on May 1, 2025".
_ROLE_LEAD = (
    r"(?:by\s+(?:the|its|our)\s+(?:Board|Company)(?:\s+of\s+Directors)?\s+)?"
    rf"(?:(?:on|as\s+of|effective(?:\s+as\s+of)?)\s+{_DATE}\s*,?\s+)?"
)
_ROLE_PREPOSITION = (
    r"(?:as|to\s+succeed\s+[^;]{2,80}?\s+as|to\s+serve\s+(?:as|on)"
    r"|to(?:\s+the\s+(?:position|role|office)s?\s+of)?"
    r"|from\s+[^;]{2,80}?\s+to(?:\s+the\s+(?:position|role|office)\s+of)?"
    r"|from\s+(?:his|her|their)\s+(?:positions?|roles?|offices?)\s+(?:as|of))"
)
_ROLE_AFTER = rf"{_ROLE_LEAD}{_ROLE_PREPOSITION}\s+(?P<role>[^;]{{2,160}})"
# After a passive verb the role may follow bare: "was appointed Chief Financial Officer".
_ROLE_AFTER_BARE = (
    rf"{_ROLE_LEAD}(?:{_ROLE_PREPOSITION}\s+|(?=[A-Z]|(?:interim|acting)\s+[A-Z]))"
    r"(?P<role>[^;]{2,160})"
)

# "stand for re-election", "seek re-election", "be nominated for re-election"
_REELECTION = r"(?:stand|seek|run)\s+for\s+re-?election|seek\s+re-?election|be\s+(?:re-?)?nominated"
_DEPART_VERBS = (
    r"(?:has\s+|had\s+)?(?:resigned|retired|stepped\s+down|departed|left)"
    r"|(?:will|would)\s+(?:resign|retire|step\s+down|depart|leave|cease\s+to\s+serve"
    r"|no\s+longer\s+serve)"
    r"|(?:has\s+|had\s+)?ceased\s+to\s+(?:serve|be\s+(?:an?\s+)?(?:officer|director|employee))"
    r"|(?:is|will\s+be)\s+leaving|(?:has\s+|had\s+)?(?:passed\s+away|died)"
    r"|(?:has\s+|had\s+|will\s+)?separated?\s+from\s+(?:the\s+Company|employment|service)"
    r"|(?:is|was)\s+no\s+longer\s+(?:employed|an?\s+(?:officer|employee)\s+of)"
    r"|(?:will\s+|has\s+|had\s+)?transition(?:ed)?"
    r"(?=\s+from\s+(?:his|her|their)\s+(?:roles?|positions?))"
    r"|(?:was|has\s+been|had\s+been|will\s+be)\s+(?:terminated|removed|dismissed"
    r"|relieved\s+of\s+(?:his|her|their)\s+(?:duties|responsibilities|positions?))"
    r"|(?:will|would|did|has\s+decided\s+to|has\s+elected\s+to|decided\s+to)\s+not\s+"
    rf"{_REELECTION}"
    rf"|(?:will|would)\s+not\s+be\s+(?:standing|seeking|running)\s+for\s+re-?election"
    rf"|(?:has\s+|had\s+)?(?:decided|elected|chose|chosen)\s+not\s+to\s+{_REELECTION}"
    rf"|(?:has\s+|had\s+)?declined\s+to\s+{_REELECTION}"
    r"|(?:plans|intends|has\s+decided|decided|has\s+elected|elected|has\s+chosen|chose)\s+to\s+"
    r"(?:retire|resign|step\s+down|depart|leave\s+the\s+Company)"
    r"|(?:has\s+|had\s+)?(?:notified|informed|advised|tendered|submitted|delivered|gave|provided"
    r"|announced|communicated|determined|indicated)[^;]{0,160}?"
    r"(?:resign\w*|retire\w*|step\s+down|depart\w*"
    rf"|not\s+(?:to\s+)?{_REELECTION}|intention\s+to\s+leave|(?:be\s+)?leaving\s+the\s+Company)"
)
_APPOINT_VERBS = r"appointed|elected|named|promoted|hired|designated|selected"
_BE = r"(?:was|were|has\s+been|have\s+been|will\s+be|had\s+been|is\s+being|are\s+being)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "departed",
        re.compile(
            rf"\b(?:departure|resignation|retirement|termination)\s+of\s+{_PERSON}\s+{_ROLE_AFTER}"
        ),
    ),
    ("departed", re.compile(rf"{_PERSONS}{_APPOSITIVE}\s+(?:{_DEPART_VERBS})\b(?P<rest>[^;]*)")),
    (
        "departed",  # "... succeeds Joan Baker, who will retire from the Company on March 31"
        re.compile(rf"{_PERSON}\s*,\s+who\s+(?P<relative>{_DEPART_VERBS})\b(?P<rest>[^;]*)"),
    ),
    (
        "departed",  # "the Board accepted Dana Holt's resignation as Chief Executive Officer"
        re.compile(
            rf"\b(?:accepted|acknowledged|received|agreed\s+to)\s+{_PERSON}[’']s?\s+"
            r"(?:resignation|retirement|departure)(?:\s+(?:as|from)\s+(?P<role>[^;]{2,160}))?"
        ),
    ),
    (
        "departed",  # "the Company terminated Peter Vance's employment as Chief Operating Officer"
        re.compile(
            rf"\bterminated\s+{_PERSON}[’']s?\s+(?:employment|services?)"
            r"(?:\s+(?:with\s+the\s+Company\s+)?as\s+(?P<role>[^;]{2,160}))?"
        ),
    ),
    (
        "departed",
        re.compile(
            rf"{_PERSON}[’']s?\s+(?:employment|service|tenure|term)\s+(?:as|with)\s+"
            r"(?P<role>[^;]{2,160}?)\s+(?:will\s+|shall\s+|was\s+|has\s+been\s+)?"
            r"(?:terminate|end|cease|conclude|terminated|ended|ceased|concluded)"
        ),
    ),
    (
        "departed",  # "Mr. Smith's retirement as Chief Executive Officer will be effective ..."
        re.compile(
            rf"{_PERSON}[’']s?\s+(?:retirement|resignation|departure|separation)"
            r"(?:\s+(?:as|from)\s+(?P<role>[^;]{2,160}?))?\s+(?:will\s+be|is|was|shall\s+be"
            r"|became|becomes|will\s+become)\s+effective\b"
        ),
    ),
    (
        "departed",
        re.compile(
            r"\b(?:terminated|removed|dismissed"
            r"|(?:voted|resolved|decided|determined)\s+to\s+(?:terminate|remove|dismiss))"
            rf"\s+{_PERSON}\s+{_ROLE_AFTER}"
        ),
    ),
    (
        "departed",  # "terminated the employment of John Smith, its Chief Operating Officer"
        re.compile(
            rf"\bterminated\s+(?:the\s+)?(?:employment|services?)\s+of\s+{_PERSON}"
            r"(?:\s+as\s+(?P<role>[^;]{2,160})|\s*,\s*(?P<appositive>[^,;]{2,160}?)\s*(?:,|\.|$))?"
        ),
    ),
    (
        "appointed",
        re.compile(
            rf"\b(?:appointment|election|promotion|hiring)\s+of\s+{_PERSONS}\s+{_ROLE_AFTER}"
        ),
    ),
    (
        "appointed",
        re.compile(rf"\b(?:{_APPOINT_VERBS})\s+{_PERSONS}{_APPOSITIVE}\s+{_ROLE_AFTER}"),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSONS}{_APPOSITIVE}\s+{_BE}\s+(?:(?:also|further|unanimously|formally)\s+)?"
            rf"(?:{_APPOINT_VERBS})\s+{_ROLE_AFTER_BARE}"
        ),
    ),
    (
        "appointed",  # a bare title after the name: "The Board named Carlos Ruiz Chief ..."
        re.compile(
            rf"\b(?:{_APPOINT_VERBS})\s+{_PERSON_BEFORE_TITLE}\s+"
            rf"(?P<role>(?:(?:interim|acting)\s+)?{_TITLE_START}[^;]{{0,160}})"
        ),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSON}{_APPOSITIVE}\s+(?:will|shall|is\s+expected\s+to)\s+(?:succeed|replace)"
            rf"\s+[^;]{{2,80}}?\s+as\s+(?P<role>[^;]{{2,160}})"
        ),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSON}{_APPOSITIVE}\s+(?:will\s+join|has\s+joined|will\s+become|will\s+assume"
            r"|(?:has\s+)?assumed"
            r"|will\s+serve\s+as|will\s+begin\s+serving\s+as"
            r"|is\s+expected\s+to\s+join)\s+(?:the\s+Company\s+)?(?:as\s+|the\s+(?:role|position)"
            r"\s+of\s+)?(?P<role>[^;]{2,160})"
        ),
    ),
)

_ROLE_WORD = re.compile(
    r"\b(?:officer|president|director|chair(?:man|woman|person)?|treasurer|secretary|controller"
    r"|counsel|ceo|cfo|coo|cto|cio|cmo|cao|cro|cso|head|principal|board|trustee|partner"
    r"|general\s+manager|executive|founder|managing)\b",
    re.IGNORECASE,
)
_ROLE_END = re.compile(
    r"\s*(?:\(|\.\s|\.$|;|,\s*(?:effective|age|who|which|and\s+(?:will|has|is|was))\b|\s+effective\b|\s+of\s+the\s+(?:Company|Registrant|Corporation|Bank|"
    r"Partnership|Trust|Fund)\b|\s+of\s+[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*,?\s+(?:Inc|Corp|"
    r"Corporation|LLC|L\.P|Ltd|Company|Co|plc|N\.A)\b|\s+and\s+(?:will|has|is|was|shall|as)\b|"
    r"\s+(?:to\s+serve|to\s+succeed|until|upon|following|pursuant|in\s+connection|due\s+to|"
    r"for\s+personal|for\s+a\s+term|with\s+immediate|while|after|at\s+the\s+close|replacing|"
    r"succeeding|since|without\s+cause|as\s+of|and\s+from|on\s+an?\s+\w+\s+basis"
    r"|to\s+the\s+(?:role|position)|and\s+(?:all|each|any)\s+(?:\w+\s+)?committees?"
    r"|and\s+(?:Mr|Ms|Mrs|Dr)\.|on\s+(?:or\s+)?(?:about\s+)?(?:" + _MONTHS + r")))"
)
# The function a vice president heads: "Senior Vice President, Finance".
_FUNCTION = re.compile(r"[A-Z][\w&-]*(?:\s+(?:and|&|[A-Z][\w&-]*)){0,3}")
# A "role" that starts with a verb is a clause ("to fill the vacancy"), not a title.
_NOT_A_ROLE = re.compile(
    r"^(?:fill|serve|succeed|replace|become|join|be|assume|lead|oversee|help|vacanc)|committee"
    r"|vacanc",
    re.IGNORECASE,
)
_DIRECTOR_ROLE = re.compile(
    r"(?:(?:a|an|new|additional|independent|non-employee|non-executive|class\s+[IVX]+)\s+)*"
    r"(?:directors?|(?:a\s+)?members?\s+of\s+(?:the\s+|its\s+|our\s+)?board(?:\s+of\s+directors)?"
    r"|(?:the\s+|its\s+|our\s+)?board(?:\s+of\s+directors)?)(?:\s+of\s+the\s+company)?",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset(
    normalize_key(word)
    for word in [
        "the",
        "company",
        "board",
        "directors",
        "director",
        "officer",
        "chief",
        "executive",
        "financial",
        "president",
        "vice",
        "committee",
        "inc",
        "corporation",
        "llc",
        "registrant",
        "chairman",
        "chair",
        "treasurer",
        "secretary",
        "item",
        "compensation",
        "employment",
        "agreement",
        "effective",
        "date",
        "on",
        "in",
        "during",
        "following",
        "as",
        "of",
        "with",
        "separation",
        "severance",
        "each",
        "such",
        "this",
        "that",
        "which",
        "certain",
        "our",
        "its",
        "his",
        "her",
        "their",
        "company's",
        "manager",
        "trust",
        "bank",
        "fund",
        "plan",
        "messrs",
        "interim",
        "acting",
        "senior",
        "general",
        "counsel",
        "also",
        "upon",
        "since",
        "prior",
        "after",
        "before",
    ]
)
_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV"})
# Sentences that state what would happen, not what happened (severance terms, plans).
_CONDITIONAL = re.compile(
    r"\b(?:if|in\s+the\s+event|good\s+reason|eligible|entitled|would\s+(?:be|receive)"
    r"|upon\s+(?:a|any|such|his|her|their)\s+(?:termination|resignation|qualifying)"
    r"|change\s+(?:in|of)\s+control)\b",
    re.IGNORECASE,
)
_VACANCY = re.compile(r"\bvacanc|\bnewly\s+created\s+directorship|\bto\s+the\s+Board\b", re.I)
# Biography sentences ("was elected to the board of Foo Corp in 2019") describe the past.
_BIOGRAPHY = re.compile(
    rf"\b(?:prior\s+to|previously|formerly|from\s+(?:(?:{_MONTHS})\s+)?(?:19|20)\d\d\s+"
    rf"(?:to|until|through)|(?:in|since|during)\s+(?:(?:{_MONTHS})\s+)?(?:19|20)\d\d\b)",
)
# Bio phrases that place an appointee inside the company already (not at a former employer).
_INTERNAL_HIRE = re.compile(
    r"\b(?:joined\s+the\s+Company|since\s+joining\s+the\s+Company|was\s+promoted|"
    r"(?:has\s+served|has\s+been|currently\s+serves|is\s+currently|previously\s+served)"
    r"[^.;]{0,120}?\b(?:of|with|at|for)\s+the\s+Company\b|"
    r"(?:has\s+served|has\s+been|currently\s+serves)\s+as\s+the\s+Company[’']s)",
    re.IGNORECASE,
)
_ROLE_CHANGE = re.compile(
    r"\b(?:continue\s+to\s+serve|remain|transition(?:ed)?\s+to(?:\s+the\s+role\s+of)?|become|"
    r"serve)\s+as\s+(?P<role>[^;]{2,160})",
    re.IGNORECASE,
)
_NOT_CONTINUING = re.compile(r"(?:\bceas\w*\s+to|\bno\s+longer|\bnot)\s+$", re.IGNORECASE)
_OTHER_APPOINTMENT = re.compile(r"\b(?:appoint|name|elect|hire|promot|select)\w*", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"\b(?:there\s+(?:are|were|is|was)\s+no|no)\s+"
    r"(?:arrangements?|understandings?|family\s+relationships?"
    r"|(?:direct\s+or\s+indirect\s+)?material\s+interest|related[-\s]party\s+transactions?"
    r"|transactions?)\b"
    r"|\b(?:was|is|were|are|did|does)\s+not\s+(?:(?:the\s+)?(?:a\s+)?result\s+(?:of|from)|due\s+to"
    r"|because\s+of|based\s+on|in\s+connection\s+with|related\s+to|involve)[^.;]{0,40}?"
    r"\bdisagreements?\b"
    r"|\b(?:Item|Items)\s+401\(|\bItem\s+404\(",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bInc)(?<!\bJr)(?<!\bSr)(?<!\bNo)(?<!\bCo)"
    r"(?<!\bSt)(?<!\bCorp)(?<!\bLtd)(?<!\bBros)(?<!\b[A-Z])[.!?][”\"']?\s+(?=[A-Z“\"(])"
)
_EFFECTIVE = re.compile(
    r"\beffective\s+(?:as\s+of\s+)?(?:the\s+(?:close|end|conclusion)\s+of\s+(?:business|the\s+day)"
    rf"\s+)?(?:on\s+)?(?P<date>{_DATE})",
    re.IGNORECASE,
)
# Dates a change is stated to take effect on without "effective": "will resign ... as of
# January 18, 2025", "will retire from the Company on March 31, 2025", "will join ... on".
_STATED_DATE = re.compile(
    r"(?:\bas\s+of"
    r"|\b(?:will|would)\s+(?:retire|resign|step\s+down|leave|depart|join|assume|become)\b"
    r"[^.;]{0,120}?\bon)"
    rf"\s+(?P<date>{_DATE})",
    re.IGNORECASE,
)
_EFFECTIVE_RELATIVE = re.compile(
    r"\beffective\s+(?:immediately|on\s+(?:such|that|the\s+same)\s+date|as\s+of\s+(?:such|that|"
    r"the\s+same)\s+date|upon\s+(?:such|that)\s+date)",
    re.IGNORECASE,
)
_NAME_RE = re.compile(_ONE_PERSON)
_RE_ELECTION = re.compile(r"\bre-?election\b", re.IGNORECASE)
_PAST_YEAR = re.compile(rf"\bin\s+(?:(?:{_MONTHS})\s+)?(?:19|20)\d\d\b")
_SPLIT_PERSONS = re.compile(_LIST_SEPARATOR)


@dataclass(frozen=True, slots=True)
class LeadershipChange:
    """One officer or director change read from Item 5.02."""

    person: str
    role: str | None
    change: str  # "appointed" | "departed" | "role_change"
    effective_date: str | None
    sentence: str


MAX_SENTENCE_CHARS = 2000  # prose is shorter; longer runs are tables, read only their start
MAX_SECTION_CHARS = 200_000
MAX_CHANGE_SENTENCES = 400  # a real Item 5.02 has a few dozen; the rest of a longer one is noise
# Words without which no pattern can match: sentences lacking all of them are not searched.
_TRIGGER = re.compile(
    r"resign|retir|depart|terminat|appoint|elect|promot|hire|hiring|step(?:ped)?\s+down|\bleft\b"
    r"|\bleav|ceas|passed\s+away|\bdied\b|remov|dismiss|reliev|named|designat|select|succeed"
    r"|replac|join|becom|assum|serv|\bend(?:ed)?\b|conclud|separat|no\s+longer|transition",
    re.IGNORECASE,
)


def _sentences(section: str) -> list[str]:
    sentences: list[str] = []
    for line in section[:MAX_SECTION_CHARS].splitlines():
        sentences.extend(
            s.strip()[:MAX_SENTENCE_CHARS] for s in _SENTENCE_END.split(line) if s.strip()
        )
    return sentences


def _change_sentences(sentences: list[str]) -> list[str]:
    """The sentences worth searching for a change, at most ``MAX_CHANGE_SENTENCES``,
    each without its disclosure boilerplate."""
    stated = (_without_boilerplate(s) for s in sentences)
    kept = (s for s in stated if _TRIGGER.search(s) and not _CONDITIONAL.search(s))
    return list(itertools.islice(kept, MAX_CHANGE_SENTENCES))


def _without_boilerplate(sentence: str) -> str:
    """``sentence`` cut where its required disclosures start ("There are no arrangements or
    understandings ... pursuant to which Ms. Lee was appointed"; "... was not the result of
    any disagreement"): they name the person and the verb but report no change."""
    found = _BOILERPLATE.search(sentence)
    if found is None:
        return sentence
    head = sentence[: found.start()]
    clause = max(head.rfind(";"), head.rfind(", and "), head.rfind(", but "))
    return head[:clause] if clause > 0 else ""


def _clean_person(raw: str) -> str | None:
    """The name in a matched span: titles and leading role words ("Director Jane Doe") dropped."""
    words = raw.replace(",", " ").split()
    for position in range(len(words) - 1, -1, -1):
        if normalize_key(words[position]) in _NOT_A_NAME:
            words = words[position + 1 :]
            break
    while words and re.fullmatch(r"(?:Mr|Ms|Mrs|Dr|Messrs)\.?", words[0]):
        words = words[1:]
    if not words or not words[-1][0].isupper() or words[0] in _SUFFIXES:
        return None
    return " ".join(words)


def _surname(name: str) -> str:
    words = [word for word in name.split() if word not in _SUFFIXES]
    return words[-1] if words else name


def _known_names(sentences: list[str]) -> dict[str, str]:
    """Surname -> full name, for every full name the item mentions once per surname.

    Resolves "Ms. Park" to "Lisa Park"; a surname two different people share
    (Erik and Peter Nordstrom) is left unresolved.
    """
    seen: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for sentence in sentences:
        for match in _NAME_RE.finditer(sentence):
            name = _clean_person(match.group(0))
            if name is None or len(name.split()) < 2:
                continue
            surname = _surname(name)
            seen.setdefault(surname, set()).add(name)
            first.setdefault(surname, name)
    return {surname: first[surname] for surname, names in seen.items() if len(names) == 1}


def _people(raw: str, known: dict[str, str]) -> tuple[list[str], str | None]:
    """The names in a matched person span, resolved, and any role words listed among them:
    a title just before a name ("Chief Operating Officer Jane Doe") or after the names
    ("Lee Ford, Executive Vice President"). A title listed before a name is another
    clause's ("... as Chief Executive Officer and Ms. Ana Cruz was appointed")."""
    people: list[str] = []
    titles: list[str] = []
    for piece in _SPLIT_PERSONS.split(raw):
        person = _clean_person(piece)
        if person is None:
            if people:
                titles.append(piece)
            continue
        title = _clean_role(piece[: piece.rfind(person)])
        if title:
            titles.append(title)
        if " " not in person:
            person = known.get(person, person)
        people.append(person)
    role = _clean_role(", ".join(titles)) if titles else None
    return people, role


def _clean_role(raw: str | None) -> str | None:
    """The role phrase at the start of ``raw``: "Senior Vice President, General Counsel and
    Secretary of the Company, effective ..." -> "Senior Vice President, General Counsel and
    Secretary". Commas continue a role only while the next part names a role too."""
    if not raw:
        return None
    segments = [part.strip() for part in _ROLE_END.split(raw, maxsplit=1)[0].split(",")]
    kept = segments[:1]
    for segment in segments[1:]:
        names_role = _ROLE_WORD.search(segment) or (
            kept[-1].endswith("President") and _FUNCTION.fullmatch(segment)
        )
        if not (segment[:1].isupper() and names_role and len(segment) < 80):
            break
        kept.append(segment)
    role = ", ".join(kept).strip(" .,:;“”\"'")
    previous = None
    while previous != role:
        previous = role
        role = re.sub(
            r"^(?:the|its|our|a|an|then|current|Company[’']s|Registrant[’']s)\s+",
            "",
            role,
            flags=re.I,
        )
    if _DIRECTOR_ROLE.fullmatch(role):
        return "Director"
    if not role or len(role) > 120 or not _ROLE_WORD.search(role) or _NOT_A_ROLE.search(role):
        return None
    return role[0].upper() + role[1:]


def _iso(date_text: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", date_text.replace(",", " ")).strip()
    cleaned = re.sub(r"^Sept\.?(?=\s)", "Sep", cleaned).replace(".", "")
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", cleaned)
    # "the 1st day of March 2025" -> "March 1 2025"
    cleaned = re.sub(r"^(?:the )?(\d{1,2}) day of (\w+) (\d{4})$", r"\2 \1 \3", cleaned)
    for pattern in ("%B %d %Y", "%b %d %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _resume_at(match: re.Match[str]) -> int:
    """Where to search on after ``match``: its role runs to the end of the clause and may
    hold the next change ("... was appointed as CEO and Mr. John Roe was appointed as CFO")."""
    role_start = match.start("role") if "role" in match.re.groupindex else -1
    if role_start > match.start():
        return role_start
    return match.end() if match.end() > match.start() else match.start() + 1


def _effective_date(sentence: str) -> str | None:
    stated = _EFFECTIVE.search(sentence) or _STATED_DATE.search(sentence)
    if stated:
        return _iso(stated.group("date"))
    if _EFFECTIVE_RELATIVE.search(sentence):
        first = _DATE_RE.search(sentence)
        return _iso(first.group(0)) if first else None
    return None


def leadership_changes(section: str) -> list[LeadershipChange]:
    """Officer and director changes stated in an Item 5.02 section, one per person, in order.

    Only sentences that say someone joins, leaves or changes role count: sentences
    about pay, agreements, plans or what would happen on a future termination, and
    biographies of past posts elsewhere, yield nothing.
    """
    sentences = _sentences(section)
    known = _known_names(sentences)
    found: dict[str, LeadershipChange] = {}
    for sentence in _change_sentences(sentences):
        for change, pattern in _PATTERNS:
            start = 0
            while match := pattern.search(sentence, start):
                start = _resume_at(match)
                people, listed_role = _people(match.group("person"), known)
                if not people:
                    start = match.start() + 1  # e.g. "Company announced that ...": look further
                    continue
                for person in people:
                    _consider(found, change, match, sentence, person, listed_role, len(people))
    return [_internal(found_change, sentences) for found_change in found.values()]


def _consider(
    found: dict[str, LeadershipChange],
    change: str,
    match: re.Match[str],
    sentence: str,
    person: str,
    listed_role: str | None,
    people: int,
) -> None:
    """Record what ``match`` says about ``person``, if it is a change with a role."""
    groups = match.groupdict()
    role = _clean_role(groups.get("role"))
    if role and people > 1:
        role = re.sub(r"(Officer|Director|President)s$", r"\1", role)  # "Co-Chief ... Officers"
    appositive = _clean_role(groups.get("appositive"))
    if listed_role and appositive and match.group("person").rstrip().endswith(listed_role):
        listed_role = f"{listed_role}, {appositive}"  # "Lee Ford, EVP, CFO and Treasurer,"
    current_role = None if people > 1 else listed_role or appositive
    if change == "departed" and groups.get("relative") and _PAST_YEAR.search(match.group(0)):
        return  # "... Richard Grellman, who resigned from the Board in December 2022": told before
    if role is None and change == "departed":
        role = _role_from_rest(groups.get("rest")) or current_role
        if role is None and _RE_ELECTION.search(match.group(0)):
            role = "Director"  # only directors stand for re-election
    kind = change
    if change == "departed":
        moved = _continuing_role(sentence, match)
        if moved:
            kind, role = "role_change", moved
    if change == "appointed":
        if _BIOGRAPHY.search(sentence) and not _DATE_RE.search(sentence):
            return  # a past post, told in a biography
        if "promot" in match.group(0).lower() or current_role is not None:
            kind = "role_change"  # promoted, or named with a role they already hold
    if role is None and kind != "departed" and _VACANCY.search(sentence):
        role = "Director"
    if role is None and (kind != "departed" or " " not in person):
        return  # an appointment always names its role
    _record(found, person, role, kind, _effective_date(sentence), sentence)


def _continuing_role(sentence: str, match: re.Match[str]) -> str | None:
    """The role a departing person keeps or moves to in the same clause, if any:
    "will step down as CEO and will continue to serve as Executive Chairman"."""
    for moved in _ROLE_CHANGE.finditer(sentence, match.start()):
        if _NOT_CONTINUING.search(sentence[max(0, moved.start() - 24) : moved.start()]):
            continue  # "ceased to serve as", "will no longer serve as"
        if _OTHER_APPOINTMENT.search(sentence, match.start("person"), moved.start()):
            return None  # someone else is named to serve: "... and appointed Jane Roe to serve"
        role = _clean_role(moved.group("role"))
        if role:
            return role
    return None


def _role_from_rest(rest: str | None) -> str | None:
    if not rest:
        return None
    match = re.search(r"\b(?:as|from\s+(?:his|her|their)\s+\w+\s+(?:as|of))\s+(.+)", rest)
    role = _clean_role(match.group(1)) if match else None
    if role is None and re.search(r"\b(?:from|to)\s+(?:the|its|our)\s+Board\b", rest):
        return "Director"
    return role


def _record(
    found: dict[str, LeadershipChange],
    person: str,
    role: str | None,
    change: str,
    effective: str | None,
    sentence: str,
) -> None:
    key = normalize_key(person)
    existing = found.get(key)
    if existing is None:
        found[key] = LeadershipChange(person, role, change, effective, sentence)
        return
    if existing.change != change and {existing.change, change} == {"appointed", "departed"}:
        new_role = role if change == "appointed" else existing.role
        found[key] = LeadershipChange(
            person, new_role, "role_change", existing.effective_date or effective, sentence
        )
    elif (existing.role is None and role) or (existing.effective_date is None and effective):
        found[key] = LeadershipChange(
            person,
            existing.role or role,
            existing.change,
            existing.effective_date or effective,
            existing.sentence,
        )


def _internal(change: LeadershipChange, sentences: list[str]) -> LeadershipChange:
    """An appointee the filing describes as already with the company changes role."""
    if change.change != "appointed":
        return change
    surname = _surname(change.person)
    for sentence in sentences:
        if surname in sentence and sentence != change.sentence and _INTERNAL_HIRE.search(sentence):
            return LeadershipChange(
                change.person, change.role, "role_change", change.effective_date, change.sentence
            )
    return change


# --- the parse entry point -----------------------------------------------------------------


def _report_date(text: str, facts: dict[str, str]) -> str | None:
    for candidate in (facts.get("DocumentPeriodEndDate"),):
        if candidate:
            found = _DATE_RE.search(candidate)
            iso = _iso(found.group(0)) if found else None
            if iso:
                return iso
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", candidate):
                return candidate
    cover = re.search(rf"Date\s+of\s+Report[^:\n]{{0,80}}:?\s*\n?\s*({_DATE})", text, re.I)
    if cover:
        return _iso(cover.group(1))
    head = _DATE_RE.search(text[:3000])
    if head:
        return _iso(head.group(0))
    signed = re.search(rf"\bDate[d]?\s*:?\s*({_DATE})", text[-3000:])
    return _iso(signed.group(1)) if signed else None


def _registrant_name(text: str, facts: dict[str, str]) -> str | None:
    if facts.get("EntityRegistrantName"):
        return facts["EntityRegistrantName"]
    found = re.search(r"^(.{2,120}?)\s*\n?\(\s*Exact\s+name\s+of\s+registrant", text, re.I | re.M)
    return found.group(1).strip() if found else None


_FORM_8K_TYPE = re.compile(r"8-K(?:/A|\d{1,2}[A-Z]?\d?)?", re.IGNORECASE)  # 8-K, 8-K/A, 8-K12B
_FORM_8K_COVER = re.compile(r"\bForm\s*8\s*[-\u2010\u2011\u2013\u2014]\s*K\b", re.IGNORECASE)
COVER_CHARS = 8000  # the cover page, where "FORM 8-K" stands; later mentions are references


def _sniff(data: bytes) -> str | None:
    """What ``data`` plainly is when it is no HTML or text filing at all, else None."""
    head = data[:4096]
    if not head.strip():
        return "empty document"
    if b"\x00" in head or sum(byte < 9 or 13 < byte < 32 for byte in head) > len(head) // 20:
        return "binary data, not an 8-K"
    first = head.lstrip()[:1]
    if first in (b"{", b"["):
        return "a JSON document, not an 8-K"
    return None


_FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]{0,40})")
_HTML_TAGS = _BLOCK_TAGS | _CELL_TAGS | {"html", "head", "body", "font", "b", "i", "u", "span"}


def _check_8k_document(data: bytes, document: HtmlText) -> None:
    """Raise :class:`ParseError` unless the document says it is a Form 8-K."""
    declared = document.facts.get("DocumentType")
    if declared:
        if not _FORM_8K_TYPE.fullmatch(declared.strip()):
            raise ParseError(f"document type is {declared.strip()[:20]!r}, not an 8-K")
        return
    if _FORM_8K_COVER.search(document.text[:COVER_CHARS]):
        return
    first = _FIRST_TAG.search(re.sub(rb"<[?!][^>]*>", b"", data[:4096]).lstrip()[:64])
    tag = first.group(1).decode("ascii") if first else None
    if tag and tag.lower() not in _HTML_TAGS:
        raise ParseError(f"an XML document with root <{tag}>, not an 8-K")
    words = " ".join(document.text.split()[:8])
    raise ParseError(f"no 'FORM 8-K' on the cover, not an 8-K (it starts {words[:60]!r})")


def _main_document(submission: Submission, where: str) -> bytes:
    """The 8-K itself out of a full submission, after checking the submission type."""
    form = submission.form_type
    if form and not _FORM_8K_TYPE.fullmatch(form.strip()):
        raise ParseError(f"submission type is {form[:20]!r}, not 8-K", where=where)
    main = next((d for d in submission.documents if _FORM_8K_TYPE.fullmatch(d.type)), None)
    if main is None and form is None:
        raise ParseError("submission names no form type and has no 8-K document", where=where)
    return (main or submission.documents[0]).text


def parse(
    data: bytes,
    *,
    source_name: str = "sec-8k",
    company_name: str | None = None,
    cik: str | None = None,
    url: str | None = None,
) -> list[SignalEvent]:
    """LEADERSHIP_CHANGE signals from an 8-K's Item 5.02; [] for an 8-K without them.

    ``data`` is the 8-K document (HTML, inline XBRL or plain text; it must say
    "FORM 8-K" on its cover or declare ``dei:DocumentType`` 8-K) or a full submission
    (its CONFORMED SUBMISSION TYPE must be an 8-K). ``company_name`` and ``cik``
    (e.g. from the Atom feed) take precedence over what the document says. Raises
    :class:`ParseError` naming the problem for input over the size cap, empty,
    binary or JSON input, anything that is not an 8-K, or an 8-K that reports a
    change but names no company or no date.
    """
    where = url or source_name
    if len(data) > MAX_8K_BYTES:
        raise ParseError(f"document is {len(data)} bytes, over the cap", where=where)
    problem = _sniff(data)
    if problem:
        raise ParseError(problem, where=where)
    filed_on: str | None = None
    from_submission = is_submission(data)
    if from_submission:
        submission = parse_submission(data, where=where)
        data = _main_document(submission, where)
        if submission.items and not any(ITEM_502_TITLE.search(i) for i in submission.items):
            return []
        company_name = company_name or submission.company_name
        cik = cik or submission.cik
        filed_on = submission.filed_on
    try:
        document = html_to_text(data)
        if not from_submission:
            _check_8k_document(data, document)
    except ParseError as exc:
        raise ParseError(str(exc), where=where) from None
    section = item_502_section(document.text)
    if section is None:
        return []
    changes = leadership_changes(section)
    if not changes:
        return []
    company_name = company_name or _registrant_name(document.text, document.facts)
    cik = strip_cik(cik) or strip_cik(document.facts.get("EntityCentralIndexKey"))
    if not company_name and not cik:
        raise ParseError("8-K names no registrant and no CIK was given", where=where)
    occurred = filed_on or _report_date(document.text, document.facts)
    if occurred is None:
        raise ParseError("8-K has no filing date and no date of report", where=where)
    occurred_at = datetime.fromisoformat(occurred).replace(tzinfo=UTC)
    who = company_name or f"CIK {cik}"
    try:
        return _signals(changes, who, company_name, cik, occurred_at, source_name, url)
    except ValidationError as exc:
        raise ParseError(f"fields out of range: {exc.errors()[0]['msg']}", where=where) from None


def _signals(
    changes: list[LeadershipChange],
    who: str,
    company_name: str | None,
    cik: str | None,
    occurred_at: datetime,
    source_name: str,
    url: str | None,
) -> list[SignalEvent]:
    return [
        SignalEvent(
            id=fingerprint("leadership_change", cik or company_name, c.person, c.change),
            kind=SignalKind.LEADERSHIP_CHANGE,
            source_type=SOURCE_TYPE,
            source_name=source_name,
            company_name=company_name,
            cik=cik,
            occurred_at=occurred_at,
            title=_title(who, c),
            url=url,
            summary=c.sentence[:1000],
            person=c.person,
            role=c.role,
            change=c.change,
            effective_date=c.effective_date,
        )
        for c in changes
    ]


def _title(company: str, change: LeadershipChange) -> str:
    role = change.role or "officer or director"
    verb = {"appointed": "appointed", "departed": "departs as", "role_change": "moves to"}
    if change.change == "appointed":
        return f"{company}: {change.person} appointed {role}"
    return f"{company}: {change.person} {verb[change.change]} {role}"
