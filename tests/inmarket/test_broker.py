"""The embedded broker: starts on loopback, answers, stops; clear errors otherwise."""

from __future__ import annotations

import socket

import pytest

from inmarket.broker import (
    BrokerError,
    check_reachable,
    find_tansu,
    free_port,
    host_port,
    start_embedded_broker,
)


def test_embedded_broker_listens_on_loopback_and_stops() -> None:
    broker = start_embedded_broker()
    try:
        assert broker.url.startswith("kafka://127.0.0.1:")
        with socket.create_connection(("127.0.0.1", broker.port), timeout=2):
            pass
    finally:
        broker.stop()
    assert broker.process.poll() is not None


def test_unreachable_broker_is_a_one_line_error_naming_the_setting() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(BrokerError) as info:
        check_reachable(f"kafka://127.0.0.1:{port}", timeout=0.5)
    message = str(info.value)
    assert "INMARKET_BROKER_URL" in message and "\n" not in message


def test_missing_binary_names_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INMARKET_TANSU_BIN", "/nonexistent/tansu")
    with pytest.raises(BrokerError, match="INMARKET_TANSU_BIN"):
        find_tansu()


@pytest.mark.parametrize(
    ("url", "expected"),
    [("kafka://10.0.0.5:9092", ("10.0.0.5", 9092)), ("broker:29092,other:1", ("broker", 29092))],
)
def test_host_port(url: str, expected: tuple[str, int]) -> None:
    assert host_port(url) == expected


def test_bad_broker_url() -> None:
    with pytest.raises(BrokerError, match="kafka://host:port"):
        host_port("kafka://nohost")
