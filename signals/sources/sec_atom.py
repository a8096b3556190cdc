"""SEC EDGAR filing metadata: the "latest filings" Atom feed and the submission header.

``parse`` reads ``browse-edgar?action=getcurrent&output=atom`` into :class:`EdgarFiling`
records, which tell the poller which documents to fetch next; ``filings_to_fetch``
picks one entry per filing. The full submission text those entries point to is read
by :mod:`signals.sources.sec_submission`.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from signals.errors import ParseError
from signals.sources.sec_submission import strip_cik
from signals.xml import child_text, load_xml

log = logging.getLogger(__name__)

ARCHIVES = "https://www.sec.gov/Archives/edgar/data"
MAX_FEED_ELEMENTS = 50_000  # a page lists at most 100 entries of ~12 elements each
LOGGED_SKIPS = 5

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


def parse(data: bytes, *, source_name: str = "sec-atom") -> list[EdgarFiling]:
    """Filings listed in an EDGAR latest-filings Atom page, in feed order.

    Raises :class:`ParseError` if the document is not an Atom feed. An entry whose
    title or accession number cannot be read is skipped and logged (the first few
    one by one, the rest as a count, so a hostile feed cannot flood the log).
    """
    root = load_xml(data, where=source_name, max_elements=MAX_FEED_ELEMENTS)
    if root.tag != "feed":
        raise ParseError(
            f"root element is <{root.tag}>, expected an Atom <feed>", where=source_name
        )
    filings: list[EdgarFiling] = []
    skipped = 0
    for position, entry in enumerate(root.findall("entry"), start=1):
        try:
            filings.append(_entry(entry))
        except ParseError as exc:
            skipped += 1
            if skipped <= LOGGED_SKIPS:
                log.warning("%s: entry %d skipped: %s", source_name, position, exc)
    if skipped > LOGGED_SKIPS:
        log.warning("%s: %d more entries skipped", source_name, skipped - LOGGED_SKIPS)
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
