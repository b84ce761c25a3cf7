"""Checks of the taxonomy data files: the rules in `data/README.md`."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

CATEGORIES = frozenset(
    {
        "language",
        "frontend",
        "backend",
        "mobile",
        "database",
        "cloud",
        "devops",
        "data",
        "ml",
        "testing",
        "security",
        "systems",
        "practice",
        "tool",
        "professional",
        "game",
        "blockchain",
    }
)
SKILL_KEYS = frozenset(
    {"name", "category", "aliases", "slugs", "requires", "related", "ambiguous", "hours"}
)


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def find_problems(data_dir: Path) -> list[str]:
    """Every rule broken by the data files, one line each; empty when all is well."""
    problems: list[str] = []
    skills: dict[str, dict[str, Any]] = {}
    home: dict[str, str] = {}
    for path in sorted((data_dir / "skills").glob("*.yaml")):
        for entry in _read(path) or []:
            name = str(entry.get("name") or "")
            if not name:
                problems.append(f"{path.name}: entry without a name")
                continue
            if extra := set(entry) - SKILL_KEYS:
                problems.append(f"{path.name}: {name}: unknown keys {sorted(extra)}")
            if entry.get("category") not in CATEGORIES:
                problems.append(f"{path.name}: {name}: bad category {entry.get('category')!r}")
            if not isinstance(entry.get("hours", 1), int) or entry.get("hours", 1) <= 0:
                problems.append(f"{path.name}: {name}: hours must be a positive whole number")
            if name.lower() in home:
                problems.append(f"{path.name}: {name}: also defined in {home[name.lower()]}")
            skills[name] = entry
            home[name.lower()] = path.name
    problems += _shared_keys(skills)
    problems += _broken_links(skills, home)
    problems += _cycles(skills)
    problems += _role_problems(data_dir, {n.lower() for n in skills})
    return problems


def _shared_keys(skills: dict[str, dict[str, Any]]) -> list[str]:
    owners: dict[str, set[str]] = defaultdict(set)
    slug_owners: dict[str, set[str]] = defaultdict(set)
    for name, entry in skills.items():
        owners[name.lower()].add(name)
        for alias in entry.get("aliases") or []:
            owners[str(alias).lower()].add(name)
        for slug in entry.get("slugs") or []:
            slug_owners[str(slug)].add(name)
    return [
        f"alias {k!r} belongs to {sorted(v)}" for k, v in sorted(owners.items()) if len(v) > 1
    ] + [f"slug {k!r} belongs to {sorted(v)}" for k, v in sorted(slug_owners.items()) if len(v) > 1]


def _broken_links(skills: dict[str, dict[str, Any]], home: dict[str, str]) -> list[str]:
    return [
        f"{home[name.lower()]}: {name}: {link} unknown skill {target!r}"
        for name, entry in skills.items()
        for link in ("requires", "related")
        for target in entry.get(link) or []
        if str(target).lower() not in home
    ]


def _cycles(skills: dict[str, dict[str, Any]]) -> list[str]:
    lower = {n.lower(): n for n in skills}
    state: dict[str, int] = {}
    found: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in skills[node].get("requires") or []:
            target = lower.get(str(dep).lower())
            if target is None:
                continue
            if state.get(target) == 1:
                found.append("prerequisite cycle: " + " -> ".join([*path, node, target]))
            elif target not in state:
                visit(target, [*path, node])
        state[node] = 2

    for name in skills:
        if name not in state:
            visit(name, [])
    return found


def _role_problems(data_dir: Path, skill_names: set[str]) -> list[str]:
    path = data_dir / "roles.yaml"
    roles = (_read(path) if path.exists() else None) or []
    problems: list[str] = []
    owners: dict[str, set[str]] = defaultdict(set)
    for role in roles:
        name = str(role["name"])
        for term in [name, *(role.get("aliases") or []), *(role.get("fields") or [])]:
            owners[str(term).lower()].add(name)
        if not role.get("titles"):
            problems.append(f"roles.yaml: {name}: no job-title queries")
        for skill, share in (role.get("skills") or {}).items():
            if str(skill).lower() not in skill_names:
                problems.append(f"roles.yaml: {name}: unknown skill {skill!r}")
            if not 0 < float(share) <= 1:
                problems.append(f"roles.yaml: {name}: share of {skill} is not in (0, 1]")
    problems += [
        f"role alias {k!r} belongs to {sorted(v)}" for k, v in sorted(owners.items()) if len(v) > 1
    ]
    return problems
