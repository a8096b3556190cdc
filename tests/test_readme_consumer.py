"""The README's downstream consumer example runs as printed, against a real broker."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from inmarket.broker import EmbeddedBroker
from workers.produce import produce

README = Path(__file__).resolve().parent.parent / "README.md"


def _example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    [block] = [b for b in blocks if "async def keep_current_tiers" in b]
    return block


def _event(account_id: str, tier: str) -> tuple[bytes, bytes]:
    return account_id.encode(), json.dumps({"account_id": account_id, "tier": tier}).encode()


async def _wait_until(condition: Any) -> None:
    async with asyncio.timeout(30):
        while not condition():  # noqa: ASYNC110 - the dict is the README's, no event to wait on
            await asyncio.sleep(0.1)


def test_the_readme_consumer_replays_then_follows(broker: EmbeddedBroker) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(_example(), "README.md", "exec"), namespace)
    keep_current_tiers = namespace["keep_current_tiers"]

    async def run() -> dict[str, str]:
        history = [_event("A1", "tier_2"), _event("A2", "tier_1"), _event("A1", "tier_1")]
        await produce(broker.bootstrap, "accounts.rescored", history)
        tiers: dict[str, str] = {}
        task = asyncio.create_task(keep_current_tiers(tiers, broker.bootstrap))
        try:
            await _wait_until(lambda: tiers == {"A1": "tier_1", "A2": "tier_1"})
            await produce(broker.bootstrap, "accounts.rescored", [_event("A2", "out")])
            await _wait_until(lambda: tiers.get("A2") == "out")
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return tiers

    assert asyncio.run(run()) == {"A1": "tier_1", "A2": "out"}
