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
    # The holder died. Taking over is itself a claim, keyed by the stale lease's identity:
    # of everyone who saw this same stale lease, exactly one insert succeeds. (Deleting the
    # stale lease and racing to insert again is not safe: a filtered delete on FerretDB is a
    # read then a delete by `_id`, which can remove the winner's new lease.)
    marker = Lease(
        id=f"{key}@{current.acquired_at.isoformat()}",
        owner=owner,
        acquired_at=now,
        expires_at=now + ttl,
        finished_at=now,
    )
    try:
        await marker.insert()
    except DuplicateKeyError:
        return False
    await Lease.get_pymongo_collection().replace_one(
        {"_id": key}, lease.model_dump(exclude={"id", "revision_id"})
    )
    return True


async def finish(key: str, owner: str) -> None:
    """Mark the claimed work done, so nobody takes it over."""
    # Read, then write by `_id` alone: FerretDB scans the whole collection for any other
    # filter, and there is one lease per delivered digest.
    current = await Lease.get(key)
    if current is not None and current.owner == owner:
        await Lease.get_pymongo_collection().update_one(
            {"_id": key}, {"$set": {"finished_at": utcnow()}}
        )
