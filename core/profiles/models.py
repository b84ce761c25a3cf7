"""Documents that hold what we know about a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from beanie import Document, PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, IndexModel

from core.clock import utcnow
from core.intents import Level


class PlatformIdentity(BaseModel):
    """One chat account of a person: the platform and the id the platform gives them."""

    platform: str
    external_id: str
    display_name: str | None = None

    @property
    def key(self) -> str:
        """The `_id` of the identity document for this account."""
        return identity_key(self.platform, self.external_id)


def identity_key(platform: str, external_id: str) -> str:
    """`telegram:12345`: one key per platform account."""
    return f"{platform}:{external_id}"


class UserSkill(BaseModel):
    """A skill on a profile, by its canonical taxonomy name."""

    name: str
    level: Level | None = None
    added_at: datetime = Field(default_factory=utcnow)


class DigestPreferences(BaseModel):
    """Whether and when the person gets the daily digest (local time)."""

    enabled: bool = False
    time: str = "09:00"
    quiet_days: bool = False
    platform: str | None = None  # where it is delivered: the platform they subscribed on
    last_sent_at: datetime | None = None
    last_local_date: str | None = None  # the local day of the last digest handled (sent or not)
    last_coverage: int | None = None  # gap coverage (%) in the last digest sent


class ConversationContext(BaseModel):
    """The last question asked, so that a follow-up can change one slot of it."""

    intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    asked: str | None = None  # the slot the bot asked for, "confirm_delete" or "choice"
    options: list[dict[str, Any]] = Field(default_factory=list)  # readings offered to choose


class User(Document):
    """A person's profile; one per person, whatever platforms they use."""

    identities: list[PlatformIdentity] = Field(default_factory=list)
    display_name: str | None = None
    skills: list[UserSkill] = Field(default_factory=list)
    target_role: str | None = None
    location: str | None = None
    experience_level: Level | None = None
    timezone: str | None = None
    digest: DigestPreferences = Field(default_factory=DigestPreferences)
    active: bool = True
    context: ConversationContext = Field(default_factory=ConversationContext)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "users"
        indexes = [
            IndexModel([("target_role", ASCENDING)], name="target_role"),
            IndexModel(
                [("digest.enabled", ASCENDING), ("digest.time", ASCENDING)], name="digest_due"
            ),
            IndexModel([("updated_at", ASCENDING)], name="updated_at"),
        ]

    def skill_names(self) -> list[str]:
        """Canonical names of the skills on the profile, in the order they were added."""
        return [s.name for s in self.skills]


class Identity(Document):
    """Maps a platform account to its profile.

    Keyed by `platform:external_id`, so that finding a person is an `_id` lookup (fast on
    every MongoDB-compatible server) and two first messages racing create one profile.
    """

    id: str  # type: ignore[assignment]
    user_id: PydanticObjectId
    created_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "identities"
        indexes = [IndexModel([("user_id", ASCENDING)], name="user_id")]
