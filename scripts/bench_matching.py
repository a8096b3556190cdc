"""Benchmark account matching on synthetic accounts (deterministic).

    .venv/bin/python scripts/bench_matching.py                     # 10k, 100k, 1M
    .venv/bin/python scripts/bench_matching.py --sizes 100000 --signals 50000

Each size runs in a fresh process so its resident memory is its own. Per size it
prints: index build time (including generating the rows and building the Account
records, which the index does not keep), resident memory after the build (VmRSS from
/proc/self/status; the peak VmHWM during the build; and the index's own share), and
matches per second of CPU time (one core) for 50,000 signals of each kind:

- name_exact: name-only signals naming an account as another source writes it (case,
  legal form, "The", EDGAR tag);
- name_typo: the account's longest word with one letter dropped;
- name_unknown: names made the way account names are, mostly of companies not in the list;
- name_mix: the name-only rate the target (>= 50,000/s at 1M accounts) refers to: 80%
  name_exact, 10% name_typo, 10% name_unknown, shuffled;
- domain: domain-only signals (a URL on the account's domain).

The name-key cache is emptied before each kind, so every distinct name is normalized
once, as in a stream of new names (a real stream repeats names and is faster).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from icp.accounts import Account
from signals.events import SignalEvent, SignalKind
from signals.matching.index import MatchIndex
from signals.matching.names import name_keys

SEED = 20240601


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "ac al an ar as at ba be bi bo bra ca ce ci co cor da de di do dra el en er es ev fa fe fi "
    "fo ga ge gi go gra ha he hi ho in io is ka ke ki ko la le li lo lu ma me mi mo mu na ne ni "
    "no nu o ob om on or pa pe pi po pra qua ra re ri ro ru sa se si so sta su ta te ti to tra "
    "tu u ul um un va ve vi vo xa xe ya yo za ze zi zo"
)
_ENDINGS = _words("ly ify io ia ex ix ox on ar er us um os is a o en ent ics ity hub lab base")
_INDUSTRY = _words(
    "Analytics Systems Software Labs Health Capital Partners Robotics Logistics Energy Foods "
    "Networks Security Bio Therapeutics Pharma Media Studios Games Financial Payments Cloud Data "
    "Devices Materials Motors Aerospace Retail Brands Apparel Insurance Realty Properties "
    "Consulting Solutions Technologies Industries Manufacturing Medical Dental Genomics Education "
    "Learning Mobility Travel Hospitality Foods Beverages Farms Mining Metals Chemicals Marine"
)
_SURNAMES = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Garcia Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson White Harris Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker "
    "Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins"
)
_PLACES = _words(
    "Pacific Atlantic Northern Southern Western Eastern Summit Harbor River Valley Mountain Lake "
    "Bay Coastal Prairie Canyon Metro Capital Liberty Pioneer Frontier Global United National"
)
_LEGAL = ("Inc", "Inc.", "Corp", "Corporation", "LLC", "Ltd", "Limited", "GmbH", "PLC", "", "", "")
_TLDS = ("com", "com", "com", "io", "co", "ai", "co.uk", "de", "com.au", "net")


def brand(rng: random.Random) -> str:
    parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
    return ("".join(parts) + rng.choice(_ENDINGS)).capitalize()


def company_name(rng: random.Random) -> str:
    """A plausible company name: brand, brand + industry, founders, or place + industry."""
    roll = rng.random()
    if roll < 0.35:
        core = brand(rng)
    elif roll < 0.75:
        core = f"{brand(rng)} {rng.choice(_INDUSTRY)}"
    elif roll < 0.85:
        core = f"{rng.choice(_SURNAMES)} & {rng.choice(_SURNAMES)} {rng.choice(_INDUSTRY)}"
    elif roll < 0.95:
        core = f"{rng.choice(_PLACES)} {brand(rng)} {rng.choice(_INDUSTRY)}"
    else:
        core = f"{brand(rng)} {brand(rng)}"
    legal = rng.choice(_LEGAL)
    return f"{core}, {legal}" if legal and rng.random() < 0.3 else f"{core} {legal}".strip()


def synthetic_rows(count: int, seed: int = SEED) -> Iterator[tuple[str, str, str]]:
    """(id, name, domain) rows; the same seed gives the same rows."""
    rng = random.Random(seed)
    for i in range(count):
        name = company_name(rng)
        slug = "".join(ch for ch in name.split(",")[0].lower() if ch.isalnum())[:30]
        yield f"crm-{i}", name, f"{slug}{i % 97 if rng.random() < 0.2 else ''}.{rng.choice(_TLDS)}"


def accounts(count: int) -> Iterator[Account]:
    for account_id, name, domain in synthetic_rows(count):
        yield Account(id=account_id, name=name, domains=(domain,))


def _variant(name: str, rng: random.Random) -> str:
    """How a source might write the same company: case, legal form, EDGAR tag."""
    core = name.split(",")[0]
    for legal in _LEGAL:
        if legal and core.endswith(" " + legal):
            core = core[: -len(legal) - 1]
    return rng.choice(
        (core, core.upper() + " CORP /DE/", f"The {core}, Inc.", core.lower(), f"{core} Ltd.")
    )


def _typo(name: str, rng: random.Random) -> str:
    words = name.split(",")[0].split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 6:
        i = rng.randint(1, len(word) - 2)
        words[longest] = word[:i] + word[i + 1 :]
    return " ".join(words)


def _signal(i: int, **fields: str) -> SignalEvent:
    return SignalEvent(
        id=f"s{i}",
        kind=SignalKind.FUNDING,
        source_type="bench",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        **fields,
    )


def _name_signals(names: list[str]) -> list[SignalEvent]:
    """Signals built in the order they will be matched, from fresh strings, as a worker
    decoding a batch has them (objects laid out in arrival order)."""
    return [_signal(i, company_name=(name + " ")[:-1]) for i, name in enumerate(names)]


def _rate(index: MatchIndex, signals: list[SignalEvent]) -> tuple[float, int]:
    """Matches per second of this process's CPU time (one core, whatever else runs)."""
    name_keys.cache_clear()
    start = time.process_time()
    matched = sum(1 for s in signals if index.match(s).account_id is not None)
    return len(signals) / (time.process_time() - start), matched


