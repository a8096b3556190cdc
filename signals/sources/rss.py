"""News feeds (RSS 0.9x/1.0/2.0, Atom) -> funding, acquisition and leadership signals.

:func:`parse` is pure: bytes in, :class:`~signals.events.SignalEvent` records out. Only
items whose headline announces something (see :mod:`signals.extract`) yield an event;
everything else in a feed is news we ignore. One event per item at most: a funding round
wins over an acquisition, which wins over a leadership change. An acquisition is one
event about the buyer (``company_name`` = ``acquirer``: it is the one spending and
integrating); the bought company is in ``acquired`` for matchers that want it too. Items
of one feed that carry the same id (one round reported twice) yield one event. ``title``
and ``summary`` are plain text (tags stripped, entities decoded, summary cut to about
500 characters at a word boundary).

Safety. The size cap is checked before any parsing. The DOCTYPE (and with it every
entity declaration, internal or external) is removed before feedparser sees the bytes,
so no entity is expanded and nothing is fetched; feedparser itself also turns off
external entities in its SAX parser and keeps only literal entity values, but we do not
rely on a regex in a third-party module for that. The input goes to feedparser as a
stream, never as a string it could take for a URL or a file path.

Ill-formed feeds. feedparser's ``bozo`` flag alone is not an error: real feeds are often
slightly broken, and the items it recovered are kept. A document is rejected with
:class:`~signals.errors.ParseError` when it is empty, over ``max_bytes``, not a feed at
all (an HTML page, plain text, JSON that is not a JSON Feed), or truncated with no item
readable (ill-formed, no items, and no closing ``</rss>``/``</feed>``/``</rdf:RDF>``). An
ill-formed feed that is complete but simply has no items yields no events, like a
well-formed empty feed. A JSON Feed (jsonfeed.org 1.0/1.1) is read like any other feed.
A feed that declares Latin-1, Windows-1252 or ASCII but is valid UTF-8 is read as UTF-8.
Each item's HTML is read up to :data:`MAX_ITEM_HTML` characters.

Aggregators. An item whose link is on a :data:`AGGREGATOR_HOSTS` host (Google News), or
any item of such a feed, is read from its title alone: the description is the
aggregator's block of headlines and article links, which may be about other companies.
A title ending in `` - Publisher`` (or `` | Publisher``) loses that suffix when the item
names that publisher in ``<source>``; the publisher's site is never the company's.

Dates. ``occurred_at`` is the item's published (else updated) date, else the feed's
date, else ``now`` when the caller passes one. Beyond what feedparser reads, epoch
seconds, ``2025/03/03``, ``03.03.2025`` (day first), ``March 3, 2025 2:00 PM ET`` and
ISO 8601 are read; an ambiguous ``3/4/2025`` is no date. A date before 1995
(:data:`EARLIEST_DATE`, e.g. a CMS's epoch 0) is no date; a date after ``now`` is
``now``. An item with no date at all and no ``now`` is skipped and reported in
:attr:`FeedParseResult.skipped`: the wall clock is never read here. No id depends on
the date, so an undated item seen on every poll is one signal; its first report's
date stands downstream.

Ids (what makes two reports the same signal):

* funding: ``fingerprint("funding", company, bucket)`` where ``bucket`` is the USD
  amount to two significant figures (``usd:3.0e6``) when an amount is known, else the
  round name. Amount first because headlines nearly always state it, while the round is
  often left out by one outlet and stated by another.
* acquisition: ``fingerprint("acquisition", acquirer, acquired)``.
* leadership change: ``fingerprint("leadership_change", company, person, change)``; the
  role is left out because outlets spell it differently ("CFO", "finance chief").

``company_domain`` comes only from a link inside the item whose registrable domain is
the company's own: its anchor text is the company name or its domain label spells the
name, and it is not the feed's site, the article's site, the publisher's site, a news,
social, code-hosting, job-board, press-wire or URL-shortener domain. Links are the
anchors of the body and description, Atom ``rel="related"`` links (their title as
anchor text), and sites the text writes out (an anchor whose text is a domain, as wires
wrap the real link in a tracker URL; ``www.acme.com`` in the text): these match only
by their label.

ALL-CAPS headlines. Names extracted from a headline without lower-case letters take
the casing the item's text gives them (``NORTHWIND LABS`` -> ``Northwind Labs``). The
summary drops a press wire's dateline (``SAN FRANCISCO, March 3, 2025 /PRNewswire/ --``).
"""

