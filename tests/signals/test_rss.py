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


# --------------------------------------------------------------------------- real feed shapes


def test_google_news_search_feed() -> None:
    """Titles end in " - Publisher", links redirect through news.google.com, and the
    description is Google's own block of headlines and article links."""
    events = rss.parse(
        fixture("rss_feed_google_news.xml"),
        feed_url="https://news.google.com/rss/search?q=raises&hl=en-US&gl=US&ceid=US:en",
    )
    found = by_company(events)
    assert set(found) == {"Acme Robotics", "Quillstack", "Zahlwerk", "Globex", "Lanternfish"}
    acme = found["Acme Robotics"]
    assert acme.title == "Acme Robotics raises $25 million Series B led by Northwind Ventures"
    assert acme.investors == ("Northwind Ventures",)
    assert acme.url is not None and acme.url.startswith("https://news.google.com/rss/articles/")
    assert acme.summary is None  # the headline again and the outlet's name: nothing more
    assert found["Quillstack"].title == "Sequoia leads $12M seed round in Quillstack"
    assert found["Lanternfish"].title == "Funding - Lanternfish raises $8M seed round"
    # neither the redirect host nor the publisher's site is ever the company's domain
    assert {e.company_domain for e in events} == {None}
    # a related headline in the cluster lends nothing to the story
    globex = found["Globex"]
    assert (globex.acquired, globex.amount) == ("Initech", None)


def test_google_news_items_are_recognized_without_the_feed_url() -> None:
    events = by_company(rss.parse(fixture("rss_feed_google_news.xml")))
    assert events["Globex"].company_domain is None
    assert events["Zahlwerk"].title == "Zahlwerk raises €40M Series A"


def test_publisher_suffix_is_cut_only_when_the_item_names_that_publisher() -> None:
    items = (
        "<item><title>Acme raises $5M seed round - Example Daily</title>"
        "<link>https://news.example.com/a</link><source url='https://daily.example.org'>"
        "Example Daily</source><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
        "<item><title>Beta raises $7M seed round - Example Daily</title>"
        "<link>https://news.example.com/b</link>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    found = by_company(rss.parse(feed(items)))
    assert found["Acme"].title == "Acme raises $5M seed round"
    assert found["Beta"].title == "Beta raises $7M seed round - Example Daily"


def test_the_same_round_from_google_news_and_a_wire_has_one_id() -> None:
    google = by_company(rss.parse(fixture("rss_feed_google_news.xml")))["Zahlwerk"]
    wire = by_company(rss.parse(fixture("rss_feed_press_wire.xml")))["Zahlwerk"]
    assert google.id == wire.id


def test_press_wire_feed() -> None:
    events = rss.parse(
        fixture("rss_feed_press_wire.xml"), feed_url="https://wire.example.com/rss/financing.rss"
    )
    found = by_company(events)
    assert set(found) == {"Acme Analytics", "Northwind Labs", "Zahlwerk", "Hooli"}

    acme = found["Acme Analytics"]
    assert (acme.amount, acme.round, acme.investors) == (30e6, "series-b", ("Granite Ventures",))
    assert acme.company_domain == "acmeanalytics.com"  # the company's name, linked
    assert acme.summary is not None
    assert acme.summary.startswith("Acme Analytics, the leading data observability platform")
    assert acme.occurred_at == datetime(2025, 3, 3, 13, 0, tzinfo=UTC)

    northwind = found["Northwind Labs"]  # an ALL-CAPS headline, named as the text writes it
    assert northwind.title == "NORTHWIND LABS RAISES $15 MILLION IN SERIES A FUNDING"
    assert northwind.investors == ("Granite Ventures & Partners",)
    assert northwind.company_domain == "northwindlabs.com"  # "visit www.northwindlabs.com"
    assert northwind.summary is not None and northwind.summary.startswith("Northwind Labs, a")

    zahlwerk = found["Zahlwerk"]  # the site link is wrapped in the wire's tracker URL
    assert zahlwerk.company_domain == "zahlwerk.de"
    assert (zahlwerk.amount, zahlwerk.currency) == (40e6, "EUR")
    assert zahlwerk.summary is not None and zahlwerk.summary.startswith("Zahlwerk GmbH, the")
    assert "€40 million" in zahlwerk.summary
    assert zahlwerk.occurred_at == datetime(2025, 3, 4, 7, 0, tzinfo=UTC)

    hooli = found["Hooli"]
    assert (hooli.person, hooli.role) == ("Jane Roe", "Chief Financial Officer")
    assert hooli.occurred_at == datetime(2025, 3, 3, 20, 30, tzinfo=UTC)
    assert hooli.company_domain is None


def test_a_site_written_out_counts_only_when_it_spells_the_company_name() -> None:
    item = (
        "<item><title>Acme raises $5M seed round</title><link>https://news.example.com/a</link>"
        "<description><![CDATA[Acme raised. Its rival is at www.globex.com and "
        '<a href="https://track.example.net/r?x=1">initech.com</a>.]]></description>'
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    (event,) = rss.parse(feed(item))
    assert event.company_domain is None


def test_atom_content_links_and_relative_urls() -> None:
    found = by_company(rss.parse(fixture("rss_feed_atom_links.xml")))
    quill = found["Quillstack"]
    assert quill.url == "https://blog.example.net/2025/03/quillstack-series-a"  # xml:base
    assert quill.title == "Quillstack raises $20M Series A & opens a London office"
    assert quill.company_domain == "quillstack.io"  # rel="related", titled with the name
    assert quill.investors == ("Contoso Capital",)
    assert quill.occurred_at == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)  # <updated> only

    lantern = found["Lanternfish"]  # xhtml content, xml:base on the entry
    assert lantern.url == "https://other.example.org/posts/lanternfish-seed"
    assert lantern.company_domain == "lanternfish.ai"

    zeta = found["Zeta Systems"]
    assert zeta.url is None  # no alternate link; the guid is not a URL
    assert zeta.occurred_at == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)  # published wins


