"""Choosing project ideas: the person's level, and the missing skills they practise."""

from __future__ import annotations

from collections.abc import Iterable

from core.learning.catalog import Project, projects

LEVEL_ORDER = {"junior": 0, "mid": 1, "senior": 2}


def suggest_projects(
    *,
    level: str | None,
    missing: Iterable[str],
    requested: Iterable[str] = (),
    role: str | None = None,
    limit: int = 3,
) -> list[Project]:
    """Ideas at the level (or one below) that practise the most missing skills.

    Requested skills must be practised; a role narrows to ideas for it when there are any.
    Ranking happens before cutting, so the best ideas are never cut away.
    """
    gap, asked = list(missing), set(requested)
    pool = projects()
    if asked:
        pool = [p for p in pool if asked & set(p.skills)]
    if role:
        for_role = [p for p in pool if role in p.roles]
        pool = for_role or pool
    target = LEVEL_ORDER.get(level or "junior", 0)
    fitting = [p for p in pool if target - 1 <= LEVEL_ORDER.get(p.level, 0) <= target] or pool

    def score(p: Project) -> tuple[int, int, int, str]:
        practised = len(set(p.skills) & (set(gap) | asked))
        return (-practised, abs(LEVEL_ORDER.get(p.level, 0) - target), p.hours, p.id)

    return sorted(fitting, key=score)[:limit]
