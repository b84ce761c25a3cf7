"""Which (role, location) pairs to collect: the configured ones and those people aim at."""

from __future__ import annotations

from collections.abc import Iterable

from core.collection.collector import Target
from core.profiles.models import User


def configured_targets(roles: Iterable[str], locations: Iterable[str]) -> list[Target]:
    """Every configured role in every configured location."""
    places: list[str | None] = [*locations] or [None]
    return [Target(role, place) for role in roles for place in places]


async def user_targets() -> list[Target]:
    """The distinct (target role, location) of active people who set a role."""
    found: dict[Target, None] = {}
    async for user in User.find({"active": True, "target_role": {"$ne": None}}):
        if user.target_role:
            found[Target(user.target_role, user.location)] = None
            found[Target(user.target_role, None)] = None
    return list(found)
