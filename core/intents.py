"""The intent contract: what a person asked for, independent of the chat platform."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal

Level = Literal["junior", "mid", "senior"]
LEVELS: tuple[Level, ...] = ("junior", "mid", "senior")


class IntentName(StrEnum):
    """Every intent of `shared/design/intents.md`."""

    SHOW_SKILLS = "show_skills"
    ADD_SKILLS = "add_skills"
    REMOVE_SKILLS = "remove_skills"
    SKILL_GAP = "skill_gap"
    TRENDING = "trending"
    ROADMAP = "roadmap"
    PROJECTS = "projects"
    SALARY = "salary"
    JOBS = "jobs"
    TOP_LOCATIONS = "top_locations"
    SET_PROFILE = "set_profile"
    DIGEST_ON = "digest_on"
    DIGEST_OFF = "digest_off"
    DELETE_DATA = "delete_data"
    LINK_ACCOUNT = "link_account"
    HELP = "help"
    UNKNOWN = "unknown"


# Which slots each intent may fill (the contract's table); others are dropped.
INTENT_SLOTS: dict[IntentName, frozenset[str]] = {
    IntentName.SHOW_SKILLS: frozenset(),
    IntentName.ADD_SKILLS: frozenset({"skills", "level"}),
    IntentName.REMOVE_SKILLS: frozenset({"skills"}),
    IntentName.SKILL_GAP: frozenset({"role", "location"}),
    IntentName.TRENDING: frozenset({"role", "location"}),
    IntentName.ROADMAP: frozenset({"role"}),
    IntentName.PROJECTS: frozenset({"skills", "level", "role"}),
    IntentName.SALARY: frozenset({"role", "location", "level"}),
    IntentName.JOBS: frozenset({"role", "location", "skills"}),
    IntentName.TOP_LOCATIONS: frozenset({"role"}),
    IntentName.SET_PROFILE: frozenset({"role", "location", "level"}),
    IntentName.DIGEST_ON: frozenset({"time"}),
    IntentName.DIGEST_OFF: frozenset(),
    IntentName.DELETE_DATA: frozenset(),
    IntentName.LINK_ACCOUNT: frozenset({"code"}),
    IntentName.HELP: frozenset(),
    IntentName.UNKNOWN: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Slots:
    """Slot values; a slot that was not said is None and absent from the JSON form."""

    role: str | None = None
    skills: tuple[str, ...] | None = None
    location: str | None = None
    level: Level | None = None
    time: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON form: unset slots are absent, skills are a list."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def only(self, allowed: frozenset[str]) -> Slots:
        """A copy keeping only the allowed slots."""
        return Slots(
            **{f.name: getattr(self, f.name) if f.name in allowed else None for f in fields(self)}
        )


@dataclass(frozen=True, slots=True)
class Intent:
    """One request: an intent name, the parser's confidence and the slots."""

    name: IntentName
    confidence: float = 1.0
    slots: Slots = field(default_factory=Slots)
    # Words the person offered as skills that the taxonomy does not know; not a contract slot.
    unrecognised: tuple[str, ...] = ()
    # Readings the parser could not decide between ("data" = which data role?); the
    # conversation asks which one was meant. Not a contract slot.
    choices: tuple[Intent, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON form."""
        return {
            "intent": self.name.value,
            "confidence": round(self.confidence, 2),
            "slots": self.slots.to_dict(),
        }