from __future__ import annotations

import calendar
import codecs
import email.utils
import html
import io
import json
import logging
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import feedparser

from signals.errors import ParseError, RecordError
from signals.events import SignalEvent, SignalKind
from signals.extract import (
    Acquisition,
    Announcement,
    Funding,
    LeadershipChange,
    Money,
    clean_text,
    extract,
)
from signals.ids import fingerprint, normalize_key
from signals.matching.domains import NON_COMPANY_DOMAINS, registrable_domain

log = logging.getLogger(__name__)

SOURCE_TYPE = "rss"
SUMMARY_CHARS = 500
DEFAULT_MAX_BYTES = 5_000_000
# HTML read per item for text and links; extraction reads far less (20,000 characters).
MAX_ITEM_HTML = 200_000
# Dates before this are a CMS default (epoch 0) or a misread, never a news date.
EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)

# Hosts whose items are another publisher's story behind a redirect link: the item's
# description is the host's own block of headlines and article links, never the story.
AGGREGATOR_HOSTS = frozenset({"news.google.com"})

# Domains that are never a company's own site when linked from a news item.
NOT_COMPANY_DOMAINS = frozenset(
    {
        "techcrunch.com",
        "venturebeat.com",
        "reuters.com",
        "bloomberg.com",
        "wsj.com",
        "ft.com",
        "nytimes.com",
        "forbes.com",
        "cnbc.com",
        "businessinsider.com",
        "theverge.com",
        "wired.com",
        "axios.com",
        "fortune.com",
        "crunchbase.com",
        "pitchbook.com",
        "cbinsights.com",
        "dealroom.co",
        "tracxn.com",
        "sifted.eu",
        "eu-startups.com",
        "finsmes.com",
        "siliconangle.com",
        "geekwire.com",
        "theinformation.com",
        "prnewswire.com",
        "businesswire.com",
        "globenewswire.com",
        "accesswire.com",
        "newswire.com",
        "einpresswire.com",
        "prweb.com",
        "medium.com",
        "substack.com",
        "wordpress.com",
        "blogspot.com",
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "sourceforge.net",
        "npmjs.com",
        "pypi.org",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "facebook.com",
        "instagram.com",
        "youtube.com",
        "youtu.be",
        "tiktok.com",
        "threads.net",
        "reddit.com",
        "t.me",
        "telegram.org",
        "wikipedia.org",
        "goo.gl",
        "bit.ly",
        "t.co",
        "ow.ly",
        "buff.ly",
        "tinyurl.com",
        "lnkd.in",
        "dlvr.it",
        "ift.tt",
        "trib.al",
        "rebrand.ly",
        "cutt.ly",
        "is.gd",
        "shorturl.at",
        "feedproxy.google.com",
        "feedburner.com",
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "workable.com",
        "indeed.com",
        "glassdoor.com",
        "angel.co",
        "wellfound.com",
        "ycombinator.com",
        "producthunt.com",
        "sec.gov",
    }
)


@dataclass(frozen=True)
class FeedParseResult:
    """What a feed yielded: the signals, and the items that were skipped with why."""

    events: tuple[SignalEvent, ...]
    skipped: tuple[RecordError, ...] = ()
    bozo: bool = False
    items: int = 0


@dataclass(frozen=True)
class _FeedContext:
    """What every item of one feed shares."""

    source_name: str
    date: datetime | None  # the feed's own date, a fallback for undated items
    now: datetime | None
    site_domains: frozenset[str]  # the feed's site: never a company's
    aggregated: bool  # a news aggregator's feed (see AGGREGATOR_HOSTS)


def parse(
    data: bytes,
    *,
    source_name: str = "rss",
    feed_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: datetime | None = None,
) -> list[SignalEvent]:
    """The signals announced in a feed document; see :func:`parse_feed` for the contract."""
    return list(
        parse_feed(
            data, source_name=source_name, feed_url=feed_url, max_bytes=max_bytes, now=now
        ).events
    )


