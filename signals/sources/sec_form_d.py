"""SEC Form D (notice of an exempt offering of securities) -> one FUNDING signal.

Reads the ``primary_doc.xml`` of a Form D or D/A (schemas X0707/X0708, root
``edgarSubmission``) or the full submission text that wraps it in ``<XML>``.

Contract of the signal:

- ``company_name``/``cik``: the primary issuer (CIK without leading zeros).
- ``amount``: total amount sold; when nothing is sold yet, the total offering
  amount; ``"Indefinite"`` or absent -> None. Always USD.
- ``offering_amount``/``amount_sold``: the two stated totals (None when
  "Indefinite" or absent); ``date_of_first_sale``: ISO date, None when yet to occur.
- ``round``: ``"Form D"`` (the form names no round). ``amendment``: the D/A flag.
- ``industry_group`` (also in ``department``, kept for older consumers): e.g.
  "Other Technology", "Pooled Investment Fund"; ``location``: issuer state or
  country code.
- ``related_persons``: executive officers, directors and promoters, full names in
  filing order. ``investors`` stays empty: Form D never names investors. Other
  issuers of a joint offering (``issuerList``) are named in the summary; the
  signal is about the primary issuer.
- ``accession_number``: from the submission header, else from an EDGAR archive ``url``.
- ``occurred_at``: the filing date when the submission header gives it, else the
  signature date, else the date of first sale; that is when the offering became
  public, which is what "in market now" needs (first sale can be years earlier).
- ``id``: ``fingerprint("funding", cik, "form-d", date of first sale)``. A D/A
  restates the same offering with updated numbers, so it keeps the id of the
  original notice: downstream upserts it instead of counting the round twice. With
  no date of first sale (yet to occur) the accession number stands in (for a D/A,
  the ``previousAccessionNumber`` it amends), or failing that the signature date.
- In a full submission, the header's company name and CIK stand in when the
  document leaves ``entityName`` or ``cik`` empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element

from pydantic import ValidationError

from signals.errors import ParseError
from signals.events import SignalEvent, SignalKind
from signals.ids import fingerprint
from signals.sources.sec_submission import (
    SubmissionDocument,
    accession_from_url,
    accession_number,
    is_submission,
    parse_submission,
    strip_cik,
)
from signals.xml import child_text, load_xml

SOURCE_TYPE = "sec-form-d"  # the registry name
_XML_BLOCK = re.compile(rb"<XML>\s*(.*?)\s*</XML>", re.DOTALL | re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
MAX_FORM_D_ELEMENTS = 50_000  # ~150 elements plus ~12 per related person


def parse(
    data: bytes, *, source_name: str = "sec-form-d", url: str | None = None
) -> list[SignalEvent]:
    """One FUNDING signal for a Form D or D/A document or submission.

    Raises :class:`ParseError` if the document is not a Form D, has no issuer CIK or
    name, or has no date at all.
    """
    where = url or source_name
    header = _Header()
    if is_submission(data):
        submission = parse_submission(data, where=where)
        header = _Header(
            filed_on=submission.filed_on,
            accession=submission.accession_number,
            name=submission.company_name,
            cik=submission.cik,
        )
        data = _form_d_document(submission.documents, where=where)
    root = load_xml(data, where=where, max_elements=MAX_FORM_D_ELEMENTS)
    if root.tag != "edgarSubmission":
        raise ParseError(f"root element is <{root.tag}>, expected <edgarSubmission>", where=where)
    submission_type = child_text(root, "submissionType") or ""
    if submission_type and submission_type not in {"D", "D/A"}:
        raise ParseError(f"submissionType is {submission_type!r}, not D or D/A", where=where)
    header = replace(header, accession=header.accession or accession_from_url(url))
    try:
        signal = _signal(root, source_name=source_name, url=url, header=header)
    except ValidationError as exc:
        raise ParseError(f"fields out of range: {exc.errors()[0]['msg']}", where=where) from None
    return [signal]


@dataclass(frozen=True, slots=True)
class _Header:
    """What the submission header (or the archive URL) says about the filing."""

    filed_on: str | None = None
    accession: str | None = None
    name: str | None = None
    cik: str | None = None


def _form_d_document(documents: tuple[SubmissionDocument, ...], *, where: str) -> bytes:
    """The Form D XML of a submission: an ``<XML>`` block, else a bare ``<edgarSubmission>``."""
    for document in documents:
        block = _XML_BLOCK.search(document.text)
        if block:
            return block.group(1)
    for document in documents:
        if b"<edgarSubmission" in document.text[:4096]:
            return document.text.strip()
    raise ParseError("submission has no <XML> Form D document", where=where)


def _signal(root: Element, *, source_name: str, url: str | None, header: _Header) -> SignalEvent:
    where = url or source_name
    filed_on, accession = header.filed_on, header.accession
    issuer = root.find("primaryIssuer")
    offering = root.find("offeringData")
    if issuer is None or offering is None:
        raise ParseError("primaryIssuer or offeringData missing", where=where)
    cik = strip_cik(child_text(issuer, "cik")) or header.cik
    name = _one_line(child_text(issuer, "entityName")) or header.name
    if cik is None or name is None:
        raise ParseError("primaryIssuer has no valid cik or entityName", where=where)

    industry = child_text(offering, "industryGroup", "industryGroupType")
    fund_type = child_text(offering, "industryGroup", "investmentFundInfo", "investmentFundType")
    amendment_text = child_text(offering, "typeOfFiling", "newOrAmendment", "isAmendment")
    amendment = (amendment_text or "").lower() in {"true", "1", "y", "yes"} or child_text(
        root, "submissionType"
    ) == "D/A"
    previous = accession_number(
        child_text(offering, "typeOfFiling", "newOrAmendment", "previousAccessionNumber")
    )
    first_sale = _iso_date(child_text(offering, "typeOfFiling", "dateOfFirstSale", "value"))
    signature_date = _signature_date(offering)
    offered_text = child_text(offering, "offeringSalesAmounts", "totalOfferingAmount")
    sold_text = child_text(offering, "offeringSalesAmounts", "totalAmountSold")
    offered, sold = _money(offered_text), _money(sold_text)
    amount = sold or offered or None  # nothing sold and no stated offering: no amount
    investors_count = child_text(offering, "investors", "totalNumberAlreadyInvested")

    occurred = filed_on or signature_date or first_sale
    if occurred is None:
        raise ParseError("no filing, signature or first-sale date", where=where)
    persons = _related_persons(root)
    co_issuers = _co_issuers(root, cik)

    # With no first sale yet, an amendment names the notice it amends: same offering.
    notice = (previous if amendment else None) or accession
    offering_key = first_sale or (f"accession {notice}" if notice else f"signed {occurred}")
    state = child_text(issuer, "issuerAddress", "stateOrCountry")
    parts = [
        f"Form {'D/A' if amendment else 'D'}: {name} reports an exempt offering",
        f"industry {industry}" + (f" ({fund_type})" if fund_type else "") if industry else None,
        f"total offering {_show(offered, offered_text)}",
        f"sold {_show(sold, sold_text)}",
        f"first sale {first_sale}" if first_sale else "first sale yet to occur",
        f"{investors_count} investors so far" if investors_count else None,
        f"state {state}" if state else None,
        f"co-issuers: {', '.join(co_issuers)}" if co_issuers else None,
        f"amends {previous}" if amendment and previous else None,
        f"related persons: {', '.join(persons)}" if persons else None,
    ]
    return SignalEvent(
        id=fingerprint("funding", cik, "form-d", offering_key),
        kind=SignalKind.FUNDING,
        source_type=SOURCE_TYPE,
        source_name=source_name,
        company_name=name,
        cik=cik,
        occurred_at=datetime.combine(date.fromisoformat(occurred), datetime.min.time(), UTC),
        title=f"{name} files Form {'D/A' if amendment else 'D'}"
        + (f": ${amount:,.0f}" if amount else ""),
        url=url,
        summary="; ".join(p for p in parts if p),
        amount=amount,
        currency="USD" if amount is not None else None,
        amount_usd=amount,
        round="Form D",
        amendment=amendment,
        location=state,
        department=industry,
        industry_group=industry,
        offering_amount=offered,
        amount_sold=sold,
        date_of_first_sale=first_sale,
        related_persons=tuple(persons),
        accession_number=accession,
    )


def _money(text: str | None) -> float | None:
    """``"1512500"`` -> 1512500.0; "Indefinite", blanks and junk -> None."""
    if text is None:
        return None
    cleaned = text.replace(",", "").replace("$", "").strip()
    return float(cleaned) if _NUMBER.match(cleaned) else None


def _show(value: float | None, raw: str | None) -> str:
    if value is not None:
        return f"${value:,.0f}"
    return raw or "not stated"


def _iso_date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return None


def _signature_date(offering: Element) -> str | None:
    for signature in offering.iter("signature"):
        found = _iso_date(child_text(signature, "signatureDate"))
        if found:
            return found
    return None


_NO_NAME = {"n/a", "na", "n.a.", "-", "--", ".", "none", "not applicable"}


def _one_line(text: str | None) -> str | None:
    return (" ".join(text.split()) or None) if text else None


def _related_persons(root: Element) -> list[str]:
    """Full names in filing order; "N/A" parts (an entity filed as a person) left out."""
    names: list[str] = []
    for person in root.iter("relatedPersonInfo"):
        parts = [
            _one_line(child_text(person, "relatedPersonName", key))
            for key in ("firstName", "middleName", "lastName")
        ]
        full = " ".join(p for p in parts if p and p.lower() not in _NO_NAME)
        if full and full not in names:
            names.append(full)
    return names


def _co_issuers(root: Element, primary_cik: str) -> list[str]:
    """Names of the other issuers of a jointly filed offering (``issuerList``)."""
    names: list[str] = []
    for issuer in root.findall("issuerList/issuer"):
        name = _one_line(child_text(issuer, "entityName"))
        if name and strip_cik(child_text(issuer, "cik")) != primary_cik and name not in names:
            names.append(name)
    return names
