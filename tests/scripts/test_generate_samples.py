"""The sample-posting generator and the file it ships."""

from __future__ import annotations

import gzip
import importlib
import json
import statistics
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.extraction.extractor import SkillExtractor
from core.taxonomy import Taxonomy, load_taxonomy

# scripts/ is no package, so a plain import would show the type checker this module under
# two names ("generate_samples" and "scripts.generate_samples"); import it by name instead.
gs: Any = importlib.import_module("scripts.generate_samples")

SHIPPED = Path(__file__).resolve().parents[2] / "core" / "postings" / "data"
SHIPPED_FILE = SHIPPED / "sample_postings.jsonl.gz"
Posting = dict[str, Any]

JOB_KEYS = {
    "id",
    "job_title",
    "normalized_title",
    "url",
    "final_url",
    "date_posted",
    "discovered_at",
    "company",
    "company_domain",
    "company_object",
    "location",
    "short_location",
    "long_location",
    "country",
    "country_code",
    "countries",
    "country_codes",
    "cities",
    "continents",
    "latitude",
    "longitude",
    "remote",
    "hybrid",
    "seniority",
    "employment_statuses",
    "salary_string",
    "min_annual_salary_usd",
    "max_annual_salary_usd",
    "salary_currency",
    "description",
    "technology_slugs",
    "hiring_team",
}
TITLE_SENIORITY = {
    "Intern": {"junior"},
    "Junior": {"junior"},
    "Jr.": {"junior"},
    "Senior": {"senior"},
    "Sr.": {"senior"},
    "Lead": {"senior"},
    "Staff": {"staff"},
    "Principal": {"staff"},
}


