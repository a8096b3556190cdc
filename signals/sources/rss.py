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
all (an HTML page, plain text, JSON), or truncated with no item readable (ill-formed, no
items, and no closing ``</rss>``/``</feed>``/``</rdf:RDF>``). An ill-formed feed that is
complete but simply has no items yields no events, like a well-formed empty feed.

Dates. ``occurred_at`` is the item's published (else updated) date, else the feed's
date, else ``now`` when the caller passes one. An item with no date at all and no
``now`` is skipped and reported in :attr:`FeedParseResult.skipped`: the wall clock is
never read here.

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
name, and it is not the feed's site, the article's site, a news, social, code-hosting,
job-board or URL-shortener domain.
"""

from __future__ import annotations

import calendar
import codecs
import io
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from signals.errors import ParseError, RecordError
from signals.events import SignalEvent, SignalKind
from signals.extract import Acquisition, Funding, LeadershipChange, Money, clean_text, extract
from signals.ids import fingerprint, normalize_key
from signals.matching.domains import registrable_domain

log = logging.getLogger(__name__)

SOURCE_TYPE = "rss"
SUMMARY_CHARS = 500
DEFAULT_MAX_BYTES = 5_000_000

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
    if not bytes(data).strip():
        raise ParseError("empty document", where=source_name)
    try:
        parsed = _feedparse(_without_doctype(bytes(data)), feed_url)
    except Exception as exc:  # feedparser is a large third-party parser: contain it
        raise ParseError(f"feed parser failed: {exc!r}", where=source_name) from exc
    entries = [e for e in parsed.get("entries", []) if _usable(e)]
    version = parsed.get("version") or ""
    bozo = bool(parsed.get("bozo"))
    if not version and not entries:
        raise ParseError(f"not a feed ({_bozo_reason(parsed)})", where=source_name)
    if bozo and not entries and not _ends_with_root_close(bytes(data), parsed):
        raise ParseError(
            f"truncated feed, no readable item ({_bozo_reason(parsed)})", where=source_name
        )
    feed_info = parsed.get("feed", {})
    feed_date = _struct_to_datetime(feed_info.get("updated_parsed")) or _struct_to_datetime(
        feed_info.get("published_parsed")
    )
    site_domains = {
        d for d in (registrable_domain(feed_url), registrable_domain(feed_info.get("link"))) if d
    }
    events: dict[str, SignalEvent] = {}
    skipped: list[RecordError] = []
    for index, entry in enumerate(entries):
        where = f"{source_name}: item {index + 1}"
        try:
            event = _event_from_entry(
                entry,
                source_name=source_name,
                feed_date=feed_date,
                now=now,
                site_domains=site_domains,
            )
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


def _feedparse(data: bytes, feed_url: str | None) -> Any:
    headers = {"content-location": feed_url} if feed_url else {}
    # A stream, never a str: feedparser treats strings as URLs or file paths.
    return feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True)


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


def _event_from_entry(
    entry: Any,
    *,
    source_name: str,
    feed_date: datetime | None,
    now: datetime | None,
    site_domains: set[str],
) -> SignalEvent | None:
    title = clean_text(_plain(entry.get("title") or ""))
    body_html = _body_html(entry)
    body_text = clean_text(_plain(body_html))
    summary_text = clean_text(_plain(entry.get("summary") or "")) or body_text
    found = extract(title, body_text or summary_text)
    if found is None:
        return None
    occurred_at = (
        _struct_to_datetime(entry.get("published_parsed"))
        or _struct_to_datetime(entry.get("updated_parsed"))
        or feed_date
        or now
    )
    if occurred_at is None:
        raise RecordError(
            f"announcement {title[:80]!r} has no date and no fallback",
            where=f"{source_name}: {entry.get('link') or title[:80]}",
        )
    url = entry.get("link") or None
    common: dict[str, Any] = {
        "source_type": SOURCE_TYPE,
        "source_name": source_name,
        "occurred_at": occurred_at,
        "title": title,
        "url": url,
        "summary": _trim(summary_text) or None,
    }
    excluded = site_domains | {d for d in (registrable_domain(url),) if d}
    if isinstance(found, Funding):
        return SignalEvent(
            id=funding_id(found.company, found.money, found.round),
            kind=SignalKind.FUNDING,
            company_name=found.company,
            company_domain=company_domain(found.company, _links(entry, body_html), excluded),
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
            company_domain=company_domain(found.acquirer, _links(entry, body_html), excluded),
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
        company_domain=company_domain(found.company, _links(entry, body_html), excluded),
        person=found.person,
        role=found.role,
        change=found.change,
        **common,
    )


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
        if not domain or domain in excluded or domain in NOT_COMPANY_DOMAINS:
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
    reader = _TextAndLinks()
    try:
        reader.feed(fragment)
        reader.close()
    except Exception:  # html.parser is lenient; this is belt and braces
        pass
    return reader


_UNKNOWN_ENTITY = re.compile(r"&[A-Za-z_][\w.-]{0,40};")


def _plain(fragment: str) -> str:
    """Text of an HTML fragment; entity references nobody defined are dropped."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    return _UNKNOWN_ENTITY.sub("", "".join(_read_html(fragment).text))


def _body_html(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") if hasattr(content, "get") else None
        if value:
            return str(value)
    return str(entry.get("summary") or "")


def _links(entry: Any, body_html: str) -> list[tuple[str, str]]:
    links = list(_read_html(body_html).links)
    summary = entry.get("summary") or ""
    if summary and summary not in body_html:
        links.extend(_read_html(summary).links)
    return links


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
