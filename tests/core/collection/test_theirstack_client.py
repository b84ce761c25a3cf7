"""The jobs-API client against a local fake of the API."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from core.collection.theirstack import (
    ApiJob,
    AuthenticationError,
    JobSearch,
    OutOfCreditsError,
    ServiceUnavailable,
    TheirStackClient,
)
from tests.fakes.theirstack import FakeTheirStack, Fault, make_job


def days_ago(n: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTheirStack]:
    jobs = [
        make_job(i, job_title="Data Engineer", date_posted=days_ago(i % 20)) for i in range(1, 251)
    ]
    async with FakeTheirStack(jobs) as server:
        yield server


def client_for(fake: FakeTheirStack, **options: float) -> TheirStackClient:
    settings: dict[str, float] = {"timeout": 2.0, "max_retries": 3, "backoff_initial": 0.05}
    settings.update(options)
    return TheirStackClient(
        "test-key",
        base_url=fake.base_url,
        timeout=settings["timeout"],
        max_retries=int(settings["max_retries"]),
        backoff_initial=settings["backoff_initial"],
    )


async def collect(client: TheirStackClient, limit: int, page_size: int = 100) -> list[ApiJob]:
    search = JobSearch(job_titles=["data engineer"])
    return [job async for job in client.search_jobs(search, limit, page_size=page_size)]


async def test_several_pages_give_every_job_once_and_count_credits(fake: FakeTheirStack) -> None:
    async with client_for(fake) as client:
        jobs = await collect(client, 250, page_size=60)
    assert len({j.id for j in jobs}) == 250
    assert len(fake.requests) == 5
    assert client.credits_used == fake.credits_used == 250


async def test_at_most_max_results_are_fetched(fake: FakeTheirStack) -> None:
    async with client_for(fake) as client:
        jobs = await collect(client, 70, page_size=50)
    assert len(jobs) == 70
    assert fake.credits_used == 70


async def test_429_waits_for_retry_after_then_succeeds(fake: FakeTheirStack) -> None:
    fake.fail_next(Fault(status=429, headers={"Retry-After": "1"}))
    async with client_for(fake) as client:
        started = time.monotonic()
        jobs = await collect(client, 10)
    assert len(jobs) == 10
    assert time.monotonic() - started >= 0.9
    assert len(fake.requests) == 2


async def test_5xx_then_success(fake: FakeTheirStack) -> None:
    fake.fail_next(Fault(status=502), Fault(status=503))
    async with client_for(fake) as client:
        assert len(await collect(client, 5)) == 5
    assert len(fake.requests) == 3


async def test_timeout_then_success(fake: FakeTheirStack) -> None:
    fake.fail_next(Fault(status=200, delay=2.0))
    async with client_for(fake, timeout=0.3) as client:
        assert len(await collect(client, 5)) == 5


async def test_401_is_a_clear_error_and_not_retried(fake: FakeTheirStack) -> None:
    client = TheirStackClient("wrong-key", base_url=fake.base_url, backoff_initial=0.01)
    async with client:
        with pytest.raises(AuthenticationError, match="refused the API key"):
            await collect(client, 5)
    assert len(fake.requests) == 1


async def test_402_out_of_credits_is_not_retried(fake: FakeTheirStack) -> None:
    fake.credits = 0
    async with client_for(fake) as client:
        with pytest.raises(OutOfCreditsError):
            await collect(client, 5)
    assert len(fake.requests) == 1


async def test_persistent_failure_gives_up_after_the_retries(fake: FakeTheirStack) -> None:
    fake.fail_next(*[Fault(status=500)] * 3)
    async with client_for(fake, max_retries=2) as client:
        with pytest.raises(ServiceUnavailable, match="3 attempts"):
            await collect(client, 5)
    assert len(fake.requests) == 3


async def test_malformed_json_is_retried(fake: FakeTheirStack) -> None:
    fake.fail_next(Fault(malformed=True))
    async with client_for(fake) as client:
        assert len(await collect(client, 5)) == 5


async def test_a_job_with_missing_fields_still_parses(fake: FakeTheirStack) -> None:
    fake.jobs[:] = [
        {
            "id": 99,
            "job_title": "Data Engineer",
            "description": None,
            "technology_slugs": None,
            "cities": None,
            "date_posted": days_ago(0),
            "discovered_at": days_ago(0) + "T08:00:00",
        }
    ]
    async with client_for(fake) as client:
        (job,) = await collect(client, 5)
    assert (job.id, job.description, job.technology_slugs, job.company) == (99, "", [], None)


async def test_search_body_carries_filters() -> None:
    since = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    body = JobSearch(
        ["data engineer"],
        country_codes=["DE"],
        remote=True,
        max_age_days=None,
        discovered_after=since,
    ).body(0, 50)
    assert body["job_country_code_or"] == ["DE"] and body["remote"] is True
    assert body["discovered_at_gte"] == "2026-11-01T08:00:01Z"
    assert body["limit"] == 50


async def test_client_side_rate_limit_spaces_requests(fake: FakeTheirStack) -> None:
    client = TheirStackClient("test-key", base_url=fake.base_url, requests_per_minute=120)
    async with client:
        started = time.monotonic()
        await collect(client, 30, page_size=5)
        elapsed = time.monotonic() - started
    # Six requests at two a second: the first two at once, then one every half second.
    assert len(fake.requests) == 6
    assert elapsed >= 1.5