def test_a_guid_that_is_not_a_url_is_never_the_url() -> None:
    item = (
        "<item><title>Acme raises $5M seed round</title><guid>acme-5m-2024</guid>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    (event,) = rss.parse(feed(item))
    assert event.url is None


# --------------------------------------------------------------------------- dates


def test_odd_date_formats() -> None:
    now = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    at = {e.company_name: e.occurred_at for e in rss.parse(fixture("rss_feed_dates.xml"), now=now)}
    march_3_14h = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    assert at["Alpha"] == march_3_14h  # epoch seconds, which feedparser reads as year 1741
    assert at["Bravo"] == march_3_14h  # 2025/03/03, which feedparser reads as December
    assert at["Charlie"] == datetime(2025, 3, 3, tzinfo=UTC)
    assert at["Delta"] == march_3_14h
    assert at["Echo"] == march_3_14h
    assert at["Foxtrot"] == march_3_14h  # day first
    assert at["Juliett"] == datetime(2025, 3, 3, 19, 0, tzinfo=UTC)  # 2:00 PM ET
    assert at["Golf"] == now  # 1970: a CMS default, not a date
    assert at["Hotel"] == now  # 2031: never later than the poll
    assert at["India"] == now  # 3/4/2025: March 4 or April 3, so no date


def test_bogus_and_future_dates_without_now() -> None:
    items = (
        "<item><title>Golf raises $7M seed round</title>"
        "<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate></item>"
        "<item><title>Hotel raises $8M seed round</title>"
        "<pubDate>Mon, 03 Mar 2031 14:00:00 GMT</pubDate></item>"
    )
    result = rss.parse_feed(feed(items))
    assert [e.company_name for e in result.events] == ["Hotel"]  # no `now` to bound it by
    assert result.events[0].occurred_at == datetime(2031, 3, 3, 14, 0, tzinfo=UTC)
    assert len(result.skipped) == 1 and "no date" in str(result.skipped[0])


def test_an_undated_item_keeps_its_id_across_polls() -> None:
    polls = [datetime(2024, 3, day, 12, 0, tzinfo=UTC) for day in (9, 10)]
    first, second = (rss.parse(feed(UNDATED), now=now) for now in polls)
    assert [e.id for e in first] == [e.id for e in second]
    assert by_company(first)["Acme"].occurred_at != by_company(second)["Acme"].occurred_at


# --------------------------------------------------------------------------- documents


def test_utf8_feed_declared_as_windows_1252() -> None:
    doc = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>T'
        "</title><item><title>Müller Analytik raises €5M seed round</title>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    ).encode()
    (event,) = rss.parse(doc)
    assert event.company_name == "Müller Analytik"
    assert event.currency == "EUR"


def test_feed_after_leading_junk_is_read() -> None:
    doc = b"<b>Warning</b>: deprecated in feed.php on line 3<br />\n" + feed(UNDATED)
    assert [e.company_name for e in rss.parse(doc)] == ["Beta"]


JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Example funding news",
    "home_page_url": "https://jsonnews.example.com/",
    "items": [
        {
            "id": "1",
            "url": "https://jsonnews.example.com/2025/03/acme-robotics",
            "title": "Acme Robotics raises $25M Series B led by Northwind Ventures",
            "content_html": '<p><a href="https://acmerobotics.io/">Acme Robotics</a> builds.</p>',
            "date_published": "2025-03-03T14:05:00+01:00",
            "tags": ["funding"],
        },
        {
            "id": "2",
            "url": "https://jsonnews.example.com/2025/03/hooli-cfo",
            "title": "Hooli names Jane Roe CFO",
            "content_text": "Hooli <announced> a new CFO.",
            "date_modified": "2025-03-02T10:00:00Z",
        },
        {"id": "3", "content_text": "Untitled: Beta raises $3M seed round."},
        "not an item",
    ],
}


