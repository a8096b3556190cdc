"""Function and seniority classifiers; board parsers on arbitrary input."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.errors import ParseError
from signals.jobs import FUNCTIONS, SENIORITIES, classify_function, classify_seniority
from signals.sources import ashby, greenhouse, lever


@pytest.mark.parametrize(
    ("title", "department", "function"),
    [
        ("Senior Software Engineer, Data Platform", None, "engineering"),
        ("Data Engineer", None, "data"),
        ("Machine Learning Scientist", None, "data"),
        ("Sales Engineer", None, "sales"),
        ("Enterprise Account Executive", None, "sales"),
        ("Business Development Representative", None, "sales"),
        ("Product Marketing Manager", None, "marketing"),
        ("Senior Product Manager", None, "product"),
        ("Staff Product Designer", None, "design"),
        ("Financial Analyst", None, "finance"),
        ("Controller", None, "finance"),
        ("Technical Recruiter", None, "people"),
        ("Senior Corporate Counsel", None, "legal"),
        ("Customer Success Manager", None, "customer_success"),
        ("Client Support Analyst I", "Customer Success", "customer_success"),
        ("Security Engineer", None, "security"),
        ("Chief Technology Officer", None, "engineering"),
        ("Chief Operating Officer", None, "operations"),
        ("Member of Technical Staff", "Engineering", "engineering"),
        ("Generalist", "Research", "other"),
        ("", None, "other"),
    ],
)
def test_classify_function(title: str, department: str | None, function: str) -> None:
    assert classify_function(title, department) == function


@pytest.mark.parametrize(
    ("title", "seniority"),
    [
        ("Software Engineering Intern", "intern"),
        ("Summer Internship - Finance", "intern"),
        ("Senior Software Engineer", "ic"),
        ("Engineering Manager, Payments", "manager"),
        ("Account Manager", "ic"),
        ("Product Manager", "ic"),
        ("Director of Marketing", "director"),
        ("Senior Director, Product Marketing", "director"),
        ("VP, Sales", "vp"),
        ("Vice President of Engineering", "vp"),
        ("Head of People", "vp"),
        ("SVP Finance", "vp"),
        ("Chief Financial Officer", "c_level"),
        ("CTO", "c_level"),
        ("Executive Assistant to the CEO", "ic"),
        ("", "ic"),
    ],
)
def test_classify_seniority(title: str, seniority: str) -> None:
    assert classify_seniority(title) == seniority


TITLES = json.loads(
    (Path(__file__).parent / "fixtures" / "jobs_titles.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", TITLES, ids=[case["title"] for case in TITLES])
def test_real_titles_are_classified(case: dict[str, str]) -> None:
    """Labelled titles as boards write them; a missing key is a label left open."""
    if "function" in case:
        assert classify_function(case["title"], case.get("department")) == case["function"]
    if "seniority" in case:
        assert classify_seniority(case["title"]) == case["seniority"]


def test_title_list_covers_every_function_and_seniority() -> None:
    assert {c["function"] for c in TITLES if "function" in c} == set(FUNCTIONS) - {"other"}
    assert {c["seniority"] for c in TITLES if "seniority" in c} == set(SENIORITIES)
    assert len(TITLES) >= 300


def test_whom_a_role_serves_is_not_its_level_or_function() -> None:
    assert classify_seniority("Chief of Staff to the Chief Executive Officer") == "director"
    assert classify_function("Executive Assistant to the CFO") == "operations"
    assert classify_seniority("Software Engineer, Office of the CTO") == "ic"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=200)), st.one_of(st.none(), st.text(max_size=80)))
def test_classifiers_never_raise_and_stay_in_their_vocabularies(
    title: str | None, department: str | None
) -> None:
    assert classify_function(title, department) in FUNCTIONS
    assert classify_seniority(title) in SENIORITIES


PARSERS = (greenhouse.parse, lever.parse, ashby.parse)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1024))
def test_board_parsers_only_raise_parse_error_on_arbitrary_bytes(data: bytes) -> None:
    for parse in PARSERS:
        with suppress(ParseError):
            parse(data, board="acme")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "text",
                    "jobs",
                    "departments",
                    "location",
                    "categories",
                    "createdAt",
                    "publishedAt",
                    "first_published",
                    "isListed",
                    "isRemote",
                    "name",
                    "absolute_url",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(_json)
def test_board_parsers_only_raise_parse_error_on_json_of_any_shape(value: object) -> None:
    data = json.dumps(value).encode()
    for parse in PARSERS:
        with suppress(ParseError):
            parse(data, board="acme")
    wrapped = json.dumps({"jobs": [value]}).encode()
    for parse in PARSERS:
        with suppress(ParseError):
            parse(wrapped, board="acme")


def test_deeply_nested_json_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        greenhouse.parse(b"[" * 100_000 + b"]" * 100_000, board="acme")
