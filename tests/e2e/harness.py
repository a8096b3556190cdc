"""What an end-to-end test needs: feeds on loopback, the worker as a child process
(:func:`inmarket.worker_process.running_worker`), and a way to wait for what arrives.
Everything binds 127.0.0.1 and stops by itself."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from inmarket.worker_process import running_worker

__all__ = ["FeedServer", "running_worker", "wait_for"]


class FeedServer:
    """Serves ``path -> (content type, body)`` from a thread; ``hits`` counts requests."""

    def __init__(self, documents: dict[str, tuple[str, bytes]]):
        self.documents = documents
        self.hits: dict[str, int] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits[self.path] = owner.hits.get(self.path, 0) + 1
                found = owner.documents.get(self.path)
                if found is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                content_type, body = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def wait_for(
    condition: Callable[[], bool],
    *,
    timeout: float,
    worker: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    """Poll ``condition`` until true; fail with the worker's log tail on timeout or exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.poll() is not None:
            break
        time.sleep(0.2)
    tail = log_tail(log) if log is not None else ""
    raise AssertionError(f"condition not met within {timeout}s; worker log tail:\n{tail}")


def log_tail(log: Path, lines: int = 40) -> str:
    """The last ``lines`` of a worker log, or "" when there is none."""
    if not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
