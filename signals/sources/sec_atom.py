"""SEC EDGAR filing metadata: the "latest filings" Atom feed and the submission header.

``parse`` reads ``browse-edgar?action=getcurrent&output=atom`` into :class:`EdgarFiling`
records, which tell the poller which documents to fetch next. ``parse_submission``
reads the SGML wrapper of a full submission text file (``<SEC-DOCUMENT>``,
``<SEC-HEADER>``, ``<DOCUMENT>`` parts) so the Form D and 8-K parsers can accept
either the bare document or the whole submission.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element

from signals.errors import ParseError
from signals.xml import child_text, load_xml

log = logging.getLogger(__name__)

ARCHIVES = "https://www.sec.gov/Archives/edgar/data"
MAX_SUBMISSION_BYTES = 64 * 1024 * 1024

_TITLE = re.compile(
    r"^\s*(?P<form>.+?)\s+-\s+(?P<name>.*?)\s+\((?P<cik>\d{1,10})\)\s*(?:\((?P<role>[^)]*)\))?\s*$"
)
_ACCESSION = re.compile(r"\b(\d{10}-\d{2}-\d{6})\b")
_FILED = re.compile(r"Filed:\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class EdgarFiling:
    """One entry of the EDGAR latest-filings feed.

    The same accession number appears once per party (filer, issuer, reporting
    owner, subject company), each with its own ``cik`` and ``role``.
    """

    form_type: str
    company_name: str
    cik: str  # without leading zeros
    accession_number: str  # 0001234567-25-000001
    index_url: str  # the filing's -index.htm page
    filed_on: str | None  # YYYY-MM-DD, from the summary
    updated_at: datetime | None  # aware UTC
    role: str | None  # "Filer", "Issuer", "Reporting", "Subject", ...

    @property
    def folder_url(self) -> str:
        """The filing's folder under the issuer's (this entry's) CIK."""
        return f"{ARCHIVES}/{self.cik}/{self.accession_number.replace('-', '')}"

    @property
    def primary_doc_url(self) -> str | None:
        """Where the primary document lives for forms whose name is fixed (Form D), else None."""
        if self.form_type in {"D", "D/A"}:
            return f"{self.folder_url}/primary_doc.xml"
        return None

    @property
    def submission_text_url(self) -> str:
        """The full submission text file (SGML header plus every document)."""
        return f"{self.folder_url}/{self.accession_number}.txt"


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def strip_cik(text: str | None) -> str | None:
    """``"0001171623"`` -> ``"1171623"``; None for anything that is not a CIK."""
    if text is None:
        return None
    digits = text.strip()
    if not digits.isdigit() or len(digits) > 10:
        return None
    return digits.lstrip("0") or None


def parse(data: bytes, *, source_name: str = "sec-atom") -> list[EdgarFiling]:
    """Filings listed in an EDGAR latest-filings Atom page, in feed order.

    Raises :class:`ParseError` if the document is not an Atom feed. An entry whose
    title or accession number cannot be read is skipped and logged.
    """
    root = load_xml(data, where=source_name)
    if root.tag != "feed":
        raise ParseError(
            f"root element is <{root.tag}>, expected an Atom <feed>", where=source_name
        )
    filings: list[EdgarFiling] = []
    for position, entry in enumerate(root.findall("entry"), start=1):
        try:
            filings.append(_entry(entry))
        except ParseError as exc:
            log.warning("%s: entry %d skipped: %s", source_name, position, exc)
    return filings


_ROLE_PREFERENCE = {"Filer": 0, "Issuer": 0, "Subject": 1, "Filed by": 2, "Reporting": 3}


def filings_to_fetch(
    filings: list[EdgarFiling], forms: frozenset[str] = frozenset({"D", "D/A", "8-K", "8-K/A"})
) -> list[EdgarFiling]:
    """One entry per accession number for the wanted forms, in feed order.

    The feed lists a filing once per party; the filer or issuer entry is kept, as
    that is the company the filing is about (a Form 4's reporting owner is not).
    """
    best: dict[str, EdgarFiling] = {}
    for filing in filings:
        if filing.form_type not in forms:
            continue
        kept = best.get(filing.accession_number)
        rank = _ROLE_PREFERENCE.get(filing.role or "", 9)
        if kept is None or rank < _ROLE_PREFERENCE.get(kept.role or "", 9):
            best[filing.accession_number] = filing
    order = {f.accession_number: i for i, f in reversed(list(enumerate(filings)))}
    return sorted(best.values(), key=lambda f: order[f.accession_number])


def _entry(entry: Element) -> EdgarFiling:
    title = child_text(entry, "title") or ""
    match = _TITLE.match(title)
    if not match:
        raise ParseError(f"title {title[:80]!r} is not 'FORM - NAME (CIK) (ROLE)'")
    cik = strip_cik(match.group("cik"))
    if cik is None:
        raise ParseError(f"title {title[:80]!r} has no CIK")
    summary = re.sub(r"<[^>]*>", " ", html.unescape(child_text(entry, "summary") or ""))
    id_text = child_text(entry, "id") or ""
    accession = _ACCESSION.search(id_text) or _ACCESSION.search(summary)
    link = entry.find("link")
    href = (link.get("href") if link is not None else None) or ""
    if accession is None:
        accession = _ACCESSION.search(href)
    if accession is None:
        raise ParseError(f"entry {title[:80]!r} has no accession number")
    category = entry.find("category")
    form = (category.get("term") if category is not None else None) or match.group("form")
    filed = _FILED.search(summary)
    index_url = href if href.startswith("http") else f"https://www.sec.gov{href}" if href else ""
    return EdgarFiling(
        form_type=form.strip(),
        company_name=html.unescape(match.group("name")).strip(),
        cik=cik,
        accession_number=accession.group(1),
        index_url=index_url,
        filed_on=filed.group(1) if filed else None,
        updated_at=_parse_time(child_text(entry, "updated")),
        role=match.group("role"),
    )


# --- full submission text -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmissionDocument:
    """One ``<DOCUMENT>`` of a submission: its type, file name and raw text."""

    type: str
    filename: str | None
    text: bytes


@dataclass(frozen=True, slots=True)
class Submission:
    """What the SGML header of a full submission text file says, plus its documents."""

    accession_number: str | None
    form_type: str | None
    filed_on: str | None  # YYYY-MM-DD
    company_name: str | None
    cik: str | None
    items: tuple[str, ...]  # ITEM INFORMATION lines (8-K), e.g. "Departure of Directors ..."
    documents: tuple[SubmissionDocument, ...]


_HEADER_FIELD = re.compile(rb"^[ \t]*([A-Z][A-Z0-9 /()-]*?):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_DOCUMENT = re.compile(rb"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.DOTALL)
_DOC_TAG = re.compile(rb"^<(TYPE|FILENAME)>[ \t]*(.*?)[ \t]*$", re.MULTILINE)
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
    return head.startswith((b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<IMS-DOCUMENT>")) or (
        b"ACCESSION NUMBER:" in head and b"<" in head
    )


def parse_submission(data: bytes, *, where: str | None = None) -> Submission:
    """Header fields and documents of a full submission text file.

    Only the first FILER's company name and CIK are taken (for Form D the issuer is
    the filer). Raises :class:`ParseError` if there is no header or no document.
    """
    if len(data) > MAX_SUBMISSION_BYTES:
        raise ParseError(f"submission is {len(data)} bytes, over the cap", where=where)
    header_end = data.find(b"</SEC-HEADER>")
    if header_end < 0:
        header_end = data.find(b"<DOCUMENT>")
    if header_end < 0:
        raise ParseError("no SEC-HEADER and no DOCUMENT in submission text", where=where)
    header = data[:header_end]
    fields: dict[str, str] = {}
    items: list[str] = []
    for name, value in _HEADER_FIELD.findall(header):
        key = name.decode("ascii", "replace").strip()
        text = value.decode("latin-1").strip()
        if key == "ITEM INFORMATION":
            items.append(text)
        elif key not in fields and text:
            fields[key] = text
    documents = []
    for block in _DOCUMENT.findall(data[header_end:]):
        tags = {k.decode(): v.decode("latin-1") for k, v in _DOC_TAG.findall(block[:1024])}
        text = _TEXT.search(block)
        documents.append(
            SubmissionDocument(
                type=tags.get("TYPE", "").strip(),
                filename=tags.get("FILENAME") or None,
                text=text.group(1) if text else block,
            )
        )
    if not documents:
        raise ParseError("submission text has no DOCUMENT", where=where)
    filed = _header_date(fields.get("FILED AS OF DATE"))
    return Submission(
        accession_number=fields.get("ACCESSION NUMBER"),
        form_type=fields.get("CONFORMED SUBMISSION TYPE"),
        filed_on=filed,
        company_name=fields.get("COMPANY CONFORMED NAME"),
        cik=strip_cik(fields.get("CENTRAL INDEX KEY")),
        items=tuple(items),
        documents=tuple(documents),
    )
