"""Extraction over a labelled corpus of news headlines in the shapes real outlets use.

Each case is a paraphrased headline (TechCrunch, VentureBeat, PR Newswire, Business Wire,
GlobeNewswire, EU-Startups, Crunchbase News styles) with the facts a reader would take
from it. ``None`` in a field means "not scored"; an empty ``lead`` means "no lead stated".
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from signals.extract import Acquisition, Funding, LeadershipChange, extract


@dataclass(frozen=True)
class Case:
    headline: str
    kind: str | None  # "funding", "acquisition", "leadership", or None for no signal
    company: str | None = None  # the company raising, the acquirer, the employer
    amount: float | None = None
    currency: str | None = None
    round: str | None = None
    lead: tuple[str, ...] | None = None
    acquired: str | None = None
    person: str | None = None
    role: str | None = None
    change: str | None = None
    summary: str = ""


def F(
    headline: str,
    company: str,
    amount: float | None,
    currency: str | None,
    round_name: str | None,
    lead: tuple[str, ...] | None = (),
    summary: str = "",
) -> Case:
    return Case(headline, "funding", company, amount, currency, round_name, lead, summary=summary)


def A(headline: str, acquirer: str, acquired: str) -> Case:
    return Case(headline, "acquisition", acquirer, acquired=acquired)


def L(headline: str, company: str, person: str, role: str, change: str) -> Case:
    return Case(headline, "leadership", company, person=person, role=role, change=change)


def N(headline: str, summary: str = "") -> Case:
    return Case(headline, None, summary=summary)


M = 1e6
B = 1e9

FUNDING = [
    F(
        "Mirage raises $75M to continue building models for its AI video editing app | TechCrunch",
        "Mirage",
        75 * M,
        "USD",
        "growth",
        summary="Mirage, the maker of a video editing app, has raised $75 million in growth "
        "financing from a customer value fund.",
    ),
    F(
        "Modal raises $25M to make corporate upskilling more effective",
        "Modal",
        25 * M,
        "USD",
        None,
    ),
    F(
        "Skyflow raises $30M more as AI spikes demand for its privacy business",
        "Skyflow",
        30 * M,
        "USD",
        None,
    ),
    F("Clockwork raises $21M to keep server clocks in sync", "Clockwork", 21 * M, "USD", None),
    F(
        "General Compute raises $15M to deploy inference chips for AI",
        "General Compute",
        15 * M,
        "USD",
        None,
    ),
    F(
        "General Compute secures $400M debt deal to build an AI inference cloud",
        "General Compute",
        400 * M,
        "USD",
        "debt",
    ),
    F(
        "Hugging Face raises $40 million for its natural language processing library",
        "Hugging Face",
        40 * M,
        "USD",
        None,
    ),
    F(
        "Voi Technology, the European e-scooter rentals startup, raises an additional $30M",
        "Voi Technology",
        30 * M,
        "USD",
        None,
    ),
    F("Swiss medtech firm CeQur raises $115 million", "CeQur", 115 * M, "USD", None),
    F(
        "Helsinki-based EV charging platform Virta raises €85 million in new funding round",
        "Virta",
        85 * M,
        "EUR",
        None,
    ),
    F("London-based TopHat secures £70 million in new funding", "TopHat", 70 * M, "GBP", None),
    F(
        "Riverlane secures £15 million in Series B funding round",
        "Riverlane",
        15 * M,
        "GBP",
        "series-b",
    ),
    F(
        "Sunday raises $24 million seed round at a $140 million post-money valuation",
        "Sunday",
        24 * M,
        "USD",
        "seed",
    ),
    F(
        "Berlin-based Wire closes $21 million Series B round led by UVC Partners",
        "Wire",
        21 * M,
        "USD",
        "series-b",
        ("UVC Partners",),
    ),
    F(
        "Carbo Culture raises $6.2M seed round led by True Ventures and Cherry Ventures",
        "Carbo Culture",
        6.2 * M,
        "USD",
        "seed",
        ("True Ventures", "Cherry Ventures"),
    ),
    F(
        "Cardlay secures €8 million in financing from Global PayTech Ventures",
        "Cardlay",
        8 * M,
        "EUR",
        None,
        None,
    ),
    F("Apptronik raises $520M extension at $5B valuation", "Apptronik", 520 * M, "USD", None),
    F(
        "Generate Biomedicines raises $370 million in Series B financing",
        "Generate Biomedicines",
        370 * M,
        "USD",
        "series-b",
    ),
    F(
        "Northwind Analytics Raises $50M Series B Funding",
        "Northwind Analytics",
        50 * M,
        "USD",
        "series-b",
    ),
    F(
        "Tavus Announces $40 Million Series B Financing Led by CRV",
        "Tavus",
        40 * M,
        "USD",
        "series-b",
        ("CRV",),
    ),
    F(
        "GC AI Closes $60M Series A Led by Scale Venture Partners",
        "GC AI",
        60 * M,
        "USD",
        "series-a",
        ("Scale Venture Partners",),
    ),
    F(
        "Bindwell Secures $6M Seed Round Led by General Catalyst to Accelerate AI Crop Design",
        "Bindwell",
        6 * M,
        "USD",
        "seed",
        ("General Catalyst",),
    ),
    F("Magic Pattern Raises $6M Series A", "Magic Pattern", 6 * M, "USD", "series-a"),
    F(
        "OutcomesAI Raises $10M Seed Round Led by Santé Ventures",
        "OutcomesAI",
        10 * M,
        "USD",
        "seed",
        ("Santé Ventures",),
    ),
    F(
        "Praan Health raises Rs 8.5 crore in seed round led by Rainmatter",
        "Praan Health",
        85 * M,
        "INR",
        "seed",
        ("Rainmatter",),
    ),
    F("Zuriq secures EUR 4 million seed funding", "Zuriq", 4 * M, "EUR", "seed"),
    F(
        "Scalable Capital raises €50 million in Series D",
        "Scalable Capital",
        50 * M,
        "EUR",
        "series-d",
    ),
    F("Lemonswan closes seven-figure seed round", "Lemonswan", None, None, "seed"),
    F("Finom raises EUR 40 million to expand across Europe", "Finom", 40 * M, "EUR", None),
    F("Ledgerly lands $1.2 billion Series F", "Ledgerly", 1.2 * B, "USD", "series-f"),
    F("Moneybox secures £5 million from existing investors", "Moneybox", 5 * M, "GBP", None),
    F("Nuvia raises US$10M pre-Series A", "Nuvia", 10 * M, "USD", "pre-series-a"),
    F("Kiwi Labs raises $500K pre-seed", "Kiwi Labs", 0.5 * M, "USD", "pre-seed"),
    F("Kyte raises 10 million dollars to scale car rental delivery", "Kyte", 10 * M, "USD", None),
    F("Tessl, the AI-native software startup, raises $125M", "Tessl", 125 * M, "USD", None),
    F("Berlin-based Knowunity raises €40M Series B", "Knowunity", 40 * M, "EUR", "series-b"),
    F("Fintech startup Pipe raises $250M in debt financing", "Pipe", 250 * M, "USD", "debt"),
    F("Fastgen (YC W23) raises $3M seed round", "Fastgen", 3 * M, "USD", "seed"),
    F("Sequoia leads $20M round in StackBlitz", "StackBlitz", 20 * M, "USD", None, ("Sequoia",)),
    F(
        "Andreessen Horowitz leads $30M Series B in Pylon",
        "Pylon",
        30 * M,
        "USD",
        "series-b",
        ("Andreessen Horowitz",),
    ),
    F(
        "Index Ventures leads €12M seed round for Berlin-based Langdock",
        "Langdock",
        12 * M,
        "EUR",
        "seed",
        ("Index Ventures",),
    ),
    F(
        "Accel Leads $15 Million Series A Investment in Cortex",
        "Cortex",
        15 * M,
        "USD",
        "series-a",
        ("Accel",),
    ),
    F("Figma rival Penpot raises $8M", "Penpot", 8 * M, "USD", None),
    F(
        "Exclusive: Harvey raises $100M Series C led by GV",
        "Harvey",
        100 * M,
        "USD",
        "series-c",
        ("GV",),
    ),
    F("Mistral AI secures €385 million", "Mistral AI", 385 * M, "EUR", None),
    F("Rippling raises $200M Series F at $13.5B valuation", "Rippling", 200 * M, "USD", "series-f"),
    F(
        "Anysphere, maker of Cursor, raises $900M at $9.9B valuation",
        "Anysphere",
        900 * M,
        "USD",
        None,
    ),
    F("Plaid lands $575M in new funding", "Plaid", 575 * M, "USD", None),
    F(
        "Vanta nabs $150M Series C led by Sequoia Capital",
        "Vanta",
        150 * M,
        "USD",
        "series-c",
        ("Sequoia Capital",),
    ),
    F("Pennylane bags €75M Series D", "Pennylane", 75 * M, "EUR", "series-d"),
    F("Dutch fintech Bunq raises €228M", "Bunq", 228 * M, "EUR", None),
    F(
        "Stockholm-based Lovable raises $200M Series A led by Accel",
        "Lovable",
        200 * M,
        "USD",
        "series-a",
        ("Accel",),
    ),
    F("Cursor maker Anysphere raises $105M Series B", "Anysphere", 105 * M, "USD", "series-b"),
    F("Defense tech startup Helsing raises €450M Series C", "Helsing", 450 * M, "EUR", "series-c"),
    F("Sweden's Einride raises $110M", "Einride", 110 * M, "USD", None),
    F("YC-backed Rollstack raises $1.8M seed", "Rollstack", 1.8 * M, "USD", "seed"),
    F("Gong raises $250M Series E", "Gong", 250 * M, "USD", "series-e"),
    F("Clay raises $40M Series B expansion at $1.25B valuation", "Clay", 40 * M, "USD", "series-b"),
    F("Klaviyo files for IPO", "Klaviyo", None, None, "ipo"),
    F("Rubrik files confidentially for U.S. IPO", "Rubrik", None, None, "ipo"),
    F("Arm files for Nasdaq IPO", "Arm", None, None, "ipo"),
    F(
        "ServiceTitan Files Registration Statement for Proposed Initial Public Offering",
        "ServiceTitan",
        None,
        None,
        "ipo",
    ),
    F(
        "Luminary Cloud Completes $115 Million Series B Financing",
        "Luminary Cloud",
        115 * M,
        "USD",
        "series-b",
    ),
    F(
        "Aidoc Announces $150 Million Funding Round Led by General Catalyst",
        "Aidoc",
        150 * M,
        "USD",
        None,
        ("General Catalyst",),
    ),
    F("Hippocratic AI Raises $141 Million Series B", "Hippocratic AI", 141 * M, "USD", "series-b"),
    F("Abridge Secures $250M Series D", "Abridge", 250 * M, "USD", "series-d"),
    F("Harness closes $150M in Series D funding", "Harness", 150 * M, "USD", "series-d"),
    F("Monzo raises £500M", "Monzo", 500 * M, "GBP", None),
    F(
        "Hebbia raises nearly $100M Series B led by Andreessen Horowitz",
        "Hebbia",
        100 * M,
        "USD",
        "series-b",
        ("Andreessen Horowitz",),
    ),
    F("Flo Health raises over $200M Series C", "Flo Health", 200 * M, "USD", "series-c"),
    F(
        "Synthesia raises $180M Series D led by NEA",
        "Synthesia",
        180 * M,
        "USD",
        "series-d",
        ("NEA",),
    ),
    F(
        "ElevenLabs raises $180M Series C co-led by a16z and ICONIQ Growth",
        "ElevenLabs",
        180 * M,
        "USD",
        "series-c",
        ("a16z", "ICONIQ Growth"),
    ),
    F(
        "Perplexity raises $73.6M in funding round led by IVP and NEA",
        "Perplexity",
        73.6 * M,
        "USD",
        None,
        ("IVP", "NEA"),
    ),
    F(
        "Lightmatter raises $400M Series D; now valued at $4.4B",
        "Lightmatter",
        400 * M,
        "USD",
        "series-d",
    ),
    F(
        "StackBlitz, the Bolt.new maker, raises $105.5M Series B",
        "StackBlitz",
        105.5 * M,
        "USD",
        "series-b",
    ),
    F(
        "n8n raises €55M Series B led by Highland Europe",
        "n8n",
        55 * M,
        "EUR",
        "series-b",
        ("Highland Europe",),
    ),
    F(
        "Tines raises $50M Series B extension led by Goldman Sachs",
        "Tines",
        50 * M,
        "USD",
        "series-b",
        ("Goldman Sachs",),
    ),
    F(
        "Wayve raises $1.05B Series C led by SoftBank",
        "Wayve",
        1.05 * B,
        "USD",
        "series-c",
        ("SoftBank",),
    ),
    F(
        "Writer raises $100M in Series B funding, led by ICONIQ Growth",
        "Writer",
        100 * M,
        "USD",
        "series-b",
        ("ICONIQ Growth",),
    ),
    F("Zepto raises $665M at $3.6B valuation", "Zepto", 665 * M, "USD", None),
    F("AI chipmaker Groq raises $640M", "Groq", 640 * M, "USD", None),
    F(
        "Decagon raises $65M Series B led by Bain Capital Ventures with participation from Accel",
        "Decagon",
        65 * M,
        "USD",
        "series-b",
        ("Bain Capital Ventures",),
    ),
    F("Oura secures $200M Series E", "Oura", 200 * M, "USD", "series-e"),
    F("Paris-based Mistral AI raises €600M", "Mistral AI", 600 * M, "EUR", None),
    F("Spanish startup Factorial raises $120M Series C", "Factorial", 120 * M, "USD", "series-c"),
    F("Tel Aviv-based Wiz raises $1B", "Wiz", 1 * B, "USD", None),
    F("San Francisco-based Retool raises $45M", "Retool", 45 * M, "USD", None),
    F(
        "Ramp, the corporate card startup, raises $150M at $13B valuation",
        "Ramp",
        150 * M,
        "USD",
        None,
    ),
    F("Pipedrive gets $90M growth investment", "Pipedrive", 90 * M, "USD", "growth"),
    F("Ampersand Raises CA$10 Million Seed Round", "Ampersand", 10 * M, "CAD", "seed"),
    F("Airwallex raises A$100 million Series E extension", "Airwallex", 100 * M, "AUD", "series-e"),
    F("Cognite raises NOK 500 million", "Cognite", 500 * M, "NOK", None),
    F("Shiprocket secures ₹200 crore in Series E", "Shiprocket", 2000 * M, "INR", "series-e"),
    F(
        "Clay raises $62M Series B",
        "Clay",
        62 * M,
        "USD",
        "series-b",
        ("Meritech Capital",),
        summary="The round was led by Meritech Capital, with participation from Sequoia.",
    ),
    F(
        "Supernormal raises $10M Series A",
        "Supernormal",
        10 * M,
        "USD",
        "series-a",
        ("Balderton Capital",),
        summary="Balderton Capital led the round, with participation from Seedcamp.",
    ),
    F(
        "Attio raises $33M to build the next generation of CRM",
        "Attio",
        33 * M,
        "USD",
        "series-a",
        ("Redpoint Ventures",),
        summary="Attio said the Series A round was led by Redpoint Ventures.",
    ),
    F(
        "Fenwick raises funding to expand its lending platform",
        "Fenwick",
        None,
        None,
        None,
        None,
        summary="Fenwick has raised funding from angels.",
    ),
]
# The last one is no announcement: "raises funding" without amount or round is too vague.
FUNDING[-1] = N(FUNDING[-1].headline, FUNDING[-1].summary)

NOT_FUNDING = [
    N("Spotify raises Premium prices in more markets"),
    N("Uber raises fares in London to fund driver pay"),
    N("Tesla raises Model Y price in China"),
    N("Starbucks raises wages for baristas"),
    N("New EU AI rules raise questions for startups"),
    N("Apple raises the bar for smartphone cameras"),
    N("Crypto exchange Kraken raises withdrawal limits"),
    N("Epic Games cuts 1,000 jobs, says Fortnite engagement is down | TechCrunch"),
    N("Meta lays off 10,000 employees"),
    N("Shopify launches AI assistant for merchants"),
    N(
        "Peak XV raises $1.3B, doubles down on AI",
        "Peak XV Partners has raised $1.3 billion across two new funds to back startups in "
        "India and Southeast Asia.",
    ),
    N("Matter Venture Partners raises its first $300M fund to invest in 'hard tech'"),
    N("Autism Impact Fund closes its first $60 million fund and broadens its scope"),
    N("Artisanal Ventures closes $62M fund, takes 'connected capital' approach to investment"),
    N("Berlin's Cherry Ventures raises new €175M fund to back early-stage startups across Europe"),
    N("Cherry Ventures raises $500M to back European startups"),
    N("Sequoia Capital raises $8B across eight funds"),
    N("VC firm Lightspeed raises $7B for new funds"),
    N("a16z raises $7.2B across new funds"),
    N("Plantee Innovations reveals its $1.4M seed pitch deck"),
    N("BharatPe in advanced talks to raise $250M led by Tiger Global"),
    N("Alphabet raises $5 billion in bond sale"),
    N("Acme raises IPO price range amid strong demand"),
    N("Layoffs hit Acme weeks after raising $100M"),
    N("Startups raised $5B in Q3, Crunchbase data shows"),
    N("How Figma raised its Series A"),
    N("Acme's IPO filing reveals $500M loss"),
    N("Acme lands $50M government contract"),
    N("Acme wins $1M at startup pitch competition"),
    N("Acme is said to be raising $100M"),
    N("Klarna sued by former employees over stock options"),
    N("Fintech funding falls 40% in Q2"),
    N("Acme gets FDA clearance for its AI triage tool"),
    N("The 12 biggest Series A rounds of the month"),
    N("Acme expands into Germany after Series B"),
    N("Acme CEO raises concerns over new chip export rules"),
    N("Acme raises $2M for charity partners"),
    N("Investors pour $1B into AI startups this week"),
    N("Acme to raise $300M in debt to fund buyback"),
    N("Acme Announces Pricing of $750 Million Convertible Notes Offering"),
]

ACQUISITIONS = [
    A("Gopuff acquires fleet-management platform rideOS for $115 million", "Gopuff", "rideOS"),
    A("EQT acquires Coller Capital for $3.7 billion", "EQT", "Coller Capital"),
    A("Ford buys battery software startup Electriphi", "Ford", "Electriphi"),
    A("Stripe to acquire Bridge for $1.1B", "Stripe", "Bridge"),
    A("Bridge to be acquired by Stripe", "Stripe", "Bridge"),
    A("Salesforce signs definitive agreement to acquire Informatica", "Salesforce", "Informatica"),
    A("ServiceNow to buy Moveworks for $2.85 billion", "ServiceNow", "Moveworks"),
    A("Google parent Alphabet to acquire Wiz for $32 billion", "Alphabet", "Wiz"),
    A("HPE completes acquisition of Juniper Networks", "HPE", "Juniper Networks"),
    A("IBM Completes Acquisition of HashiCorp", "IBM", "HashiCorp"),
    A("Docusign buys AI contract startup Lexion for $165M", "Docusign", "Lexion"),
    A("Nvidia acquires Run:ai", "Nvidia", "Run:ai"),
    A("Wiz acquired by Google for $32B", "Google", "Wiz"),
    A("Datadog to acquire Eppo", "Datadog", "Eppo"),
    A("Snowflake buys Crunchy Data", "Snowflake", "Crunchy Data"),
    A("CoreWeave acquires Weights & Biases for $1.7B", "CoreWeave", "Weights & Biases"),
    A("Tech Nation acquired by Founders Forum Group", "Founders Forum Group", "Tech Nation"),
    A("Paris-based Pennylane acquires Fygr", "Pennylane", "Fygr"),
    A("Spotify acquires podcast discovery app Podz", "Spotify", "Podz"),
    A("Thoma Bravo Completes Acquisition of Darktrace", "Thoma Bravo", "Darktrace"),
    A("Acme Announces Agreement to Acquire Beta Robotics", "Acme", "Beta Robotics"),
    A(
        "Acme Has Entered Into a Definitive Agreement to Be Acquired by Beta Group",
        "Beta Group",
        "Acme",
    ),
    A("Hubspot snaps up AI startup Frame AI", "Hubspot", "Frame AI"),
]

NOT_ACQUISITIONS = [
    N("Microsoft Azure MSP acquires software development company"),
    N("onesoft acquires machine learning IP to advance compliance functionality"),
    N("Meta acquires stake in Scale AI"),
    N("Bosch to acquire assets of chipmaker TSI Semiconductors"),
    N("Acme and Beta to merge in all-stock deal"),
    N("Regulators probe Acme's acquisition of Beta"),
    N("Acme shareholders approve Beta acquisition"),
    N("Acme buys back $2B of its shares"),
    N("Acme acquires new customers in Europe"),
    N("Acme buys 40% of Beta"),
]

LEADERSHIP = [
    L(
        "FinTech company ENACOMM welcomes senior management veteran Joseph Brown to leadership "
        "team as Chief Revenue Officer",
        "ENACOMM",
        "Joseph Brown",
        "Chief Revenue Officer",
        "appointed",
    ),
    L(
        "CloudBees names Shawn Ahmed as chief marketing officer",
        "CloudBees",
        "Shawn Ahmed",
        "chief marketing officer",
        "appointed",
    ),
    L(
        "Techstars names Maëlle Gavet CEO as the accelerator group looks to expand",
        "Techstars",
        "Maëlle Gavet",
        "CEO",
        "appointed",
    ),
    L(
        "OpenAI names Dali Rajic as Chief Revenue Officer",
        "OpenAI",
        "Dali Rajic",
        "Chief Revenue Officer",
        "appointed",
    ),
    L(
        "NovaAI appointed Marcus Vance as Chief Revenue Officer",
        "NovaAI",
        "Marcus Vance",
        "Chief Revenue Officer",
        "appointed",
    ),
    L("Uber CFO Nelson Chai to leave company", "Uber", "Nelson Chai", "CFO", "departed"),
    L("Chewy CFO Mario Marte to retire", "Chewy", "Mario Marte", "CFO", "departed"),
    L(
        "Alphabet promotes CFO Ruth Porat to president and chief investment officer",
        "Alphabet",
        "Ruth Porat",
        "president and chief investment officer",
        "role_change",
    ),
    L("GitLab names James Shen interim CFO", "GitLab", "James Shen", "interim CFO", "appointed"),
    L(
        "CNX Resources promotes Alan Shepard to CEO",
        "CNX Resources",
        "Alan Shepard",
        "CEO",
        "role_change",
    ),
    L(
        "Accel Entertainment appoints Brett Summerer as CFO",
        "Accel Entertainment",
        "Brett Summerer",
        "CFO",
        "appointed",
    ),
    L(
        "Flowers Foods CFO Steve Kinsey to retire at year-end",
        "Flowers Foods",
        "Steve Kinsey",
        "CFO",
        "departed",
    ),
    L(
        "Disney CFO Christine McCarthy to step down",
        "Disney",
        "Christine McCarthy",
        "CFO",
        "departed",
    ),
    L("Roku CFO Steve Louden stepping down", "Roku", "Steve Louden", "CFO", "departed"),
    L("Snowflake names GitLab's Brian Robins CFO", "Snowflake", "Brian Robins", "CFO", "appointed"),
    L("Brian Robins joins Snowflake as CFO", "Snowflake", "Brian Robins", "CFO", "appointed"),
    L("Sundar Pichai named CEO of Alphabet", "Alphabet", "Sundar Pichai", "CEO", "appointed"),
    L(
        "Starbucks CEO Laxman Narasimhan out, Chipotle's Brian Niccol named successor",
        "Starbucks",
        "Laxman Narasimhan",
        "CEO",
        "departed",
    ),
    L("Susan Wojcicki steps down as YouTube CEO", "YouTube", "Susan Wojcicki", "CEO", "departed"),
    L("Parag Agrawal out as Twitter CEO", "Twitter", "Parag Agrawal", "CEO", "departed"),
    L(
        "Salesforce co-CEO Bret Taylor to step down",
        "Salesforce",
        "Bret Taylor",
        "co-CEO",
        "departed",
    ),
    L(
        "Jane Roe promoted to Chief Operating Officer at Acme",
        "Acme",
        "Jane Roe",
        "Chief Operating Officer",
        "role_change",
    ),
    L(
        "Databricks Announces Appointment of Dave Conte as Chief Financial Officer",
        "Databricks",
        "Dave Conte",
        "Chief Financial Officer",
        "appointed",
    ),
    L(
        "Acme Appoints Jane Roe to Board of Directors",
        "Acme",
        "Jane Roe",
        "Board of Directors",
        "appointed",
    ),
    L(
        "Acme Names Jane Roe Chief Executive Officer",
        "Acme",
        "Jane Roe",
        "Chief Executive Officer",
        "appointed",
    ),
    L(
        "Jane Roe Joins Acme as Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    L("Former Salesforce exec Jane Roe joins Acme as CRO", "Acme", "Jane Roe", "CRO", "appointed"),
    L("Acme taps former Google executive Jane Roe as CTO", "Acme", "Jane Roe", "CTO", "appointed"),
    L(
        "Acme hires Uber veteran Jane Roe as Chief Product Officer",
        "Acme",
        "Jane Roe",
        "Chief Product Officer",
        "appointed",
    ),
    L(
        "Acme Welcomes Jane Roe as Vice President of Sales",
        "Acme",
        "Jane Roe",
        "Vice President of Sales",
        "appointed",
    ),
    L(
        "Acme Expands Leadership Team with Appointment of Jane Roe as CFO",
        "Acme",
        "Jane Roe",
        "CFO",
        "appointed",
    ),
    L(
        "Acme Strengthens Executive Team With the Hire of Jane Roe as Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    L(
        "Acme CEO Jane Roe steps down; John Smith named interim CEO",
        "Acme",
        "Jane Roe",
        "CEO",
        "departed",
    ),
    L("Acme names Jane Roe as new VP of Sales", "Acme", "Jane Roe", "VP of Sales", "appointed"),
    L(
        "Acme Appoints Jane Roe Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    L("Acme names Jane Roe head of EMEA", "Acme", "Jane Roe", "head of EMEA", "appointed"),
    L(
        "Acme promotes Jane Roe to Chief Revenue Officer",
        "Acme",
        "Jane Roe",
        "Chief Revenue Officer",
        "role_change",
    ),
    L("Jane Roe to step down as CFO of Acme", "Acme", "Jane Roe", "CFO", "departed"),
    L(
        "Acme adds Jane Roe to board of directors",
        "Acme",
        "Jane Roe",
        "board of directors",
        "appointed",
    ),
    L("Jane Roe joins Acme as VP of Sales, EMEA", "Acme", "Jane Roe", "VP of Sales", "appointed"),
]

NOT_LEADERSHIP = [
    N("Microsoft names new CFO"),
    N("Acme Announces CEO Transition"),
    N("Acme Strengthens Leadership Team with Two Key Hires"),
    N("Jane Roe leaves Acme"),
    N("Acme hires Jane Roe"),
    N("Tim Cook says Apple will invest $500B in the US"),
    N("Acme CEO Jane Roe on the future of AI agents"),
    N("Ex-Acme CFO Jane Roe charged with fraud"),
    N("Acme's CFO explains the company's third-quarter results"),
    N("Acme names Jane Roe to its 30 Under 30 list"),
    N("Meet Jane Roe, the CFO taking Acme public"),
    N("Acme names Jane Roe partner"),
]

# A second batch, labelled before the extraction was tuned on the first one.
SECOND_BATCH = [
    F("Deel raises $425M Series D at $5.5B valuation", "Deel", 425 * M, "USD", "series-d"),
    F("Munich-based Helsing secures €209M Series B", "Helsing", 209 * M, "EUR", "series-b"),
    F("London fintech Zilch raises $110M in Series C funding", "Zilch", 110 * M, "USD", "series-c"),
    F(
        "Cleo AI raises $80M Series C led by Sofina",
        "Cleo AI",
        80 * M,
        "USD",
        "series-c",
        ("Sofina",),
    ),
    F(
        "Paris-based Alan raises €173M to expand health insurance offering",
        "Alan",
        173 * M,
        "EUR",
        None,
    ),
    F("Legal AI startup Leya raises $10.5M Series A", "Leya", 10.5 * M, "USD", "series-a"),
    F("Bolt raises €628M from Sequoia, Fidelity", "Bolt", 628 * M, "EUR", None, None),
    F(
        "Ramp Secures $300M in Series D Funding Led by Thrive Capital",
        "Ramp",
        300 * M,
        "USD",
        "series-d",
        ("Thrive Capital",),
    ),
    F("Sierra Announces $175 Million Funding Round", "Sierra", 175 * M, "USD", None),
    F("Cohere Closes $500 Million Series D", "Cohere", 500 * M, "USD", "series-d"),
    F(
        "Baseten raises $75M Series C co-led by IVP and Spark Capital",
        "Baseten",
        75 * M,
        "USD",
        "series-c",
        ("IVP", "Spark Capital"),
    ),
    F("Candid Health snags $29M Series B", "Candid Health", 29 * M, "USD", "series-b"),
    F("Nigerian fintech Moniepoint raises $110M", "Moniepoint", 110 * M, "USD", None),
    F("Bengaluru-based Zetwerk raises $120M", "Zetwerk", 120 * M, "USD", None),
    F("Atlanta startup Pindrop raises $100M in debt financing", "Pindrop", 100 * M, "USD", "debt"),
    F("Greenly raises €21M Series B", "Greenly", 21 * M, "EUR", "series-b"),
    F("Seedcamp-backed Tiller raises £2.5 million seed", "Tiller", 2.5 * M, "GBP", "seed"),
    F("Kraken files confidentially for IPO", "Kraken", None, None, "ipo"),
    F("Chime Files for Nasdaq IPO", "Chime", None, None, "ipo"),
    F(
        "Lightspeed leads $40M Series A in Fundamental Labs",
        "Fundamental Labs",
        40 * M,
        "USD",
        "series-a",
        ("Lightspeed",),
    ),
    F(
        "General Catalyst leads $25M seed round for Rivet",
        "Rivet",
        25 * M,
        "USD",
        "seed",
        ("General Catalyst",),
    ),
    F(
        "Factory raises $15M Series A led by Sequoia Capital",
        "Factory",
        15 * M,
        "USD",
        "series-a",
        ("Sequoia Capital",),
    ),
    F(
        "Upwind, the cloud security startup, raises $100M Series A",
        "Upwind",
        100 * M,
        "USD",
        "series-a",
    ),
    F("Tennr (YC W23) raises $18M Series A", "Tennr", 18 * M, "USD", "series-a"),
    F("ClickHouse raises $350M Series C", "ClickHouse", 350 * M, "USD", "series-c"),
    F("Finnish startup Oura raises $100M", "Oura", 100 * M, "USD", None),
    F("Modern Treasury raises $50M Series C", "Modern Treasury", 50 * M, "USD", "series-c"),
    F("Sana secures $55M to expand AI learning platform", "Sana", 55 * M, "USD", None),
    F("Acme.io raises $3.5M pre-seed round", "Acme.io", 3.5 * M, "USD", "pre-seed"),
    F("Wealthsimple raises C$750 million", "Wealthsimple", 750 * M, "CAD", None),
    F(
        "Juro raises $23M Series B led by Eight Roads",
        "Juro",
        23 * M,
        "USD",
        "series-b",
        ("Eight Roads",),
    ),
    N("Google raises YouTube Premium price in several countries"),
    N("Andreessen Horowitz raises $7.2 billion for new funds"),
    N("Founders Fund raises $4.6B for its latest growth fund"),
    N("Acme raises red flags with regulators"),
    N("Why investors are pouring money into AI agents"),
    N("Acme lays off staff months after $50M Series B"),
    N("Acme closes office in Berlin"),
    N("Acme in talks to raise funds at $2B valuation"),
    N("Acme raises hackles with new pricing"),
    N("Acme's Series C: what it means for the market"),
    N("Index Ventures raises $2.3B to back startups in Europe and the US"),
    N("Acme raises $1B through share sale"),
    A("Salesforce to acquire Own Company for $1.9 billion", "Salesforce", "Own Company"),
    A("Cisco buys Isovalent", "Cisco", "Isovalent"),
    A("Klaviyo acquires Kamino", "Klaviyo", "Kamino"),
    A("Isovalent to be acquired by Cisco", "Cisco", "Isovalent"),
    A("Atlassian Completes Acquisition of Loom", "Atlassian", "Loom"),
    A("Databricks snaps up Tabular for $1B+", "Databricks", "Tabular"),
    N("Acme explores sale of its software unit"),
    N("Acme acquires majority stake in Beta"),
    L(
        "Klarna appoints Jane Roe as Chief Marketing Officer",
        "Klarna",
        "Jane Roe",
        "Chief Marketing Officer",
        "appointed",
    ),
    L("Canva names Jane Roe CFO", "Canva", "Jane Roe", "CFO", "appointed"),
    L(
        "Jane Roe joins Notion as Chief Revenue Officer",
        "Notion",
        "Jane Roe",
        "Chief Revenue Officer",
        "appointed",
    ),
    L("Figma CFO Jane Roe to step down", "Figma", "Jane Roe", "CFO", "departed"),
    L("Jane Roe resigns as CEO of Acme", "Acme", "Jane Roe", "CEO", "departed"),
    L(
        "Acme Appoints Jane Roe as Senior Vice President of Sales",
        "Acme",
        "Jane Roe",
        "Senior Vice President of Sales",
        "appointed",
    ),
    L(
        "Acme Names Jane Roe President and Chief Operating Officer",
        "Acme",
        "Jane Roe",
        "President and Chief Operating Officer",
        "appointed",
    ),
    L("Acme Hires Jane Roe as General Counsel", "Acme", "Jane Roe", "General Counsel", "appointed"),
    L(
        "Acme Announces the Appointment of Jane Roe as Chief Technology Officer",
        "Acme",
        "Jane Roe",
        "Chief Technology Officer",
        "appointed",
    ),
    L(
        "Acme Welcomes Jane Roe as Chief People Officer",
        "Acme",
        "Jane Roe",
        "Chief People Officer",
        "appointed",
    ),
    L(
        "Acme Bolsters Leadership Team with Appointment of Jane Roe as Chief Customer Officer",
        "Acme",
        "Jane Roe",
        "Chief Customer Officer",
        "appointed",
    ),
    L("Acme CTO Jane Roe departs", "Acme", "Jane Roe", "CTO", "departed"),
    L("Jane Roe to retire as Acme CEO", "Acme", "Jane Roe", "CEO", "departed"),
    L("Acme elevates Jane Roe to CEO", "Acme", "Jane Roe", "CEO", "role_change"),
    N("Acme CEO Jane Roe warns of AI bubble"),
    N("Acme is hiring a VP of Sales"),
    N("Acme's former CFO Jane Roe launches new startup"),
]

CASES = [
    *FUNDING,
    *NOT_FUNDING,
    *ACQUISITIONS,
    *NOT_ACQUISITIONS,
    *LEADERSHIP,
    *NOT_LEADERSHIP,
    *SECOND_BATCH,
]

KINDS = {Funding: "funding", Acquisition: "acquisition", LeadershipChange: "leadership"}


def observed(case: Case) -> dict[str, object]:
    """The fields :func:`extract` gives for ``case``, named as in :class:`Case`."""
    found = extract(case.headline, case.summary)
    if found is None:
        return {"kind": None}
    if isinstance(found, Funding):
        money = found.money
        return {
            "kind": "funding",
            "company": found.company,
            "amount": money.amount if money else None,
            "currency": money.currency if money else None,
            "round": found.round,
            "lead": found.investors,
        }
    if isinstance(found, Acquisition):
        return {"kind": "acquisition", "company": found.acquirer, "acquired": found.acquired}
    return {
        "kind": "leadership",
        "company": found.company,
        "person": found.person,
        "role": found.role,
        "change": found.change,
    }


def expected(case: Case) -> dict[str, object]:
    """The labelled fields of ``case`` that are scored."""
    if case.kind is None:
        return {"kind": None}
    fields: dict[str, object] = {"kind": case.kind, "company": case.company}
    if case.kind == "funding":
        fields.update(amount=case.amount, currency=case.currency, round=case.round)
        if case.lead is not None:
            fields["lead"] = case.lead
    elif case.kind == "acquisition":
        fields["acquired"] = case.acquired
    else:
        fields.update(person=case.person, role=case.role, change=case.change)
    return fields


def _same(field: str, want: object, got: object) -> bool:
    if field == "amount" and isinstance(want, float) and isinstance(got, float):
        return abs(want - got) <= 1e-6 * want
    return want == got


@pytest.mark.parametrize("case", CASES, ids=[c.headline[:60] for c in CASES])
def test_headline(case: Case) -> None:
    want = expected(case)
    got = observed(case)
    wrong = {k: (v, got.get(k)) for k, v in want.items() if not _same(k, v, got.get(k))}
    assert not wrong, f"{case.headline!r}: field -> (expected, got) {wrong}"