def parse_feed(
    data: bytes,
    *,
    source_name: str = "rss",
    feed_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: datetime | None = None,
) -> FeedParseResult:
    """Parse RSS/Atom ``data`` into signals, one per announcing item at most.

    Raises :class:`ParseError` (``where=source_name``) when the document is empty, larger
    than ``max_bytes``, not a feed, or unreadable to the point that no item survives.
    Never raises anything else. Items without any usable date are skipped when ``now``
    is ``None``, and listed in ``skipped``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError(f"expected bytes, got {type(data).__name__}", where=source_name)
    size = len(data)
    if size > max_bytes:
        raise ParseError(f"document is {size} bytes, over the {max_bytes} cap", where=source_name)
    document = bytes(data)
    if not document.strip():
        raise ParseError("empty document", where=source_name)
    if _is_json(document):
        parsed = _json_feed(document, source_name)
    else:
        try:
            parsed = _feedparse(
                _without_doctype(document), feed_url, utf8=_utf8_mislabelled(document)
            )
        except Exception as exc:  # feedparser is a large third-party parser: contain it
            raise ParseError(f"feed parser failed: {exc!r}", where=source_name) from exc
    entries = [e for e in parsed.get("entries", []) if _usable(e)]
    version = parsed.get("version") or ""
    bozo = bool(parsed.get("bozo"))
    if not version and not entries:
        raise ParseError(f"not a feed ({_bozo_reason(parsed)})", where=source_name)
    if bozo and not entries and not _ends_with_root_close(document, parsed):
        raise ParseError(
            f"truncated feed, no readable item ({_bozo_reason(parsed)})", where=source_name
        )
    feed_info = parsed.get("feed", {})
    context = _FeedContext(
        source_name=source_name,
        date=_date_of(feed_info, "updated", now) or _date_of(feed_info, "published", now),
        now=now,
        site_domains=frozenset(
            d
            for d in (registrable_domain(feed_url), registrable_domain(feed_info.get("link")))
            if d
        ),
        aggregated=_is_aggregator(feed_url) or _is_aggregator(feed_info.get("link")),
    )
    events: dict[str, SignalEvent] = {}
    skipped: list[RecordError] = []
    for index, entry in enumerate(entries):
        where = f"{source_name}: item {index + 1}"
        try:
            event = _event_from_entry(entry, context)
        except RecordError as exc:
            log.info("skipped feed item: %s", exc)
            skipped.append(exc)
            continue
        except Exception as exc:  # one odd item must not sink the feed
            error = RecordError(f"unreadable item: {exc!r}", where=where)
            log.warning("skipped feed item: %s", error)
            skipped.append(error)
            continue
        if event is not None and event.id not in events:
            events[event.id] = event
    return FeedParseResult(
        events=tuple(events.values()), skipped=tuple(skipped), bozo=bozo, items=len(entries)
    )


# --------------------------------------------------------------------------- safety


def strip_doctype(data: bytes) -> bytes:
    """``data`` without its DOCTYPE declaration (internal subset included).

    Only the prolog, before the first element, is searched. Quoted strings inside the
    declaration are honoured, so a ``>`` or ``]`` inside an entity value does not end it.
    An unterminated DOCTYPE removes the rest of the document (which then is not a feed).
    """
    start = data.find(b"<!DOCTYPE")
    if start < 0:
        start = data.upper().find(b"<!DOCTYPE", 0, 4096)
    if start < 0:
        return data
    first_element = re.search(rb"<[A-Za-z_]", data)
    if first_element is not None and first_element.start() < start:
        return data
    depth = 0
    quote = 0
    i = start + len(b"<!DOCTYPE")
    end = len(data)
    while i < end:
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):  # " '
            quote = c
        elif c == 0x5B:  # [
            depth += 1
        elif c == 0x5D:  # ]
            depth = max(0, depth - 1)
        elif c == 0x3E and depth == 0:  # >
            return data[:start] + data[i + 1 :]
        i += 1
    return data[:start]


_UTF16_SNIFF = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)


def _without_doctype(data: bytes) -> bytes:
    """:func:`strip_doctype` for any encoding: UTF-16/32 documents are stripped in a
    UTF-8 copy and encoded back, so feedparser still sees the encoding they declare."""
    for prefix, codec in _UTF16_SNIFF:
        if data.startswith(prefix):
            text = data.decode(codec, errors="replace")
            stripped = strip_doctype(text.encode("utf-8")).decode("utf-8")
            return stripped.encode(codec)
    return strip_doctype(data)


def _feedparse(data: bytes, feed_url: str | None, *, utf8: bool = False) -> Any:
    headers = {"content-location": feed_url} if feed_url else {}
    if utf8:  # an HTTP charset outranks the XML declaration for application/xml
        headers["content-type"] = "application/xml; charset=utf-8"
    # A stream, never a str: feedparser treats strings as URLs or file paths.
    return feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True)


_XML_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']"""
)
_SINGLE_BYTE = re.compile(
    r"(?:iso[-_]?8859[-_]?\d+|latin[-_]?1|l1|(?:windows|cp)[-_]?125\d|(?:us[-_]?)?ascii)", re.I
)


