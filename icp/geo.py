"""Countries and regions: names and codes folded to ISO 3166-1 alpha-2, regions to code sets.

Accounts files spell countries many ways ("US", "USA", "United States"); criteria compare the
folded code so ``countries = ["US"]`` matches all of them. Unknown spellings fold to themselves
(case-insensitive), so a custom spelling still matches itself.
"""

from __future__ import annotations

from functools import lru_cache

from signals.ids import normalize_key

_COUNTRIES: dict[str, tuple[str, ...]] = {
    "US": ("united states", "united states of america", "usa", "u s", "u s a", "america"),
    "CA": ("canada",),
    "MX": ("mexico",),
    "BR": ("brazil", "brasil"),
    "AR": ("argentina",),
    "CL": ("chile",),
    "CO": ("colombia",),
    "PE": ("peru",),
    "GB": (
        "united kingdom",
        "uk",
        "u k",
        "great britain",
        "britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
    ),
    "IE": ("ireland",),
    "FR": ("france",),
    "DE": ("germany", "deutschland"),
    "AT": ("austria", "osterreich"),
    "CH": ("switzerland", "schweiz", "suisse"),
    "NL": ("netherlands", "the netherlands", "holland"),
    "BE": ("belgium",),
    "LU": ("luxembourg",),
    "ES": ("spain", "espana"),
    "PT": ("portugal",),
    "IT": ("italy", "italia"),
    "SE": ("sweden",),
    "NO": ("norway",),
    "DK": ("denmark",),
    "FI": ("finland",),
    "IS": ("iceland",),
    "PL": ("poland",),
    "CZ": ("czech republic", "czechia"),
    "SK": ("slovakia",),
    "HU": ("hungary",),
    "RO": ("romania",),
    "BG": ("bulgaria",),
    "GR": ("greece",),
    "HR": ("croatia",),
    "SI": ("slovenia",),
    "EE": ("estonia",),
    "LV": ("latvia",),
    "LT": ("lithuania",),
    "CY": ("cyprus",),
    "MT": ("malta",),
    "UA": ("ukraine",),
    "TR": ("turkey", "turkiye"),
    "IL": ("israel",),
    "AE": ("united arab emirates", "uae"),
    "SA": ("saudi arabia",),
    "QA": ("qatar",),
    "EG": ("egypt",),
    "ZA": ("south africa",),
    "NG": ("nigeria",),
    "KE": ("kenya",),
    "MA": ("morocco",),
    "IN": ("india",),
    "CN": ("china",),
    "JP": ("japan",),
    "KR": ("south korea", "korea", "republic of korea"),
    "SG": ("singapore",),
    "HK": ("hong kong",),
    "TW": ("taiwan",),
    "AU": ("australia",),
    "NZ": ("new zealand",),
    "ID": ("indonesia",),
    "MY": ("malaysia",),
    "TH": ("thailand",),
    "VN": ("vietnam", "viet nam"),
    "PH": ("philippines",),
}

_EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]

REGIONS: dict[str, frozenset[str]] = {
    "north_america": frozenset({"US", "CA"}),
    "na": frozenset({"US", "CA"}),
    "amer": frozenset({"US", "CA", "MX", "BR", "AR", "CL", "CO", "PE"}),
    "latam": frozenset({"MX", "BR", "AR", "CL", "CO", "PE"}),
    "eu": frozenset(_EU),
    "europe": frozenset([*_EU, "GB", "CH", "NO", "IS", "UA"]),
    "uki": frozenset({"GB", "IE"}),
    "dach": frozenset({"DE", "AT", "CH"}),
    "nordics": frozenset({"SE", "NO", "DK", "FI", "IS"}),
    "benelux": frozenset({"BE", "NL", "LU"}),
    "mena": frozenset({"AE", "SA", "QA", "EG", "MA", "IL", "TR"}),
    "emea": frozenset(
        [
            *_EU,
            "GB",
            "CH",
            "NO",
            "IS",
            "UA",
            "TR",
            "IL",
            "AE",
            "SA",
            "QA",
            "EG",
            "ZA",
            "NG",
            "KE",
            "MA",
        ]
    ),
    "apac": frozenset({"IN", "CN", "JP", "KR", "SG", "HK", "TW", "AU", "NZ", "ID", "MY", "TH"})
    | {"VN", "PH"},
    "anz": frozenset({"AU", "NZ"}),
}

_BY_NAME = {name: code for code, names in _COUNTRIES.items() for name in names}


@lru_cache(maxsize=4096)
def country_code(value: str) -> str:
    """ISO alpha-2 code for a country name or code; unknown spellings fold to lower case."""
    key = normalize_key(value)
    upper = key.upper()
    if upper in _COUNTRIES:
        return upper
    return _BY_NAME.get(key, value.strip().casefold())


def region_key(name: str) -> str:
    return normalize_key(name).replace(" ", "_")


def region_countries(name: str) -> frozenset[str] | None:
    """Country codes of a named region (``EMEA``, ``DACH``, ``North America``...), or None."""
    return REGIONS.get(region_key(name))
