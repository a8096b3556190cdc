"""A polite HTTP fetcher for signal sources.

One :class:`Fetcher` is shared by every source a worker polls. It sends a
User-Agent that names the operator and a contact address (SEC EDGAR requires one),
makes conditional GETs (``If-None-Match`` / ``If-Modified-Since``), spaces requests
to each host (``host_rates``, requests a second, shared by concurrent calls), caps
the body size while streaming it, and retries what may succeed later (5xx, 429,
connection errors and timeouts) with exponential backoff that honours
``Retry-After``. Other 4xx answers fail at once. An error status raises
:class:`HttpStatusError` (a ``FetchError`` with ``status``); ``retriable`` is False
for 4xx other than 429.

The transport is injected through the ``httpx.AsyncClient`` so tests run against
recorded bytes or a loopback server.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from signals.errors import FetchError, ResponseTooLarge

DEFAULT_HOST_RATES: Mapping[str, float] = {
    "www.sec.gov": 10.0,
    "efts.sec.gov": 10.0,
    "data.sec.gov": 10.0,
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class FetchResult:
    """One successful answer. ``status`` is the 2xx code, or 304 with ``body`` None."""

    url: str
    status: int
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when the server said the document has not changed since the last fetch."""
        return self.status == 304


def build_user_agent(operator: str, contact: str) -> str:
    """A User-Agent naming who runs inmarket and how to reach them, as SEC asks."""
    from inmarket import __version__

    return f"{operator.strip()} {contact.strip()} inmarket/{__version__}"


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpStatusError(FetchError):
    """The server answered with an error status; ``status`` is that code."""

    def __init__(self, status: int, message: str, *, where: str, retriable: bool):
        self.status = status
        super().__init__(message, where=where, retriable=retriable)


class _HostPacer:
    """Spaces requests to one host at least ``1 / rate`` seconds apart.

    Slots are reserved without awaiting, so concurrent callers on one event loop
    queue up in order instead of all firing when a shared timer expires.
    """

    def __init__(self, rate: float, clock: Clock):
        self._interval = 1.0 / rate if rate > 0 and math.isfinite(rate) else 0.0
        self._clock = clock
        self._next_free = -math.inf

    def reserve(self) -> float:
        """Take the next free slot; return how long to wait for it."""
        now = self._clock()
        slot = max(now, self._next_free)
        self._next_free = slot + self._interval
        return slot - now


class Fetcher:
    """Fetches documents politely. Safe to share between concurrent tasks on one loop.

    ``host_rates`` maps a host name to requests a second; other hosts get
    ``default_rate``. ``timeout`` bounds each attempt from connect to the last byte.
    ``retries`` is the number of extra attempts after the first; waits grow as
    ``backoff * 2**attempt`` unless the server sends ``Retry-After`` (capped at
    ``max_retry_after``). ``sleep`` and ``clock`` are injectable for tests.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        user_agent: str,
        max_bytes: int = 5_000_000,
        timeout: float = 15.0,
        host_rates: Mapping[str, float] = DEFAULT_HOST_RATES,
        default_rate: float = 2.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
    ):
        if not user_agent.strip():
            raise ValueError("user_agent must name the operator and a contact address")
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.client = client
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.host_rates = dict(host_rates)
        self.default_rate = default_rate
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._pacers: dict[str, _HostPacer] = {}

    def _pacer(self, host: str) -> _HostPacer:
        pacer = self._pacers.get(host)
        if pacer is None:
            pacer = _HostPacer(self.host_rates.get(host, self.default_rate), self._clock)
            self._pacers[host] = pacer
        return pacer

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given).

        Awaits the host's rate limit and any retry waits. Returns a 2xx result with
        the body, or a 304 result without one. Raises ``FetchError`` (``retriable``
        True after the retries are spent on 5xx/429/network errors, False on other
        4xx), or ``ResponseTooLarge`` once the body passes ``max_bytes`` (this call's
        cap, default the fetcher's).
        """
        cap = self.max_bytes if max_bytes is None else max_bytes
        host = urlsplit(url).hostname
        if not host:
            raise FetchError("not an absolute http(s) URL", where=url, retriable=False)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        attempt = 0
        while True:
            delay = self._pacer(host).reserve()
            if delay > 0:
                await self._sleep(delay)
            try:
                return await self._attempt(url, headers, etag, last_modified, cap)
            except _Retry as retry:
                if attempt >= self.retries:
                    message = f"{retry.reason} (gave up after {attempt + 1} attempts)"
                    if retry.status is not None:
                        raise HttpStatusError(
                            retry.status, message, where=url, retriable=True
                        ) from None
                    raise FetchError(message, where=url, retriable=True) from retry.__cause__
                wait = retry.retry_after
                if wait is None:
                    wait = self.backoff * (2**attempt)
                attempt += 1
                await self._sleep(min(wait, self.max_retry_after))

    async def _attempt(
        self,
        url: str,
        headers: dict[str, str],
        etag: str | None,
        last_modified: str | None,
        cap: int,
    ) -> FetchResult:
        try:
            async with asyncio.timeout(self.timeout):
                return await self._request(url, headers, etag, last_modified, cap)
        except TimeoutError as exc:
            raise _Retry(f"timed out after {self.timeout:g}s") from exc
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {type(exc).__name__}: {exc}") from exc

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        etag: str | None,
        last_modified: str | None,
        cap: int,
    ) -> FetchResult:
        async with self.client.stream(
            "GET", url, headers=headers, timeout=self.timeout, follow_redirects=True
        ) as response:
            status = response.status_code
            final_url = str(response.url)
            if status == 304:
                return FetchResult(
                    url=final_url,
                    status=304,
                    body=None,
                    etag=response.headers.get("ETag", etag),
                    last_modified=response.headers.get("Last-Modified", last_modified),
                    content_type=response.headers.get("Content-Type"),
                )
            if status in RETRY_STATUSES or status >= 500:
                raise _Retry(
                    f"HTTP {status}",
                    status=status,
                    retry_after=parse_retry_after(response.headers.get("Retry-After")),
                )
            if not 200 <= status < 300:
                raise HttpStatusError(
                    status, f"HTTP {status} {response.reason_phrase}", where=url, retriable=False
                )
            body = await self._read_capped(response, url, cap)
            return FetchResult(
                url=final_url,
                status=status,
                body=body,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=response.headers.get("Content-Type"),
            )

    async def _read_capped(self, response: httpx.Response, url: str, cap: int) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ResponseTooLarge(
                f"Content-Length {declared} exceeds the {cap}-byte cap", where=url
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise ResponseTooLarge(
                    f"body exceeds the {cap}-byte cap (stopped reading)", where=url
                )
            chunks.append(chunk)
        return b"".join(chunks)


class _Retry(Exception):
    """Internal: this attempt failed in a way a later attempt may not."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None):
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        super().__init__(reason)
