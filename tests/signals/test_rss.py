"""RSS/Atom feeds -> signals: formats, ill-formed input, hostile input, ids and dates."""

from __future__ import annotations

import contextlib
import threading
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals.errors import ParseError
from signals.events import SignalEvent, SignalKind
from signals.extract import extract_amount
from signals.sources import rss

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_company(events: list[SignalEvent]) -> dict[str, SignalEvent]:
    return {e.company_name or "": e for e in events}


def feed(items: str, channel_extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>T</title><link>https://news.example.com/</link>{channel_extra}{items}"
        "</channel></rss>"
    ).encode()


# --------------------------------------------------------------------------- formats


def test_rss20_with_content_encoded() -> None:
    events = rss.parse(fixture("rss_rss20_content_encoded.xml"), source_name="wire")
    found = by_company(events)
    assert set(found) == {"Acme Robotics", "Globex", "Hooli", "Vandelay Industries"}
    assert all(e.source_type == "rss" and e.source_name == "wire" for e in events)

    acme = found["Acme Robotics"]
    assert acme.kind is SignalKind.FUNDING
    assert (acme.amount, acme.currency, acme.amount_usd) == (25_000_000, "USD", 25_000_000)
    assert acme.round == "series-b"
    assert acme.investors == ("Northwind Ventures",)
    assert acme.occurred_at == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    assert acme.url == "https://news.example.com/2024/03/05/acme-robotics-series-b/"
    assert acme.title == "Acme Robotics raises $25M Series B led by Northwind Ventures"
    # the company's own site, not twitter, github or the news site's tag page
    assert acme.company_domain == "acmerobotics.io"
    assert acme.summary is not None and "<" not in acme.summary and "…" in acme.summary

    globex = found["Globex"]
    assert globex.kind is SignalKind.ACQUISITION
    assert (globex.acquirer, globex.acquired) == ("Globex", "Initech")
    assert globex.amount_usd == 1_200_000_000
    assert globex.company_domain == "globex.com"

    hooli = found["Hooli"]
    assert hooli.kind is SignalKind.LEADERSHIP_CHANGE
    assert (hooli.person, hooli.role, hooli.change) == (
        "Gavin Belson",
        "Chief Revenue Officer",
        "appointed",
    )
    assert hooli.summary == "Hooli has named a new CRO."
    assert hooli.company_domain is None


def test_item_without_date_takes_the_feed_date() -> None:
    events = by_company(rss.parse(fixture("rss_rss20_content_encoded.xml")))
    assert events["Vandelay Industries"].occurred_at == datetime(2024, 3, 6, 9, 0, tzinfo=UTC)


def test_atom() -> None:
    found = by_company(rss.parse(fixture("rss_atom.xml"), source_name="eutech"))
    zahlwerk = found["Zahlwerk"]
    assert (zahlwerk.amount, zahlwerk.currency) == (40_000_000, "EUR")
    assert zahlwerk.amount_usd == pytest.approx(43_200_000)
    assert zahlwerk.round == "series-a"
    assert zahlwerk.investors == ("Brightfield Partners", "Nordlicht Ventures")
    assert zahlwerk.occurred_at == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)  # published, in UTC
    assert zahlwerk.company_domain == "zahlwerk.de"
    assert zahlwerk.url == "https://eutech.example.org/zahlwerk-series-a"

    umbrella = found["Umbrella Health"]
    assert (umbrella.person, umbrella.role, umbrella.change) == ("Jane Roe", "CFO", "appointed")
    assert umbrella.occurred_at == datetime(2024, 3, 4, 16, 45, tzinfo=UTC)  # updated
    assert umbrella.company_domain is None  # the only link is another company's


def test_the_same_round_from_two_feeds_has_one_id() -> None:
    from_rss = by_company(rss.parse(fixture("rss_rss20_content_encoded.xml")))["Acme Robotics"]
    from_atom = by_company(rss.parse(fixture("rss_atom.xml")))["Acme Robotics"]
    assert from_rss.title != from_atom.title
    assert from_rss.id == from_atom.id


