from __future__ import annotations

import json
import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from inmarket.notify.slack import build_slack_message
from signals.events import SignalContribution, SignalKind
from tests.inmarket.notify.conftest import CREATED, make_alert

BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


def _all_text(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_message_has_header_scores_signals_reasons_and_owner() -> None:
    message = build_slack_message(make_alert())
    blocks = message["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Acme Analytics · Tier 1 · fit 82"},
    }
    fields = [f["text"] for f in blocks[1]["fields"]]
    assert "*In-market score*\n41 → 72" in fields
    assert "*Tier*\nTier 3 → Tier 1" in fields
    assert "*Owner*\n<@U024BE7LH>" in fields
    why = blocks[2]["text"]["text"]
    assert why.startswith("*Why now*\n")
    assert (
        "• *Funding* · <https://news.example/acme-series-b|Acme Analytics raises $40M Series B>"
        " · rss: TechWire · 3 days ago · matched by domain, 97%" in why
    )
    assert "*Executive role opened*" in why and "5 hours ago" in why and "job board, 100%" in why
    assert "• uses Snowflake" in blocks[3]["text"]["text"]
    assert "<@U024BE7LH>" in message["text"] and "Acme Analytics is in market" in message["text"]


def test_rendering_is_deterministic_and_ignores_wall_clock() -> None:
    assert build_slack_message(make_alert()) == build_slack_message(make_alert())


def test_first_alert_shows_new_score() -> None:
    message = build_slack_message(make_alert(previous_score=None, previous_tier=None))
    fields = [f["text"] for f in message["blocks"][1]["fields"]]
    assert "*In-market score*\n72 (new)" in fields
    assert "*Tier*\nTier 1" in fields


def test_hostile_text_cannot_ping_or_masquerade() -> None:
    hostile = SignalContribution(
        signal_id="s",
        kind=SignalKind.FUNDING,
        title="<!channel> <http://evil.example|Your Bank> @here <@U999>",
        url="javascript:alert(1)",
        source_type="rss",
        source_name="<!everyone>",
        occurred_at=CREATED,
        points=10,
    )
    alert = make_alert(
        account_name="<!channel> Acme @everyone",
        account_domain="<http://evil.example|acme.io>",
        why_now=(hostile,),
        fit_reasons=("<!here>",),
        owner_slack_id="U123> <!channel",
        owner_email="<!here>@x.io",
    )
    text = _all_text(build_slack_message(alert))
    for needle in ("<!", "<http://evil", "<@U999", "javascript:", "@here", "@everyone"):
        assert needle not in text


def test_invalid_owner_id_is_not_mentioned() -> None:
    message = build_slack_message(make_alert(owner_slack_id="not-an-id"))
    assert "<@" not in _all_text(message)
    assert "dana@seller.example" in _all_text(message)


def test_many_signals_stay_within_slack_limits() -> None:
    signals = tuple(
        SignalContribution(
            signal_id=f"s{i}",
            kind=SignalKind.JOB_POSTING,
            title="Senior Data Engineer " * 20,
            url=f"https://jobs.example/{i}",
            source_type="lever",
            occurred_at=CREATED - timedelta(days=i),
            points=1,
        )
        for i in range(40)
    )
    message = build_slack_message(make_alert(why_now=signals))
    why = message["blocks"][2]["text"]["text"]
    assert len(why) <= 3000
    assert "more_" in why
    assert len(message["blocks"][0]["text"]["text"]) <= 150
    assert len(message["blocks"]) <= 50


_text = st.text(max_size=300) | st.text(alphabet="<>!@|&#:/ahtpsecnlrvyoUW1 ", max_size=60)


@given(name=_text, title=_text, source=_text, reason=_text, domain=_text, url=_text)
def test_no_untrusted_input_survives_as_slack_markup(
    name: str, title: str, source: str, reason: str, domain: str, url: str
) -> None:
    contribution = (
        make_alert()
        .why_now[0]
        .model_copy(update={"title": title, "source_name": source, "url": url})
    )
    alert = make_alert(
        account_name=name,
        account_domain=domain,
        why_now=(contribution,),
        fit_reasons=(reason,),
        owner_slack_id="U024BE7LH",
    )
    message = build_slack_message(alert)
    header = message["blocks"][0]["text"]["text"].lower()
    assert not re.search(r"<[!@#]|<https?:", header) and not BROADCAST.search(header)
    texts = [message["text"]]
    texts += [f["text"] for f in message["blocks"][1]["fields"]]
    texts += [b["text"]["text"] for b in message["blocks"][2:-1]]
    texts += [message["blocks"][-1]["elements"][0]["text"]]
    for text in texts:
        # The only control sequences left are the owner mention and http(s) links we built.
        for opening in re.findall(r"<([^>]*)>?", text):
            assert opening == "@U024BE7LH" or re.match(r"https?://[^\s<>|]+\|[^<>]*$", opening)
        assert not BROADCAST.search(re.sub(r"<https?://[^|]*\|", "<", text))
    assert len(message["blocks"][0]["text"]["text"]) <= 150
