"""Stable signal ids.

An id is a fingerprint of what makes a signal the same signal, so refetching an
item, or a second source reporting the same fact, yields the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_key(text: str | None) -> str:
    """Lower-case, accent-free, punctuation-free text for use in fingerprints."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", folded.lower()).strip()


def fingerprint(kind: str, *parts: str | None) -> str:
    """``kind`` plus a 20-hex-digit digest of the normalized parts, e.g. ``funding-3f2a...``."""
    material = "\x1f".join(normalize_key(p) for p in parts)
    digest = hashlib.sha256(f"{kind}\x1e{material}".encode()).hexdigest()[:20]
    return f"{kind}-{digest}"
