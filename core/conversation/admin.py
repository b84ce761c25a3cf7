"""What the operators' commands read and do: counts, and collections on request."""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from core.clock import utcnow
from core.collection.models import CollectionRequest, CollectionRun
from core.market import rollups
from core.profiles.models import User


async def admin_stats() -> dict[str, Any]:
    """People, subscribers, postings and the last collection run."""
    sources = await rollups.rollup_collection().find_one({"_id": rollups.SOURCES_ID}) or {}
    last = await CollectionRun.find_all().sort("-started_at").limit(1).to_list()
    run = last[0] if last else None
    return {
        "users": await User.count(),
        "active": await User.find({"active": True}).count(),
        "subscribers": await User.find({"digest.enabled": True, "active": True}).count(),
        "postings": sum(v for k, v in sources.items() if k != "_id"),
        "sources": {k: v for k, v in sources.items() if k != "_id"},
        "last_run": (
            {
                "status": run.status,
                "started": run.started_at.isoformat(timespec="minutes"),
                "new": run.new,
                "credits": run.credits_used,
            }
            if run
            else None
        ),
    }


async def request_collection(role: str, location: str | None) -> bool:
    """Queue a targeted collection for the next run of that job (at most one a day each)."""
    now = utcnow()
    key = f"{role}|{location or ''}|{now.date().isoformat()}|admin"
    try:
        await CollectionRequest(id=key, role=role, location=location, requested_at=now).insert()
    except DuplicateKeyError:
        return False
    return True
