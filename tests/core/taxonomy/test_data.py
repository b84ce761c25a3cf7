"""The taxonomy data files obey their rules and cover what the product needs."""

from pathlib import Path

import pytest
import yaml

from core.taxonomy import load_taxonomy
from core.taxonomy.catalog import DATA_DIR
from core.taxonomy.validation import find_problems


def test_data_files_break_no_rule() -> None:
    assert find_problems(DATA_DIR) == []


def test_catalogue_sizes() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.skills) >= 1000
    assert len(taxonomy.roles) >= 30


def write_skills(tmp_path: Path, entries: list[dict[str, object]]) -> Path:
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills" / "x.yaml").write_text(yaml.safe_dump(entries))
    return tmp_path


def skill(name: str, **fields: object) -> dict[str, object]:
    return {"name": name, "category": "language", "hours": 10, **fields}


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ([skill("Go", aliases=["golang"]), skill("Rust", aliases=["golang"])], "alias 'golang'"),
        ([skill("Django", requires=["Pyton"])], "requires unknown skill 'Pyton'"),
        ([skill("A", requires=["B"]), skill("B", requires=["A"])], "prerequisite cycle"),
        ([skill("A", category="food")], "bad category"),
        ([skill("A"), skill("a")], "also defined"),
    ],
)
def test_validation_catches_each_kind_of_mistake(
    tmp_path: Path, entries: list[dict[str, object]], problem: str
) -> None:
    problems = find_problems(write_skills(tmp_path, entries))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("postgres", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("pyhton", "Python"),
        ("react.js", "React"),
        ("Node JS", "Node.js"),
        ("kubernetis", "Kubernetes"),
        ("c#", "C#"),
        ("c++", "C++"),
        ("golang", "Go"),
        ("sklearn", "scikit-learn"),
    ],
)
def test_skills_resolve_from_what_people_type(typed: str, canonical: str) -> None:
    found = load_taxonomy().find_skill(typed)
    assert found is not None and found.name == canonical


def test_short_words_are_not_guessed() -> None:
    assert load_taxonomy().find_skill("jav") is None
    assert load_taxonomy().find_skill("blorbium") is None


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("data eng", "Data Engineer"),
        ("dataengineer", "Data Engineer"),
        ("sre", "Site Reliability Engineer"),
        ("data enginer", "Data Engineer"),
        ("data science", "Data Scientist"),
        ("cybersecurity", "Security Engineer"),
    ],
)
def test_roles_resolve_from_aliases_fields_and_typos(typed: str, canonical: str) -> None:
    found = load_taxonomy().find_role(typed)
    assert found is not None and found.name == canonical


def test_prerequisites_give_a_learning_order() -> None:
    taxonomy = load_taxonomy()
    assert {"Docker", "Linux"} <= set(taxonomy.skills["Kubernetes"].requires)
    assert "Python" in taxonomy.skills["Django"].requires


def test_slugs_map_to_the_same_names_users_type() -> None:
    taxonomy = load_taxonomy()
    for slug, name in [("postgresql", "PostgreSQL"), ("golang", "Go"), ("reactjs", "React")]:
        found = taxonomy.skill_for_slug(slug)
        assert found is not None and found.name == name


def test_role_skill_shares_use_canonical_names() -> None:
    taxonomy = load_taxonomy()
    for role in taxonomy.roles.values():
        assert set(role.skills) <= set(taxonomy.skills), role.name
