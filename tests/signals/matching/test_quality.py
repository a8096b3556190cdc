"""The matcher's quality targets on the labelled evaluation set (tests/signals/matching/eval)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signals.matching.evaluation import Evaluation, evaluate

EVAL = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(
        (EVAL / "accounts.csv").read_bytes(),
        (EVAL / "signals.jsonl").read_bytes(),
        (EVAL / "expected.jsonl").read_bytes(),
    )


def test_the_set_is_large_enough(evaluation: Evaluation) -> None:
    assert len(evaluation.outcomes) >= 300
    assert evaluation.name_only.signals >= 300


def test_name_only_precision_and_recall(evaluation: Evaluation) -> None:
    name_only = evaluation.name_only
    assert name_only.precision >= 0.99, [o.signal_id for o in evaluation.errors]
    assert name_only.recall >= 0.95


def test_domain_cik_and_board_signals_are_never_wrong(evaluation: Evaluation) -> None:
    identifiers = evaluation.identifiers
    assert identifiers.precision == 1.0
    assert identifiers.recall >= 0.9


def test_no_signal_about_no_account_is_matched_by_name_exact(evaluation: Evaluation) -> None:
    for outcome in evaluation.outcomes:
        if outcome.expected is None and outcome.result.method is not None:
            assert outcome.result.method == "name_fuzzy", outcome
