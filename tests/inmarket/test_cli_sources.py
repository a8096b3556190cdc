"""``inmarket sources ...`` and ``inmarket signals parse`` through the real command line."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from inmarket import cli_sources
from signals.config import SourceConfig, load_sources
from tests.signals.test_source_contract import EDGAR_ATOM, GREENHOUSE, RSS

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """inmarket"""

    cli_sources.register(root)
    return root


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointed at a temporary directory; returns the sources file path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inmarket.toml").write_text("", encoding="utf-8")  # no settings from a file
    monkeypatch.setenv("INMARKET_CONFIG", str(tmp_path / "inmarket.toml"))
    monkeypatch.setenv("INMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'inmarket.db'}")
    monkeypatch.setenv("INMARKET_USER_AGENT", "CLI Tests ops@example.com")
    sources = tmp_path / "sources.toml"
    monkeypatch.setenv("INMARKET_SOURCES_FILE", str(sources))
    return sources


def test_types_lists_every_type(app: typer.Typer) -> None:
    result = runner.invoke(app, ["sources", "types"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"rss", "sec-atom", "greenhouse", "lever", "ashby", "webhook"} <= set(names)


def test_add_list_remove(app: typer.Typer, env: Path) -> None:
    added = runner.invoke(
        app, ["sources", "add", "news", "--type", "rss", "--url", "https://news.example/feed"]
    )
    assert added.exit_code == 0, added.stderr
    board = ["sources", "add", "jobs", "--type", "lever", "--board", "acme", "--interval", "60"]
    assert runner.invoke(app, [*board, "--option", "region=eu", "--disabled"]).exit_code == 0
    (news, jobs) = load_sources(env)
    assert jobs.options == {"region": "eu"} and not jobs.enabled
    assert news.url == "https://news.example/feed"

    listed = runner.invoke(app, ["sources", "list", "--json"])
    assert listed.exit_code == 0
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["name"], r["target"], r["last_success"]) for r in rows] == [
        ("news", "https://news.example/feed", "-"),
        ("jobs", "board acme", "-"),
    ]
    assert not (env.parent / "inmarket.db").exists(), "listing does not create a database"

    assert runner.invoke(app, ["sources", "remove", "news"]).exit_code == 0
    assert [s.name for s in load_sources(env)] == ["jobs"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x", "--type", "nope", "--url", "https://x/"], "unknown source type 'nope'"),
        (["add", "x", "--type", "greenhouse"], "needs a board"),
        (["add", "X Y", "--type", "rss", "--url", "https://x/"], "must be a slug"),
        (["add", "x", "--type", "rss", "--url", "https://x/", "--board", "b"], "not both"),
        (["remove", "ghost"], "no source named 'ghost'"),
        (["test", "ghost"], "no source named 'ghost'"),
    ],
)
def test_bad_requests_fail_with_one_line(
    app: typer.Typer, env: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["sources", *args])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_list_shows_health_from_the_store(app: typer.Typer, env: Path) -> None:
    from inmarket.store.db import Store

    runner.invoke(app, ["sources", "add", "news", "--type", "rss", "--url", "https://n.example/"])
    runner.invoke(app, ["sources", "add", "jobs", "--type", "ashby", "--board", "acme"])

    async def record() -> None:
        store = Store.open(f"sqlite:///{env.parent / 'inmarket.db'}")
        await store.migrate()
        await store.record_poll("news", ok=True)
        await store.record_poll("news", ok=False, error="n.example: HTTP 503 (gave up)")
        await store.record_poll("news", ok=False, error="n.example: HTTP 503 (gave up)")
        await store.close()

    asyncio.run(record())
    result = runner.invoke(app, ["sources", "list", "--json"])
    assert result.exit_code == 0, result.stderr
    rows = {row["name"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows["news"]["failures"] == 2 and "HTTP 503" in rows["news"]["last_error"]
    assert rows["news"]["last_success"].endswith("ago")
    assert rows["news"]["last_success_at"].startswith("20")
    assert rows["jobs"]["last_success"] == "never" and rows["jobs"]["failures"] == 0
    assert rows["jobs"]["last_success_at"] is None
    table = runner.invoke(app, ["sources", "list"])
    assert "news" in table.stdout and "fails" in table.stdout


class _Documents(BaseHTTPRequestHandler):
    documents: dict[str, bytes] = {}
    agents: list[str] = []

    def do_GET(self) -> None:
        self.agents.append(self.headers.get("User-Agent", ""))
        body = self.documents.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Documents)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_sources_test_polls_once_and_prints_json_lines(
    app: typer.Typer, env: Path, http_base: str
) -> None:
    _Documents.documents = {"/feed": RSS, "/v1/boards/acme/jobs?content=true": GREENHOUSE}
    runner.invoke(app, ["sources", "add", "news", "--type", "rss", "--url", f"{http_base}/feed"])
    board_url = f"{http_base}/v1/boards/acme/jobs?content=true"
    runner.invoke(app, ["sources", "add", "jobs", "--type", "greenhouse", "--url", board_url])
    runner.invoke(app, ["sources", "add", "gone", "--type", "rss", "--url", f"{http_base}/x"])

    result = runner.invoke(app, ["sources", "test", "news"])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    event = json.loads(line)
    assert event["kind"] == "funding" and event["source_name"] == "news"
    assert "news: 1 signal, 0 items skipped" in result.stderr
    assert _Documents.agents[-1] == "CLI Tests ops@example.com"

    jobs = runner.invoke(app, ["sources", "test", "jobs"])
    assert jobs.exit_code == 0 and "baseline of 2 open postings" in jobs.stderr
    assert "would record" in jobs.stderr and "nothing was stored" in jobs.stderr
    assert " recorded" not in jobs.stderr, "a test poll records nothing"

    gone = runner.invoke(app, ["sources", "test", "gone"])
    assert gone.exit_code == 1 and "HTTP 404" in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1
    assert not (env.parent / "inmarket.db").exists(), "a test poll stores nothing"


def test_job_board_url_gives_the_board_token_of_its_api_path(
    app: typer.Typer, env: Path, http_base: str
) -> None:
    board = json.loads(GREENHOUSE)
    board["jobs"][1]["first_published"] = datetime.now(UTC).isoformat()  # a new VP role
    _Documents.documents = {"/v1/boards/acme/jobs?content=true": json.dumps(board).encode()}
    url = f"{http_base}/v1/boards/acme/jobs?content=true"
    args = ["sources", "add", "acme-gh-url", "--type", "greenhouse", "--url", url]
    added = runner.invoke(app, args)
    assert added.exit_code == 0, added.stderr

    result = runner.invoke(app, ["sources", "test", "acme-gh-url"])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    event = json.loads(line)
    assert event["kind"] == "executive_role_opened"
    assert event["ats_board"] == "greenhouse:acme"


def test_add_job_board_with_url_and_board(app: typer.Typer, env: Path) -> None:
    mirror = "https://mirror.example/gh/acme.json"
    args = ["sources", "add", "acme-jobs", "--type", "greenhouse", "--url", mirror]
    added = runner.invoke(app, [*args, "--board", "acme"])
    assert added.exit_code == 0, added.stderr
    (jobs,) = load_sources(env)
    assert (jobs.url, jobs.board) == (mirror, "acme")


def test_add_job_board_url_of_unknown_shape_asks_for_board(app: typer.Typer, env: Path) -> None:
    args = ["sources", "add", "acme-gh-url", "--type", "greenhouse"]
    result = runner.invoke(app, [*args, "--url", "https://mirror.example/gh/acme.json"])
    assert result.exit_code == 2
    assert "'acme-gh-url'" in result.stderr and "set board" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not env.exists()


def test_add_and_remove_count_sources_in_words(app: typer.Typer, env: Path) -> None:
    added = runner.invoke(
        app, ["sources", "add", "techcrunch", "--type", "rss", "--url", "https://t.example/f"]
    )
    assert "(1 source)" in added.stderr
    runner.invoke(app, ["sources", "add", "jobs", "--type", "ashby", "--board", "acme"])
    assert "(1 source left)" in runner.invoke(app, ["sources", "remove", "jobs"]).stderr
    assert "(0 sources left)" in runner.invoke(app, ["sources", "remove", "techcrunch"]).stderr


LONG_NAME = "acme-robotics-greenhouse-careers-board-emea"
HEADER_WORDS = ("name", "type", "url/board", "every", "on", "last", "ok", "fails", "last", "error")


def _add_long_sources(app: typer.Typer) -> None:
    feed = "https://techcrunch.com/category/venture/feed/?utm_source=inmarket&utm_medium=rss"
    runner.invoke(app, ["sources", "add", "techcrunch", "--type", "rss", "--url", feed])
    runner.invoke(app, ["sources", "add", LONG_NAME, "--type", "greenhouse", "--board", "acme"])


def test_list_piped_prints_whole_columns(app: typer.Typer, env: Path) -> None:
    _add_long_sources(app)
    result = runner.invoke(app, ["sources", "list"])
    assert result.exit_code == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert header.split()[:3] == ["name", "type", "url/board"] and "fails" in header
    assert [line.split()[0] for line in lines] == ["techcrunch", LONG_NAME]
    assert "utm_medium=rss" in lines[0] and "…" not in result.stdout
    assert lines[1].split()[1:6] == ["greenhouse", "board", "acme", "900s", "yes"]


def _list_in_terminal(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    screen = StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80, highlight=False, soft_wrap=True)
    monkeypatch.setattr(cli_sources, "out", terminal)
    result = runner.invoke(app, ["sources", "list"])
    assert result.exit_code == 0, result.stderr
    return screen.getvalue().splitlines()


def test_list_in_a_narrow_terminal_shortens_urls_to_fit(
    app: typer.Typer, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = "https://techcrunch.com/category/venture/feed/?utm_source=inmarket&utm_medium=rss"
    runner.invoke(app, ["sources", "add", "techcrunch", "--type", "rss", "--url", feed])
    runner.invoke(app, ["sources", "add", "acme-jobs", "--type", "greenhouse", "--board", "acme"])
    header, *lines = _list_in_terminal(app, monkeypatch)
    assert header.split() == [*HEADER_WORDS]
    assert all(len(line) <= 80 for line in [header, *lines])
    assert [line.split()[0] for line in lines] == ["techcrunch", "acme-jobs"]
    assert lines[0].startswith("techcrunch  rss  ") and "https://te" in lines[0]
    assert "…" in lines[0] and lines[0].split()[3:5] == ["900s", "yes"]


def test_list_in_a_narrow_terminal_never_cuts_names_or_drops_columns(
    app: typer.Typer, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_long_sources(app)
    header, *lines = _list_in_terminal(app, monkeypatch)
    assert header.split() == [*HEADER_WORDS]
    assert [line.split()[0] for line in lines] == ["techcrunch", LONG_NAME]
    assert lines[0].split()[3:5] == ["900s", "yes"]
    assert lines[1].split()[1:6] == ["greenhouse", "board", "acme", "900s", "yes"]


def test_list_json_numbers_are_numbers(app: typer.Typer, env: Path) -> None:
    runner.invoke(app, ["sources", "add", "jobs", "--type", "lever", "--board", "acme"])
    result = runner.invoke(app, ["sources", "list", "--json"])
    (row,) = map(json.loads, result.stdout.splitlines())
    assert row["interval_seconds"] == 900 and row["enabled"] is True
    assert row["failures"] is None, "no store: no failure count"
    assert (row["url"], row["board"], row["target"]) == (None, "acme", "board acme")


def test_table_lines_shorten_urls_no_further_than_the_minimum() -> None:
    name = "a-very-long-source-name-that-is-wider-than-the-terminal-itself"
    source = SourceConfig(name=name, type="rss", url="https://news.example/" + "x" * 60)
    rows = cli_sources.source_rows([source], None, now=datetime.now(UTC))
    (_, line) = cli_sources.table_lines(rows, width=20)
    assert line.split()[:2] == [name, "rss"]
    assert len(line.split()[2]) == cli_sources.MIN_SHORTENED
    (_, whole) = cli_sources.table_lines(rows, width=None)
    assert whole.split()[2] == source.url


def test_signals_parse_prints_signals(app: typer.Typer, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS)
    result = runner.invoke(app, ["signals", "parse", "--source-type", "rss", str(feed)])
    assert result.exit_code == 0, result.stderr
    (event,) = map(json.loads, result.stdout.splitlines())
    for key in ("id", "kind", "source_type", "company_name", "company_domain", "cik"):
        assert key in event
    assert event["amount"] == 20_000_000 and event["source_type"] == "rss"


def test_signals_parse_job_board_lists_every_posting(app: typer.Typer, tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board.write_bytes(GREENHOUSE)
    args = ["signals", "parse", "--source-type", "greenhouse", "--board", "acme", str(board)]
    result = runner.invoke(app, args)
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert sorted(kinds) == ["executive_role_opened", "job_posting", "job_posting"]


def test_signals_parse_sec_atom_prints_filings(app: typer.Typer, tmp_path: Path) -> None:
    atom = tmp_path / "atom.xml"
    atom.write_bytes(EDGAR_ATOM)
    result = runner.invoke(app, ["signals", "parse", "--source-type", "sec-atom", str(atom)])
    assert result.exit_code == 0
    filings = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["form_type"] for f in filings] == ["D", "8-K", "424B2"]
    assert filings[0]["primary_doc_url"].endswith("/000199999926000001/primary_doc.xml")


def test_signals_parse_without_signals_is_quiet_success(app: typer.Typer, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS.replace(b"raises $20M Series B", b"opens an office"))
    result = runner.invoke(app, ["signals", "parse", "--source-type", "rss", str(feed)])
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("content", "exit_code", "message"),
    [
        (b"<html><body>not a feed</body></html>", 1, "not a feed"),
        (None, 1, "cannot read"),
    ],
)
def test_signals_parse_unreadable_document_is_one_line_error(
    app: typer.Typer, tmp_path: Path, content: bytes | None, exit_code: int, message: str
) -> None:
    path = tmp_path / "doc.xml"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["signals", "parse", "--source-type", "rss", str(path)])
    assert result.exit_code == exit_code and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_signals_parse_unknown_type_is_a_usage_error(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "doc"
    path.write_bytes(b"x")
    result = runner.invoke(app, ["signals", "parse", "--source-type", "nope", str(path)])
    assert result.exit_code == 2 and "known: " in result.stderr
