"""``inmarket sources ...`` and ``inmarket signals parse``: manage and try signal sources.

- ``sources types``: the registered source types, one line each.
- ``sources list``: the sources file with each source's health from the store.
- ``sources add`` / ``sources remove``: edit the sources file (validated, atomic,
  comments kept).
- ``sources test NAME``: poll one source once, as a first poll would (no stored
  state), print each signal as a JSON line; nothing is published or stored.
- ``signals parse --source-type TYPE FILE``: parse a saved document offline, one
  JSON line per signal. For ``sec-atom`` the lines are the listed filings; for job
  boards the board is diffed against an empty one, so every open posting is a
  ``job_posting`` line (a live first poll only records a baseline).

Signals go to stdout; skipped items, warnings and summaries go to stderr. Errors are
one line on stderr with exit code 1 (source or document) or 2 (usage, config).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

import httpx
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from signals.config import SourceConfig, add_source, load_sources, remove_source
from signals.errors import SourceConfigError, SourceError
from signals.events import SignalEvent, SignalKind
from signals.fetch import Fetcher
from signals.registry import get_source_type, plugin_errors, source_types
from signals.sources.base import SourceState

MAX_FILE_BYTES = 64 * 1024 * 1024
PLACEHOLDER_AGENT_HINT = "INMARKET_USER_AGENT"
CORE_FIELDS = (
    "id",
    "kind",
    "source_type",
    "source_name",
    "company_name",
    "company_domain",
    "cik",
    "occurred_at",
    "title",
    "url",
)

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class SourceHealthLike(Protocol):
    """What ``sources list`` shows of a source's health (see ``inmarket.store``)."""

    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def consecutive_failures(self) -> int: ...


SourceHealthReader = Callable[[], Awaitable[Mapping[str, SourceHealthLike]]]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"error: {message}", markup=False)
    return typer.Exit(code)


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


def _settings() -> Any | None:
    """The application settings, or None when they cannot be loaded."""
    try:
        from inmarket.settings import load_settings

        return load_settings()
    except Exception:  # settings problems are reported by the commands that need them
        return None


def resolve_sources_file(option: Path | None) -> Path:
    if option is not None:
        return option
    settings = _settings()
    if settings is None:
        raise _fail("cannot load settings; pass --sources-file or set INMARKET_SOURCES_FILE", 2)
    return Path(settings.sources_file)


SourcesFileOption = Annotated[
    Path | None,
    typer.Option(
        "--sources-file",
        envvar="INMARKET_SOURCES_FILE",
        help="The sources file (default: the sources_file setting, sources.toml).",
        show_default=False,
    ),
]


def _load(path: Path) -> list[SourceConfig]:
    try:
        return load_sources(path)
    except SourceConfigError as exc:
        raise _fail(str(exc), 2) from None


# --------------------------------------------------------------------------- sources types


def types_command() -> None:
    """List the source types that can be used in the sources file."""
    types = source_types()
    width = max(len(name) for name in types)
    for name, cls in types.items():
        out.print(f"{name:<{width}}  {cls.summary}", markup=False)
    for problem in plugin_errors():
        err.print(f"warning: {problem}", markup=False)


# --------------------------------------------------------------------------- sources list