def test_funding_id_rule() -> None:
    money = extract_amount("$25M")
    assert rss.funding_id("Acme", money, None) == rss.funding_id("ACME", money, "series-b")
    assert rss.funding_id("Acme", None, "seed") != rss.funding_id("Acme", None, "series-a")


def test_rss10_rdf() -> None:
    events = rss.parse(fixture("rss_rdf.xml"))
    assert len(events) == 1  # "raises concerns" is not a raise
    (event,) = events
    assert event.kind is SignalKind.LEADERSHIP_CHANGE
    assert (event.company_name, event.person, event.role, event.change) == (
        "Soylent Corp",
        "Harold Lauder",
        "CFO",
        "departed",
    )
    assert event.occurred_at == datetime(2024, 2, 28, 13, 0, tzinfo=UTC)


def test_feed_declared_iso_8859_1() -> None:
    (event,) = rss.parse(fixture("rss_latin1.xml"))
    assert event.company_name == "Müller Analytik"
    assert event.title == "Zürich-based Müller Analytik raises CHF 12 million Series A"
    assert (event.amount, event.currency, event.round) == (12_000_000, "CHF", "series-a")
    assert event.summary == "La société zurichoise a levé 12 millions de francs."


def test_ill_formed_feed_keeps_what_it_recovered() -> None:
    result = rss.parse_feed(fixture("rss_illformed_ampersands.xml"))
    assert result.bozo
    assert result.items == 2
    (event,) = result.events
    assert event.company_name == "Smith & Wesson Labs"
    assert event.investors == ("Bain & Company Ventures",)
    assert event.url == "https://deals.example.com/post?id=1&ref=rss"


