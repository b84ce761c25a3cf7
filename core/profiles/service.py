"""Finding, creating and changing profiles."""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakValueDictionary

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from core.clock import utcnow
from core.intents import Level
from core.profiles.linking import LinkCode
from core.profiles.models import (
    ConversationContext,
    Identity,
    PlatformIdentity,
    User,
    UserSkill,
)
from core.scheduling.leases import Lease

REMEMBERED_ACCOUNTS = 100_000


@dataclass(frozen=True, slots=True)
class SkillChange:
    """What an add or remove did, for the reply."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


class Profiles:
    """Profile operations; updates of one profile are serialised within the process."""

    def __init__(self) -> None:
        self._locks: WeakValueDictionary[PydanticObjectId, asyncio.Lock] = WeakValueDictionary()
        self._owners: OrderedDict[str, PydanticObjectId] = OrderedDict()

    def _lock(self, user_id: PydanticObjectId) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock

    async def get_or_create(self, identity: PlatformIdentity) -> tuple[User, bool]:
        """The profile behind a platform account, and whether it was just created."""
        # Accounts rarely change profiles (only linking moves them, and the profile left
        # behind is deleted), so the account -> profile step is remembered; a remembered
        # profile that is gone sends us back to the stored link.
        remembered = self._owners.get(identity.key)
        if remembered is not None:
            user = await User.get(remembered)
            if user is not None:
                self._owners.move_to_end(identity.key)
                return await self._reachable(user), False
            del self._owners[identity.key]
        link = await Identity.get(identity.key)
        if link is not None:
            user = await User.get(link.user_id)
            if user is not None:
                self._remember(identity.key, link.user_id)
                return await self._reachable(user), False
            await link.delete()  # a dangling link from an interrupted delete
        user = User(identities=[identity], display_name=identity.display_name)
        await user.insert()
        assert user.id is not None
        try:
            await Identity(id=identity.key, user_id=user.id).insert()
        except DuplicateKeyError:
            # Another message from the same account won the race: use its profile.
            await user.delete()
            return await self.get_or_create(identity)
        self._remember(identity.key, user.id)
        return user, True

    def _remember(self, key: str, user_id: PydanticObjectId) -> None:
        self._owners[key] = user_id
        if len(self._owners) > REMEMBERED_ACCOUNTS:
            self._owners.popitem(last=False)

    @staticmethod
    async def _reachable(user: User) -> User:
        if not user.active:  # they wrote again, so they can be reached again
            user.active = True
            await User.get_pymongo_collection().update_one(
                {"_id": user.id}, {"$set": {"active": True}}
            )
        return user

    async def add_skills(
        self, user: User, names: Iterable[str], level: Level | None = None
    ) -> SkillChange:
        """Add canonical skill names; a level given again updates the stored one."""
        assert user.id is not None
        async with self._lock(user.id):
            fresh = await User.get(user.id) or user
            have = {s.name: s for s in fresh.skills}
            added, already = [], []
            for name in dict.fromkeys(names):
                if name in have:
                    already.append(name)
                    if level is not None:
                        have[name].level = level
                else:
                    fresh.skills.append(UserSkill(name=name, level=level))
                    added.append(name)
            await self._save_skills(fresh)
            user.skills = fresh.skills
            return SkillChange(added, already, fresh.skill_names())

    async def remove_skills(self, user: User, names: Iterable[str]) -> SkillChange:
        """Remove canonical skill names; names not on the profile are reported back."""
        assert user.id is not None
        async with self._lock(user.id):
            fresh = await User.get(user.id) or user
            wanted = list(dict.fromkeys(names))
            present = set(fresh.skill_names())
            removed = [n for n in wanted if n in present]
            missing = [n for n in wanted if n not in present]
            fresh.skills = [s for s in fresh.skills if s.name not in set(removed)]
            await self._save_skills(fresh)
            user.skills = fresh.skills
            return SkillChange(removed, missing, fresh.skill_names())

    async def set_profile(
        self,
        user: User,
        *,
        role: str | None = None,
        location: str | None = None,
        level: Level | None = None,
        timezone: str | None = None,
    ) -> User:
        """Set the target role, place or level that were given; keep the rest."""
        changes: dict[str, Any] = {}
        for name, value in (
            ("target_role", role),
            ("location", location),
            ("experience_level", level),
            ("timezone", timezone),
        ):
            if value is not None:
                changes[name] = value
                setattr(user, name, value)
        if changes:
            user.updated_at = utcnow()
            await User.find_one(User.id == user.id).update(
                {"$set": {**changes, "updated_at": user.updated_at}}
            )
        return user

    @staticmethod
    async def save_context(user: User, context: ConversationContext) -> None:
        """Remember the last question for follow-ups."""
        if user.context == context:
            return  # asked the same again: nothing to write
        user.context = context
        await User.get_pymongo_collection().update_one(
            {"_id": user.id}, {"$set": {"context": context.model_dump()}}
        )

    @staticmethod
    async def mark_unreachable(identity: PlatformIdentity) -> None:
        """The person blocked the bot (or closed DMs): stop writing to them, digests included."""
        link = await Identity.get(identity.key)
        if link is not None:
            await User.get_pymongo_collection().update_one(
                {"_id": link.user_id}, {"$set": {"active": False, "updated_at": utcnow()}}
            )

    async def delete(self, user: User) -> None:
        """Remove the profile, every identity that points at it, its codes and deliveries."""
        assert user.id is not None
        await Identity.get_pymongo_collection().delete_many({"user_id": user.id})
        await LinkCode.get_pymongo_collection().delete_many({"user_id": user.id})
        # Delivery claims are keyed "digest:<user id>:<day>" (and takeover markers after it).
        await Lease.get_pymongo_collection().delete_many({"_id": {"$regex": f"^digest:{user.id}:"}})
        await user.delete()

    @staticmethod
    async def export(user: User) -> str:
        """Everything stored about a person, as JSON."""
        assert user.id is not None
        identities = await Identity.find({"user_id": user.id}).to_list()
        deliveries = await Lease.find({"_id": {"$regex": f"^digest:{user.id}:[0-9-]+$"}}).to_list()
        data = {
            "profile": user.model_dump(mode="json", exclude={"revision_id"}),
            "accounts": [i.model_dump(mode="json") for i in identities],
            "digests_delivered": [
                {
                    "day": d.id.rsplit(":", 1)[1],
                    "at": d.finished_at.isoformat() if d.finished_at else None,
                }
                for d in deliveries
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)

    @staticmethod
    async def _save_skills(user: User) -> None:
        user.updated_at = utcnow()
        # Only the changed fields are written, so a concurrent change of another field
        # (target role, digest time) made elsewhere is not overwritten.
        await User.find_one(User.id == user.id).update(
            {
                "$set": {
                    "skills": [s.model_dump() for s in user.skills],
                    "updated_at": user.updated_at,
                }
            }
        )
