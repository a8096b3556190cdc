"""Delivery errors, classified by consequence.

::

    DeliveryError            a message could not be delivered; ``retriable`` says whether a
    │                        later attempt may succeed (429, 5xx, 4xx SMTP, connection errors)
    │                        or not (bad token, unknown channel, 5xx SMTP, refused sender)
    └── DeliveryConfigError  the channel is misconfigured (bad URL, missing token); never retriable

Reasons never contain secrets: no webhook URL path, token or SMTP password.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """Delivery on ``channel`` ("slack", "slack_api", "email", "webhook") failed for ``reason``."""

    def __init__(self, channel: str, reason: str, *, retriable: bool) -> None:
        self.channel = channel
        self.reason = reason
        self.retriable = retriable
        kind = "retriable" if retriable else "permanent"
        super().__init__(f"{channel}: {reason} ({kind})")


class DeliveryConfigError(DeliveryError):
    """The delivery settings are wrong (bad URL shape, missing credentials)."""

    def __init__(self, channel: str, reason: str) -> None:
        super().__init__(channel, reason, retriable=False)
