"""The deployment files stay consistent with the code they deploy."""

from __future__ import annotations

from pathlib import Path

import yaml

from inmarket.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_is_valid_and_uses_known_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"kafka", "postgres", "inmarket"} <= set(compose["services"])
    worker = compose["services"]["inmarket"]
    assert set(worker["depends_on"]) == {"kafka", "postgres"}
    known = {f"INMARKET_{name.upper()}" for name in Settings.model_fields}
    unknown = set(worker["environment"]) - known
    assert not unknown, f"docker-compose.yml sets unknown settings: {sorted(unknown)}"


def test_dockerfile_copies_every_package() -> None:
    text = (ROOT / "Dockerfile").read_text()
    for package in ("icp", "signals", "workers", "inmarket"):
        assert f"COPY {package} ./{package}" in text
