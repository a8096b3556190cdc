"""The sources file: which signal sources to poll, how often, and with what options.

A TOML file of ``[[source]]`` tables (a missing file means no sources)::

    [[source]]
    name = "techcrunch-funding"
    type = "rss"
    url = "https://techcrunch.com/category/venture/feed/"
    kind = "funding"              # what it is expected to emit (informational)
    poll_interval_seconds = 900   # at least 10
    enabled = true

    [[source]]
    name = "acme-jobs"
    type = "greenhouse"
    board = "acme"
    options = { max_postings = 500 }

Every problem is a :class:`~signals.errors.SourceConfigError` that names the file, the
source (name and position), the key and its line. :func:`add_source` and
:func:`remove_source` edit the text in place, so hand-written comments survive; every
write goes to a temporary file first and replaces the original atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from signals.errors import SourceConfigError
from signals.events import SignalKind

OptionValue = str | int | float | bool


class InvalidSourceKey(SourceConfigError):
    """A source type rejects one key of an entry (raised by ``SourceType.check_config``)."""

    def __init__(self, key: str, reason: str):
        self.key = key
        self.reason = reason
        super().__init__(f"key {key!r}: {reason}")


NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_NAME_RE = re.compile(NAME_PATTERN)


class SourceConfig(BaseModel):
    """One configured source. ``type`` names a registered source type (``rss``, ``sec-atom``...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="slug: a-z, 0-9, '-' and '_'")
    type: str = Field(min_length=1)
    url: str | None = None
    board: str | None = None
    kind: SignalKind | None = None
    poll_interval_seconds: int = Field(default=900, ge=10)
    enabled: bool = True
    options: dict[str, OptionValue] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value):
            raise ValueError(
                "must be a slug of at most 64 characters: a-z, 0-9, '-' and '_', "
                "starting with a letter or digit (e.g. 'acme-news')"
            )
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("board")
    @classmethod
    def _board_token(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}", value):
            raise ValueError("must be a board token: letters, digits, '.', '_' or '-'")
        return value

    def option(self, key: str, default: OptionValue) -> OptionValue:
        """An option's value, or ``default`` when unset."""
        return self.options.get(key, default)


# --------------------------------------------------------------------------- line lookup


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_SOURCE_HEADER = re.compile(r"^\s*\[\[\s*source\s*\]\]\s*(#.*)?$")


@dataclass(frozen=True)
class _Block:
    """Where one ``[[source]]`` table sits in the file (1-based, ``end`` exclusive)."""

    start: int
    end: int


def _source_blocks(lines: Sequence[str]) -> list[_Block]:
    """Line ranges of the ``[[source]]`` tables, including their ``[source.*]`` subtables."""
    starts: list[int] = []
    stops: list[int] = []
    for number, line in enumerate(lines, start=1):
        if _SOURCE_HEADER.match(line):
            if len(starts) > len(stops):
                stops.append(number)
            starts.append(number)
            continue
        header = _HEADER.match(line)
        if header and not header.group(1).startswith("source.") and len(starts) > len(stops):
            stops.append(number)
    if len(starts) > len(stops):
        stops.append(len(lines) + 1)
    return [_Block(a, b) for a, b in zip(starts, stops, strict=True)]


def _key_line(lines: Sequence[str], block: _Block | None, key: str) -> int | None:
    """The line that sets ``key`` (``"url"``, ``"options.region"``) inside ``block``;
    the line of its table when not found, None without a block."""
    if block is None:
        return None
    top, _, leaf = key.partition(".")
    top_line = _find_key(lines, range(block.start, block.end), top)
    if leaf:
        # The leaf sits on the inline-table line or under a [source.options] header.
        header = re.compile(rf"^\s*\[\s*source\.{re.escape(top)}\s*\]")
        sub = next((n for n in range(block.start, block.end) if header.match(lines[n - 1])), None)
        if sub is not None:
            return _find_key(lines, range(sub + 1, block.end), leaf) or sub
    return top_line or block.start


