"""Name keys and name variants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signals.matching.names import (
    LEGAL_FORMS,
    _drop_edgar_tag,
    _variants,
    _words,
    name_key,
    name_keys,
    name_variants,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme Corp", "acme"),
        ("ACME CORP /DE/", "acme"),
        ("X INC/NEW/", "x"),
        ("TOYOTA MOTOR CORP/", "toyota motor"),
        ("The Acme Group, Inc.", "acme group"),
        ("Acme, L.L.C.", "acme"),
        ("Acme S.A.S.", "acme"),
        ("Acme B.V.", "acme"),
        ("Acme N.V.", "acme"),
        ("Acme GmbH & Co. KG", "acme"),
        ("Acme Pty Ltd", "acme"),
        ("Acme Holdings PLC", "acme"),
        ("A.P. Moller - Maersk A/S", "ap moller maersk"),
        ("Société Générale S.A.", "societe generale"),
        ("Nestlé", "nestle"),
        ("L’Oréal", "loreal"),
        ("McDonald's Corporation", "mcdonalds"),
        ("Procter & Gamble Co", "procter and gamble"),
        ("Procter and Gamble", "procter and gamble"),
        ("AT&T Inc.", "at and t"),
        ("Johnson Controls Intl", "johnson controls international"),
        ("JPMorgan Chase Bank, N.A.", "jpmorgan chase bank"),
        ("Klarna Bank AB (publ)", "klarna bank"),
        ("24/7 Inc", "24 7"),
        ("トヨタ自動車株式会社", "トヨタ自動車株式会社"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    "name", ["", "   ", "Inc.", "LLC", "L.L.C.", "S.A.", "Co.", "The", "&", "???", "\u200b", None]
)
def test_names_that_are_nothing_or_only_a_legal_form_have_no_key(name: str | None) -> None:
    assert name_key(name) == ""
    assert name_keys(name) == ((), ())


@pytest.mark.parametrize(
    ("name", "current", "former"),
    [
        ("Foo LLC d/b/a Bar", ("Foo LLC", "Bar"), ()),
        ("Foo LLC dba Bar", ("Foo LLC", "Bar"), ()),
        ("Foo LLC (d/b/a Bar)", ("Foo LLC", "Bar"), ()),
        ("Block, Inc. (formerly Square, Inc.)", ("Block, Inc.",), ("Square, Inc.",)),
        ("Block, Inc. f/k/a Square, Inc.", ("Block, Inc.",), ("Square, Inc.",)),
        ("DBA Tools Inc", ("DBA Tools Inc",), ()),
        ("Acme (UK) Ltd", ("Acme (UK) Ltd",), ()),
    ],
)
def test_name_variants(name: str, current: tuple[str, ...], former: tuple[str, ...]) -> None:
    variants = name_variants(name)
    assert (variants.current, variants.former) == (current, former)


def test_name_keys_of_a_dba_and_a_former_name() -> None:
    assert name_keys("People Center, Inc. d/b/a Rippling (formerly Foo Corp)") == (
        ("people center", "rippling"),
        ("foo",),
    )


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäéøß0123456789", min_size=1, max_size=8)
_LEGAL_WRITTEN = st.sampled_from(
    [
        "Inc.",
        "Inc",
        ", Inc.",
        "Corp",
        "Corporation",
        "LLC",
        "L.L.C.",
        "Ltd",
        "Limited",
        "GmbH",
        "AG",
        "S.A.",
        "SA",
        "S.A.S.",
        "B.V.",
        "N.V.",
        "PLC",
        "Co.",
        "Company",
        "Pty Ltd",
        "LLP",
        "/DE/",
    ]
)


@given(st.text(max_size=80))
def test_name_key_is_total_and_tidy(name: str) -> None:
    key = name_key(name)
    assert key == key.strip()
    assert "  " not in key
    assert name_key(key) == key


@given(st.lists(_WORD, min_size=1, max_size=4), _LEGAL_WRITTEN)
def test_a_legal_form_does_not_change_the_key(words: list[str], legal: str) -> None:
    core = " ".join(words)
    if name_key(core):
        assert name_key(f"{core} {legal}") == name_key(core)


@given(st.lists(_WORD, min_size=1, max_size=4))
def test_case_does_not_change_the_key(words: list[str]) -> None:
    core = " ".join(words)
    assert name_key(core.upper()) == name_key(core) == name_key(core.title())


@given(st.sampled_from(sorted(LEGAL_FORMS)), st.sampled_from(sorted(LEGAL_FORMS)))
def test_legal_forms_alone_have_no_key(first: str, second: str) -> None:
    assert name_key(first) == ""
    assert name_key(f"{first} {second}".upper()) == ""


@given(st.text(max_size=80))
def test_name_variants_never_raise(name: str) -> None:
    variants = name_variants(name)
    assert all(part.strip() == part and part for part in variants.current + variants.former)


# Text made of the pieces the variant and EDGAR-tag rules look at, so examples hit them.
_PIECES = st.sampled_from(
    [
        "a", "b", "d", "f", "k", "t", "s", "i", "e", "n", "DE", "new", "Acme", "Corp", "/",
        "\\", " ", "  ", ".", ",", "(", ")", "d/b/a", "D / B / A", "t/a", "a/k/a", "f/k/a",
        "dba", "d.b.a.", "doing business as", "trading as", "aka", "also known as",
        "formerly", "fka", "previously", "née", "nee", "DO\u0130NG BUSINESS AS", "\u0131",
        "\u212a", "\u017f", "É", "\n", "\t",
    ]
)  # fmt: skip
_PIECED = st.lists(_PIECES, max_size=12).map("".join)


def _old_edgar_tag_rule(text: str) -> str:
    tag = re.compile(r"\s*[/\\](?:[a-z]{2,4}[/\\])?\s*$")
    return tag.sub("", tag.sub("", text))


@given(_PIECED)
def test_edgar_tags_are_dropped_as_by_the_whole_name_pattern(text: str) -> None:
    text = text.casefold()
    assert _drop_edgar_tag(_drop_edgar_tag(text)) == _old_edgar_tag_rule(text)


@given(st.one_of(_PIECED, st.text(max_size=40)))
def test_the_variant_fast_path_never_changes_the_variants(text: str) -> None:
    assert name_variants(text) == (_variants(text[:300]) if text else name_variants(text))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ACME CORP /DE/ ", "acme"),
        ("Acme Corp\\DE\\", "acme"),
        ("Acme/DE/", "acme"),
        ("ACME INC /NEW/ /DE/", "acme"),
        ("Acme/", "acme"),
        ("A/B/DELAWARE/", "a b delaware"),
        ("Acme Foods (NY)", "acme foods ny"),
        ("J.P. Morgan Corp.", "jp morgan"),
    ],
)
def test_tags_and_initials_cases(name: str, key: str) -> None:
    assert name_key(name) == key


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=60), st.text()))
def test_words_are_the_runs_of_letters_and_digits(text: str) -> None:
    assert _words(text) == re.findall(r"[^\W_]+", text)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # EDGAR conformed names: tags left unclosed, CIK and role from filing indexes.
        ("QUALCOMM INC/DE", "qualcomm"),
        ("COSTCO WHOLESALE CORP /NEW", "costco wholesale"),
        ("APPLIED MATERIALS INC /DE", "applied materials"),
        ("WELLS FARGO & COMPANY/MN", "wells fargo"),
        ("US BANCORP/DE", "us bancorp"),
        ("ACME CORP /DE/ (0000123456) (Filer)", "acme"),
        ("Acme Inc (CIK 0001234567)", "acme"),
        ("AMAZON COM INC", "amazon"),
        ("PAYPAL HLDGS INC", "paypal"),
        # Names written as domains.
        ("Amazon.com, Inc.", "amazon"),
        ("Acme.io", "acme"),
        ("acme.co.uk Ltd", "acme"),
        # "The" at the end, as indexes sort names.
        ("Coca-Cola Company (The)", "coca cola"),
        ("Home Depot, Inc., The", "home depot"),
        # Legal forms spelled out, or of other jurisdictions.
        ("Acme Limited Liability Company", "acme"),
        ("Acme Public Limited Company", "acme"),
        ("Acme Limited Liability Partnership", "acme"),
        ("Acme Proprietary Limited", "acme"),
        ("Acme Designated Activity Company", "acme"),
        ("Acme Gesellschaft mit beschränkter Haftung", "acme"),
        ("Acme UG (haftungsbeschränkt)", "acme"),
        ("Acme S.A. de C.V.", "acme"),
        ("Acme S.A.B. de C.V.", "acme"),
        ("Acme S. de R.L. de C.V.", "acme"),
        ("Acme Sp. z o.o.", "acme"),
        ("ACME SP Z O O", "acme"),
        ("Acme spółka z o.o.", "acme"),
        ("Acme spol. s r.o.", "acme"),
        ("Acme S.à r.l.", "acme"),
        ("Acme S.L.U.", "acme"),
        ("Acme Sdn. Bhd.", "acme"),
        ("Malayan Banking Berhad", "malayan banking"),
        ("Acme Kabushiki Kaisha", "acme"),
        ("Acme Kft.", "acme"),
        ("Acme d.o.o.", "acme"),
        ("Acme OÜ", "acme"),
        ("Acme Ltée", "acme"),
        ("Acme L P", "acme"),
        ("PJSC Gazprom", "gazprom"),
        ("Aktiebolaget Electrolux", "electrolux"),
        ("PT Bank Central Asia Tbk", "bank central asia"),
        ("PT Solutions", "pt solutions"),  # "PT" opens a name only before "Tbk"/"Persero"
        # Descriptions and tickers after the name.
        ("Acme Inc., a Delaware corporation", "acme"),
        ("Mendix, a Siemens Business", "mendix"),
        ("Acme Inc. (NASDAQ: ACME)", "acme"),
        ("Acme Inc (NYSE:ACME; TSX: ACM)", "acme"),
        # CRM and feed artefacts.
        ("AT&amp;T Inc.", "at and t"),
        ("Johnson &amp;amp; Johnson", "johnson and johnson"),
        ("Acme&#39;s Bakery", "acmes bakery"),
        ("Acme\u2122 Inc.", "acme"),
        ("Acme(TM)", "acme"),
        ("Acme\u00ae", "acme"),
        ("Drop\u00adbox, Inc.", "dropbox"),
        ("Ørsted A/S", "orsted"),
        ("Łukasiewicz Sp. z o.o.", "lukasiewicz"),
        ("Abbott Labs", "abbott laboratories"),
    ],
)
def test_name_key_of_real_world_writings(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # Meaningful words stay: dropping them would merge different companies.
        ("Acme Technologies Co., Ltd.", "acme technologies"),
        ("Acme Group Holdings Ltd", "acme group"),
        ("Acme AI", "acme ai"),
        ("Acme Labs Inc", "acme laboratories"),
        ("Acme Bancorp", "acme bancorp"),
        ("Acme Japan K.K.", "acme japan"),
        ("Acme Global, Inc.", "acme global"),
        # A slash inside a name is not an EDGAR tag.
        ("AC/DC", "ac dc"),
        ("Sales/AI Inc", "sales ai"),
        # Words that are also legal-form abbreviations name a company on their own.
        ("UAB", "uab"),
        ("SCA", "sca"),
        ("Com", "com"),
        ("Yahoo.co.jp", "yahoo co jp"),
    ],
)
def test_name_key_keeps_what_names_a_company(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "current", "secondary"),
    [
        ("Acme - EMEA", ("acme emea",), ("acme",)),
        ("Acme \u2013 North America", ("acme north america",), ("acme",)),
        ("Acme | UK", ("acme uk",), ("acme",)),
        ("Acme (UK) Ltd", ("acme uk",), ("acme",)),
        ("Acme Ltd (UK)", ("acme ltd uk",), ("acme",)),
        ("Acme Analytics - EMEA", ("acme analytics emea",), ("acme analytics",)),
        # Only region and organisation words qualify after a dash.
        ("Acme - Analytics", ("acme analytics",), ()),
        ("A.P. Moller - Maersk A/S", ("ap moller maersk",), ()),
        # Noise in parentheses is no qualifier.
        ("Block, Inc. (formerly Square, Inc.) (NYSE: SQ)", ("block",), ("square",)),
        ("ACME CORP /DE/ (Filer)", ("acme",), ()),
    ],
)
def test_a_qualified_name_keys_its_head_as_a_secondary_name(
    name: str, current: tuple[str, ...], secondary: tuple[str, ...]
) -> None:
    assert name_keys(name) == (current, secondary)


@given(st.lists(_WORD, min_size=1, max_size=4))
def test_html_escaping_does_not_change_the_key(words: list[str]) -> None:
    core = " & ".join(words)
    assert name_key(core.replace("&", "&amp;")) == name_key(core)
