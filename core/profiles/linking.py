"""Linking two platform accounts of one person: a one-time code shown on one, typed on the other.

A code is valid for ten minutes and once. Only its hash is stored, as the document `_id`, so
redeeming is an `_id` lookup and a leaked database holds no usable code. Claiming the code is
deleting that document: of two redeemers racing, one deletes it and the other finds nothing.
Each account may get five codes wrong in ten minutes; the code space (32^6, about a billion)
makes guessing hopeless at that pace.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from beanie import Document, PydanticObjectId
from pydantic import Field

from core.clock import utcnow
from core.profiles.models import Identity, User, UserSkill

CODE_TTL = timedelta(minutes=10)
MAX_FAILURES = 5
# No 0/O, 1/I/L: codes are read off one screen and typed on another.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_CHARS = 6


class LinkCode(Document):
    """An issued code, keyed by its hash."""

    id: str  # type: ignore[assignment]
    user_id: PydanticObjectId
    platform: str
    expires_at: datetime

    class Settings:
        name = "link_codes"


class LinkFailures(Document):
    """Wrong codes typed by one account, kept for the ten minutes they count."""

    id: str  # type: ignore[assignment]  # the identity key
    failures: list[datetime] = Field(default_factory=list)

    class Settings:
        name = "link_failures"


Outcome = Literal["linked", "already", "invalid", "expired", "own", "locked"]


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What redeeming a code did."""

    outcome: Outcome
    user: User | None = None
    platforms: tuple[str, ...] = ()


def normalise(code: str) -> str:
    """The code as issued: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-_.]", "", code).upper()


def _hash(code: str) -> str:
    return hashlib.sha256(f"career-navigator-link:{normalise(code)}".encode()).hexdigest()


def format_code(code: str) -> str:
    """`4F7KQ2` -> `4F7K-Q2`, easier to read and type."""
    return f"{code[:4]}-{code[4:]}"


async def issue_code(user: User, platform: str) -> tuple[str, datetime]:
    """A new code for `user`, shown on `platform`; earlier codes of the user stop working."""
    assert user.id is not None
    await LinkCode.get_pymongo_collection().delete_many({"user_id": user.id})
    code = _new_code()
    expires = utcnow() + CODE_TTL
    await LinkCode(id=_hash(code), user_id=user.id, platform=platform, expires_at=expires).insert()
    return format_code(code), expires


async def redeem_code(user: User, identity_key: str, code: str) -> LinkResult:
    """Merge the profile that issued `code` with `user` (typing it on another platform)."""
    assert user.id is not None
    now = utcnow()
    failures = await LinkFailures.get(identity_key)
    recent = [t for t in (failures.failures if failures else []) if now - _aware(t) < CODE_TTL]
    if len(recent) >= MAX_FAILURES:
        return LinkResult("locked")
    # Deleting is claiming: only one redeemer gets the document back.
    claimed = await LinkCode.get_pymongo_collection().find_one_and_delete({"_id": _hash(code)})
    if claimed is None:
        await _fail(identity_key, recent, now)
        return LinkResult("invalid")
    if _aware(claimed["expires_at"]) <= now:
        return LinkResult("expired")
    if claimed["user_id"] == user.id:
        return LinkResult("own")
    other = await User.get(claimed["user_id"])
    if other is None:
        return LinkResult("expired")
    merged = await merge_profiles(user, other)
    return LinkResult("linked", merged, tuple(sorted({i.platform for i in merged.identities})))


async def merge_profiles(a: User, b: User) -> User:
    """Fold the newer profile into the older: skills united, the older's settings kept.

    Written in an order that loses nothing if interrupted: the survivor gains everything
    first, identities are moved next, and the other profile is deleted last.
    """
    older, newer = (a, b) if a.created_at <= b.created_at else (b, a)
    assert older.id is not None and newer.id is not None
    have = {s.name for s in older.skills}
    skills = [*older.skills, *(s for s in newer.skills if s.name not in have)]
    keys = {i.key for i in older.identities}
    identities = [*older.identities, *(i for i in newer.identities if i.key not in keys)]
    changes: dict[str, object] = {
        "skills": [UserSkill.model_validate(s).model_dump() for s in skills],
        "identities": [i.model_dump() for i in identities],
        "updated_at": utcnow(),
    }
    for name in ("target_role", "location", "experience_level", "timezone", "display_name"):
        if getattr(older, name) is None and getattr(newer, name) is not None:
            changes[name] = getattr(newer, name)
    await User.get_pymongo_collection().update_one({"_id": older.id}, {"$set": changes})
    await Identity.get_pymongo_collection().update_many(
        {"user_id": newer.id}, {"$set": {"user_id": older.id}}
    )
    await User.get_pymongo_collection().delete_one({"_id": newer.id})
    merged = await User.get(older.id)
    assert merged is not None
    return merged


def _new_code() -> str:
    # Letters and a digit both, the shape the parser recognises as a code in a sentence.
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
        if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
            return code


async def _fail(identity_key: str, recent: list[datetime], now: datetime) -> None:
    await LinkFailures.get_pymongo_collection().replace_one(
        {"_id": identity_key}, {"failures": [*recent, now]}, upsert=True
    )


def _aware(moment: datetime) -> datetime:
    # Documents read back through PyMongo directly may be naive UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