def _proc_status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def bench_one(size: int, n_signals: int) -> dict[str, float]:
    gc.collect()
    base_rss = _proc_status("VmRSS")
    start, start_cpu = time.perf_counter(), time.process_time()
    index = MatchIndex.build(accounts(size))
    build_s, build_cpu_s = time.perf_counter() - start, time.process_time() - start_cpu
    gc.collect()
    rss = _proc_status("VmRSS")
    peak_build = _proc_status("VmHWM")
    rng = random.Random(SEED + 1)
    wanted = sorted(rng.randrange(size) for _ in range(n_signals))
    chosen = set(wanted)
    by_position = {i: row for i, row in enumerate(synthetic_rows(size)) if i in chosen}
    picks = [by_position[i] for i in wanted]
    random.Random(SEED + 4).shuffle(picks)
    exact_names = [_variant(r[1], rng) for r in picks]
    typo_names = [_typo(r[1], rng) for r in picks]
    unknown_rng = random.Random(SEED + 2)
    unknown_names = [company_name(unknown_rng) for _ in range(n_signals)]
    tenth = n_signals // 10
    mix_names = exact_names[: n_signals - 2 * tenth] + typo_names[:tenth] + unknown_names[:tenth]
    random.Random(SEED + 3).shuffle(mix_names)
    exact = _name_signals(exact_names)
    typos = _name_signals(typo_names)
    unknown = _name_signals(unknown_names)
    mix = _name_signals(mix_names)
    domains = [_signal(i, company_domain=f"https://www.{r[2]}/news") for i, r in enumerate(picks)]
    # A worker's heap is the index plus a few signals in flight: freeze what is built here
    # so full collections do not rescan it all (as the worker does after its initial load).
    gc.collect()
    gc.freeze()
    out: dict[str, float] = {
        "accounts": size,
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu_s, 2),
        "rss_mb": round(rss / 2**20),
        "index_mb": round((rss - base_rss) / 2**20),
        "peak_rss_build_mb": round(peak_build / 2**20),
    }
    for label, batch in (
        ("name_exact", exact),
        ("name_typo", typos),
        ("name_unknown", unknown),
        ("name_mix", mix),
        ("domain", domains),
    ):
        rate, matched = _rate(index, batch)
        out[f"{label}_per_s"] = round(rate)
        out[f"{label}_matched"] = round(matched / len(batch), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(bench_one(args.one, args.signals)))
        return
    print(
        f"{args.signals} signals per kind; rates are matches per CPU second on one core; "
        "name_mix = 80% name_exact + 10% name_typo + 10% name_unknown",
        flush=True,
    )
    for size in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--signals", str(args.signals)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(proc.stdout)
        print(" ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
