"""How fresh the collected postings are: when collection last worked, and whether it is failing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from time import monotonic

from pymongo import DESCENDING

from core.collection.models import CollectionRun

RECENT_RUNS = 20


@dataclass(frozen=True, slots=True)
class Freshness:
    """The newest run that brought postings in, and since when the runs after it failed."""

    updated_at: datetime | None = None
    failing_since: datetime | None = None


async def freshness() -> Freshness:
    """Read from the most recent collection runs (samples and dry runs aside)."""
    cursor = (
        CollectionRun.get_pymongo_collection()
        .find({"dry_run": False, "trigger": {"$ne": "sample"}}, {"status": 1, "started_at": 1})
        .sort("started_at", DESCENDING)
        .limit(RECENT_RUNS)
    )
    failing_since: datetime | None = None
    async for run in cursor:
        if run.get("status") in ("succeeded", "partial"):
            return Freshness(run["started_at"], failing_since)
        if run.get("status") == "failed":
            failing_since = run["started_at"]
    return Freshness(None, failing_since)


@dataclass
class FreshnessCache:
    """`freshness()` read at most once per `ttl` seconds: every answer shows it."""

    ttl: float = 60.0
    _value: Freshness | None = None
    _read_at: float = float("-inf")

    async def get(self) -> Freshness:
        """The cached freshness, read again when older than the ttl."""
        if self._value is None or monotonic() - self._read_at >= self.ttl:
            self._value = await freshness()
            self._read_at = monotonic()
        return self._value
