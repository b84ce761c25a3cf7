"""The TheirStack fake answers like the documented API, so client tests can trust it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.fakes.theirstack import SEARCH_PATH, FakeTheirStack, Fault, make_job

AUTH = {"Authorization": "Bearer test-key"}
RECENT: dict[str, Any] = {"posted_at_max_age_days": 30}


def days_ago(n: int) -> str:
    """The UTC date ``n`` days back, as the API writes dates."""
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTheirStack]:
    """A running fake with a catalogue of 7 jobs of distinct titles, countries and ages."""
    jobs = [
        make_job(1, job_title="Data Engineer", country_code="DE", date_posted=days_ago(0)),
        make_job(2, job_title="Senior Data Engineer", country_code="US", date_posted=days_ago(1)),
        make_job(3, job_title="Python Developer", country_code="DE", date_posted=days_ago(2)),
        make_job(4, job_title="data platform engineer", country_code="FR", date_posted=days_ago(3)),
        make_job(5, job_title="Product Manager", country_code="DE", date_posted=days_ago(5)),
        make_job(6, job_title="Data Analyst", country_code="GB", date_posted=days_ago(10)),
        make_job(7, job_title="Data Engineer", country_code="DE", date_posted=days_ago(60)),
    ]
    async with FakeTheirStack(jobs) as server:
        yield server


@pytest.fixture
async def client(fake: FakeTheirStack) -> AsyncIterator[httpx.AsyncClient]:
    """An authorised client pointed at the fake."""
    async with httpx.AsyncClient(base_url=fake.base_url, headers=AUTH, timeout=5) as http:
        yield http


async def search_ids(client: httpx.AsyncClient, **body: Any) -> list[int]:
    """Ids of the jobs one successful search returns."""
    response = await client.post(SEARCH_PATH, json=body)
    assert response.status_code == 200, response.text
    return [job["id"] for job in response.json()["data"]]


async def test_search_without_the_api_key_is_unauthorized(fake: FakeTheirStack) -> None:
    async with httpx.AsyncClient(base_url=fake.base_url) as anonymous:
        response = await anonymous.post(SEARCH_PATH, json=RECENT)
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "title", "description"}
    assert response.json()["request_id"] is None
    assert fake.requests == [RECENT]


async def test_search_without_a_required_filter_is_unprocessable(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(SEARCH_PATH, json={"job_title_or": ["data engineer"]})
    assert response.status_code == 422
    assert {"loc", "msg", "type"} <= set(response.json()["detail"][0])


async def test_limit_above_500_is_unprocessable(client: httpx.AsyncClient) -> None:
    response = await client.post(SEARCH_PATH, json={**RECENT, "limit": 501})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "limit"]


async def test_title_filter_needs_every_word_of_a_query_in_any_case(
    client: httpx.AsyncClient,
) -> None:
    ids = await search_ids(client, **RECENT, job_title_or=["DATA engineer", "python"])
    assert ids == [1, 2, 3, 4]


async def test_country_and_age_filters_combine(client: httpx.AsyncClient) -> None:
    ids = await search_ids(client, posted_at_max_age_days=2, job_country_code_or=["DE"])
    assert ids == [1, 3]


async def test_results_are_newest_first(client: httpx.AsyncClient) -> None:
    assert await search_ids(client, posted_at_max_age_days=365) == [1, 2, 3, 4, 5, 6, 7]


async def test_pages_cover_every_matching_job_once(client: httpx.AsyncClient) -> None:
    pages = [await search_ids(client, **RECENT, limit=2, page=page) for page in range(4)]
    assert pages == [[1, 2], [3, 4], [5, 6], []]


async def test_offsets_cover_every_matching_job_once(client: httpx.AsyncClient) -> None:
    seen = [await search_ids(client, **RECENT, limit=4, offset=offset) for offset in (0, 4)]
    assert seen == [[1, 2, 3, 4], [5, 6]]


async def test_offset_takes_precedence_over_page(client: httpx.AsyncClient) -> None:
    assert await search_ids(client, **RECENT, limit=2, page=2, offset=1) == [2, 3]


async def test_total_results_is_filled_only_when_asked_for(client: httpx.AsyncClient) -> None:
    plain = await client.post(SEARCH_PATH, json={**RECENT, "limit": 1})
    counted = await client.post(
        SEARCH_PATH, json={**RECENT, "limit": 1, "include_total_results": True}
    )
    assert plain.json()["metadata"]["total_results"] is None
    assert counted.json()["metadata"]["total_results"] == 6


async def test_queued_429_with_retry_after_precedes_a_normal_answer(
    fake: FakeTheirStack, client: httpx.AsyncClient
) -> None:
    fake.fail_next(Fault(status=429, headers={"Retry-After": "1", "RateLimit-Remaining": "0"}))
    limited = await client.post(SEARCH_PATH, json=RECENT)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    assert limited.headers["RateLimit-Remaining"] == "0"
    assert "error" in limited.json()
    assert len(await search_ids(client, **RECENT)) == 6
    assert len(fake.requests) == 2


async def test_every_answer_carries_rate_limit_headers(client: httpx.AsyncClient) -> None:
    response = await client.post(SEARCH_PATH, json={})
    assert response.status_code == 422
    for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
        assert name in response.headers


async def test_a_delayed_answer_outlasts_a_short_client_timeout(
    fake: FakeTheirStack, client: httpx.AsyncClient
) -> None:
    fake.fail_next(Fault(status=200, delay=1.0), Fault(status=200, delay=0.05))
    with pytest.raises(httpx.ReadTimeout):
        await client.post(SEARCH_PATH, json=RECENT, timeout=0.1)
    assert len(await search_ids(client, **RECENT)) == 6


async def test_a_malformed_answer_is_not_json(
    fake: FakeTheirStack, client: httpx.AsyncClient
) -> None:
    fake.fail_next(Fault(malformed=True))
    response = await client.post(SEARCH_PATH, json=RECENT)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_a_page_beyond_the_remaining_credits_is_refused_with_402(
    fake: FakeTheirStack, client: httpx.AsyncClient
) -> None:
    fake.credits = 5
    assert len(await search_ids(client, **RECENT, limit=4)) == 4
    refused = await client.post(SEARCH_PATH, json={**RECENT, "limit": 4, "offset": 4})
    assert refused.status_code == 402
    assert "error" in refused.json()
    assert fake.credits_used == 4


async def test_credits_used_counts_returned_jobs(
    fake: FakeTheirStack, client: httpx.AsyncClient
) -> None:
    await search_ids(client, **RECENT, limit=4)
    await search_ids(client, posted_at_max_age_days=2, job_country_code_or=["DE"])
    await search_ids(client, **RECENT, job_title_or=["astronaut"])
    balance = (await client.get("/v0/billing/credit-balance")).json()
    assert fake.credits_used == 6
    assert balance == {
        "ui_credits": 0,
        "used_ui_credits": 0,
        "api_credits": 1_000_000,
        "used_api_credits": 6,
    }
