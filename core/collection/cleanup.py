"""Removing postings older than the retention period."""

from __future__ import annotations

from datetime import timedelta

from core.clock import utcnow
from core.market import rollups
from core.postings.models import JobPosting


async def remove_old_postings(retention_days: int) -> int:
    """Delete postings posted more than `retention_days` ago; return how many."""
    cutoff = utcnow() - timedelta(days=retention_days)
    result = await JobPosting.get_pymongo_collection().delete_many({"posted_at": {"$lt": cutoff}})
    # Roll-ups of whole months before the cutoff go too; a month the cutoff falls in stays
    # until it is entirely out of the window, which answers never read past anyway.
    await rollups.remove_months_before(cutoff.strftime("%Y-%m"))
    return result.deleted_count
