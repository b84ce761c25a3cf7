"""One conversation from the intents contract, three surfaces, the same content."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator

import discord
import pytest
from discord.gateway import DiscordWebSocket
from pymongo.asynchronous.database import AsyncDatabase

from adapters.discord import DiscordAdapter
from adapters.telegram import TelegramAdapter
from adapters.terminal import TerminalChat
from core.collection.ingest import Ingestor
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from tests.factories import identity, posting
from tests.fakes.discord_api import DEFAULT_TOKEN as DISCORD_TOKEN
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import DEFAULT_TOKEN as TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram

DB = AsyncDatabase[dict[str, object]]
CONVERSATION = [
    "help",  # first contact: each surface words its welcome its own way, so not compared
    "add python and sql",
    "I want to become a data engineer",
    "gap",
    "trending",
    "salary for data engineer in Berlin",
    "and in London?",
    "my skills",
    "roadmap",
    "projects",
    "data engineer jobs",
    "where are most data engineer jobs?",
    "what's the gap for data?",
    "remove sql",
    "delete my data",
    "no",
]


def plain(text: str) -> str:
    return " ".join(text.split())


def from_html(text: str) -> str:
    return plain(html.unescape(re.sub(r"<[^>]+>", "", text)))


def from_markdown(text: str) -> str:
    return plain(re.sub(r"\\([*_`~|>\\])", r"\1", text))


@pytest.fixture
async def surfaces(db: DB) -> AsyncIterator[tuple[FakeTelegram, FakeDiscord]]:
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeTelegram() as telegram, FakeDiscord() as fake_discord:
        yield telegram, fake_discord
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def test_the_contract_conversation_reads_the_same_everywhere(
    surfaces: tuple[FakeTelegram, FakeDiscord],
) -> None:
    telegram, fake_discord = surfaces
    await Ingestor.store(
        [
            posting(role="Data Engineer", city=c, skills=["Python", "SQL", "dbt"][: 1 + i % 3])
            for i, c in enumerate(["Berlin", "London"] * 8)
        ]
    )
    parser = IntentParser()
    terminal = TerminalChat(
        Assistant(parser, targeted_min_postings=0), identity("ann"), write=lambda _: None
    )
    tg = TelegramAdapter(
        Assistant(parser, targeted_min_postings=0),
        TELEGRAM_TOKEN,
        base_url=telegram.base_url,
        poll_timeout=1,
    )
    dc = DiscordAdapter(
        Assistant(parser, targeted_min_postings=0),
        DISCORD_TOKEN,
        api_base_url=fake_discord.api_base,
        gateway_url=fake_discord.gateway_url,
    )
    fake_discord.add_user("700000000000000042", "ann")
    await tg.start()
    await dc.start(ready_within=15)
    try:
        for n, line in enumerate(CONVERSATION, start=1):
            expected = plain(await terminal.reply_to(line))
            since = len(telegram.sent)
            telegram.send_text(42, line)
            # The reply is the first message: text, or a chart with the answer as caption.
            tg_reply = (await telegram.wait_for_sent(1, chat_id=42, since=since))[0]
            fake_discord.dm_message("700000000000000042", line)
            dm = fake_discord.dm_channel_id("700000000000000042")
            dc_reply = (await fake_discord.wait_for_messages(n, channel_id=dm))[-1]
            if n == 1:
                continue
            tg_text = from_html(tg_reply.text or "")
            dc_text = from_markdown("\n".join(str(e.get("description")) for e in dc_reply.embeds))
            assert expected.startswith(tg_text), line  # long lists come a page at a time
            assert dc_text == expected, line
    finally:
        await tg.stop()
        await dc.stop()
