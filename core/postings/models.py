"""The stored form of a job posting."""

from __future__ import annotations

from datetime import datetime

from beanie import Document
from pydantic import Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from core.clock import utcnow
from core.intents import Level


def posting_key(source: str, source_id: str) -> str:
    """`theirstack:8123456789`: the `_id` of a posting, so upserts are `_id` lookups."""
    return f"{source}:{source_id}"


SAMPLE_SOURCE = "sample"


class JobPosting(Document):
    """One job posting from a source (the jobs API or the bundled samples)."""

    id: str  # type: ignore[assignment]
    source: str
    source_id: str
    title: str
    company: str | None = None
    role: str | None = None  # canonical role from the catalogue, when the title names one
    location: str | None = None
    city: str | None = None
    country: str | None = None
    country_code: str | None = None
    remote: bool | None = None
    seniority: Level | None = None
    salary_min_usd: float | None = None
    salary_max_usd: float | None = None
    description: str = ""
    url: str | None = None
    technology_slugs: list[str] = Field(default_factory=list)
    skills_from_slugs: list[str] = Field(default_factory=list)
    skills_from_text: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)  # the union, canonical names
    extractor_version: str = ""  # which taxonomy and extractor produced skills_from_text
    discovered_at: datetime | None = None
    posted_at: datetime
    collected_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "job_postings"
        indexes = [
            IndexModel(
                [("source", ASCENDING), ("source_id", ASCENDING)], name="source_id", unique=True
            ),
            IndexModel([("role", ASCENDING), ("posted_at", DESCENDING)], name="role_posted"),
            IndexModel([("posted_at", DESCENDING)], name="posted_at"),
            IndexModel([("collected_at", ASCENDING)], name="collected_at"),
            IndexModel(
                [("country_code", ASCENDING), ("posted_at", DESCENDING)], name="country_posted"
            ),
        ]
