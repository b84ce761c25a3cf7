"""A jobs API that fails a whole scheduled run: the run is recorded as failed, the next
occurrence of the schedule collects what was missed, and answers say how fresh the data is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from bot.market import Market
from bot.scheduler import ScheduledJob, ServiceScheduler
from bot.settings import Settings
from core.collection.models import CollectionRun
from core.market.answers import MarketAnswers
from core.postings.models import JobPosting
from templates import Renderer
from tests.fakes.theirstack import FakeTheirStack, Fault, make_job

DB = AsyncDatabase[dict[str, object]]
EVERY_ATTEMPT = 20  # more faults than a run's retries can use up


def recent_job(n: int, hours_ago: float) -> dict[str, Any]:
    when = datetime.now(UTC) - timedelta(hours=hours_ago)
    return make_job(
        n,
        job_title="Data Engineer",
        country_code="DE",
        location="Berlin, Germany",
        date_posted=when.date().isoformat(),
        discovered_at=when.strftime("%Y-%m-%dT%H:%M:%S"),
    )


def market_for(fake: FakeTheirStack) -> tuple[Market, ScheduledJob]:
    settings = Settings(
        _env_file=None,
        their_stack_api_key="test-key",
        their_stack_base_url=fake.base_url,
        their_stack_timeout=0.3,
        their_stack_max_retries=1,
        collection_roles=["Data Engineer"],
        collection_locations=["Germany"],
        job_collection_schedule="0 */6 * * *",
    )
    market = Market(settings)
    (collect,) = [j for j in market.scheduled_jobs() if j.name == "collect"]
    return market, collect


async def where_the_jobs_are() -> str:
    data = await MarketAnswers().top_locations("Data Engineer")
    return Renderer("terminal").render("top_locations", data)


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=200, delay=2.0),  # answers later than the client waits: a time-out
        Fault(status=429, headers={"Retry-After": "0"}),
        Fault(status=500),
    ],
    ids=["timeouts", "rate-limited", "server-errors"],
)
async def test_a_failed_collection_run_is_recorded_retried_next_time_and_shown_in_answers(
    db: DB, fault: Fault
) -> None:
    async with FakeTheirStack([recent_job(n, hours_ago=30 + n) for n in range(1, 16)]) as fake:
        market, collect = market_for(fake)
        scheduler = ServiceScheduler([collect], "this-process")
        try:
            assert await scheduler.run_occurrence(collect, datetime(2026, 11, 26, 0, 5, tzinfo=UTC))
            first = await JobPosting.count()
            assert first == 15
            assert "Postings last collected" in await where_the_jobs_are()

            fake.jobs += [recent_job(100 + n, hours_ago=n / 10) for n in range(5)]
            fake.fail_next(*[fault] * EVERY_ATTEMPT)
            assert await scheduler.run_occurrence(collect, datetime(2026, 11, 26, 6, 5, tzinfo=UTC))
            failed = await CollectionRun.find_one({"status": "failed"})
            assert failed is not None and failed.errors and failed.finished_at is not None
            assert await JobPosting.count() == first  # nothing half-stored
            answer = await where_the_jobs_are()
            assert "Collecting new postings has failed since" in answer
            assert "Postings last collected" in answer  # and when it last worked

            fake.clear_faults()  # the API is back by the next occurrence
            assert await scheduler.run_occurrence(
                collect, datetime(2026, 11, 26, 12, 5, tzinfo=UTC)
            )
            assert await JobPosting.count() == first + 5  # what the failed run missed
            latest = await CollectionRun.find({}).sort("-started_at").first_or_none()
            assert latest is not None and latest.status == "succeeded"
            assert "has failed" not in await where_the_jobs_are()
        finally:
            await market.close()
