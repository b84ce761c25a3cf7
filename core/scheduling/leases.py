"""Claims keyed by `_id`: the insert that succeeds owns the work (portable to FerretDB)."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from beanie import Document
from pydantic import Field
from pymongo.errors import DuplicateKeyError

from core.clock import utcnow


def process_owner() -> str:
    """A name for this process that no other process shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease(Document):
    """Who runs one occurrence of a job (`collect:2026-11-26T02:00`), until when."""

    id: str  # type: ignore[assignment]
    owner: str
    acquired_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    finished_at: datetime | None = None

    class Settings:
        name = "leases"


async def claim(key: str, owner: str, ttl: timedelta, now: datetime | None = None) -> bool:
    """Try to own `key`; a lease whose holder died (expired, unfinished) can be taken over."""
    now = now or utcnow()
    lease = Lease(id=key, owner=owner, acquired_at=now, expires_at=now + ttl)
    try:
        await lease.insert()
        return True
    except DuplicateKeyError:
        pass
    current = await Lease.get(key)
    if current is None or current.finished_at is not None or current.expires_at > now:
        return False
    # Delete exactly the stale lease we saw, then race for the key again by inserting:
    # whoever's insert succeeds owns it, so two processes never both take over.
    await Lease.get_pymongo_collection().delete_one(
        {"_id": key, "owner": current.owner, "finished_at": None}
    )
    try:
        await lease.insert()
        return True
    except DuplicateKeyError:
        return False


async def finish(key: str, owner: str) -> None:
    """Mark the claimed work done, so nobody takes it over."""
    await Lease.get_pymongo_collection().update_one(
        {"_id": key, "owner": owner}, {"$set": {"finished_at": utcnow()}}
    )
