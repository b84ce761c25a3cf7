"""Small builders for test data."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from core.clock import utcnow
from core.postings.models import JobPosting
from core.profiles.models import PlatformIdentity

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
