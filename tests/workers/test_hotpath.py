"""The hot path's plain steps, without a broker: decoding, routing, scoring into records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from icp.accounts import Account
from icp.definition import parse_icp
from icp.fit import evaluate_fit
from inmarket.settings import Settings
from inmarket.store.db import Store
from signals.events import DeadLetter, MatchedSignal, SignalEvent, SignalKind, UnmatchedSignal
from workers import topics
from workers.batches import decode, match_batch, score_batch
from workers.hotpath import bootstrap_servers
from workers.state import PipelineState

ICP = 'version = "unit-1"\n[firmographic]\nindustries = ["Software"]\n'


def _signal(i: int, domain: str, name: str) -> SignalEvent:
    return SignalEvent(
        id=f"sig-{i}",
        kind=SignalKind.FUNDING,
        source_type="unit",
        company_name=name,
        company_domain=domain,
        occurred_at=datetime.now(UTC) - timedelta(hours=2),
        title=f"{name} raises $20M Series B",
    )


@pytest.fixture
async def state(tmp_path: Path) -> PipelineState:
    icp = parse_icp(ICP)
    store = Store.open(f"sqlite:///{tmp_path / 'unit.db'}")
    await store.migrate()
    accounts = [
        Account(id="A1", name="Alder Works", domains=("alderworks.io",), industry="Software"),
        Account(id="A2", name="Birch Mining", domains=("birchmining.com",), industry="Mining"),
    ]
    await store.upsert_accounts([(a, evaluate_fit(a, icp)) for a in accounts], icp.version)
    settings = Settings(sources_file=tmp_path / "none.toml", icp_file=tmp_path / "icp.toml")
    loaded = PipelineState(settings=settings, store=store, icp=icp, icp_hash="h")
    await loaded.refresh_accounts()
    return loaded


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("kafka://127.0.0.1:9092", "127.0.0.1:9092"),
        ("kafka://a:1;kafka://b:2", "a:1,b:2"),
        ("a:1, b:2", "a:1,b:2"),
    ],
)
def test_bootstrap_servers(url: str, expected: str) -> None:
    assert bootstrap_servers(url) == expected


def test_decode_keeps_good_records_and_letters_the_rest() -> None:
    good = _signal(1, "alderworks.io", "Alder Works").model_dump_json().encode()
    records, letters = decode("match", topics.SIGNALS_RAW, [good, b"{", None], SignalEvent)
    assert [r.id for r in records] == ["sig-1"]
    assert [o.topic for o in letters] == [topics.SIGNALS_DLQ] * 2
    errors = [DeadLetter.model_validate_json(o.value).error for o in letters]
    assert errors[0].startswith("invalid payload") and errors[1] == "invalid payload: empty value"


async def test_match_batch_routes_by_account_and_signal_id(state: PipelineState) -> None:
    values = [
        _signal(1, "alderworks.io", "Alder Works").model_dump_json().encode(),
        _signal(2, "birchmining.com", "Birch Mining").model_dump_json().encode(),
        _signal(3, "nobody.example", "Nobody At All").model_dump_json().encode(),
    ]
    effects = await match_batch(state, values)
    routed = {(o.topic, o.key) for o in effects.outgoing}
    assert (topics.SIGNALS_MATCHED, b"A1") in routed
    assert (topics.SIGNALS_UNMATCHED, b"sig-2") in routed  # outside the ICP
    assert (topics.SIGNALS_UNMATCHED, b"sig-3") in routed
    outside = next(o for o in effects.outgoing if o.key == b"sig-2")
    assert "outside the ICP" in UnmatchedSignal.model_validate_json(outside.value).reason
    assert not effects.events and not effects.alerts
    await state.store.close()


async def test_score_batch_publishes_every_rescore_and_is_idempotent(
    state: PipelineState,
) -> None:
    matched = [
        o.value
        for o in (
            await match_batch(
                state, [_signal(1, "alderworks.io", "Alder Works").model_dump_json().encode()]
            )
        ).outgoing
    ]
    assert MatchedSignal.model_validate_json(matched[0]).account_id == "A1"
    first = await score_batch(state, matched)
    assert [e.account_id for e in first.events] == ["A1"]
    assert {(o.topic, o.key) for o in first.outgoing} >= {(topics.ACCOUNTS_RESCORED, b"A1")}
    assert all(o.key == b"A1" for o in first.outgoing)
    again = await score_batch(state, matched)  # redelivered: nothing new happens
    assert not again.outgoing and not again.events and not again.alerts
    await state.store.close()