def _utf8_mislabelled(data: bytes) -> bool:
    """Whether ``data`` declares a single-byte charset (Latin-1, Windows-1252, ASCII)
    but is valid UTF-8 with non-ASCII characters: a mislabelled UTF-8 feed. Text really
    in a Latin charset is almost never valid UTF-8 once it has any accented letter."""
    declared = _XML_ENCODING.match(data[:512])
    if declared is None or not _SINGLE_BYTE.fullmatch(declared.group(1).decode("ascii")):
        return False
    try:
        return not data.decode("utf-8").isascii()
    except UnicodeDecodeError:
        return False


def _is_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _json_feed(data: bytes, source_name: str) -> dict[str, Any]:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1) in the shape feedparser gives.

    Raises :class:`ParseError` for JSON that is not a JSON Feed (no jsonfeed.org
    ``version``, no ``items`` list) and for anything that is not JSON.
    """
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not a feed (invalid JSON: {str(exc)[:120]})", where=source_name) from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise ParseError("not a feed (JSON without a jsonfeed.org version)", where=source_name)
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed (JSON Feed without an items list)", where=source_name)
    home = doc.get("home_page_url")
    return {
        "version": "json" + version.rsplit("/", 1)[-1].replace(".", ""),
        "feed": {"link": home if isinstance(home, str) else None},
        "entries": [_json_entry(item) for item in items if isinstance(item, dict)],
        "bozo": False,
    }


def _json_entry(item: dict[str, Any]) -> dict[str, Any]:
    """One JSON Feed item with feedparser's entry keys (``content_text`` escaped: it is
    plain text, and every body here is read as HTML)."""

    def text(key: str) -> str | None:
        value = item.get(key)
        return value if isinstance(value, str) and value.strip() else None

    plain = text("content_text")
    summary = text("summary") or (html.escape(plain, quote=False) if plain else None)
    entry: dict[str, Any] = {
        "title": text("title"),
        "link": text("url"),
        "id": text("id"),
        "summary": summary,
        "published": text("date_published"),
        "updated": text("date_modified"),
    }
    if (content := text("content_html")) is not None:
        entry["content"] = [{"value": content}]
    if (external := text("external_url")) is not None:
        entry["links"] = [{"rel": "related", "href": external}]
    return entry


_ROOT_CLOSE = re.compile(r"</(?:[\w.-]+:)?(?:rss|feed|RDF)\s*>\s*$")


def _ends_with_root_close(data: bytes, parsed: Any) -> bool:
    """Whether the document ends with its root's end tag, i.e. was not cut short."""
    encoding = parsed.get("encoding") or "utf-8"
    tail = data[-1024:] if len(data) % 2 == 0 else data[-1023:]
    try:
        text = tail.decode(encoding, errors="ignore")
    except LookupError:
        text = tail.decode("utf-8", errors="ignore")
    return bool(_ROOT_CLOSE.search(text))


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "no feed elements found"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _usable(entry: Any) -> bool:
    return bool(entry.get("title") or entry.get("link") or entry.get("summary"))


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class _Item:
    """The parts of one feed item that extraction and domain finding read."""

    title: str
    url: str | None
    text: str  # the body (content, else description) as plain text
    summary: str  # the description as plain text, else the body
    links: tuple[tuple[str, str], ...]  # (href, anchor text) candidates for the company's site
    excluded: frozenset[str]  # domains that are never the company's: feed, article, publisher


