"""Headline extraction: what is an announcement, and what it says."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.extract import (
    Acquisition,
    Funding,
    LeadershipChange,
    extract,
    extract_acquisition,
    extract_amount,
    extract_funding,
    extract_investors,
    extract_leadership,
    extract_round,
)

# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$2.5M", 2_500_000, "USD"),
        ("$2.5 million", 2_500_000, "USD"),
        ("EUR 40 million", 40_000_000, "EUR"),
        ("€40m", 40_000_000, "EUR"),
        ("£12M", 12_000_000, "GBP"),
        ("$1.2 billion", 1_200_000_000, "USD"),
        ("$1.2bn", 1_200_000_000, "USD"),
        ("US$3 million", 3_000_000, "USD"),
        ("₹100 crore", 1_000_000_000, "INR"),
        ("40 million euros", 40_000_000, "EUR"),
        ("$500,000", 500_000, "USD"),
        ("CHF 12 million", 12_000_000, "CHF"),
        ("$20 mln", 20_000_000, "USD"),
        ("raised $750K from angels", 750_000, "USD"),
        ("1.2bn", 1_200_000_000, None),
    ],
)
def test_amounts(text: str, amount: float, currency: str | None) -> None:
    money = extract_amount(text)
    assert money is not None
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency
    if currency == "USD":
        assert money.amount_usd == pytest.approx(amount)
    if currency is None:
        assert money.amount_usd is None


def test_converted_amounts_use_the_fixed_table() -> None:
    money = extract_amount("€40m")
    assert money is not None and money.amount_usd == pytest.approx(43_200_000)


@pytest.mark.parametrize("text", ["$5", "costs $19.99 a month", "no money here", "", "Series B"])
def test_no_amount(text: str) -> None:
    assert extract_amount(text) is None


# --------------------------------------------------------------------------- rounds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $3M pre-seed round", "pre-seed"),
        ("seed funding", "seed"),
        ("Series A", "series-a"),
        ("series b extension", "series-b"),
        ("a Series F+ round", "series-f"),
        ("pre-Series A", "pre-series-a"),
        ("$50M venture debt facility", "venture-debt"),
        ("in debt financing", "debt"),
        ("growth round", "growth"),
        ("files for IPO", "ipo"),
        ("a new product", None),
    ],
)
def test_rounds(text: str, expected: str | None) -> None:
    assert extract_round(text) == expected


# --------------------------------------------------------------------------- investors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("led by Sequoia Capital", ("Sequoia Capital",)),
        ("led by Accel and Index Ventures", ("Accel", "Index Ventures")),
        ("led by Accel, with participation from Y Combinator", ("Accel",)),
        ("co-led by a16z and GV", ("a16z", "GV")),
        (
            "with participation from Khosla Ventures and Founders Fund",
            (
                "Khosla Ventures",
                "Founders Fund",
            ),
        ),
        ("led by existing investor Balderton Capital.", ("Balderton Capital",)),
        (
            "The round was led by Northwind Ventures, Contoso and Fabrikam.",
            (
                "Northwind Ventures",
                "Contoso",
                "Fabrikam",
            ),
        ),
        (
            "Balderton Capital led the round, with participation from Seedcamp.",
            ("Balderton Capital",),
        ),
        (
            "Existing investor Accel and Index Ventures co-led the $20M round.",
            ("Accel", "Index Ventures"),
        ),
        ("no investors named here", ()),
    ],
)
def test_investors(text: str, expected: tuple[str, ...]) -> None:
    assert extract_investors(text) == expected


# --------------------------------------------------------------------------- funding

FUNDING = [
    # (headline, company, amount in USD or None, round)
    (
        "Configu raises a $3M pre-seed round for its configuration-as-code platform",
        "Configu",
        3e6,
        "pre-seed",
    ),
    ("Acme raises $2.5M seed round led by Sequoia Capital", "Acme", 2.5e6, "seed"),
    ("Acme raises $2.5 million in seed funding", "Acme", 2.5e6, "seed"),
    ("Berlin-based fintech startup Acme Pay raises €40m Series B", "Acme Pay", 43.2e6, "series-b"),
    ("Acme secures EUR 40 million to expand into the US", "Acme", 43.2e6, None),
    (
        "Acme lands £12M Series A led by Balderton Capital and Index Ventures",
        "Acme",
        15.24e6,
        "series-a",
    ),
    ("Acme closes $1.2 billion Series F at a $20 billion valuation", "Acme", 1.2e9, "series-f"),
    ("Acme raises US$3 million pre-Series A", "Acme", 3e6, "pre-series-a"),
    ("Acme raises ₹100 crore in Series C led by Tiger Global", "Acme", 12e6, "series-c"),
    ("Acme announces $20M Series B led by Accel", "Acme", 20e6, "series-b"),
    ("Acme, a maker of warehouse robots, raised $15 million", "Acme", 15e6, None),
    ("Exclusive: Acme bags $8M seed round from Index Ventures", "Acme", 8e6, "seed"),
    ("Acme Robotics nabs $30M Series B to scale production", "Acme Robotics", 30e6, "series-b"),
    ("Acme gets $5M in funding from Khosla Ventures", "Acme", 5e6, None),
    ("Acme files for IPO", "Acme", None, "ipo"),
    ("Reddit files confidentially for an IPO", "Reddit", None, "ipo"),
    ("Acme secures $50M venture debt facility", "Acme", 50e6, "venture-debt"),
    ("Acme raises $100M growth round led by General Atlantic", "Acme", 100e6, "growth"),
    ("AI startup Acme.ai raises $10M Series A", "Acme.ai", 10e6, "series-a"),
    ("Y Combinator-backed Acme raises $4M seed", "Acme", 4e6, "seed"),
    ("Acme has raised $6 million Series A funding led by Lightspeed", "Acme", 6e6, "series-a"),
    ("Acme picks up $7M seed to build AI agents for sales teams", "Acme", 7e6, "seed"),
    ("Acme Bank secures £5m debt financing", "Acme Bank", 6.35e6, "debt"),
    ("Acme Raises $5M Seed Round Led By Sequoia And Accel", "Acme", 5e6, "seed"),
    ("Berlin-Based Fintech Startup Acme Pay Raises €40M Series B", "Acme Pay", 43.2e6, "series-b"),
    (
        "Mistral AI raises €385 million as it goes head-to-head with OpenAI",
        "Mistral AI",
        415.8e6,
        None,
    ),
    ("Acme, which makes AI chips, raises $100M Series C", "Acme", 100e6, "series-c"),
    ("Acme raises $20 mln in funding round led by SoftBank - Reuters", "Acme", 20e6, None),
    ("Acme secures $10 million in Series A funding | TechCrunch", "Acme", 10e6, "series-a"),
    ("SoftBank-backed Acme raises $50M", "Acme", 50e6, None),
    ("Acme raises $20M to fund growth", "Acme", 20e6, None),
    ("Acme raises Series B from Tiger Global", "Acme", None, "series-b"),
    ("Amazon's Zoox raises $1 billion", "Zoox", 1e9, None),
    ("Smith & Wesson Labs raises $12M Series A", "Smith & Wesson Labs", 12e6, "series-a"),
]


@pytest.mark.parametrize(("headline", "company", "usd", "round_name"), FUNDING)
def test_funding_announcements(
    headline: str, company: str, usd: float | None, round_name: str | None
) -> None:
    found = extract(headline)
    assert isinstance(found, Funding), headline
    assert found.company == company
    assert found.round == round_name
    if usd is None:
        assert found.money is None
    else:
        assert found.money is not None and found.money.amount_usd == pytest.approx(usd)


def test_funding_lead_investors_from_headline() -> None:
    found = extract_funding("Acme lands £12M Series A led by Balderton Capital and Index Ventures")
    assert found is not None
    assert found.investors == ("Balderton Capital", "Index Ventures")


def test_funding_details_come_from_the_summary_sentences_about_this_raise() -> None:
    found = extract_funding(
        "Acme raises new funding to expand in Europe | Series A",
        "Acme previously raised $2M in 2021. Today it announced a $12 million Series A "
        "round led by Northwind Ventures, with participation from Contoso Capital.",
    )
    # "raises new funding" has neither amount nor round in the headline itself
    assert found is None
    found = extract_funding(
        "Acme raises Series A to expand in Europe",
        "Acme previously raised $2M in 2021 led by Old Fund. Today it announced a $12 million "
        "round led by Northwind Ventures, with participation from Contoso Capital.",
    )
    assert found is not None
    assert found.money is not None and found.money.amount == 12_000_000
    assert found.investors == ("Northwind Ventures",)


def test_summary_sentences_about_another_company_are_ignored() -> None:
    found = extract_funding(
        "Acme raises Series A to expand",
        "Rival Beta raised $50M in a round led by Big Fund. Acme did not disclose the amount.",
    )
    assert found is not None
    assert (found.money, found.investors) == (None, ())
    found = extract_funding("Acme raises Series A to expand", "The round of $12M was led by Nine.")
    assert found is not None and found.money is not None and found.investors == ("Nine",)


@pytest.mark.parametrize(
    ("headline", "company"),
    [
        ("Acme (YC W23) raises $3M seed round", "Acme"),
        ("monday.com raises $50M", "monday.com"),
        ("eBay-backed Acme raises $5M seed", "Acme"),
        ("Acme Files Registration Statement for Proposed Initial Public Offering", "Acme"),
        ("Acme files S-1 for IPO", "Acme"),
        ("Acme Announces $10 Million Series A Financing Led by XYZ Partners", "Acme"),
        ("Acme Secures $25 Million Credit Facility from Silicon Valley Bank", "Acme"),
    ],
)
def test_funding_company_names(headline: str, company: str) -> None:
    found = extract_funding(headline)
    assert found is not None and found.company == company


NOT_FUNDING = [
    "Netflix raises prices again in the US and Canada",
    "Acme Raises Prices For Enterprise Customers",
    "New AI rules raise concerns among startups",
    "Apple raises the bar with new iPhone",
    "Acme's new CEO raises eyebrows",
    "Acme raises questions about data privacy",
    "Acme raises alarm over security flaw",
    "Acme raises awareness about mental health",
    "Acme raises stakes in AI race",
    "Acme raises its dividend by 5%",
    "Acme raises guidance to $2B for the year",
    "Nvidia raises revenue forecast to $16B",
    "Fed raises rates by 25 basis points",
    "Acme raises minimum wage to $15",
    "How Acme raised $10M without a pitch deck",
    "Why Acme's $50M Series B matters",
    "Can Acme raise $1B?",
    "Opinion: Acme raised too much money",
    "This week's biggest funding rounds: Acme, Beta and Gamma",
    "Funding roundup: Acme raises $5M, Beta raises $10M",
    "The 10 biggest funding rounds of the week",
    "Startups raise $5B in Q3",
    "Acme, Beta and Gamma raise $30M combined",
    "Acme and Beta raise $20M combined",
    "Acme in talks to raise $100M at $1B valuation",
    "Acme is raising a new $200M fund, sources say",
    "Acme reportedly raises $50M",
    "Acme plans to raise $300M in IPO",
    "Acme lays off 20% of staff after failing to raise",
    "Acme expands to Europe after raising $10M",
    "Acme lands $100M contract with NASA",
    "Acme secures $2M contract with DoD",
    "Acme wins $2M prize at Disrupt",
    "Acme Capital raises $500M fund",
    "Acme closes $150M second fund",
    "Acme Ventures closes Fund III at $200M",
    "Acme launches new AI product for sales teams",
    "Acme gets new logo",
    "Jumia expects losses not to exceed $100M this year, per Q3 financials",
    "The pre-seed market is recovering, but investors increasingly have the upper hand",
    "Pitch Deck Teardown: Acme's $10M Series A deck",
    "Paid users of X, formerly Twitter, gets a new tab to highlight their posts",
    "Acme sues Beta over patent",
    "Acme wins Series A pitch competition",
    "Acme closes Series A office in London",
    "Acme announces Series A Summit 2024",
    "Acme secures seed stage spot in accelerator",
    "Acme files for bankruptcy",
    "Student raises $5,000 for charity",
    "Acme raises red flags over AI act",
    "Acme's valuation soars as it raises $1B",
    "Report: Acme raises $5M",
    "Acme files for Chapter 11",
    "Acme files lawsuit against Beta to block IPO",
    "Acme files patent for IPO tracking",
    "Acme Reports Fourth Quarter and Full Year 2023 Results",
    "Acme Named a Leader in the Gartner Magic Quadrant",
    "Acme Announces $300 Million Share Repurchase Program",
    "Acme Prices $500 Million Senior Notes Offering",
    "",
]


@pytest.mark.parametrize("headline", NOT_FUNDING)
def test_not_funding(headline: str) -> None:
    assert extract_funding(headline) is None


# --------------------------------------------------------------------------- acquisitions

ACQUISITIONS = [
    ("Cisco acquires Splunk for $28 billion", "Cisco", "Splunk"),
    ("Cisco to acquire Splunk in $28B deal", "Cisco", "Splunk"),
    ("Splunk acquired by Cisco", "Cisco", "Splunk"),
    ("Splunk to be acquired by Cisco for $28B", "Cisco", "Splunk"),
    ("Salesforce buys Slack for $27.7 billion", "Salesforce", "Slack"),
    ("Acme agrees to acquire Beta Analytics", "Acme", "Beta Analytics"),
    ("Acme completes acquisition of Beta", "Acme", "Beta"),
    ("Acme announces acquisition of data startup Beta", "Acme", "Beta"),
    ("Adobe snaps up Figma", "Adobe", "Figma"),
    ("Acme has acquired Beta Labs, a maker of widgets", "Acme", "Beta Labs"),
    (
        "Microsoft completes $69 billion acquisition of Activision Blizzard",
        "Microsoft",
        "Activision Blizzard",
    ),
    ("Broadcom completes VMware acquisition", "Broadcom", "VMware"),
    ("Apple acquires AI startup WaveOne, TechCrunch has learned", "Apple", "WaveOne"),
    ("Databricks to buy MosaicML for $1.3 billion", "Databricks", "MosaicML"),
    ("Cisco To Acquire Splunk For $28 Billion", "Cisco", "Splunk"),
    ("Amazon acquires One Medical", "Amazon", "One Medical"),
    ("Acme Enters into Definitive Agreement to Acquire Beta Systems", "Acme", "Beta Systems"),
    ("Acme Signs Definitive Agreement to Acquire Beta", "Acme", "Beta"),
    ("Acme to Be Acquired by Beta Holdings for $2.1 Billion", "Beta Holdings", "Acme"),
    ("eBay acquires Beta", "eBay", "Beta"),
    ("Acme closes $20M acquisition of Beta", "Acme", "Beta"),
    ("Acme acquires Beta in all-stock deal", "Acme", "Beta"),
]


@pytest.mark.parametrize(("headline", "acquirer", "acquired"), ACQUISITIONS)
def test_acquisitions(headline: str, acquirer: str, acquired: str) -> None:
    found = extract(headline)
    assert isinstance(found, Acquisition), headline
    assert (found.acquirer, found.acquired) == (acquirer, acquired)


def test_acquisition_amount() -> None:
    found = extract_acquisition("Cisco acquires Splunk for $28 billion")
    assert found is not None and found.money is not None
    assert found.money.amount_usd == pytest.approx(28e9)


NOT_ACQUISITIONS = [
    "Microsoft in talks to acquire TikTok",
    "Acme considers buying Beta",
    "Acme's bid to acquire Beta blocked by regulators",
    "Regulators block Acme's acquisition of Beta",
    "Acme buys back $1B in shares",
    "Acme acquires stake in Beta",
    "Google parent Alphabet buys stake in Acme",
    "Acme buys Twitter ads",
    "Acme buys more Nvidia chips",
    "Chicken Soup for the Soul Entertainment cuts costs a year after buying Redbox",
    "Why Adobe bought Figma",
    "Acme calls off acquisition of Beta",
    "Acme acquires Beta's assets",
    "Acme acquires 20% of Beta",
    "Netflix buys Squid Game rights",
    "Investors buy the dip",
    "Meta buys time with regulators",
]


@pytest.mark.parametrize("headline", NOT_ACQUISITIONS)
def test_not_acquisitions(headline: str) -> None:
    assert extract_acquisition(headline) is None


# --------------------------------------------------------------------------- leadership

LEADERSHIP = [
    (
        "Acme appoints Jane Roe as Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    ("Acme names John Smith CFO", "Acme", "John Smith", "CFO", "appointed"),
    ("Acme hires Mary Major as VP of Sales", "Acme", "Mary Major", "VP of Sales", "appointed"),
    ("Jane Roe joins Acme as VP of Sales", "Acme", "Jane Roe", "VP of Sales", "appointed"),
    ("Acme CFO John Smith to step down", "Acme", "John Smith", "CFO", "departed"),
    ("John Smith steps down as CEO of Acme", "Acme", "John Smith", "CEO", "departed"),
    ("Acme promotes Jane Roe to COO", "Acme", "Jane Roe", "COO", "role_change"),
    (
        "Acme names former Google exec Jane Roe as chief product officer",
        "Acme",
        "Jane Roe",
        "chief product officer",
        "appointed",
    ),
    ("Acme taps Jane Roe as new CEO", "Acme", "Jane Roe", "CEO", "appointed"),
    ("Jane Roe named CEO of Acme", "Acme", "Jane Roe", "CEO", "appointed"),
    ("Jane Roe to step down as Acme CEO", "Acme", "Jane Roe", "CEO", "departed"),
    (
        "Acme appoints Jane Roe as Chief Revenue Officer, effective immediately",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    (
        "Acme Corp. appoints Dr. Jane Roe as Chief Medical Officer",
        "Acme Corp.",
        "Jane Roe",
        "Chief Medical Officer",
        "appointed",
    ),
    (
        "Acme announces the appointment of Jane Roe as Chief Financial Officer",
        "Acme",
        "Jane Roe",
        "Chief Financial Officer",
        "appointed",
    ),
    (
        "Acme Appoints Jane Roe As Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    ("Twitter CEO Parag Agrawal out", "Twitter", "Parag Agrawal", "CEO", "departed"),
    ("Intel CEO Pat Gelsinger retires", "Intel", "Pat Gelsinger", "CEO", "departed"),
    ("Sam Altman returns as CEO of OpenAI", "OpenAI", "Sam Altman", "CEO", "appointed"),
    ("Amazon's Zoox names Aicha Evans CEO", "Zoox", "Aicha Evans", "CEO", "appointed"),
    (
        "Soylent Corp CFO Harold Lauder to step down",
        "Soylent Corp",
        "Harold Lauder",
        "CFO",
        "departed",
    ),
    ("Jane Roe is stepping down as CEO of Acme", "Acme", "Jane Roe", "CEO", "departed"),
    ("Acme CEO Jane Roe will step down at end of year", "Acme", "Jane Roe", "CEO", "departed"),
    (
        "Acme hires ex-Meta executive Jane Roe as head of AI",
        "Acme",
        "Jane Roe",
        "head of AI",
        "appointed",
    ),
    (
        "Google Cloud hires Oracle's Jane Roe as president",
        "Google Cloud",
        "Jane Roe",
        "president",
        "appointed",
    ),
    (
        "Amazon Web Services CEO Adam Selipsky to step down",
        "Amazon Web Services",
        "Adam Selipsky",
        "CEO",
        "departed",
    ),
]


@pytest.mark.parametrize(("headline", "company", "person", "role", "change"), LEADERSHIP)
def test_leadership_changes(
    headline: str, company: str, person: str, role: str, change: str
) -> None:
    found = extract(headline)
    assert isinstance(found, LeadershipChange), headline
    assert (found.company, found.person, found.role, found.change) == (
        company,
        person,
        role,
        change,
    )


NOT_LEADERSHIP = [
    "Acme names Jane Roe brand ambassador",
    "Acme CEO John Smith says AI will change everything",
    "Acme hires 200 engineers",
    "Acme names new CEO",
    "Former Salesforce exec joins Acme as CRO",
    "Acme CEO talks about hiring plans",
    "Acme could name Jane Roe CEO, sources say",
    "Acme's search for a new CFO drags on",
    "Apple CEO Tim Cook visits China",
    "Elon Musk names himself CEO",
    "Acme names Jane Roe Employee of the Month",
    "Acme taps Goldman Sachs as IPO adviser",
    "Meet Jane Roe, Acme's new CFO",
    "Jane Roe, Acme's new CFO, talks strategy",
]


@pytest.mark.parametrize("headline", NOT_LEADERSHIP)
def test_not_leadership(headline: str) -> None:
    assert extract_leadership(headline) is None


@pytest.mark.parametrize("headline", [*NOT_FUNDING, *NOT_ACQUISITIONS, *NOT_LEADERSHIP])
def test_non_announcements_yield_nothing_at_all(headline: str) -> None:
    assert extract(headline) is None


def test_an_acquisition_price_is_not_a_round() -> None:
    assert extract_funding("Acme closes $20M acquisition of Beta") is None


def test_funding_wins_over_other_kinds() -> None:
    found = extract("Acme raises $10M Series A as it names Jane Roe CFO")
    assert isinstance(found, Funding)


# --------------------------------------------------------------------------- properties

_TOKENS = (
    "Acme raises $ 5M € £ ₹ crore bn million led by and Series A seed IPO files for acquires "
    "to acquire acquired by names appoints as CEO CFO joins steps down , . : ? - | & Jane Roe "
    "1.2 100 0 00 9999999999999999999999 1e308 NaN inf"
)
_words = st.sampled_from(_TOKENS.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_raises_on_arbitrary_text(text: str) -> None:
    extract(text, text)
    extract_amount(text)
    extract_round(text)
    extract_investors(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_words, max_size=25).map(" ".join), st.lists(_words, max_size=25).map(" ".join))
def test_extraction_never_raises_on_headline_like_text(headline: str, summary: str) -> None:
    found = extract(headline, summary)
    money = getattr(found, "money", None)
    for candidate in (money, extract_amount(headline), extract_amount(summary)):
        if candidate is not None:
            assert candidate.amount > 0 and math.isfinite(candidate.amount)
            if candidate.amount_usd is not None:
                assert candidate.amount_usd > 0 and math.isfinite(candidate.amount_usd)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,$€£₹ mMbBkKilonrecUSD", max_size=60))
def test_amounts_are_positive_and_finite(text: str) -> None:
    money = extract_amount(text)
    if money is not None:
        assert money.amount > 0 and math.isfinite(money.amount)
        assert money.amount_usd is None or (
            money.amount_usd > 0 and math.isfinite(money.amount_usd)
        )
