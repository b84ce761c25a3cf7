"""Loading the taxonomy and resolving what people type to canonical names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

import yaml
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from core.intents import LEVELS, Level
from core.taxonomy.keys import lookup_key, squash_key

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill with its canonical name and everything needed to recognise and order it."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    ambiguous: bool = False
    hours: int = 20


@dataclass(frozen=True, slots=True)
class Role:
    """A tech role from the catalogue."""

    name: str
    aliases: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    skills: Mapping[str, float] = field(default_factory=dict)


def _max_typo_distance(key: str) -> int:
    # Short words are too close to each other for typo tolerance to be safe.
    if len(key) >= 9:
        return 2
    return 1 if len(key) >= 5 else 0


class _Resolver:
    """Exact, squashed and typo-tolerant lookup of names to one canonical value."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.exact: dict[str, str] = {}
        squashed: dict[str, set[str]] = defaultdict(set)
        for term, canonical in terms.items():
            self.exact.setdefault(lookup_key(term), canonical)
            squashed[squash_key(term)].add(canonical)
        # A squashed spelling that two names share decides nothing.
        self.squashed = {k: next(iter(v)) for k, v in squashed.items() if len(v) == 1 and k}
        self._fuzzy_keys = [k for k in self.squashed if len(k) >= 4]
        # People write the same words again and again; a fuzzy search is the slow part.
        self._nearest = lru_cache(maxsize=8192)(self._search)

    def resolve(self, text: str, *, fuzzy: bool = True) -> str | None:
        key = lookup_key(text)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        squashed = squash_key(key)
        if squashed in self.squashed:
            return self.squashed[squashed]
        limit = _max_typo_distance(squashed)
        if not fuzzy or limit == 0:
            return None
        winners = self._nearest(squashed, limit)
        return winners[0] if len(winners) == 1 else None

    def _search(self, squashed: str, limit: int) -> tuple[str, ...]:
        matches = process.extract(
            squashed,
            self._fuzzy_keys,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=5,
        )
        if not matches:
            return ()
        best = min(m[1] for m in matches)
        return tuple(sorted({self.squashed[m[0]] for m in matches if m[1] == best}))

    def ties(self, text: str) -> list[str]:
        """The canonical values a misspelling is equally near to, when more than one."""
        squashed = squash_key(text)
        if not squashed or lookup_key(text) in self.exact or squashed in self.squashed:
            return []
        winners = self._nearest(squashed, _max_typo_distance(squashed))
        return list(winners) if len(winners) > 1 else []


class Taxonomy:
    """Skills, roles and level words, with lookups from what people type."""

    def __init__(
        self,
        skills: list[Skill],
        roles: list[Role],
        level_words: Mapping[str, Level],
        skill_level_words: Mapping[str, Level],
    ) -> None:
        self.skills: dict[str, Skill] = {s.name: s for s in skills}
        self.roles: dict[str, Role] = {r.name: r for r in roles}
        self.level_words = dict(level_words)
        self.skill_level_words = dict(skill_level_words)
        self._skills = _Resolver(dict(self.skill_terms()))
        self._roles = _Resolver(dict(self.role_terms()))
        self._by_slug = {slug: s.name for s in skills for slug in s.slugs}
        # The words of role names, for "gap for data" or "salary of an analyst" (which role?).
        self._role_words: dict[str, list[str]] = defaultdict(list)
        for role in roles:
            words = lookup_key(role.name).split()
            for word in {words[0], words[-1]}:  # "data ...", "... analyst"
                self._role_words[word].append(role.name)

    def skill_terms(self) -> Iterator[tuple[str, str]]:
        """Every (spelling, canonical name) pair of the skills."""
        for skill in self.skills.values():
            yield skill.name, skill.name
            for alias in skill.aliases:
                yield alias, skill.name

    def role_terms(self) -> Iterator[tuple[str, str]]:
        """Every (spelling, canonical name) pair of the roles, fields included."""
        for role in self.roles.values():
            yield role.name, role.name
            for alias in (*role.aliases, *role.fields):
                yield alias, role.name

    def find_skill(self, text: str, *, fuzzy: bool = True) -> Skill | None:
        """The skill a name, alias or near-miss typo stands for."""
        name = self._skills.resolve(text, fuzzy=fuzzy)
        return self.skills[name] if name else None

    def find_role(self, text: str, *, fuzzy: bool = True) -> Role | None:
        """The role a name, alias, field or near-miss typo stands for."""
        name = self._roles.resolve(text, fuzzy=fuzzy)
        return self.roles[name] if name else None

    def role_candidates(self, text: str, most: int = 4) -> list[str]:
        """The roles a word or near-miss could mean when it names several ("data", "analyst").

        Empty when it names one role, none, or too many to offer ("engineer").
        """
        names = self._role_words.get(lookup_key(text)) or self._roles.ties(text)
        return list(names) if 2 <= len(names) <= most else []

    def skill_for_slug(self, slug: str) -> Skill | None:
        """The skill a jobs-API technology slug stands for."""
        name = self._by_slug.get(slug) or self._skills.resolve(slug.replace("-", " "), fuzzy=False)
        return self.skills[name] if name else None

    def level_for(self, word: str) -> Level | None:
        """The seniority level a word names ("staff" -> senior)."""
        return self.level_words.get(lookup_key(word))


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or []))


def _load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@cache
def load_taxonomy(data_dir: Path = DATA_DIR) -> Taxonomy:
    """Read the data files once per process."""
    skills = [
        Skill(
            name=str(e["name"]),
            category=str(e["category"]),
            aliases=_tuple(e.get("aliases")),
            slugs=_tuple(e.get("slugs")),
            requires=_tuple(e.get("requires")),
            related=_tuple(e.get("related")),
            ambiguous=bool(e.get("ambiguous", False)),
            hours=int(e.get("hours") or 20),
        )
        for path in sorted((data_dir / "skills").glob("*.yaml"))
        for e in (_load_yaml(path) or [])
    ]
    # Links may be written in any case ("pandas" for "Pandas"); store canonical names.
    canonical = {s.name.lower(): s.name for s in skills}

    def names(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(canonical.get(v.lower(), v) for v in values)

    skills = [replace(s, requires=names(s.requires), related=names(s.related)) for s in skills]
    roles_path = data_dir / "roles.yaml"
    roles = [
        Role(
            name=str(e["name"]),
            aliases=_tuple(e.get("aliases")),
            fields=_tuple(e.get("fields")),
            titles=_tuple(e.get("titles")),
            skills={
                canonical.get(str(k).lower(), str(k)): float(v)
                for k, v in (e.get("skills") or {}).items()
            },
        )
        for e in ((_load_yaml(roles_path) if roles_path.exists() else None) or [])
    ]
    levels_path = data_dir / "levels.yaml"
    raw_levels = cast(
        dict[str, Any], (_load_yaml(levels_path) if levels_path.exists() else {}) or {}
    )
    level_words: dict[str, Level] = {}
    for level in LEVELS:
        for word in raw_levels.get(level) or []:
            level_words[lookup_key(str(word))] = level
    skill_level_words: dict[str, Level] = {
        lookup_key(str(k)): cast(Level, v)
        for k, v in (raw_levels.get("skill_words") or {}).items()
        if v in LEVELS
    }
    return Taxonomy(skills, roles, level_words, skill_level_words)