def test_json_feed() -> None:
    import json

    data = b"\xef\xbb\xbf" + json.dumps(JSON_FEED).encode()
    found = by_company(rss.parse(data, source_name="json"))
    assert set(found) == {"Acme Robotics", "Hooli"}
    acme = found["Acme Robotics"]
    assert acme.company_domain == "acmerobotics.io"
    assert acme.occurred_at == datetime(2025, 3, 3, 13, 5, tzinfo=UTC)
    assert acme.url == "https://jsonnews.example.com/2025/03/acme-robotics"
    hooli = found["Hooli"]
    assert hooli.summary == "Hooli <announced> a new CFO."  # plain text stays text
    assert hooli.occurred_at == datetime(2025, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"version": "1", "items": []}', "jsonfeed.org version"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "items list"),
        (b'{"version": "https://jsonfeed.org/version/1", ', "invalid JSON"),
        (b"[" * 100_000, "invalid JSON"),
    ],
)
def test_json_that_is_not_a_json_feed(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        rss.parse(data, source_name="json")


def _headline(i: int) -> str:
    return f"Company{i} raises ${i % 90 + 1}M Series A" if i % 50 == 0 else f"Markets story {i}"


def _wire_feed(count: int) -> bytes:
    items = "".join(
        f"<item><title>{_headline(i)}</title><link>https://news.example.com/{i}</link><guid>https://news.example.com/{i}</guid>"
        "<pubDate>Mon, 03 Mar 2025 14:00:00 GMT</pubDate><description><![CDATA[<p>"
        + "Some words of text. " * 10
        + "</p>]]></description></item>"
        for i in range(count)
    )
    return feed(items)


def test_a_feed_of_5000_items_parses_in_seconds() -> None:
    import time

    data = _wire_feed(5000)
    started = time.perf_counter()
    result = rss.parse_feed(data)
    elapsed = time.perf_counter() - started
    assert result.items == 5000 and len(result.events) == 100
    assert elapsed < 15  # about 1.6 s on 2 cores; the bound only catches a blow-up


def test_a_huge_description_is_read_only_in_part() -> None:
    import time

    body = "<p>" + "<b>Acme</b> builds robots. " * 80_000 + "</p>"
    tail = '<a href="https://acme.example/">Acme</a>'
    item = (
        "<item><title>Acme raises $5M seed round</title><link>https://news.example.com/a</link>"
        f"<description><![CDATA[{body}{tail}]]></description>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
    )
    started = time.perf_counter()
    (event,) = rss.parse(feed(item))
    assert time.perf_counter() - started < 15
    assert event.company_domain is None  # a link past MAX_ITEM_HTML is not read
    assert event.summary is not None and len(event.summary) <= 500
