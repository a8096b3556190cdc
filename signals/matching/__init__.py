"""Entity matching: tie a signal to the one account it is about, or to none.

``MatchIndex`` (in :mod:`signals.matching.index`) is what workers call;
:mod:`signals.matching.names` and :mod:`signals.matching.domains` hold the normalizers.
"""

from signals.matching.domains import company_domain, is_company_domain, registrable_domain
from signals.matching.index import MatchIndex, MatchResult
from signals.matching.names import name_key, name_variants

__all__ = [
    "MatchIndex",
    "MatchResult",
    "company_domain",
    "is_company_domain",
    "name_key",
    "name_variants",
    "registrable_domain",
]
