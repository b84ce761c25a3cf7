"""Market answers for a person: the analytics applied to the right postings, with their basis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.clock import utcnow
from core.market import analytics
from core.market.postings import Scope, fetch, from_samples
from core.postings.models import JobPosting

GAP_DAYS = 90
TREND_DAYS = 30
PAY_DAYS = 180
JOBS_DAYS = 30


def _basis(rows: list[dict[str, Any]], scope: Scope) -> dict[str, Any]:
    return {
        "postings": len(rows),
        "since": scope.since.date().isoformat(),
        "until": scope.until.date().isoformat(),
        "sample": from_samples(rows),
    }


def _pct(x: float) -> int:
    return round(x * 100)


async def gap(
    role: str, location: str | None, have: list[str], now: datetime | None = None
) -> dict[str, Any]:
    """The skill gap of `have` for a role (and place)."""
    scope = Scope.last(GAP_DAYS, role, location, now)
    rows = await fetch(scope)
    data: dict[str, Any] = {"role": role, "location": location, **_basis(rows, scope)}
    if len(rows) < analytics.GAP_MIN_POSTINGS:
        return {**data, "too_little": True}
    result = analytics.skill_gap(rows, have)
    return {
        **data,
        "too_little": False,
        "coverage": _pct(result.coverage),
        "missing": [
            {"skill": d.skill, "share": _pct(d.share), "paired": list(d.paired_with)}
            for d in result.missing
        ],
        "strengths": [{"skill": d.skill, "share": _pct(d.share)} for d in result.strengths],
        "in_demand": result.in_demand,
        "have_any": bool(have),
    }


async def trending(
    role: str | None, location: str | None, now: datetime | None = None
) -> dict[str, Any]:
    """Skills rising and falling between the last 30 days and the 30 before."""
    now = now or utcnow()
    recent_scope = Scope.last(TREND_DAYS, role, location, now)
    before_scope = Scope(
        role,
        location,
        recent_scope.since - (recent_scope.until - recent_scope.since),
        recent_scope.since,
    )
    recent, before = await fetch(recent_scope), await fetch(before_scope)
    data: dict[str, Any] = {
        "role": role,
        "location": location,
        "recent_postings": len(recent),
        "before_postings": len(before),
        "since": before_scope.since.date().isoformat(),
        "until": now.date().isoformat(),
        "sample": from_samples(recent + before),
    }
    if min(len(recent), len(before)) < analytics.TREND_MIN_POSTINGS:
        return {**data, "too_little": True}
    result = analytics.trends(recent, before)

    def rows(items: list[analytics.Trend]) -> list[dict[str, Any]]:
        return [
            {
                "skill": t.skill,
                "before": _pct(t.before),
                "recent": _pct(t.recent),
                "change": round(t.change * 100, 1),
            }
            for t in items
        ]

    return {
        **data,
        "too_little": False,
        "rising": rows(result.rising),
        "falling": rows(result.falling),
    }


async def salary(
    role: str | None, location: str | None, level: str | None, now: datetime | None = None
) -> dict[str, Any]:
    """Pay quartiles from postings that state pay."""
    scope = Scope.last(PAY_DAYS, role, location, now)
    extra = {"seniority": level} if level else None
    rows = await fetch(scope, extra)
    result = analytics.pay(rows)
    data: dict[str, Any] = {
        "role": role,
        "location": location,
        "level": level,
        **_basis(rows, scope),
    }
    if result is None or result.count < analytics.SALARY_MIN_POSTINGS:
        return {**data, "too_little": True, "with_pay": result.count if result else 0}
    return {
        **data,
        "too_little": False,
        "with_pay": result.count,
        "p25": round(result.p25, -3),
        "p50": round(result.p50, -3),
        "p75": round(result.p75, -3),
    }


async def top_locations(role: str | None, now: datetime | None = None) -> dict[str, Any]:
    """Where a role's postings are, and how many are remote."""
    scope = Scope.last(GAP_DAYS, role, None, now)
    rows = await fetch(scope)
    result = analytics.places(rows)
    return {
        "role": role,
        **_basis(rows, scope),
        "too_little": len(rows) < analytics.GAP_MIN_POSTINGS,
        "cities": result.cities,
        "countries": result.countries,
        "remote": _pct(result.remote_share),
    }


async def jobs(
    role: str | None,
    location: str | None,
    skills: list[str],
    have: list[str],
    now: datetime | None = None,
    limit: int = 5,
) -> dict[str, Any]:
    """The most recent matching postings, ranked by skill overlap with the person."""
    scope = Scope.last(JOBS_DAYS, role, location, now)
    extra = {"skills": {"$all": skills}} if skills else None
    rows = await fetch(scope, extra)
    wanted = set(have) | set(skills)
    ranked = sorted(
        rows, key=lambda r: (-len(wanted & set(r.get("skills") or ())), -r["posted_at"].timestamp())
    )
    picked = []
    for row in ranked[:limit]:
        posting = await JobPosting.get(row["_id"])
        if posting is None:
            continue
        pay = analytics.annual_pay(row)
        picked.append(
            {
                "title": posting.title,
                "company": posting.company,
                "place": "Remote"
                if posting.remote
                else (posting.city or posting.country or posting.location),
                "pay": round(pay, -3) if pay else None,
                "url": posting.url,
                "posted": posting.posted_at.date().isoformat(),
                "matching": sorted(wanted & set(posting.skills)),
            }
        )
    return {
        "role": role,
        "location": location,
        "skills": skills,
        **_basis(rows, scope),
        "jobs": picked,
    }
