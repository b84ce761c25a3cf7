"""A roadmap: the missing skills of a gap, prerequisites first, then by demand, in stages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.learning.catalog import Resource, resources
from core.taxonomy import Taxonomy, load_taxonomy

MAX_PREREQUISITE_DEPTH = 2


@dataclass(frozen=True, slots=True)
class Step:
    """One skill of the roadmap."""

    skill: str
    demand: float  # share of the role's postings asking for it (0 for prerequisites only)
    hours: int
    done: bool
    resources: tuple[Resource, ...] = ()


@dataclass(frozen=True, slots=True)
class Roadmap:
    """Stages of steps; a step's prerequisites are in earlier stages."""

    stages: list[list[Step]] = field(default_factory=list)

    @property
    def hours_left(self) -> int:
        """Study hours of the steps not done yet."""
        return sum(s.hours for stage in self.stages for s in stage if not s.done)


def build_roadmap(
    demand: dict[str, float],
    have: Iterable[str],
    taxonomy: Taxonomy | None = None,
    *,
    limit: int = 12,
    threshold: float = 0.10,
) -> Roadmap:
    """Order the in-demand skills (and the prerequisites they need) into stages."""
    taxonomy = taxonomy or load_taxonomy()
    mine = set(have)
    wanted = [
        s
        for s, v in sorted(demand.items(), key=lambda kv: (-kv[1], kv[0]))
        if v >= threshold and s in taxonomy.skills
    ]
    missing = [s for s in wanted if s not in mine][:limit]
    chosen: dict[str, None] = dict.fromkeys(missing)
    frontier = list(missing)
    for _ in range(MAX_PREREQUISITE_DEPTH):
        nxt = []
        for skill in frontier:
            for req in taxonomy.skills[skill].requires:
                if req not in mine and req not in chosen and req in taxonomy.skills:
                    chosen[req] = None
                    nxt.append(req)
        frontier = nxt
    done = [s for s in wanted if s in mine][:5]
    level: dict[str, int] = {}

    def depth(skill: str, seen: frozenset[str] = frozenset()) -> int:
        if skill in level:
            return level[skill]
        reqs = [r for r in taxonomy.skills[skill].requires if r in chosen and r not in seen]
        level[skill] = 0 if not reqs else 1 + max(depth(r, seen | {skill}) for r in reqs)
        return level[skill]

    stages: dict[int, list[Step]] = {}
    for skill in chosen:
        stages.setdefault(depth(skill), []).append(
            Step(
                skill,
                demand.get(skill, 0.0),
                taxonomy.skills[skill].hours,
                False,
                tuple(resources().get(skill, [])[:3]),
            )
        )
    ordered = [
        sorted(steps, key=lambda s: (-s.demand, s.skill)) for _, steps in sorted(stages.items())
    ]
    if done:
        ticked = [Step(s, demand.get(s, 0.0), taxonomy.skills[s].hours, True) for s in done]
        ordered = [ticked, *ordered]
    return Roadmap(ordered)