# --------------------------------------------------------------------------- not a feed


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("rss_html_page.html", "not a feed"),
        ("rss_empty.xml", "empty"),
        ("rss_truncated.xml", "truncated feed"),
    ],
)
def test_documents_that_are_not_feeds(name: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        rss.parse(fixture(name), source_name="wire")
    assert caught.value.where == "wire"
    assert not caught.value.retriable


@pytest.mark.parametrize(
    "data",
    [b"   \n\t ", b"just some text", b'{"items": []}', b"\x00\x01\x02\xff" * 10, b"<rss"],
)
def test_other_non_feeds(data: bytes) -> None:
    with pytest.raises(ParseError):
        rss.parse(data)


def test_a_well_formed_feed_without_items_is_empty_not_an_error() -> None:
    assert rss.parse(feed("")) == []


def test_an_ill_formed_but_complete_feed_without_items_is_empty_not_an_error() -> None:
    doc = b'<rss version="2.0"><channel><itunes:subtitle>Foo</itunes:subtitle></channel></rss>'
    result = rss.parse_feed(doc)
    assert result.bozo and result.events == ()


def test_size_is_checked_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    item = (
        "<item><title>Acme raises $5M seed</title><link>https://news.example.com/a</link>"
        f"<description>{'x' * 500}</description></item>"
    )
    big = feed(item * 11_000)
    assert len(big) > 6_000_000

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a document over the cap")

    monkeypatch.setattr(rss, "_feedparse", must_not_parse)
    with pytest.raises(ParseError, match="over the 5000000 cap"):
        rss.parse(big, source_name="big")
    with pytest.raises(ParseError, match="over the 100 cap"):
        rss.parse(feed(item), max_bytes=100)


def test_input_must_be_bytes() -> None:
    with pytest.raises(ParseError, match="expected bytes"):
        rss.parse("<rss/>")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- hostile input


def test_billion_laughs_is_not_expanded() -> None:
    tracemalloc.start()
    try:
        events = rss.parse(fixture("rss_billion_laughs.xml"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    (event,) = events
    assert event.title == "Acme raises $5M seed round"
    assert "lollol" not in (event.summary or "")  # references left as text, never expanded


def test_billion_laughs_declared_on_one_line_and_in_utf16() -> None:
    doc = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY a{i} "{f"&a{i - 1};" * 10 if i > 1 else "&a;" * 10}">' for i in range(1, 10)
        )
        + ']><rss version="2.0"><channel><title>T</title><item><title>Acme raises $5M seed '
        "&a9;</title><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    for data in (doc.replace("utf-16", "utf-8").encode(), doc.encode("utf-16")):
        tracemalloc.start()
        try:
            events = rss.parse(data)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 20_000_000
        assert [e.title for e in events] == ["Acme raises $5M seed"]


def test_external_entities_are_not_resolved() -> None:
    (event,) = rss.parse(fixture("rss_external_entity.xml"))
    assert event.title == "Acme raises $5M seed round"
    assert "root:" not in (event.summary or "")


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = b'<!ENTITY leaked "LEAKED">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[str]:
    _CountingHandler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_nothing_is_fetched_for_external_entities_or_dtds(loopback_server: str) -> None:
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{loopback_server}/feed.dtd" [\n'
        f'<!ENTITY ext SYSTEM "{loopback_server}/ext">\n'
        f'<!ENTITY % param SYSTEM "{loopback_server}/param"> %param;\n]>\n'
        '<rss version="2.0"><channel><title>T</title><item><title>Acme raises $5M seed &ext;'
        f"&leaked;</title><link>{loopback_server}/item</link>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    ).encode()
    (event,) = rss.parse(doc, feed_url=f"{loopback_server}/feed.xml")
    assert "LEAKED" not in event.title
    assert _CountingHandler.hits == []


def test_strip_doctype_honours_quotes_and_the_internal_subset() -> None:
    doc = b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x "a > ] b">]>\n<rss/>'
    assert rss.strip_doctype(doc) == b'<?xml version="1.0"?>\n\n<rss/>'
    assert rss.strip_doctype(b"<rss><!DOCTYPE x></rss>") == b"<rss><!DOCTYPE x></rss>"
    assert rss.strip_doctype(b"<!DOCTYPE rss [ <!ENTITY x 'never closed") == b""


# --------------------------------------------------------------------------- dates and items


UNDATED = (
    "<item><title>Acme raises $5M seed round</title>"
    "<link>https://news.example.com/acme</link></item>"
    "<item><title>Beta raises $7M Series A</title><link>https://news.example.com/beta</link>"
    "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
)


def test_undated_item_is_skipped_and_reported_without_now() -> None:
    result = rss.parse_feed(feed(UNDATED), source_name="wire")
    assert [e.company_name for e in result.events] == ["Beta"]
    (skipped,) = result.skipped
    assert "no date" in str(skipped) and skipped.where is not None and "wire" in skipped.where


def test_undated_item_takes_now_when_given() -> None:
    now = datetime(2024, 3, 9, 12, 0, tzinfo=UTC)
    events = by_company(rss.parse(feed(UNDATED), now=now))
    assert events["Acme"].occurred_at == now
    assert events["Beta"].occurred_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_same_item_twice_in_one_feed_yields_one_event() -> None:
    item = (
        "<item><title>Acme raises $5M seed round</title><link>https://news.example.com/a</link>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    assert len(rss.parse(feed(item * 3))) == 1


def test_company_domain_never_comes_from_news_social_or_shortener_links() -> None:
    links = (
        '<a href="https://news.example.com/tag/acme">Acme</a> '
        '<a href="https://bit.ly/acme">Acme</a> <a href="https://www.linkedin.com/company/acme">'
        'Acme</a> <a href="https://www.crunchbase.com/organization/acme">Acme</a> '
        '<a href="https://jobs.lever.co/acme">Acme</a> <a href="mailto:hi@acme.com">Acme</a>'
    )
    item = (
        "<item><title>Acme raises $5M seed round</title><link>https://news.example.com/a</link>"
        f"<description><![CDATA[{links}]]></description>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    (event,) = rss.parse(feed(item), feed_url="https://news.example.com/feed/")
    assert event.company_domain is None


def test_company_domain_from_anchor_text_or_matching_label() -> None:
    item = (
        "<item><title>Northwind Traders raises $5M seed round</title>"
        "<link>https://news.example.com/a</link><description><![CDATA["
        '<a href="https://example.org/x">the fund</a> '
        '<a href="https://www.northwind.ai/">Northwind Traders</a>]]></description>'
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    (event,) = rss.parse(feed(item))
    assert event.company_domain == "northwind.ai"


def test_summary_is_plain_text_and_trimmed() -> None:
    long_html = "<p>" + "<b>Acme</b> builds robots. " * 100 + "</p>"
    item = (
        "<item><title>Acme raises $5M seed round</title><link>https://news.example.com/a</link>"
        f"<description><![CDATA[{long_html}]]></description>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    (event,) = rss.parse(feed(item))
    assert event.summary is not None
    assert len(event.summary) <= 500
    assert "<" not in event.summary and event.summary.startswith("Acme builds robots.")


# --------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_parse_raises_only_parse_error_on_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        rss.parse(data)


_pieces = st.sampled_from(
    [
        "<rss>",
        "</rss>",
        '<rss version="2.0">',
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "Acme raises $5M seed",
        "<link>",
        "</link>",
        "https://acme.com",
        "<pubDate>",
        "</pubDate>",
        "Tue, 05 Mar 2024 10:00:00 GMT",
        "not a date",
        "<description>",
        "</description>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&",
        "&lol;",
        "<!DOCTYPE rss [",
        '<!ENTITY lol "x">',
        "]>",
        '<?xml version="1.0"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "</feed>",
        "<entry>",
        "</entry>",
        "<updated>",
        "2024-03-05T10:00:00Z",
        "</updated>",
        "<a href='https://acme.io'>",
        "</a>",
        "\x00",
        "é",
        "\ufeff",
        "Jane Roe joins Acme as CFO",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, max_size=40).map("".join), st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_parse_raises_only_parse_error_on_feed_like_documents(text: str, encoding: str) -> None:
    try:
        events = rss.parse(text.encode(encoding, errors="replace"))
    except ParseError:
        return
    for event in events:
        assert event.source_type == "rss"
        assert event.amount is None or event.amount > 0


# --------------------------------------------------------------------------- headline shapes


def test_headline_shapes_from_a_wire_feed() -> None:
    """Investor-led headlines, leads named in the summary, fund raises, team-expansion
    appointments, agreed sales and public offerings, as one feed carries them."""
    events = rss.parse(fixture("rss_headline_shapes.xml"), source_name="wire")
    found = by_company(events)
    assert set(found) == {"Quillstack", "Lanternfish", "Umbrella Health", "Globex", "Hooli"}

    quill = found["Quillstack"]
    assert (quill.kind, quill.amount, quill.round) == (SignalKind.FUNDING, 20e6, "series-a")
    assert quill.investors == ("Northwind Ventures",)
    assert quill.company_domain == "quillstack.io"

    lantern = found["Lanternfish"]
    assert (lantern.amount, lantern.round) == (12e6, "series-a")
    assert lantern.investors == ("Contoso Capital",)

    umbrella = found["Umbrella Health"]
    assert umbrella.kind is SignalKind.LEADERSHIP_CHANGE
    assert (umbrella.person, umbrella.role, umbrella.change) == (
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    )
    assert umbrella.company_domain == "umbrellahealth.com"

    globex = found["Globex"]
    assert (globex.person, globex.role, globex.change) == ("John Smith", "CFO", "departed")

    hooli = found["Hooli"]
    assert hooli.kind is SignalKind.ACQUISITION
    assert (hooli.acquirer, hooli.acquired) == ("Hooli", "Initech")
