"""The formulas: each takes postings and returns numbers, tested on hand-computed data."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
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


@dataclass
class Tally:
    """Counts over a set of postings: how many, per skill, remote, per city and country, pay."""

    n: int = 0
    remote: int = 0
    skills: Counter[str] = field(default_factory=Counter)
    cities: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    # (seniority or "", annual USD) -> postings: stated pay repeats a lot, so counts stay small
    pay: Counter[tuple[str, float]] = field(default_factory=Counter)

    def add(self, posting: dict[str, Any]) -> None:
        """Count one posting."""
        self.n += 1
        self.skills.update(set(posting.get("skills") or ()))
        if posting.get("remote"):
            self.remote += 1
        elif posting.get("city"):
            self.cities[posting["city"]] += 1
        if posting.get("country"):
            self.countries[posting["country"]] += 1
        value = annual_pay(posting)
        if value is not None:
            self.pay[(posting.get("seniority") or "", value)] += 1

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.n += other.n
        self.remote += other.remote
        self.skills.update(other.skills)
        self.cities.update(other.cities)
        self.countries.update(other.countries)
        self.pay.update(other.pay)

    def shares(self) -> dict[str, float]:
        """Share of postings asking for each skill."""
        return {s: c / self.n for s, c in self.skills.items()} if self.n else {}


def tally(postings: Iterable[dict[str, Any]]) -> Tally:
    """The tally of a list of postings."""
    out = Tally()
    for p in postings:
        out.add(p)
    return out


def pair_counts(postings: Iterable[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """How many postings ask for each pair of skills (alphabetical pairs)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for p in postings:
        skills = sorted(set(p.get("skills") or ()))
        for i, a in enumerate(skills):
            for b in skills[i + 1 :]:
                pairs[(a, b)] += 1
    return pairs


def skill_shares(postings: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Share of postings asking for each skill."""
    return tally(postings).shares()


@dataclass(frozen=True)
class Pairing:
    """What pairing is computed from: a tally and its pair counts over the same postings."""

    totals: Tally
    pairs: Counter[tuple[str, str]]

    @cached_property
    def _partners(self) -> dict[str, dict[str, int]]:
        # A gap asks for the partners of ten skills: one pass over the pairs serves them all.
        partners: dict[str, dict[str, int]] = defaultdict(dict)
        for (a, b), n in self.pairs.items():
            partners[a][b] = n
            partners[b][a] = n
        return partners

    def paired(self, skill: str, limit: int = 2) -> tuple[str, ...]:
        """The skills that come with `skill` more often than they come in general.

        Ranked by lift in share (share among postings asking for `skill` minus overall
        share), so skills every posting asks for (SQL, Python) do not pair with everything.
        """
        with_skill = self.totals.skills.get(skill, 0)
        if not with_skill or not self.totals.n:
            return ()
        lift = {}
        for other, n in self._partners.get(skill, {}).items():
            together = n / with_skill
            if together >= 0.2:
                lift[other] = together - self.totals.skills[other] / self.totals.n
        ranked = sorted(lift.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(s for s, v in ranked[:limit] if v > 0)


def paired(postings: Sequence[dict[str, Any]], skill: str, limit: int = 2) -> tuple[str, ...]:
    """The skills that come with `skill` more often than in general, within `postings`."""
    return Pairing(tally(postings), pair_counts(postings)).paired(skill, limit)


def gap_from(
    window: Tally,
    pairing: Pairing | None,
    have: Iterable[str],
    *,
    threshold: float = GAP_DEMAND_THRESHOLD,
    limit: int = 10,
) -> Gap:
    """Demand per skill, the person's weighted coverage, missing skills by demand."""
    shares = window.shares()
    in_demand = {s: v for s, v in shares.items() if v >= threshold}
    mine = set(have)
    total = sum(in_demand.values())
    covered = sum(v for s, v in in_demand.items() if s in mine)
    ranked = sorted(in_demand.items(), key=lambda kv: (-kv[1], kv[0]))
    missing = [
        Demand(s, v, pairing.paired(s) if pairing else ()) for s, v in ranked if s not in mine
    ][:limit]
    strengths = [
        Demand(s, v) for s, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) if s in mine
    ][:5]
    return Gap(window.n, covered / total if total else 0.0, missing, strengths, len(in_demand))


