"""Stand-ins on 127.0.0.1 for the outside world: a feed server, a Slack webhook, an SMTP
server. Used by ``inmarket demo`` (and reusable by tests); they bind loopback only."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from email.utils import format_datetime
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller

from inmarket.broker import free_port

_HOURS_AGO = re.compile(r"\{HOURS_AGO_(\d+)\}")


def render_feed_template(template: str, now: datetime | None = None) -> str:
    """Replace ``{HOURS_AGO_n}`` with an RFC 822 date n hours before ``now``."""
    now = now or datetime.now(UTC)
    return _HOURS_AGO.sub(
        lambda m: format_datetime(now - timedelta(hours=int(m.group(1)))), template
    )


@dataclass
class HttpStandIn:
    """An aiohttp server on 127.0.0.1 with a free port; ``url`` is its base URL."""

    app: web.Application
    port: int = field(default_factory=free_port)
    runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


def feed_server(documents: dict[str, Callable[[], bytes]]) -> HttpStandIn:
    """Serve ``path -> body`` as application/rss+xml, rendered on each request."""
    app = web.Application()
    for path, body in documents.items():

        async def handler(_request: web.Request, body: Callable[[], bytes] = body) -> web.Response:
            return web.Response(body=body(), content_type="application/rss+xml")

        app.router.add_get(path, handler)
    return HttpStandIn(app)


@dataclass
class SlackWebhookStandIn:
    """Accepts Slack incoming-webhook POSTs at ``/hooks/demo`` and keeps what arrived."""

    received: list[dict[str, Any]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    server: HttpStandIn | None = None

    @property
    def webhook_url(self) -> str:
        assert self.server is not None
        return f"{self.server.url}/hooks/demo"

    async def start(self) -> None:
        app = web.Application()

        async def hook(request: web.Request) -> web.Response:
            try:
                payload = await request.json()
            except ValueError:
                return web.Response(status=400, text="invalid_payload")
            self.received.append(payload)
            self.arrived.set()
            return web.Response(text="ok")

        app.router.add_post("/hooks/demo", hook)
        self.server = HttpStandIn(app)
        await self.server.start()

    async def stop(self) -> None:
        if self.server:
            await self.server.stop()


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


class SmtpStandIn:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps the messages it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[Message]:
        return self._collector.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
