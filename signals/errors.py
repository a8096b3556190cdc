"""Errors of the source layer, classified by consequence.

::

    SourceError                  base; ``retriable`` says whether trying again may help
    ├── FetchError               HTTP or network failure (retriable unless 4xx)
    │   └── ResponseTooLarge     the body passed the size cap (not retriable)
    ├── ParseError               the document cannot be read at all (not retriable)
    └── RecordError              one item is bad; skip it, keep the rest (not retriable)
    SourceConfigError            a sources file or source entry is invalid (fatal)
"""

from __future__ import annotations


class SourceError(Exception):
    """Base of source-layer errors. ``where`` names the source, file or URL."""

    retriable: bool = False

    def __init__(self, message: str, *, where: str | None = None, retriable: bool | None = None):
        self.where = where
        if retriable is not None:
            self.retriable = retriable
        super().__init__(f"{where}: {message}" if where else message)


class FetchError(SourceError):
    retriable = True


class ResponseTooLarge(FetchError):
    retriable = False


class ParseError(SourceError):
    retriable = False


class RecordError(SourceError):
    retriable = False


class SourceConfigError(SourceError):
    retriable = False
