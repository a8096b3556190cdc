"""The built-in source types: thin wrappers that put the parsers behind ``SourceType``.

Each parser module is imported when first used, so the registry loads even when one
parser is missing or broken (the type then fails on use with a clear error).

Events a source yields carry ``source_type`` = the type's name and ``source_name`` =
the configured source's name, whatever the parser put there.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import SplitResult, parse_qs, urlsplit

from signals.config import InvalidSourceKey, SourceConfig
from signals.errors import FetchError, ParseError, SourceError
from signals.events import SignalEvent
from signals.fetch import HttpStatusError
from signals.sources.base import ParsedDocument, PollOutcome, SourceState, SourceType

if TYPE_CHECKING:
    from signals.fetch import Fetcher


def _parser(module: str) -> ModuleType:
    """The parser module ``signals.sources.<module>`` (or ``signals.jobs``), imported on use."""
    name = "signals.jobs" if module == "jobs" else f"signals.sources.{module}"
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise SourceError(f"parser module {name} is unavailable: {exc}") from exc


def _stamp(events: Iterable[SignalEvent], type_name: str, source_name: str) -> list[SignalEvent]:
    return [
        event
        if event.source_type == type_name and event.source_name == source_name
        else event.model_copy(update={"source_type": type_name, "source_name": source_name})
        for event in events
    ]


def _int_option(config: SourceConfig, key: str, default: int, *, minimum: int = 1) -> int:
    value = config.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidSourceKey(f"options.{key}", f"must be a whole number >= {minimum}")
    return value


# --------------------------------------------------------------------------- news feeds


class RssSource(SourceType):
    """A news feed (see :mod:`signals.sources.rss`). Option ``max_bytes`` caps the document;
    items skipped by the parser come back as per-item errors."""

    type_name = "rss"
    summary = "RSS or Atom news feed: funding, acquisition and leadership headlines"

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        return self.parse_document(data, config).events

    def parse_document(
        self, data: bytes, config: SourceConfig, *, now: datetime | None = None
    ) -> ParsedDocument:
        rss = _parser("rss")
        result = rss.parse_feed(
            data,
            source_name=config.name,
            feed_url=config.url,
            max_bytes=_int_option(config, "max_bytes", rss.DEFAULT_MAX_BYTES),
            now=now,
        )
        return ParsedDocument(
            events=_stamp(result.events, self.type_name, config.name),
            errors=list(result.skipped),
        )


# --------------------------------------------------------------------------- SEC EDGAR


class SecFormDSource(SourceType):
    """One Form D document at ``url`` (see :mod:`signals.sources.sec_form_d`)."""

    type_name = "sec-form-d"
    summary = "One SEC Form D (primary_doc.xml or full submission .txt): a funding signal"

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        events = _parser("sec_form_d").parse(data, source_name=config.name, url=config.url)
        return _stamp(events, self.type_name, config.name)


class Sec8KSource(SourceType):
    """One 8-K at ``url`` (see :mod:`signals.sources.sec_8k`); [] when it reports no
    leadership change."""

    type_name = "sec-8k"
    summary = "One SEC 8-K (primary document or full submission .txt): leadership changes"

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        events = _parser("sec_8k").parse(data, source_name=config.name, url=config.url)
        return _stamp(events, self.type_name, config.name)


DEFAULT_EDGAR_FORMS = ("D", "D/A", "8-K", "8-K/A")
SEEN_LIMIT = 5000
MAX_DOCUMENT_BYTES = 32_000_000  # a full 8-K submission carries its exhibits


class SecAtomSource(SourceType):
    """The EDGAR latest-filings feed; each new Form D or 8-K filing is fetched and parsed.

    Options: ``max_filings`` (documents fetched per poll, default 20), ``forms``
    (comma-separated form types, default ``D,D/A,8-K,8-K/A``) and
    ``max_document_bytes`` (size cap of one filing's document, default 32 MB: an 8-K
    is fetched as the full submission text, exhibits included). ``state.cursor["seen"]``
    lists the accession numbers already handled, newest last, at most 5000.
    A filing that fails to fetch (retriable) is tried again next poll; one that
    fails to parse is reported and not tried again.
    """

    type_name = "sec-atom"
    summary = "SEC EDGAR latest-filings Atom feed; fetches each new Form D and 8-K"

    def check_config(self, config: SourceConfig) -> None:
        super().check_config(config)
        _int_option(config, "max_filings", 20)
        _int_option(config, "max_document_bytes", MAX_DOCUMENT_BYTES)
        forms = config.options.get("forms")
        if forms is not None and not isinstance(forms, str):
            raise InvalidSourceKey("options.forms", "must be a comma-separated string")

    def forms(self, config: SourceConfig) -> frozenset[str]:
        raw = config.options.get("forms")
        if not isinstance(raw, str):
            return frozenset(DEFAULT_EDGAR_FORMS)
        return frozenset(part.strip().upper() for part in raw.split(",") if part.strip())

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        """The feed itself carries no signals: it lists filings (see ``filings``).
        Returns [] for a valid feed; raises ParseError for anything else."""
        self.filings(data, config)
        return []

    def filings(self, data: bytes, config: SourceConfig) -> list[Any]:
        """The ``EdgarFiling`` records of a latest-filings page, in feed order."""
        return list(_parser("sec_atom").parse(data, source_name=config.name))

    def new_filings(
        self, filings: Sequence[Any], config: SourceConfig, seen: Iterable[str]
    ) -> list[Any]:
        """Wanted, unseen filings, one per accession number (the filer's or issuer's
        entry), oldest first."""
        skip = set(seen)
        wanted = _parser("sec_atom").filings_to_fetch(list(filings), self.forms(config))
        return [filing for filing in reversed(wanted) if filing.accession_number not in skip]

    def document_url(self, filing: Any) -> str:
        """Where the filing's document lives: Form D's primary_doc.xml, else the full text."""
        return filing.primary_doc_url or filing.submission_text_url

    def parse_filing(self, filing: Any, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        url = self.document_url(filing)
        form = filing.form_type.upper()
        module = "sec_form_d" if form in {"D", "D/A"} else "sec_8k"
        if form not in {"D", "D/A", "8-K", "8-K/A"}:
            raise ParseError(f"no parser for form {filing.form_type!r}", where=url)
        parser = _parser(module)
        if module == "sec_8k":
            events = parser.parse(
                data,
                source_name=config.name,
                company_name=filing.company_name,
                cik=filing.cik,
                url=url,
            )
        else:
            events = parser.parse(data, source_name=config.name, url=url)
        return _stamp(events, self.type_name, config.name)

    async def poll(
        self, config: SourceConfig, fetcher: Fetcher, state: SourceState, *, now: datetime
    ) -> PollOutcome:
        url = self.url_for(config)
        feed = await fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
        if feed.not_modified or feed.body is None:
            return PollOutcome(events=[], state=state, not_modified=True)
        raw_seen = state.cursor.get("seen", [])
        seen = [str(item) for item in raw_seen] if isinstance(raw_seen, list) else []
        todo = self.new_filings(self.filings(feed.body, config), config, seen)
        todo = todo[: _int_option(config, "max_filings", 20)]
        max_document_bytes = _int_option(config, "max_document_bytes", MAX_DOCUMENT_BYTES)

        events: list[SignalEvent] = []
        errors: list[SourceError] = []
        for filing in todo:
            doc_url = self.document_url(filing)
            try:
                document = await fetcher.get(doc_url, max_bytes=max_document_bytes)
                if document.body is None:
                    raise FetchError("no body", where=doc_url)
                events.extend(self.parse_filing(filing, document.body, config))
            except SourceError as exc:
                errors.append(exc)
                if exc.retriable:
                    continue  # try again next poll
            seen.append(filing.accession_number)
        cursor = {**state.cursor, "seen": seen[-SEEN_LIMIT:]}
        new_state = SourceState(etag=feed.etag, last_modified=feed.last_modified, cursor=cursor)
        return PollOutcome(events=events, state=new_state, errors=errors)


# --------------------------------------------------------------------------- job boards

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ParsedPostings:
    postings: list[Any]
    errors: list[SourceError]


_BOARD_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def _split(url: str) -> SplitResult:
    """``url`` split; an unreadable one (a bad IPv6 host, a bad port) as an empty URL."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError:
        return urlsplit("")
    return parts


