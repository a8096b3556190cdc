"""Pipeline throughput against the broker's own ceiling, in one run, on loopback.

    .venv/bin/python scripts/bench_pipeline.py [--signals 20000] [--accounts 10000]
        [--hot-path faust|aiokafka] [--database-url postgresql://...] [--profile out.txt]

1. Starts the embedded broker. Measures the raw aiokafka ceiling: produce N records
   batched (one ack wait at the end), then consume them with getmany.
2. Imports synthetic accounts into a fresh SQLite file, produces N SignalEvents that match
   them by domain onto signals.raw, starts ``inmarket run`` and times match + score from
   the first to the last signal attached to an account in the store.
Prints the figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
``--database-url`` names an empty database to use instead of a fresh SQLite file;
``--profile`` records the worker with py-spy (raw folded stacks) while it works.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from icp.accounts import Account
from icp.definition import parse_icp
from icp.fit import evaluate_fit
from inmarket.broker import start_embedded_broker
from inmarket.settings import Settings
from inmarket.store.db import Store
from inmarket.store.tables import AccountSignalRow
from inmarket.worker_process import running_worker
from signals.events import SignalEvent, SignalKind
from workers.produce import produce
from workers.tail import read_topic

ICP = 'version = "bench"\n[firmographic]\nindustries = ["Software"]\n'


async def raw_ceiling(bootstrap: str, count: int) -> tuple[float, float]:
    payload = b"x" * 600  # about the size of a SignalEvent as JSON
    records = [(str(i).encode(), payload) for i in range(count)]
    started = time.perf_counter()
    await produce(bootstrap, "bench.raw", records)
    produced = time.perf_counter() - started
    started = time.perf_counter()
    seen = 0
    async for _ in read_topic(bootstrap, "bench.raw", idle_timeout=1.0, max_seconds=120):
        seen += 1
        if seen == count:
            break
    consumed = time.perf_counter() - started
    return count / produced, seen / consumed


async def prepare(db_url: str, accounts: int) -> list[Account]:
    icp = parse_icp(ICP)
    rows = [
        Account(
            id=f"B{i}", name=f"Bench Company {i}", domains=(f"bench{i}.com",), industry="Software"
        )
        for i in range(accounts)
    ]
    store = Store.open(db_url)
    try:
        await store.migrate()
        await store.upsert_accounts([(a, evaluate_fit(a, icp)) for a in rows], icp.version)
    finally:
        await store.close()
    return rows


def signal_records(accounts: list[Account], count: int) -> list[tuple[bytes | None, bytes]]:
    now = datetime.now(UTC)
    rng = random.Random(7)
    records: list[tuple[bytes | None, bytes]] = []
    for i in range(count):
        account = rng.choice(accounts)
        event = SignalEvent(
            id=f"bench-{i}",
            kind=SignalKind.JOB_POSTING,
            source_type="bench",
            company_name=account.name,
            company_domain=account.domain,
            occurred_at=now - timedelta(hours=rng.randint(1, 500)),
            title=f"{account.name} is hiring #{i}",
        )
        records.append((event.id.encode(), event.model_dump_json().encode()))
    return records


async def attached(db_url: str) -> tuple[int, float | None]:
    store = Store.open(db_url)
    try:
        async with store.engine.connect() as conn:
            result = await conn.execute(
                select(
                    func.count(),
                    func.min(AccountSignalRow.matched_at),
                    func.max(AccountSignalRow.matched_at),
                )
            )
            count, first, last = result.one()
    finally:
        await store.close()
    if not count or first is None or last is None:
        return int(count or 0), None
    first_dt = first if isinstance(first, datetime) else datetime.fromisoformat(str(first))
    last_dt = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
    return int(count), (last_dt - first_dt).total_seconds()


def start_profiler(pid: int, output: Path) -> subprocess.Popen[bytes]:
    """py-spy (installed next to this interpreter) recording ``pid`` for 15 seconds."""
    py_spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(
        [
            *(str(py_spy), "record", "--pid", str(pid), "--duration", "15"),
            *("--format", "raw", "--output", str(output), "--nonblocking"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=20_000)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--hot-path", choices=("faust", "aiokafka"), default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    broker = start_embedded_broker()
    workdir = Path(tempfile.mkdtemp(prefix="inmarket-bench-"))
    db_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    profiler: subprocess.Popen[bytes] | None = None
    try:
        produce_rate, consume_rate = asyncio.run(raw_ceiling(broker.bootstrap, args.signals))
        print(
            f"raw aiokafka ceiling: produce {produce_rate:,.0f} msg/s, "
            f"consume {consume_rate:,.0f} msg/s"
        )
        accounts = asyncio.run(prepare(db_url, args.accounts))
        records = signal_records(accounts, args.signals)
        asyncio.run(produce(broker.bootstrap, "signals.raw", records))
        (workdir / "icp.toml").write_text(ICP)
        env = {
            "INMARKET_BROKER_URL": broker.url,
            "INMARKET_DATABASE_URL": db_url,
            "INMARKET_ICP_FILE": str(workdir / "icp.toml"),
            "INMARKET_SOURCES_FILE": str(workdir / "none.toml"),
            "INMARKET_WORKER_ID": "bench",
            "INMARKET_LOG_LEVEL": "info",
        }
        if args.hot_path:
            env["INMARKET_HOT_PATH"] = args.hot_path
        started = time.perf_counter()
        with running_worker(env, workdir) as worker:
            try:
                count = 0
                while time.perf_counter() - started < args.timeout and worker.poll() is None:
                    time.sleep(1.0)
                    count, _ = asyncio.run(attached(db_url))
                    if count and args.profile and profiler is None:
                        profiler = start_profiler(worker.pid, args.profile)
                    if count >= args.signals:
                        break
                count, span = asyncio.run(attached(db_url))
                total = time.perf_counter() - started
            finally:
                if profiler is not None:
                    profiler.wait(60)
        hot_path = args.hot_path or Settings().hot_path
        if span:
            print(
                f"pipeline (match + score, hot path {hot_path}): {count:,} signals in "
                f"{span:.1f} s = {count / span:,.0f} signals/s "
                f"({total:.1f} s including worker start-up and group join)"
            )
        else:
            print(
                f"pipeline: only {count} of {args.signals} signals attached; "
                f"see {workdir}/worker.log"
            )
    finally:
        broker.stop()


if __name__ == "__main__":
    main()
