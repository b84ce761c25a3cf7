"""Removing postings older than the retention period."""

from __future__ import annotations

from datetime import timedelta

from core.clock import utcnow
from core.postings.models import JobPosting


async def remove_old_postings(retention_days: int) -> int:
    """Delete postings posted more than `retention_days` ago; return how many."""
    cutoff = utcnow() - timedelta(days=retention_days)
    result = await JobPosting.get_pymongo_collection().delete_many({"posted_at": {"$lt": cutoff}})
    return result.deleted_count
