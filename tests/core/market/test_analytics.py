"""Every market formula on small data computed by hand."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from typing import Any

import pytest

from core.market import analytics


def p(*skills: str, **fields: Any) -> dict[str, Any]:
    return {"skills": list(skills), **fields}


# Ten postings: Python in 8, SQL in 6, Spark in 4, Kafka in 2, Excel in 1.
POSTINGS = [
    p("Python", "SQL", "Spark"),
    p("Python", "SQL", "Spark"),
    p("Python", "SQL", "Spark"),
    p("Python", "SQL", "Spark"),
    p("Python", "SQL", "Kafka"),
    p("Python", "SQL", "Kafka"),
    p("Python"),
    p("Python"),
    p("Excel"),
    p(),
]


def test_demand_is_the_share_of_postings_asking_for_a_skill() -> None:
    shares = analytics.skill_shares(POSTINGS)
    assert shares == {"Python": 0.8, "SQL": 0.6, "Spark": 0.4, "Kafka": 0.2, "Excel": 0.1}


def test_gap_ranks_missing_skills_by_demand() -> None:
    gap = analytics.skill_gap(POSTINGS, ["Python"], threshold=0.2)
    assert [(d.skill, d.share) for d in gap.missing] == [
        ("SQL", 0.6),
        ("Spark", 0.4),
        ("Kafka", 0.2),
    ]


def test_coverage_is_weighted_by_demand() -> None:
    # In demand (>= 0.2): Python .8, SQL .6, Spark .4, Kafka .2 = 2.0; Python + Kafka = 1.0.
    gap = analytics.skill_gap(POSTINGS, ["Python", "Kafka"], threshold=0.2)
    assert gap.coverage == pytest.approx(0.5)
    assert gap.in_demand == 4


def test_strengths_are_the_persons_skills_the_market_values_most() -> None:
    gap = analytics.skill_gap(POSTINGS, ["Excel", "Python", "Spark"])
    assert [d.skill for d in gap.strengths] == ["Python", "Spark", "Excel"]


def test_pairing_uses_lift_so_ubiquitous_skills_do_not_pair_with_everything() -> None:
    # With Spark (4 postings): Python 1.0 (overall .8, lift .2), SQL 1.0 (overall .6, lift .4).
    assert analytics.paired(POSTINGS, "Spark") == ("SQL", "Python")
    # With Kafka (2): SQL 1.0 - .6 = .4, Python 1.0 - .8 = .2.
    assert analytics.paired(POSTINGS, "Kafka", limit=1) == ("SQL",)


def test_trends_compare_shares_and_ignore_thin_support() -> None:
    before = [p("Rust"), p("Go"), p("Go"), p("Go"), p("Perl"), p("Perl")] + [p()] * 4
    recent = [p("Rust"), p("Rust"), p("Rust"), p("Go"), p("Go"), p("Go")] + [p()] * 4
    result = analytics.trends(recent, before, min_support=3)
    assert [(t.skill, round(t.change, 2)) for t in result.rising] == [("Rust", 0.2)]
    # Perl fell from .2 to 0 but has only 2 postings in all: noise, not a trend.
    assert result.falling == []
    assert analytics.trends(recent, before, min_support=2).falling[0].skill == "Perl"


def test_pay_quartiles_use_range_midpoints() -> None:
    rows = [
        p(salary_min_usd=lo, salary_max_usd=lo + 20_000)
        for lo in (40_000, 50_000, 60_000, 70_000, 80_000)
    ]
    rows.append(p(salary_min_usd=None, salary_max_usd=None))
    rows.append(p(salary_min_usd=None, salary_max_usd=100_000))  # one bound: taken as is
    pay = analytics.pay(rows)
    assert pay is not None and pay.count == 6
    # Values 50k, 60k, 70k, 80k, 90k, 100k: inclusive quartiles 62.5k, 75k, 87.5k.
    assert (pay.p25, pay.p50, pay.p75) == (62_500, 75_000, 87_500)


def test_pay_from_too_few_postings_is_not_a_range() -> None:
    pay = analytics.pay([p(salary_min_usd=50_000, salary_max_usd=70_000)])
    assert pay is not None and pay.count == 1 and pay.p50 == 0


def test_pay_from_counts_equals_quartiles_of_the_repeated_values() -> None:
    rng = random.Random(5)
    for _ in range(50):
        counts: Counter[float] = Counter(
            {
                rng.choice(range(40_000, 200_000, 5_000)): rng.randint(1, 4)
                for _ in range(rng.randint(3, 12))
            }
        )
        values = [v for v, c in counts.items() for _ in range(c)]
        if len(values) < analytics.SALARY_MIN_POSTINGS:
            continue
        pay = analytics.pay_from_counts(counts)
        expected = statistics.quantiles(sorted(values), n=4, method="inclusive")
        assert pay is not None and pay.count == len(values)
        assert [pay.p25, pay.p50, pay.p75] == pytest.approx(expected)


def test_places_count_cities_countries_and_remote_share() -> None:
    rows = [
        p(city="Berlin", country="Germany"),
        p(city="Berlin", country="Germany"),
        p(city="Munich", country="Germany"),
        p(city="London", country="United Kingdom"),
        p(remote=True, country="Germany"),
    ]
    result = analytics.places(rows)
    assert result.cities == [("Berlin", 2), ("London", 1), ("Munich", 1)]
    assert result.countries == [("Germany", 4), ("United Kingdom", 1)]
    assert result.remote_share == pytest.approx(0.2)
