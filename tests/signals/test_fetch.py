"""The fetcher against a real HTTP server on 127.0.0.1 (aiohttp), with injected sleep/clock."""

from __future__ import annotations

import asyncio
import contextvars
import socket
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
from aiohttp import web

from signals.errors import FetchError, ResponseTooLarge
from signals.fetch import Fetcher, HttpStatusError, build_user_agent, parse_retry_after

UA = "Example Ops ops@example.com"
BIG_CHUNK = 64 * 1024
BIG_CHUNKS = 1600  # 100 MiB if the client read it all


@dataclass
class Server:
    base: str
    hits: Counter[str] = field(default_factory=Counter)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    big_bytes_sent: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _routes(server: Server) -> web.Application:
    app = web.Application()

    def seen(request: web.Request) -> int:
        server.hits[request.path] += 1
        server.headers[request.path] = dict(request.headers)
        return server.hits[request.path]

    async def etag(request: web.Request) -> web.Response:
        seen(request)
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=b"<feed/>", headers={"ETag": '"v1"'}, content_type="text/xml")

    async def lastmod(request: web.Request) -> web.Response:
        seen(request)
        stamp = "Wed, 01 Apr 2026 10:00:00 GMT"
        if request.headers.get("If-Modified-Since") == stamp:
            return web.Response(status=304)
        return web.Response(body=b"data", headers={"Last-Modified": stamp})

    async def throttled(request: web.Request) -> web.Response:
        if seen(request) == 1:
            return web.Response(status=429, headers={"Retry-After": "7"})
        return web.Response(body=b"ok")

    async def throttled_long(request: web.Request) -> web.Response:
        if seen(request) == 1:
            return web.Response(status=429, headers={"Retry-After": "86400"})
        return web.Response(body=b"ok")

    async def flaky(request: web.Request) -> web.Response:
        if seen(request) == 1:
            return web.Response(status=503)
        return web.Response(body=b"ok")

    async def down(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(status=500)

    async def missing(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(status=404, text="no such board")

    async def big(request: web.Request) -> web.StreamResponse:
        seen(request)
        response = web.StreamResponse()  # chunked: no Content-Length to trust
        await response.prepare(request)
        chunk = b"x" * BIG_CHUNK
        try:
            for _ in range(BIG_CHUNKS):
                await response.write(chunk)
                server.big_bytes_sent += len(chunk)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def declared_big(request: web.Request) -> web.StreamResponse:
        seen(request)
        response = web.StreamResponse(headers={"Content-Length": str(10**9)})
        await response.prepare(request)
        await server.release.wait()
        return response

    async def slow(request: web.Request) -> web.Response:
        seen(request)
        await server.release.wait()
        return web.Response(body=b"late")

    async def drip(request: web.Request) -> web.StreamResponse:
        seen(request)
        response = web.StreamResponse()
        await response.prepare(request)
        try:
            while not server.release.is_set():
                await response.write(b".")
                await asyncio.sleep(0.02)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def plain(request: web.Request) -> web.Response:
        seen(request)
        return web.Response(body=b"ok")

    for path, handler in {
        "/etag": etag,
        "/lastmod": lastmod,
        "/throttled": throttled,
        "/throttled-long": throttled_long,
        "/flaky": flaky,
        "/down": down,
        "/missing": missing,
        "/big": big,
        "/declared-big": declared_big,
        "/slow": slow,
        "/drip": drip,
        "/plain": plain,
    }.items():
        app.router.add_get(path, handler)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server(base="")
    runner = web.AppRunner(_routes(state), shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    state.base = f"http://127.0.0.1:{port}"
    yield state
    state.release.set()
    await runner.cleanup()


class VirtualTime:
    """Per-task virtual clock: ``sleep`` advances only the sleeping task's time.

    Each asyncio task runs in a copy of the context, so concurrent tasks start at the
    same instant and each one's clock moves by exactly the sleeps it took.
    """

    def __init__(self) -> None:
        self._now: contextvars.ContextVar[float] = contextvars.ContextVar("now", default=0.0)
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self._now.get()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._now.set(self._now.get() + seconds)
        await asyncio.sleep(0)


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


def make_fetcher(client: httpx.AsyncClient, vtime: VirtualTime, **kwargs: object) -> Fetcher:
    options: dict[str, object] = {
        "user_agent": UA,
        "sleep": vtime.sleep,
        "clock": vtime.clock,
        "default_rate": 1000.0,
    }
    options.update(kwargs)
    return Fetcher(client, **options)  # type: ignore[arg-type]


async def test_etag_round_trip_gives_304_without_body(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime)
    first = await fetcher.get(server.url("/etag"))
    assert (first.status, first.body, first.etag) == (200, b"<feed/>", '"v1"')
    assert first.content_type is not None and first.content_type.startswith("text/xml")
    second = await fetcher.get(server.url("/etag"), etag=first.etag)
    assert second.not_modified and second.body is None and second.etag == '"v1"'
    assert server.headers["/etag"]["If-None-Match"] == '"v1"'
    assert server.headers["/etag"]["User-Agent"] == UA


async def test_last_modified_round_trip(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime)
    first = await fetcher.get(server.url("/lastmod"))
    assert first.body == b"data" and first.last_modified == "Wed, 01 Apr 2026 10:00:00 GMT"
    second = await fetcher.get(server.url("/lastmod"), last_modified=first.last_modified)
    assert second.status == 304
    assert second.last_modified == first.last_modified


async def test_429_waits_for_retry_after_then_succeeds(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    result = await make_fetcher(client, vtime).get(server.url("/throttled"))
    assert result.body == b"ok"
    assert server.hits["/throttled"] == 2
    assert vtime.sleeps == [7.0]


async def test_retry_after_is_capped(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, max_retry_after=30.0)
    assert (await fetcher.get(server.url("/throttled-long"))).body == b"ok"
    assert vtime.sleeps == [30.0]


async def test_503_then_200_backs_off(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    result = await make_fetcher(client, vtime, backoff=0.5).get(server.url("/flaky"))
    assert result.body == b"ok" and server.hits["/flaky"] == 2
    assert vtime.sleeps == [0.5]


async def test_persistent_5xx_gives_up_retriable_with_exponential_backoff(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, retries=3, backoff=0.5)
    with pytest.raises(FetchError) as caught:
        await fetcher.get(server.url("/down"))
    assert caught.value.retriable
    assert "HTTP 500" in str(caught.value) and server.url("/down") in str(caught.value)
    assert server.hits["/down"] == 4
    assert vtime.sleeps == [0.5, 1.0, 2.0]


async def test_404_is_permanent_and_not_retried(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    with pytest.raises(FetchError) as caught:
        await make_fetcher(client, vtime).get(server.url("/missing"))
    assert not caught.value.retriable
    assert "404" in str(caught.value) and server.url("/missing") in str(caught.value)
    assert server.hits["/missing"] == 1
    assert vtime.sleeps == []


async def test_body_over_cap_stops_reading_early(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, max_bytes=200_000)
    with pytest.raises(ResponseTooLarge) as caught:
        await fetcher.get(server.url("/big"))
    assert not caught.value.retriable
    await asyncio.sleep(0.05)  # let the server notice the closed connection
    # The client hung up: the server could not push the 100 MiB body (socket buffers
    # absorb a few MiB at most).
    assert server.big_bytes_sent < BIG_CHUNK * BIG_CHUNKS // 4
    assert server.hits["/big"] == 1


async def test_declared_length_over_cap_fails_before_reading(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    with pytest.raises(ResponseTooLarge, match="Content-Length"):
        await make_fetcher(client, vtime, max_bytes=1000).get(server.url("/declared-big"))


async def test_slow_server_times_out_and_is_retriable(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, timeout=0.2, retries=1)
    with pytest.raises(FetchError, match="timed out") as caught:
        await fetcher.get(server.url("/slow"))
    assert caught.value.retriable
    assert server.hits["/slow"] == 2


async def test_dripping_body_is_cut_by_the_attempt_deadline(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    # Each byte arrives well within a read timeout; only the whole-attempt bound stops it.
    fetcher = make_fetcher(client, vtime, timeout=0.3, retries=0)
    with pytest.raises(FetchError, match="timed out"):
        await fetcher.get(server.url("/drip"))


async def test_connection_refused_is_retriable(
    client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fetcher = make_fetcher(client, vtime, retries=2, backoff=1.0)
    with pytest.raises(FetchError, match="network error") as caught:
        await fetcher.get(f"http://127.0.0.1:{port}/never")
    assert caught.value.retriable
    assert vtime.sleeps == [1.0, 2.0]


async def test_per_host_rate_is_shared_by_concurrent_calls(
    server: Server, vtime: VirtualTime
) -> None:
    sent_at: list[float] = []

    async def record(request: httpx.Request) -> None:
        sent_at.append(vtime.clock())

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
        fetcher = make_fetcher(http, vtime, host_rates={"127.0.0.1": 2.0})
        await asyncio.gather(*(fetcher.get(server.url("/plain")) for _ in range(10)))

    assert server.hits["/plain"] == 10
    times = sorted(sent_at)
    assert len(times) == 10
    # At most two requests in any one-second window, and the ten spread over 4.5 s.
    for start in times:
        assert sum(1 for t in times if start <= t < start + 1.0) <= 2
    assert times[-1] - times[0] == pytest.approx(4.5)


def test_hosts_are_paced_independently(vtime: VirtualTime) -> None:
    fetcher = make_fetcher(
        httpx.AsyncClient(), vtime, host_rates={"a.example": 1.0}, default_rate=1.0
    )
    assert fetcher._pacer("a.example").reserve() == 0.0
    assert fetcher._pacer("a.example").reserve() == pytest.approx(1.0)
    assert fetcher._pacer("b.example").reserve() == 0.0


def test_retry_after_parsing() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 4, 1, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 01 Apr 2026 10:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 Apr 2026 09:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_user_agent_is_required_and_names_operator() -> None:
    with pytest.raises(ValueError, match="contact"):
        Fetcher(httpx.AsyncClient(), user_agent="  ")
    ua = build_user_agent("Acme Corp", "ops@acme.example")
    assert ua.startswith("Acme Corp ops@acme.example inmarket/")


async def test_error_statuses_are_typed(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, retries=0)
    with pytest.raises(HttpStatusError) as missing:
        await fetcher.get(server.url("/missing"))
    with pytest.raises(HttpStatusError) as down:
        await fetcher.get(server.url("/down"))
    assert (missing.value.status, missing.value.retriable) == (404, False)
    assert (down.value.status, down.value.retriable) == (500, True)


async def test_a_call_may_set_its_own_cap(
    server: Server, client: httpx.AsyncClient, vtime: VirtualTime
) -> None:
    fetcher = make_fetcher(client, vtime, max_bytes=1_000_000)
    with pytest.raises(ResponseTooLarge, match="5-byte cap"):
        await fetcher.get(server.url("/etag"), max_bytes=5)
    assert (await fetcher.get(server.url("/etag"))).body == b"<feed/>"
