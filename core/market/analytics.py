"""The formulas: each takes postings and returns numbers, tested on hand-computed data."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

GAP_MIN_POSTINGS = 10
GAP_DEMAND_THRESHOLD = 0.10
TREND_MIN_POSTINGS = 20
TREND_MIN_SUPPORT = 8
SALARY_MIN_POSTINGS = 5


@dataclass(frozen=True, slots=True)
class Demand:
    """A skill and the share of postings that ask for it."""

    skill: str
    share: float
    paired_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """A person's skills against the demand of a role's postings."""

    postings: int
    coverage: float  # demand-weighted share of the in-demand skills the person has
    missing: list[Demand] = field(default_factory=list)
    strengths: list[Demand] = field(default_factory=list)
    in_demand: int = 0


def skill_shares(postings: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Share of postings asking for each skill."""
    counts: Counter[str] = Counter()
    for p in postings:
        counts.update(set(p.get("skills") or ()))
    n = len(postings)
    return {s: c / n for s, c in counts.items()} if n else {}


def paired(postings: Sequence[dict[str, Any]], skill: str, limit: int = 2) -> tuple[str, ...]:
    """The skills that come with `skill` more often than they come in general.

    Ranked by lift in share (share among postings asking for `skill` minus overall share),
    so that skills every posting asks for (SQL, Python) do not pair with everything.
    """
    overall = skill_shares(postings)
    with_skill = [p for p in postings if skill in set(p.get("skills") or ())]
    if not with_skill:
        return ()
    together = skill_shares(with_skill)
    lift = {s: v - overall[s] for s, v in together.items() if s != skill and v >= 0.2}
    ranked = sorted(lift.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(s for s, v in ranked[:limit] if v > 0)


def skill_gap(
    postings: Sequence[dict[str, Any]],
    have: Iterable[str],
    *,
    threshold: float = GAP_DEMAND_THRESHOLD,
    limit: int = 10,
) -> Gap:
    """Demand per skill, the person's weighted coverage, missing skills by demand."""
    shares = skill_shares(postings)
    in_demand = {s: v for s, v in shares.items() if v >= threshold}
    mine = set(have)
    total = sum(in_demand.values())
    covered = sum(v for s, v in in_demand.items() if s in mine)
    ranked = sorted(in_demand.items(), key=lambda kv: (-kv[1], kv[0]))
    missing = [Demand(s, v, paired(postings, s)) for s, v in ranked if s not in mine][:limit]
    strengths = [
        Demand(s, v) for s, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) if s in mine
    ][:5]
    return Gap(len(postings), covered / total if total else 0.0, missing, strengths, len(in_demand))


@dataclass(frozen=True, slots=True)
class Trend:
    """A skill's share of postings in two periods."""

    skill: str
    before: float
    recent: float

    @property
    def change(self) -> float:
        """Percentage points gained (negative: lost)."""
        return self.recent - self.before


@dataclass(frozen=True, slots=True)
class Trends:
    """Rising and falling skills between two periods of equal length."""

    recent_postings: int
    before_postings: int
    rising: list[Trend] = field(default_factory=list)
    falling: list[Trend] = field(default_factory=list)


def trends(
    recent: Sequence[dict[str, Any]],
    before: Sequence[dict[str, Any]],
    *,
    min_support: int = TREND_MIN_SUPPORT,
    limit: int = 8,
) -> Trends:
    """Skills whose share rose or fell most; a skill needs `min_support` postings in all."""
    now, then = skill_shares(recent), skill_shares(before)
    counts: Counter[str] = Counter()
    for p in (*recent, *before):
        counts.update(set(p.get("skills") or ()))
    moves = [
        Trend(s, then.get(s, 0.0), now.get(s, 0.0))
        for s in set(now) | set(then)
        if counts[s] >= min_support
    ]
    rising = sorted((t for t in moves if t.change > 0), key=lambda t: (-t.change, t.skill))
    falling = sorted((t for t in moves if t.change < 0), key=lambda t: (t.change, t.skill))
    return Trends(len(recent), len(before), rising[:limit], falling[: limit // 2 + 1])


@dataclass(frozen=True, slots=True)
class Pay:
    """Annual pay percentiles (USD) from the postings that state it."""

    count: int
    p25: float
    p50: float
    p75: float


def annual_pay(posting: dict[str, Any]) -> float | None:
    """The midpoint of a posting's stated range, or the one bound it states."""
    low, high = posting.get("salary_min_usd"), posting.get("salary_max_usd")
    values = [v for v in (low, high) if isinstance(v, int | float) and v > 0]
    return sum(values) / len(values) if values else None


def pay(postings: Iterable[dict[str, Any]]) -> Pay | None:
    """Quartiles of stated pay; None when fewer than enough postings state it."""
    values = sorted(v for p in postings if (v := annual_pay(p)) is not None)
    if len(values) < SALARY_MIN_POSTINGS:
        return Pay(len(values), 0, 0, 0) if values else None
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Pay(len(values), q1, q2, q3)


@dataclass(frozen=True, slots=True)
class Places:
    """Where a role's postings are."""

    postings: int
    cities: list[tuple[str, int]]
    countries: list[tuple[str, int]]
    remote_share: float


def places(postings: Sequence[dict[str, Any]], limit: int = 8) -> Places:
    """Top cities and countries by postings, and the share that is remote."""
    cities: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    remote = 0
    for p in postings:
        if p.get("remote"):
            remote += 1
        if p.get("city") and not p.get("remote"):
            cities[p["city"]] += 1
        if p.get("country"):
            countries[p["country"]] += 1

    def top(c: Counter[str]) -> list[tuple[str, int]]:
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    n = len(postings)
    return Places(n, top(cities), top(countries), remote / n if n else 0.0)