@dataclass(frozen=True)
class BoardInUrl:
    """The board a URL names: its ``token``, its ``host`` (lower case), and whether the
    URL is the public board ``page`` (HTML: the type's API URL is fetched instead)."""

    token: str
    host: str
    page: bool


class _JobBoardSource(SourceType):
    """A public job board. ``state.cursor["snapshot"]`` holds the last BoardSnapshot.

    Each poll diffs the board against the last snapshot (see ``signals.jobs``): new
    postings, closed postings, hiring surges. The first poll of a board records the
    baseline. Options: ``company_name`` and ``company_domain`` (else taken from the
    postings or the board token).

    The board token (what signals carry as ``ats_board`` and accounts are matched on)
    is ``board`` when given. Else it is read from ``url``, which must then have one of
    the known shapes: the API path ``api_path`` on any host (a mirror included), or a
    public board page on one of ``page_hosts`` (``https://{page host}/{token}``), which
    stands for the type's own API URL. A ``url`` naming another board than ``board``
    is refused: its postings would be matched to the wrong account.
    """

    requires = "board"
    module: ClassVar[str]
    #: The API path; group 1 is the token. Searched at the end of the URL's path.
    api_path: ClassVar[re.Pattern[str]]
    #: Hosts of the public board pages, whose first path segment is the token.
    page_hosts: ClassVar[frozenset[str]] = frozenset()
    #: The URL shapes ``board_in_url`` knows, for error messages.
    url_shapes: ClassVar[str]

    def check_config(self, config: SourceConfig) -> None:
        super().check_config(config)
        if not config.url:
            return
        found = self.board_in_url(config.url)
        host = _split(config.url).hostname or ""
        if found is None and host.lower() in self.page_hosts:
            raise InvalidSourceKey(
                "url",
                f"a {host} url must be the board page https://{host}/{{token}} "
                "(a posting's page is not a board)",
            )
        if found is None and not config.board:
            raise InvalidSourceKey(
                "url",
                f"cannot tell the {self.type_name} board token from this url "
                f"(known shapes: {self.url_shapes}); set board",
            )
        if found is not None and config.board and found.token.lower() != config.board.lower():
            raise InvalidSourceKey(
                "url", f"names board {found.token!r}, but board is {config.board!r}"
            )

    def board_in_url(self, url: str) -> BoardInUrl | None:
        """The board ``url`` names, or None when it has no known shape. Pure."""
        parts = _split(url)
        host = (parts.hostname or "").lower()
        if host in self.page_hosts:
            token, page = self.page_token(parts), True
        else:
            match = self.api_path.search(parts.path)
            token, page = (match.group(1) if match else None), False
        if token is None or not _BOARD_TOKEN.fullmatch(token):
            return None
        return BoardInUrl(token=token, host=host, page=page)

    def page_token(self, parts: SplitResult) -> str | None:
        """The token of a board page URL: its only path segment."""
        segments = [segment for segment in parts.path.split("/") if segment]
        return segments[0] if len(segments) == 1 else None

    def board(self, config: SourceConfig) -> str:
        """The board token: ``board``, else the one ``url`` names. Raises SourceError."""
        if config.board:
            return config.board
        found = self.board_in_url(config.url) if config.url else None
        if found is None:
            raise SourceError("no board configured; set board", where=config.name)
        return found.token

    def board_url(self, board: str, config: SourceConfig) -> str:
        raise NotImplementedError

    def url_for(self, config: SourceConfig) -> str:
        """``url`` as given, except that a board page stands for the API URL."""
        if not config.url:
            return self.board_url(self.board(config), config)
        found = self.board_in_url(config.url)
        if found is not None and found.page:
            return self.board_url(self.board(config), config)
        return config.url

    def postings(self, data: bytes, config: SourceConfig) -> ParsedPostings:
        """The board's ``JobPosting`` records and the postings skipped with why."""
        module = _parser(self.module)
        board = self.board(config)
        outcome_of = getattr(module, "parse_outcome", None)
        if outcome_of is not None:
            outcome = outcome_of(data, board=board)
            return ParsedPostings(list(outcome.items), list(outcome.errors))
        return ParsedPostings(list(module.parse(data, board=board)), [])

    def company_name(self, config: SourceConfig) -> str | None:
        company = config.options.get("company_name")
        return str(company) if company is not None else None

    def diff(
        self, previous: Any, data: bytes, config: SourceConfig, now: datetime
    ) -> tuple[ParsedDocument, Any]:
        """Signals for what changed since ``previous`` (a BoardSnapshot or None), and the
        snapshot to store."""
        jobs = _parser("jobs")
        parsed = self.postings(data, config)
        events, snapshot = jobs.diff_postings(
            previous,
            parsed.postings,
            now=now,
            company_name=self.company_name(config),
            board=f"{self.type_name}:{self.board(config)}",
        )
        document = ParsedDocument(_stamp(events, self.type_name, config.name), parsed.errors)
        return document, snapshot

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        """Every open posting as a JOB_POSTING (plus EXECUTIVE_ROLE_OPENED for VP and
        C-level roles): the board diffed against an empty one. A posting without a
        date is stamped with the newest posting date, so the result depends on the
        bytes only. ``poll`` diffs against the stored snapshot instead."""
        return self.parse_document(data, config).events

    def parse_document(
        self, data: bytes, config: SourceConfig, *, now: datetime | None = None
    ) -> ParsedDocument:
        jobs = _parser("jobs")
        postings = self.postings(data, config).postings
        if now is None:
            dates = [p.published_at for p in postings if p.published_at is not None]
            now = max(dates, default=_EPOCH)
        empty = jobs.BoardSnapshot(board=f"{self.type_name}:{self.board(config)}", taken_at=now)
        document, _ = self.diff(empty, data, config, now)
        return document

    async def poll(
        self, config: SourceConfig, fetcher: Fetcher, state: SourceState, *, now: datetime
    ) -> PollOutcome:
        url = self.url_for(config)
        try:
            result = await fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
        except HttpStatusError as exc:
            if exc.status in (400, 404):
                raise HttpStatusError(
                    exc.status,
                    f"unknown {self.type_name} board {self.board(config)!r} ({exc})",
                    where=config.name,
                    retriable=False,
                ) from exc
            raise
        if result.not_modified or result.body is None:
            return PollOutcome(events=[], state=state, not_modified=True)
        jobs = _parser("jobs")
        raw = state.cursor.get("snapshot")
        try:
            previous = jobs.BoardSnapshot.model_validate(raw) if raw else None
        except ValueError:
            previous = None  # an unreadable snapshot (older schema): start a new baseline
        document, snapshot = self.diff(previous, result.body, config, now)
        cursor = {**state.cursor, "snapshot": snapshot.model_dump(mode="json")}
        new_state = SourceState(etag=result.etag, last_modified=result.last_modified, cursor=cursor)
        return PollOutcome(events=document.events, state=new_state, errors=document.errors)


