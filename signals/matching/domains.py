"""Domains: URLs and hosts to the registrable domain, offline; which domains name a company.

``registrable_domain`` uses tldextract's bundled public-suffix snapshot and never fetches
the list over the network. ``is_company_domain`` says whether a registrable domain can
identify the company a signal is about: a link to a news site, a job board, a URL
shortener, a social network, the SEC or a press-release wire names the publisher, not
the company, so matching on it would tie every story from that publisher to one account.

The deny list is :data:`NON_COMPANY_DOMAINS`, grouped by why each entry is there. Add a
domain to the group it belongs to (registrable form, lower case, ASCII/punycode); the
tests check that every entry is in registrable form.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

# The bundled public-suffix snapshot only: never fetch the list over the network.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_MAX_INPUT = 2048
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# Public-suffix rules of the bundled snapshot ("co.uk", "*.ck", "!www.ck"), ICANN section.
_RULES = frozenset(_EXTRACT.tlds)
_SPACE = re.compile(r"\s")
# scheme://host[:port][/...] with an ASCII host and no user info; anything else goes to urlsplit
_SIMPLE_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//([a-z0-9.-]+?)\.?(?::[0-9]*)?(?:[/?#]|$)")

NEWS_SITES = frozenset(
    {
        "techcrunch.com",
        "reuters.com",
        "bloomberg.com",
        "wsj.com",
        "nytimes.com",
        "ft.com",
        "cnbc.com",
        "forbes.com",
        "fortune.com",
        "businessinsider.com",
        "venturebeat.com",
        "axios.com",
        "theverge.com",
        "wired.com",
        "zdnet.com",
        "theinformation.com",
        "geekwire.com",
        "siliconangle.com",
        "sifted.eu",
        "tech.eu",
        "eu-startups.com",
        "finsmes.com",
        "fiercebiotech.com",
        "marketwatch.com",
        "barrons.com",
        "seekingalpha.com",
        "fool.com",
        "investing.com",
        "bbc.co.uk",
        "bbc.com",
        "theguardian.com",
        "washingtonpost.com",
        "apnews.com",
        "cnn.com",
        "yahoo.com",
        "msn.com",
        "crunchbase.com",
        "pitchbook.com",
        "cbinsights.com",
        "dealroom.co",
        "medium.com",
        "substack.com",
        "wikipedia.org",
        "bizjournals.com",
        "inc.com",
        "fastcompany.com",
        "entrepreneur.com",
        "businessweek.com",
        "economist.com",
        "usatoday.com",
        "latimes.com",
        "nbcnews.com",
        "cbsnews.com",
        "npr.org",
        "newsweek.com",
        "time.com",
        "qz.com",
        "insider.com",
        "mashable.com",
        "engadget.com",
        "arstechnica.com",
        "techradar.com",
        "thenextweb.com",
        "semafor.com",
        "benzinga.com",
        "thestreet.com",
        "marketscreener.com",
        "morningstar.com",
        "investors.com",
        "pymnts.com",
        "finextra.com",
        "fintechfutures.com",
        "crowdfundinsider.com",
        "alleywatch.com",
        "techfundingnews.com",
        "betakit.com",
        "techinasia.com",
        "e27.co",
        "dealstreetasia.com",
        "inc42.com",
        "yourstory.com",
        "entrackr.com",
        "livemint.com",
        "moneycontrol.com",
        "indiatimes.com",
        "scmp.com",
        "nikkei.com",
        "afr.com",
        "smh.com.au",
        "cityam.com",
        "telegraph.co.uk",
        "thetimes.co.uk",
        "independent.co.uk",
        "uktech.news",
        "handelsblatt.com",
        "faz.net",
        "gruenderszene.de",
        "t3n.de",
        "lesechos.fr",
        "calcalistech.com",
        "globes.co.il",
        "statnews.com",
        "endpts.com",
        "fiercehealthcare.com",
        "fiercepharma.com",
        "biopharmadive.com",
        "medcitynews.com",
        "mobihealthnews.com",
        "pehub.com",
        "flipboard.com",
        "feedly.com",
        "tracxn.com",
        "owler.com",
        "g2.com",
        "capterra.com",
        "trustpilot.com",
        "f6s.com",
    }
)
JOB_BOARDS = frozenset(
    {
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "workable.com",
        "smartrecruiters.com",
        "myworkdayjobs.com",
        "icims.com",
        "jobvite.com",
        "bamboohr.com",
        "breezy.hr",
        "recruitee.com",
        "teamtailor.com",
        "personio.de",
        "personio.com",
        "indeed.com",
        "glassdoor.com",
        "ziprecruiter.com",
        "monster.com",
        "wellfound.com",
        "angel.co",
        "ycombinator.com",
        "builtin.com",
        "dice.com",
        "stepstone.de",
        "welcometothejungle.com",
        "otta.com",
        "applytojob.com",
        "jazzhr.com",
        "pinpointhq.com",
        "homerun.co",
        "join.com",
        "freshteam.com",
        "zohorecruit.com",
        "taleo.net",
        "successfactors.com",
        "successfactors.eu",
        "ultipro.com",
        "paylocity.com",
        "paycomonline.net",
        "dayforcehcm.com",
        "myworkdaysite.com",
        "comeet.com",
        "jobscore.com",
        "careers-page.com",
        "rippling-ats.com",
        "simplyhired.com",
        "careerbuilder.com",
        "hired.com",
        "workatastartup.com",
        "remoteok.com",
        "weworkremotely.com",
        "totaljobs.com",
        "reed.co.uk",
        "seek.com.au",
        "naukri.com",
        "xing.com",
        "stepstone.com",
    }
)
URL_SHORTENERS = frozenset(
    {
        "bit.ly",
        "t.co",
        "goo.gl",
        "tinyurl.com",
        "ow.ly",
        "buff.ly",
        "lnkd.in",
        "rebrand.ly",
        "is.gd",
        "dlvr.it",
        "trib.al",
        "shorturl.at",
        "cutt.ly",
        "tiny.cc",
        "bl.ink",
        "bitly.com",
        "t.ly",
        "rb.gy",
        "s.id",
        "v.gd",
        "ift.tt",
        "fb.me",
        "amzn.to",
        "wp.me",
        "flip.it",
        "mailchi.mp",
        "hubs.ly",
        "hubs.la",
        "spr.ly",
    }
)
SOCIAL_NETWORKS = frozenset(
    {
        "linkedin.com",
        "twitter.com",
        "x.com",
        "facebook.com",
        "fb.com",
        "instagram.com",
        "youtube.com",
        "youtu.be",
        "tiktok.com",
        "reddit.com",
        "threads.net",
        "mastodon.social",
        "github.com",
        "gitlab.com",
        "github.io",
        "producthunt.com",
        "linktr.ee",
        "bsky.app",
        "discord.gg",
        "t.me",
    }
)
REGULATORS_AND_FILINGS = frozenset({"sec.gov", "edgar-online.com", "companieshouse.gov.uk"})
PRESS_WIRES = frozenset(
    {
        "businesswire.com",
        "prnewswire.com",
        "globenewswire.com",
        "accesswire.com",
        "newswire.com",
        "einpresswire.com",
        "prweb.com",
        "prlog.org",
        "newsfilecorp.com",
        "cision.com",
    }
)
FREE_MAIL_AND_HOSTING = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "aol.com",
        "icloud.com",
        "proton.me",
        "protonmail.com",
        "wixsite.com",
        "squarespace.com",
        "wordpress.com",
        "blogspot.com",
        "notion.site",
        "herokuapp.com",
        "vercel.app",
        "netlify.app",
        "yahoo.co.uk",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "qq.com",
        "163.com",
        "pages.dev",
        "webflow.io",
        "framer.website",
        "carrd.co",
        "ghost.io",
        "beehiiv.com",
        "firebaseapp.com",
        "web.app",
        "azurewebsites.net",
        "cloudfront.net",
    }
)

NON_COMPANY_DOMAINS: frozenset[str] = (
    NEWS_SITES
    | JOB_BOARDS
    | URL_SHORTENERS
    | SOCIAL_NETWORKS
    | REGULATORS_AND_FILINGS
    | PRESS_WIRES
    | FREE_MAIL_AND_HOSTING
)


@lru_cache(maxsize=200_000)
def registrable_domain(value: str | None) -> str | None:
    """``https://www.Acme.co.uk:443/x`` -> ``acme.co.uk``; ``None`` for IPs, localhost, junk.

    Accepts a bare host, a host with port or path, or a full URL with any scheme;
    internationalized hosts come back in punycode (``bücher.de`` -> ``xn--bcher-kva.de``).
    Never raises: whatever cannot be a public registrable domain gives ``None``.
    """
    if not value or len(value) > _MAX_INPUT:
        return None
    text = value.strip().lower()
    if not text or _SPACE.search(text):
        return None
    simple_url = _SIMPLE_URL.match(text)
    if _PLAIN_HOST.fullmatch(text):  # the common cases: a bare ASCII host, or a plain URL
        host: str | None = text
    elif simple_url and _PLAIN_HOST.fullmatch(simple_url.group(1)):
        host = simple_url.group(1)
    else:
        if "://" not in text:
            text = "http://" + text.lstrip("/")
        try:
            host = urlsplit(text).hostname
        except ValueError:
            return None
        if not host:
            return None
        host = host.rstrip(".")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not host:
        return None
    if host[-1].isdigit() or ":" in host:
        try:
            ipaddress.ip_address(host)
            return None
        except ValueError:
            pass
    if "xn--" in host:  # rules are stored in Unicode; tldextract decodes the labels
        parts = _EXTRACT(host)
        if not parts.domain or not parts.suffix:
            return None
        found = f"{parts.domain}.{parts.suffix}"
        return found if _PLAIN_HOST.fullmatch(found) else None
    if not _PLAIN_HOST.fullmatch(host):  # "-a.com", "my_site.com", empty labels
        return None
    return _registrable_ascii(host)


def _registrable_ascii(host: str) -> str | None:
    """The public-suffix algorithm on an ASCII host (what tldextract does, without its
    per-call overhead; the tests check both agree)."""
    labels = host.split(".")
    count = len(labels)
    start = count  # index of the first label of the public suffix
    for i in range(count - 1, -1, -1):
        rest = ".".join(labels[i:])
        if "!" + rest in _RULES:
            start = i + 1
            break
        if rest in _RULES or (i < count - 1 and "*." + ".".join(labels[i + 1 :]) in _RULES):
            start = i
    if start == count or start == 0:
        return None
    return f"{labels[start - 1]}.{'.'.join(labels[start:])}"


def is_company_domain(domain: str | None) -> bool:
    """True when ``domain`` (a URL, host or domain) can identify the company a signal is about.

    False for anything without a registrable domain and for publishers, job boards,
    shorteners, social networks, regulators, press wires and free mail/hosting
    (:data:`NON_COMPANY_DOMAINS`), whose domain says where a story was published.
    """
    registrable = registrable_domain(domain)
    if registrable is None:
        return False
    return registrable not in NON_COMPANY_DOMAINS


def company_domain(value: str | None) -> str | None:
    """The registrable domain of ``value`` when it can identify a company, else ``None``."""
    registrable = registrable_domain(value)
    if registrable is None or registrable in NON_COMPANY_DOMAINS:
        return None
    return registrable
