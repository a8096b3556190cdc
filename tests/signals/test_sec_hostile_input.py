"""Hostile and broken input to the SEC parsers: only ParseError, in bounded time and memory."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals.errors import ParseError
from signals.sources import sec_8k, sec_atom, sec_form_d
from signals.xml import load_xml

FIXTURES = Path(__file__).parent / "fixtures"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<edgarSubmission><primaryIssuer><entityName>&lol9;</entityName></primaryIssuer></edgarSubmission>"""

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]><feed><title>'
    + b"&a;" * 50_000
    + b"</title></feed>"
)

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edgarSubmission><primaryIssuer><entityName>&xxe;</entityName></primaryIssuer></edgarSubmission>"""

XXE_HTTP = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/evil.dtd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<feed/>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/feed.dtd"><feed/>"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Request Rate Threshold Exceeded</title></head>
<body><p>Your request has been identified as part of a network automated tool.<br>
</body></html>"""

HOSTILE = {
    "billion laughs": BILLION_LAUGHS,
    "quadratic blowup": QUADRATIC,
    "external entity file": XXE_FILE,
    "external entity http": XXE_HTTP,
    "parameter entity": PARAMETER_ENTITY,
    "external dtd": EXTERNAL_DTD,
    "html page": HTML_PAGE,
    "html without doctype": b"<html><body><p>hello<br></body></html>",
    "truncated": (FIXTURES / "sec_form_d_primary_doc.xml").read_bytes()[:700],
    "malformed": b"<edgarSubmission><a></b></edgarSubmission>",
    "empty": b"",
    "whitespace": b"   \n ",
    "nul bytes": b"<feed>\x00\x00</feed>",
    "unknown encoding": b'<?xml version="1.0" encoding="x-made-up"?><feed/>',
    "utf-16 declared without bom": b'<?xml version="1.0" encoding="UTF-16"?><feed/>',
    "json": b'{"jobs": []}',
    "deep nesting": b"<feed>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</feed>",
    "oversize": b"<feed>" + b" " * (17 * 1024 * 1024) + b"</feed>",
}

XML_PARSERS: dict[str, Callable[[bytes], object]] = {
    "form d": sec_form_d.parse,
    "atom": sec_atom.parse,
}


