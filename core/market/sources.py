"""Where answers read their counts: the roll-ups (fast), or the raw postings (the reference)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from time import monotonic
from typing import Any, Protocol

from core.clock import utcnow
from core.market import rollups
from core.market.analytics import Tally, pair_counts, tally
from core.market.postings import Scope, fetch
from core.postings.models import JobPosting


class MarketSource(Protocol):
    """Counts of postings for a role and place over a period."""

    async def counts(
        self, role: str | None, location: str | None, since: date, until: date
    ) -> tuple[Tally, Tally]:
        """Tallies for days in [since, until) and for the whole months those days touch."""
        ...

    async def pairs(self, role: str, since: date, until: date) -> Counter[tuple[str, str]]:
        """Pair counts of a role over the whole months a period touches."""
        ...

    async def sample(self) -> bool:
        """Whether the postings include the bundled samples."""
        ...

    async def latest(
        self, role: str | None, location: str | None, since: datetime
    ) -> list[dict[str, Any]]:
        """The newest postings since a moment (at most LATEST_KEEP), newest first."""
        ...


def _month_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since.replace(day=1), time(0), tzinfo=UTC)
    last = (until.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(last, time(0), tzinfo=UTC)


class RawSource:
    """Direct aggregation over the postings: simple, exact, slow on a large history."""

    async def counts(
        self, role: str | None, location: str | None, since: date, until: date
    ) -> tuple[Tally, Tally]:
        start, end = _month_bounds(since, until)
        rows = await fetch(Scope(role, location, start, end))
        lo, hi = since.isoformat(), until.isoformat()
        window = tally(r for r in rows if lo <= r["posted_at"].date().isoformat() < hi)
        return window, tally(rows)

    async def pairs(self, role: str, since: date, until: date) -> Counter[tuple[str, str]]:
        start, end = _month_bounds(since, until)
        return pair_counts(await fetch(Scope(role, None, start, end)))

    async def sample(self) -> bool:
        return await JobPosting.find_one({"source": "sample"}) is not None

    async def latest(
        self, role: str | None, location: str | None, since: datetime
    ) -> list[dict[str, Any]]:
        scope = Scope(role, location, since, utcnow() + timedelta(days=1))
        rows = await fetch(scope, fields=rollups.LATEST_FIELDS)
        rows.sort(key=lambda r: (r["posted_at"], r["_id"]), reverse=True)
        return [rollups.latest_entry(r) for r in rows[: rollups.LATEST_KEEP]]


@dataclass
class RollupSource:
    """Reads roll-ups by `_id`, with an in-process cache dropped when the roll-ups change."""

    cache_size: int = 2048
    recheck: float = 1.0
    _checked_at: float = float("-inf")
    _local: int = -1
    _cache: dict[tuple[Any, ...], asyncio.Future[Any]] = field(default_factory=dict)
    _version: int = -1
    _checking: asyncio.Future[None] | None = None

    @staticmethod
    def _collection() -> Any:
        return rollups.rollup_collection()

    async def _fresh(self) -> None:
        # One answer asks for several counts; reading the version for each would double the
        # database round trips, so it is read at most once per `recheck` seconds, or at once
        # when this process changed the roll-ups itself. Everyone asking meanwhile waits for
        # that one read: a read started before it could be dropped by the cache clear.
        if self._checking is not None:
            await asyncio.shield(self._checking)
            return
        now = monotonic()
        if now - self._checked_at < self.recheck and self._local == rollups.local_changes():
            return
        checking = self._checking = asyncio.ensure_future(self._check(now))
        try:
            await asyncio.shield(checking)
        finally:
            if self._checking is checking:
                self._checking = None

    async def _check(self, now: float) -> None:
        local = rollups.local_changes()
        current = await rollups.version(self._collection())
        self._local, self._checked_at = local, now
        if current != self._version:
            self._cache.clear()
            self._version = current

    async def _cached(self, key: tuple[Any, ...], compute: Any) -> Any:
        await self._fresh()
        pending = self._cache.get(key)
        if pending is None:
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            # Everyone asking the same at once shares one read, and a failed read is
            # forgotten so that the next question tries again.
            pending = self._cache[key] = asyncio.ensure_future(compute())
            pending.add_done_callback(partial(self._forget_failed, key))
        return await asyncio.shield(pending)

    def _forget_failed(self, key: tuple[Any, ...], done: asyncio.Future[Any]) -> None:
        if (done.cancelled() or done.exception() is not None) and self._cache.get(key) is done:
            del self._cache[key]

    async def counts(
        self, role: str | None, location: str | None, since: date, until: date
    ) -> tuple[Tally, Tally]:
        place = rollups.place_key(location)
        if place is None:
            return Tally(), Tally()
        result: tuple[Tally, Tally] = await self._cached(
            ("counts", role, place, since, until),
            lambda: rollups.load_tally(self._collection(), role, place, since, until),
        )
        return result

    async def pairs(self, role: str, since: date, until: date) -> Counter[tuple[str, str]]:
        result: Counter[tuple[str, str]] = await self._cached(
            ("pairs", role, since, until),
            lambda: rollups.load_pairs(self._collection(), role, since, until),
        )
        return result

    async def sample(self) -> bool:
        result: bool = await self._cached(("sample",), self._sample)
        return result

    async def latest(
        self, role: str | None, location: str | None, since: datetime
    ) -> list[dict[str, Any]]:
        place = rollups.place_key(location)
        if place is None:
            return []
        entries: list[dict[str, Any]] = await self._cached(
            ("latest", role, place),
            lambda: rollups.load_latest(self._collection(), role, place),
        )
        start = since.isoformat()
        return [e for e in entries if e["t"] >= start]

    async def _sample(self) -> bool:
        meta = await self._collection().find_one({"_id": rollups.SOURCES_ID})
        return bool((meta or {}).get("sample"))
