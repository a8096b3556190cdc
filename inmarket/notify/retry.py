"""Retry timing shared by every delivery channel.

Delays are computed here and slept through an injectable ``sleep`` so tests run
without waiting (pass ``RetryPolicy(sleep=fake_sleep)``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; exponential backoff ``base_delay * 2**n`` up to ``max_delay``.

    A server's Retry-After is honoured but capped at ``max_retry_after`` seconds, so
    one misbehaving endpoint cannot park a worker for hours.
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 60.0
    sleep: Sleep = field(default=asyncio.sleep, compare=False)

    def backoff(self, failures: int) -> float:
        """Delay before the next try after ``failures`` (>= 1) failed attempts."""
        return min(self.max_delay, self.base_delay * 2 ** (failures - 1))

    def retry_after(self, header: str | None, failures: int) -> float:
        """Delay from a Retry-After header (seconds form), else the backoff; capped."""
        if header is not None:
            try:
                seconds = float(header.strip())
            except ValueError:
                seconds = -1.0
            if seconds >= 0:
                return min(seconds, self.max_retry_after)
        return self.backoff(failures)
