"""A local fake of the TheirStack jobs API (see /work/shared/reference/theirstack-api.md).

It implements the subset of the search filters our client uses, bills credits the way the real
service does, and can be told to misbehave (errors, rate limits, slow or broken answers) so that
client retry and error paths can be exercised without the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any

from aiohttp import web

SEARCH_PATH = "/v1/jobs/search"
CREDIT_BALANCE_PATH = "/v0/billing/credit-balance"

# The API refuses a search unless at least one of these bounds it in time or by company.
REQUIRED_FILTERS = (
    "posted_at_max_age_days",
    "posted_at_gte",
    "posted_at_lte",
    "company_domain_or",
    "company_linkedin_url_or",
    "company_name_or",
)
MAX_LIMIT = 500
DEFAULT_LIMIT = 25

# The real service publishes a 4 requests/second policy for paid plans. The fake never throttles
# on its own (tests queue a 429 when they want one), so the headers always report spare quota:
# a client that pauses on an exhausted window would otherwise slow every test down.
RATE_LIMIT_POLICY = "per-second"
RATE_LIMIT_QUOTA = 4
RATE_LIMIT_WINDOW_SECONDS = 1

# Error codes are documented only as E-001..E-016 without meanings; these picks are arbitrary.
_ERROR_CODES = {401: "E-001", 402: "E-002", 429: "E-003"}
_GENERIC_ERROR_CODE = "E-016"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_job(job_id: int, **overrides: Any) -> dict[str, Any]:
    """A complete API Job dict (every field of the reference example, plausible values).

    ``date_posted`` defaults to today (UTC) so that age filters find the job. Derived fields
    follow an overridden ``date_posted`` (``discovered_at``) or ``country_code``
    (``country_codes``) unless they are overridden too.
    ``overrides`` replace top-level keys as a whole (``company_object`` is not merged).
    """
    date_posted = str(overrides.get("date_posted", datetime.now(UTC).date().isoformat()))
    # Vary the time by id so that jobs posted the same day still have a stable, distinct order.
    seconds = job_id % 86_400
    discovered_at = (
        f"{date_posted}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    )
    job: dict[str, Any] = {
        "id": job_id,
        "job_title": "Senior Python Backend Engineer",
        "normalized_title": "senior backend engineer",
        "url": f"https://www.linkedin.com/jobs/view/{job_id}",
        "source_url": f"https://www.linkedin.com/jobs/view/{job_id}",
        "final_url": f"https://boards.greenhouse.io/acme/jobs/{job_id}",
        "date_posted": date_posted,
        "discovered_at": discovered_at,
        "reposted": False,
        "date_reposted": None,
        "has_blurred_data": False,
        "company": "Acme Analytics",
        "company_domain": "acme.io",
        "company_object": {
            "id": "acme",
            "name": "Acme Analytics",
            "domain": "acme.io",
            "industry": "software development",
            "country": "Germany",
            "employee_count": 240,
            "employee_count_range": "201-500",
            "logo": "https://media.theirstack.com/company/logo/acme",
            "linkedin_url": "https://www.linkedin.com/company/acme",
            "has_blurred_data": False,
            "technology_slugs": ["python", "postgresql"],
        },
        "location": "Berlin, Germany",
        "short_location": "Berlin, BE",
        "long_location": "Berlin, Germany",
        "state_code": "BE",
        "postal_code": None,
        "latitude": 52.52,
        "longitude": 13.405,
        "country": "Germany",
        "country_code": "DE",
        "countries": ["Germany"],
        "country_codes": ["DE"],
        "cities": ["Berlin"],
        "continents": ["Europe"],
        "locations": [
            {
                "id": 2950159,
                "name": "Berlin",
                "display_name": "Berlin, Germany",
                "type": "city",
                "country_code": "DE",
                "country_name": "Germany",
                "state": "Berlin",
                "state_code": "BE",
                "admin1_code": "16",
                "admin1_name": "Berlin",
                "continent": "EU",
                "latitude": 52.52,
                "longitude": 13.405,
            }
        ],
        "remote": False,
        "hybrid": True,
        "seniority": "senior",
        "employment_statuses": ["full_time"],
        "easy_apply": False,
        "salary_string": "€70,000 - €85,000",
        "min_annual_salary": 70000,
        "max_annual_salary": 85000,
        "min_annual_salary_usd": 76000,
        "max_annual_salary_usd": 92300,
        "avg_annual_salary_usd": 84150,
        "salary_currency": "EUR",
        "description": "## About us\nWe build analytics tools.\n\n## You\nPython, Django, SQL.",
        "technology_slugs": ["python", "django", "postgresql"],
        "keyword_slugs": ["python", "django", "postgresql", "ci-cd"],
        "hiring_team": [
            {
                "first_name": "Lena",
                "full_name": "Lena Vogel",
                "role": "CTO",
                "linkedin_url": "https://www.linkedin.com/in/lenavogel",
                "image_url": None,
                "thumbnail_url": None,
            }
        ],
        "manager_roles": [],
        "matching_phrases": [],
        "matching_words": [],
    }
    # Keep the per-location list in step with a single overridden country, as real data is.
    if "country_code" in overrides and "country_codes" not in overrides:
        job["country_codes"] = [overrides["country_code"]]
    job.update(overrides)
    return job


@dataclass
class Fault:
    """One misbehaving answer to a search request.

    ``status=200`` with no ``body`` and ``malformed=False`` means "answer normally, only late",
    which is how a test gets a slow success.
    """

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0
    malformed: bool = False


def error_body(status: int, title: str, description: str) -> dict[str, Any]:
    """The documented TheirStack error body for ``status``."""
    return {
        "error": {
            "code": _ERROR_CODES.get(status, _GENERIC_ERROR_CODE),
            "title": title,
            "description": description,
        },
        "request_id": None,
    }


def _validation_error(loc: list[str | int], msg: str, kind: str) -> web.Response:
    # FastAPI's shape, which is what the service is built on.
    return web.json_response({"detail": [{"loc": loc, "msg": msg, "type": kind}]}, status=422)


def _words(text: str) -> set[str]:
    # Keep + and # so that "C++" and "C#" stay distinct from "C".
    return set(re.findall(r"[a-z0-9+#]+", text.lower()))


def _title_matches(title: str, queries: Iterable[str]) -> bool:
    title_words = _words(title)
    return any(_words(q) and _words(q) <= title_words for q in queries)


def _parse_datetime(value: str) -> datetime:
    # Filters arrive with a trailing Z, jobs carry naive UTC; compare both as aware UTC.
    parsed = datetime.fromisoformat(value.removesuffix("Z"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _job_matches(job: dict[str, Any], query: dict[str, Any]) -> bool:
    title = str(job.get("job_title") or "")
    if (wanted := query.get("job_title_or")) and not _title_matches(title, wanted):
        return False
    if (unwanted := query.get("job_title_not")) and _title_matches(title, unwanted):
        return False

    if countries := query.get("job_country_code_or"):
        wanted_codes = {str(c).upper() for c in countries}
        job_codes = {str(c).upper() for c in job.get("country_codes") or []}
        if job.get("country_code"):
            job_codes.add(str(job["country_code"]).upper())
        if not wanted_codes & job_codes:
            return False

    posted = date.fromisoformat(str(job["date_posted"]))
    # An age of 0 means today only, 1 today and yesterday, and so on.
    max_age = query.get("posted_at_max_age_days")
    if max_age is not None and posted < datetime.now(UTC).date() - timedelta(days=int(max_age)):
        return False
    if (gte := query.get("posted_at_gte")) and posted < date.fromisoformat(gte):
        return False
    if (lte := query.get("posted_at_lte")) and posted > date.fromisoformat(lte):
        return False
    discovered_gte = query.get("discovered_at_gte")
    if discovered_gte and _parse_datetime(str(job["discovered_at"])) < _parse_datetime(
        discovered_gte
    ):
        return False

    # The service cannot tell an unflagged job from an on-site one, so null counts as not remote.
    if (remote := query.get("remote")) is not None and (job.get("remote") is True) != remote:
        return False
    if (seniorities := query.get("job_seniority_or")) and job.get("seniority") not in seniorities:
        return False
    slugs = query.get("job_technology_slug_or")
    if slugs and not set(slugs) & set(job.get("technology_slugs") or []):
        return False
    if (excluded_ids := query.get("job_id_not")) and job.get("id") in excluded_ids:
        return False
    if (min_salary := query.get("min_salary_usd")) is not None:
        # A job without a stated salary cannot be shown to meet a salary floor.
        salary = job.get("min_annual_salary_usd")
        if salary is None or salary < min_salary:
            return False
    return True


def _sort_key(job: dict[str, Any]) -> tuple[str, datetime, int]:
    return (str(job["date_posted"]), _parse_datetime(str(job["discovered_at"])), int(job["id"]))


def _check_int(
    body: dict[str, Any], name: str, default: int, low: int, high: int | None
) -> int | web.Response:
    """The field's value if it is an int within bounds, else the 422 response to send."""
    value = body.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        return _validation_error(["body", name], "Input should be a valid integer", "int_type")
    if value < low:
        return _validation_error(
            ["body", name], f"Input should be greater than or equal to {low}", "greater_than_equal"
        )
    if high is not None and value > high:
        return _validation_error(
            ["body", name], f"Input should be less than or equal to {high}", "less_than_equal"
        )
    return value


