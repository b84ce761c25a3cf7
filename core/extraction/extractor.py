"""Skill extraction from posting text with spaCy, careful with everyday words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from core.nlu.pipeline import TermMatch, TermMatcher, build_nlp, tokenizer
from core.taxonomy import Taxonomy, load_taxonomy

# Words near a name that show it is used as a technology ("experience with Go").
TECH_CONTEXT = frozenset(
    """
    experience experienced programming language languages framework frameworks library libraries
    knowledge proficiency proficient skills skill stack developer developers engineer engineers
    engineering code coding codebase using written tools tooling services apis api backend
    back-end frontend front-end development familiarity familiar expertise hands-on fluent
    fluency scripting microservices runtime sdk tech technologies technology modern idiomatic
    concurrency compiled typed ecosystem platform automation configuration management
    spreadsheets formulas macros vba pivot modelling modeling statistical analysis packages
    cookbooks manifests applications apps ios android monolith computing numerical systems
    program programs software tests testing test unit e2e coverage orchestrated orchestration
    dags pipelines warehouse cluster clusters deploy deployed deployments infrastructure
    cookbook playbooks queries database databases server servers endpoints sprint sprints
    scrum kanban methodology ceremonies release delivery protocols
    """.split()
)
# Markdown emphasis and quotes around a name say nothing about it.
FORMATTING = frozenset(["*", "**", "`", "_", '"', "'", "“", "”", "‘", "’"])
LIST_SEPARATORS = frozenset([",", "/", "&", "and", "or", "+", ";", "|", "(", ")", "e.g.", "like"])
# A name followed by these is a word in a sentence ("Go to", "Excel at", "Spring 2026").
NON_TECH_NEXT = frozenset(
    """
    & - 's ’s at to the ahead beyond through live further above into over a an is was will
    season semester break term de
    """.split()
)
WINDOW = 5


class SkillExtractor:
    """Finds canonical skills in text; build once (it compiles the taxonomy's patterns)."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = build_nlp()
        self._matcher = TermMatcher(self.nlp, self.taxonomy.skill_terms())

    def extract(self, text: str) -> list[str]:
        """Canonical skill names in order of first mention."""
        return self._skills(self.nlp.make_doc(text))

    def extract_many(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[list[str]]:
        """The skills of each text, streaming through the tokenizer in batches."""
        for doc in tokenizer(self.nlp).pipe(texts, batch_size=batch_size):
            yield self._skills(doc)

    def skills_for_slugs(self, slugs: Iterable[str]) -> list[str]:
        """Canonical skills for jobs-API technology slugs; unknown slugs are skipped."""
        found = (self.taxonomy.skill_for_slug(slug) for slug in slugs)
        return list(dict.fromkeys(s.name for s in found if s is not None))

    def _skills(self, doc: Doc) -> list[str]:
        matches = self._matcher(doc)
        ambiguous = [self._is_ambiguous(m) for m in matches]
        sure = [m for m, amb in zip(matches, ambiguous, strict=True) if not amb]
        kept = [
            m
            for m, amb in zip(matches, ambiguous, strict=True)
            if not amb or self._used_as_skill(doc, m, sure)
        ]
        return list(dict.fromkeys(m.canonical for m in kept))

    def _is_ambiguous(self, m: TermMatch) -> bool:
        """Whether this mention could be an everyday word: one word of an ambiguous skill.

        "Apache Airflow", "WCAG 2.1" or "REST" in capitals name the technology whatever
        the skill's other spellings are.
        """
        if not self.taxonomy.skills[m.canonical].ambiguous or m.end - m.start > 1:
            return False
        return not (len(m.text) >= 3 and m.text.isupper())

    def _used_as_skill(self, doc: Doc, m: TermMatch, sure: list[TermMatch]) -> bool:
        """Whether an everyday word ("Go", "R", "Spring") names the technology here."""
        first = doc[m.start]
        after = _words_after(doc, m.end, 1)
        nxt = after[0] if after else None
        if nxt is not None and (nxt.lower_ in NON_TECH_NEXT or _is_year(nxt.text)):
            return False  # "Go to", "R&D", "Spring 2026"
        if _looks_like_person(doc, m):
            return False
        in_list = self._next_to_skill(doc, m, sure)
        if in_list:
            return True
        if not first.text[:1].isupper() and self._name_like(m):
            return False  # "go the extra mile", "spring", "excel in"
        before = _words_before(doc, m.start, WINDOW)
        around = before + _words_after(doc, m.end, WINDOW)
        lo = before[-1].i if before else m.start
        hi = around[-1].i + 1 if len(around) > len(before) else m.end
        if any(lo <= o.start < hi for o in sure):
            return True  # "pipelines with Airflow and dbt on Snowflake"
        return any(t.lower_ in TECH_CONTEXT for t in around)

    @staticmethod
    def _next_to_skill(doc: Doc, m: TermMatch, sure: list[TermMatch]) -> bool:
        for other in sure:
            gap = doc[other.end : m.start] if other.end <= m.start else doc[m.end : other.start]
            words = [t for t in gap if t.lower_ not in FORMATTING]
            if len(words) <= 1 and all(t.lower_ in LIST_SEPARATORS for t in words):
                return True
        return False

    def _name_like(self, m: TermMatch) -> bool:
        """A product name ("Go", "Snowflake") is capitalised when it is meant; a concept
        ("networking", "agile") is not, so only context can decide for those."""
        skill = self.taxonomy.skills[m.canonical]
        if skill.category in ("practice", "professional"):
            return False
        return m.text.lower() == skill.name.lower()


def _words_before(doc: Doc, start: int, n: int) -> list[Token]:
    """Up to n tokens before `start`, nearest first, skipping Markdown and quote marks."""
    out: list[Token] = []
    i = start - 1
    while i >= 0 and len(out) < n:
        if doc[i].lower_ not in FORMATTING:
            out.append(doc[i])
        i -= 1
    return out


def _words_after(doc: Doc, end: int, n: int) -> list[Token]:
    """Up to n tokens from `end` on, skipping Markdown and quote marks."""
    out: list[Token] = []
    i = end
    while i < len(doc) and len(out) < n:
        if doc[i].lower_ not in FORMATTING:
            out.append(doc[i])
        i += 1
    return out


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


QUALIFIERS = frozenset(
    """
    strong solid good excellent modern advanced senior junior expert deep production proven
    professional commercial basic working some
""".split()
)


def _looks_like_person(doc: Doc, m: TermMatch) -> bool:
    """ "Taylor Swift", "Ruby Rose": a capitalised word that starts no sentence, then the name."""
    if m.start == 0:
        return False
    prev, first = doc[m.start - 1], doc[m.start]
    if not (prev.is_title and first.is_title):
        return False
    if prev.lower_ in TECH_CONTEXT or prev.lower_ in QUALIFIERS:
        return False
    before = doc[m.start - 2] if m.start >= 2 else None
    return before is not None and not before.is_punct
