"""Buttons under replies, the same on every surface that has them.

A button's payload is short ("pick:1", "skills:yes", "cmd:gap") and means something only
together with what the presser was last offered, which the core keeps in their profile: a
forged or replayed payload can act on nobody else's data (see `Assistant.handle_button`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.conversation.replies import Reply

INTENT_LABELS = {
    "skill_gap": "Skill gap",
    "trending": "Trending",
    "roadmap": "Roadmap",
    "projects": "Projects",
    "salary": "Salary",
    "jobs": "Jobs",
    "top_locations": "Locations",
    "show_skills": "My skills",
    "add_skills": "Add skills",
    "remove_skills": "Remove skills",
    "set_profile": "Set my goal",
    "help": "Help",
}
# Replies that show a person's own profile: never shown to a group chat.
PERSONAL = frozenset(
    {
        "skills",
        "skills_added",
        "skills_removed",
        "skills_dropped",
        "confirm_skills",
        "gap",
        "roadmap",
        "projects",
        "profile_set",
        "settings",
        "link_code",
        "linked",
        "link_failed",
        "confirm_delete",
        "deleted",
        "kept",
        "digest",
        "digest_on",
        "export",
        "admin_stats",
        "admin_collect",
        "admin_usage",
        "admin_broadcast_confirm",
        "admin_broadcast_started",
        "ask_timezone",
    }
)


DIGEST_TIMES = (("07:00", "08:00", "09:00"), ("12:00", "18:00", "21:00"))


@dataclass(frozen=True, slots=True)
class Button:
    """One button: what it says and the payload it sends back."""

    label: str
    payload: str


def option_label(option: dict[str, Any], same_intent: bool) -> str:
    """What a clarifying option's button says: the role, or the intent (and role)."""
    slots = option.get("slots") or {}
    role = slots.get("role")
    if same_intent and role:
        return str(role)
    label = INTENT_LABELS.get(option["intent"], option["intent"])
    return f"{label}: {role}" if role else label


def buttons_for(reply: Reply) -> list[list[Button]]:
    """Rows of buttons to show under a reply (empty when it has none)."""
    match reply.kind:
        case "clarify":
            options = reply.data["options"]
            same = len({o["intent"] for o in options}) == 1
            return [[Button(option_label(o, same), f"pick:{i}")] for i, o in enumerate(options)]
        case "confirm_skills":
            return [[Button("✔ Add", "skills:yes"), Button("✖ No", "skills:no")]]
        case "confirm_delete":
            return [
                [Button("Delete everything", "forget:yes"), Button("Keep my data", "forget:no")]
            ]
        case "admin_broadcast_confirm":
            return [[Button("Send to everyone", "broadcast:yes"), Button("Cancel", "broadcast:no")]]
        case "digest":
            return [[Button("Stop the daily digest", "digest:off")]]
        case "digest_on":
            # One tap for the usual times; any other is typed ("digest at 6:30").
            return [[Button(t, f"digest:at:{t}") for t in row] for row in DIGEST_TIMES]
        case "help":
            return [
                [Button("Skill gap", "cmd:gap"), Button("Trending", "cmd:trending")],
                [Button("Roadmap", "cmd:roadmap"), Button("Salary", "cmd:salary")],
            ]
    return []


def split_message(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraphs, then lines, then words."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > limit // 3:
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
