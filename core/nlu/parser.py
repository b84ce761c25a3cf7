"""Turns a message into an Intent: cue patterns decide the intent, the taxonomy fills slots."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from core.intents import INTENT_SLOTS, Intent, IntentName, Level, Slots
from core.nlu.pipeline import TermMatch, TermMatcher, build_nlp, tokenizer
from core.nlu.text import MAX_MESSAGE_CHARS, clean_text
from core.taxonomy import Taxonomy, load_taxonomy

I = IntentName  # noqa: E741 - keeps the cue table readable


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that votes for an intent."""

    intent: IntentName
    pattern: re.Pattern[str]
    weight: float


def _cue(intent: IntentName, pattern: str, weight: float = 2.0) -> Cue:
    return Cue(intent, re.compile(pattern), weight)


# Phrases are matched on lower-cased text. Weights: 3 settles it alone, 2 is a clear cue,
# 1 a hint that needs support.
CUES: tuple[Cue, ...] = (
    _cue(
        I.HELP,
        r"^(/?help|/start|hi+|hello|hey+|hiya|yo|howdy|good (morning|afternoon|evening)"
        r"|start|menu|commands)\b[\s!.?👋]*$",
        3,
    ),
    _cue(
        I.HELP,
        r"\bwhat (can|do) (you|u) do\b|\bhow (does|do) (this|the|you)\b.*\bwork"
        r"|\bwhat are you\b|\bwhat is this bot\b|\bhow do i use (this|you)\b|\bhelp me\b",
        2.5,
    ),
    _cue(I.SHOW_SKILLS, r"^/skills\s*$", 3),
    _cue(I.SHOW_SKILLS, r"\bmy (skills|skill set|skillset|profile)\b", 1.2),
    _cue(
        I.SHOW_SKILLS,
        r"\b(show|list|display|view|see|check|what are|what's|whats|what is"
        r"|which)\b.*\b(skills?|profile)\b",
        1.2,
    ),
    _cue(
        I.SHOW_SKILLS,
        r"\b(saved|stored|added|have) (for|about) me\b|\bdid i add\b"
        r"|\bon my profile\s*\?|^do i have\b.*\b(profile|skills|list)\b",
        1.5,
    ),
    _cue(
        I.ADD_SKILLS,
        r"\b(i|we) (know|use|used|master|speak|write|code in|program in)\b"
        r"|\bi'?ve (used|worked with|learned|learnt|got|mastered)\b"
        r"|\bi have (used|worked with|learned|learnt)\b"
        r"|\bi have ([\w-]+ ){0,3}(experience|knowledge|skills?|background)\b"
        r"|\bi (worked|work) with\b|\bi (learned|learnt|picked up|studied)\b"
        r"|\b(i'?m|i am) (pretty |very |quite |really )?(good|skilled|proficient|fluent|experienced"
        r"|an? expert|comfortable|familiar)\b|\bexperience (in|with)\b|\bfamiliar with\b"
        r"|\bi can (code|program|write|use)\b|\bmy stack\b|^skills?\s*:",
        2,
    ),
    _cue(
        I.ADD_SKILLS,
        r"^(please )?(add|put|save|include|record|track)\b"
        r"|\b(add|put|save)\b.*\b(to|on|in)(to)? my (skills|profile|list|skill set)\b",
        2.5,
    ),
    _cue(
        I.REMOVE_SKILLS,
        r"\b(remove|delete|drop|erase|untick|unlist|strike)\b"
        r"|\btake\b.*\boff\b|\bget rid of\b",
        2.6,
    ),
    _cue(
        I.REMOVE_SKILLS,
        r"\bno longer (use|know|work with|do|need)\b|\bnot\b.*\banymore\b"
        r"|\bstopped using\b|\bdon'?t use\b.*\b(anymore|any more|now)\b",
        2.2,
    ),
)

_NEGATED_KNOWLEDGE = re.compile(
    r"\b(don'?t|do not|never|haven'?t|have not|can'?t|cannot|didn'?t|not yet)\b[^.,;!?]*?"
    r"\b(know|use|used|learn|learned|learnt|touched|worked|familiar)\b"
)
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
    "skills:",
    "like",
    "master",
    "mastered",
    "write",
    "writing",
    "touched",
    "put",
    "of",
    "about",
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
    "projects",
    "code",
    "framework",
    "skills",
    "experience",
    "and",
    "or",
    ",",
    "/",
}
# Words around a skill list that are not skills themselves.
_FILLER = re.compile(
    r"\b(to|on|in|into|from|off) (my|the) (skills?|profile|list|skill set|stack)\b.*$"
    r"|\b(every ?day|daily|last (week|month|year)|at (an? )?\w+ level|please|pls|thanks?|too"
    r"|as well|also|already|now|some|a bit of|a little|basic knowledge of|knowledge of)\b"
)
_CHUNK_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bor\b|\bplus\b)\s*")
_WORDLIKE = re.compile(r"^[\w.#+\- ]{2,40}$")