def skill_gap(
    postings: Sequence[dict[str, Any]],
    have: Iterable[str],
    *,
    threshold: float = GAP_DEMAND_THRESHOLD,
    limit: int = 10,
) -> Gap:
    """The gap within a list of postings (pairing over the same postings)."""
    pairing = Pairing(tally(postings), pair_counts(postings))
    return gap_from(tally(postings), pairing, have, threshold=threshold, limit=limit)


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


def trends_from(
    recent: Tally, before: Tally, *, min_support: int = TREND_MIN_SUPPORT, limit: int = 8
) -> Trends:
    """Skills whose share rose or fell most; a skill needs `min_support` postings in all."""
    now, then = recent.shares(), before.shares()
    counts = recent.skills + before.skills
    moves = [
        Trend(s, then.get(s, 0.0), now.get(s, 0.0))
        for s in set(now) | set(then)
        if counts[s] >= min_support
    ]
    rising = sorted((t for t in moves if t.change > 0), key=lambda t: (-t.change, t.skill))
    falling = sorted((t for t in moves if t.change < 0), key=lambda t: (t.change, t.skill))
    return Trends(recent.n, before.n, rising[:limit], falling[: limit // 2 + 1])


def trends(
    recent: Sequence[dict[str, Any]],
    before: Sequence[dict[str, Any]],
    *,
    min_support: int = TREND_MIN_SUPPORT,
    limit: int = 8,
) -> Trends:
    """Trends between two lists of postings."""
    return trends_from(tally(recent), tally(before), min_support=min_support, limit=limit)


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


def pay_from(values: Iterable[float]) -> Pay | None:
    """Quartiles of stated pay; a count without a range when too few state it."""
    return pay_from_counts(Counter(values))


def pay_from_counts(counts: Counter[float]) -> Pay | None:
    """Quartiles of stated pay given as value -> postings (as `statistics.quantiles`, inclusive)."""
    ordered = sorted((v, c) for v, c in counts.items() if c > 0)
    total = sum(c for _, c in ordered)
    if total < SALARY_MIN_POSTINGS:
        return Pay(total, 0, 0, 0) if total else None

    def nth(index: int) -> float:
        for value, count in ordered:
            if index < count:
                return value
            index -= count
        return ordered[-1][0]

    # The inclusive method interpolates between the j-th and (j+1)-th smallest values.
    quartiles = []
    for i in (1, 2, 3):
        j, delta = divmod(i * (total - 1), 4)
        low = nth(j)
        high = nth(j + 1) if delta else low
        quartiles.append((low * (4 - delta) + high * delta) / 4)
    return Pay(total, quartiles[0], quartiles[1], quartiles[2])


def pay(postings: Iterable[dict[str, Any]]) -> Pay | None:
    """Quartiles of the stated pay of postings."""
    return pay_from(v for p in postings if (v := annual_pay(p)) is not None)


@dataclass(frozen=True, slots=True)
class Places:
    """Where a role's postings are."""

    postings: int
    cities: list[tuple[str, int]]
    countries: list[tuple[str, int]]
    remote_share: float


def places_from(total: Tally, limit: int = 8) -> Places:
    """Top cities and countries by postings, and the share that is remote."""

    def top(c: Counter[str]) -> list[tuple[str, int]]:
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    return Places(
        total.n, top(total.cities), top(total.countries), total.remote / total.n if total.n else 0.0
    )


def places(postings: Sequence[dict[str, Any]], limit: int = 8) -> Places:
    """Where a list of postings is."""
    return places_from(tally(postings), limit)
