"""An async client for the TheirStack jobs API (see shared/reference/theirstack-api.md)."""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
MAX_WAIT_SECONDS = 60.0


class TheirStackError(Exception):
    """The jobs API could not give an answer."""


class AuthenticationError(TheirStackError):
    """The API key was refused (401/403): retrying will not help."""


class OutOfCreditsError(TheirStackError):
    """The account has no API credits left (402)."""


class RequestRejected(TheirStackError):
    """The API refused the request as invalid (400/422)."""


class ServiceUnavailable(TheirStackError):
    """Timeouts, rate limits or server errors outlasted the retries."""


class _Retryable(TheirStackError):
    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class ApiJob(BaseModel):
    """A job as the API returns it; missing fields default, unknown ones are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: int
    job_title: str = ""
    normalized_title: str | None = None
    url: str | None = None
    final_url: str | None = None
    source_url: str | None = None
    date_posted: date | None = None
    discovered_at: datetime | None = None
    company: str | None = None
    company_domain: str | None = None
    location: str | None = None
    short_location: str | None = None
    country: str | None = None
    country_code: str | None = None
    cities: list[str] = Field(default_factory=list)
    remote: bool | None = None
    hybrid: bool | None = None
    seniority: str | None = None
    min_annual_salary_usd: float | None = None
    max_annual_salary_usd: float | None = None
    description: str = ""
    technology_slugs: list[str] = Field(default_factory=list)

    @field_validator("cities", "technology_slugs", mode="before")
    @classmethod
    def _null_list(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("discovered_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # The API writes UTC without an offset.
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @field_validator("job_title", "description", mode="before")
    @classmethod
    def _null_text(cls, value: object) -> object:
        return "" if value is None else value


class _Metadata(BaseModel):
    model_config = ConfigDict(extra="ignore")
    total_results: int | None = None


class SearchPage(BaseModel):
    """One page of search results."""

    model_config = ConfigDict(extra="ignore")
    metadata: _Metadata = Field(default_factory=_Metadata)
    data: list[ApiJob] = Field(default_factory=list)


@dataclass
class JobSearch:
    """What to search for; turned into the API's filter body."""

    job_titles: list[str]
    country_codes: list[str] = field(default_factory=list)
    location_patterns: list[str] = field(default_factory=list)
    remote: bool | None = None
    max_age_days: int | None = 30
    discovered_after: datetime | None = None

    def body(self, offset: int, limit: int) -> dict[str, Any]:
        """The request body for `limit` results from `offset` on."""
        body: dict[str, Any] = {
            "offset": offset,
            "limit": limit,
            "job_title_or": self.job_titles,
            "order_by": [{"field": "date_posted", "desc": True}],
        }
        if self.max_age_days is not None:
            body["posted_at_max_age_days"] = self.max_age_days
        if self.discovered_after is not None:
            # One second on, so the newest posting of the last run is not bought again.
            after = self.discovered_after.astimezone(UTC) + timedelta(seconds=1)
            body["discovered_at_gte"] = after.strftime("%Y-%m-%dT%H:%M:%SZ")
            body.setdefault("posted_at_max_age_days", 90)
        if self.country_codes:
            body["job_country_code_or"] = self.country_codes
        if self.location_patterns:
            body["job_location_pattern_or"] = self.location_patterns
        if self.remote is not None:
            body["remote"] = self.remote
        return body


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from Retry-After (seconds or HTTP date) or RateLimit-Reset."""
    header = response.headers.get("Retry-After")
    if header:
        try:
            return min(MAX_WAIT_SECONDS, max(0.0, float(header)))
        except ValueError:
            when = email.utils.parsedate_to_datetime(header)
            if when is not None:
                return min(MAX_WAIT_SECONDS, max(0.0, when.timestamp() - time.time()))
    resets = response.headers.get("RateLimit-Reset")
    if resets:
        try:
            return min(MAX_WAIT_SECONDS, max(float(v) for v in resets.split(",")))
        except ValueError:
            return None
    return None


def _error_text(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text[:200]
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):
            return str(error.get("description") or error.get("title") or error)
        if "detail" in payload:
            return str(payload["detail"])[:300]
    return str(payload)[:200]


class TheirStackClient:
    """Searches jobs with authentication, a client-side rate limit, timeouts and retries."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = "https://api.theirstack.com",
        timeout: float = 30.0,
        max_retries: int = 3,
        requests_per_minute: int = 300,
        backoff_initial: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": "career-navigator"},
            timeout=timeout,
            transport=transport,
        )
        # Spread over the minute rather than allowing the whole minute's quota in one burst.
        if requests_per_minute >= 60:
            self._limiter = AsyncLimiter(requests_per_minute / 60, 1)
        else:
            self._limiter = AsyncLimiter(1, 60 / requests_per_minute)
        self._max_retries = max_retries
        self._backoff_initial = backoff_initial
        self.credits_used = 0
        self.requests_made = 0

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> TheirStackClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def search_jobs(
        self, search: JobSearch, max_results: int, page_size: int = 100
    ) -> AsyncIterator[ApiJob]:
        """Jobs matching `search`, newest first, page by page, up to `max_results`."""
        limit = max(1, min(page_size, max_results, MAX_PAGE_SIZE))
        seen = 0
        while seen < max_results:
            want = min(limit, max_results - seen)
            result = await self.search_page(search.body(seen, want))
            for job in result.data:
                yield job
            seen += len(result.data)
            total = result.metadata.total_results
            if len(result.data) < want or (total is not None and seen >= total):
                return

    async def search_page(self, body: dict[str, Any]) -> SearchPage:
        """One search request, retried on timeouts, 429 and 5xx."""
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(_Retryable),
            stop=stop_after_attempt(self._max_retries + 1),
            wait=self._wait,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._search_once(body)
        except _Retryable as exc:
            raise ServiceUnavailable(
                f"jobs API unavailable after {self._max_retries + 1} attempts: {exc}"
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, _Retryable) and exc.wait is not None:
            return exc.wait
        backoff = wait_exponential_jitter(multiplier=self._backoff_initial, max=10)
        return float(backoff(state))

    async def _search_once(self, body: dict[str, Any]) -> SearchPage:
        async with self._limiter:
            self.requests_made += 1
            try:
                response = await self._http.post("/v1/jobs/search", json=body)
            except httpx.TimeoutException as exc:
                log.warning("jobs API timed out: %s", type(exc).__name__)
                raise _Retryable("timeout") from None
            except httpx.TransportError as exc:
                log.warning("jobs API connection failed: %s", type(exc).__name__)
                raise _Retryable(f"connection error ({type(exc).__name__})") from None
        status = response.status_code
        if status == 200:
            try:
                page = SearchPage.model_validate_json(response.content)
            except ValidationError as exc:
                log.warning("jobs API sent an unreadable page: %s", exc.error_count())
                raise _Retryable("malformed response") from None
            self.credits_used += len(page.data)
            return page
        detail = _error_text(response)
        if status in (401, 403):
            raise AuthenticationError(f"the jobs API refused the API key ({status}): {detail}")
        if status == 402:
            raise OutOfCreditsError(f"the jobs API account is out of credits: {detail}")
        if status in (400, 404, 422):
            raise RequestRejected(f"the jobs API rejected the request ({status}): {detail}")
        if status == 429:
            wait = _retry_after(response)
            log.warning("jobs API rate limit hit; waiting %s s", wait)
            raise _Retryable("rate limited (429)", wait)
        raise _Retryable(f"server error ({status})")

    async def credit_balance(self) -> int:
        """API credits left on the account."""
        response = await self._http.get("/v0/billing/credit-balance")
        if response.status_code in (401, 403):
            raise AuthenticationError("the jobs API refused the API key")
        response.raise_for_status()
        data = response.json()
        return int(data.get("api_credits", 0)) - int(data.get("used_api_credits", 0))
