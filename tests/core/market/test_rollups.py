"""Answers from the roll-ups equal a direct aggregation over the raw postings."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.clock import utcnow
from core.collection.ingest import Ingestor
from core.collection.reextract import rebuild_rollups
from core.market import rollups
from core.market.answers import MarketAnswers
from core.market.sources import RawSource, RollupSource
from tests.conftest import Commands
from tests.factories import posting

DB = AsyncDatabase[dict[str, object]]
ROLES = ["Data Engineer", "Data Scientist"]
SKILLS = ["Python", "SQL", "Apache Spark", "dbt", "AWS", "Docker", "Pandas", "Snowflake"]
PLACES = [
    ("Berlin", "DE", "Germany"),
    ("Munich", "DE", "Germany"),
    ("London", "GB", "United Kingdom"),
]


async def store_random_postings(n: int, seed: int) -> None:
    rng = random.Random(seed)
    now = utcnow()
    batch = []
    for _ in range(n):
        city, code, country = rng.choice(PLACES)
        remote = rng.random() < 0.2
        low = rng.choice([None, 50_000, 70_000, 90_000])
        batch.append(
            posting(
                role=rng.choice(ROLES),
                skills=rng.sample(SKILLS, rng.randint(1, 5)),
                city=None if remote else city,
                country_code=code,
                country=country,
                remote=remote,
                seniority=rng.choice(["junior", "mid", "senior", None]),
                salary_min_usd=low,
                salary_max_usd=low + 20_000 if low else None,
                posted_at=now - timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 23)),
            )
        )
    for start in range(0, n, 50):  # several batches: roll-ups are merged, not just built
        await Ingestor.store(batch[start : start + 50])


@pytest.mark.parametrize("seed", [1])
async def test_every_answer_is_the_same_from_rollups_and_from_raw_postings(
    db: DB, seed: int
) -> None:
    await store_random_postings(400, seed)
    raw, fast = MarketAnswers(RawSource()), MarketAnswers(RollupSource())
    have = ["Python", "Docker"]
    for role in [*ROLES, None]:
        for location in [None, "Berlin", "Germany", "Remote"]:
            assert await fast.trending(role, location) == await raw.trending(role, location)
            for level in (None, "senior"):
                assert await fast.salary(role, location, level) == await raw.salary(
                    role, location, level
                )
            for skills in ([], ["Python"]):
                assert await fast.jobs(role, location, skills, have) == await raw.jobs(
                    role, location, skills, have
                )
            if role:
                assert await fast.gap(role, location, have) == await raw.gap(role, location, have)
        assert await fast.top_locations(role) == await raw.top_locations(role)


async def test_the_cache_sees_new_postings(db: DB) -> None:
    await store_random_postings(60, 3)
    answers = MarketAnswers(RollupSource())
    before = await answers.top_locations("Data Engineer")
    await store_random_postings(30, 4)
    after = await answers.top_locations("Data Engineer")
    assert after["postings"] > before["postings"]


async def test_rollups_of_an_older_format_are_detected_and_rebuilt(
    db: DB,
) -> None:
    await store_random_postings(40, 5)
    expected = await MarketAnswers(RawSource()).top_locations(None)
    collection = rollups.rollup_collection()
    await collection.update_one({"_id": rollups.VERSION_ID}, {"$unset": {"format": ""}})
    assert await rollups.outdated(collection)
    before = await rollups.version(collection)

    await rebuild_rollups()

    assert not await rollups.outdated(collection)
    assert await rollups.version(collection) > before  # caches elsewhere see the change
    assert await MarketAnswers(RollupSource()).top_locations(None) == expected


async def test_changes_from_another_process_are_seen_within_the_recheck_interval(
    db: DB,
) -> None:
    await store_random_postings(40, 6)
    source = RollupSource(recheck=0.3)
    before = await MarketAnswers(source).top_locations(None)
    # Another process's ingest: the stored roll-ups change, this process's counter does not.
    collection = rollups.rollup_collection()
    await collection.delete_many({"_id": {"$regex": "^\\*\\|\\*\\|"}})
    await collection.update_one({"_id": rollups.VERSION_ID}, {"$inc": {"v": 1}})
    assert await MarketAnswers(source).top_locations(None) == before  # cached for now
    await asyncio.sleep(0.35)
    assert (await MarketAnswers(source).top_locations(None))["postings"] == 0


def rollup_reads(commands: Commands) -> Counter[str]:
    """How often each roll-up document was read, as the database saw it."""
    finds = commands.to("find", rollups.COLLECTION)
    return Counter(str(c.get("filter", {}).get("_id")) for c in finds)


async def test_a_burst_of_the_same_question_reads_what_one_question_reads(
    commands: Commands,
) -> None:
    await store_random_postings(40, 7)
    commands.sent.clear()
    await MarketAnswers(RollupSource()).top_locations(None)
    one_question = rollup_reads(commands)
    commands.sent.clear()
    source = RollupSource()
    answers = await asyncio.gather(*(MarketAnswers(source).top_locations(None) for _ in range(20)))
    assert all(a == answers[0] for a in answers) and answers[0]["postings"] > 0
    assert rollup_reads(commands) == one_question  # twenty at once cost what one does
