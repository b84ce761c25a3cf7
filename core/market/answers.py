"""Market answers for a person: the analytics over the right counts, with their basis."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.clock import utcnow
from core.collection.freshness import Freshness, FreshnessCache
from core.market import analytics
from core.market.analytics import Pairing
from core.market.postings import Scope
from core.market.sources import MarketSource, RollupSource

GAP_DAYS = 90
TREND_DAYS = 30
PAY_DAYS = 180
JOBS_DAYS = 30


def _pct(x: float) -> int:
    return round(x * 100)


def _moment(at: datetime | None) -> str | None:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else None


@dataclass
class MarketAnswers:
    """Answers about the market, computed from a source of counts (roll-ups by default)."""

    source: MarketSource = field(default_factory=RollupSource)
    freshness: FreshnessCache = field(default_factory=FreshnessCache)

    def _period(self, days: int, today: date | None) -> tuple[date, date]:
        end = (today or utcnow().date()) + timedelta(days=1)
        return end - timedelta(days=days), end

    async def _basis(self, n: int, since: date, until: date) -> dict[str, Any]:
        return {
            "postings": n,
            "since": since.isoformat(),
            "until": (until - timedelta(days=1)).isoformat(),
            **await self._provenance(),
        }

    async def _provenance(self) -> dict[str, Any]:
        # Live data says when it was last collected, and plainly when collection is failing,
        # so that a person knows how far to trust "recent".
        sample = await self.source.sample()
        fresh = Freshness() if sample else await self.freshness.get()
        return {
            "sample": sample,
            "updated": _moment(fresh.updated_at),
            "failing_since": _moment(fresh.failing_since),
        }

    async def gap(
        self, role: str, location: str | None, have: list[str], today: date | None = None
    ) -> dict[str, Any]:
        """The skill gap of `have` for a role (and place)."""
        since, until = self._period(GAP_DAYS, today)
        window, _ = await self.source.counts(role, location, since, until)
        data: dict[str, Any] = {
            "role": role,
            "location": location,
            **await self._basis(window.n, since, until),
        }
        if window.n < analytics.GAP_MIN_POSTINGS:
            return {**data, "too_little": True}
        # Pairing looks at the role everywhere over whole months: enough postings to be
        # meaningful, and what roll-ups can keep.
        _, role_span = await self.source.counts(role, None, since, until)
        pairing = Pairing(role_span, await self.source.pairs(role, since, until))
        result = analytics.gap_from(window, pairing, have)
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
        self, role: str | None, location: str | None, today: date | None = None
    ) -> dict[str, Any]:
        """Skills rising and falling between the last 30 days and the 30 before."""
        since, until = self._period(TREND_DAYS, today)
        earlier = since - timedelta(days=TREND_DAYS)
        recent, _ = await self.source.counts(role, location, since, until)
        before, _ = await self.source.counts(role, location, earlier, since)
        data: dict[str, Any] = {
            "role": role,
            "location": location,
            "recent_postings": recent.n,
            "before_postings": before.n,
            "since": earlier.isoformat(),
            "until": (until - timedelta(days=1)).isoformat(),
            **await self._provenance(),
        }
        if min(recent.n, before.n) < analytics.TREND_MIN_POSTINGS:
            return {**data, "too_little": True}
        result = analytics.trends_from(recent, before)

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
        self, role: str | None, location: str | None, level: str | None, today: date | None = None
    ) -> dict[str, Any]:
        """Pay quartiles from postings that state pay."""
        since, until = self._period(PAY_DAYS, today)
        window, _ = await self.source.counts(role, location, since, until)
        values: Counter[float] = Counter()
        for (lvl, value), count in window.pay.items():
            if level is None or lvl == level:
                values[value] += count
        result = analytics.pay_from_counts(values)
        data: dict[str, Any] = {
            "role": role,
            "location": location,
            "level": level,
            **await self._basis(window.n, since, until),
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

    async def top_locations(self, role: str | None, today: date | None = None) -> dict[str, Any]:
        """Where a role's postings are, and how many are remote."""
        since, until = self._period(GAP_DAYS, today)
        window, _ = await self.source.counts(role, None, since, until)
        result = analytics.places_from(window)
        return {
            "role": role,
            **await self._basis(window.n, since, until),
            "too_little": window.n < analytics.GAP_MIN_POSTINGS,
            "cities": result.cities,
            "countries": result.countries,
            "remote": _pct(result.remote_share),
        }

    async def demand(self, role: str, today: date | None = None) -> tuple[dict[str, float], int]:
        """Share of a role's recent postings asking for each skill, and how many postings."""
        since, until = self._period(GAP_DAYS, today)
        window, _ = await self.source.counts(role, None, since, until)
        return window.shares(), window.n

    async def jobs(
        self,
        role: str | None,
        location: str | None,
        skills: list[str],
        have: list[str],
        limit: int = 5,
        since: datetime | None = None,
    ) -> dict[str, Any]:
        """The most recent matching postings, ranked by skill overlap with the person
        (posted in the last 30 days, or since `since`)."""
        scope = Scope.last(JOBS_DAYS, role, location)
        newest = await self.source.latest(role, location, max(scope.since, since or scope.since))
        rows = [e for e in newest if set(skills) <= set(e["skills"])]
        wanted = set(have) | set(skills)
        ranked = sorted(rows, key=lambda e: e["t"], reverse=True)
        ranked.sort(
            key=lambda e: len(wanted & set(e["skills"])), reverse=True
        )  # stable: newest first
        picked = [
            {
                "title": row["title"],
                "company": row["company"],
                "place": row["place"],
                "pay": row["pay"],
                "url": row["url"],
                "posted": row["t"][:10],
                "matching": sorted(wanted & set(row["skills"])),
            }
            for row in ranked[:limit]
        ]
        return {
            "role": role,
            "location": location,
            "skills": skills,
            "postings": len(rows),
            "since": scope.since.date().isoformat(),
            "until": scope.until.date().isoformat(),
            **await self._provenance(),
            "sample": any(r["source"] == "sample" for r in rows),
            "jobs": picked,
        }
