"""Bulk writes in the sizes every MongoDB-compatible server we run on answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

# FerretDB 1.24 keeps the query of each statement of an `update` command open until the
# whole command ends, and its SQLite pool has 100 connections: a command of 100 statements
# never answers, and two of 60 at once would wait on each other. Small commands leave the
# pool to everyone else.
UPDATES_PER_COMMAND = 25


async def update_each(collection: AsyncCollection[Any], updates: Sequence[UpdateOne]) -> None:
    """Apply single-document updates, `UPDATES_PER_COMMAND` to a command, in order."""
    for start in range(0, len(updates), UPDATES_PER_COMMAND):
        await collection.bulk_write(
            list(updates[start : start + UPDATES_PER_COMMAND]), ordered=False
        )