class IntentParser:
    """Parses messages against the taxonomy; build once, reuse for every message."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = build_nlp()
        self._skills = TermMatcher(self.nlp, self.taxonomy.skill_terms())

    def parse(self, text: str) -> Intent:
        """The intent of one message."""
        cleaned = clean_text(text)[:MAX_MESSAGE_CHARS]
        return self._parse_doc(cleaned, self.nlp.make_doc(cleaned))

    def parse_many(self, texts: Iterable[str]) -> list[Intent]:
        """The intents of many messages, tokenising them in one stream."""
        cleaned = [clean_text(t)[:MAX_MESSAGE_CHARS] for t in texts]
        return [
            self._parse_doc(t, d)
            for t, d in zip(cleaned, tokenizer(self.nlp).pipe(cleaned), strict=True)
        ]

    def _parse_doc(self, text: str, doc: Doc) -> Intent:
        lower = text.lower()
        if not lower:
            return Intent(I.UNKNOWN, 1.0)
        scores: dict[IntentName, float] = defaultdict(float)
        for cue in CUES:
            if cue.pattern.search(lower):
                scores[cue.intent] += cue.weight
        mentions = self._skill_mentions(doc)
        skills = [m.canonical for m in mentions]
        unrecognised: list[str] = []
        if scores.get(I.ADD_SKILLS) or scores.get(I.REMOVE_SKILLS):
            extra, unrecognised = self._resolve_leftovers(lower, mentions)
            skills.extend(extra)
        skills = list(dict.fromkeys(skills))

        negated = bool(_NEGATED_KNOWLEDGE.search(lower))
        if negated:
            scores.pop(I.ADD_SKILLS, None)
        if lower.startswith("do i have") and scores.get(I.ADD_SKILLS):
            scores[I.SHOW_SKILLS] += scores.pop(I.ADD_SKILLS)
        if not skills:
            scores.pop(I.REMOVE_SKILLS, None)
            if not unrecognised:
                scores.pop(I.ADD_SKILLS, None)
        elif not scores and self._is_bare_list(doc, mentions):
            scores[I.ADD_SKILLS] = 1.5

        if not scores:
            return Intent(I.UNKNOWN, 0.6 if skills else 0.9)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = max(0.3, min(0.99, 0.5 + 0.15 * top - 0.12 * second))
        slots = Slots(
            skills=tuple(skills) if skills else None,
            level=self._skill_level(lower),
        ).only(INTENT_SLOTS[best])
        return Intent(best, confidence, slots, tuple(unrecognised) if best is I.ADD_SKILLS else ())

    def _skill_mentions(self, doc: Doc) -> list[TermMatch]:
        matches = self._skills(doc)
        plain = {m.start for m in matches if not self.taxonomy.skills[m.canonical].ambiguous}
        kept = []
        for m in matches:
            if m.start in plain or self._has_skill_context(doc, m, matches):
                kept.append(m)
        return kept

    def _has_skill_context(self, doc: Doc, m: TermMatch, all_matches: list[TermMatch]) -> bool:
        """Whether an ambiguous name ("Go", "R", "Spring") is used as a skill here."""
        before = [t.lower_ for t in doc[max(0, m.start - 3) : m.start]]
        after = [t.lower_ for t in doc[m.end : m.end + 2]]
        if after and after[0] in {"&", "-", "'s", "’s"}:
            return False  # R&D, C-level, Swift's
        if before and before[-1] in _SKILL_CONTEXT_BEFORE:
            return True
        if after and after[0] in _SKILL_CONTEXT_AFTER:
            return True
        neighbours = [o for o in all_matches if o is not m and abs(o.start - m.start) <= 4]
        return any(
            all(
                t.lower_ in _LIST_SEPARATORS for t in doc[min(o.end, m.end) : max(o.start, m.start)]
            )
            for o in neighbours
        ) or bool(
            before and before[-1] in _LIST_SEPARATORS and len(before) > 1 and before[-2] == ","
        )

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

    def _skill_level(self, lower: str) -> Level | None:
        for word, level in self.taxonomy.skill_level_words.items():
            if re.search(rf"\b{re.escape(word)}\b", lower):
                return level
        return None
