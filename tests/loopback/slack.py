"""A Slack stand-in on 127.0.0.1: incoming webhooks and the Web API methods we call.

Implements the contracts inmarket relies on:

- incoming webhook ``POST {webhook_url}`` with JSON: ``200 ok`` (text), ``400
  invalid_payload``/``no_text``, ``404 no_service`` for an unknown hook path;
- ``POST /api/chat.postMessage`` (JSON or form): Bearer token check (``invalid_auth``),
  known channel or user id (``channel_not_found``), ``{"ok": true, "ts", "channel"}``,
  ``thread_ts`` recorded;
- ``POST /api/auth.test``.

Scripted answers (429 with Retry-After, 5xx, any error) are served first, in order::

    with SlackLoopback() as slack:
        slack.script(Scripted(429, "rate_limited", retry_after=1), Scripted(500, "rollup_error"))
        ...  # the next two requests get those answers, the third succeeds
        assert slack.messages[0].text == "..."
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl

from aiohttp import web

from tests.loopback._thread import ThreadedAiohttpServer

_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")
Target = Literal["any", "webhook", "api"]


@dataclass(frozen=True)
class Scripted:
    """One programmed answer. ``body`` is text, or a dict sent as JSON."""

    status: int
    body: str | dict[str, Any] = ""
    retry_after: float | None = None
    target: Target = "any"


@dataclass(frozen=True)
class ReceivedRequest:
    """Everything the server was sent, answered or not."""

    path: str
    headers: dict[str, str]
    body: bytes
    status: int

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class PostedMessage:
    """A message the server accepted."""

    via: Literal["webhook", "api"]
    channel: str
    ts: str
    text: str | None
    blocks: list[dict[str, Any]] | None
    thread_ts: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


class SlackLoopback(ThreadedAiohttpServer):
    """The server; ``webhook_url``, ``api_url`` (for ``AsyncWebClient(base_url=...)``)."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-loopback-token",
        channels: tuple[str, ...] = ("C0ALERTS", "C0EMEA", "C0AMER"),
        webhook_path: str = "/services/T0LOOP/B0LOOP/loopbacksecret",
    ) -> None:
        self.bot_token = bot_token
        self.channels = set(channels)
        self.webhook_path = webhook_path
        self._lock = threading.Lock()
        self._scripted: list[Scripted] = []
        self._received: list[ReceivedRequest] = []
        self._messages: list[PostedMessage] = []
        self._ts = itertools.count(1)
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/{path:.*}", self._webhook)
        super().__init__(app)

    @property
    def webhook_url(self) -> str:
        return self.base_url + self.webhook_path

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def script(self, *answers: Scripted) -> None:
        """Queue answers served, in order, before normal handling resumes."""
        with self._lock:
            self._scripted.extend(answers)

    @property
    def received(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._received)

    @property
    def messages(self) -> list[PostedMessage]:
        with self._lock:
            return list(self._messages)

    # -- handlers -------------------------------------------------------------

    def _take_script(self, target: Target) -> Scripted | None:
        with self._lock:
            for index, answer in enumerate(self._scripted):
                if answer.target in ("any", target):
                    return self._scripted.pop(index)
        return None

    def _record(self, request: web.Request, body: bytes, status: int) -> None:
        with self._lock:
            self._received.append(
                ReceivedRequest(request.path, dict(request.headers), body, status)
            )

    @staticmethod
    def _scripted_response(answer: Scripted) -> web.Response:
        headers = {}
        if answer.retry_after is not None:
            headers["Retry-After"] = f"{answer.retry_after:g}"
        if isinstance(answer.body, dict):
            return web.json_response(answer.body, status=answer.status, headers=headers)
        return web.Response(status=answer.status, text=answer.body, headers=headers)

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.read()
        answer = self._take_script("webhook")
        if answer is not None:
            self._record(request, body, answer.status)
            return self._scripted_response(answer)
        if request.path != self.webhook_path:
            self._record(request, body, 404)
            return web.Response(status=404, text="no_service")
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            self._record(request, body, 400)
            return web.Response(status=400, text="invalid_payload")
        if not payload.get("text") and not payload.get("blocks"):
            self._record(request, body, 400)
            return web.Response(status=400, text="no_text")
        self._record(request, body, 200)
        message = PostedMessage(
            via="webhook",
            channel="webhook",
            ts=self._next_ts(),
            text=payload.get("text"),
            blocks=payload.get("blocks"),
            payload=payload,
        )
        with self._lock:
            self._messages.append(message)
        return web.Response(status=200, text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        body = await request.read()
        answer = self._take_script("api")
        if answer is not None:
            self._record(request, body, answer.status)
            return self._scripted_response(answer)
        self._record(request, body, 200)
        params = self._params(request, body)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = token or str(params.get("token", ""))
        if token != self.bot_token:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "url": "https://loopback.slack.test/",
                    "team": "Loopback",
                    "user": "inmarket",
                    "team_id": "T0LOOP",
                    "user_id": "U0BOT",
                    "bot_id": "B0BOT",
                }
            )
        if method == "chat.postMessage":
            return self._post_message(params)
        return web.json_response({"ok": False, "error": "unknown_method"}, status=404)

    @staticmethod
    def _params(request: web.Request, body: bytes) -> dict[str, Any]:
        if request.content_type == "application/json":
            try:
                loaded = json.loads(body)
            except ValueError:
                return {}
            return loaded if isinstance(loaded, dict) else {}
        params: dict[str, Any] = dict(parse_qsl(body.decode("utf-8", "replace")))
        if isinstance(params.get("blocks"), str):
            params["blocks"] = json.loads(params["blocks"])
        return params

    def _post_message(self, params: dict[str, Any]) -> web.Response:
        channel = str(params.get("channel") or "")
        if channel in self.channels:
            resolved = channel
        elif _USER_ID.match(channel):
            resolved = "D" + channel[1:]  # a DM with the user
        else:
            return web.json_response({"ok": False, "error": "channel_not_found"})
        if not params.get("text") and not params.get("blocks"):
            return web.json_response({"ok": False, "error": "no_text"})
        thread_ts = params.get("thread_ts")
        message = PostedMessage(
            via="api",
            channel=resolved,
            ts=self._next_ts(),
            text=params.get("text"),
            blocks=params.get("blocks"),
            thread_ts=str(thread_ts) if thread_ts else None,
            payload=params,
        )
        with self._lock:
            self._messages.append(message)
        return web.json_response(
            {"ok": True, "channel": resolved, "ts": message.ts, "message": {"text": message.text}}
        )
