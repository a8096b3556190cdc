"""Write the JSON Schemas (draft 2020-12) of every topic payload to signals/schemas/.

    python scripts/gen_schemas.py           # regenerate the files
    python scripts/gen_schemas.py --check   # exit 1 if the files differ from the models

File names are ``<topic>.v<schema_version>.json``. Schemas describe what we
serialize (pydantic serialization mode); extra properties are allowed because
consumers ignore unknown fields, which lets optional fields be added within a version.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from signals.events import (
    DeadLetter,
    InMarketAlert,
    MatchedSignal,
    RescoreEvent,
    SignalEvent,
    UnmatchedSignal,
)

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "signals" / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

TOPICS: dict[str, type[BaseModel]] = {
    "signals.raw": SignalEvent,
    "signals.matched": MatchedSignal,
    "signals.unmatched": UnmatchedSignal,
    "signals.review": UnmatchedSignal,
    "accounts.rescored": RescoreEvent,
    "alerts.in_market": InMarketAlert,
    "signals.dlq": DeadLetter,
}


def schema_version(model: type[BaseModel]) -> int:
    return int(model.model_fields["schema_version"].default)


def file_name(topic: str, model: type[BaseModel]) -> str:
    return f"{topic}.v{schema_version(model)}.json"


def topic_schema(topic: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": DIALECT,
        "$id": file_name(topic, model),
        "title": f"{topic} payload ({model.__name__}, schema_version {schema_version(model)})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name -> content, for every topic."""
    return {file_name(t, m): render(topic_schema(t, m)) for t, m in TOPICS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if files are out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, content in expected_files().items():
        path = SCHEMA_DIR / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    if args.check and stale:
        print(
            f"out of date: {', '.join(stale)}; run python scripts/gen_schemas.py", file=sys.stderr
        )
        return 1
    for name in stale:
        print(f"wrote signals/schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