class GreenhouseSource(_JobBoardSource):
    """``board`` is the Greenhouse board token."""

    type_name = "greenhouse"
    summary = "Greenhouse job board (boards-api.greenhouse.io): openings, closings, surges"
    module = "greenhouse"
    api_path = re.compile(r"/v1/boards/([^/]+)/jobs/?$")
    page_hosts = frozenset({"boards.greenhouse.io", "job-boards.greenhouse.io"})
    url_shapes = (
        "https://boards-api.greenhouse.io/v1/boards/{token}/jobs, "
        "https://boards.greenhouse.io/{token}, https://job-boards.greenhouse.io/{token}"
    )

    def page_token(self, parts: SplitResult) -> str | None:
        """Also the embedded board, ``/embed/job_board?for={token}``."""
        if parts.path.rstrip("/") == "/embed/job_board":
            tokens = parse_qs(parts.query).get("for", [])
            return tokens[0] if len(tokens) == 1 else None
        return super().page_token(parts)

    def board_url(self, board: str, config: SourceConfig) -> str:
        return f"https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true"


class LeverSource(_JobBoardSource):
    """``board`` is the Lever company name; ``options.region = "eu"`` for EU accounts."""

    type_name = "lever"
    summary = "Lever job board (api.lever.co; options.region = 'eu' for api.eu.lever.co)"
    module = "lever"
    api_path = re.compile(r"/v0/postings/([^/]+)/?$")
    page_hosts = frozenset({"jobs.lever.co", "jobs.eu.lever.co"})
    url_shapes = (
        "https://api.lever.co/v0/postings/{company}, https://jobs.lever.co/{company}, "
        "https://jobs.eu.lever.co/{company}"
    )

    def check_config(self, config: SourceConfig) -> None:
        super().check_config(config)
        if config.options.get("region", "global") not in {"global", "eu"}:
            raise InvalidSourceKey("options.region", "must be 'eu' or 'global'")

    def board_url(self, board: str, config: SourceConfig) -> str:
        """The EU API when ``options.region`` is ``eu``, or, without the option, when
        ``url`` is an EU board page (jobs.eu.lever.co)."""
        region = config.options.get("region")
        if region is None and config.url:
            found = self.board_in_url(config.url)
            region = "eu" if found is not None and found.host == "jobs.eu.lever.co" else None
        host = "api.eu.lever.co" if region == "eu" else "api.lever.co"
        return f"https://{host}/v0/postings/{board}?mode=json"


