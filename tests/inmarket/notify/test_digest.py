from __future__ import annotations

from datetime import date, timedelta

from inmarket.notify.digest import build_digest
from tests.inmarket.notify.conftest import CREATED, make_alert


def test_digest_collapses_accounts_and_sorts_by_score() -> None:
    alerts = [
        make_alert(account_id="a", account_name="Alpha", score=65, alert_id="a1"),
        make_alert(
            account_id="a",
            account_name="Alpha",
            score=90,
            alert_id="a2",
            created_at=CREATED + timedelta(hours=2),
        ),
        make_alert(account_id="b", account_name="Beta <!here> & Co", score=70, alert_id="b1"),
    ]
    message = build_digest(
        "dana@seller.example", alerts, date(2026, 11, 2), sender="inmarket@seller.example"
    )
    assert message["Subject"] == "inmarket digest 2026-11-02: 2 accounts in market"
    assert message["To"] == "dana@seller.example"
    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None and html_part is not None
    text = text_part.get_content()
    assert text.index("Alpha") < text.index("Beta")
    assert "score 41 → 90" in text and "65" not in text
    html = html_part.get_content()
    assert "Beta &lt;!here&gt; &amp; Co" in html and "<!here>" not in html


def test_single_account_wording() -> None:
    message = build_digest("o@x.io", [make_alert()], date(2026, 11, 2), sender="s@x.io")
    assert message["Subject"].endswith("1 account in market")
