"""A fingerprint of the extractor and its data, stored on postings to find stale ones."""

from __future__ import annotations

import hashlib
from functools import cache

from core.taxonomy.catalog import DATA_DIR

# Bump when the extraction rules change in a way that changes results.
RULES_VERSION = "1"


@cache
def extractor_version() -> str:
    """Rules version plus a hash of every taxonomy data file."""
    digest = hashlib.sha256(RULES_VERSION.encode())
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        digest.update(path.relative_to(DATA_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{RULES_VERSION}-{digest.hexdigest()[:12]}"
