"""A webhook receiver on 127.0.0.1 that checks inmarket's signatures and records requests.

::

    with WebhookReceiver(secret="s3cret") as receiver:
        receiver.script(Scripted(503, "busy"))        # first request fails, then 200
        ...
        assert receiver.received[-1].verified
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from inmarket.notify.webhook import verify_signature
from tests.loopback._thread import ThreadedAiohttpServer
from tests.loopback.slack import Scripted


@dataclass(frozen=True)
class WebhookRequest:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    verified: bool

    def json(self) -> Any:
        return json.loads(self.body)


class WebhookReceiver(ThreadedAiohttpServer):
    """Answers 200 to correctly signed POSTs on any path, 401 to bad signatures."""

    def __init__(
        self, *, secret: str = "loopback-webhook-secret", clock: Callable[[], float] = time.time
    ) -> None:
        self.secret = secret
        self.clock = clock
        self._lock = threading.Lock()
        self._scripted: list[Scripted] = []
        self._received: list[WebhookRequest] = []
        app = web.Application()
        app.router.add_post("/{path:.*}", self._handle)
        super().__init__(app)

    @property
    def url(self) -> str:
        return self.base_url + "/hooks/inmarket"

    def script(self, *answers: Scripted) -> None:
        with self._lock:
            self._scripted.extend(answers)

    @property
    def received(self) -> list[WebhookRequest]:
        with self._lock:
            return list(self._received)

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        verified = verify_signature(
            self.secret,
            body,
            request.headers.get("X-Inmarket-Timestamp", ""),
            request.headers.get("X-Inmarket-Signature", ""),
            now=self.clock(),
        )
        with self._lock:
            answer = self._scripted.pop(0) if self._scripted else None
        if answer is not None:
            status = answer.status
            headers = {"Retry-After": f"{answer.retry_after:g}"} if answer.retry_after else {}
            response = web.Response(status=status, text=str(answer.body), headers=headers)
        elif verified:
            status, response = 200, web.Response(status=200, text="accepted")
        else:
            status, response = 401, web.Response(status=401, text="bad signature")
        with self._lock:
            self._received.append(
                WebhookRequest(request.path, dict(request.headers), body, status, verified)
            )
        return response
