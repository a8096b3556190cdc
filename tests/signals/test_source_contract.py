"""One contract, run over every registered source type.

Every type has a name and a one-line summary, refuses empty and garbage input with
ParseError (or returns [] where its parser documents that), turns a small valid
document into SignalEvents with ids stable across calls, and polls a real loopback
server: conditional GET, state that round-trips through JSON, 304 -> no events.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from signals.config import InvalidSourceKey, SourceConfig
from signals.errors import FetchError, ParseError
from signals.events import SignalEvent, SignalKind
from signals.fetch import Fetcher
from signals.registry import source_types
from signals.sources.base import SourceState, SourceType

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Venture News</title><link>https://news.example/</link>
<description>Funding news</description>
<item>
<title>Acme Robotics raises $20M Series B to automate warehouses</title>
<link>https://news.example/2026/03/01/acme-robotics-series-b</link>
<pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate>
<description>Acme Robotics said on Sunday it raised $20 million.</description>
</item>
<item>
<title>Five gadgets we liked this week</title>
<link>https://news.example/2026/03/01/gadgets</link>
<pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate>
</item>
</channel></rss>
"""

FORM_D = b"""<?xml version="1.0"?>
<edgarSubmission>
  <schemaVersion>X0708</schemaVersion>
  <submissionType>D</submissionType>
  <testOrLive>LIVE</testOrLive>
  <primaryIssuer>
    <cik>0001999999</cik>
    <entityName>Acme Robotics, Inc.</entityName>
    <issuerAddress><stateOrCountry>CA</stateOrCountry></issuerAddress>
    <entityType>Corporation</entityType>
  </primaryIssuer>
  <offeringData>
    <industryGroup><industryGroupType>Other Technology</industryGroupType></industryGroup>
    <typeOfFiling>
      <newOrAmendment><isAmendment>false</isAmendment></newOrAmendment>
      <dateOfFirstSale><value>2026-02-20</value></dateOfFirstSale>
    </typeOfFiling>
    <offeringSalesAmounts>
      <totalOfferingAmount>20000000</totalOfferingAmount>
      <totalAmountSold>15000000</totalAmountSold>
    </offeringSalesAmounts>
    <signatureBlock><signature><signatureDate>2026-03-02</signatureDate></signature></signatureBlock>
  </offeringData>
</edgarSubmission>
"""

EIGHT_K = b"""<html><head><title>Form 8-K</title></head><body>
<p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p>
<p>FORM 8-K</p>
<p>CURRENT REPORT</p>
<p>Date of Report (Date of earliest event reported): March 2, 2026</p>
<p>ACME ROBOTICS, INC.</p>
<p>(Exact name of registrant as specified in its charter)</p>
<p>Item 5.02 Departure of Directors or Certain Officers; Election of Directors;
Appointment of Certain Officers.</p>
<p>On March 2, 2026, Jane Roe resigned as Chief Financial Officer of the Company,
effective March 31, 2026.</p>
<p>SIGNATURES</p>
</body></html>
"""

