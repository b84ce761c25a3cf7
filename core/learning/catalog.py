"""The hand-written learning data: resources per skill and project ideas."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Resource:
    """A course, book, video or documentation page for a skill."""

    title: str
    url: str
    type: str
    free: bool
    hours: int


@dataclass(frozen=True, slots=True)
class Project:
    """A hands-on project idea."""

    id: str
    title: str
    level: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    goal: str
    steps: tuple[str, ...]
    hours: int


def _read(name: str) -> Any:
    path = DATA_DIR / name
    if not path.exists():
        return None
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@cache
def resources() -> dict[str, list[Resource]]:
    """Resources by canonical skill name, best first."""
    raw = _read("resources.yaml") or {}
    return {
        str(skill): [
            Resource(
                str(r["title"]), str(r["url"]), str(r["type"]), bool(r["free"]), int(r["hours"])
            )
            for r in items
        ]
        for skill, items in raw.items()
    }


@cache
def projects() -> list[Project]:
    """Every project idea."""
    return [
        Project(
            str(p["id"]),
            str(p["title"]),
            str(p["level"]),
            tuple(p.get("roles") or ()),
            tuple(p.get("skills") or ()),
            str(p["goal"]),
            tuple(p.get("steps") or ()),
            int(p["hours"]),
        )
        for p in (_read("projects.yaml") or [])
    ]
