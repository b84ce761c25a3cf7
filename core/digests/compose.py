"""What a digest says: moves in demand, new matching postings, gap progress, one next step."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.learning.roadmap import build_roadmap
from core.market.answers import MarketAnswers
from core.profiles.models import User

NEW_JOBS = 3


async def compose(
    user: User, market: MarketAnswers, now: datetime, *, preview: bool = False
) -> dict[str, Any] | None:
    """Today's digest for a person; None when there is nothing new (unless they want quiet
    days, or this is a preview)."""
    role, location = user.target_role, user.location
    have = user.skill_names()
    since = user.digest.last_sent_at or now - timedelta(days=1)
    data: dict[str, Any] = {
        "role": role,
        "location": location,
        "date": now.date().isoformat(),
        "rising": [],
        "falling": [],
        "new_jobs": [],
        "coverage": None,
        "coverage_change": None,
        "next_step": None,
    }
    trends = await market.trending(role, location)
    data["sample"] = bool(trends.get("sample"))
    if not trends["too_little"]:
        data["rising"] = trends["rising"][:2]
        data["falling"] = trends["falling"][:1]
    jobs = await market.jobs(role, location, [], have, limit=NEW_JOBS, since=since)
    data["new_jobs"] = [j for j in jobs["jobs"] if j["matching"] or not have]
    if role:
        gap = await market.gap(role, location, have)
        if gap["too_little"] and location:
            gap = await market.gap(role, None, have)
        if not gap["too_little"] and have:
            data["coverage"] = gap["coverage"]
            last = user.digest.last_coverage
            data["coverage_change"] = gap["coverage"] - last if last is not None else None
        demand, _ = await market.demand(role)
        data["next_step"] = _next_step(demand, have)
    news = data["new_jobs"] or data["rising"] or data["falling"] or data["coverage_change"]
    data["quiet"] = not news
    if data["quiet"] and not (user.digest.quiet_days or preview):
        return None
    return data


def _next_step(demand: dict[str, float], have: list[str]) -> dict[str, Any] | None:
    roadmap = build_roadmap(demand, have)
    for stage in roadmap.stages:
        for step in stage:
            if step.done:
                continue
            resource = step.resources[0] if step.resources else None
            return {
                "skill": step.skill,
                "hours": step.hours,
                "resource": {"title": resource.title, "url": resource.url} if resource else None,
            }
    return None