EDGAR_ATOM = b"""<?xml version="1.0" encoding="ISO-8859-1" ?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Latest Filings</title>
<updated>2026-03-02T18:00:00-05:00</updated>
<entry>
<title>D - Acme Robotics, Inc. (0001999999) (Issuer)</title>
<link rel="alternate" type="text/html"
 href="https://www.sec.gov/Archives/edgar/data/1999999/000199999926000001/0001999999-26-000001-index.htm"/>
<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; 2026-03-02 &lt;b&gt;AccNo:&lt;/b&gt;
 0001999999-26-000001 &lt;b&gt;Size:&lt;/b&gt; 5 KB</summary>
<updated>2026-03-02T17:00:00-05:00</updated>
<category scheme="https://www.sec.gov/" label="form type" term="D"/>
<id>urn:tag:sec.gov,2008:accession-number=0001999999-26-000001</id>
</entry>
<entry>
<title>8-K - ACME ROBOTICS, INC. (0001999999) (Filer)</title>
<link rel="alternate" type="text/html"
 href="https://www.sec.gov/Archives/edgar/data/1999999/000199999926000002/0001999999-26-000002-index.htm"/>
<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; 2026-03-02 &lt;b&gt;AccNo:&lt;/b&gt;
 0001999999-26-000002 &lt;b&gt;Size:&lt;/b&gt; 9 KB</summary>
<updated>2026-03-02T16:00:00-05:00</updated>
<category scheme="https://www.sec.gov/" label="form type" term="8-K"/>
<id>urn:tag:sec.gov,2008:accession-number=0001999999-26-000002</id>
</entry>
<entry>
<title>424B2 - Big Bank Finance LLC (0001666268) (Filer)</title>
<link rel="alternate" type="text/html"
 href="https://www.sec.gov/Archives/edgar/data/1666268/000183988226000003/0001839882-26-000003-index.htm"/>
<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; 2026-03-02 &lt;b&gt;AccNo:&lt;/b&gt;
 0001839882-26-000003 &lt;b&gt;Size:&lt;/b&gt; 300 KB</summary>
<updated>2026-03-02T15:00:00-05:00</updated>
<category scheme="https://www.sec.gov/" label="form type" term="424B2"/>
<id>urn:tag:sec.gov,2008:accession-number=0001839882-26-000003</id>
</entry>
</feed>
"""

GREENHOUSE = json.dumps(
    {
        "jobs": [
            {
                "id": 101,
                "title": "Senior Backend Engineer",
                "updated_at": "2026-03-01T10:00:00-05:00",
                "first_published": "2026-02-27T10:00:00-05:00",
                "location": {"name": "Remote, US"},
                "absolute_url": "https://boards.greenhouse.io/acme/jobs/101",
                "departments": [{"name": "Engineering"}],
                "company_name": "Acme Robotics",
            },
            {
                "id": 102,
                "title": "VP of Sales",
                "updated_at": "2026-03-01T10:00:00-05:00",
                "first_published": "2026-03-01T10:00:00-05:00",
                "location": {"name": "New York"},
                "absolute_url": "https://boards.greenhouse.io/acme/jobs/102",
                "departments": [{"name": "Sales"}],
                "company_name": "Acme Robotics",
            },
        ],
        "meta": {"total": 2},
    }
).encode()

LEVER = json.dumps(
    [
        {
            "id": "5ac2-11",
            "text": "Account Executive",
            "categories": {"location": "London", "commitment": "Full-time", "team": "Sales"},
            "hostedUrl": "https://jobs.lever.co/acme/5ac2-11",
            "createdAt": 1772359200000,
            "descriptionPlain": "Sell robots.",
        }
    ]
).encode()

ASHBY = json.dumps(
    {
        "jobs": [
            {
                "id": "0b6e-22",
                "title": "Data Engineer",
                "department": "Engineering",
                "team": "Data",
                "employmentType": "FullTime",
                "location": "Berlin",
                "publishedAt": "2026-03-01T08:00:00.000+00:00",
                "isRemote": False,
                "jobUrl": "https://jobs.ashbyhq.com/acme/0b6e-22",
                "descriptionPlain": "Pipelines.",
            }
        ]
    }
).encode()

WEBHOOK = json.dumps(
    {
        "signals": [
            {
                "kind": "funding",
                "company_name": "Acme Robotics",
                "occurred_at": "2026-03-01T09:00:00Z",
                "title": "Acme Robotics raises $20M Series B",
            }
        ]
    }
).encode()


@dataclass(frozen=True)
class Case:
    """A valid document for one type, the kinds it yields, and how its parser treats junk."""

    document: bytes
    kinds: frozenset[SignalKind]
    config: dict[str, object]
    junk_gives_empty: bool = False  # the parser documents [] for documents without signals