@pytest.mark.parametrize("parser", list(XML_PARSERS.values()), ids=list(XML_PARSERS))
@pytest.mark.parametrize("data", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_xml_is_a_parse_error(parser: Callable[[bytes], object], data: bytes) -> None:
    with pytest.raises(ParseError):
        parser(data)


def test_entity_refusal_says_why() -> None:
    with pytest.raises(ParseError, match="document type declarations are not accepted"):
        load_xml(BILLION_LAUGHS)


def test_doctype_after_a_long_comment_is_still_refused() -> None:
    data = b"<!--" + b"x" * 10_000 + b"-->" + XXE_FILE.split(b"?>", 1)[1]
    with pytest.raises(ParseError, match=r"unsafe XML refused|not accepted"):
        load_xml(data)


def test_mislabelled_latin1_is_read_as_windows_1252() -> None:
    data = b'<?xml version="1.0" encoding="UTF-8"?><feed><title>Caf\xe9</title></feed>'
    assert load_xml(data).findtext("title") == "Café"


def test_8k_html_entities_are_not_expanded() -> None:
    html = (
        b'<!DOCTYPE html [<!ENTITY lol "lollollollollol">]><html><body><p>FORM 8-K &lol;</p>'
        b"<p>Item 5.02 Departure of Directors or Certain Officers &lol;&lol;&lol;&lol;&lol;.</p>"
        b"</body></html>"
    )
    text = sec_8k.html_to_text(html).text
    assert "lollollol" not in text
    assert sec_8k.parse(html) == []


@pytest.mark.parametrize("data", list(HOSTILE.values()), ids=list(HOSTILE))
def test_8k_refuses_what_is_not_an_8k(data: bytes) -> None:
    with pytest.raises(ParseError):
        sec_8k.parse(data)


def test_8k_oversize_is_refused() -> None:
    with pytest.raises(ParseError, match="cap"):
        sec_8k.parse(b"<p>" + b"x" * (33 * 1024 * 1024))


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_only_raise_parse_error(data: bytes) -> None:
    for parser in (sec_form_d.parse, sec_atom.parse, sec_8k.parse):
        with contextlib.suppress(ParseError):
            parser(data)


_fragment = st.sampled_from(
    [
        "<edgarSubmission>",
        "</edgarSubmission>",
        "<primaryIssuer>",
        "</primaryIssuer>",
        "<cik>0001</cik>",
        "<entityName>X &amp; Y</entityName>",
        "<offeringData>",
        "</offeringData>",
        "<totalAmountSold>12</totalAmountSold>",
        "<signatureDate>2025-01-01</signatureDate>",
        "<feed>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<title>D - A (1) (Filer)</title>",
        "<!DOCTYPE x>",
        "<?xml version='1.0'?>",
        "<![CDATA[",
        "]]>",
        "&",
        "<",
        "\x00",
        "<SEC-HEADER>",
        "FILED AS OF DATE:\t20251345\n",
        "FILED AS OF DATE:\t20251201\n",
        "CENTRAL INDEX KEY:\t0000000000\n",
        "COMPANY CONFORMED NAME:\t\n",
        "ITEM INFORMATION:\tDeparture of Directors or Certain Officers\n",
        "</SEC-HEADER>",
        "<DOCUMENT>",
        "<XML>",
        "</XML>",
        "ITEM INFORMATION: x\n",
        "FORM 8-K\n",
        "<p>FORM 8-K</p>",
        "Item 5.02 ",
        "John Smith resigned as Chief Executive Officer. ",
        "Ms. Park, age 45, was appointed Chief Financial Officer, effective June 1, 2025. ",
        "The Board appointed A B and C D as directors. ",
        "(Exact name of registrant) ",
        "Date of Report: March 3, 2025\n",
        "<p>",
        "</p>",
        "é",
    ]
)


@FUZZ
@given(st.lists(_fragment, max_size=40).map("".join), st.sampled_from(["utf-8", "latin-1"]))
def test_document_shaped_noise_only_raises_parse_error(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    for parser in (sec_form_d.parse, sec_atom.parse, sec_8k.parse):
        with contextlib.suppress(ParseError):
            parser(data)


def test_element_count_is_capped() -> None:
    data = b"<feed>" + b"<a/>" * 60_000 + b"</feed>"
    with pytest.raises(ParseError, match="more than 50000 elements"):
        sec_atom.parse(data)
    with pytest.raises(ParseError, match="more than 10 elements"):
        load_xml(b"<r>" + b"<a/>" * 11 + b"</r>", max_elements=10)


def test_one_huge_attribute_is_read_whole() -> None:
    # expat before 2.6 rescans a token split across feeds; large feed chunks keep this linear
    data = b'<edgarSubmission a="' + b"x" * 5_000_000 + b'"/>'
    assert len(load_xml(data).attrib["a"]) == 5_000_000
    with pytest.raises(ParseError, match="primaryIssuer"):
        sec_form_d.parse(data)


def test_skipped_feed_entries_do_not_flood_the_log(caplog: pytest.LogCaptureFixture) -> None:
    data = b"<feed>" + b"<entry><title>x</title></entry>" * 300 + b"</feed>"
    with caplog.at_level("WARNING", logger="signals.sources.sec_atom"):
        assert sec_atom.parse(data) == []
    assert len(caplog.records) == sec_atom.LOGGED_SKIPS + 1
    assert "295 more entries skipped" in caplog.records[-1].getMessage()


COVER = (
    b"<html><body><p>FORM 8-K</p><p>ACME CORP</p><p>(Exact name of registrant)</p>"
    b"<p>Date of Report: June 2, 2025</p>"
    b"<p>Item 5.02 Departure of Directors or Certain Officers; Election of Directors.</p>"
)

HOSTILE_8K = {
    "deep nesting": COVER + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
    "many tags": COVER + b"<b>x</b>" * 100_000,
    "stray angle brackets": COVER + b"<" * 1_000_000,
    "unknown entities": COVER + b"<p>" + b"&lol;" * 200_000 + b"</p>",
    "unclosed comment": COVER + b"<!--" + b"x" * 1_000_000,
    "huge attribute": COVER + b'<p style="' + b"a" * 2_000_000 + b'">x</p>',
    "entity declarations": b'<!DOCTYPE html [<!ENTITY a "'
    + b"b" * 1000
    + b'">]>'
    + COVER
    + b"<p>"
    + b"&a;" * 100_000
    + b"</p>",
    "capitalised words": COVER + (b"<p>" + b"Aa Bb Cc Dd Ee Ff, " * 100 + b"</p>") * 100,
    "names without verbs": COVER + (b"<p>" + b"John Smith, Jane Doe and Mr. Bob Lee, " * 50) * 100,
    "verbs without names": COVER
    + (b"<p>" + b"notified informed resigned appointed as " * 50) * 100,
}


@pytest.mark.parametrize("data", list(HOSTILE_8K.values()), ids=list(HOSTILE_8K))
def test_hostile_8k_html_gives_nothing(data: bytes) -> None:
    assert sec_8k.parse(data) == []


def test_8k_document_over_the_text_cap_is_refused() -> None:
    data = COVER + b" " * sec_8k.MAX_HTML_BYTES
    with pytest.raises(ParseError, match="cap for its text"):
        sec_8k.parse(data)
