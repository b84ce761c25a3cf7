import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.local_database import LocalDatabaseError, start_local_database
from core.storage.database import make_client


async def test_data_survives_a_restart(tmp_path: Path) -> None:
    server = await start_local_database(tmp_path, build=False)
    client = make_client(server.uri)
    await client["keep"]["things"].insert_one({"_id": "a", "n": 1})
    await client.close()
    await server.stop()

    server = await start_local_database(tmp_path, build=False)
    client = make_client(server.uri)
    try:
        assert await client["keep"]["things"].find_one({"_id": "a"}) == {"_id": "a", "n": 1}
    finally:
        await client.close()
        await server.stop()


async def test_one_data_directory_serves_one_process(tmp_path: Path) -> None:
    server = await start_local_database(tmp_path, build=False)
    try:
        with pytest.raises(LocalDatabaseError, match="already using"):
            await start_local_database(tmp_path, build=False)
    finally:
        await server.stop()


async def test_a_missing_explicit_binary_is_named(tmp_path: Path) -> None:
    with pytest.raises(LocalDatabaseError, match="FERRETDB_BIN"):
        await start_local_database(tmp_path, tmp_path / "nope")


def _lookup_plan(database: Path) -> str:
    """SQLite's plan for the query FerretDB runs for a find by `_id`."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        (table,) = conn.execute(
            "SELECT table_name FROM _ferretdb_collections WHERE name = 'things'"
        ).fetchone()
        rows = conn.execute(
            f'EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "{table}" '
            "WHERE _ferretdb_sjson->'$._id' = ?",
            ('"a"',),
        ).fetchall()
    return " ".join(str(r[-1]) for r in rows)


async def test_finds_by_id_use_an_index_not_a_table_scan(tmp_path: Path) -> None:
    server = await start_local_database(tmp_path, build=False)
    client = make_client(server.uri)
    try:
        await client["lookups"]["things"].insert_many([{"_id": str(i)} for i in range(50)])
        database = tmp_path / "ferretdb" / "lookups.sqlite"
        plan = ""
        for _ in range(50):  # the launcher indexes new collections within a few seconds
            plan = await asyncio.to_thread(_lookup_plan, database)
            if "USING INDEX" in plan:
                break
            await asyncio.sleep(0.2)
        assert "USING INDEX" in plan and "__id_lookup" in plan, plan
        assert await client["lookups"]["things"].find_one({"_id": "7"}) == {"_id": "7"}
    finally:
        await client.close()
        await server.stop()