def _read_item(entry: Any, context: _FeedContext) -> _Item:
    """Title without its publisher suffix, plain text, links and the domains to exclude.

    An aggregator's item (its link on an :data:`AGGREGATOR_HOSTS` host, or the feed is
    one) has no usable body: its description lists headlines and article links of the
    publishers, which are never the company's site and may be about other companies.
    """
    url = _entry_url(entry)
    publisher, publisher_domain = _publisher(entry)
    title = _without_publisher(clean_text(_plain(entry.get("title") or "")), publisher)
    excluded = context.site_domains | {d for d in (registrable_domain(url), publisher_domain) if d}
    if context.aggregated or _is_aggregator(url) or _is_aggregator(entry.get("link")):
        return _Item(title, url, "", "", (), frozenset(excluded))
    body_html = _body_html(entry)
    body = _read_html(body_html)
    text = clean_text(_text(body))
    links = list(body.links)
    summary_html = str(entry.get("summary") or "")
    if summary_html and summary_html != body_html:
        summary = _read_html(summary_html)
        summary_text = clean_text(_text(summary)) or text
        if summary_html not in body_html:
            links.extend(summary.links)
    else:
        summary_text = text
    links.extend(_related_links(entry))
    links.extend(_sites_named_in(links, f"{text} {summary_text}"))
    return _Item(title, url, text, summary_text, tuple(links), frozenset(excluded))


def _event_from_entry(entry: Any, context: _FeedContext) -> SignalEvent | None:
    item = _read_item(entry, context)
    found = extract(item.title, item.text or item.summary)
    if found is None:
        return None
    if not any(c.islower() for c in item.title):
        found = _recased(found, f"{item.text} {item.summary}")
    occurred_at = (
        _date_of(entry, "published", context.now)
        or _date_of(entry, "updated", context.now)
        or context.date
        or context.now
    )
    if occurred_at is None:
        raise RecordError(
            f"announcement {item.title[:80]!r} has no date and no fallback",
            where=f"{context.source_name}: {item.url or item.title[:80]}",
        )
    common: dict[str, Any] = {
        "source_type": SOURCE_TYPE,
        "source_name": context.source_name,
        "occurred_at": occurred_at,
        "title": item.title,
        "url": item.url,
        "summary": _trim(_without_dateline(item.summary)) or None,
    }
    links, excluded = list(item.links), set(item.excluded)
    if isinstance(found, Funding):
        return SignalEvent(
            id=funding_id(found.company, found.money, found.round),
            kind=SignalKind.FUNDING,
            company_name=found.company,
            company_domain=company_domain(found.company, links, excluded),
            amount=found.money.amount if found.money else None,
            currency=found.money.currency if found.money else None,
            amount_usd=found.money.amount_usd if found.money else None,
            round=found.round,
            investors=found.investors,
            **common,
        )
    if isinstance(found, Acquisition):
        return SignalEvent(
            id=fingerprint("acquisition", found.acquirer, found.acquired),
            kind=SignalKind.ACQUISITION,
            company_name=found.acquirer,
            company_domain=company_domain(found.acquirer, links, excluded),
            acquirer=found.acquirer,
            acquired=found.acquired,
            amount=found.money.amount if found.money else None,
            currency=found.money.currency if found.money else None,
            amount_usd=found.money.amount_usd if found.money else None,
            **common,
        )
    assert isinstance(found, LeadershipChange)
    return SignalEvent(
        id=fingerprint("leadership_change", found.company, found.person, found.change),
        kind=SignalKind.LEADERSHIP_CHANGE,
        company_name=found.company,
        company_domain=company_domain(found.company, links, excluded),
        person=found.person,
        role=found.role,
        change=found.change,
        **common,
    )


# --------------------------------------------------------------------------- item parts


