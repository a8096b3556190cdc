"""Job postings: the typed record, function and seniority classifiers, and board diffs.

Boards (Greenhouse, Lever, Ashby) are parsed into :class:`JobPosting` records by
their source modules. :func:`diff_postings` compares one poll of a board with the
:class:`BoardSnapshot` stored after the previous poll and says what changed, as
signals, plus the snapshot to store now. Everything here is pure: ``now`` is
passed in.

What a diff emits:

- ``JOB_POSTING`` for each posting not in the previous snapshot (once per
  requisition: the same job posted in more cities is one role).
- ``JOB_CLOSED`` for each posting of the previous snapshot that is gone, unless
  its requisition is still open under another posting.
- ``EXECUTIVE_ROLE_OPENED`` for each new VP or C-level posting (besides its
  ``JOB_POSTING``).
- ``HIRING_SURGE`` when a function's open roles grew by at least ``surge_share``
  over the lowest count seen within ``window_days`` and by at least
  ``surge_min_new`` roles; at most once per function and window bucket. A
  requisition counts as one role however many postings it has.

The first poll of a board (no previous snapshot) is a baseline: a 300-job board
seen for the first time says nothing about what is new, so it emits no
``JOB_POSTING`` or surge; it only emits ``EXECUTIVE_ROLE_OPENED`` for executive
postings published within the window, since those are news on their own.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from signals.errors import ParseError, RecordError
from signals.events import AwareDatetime, SignalEvent, SignalKind
from signals.ids import fingerprint

log = logging.getLogger(__name__)

FUNCTIONS = (
    "sales",
    "marketing",
    "engineering",
    "data",
    "product",
    "design",
    "operations",
    "finance",
    "people",
    "legal",
    "customer_success",
    "security",
    "other",
)
SENIORITIES = ("intern", "ic", "manager", "director", "vp", "c_level")
EXECUTIVE_SENIORITIES = frozenset({"vp", "c_level"})


class JobPosting(BaseModel):
    """One open posting on one board. ``board`` is ``"<ats>:<token>"``, e.g. ``"lever:acme"``.

    ``requisition`` is the board's id of the job behind the posting when the board
    says it (Greenhouse ``internal_job_id``): one job posted in five cities is five
    postings of one requisition, one role to hire for.
    """

    model_config = ConfigDict(frozen=True)

    job_id: str = Field(min_length=1)
    board: str = Field(min_length=3)
    title: str
    department: str | None = None
    function: str = "other"
    seniority: str = "ic"
    location: str | None = None
    url: str | None = None
    published_at: AwareDatetime | None = None
    remote: bool = False
    company_name: str | None = None
    requisition: str | None = None


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ParseOutcome(Generic[T]):
    """What a parse kept (``items``) and what it skipped, one :class:`RecordError` each."""

    items: list[T]
    errors: list[RecordError] = field(default_factory=list)


# --- classifiers ------------------------------------------------------------------------------


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Whom a role serves is not its own level: "Chief of Staff to the CEO", "Staff
# Engineer, Office of the CTO".
_SERVES = _words(
    r"\b(?:to|for|supporting)\s+(?:the\s+|our\s+)?(?:c[a-z]{1,3}o|chief\b[^,;()]{0,40}?\bofficer|"
    r"president|founders?|executives?|managing director)\b|"
    r"\boffice\s+of\s+the\s+(?:c[a-z]{1,3}o|chief\b[^,;()]{0,40}?\bofficer|president|chair\w*)\b"
)
# Rules are tried in order; the first that matches names the function. Narrow phrases
# that would otherwise be taken by a broader rule further down come first.
_FUNCTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "sales",
            r"\b(?:sales|solutions?|pre-?sales|partner|value|gtm|go[- ]to[- ]market)\s+"
            r"(?:engineer|architect|consultant)|\bfield\s+c[a-z]{1,3}o\b",
        ),
        ("marketing", r"\b(?:conversion rate|cro\s+(?:specialist|analyst|strategist|manager))"),
        ("finance", r"\brevenue\s+(?:accountant|accounting|recognition|cycle)"),
        (
            "engineering",
            r"\bdesign(?:\s+systems)?\s+engineer|\bsys(?:tems?\s+)?admin\w*|\bhelp\s?desk|"
            r"(?-i:\bIT\b)|\bchief information officer|\bcio\b|\w*entwickler\w*",
        ),
        (
            "security",
            r"\b(?:security|secops|infosec|appsec|ciso|soc analyst|penetration|"
            r"threat|vulnerability|identity and access|iam|grc)\b",
        ),
        (
            "customer_success",
            r"\b(?:customer success|client success|customer support|"
            r"client support|support (?:engineer|specialist|analyst|agent)|customer experience|"
            r"technical account manager|implementation|onboarding|customer service|"
            r"client services?|chief customer officer|kundenservice|kundensupport|"
            r"professional services)\b",
        ),
        (
            "data",
            r"\b(?:data|analytics|machine learning|ml|ai research|"
            r"(?:data|applied|research|decision|ml|ai)\s+scientist|"
            r"bi developer|business intelligence|statistic\w*|biostatistic\w*|"
            r"bioinformatic\w*|computational biolog\w*)\b",
        ),
        (
            "design",
            r"\b(?:design\w*|ux|ui|user research\w*|creative director|art director|illustrat\w*)\b",
        ),
        (
            "product",
            r"\b(?:product manager|product management|product owner|product lead|"
            r"head of product|chief product|product operations|"
            r"(?:s?vp|vice president|director|head),?\s+(?:of\s+)?product\b"
            r"(?!\s+(?:marketing|design)))",
        ),
        (
            "engineering",
            r"\b(?:engineer\w*|developer|software|swe|sre|devops|architect|"
            r"technical staff|programmer|firmware|infrastructure|platform|backend|frontend|"
            r"full[- ]?stack|cto|qa|quality assurance|mobile|ios|android|"
            r"chief technology officer|technology)\b",
        ),
        (
            "sales",
            r"\b(?:sales|account executive|ae|sdr|bdr|business development|"
            r"account manager|partnerships?|partner\s+(?:manager|development|account)|"
            r"revenue|revops|rev ops|deal desk|territory|chief commercial officer|gtm|"
            r"go[- ]to[- ]market|cro|channel|inside sales|solutions? engineer|"
            r"sales engineer|pre-?sales|vertrieb\w*)\b",
        ),
        (
            "marketing",
            r"\b(?:marketing|growth|brand|content|communications|pr|public relations|seo|sem|"
            r"demand gen\w*|lead gen\w*|social media|cmo|copywriter|community|events?)\b",
        ),
        (
            "finance",
            r"\b(?:finance|financial|accounting|accountant|controller|fp&a|tax|"
            r"treasury|payroll|cfo|audit\w*|billing|procurement|bookkeep\w*|"
            r"accounts? (?:payable|receivable)|collections|investor relations|buchhalt\w*)\b",
        ),
        (
            "people",
            r"\b(?:people|hr|hrbp|human resources|recruit\w*|talent|sourcer|"
            r"people operations|chro|learning (?:and|&) development|l&d|total rewards|"
            r"compensation|benefits|dei|diversity)\b",
        ),
        (
            "legal",
            r"\b(?:legal|counsel|attorney|lawyer|paralegal|compliance|privacy|"
            r"general counsel|contracts?|regulatory)\b",
        ),
        (
            "operations",
            r"\b(?:operations|operating|ops|bizops|coo|logistics|supply chain|facilities|"
            r"office (?:manager|coordinator|administrator|assistant)|receptionist|front desk|"
            r"administrative|executive assistant|workplace|procurement|warehouse|fulfil?ment|"
            r"business partner|chief of staff|founders?'?s? associate|coding specialist|"
            r"clinical)\b",
        ),
        # Last: "Marketing Program Manager" is marketing, "DEI Program Manager" people.
        ("product", r"\b(?:program manager|technical program)\b"),
    )
)


def classify_function(title: str | None, department: str | None = None) -> str:
    """The job function of a posting: one of :data:`FUNCTIONS`. Never raises.

    The title's head (before a comma, dash or parenthesis: "Software Engineer, Data
    Platform" is engineering) decides first, then the whole title, then the
    department, for titles that name no function ("Member of Technical Staff").
    Whom the role serves does not count: "Executive Assistant to the CFO" is operations.
    """
    title = _SERVES.sub(" ", title or "")
    head = re.split(r",|\s[-–—|/]\s|\(", title, maxsplit=1)[0]
    for text in (head, title, department):
        if not text:
            continue
        for name, pattern in _FUNCTION_RULES:
            if pattern.search(text):
                return name
    return "other"


_INTERN = _words(
    r"\b(?:intern|internship|co-op|apprentice\w*|trainee|werkstudent\w*|praktik\w*|stagiaire)\b"
)
_ASSISTANT = _words(r"\bassistant\b(?!\s+vice)|\b(?:associate|coordinator)\s+(?:to|of)\b")
_NOT_EXECUTIVE = (  # look like executive titles, are not
    (_words(r"\bfield\s+c[a-z]{1,3}o\b|\bchief\s+of\s+staff\b"), "director"),
    (_words(r"\b(?:avp|assistant vice[- ]president|associate vice[- ]president)\b"), "director"),
    (_words(r"\b(?:deputy|vice)\s+chief\b"), "vp"),
    (_words(r"\bassociate\s+general\s+counsel\b"), "ic"),
    (_words(r"\bdeputy\s+general\s+counsel\b"), "director"),
)
_C_LEVEL = _words(
    r"\bchief\s+\w+(?:\s+\w+){0,2}\s+officer\b|\bchro\b|\bpresident\b|"
    r"\b(?:co-?)?founder\b(?!'s|\s+in\s+residence)|\bgeneral\s+partner|\bmanaging\s+partner|"
    r"\bgesch(?:ä|ae)ftsf(?:ü|ue)hrer\w*|"
    # "CRO Specialist" is conversion-rate work, "CMO Manager" a contract manufacturer's.
    r"\bc[etofmiprds]o\b(?!\s+(?:specialist|manager|analyst|associate|coordinator|lead|"
    r"oversight|strategist|consultant|marketing|program|team|office|staff))|\bciso\b"
)
_VP = _words(
    r"\b(?:vp|svp|evp|rvp|vice[- ]president|head\s+of|general\s+manager|gm|"
    r"general\s+counsel|leiter|leiterin|leitung)\b"
)
_DIRECTOR = _words(r"\b(?:director|principal\s+(?:manager|director))\b")
_MANAGER = _words(
    r"\b(?:manager|mgr|lead|supervisor|team\s+lead|engineering\s+manager|group\s+product\s+manager|"
    r"(?:team|gruppen)leiter(?:in)?)\b(?!\s+gen)"
)
_NOT_PEOPLE_MANAGER = _words(
    r"\b(?<!group\s)(?:account|product|program|project|technical\s+account|customer\s+success|"
    r"office|community|partner|partnerships?|success|case|territory|business\s+development|"
    r"product\s+marketing|partner\s+marketing|social\s+media|relationship)\s+manager\b"
)


def classify_seniority(title: str | None) -> str:
    """Seniority from a title: intern, ic, manager, director, vp or c_level. Never raises.

    "Executive Assistant to the CEO" is an individual contributor, not C-level, and
    an "Account Manager" manages accounts, not people. Titles that read like an
    executive's but are not one ("Chief of Staff", "Field CTO", "AVP", "Deputy
    General Counsel") get the level below.
    """
    if not title:
        return "ic"
    title = _SERVES.sub(" ", title)
    if _INTERN.search(title):
        return "intern"
    if _ASSISTANT.search(title):
        return "ic"
    for pattern, level in _NOT_EXECUTIVE:
        if pattern.search(title):
            return level
    if _C_LEVEL.search(title) and not re.search(r"\bvice\b", title, re.IGNORECASE):
        return "c_level"
    if _VP.search(title):
        return "vp"
    if _DIRECTOR.search(title) and not re.search(r"\bart director\b", title, re.IGNORECASE):
        return "director"
    if _MANAGER.search(title) and not _NOT_PEOPLE_MANAGER.search(title):
        return "manager"
    return "ic"


# --- board snapshots and diffs ----------------------------------------------------------------


class OpenPosting(BaseModel):
    """A posting as the snapshot remembers it."""

    model_config = ConfigDict(frozen=True)

    function: str
    seniority: str = "ic"
    title: str = ""
    first_seen: AwareDatetime
    requisition: str | None = None


class CountPoint(BaseModel):
    """Open roles in one function on one day (the last poll of that day)."""

    model_config = ConfigDict(frozen=True)

    day: date
    count: int = Field(ge=0)


class BoardSnapshot(BaseModel):
    """What a board looked like after a poll. JSON round-trips with ``model_dump_json``.

    ``history`` holds one count per function per day within the window; ``surges``
    remembers the window bucket of the last surge per function so it is sent once.
    """

    model_config = ConfigDict(frozen=True)

    schema_version: int = 1
    board: str
    taken_at: AwareDatetime
    open: dict[str, OpenPosting] = Field(default_factory=dict)
    history: dict[str, tuple[CountPoint, ...]] = Field(default_factory=dict)
    surges: dict[str, int] = Field(default_factory=dict)


def _bucket(now: datetime, window_days: int) -> int:
    return (now.astimezone(UTC).date().toordinal()) // max(1, window_days)


def _base_signal(
    kind: SignalKind,
    signal_id: str,
    *,
    board: str,
    company_name: str | None,
    occurred_at: datetime,
    title: str,
) -> dict[str, object]:
    return {
        "id": signal_id,
        "kind": kind,
        "source_type": board.split(":", 1)[0],
        "source_name": board,
        "company_name": company_name,
        "ats_board": board,
        "occurred_at": occurred_at,
        "title": title,
    }


def diff_postings(
    previous: BoardSnapshot | None,
    postings: list[JobPosting],
    *,
    now: datetime,
    company_name: str | None,
    surge_share: float = 0.5,
    surge_min_new: int = 3,
    window_days: int = 30,
    board: str | None = None,
) -> tuple[list[SignalEvent], BoardSnapshot]:
    """Signals for what changed on a board since ``previous``, and the snapshot to store.

    ``postings`` is one complete poll of one board. ``board`` defaults to the
    postings' board, else the previous snapshot's; a poll with no postings and no
    previous snapshot needs it. Duplicate job ids keep the first posting.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    board_name = (
        board or (postings[0].board if postings else None) or (previous.board if previous else None)
    )
    if board_name is None:
        raise ValueError("board is needed when there are no postings and no previous snapshot")
    current: dict[str, JobPosting] = {}
    for posting in postings:
        current.setdefault(posting.job_id, posting)
    company = company_name or next((p.company_name for p in postings if p.company_name), None)
    window_start = now - timedelta(days=window_days)
    signals: list[SignalEvent] = []

    before = previous.open if previous else {}
    requisitions_before = {o.requisition for o in before.values() if o.requisition}
    open_now: dict[str, OpenPosting] = {}
    for job_id, posting in current.items():
        seen = before.get(job_id)
        open_now[job_id] = OpenPosting(
            function=posting.function,
            seniority=posting.seniority,
            title=posting.title[:200],
            first_seen=seen.first_seen if seen else now,
            requisition=posting.requisition,
        )
        if seen is not None:
            continue
        if posting.requisition:  # another city for a role already announced is not news
            if posting.requisition in requisitions_before:
                continue
            requisitions_before.add(posting.requisition)
        executive = posting.seniority in EXECUTIVE_SENIORITIES
        recent = posting.published_at is None or posting.published_at >= window_start
        if previous is not None:
            signals.append(_posting_signal(SignalKind.JOB_POSTING, posting, company, now))
        if executive and (previous is not None or (recent and posting.published_at is not None)):
            signals.append(_posting_signal(SignalKind.EXECUTIVE_ROLE_OPENED, posting, company, now))

    requisitions_open = {p.requisition for p in current.values() if p.requisition}
    for job_id, gone in before.items():
        if job_id not in current and gone.requisition not in requisitions_open:
            fields = _base_signal(
                SignalKind.JOB_CLOSED,
                fingerprint("job_closed", board_name, job_id),
                board=board_name,
                company_name=company,
                occurred_at=now,
                title=f"{company or board_name} closed: {gone.title}",
            )
            signals.append(
                SignalEvent.model_validate(
                    {
                        **fields,
                        "job_id": job_id,
                        "function": gone.function,
                        "seniority": gone.seniority,
                    }
                )
            )

    roles = {p.requisition or f"job {job_id}": p.function for job_id, p in open_now.items()}
    counts = Counter(roles.values())
    today = now.astimezone(UTC).date()
    history: dict[str, tuple[CountPoint, ...]] = {}
    functions = set(counts) | (set(previous.history) if previous else set())
    for function in sorted(functions):
        past = previous.history.get(function, ()) if previous else ()
        kept = [p for p in past if p.day >= window_start.date() and p.day != today]
        history[function] = (*kept, CountPoint(day=today, count=counts.get(function, 0)))
    history = {f: points for f, points in history.items() if any(p.count for p in points)}

    surges = dict(previous.surges) if previous else {}
    bucket = _bucket(now, window_days)
    if previous is not None:
        for function, points in history.items():
            earlier = [p.count for p in points[:-1]]
            if not earlier:
                continue
            baseline, current_count = min(earlier), points[-1].count
            grew = current_count - baseline
            if grew < surge_min_new or current_count < baseline * (1 + surge_share):
                continue
            if surges.get(function) == bucket:
                continue
            surges[function] = bucket
            fields = _base_signal(
                SignalKind.HIRING_SURGE,
                fingerprint("hiring_surge", board_name, function, str(bucket)),
                board=board_name,
                company_name=company,
                occurred_at=now,
                title=f"{company or board_name}: {function} openings up from {baseline} to "
                f"{current_count} in {window_days} days",
            )
            signals.append(
                SignalEvent.model_validate(
                    {
                        **fields,
                        "function": function,
                        "open_roles": current_count,
                        "previous_open_roles": baseline,
                    }
                )
            )

    snapshot = BoardSnapshot(
        board=board_name, taken_at=now, open=open_now, history=history, surges=surges
    )
    return signals, snapshot


