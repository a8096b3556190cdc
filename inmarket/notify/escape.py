"""Escaping of untrusted text (company names, headlines, job titles) for Slack and email.

Slack mrkdwn treats ``<...>`` as control sequences (links, ``<!channel>`` broadcasts,
``<@U123>`` mentions) and ``&`` as the start of an entity, so those three characters
are entity-encoded; after that no input can form a link, a mention or a broadcast.
Bare ``@here``/``@channel``/``@everyone`` are split with a zero-width joiner so
clients that link names never turn them into broadcasts. Control characters are
dropped and long text is cut with an ellipsis.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

ZERO_WIDTH = "\u2060"  # word joiner: invisible, breaks keyword recognition
_BROADCAST = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
_PLAIN_CONTROL = re.compile(r"<(?=[!@#]|[a-z][a-z0-9+.-]*:)", re.IGNORECASE)
_JOINERS = {"\u200c", "\u200d"}  # kept: needed by emoji sequences and several scripts
_MAX_URL = 2000
# Characters that would end or split a Slack ``<url|label>`` or break out of an attribute.
_URL_UNSAFE = {"<", ">", "|", '"', "'", "`", " ", "\\", "{", "}", "^"}


def clean_text(text: str | None, *, limit: int | None = None) -> str:
    """Text without control/format characters (newlines become spaces), cut to ``limit``."""
    if not text:
        return ""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\n\r\t":
            kept.append(" ")
        elif category in ("Cc", "Cs", "Co") or (category == "Cf" and char not in _JOINERS):
            continue  # bidi overrides and other invisible formatting could disguise text
        else:
            kept.append(char)
    cleaned = " ".join("".join(kept).split())
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(0, limit - 1)].rstrip() + "…"
    return cleaned


def slack_mrkdwn(text: str | None, *, limit: int | None = None) -> str:
    """``text`` made inert for Slack mrkdwn: no links, mentions or broadcasts survive."""
    cleaned = clean_text(text, limit=limit)
    escaped = cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + ZERO_WIDTH, escaped)


def slack_plain(text: str | None, *, limit: int | None = None) -> str:
    """``text`` for Slack ``plain_text`` objects (shown verbatim, so no entities).

    Slack does not parse plain_text, but the same string may be reused in a
    notification preview, so ``<!``, ``<@``, ``<#`` and ``<scheme:`` are broken up too.
    """
    cleaned = clean_text(text, limit=limit)
    cleaned = _PLAIN_CONTROL.sub("<" + ZERO_WIDTH, cleaned)
    return _BROADCAST.sub("@" + ZERO_WIDTH, cleaned)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no user info, else ``None``.

    Characters that could end a Slack link or an HTML attribute are percent-encoded.
    """
    if not url:
        return None
    candidate = url.strip()
    if len(candidate) > _MAX_URL or any(unicodedata.category(c) == "Cc" for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None  # "https://bank.example@evil.example" disguises the real host
    return "".join(quote(c, safe="") if c in _URL_UNSAFE else c for c in candidate)


def slack_url(url: str | None) -> str | None:
    """An http(s) URL ready to sit inside ``<url|label>`` (``&`` encoded), else ``None``."""
    safe = safe_url(url)
    return safe.replace("&", "&amp;") if safe else None


def slack_link(url: str | None, label: str | None, *, limit: int | None = None) -> str:
    """``<url|label>`` with both parts escaped; just the escaped label when the URL is unsafe."""
    text = slack_mrkdwn(label, limit=limit) or "link"
    href = slack_url(url)
    return f"<{href}|{text}>" if href else text


def html_text(text: str | None, *, limit: int | None = None) -> str:
    """``text`` escaped for HTML element content and attribute values."""
    return html.escape(clean_text(text, limit=limit), quote=True)


def html_url(url: str | None) -> str | None:
    """An http(s) URL escaped for an ``href`` attribute, else ``None``."""
    safe = safe_url(url)
    return html.escape(safe, quote=True) if safe else None


def html_link(url: str | None, label: str | None, *, limit: int | None = None) -> str:
    """``<a href>`` with an escaped label; just the escaped label when the URL is unsafe."""
    text = html_text(label, limit=limit) or "link"
    href = html_url(url)
    return f'<a href="{href}">{text}</a>' if href else text
