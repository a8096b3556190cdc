# ruff: noqa: E501  (one invalid ICP and its expected message per line reads best)
from __future__ import annotations

import textwrap
from datetime import date

import pytest

import icp.definition as definition
from icp.definition import Criterion, IcpDefinition, IcpError, parse_icp
from icp.toml_writer import dump_icp
from signals.events import SignalKind


def docstring_example() -> str:
    text = definition.__doc__ or ""
    return textwrap.dedent(text.split("Example::")[1].split("A criterion table")[0])


def test_the_documented_example_parses_with_all_four_dimensions() -> None:
    icp = parse_icp(docstring_example())
    assert icp.owner == "revops@example.com" and icp.last_reviewed == date(2026, 10, 1)
    assert icp.firmographic.industries == Criterion(values=("Software", "Financial Services"))
    assert icp.firmographic.annual_revenue is not None
    assert icp.firmographic.annual_revenue.required is False
    assert icp.firmographic.custom["segment"].values == ("mid-market", "enterprise")
    assert icp.technographic.required == ("Snowflake",)
    assert icp.behavioral["lead_source"].weight == 2
    funding = icp.situational[SignalKind.FUNDING]
    assert funding.min_round == "series_b" and funding.max_age_days == 90
    assert icp.situational[SignalKind.LEADERSHIP_CHANGE].functions == ("sales", "marketing")


def test_the_first_version_format_still_parses() -> None:
    icp = parse_icp(
        'version = "1"\n[firmographic]\nindustries = []\nemployees = { min = 50 }\n'
        '[technographic]\nrequired = ["Snowflake"]\n'
    )
    assert icp.firmographic.industries is None
    assert icp.firmographic.employees == Criterion(min=50)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('version = "1"\n\n[firmographic]\nindustires = ["x"]\n', "line 4: firmographic.industires: unknown key"),
        ('version = "1"\n[firmographic]\nemployees = { min = 5, max = 2 }\n', "line 3: firmographic.employees"),
        ('version = "1"\n[situational.fundin]\nweight = 1\nhalf_life_days = 2\n', "line 2: situational.fundin: unknown signal kind"),
        ('version = "1"\n[situational.funding]\nweight = 1\nhalf_life_days = 2\nmin_round = "series_z"\n', "line 5: situational.funding.min_round: unknown round 'series_z'"),
        ('version = "1"\n[behavioral.committee]\nrequired = true\n', "line 2: behavioral.committee: sets no test"),
        ('version = "1"\n[firmographic]\nregions = ["Atlantis"]\n', "line 3: firmographic.regions: unknown region 'Atlantis'"),
        ('version = "1"\n[scoring]\ntiers = { tier_1 = 10, tier_2 = 60 }\n', "line 3: scoring.tiers"),
        ('version = "1"\n[firmographic]\nemployees = ["many"]\n', "firmographic.employees: takes min and/or max"),
        ('name = "x"\n', "version"),
        ("version = \n", "icp.toml: "),
    ],
)  # fmt: skip
def test_validation_names_the_key_and_line(text: str, expected: str) -> None:
    with pytest.raises(IcpError) as caught:
        parse_icp(text)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("icp.toml: ")


def test_dump_reads_back_identically() -> None:
    icp = parse_icp(docstring_example())
    assert parse_icp(dump_icp(icp, header="a\nb")) == icp
    empty = IcpDefinition(version="x", situational={})
    assert parse_icp(dump_icp(empty)) == empty


def test_dump_quotes_awkward_column_names() -> None:
    icp = IcpDefinition(version="1", behavioral={'deal "size" ü': Criterion(min=3)})
    assert parse_icp(dump_icp(icp)) == icp
