"""The bundled sample postings: what the bot answers from when there is no API key."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from core.clock import utcnow
from core.collection.ingest import Ingestor, IngestResult
from core.collection.theirstack import ApiJob
from core.market import rollups
from core.postings.models import SAMPLE_SOURCE, JobPosting

SAMPLE_FILE = (
    Path(__file__).resolve().parent.parent / "postings" / "data" / "sample_postings.jsonl.gz"
)
BATCH = 500


def read_samples(path: Path = SAMPLE_FILE, today: date | None = None) -> list[ApiJob]:
    """The sample jobs, dates shifted so the newest was posted today."""
    return list(iter_samples(path, today))


def iter_samples(path: Path = SAMPLE_FILE, today: date | None = None) -> Iterator[ApiJob]:
    """`read_samples` one at a time: the service's peak memory stays low on first start."""
    newest = max(
        date.fromisoformat(r["date_posted"]) for r in _records(path) if r.get("date_posted")
    )
    shift = (today or utcnow().date()) - newest
    for record in _records(path):
        yield ApiJob.model_validate(_shifted(record, shift))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def _shifted(record: dict[str, Any], shift: timedelta) -> dict[str, Any]:
    out = dict(record)
    if out.get("date_posted"):
        out["date_posted"] = (date.fromisoformat(out["date_posted"]) + shift).isoformat()
    if out.get("discovered_at"):
        day, _, clock = str(out["discovered_at"]).partition("T")
        out["discovered_at"] = f"{(date.fromisoformat(day) + shift).isoformat()}T{clock}"
    return out


async def load_samples(
    ingestor: Ingestor, path: Path = SAMPLE_FILE, progress: Callable[[int, int], None] | None = None
) -> IngestResult:
    """Store every sample posting (idempotent: postings are keyed by their sample id)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        total = sum(1 for line in stream if line.strip())
    fresh = await rollups.rollup_collection().find_one({}) is None
    counts = rollups.RollupBatch()
    new = updated = 0
    samples = iter_samples(path)
    while batch := list(islice(samples, BATCH)):
        result = await ingestor.store(ingestor.to_postings(batch, SAMPLE_SOURCE), counts)
        new += result.new
        updated += result.updated
        if progress is not None:
            progress(new + updated, total)
    await rollups.apply(rollups.rollup_collection(), counts, fresh=fresh)
    return IngestResult(new, updated)


async def load_samples_if_empty(
    ingestor: Ingestor, path: Path = SAMPLE_FILE, progress: Callable[[int, int], None] | None = None
) -> IngestResult | None:
    """Fill an empty database with the samples; None when it already holds postings."""
    if await JobPosting.find_one({}) is not None:
        return None
    return await load_samples(ingestor, path, progress)
