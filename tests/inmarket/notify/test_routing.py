from __future__ import annotations

import pytest

from inmarket.notify.errors import DeliveryConfigError
from inmarket.notify.routing import AccountFacts, Destination, RoutingRules, route
from signals.events import SignalKind
from tests.inmarket.notify.conftest import make_alert

RULES = RoutingRules.from_toml(
    """
owner_dm = true
owner_email = false
default_slack_channel = "C0ALERTS"

[[rules]]
name = "EMEA top tier"
regions = ["emea"]
tiers = ["tier_1"]
slack_channel = "C0EMEA"

[[rules]]
name = "US"
countries = ["US"]
slack_channel = "C0AMER"
stop = true

[[rules]]
name = "Funding to CRM"
signal_kinds = ["funding"]
webhook = "crm"
"""
)


def test_owner_dm_region_rule_and_kind_rule() -> None:
    found = route(make_alert(), AccountFacts(country="DE", region="EMEA"), RULES)
    assert found == [
        Destination("slack", "U024BE7LH", "owner"),
        Destination("slack", "C0EMEA", "EMEA top tier"),
        Destination("webhook", "crm", "Funding to CRM"),
    ]


def test_stop_ends_matching() -> None:
    found = route(make_alert(), AccountFacts(country="us"), RULES)
    assert [d.key for d in found] == ["slack:U024BE7LH", "slack:C0AMER"]


def test_default_channel_when_no_rule_picks_slack() -> None:
    alert = make_alert(tier="tier_2", owner_slack_id="bogus")
    alert = alert.model_copy(update={"why_now": alert.why_now[1:]})
    assert route(alert, AccountFacts(country="FR"), RULES) == [
        Destination("slack", "C0ALERTS", "default")
    ]


def test_owner_rule_and_email() -> None:
    rules = RoutingRules.model_validate(
        {
            "owner_dm": False,
            "owner_email": True,
            "rules": [
                {
                    "owners": ["dana@seller.example"],
                    "signal_kinds": ["funding"],
                    "email": "team@seller.example",
                }
            ],
        }
    )
    found = route(make_alert(), AccountFacts(), rules)
    assert [d.key for d in found] == ["email:dana@seller.example", "email:team@seller.example"]
    assert SignalKind.FUNDING in rules.rules[0].signal_kinds


def test_a_routing_file_keeps_emailing_owners_unless_it_says_not_to() -> None:
    """As without a routing file: adding a rule for a channel must not stop owner emails."""
    rules = RoutingRules.from_toml('[[rules]]\nname = "all"\nslack_channel = "C0ALL"\n')
    found = route(make_alert(), AccountFacts(), rules)
    assert [d.key for d in found] == [
        "slack:U024BE7LH",
        "email:dana@seller.example",
        "slack:C0ALL",
    ]


def test_facts_from_account() -> None:
    from icp.accounts import Account

    account = Account(id="a", name="Acme", country="GB", custom={"region": "EMEA"})
    assert AccountFacts.from_account(account).region == "EMEA"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[[rules]]\nsignal_kinds = ['rumour']", "rules.0.signal_kinds.0"),
        ("[[rules]]\nslack_chanel = 'C1'", "rules.0.slack_chanel"),
        ("owner_dm = ", "routing.toml"),
    ],
)
def test_bad_config_names_the_key(text: str, needle: str) -> None:
    with pytest.raises(DeliveryConfigError) as caught:
        RoutingRules.from_toml(text, source="routing.toml")
    assert needle in str(caught.value)
