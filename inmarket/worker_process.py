"""``inmarket run`` as a child process: for the demo, the end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def running_worker(
    env: Mapping[str, str], cwd: Path, *, stop_timeout: float = 30.0
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``inmarket run`` in ``cwd`` with ``env`` over this process's environment; its
    output goes to ``cwd/worker.log``. On exit: SIGTERM, then a kill if it lingers.

    ``INMARKET_CONFIG`` defaults to empty (no settings file), so an ``inmarket.toml``
    lying in ``cwd`` never leaks into the run.
    """
    with (cwd / "worker.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "inmarket", "run"],
            env={**os.environ, "INMARKET_CONFIG": "", **env},
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(stop_timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
