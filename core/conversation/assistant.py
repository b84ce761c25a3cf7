"""The one entry point every adapter calls: a message or an intent in, a Reply out."""

from __future__ import annotations

import logging

from pymongo.errors import ConnectionFailure, OperationFailure

from core.conversation.replies import Reply
from core.intents import Intent, IntentName
from core.nlu.parser import IntentParser
from core.nlu.text import MAX_MESSAGE_CHARS, clean_text
from core.profiles.models import PlatformIdentity, User
from core.profiles.service import Profiles

log = logging.getLogger(__name__)


class Assistant:
    """Answers people: parses what they say and runs the intent against their profile."""

    def __init__(
        self, parser: IntentParser | None = None, profiles: Profiles | None = None
    ) -> None:
        self.parser = parser or IntentParser()
        self.profiles = profiles or Profiles()

    async def handle_text(self, identity: PlatformIdentity, text: str) -> Reply:
        """Answer a free-text message."""
        if len(text) > MAX_MESSAGE_CHARS * 5:
            return Reply("too_long", {"limit": MAX_MESSAGE_CHARS})
        cleaned = clean_text(text)
        if not cleaned:
            return Reply("empty")
        if len(cleaned) > MAX_MESSAGE_CHARS:
            return Reply("too_long", {"limit": MAX_MESSAGE_CHARS})
        return await self.handle_intent(identity, self.parser.parse(cleaned))

    async def handle_intent(self, identity: PlatformIdentity, intent: Intent) -> Reply:
        """Answer an intent, whether it came from text, a command or a button."""
        try:
            user, created = await self.profiles.get_or_create(identity)
            reply = await self._answer(user, intent)
        except (ConnectionFailure, OperationFailure) as exc:
            # Not "no data": the person should know to retry, and nothing was half-written
            # because every change is a single-document write.
            log.warning(
                "database unavailable while answering %s: %s", intent.name, type(exc).__name__
            )
            return Reply("unavailable")
        if created:
            return Reply(reply.kind, {**reply.data, "first_contact": True})
        return reply

    async def _answer(self, user: User, intent: Intent) -> Reply:
        slots = intent.slots
        match intent.name:
            case IntentName.HELP:
                return Reply("help")
            case IntentName.SHOW_SKILLS:
                return Reply("skills", {"skills": self._skill_rows(user)})
            case IntentName.ADD_SKILLS:
                change = await self.profiles.add_skills(user, slots.skills or (), slots.level)
                return Reply(
                    "skills_added",
                    {
                        "added": change.changed,
                        "already": change.unchanged,
                        "unrecognised": list(intent.unrecognised),
                        "skills": change.skills,
                        "level": slots.level,
                    },
                )
            case IntentName.REMOVE_SKILLS:
                change = await self.profiles.remove_skills(user, slots.skills or ())
                return Reply(
                    "skills_removed",
                    {
                        "removed": change.changed,
                        "missing": change.unchanged,
                        "skills": change.skills,
                    },
                )
            case _:
                return Reply("unknown")

    @staticmethod
    def _skill_rows(user: User) -> list[dict[str, str | None]]:
        return [{"name": s.name, "level": s.level} for s in user.skills]
