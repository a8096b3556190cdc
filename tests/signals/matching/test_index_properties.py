"""Properties of MatchIndex: total on any input, and current after any upserts/removals."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from icp.accounts import Account
from signals.events import MatchMethod, SignalEvent, SignalKind
from signals.matching.index import MatchIndex

_NAMES = [
    "Acme",
    "Acme Inc",
    "Acme Analytics",
    "Acme Analytic",
    "Acme Robotics",
    "Beacon Health",
    "Bacon Health",
    "Stripe",
    "Stripes",
    "Data Dog",
    "Datadog",
    "Northwind Traders",
    "Inc.",
    "",
]
_DOMAINS = ["acme.com", "acme.co.uk", "shared.com", "stripe.com", "techcrunch.com"]


def _signal(**fields: str | None) -> SignalEvent:
    return SignalEvent(
        id="s",
        kind=SignalKind.FUNDING,
        source_type="test",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        **fields,
    )


_accounts = st.builds(
    lambda i, name, domains, aliases, cik: Account(
        id=f"a{i}",
        name=name or "Nameless",
        domains=tuple(dict.fromkeys(domains)),
        aliases=tuple(aliases),
        cik=cik,
    ),
    st.integers(0, 12),
    st.sampled_from(_NAMES),
    st.lists(st.sampled_from(_DOMAINS), max_size=2),
    st.lists(st.sampled_from(_NAMES), max_size=2),
    st.sampled_from([None, "320193", "1"]),
)
_text = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(_NAMES + _DOMAINS))


@settings(max_examples=300, deadline=None)
@given(st.lists(_accounts, max_size=10), _text, _text, _text, _text)
def test_match_is_total_and_consistent(
    accounts: list[Account],
    name: str | None,
    domain: str | None,
    cik: str | None,
    board: str | None,
) -> None:
    index = MatchIndex.build(accounts)
    result = index.match(
        _signal(company_name=name, company_domain=domain, cik=cik, ats_board=board)
    )
    assert (result.account_id is None) == (result.method is None)
    assert 0.0 <= result.confidence <= 1.0
    assert result.reason
    if result.account_id is not None:
        assert result.account_id in index
        assert not result.candidates
    for candidate in result.candidates:
        assert candidate.account_id in index


_operations = st.lists(
    st.one_of(
        st.tuples(st.just("upsert"), _accounts),
        st.tuples(st.just("remove"), st.integers(0, 12).map(lambda i: f"a{i}")),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(_operations)
def test_upserts_and_removals_match_like_a_fresh_build(
    operations: list[tuple[str, Account | str]],
) -> None:
    index = MatchIndex()
    current: dict[str, Account] = {}
    for op, value in operations:
        if op == "upsert":
            assert isinstance(value, Account)
            index.upsert(value)
            current[value.id] = value
        else:
            assert isinstance(value, str)
            index.remove(value)
            current.pop(value, None)
    fresh = MatchIndex.build(current.values())
    assert len(index) == len(fresh) == len(current)
    for name in [*_NAMES, "Acme Analytcs", "Strpe", "DataDog Inc"]:
        for domain in [None, *_DOMAINS]:
            signal = _signal(company_name=name, company_domain=domain)
            got, want = index.match(signal), fresh.match(signal)
            assert (got.account_id, got.method) == (want.account_id, want.method)
            assert {c.account_id for c in got.candidates} == {c.account_id for c in want.candidates}


def test_a_shared_cik_is_reported_and_the_name_decides() -> None:
    index = MatchIndex.build(
        [
            Account(id="a", name="Alpha Holdings", cik="1"),
            Account(id="b", name="Beta Holdings", cik="1"),
        ]
    )
    assert index.match(_signal(cik="0001", company_name="Beta")).account_id == "b"
    unresolved = index.match(_signal(cik="1"))
    assert unresolved.account_id is None
    assert {c.account_id for c in unresolved.candidates} == {"a", "b"}


def test_many_removals_compact_the_fuzzy_blocks() -> None:
    index = MatchIndex.build(Account(id=f"x{i}", name=f"Company {i}") for i in range(12_000))
    index.upsert(Account(id="keep", name="Vandelay Industries"))
    for i in range(12_000):
        index.remove(f"x{i}")
    assert len(index) == 1
    result = index.match(_signal(company_name="Vandeley Industries"))
    assert (result.account_id, result.method) == ("keep", MatchMethod.NAME_FUZZY)
