"""An SMTP server on 127.0.0.1 (aiosmtpd) that collects what it is sent.

Modes: accept everything (default); ``refuse_sender=True`` answers MAIL FROM with
``553``; ``temp_failures=n`` answers the next ``n`` MAIL FROM commands with ``451``;
``credentials=(user, password)`` requires AUTH (PLAIN/LOGIN over the plain link,
acceptable on loopback only)::

    with SmtpLoopback() as smtp:
        await send_email(message, host=smtp.host, port=smtp.port)
        assert smtp.messages[0]["Subject"] == "..."
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from inmarket.broker import free_port


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage


class _Handler:
    def __init__(self, owner: SmtpLoopback) -> None:
        self.owner = owner

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.owner.refuse_sender:
            return "553 5.7.1 Sender address rejected: not allowed"
        with self.owner._lock:
            if self.owner.temp_failures > 0:
                self.owner.temp_failures -= 1
                return "451 4.3.0 Temporary failure, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = cast(bytes, envelope.original_content or envelope.content)
        parsed = message_from_bytes(raw, policy=policy.default)
        with self.owner._lock:
            self.owner._received.append(
                Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), parsed)
            )
        return "250 Message accepted"


class SmtpLoopback:
    """aiosmtpd Controller on a free 127.0.0.1 port; ``host``, ``port``, ``received``."""

    def __init__(
        self,
        *,
        refuse_sender: bool = False,
        temp_failures: int = 0,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.refuse_sender = refuse_sender
        self.temp_failures = temp_failures
        self.credentials = credentials
        self._lock = threading.Lock()
        self._received: list[Received] = []
        kwargs: dict[str, Any] = {}
        if credentials is not None:
            kwargs.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False
            )
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port, **kwargs)

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and self.credentials is not None:
            user, password = self.credentials
            if data.login.decode() == user and data.password.decode() == password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    @property
    def messages(self) -> list[EmailMessage]:
        return [item.message for item in self.received]

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpLoopback:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
