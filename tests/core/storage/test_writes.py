"""Bulk updates arrive whole, however many documents they touch."""

from __future__ import annotations

import asyncio

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from core.storage.writes import UPDATES_PER_COMMAND, update_each

DB = AsyncDatabase[dict[str, object]]


async def test_updating_hundreds_of_documents_completes_and_changes_each_once(db: DB) -> None:
    # FerretDB never answers one `update` command of 100 statements or more.
    many = 4 * UPDATES_PER_COMMAND + 150
    collection = db["things"]
    await collection.insert_many([{"_id": n, "seen": 0} for n in range(many)])
    updates = [UpdateOne({"_id": n}, {"$set": {"seen": n + 1}}) for n in range(many)]
    await asyncio.wait_for(update_each(collection, updates), timeout=60)
    docs = await collection.find({}).sort("_id").to_list()
    assert [d["seen"] for d in docs] == [n + 1 for n in range(many)]
