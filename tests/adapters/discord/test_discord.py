"""The Discord adapter end to end: the real discord.py client against a fake API and gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
from discord.gateway import DiscordWebSocket
from pymongo.asynchronous.database import AsyncDatabase

from adapters.discord import DiscordAdapter
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import User
from tests.factories import data_engineer_market
from tests.fakes.discord_api import DEFAULT_GUILD_ID, DEFAULT_TOKEN, FakeDiscord, SentMessage

DB = AsyncDatabase[dict[str, object]]
ANN = "700000000000000042"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeDiscord() as server:
        server.add_user(ANN, "ann")
        yield server
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def started(fake: FakeDiscord, parser: IntentParser, **kw: int) -> DiscordAdapter:
    bot = DiscordAdapter(
        Assistant(parser),
        DEFAULT_TOKEN,
        api_base_url=fake.api_base,
        gateway_url=fake.gateway_url,
        **kw,
    )
    await bot.start(ready_within=15)
    return bot


@pytest.fixture
async def adapter(db: DB, fake: FakeDiscord, parser: IntentParser) -> AsyncIterator[DiscordAdapter]:
    bot = await started(fake, parser)
    try:
        yield bot
    finally:
        await bot.stop()


def text_of(message: SentMessage) -> str:
    return "\n".join(str(e.get("description") or "") for e in message.embeds)


def custom_ids(message: SentMessage) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


async def test_slash_commands_are_synced_globally_with_typed_options(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    names = {c["name"] for c in fake.global_commands}
    assert {"skills", "gap", "trending", "roadmap", "projects", "salary", "jobs"} <= names
    assert {"locations", "digest", "settings", "forget", "link", "help"} <= names
    skills = next(c for c in fake.global_commands if c["name"] == "skills")
    assert {o["name"] for o in skills["options"]} == {"add", "remove", "show"}


async def test_commands_sync_to_the_dev_guild_when_one_is_set(
    db: DB, fake: FakeDiscord, parser: IntentParser
) -> None:
    bot = await started(fake, parser, dev_guild_id=int(DEFAULT_GUILD_ID))
    try:
        assert "gap" in {c["name"] for c in fake.guild_commands[DEFAULT_GUILD_ID]}
    finally:
        await bot.stop()


async def test_a_gap_command_answers_with_an_embed_and_its_chart(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    await data_engineer_market()
    reply = await fake.wait_for_reply(fake.slash("gap", {"role": "Data Engineer"}, user_id=ANN))
    assert reply.embeds[0]["title"] == "Skill gap"
    assert "Skill gap for Data Engineer" in text_of(reply)
    assert reply.files and reply.files[0].content.startswith(b"\x89PNG")


async def test_personal_answers_are_ephemeral_in_a_server(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    asked = fake.slash(
        "skills",
        {"skills": "Python, k8s"},
        user_id=ANN,
        guild_id=DEFAULT_GUILD_ID,
        subcommand="add",
    )
    reply = await fake.wait_for_reply(asked)
    assert reply.ephemeral and "Added Python and Kubernetes." in text_of(reply)
    public = await fake.wait_for_reply(
        fake.slash("trending", {}, user_id=ANN, guild_id=DEFAULT_GUILD_ID)
    )
    assert not public.ephemeral


async def test_role_autocomplete_suggests_catalogue_roles(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    choices = await fake.wait_for_autocomplete(
        fake.autocomplete("gap", "role", "data e", user_id=ANN)
    )
    assert [c["value"] for c in choices][:1] == ["Data Engineer"]
    skills = await fake.wait_for_autocomplete(
        fake.autocomplete("skills", "skills", "Python, dock", user_id=ANN, subcommand="add")
    )
    assert "Python, Docker" in [c["value"] for c in skills]


async def test_an_unknown_role_gets_a_friendly_answer(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    reply = await fake.wait_for_reply(fake.slash("salary", {"role": "wizard"}, user_id=ANN))
    assert "I don't know the role “wizard”" in text_of(reply)


async def test_direct_messages_are_understood_and_buttons_confirm_skills(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    fake.dm_message(ANN, "I know Python and Docker")
    (question,) = await fake.wait_for_messages(1, channel_id=fake.dm_channel_id(ANN))
    assert custom_ids(question) == ["cn:skills:yes", "cn:skills:no"]
    pressed = fake.button("cn:skills:yes", user_id=ANN, message_id=question.id)
    added = await fake.wait_for_reply(pressed)
    assert "Added Python and Docker." in text_of(added)
    (user,) = await User.find_all().to_list()
    assert user.skill_names() == ["Python", "Docker"]


async def test_the_bot_keeps_answering_after_the_gateway_drops(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    await fake.drop_connection()
    await fake.wait_for_gateway(handshakes=2)
    reply = await fake.wait_for_reply(fake.slash("help", {}, user_id=ANN))
    assert "What I can do" in text_of(reply)