def _find_key(lines: Sequence[str], numbers: range, key: str) -> int | None:
    quoted = rf"""(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
    assignment = re.compile(rf"^\s*{quoted}\s*=")
    for number in numbers:
        if assignment.match(lines[number - 1]):
            return number
    return None


# --------------------------------------------------------------------------- loading


def _known_types(known_types: Collection[str] | None) -> Collection[str]:
    if known_types is not None:
        return known_types
    from signals.registry import source_types  # late: the registry imports this module

    return source_types().keys()


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _label(index: int, name: object) -> str:
    return f"source #{index + 1}" + (f" {name!r}" if isinstance(name, str) else "")


def parse_sources(
    text: str, *, path: Path | str = "<sources>", known_types: Collection[str] | None = None
) -> list[SourceConfig]:
    """Validate the text of a sources file. Pure apart from the registry lookup.

    ``known_types`` defaults to the registered source types; pass a set to check
    without loading plugins. Raises SourceConfigError on the first problem found.
    """
    path = Path(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        line = int(at.group(1)) if at else None
        raise SourceConfigError(f"invalid TOML: {exc}", where=_where(path, line)) from None
    lines = text.splitlines()
    blocks = _source_blocks(lines)
    extra = sorted(set(document) - {"source"})
    if extra:
        raise SourceConfigError(
            f"unknown top-level key {extra[0]!r}: only [[source]] tables are allowed",
            where=str(path),
        )
    raw_sources = document.get("source", [])
    if not isinstance(raw_sources, list):
        raise SourceConfigError("'source' must be an array of tables: [[source]]", where=str(path))

    types = _known_types(known_types)
    configs: list[SourceConfig] = []
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(raw_sources):
        block = blocks[index] if index < len(blocks) else None
        label = _label(index, raw.get("name"))
        try:
            config = SourceConfig.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            key = ".".join(str(part) for part in error["loc"]) or "?"
            top_key = ".".join(str(part) for part in error["loc"][:2])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = f"unknown key (allowed: {', '.join(SourceConfig.model_fields)})"
            elif error["type"] == "missing":
                message = "required key is missing"
            line = _key_line(lines, block, top_key) if top_key else None
            raise SourceConfigError(
                f"{label}: key {key!r}: {message}", where=_where(path, line)
            ) from None
        if config.type not in types:
            raise SourceConfigError(
                f"{label}: key 'type': unknown source type {config.type!r} "
                f"(known: {', '.join(sorted(types))})",
                where=_where(path, _key_line(lines, block, "type")),
            )
        if config.name in first_seen:
            raise SourceConfigError(
                f"{label}: key 'name': duplicate name, first used by source "
                f"#{first_seen[config.name] + 1}",
                where=_where(path, _key_line(lines, block, "name")),
            )
        first_seen[config.name] = index
        _check_for_type(config, path=path, label=label, lines=lines, block=block)
        configs.append(config)
    return configs


def _check_for_type(
    config: SourceConfig, *, path: Path, label: str, lines: Sequence[str], block: _Block | None
) -> None:
    """Ask the source type whether it can work with this entry (e.g. url vs board)."""
    from signals.registry import get_source_type

    try:
        source_type = get_source_type(config.type)
    except SourceConfigError:
        return  # a caller-provided known_types list may name types the registry lacks
    try:
        source_type().check_config(config)
    except InvalidSourceKey as exc:
        raise SourceConfigError(
            f"{label}: key {exc.key!r}: {exc.reason}",
            where=_where(path, _key_line(lines, block, exc.key)),
        ) from None


def check_source(config: SourceConfig, *, known_types: Collection[str] | None = None) -> None:
    """Validate one entry on its own (type known, type accepts it). Raises
    SourceConfigError naming the source and the key."""
    text = render_source(config)
    try:
        parse_sources(text, path="-", known_types=known_types)
    except SourceConfigError as exc:
        message = str(exc).split(": ", 1)[-1].replace("source #1 ", "source ", 1)
        raise SourceConfigError(message) from None


def load_sources(
    path: Path | str, *, known_types: Collection[str] | None = None
) -> list[SourceConfig]:
    """Read and validate the sources file at ``path``. A missing file means no sources."""
    text = _read_text(Path(path))
    return [] if text is None else parse_sources(text, path=Path(path), known_types=known_types)


def _read_text(path: Path) -> str | None:
    """The file's text, None when it does not exist. Raises SourceConfigError naming the
    path when it cannot be read (a directory, no permission) or is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise SourceConfigError(
            f"cannot read: not valid UTF-8 at byte {exc.start}", where=str(path)
        ) from None
    except OSError as exc:
        reason = "is a directory" if isinstance(exc, IsADirectoryError) else exc.strerror
        raise SourceConfigError(f"cannot read: {reason or exc}", where=str(path)) from None


