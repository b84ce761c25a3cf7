"""Reading the postings an answer rests on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.clock import utcnow
from core.collection.targeted import place_filter
from core.postings.models import SAMPLE_SOURCE, JobPosting

FIELDS = {
    "role": 1,
    "skills": 1,
    "posted_at": 1,
    "city": 1,
    "country": 1,
    "country_code": 1,
    "remote": 1,
    "salary_min_usd": 1,
    "salary_max_usd": 1,
    "seniority": 1,
    "source": 1,
}


@dataclass(frozen=True, slots=True)
class Scope:
    """Which postings: a role and place (either may be None: all) over a period."""

    role: str | None
    location: str | None
    since: datetime
    until: datetime

    @classmethod
    def last(
        cls,
        days: int,
        role: str | None = None,
        location: str | None = None,
        now: datetime | None = None,
    ) -> Scope:
        """The last `days` days up to now."""
        now = now or utcnow()
        return cls(role, location, now - timedelta(days=days), now)


def scope_filter(scope: Scope) -> dict[str, Any]:
    """The MongoDB filter of a scope."""
    query: dict[str, Any] = {"posted_at": {"$gte": scope.since, "$lt": scope.until}}
    if scope.role:
        query["role"] = scope.role
    query.update(place_filter(scope.location))
    return query


async def fetch(
    scope: Scope, extra: dict[str, Any] | None = None, fields: dict[str, int] | None = None
) -> list[dict[str, Any]]:
    """The postings of a scope, with the fields analytics use (or `fields`)."""
    query = {**scope_filter(scope), **(extra or {})}
    cursor = JobPosting.get_pymongo_collection().find(query, fields or FIELDS)
    return await cursor.to_list()


def from_samples(rows: list[dict[str, Any]]) -> bool:
    """Whether the answer rests on the bundled sample postings."""
    return any(r.get("source") == SAMPLE_SOURCE for r in rows)
