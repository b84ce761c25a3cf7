"""When a person's digest is due: their chosen time, in their own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.profiles.models import User


def zone_of(user: User) -> tzinfo:
    """The person's time zone (UTC until they have one)."""
    if user.timezone:
        try:
            return ZoneInfo(user.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def due_date(user: User, now: datetime) -> date | None:
    """The local day whose digest is due now, or None (not subscribed, not yet, done)."""
    prefs = user.digest
    if not prefs.enabled or not user.active:
        return None
    local = now.astimezone(zone_of(user))
    hour, minute = (int(part) for part in prefs.time.split(":"))
    if (local.hour, local.minute) < (hour, minute):
        return None
    today = local.date()
    if prefs.last_local_date == today.isoformat():
        return None
    return today


async def subscribers() -> list[User]:
    """Everyone subscribed and reachable."""
    return await User.find({"digest.enabled": True, "active": True}).to_list()
