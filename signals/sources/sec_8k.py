"""SEC Form 8-K -> LEADERSHIP_CHANGE signals from Item 5.02.

Accepts the 8-K document as filed (HTML or inline XBRL) or the full submission
text (SGML header plus documents). Only Item 5.02 ("Departure of Directors or
Certain Officers; Election of Directors; Appointment of Certain Officers") is read,
and only sentences that say an officer or director joins, leaves or changes role
yield a signal; compensation-only 5.02(e) reports and 8-Ks without Item 5.02 yield
nothing. HTML is read with the standard library's tokenizer: entities beyond the
HTML named character references are never expanded, nothing is fetched, hidden
inline XBRL headers are skipped.

Per person one signal: ``person``, ``role``, ``change`` (appointed, departed,
role_change: a move inside the company, e.g. a promotion, or leaving one role for
another), ``effective_date`` (ISO date when the text states one). ``occurred_at``
is the filing date from the submission header, else the 8-K's date of report.
``id`` is ``fingerprint("leadership_change", cik or company, person, change)``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from pydantic import ValidationError

from signals.errors import ParseError
from signals.events import SignalEvent, SignalKind
from signals.ids import fingerprint, normalize_key
from signals.sources.sec_atom import is_submission, parse_submission, strip_cik

SOURCE_TYPE = "sec_8k"
MAX_8K_BYTES = 32 * 1024 * 1024
ITEM_502_TITLE = "departure of directors or certain officers"

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
            self.parts.append(data if self._pre_depth else re.sub(r"[\r\n]+", " ", data))


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
    """Visible text of an HTML (or plain text) filing document, whitespace tidied per line."""
    markup = _decode_html(data)
    if not re.search(r"<(?:html|body|p|div|table|font|br)\b", markup[:65536], re.IGNORECASE):
        markup = f"<pre>{html.escape(markup, quote=False)}</pre>"  # a plain-text filing
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
    """The text of Item 5.02, from its heading to the next item heading or the signatures."""
    headings = list(_ITEM_HEADING.finditer(text))
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
        if len(section.split()) > 12:  # skip a bare mention, e.g. in an index
            return section
    return None


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DATE = rf"(?:(?:{_MONTHS})\s+\d{{1,2}}\s*,?\s*\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
_DATE_RE = re.compile(_DATE)
_NAME_WORD = r"[A-Z][A-Za-z'’\-]+"
_PERSON = (
    rf"(?P<person>(?:(?:Mr|Ms|Mrs|Dr)\.?\s+(?:{_NAME_WORD}\s+)?)?{_NAME_WORD}"
    rf"(?:\s+(?:[A-Z]\.|{_NAME_WORD}|de|van|von|der|da|del|la|le)){{0,5}}"
    r"(?:,?\s+(?:Jr|Sr)\.|\s+(?:II|III|IV))?)"
)
_APPOSITIVE = r"(?:\s*,\s*(?P<appositive>[^,;]{2,160}?)\s*,)?"
_ROLE_AFTER = (
    r"(?:as|to\s+serve\s+as|to(?:\s+the\s+(?:position|role|office)s?\s+of)?|from\s+(?:his|her|"
    r"their)\s+(?:positions?|roles?|offices?)\s+(?:as|of))\s+(?P<role>[^;]{2,160})"
)

_DEPART_VERBS = (
    r"(?:has\s+|had\s+)?(?:resigned|retired|stepped\s+down|departed|left)"
    r"|will\s+(?:resign|retire|step\s+down|depart|leave|cease\s+to\s+serve|no\s+longer\s+serve)"
    r"|(?:has\s+)?ceased\s+to\s+serve|(?:is|will\s+be)\s+leaving|passed\s+away|died"
    r"|(?:will|did|has\s+decided\s+to|has\s+elected\s+to|decided\s+to)\s+not\s+stand\s+for\s+re-?election"
    r"|(?:has\s+)?(?:decided|elected)\s+not\s+to\s+stand\s+for\s+re-?election"
    r"|(?:has\s+|had\s+)?(?:notified|informed|advised|tendered|submitted|delivered|gave)"
    r"[^;]{0,160}?(?:resign\w*|retire\w*|step\s+down|depart\w*|not\s+(?:to\s+)?stand\s+for\s+"
    r"re-?election|intention\s+to\s+leave)"
)
_APPOINT_VERBS = r"appointed|elected|named|promoted|hired|designated|selected"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "departed",
        re.compile(
            rf"\b(?:departure|resignation|retirement|termination)\s+of\s+{_PERSON}\s+{_ROLE_AFTER}"
        ),
    ),
    ("departed", re.compile(rf"{_PERSON}{_APPOSITIVE}\s+(?:{_DEPART_VERBS})\b(?P<rest>[^;]*)")),
    (
        "departed",
        re.compile(
            rf"{_PERSON}[’']s?\s+(?:employment|service|tenure|term)\s+(?:as|with)\s+"
            r"(?P<role>[^;]{2,160}?)\s+(?:will\s+|shall\s+|was\s+|has\s+been\s+)?"
            r"(?:terminate|end|cease|conclude|terminated|ended|ceased|concluded)"
        ),
    ),
    (
        "departed",
        re.compile(rf"\b(?:terminated|removed|dismissed)\s+{_PERSON}\s+{_ROLE_AFTER}"),
    ),
    (
        "appointed",
        re.compile(
            rf"\b(?:appointment|election|promotion|hiring)\s+of\s+{_PERSON}\s+{_ROLE_AFTER}"
        ),
    ),
    (
        "appointed",
        re.compile(rf"\b(?:{_APPOINT_VERBS})\s+{_PERSON}{_APPOSITIVE}\s+{_ROLE_AFTER}"),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSON}{_APPOSITIVE}\s+(?:was|has\s+been|will\s+be|had\s+been|is\s+being)\s+"
            rf"(?:{_APPOINT_VERBS})\s+{_ROLE_AFTER}"
        ),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSON}{_APPOSITIVE}\s+(?:will|shall)\s+(?:succeed|replace)\s+[^;]{{2,80}}?"
            rf"\s+as\s+(?P<role>[^;]{{2,160}})"
        ),
    ),
    (
        "appointed",
        re.compile(
            rf"{_PERSON}{_APPOSITIVE}\s+(?:will\s+join|has\s+joined|will\s+become|will\s+assume"
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
    r"succeeding|on\s+(?:or\s+)?(?:about\s+)?(?:" + _MONTHS + r")))"
)
_NOT_A_NAME = frozenset(
    normalize_key(w)
    for w in [
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
    ]
)
_CONDITIONAL = re.compile(
    r"\b(?:if|in\s+the\s+event|good\s+reason|without\s+cause|for\s+cause|change\s+(?:in|of)\s+"
    r"control|would\s+be\s+entitled|will\s+be\s+entitled|eligible)\b",
    re.IGNORECASE,
)
_VACANCY = re.compile(r"\bvacanc|\bnewly\s+created\s+directorship|\bto\s+the\s+Board\b", re.I)
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
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bInc)(?<!\bJr)(?<!\bSr)(?<!\bNo)(?<!\bCo)"
    r"(?<!\bSt)(?<!\bCorp)(?<!\bLtd)(?<!\bBros)(?<!\b[A-Z])[.!?][”\"']?\s+(?=[A-Z“\"(])"
)
_EFFECTIVE = re.compile(rf"\beffective\s+(?:as\s+of\s+|on\s+)?(?P<date>{_DATE})", re.IGNORECASE)
_EFFECTIVE_RELATIVE = re.compile(
    r"\beffective\s+(?:immediately|on\s+(?:such|that|the\s+same)\s+date|as\s+of\s+(?:such|that|"
    r"the\s+same)\s+date|upon\s+(?:such|that)\s+date)",
    re.IGNORECASE,
)


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


def _sentences(section: str) -> list[str]:
    sentences: list[str] = []
    for line in section[:MAX_SECTION_CHARS].splitlines():
        sentences.extend(
            s.strip()[:MAX_SENTENCE_CHARS] for s in _SENTENCE_END.split(line) if s.strip()
        )
    return sentences


def _clean_person(raw: str) -> str | None:
    """The name in a matched span: titles and leading role words ("Director Jane Doe") dropped."""
    words = raw.replace(",", " ").split()
    for position in range(len(words) - 1, -1, -1):
        if normalize_key(words[position]) in _NOT_A_NAME:
            words = words[position + 1 :]
            break
    while words and re.fullmatch(r"(?:Mr|Ms|Mrs|Dr|Messrs)\.?", words[0]):
        words = words[1:]
    if not words or not words[-1][0].isupper():
        return None
    return " ".join(words)


def _clean_role(raw: str | None) -> str | None:
    """The role phrase at the start of ``raw``: "Senior Vice President, General Counsel and
    Secretary of the Company, effective ..." -> "Senior Vice President, General Counsel and
    Secretary". Commas continue a role only while the next part names a role too."""
    if not raw:
        return None
    segments = [part.strip() for part in _ROLE_END.split(raw, maxsplit=1)[0].split(",")]
    kept = segments[:1]
    for segment in segments[1:]:
        if not (segment[:1].isupper() and _ROLE_WORD.search(segment) and len(segment) < 80):
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
    board = r"(?:(?:a\s+)?members?\s+of\s+)?(?:the\s+|its\s+|our\s+)?board(?:\s+of\s+directors)?"
    if re.fullmatch(board + r"(?:\s+of\s+the\s+company)?", role, re.I):
        return "Director"
    if not role or len(role) > 120 or not _ROLE_WORD.search(role):
        return None
    return role[0].upper() + role[1:]