CASES: dict[str, Case] = {
    "rss": Case(RSS, frozenset({SignalKind.FUNDING}), {"url": "https://news.example/feed"}),
    "sec-form-d": Case(FORM_D, frozenset({SignalKind.FUNDING}), {"url": "https://sec.example/d"}),
    "sec-8k": Case(
        EIGHT_K,
        frozenset({SignalKind.LEADERSHIP_CHANGE}),
        {"url": "https://sec.example/8k.htm"},
    ),
    # The feed lists filings; its own parse yields no signals (poll fetches the filings).
    "sec-atom": Case(EDGAR_ATOM, frozenset(), {"url": "https://sec.example/atom"}),
    "greenhouse": Case(
        GREENHOUSE,
        frozenset({SignalKind.JOB_POSTING, SignalKind.EXECUTIVE_ROLE_OPENED}),
        {"board": "acme"},
    ),
    "lever": Case(LEVER, frozenset({SignalKind.JOB_POSTING}), {"board": "acme"}),
    "ashby": Case(ASHBY, frozenset({SignalKind.JOB_POSTING}), {"board": "acme"}),
    "webhook": Case(WEBHOOK, frozenset({SignalKind.FUNDING}), {}),
}
TYPES = sorted(source_types())
JUNK = [b"", b"   ", b"\x00\x01\x02 not a document <<<", b"<html><body>Hello</body></html>"]


def case_for(type_name: str) -> Case:
    cls = source_types()[type_name]
    if type_name not in CASES:
        if cls.__module__ == "signals.sources.types":
            pytest.fail(f"built-in source type {type_name!r} has no contract fixture")
        pytest.skip(f"plugin source type {type_name!r}: no fixture here")
    return CASES[type_name]


def config_for(type_name: str, **overrides: object) -> SourceConfig:
    data = {"name": "contract", "type": type_name, **case_for(type_name).config, **overrides}
    return SourceConfig.model_validate(data)


@pytest.mark.parametrize("type_name", TYPES)
def test_type_describes_itself(type_name: str) -> None:
    cls = source_types()[type_name]
    assert issubclass(cls, SourceType)
    assert cls.type_name == type_name
    assert cls.summary.strip() and "\n" not in cls.summary and len(cls.summary) <= 100
    assert cls.__doc__ or cls.parse.__doc__


@pytest.mark.parametrize("type_name", TYPES)
@pytest.mark.parametrize("junk", JUNK, ids=["empty", "blank", "binary", "html"])
def test_junk_raises_parse_error_or_is_documented_empty(type_name: str, junk: bytes) -> None:
    case = case_for(type_name)
    source = source_types()[type_name]()
    try:
        events = source.parse(junk, config_for(type_name))
    except ParseError as exc:
        assert str(exc), "a ParseError says what is wrong"
        assert not exc.retriable
        return
    assert case.junk_gives_empty, f"{type_name} accepted junk {junk[:20]!r}"
    assert events == []


@pytest.mark.parametrize("type_name", TYPES)
def test_valid_document_gives_signals_with_stable_ids(type_name: str) -> None:
    case = case_for(type_name)
    config = config_for(type_name)
    source = source_types()[type_name]()
    source.check_config(config)
    first = source.parse(case.document, config)
    second = source.parse(case.document, config)
    assert all(isinstance(event, SignalEvent) for event in first)
    assert {event.kind for event in first} == case.kinds
    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == len(first), "ids are unique within a document"
    for event in first:
        assert event.source_name == "contract"
        assert event.source_type in {type_name, "webhook"}
        assert SignalEvent.model_validate_json(event.model_dump_json()) == event


# --------------------------------------------------------------------------- polling


@dataclass
class DocServer:
    base: str
    documents: dict[str, bytes]
    hits: dict[str, int]


@pytest.fixture
async def doc_server() -> AsyncIterator[DocServer]:
    state = DocServer(base="", documents={}, hits={})

    async def serve(request: web.Request) -> web.Response:
        path = request.path
        state.hits[path] = state.hits.get(path, 0) + 1
        if path not in state.documents:
            return web.Response(status=404, text="unknown")
        etag = f'"{hash(state.documents[path]) & 0xFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=state.documents[path], headers={"ETag": etag})

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield state
    await runner.cleanup()