@pytest.fixture(scope="module")
def shipped() -> list[Posting]:
    with gzip.open(SHIPPED_FILE, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def postings() -> list[Posting]:
    result: list[Posting] = gs.generate(1500, 11)
    return result


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def role_of(posting: Posting, taxonomy: Taxonomy) -> str:
    """The catalogue role whose title list the posting's title comes from."""
    words = {"junior", "senior", "mid", "level", "lead", "staff", "principal", "intern"}
    base = " ".join(w for w in posting["normalized_title"].split() if w not in words)
    return next(r.name for r in taxonomy.roles.values() if base in r.titles)


def skills_of(posting: Posting, taxonomy: Taxonomy) -> set[str]:
    found = (taxonomy.skill_for_slug(s) for s in posting["technology_slugs"])
    return {s.name for s in found if s is not None}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not() -> None:
    first = gs.to_jsonl_gz(gs.generate(200, 7))
    assert gs.to_jsonl_gz(gs.generate(200, 7)) == first
    assert gs.to_jsonl_gz(gs.generate(200, 8)) != first


def test_the_shipped_file_is_the_default_output() -> None:
    assert SHIPPED_FILE.stat().st_size < 3_000_000
    expected = gs.to_jsonl_gz(gs.generate(gs.DEFAULT_COUNT, gs.DEFAULT_SEED))
    assert SHIPPED_FILE.read_bytes() == expected


def test_the_shipped_file_covers_enough_postings_places_and_days(
    shipped: list[Posting], taxonomy: Taxonomy
) -> None:
    assert len(shipped) >= 5000
    assert len({p["id"] for p in shipped}) == len(shipped)
    cities = {p["location"] for p in shipped if not p["remote"]}
    assert len(cities) >= 40
    days = {date.fromisoformat(p["date_posted"]) for p in shipped}
    assert len(days) == 120
    assert max(days) - min(days) == timedelta(days=119)
    assert {role_of(p, taxonomy) for p in shipped} == set(taxonomy.roles)
    remote = sum(p["remote"] for p in shipped) / len(shipped)
    assert 0.13 < remote < 0.22
    paid = sum(p["min_annual_salary_usd"] is not None for p in shipped) / len(shipped)
    assert 0.38 < paid < 0.52


def test_every_posting_has_the_job_shape(postings: list[Posting]) -> None:
    for p in postings:
        assert p.keys() >= JOB_KEYS
        posted = date.fromisoformat(p["date_posted"])
        assert gs.ANCHOR - timedelta(days=119) <= posted <= gs.ANCHOR
        found = p["discovered_at"]
        assert found[:10] in {posted.isoformat(), (posted + timedelta(days=1)).isoformat()}
        assert len(found) == 19 and found[10] == "T"
        assert 800 <= len(p["description"]) <= 2500
        if p["remote"]:
            assert p["location"] == "Remote" and not p["hybrid"] and p["cities"] == []
        else:
            assert p["cities"] and p["country_code"] == p["country_codes"][0]
            assert p["latitude"] is not None and p["longitude"] is not None


def test_seniority_agrees_with_the_title(postings: list[Posting]) -> None:
    for p in postings:
        words = p["job_title"].split()
        marked = [TITLE_SENIORITY[w] for w in (words[0], words[-1]) if w in TITLE_SENIORITY]
        if marked:
            assert p["seniority"] in marked[0]
        else:
            assert p["seniority"] in {"mid_level", "c_level", None}


def test_salaries_are_plausible(postings: list[Posting], taxonomy: Taxonomy) -> None:
    by_level: dict[str, list[int]] = {"junior": [], "senior": []}
    for p in postings:
        if p["min_annual_salary_usd"] is None:
            assert p["salary_string"] is None and p["salary_currency"] is None
            continue
        low, high = p["min_annual_salary_usd"], p["max_annual_salary_usd"]
        assert 3_000 <= low < high <= 600_000
        assert low % 1000 == 0 and high % 1000 == 0
        assert p["min_annual_salary"] < p["max_annual_salary"]
        assert p["salary_currency"] and p["salary_string"]
        if role_of(p, taxonomy) == "Software Engineer" and p["seniority"] in by_level:
            by_level[p["seniority"]].append(high)
    assert statistics.median(by_level["senior"]) > statistics.median(by_level["junior"])


@pytest.mark.parametrize("rising", ["Kubernetes", "TypeScript", "Terraform", "LangChain"])
def test_a_rising_skill_is_asked_for_more_often_lately(
    shipped: list[Posting], taxonomy: Taxonomy, rising: str
) -> None:
    first, last = first_and_last_month_share(shipped, taxonomy, rising)
    assert last > first


@pytest.mark.parametrize("falling", ["jQuery", "AngularJS", "Hadoop", "Perl"])
def test_a_falling_skill_is_asked_for_less_often_lately(
    shipped: list[Posting], taxonomy: Taxonomy, falling: str
) -> None:
    first, last = first_and_last_month_share(shipped, taxonomy, falling)
    assert last < first


def first_and_last_month_share(
    postings: list[Posting], taxonomy: Taxonomy, skill: str
) -> tuple[float, float]:
    newest = max(date.fromisoformat(p["date_posted"]) for p in postings)

    def share(lo: int, hi: int) -> float:
        window = [
            p for p in postings if lo <= (newest - date.fromisoformat(p["date_posted"])).days < hi
        ]
        return sum(skill in skills_of(p, taxonomy) for p in window) / len(window)

    return share(90, 120), share(0, 30)


def test_the_trend_lists_name_catalogue_skills(taxonomy: Taxonomy) -> None:
    assert len(gs.RISING) >= 8 and len(gs.FALLING) >= 6
    for name in (*gs.RISING, *gs.FALLING):
        assert name in taxonomy.skills


def test_technology_slugs_resolve_to_catalogue_skills(
    shipped: list[Posting], taxonomy: Taxonomy
) -> None:
    for p in shipped:
        for slug in p["technology_slugs"]:
            assert taxonomy.skill_for_slug(slug) is not None, slug


def test_display_aliases_name_their_own_skill(taxonomy: Taxonomy) -> None:
    for name, aliases in gs.DISPLAY_ALIASES.items():
        for alias in aliases:
            found = taxonomy.find_skill(alias, fuzzy=False)
            assert found is not None and found.name == name, alias


def test_the_extractor_finds_exactly_the_skills_a_description_names(
    taxonomy: Taxonomy,
) -> None:
    extractor = SkillExtractor(taxonomy)
    for sample in gs.generate_samples(300, 3):
        posting = sample.posting
        assert set(extractor.extract(posting["description"])) == set(sample.skills)
        assert skills_of(posting, taxonomy) <= set(sample.skills)