def _posting_signal(
    kind: SignalKind, posting: JobPosting, company: str | None, now: datetime
) -> SignalEvent:
    prefix = "job_posting" if kind is SignalKind.JOB_POSTING else "executive_role_opened"
    who = company or posting.board
    title = (
        f"{who} is hiring: {posting.title}"
        if kind is SignalKind.JOB_POSTING
        else f"{who} opened an executive role: {posting.title}"
    )
    fields = _base_signal(
        kind,
        fingerprint(prefix, posting.board, posting.job_id),
        board=posting.board,
        company_name=company,
        occurred_at=posting.published_at or now,
        title=title,
    )
    return SignalEvent.model_validate(
        {
            **fields,
            "url": posting.url,
            "job_id": posting.job_id,
            "function": posting.function,
            "seniority": posting.seniority,
            "location": posting.location,
            "department": posting.department,
        }
    )


# --- helpers shared by the board parsers ------------------------------------------------------

MAX_BOARD_BYTES = 32 * 1024 * 1024


def load_board_json(data: bytes, *, where: str) -> object:
    """JSON of a board response, size-capped; ParseError when it is not JSON."""
    if len(data) > MAX_BOARD_BYTES:
        raise ParseError(f"response is {len(data)} bytes, over the cap", where=where)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(f"not JSON: {exc}"[:300], where=where) from None


