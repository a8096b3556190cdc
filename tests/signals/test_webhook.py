"""Inbound webhook bodies, and merging a second report of the same signal."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.dedupe import merge_reports
from signals.errors import ParseError
from signals.events import SignalEvent, SignalKind
from signals.sources.webhook import MAX_SIGNALS, derived_id, parse

FUNDING = {
    "kind": "funding",
    "company_name": "Acme Robotics",
    "company_domain": "acme.example",
    "occurred_at": "2026-03-01T09:00:00Z",
    "title": "Acme Robotics raises $20M Series B",
    "amount": 20_000_000,
    "currency": "USD",
    "round": "Series B",
}


def body(value: object) -> bytes:
    return json.dumps(value).encode()


def test_single_object_without_id_gets_a_stable_derived_id() -> None:
    batch = parse(body(FUNDING))
    assert batch.rejected == ()
    (event,) = batch.events
    assert event.id.startswith("funding-")
    assert event.source_type == "webhook"
    assert event.amount == 20_000_000 and event.occurred_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert parse(body(FUNDING)).events[0].id == event.id
    assert event.id == derived_id(event)


def test_given_id_is_kept_and_source_type_may_be_set() -> None:
    batch = parse(body({**FUNDING, "id": "crm-42", "source_type": "crm"}))
    assert (batch.events[0].id, batch.events[0].source_type) == ("crm-42", "crm")


def test_derived_id_depends_on_kind_company_title_and_time() -> None:
    ids = {
        parse(body(variant)).events[0].id
        for variant in (
            FUNDING,
            {**FUNDING, "title": "Acme Robotics closes $20M"},
            {**FUNDING, "company_name": "Acme Robots"},
            {**FUNDING, "occurred_at": "2026-03-02T09:00:00Z"},
            {**FUNDING, "kind": "acquisition"},
        )
    }
    assert len(ids) == 5
    # Amount and other attributes do not change the identity of the report.
    assert parse(body({**FUNDING, "amount": 1})).events[0].id == parse(body(FUNDING)).events[0].id


def test_batch_keeps_good_items_and_rejects_bad_ones_with_index_and_reason() -> None:
    items = [
        FUNDING,
        {**FUNDING, "kind": "rumour"},
        "not an object",
        {**FUNDING, "occurred_at": "yesterday"},
        {"kind": "job_posting", "occurred_at": "2026-03-01", "title": "x", "company_name": "B"},
    ]
    batch = parse(body({"signals": items}))
    assert [e.kind for e in batch.events] == [SignalKind.FUNDING, SignalKind.JOB_POSTING]
    assert [r.index for r in batch.rejected] == [1, 2, 3]
    assert "kind" in batch.rejected[0].reason
    assert "JSON object" in batch.rejected[1].reason
    assert "occurred_at" in batch.rejected[2].reason
    error = batch.rejected[2].to_error()
    assert str(error).startswith("signals[3]: occurred_at")


def test_unknown_fields_are_ignored() -> None:
    assert parse(body({**FUNDING, "sentiment": "positive"})).events[0].title


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "invalid JSON: .* line 1 column 2"),
        (b"\xff\xfe{}", "not UTF-8|invalid JSON"),
        (b"[1, 2]", "got a JSON list"),
        (b'"hello"', "got a JSON str"),
        (b'{"signals": {"a": 1}}', "must be a JSON array"),
    ],
)
def test_wholly_invalid_bodies_raise_parse_error(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(data)


def test_size_and_count_limits() -> None:
    with pytest.raises(ParseError, match="over the 100-byte limit"):
        parse(body(FUNDING), max_bytes=100)
    with pytest.raises(ParseError, match="over the limit"):
        parse(body({"signals": [FUNDING] * (MAX_SIGNALS + 1)}))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_batch_or_parse_error(data: bytes) -> None:
    try:
        batch = parse(data)
    except ParseError:
        return
    assert len(batch.events) + len(batch.rejected) >= 1


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_json, max_size=5))
def test_any_json_items_are_accepted_or_rejected_one_by_one(items: list[object]) -> None:
    batch = parse(body({"signals": items}))
    assert len(batch.events) + len(batch.rejected) == len(items)


def _event(**overrides: object) -> SignalEvent:
    base: dict[str, object] = {
        "id": "funding-1",
        "kind": "funding",
        "source_type": "rss",
        "source_name": "techcrunch",
        "company_name": "Acme",
        "occurred_at": "2026-03-01T00:00:00Z",
        "title": "Acme raises $20M",
    }
    return SignalEvent.model_validate({**base, **overrides})


def test_merge_records_the_second_source_and_fills_gaps() -> None:
    first = _event()
    second = _event(source_type="sec-form-d", source_name="edgar", cik="123", amount=2e7)
    merged = merge_reports(first, second)
    assert merged.also_reported_by == ("edgar",)
    assert merged.source_name == "techcrunch" and merged.title == first.title
    assert (merged.cik, merged.amount) == ("123", 2e7)
    again = merge_reports(merged, second)
    assert again.also_reported_by == ("edgar",)


def test_merge_of_the_same_source_changes_nothing() -> None:
    first = _event()
    assert merge_reports(first, _event(title="Acme raises $20 million")) is first


def test_merge_refuses_different_ids() -> None:
    with pytest.raises(ValueError, match="different signals"):
        merge_reports(_event(), _event(id="funding-2"))
