"""Records of collection: runs, per-search cursors and queued targeted collections."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from beanie import Document
from pydantic import Field
from pymongo import DESCENDING, IndexModel

from core.clock import utcnow

RunStatus = Literal["running", "succeeded", "partial", "failed"]


class CollectionRun(Document):
    """One run of the collector: what it searched and what came of it."""

    trigger: str  # schedule, manual, targeted, sample
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: RunStatus = "running"
    targets: list[str] = Field(default_factory=list)
    fetched: int = 0
    new: int = 0
    updated: int = 0
    credits_used: int = 0
    errors: list[str] = Field(default_factory=list)
    dry_run: bool = False

    class Settings:
        name = "collection_runs"
        indexes = [IndexModel([("started_at", DESCENDING)], name="started_at")]


class CollectionCursor(Document):
    """Where the last successful search of one (role, location) stopped."""

    id: str  # type: ignore[assignment]  # "<role>|<location>"
    newest_discovered_at: datetime | None = None
    last_run_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "collection_cursors"


class CollectionRequest(Document):
    """A targeted collection asked for because a person's role or place had little data.

    Keyed by role, place and day, so asking twice on one day queues it once.
    """

    id: str  # type: ignore[assignment]  # "<role>|<location>|<YYYY-MM-DD>"
    role: str
    location: str | None = None
    requested_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None

    class Settings:
        name = "collection_requests"
