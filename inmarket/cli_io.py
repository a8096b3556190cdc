"""What every command shares for bad input: one ``error:`` line, reading and writing files.

A command never ends in a traceback on a bad path: :func:`read_input` and
:func:`write_output` turn any OSError into one line naming the path and the reason.
Messages are printed verbatim: no Rich markup and no ``:emoji:`` codes, so a file name
like ``a[/b].csv`` or a value like ``board:b:`` reaches the user as written.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from typer.core import TyperGroup

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: <message>`` (verbatim, one line) to stderr; return the Exit to raise."""
    err.print("error:", message.replace("\n", " "), style="red", markup=False, end="\n")
    return typer.Exit(code)


def os_reason(exc: OSError) -> str:
    """A short reason for an OSError on a path (no errno, no repeated path)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def read_input(path: Path, *, code: int = 2) -> bytes:
    """The bytes of ``path`` (``-`` reads stdin), or exit ``code`` with ``<path>: <reason>``."""
    try:
        if str(path) == "-":
            return sys.stdin.buffer.read()
        return path.read_bytes()
    except OSError as exc:
        raise fail(f"{path}: {os_reason(exc)}", code) from None


def write_output(path: Path, text: str, *, what: str = "the output", code: int = 2) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path``, or exit ``code`` with
    ``<path>: cannot write <what> (<reason>)``."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        reason = "no such directory" if isinstance(exc, FileNotFoundError) else os_reason(exc)
        raise fail(f"{path}: cannot write {what} ({reason})", code) from None


def _database_url() -> str:
    """The configured database URL, password hidden ("" when the settings do not load)."""
    from sqlalchemy.engine import make_url

    from inmarket.settings import load_settings

    try:
        url = load_settings().database_url or "sqlite:///inmarket.db"
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # the settings or URL are the problem; the message says so anyway
        return ""


def _database() -> str:
    """``database <url>`` for messages, or just ``database`` when the URL is unknown."""
    url = _database_url()
    return f"database {url}" if url else "database"


def database_problem(exc: SQLAlchemyError) -> tuple[str, int]:
    """One line for a database that cannot be opened or read, and the exit code: 2 for a
    URL that is not a database URL (a setting to fix), 1 when the database fails."""
    if isinstance(exc, ArgumentError):
        return f"INMARKET_DATABASE_URL (database_url): {str(exc).splitlines()[0]}", 2
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return f"{_database()}: {reason} (check INMARKET_DATABASE_URL / database_url)", 1


class Commands(TyperGroup):
    """The root command group: a database error ends in one ``error:`` line, whichever
    command met it, instead of a driver traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SQLAlchemyError as exc:
            message, code = database_problem(exc)
            raise fail(message, code) from None
        except (ConnectionError, socket.gaierror) as exc:
            # asyncpg's connect errors are not wrapped by SQLAlchemy; commands that reach
            # a broker or a web server report their own connection errors.
            reason = exc.strerror or str(exc)
            raise fail(
                f"{_database()}: cannot connect: {reason} (check INMARKET_DATABASE_URL)", 1
            ) from None
