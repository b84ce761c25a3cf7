"""Collecting from the (fake) jobs API into the real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.collection.collector import Collector, Target
from core.collection.ingest import Ingestor
from core.collection.models import CollectionRun
from core.collection.theirstack import TheirStackClient
from core.postings.models import JobPosting
from tests.fakes.theirstack import FakeTheirStack, Fault, make_job

DB = AsyncDatabase[dict[str, object]]


def job(n: int, **overrides: Any) -> dict[str, Any]:
    when = datetime.now(UTC) - timedelta(hours=n)
    fields: dict[str, Any] = {
        "job_title": "Senior Data Engineer",
        "country_code": "DE",
        "date_posted": when.date().isoformat(),
        "discovered_at": when.strftime("%Y-%m-%dT%H:%M:%S"),
        "technology_slugs": ["python", "postgresql"],
        "description": "We build pipelines with Apache Airflow and dbt on Snowflake.",
    }
    fields.update(overrides)
    return make_job(n, **fields)


@pytest.fixture(scope="module")
def ingestor() -> Ingestor:
    return Ingestor()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTheirStack]:
    async with FakeTheirStack([job(n) for n in range(1, 121)]) as server:
        yield server


def collector(fake: FakeTheirStack, ingestor: Ingestor, key: str = "test-key") -> Collector:
    client = TheirStackClient(key, base_url=fake.base_url, backoff_initial=0.01, max_retries=2)
    return Collector(client, ingestor, max_per_search=200)


async def test_collection_stores_postings_with_skills_from_slugs_and_text(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    run = await collector(fake, ingestor).run([Target("Data Engineer", "Germany")])
    assert (run.status, run.fetched, run.new, run.updated) == ("succeeded", 120, 120, 0)
    assert run.credits_used == 120
    posting = await JobPosting.get("theirstack:1")
    assert posting is not None
    assert posting.role == "Data Engineer" and posting.seniority == "senior"
    assert posting.skills_from_slugs == ["Python", "PostgreSQL"]
    assert {"Apache Airflow", "dbt", "Snowflake"} <= set(posting.skills_from_text)
    assert set(posting.skills) == {"Python", "PostgreSQL", "Apache Airflow", "dbt", "Snowflake"}
    assert fake.requests[0]["job_country_code_or"] == ["DE"]


async def test_running_twice_stores_nothing_twice(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    target = Target("Data Engineer")
    await collector(fake, ingestor).run([target])
    fake.jobs.append(job(0, job_title="Data Engineer"))  # one new posting since
    second = await collector(fake, ingestor).run([target])
    assert second.new == 1 and second.fetched == 1
    assert await JobPosting.count() == 121
    assert "discovered_at_gte" in fake.requests[-1]


async def test_the_same_posting_on_two_pages_is_stored_once(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    fake.jobs[:] = [job(n) for n in range(1, 6)] * 2
    run = await collector(fake, ingestor).run([Target("Data Engineer")])
    assert run.fetched == 10 and run.new == 5
    assert await JobPosting.count() == 5


async def test_out_of_credits_stops_the_run_and_records_why(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    fake.credits = 150
    run = await collector(fake, ingestor).run(
        [Target("Data Engineer", "Germany"), Target("Data Engineer")]
    )
    assert run.status in ("partial", "failed")
    assert any("out of credits" in e for e in run.errors)
    stored = await CollectionRun.get(run.id)
    assert stored is not None and stored.finished_at is not None


async def test_a_bad_key_fails_the_run_without_retrying(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    run = await collector(fake, ingestor, key="wrong").run([Target("Data Engineer")])
    assert run.status == "failed" and "refused the API key" in run.errors[0]
    assert len(fake.requests) == 1
    assert await JobPosting.count() == 0


async def test_server_errors_on_one_target_do_not_stop_the_others(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    fake.fail_next(*[Fault(status=500)] * 3)
    run = await collector(fake, ingestor).run(
        [Target("Data Engineer", "Berlin"), Target("Data Engineer")]
    )
    assert run.status == "partial"
    assert run.new == 120


async def test_dry_run_fetches_but_stores_nothing(
    db: DB, fake: FakeTheirStack, ingestor: Ingestor
) -> None:
    run = await collector(fake, ingestor).run([Target("Data Engineer")], dry_run=True)
    assert run.fetched == 120 and run.new == 0
    assert await JobPosting.count() == 0