class ToLoopback(httpx.AsyncBaseTransport):
    """Sends every request to the loopback server, whatever host the URL names."""

    def __init__(self, base: str):
        self._target = httpx.URL(base)
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self._target.scheme, host=self._target.host, port=self._target.port
        )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def _no_sleep(_: float) -> None:
    return None


def fetcher_for(client: httpx.AsyncClient) -> Fetcher:
    return Fetcher(client, user_agent="Contract Tests ops@example.com", sleep=_no_sleep)


POLLED_BY_URL = [t for t in TYPES if t not in {"webhook", "sec-atom"}]


@pytest.mark.parametrize("type_name", POLLED_BY_URL)
async def test_poll_fetches_parses_and_honours_304(type_name: str, doc_server: DocServer) -> None:
    case = case_for(type_name)
    doc_server.documents["/doc"] = case.document
    config = config_for(type_name, url=f"{doc_server.base}/doc")
    source = source_types()[type_name]()
    async with httpx.AsyncClient() as client:
        first = await source.poll(config, fetcher_for(client), SourceState(), now=NOW)
        assert first.state.etag and not first.not_modified
        restored = SourceState.from_json(first.state.to_json())
        assert restored == first.state
        second = await source.poll(config, fetcher_for(client), restored, now=NOW)
    assert second.not_modified and second.events == [] and second.state == restored
    assert doc_server.hits["/doc"] == 2
    if source.requires == "board":
        # The first poll of a board is its baseline: only recent executive roles are news.
        assert {e.kind for e in first.events} <= {SignalKind.EXECUTIVE_ROLE_OPENED}
        assert "snapshot" in first.state.cursor
    else:
        assert [e.id for e in first.events] == [e.id for e in source.parse(case.document, config)]


async def test_job_board_second_poll_reports_new_and_closed_postings(
    doc_server: DocServer,
) -> None:
    doc_server.documents["/board"] = GREENHOUSE
    config = config_for("greenhouse", url=f"{doc_server.base}/board")
    source = source_types()["greenhouse"]()
    async with httpx.AsyncClient() as client:
        first = await source.poll(config, fetcher_for(client), SourceState(), now=NOW)
        changed = json.loads(GREENHOUSE)
        changed["jobs"] = [changed["jobs"][1], {**changed["jobs"][0], "id": 103}]
        doc_server.documents["/board"] = json.dumps(changed).encode()
        state = SourceState.from_json(first.state.to_json())
        second = await source.poll(config, fetcher_for(client), state, now=NOW)
    kinds = sorted(e.kind.value for e in second.events)
    assert kinds == ["job_closed", "job_posting"]
    assert {e.job_id for e in second.events} == {"101", "103"}


async def test_unknown_board_is_a_clear_permanent_error(doc_server: DocServer) -> None:
    config = config_for("lever", url=f"{doc_server.base}/v0/postings/nope")
    async with httpx.AsyncClient() as client:
        with pytest.raises(FetchError, match="unknown lever board 'acme'") as caught:
            await source_types()["lever"]().poll(
                config, fetcher_for(client), SourceState(), now=NOW
            )
    assert not caught.value.retriable


def test_board_urls_are_built_from_the_board() -> None:
    types = source_types()
    assert types["greenhouse"]().url_for(config_for("greenhouse")) == (
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
    )
    assert types["lever"]().url_for(config_for("lever")).startswith("https://api.lever.co/v0/")
    eu = config_for("lever", options={"region": "eu"})
    assert types["lever"]().url_for(eu) == "https://api.eu.lever.co/v0/postings/acme?mode=json"
    assert (
        types["ashby"]()
        .url_for(config_for("ashby"))
        .startswith("https://api.ashbyhq.com/posting-api/job-board/acme")
    )


FORM_D_PATH = "/Archives/edgar/data/1999999/000199999926000001/primary_doc.xml"
EIGHT_K_PATH = "/Archives/edgar/data/1999999/000199999926000002/0001999999-26-000002.txt"