def board_error(body: object) -> str:
    """``"; the board says: ..."`` when an error body carries a message, else ``""``."""
    if isinstance(body, dict):
        message = as_text(body.get("error")) or as_text(body.get("message"))
        if message:
            return f"; the board says: {message[:200]}"
    return ""


def as_text(value: object) -> str | None:
    """A stripped non-empty string, or None (numbers are turned into text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def as_bool(value: object) -> bool:
    """JSON booleans, and the strings "true"/"false" some exports write."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def as_time(value: object) -> datetime | None:
    """ISO 8601 text or epoch milliseconds -> aware UTC; None when unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(float(value) / 1000, UTC)
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


REMOTE = re.compile(r"\b(?:remote|anywhere|distributed|work from home|wfh)\b", re.IGNORECASE)


def clean_title(value: object) -> str | None:
    """A title as shown: HTML entities decoded (``R&amp;D`` -> ``R&D``), blanks collapsed."""
    text = as_text(value)
    if text is None:
        return None
    return " ".join(html.unescape(text).split()) or None


def first_text(*values: object) -> str | None:
    """The first of ``values`` that is non-empty text."""
    return next((t for t in map(as_text, values) if t is not None), None)


def build_posting(
    *,
    job_id: object,
    board: str,
    title: object,
    department: str | None,
    location: str | None,
    url: object,
    published_at: datetime | None,
    remote: bool,
    company_name: str | None = None,
    position: int,
    title_field: str = "title",
    employment: str | None = None,
    requisition: object = None,
) -> JobPosting:
    """A classified :class:`JobPosting`; RecordError naming the item when id or title is bad.

    ``employment`` is the board's employment type or commitment ("Intern",
    "Full-time"): an internship is an intern posting whatever its title says.
    """
    job_text = as_text(job_id)
    title_text = clean_title(title)
    if job_text is None:
        raise RecordError(f"job {position}: field 'id' is missing or not a string", where=board)
    if title_text is None:
        raise RecordError(
            f"job {position} ({job_text}): field {title_field!r} is missing", where=board
        )
    return JobPosting(
        job_id=job_text,
        board=board,
        title=title_text,
        department=department,
        function=classify_function(title_text, department),
        seniority="intern"
        if employment and _INTERN.search(employment)
        else classify_seniority(title_text),
        location=location,
        url=as_text(url),
        published_at=published_at,
        remote=remote or bool(location and REMOTE.search(location)),
        company_name=company_name,
        requisition=as_text(requisition),
    )


def collect(
    jobs: list[object], board: str, build: Callable[[dict[str, Any], int], JobPosting | None]
) -> ParseOutcome[JobPosting]:
    """Build each job dict (None: leave it out); a bad one becomes a RecordError, the rest stay."""
    items: list[JobPosting] = []
    errors: list[RecordError] = []
    for position, job in enumerate(jobs):
        if not isinstance(job, dict):
            errors.append(RecordError(f"job {position} is not an object", where=board))
            continue
        try:
            posting = build(job, position)
        except RecordError as exc:
            errors.append(exc)
        except (ValidationError, ValueError, TypeError) as exc:
            errors.append(RecordError(f"job {position}: {exc}"[:300], where=board))
        else:
            if posting is not None:
                items.append(posting)
    return ParseOutcome(items=items, errors=errors)


def log_errors(board: str, outcome: ParseOutcome[JobPosting]) -> None:
    """Log each skipped posting of ``outcome`` once."""
    for error in outcome.errors:
        log.warning("%s: posting skipped: %s", board, error)