def _host(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _is_aggregator(url: Any) -> bool:
    return _host(url) in AGGREGATOR_HOSTS


def _is_web_url(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _entry_url(entry: Any) -> str | None:
    """The item's own page: its link, else its first ``alternate`` link; only http(s)
    (feedparser falls back to a guid such as ``tag:...`` or a bare number)."""
    candidates = [entry.get("link")] + [
        link.get("href")
        for link in entry.get("links") or []
        if hasattr(link, "get") and link.get("rel", "alternate") == "alternate"
    ]
    return next((c.strip() for c in candidates if _is_web_url(c)), None)


def _publisher(entry: Any) -> tuple[str, str | None]:
    """The name and domain of the outlet an aggregated item names (RSS ``<source>``)."""
    source = entry.get("source")
    if not hasattr(source, "get"):
        return "", None
    name = source.get("title")
    return (
        clean_text(name) if isinstance(name, str) else "",
        registrable_domain(source.get("href")) if _is_web_url(source.get("href")) else None,
    )


def _without_publisher(title: str, publisher: str) -> str:
    """``"Acme raises $5M - TechCrunch"`` -> ``"Acme raises $5M"`` when the item names
    TechCrunch as its publisher; a title is never cut on a guess."""
    key = normalize_key(publisher)
    if not key:
        return title
    for separator in (" - ", " | "):
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and normalize_key(tail) == key:
            return head.strip()
    return title


def _related_links(entry: Any) -> list[tuple[str, str]]:
    """Atom ``rel="related"`` links (and a JSON Feed ``external_url``) with their title."""
    return [
        (str(link.get("href")), clean_text(str(link.get("title") or "")))
        for link in entry.get("links") or []
        if hasattr(link, "get") and link.get("rel") == "related" and _is_web_url(link.get("href"))
    ]


_SITE_TEXT = re.compile(
    r"(?<![\w@./-])(?:https?://|www\.)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
    re.I,
)
_BARE_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?", re.I)


def _sites_named_in(links: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """Sites the item writes out: an anchor whose text is a domain (wires wrap the real
    link in a tracker URL) and ``www.``/``http`` addresses in the text. They carry no
    anchor text, so only a domain that spells the company's name can match."""
    named = [
        ("http://" + a.strip().split("://")[-1], "")
        for _, a in links
        if _BARE_DOMAIN.fullmatch(a.strip())
    ]
    named.extend(("http://" + m.split("://")[-1], "") for m in _SITE_TEXT.findall(text[:20_000]))
    return named


def _recased(found: Announcement, text: str) -> Announcement:
    """Names from an ALL-CAPS headline as the item's text writes them
    (``"NORTHWIND LABS"`` -> ``"Northwind Labs"``); unchanged when the text never does."""
    if isinstance(found, Funding):
        return replace(
            found,
            company=_recase(found.company, text),
            investors=tuple(_recase(i, text) for i in found.investors),
        )
    if isinstance(found, Acquisition):
        return replace(
            found, acquirer=_recase(found.acquirer, text), acquired=_recase(found.acquired, text)
        )
    return replace(
        found,
        company=_recase(found.company, text),
        person=_recase(found.person, text),
        role=_recase(found.role, text),
    )


def _recase(value: str, text: str) -> str:
    if not value or any(c.islower() for c in value):
        return value
    pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.I)
    for match in pattern.finditer(text[:20_000]):
        if any(c.islower() for c in match.group()):
            return match.group()
    return value


_DATELINE = re.compile(
    r"^(?:[^\n]{1,80}?\b\d{4}\s*(?:/[^/\n]{2,40}/|\([A-Z][A-Za-z ]{2,40}\))\s*--"
    r"|[A-Z][^\n]{1,80}?--\([A-Z][A-Za-z ]{2,40}\)--)\s*"
)


def _without_dateline(text: str) -> str:
    """A press release's text without its wire dateline ("SAN FRANCISCO, March 3, 2025
    /PRNewswire/ --", "BOSTON--(BUSINESS WIRE)--")."""
    return _DATELINE.sub("", text, count=1)


# --------------------------------------------------------------------------- dates


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_ZONES = {"Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "ET": -5, "EST": -5, "EDT": -4, "CT": -6}
_ZONES |= {"CST": -6, "CDT": -5, "MT": -7, "MST": -7, "MDT": -6, "PT": -8, "PST": -8, "PDT": -7}
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<zone>Z|UTC|GMT)?"
)
_DAY_DOTS = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_MONTH_FIRST = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>\d{4})(?:\s*(?:-|,|at)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?\s*(?P<zone>[A-Za-z]{1,4})?",
    re.I,
)
_WEEKDAY_NO_SPACE = re.compile(r"[A-Za-z]{3},(?=\d)")


def _date_of(record: Any, key: str, now: datetime | None) -> datetime | None:
    """``record[key]`` (``published`` or ``updated``) as an aware UTC datetime, or None.

    The shapes feedparser misreads or rejects come first (epoch seconds, ``2025/03/03``,
    ``March 3, 2025``, ``03.03.2025``), then feedparser's reading, then ISO 8601 and
    RFC 822 read leniently. A date before :data:`EARLIEST_DATE` counts as none; one
    after ``now`` is ``now`` (a scheduled release is news when it is seen).
    """
    raw = record.get(key)
    raw = raw.strip() if isinstance(raw, str) else ""
    found = (
        _odd_date(raw)
        or _struct_to_datetime(record.get(f"{key}_parsed"))
        or (_lenient_date(raw) if raw else None)
    )
    if found is None or found < EARLIEST_DATE:
        return None
    return min(found, now) if now is not None else found


