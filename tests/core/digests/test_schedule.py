"""A digest is due at the person's chosen time in their own time zone, once a local day.

(`db` only because profiles are database documents.)
"""

from __future__ import annotations

from datetime import UTC, datetime

from core.digests.schedule import due_date
from core.profiles.models import DigestPreferences, User

# 06:30 UTC: 07:30 in Berlin (winter), 01:30 in New York, 15:30 in Tokyo.
NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


def person(zone: str | None, time: str = "08:00", **digest: object) -> User:
    return User(timezone=zone, digest=DigestPreferences(enabled=True, time=time, **digest))


async def test_due_once_the_local_time_has_come(db: object) -> None:
    assert due_date(person("Asia/Tokyo"), NOW) == datetime(2026, 11, 26).date()
    assert due_date(person("Europe/Berlin", "07:30"), NOW) is not None
    assert due_date(person("Europe/Berlin"), NOW) is None  # 07:30 there, due at 08:00
    assert due_date(person("America/New_York"), NOW) is None


async def test_the_local_day_is_the_persons_day_not_utcs(db: object) -> None:
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # already the 27th in Tokyo
    assert due_date(person("Asia/Tokyo"), late) == datetime(2026, 11, 27).date()
    assert due_date(person("America/Los_Angeles"), late) == datetime(2026, 11, 26).date()


async def test_not_due_when_done_today_unsubscribed_or_unreachable(db: object) -> None:
    assert due_date(person("Asia/Tokyo", last_local_date="2026-11-26"), NOW) is None
    off = person("Asia/Tokyo")
    off.digest.enabled = False
    assert due_date(off, NOW) is None
    blocked = person("Asia/Tokyo")
    blocked.active = False
    assert due_date(blocked, NOW) is None


async def test_without_a_time_zone_utc_is_used(db: object) -> None:
    assert due_date(person(None, "06:00"), NOW) is not None
    assert due_date(person(None, "07:00"), NOW) is None
