"""Print the matcher's precision and recall on the labelled evaluation set.

    .venv/bin/python scripts/eval_matching.py                 # the set in tests/
    .venv/bin/python scripts/eval_matching.py --dir other/set --show-misses

The set's directory holds accounts.csv, signals.jsonl and expected.jsonl (see
:mod:`signals.matching.evaluation`). Every wrong match is listed; misses on request.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from signals.matching.evaluation import Evaluation, Outcome, Scores, evaluate

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "signals" / "matching" / "eval"


def _line(label: str, s: Scores) -> str:
    return (
        f"{label:<22} signals={s.signals:<4} positives={s.positives:<4} matched={s.matched:<4} "
        f"right={s.right:<4} precision={s.precision:.3f} recall={s.recall:.3f}"
    )


def _describe(o: Outcome) -> str:
    got = o.result.account_id or "-"
    return f"  {o.signal_id} {o.fields} expected={o.expected} got={got} ({o.result.reason})"


def report(evaluation: Evaluation, *, show_misses: bool) -> str:
    lines = [
        _line("name-only", evaluation.name_only),
        _line("domain/CIK/ATS board", evaluation.identifiers),
        _line("all", evaluation.group("name", "domain", "cik", "ats")),
    ]
    lines.append(f"wrong matches: {len(evaluation.errors)}")
    lines.extend(_describe(o) for o in evaluation.errors)
    if show_misses:
        lines.append(f"misses: {len(evaluation.misses)}")
        lines.extend(_describe(o) for o in evaluation.misses)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_SET)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    evaluation = evaluate(
        (args.dir / "accounts.csv").read_bytes(),
        (args.dir / "signals.jsonl").read_bytes(),
        (args.dir / "expected.jsonl").read_bytes(),
    )
    print(report(evaluation, show_misses=args.show_misses))


if __name__ == "__main__":
    main()
