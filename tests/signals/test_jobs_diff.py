"""Board diffs: new, closed and executive postings, hiring surges, snapshots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.events import SignalKind
from signals.jobs import (
    BoardSnapshot,
    JobPosting,
    classify_function,
    classify_seniority,
    diff_postings,
)

BOARD = "greenhouse:acme"
DAY0 = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


def posting(job_id: str, title: str, published: datetime | None = DAY0) -> JobPosting:
    return JobPosting(
        job_id=job_id,
        board=BOARD,
        title=title,
        function=classify_function(title),
        seniority=classify_seniority(title),
        published_at=published,
        url=f"https://boards.example/acme/{job_id}",
    )


def engineers(count: int, start: int = 0) -> list[JobPosting]:
    return [posting(f"e{i}", "Software Engineer") for i in range(start, start + count)]


def kinds(signals: list) -> list[SignalKind]:
    return [s.kind for s in signals]


def test_first_poll_is_a_baseline_without_per_posting_signals() -> None:
    board = [
        *engineers(300),
        posting("x1", "VP, Engineering"),
        posting("x2", "Chief Revenue Officer", published=DAY0 - timedelta(days=90)),
    ]
    signals, snapshot = diff_postings(None, board, now=DAY0, company_name="Acme")
    assert kinds(signals) == [SignalKind.EXECUTIVE_ROLE_OPENED]  # only the recent exec role
    assert signals[0].job_id == "x1" and signals[0].seniority == "vp"
    assert len(snapshot.open) == 302
    assert snapshot.history["engineering"][-1].count == 301


def test_new_closed_and_executive_postings() -> None:
    _, first = diff_postings(None, engineers(3), now=DAY0, company_name="Acme")
    later = DAY0 + timedelta(days=1)
    board = [
        *engineers(2),
        posting("n1", "Account Executive"),
        posting("n2", "Chief Financial Officer"),
    ]
    signals, snapshot = diff_postings(first, board, now=later, company_name="Acme")
    assert sorted(kinds(signals)) == sorted(
        [
            SignalKind.JOB_POSTING,
            SignalKind.JOB_POSTING,
            SignalKind.EXECUTIVE_ROLE_OPENED,
            SignalKind.JOB_CLOSED,
        ]
    )
    closed = next(s for s in signals if s.kind is SignalKind.JOB_CLOSED)
    assert closed.job_id == "e2" and closed.function == "engineering"
    new = {s.job_id: s for s in signals if s.kind is SignalKind.JOB_POSTING}
    assert new["n1"].function == "sales" and new["n1"].ats_board == BOARD
    assert new["n1"].company_name == "Acme" and new["n1"].source_type == "greenhouse"
    assert new["n1"].url == "https://boards.example/acme/n1"
    assert snapshot.open["e0"].first_seen == DAY0
    assert snapshot.open["n1"].first_seen == later


def test_ids_are_stable_fingerprints() -> None:
    _, first = diff_postings(None, engineers(1), now=DAY0, company_name="Acme")
    board = [*engineers(1), posting("n1", "Designer")]
    one, _ = diff_postings(first, board, now=DAY0 + timedelta(days=1), company_name="Acme")
    two, _ = diff_postings(first, board, now=DAY0 + timedelta(days=2), company_name="Other name")
    assert [s.id for s in one] == [s.id for s in two]
    assert one[0].id.startswith("job_posting-")


def test_an_unchanged_board_says_nothing() -> None:
    _, first = diff_postings(None, engineers(5), now=DAY0, company_name="Acme")
    signals, _ = diff_postings(
        first, engineers(5), now=DAY0 + timedelta(hours=1), company_name="Acme"
    )
    assert signals == []


def test_hiring_surge_once_per_function_and_window() -> None:
    _, snapshot = diff_postings(None, engineers(4), now=DAY0, company_name="Acme")
    now = DAY0 + timedelta(days=3)
    signals, snapshot = diff_postings(snapshot, engineers(6), now=now, company_name="Acme")
    assert SignalKind.HIRING_SURGE not in kinds(signals)  # +2: below surge_min_new
    now += timedelta(days=3)
    signals, snapshot = diff_postings(snapshot, engineers(7), now=now, company_name="Acme")
    [surge] = [s for s in signals if s.kind is SignalKind.HIRING_SURGE]
    assert (surge.function, surge.open_roles, surge.previous_open_roles) == ("engineering", 7, 4)
    assert surge.id.startswith("hiring_surge-")
    now += timedelta(days=1)
    signals, snapshot = diff_postings(snapshot, engineers(9), now=now, company_name="Acme")
    assert SignalKind.HIRING_SURGE not in kinds(signals)  # already reported in this window


def test_growth_older_than_the_window_is_no_surge() -> None:
    _, snapshot = diff_postings(None, engineers(4), now=DAY0, company_name="Acme")
    later = DAY0 + timedelta(days=45)
    _, snapshot = diff_postings(snapshot, engineers(10), now=later, company_name="Acme")
    signals, _ = diff_postings(
        snapshot, engineers(11), now=later + timedelta(days=1), company_name="Acme"
    )
    assert SignalKind.HIRING_SURGE not in kinds(signals)


def test_small_share_growth_is_no_surge() -> None:
    _, snapshot = diff_postings(None, engineers(20), now=DAY0, company_name="Acme")
    signals, _ = diff_postings(
        snapshot, engineers(25), now=DAY0 + timedelta(days=2), company_name="Acme"
    )
    assert SignalKind.HIRING_SURGE not in kinds(signals)  # +25% < 50%


def test_snapshot_round_trips_through_json() -> None:
    _, snapshot = diff_postings(
        None, [*engineers(3), posting("d1", "Designer")], now=DAY0, company_name="Acme"
    )
    _, snapshot = diff_postings(
        snapshot, engineers(5), now=DAY0 + timedelta(days=1), company_name="Acme"
    )
    restored = BoardSnapshot.model_validate_json(snapshot.model_dump_json())
    assert restored == snapshot


def test_empty_poll_needs_a_board_name() -> None:
    with pytest.raises(ValueError, match="board"):
        diff_postings(None, [], now=DAY0, company_name=None)
    signals, snapshot = diff_postings(None, [], now=DAY0, company_name=None, board=BOARD)
    assert signals == [] and snapshot.open == {}


def test_naive_now_is_taken_as_utc() -> None:
    _, snapshot = diff_postings(None, engineers(1), now=datetime(2025, 1, 1), company_name=None)
    assert snapshot.taken_at == datetime(2025, 1, 1, tzinfo=UTC)


_titles = st.sampled_from(["Software Engineer", "Account Executive", "VP Sales", "CFO", "Designer"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.tuples(st.integers(0, 30), _titles), max_size=25), min_size=1, max_size=6)
)
def test_diffs_account_for_every_posting(polls: list[list[tuple[int, str]]]) -> None:
    snapshot: BoardSnapshot | None = None
    now = DAY0
    for poll in polls:
        board = [posting(f"j{n}", title) for n, title in poll]
        signals, new_snapshot = diff_postings(
            snapshot, board, now=now, company_name="Acme", board=BOARD
        )
        ids = {p.job_id for p in board}
        before = set(snapshot.open) if snapshot else set()
        closed = {s.job_id for s in signals if s.kind is SignalKind.JOB_CLOSED}
        opened = {s.job_id for s in signals if s.kind is SignalKind.JOB_POSTING}
        assert closed == before - ids
        assert opened == (ids - before if snapshot else set())
        assert set(new_snapshot.open) == ids
        assert len({s.id for s in signals}) == len(signals)
        snapshot = BoardSnapshot.model_validate_json(new_snapshot.model_dump_json())
        now += timedelta(days=2)


def test_one_requisition_posted_in_several_cities_is_one_role() -> None:
    def post(job_id: str, title: str = "Account Executive", req: str = "r1") -> JobPosting:
        return posting(job_id, title).model_copy(update={"requisition": req})

    _, first = diff_postings(None, [post("a1")], now=DAY0, company_name="Acme")
    later = DAY0 + timedelta(days=1)
    cities = [post("a2"), post("a3"), post("a4"), post("a5")]  # a1 closed, r1 still open
    signals, snapshot = diff_postings(first, cities, now=later, company_name="Acme")
    assert signals == []  # no new role, nothing closed, no sales surge from one role
    assert snapshot.history["sales"][-1].count == 1
    assert snapshot.open["a2"].requisition == "r1"

    new_req = [*cities, post("v1", "VP, Sales", req="r2"), post("v2", "VP, Sales", req="r2")]
    signals, _ = diff_postings(snapshot, new_req, now=later, company_name="Acme")
    assert sorted(kinds(signals)) == [SignalKind.EXECUTIVE_ROLE_OPENED, SignalKind.JOB_POSTING]
