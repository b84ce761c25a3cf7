"""Admin commands exist only for the configured accounts; a broadcast needs a confirmation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from core.collection.models import CollectionRequest
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from tests.factories import identity, subscriber
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

DB = AsyncDatabase[dict[str, object]]
ADMIN = identity("1", "telegram")
MALLORY = identity("666", "telegram")


@pytest.fixture
async def bot(db: DB, parser: IntentParser) -> AsyncIterator[tuple[Assistant, FakeTelegram]]:
    assistant = Assistant(parser, admins=frozenset({ADMIN.key}))
    async with FakeTelegram() as fake:
        adapter = TelegramAdapter(assistant, DEFAULT_TOKEN, base_url=fake.base_url)
        await adapter.open_for_sending()
        assistant.senders = {"telegram": adapter}
        try:
            yield assistant, fake
        finally:
            await adapter.close_for_sending()


@pytest.mark.parametrize("args", ["stats", "collect data engineer", "broadcast hi all", ""])
async def test_to_anyone_else_admin_commands_do_not_exist(
    bot: tuple[Assistant, FakeTelegram], args: str
) -> None:
    assistant, _ = bot
    refused = await assistant.handle_command(MALLORY, "admin", args)
    unknown = await assistant.handle_command(MALLORY, "frobnicate", args)
    assert refused.kind == unknown.kind == "unknown"
    assert await CollectionRequest.count() == 0


async def test_stats_and_collect_for_an_admin(bot: tuple[Assistant, FakeTelegram]) -> None:
    assistant, _ = bot
    await subscriber("5")
    stats = await assistant.handle_command(ADMIN, "admin", "stats")
    assert stats.kind == "admin_stats" and stats.data["subscribers"] == 1
    collect = await assistant.handle_command(ADMIN, "admin", "collect data engineer in Berlin")
    assert (collect.data["role"], collect.data["location"], collect.data["queued"]) == (
        "Data Engineer",
        "Berlin",
        True,
    )
    assert await CollectionRequest.count() == 1


async def test_a_broadcast_goes_out_only_after_the_admin_confirms(
    bot: tuple[Assistant, FakeTelegram],
) -> None:
    assistant, fake = bot
    for account in ("11", "12"):
        await subscriber(account)
    asked = await assistant.handle_command(ADMIN, "admin", "broadcast New: salary charts!")
    # Everyone reachable: the two subscribers and the admin's own profile.
    assert asked.kind == "admin_broadcast_confirm" and asked.data["recipients"] == 3
    assert not fake.sent
    # A forged confirmation from someone else sends nothing.
    assert (await assistant.handle_button(MALLORY, "broadcast:yes")).kind == "stale_button"
    started = await assistant.handle_button(ADMIN, "broadcast:yes")
    assert started.kind == "admin_broadcast_started"
    # Mallory now has a profile too (pressing made one), so she is reachable as well.
    received = await fake.wait_for_sent(4)
    assert sorted(s.chat_id for s in received) == [1, 11, 12, 666]
    assert all("New: salary charts!" in (s.text or "") for s in received)
    await asyncio.sleep(0.1)
    assert len(fake.sent) == 4
