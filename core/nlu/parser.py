"""Turns a message into an Intent: cue phrases vote for the intent, the taxonomy fills slots."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc

from core.intents import INTENT_SLOTS, Intent, Level, Slots
from core.intents import IntentName as I
from core.nlu.cues import CUES
from core.nlu.pipeline import TermMatch, TermMatcher, build_nlp, tokenizer
from core.nlu.slots import find_code, find_level, find_location, find_time
from core.nlu.text import MAX_MESSAGE_CHARS, clean_text
from core.places import Gazetteer, load_gazetteer
from core.taxonomy import Taxonomy, load_taxonomy

# Intents whose request is about a role; a word that names both a role's field and a skill
# ("devops", "machine learning") is the role there.
ROLE_FIRST = {I.SKILL_GAP, I.TRENDING, I.ROADMAP, I.SALARY, I.TOP_LOCATIONS, I.SET_PROFILE, I.JOBS}
# What a person asks for decides the intent, not the background they give first.
REQUESTS = ROLE_FIRST | {I.PROJECTS, I.DIGEST_ON, I.DIGEST_OFF, I.DELETE_DATA, I.LINK_ACCOUNT}
ROLE_HEADS = re.compile(
    r"\b(engineers?|developers?|devs?|scientists?|analysts?|designers?|managers?|architects?|"
    r"administrators?|admins?|testers?|programmers?|specialists?|consultants?|masters?|leads?)\b"
)
_NEGATED_KNOWLEDGE = re.compile(
    r"\b(don'?t|do not|never|haven'?t|have not|can'?t|cannot|didn'?t|not yet)\b[^.,;!?]*?"
    r"\b(know|use|used|learn|learned|learnt|touched|worked|familiar)\b"
)
# Below this confidence, with two intents nearly tied, the person is asked which they meant.
CLARIFY_BELOW = 0.55
CLARIFY_MARGIN = 0.3
# Where a word stands for a role: "gap for data", "salary as an analyst", "data jobs".
_ROLE_SLOT_BEFORE = {"for", "as", "a", "an", "become", "becoming", "into", "in", "to", "of"}
_ROLE_SLOT_AFTER = {
    *"role roles job jobs position positions people folks career careers person".split(),
    *"guys devs work field".split(),
}
_LIST_SEPARATORS = {",", "/", "&", "and", "or", "+", ";", "plus"}
_SKILL_CONTEXT_BEFORE = {
    "know",
    "use",
    "using",
    "used",
    "learn",
    "learning",
    "learned",
    "learnt",
    "add",
    "remove",
    "drop",
    "delete",
    "with",
    "in",
    "experience",
    "program",
    "code",
    "coding",
    "skills",
    "skill",
    "like",
    "master",
    "mastered",
    "write",
    "writing",
    "touched",
    "put",
    "of",
    "about",
    "practise",
    "practice",
    "improve",
    "better",
    "at",
    "and",
    ":",
    "/",
    "+",
}
_SKILL_CONTEXT_AFTER = {
    "lang",
    "language",
    "programming",
    "developer",
    "developers",
    "dev",
    "devs",
    "engineer",
    "jobs",
    "job",
    "projects",
    "project",
    "code",
    "framework",
    "skills",
    "experience",
    "and",
    "or",
    ",",
    "/",
    "from",
    "off",
    "to",
    "roles",
    "positions",
    "openings",
}
_FILLER = re.compile(
    r"\b(to|on|in|into|from|off) (my|the) (skills?|profile|list|skill set|stack)\b.*$"
    r"|\b(every ?day|daily|last (week|month|year)|at (an? )?\w+ level|please|pls|thanks?|too"
    r"|as well|also|already|now|some|a bit of|a little|basic knowledge of|knowledge of)\b"
)
_CHUNK_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bor\b|\bplus\b)\s*")
_WORDLIKE = re.compile(r"^[\w.#+\- ]{2,40}$")
_COMMAND = re.compile(r"^/(\w+)(?:@\w+)?\s*")
_COMMANDS = {
    "start": I.HELP,
    "help": I.HELP,
    "skills": I.SHOW_SKILLS,
    "gap": I.SKILL_GAP,
    "trending": I.TRENDING,
    "trends": I.TRENDING,
    "roadmap": I.ROADMAP,
    "projects": I.PROJECTS,
    "salary": I.SALARY,
    "jobs": I.JOBS,
    "locations": I.TOP_LOCATIONS,
    "digest": I.DIGEST_ON,
    "forget": I.DELETE_DATA,
    "link": I.LINK_ACCOUNT,
    "settings": I.SET_PROFILE,
}


class IntentParser:
    """Parses messages against the taxonomy; build once, reuse for every message."""

    def __init__(
        self, taxonomy: Taxonomy | None = None, gazetteer: Gazetteer | None = None
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.gazetteer = gazetteer or load_gazetteer()
        self.nlp = build_nlp()
        self._skills = TermMatcher(self.nlp, self.taxonomy.skill_terms())
        self._roles = TermMatcher(self.nlp, self.taxonomy.role_terms())

    def parse(self, text: str) -> Intent:
        """The intent of one message."""
        cleaned = clean_text(text)[:MAX_MESSAGE_CHARS]
        return self._parse_doc(cleaned, self.nlp.make_doc(cleaned))

    def parse_many(self, texts: Iterable[str]) -> list[Intent]:
        """The intents of many messages, tokenising them in one stream."""
        cleaned = [clean_text(t)[:MAX_MESSAGE_CHARS] for t in texts]
        docs = tokenizer(self.nlp).pipe(cleaned)
        return [self._parse_doc(t, d) for t, d in zip(cleaned, docs, strict=True)]

    def slots_for(self, text: str, intent: I) -> Slots:
        """The slots a message gives for a known intent: answers and follow-ups."""
        cleaned = clean_text(text)[:MAX_MESSAGE_CHARS]
        doc = self.nlp.make_doc(cleaned)
        lower = cleaned.lower()
        slots = self._slots(
            intent, cleaned, lower, self._skill_mentions(doc), self._role_mentions(doc, lower), []
        )
        return slots.only(INTENT_SLOTS[intent])

    # -- intent ------------------------------------------------------------------------

    def _parse_doc(self, text: str, doc: Doc) -> Intent:
        lower = text.lower()
        if not lower:
            return Intent(I.UNKNOWN, 1.0)
        scores = self._scores(lower)
        skill_matches = self._skill_mentions(doc)
        role_matches = self._role_mentions(doc, lower)
        negated = bool(_NEGATED_KNOWLEDGE.search(lower))
        if negated:
            scores.pop(I.ADD_SKILLS, None)
        if lower.startswith("do i have") and scores.get(I.ADD_SKILLS):
            scores[I.SHOW_SKILLS] += scores.pop(I.ADD_SKILLS)
        if scores.get(I.ADD_SKILLS) and any(scores.get(i, 0) >= 2 for i in REQUESTS):
            scores[I.ADD_SKILLS] *= 0.4  # "I know SQL. What am I missing for ...?"
        if scores.get(I.SET_PROFILE) and any(
            scores.get(i, 0) >= 2.4 for i in REQUESTS - {I.SET_PROFILE}
        ):
            scores[I.SET_PROFILE] *= 0.5  # "roadmap to become ..." asks for the roadmap

        skills = [m.canonical for m in skill_matches]
        unrecognised: list[str] = []
        if scores.get(I.ADD_SKILLS) or scores.get(I.REMOVE_SKILLS):
            extra, unrecognised = self._resolve_leftovers(lower, skill_matches)
            skills.extend(extra)
        if not skills:
            scores.pop(I.REMOVE_SKILLS, None)
            if not unrecognised:
                scores.pop(I.ADD_SKILLS, None)
        elif not scores and not role_matches and self._is_bare_list(doc, skill_matches):
            scores[I.ADD_SKILLS] = 1.5
        if not scores:
            return Intent(I.UNKNOWN, 0.55 if (skills or role_matches) else 0.9)

        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = max(0.3, min(0.99, 0.5 + 0.13 * top - 0.1 * second))
        slots = self._slots(best, text, lower, skill_matches, role_matches, unrecognised)
        intent = Intent(
            best,
            confidence,
            slots.only(INTENT_SLOTS[best]),
            tuple(unrecognised) if best is I.ADD_SKILLS else (),
        )
        return self._with_choices(intent, ranked, doc, skill_matches, role_matches, text, lower)

    def _with_choices(
        self,
        intent: Intent,
        ranked: list[tuple[I, float]],
        doc: Doc,
        skill_matches: list[TermMatch],
        role_matches: list[TermMatch],
        text: str,
        lower: str,
    ) -> Intent:
        """Low confidence: the readings to offer the person instead of guessing."""
        if "role" in INTENT_SLOTS[intent.name] and intent.slots.role is None and not role_matches:
            roles = self._ambiguous_role(doc, skill_matches)
            if roles:
                options = tuple(
                    Intent(intent.name, intent.confidence, replace(intent.slots, role=r))
                    for r in roles
                )
                return replace(intent, confidence=min(intent.confidence, 0.45), choices=options)
        if len(ranked) > 1 and intent.confidence < CLARIFY_BELOW:
            top, (runner, second) = ranked[0][1], ranked[1]
            if top - second < CLARIFY_MARGIN and runner is not I.UNKNOWN:
                other = self._slots(runner, text, lower, skill_matches, role_matches, [])
                options = (
                    intent,
                    Intent(runner, intent.confidence, other.only(INTENT_SLOTS[runner])),
                )
                return replace(intent, choices=options)
        return intent

    def _ambiguous_role(self, doc: Doc, skill_matches: list[TermMatch]) -> list[str]:
        """Roles a word could mean when it names several, used where a role goes."""
        taken = {i for m in skill_matches for i in range(m.start, m.end)}
        for i, token in enumerate(doc):
            if i in taken or not token.is_alpha:
                continue
            candidates = self.taxonomy.role_candidates(token.text)
            if not candidates:
                continue
            before = doc[i - 1].lower_ if i > 0 else ""
            after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if before in _ROLE_SLOT_BEFORE or after in _ROLE_SLOT_AFTER or not after.isalpha():
                return candidates
        return []

    def _scores(self, lower: str) -> dict[I, float]:
        scores: dict[I, float] = defaultdict(float)
        command = _COMMAND.match(lower)
        if command and command.group(1) in _COMMANDS:
            scores[_COMMANDS[command.group(1)]] += 5
        for cue in CUES:
            if cue.pattern.search(lower):
                scores[cue.intent] += cue.weight
        return scores

    # -- slots -------------------------------------------------------------------------

    def _slots(
        self,
        intent: I,
        text: str,
        lower: str,
        skill_matches: list[TermMatch],
        role_matches: list[TermMatch],
        unrecognised: list[str],
    ) -> Slots:
        roles, skills = self._settle_overlaps(intent, role_matches, skill_matches)
        skill_names = list(dict.fromkeys(m.canonical for m in skills))
        if intent in (I.ADD_SKILLS, I.REMOVE_SKILLS) and unrecognised is not None:
            extra, _ = self._resolve_leftovers(lower, skills)
            skill_names = list(dict.fromkeys([*skill_names, *extra]))
        role = roles[-1].canonical if roles else None  # the target comes last: "from X to Y"
        blocked = {m.text.lower() for m in (*skill_matches, *role_matches)}
        location = None
        if "location" in INTENT_SLOTS[intent]:
            location = find_location(text, self.gazetteer, blocked)
        level: Level | None = None
        if "level" in INTENT_SLOTS[intent]:
            explicit_only = intent in (I.ADD_SKILLS, I.PROJECTS)
            level = (
                find_level(lower, self.taxonomy, skill_words=True)
                if explicit_only or intent is I.SET_PROFILE
                else find_level(lower, self.taxonomy, skill_words=False)
            )
            if explicit_only:
                level = find_level(_without(lower, skills), self.taxonomy, skill_words=True)
        return Slots(
            role=role,
            skills=tuple(skill_names) if skill_names else None,
            location=location,
            level=level,
            time=find_time(lower) if intent is I.DIGEST_ON else None,
            code=find_code(text) if intent is I.LINK_ACCOUNT else None,
        )

    def _settle_overlaps(
        self, intent: I, roles: list[TermMatch], skills: list[TermMatch]
    ) -> tuple[list[TermMatch], list[TermMatch]]:
        """A span that is both a role and a skill ("devops") goes to one side."""
        role_wins = intent in ROLE_FIRST
        kept_roles, kept_skills = [], list(skills)
        for role in roles:
            clash = [s for s in kept_skills if s.start < role.end and role.start < s.end]
            headed = bool(ROLE_HEADS.search(role.text.lower()))
            if not clash:
                if intent not in (I.ADD_SKILLS, I.REMOVE_SKILLS) or headed:
                    kept_roles.append(role)
                continue
            longer = (role.end - role.start) > max(s.end - s.start for s in clash)
            if role_wins or headed or longer:
                kept_roles.append(role)
                kept_skills = [s for s in kept_skills if s not in clash]
        return kept_roles, kept_skills

    def _skill_mentions(self, doc: Doc) -> list[TermMatch]:
        matches = self._skills(doc)
        plain = {m.start for m in matches if not self.taxonomy.skills[m.canonical].ambiguous}
        return [m for m in matches if m.start in plain or self._has_skill_context(doc, m, matches)]

    def _role_mentions(self, doc: Doc, lower: str) -> list[TermMatch]:
        found = self._roles(doc)
        taken = {i for m in found for i in range(m.start, m.end)}
        # Typos in role names: "data enginer", "devops enginer".
        for i, token in enumerate(doc):
            if i in taken or len(token.text) < 5 or not token.is_alpha:
                continue
            for size in (3, 2):
                if i - size + 1 < 0 or any(j in taken for j in range(i - size + 1, i + 1)):
                    continue
                span = doc[i - size + 1 : i + 1]
                role = self.taxonomy.find_role(span.text)
                if role is not None and ROLE_HEADS.search(role.name.lower()):
                    found.append(
                        TermMatch(
                            span.start,
                            span.end,
                            span.start_char,
                            span.end_char,
                            span.text,
                            role.name,
                        )
                    )
                    taken.update(range(span.start, span.end))
                    break
        return sorted(found, key=lambda m: m.start)

    def _has_skill_context(self, doc: Doc, m: TermMatch, all_matches: list[TermMatch]) -> bool:
        """Whether an ambiguous name ("Go", "R", "Spring") is used as a skill here."""
        before = [t.lower_ for t in doc[max(0, m.start - 3) : m.start]]
        after = [t.lower_ for t in doc[m.end : m.end + 2]]
        if after and after[0] in {"&", "-", "'s", "’s"}:
            return False  # R&D, C-level, Swift's
        if before and before[-1] in _SKILL_CONTEXT_BEFORE:
            return True
        if after and after[0] in {"the", "ahead", "back", "for", "to", "on", "out"}:
            return False  # "go the extra mile", "go for it"
        if after and after[0] in _SKILL_CONTEXT_AFTER:
            return True
        return m.start == 0 and m.end == len(doc)  # the whole message: "/gap" args, "Rust"

    def _resolve_leftovers(
        self, lower: str, mentions: list[TermMatch]
    ) -> tuple[list[str], list[str]]:
        """Skill-like words outside known spellings: typos resolved, the rest reported."""
        rest = lower
        for m in sorted(mentions, key=lambda m: -m.start_char):
            rest = rest[: m.start_char] + " | " + rest[m.end_char :]
        cue_end = 0
        for cue in CUES:
            if cue.intent in (I.ADD_SKILLS, I.REMOVE_SKILLS):
                for found in cue.pattern.finditer(rest):
                    cue_end = max(cue_end, found.end())
        tail = _FILLER.sub(" ", rest[cue_end:])
        tail = re.split(r"[.!?]|\bbut\b|\bbecause\b|\bsince\b", tail)[0]
        resolved: list[str] = []
        unknown: list[str] = []
        for chunk in _CHUNK_SPLIT.split(tail):
            chunk = chunk.strip(" |:-'\"").strip()
            if not chunk or "|" in chunk or not _WORDLIKE.match(chunk) or len(chunk.split()) > 3:
                continue
            if chunk in {
                "it",
                "them",
                "that",
                "this",
                "those",
                "skills",
                "skill",
                "my",
                "the",
                "a",
                "me",
                "everything",
                "all",
            }:
                continue
            skill = self.taxonomy.find_skill(chunk)
            if skill is not None:
                resolved.append(skill.name)
            else:
                unknown.append(chunk)
        return resolved, unknown

    @staticmethod
    def _is_bare_list(doc: Doc, mentions: list[TermMatch]) -> bool:
        covered = {i for m in mentions for i in range(m.start, m.end)}
        return all(
            i in covered or t.lower_ in _LIST_SEPARATORS or t.is_punct for i, t in enumerate(doc)
        )


def _without(lower: str, spans: list[TermMatch]) -> str:
    """The text with the skill mentions blanked, so "Advanced Excel" is no level word."""
    for m in sorted(spans, key=lambda m: -m.start_char):
        lower = lower[: m.start_char] + " " * (m.end_char - m.start_char) + lower[m.end_char :]
    return lower
