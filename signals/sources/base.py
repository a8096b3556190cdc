"""The contract every source type fulfils, and the state a poll carries forward.

A source type turns a configured source (:class:`~signals.config.SourceConfig`) into
:class:`~signals.events.SignalEvent` records. Fetching and parsing are kept apart:
``parse`` is pure and takes bytes; ``poll`` does the I/O through a shared
:class:`~signals.fetch.Fetcher` and returns a :class:`PollOutcome` with the new
:class:`SourceState` the caller stores and hands back next time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from signals.config import InvalidSourceKey, SourceConfig
from signals.errors import FetchError, SourceError
from signals.events import SignalEvent

if TYPE_CHECKING:
    from signals.fetch import Fetcher


class SourceState(BaseModel):
    """What a source remembers between polls. Frozen; round-trips through JSON.

    ``etag`` and ``last_modified`` drive the conditional GET. ``cursor`` is the source
    type's own memory, JSON values only (e.g. ``{"seen": ["0001234567-26-000001"]}``
    or a job board snapshot dumped to JSON).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    etag: str | None = None
    last_modified: str | None = None
    cursor: dict[str, JsonValue] = Field(default_factory=dict)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes | None) -> SourceState:
        """The state stored as ``text``; an empty or missing value is the initial state."""
        return cls.model_validate_json(text) if text else cls()


@dataclass(frozen=True)
class ParsedDocument:
    """What one document yielded: the signals, and the items skipped with why."""

    events: list[SignalEvent]
    errors: list[SourceError] = field(default_factory=list)


@dataclass(frozen=True)
class PollOutcome:
    """The result of one poll.

    ``events`` are new signals to publish; ``errors`` are per-item problems (a bad
    entry, one filing that could not be fetched) that were skipped while the rest
    was kept; ``state`` is what to store for the next poll. ``not_modified`` is True
    when the server answered 304.
    """

    events: list[SignalEvent]
    state: SourceState
    errors: list[SourceError] = field(default_factory=list)
    not_modified: bool = False


class SourceType(ABC):
    """A kind of signal source. A subclass writes ``parse``; the base class owns the rest.

    Subclasses set ``type_name`` (the ``type`` in the sources file) and ``summary``
    (one line for ``inmarket sources types``). The default ``poll`` makes a
    conditional GET of ``config.url``, treats 304 as "no news", parses the body and
    returns the validators for the next conditional GET. Override ``poll`` for
    sources that need more than one request or remember more than validators, and
    ``check_config`` when the source needs something other than a URL.

    Instances hold no per-source state and may be shared across sources and tasks.

    Example, a source type for a JSON list of funding announcements::

        >>> import json
        >>> from datetime import datetime
        >>> from signals.config import SourceConfig
        >>> from signals.errors import ParseError
        >>> from signals.events import SignalEvent, SignalKind
        >>> from signals.ids import fingerprint
        >>> from signals.sources.base import SourceType
        >>> class FundingJson(SourceType):
        ...     type_name = "funding-json"
        ...     summary = "A JSON array of {company, amount, date} objects"
        ...
        ...     def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        ...         try:
        ...             items = json.loads(data)
        ...         except ValueError as exc:
        ...             raise ParseError(f"not JSON: {exc}", where=config.url) from exc
        ...         return [
        ...             SignalEvent(
        ...                 id=fingerprint("funding", item["company"], item["date"]),
        ...                 kind=SignalKind.FUNDING,
        ...                 source_type=self.type_name,
        ...                 source_name=config.name,
        ...                 company_name=item["company"],
        ...                 occurred_at=datetime.fromisoformat(item["date"]),
        ...                 title=f"{item['company']} raised {item['amount']}",
        ...                 amount=item["amount"],
        ...             )
        ...             for item in items
        ...         ]
        >>> config = SourceConfig(name="demo", type="funding-json", url="https://example.com/f.json")
        >>> data = b'[{"company": "Acme", "amount": 5000000, "date": "2026-03-01"}]'
        >>> [event.title for event in FundingJson().parse(data, config)]
        ['Acme raised 5000000']

    Register it for ``inmarket`` with an entry point in the plugin's pyproject.toml::

        [project.entry-points."inmarket.source_types"]
        funding-json = "my_package.sources:FundingJson"
    """

    type_name: ClassVar[str]
    summary: ClassVar[str]
    #: What a config entry must carry: a ``url``, a ``board``, or nothing.
    requires: ClassVar[Literal["url", "board", "nothing"]] = "url"

    def check_config(self, config: SourceConfig) -> None:
        """Reject an entry this type cannot work with. Called when the sources file is
        loaded; pure, does not block. Raises ``InvalidSourceKey(key, reason)``."""
        if self.requires == "url" and not config.url:
            raise InvalidSourceKey("url", f"a {self.type_name!r} source needs a url")
        if self.requires == "board" and not (config.board or config.url):
            raise InvalidSourceKey("board", f"a {self.type_name!r} source needs a board")

    @abstractmethod
    def parse(self, data: bytes, config: SourceConfig) -> list[SignalEvent]:
        """Turn one fetched document into signals.

        Pure and synchronous: no I/O, no clock, same bytes give the same events (and
        ids). Called by ``poll`` after a 200, and by ``inmarket signals parse`` on a
        saved file. Bad items are skipped; raises ``ParseError`` when the document as
        a whole cannot be read (empty, not the expected format, too large).
        """

    def parse_document(
        self, data: bytes, config: SourceConfig, *, now: datetime | None = None
    ) -> ParsedDocument:
        """``parse`` plus the items it skipped. Same contract as ``parse``; override it
        when the parser reports skipped items. ``now`` (the poll time) may stand in for
        a missing date; with ``None`` such items are skipped."""
        return ParsedDocument(events=self.parse(data, config))

    def url_for(self, config: SourceConfig) -> str:
        """The URL ``poll`` fetches. Pure. Raises ``SourceError`` if there is none."""
        if not config.url:
            raise SourceError("no url configured", where=config.name)
        return config.url

    async def poll(
        self, config: SourceConfig, fetcher: Fetcher, state: SourceState, *, now: datetime
    ) -> PollOutcome:
        """Fetch the source once and return what is new.

        Called by the poll worker when the source is due, and by ``inmarket sources
        test``. Awaits network I/O (through ``fetcher``, which paces and retries);
        never blocks the loop for long. Raises ``SourceError``: ``FetchError`` when
        the document could not be fetched (``retriable`` tells whether a later poll
        may succeed), ``ParseError`` when it could not be read at all. ``now`` is
        the poll time, for types that stamp or diff by time.
        """
        url = self.url_for(config)
        result = await fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
        if result.not_modified:
            return PollOutcome(events=[], state=state, not_modified=True)
        if result.body is None:  # pragma: no cover - Fetcher returns a body with every 2xx
            raise FetchError("empty answer", where=url, retriable=True)
        parsed = self.parse_document(result.body, config, now=now)
        new_state = state.model_copy(
            update={"etag": result.etag, "last_modified": result.last_modified}
        )
        return PollOutcome(events=parsed.events, state=new_state, errors=parsed.errors)
