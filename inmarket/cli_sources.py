"""``inmarket sources ...`` and ``inmarket signals parse``: manage and try signal sources.

- ``sources types``: the registered source types, one line each.
- ``sources list``: the sources file with each source's health from the store, as
  whitespace-separated columns that are never cut when piped (a terminal shortens
  only URLs and errors), or ``--json``: one object per source, numbers as numbers.
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

from inmarket import cli_io
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

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


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
    return cli_io.fail(message, code)


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
    """One line of ``sources list`` (and one object of ``--json``). Health fields are
    None / "-" without a store; ``failures`` is the count of consecutive failures."""

    name: str
    type: str
    target: str
    url: str | None
    board: str | None
    interval_seconds: int
    enabled: bool
    last_success: str
    last_success_at: str | None
    last_error: str
    failures: int | None


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
    """Rows for ``sources list``; health columns are "-" (None) without a store."""
    rows = []
    for source in sources:
        state = health.get(source.name) if health is not None else None
        success_at: datetime | None = None
        failures: int | None
        if health is None:
            success, error, failures = "-", "-", None
        elif state is None:
            success, error, failures = "never", "", 0
        else:
            success_at = state.last_success_at
            success = _ago(success_at, now)
            error = (state.last_error or "").splitlines()[0][:80] if state.last_error else ""
            failures = state.consecutive_failures
        rows.append(
            SourceRow(
                name=source.name,
                type=source.type,
                target=source.url or (f"board {source.board}" if source.board else "-"),
                url=source.url,
                board=source.board,
                interval_seconds=source.poll_interval_seconds,
                enabled=source.enabled,
                last_success=success,
                last_success_at=success_at.isoformat() if success_at else None,
                last_error=error,
                failures=failures,
            )
        )
    return rows


TABLE_HEADER = ("name", "type", "url/board", "every", "on", "last ok", "fails", "last error")
#: Columns a narrow terminal may shorten (url/board, last error); the others never are.
SHORTENED_COLUMNS = (2, 7)
MIN_SHORTENED = 16


def _cells(row: SourceRow) -> tuple[str, ...]:
    return (
        row.name,
        row.type,
        row.target,
        f"{row.interval_seconds}s",
        "yes" if row.enabled else "no",
        row.last_success,
        "-" if row.failures is None else str(row.failures),
        row.last_error,
    )


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters by replacing its middle with "…" (the start and
    the end of a URL say the most)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = (width - 1) * 2 // 3
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def table_lines(rows: Sequence[SourceRow], *, width: int | None = None) -> list[str]:
    """``sources list`` as aligned, whitespace-separated columns, a header line first.

    Nothing is cut when ``width`` is None (output that is not a terminal). With a
    terminal ``width``, only the url/board and last error columns are shortened to fit,
    never below 16 characters; every other column, the name first, stays whole even if
    the line is then wider than the terminal.
    """
    table = [TABLE_HEADER, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(TABLE_HEADER))]
    if width is not None:
        widths = _fit(widths, width)
    lines = []
    for line in table:
        cells = [shorten(cell, widths[i]) for i, cell in enumerate(line)]
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])]
        lines.append("  ".join([*padded, cells[-1]]).rstrip())
    return lines


def _fit(widths: list[int], width: int) -> list[int]:
    """Column widths with the shortenable columns narrowed until the line fits."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    for index in sorted(SHORTENED_COLUMNS, key=lambda i: -widths[i]):
        if excess <= 0:
            break
        cut = min(excess, max(0, widths[index] - MIN_SHORTENED))
        widths[index] -= cut
        excess -= cut
    return widths


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
            out.print(json.dumps(dataclasses.asdict(row)), markup=False, emoji=False)
        return
    if not rows:
        err.print(f"no sources in {path}; add one with `inmarket sources add`", markup=False)
        return
    width = out.width if out.is_terminal else None
    for line in table_lines(rows, width=width):
        out.print(line, markup=False, emoji=False)


# --------------------------------------------------------------------------- add / remove


def plural(count: int, noun: str) -> str:
    """``1 source``, ``2 sources``, ``0 sources``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _board_types() -> list[str]:
    return sorted(name for name, cls in source_types().items() if cls.requires == "board")


def _takes_board(type_name: str) -> bool:
    """Whether ``type_name`` reads a job board token; True for an unknown type, whose
    error the config validation reports."""
    types = source_types()
    return type_name not in types or types[type_name].requires == "board"


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
    url: Annotated[
        str | None, typer.Option(help="The document or feed URL (job boards: API or board page).")
    ] = None,
    board: Annotated[
        str | None, typer.Option(help="The job board token (wins over the one in --url).")
    ] = None,
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
    if url and board and not _takes_board(type_):
        raise _fail(
            f"give --url, not both --url and --board: --board is for job-board types "
            f"({', '.join(_board_types())})",
            2,
        )
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
    err.print(f"added {name!r} to {path} ({plural(len(sources), 'source')})", markup=False)


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
    err.print(f"removed {name!r} from {path} ({plural(len(left), 'source')} left)", markup=False)


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
    err.print(
        f"{name}: {plural(len(events), 'signal')}, {plural(len(errors), 'item')} skipped "
        f"in {time.perf_counter() - started:.1f}s{_baseline_note(state)}",
        markup=False,
    )


def _baseline_note(state: SourceState) -> str:
    """For a job board: what a first live poll would record (a test stores nothing)."""
    snapshot = state.cursor.get("snapshot")
    open_postings = snapshot.get("open") if isinstance(snapshot, dict) else None
    if not isinstance(open_postings, dict):
        return ""
    count = len(open_postings)
    return (
        f"; a first poll would record a baseline of {plural(count, 'open posting')} "
        "(nothing was stored)"
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
