"""The sources file: loading, errors that name file/source/key/line, atomic edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.config import (
    SourceConfig,
    add_source,
    load_sources,
    parse_sources,
    remove_source,
    save_sources,
)
from signals.errors import SourceConfigError
from signals.events import SignalKind

FIXTURES = Path(__file__).parent / "fixtures"


def test_valid_file_loads_every_field() -> None:
    sources = load_sources(FIXTURES / "cfg_valid.toml")
    assert [s.name for s in sources] == ["techcrunch-venture", "edgar-form-d", "acme-jobs"]
    news, edgar, jobs = sources
    assert news.kind is SignalKind.FUNDING and news.poll_interval_seconds == 600
    assert edgar.options == {"max_filings": 10, "forms": "D,D/A"}
    assert edgar.poll_interval_seconds == 900 and edgar.enabled
    assert jobs.board == "acme" and not jobs.enabled
    assert jobs.options == {"region": "eu", "company_name": "Acme Inc."}


def test_missing_file_means_no_sources(tmp_path: Path) -> None:
    assert load_sources(tmp_path / "absent.toml") == []


@pytest.mark.parametrize(
    ("fixture", "line", "words"),
    [
        ("cfg_unknown_key.toml", 10, ["source #2 'typo'", "'poll_intervall_seconds'", "unknown"]),
        ("cfg_unknown_type.toml", 3, ["'blog'", "'type'", "'rss2'", "rss, "]),
        ("cfg_duplicate_name.toml", 7, ["source #2 'news'", "duplicate", "#1"]),
        ("cfg_bad_toml.toml", 4, ["invalid TOML"]),
    ],
)
def test_errors_name_file_source_key_and_line(fixture: str, line: int, words: list[str]) -> None:
    path = FIXTURES / fixture
    with pytest.raises(SourceConfigError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    for word in words:
        assert word in message
    assert not caught.value.retriable


def test_unknown_type_lists_known_types() -> None:
    with pytest.raises(SourceConfigError, match=r"known: .*greenhouse.*sec-atom"):
        load_sources(FIXTURES / "cfg_unknown_type.toml")


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [
        ('name = "Bad Name"\ntype = "rss"\nurl = "https://x.example/"', "name", 2),
        ('name = "a"\ntype = "rss"\nurl = "ftp://x.example/"', "url", 4),
        ('name = "a"\ntype = "rss"\nurl = "https://x/"\npoll_interval_seconds = 5', "poll", 5),
        ('name = "a"\ntype = "rss"\nurl = "https://x/"\nkind = "gossip"', "kind", 5),
        ('name = "a"\ntype = "rss"\nurl = "https://x/"\noptions = { a = [1] }', "options", 5),
        ('name = "a"\ntype = "rss"', "url", 1),
        ('name = "a"\ntype = "greenhouse"', "board", 1),
        ('name = "a"\ntype = "greenhouse"\nboard = "a/b"', "board", 4),
        (
            'name = "a"\ntype = "lever"\nboard = "x"\noptions = { region = "us" }',
            "options.region",
            5,
        ),
        (
            'name = "a"\ntype = "sec-atom"\nurl = "https://x/"\noptions = {max_filings=0}',
            "options.max",
            5,
        ),
        ('type = "rss"\nurl = "https://x/"', "name", 1),
    ],
)
def test_field_errors(body: str, key: str, line: int) -> None:
    text = "[[source]]\n" + body + "\n"
    with pytest.raises(SourceConfigError) as caught:
        parse_sources(text, path="sources.toml")
    message = str(caught.value)
    assert message.startswith(f"sources.toml:{line}: source #1")
    assert f"key '{key}" in message


def test_top_level_keys_other_than_source_are_refused() -> None:
    with pytest.raises(SourceConfigError, match="unknown top-level key 'sources'"):
        parse_sources('[[sources]]\nname = "a"\n')


def test_known_types_can_be_given_without_the_registry() -> None:
    text = '[[source]]\nname = "a"\ntype = "custom"\nurl = "https://x/"\n'
    assert parse_sources(text, known_types={"custom"})[0].type == "custom"


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    sources = load_sources(FIXTURES / "cfg_valid.toml")
    save_sources(path, sources)
    assert load_sources(path) == sources
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was replaced, not left"


def test_save_refuses_an_invalid_set_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text("# mine\n")
    twice = [SourceConfig(name="a", type="rss", url="https://x/")] * 2
    with pytest.raises(SourceConfigError, match="duplicate"):
        save_sources(path, twice)
    assert path.read_text() == "# mine\n"


def test_add_and_remove_keep_comments_and_other_sources(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text((FIXTURES / "cfg_valid.toml").read_text())
    new = SourceConfig(name="ashby-co", type="ashby", board="co", poll_interval_seconds=60)
    names = [s.name for s in add_source(path, new)]
    assert names == ["techcrunch-venture", "edgar-form-d", "acme-jobs", "ashby-co"]
    assert "# Sources for the config tests." in path.read_text()

    left = remove_source(path, "edgar-form-d")
    assert [s.name for s in left] == ["techcrunch-venture", "acme-jobs", "ashby-co"]
    text = path.read_text()
    assert "# SEC latest Form D filings" not in text  # its own comment went with it
    assert "# Sources for the config tests." in text
    assert load_sources(path) == left

    remove_source(path, "acme-jobs")  # a table with a [source.options] subtable
    assert [s.name for s in load_sources(path)] == ["techcrunch-venture", "ashby-co"]
    assert "region" not in path.read_text()


def test_add_creates_the_file_and_refuses_a_taken_name(tmp_path: Path) -> None:
    path = tmp_path / "new" / "sources.toml"
    first = SourceConfig(name="a", type="rss", url="https://x/")
    add_source(path, first)
    assert load_sources(path) == [first]
    with pytest.raises(SourceConfigError, match="already exists"):
        add_source(path, first)


def test_add_validates_against_the_type(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    with pytest.raises(SourceConfigError, match="needs a board"):
        add_source(path, SourceConfig(name="g", type="greenhouse"))
    assert not path.exists()


def test_remove_unknown_name_lists_the_names(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    add_source(path, SourceConfig(name="a", type="rss", url="https://x/"))
    with pytest.raises(SourceConfigError, match=r"no source named 'b' \(have: a\)"):
        remove_source(path, "b")


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_option = st.one_of(
    _text, st.integers(-(10**12), 10**12), st.booleans(), st.floats(allow_nan=False)
)


@settings(max_examples=60, deadline=None)
@given(
    url_tail=_text,
    options=st.dictionaries(_text.filter(bool), _option, max_size=4),
    interval=st.integers(10, 10**6),
)
def test_render_round_trips_any_values(
    url_tail: str, options: dict[str, object], interval: int
) -> None:
    from signals.config import render_sources

    config = SourceConfig.model_validate(
        {
            "name": "s",
            "type": "rss",
            "url": "https://example.com/" + url_tail,
            "poll_interval_seconds": interval,
            "options": options,
        }
    )
    assert parse_sources(render_sources([config])) == [config]


def test_option_error_points_at_the_option_line_in_a_subtable() -> None:
    text = (
        '[[source]]\nname = "a"\ntype = "lever"\nboard = "x"\n\n'
        '[source.options]\ncompany_name = "X"\nregion = "mars"\n'
    )
    with pytest.raises(SourceConfigError, match=r"^s.toml:8: .*key 'options.region'"):
        parse_sources(text, path="s.toml")


_toml_lines = st.lists(
    st.sampled_from(
        [
            "[[source]]",
            "[source.options]",
            "[other]",
            'name = "a"',
            'name = "b"',
            "name = 3",
            'type = "rss"',
            'type = "greenhouse"',
            'url = "https://x.example/"',
            'board = "acme"',
            "poll_interval_seconds = 1",
            "enabled = maybe",
            'region = "eu"',
            "options = { x = [1] }",
            "# comment",
            "",
            'url = "',
        ]
    ),
    max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(_toml_lines)
def test_any_text_loads_or_raises_source_config_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        sources = parse_sources(text, path="p.toml")
    except SourceConfigError as exc:
        assert str(exc).startswith("p.toml")
        return
    assert len({s.name for s in sources}) == len(sources)


def test_job_board_url_of_unknown_shape_names_the_source_and_asks_for_board() -> None:
    text = (
        '[[source]]\nname = "news"\ntype = "rss"\nurl = "https://n.example/feed"\n\n'
        '[[source]]\nname = "acme-gh-url"\ntype = "greenhouse"\n'
        'url = "http://127.0.0.1:18765/gh/acme.json"\n'
    )
    with pytest.raises(SourceConfigError) as caught:
        parse_sources(text, path="sources.toml")
    message = str(caught.value)
    assert message.startswith("sources.toml:9: source #2 'acme-gh-url': key 'url': ")
    assert message.endswith("set board")


def test_job_board_with_url_and_board_loads() -> None:
    text = (
        '[[source]]\nname = "acme-gh"\ntype = "greenhouse"\n'
        'url = "http://127.0.0.1:18765/gh/acme.json"\nboard = "acme"\n'
    )
    (source,) = parse_sources(text, path="sources.toml")
    assert (source.url, source.board) == ("http://127.0.0.1:18765/gh/acme.json", "acme")


def test_job_board_url_naming_another_board_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    url = "https://api.lever.co/v0/postings/globex?mode=json"
    with pytest.raises(SourceConfigError, match=r"'globex', but board is 'acme'"):
        add_source(path, SourceConfig(name="acme", type="lever", url=url, board="acme"))
    assert not path.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "is a directory"), (b"\xff\xfen\x00", "not valid UTF-8 at byte 0")],
)
def test_add_and_remove_name_an_unreadable_sources_file(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "sources.toml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    config = SourceConfig(name="news", type="rss", url="https://example.com/feed")
    for call in (lambda: add_source(path, config), lambda: remove_source(path, "news")):
        with pytest.raises(SourceConfigError, match=f"cannot read: {reason}"):
            call()
