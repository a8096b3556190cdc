"""Rows for a CRM import: in-ICP flag, fit score, tier, in-market score, top reasons.

Styles name the columns the way each CRM expects custom fields:

- ``generic``: ``account_id``, ``name``, ``domain``, ``in_icp``, ``fit_score``...
- ``salesforce``: ``Id``, ``Name``, ``Website``, ``Inmarket_In_ICP__c``,
  ``Inmarket_Fit_Score__c``... (custom field API names)
- ``hubspot``: ``Record ID``, ``Company name``, ``Company Domain Name``, ``inmarket_in_icp``,
  ``inmarket_fit_score``... (property internal names)

Booleans are ``true``/``false``; reasons are joined with "; " and cut to 255 characters (a
Salesforce text field). Text that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from icp.accounts import Account
from icp.fit import FitResult
from icp.scoring import InMarketScore

Style = Literal["generic", "salesforce", "hubspot"]
FIELDS = (
    "id",
    "name",
    "domain",
    "in_icp",
    "fit_score",
    "tier",
    "in_market_score",
    "in_market",
    "top_reasons",
    "icp_version",
)
_HEADERS: dict[str, tuple[str, ...]] = {
    "generic": (
        "account_id", "name", "domain", "in_icp", "fit_score", "tier", "in_market_score",
        "in_market", "top_reasons", "icp_version",
    ),
    "salesforce": (
        "Id", "Name", "Website", "Inmarket_In_ICP__c", "Inmarket_Fit_Score__c",
        "Inmarket_Tier__c", "Inmarket_Score__c", "Inmarket_In_Market__c",
        "Inmarket_Top_Reasons__c", "Inmarket_ICP_Version__c",
    ),
    "hubspot": (
        "Record ID", "Company name", "Company Domain Name", "inmarket_in_icp",
        "inmarket_fit_score", "inmarket_tier", "inmarket_score", "inmarket_in_market",
        "inmarket_top_reasons", "inmarket_icp_version",
    ),
}  # fmt: skip
MAX_REASONS = 3
MAX_TEXT = 255


@dataclass(frozen=True)
class ScoredAccount:
    account: Account
    fit: FitResult
    score: InMarketScore | None = None


def header(style: Style) -> tuple[str, ...]:
    return _HEADERS[style]


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def top_reasons(item: ScoredAccount, limit: int = MAX_REASONS) -> str:
    """Why-now signals first, then what keeps it out, then criteria met; capped for a CRM."""
    reasons: list[str] = []
    if item.score:
        reasons += [f"{c.kind.value}: {c.title}" for c in item.score.contributions[:limit]]
    reasons += [f"misses {o.label}" for o in item.fit.deciding]
    reasons += [f"meets {o.label}" for o in item.fit.outcomes if o.share >= 1 and o.met]
    if not item.fit.outcomes:
        reasons += list(item.fit.reasons)
    text = "; ".join(reasons[:limit])
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def export_row(item: ScoredAccount, icp_version: str) -> tuple[str, ...]:
    """One CSV row, in the order of :func:`header`."""
    a, fit, score = item.account, item.fit, item.score
    record_id = a.external_id or a.id
    return (
        _safe(record_id),
        _safe(a.name),
        a.domain or "",
        "true" if fit.in_icp else "false",
        f"{fit.score:g}",
        fit.tier,
        f"{score.score:g}" if score else "",
        ("true" if score.in_market else "false") if score else "",
        _safe(top_reasons(item)),
        _safe(icp_version),
    )


def export_csv(items: Iterable[ScoredAccount], icp_version: str, style: Style = "generic") -> str:
    """The whole export as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(style))
    for item in items:
        writer.writerow(export_row(item, icp_version))
    return buffer.getvalue()