def _odd_date(raw: str) -> datetime | None:
    if _EPOCH.fullmatch(raw):
        return _from_timestamp(int(raw) / (1000 if len(raw) == 13 else 1))
    for pattern in (_YEAR_FIRST, _DAY_DOTS, _MONTH_FIRST):
        match = pattern.fullmatch(raw)
        if match is not None:
            return _from_parts(match)
    return None


def _from_parts(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
    hour = int(parts["hour"] or 0)
    ampm = (parts.get("ampm") or "").lower()
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    offset = _ZONES.get((parts.get("zone") or "UTC").upper(), 0)
    try:
        local = datetime(
            int(parts["year"]),
            month or 0,
            int(parts["day"]),
            hour,
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    return local - timedelta(hours=offset)


def _lenient_date(raw: str) -> datetime | None:
    """ISO 8601 (JSON Feed dates), or RFC 822 missing the space after the weekday."""
    try:
        found = datetime.fromisoformat(raw)
    except ValueError:
        if not _WEEKDAY_NO_SPACE.match(raw):
            return None
        try:
            found = email.utils.parsedate_to_datetime(raw.replace(",", ", ", 1))
        except (TypeError, ValueError, IndexError):
            return None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def _from_timestamp(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def funding_id(company: str, money: Money | None, round_name: str | None) -> str:
    """``fingerprint("funding", company, bucket)``: the USD amount to two significant
    figures when known, else the round name (see the module docstring)."""
    if money is not None and money.amount_usd:
        bucket = f"usd:{money.amount_usd:.1e}"
    elif money is not None:
        bucket = f"{money.currency or 'xxx'}:{money.amount:.1e}"
    else:
        bucket = round_name or ""
    return fingerprint("funding", company, bucket)


def company_domain(company: str, links: list[tuple[str, str]], excluded: set[str]) -> str | None:
    """The registrable domain of the first link that names the company's own site."""
    key = normalize_key(company)
    compact = key.replace(" ", "")
    if not compact:
        return None
    for href, text in links:
        domain = registrable_domain(href) if href.lower().startswith(("http:", "https:")) else None
        if (
            not domain
            or domain in excluded
            or domain in NOT_COMPANY_DOMAINS
            or domain in NON_COMPANY_DOMAINS
        ):
            continue
        label = normalize_key(domain.split(".", 1)[0]).replace(" ", "")
        if (
            normalize_key(text) == key
            or label == compact
            or (
                len(compact) >= 4
                and label
                in {
                    f"get{compact}",
                    f"{compact}hq",
                    f"try{compact}",
                    f"use{compact}",
                    f"{compact}app",
                    f"join{compact}",
                }
            )
        ):
            return domain
    return None


# --------------------------------------------------------------------------- html text


class _TextAndLinks(HTMLParser):
    """Plain text of an HTML fragment, and its ``(href, anchor text)`` pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._anchor: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or None
            self._anchor = []
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._href is not None:
            self.links.append((self._href.strip(), " ".join("".join(self._anchor).split())))
            self._href = None
        elif tag in ("p", "div", "li"):
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._anchor.append(data)


def _read_html(fragment: str) -> _TextAndLinks:
    """The text and links of the first :data:`MAX_ITEM_HTML` characters of ``fragment``."""
    reader = _TextAndLinks()
    try:
        reader.feed(fragment[:MAX_ITEM_HTML])
        reader.close()
    except Exception:  # html.parser is lenient; this is belt and braces
        pass
    return reader


_UNKNOWN_ENTITY = re.compile(r"&[A-Za-z_][\w.-]{0,40};")


def _plain(fragment: str) -> str:
    """Text of an HTML fragment; entity references nobody defined are dropped."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    return _text(_read_html(fragment))


def _text(reader: _TextAndLinks) -> str:
    return _UNKNOWN_ENTITY.sub("", "".join(reader.text))


def _body_html(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") if hasattr(content, "get") else None
        if value:
            return str(value)
    return str(entry.get("summary") or "")


def _trim(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
