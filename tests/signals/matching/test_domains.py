"""Registrable domains and the deny list of non-company domains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signals.matching.domains import (
    _EXTRACT,
    _RULES,
    NON_COMPANY_DOMAINS,
    _registrable_ascii,
    company_domain,
    is_company_domain,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("acme.com", "acme.com"),
        ("https://www.Acme.co.uk:443/path?q=1#x", "acme.co.uk"),
        ("WWW.ACME.COM.AU", "acme.com.au"),
        ("careers.eu.acme.com", "acme.com"),
        ("acme.com.", "acme.com"),
        ("ftp://files.acme.io/", "acme.io"),
        ("//acme.com/x", "acme.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("https://www.пример.рф/", "xn--e1afmkfd.xn--p1ai"),
        ("global.toyota", "global.toyota"),
        ("www.ck", "www.ck"),
        ("foo.bar.ck", "foo.bar.ck"),
    ],
)
def test_registrable_domain(value: str, domain: str) -> None:
    assert registrable_domain(value) == domain


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "localhost",
        "http://localhost:8080/x",
        "127.0.0.1",
        "http://10.0.0.1:80/",
        "[::1]",
        "http://[2001:db8::1]/",
        "foo.local",
        "com",
        "co.uk",
        "not a domain",
        "-acme.com",
        "my_site.com",
        "a..com",
        "http://",
        "acme\udcff.com",
        "x" * 3000 + ".com",
    ],
)
def test_not_a_registrable_domain(value: str | None) -> None:
    assert registrable_domain(value) is None
    assert not is_company_domain(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://techcrunch.com/2026/01/01/acme-raises/",
        "https://boards.greenhouse.io/acme",
        "https://jobs.lever.co/acme",
        "https://jobs.ashbyhq.com/acme",
        "https://apply.workable.com/acme",
        "https://www.linkedin.com/company/acme",
        "https://bit.ly/3xYz",
        "https://t.co/abc",
        "https://www.sec.gov/Archives/edgar/data/1/x.htm",
        "https://www.businesswire.com/news/home/1/en",
        "https://www.prnewswire.com/news-releases/x.html",
        "https://www.globenewswire.com/news-release/x",
        "https://twitter.com/acme",
        "https://acme.github.io/",
    ],
)
def test_publishers_and_platforms_are_not_company_domains(value: str) -> None:
    assert registrable_domain(value) is not None
    assert not is_company_domain(value)
    assert company_domain(value) is None


def test_a_company_domain() -> None:
    assert is_company_domain("https://www.acme.co.uk/about")
    assert company_domain("https://www.acme.co.uk/about") == "acme.co.uk"


@pytest.mark.parametrize("domain", sorted(NON_COMPANY_DOMAINS))
def test_every_deny_list_entry_is_in_registrable_form(domain: str) -> None:
    assert registrable_domain(domain) == domain


_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_ASCII_RULES = sorted(r for r in _RULES if r.isascii())


@given(st.lists(_LABEL, max_size=3), st.sampled_from(_ASCII_RULES), _LABEL)
def test_the_fast_public_suffix_path_agrees_with_tldextract(
    labels: list[str], rule: str, wildcard: str
) -> None:
    host = ".".join([*labels, rule.lstrip("!").replace("*", wildcard)])
    parts = _EXTRACT(host)
    expected = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else None
    assert _registrable_ascii(host) == expected


@given(st.text(max_size=100))
def test_registrable_domain_is_total(value: str) -> None:
    domain = registrable_domain(value)
    assert domain is None or (domain == domain.lower() and domain.isascii() and "." in domain)


@given(
    st.sampled_from(["", "http://", "https://", "//", "ftp://", "HTTPS://"]),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.sampled_from(["com", "co.uk", "com.au", "io", "de", "ck", "local"]),
    st.sampled_from(["", ":443", ":", ".", ".:8080"]),
    st.sampled_from(["", "/", "/a/b?c=1", "?x", "#y"]),
)
def test_the_fast_url_path_agrees_with_urlsplit(
    scheme: str, labels: list[str], suffix: str, port: str, path: str
) -> None:
    from urllib.parse import urlsplit

    url = f"{scheme}{'.'.join(labels)}.{suffix}{port}{path}"
    text = url.lower() if "://" in url.lower() else "http://" + url.lower().lstrip("/")
    host = (urlsplit(text).hostname or "").rstrip(".")
    parts = _EXTRACT(host)
    expected = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else None
    assert registrable_domain(url) == expected


@pytest.mark.parametrize(
    "value",
    [
        "https://www.bizjournals.com/sanfrancisco/news/2026/01/01/acme-raises.html",
        "https://inc42.com/buzz/acme-raises/",
        "https://www.benzinga.com/pressreleases/26/01/acme",
        "https://acme.applytojob.com/apply/abc",
        "https://app.pinpointhq.com/acme/jobs",
        "https://acme.wd1.myworkdaysite.com/recruiting/acme",
        "https://career4.successfactors.com/career?company=acme",
        "https://www.seek.com.au/job/123",
        "https://rb.gy/abc12",
        "https://ift.tt/3xYz",
        "https://amzn.to/3xYz",
        "https://linktr.ee/acme",
        "https://acme.webflow.io/",
        "https://acme-site.pages.dev/",
    ],
)
def test_more_publishers_job_hosts_shorteners_and_hosts_are_not_company_domains(
    value: str,
) -> None:
    assert registrable_domain(value) is not None
    assert company_domain(value) is None
