"""The hand-made learning resources file is well formed and covers the skills people lack."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.taxonomy import Taxonomy, load_taxonomy

RESOURCES_FILE = Path(__file__).parents[3] / "core" / "learning" / "data" / "resources.yaml"
RESOURCE_TYPES = {"documentation", "course", "book", "video", "tutorial", "interactive"}

Resources = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def resources() -> Resources:
    data = yaml.safe_load(RESOURCES_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def resource_problems(resource: dict[str, Any]) -> list[str]:
    title, url, hours = resource.get("title"), resource.get("url"), resource.get("hours")
    checks = {
        "title is empty": isinstance(title, str) and title.strip() != "",
        "url is not https": isinstance(url, str) and url.startswith("https://"),
        "type is unknown": resource.get("type") in RESOURCE_TYPES,
        "free is not a bool": isinstance(resource.get("free"), bool),
        "hours is not a positive integer": (
            isinstance(hours, int) and not isinstance(hours, bool) and hours >= 1
        ),
    }
    return [problem for problem, ok in checks.items() if not ok]


def test_every_key_is_a_canonical_skill_name(resources: Resources, taxonomy: Taxonomy) -> None:
    unknown = [name for name in resources if name not in taxonomy.skills]
    assert unknown == []


def test_every_resource_is_well_formed(resources: Resources) -> None:
    problems = [
        f"{skill} / {resource.get('title')!r}: {problem}"
        for skill, listed in resources.items()
        for resource in listed
        for problem in resource_problems(resource)
    ]
    assert problems == []


def test_no_skill_lists_the_same_url_twice(resources: Resources) -> None:
    repeated = [
        skill
        for skill, listed in resources.items()
        if len({r["url"] for r in listed}) != len(listed)
    ]
    assert repeated == []


def test_each_skill_lists_one_to_four_resources(resources: Resources) -> None:
    off = {skill: len(listed) for skill, listed in resources.items() if not 1 <= len(listed) <= 4}
    assert off == {}


def test_at_least_300_skills_have_two_or_more_resources(resources: Resources) -> None:
    assert sum(len(listed) >= 2 for listed in resources.values()) >= 300


def test_official_documentation_comes_first_except_for_professional_skills(
    resources: Resources, taxonomy: Taxonomy
) -> None:
    wrong = [
        skill
        for skill, listed in resources.items()
        if listed[0]["type"] != "documentation"
        and taxonomy.skills[skill].category != "professional"
    ]
    assert wrong == []
