"""The registry: built-in types, entry-point plugins, and plugins that fail to load."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from signals import registry
from signals.config import parse_sources
from signals.errors import SourceConfigError

BUILTIN = {"rss", "sec-form-d", "sec-8k", "sec-atom", "greenhouse", "lever", "ashby", "webhook"}

PLUGIN_MODULE = '''
from signals.sources.base import SourceType


class Gazette(SourceType):
    """A made-up gazette format: one company name per line."""

    type_name = "gazette"
    summary = "Test plugin: one company per line"

    def parse(self, data, config):
        return []


class Nameless(SourceType):
    def parse(self, data, config):
        return []


class Impostor(SourceType):
    type_name = "rss"
    summary = "Tries to replace a built-in type"

    def parse(self, data, config):
        return []


not_a_type = 42
'''

ENTRY_POINTS = """
[inmarket.source_types]
gazette = inmarket_test_plugin:Gazette
missing = inmarket_test_plugin_absent:Thing
number = inmarket_test_plugin:not_a_type
nameless = inmarket_test_plugin:Nameless
impostor = inmarket_test_plugin:Impostor
"""


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A distribution on sys.path with a plugin module and its entry points."""
    (tmp_path / "inmarket_test_plugin.py").write_text(textwrap.dedent(PLUGIN_MODULE))
    dist = tmp_path / "inmarket_test_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: inmarket-test-plugin\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.reload()
    yield
    monkeypatch.delitem(sys.modules, "inmarket_test_plugin", raising=False)
    registry.reload()


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    registry.reload()
    yield
    registry.reload()


def test_builtin_types_are_registered_and_sorted() -> None:
    types = registry.source_types()
    assert set(types) >= BUILTIN
    assert list(types) == sorted(types)
    assert all(cls.type_name == name for name, cls in types.items())


def test_get_unknown_type_lists_the_known_ones() -> None:
    with pytest.raises(SourceConfigError, match=r"unknown source type 'rss2' \(known: ashby, "):
        registry.get_source_type("rss2")


def test_plugin_is_loaded_and_broken_plugins_are_reported_not_fatal(
    installed_plugin: None, caplog: pytest.LogCaptureFixture
) -> None:
    types = registry.source_types()
    assert "gazette" in types and set(types) >= BUILTIN
    assert types["rss"].__module__ == "signals.sources.types", "a plugin cannot take a name"
    problems = {p.entry_point: p.reason for p in registry.plugin_errors()}
    assert set(problems) == {"missing", "number", "nameless", "impostor"}
    assert "ModuleNotFoundError" in problems["missing"]
    assert "not a SourceType" in problems["number"]
    assert "type_name and summary" in problems["nameless"]
    assert "already taken" in problems["impostor"]
    assert "inmarket_test_plugin_absent" in caplog.text


def test_sources_file_may_use_a_plugin_type(installed_plugin: None) -> None:
    text = '[[source]]\nname = "g"\ntype = "gazette"\nurl = "https://gazette.example/"\n'
    assert parse_sources(text)[0].type == "gazette"


def test_the_base_class_example_runs() -> None:
    import doctest

    import signals.sources.base

    result = doctest.testmod(signals.sources.base, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
