"""Small builders for test data."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from core.clock import utcnow
from core.postings.models import JobPosting
from core.profiles.models import (
    DigestPreferences,
    Identity,
    PlatformIdentity,
    User,
    UserSkill,
)

_ids = itertools.count(1)


def identity(name: str = "ann", platform: str = "terminal") -> PlatformIdentity:
    """A platform account."""
    return PlatformIdentity(platform=platform, external_id=name, display_name=name.title())


def posting(**overrides: Any) -> JobPosting:
    """A job posting with plausible defaults."""
    n = next(_ids)
    posted: datetime = overrides.pop("posted_at", utcnow())
    fields: dict[str, Any] = {
        "id": f"test:{n}",
        "source": "test",
        "source_id": str(n),
        "title": "Data Engineer",
        "company": "Acme",
        "role": "Data Engineer",
        "posted_at": posted,
        "skills": ["Python", "SQL"],
    }
    fields.update(overrides)
    return JobPosting(**fields)


async def subscriber(
    account: str,
    *,
    platform: str = "telegram",
    time: str = "08:00",
    timezone: str | None = "Europe/Berlin",
    role: str | None = "Data Engineer",
    skills: tuple[str, ...] = ("Python",),
    quiet_days: bool = False,
) -> User:
    """A stored profile subscribed to the daily digest on one platform account."""
    who = PlatformIdentity(platform=platform, external_id=account, display_name="Sub")
    user = User(
        identities=[who],
        target_role=role,
        timezone=timezone,
        skills=[UserSkill(name=s) for s in skills],
        digest=DigestPreferences(enabled=True, time=time, platform=platform, quiet_days=quiet_days),
    )
    await user.insert()
    assert user.id is not None
    await Identity(id=who.key, user_id=user.id).insert()
    return user


async def data_engineer_market(n: int = 20) -> None:
    """`n` stored Data Engineer postings asking for two to four common skills (roll-ups too)."""
    from core.collection.ingest import Ingestor

    skills = ["Python", "SQL", "Apache Spark", "dbt"]
    await Ingestor.store(
        [posting(role="Data Engineer", skills=skills[: 2 + i % 3]) for i in range(n)]
    )