@dataclasses.dataclass(frozen=True)
class SourceRow:
    """One line of ``sources list``."""

    name: str
    type: str
    target: str
    interval: str
    enabled: bool
    last_success: str
    last_error: str
    failures: str


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = max(0, int((now - when).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


def source_rows(
    sources: Sequence[SourceConfig],
    health: Mapping[str, SourceHealthLike] | None,
    *,
    now: datetime,
) -> list[SourceRow]:
    """Rows for ``sources list``; health columns are "-" without a store."""
    rows = []
    for source in sources:
        state = health.get(source.name) if health is not None else None
        if health is None:
            success, error, failures = "-", "-", "-"
        elif state is None:
            success, error, failures = "never", "", "0"
        else:
            success = _ago(state.last_success_at, now)
            error = (state.last_error or "").splitlines()[0][:80] if state.last_error else ""
            failures = str(state.consecutive_failures)
        rows.append(
            SourceRow(
                name=source.name,
                type=source.type,
                target=source.url or (f"board {source.board}" if source.board else "-"),
                interval=f"{source.poll_interval_seconds}s",
                enabled=source.enabled,
                last_success=success,
                last_error=error,
                failures=failures,
            )
        )
    return rows


def store_url() -> str | None:
    """The configured database URL; None when there is none to read yet (a SQLite file
    that does not exist is not created just to list sources)."""
    settings = _settings()
    if settings is None:
        return None
    url: str = settings.database_url or "sqlite:///inmarket.db"
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return None
    return url


async def store_health(url: str) -> Mapping[str, SourceHealthLike] | None:
    """Source health from the store at ``url``; None when the store module is absent."""
    try:
        from inmarket.store.db import Store
    except ImportError:
        return None
    store = Store.open(url)
    try:
        health: Mapping[str, SourceHealthLike] = await store.source_health()
        return health
    finally:
        await store.close()


def list_command(
    sources_file: SourcesFileOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the configured sources and their health (last success, last error, failures)."""
    path = resolve_sources_file(sources_file)
    sources = _load(path)
    url = store_url()
    try:
        health = asyncio.run(store_health(url)) if url else None
    except Exception as exc:  # the store is optional here: show the file without health
        err.print(f"warning: no source health ({type(exc).__name__}: {exc})", markup=False)
        health = None
    rows = source_rows(sources, health, now=datetime.now(UTC))
    if as_json:
        for row in rows:
            out.print(json.dumps(dataclasses.asdict(row)), markup=False)
        return
    if not rows:
        err.print(f"no sources in {path}; add one with `inmarket sources add`", markup=False)
        return
    table = Table(box=None, pad_edge=False)
    for column in ["name", "type", "url/board", "every", "on", "last ok", "last error", "fails"]:
        table.add_column(column, no_wrap=column != "last error", overflow="fold")
    for row in rows:
        table.add_row(
            row.name,
            row.type,
            row.target,
            row.interval,
            "yes" if row.enabled else "no",
            row.last_success,
            row.last_error,
            row.failures,
        )
    out.print(table)


# --------------------------------------------------------------------------- add / remove


def parse_option(text: str) -> tuple[str, str | int | float | bool]:
    """``key=value`` with the value read as a bool, an int, a float or else a string."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise typer.BadParameter(f"{text!r} is not key=value")
    value: str | int | float | bool = raw
    if raw.lower() in {"true", "false"}:
        value = raw.lower() == "true"
    else:
        for kind in (int, float):
            try:
                value = kind(raw)
                break
            except ValueError:
                continue
    return key.strip(), value


def add_command(
    name: Annotated[str, typer.Argument(help="A slug: a-z, 0-9, '-', '_'.")],
    type_: Annotated[str, typer.Option("--type", help="A source type (see `sources types`).")],
    url: Annotated[str | None, typer.Option(help="The document or feed URL.")] = None,
    board: Annotated[str | None, typer.Option(help="The job board token.")] = None,
    interval: Annotated[
        int, typer.Option(help="Seconds between polls (at least 10).", min=10)
    ] = 900,
    kind: Annotated[
        SignalKind | None, typer.Option(help="What it is expected to emit (informational).")
    ] = None,
    option: Annotated[
        list[str] | None, typer.Option("--option", help="key=value, repeatable.")
    ] = None,
    disabled: Annotated[bool, typer.Option("--disabled", help="Add it switched off.")] = False,
    sources_file: SourcesFileOption = None,
) -> None:
    """Add a source to the sources file (validated, written atomically)."""
    path = resolve_sources_file(sources_file)
    if url and board:
        raise _fail("give --url or --board, not both (a board's URL is built from it)", 2)
    try:
        config = SourceConfig(
            name=name,
            type=type_,
            url=url,
            board=board,
            kind=kind,
            poll_interval_seconds=interval,
            enabled=not disabled,
            options=dict(parse_option(o) for o in option or []),
        )
    except ValidationError as exc:
        raise _fail(_first_problem(exc), 2) from None
    try:
        sources = add_source(path, config)
    except SourceConfigError as exc:
        raise _fail(str(exc), 2) from None
    err.print(f"added {name!r} to {path} ({len(sources)} sources)", markup=False)


def remove_command(
    name: Annotated[str, typer.Argument(help="The source to remove.")],
    sources_file: SourcesFileOption = None,
) -> None:
    """Remove a source from the sources file."""
    path = resolve_sources_file(sources_file)
    try:
        left = remove_source(path, name)
    except SourceConfigError as exc:
        raise _fail(str(exc), 2) from None
    err.print(f"removed {name!r} from {path} ({len(left)} sources left)", markup=False)


# --------------------------------------------------------------------------- sources test


def signal_line(event: SignalEvent) -> str:
    """A signal as one JSON line: the core fields always, the others when set."""
    data = event.model_dump(mode="json")
    line = {key: data[key] for key in CORE_FIELDS}
    line.update(
        (key, value)
        for key, value in data.items()
        if key not in line and key != "schema_version" and value not in (None, [], "")
    )
    return json.dumps(line, ensure_ascii=False)


def _user_agent(option: str | None) -> str:
    if option:
        return option
    settings = _settings()
    agent: str = getattr(settings, "user_agent", "") or ""
    if not agent.strip():
        raise _fail("no user agent: set INMARKET_USER_AGENT or pass --user-agent", 2)
    if PLACEHOLDER_AGENT_HINT in agent:
        err.print(
            "warning: the User-Agent is the placeholder; SEC and others ask for your name "
            "and a contact address (INMARKET_USER_AGENT)",
            markup=False,
        )
    return agent


async def test_source(
    config: SourceConfig,
    *,
    user_agent: str,
    max_bytes: int = 5_000_000,
    client: httpx.AsyncClient | None = None,
    now: datetime | None = None,
) -> tuple[list[SignalEvent], list[SourceError], SourceState]:
    """Poll ``config`` once from a blank state. Raises SourceError like ``poll``."""
    source = get_source_type(config.type)()
    owned = client is None
    http = client or httpx.AsyncClient()
    try:
        fetcher = Fetcher(http, user_agent=user_agent, max_bytes=max_bytes)
        outcome = await source.poll(config, fetcher, SourceState(), now=now or datetime.now(UTC))
    finally:
        if owned:
            await http.aclose()
    return outcome.events, outcome.errors, outcome.state


def test_command(
    name: Annotated[str, typer.Argument(help="The source to poll once.")],
    user_agent: Annotated[
        str | None, typer.Option(help="User-Agent (default: the user_agent setting).")
    ] = None,
    sources_file: SourcesFileOption = None,
) -> None:
    """Poll one source once and print its signals as JSON lines; publishes nothing."""
    path = resolve_sources_file(sources_file)
    sources = {s.name: s for s in _load(path)}
    if name not in sources:
        raise _fail(f"no source named {name!r} in {path} (have: {', '.join(sources) or 'none'})", 2)
    config = sources[name]
    settings = _settings()
    max_bytes = int(getattr(settings, "max_feed_bytes", 5_000_000))
    started = time.perf_counter()
    try:
        events, errors, state = asyncio.run(
            test_source(config, user_agent=_user_agent(user_agent), max_bytes=max_bytes)
        )
    except SourceError as exc:
        raise _fail(f"{name}: {exc}") from None
    for event in events:
        out.print(signal_line(event), markup=False)
    for error in errors:
        err.print(f"skipped: {error}", markup=False)
    extra = ""
    snapshot = state.cursor.get("snapshot")
    open_postings = snapshot.get("open") if isinstance(snapshot, dict) else None
    if isinstance(open_postings, dict):
        extra = f"; baseline of {len(open_postings)} open postings recorded"
    err.print(
        f"{name}: {len(events)} signals, {len(errors)} items skipped "
        f"in {time.perf_counter() - started:.1f}s{extra}",
        markup=False,
    )


# --------------------------------------------------------------------------- signals parse


def _read_document(file: Path) -> bytes:
    try:
        if str(file) == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(f"{file}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _fail(f"{file}: larger than {MAX_FILE_BYTES} bytes")
    return data


def _filing_line(filing: Any) -> str:
    data = dataclasses.asdict(filing)
    for key in ("primary_doc_url", "submission_text_url"):
        data[key] = getattr(filing, key, None)
    return json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


def parse_command(
    file: Annotated[Path, typer.Argument(help="The saved document ('-' for stdin).")],
    source_type: Annotated[str, typer.Option("--source-type", help="See `sources types`.")],
    name: Annotated[str, typer.Option(help="Source name to stamp on the signals.")] = "cli",
    url: Annotated[
        str | None, typer.Option(help="Where the document came from (links, ids).")
    ] = None,
    board: Annotated[str, typer.Option(help="Job board token, for job board types.")] = "board",
) -> None:
    """Parse a saved document offline: one JSON signal per line on stdout.

    Exit 0 (and no lines) for a readable document without signals; exit 1 with a
    one-line error for a document that cannot be read.
    """
    try:
        source = get_source_type(source_type)()
        config = SourceConfig(name=name, type=source_type, url=url, board=board)
    except SourceConfigError as exc:
        raise _fail(str(exc), 2) from None
    except ValidationError as exc:
        raise _fail(_first_problem(exc), 2) from None
    data = _read_document(file)
    filings = getattr(source, "filings", None)
    try:
        if filings is not None:
            for filing in filings(data, config):
                out.print(_filing_line(filing), markup=False)
            return
        document = source.parse_document(data, config)
    except SourceError as exc:
        raise _fail(f"{file}: {exc}") from None
    for event in document.events:
        out.print(signal_line(event), markup=False)
    for skipped in document.errors:
        err.print(f"skipped: {skipped}", markup=False)


def register(cli: typer.Typer) -> None:
    """Add the ``sources`` group and ``signals parse`` to the root CLI."""
    sources = typer.Typer(help="List, add, remove and try signal sources.", no_args_is_help=True)
    sources.command("types")(types_command)
    sources.command("list")(list_command)
    sources.command("add")(add_command)
    sources.command("remove")(remove_command)
    sources.command("test")(test_command)
    cli.add_typer(sources, name="sources")
    signals = typer.Typer(help="Work with signals offline.", no_args_is_help=True)
    signals.command("parse")(parse_command)
    cli.add_typer(signals, name="signals")