def _submission(document: bytes) -> bytes:
    return (
        b"<SEC-DOCUMENT>0001999999-26-000002.txt : 20260302\n<SEC-HEADER>\n"
        b"ACCESSION NUMBER:\t\t0001999999-26-000002\nCONFORMED SUBMISSION TYPE:\t8-K\n"
        b"FILED AS OF DATE:\t\t20260302\nFILER:\n\tCOMPANY DATA:\n"
        b"\t\tCOMPANY CONFORMED NAME:\t\t\tACME ROBOTICS, INC.\n"
        b"\t\tCENTRAL INDEX KEY:\t\t\t0001999999\n</SEC-HEADER>\n"
        b"<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>acme-8k.htm\n<TEXT>\n"
        + document
        + b"</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )


async def test_sec_atom_fetches_new_filings_once_and_bounds_the_work(
    doc_server: DocServer,
) -> None:
    doc_server.documents["/atom"] = EDGAR_ATOM
    doc_server.documents[FORM_D_PATH] = FORM_D
    doc_server.documents[EIGHT_K_PATH] = _submission(EIGHT_K)
    source = source_types()["sec-atom"]()
    config = config_for("sec-atom", url="https://www.sec.gov/atom")
    async with httpx.AsyncClient(transport=ToLoopback(doc_server.base)) as client:
        fetcher = fetcher_for(client)
        first = await source.poll(config, fetcher, SourceState(), now=NOW)
        kinds = sorted(e.kind.value for e in first.events)
        assert kinds == ["funding", "leadership_change"], first.errors
        assert first.errors == []
        assert first.state.cursor["seen"] == ["0001999999-26-000002", "0001999999-26-000001"]
        assert all(
            e.source_type == "sec-atom" and e.source_name == "contract" for e in first.events
        )
        assert {e.cik for e in first.events} == {"1999999"}

        # The feed changes (no 304 here: new ETag) but lists the same filings: nothing new.
        doc_server.documents["/atom"] = EDGAR_ATOM + b"\n"
        again = await source.poll(config, fetcher, first.state, now=NOW)
        assert again.events == [] and again.errors == []
    assert doc_server.hits[FORM_D_PATH] == 1 and doc_server.hits[EIGHT_K_PATH] == 1
    assert "/Archives/edgar/data/1666268" not in " ".join(doc_server.hits), "424B2 not wanted"


async def test_sec_atom_failures_are_per_filing_and_bounded(doc_server: DocServer) -> None:
    doc_server.documents["/atom"] = EDGAR_ATOM
    doc_server.documents[FORM_D_PATH] = b"<html>not a form d</html>"  # unreadable: skipped
    # the 8-K document is missing: 404, permanent, reported and not retried
    source = source_types()["sec-atom"]()
    config = config_for("sec-atom", url="https://www.sec.gov/atom", options={"max_filings": 1})
    async with httpx.AsyncClient(transport=ToLoopback(doc_server.base)) as client:
        fetcher = fetcher_for(client)
        first = await source.poll(config, fetcher, SourceState(), now=NOW)
        assert first.events == [] and len(first.errors) == 1  # one filing per poll
        doc_server.documents["/atom"] = EDGAR_ATOM + b"\n"
        second = await source.poll(config, fetcher, first.state, now=NOW)
    assert second.events == [] and len(second.errors) == 1
    assert sorted(str(e) for e in first.errors + second.errors)[0]
    assert set(second.state.cursor["seen"]) == {"0001999999-26-000001", "0001999999-26-000002"}


async def test_webhook_type_is_never_polled(doc_server: DocServer) -> None:
    source = source_types()["webhook"]()
    async with httpx.AsyncClient() as client:
        outcome = await source.poll(
            config_for("webhook"), fetcher_for(client), SourceState(), now=NOW
        )
    assert outcome.events == [] and doc_server.hits == {}


@pytest.mark.parametrize(
    ("type_name", "url", "token", "fetched"),
    [
        (
            "greenhouse",
            "http://127.0.0.1:18765/v1/boards/acme/jobs?content=true",
            "acme",
            "http://127.0.0.1:18765/v1/boards/acme/jobs?content=true",
        ),
        (
            "greenhouse",
            "https://boards.greenhouse.io/acme",
            "acme",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
        ),
        (
            "greenhouse",
            "https://job-boards.greenhouse.io/acme/",
            "acme",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
        ),
        (
            "greenhouse",
            "https://boards.greenhouse.io/embed/job_board?for=acme&b=https://acme.example",
            "acme",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
        ),
        (
            "lever",
            "https://api.lever.co/v0/postings/acme?mode=json",
            "acme",
            "https://api.lever.co/v0/postings/acme?mode=json",
        ),
        (
            "lever",
            "https://jobs.lever.co/acme",
            "acme",
            "https://api.lever.co/v0/postings/acme?mode=json",
        ),
        (
            "lever",
            "https://jobs.eu.lever.co/acme",
            "acme",
            "https://api.eu.lever.co/v0/postings/acme?mode=json",
        ),
        (
            "ashby",
            "http://127.0.0.1:9/posting-api/job-board/acme?includeCompensation=true",
            "acme",
            "http://127.0.0.1:9/posting-api/job-board/acme?includeCompensation=true",
        ),
        (
            "ashby",
            "https://jobs.ashbyhq.com/acme",
            "acme",
            "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true",
        ),
    ],
)
def test_board_token_comes_from_the_url_shape(
    type_name: str, url: str, token: str, fetched: str
) -> None:
    source = source_types()[type_name]()
    config = SourceConfig(name="by-url", type=type_name, url=url)
    source.check_config(config)
    assert source.board(config) == token
    assert source.url_for(config) == fetched


@pytest.mark.parametrize(("type_name", "document"), [("greenhouse", GREENHOUSE), ("lever", LEVER)])
def test_signals_of_a_board_given_by_url_carry_its_token(type_name: str, document: bytes) -> None:
    url = {
        "greenhouse": "http://127.0.0.1:18765/v1/boards/acme/jobs?content=true",
        "lever": "https://jobs.lever.co/acme",
    }[type_name]
    config = SourceConfig(name="by-url", type=type_name, url=url)
    events = source_types()[type_name]().parse(document, config)
    assert events and {e.ats_board for e in events} == {f"{type_name}:acme"}


def test_board_wins_over_a_url_of_another_shape() -> None:
    source = source_types()["ashby"]()
    mirror = "http://127.0.0.1:18765/ashby/acme.json"
    config = SourceConfig(name="mirror", type="ashby", url=mirror, board="acme")
    source.check_config(config)
    assert source.board(config) == "acme" and source.url_for(config) == mirror
    assert {e.ats_board for e in source.parse(ASHBY, config)} == {"ashby:acme"}


@pytest.mark.parametrize(
    ("type_name", "url", "board", "reason"),
    [
        ("greenhouse", "http://127.0.0.1:18765/gh/acme.json", None, "set board"),
        ("greenhouse", "http://127.0.0.1:18765/v1/boards/acme/jobs/7001", None, "set board"),
        ("lever", "https://api.lever.co/v0/postings/acme/5ac2-11", None, "set board"),
        ("ashby", "https://api.ashbyhq.com/posting-api/job-board/", None, "set board"),
        ("greenhouse", "https://boards.greenhouse.io/acme/jobs/101", "acme", "posting's page"),
        ("lever", "https://jobs.lever.co/", "acme", "board page"),
        ("greenhouse", "https://boards-api.greenhouse.io/v1/boards/globex/jobs", "acme", "globex"),
        ("ashby", "https://jobs.ashbyhq.com/globex", "acme", "but board is 'acme'"),
    ],
)
def test_board_url_of_unknown_shape_or_another_board_is_refused(
    type_name: str, url: str, board: str | None, reason: str
) -> None:
    config = SourceConfig(name="by-url", type=type_name, url=url, board=board)
    with pytest.raises(InvalidSourceKey, match=reason) as caught:
        source_types()[type_name]().check_config(config)
    assert caught.value.key == "url"
