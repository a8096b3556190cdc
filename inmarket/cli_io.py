"""What every command shares for bad input: one ``error:`` line, reading and writing files.

A command never ends in a traceback on a bad path: :func:`read_input` and
:func:`write_output` turn any OSError into one line naming the path and the reason.
Messages are printed verbatim: no Rich markup and no ``:emoji:`` codes, so a file name
like ``a[/b].csv`` or a value like ``board:b:`` reaches the user as written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

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
