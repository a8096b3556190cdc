"""HTTP POST with the retry rules every webhook-style channel shares.

2xx is success; 429 waits for Retry-After (capped) then retries; 5xx and connection
errors back off exponentially; any other status is permanent. Reasons name the
status and the server's short error text, never the URL (webhook URLs are secrets).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx

from inmarket.notify.errors import DeliveryError
from inmarket.notify.escape import clean_text
from inmarket.notify.retry import RetryPolicy

_REASON_LIMIT = 200


def response_reason(response: httpx.Response) -> str:
    """``HTTP 404 channel_not_found``: the status and the start of the body."""
    text = clean_text(response.text, limit=_REASON_LIMIT)
    return f"HTTP {response.status_code} {text}".rstrip()


async def post_with_retries(
    client: httpx.AsyncClient,
    url: str,
    *,
    content: bytes,
    headers: Callable[[], Mapping[str, str]],
    channel: str,
    policy: RetryPolicy,
) -> httpx.Response:
    """POST ``content`` until a 2xx answer; raise :class:`DeliveryError` otherwise.

    ``headers`` is called before every attempt, so signed requests get a fresh
    timestamp on each retry.
    """
    for attempt in range(1, policy.attempts + 1):
        try:
            response = await client.post(url, content=content, headers=dict(headers()))
        except httpx.TransportError as exc:
            reason = f"connection error ({type(exc).__name__})"
            delay = policy.backoff(attempt)
        else:
            if response.is_success:
                return response
            reason = response_reason(response)
            if response.status_code == 429:
                delay = policy.retry_after(response.headers.get("Retry-After"), attempt)
            elif response.status_code >= 500:
                delay = policy.backoff(attempt)
            else:
                raise DeliveryError(channel, reason, retriable=False)
        if attempt == policy.attempts:
            break
        await policy.sleep(delay)
    raise DeliveryError(
        channel, f"{reason} (gave up after {policy.attempts} attempts)", retriable=True
    )
