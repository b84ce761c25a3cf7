"""Skill extraction: aliases to canonical names, and everyday words left alone."""

from __future__ import annotations

import pytest

from core.extraction.extractor import SkillExtractor


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return SkillExtractor()


def test_the_issue_example(extractor: SkillExtractor) -> None:
    skills = extractor.extract("Experience with Go, gRPC and k8s; R&D background")
    assert skills == ["Go", "gRPC", "Kubernetes"]


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Experience with Go and gRPC", "Go"),
        ("You know R or Python for statistical analysis", "R"),
        ("Firmware in C and C++ on ARM microcontrollers", "C"),
        ("Build iOS apps in Swift and SwiftUI", "Swift"),
        ("Our services run on Spring Boot and Spring", "Spring"),
        ("APIs in Node.js with Express", "Express"),
        ("Advanced Excel (pivot tables, VBA) is a must", "Excel"),
        ("Configuration management with Chef or Puppet", "Chef"),
        ("Configuration management with Chef or Puppet", "Puppet"),
        ("Rust for systems programming", "Rust"),
        ("Mobile apps with Dart and Flutter", "Dart"),
        ("Ruby and Rails monolith", "Ruby"),
        ("Julia for numerical computing", "Julia"),
        ("Data pipelines in Scala with Apache Spark", "Scala"),
    ],
)
def test_ambiguous_names_are_skills_in_technical_context(
    extractor: SkillExtractor, text: str, skill: str
) -> None:
    assert skill in extractor.extract(text)


@pytest.mark.parametrize(
    ("text", "not_skill"),
    [
        ("We are ready to go the extra mile for customers", "Go"),
        ("Lead our R&D team", "R"),
        ("Report to C-level executives", "C"),
        ("Our office plays Taylor Swift on Fridays", "Swift"),
        ("Start in spring 2026", "Spring"),
        ("Start in Spring 2026", "Spring"),
        ("Please express interest by email", "Express"),
        ("You will excel in a fast-paced team", "Excel"),
        ("Excel at communicating with stakeholders", "Excel"),
        ("Our kitchen hires a Chef de partie", "Chef"),
        ("Ruby from our talent team will call you", "Ruby"),
        ("Julia from HR schedules interviews", "Julia"),
        ("Go ahead and apply today", "Go"),
    ],
)
def test_everyday_words_are_not_skills(
    extractor: SkillExtractor, text: str, not_skill: str
) -> None:
    assert not_skill not in extractor.extract(text)


def test_aliases_become_canonical_names_in_order_of_mention(extractor: SkillExtractor) -> None:
    text = "Stack: Postgres, K8s, React.js, typescript and node; CI/CD with GitHub Actions."
    assert extractor.extract(text) == [
        "PostgreSQL",
        "Kubernetes",
        "React",
        "TypeScript",
        "Node.js",
        "CI/CD",
        "GitHub Actions",
    ]


def test_extract_many_matches_extract(extractor: SkillExtractor) -> None:
    texts = ["Python and SQL", "", "Docker, Kubernetes", "nothing here"]
    assert list(extractor.extract_many(texts)) == [extractor.extract(t) for t in texts]


def test_slugs_map_to_canonical_skills_and_unknown_slugs_are_skipped(
    extractor: SkillExtractor,
) -> None:
    assert extractor.skills_for_slugs(["python", "golang", "no-such-tool", "postgresql"]) == [
        "Python",
        "Go",
        "PostgreSQL",
    ]
