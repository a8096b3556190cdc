"""Topic names. Every topic is declared with an explicit partition count (see DESIGN.md)."""

from __future__ import annotations

SOURCES_POLL = "sources.poll"
SIGNALS_INBOUND = "signals.inbound"
SIGNALS_RAW = "signals.raw"
SIGNALS_MATCHED = "signals.matched"
SIGNALS_UNMATCHED = "signals.unmatched"
SIGNALS_REVIEW = "signals.review"
ACCOUNTS_RESCORED = "accounts.rescored"
ALERTS_IN_MARKET = "alerts.in_market"
SIGNALS_DLQ = "signals.dlq"

ALL_TOPICS = (
    SOURCES_POLL,
    SIGNALS_INBOUND,
    SIGNALS_RAW,
    SIGNALS_MATCHED,
    SIGNALS_UNMATCHED,
    SIGNALS_REVIEW,
    ACCOUNTS_RESCORED,
    ALERTS_IN_MARKET,
    SIGNALS_DLQ,
)
