"""Alerts sellers act on: rendering, escaping, delivery with retries, noise control.

Renderers are pure (an :class:`~signals.events.InMarketAlert` in, a message out);
senders take an injected client and a :class:`~inmarket.notify.retry.RetryPolicy`
and raise :class:`~inmarket.notify.errors.DeliveryError` classified by ``retriable``.
"""

from inmarket.notify.errors import DeliveryConfigError, DeliveryError
from inmarket.notify.retry import RetryPolicy

__all__ = ["DeliveryConfigError", "DeliveryError", "RetryPolicy"]
