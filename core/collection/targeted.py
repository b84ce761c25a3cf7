"""Targeted collection: when someone aims at a role or place with little data, fetch it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from pymongo.errors import DuplicateKeyError

from core.clock import utcnow
from core.collection.collector import Collector, Target
from core.collection.models import CollectionRequest, CollectionRun
from core.places import load_gazetteer

if TYPE_CHECKING:
    from core.market.sources import MarketSource

log = logging.getLogger(__name__)
RECENT_DAYS = 30


def place_filter(location: str | None) -> dict[str, Any]:
    """A posting filter for a place: Remote, a country or a city."""
    place = load_gazetteer().find(location) if location else None
    if place is None:
        return {}
    if place.kind == "remote":
        return {"remote": True}
    if place.kind == "country":
        return {"country_code": place.country_code}
    return {"city": place.name}


async def recent_postings(
    role: str,
    location: str | None,
    now: datetime | None = None,
    source: MarketSource | None = None,
) -> int:
    """How many postings for the role (and place) were posted in the last 30 days."""
    # From the roll-ups: counting the postings themselves scans them all on FerretDB.
    from core.market.sources import RollupSource

    today = (now or utcnow()).date()
    window, _ = await (source or RollupSource()).counts(
        role, location, today - timedelta(days=RECENT_DAYS - 1), today + timedelta(days=1)
    )
    return window.n


async def request_if_sparse(
    role: str,
    location: str | None,
    min_postings: int,
    now: datetime | None = None,
    source: MarketSource | None = None,
) -> bool:
    """Queue a collection for (role, place) when it has fewer than `min_postings` recent ones
    (counted through `source`, whose cache a chat shares, when given)."""
    return await TargetedRequests(min_postings, source)(role, location, now)


class TargetedRequests:
    """`request_if_sparse` for a long-lived caller: a (role, place) queued today, by this
    process or another, is not written again (a chat asks about one sparse place often)."""

    def __init__(self, min_postings: int, source: MarketSource | None = None) -> None:
        self.min_postings = min_postings
        self.source = source
        self._day = ""
        self._queued: set[tuple[str, str | None]] = set()

    async def __call__(self, role: str, location: str | None, now: datetime | None = None) -> bool:
        """Queue a collection if the (role, place) is sparse; whether this call queued it."""
        now = now or utcnow()
        if await recent_postings(role, location, now, self.source) >= self.min_postings:
            return False
        day = now.date().isoformat()
        if day != self._day:  # requests are keyed by day: yesterday's no longer matter
            self._day, self._queued = day, set()
        if (role, location) in self._queued:
            return False
        key = f"{role}|{location or ''}|{day}"
        try:
            await CollectionRequest(id=key, role=role, location=location, requested_at=now).insert()
            queued = True
        except DuplicateKeyError:
            queued = False
        # Only once stored: a request the database refused is tried again next time.
        self._queued.add((role, location))
        if not queued:
            return False
        log.info("queued a targeted collection for %s", key)
        return True


async def credits_used_since(start: datetime) -> int:
    """Credits spent by collection runs started at or after `start`."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"started_at": {"$gte": start}}},
        {"$group": {"_id": None, "credits": {"$sum": "$credits_used"}}},
    ]
    cursor = await CollectionRun.get_pymongo_collection().aggregate(pipeline)
    rows = await cursor.to_list()
    return int(rows[0]["credits"]) if rows else 0


async def process_requests(
    collector: Collector, daily_budget: int, now: datetime | None = None
) -> CollectionRun | None:
    """Run the pending targeted collections that today's credit budget allows."""
    now = now or utcnow()
    pending = [r async for r in CollectionRequest.find({"done_at": None})]
    if not pending:
        return None
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    left = daily_budget - await credits_used_since(midnight)
    if left <= 0:
        log.info("targeted collection waits: today's credit budget is spent")
        return None
    per_target = max(1, min(collector.max_per_search, left // len(pending)))
    targets = [Target(r.role, r.location) for r in pending]
    run = await collector.run(targets, trigger="targeted", max_per_search=per_target)
    for request in pending:
        request.done_at = utcnow()
        await request.save()
    return run
