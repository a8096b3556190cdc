"""The checked-in topic schemas match the models and accept what we really send."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from signals.events import (
    DeadLetter,
    MatchCandidate,
    MatchedSignal,
    MatchMethod,
    Record,
    RescoreEvent,
    SignalEvent,
    SignalKind,
    UnmatchedSignal,
)
from tests.inmarket.notify.conftest import CREATED, make_alert

ROOT = Path(__file__).resolve().parents[3]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_schemas", ROOT / "scripts" / "gen_schemas.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()

SIGNAL = SignalEvent(
    id="funding-3f2a",
    kind=SignalKind.FUNDING,
    source_type="rss",
    source_name="TechWire",
    company_name="Acme Analytics",
    company_domain="acme.io",
    occurred_at=CREATED,
    title="Acme Analytics raises $40M Series B",
    url="https://news.example/acme",
    amount=40_000_000,
    currency="USD",
    amount_usd=40_000_000,
    round="Series B",
    investors=("Big Fund", "Seed Co"),
)
ALERT = make_alert()
EVENTS: dict[str, Record] = {
    "signals.raw": SIGNAL,
    "signals.matched": MatchedSignal(
        account_id="acc-1", signal=SIGNAL, method=MatchMethod.DOMAIN, confidence=0.97
    ),
    "signals.unmatched": UnmatchedSignal(signal=SIGNAL, reason="no account matched"),
    "signals.review": UnmatchedSignal(
        signal=SIGNAL,
        reason="ambiguous name",
        candidates=(MatchCandidate(account_id="a", name="Acme", score=91.0),),
    ),
    "accounts.rescored": RescoreEvent(
        account_id="acc-1",
        account_name="Acme Analytics",
        account_domain="acme.io",
        icp_version="2026.4",
        in_icp=True,
        fit_score=82,
        previous_score=41,
        score=71.5,
        previous_tier="tier_3",
        tier="tier_1",
        in_market=True,
        signal_ids=("funding-1",),
        contributions=ALERT.why_now,
        reasons=("uses Snowflake",),
        scored_at=CREATED,
    ),
    "alerts.in_market": ALERT,
    "signals.dlq": DeadLetter(
        stage="notify", source="slack", error="channel_not_found", occurred_at=CREATED
    ),
}


def _validator(topic: str) -> Draft202012Validator:
    name = GEN.file_name(topic, GEN.TOPICS[topic])
    schema = json.loads((ROOT / "signals" / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_checked_in_schemas_match_the_models() -> None:
    for name, content in GEN.expected_files().items():
        path = ROOT / "signals" / "schemas" / name
        assert path.exists(), f"{name} missing: run python scripts/gen_schemas.py"
        assert path.read_text(encoding="utf-8") == content, (
            f"{name} is out of date with signals/events.py: run python scripts/gen_schemas.py "
            "(and bump schema_version if a field was renamed or removed)"
        )


def test_every_topic_has_an_example() -> None:
    assert set(EVENTS) == set(GEN.TOPICS)


@pytest.mark.parametrize("topic", sorted(EVENTS))
def test_serialized_events_validate(topic: str) -> None:
    payload = json.loads(EVENTS[topic].model_dump_json())
    _validator(topic).validate(payload)


@pytest.mark.parametrize(
    ("topic", "mutate"),
    [
        ("alerts.in_market", lambda p: p.pop("account_id")),
        ("alerts.in_market", lambda p: p.update(schema_version=2)),
        ("signals.raw", lambda p: p.update(kind="rumour")),
        ("signals.matched", lambda p: p.update(confidence=1.5)),
        ("accounts.rescored", lambda p: p.update(score="high")),
    ],
)
def test_broken_payloads_are_rejected(topic: str, mutate: Any) -> None:
    payload = json.loads(EVENTS[topic].model_dump_json())
    mutate(payload)
    assert list(_validator(topic).iter_errors(payload))


def test_unknown_fields_are_allowed_for_forward_compatibility() -> None:
    payload = json.loads(ALERT.model_dump_json()) | {"added_later": "x"}
    _validator("alerts.in_market").validate(payload)