def _iso(date_text: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", date_text.replace(",", " ")).strip()
    cleaned = re.sub(r"^Sept\.?(?=\s)", "Sep", cleaned).replace(".", "")
    for pattern in ("%B %d %Y", "%b %d %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _effective_date(sentence: str) -> str | None:
    stated = _EFFECTIVE.search(sentence)
    if stated:
        return _iso(stated.group("date"))
    if _EFFECTIVE_RELATIVE.search(sentence):
        first = _DATE_RE.search(sentence)
        return _iso(first.group(0)) if first else None
    return None


def leadership_changes(section: str) -> list[LeadershipChange]:
    """Officer and director changes stated in an Item 5.02 section, one per person, in order."""
    sentences = _sentences(section)
    found: dict[str, LeadershipChange] = {}
    full_names: dict[str, str] = {}  # surname -> full name, to resolve "Mr. Smith"
    for sentence in sentences:
        if _CONDITIONAL.search(sentence):
            continue
        for change, pattern in _PATTERNS:
            start = 0
            while match := pattern.search(sentence, start):
                raw_person = match.group("person")
                person = _clean_person(raw_person)
                if person is None:
                    start = match.start() + 1  # e.g. "Company announced that ...": look further
                    continue
                start = match.end()
                title_before = _clean_role(raw_person[: raw_person.rfind(person)])
                if " " in person:
                    full_names.setdefault(person.split()[-1], person)
                else:
                    person = full_names.get(person, person)
                groups = match.groupdict()
                role = _clean_role(groups.get("role"))
                current_role = title_before or _clean_role(groups.get("appositive"))
                if role is None and change == "departed":
                    role = _role_from_rest(groups.get("rest")) or current_role
                kind = change
                if change == "departed":
                    moved = _ROLE_CHANGE.search(sentence, match.start())
                    if moved and _clean_role(moved.group("role")):
                        kind, role = "role_change", _clean_role(moved.group("role"))
                if change == "appointed" and (
                    "promot" in match.group(0).lower() or current_role is not None
                ):
                    kind = "role_change"  # promoted, or named with a role they already hold
                if role is None and kind != "departed" and _VACANCY.search(sentence):
                    role = "Director"
                if role is None and (kind != "departed" or " " not in person):
                    continue  # an appointment always names its role
                _record(found, person, role, kind, _effective_date(sentence), sentence)
    return [_internal(found_change, sentences) for found_change in found.values()]


def _role_from_rest(rest: str | None) -> str | None:
    if not rest:
        return None
    if re.search(r"\bfrom\s+(?:the|its|our)\s+Board\b", rest):
        return "Director"
    match = re.search(r"\b(?:as|from\s+(?:his|her|their)\s+\w+\s+(?:as|of))\s+(.+)", rest)
    return _clean_role(match.group(1)) if match else None


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
    surname = change.person.split()[-1]
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


def parse(
    data: bytes,
    *,
    source_name: str = "sec-8k",
    company_name: str | None = None,
    cik: str | None = None,
    url: str | None = None,
) -> list[SignalEvent]:
    """LEADERSHIP_CHANGE signals from an 8-K's Item 5.02; an empty list when there are none.

    ``company_name`` and ``cik`` (e.g. from the Atom feed) take precedence over what
    the document says. Raises :class:`ParseError` if the input is over the size cap,
    or yields a change but names no company or no date.
    """
    where = url or source_name
    if len(data) > MAX_8K_BYTES:
        raise ParseError(f"document is {len(data)} bytes, over the cap", where=where)
    filed_on: str | None = None
    if is_submission(data):
        submission = parse_submission(data, where=where)
        if submission.items and not any(ITEM_502_TITLE in i.lower() for i in submission.items):
            return []
        company_name = company_name or submission.company_name
        cik = cik or submission.cik
        filed_on = submission.filed_on
        main = next(
            (d for d in submission.documents if d.type.upper().startswith("8-K")),
            submission.documents[0],
        )
        data = main.text
    try:
        document = html_to_text(data)
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
