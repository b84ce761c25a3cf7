"""Re-running skill extraction over stored postings after the taxonomy or extractor changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymongo import UpdateOne

from core.clock import utcnow
from core.extraction.extractor import SkillExtractor
from core.extraction.version import extractor_version
from core.market import rollups
from core.postings.models import JobPosting
from core.storage.writes import update_each

BATCH = 500


async def stale_count() -> int:
    """Postings whose skills came from another extractor version."""
    query = {"extractor_version": {"$ne": extractor_version()}}
    return await JobPosting.get_pymongo_collection().count_documents(query)


async def reextract(
    extractor: SkillExtractor, progress: Callable[[int], None] | None = None
) -> int:
    """Re-extract every stale posting in batches; safe to stop and run again.

    Each batch is written with the current version, so a rerun continues with the
    postings that are still stale.
    """
    version = extractor_version()
    collection = JobPosting.get_pymongo_collection()
    projection = {"title": 1, "description": 1, "technology_slugs": 1}
    # One pass over a cursor: a query per batch would rescan the collection each time on
    # servers that cannot use an index for this filter.
    cursor = collection.find({"extractor_version": {"$ne": version}}, projection, batch_size=BATCH)
    done = 0
    batch: list[dict[str, Any]] = []
    async for row in cursor:
        batch.append(row)
        if len(batch) >= BATCH:
            done += await _rewrite(extractor, batch, version)
            batch = []
            if progress is not None:
                progress(done)
    if batch:
        done += await _rewrite(extractor, batch, version)
        if progress is not None:
            progress(done)
    if done:
        await rebuild_rollups()
    return done


async def rebuild_rollups() -> int:
    """Count every posting into fresh roll-ups (after skills changed)."""
    cursor = JobPosting.get_pymongo_collection().find({}, {"description": 0})
    return await rollups.rebuild(rollups.rollup_collection(), cursor)


async def _rewrite(extractor: SkillExtractor, rows: list[dict[str, Any]], version: str) -> int:
    texts = [f"{r.get('title', '')}\n{r.get('description', '')}" for r in rows]
    now = utcnow()
    updates = []
    for row, from_text in zip(rows, extractor.extract_many(texts), strict=True):
        from_slugs = extractor.skills_for_slugs(row.get("technology_slugs") or [])
        updates.append(
            UpdateOne(
                {"_id": row["_id"]},
                {
                    "$set": {
                        "skills_from_slugs": from_slugs,
                        "skills_from_text": from_text,
                        "skills": list(dict.fromkeys([*from_slugs, *from_text])),
                        "extractor_version": version,
                        "updated_at": now,
                    }
                },
            )
        )
    await update_each(JobPosting.get_pymongo_collection(), updates)
    return len(rows)