class FakeTheirStack:
    """An in-process HTTP server answering like api.theirstack.com, over a list of job dicts."""

    def __init__(
        self,
        jobs: list[dict[str, Any]] | None = None,
        *,
        api_key: str = "test-key",
        credits: int = 1_000_000,
    ) -> None:
        """Serve ``jobs`` to callers presenting ``api_key``, with ``credits`` API credits."""
        self.jobs: list[dict[str, Any]] = list(jobs) if jobs is not None else []
        self.requests: list[dict[str, Any]] = []
        self.credits_used = 0
        self.credits = credits
        self.api_key = api_key
        self._faults: list[Fault] = []
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._stopping = asyncio.Event()

    @property
    def base_url(self) -> str:
        """The root URL of the running server, e.g. ``http://127.0.0.1:54321``."""
        if self._base_url is None:
            raise RuntimeError("FakeTheirStack is not running; call start() first")
        return self._base_url

    def fail_next(self, *faults: Fault) -> None:
        """Queue faults; each following search request consumes one before normal handling."""
        self._faults.extend(faults)

    def clear_faults(self) -> None:
        """Drop the queued faults not served yet: the API is healthy again."""
        self._faults.clear()

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1 and return the base URL."""
        if self._runner is not None:
            return self.base_url
        self._stopping = asyncio.Event()
        app = web.Application(middlewares=[self._rate_limit_headers])
        app.router.add_post(SEARCH_PATH, self._search)
        app.router.add_get(CREDIT_BALANCE_PATH, self._credit_balance)
        # Cancel handlers whose client hung up (a timed-out delayed answer) and keep shutdown
        # short, so one slow fault cannot hold a test run for aiohttp's 60 s default.
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        # Port 0 lets the OS pick; the runner reports what its site's sockets are bound to.
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._base_url = f"http://{host}:{port}"
        return self._base_url

    async def stop(self) -> None:
        """Stop listening; delayed answers still pending are released first."""
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._base_url = None

    async def __aenter__(self) -> FakeTheirStack:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    @web.middleware
    async def _rate_limit_headers(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            self._add_rate_limit_headers(exc.headers)
            raise
        self._add_rate_limit_headers(response.headers)
        return response

    @staticmethod
    def _add_rate_limit_headers(target: MutableMapping[str, str]) -> None:
        # setdefault: headers a Fault supplies (say, an exhausted window on a 429) take precedence.
        headers = {
            "RateLimit": (
                f'"{RATE_LIMIT_POLICY}"; r={RATE_LIMIT_QUOTA - 1}; '
                f"t={RATE_LIMIT_WINDOW_SECONDS}; pk=fake"
            ),
            "RateLimit-Policy": (
                f'"{RATE_LIMIT_POLICY}"; q={RATE_LIMIT_QUOTA}; w={RATE_LIMIT_WINDOW_SECONDS}'
            ),
            "RateLimit-Limit": str(RATE_LIMIT_QUOTA),
            "RateLimit-Remaining": str(RATE_LIMIT_QUOTA - 1),
            "RateLimit-Reset": str(RATE_LIMIT_WINDOW_SECONDS),
        }
        for name, value in headers.items():
            target.setdefault(name, value)

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if request.headers.get("Authorization") == f"Bearer {self.api_key}":
            return None
        return web.json_response(
            error_body(401, "Unauthorized", "Missing or invalid API key."), status=401
        )

    async def _search(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        self.requests.append(body if isinstance(body, dict) else {})

        if self._faults:
            fault = self._faults.pop(0)
            await self._sleep(fault.delay)
            slow_success = fault.status == 200 and fault.body is None and not fault.malformed
            if not slow_success:
                return self._fault_response(fault)

        if (denied := self._unauthorized(request)) is not None:
            return denied
        if not isinstance(body, dict):
            return _validation_error(
                ["body"], "Input should be a valid JSON object", "json_invalid"
            )
        return self._answer_search(body)

    def _answer_search(self, body: dict[str, Any]) -> web.Response:
        if all(body.get(name) in (None, []) for name in REQUIRED_FILTERS):
            return _validation_error(
                ["body"],
                "At least one of " + ", ".join(REQUIRED_FILTERS) + " is required",
                "value_error",
            )
        limit = _check_int(body, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        if isinstance(limit, web.Response):
            return limit
        page = _check_int(body, "page", 0, 0, None)
        if isinstance(page, web.Response):
            return page
        offset = _check_int(body, "offset", 0, 0, None)
        if isinstance(offset, web.Response):
            return offset

        matching = sorted(
            (job for job in self.jobs if _job_matches(job, body)), key=_sort_key, reverse=True
        )
        start = offset if offset > 0 else page * limit
        selected = matching[start : start + limit]

        # Billing is all-or-nothing per answer: a page the account cannot pay for is refused.
        if self.credits_used + len(selected) > self.credits:
            return web.json_response(
                error_body(
                    402,
                    "Payment Required",
                    "Not enough API credits to return the requested jobs.",
                ),
                status=402,
            )
        self.credits_used += len(selected)
        metadata = {
            "total_results": len(matching) if body.get("include_total_results") else None,
            "truncated_results": 0,
            "truncated_companies": 0,
            "total_companies": None,
        }
        return web.json_response({"metadata": metadata, "data": selected})

    async def _credit_balance(self, request: web.Request) -> web.StreamResponse:
        if (denied := self._unauthorized(request)) is not None:
            return denied
        return web.json_response(
            {
                "ui_credits": 0,
                "used_ui_credits": 0,
                "api_credits": self.credits,
                "used_api_credits": self.credits_used,
            }
        )

    async def _sleep(self, seconds: float) -> None:
        # Wake early when the server stops, so shutdown never waits out a long fault delay.
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    def _fault_response(self, fault: Fault) -> web.Response:
        if fault.malformed:
            # A truncated document: what a proxy cutting a response short would deliver.
            return web.Response(
                status=200,
                body=b'{"metadata": {"total_results": null, "trunc',
                content_type="application/json",
                headers=fault.headers,
            )
        if fault.body is not None:
            return web.Response(status=fault.status, body=fault.body, headers=fault.headers)
        reason = web.Response(status=fault.status).reason or "Error"
        return web.json_response(
            error_body(fault.status, reason, f"Injected fault answering {fault.status}."),
            status=fault.status,
            headers=fault.headers,
        )
