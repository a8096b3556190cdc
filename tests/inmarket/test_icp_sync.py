"""A changed ICP file re-evaluates every stored account and reports the tier moves."""

from __future__ import annotations

import asyncio

from icp.accounts import Account
from icp.definition import parse_icp
from icp.fit import evaluate_fit
from inmarket.icp_sync import content_hash, sync_icp
from inmarket.settings import Settings
from inmarket.store.db import Store
from workers.state import PipelineState

SOFTWARE = 'version = "v1"\n[firmographic]\nindustries = ["Software"]\n'
MINING = 'version = "v2"\n[firmographic]\nindustries = ["Mining"]\n'


async def test_new_icp_version_reevaluates_and_reports(store: Store) -> None:
    v1 = parse_icp(SOFTWARE)
    accounts = [
        Account(id="A1", name="Soft", industry="Software", greenhouse_board="soft"),
        Account(id="A2", name="Mine", industry="Mining"),
        Account(id="A3", name="Other", industry="Retail"),
    ]
    await store.upsert_accounts([(a, evaluate_fit(a, v1)) for a in accounts], "v1")
    first = await sync_icp(store, v1, content_hash(SOFTWARE))
    assert first.changed
    again = await sync_icp(store, v1, content_hash(SOFTWARE))
    assert not again.changed and "already applied" in again.summary()

    state = PipelineState(settings=Settings(), store=store, icp=v1, icp_hash=content_hash(SOFTWARE))
    assert await state.refresh_accounts() == 3
    assert state.in_icp == {"A1"}
    assert [s.name for s in state.all_sources()] == ["board-greenhouse-soft"]

    v2 = parse_icp(MINING)
    result = await sync_icp(store, v2, content_hash(MINING))
    assert result.changed and result.version == "v2"
    assert result.after.get("out") == 2 and result.before.get("out") == 2
    assert "ICP v2 applied" in result.summary()
    found = await store.find_account("A2")
    assert found is not None and found.fit.in_icp and found.icp_version == "v2"
    # the running worker's index follows without a restart (only the two that moved)
    assert await state.refresh_accounts() == 2
    assert state.in_icp == {"A2"}
    assert await state.refresh_accounts() == 0


async def test_workers_starting_together_both_apply_the_icp(
    store: Store, database_url: str
) -> None:
    """Two processes on one database may sync the same ICP at once; neither fails."""
    v1 = parse_icp(SOFTWARE)
    account = Account(id="A1", name="Soft", industry="Software")
    await store.upsert_accounts([(account, evaluate_fit(account, v1))], "v1")
    other = Store.open(database_url)
    try:
        first, second = await asyncio.gather(
            sync_icp(store, v1, content_hash(SOFTWARE)),
            sync_icp(other, v1, content_hash(SOFTWARE)),
        )
        assert first.changed or second.changed  # the later one may find it applied already
        # both having read "nothing applied" before either writes: the writes must not collide
        await asyncio.gather(
            *(s.set_icp_state("v1", content_hash(SOFTWARE)) for s in (store, other))
        )
        assert await store.icp_state() == ("v1", content_hash(SOFTWARE))
        assert await other.icp_state() == ("v1", content_hash(SOFTWARE))
    finally:
        await other.close()
