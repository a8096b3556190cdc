"""Which source types exist: the built-in ones plus plugins.

A plugin is a :class:`~signals.sources.base.SourceType` subclass published under the
entry point group ``inmarket.source_types``; installing the package is enough, no
redeploy of inmarket itself. A plugin that fails to load is reported by
:func:`plugin_errors` (and logged) while every other type stays available.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

from signals.errors import SourceConfigError
from signals.sources.base import SourceType

ENTRY_POINT_GROUP = "inmarket.source_types"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PluginLoadError:
    """A plugin entry point that could not be used, and why."""

    entry_point: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"source type plugin {self.entry_point!r} ({self.value}): {self.reason}"


def _builtin_types() -> list[type[SourceType]]:
    from signals.sources import types

    return list(types.BUILTIN_TYPES)


@cache
def _load() -> tuple[dict[str, type[SourceType]], tuple[PluginLoadError, ...]]:
    registry = {cls.type_name: cls for cls in _builtin_types()}
    problems: list[PluginLoadError] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
            if not (isinstance(loaded, type) and issubclass(loaded, SourceType)):
                raise TypeError(f"{loaded!r} is not a SourceType subclass")
            if not getattr(loaded, "type_name", None) or not getattr(loaded, "summary", None):
                raise TypeError("a source type needs class attributes type_name and summary")
            if loaded.type_name in registry and registry[loaded.type_name] is not loaded:
                raise TypeError(f"type name {loaded.type_name!r} is already taken")
        except Exception as exc:  # a broken plugin must not take the others down
            problem = PluginLoadError(ep.name, ep.value, f"{type(exc).__name__}: {exc}")
            log.warning("%s", problem)
            problems.append(problem)
            continue
        registry[loaded.type_name] = loaded
    return dict(sorted(registry.items())), tuple(problems)


def source_types() -> dict[str, type[SourceType]]:
    """Every usable source type by ``type_name``, sorted by name."""
    return dict(_load()[0])


def plugin_errors() -> list[PluginLoadError]:
    """Plugins that were found but could not be loaded."""
    return list(_load()[1])


def get_source_type(name: str) -> type[SourceType]:
    """The source type called ``name``. Raises SourceConfigError listing the known names."""
    types = _load()[0]
    try:
        return types[name]
    except KeyError:
        raise SourceConfigError(
            f"unknown source type {name!r} (known: {', '.join(types)})"
        ) from None


def reload() -> None:
    """Forget the loaded types so the next call scans the entry points again (tests)."""
    _load.cache_clear()
