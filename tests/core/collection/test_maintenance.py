"""Cleanup, re-extraction, targeted collection and sample loading against the real database."""

from __future__ import annotations

import asyncio
import gzip
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.clock import utcnow
from core.collection.cleanup import remove_old_postings
from core.collection.ingest import Ingestor
from core.collection.models import CollectionRequest, CollectionRun
from core.collection.reextract import reextract, stale_count
from core.collection.samples import load_samples_if_empty, read_samples
from core.collection.targeted import credits_used_since, request_if_sparse
from core.extraction.extractor import SkillExtractor
from core.postings.models import JobPosting
from tests.factories import posting
from tests.fakes.theirstack import make_job

DB = AsyncDatabase[dict[str, object]]


@pytest.fixture(scope="module")
def ingestor() -> Ingestor:
    return Ingestor()


async def test_cleanup_removes_only_postings_past_retention(db: DB) -> None:
    now = utcnow()
    for age in (1, 89, 91, 200):
        await posting(posted_at=now - timedelta(days=age)).insert()
    assert await remove_old_postings(90) == 2
    assert await JobPosting.count() == 2


async def test_reextract_updates_stale_postings_and_can_resume(db: DB) -> None:
    for n in range(7):
        await posting(
            description=f"Role {n}: Python and Kubernetes", skills=[], extractor_version="old"
        ).insert()
    extractor = SkillExtractor()
    assert await stale_count() == 7
    assert await reextract(extractor) == 7
    assert await stale_count() == 0
    assert await reextract(extractor) == 0  # a rerun has nothing left to do
    stored = await JobPosting.find_all().to_list()
    assert all({"Python", "Kubernetes"} <= set(p.skills) for p in stored)


async def test_reextract_rewrites_more_postings_than_one_database_command_holds(db: DB) -> None:
    await JobPosting.insert_many(
        [
            posting(description=f"Role {n}: Python and Kubernetes", extractor_version="old")
            for n in range(240)
        ]
    )
    assert await asyncio.wait_for(reextract(SkillExtractor()), timeout=120) == 240
    assert await stale_count() == 0


async def test_sparse_role_queues_one_targeted_collection_a_day(db: DB) -> None:
    for _ in range(3):
        await posting(role="Data Engineer", city="Berlin").insert()
    assert await request_if_sparse("Data Engineer", "Berlin", min_postings=5)
    assert not await request_if_sparse("Data Engineer", "Berlin", min_postings=5)
    assert not await request_if_sparse("Data Engineer", "Berlin", min_postings=3)
    assert await CollectionRequest.count() == 1


async def test_credits_of_todays_runs_add_up(db: DB) -> None:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    await CollectionRun(
        trigger="schedule", started_at=today + timedelta(hours=1), credits_used=40
    ).insert()
    await CollectionRun(
        trigger="targeted", started_at=today + timedelta(hours=2), credits_used=2
    ).insert()
    await CollectionRun(
        trigger="schedule", started_at=today - timedelta(hours=1), credits_used=99
    ).insert()
    assert await credits_used_since(today) == 42


def write_samples(path: Path, newest: date) -> Path:
    jobs = [
        make_job(
            n,
            job_title="Data Engineer",
            date_posted=(newest - timedelta(days=n)).isoformat(),
            discovered_at=f"{(newest - timedelta(days=n)).isoformat()}T09:00:00",
        )
        for n in range(5)
    ]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(j) + "\n" for j in jobs)
    return path


def test_sample_dates_are_shifted_so_the_newest_is_today(tmp_path: Path) -> None:
    path = write_samples(tmp_path / "s.jsonl.gz", date(2026, 1, 31))
    jobs = read_samples(path, today=date(2026, 11, 26))
    assert max(j.date_posted for j in jobs if j.date_posted) == date(2026, 11, 26)
    assert min(j.date_posted for j in jobs if j.date_posted) == date(2026, 11, 22)


async def test_samples_fill_an_empty_database_once(
    db: DB, ingestor: Ingestor, tmp_path: Path
) -> None:
    path = write_samples(tmp_path / "s.jsonl.gz", date(2026, 1, 31))
    first = await load_samples_if_empty(ingestor, path)
    assert first is not None and first.new == 5
    assert await load_samples_if_empty(ingestor, path) is None
    assert {p.source for p in await JobPosting.find_all().to_list()} == {"sample"}
