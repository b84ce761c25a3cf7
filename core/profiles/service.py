"""Finding, creating and changing profiles."""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from time import monotonic
from typing import Any
from weakref import WeakValueDictionary

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from core.clock import utcnow
from core.intents import Level
from core.profiles.contexts import ContextWriter
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
CACHED_PROFILES = 20_000


@dataclass(frozen=True, slots=True)
class SkillChange:
    """What an add or remove did, for the reply."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


async def _fetch(user_id: PydanticObjectId) -> User | None:
    """A profile by id: `User.get` without Beanie's query building, which costs more than
    the lookup itself on every message."""
    doc = await User.get_pymongo_collection().find_one({"_id": user_id})
    return None if doc is None else User.model_validate(doc)


class Profiles:
    """Profile operations; updates of one profile are serialised within the process.

    With `cache_seconds`, a profile read from the database answers that person's messages
    from memory for that long. Every change this process makes goes through the cached
    profile itself, so it is always current here; the time limit bounds how long a change
    made by another process (a digest run from the command line) goes unseen. Where several
    processes answer people (webhook mode), each message must read the profile: no cache.
    """

    def __init__(self, cache_seconds: float = 0.0) -> None:
        self._locks: WeakValueDictionary[PydanticObjectId, asyncio.Lock] = WeakValueDictionary()
        self._owners: OrderedDict[str, PydanticObjectId] = OrderedDict()
        self.contexts = ContextWriter()
        self.cache_seconds = cache_seconds
        self._cache: OrderedDict[PydanticObjectId, tuple[float, User]] = OrderedDict()

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
            user = await self._load(remembered)
            if user is not None:
                self._owners.move_to_end(identity.key)
                return await self._reachable(user), False
            del self._owners[identity.key]
        link = await Identity.get(identity.key)
        if link is not None:
            user = await self._load(link.user_id)
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
        self._keep(user.id, user, monotonic())
        return user, True

    async def fresh(self, identity: PlatformIdentity) -> tuple[User, bool]:
        """The profile as stored now, for answers that must not come from memory."""
        remembered = self._owners.get(identity.key)
        if remembered is not None:
            self.forget(remembered)
        return await self.get_or_create(identity)

    def forget(self, user_id: PydanticObjectId | None = None) -> None:
        """Read this profile (or, without an id, every profile) from the database next time."""
        if user_id is None:
            self._cache.clear()
            self._owners.clear()
        else:
            self._cache.pop(user_id, None)

    async def _load(self, user_id: PydanticObjectId) -> User | None:
        now = monotonic()
        cached = self._cache.get(user_id)
        if cached is not None and now - cached[0] < self.cache_seconds:
            self._cache.move_to_end(user_id)
            return cached[1]
        user = await _fetch(user_id)
        if user is None:
            return None
        if (context := self.contexts.pending(user_id)) is not None:
            user.context = context  # not written yet, and newer than the stored one
        cached = self._cache.get(user_id)
        if cached is not None and monotonic() - cached[0] < self.cache_seconds:
            # Another message of this person read it meanwhile: share that copy, which the
            # changes made since were applied to.
            return cached[1]
        self._keep(user_id, user, now)
        return user

    def _keep(self, user_id: PydanticObjectId, user: User, read_at: float) -> None:
        if self.cache_seconds <= 0:
            return
        self._cache[user_id] = (read_at, user)
        self._cache.move_to_end(user_id)
        while len(self._cache) > CACHED_PROFILES:
            self._cache.popitem(last=False)

    def _changed(self, user: User) -> None:
        """`user` was just changed here: the cache must not hold another copy of it."""
        cached = self._cache.get(user.id) if user.id is not None else None
        if cached is not None and cached[1] is not user:
            self.forget(user.id)

    def _remember(self, key: str, user_id: PydanticObjectId) -> None:
        self._owners[key] = user_id
        if len(self._owners) > REMEMBERED_ACCOUNTS:
            self._owners.popitem(last=False)

    async def _reachable(self, user: User) -> User:
        if not user.active:  # they wrote again, so they can be reached again
            user.active = True
            self._changed(user)
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
            fresh = await _fetch(user.id) or user
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
            self._changed(user)
            return SkillChange(added, already, fresh.skill_names())

    async def remove_skills(self, user: User, names: Iterable[str]) -> SkillChange:
        """Remove canonical skill names; names not on the profile are reported back."""
        assert user.id is not None
        async with self._lock(user.id):
            fresh = await _fetch(user.id) or user
            wanted = list(dict.fromkeys(names))
            present = set(fresh.skill_names())
            removed = [n for n in wanted if n in present]
            missing = [n for n in wanted if n not in present]
            fresh.skills = [s for s in fresh.skills if s.name not in set(removed)]
            await self._save_skills(fresh)
            user.skills = fresh.skills
            self._changed(user)
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
            self._changed(user)
            await User.find_one(User.id == user.id).update(
                {"$set": {**changes, "updated_at": user.updated_at}}
            )
        return user

    async def save_context(self, user: User, context: ConversationContext) -> None:
        """Remember the last question for follow-ups; a question to the person at once."""
        if user.context == context:
            return  # asked the same again: nothing to write
        assert user.id is not None
        user.context = context
        self._changed(user)
        if context.asked is None:
            self.contexts.later(user.id, context)
        else:
            await self.contexts.now(user.id, context)

    async def close(self) -> None:
        """Write what is still unwritten."""
        await self.contexts.close()

    async def subscribe(self, user: User, time: str, platform: str) -> None:
        """Turn the daily digest on at a local time, on a platform, in `user.timezone`."""
        user.digest.enabled, user.digest.time, user.digest.platform = True, time, platform
        user.active = True
        self._changed(user)
        changes = {
            "digest.enabled": True,
            "digest.time": time,
            "digest.platform": platform,
            "timezone": user.timezone,  # it may just have been given in answer to our question
            "active": True,
        }
        await User.get_pymongo_collection().update_one({"_id": user.id}, {"$set": changes})

    async def unsubscribe(self, user: User) -> None:
        """Turn the daily digest off."""
        user.digest.enabled = False
        self._changed(user)
        await User.get_pymongo_collection().update_one(
            {"_id": user.id}, {"$set": {"digest.enabled": False}}
        )

    async def mark_unreachable(self, identity: PlatformIdentity) -> None:
        """The person blocked the bot (or closed DMs): stop writing to them, digests included."""
        link = await Identity.get(identity.key)
        if link is not None:
            self.forget(link.user_id)
            await User.get_pymongo_collection().update_one(
                {"_id": link.user_id}, {"$set": {"active": False, "updated_at": utcnow()}}
            )

    async def delete(self, user: User) -> None:
        """Remove the profile, every identity that points at it, its codes and deliveries."""
        assert user.id is not None
        self.contexts.drop(user.id)
        self.forget(user.id)
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
