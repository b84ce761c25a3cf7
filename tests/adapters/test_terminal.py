from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from pymongo.asynchronous.database import AsyncDatabase

from adapters.terminal import TerminalChat
from bot.local_database import LocalDatabase, start_local_database
from core.collection.ingest import Ingestor
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.storage.database import init_database, make_client
from tests.factories import identity, posting


async def lines_of(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def converse(parser: IntentParser, *lines: str) -> list[str]:
    said: list[str] = []
    chat = TerminalChat(Assistant(parser), identity("ann"), write=said.append)
    await chat.run(lines_of(*lines))
    return said


async def test_the_foundation_conversation(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser
) -> None:
    said = await converse(
        parser,
        "help",
        "I know Python, SQL and postgres",
        "my skills",
        "remove sql",
        "/quit",
        "never read",
    )
    banner, help_, added, listed, removed, bye = said
    assert "Type help" in banner
    assert "Your skills" in help_ and "Skill gap" in help_
    assert "Added Python, SQL and PostgreSQL." in added
    assert "• Python" in listed and "• SQL" in listed and "• PostgreSQL" in listed
    assert "Removed SQL." in removed and "Python and PostgreSQL" in removed
    assert "saved" in bye


async def test_skills_survive_a_new_session(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser
) -> None:
    await converse(parser, "I know Python and Docker")
    said = await converse(parser, "my skills")
    assert "• Python" in said[1] and "• Docker" in said[1]


async def test_database_outage_mid_chat_asks_to_retry_and_recovers(
    tmp_path: Path, parser: IntentParser, fresh_db_name: str
) -> None:
    data = tmp_path / "data"
    server = await start_local_database(data, build=False)
    port = server.uri.rsplit(":", 1)[1].strip("/")
    client = make_client(server.uri, timeout_ms=1000)
    restarted: LocalDatabase | None = None
    try:
        await init_database(client, fresh_db_name)
        said: list[str] = []
        chat = TerminalChat(Assistant(parser), identity("bo"), write=said.append)
        assert "Added Python" in await chat.reply_to("I know Python")
        await server.stop()
        assert "try again in a moment" in await chat.reply_to("my skills")
        restarted = await start_local_database(data, build=False, listen=f"127.0.0.1:{port}")
        assert "• Python" in await chat.reply_to("my skills")
    finally:
        await client.close()
        if restarted is not None:
            await restarted.stop()
        await server.stop()


async def test_gap_and_trending_charts_are_saved_and_their_paths_printed(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser, tmp_path: Path
) -> None:
    await Ingestor.store(
        [
            posting(role="Data Engineer", skills=["Python", "SQL", "dbt"][: 1 + i % 3])
            for i in range(15)
        ]
    )
    said: list[str] = []
    chat = TerminalChat(Assistant(parser), identity("cy"), write=said.append, charts_dir=tmp_path)
    await chat.run(lines_of("I know Python", "gap for data engineer", "my skills"))
    gap, skills = said[2], said[3]
    assert "Skill gap for Data Engineer" in gap
    chart = Path(gap.rsplit("Chart: ", 1)[1].strip())
    assert chart.parent == tmp_path
    assert (await asyncio.to_thread(chart.read_bytes)).startswith(b"\x89PNG")
    assert "Chart:" not in skills