class AshbySource(_JobBoardSource):
    """``board`` is the Ashby job board name."""

    type_name = "ashby"
    summary = "Ashby job board (api.ashbyhq.com posting API): openings, closings, surges"
    module = "ashby"
    api_path = re.compile(r"/posting-api/job-board/([^/]+)/?$")
    page_hosts = frozenset({"jobs.ashbyhq.com"})
    url_shapes = (
        "https://api.ashbyhq.com/posting-api/job-board/{name}, https://jobs.ashbyhq.com/{name}"
    )

    def board_url(self, board: str, config: SourceConfig) -> str:
        return f"https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"


# --------------------------------------------------------------------------- webhook


class WebhookSource(SourceType):
    """Signals pushed to inmarket (HTTP POST or the ``signals.inbound`` topic); never polled."""

    type_name = "webhook"
    summary = "Signals pushed by HTTP POST or on signals.inbound (inmarket's JSON schema)"
    requires = "nothing"

    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        return self.parse_document(data, config).events

    def parse_document(
        self, data: bytes, config: SourceConfig, *, now: datetime | None = None
    ) -> ParsedDocument:
        from signals.sources import webhook

        batch = webhook.parse(data)
        return ParsedDocument(
            events=[
                e if e.source_name else e.model_copy(update={"source_name": config.name})
                for e in batch.events
            ],
            errors=[rejection.to_error() for rejection in batch.rejected],
        )

    async def poll(
        self, config: SourceConfig, fetcher: Fetcher, state: SourceState, *, now: datetime
    ) -> PollOutcome:
        """Nothing to fetch: returns no events and the state unchanged."""
        return PollOutcome(events=[], state=state)


BUILTIN_TYPES: tuple[type[SourceType], ...] = (
    RssSource,
    SecFormDSource,
    Sec8KSource,
    SecAtomSource,
    GreenhouseSource,
    LeverSource,
    AshbySource,
    WebhookSource,
)
