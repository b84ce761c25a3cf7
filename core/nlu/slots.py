"""Slot values in a message: places, times, link codes and seniority levels."""

from __future__ import annotations

import re
from functools import cache

from core.intents import Level
from core.places import REMOTE, Gazetteer
from core.taxonomy import Taxonomy

_CODE = re.compile(
    r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,6}-[A-Z0-9]{2,6}\b", re.IGNORECASE
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "noon": 12,
    "midday": 12,
    "midnight": 0,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_CLOCK = re.compile(rf"\b{_NUM}(?:[:.h](\d{{2}}))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock|h)?\b")
_HALF_PAST = re.compile(rf"\b(half|quarter) (past|to) {_NUM}\b")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|at|near|around|from|to|based in|based out of|located in|for)\s+(?:the\s+)?"
    r"([a-z][\w'.\- ]*?(?:,\s*[a-z][\w.\- ]*)?)(?=[?!.;]|\s+(?:and|or|but|that|which|who|"
    r"with|for|as|this|next|right|now|please|using|use|uses|in|at)\b|$|,\s*(?:and|or)?\s*"
    r"(?:what|which|how|any|please)\b)"
)
_REMOTE = re.compile(
    r"\b(fully[- ]remote|remote[- ]only|remotely|remote|work from home|wfh|"
    r"anywhere)\b"
)


def find_code(text: str) -> str | None:
    """A link code as typed ("4F7K-Q2")."""
    match = _CODE.search(text)
    return match.group(0) if match else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def find_time(lower: str) -> str | None:
    """A clock time as HH:MM: "8am" -> 08:00, "half past six in the evening" -> 18:30."""
    evening = bool(re.search(r"\b(evening|night|afternoon|pm|p\.m\.|after work|tonight)\b", lower))
    morning = bool(re.search(r"\b(morning|am|a\.m\.|breakfast|wake)\b", lower))
    half = _HALF_PAST.search(lower)
    if half:
        hour = _number(half.group(3))
        minute = 30 if half.group(1) == "half" else 15
        if half.group(2) == "to":
            hour, minute = hour - 1, 45
        return _clock(hour, minute, "pm" if evening else None)
    for match in _CLOCK.finditer(lower):
        word, minutes, suffix = match.group(1), match.group(2), match.group(3)
        if (
            suffix is None
            and minutes is None
            and not re.search(
                rf"\b(at|by|around|before|after)\s+{re.escape(match.group(0).strip())}\b", lower
            )
        ):
            continue  # a bare number is a count ("3 years"), not a time
        hour = _number(word)
        if hour > 23 or (minutes and int(minutes) > 59):
            continue
        meridiem = (
            suffix if suffix in ("am", "pm") else {"a.m.": "am", "p.m.": "pm"}.get(suffix or "")
        )
        if meridiem is None and evening and not morning and hour < 12:
            meridiem = "pm"
        return _clock(hour, int(minutes or 0), meridiem)
    return None


def _clock(hour: int, minute: int, meridiem: str | None) -> str | None:
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


@cache
def _level_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # One alternation, longest first, instead of a search per word.
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")


def find_level(lower: str, taxonomy: Taxonomy, *, skill_words: bool) -> Level | None:
    """A seniority level: "staff" -> senior, "graduate" -> junior.

    Skill words (beginner, advanced...) count only where the contract lets them.
    """
    words = dict(taxonomy.level_words)
    if skill_words:
        words.update(taxonomy.skill_level_words)
    match = _level_pattern(tuple(sorted(words))).search(lower)
    return words[match.group(1)] if match else None


def find_location(text: str, gazetteer: Gazetteer, blocked: set[str]) -> str | None:
    """The place a message names: after "in"/"at"/"to", or a well-known place name.

    `blocked` holds lower-cased words already taken by skills and roles ("Go", "React").
    """
    lower = text.lower()
    if _REMOTE.search(lower):
        return REMOTE.name
    for match in _PLACE_PREPOSITION.finditer(lower):
        candidate = match.group(1).strip(" ,.")
        words = candidate.split()
        # Longest leading run of words that names a place: "berlin next month" -> Berlin.
        for size in range(min(len(words), 4), 0, -1):
            phrase = " ".join(words[:size])
            if phrase in blocked:
                break
            place = gazetteer.find(phrase)
            if place is not None and (place.kind != "city" or place.population >= 50_000):
                return place.name
    # A well-known place named without a preposition ("London salaries", "Berlin jobs").
    for match in re.finditer(
        r"(?<!\w)[^\W\d_][^\W\d_]+(?:[ -][^\W\d_][^\W\d_]+)*(?:,\s*[^\W\d_][^\W\d_.]+)?", text
    ):
        if not match.group(0)[:1].isupper():
            continue
        phrase = match.group(0)
        if phrase.lower() in blocked:
            continue
        place = gazetteer.find(phrase)
        big = place is not None and (place.kind == "country" or place.population >= 1_000_000)
        if place is not None and ("," in phrase or big):
            return place.name
    return None