# --------------------------------------------------------------------------- writing

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _toml_string(str(value))


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string (same escapes), except that TOML also
    # forbids a raw DEL character.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def render_source(config: SourceConfig) -> str:
    """One ``[[source]]`` table; fields left at their defaults are omitted."""
    lines = ["[[source]]"]
    data = config.model_dump(mode="json", exclude_defaults=True)
    for key in SourceConfig.model_fields:
        if key == "options" or key not in data or data[key] is None:
            continue
        lines.append(f"{key} = {_toml_value(data[key])}")
    if config.options:
        pairs = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in config.options.items())
        lines.append(f"options = {{ {pairs} }}")
    return "\n".join(lines) + "\n"


def render_sources(sources: Iterable[SourceConfig]) -> str:
    """A whole sources file."""
    header = "# Signal sources polled by inmarket. See `inmarket sources --help`.\n"
    return header + "".join("\n" + render_source(s) for s in sources)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def save_sources(
    path: Path | str,
    sources: Sequence[SourceConfig],
    *,
    known_types: Collection[str] | None = None,
) -> None:
    """Write ``sources`` as a fresh file (atomically). The result is validated before writing."""
    path = Path(path)
    text = render_sources(sources)
    parse_sources(text, path=path, known_types=known_types)
    _atomic_write(path, text)


def add_source(
    path: Path | str, config: SourceConfig, *, known_types: Collection[str] | None = None
) -> list[SourceConfig]:
    """Append ``config`` to the file (created if missing), keeping the rest of its text.

    Raises SourceConfigError if the name is taken or the result does not validate;
    the file is then left untouched. Returns the sources now in the file.
    """
    path = Path(path)
    check_source(config, known_types=known_types)
    current = _read_text(path)
    current = render_sources([]) if current is None else current
    existing = parse_sources(current, path=path, known_types=known_types)
    if any(s.name == config.name for s in existing):
        raise SourceConfigError(f"a source named {config.name!r} already exists", where=str(path))
    separator = "" if current.endswith("\n") or not current else "\n"
    text = current + separator + "\n" + render_source(config)
    result = parse_sources(text, path=path, known_types=known_types)
    _atomic_write(path, text)
    return result


def remove_source(
    path: Path | str, name: str, *, known_types: Collection[str] | None = None
) -> list[SourceConfig]:
    """Delete the source called ``name`` (its whole table), keeping the rest of the text.

    Raises SourceConfigError if there is no such source. Returns the sources left.
    """
    path = Path(path)
    current = _read_text(path)
    if current is None:
        raise SourceConfigError(f"no source named {name!r} (file missing)", where=str(path))
    existing = parse_sources(current, path=path, known_types=known_types)
    names = [s.name for s in existing]
    if name not in names:
        raise SourceConfigError(
            f"no source named {name!r} (have: {', '.join(names) or 'none'})", where=str(path)
        )
    lines = current.splitlines(keepends=True)
    block = _source_blocks([line.rstrip("\r\n") for line in lines])[names.index(name)]
    start, end = _with_own_comments(lines, block)
    kept = lines[: start - 1] + lines[end - 1 :]
    text = "".join(kept)
    result = parse_sources(text, path=path, known_types=known_types)
    _atomic_write(path, text)
    return result


def _is_trivia(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _with_own_comments(lines: Sequence[str], block: _Block) -> tuple[int, int]:
    """The block widened to the comments right above its header, and narrowed to leave the
    comments at its tail (they sit above the next table and describe that one)."""
    start = block.start
    while start > 1 and lines[start - 2].strip().startswith("#"):
        start -= 1
    end = block.end
    while end - 1 > block.start and _is_trivia(lines[end - 2]):
        end -= 1
    while end <= len(lines) and not lines[end - 1].strip():
        end += 1  # and the blank lines that separated it from what follows
    return start, end


def is_valid_name(name: str) -> bool:
    """Whether ``name`` is an acceptable source name (a slug)."""
    return bool(_NAME_RE.fullmatch(name))
