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
