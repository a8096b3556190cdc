"""The SGML wrapper of an EDGAR full submission text file (``<accession>.txt``).

A submission is a header (``<SEC-HEADER>``: accession number, form type, filing
date, filer company data, 8-K item list) followed by one ``<DOCUMENT>`` per file
(``<TYPE>``, ``<FILENAME>``, ``<TEXT>``). The header is read in either spelling:
``ACCESSION NUMBER: ...`` lines, or the dissemination feed's ``<SUBMISSION>``
with ``<ACCESSION-NUMBER>``, ``<TYPE>``, ``<FILING-DATE>``, ``<CONFORMED-NAME>``,
``<CIK>`` and ``<ITEMS>`` lines. The Form D and 8-K parsers accept either
the bare document or the whole submission; this module reads the wrapper for them.
Reading is byte-level and linear: no document inside is parsed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from signals.errors import ParseError

MAX_SUBMISSION_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 1024 * 1024  # real headers are a few kB; a filer list can reach ~100 kB


@dataclass(frozen=True, slots=True)
class SubmissionDocument:
    """One ``<DOCUMENT>`` of a submission: its type, file name and raw text."""

    type: str
    filename: str | None
    text: bytes


@dataclass(frozen=True, slots=True)
class Submission:
    """What the SGML header of a full submission text file says, plus its documents."""

    accession_number: str | None  # 0001234567-25-000001
    form_type: str | None  # CONFORMED SUBMISSION TYPE, e.g. "8-K", "D/A"
    filed_on: str | None  # YYYY-MM-DD
    company_name: str | None
    cik: str | None
    items: tuple[str, ...]  # ITEM INFORMATION lines (8-K), e.g. "Departure of Directors ..."
    documents: tuple[SubmissionDocument, ...]


def strip_cik(text: str | None) -> str | None:
    """``"0001171623"`` -> ``"1171623"``; None for anything that is not a CIK."""
    if text is None:
        return None
    digits = text.strip()
    if not digits.isdigit() or len(digits) > 10:
        return None
    return digits.lstrip("0") or None


_ACCESSION_DASHED = re.compile(r"(\d{10})-(\d{2})-(\d{6})")
_ACCESSION_PLAIN = re.compile(r"(\d{10})(\d{2})(\d{6})")


def accession_number(text: str | None) -> str | None:
    """``"000123456725000001"`` or ``"0001234567-25-000001"`` -> ``"0001234567-25-000001"``.

    None unless ``text`` is exactly an accession number in either spelling.
    """
    if not text:
        return None
    text = text.strip()
    found = _ACCESSION_DASHED.fullmatch(text) or _ACCESSION_PLAIN.fullmatch(text)
    return "-".join(found.groups()) if found else None


def accession_from_url(url: str | None) -> str | None:
    """The accession number in an EDGAR archive URL (``.../data/CIK/<18 digits>/...``)."""
    if not url:
        return None
    found = re.search(r"/(\d{18})(?:/|$)", url) or re.search(r"(\d{10}-\d{2}-\d{6})", url)
    return accession_number(found.group(1)) if found else None


# One "NAME:<tab>value" header line. The value is taken whole and stripped in Python:
# a lazy value followed by optional blanks would backtrack quadratically on long lines.
_HEADER_FIELD = re.compile(rb"^[ \t]*([A-Z][A-Z0-9 /()-]{0,60}):(.*)$", re.MULTILINE)
# The dissemination spelling of the same header: "<ACCESSION-NUMBER>0001234567-25-000001".
_HEADER_TAG = re.compile(rb"^<([A-Z][A-Z0-9-]{0,40})>[ \t]*([^\r\n<]*)$", re.MULTILINE)
_TAG_NAMES = {
    "ACCESSION-NUMBER": "ACCESSION NUMBER",
    "TYPE": "CONFORMED SUBMISSION TYPE",
    "FILING-DATE": "FILED AS OF DATE",
    "CONFORMED-NAME": "COMPANY CONFORMED NAME",
    "CIK": "CENTRAL INDEX KEY",
}
_DOCUMENT = re.compile(rb"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.DOTALL)
_DOC_TAG = re.compile(rb"^<(TYPE|FILENAME)>[ \t]*([^\r\n]*)", re.MULTILINE)
_TEXT = re.compile(rb"<TEXT>(.*?)(?:</TEXT>|\Z)", re.DOTALL)


def _header_date(text: str | None) -> str | None:
    """``"20251201"`` -> ``"2025-12-01"``; None unless it is a real calendar date."""
    if not text or not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


def is_submission(data: bytes) -> bool:
    """Whether ``data`` looks like a full submission text file rather than a bare document."""
    head = data[:2048].lstrip()
    return head.startswith(
        (b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<IMS-DOCUMENT>", b"<SUBMISSION>")
    ) or (b"ACCESSION NUMBER:" in head and b"<" in head)


def _read_tags(header: bytes, fields: dict[str, str], items: list[str]) -> None:
    """Fill ``fields`` and ``items`` from a ``<TAG>value`` header; the first value wins."""
    for name, value in _HEADER_TAG.findall(header):
        tag, text = name.decode("ascii"), value.decode("latin-1").strip()
        if tag == "ITEMS" and text:
            items.append(text)
        elif tag in _TAG_NAMES and text:
            fields.setdefault(_TAG_NAMES[tag], text)


def parse_submission(data: bytes, *, where: str | None = None) -> Submission:
    """Header fields and documents of a full submission text file.

    Only the first FILER's company name and CIK are taken (for Form D the issuer is
    the filer, for an 8-K the registrant). Raises :class:`ParseError` if the input is
    over the size cap or has no header and no document.
    """
    if len(data) > MAX_SUBMISSION_BYTES:
        raise ParseError(f"submission is {len(data)} bytes, over the cap", where=where)
    header_end = data.find(b"</SEC-HEADER>", 0, MAX_HEADER_BYTES)
    if header_end < 0:
        header_end = data.find(b"<DOCUMENT>", 0, MAX_HEADER_BYTES)
    if header_end < 0:
        raise ParseError("no SEC-HEADER and no DOCUMENT in submission text", where=where)
    fields: dict[str, str] = {}
    items: list[str] = []
    for name, value in _HEADER_FIELD.findall(data[:header_end]):
        key = name.decode("ascii", "replace").strip()
        text = value.decode("latin-1").strip()
        if key == "ITEM INFORMATION":
            items.append(text)
        elif key not in fields and text:
            fields[key] = text
    if "ACCESSION NUMBER" not in fields:  # the dissemination (tag) spelling
        _read_tags(data[:header_end], fields, items)
    documents = []
    for block in _DOCUMENT.findall(data, header_end):
        tags = {k.decode(): v.decode("latin-1").strip() for k, v in _DOC_TAG.findall(block[:1024])}
        text = _TEXT.search(block)
        documents.append(
            SubmissionDocument(
                type=tags.get("TYPE", ""),
                filename=tags.get("FILENAME") or None,
                text=text.group(1) if text else block,
            )
        )
    if not documents:
        raise ParseError("submission text has no DOCUMENT", where=where)
    return Submission(
        accession_number=accession_number(fields.get("ACCESSION NUMBER")),
        form_type=fields.get("CONFORMED SUBMISSION TYPE"),
        filed_on=_header_date(fields.get("FILED AS OF DATE")),
        company_name=fields.get("COMPANY CONFORMED NAME"),
        cik=strip_cik(fields.get("CENTRAL INDEX KEY")),
        items=tuple(items),
        documents=tuple(documents),
    )
