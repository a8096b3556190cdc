from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inmarket.notify.escape import (
    html_link,
    html_text,
    html_url,
    safe_url,
    slack_link,
    slack_mrkdwn,
    slack_plain,
    slack_url,
)

BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<!channel> Acme", "&lt;!channel&gt; Acme"),
        ("<!here|here> Acme", "&lt;!here|here&gt; Acme"),
        ("<!everyone>", "&lt;!everyone&gt;"),
        ("<@U024BE7LH> pinged", "&lt;@U024BE7LH&gt; pinged"),
        ("<http://evil.com|Acme>", "&lt;http://evil.com|Acme&gt;"),
        ("Tom & Jerry <script>", "Tom &amp; Jerry &lt;script&gt;"),
        ("Société Générale 株式会社 🚀", "Société Générale 株式会社 🚀"),
        ("already &lt;!channel&gt;", "already &amp;lt;!channel&amp;gt;"),
        ("line\nbreak\ttab", "line break tab"),
    ],
)
def test_slack_mrkdwn_neutralises_control_sequences(raw: str, expected: str) -> None:
    assert slack_mrkdwn(raw) == expected


@pytest.mark.parametrize("word", ["@here", "@channel", "@everyone", "@HERE hi"])
def test_bare_broadcasts_are_broken_up(word: str) -> None:
    assert not BROADCAST.search(slack_mrkdwn(word))
    assert not BROADCAST.search(slack_plain(word))


def test_bidi_overrides_are_dropped() -> None:
    assert slack_mrkdwn("moc.knab\u202e") == "moc.knab"


def test_long_text_is_cut_with_ellipsis() -> None:
    assert slack_mrkdwn("a" * 50, limit=10) == "a" * 9 + "…"


def test_slack_plain_breaks_control_sequences_but_keeps_ampersand() -> None:
    out = slack_plain("<!channel> Tom & Jerry <http://x.io|y>")
    assert "<!" not in out and "<http" not in out
    assert "Tom & Jerry" in out


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://files.example/x",
        "http:///no-host",
        "//news.example/x",
        "https://news.example/\nx",
        "https://bank.example@evil.example/login",
        "https://user:pw@news.example/",
        "",
        None,
    ],
)
def test_unsafe_urls_are_rejected(url: str | None) -> None:
    assert safe_url(url) is None
    assert slack_url(url) is None
    assert html_url(url) is None


def test_url_characters_that_end_a_link_are_encoded() -> None:
    assert slack_url("https://x.io/a?b=1&c=<2>|x") == "https://x.io/a?b=1&amp;c=%3C2%3E%7Cx"
    assert html_url('https://x.io/"onmouseover="x') == "https://x.io/%22onmouseover=%22x"


def test_links_fall_back_to_label_for_unsafe_urls() -> None:
    assert slack_link("javascript:x", "<!here>") == "&lt;!here&gt;"
    assert slack_link("https://ok.io", "Acme|Bank") == "<https://ok.io|Acme|Bank>"
    assert html_link("javascript:x", "<b>") == "&lt;b&gt;"
    assert html_link("https://ok.io", "A&B") == '<a href="https://ok.io">A&amp;B</a>'


def test_html_text_escapes_quotes() -> None:
    assert html_text("\"x\" <img src=x onerror=alert(1)> 'y'") == (
        "&quot;x&quot; &lt;img src=x onerror=alert(1)&gt; &#x27;y&#x27;"
    )


@given(st.text())
def test_mrkdwn_never_contains_control_sequences(text: str) -> None:
    out = slack_mrkdwn(text)
    assert "<" not in out and ">" not in out
    assert "<!" not in out and "<http" not in out and "<@" not in out
    assert not BROADCAST.search(out)
    # Every & starts one of the entities we wrote.
    assert re.sub(r"&(amp|lt|gt);", "", out).count("&") == 0


@given(st.text(alphabet=st.sampled_from(list("<!@#&>|hertpsc:/ .aUW1")), max_size=40))
def test_mrkdwn_on_adversarial_alphabet(text: str) -> None:
    out = slack_mrkdwn(text)
    assert "<" not in out
    assert not BROADCAST.search(out)


@given(st.text())
def test_plain_never_contains_control_sequences(text: str) -> None:
    out = slack_plain(text).lower()
    assert "<!" not in out and "<http" not in out and "<@" not in out and "<#" not in out
    assert not BROADCAST.search(out)


@given(st.text())
def test_link_label_never_breaks_out(text: str) -> None:
    out = slack_link("https://ok.io/x", text)
    assert out.startswith("<https://ok.io/x|") and out.endswith(">")
    assert "<" not in out[1:-1] and ">" not in out[1:-1]


@given(st.text())
def test_html_text_has_no_markup(text: str) -> None:
    out = html_text(text)
    assert "<" not in out and ">" not in out and '"' not in out


@given(st.text(max_size=200))
def test_safe_url_only_http(text: str) -> None:
    out = safe_url(text)
    if out is not None:
        assert out.lower().startswith(("http://", "https://"))
        assert not any(c in out for c in "<>|\" '")
