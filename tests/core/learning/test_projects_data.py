"""The hand-written project ideas obey their schema and cover the role catalogue."""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.taxonomy import load_taxonomy

PROJECTS_FILE = Path(__file__).resolve().parents[3] / "core" / "learning" / "data" / "projects.yaml"
LEVELS = ("junior", "mid", "senior")


@pytest.fixture(scope="module")
def ideas() -> list[dict[str, Any]]:
    data = yaml.safe_load(PROJECTS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    assert all(isinstance(idea, dict) for idea in data)
    return data


def test_there_are_at_least_200_ideas(ideas: list[dict[str, Any]]) -> None:
    assert len(ideas) >= 200


def test_ids_are_unique_lowercase_and_hyphenated(ideas: list[dict[str, Any]]) -> None:
    counts = Counter(str(idea["id"]) for idea in ideas)
    assert [i for i, n in counts.items() if n > 1] == []
    for idea_id in counts:
        assert idea_id == idea_id.lower()
        assert all(part.isalnum() for part in idea_id.split("-")), idea_id


def test_every_idea_has_title_goal_and_positive_hours(ideas: list[dict[str, Any]]) -> None:
    for idea in ideas:
        assert isinstance(idea["title"], str) and idea["title"].strip(), idea["id"]
        assert isinstance(idea["goal"], str) and idea["goal"].strip(), idea["id"]
        assert isinstance(idea["hours"], int) and idea["hours"] > 0, idea["id"]


def test_levels_are_valid(ideas: list[dict[str, Any]]) -> None:
    assert {idea["level"] for idea in ideas} <= set(LEVELS)


def test_every_level_holds_at_least_a_fifth_of_the_ideas(ideas: list[dict[str, Any]]) -> None:
    counts = Counter(str(idea["level"]) for idea in ideas)
    for level in LEVELS:
        assert counts[level] >= 0.2 * len(ideas), (level, counts[level])


def test_skills_are_canonical_and_two_to_six(ideas: list[dict[str, Any]]) -> None:
    skills = load_taxonomy().skills
    for idea in ideas:
        names: list[str] = idea["skills"]
        assert 2 <= len(names) <= 6, idea["id"]
        assert len(set(names)) == len(names), idea["id"]
        assert [s for s in names if s not in skills] == [], idea["id"]


def test_roles_are_canonical_and_one_to_four(ideas: list[dict[str, Any]]) -> None:
    roles = load_taxonomy().roles
    for idea in ideas:
        names: list[str] = idea["roles"]
        assert 1 <= len(names) <= 4, idea["id"]
        assert [r for r in names if r not in roles] == [], idea["id"]


def test_steps_are_four_to_seven_non_empty_sentences(ideas: list[dict[str, Any]]) -> None:
    for idea in ideas:
        steps: list[str] = idea["steps"]
        assert 4 <= len(steps) <= 7, idea["id"]
        assert all(isinstance(step, str) and step.strip() for step in steps), idea["id"]


def test_every_catalogue_role_appears_in_at_least_three_ideas(
    ideas: list[dict[str, Any]],
) -> None:
    counts = Counter(role for idea in ideas for role in idea["roles"])
    thin = {role: counts[role] for role in load_taxonomy().roles if counts[role] < 3}
    assert thin == {}
