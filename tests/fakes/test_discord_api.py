"""The Discord fake lets the real discord.py client log in, sync, answer, fail and reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakes.discord_api import (
    APPLICATION_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_TOKEN,
    FakeDiscord,
    pointed_at,
)

TOKEN = DEFAULT_TOKEN
USER = "100000000000000001"
GUILD = DEFAULT_GUILD_ID
# More matches than Discord allows in one autocomplete answer, so the bot must cut the list.
ROLE_TITLES = [
    f"{level} Engineer {n}" for level in ("Junior", "Senior", "Staff") for n in range(10)
]
ROLE_TITLES += ["Data Analyst", "Product Manager"]
COMMAND_NAMES = {"echo", "skills", "role", "report", "quiz"}


class QuizView(discord.ui.View):
    """One button whose press the bot records and answers by editing the message."""

    def __init__(self, bot: CareerBot) -> None:
        super().__init__(timeout=30)
        self.bot = bot

    @discord.ui.button(label="Yes", custom_id="quiz:yes", style=discord.ButtonStyle.success)
    async def yes(
        self, interaction: discord.Interaction[CareerBot], button: discord.ui.Button[QuizView]
    ) -> None:
        """Record who pressed and replace the question with a thank-you."""
        self.bot.presses.append(str(interaction.user.id))
        await interaction.response.edit_message(content="Thanks for answering!", view=None)


class CareerBot(discord.Client):
    """A small bot with each Discord feature the production adapter relies on."""

    def __init__(self, *, sync_guild: str | None = GUILD) -> None:
        """Sync the commands to ``sync_guild``, or globally when it is None."""
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.sync_guild = sync_guild
        self.ready_event = asyncio.Event()
        self.seen_skills: list[dict[str, Any]] = []
        self.presses: list[str] = []
        self.dms: list[str] = []
        self._add_commands()

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Repeat some text")
        @app_commands.describe(text="What to repeat", private="Only you see the answer")
        async def echo(
            interaction: discord.Interaction[CareerBot], text: str, private: bool = False
        ) -> None:
            await interaction.response.send_message(text, ephemeral=private)

        skills = app_commands.Group(name="skills", description="Your skills")

        @skills.command(name="add", description="Add a skill")
        async def skills_add(
            interaction: discord.Interaction[CareerBot],
            name: str,
            level: int,
            primary: bool = False,
        ) -> None:
            self.seen_skills.append({"name": name, "level": level, "primary": primary})
            await interaction.response.send_message(f"Added {name} at level {level}")

        @skills.command(name="show", description="Show your skills")
        async def skills_show(interaction: discord.Interaction[CareerBot]) -> None:
            await interaction.response.send_message("No skills yet", ephemeral=True)

        tree.add_command(skills)

        @tree.command(description="Look up a role")
        async def role(interaction: discord.Interaction[CareerBot], title: str) -> None:
            await interaction.response.send_message(f"Role: {title}")

        @role.autocomplete("title")
        async def role_titles(
            interaction: discord.Interaction[CareerBot], current: str
        ) -> list[app_commands.Choice[str]]:
            matches = [title for title in ROLE_TITLES if current.lower() in title.lower()]
            return [app_commands.Choice(name=title, value=title) for title in matches[:25]]

        @tree.command(description="Build a market report")
        async def report(
            interaction: discord.Interaction[CareerBot], topic: str, edit: bool = False
        ) -> None:
            await interaction.response.defer(thinking=True)
            # Long enough that a bot answering within 3 s would have needed the deferral.
            await asyncio.sleep(0.05)
            embed = discord.Embed(title=f"Demand for {topic}", description="Rising")
            if edit:
                await interaction.edit_original_response(content="Report ready", embed=embed)
            else:
                await interaction.followup.send("Report ready", embed=embed)

        @tree.command(description="Answer a quick question")
        async def quiz(interaction: discord.Interaction[CareerBot]) -> None:
            await interaction.response.send_message("Do you like Python?", view=QuizView(self))

    async def setup_hook(self) -> None:
        """Sync the command tree before the gateway connects, as the adapter will."""
        if self.sync_guild is None:
            await self.tree.sync()
            return
        guild = discord.Object(id=int(self.sync_guild))
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Re-identify at once: discord.py's default waits 5 s before every IDENTIFY but the
        first, to respect Discord's identify rate limit, which the fake does not enforce."""

    async def on_ready(self) -> None:
        """Let the test know the session is up."""
        self.ready_event.set()

    async def on_message(self, message: discord.Message) -> None:
        """Answer DMs; ignore guild messages and the bot's own messages echoed back."""
        if message.guild is not None or message.author == self.user:
            return
        self.dms.append(message.content)
        await message.channel.send(f"You said: {message.content}")


@contextlib.asynccontextmanager
async def running(bot: CareerBot) -> AsyncIterator[CareerBot]:
    """Start ``bot`` against the fake, yield once it is ready, close it afterwards."""
    task = asyncio.create_task(bot.start(TOKEN))
    ready = asyncio.create_task(bot.ready_event.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()
            raise AssertionError("the bot stopped before it was ready")
        if ready not in done:
            raise TimeoutError("the bot was not ready within 5 s")
        yield bot
    finally:
        ready.cancel()
        await bot.close()
        await asyncio.wait_for(task, timeout=5)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A running fake that discord.py is pointed at."""
    async with FakeDiscord() as server:
        with pointed_at(server):
            yield server


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[CareerBot]:
    """A ready bot whose commands are synced to the test guild."""
    async with running(CareerBot(sync_guild=GUILD)) as client:
        yield client


@pytest.fixture
async def global_bot(fake: FakeDiscord) -> AsyncIterator[CareerBot]:
    """A ready bot whose commands are synced globally, so they also work in DMs."""
    async with running(CareerBot(sync_guild=None)) as client:
        yield client


async def test_commands_sync_to_the_configured_guild(fake: FakeDiscord, bot: CareerBot) -> None:
    registered = fake.guild_commands[GUILD]
    assert {command["name"] for command in registered} == COMMAND_NAMES
    assert all(command["application_id"] == APPLICATION_ID for command in registered)
    assert all(command["guild_id"] == GUILD for command in registered)
    assert fake.global_commands == []
    fetched = await bot.tree.fetch_commands(guild=discord.Object(id=int(GUILD)))
    assert {command.name for command in fetched} == COMMAND_NAMES
    assert {str(command.id) for command in fetched} == {c["id"] for c in registered}


async def test_commands_sync_globally_without_a_guild(
    fake: FakeDiscord, global_bot: CareerBot
) -> None:
    assert {command["name"] for command in fake.global_commands} == COMMAND_NAMES
    assert fake.guild_commands == {}
    skills = next(c for c in fake.global_commands if c["name"] == "skills")
    assert [(o["name"], o["type"]) for o in skills["options"]] == [("add", 1), ("show", 1)]


async def test_gateway_session_identifies_with_the_client_intents(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    assert fake.identifies == 1
    assert fake.intents == discord.Intents.default().value
    assert [g.id for g in bot.guilds] == [int(GUILD)]


@pytest.mark.parametrize("private", [True, False])
async def test_slash_command_reply_is_ephemeral_only_when_asked(
    fake: FakeDiscord, bot: CareerBot, private: bool
) -> None:
    interaction_id = fake.slash(
        "echo", {"text": "hello", "private": private}, user_id=USER, guild_id=GUILD
    )
    reply = await fake.wait_for_reply(interaction_id, timeout=5)
    assert reply.content == "hello"
    assert reply.ephemeral is private
    assert reply.origin == "callback"
    assert fake.responses[interaction_id].type == 4


async def test_subcommand_options_arrive_typed(fake: FakeDiscord, bot: CareerBot) -> None:
    # Strings on purpose: the fake types them from the registered option types.
    interaction_id = fake.slash(
        "skills",
        {"name": "python", "level": "3", "primary": "true"},
        user_id=USER,
        guild_id=GUILD,
        subcommand="add",
    )
    reply = await fake.wait_for_reply(interaction_id, timeout=5)
    assert reply.content == "Added python at level 3"
    assert bot.seen_skills == [{"name": "python", "level": 3, "primary": True}]
    assert type(bot.seen_skills[0]["level"]) is int
    option = fake.interactions[interaction_id]["data"]["options"][0]
    assert (option["type"], option["name"]) == (1, "add")


async def test_unknown_options_are_refused_by_the_fake(fake: FakeDiscord, bot: CareerBot) -> None:
    with pytest.raises(ValueError, match="unknown option"):
        fake.slash("echo", {"txt": "typo"}, user_id=USER, guild_id=GUILD)
    with pytest.raises(ValueError, match="missing required"):
        fake.slash("skills", {"name": "go"}, user_id=USER, guild_id=GUILD, subcommand="add")


async def test_autocomplete_returns_at_most_25_matching_choices(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    interaction_id = fake.autocomplete("role", "title", "engineer", user_id=USER, guild_id=GUILD)
    choices = await fake.wait_for_autocomplete(interaction_id, timeout=5)
    assert len(choices) == 25
    assert all("Engineer" in choice["name"] for choice in choices)
    focused = fake.interactions[interaction_id]["data"]["options"][0]
    assert focused == {"name": "title", "type": 3, "value": "engineer", "focused": True}


@pytest.mark.parametrize(("edit", "origin"), [(False, "followup"), (True, "edit")])
async def test_deferred_answer_arrives_after_the_deferral(
    fake: FakeDiscord, bot: CareerBot, edit: bool, origin: str
) -> None:
    interaction_id = fake.slash(
        "report", {"topic": "rust", "edit": edit}, user_id=USER, guild_id=GUILD
    )
    reply = await fake.wait_for_reply(interaction_id, timeout=5)
    assert fake.responses[interaction_id].type == 5
    assert reply.origin == origin
    assert reply.content == "Report ready"
    assert reply.embeds[0]["title"] == "Demand for rust"
    assert not reply.flags & 128, "the thinking placeholder must be replaced"


async def test_button_press_reaches_the_view_callback(fake: FakeDiscord, bot: CareerBot) -> None:
    question = await fake.wait_for_reply(
        fake.slash("quiz", {}, user_id=USER, guild_id=GUILD), timeout=5
    )
    assert question.components[0]["components"][0]["custom_id"] == "quiz:yes"

    press = fake.button("quiz:yes", user_id=USER, message_id=question.id)
    updated = await fake.wait_for_reply(press, timeout=5)
    assert bot.presses == [USER]
    assert fake.responses[press].type == 7
    assert updated.id == question.id
    assert updated.content == "Thanks for answering!"
    assert updated.components == []


async def test_dm_message_reaches_on_message_and_the_reply_is_recorded(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    fake.dm_message(USER, "hello")
    sent = await fake.wait_for_messages(1, channel_id=fake.dm_channel_id(USER), timeout=5)
    assert sent[0].content == "You said: hello"
    assert bot.dms == ["hello"]
    # The reply is echoed back to the bot as on Discord; on_message must not answer itself.
    await asyncio.sleep(0.1)
    assert len(fake.messages) == 1


async def test_slash_command_in_a_dm_uses_the_global_command(
    fake: FakeDiscord, global_bot: CareerBot
) -> None:
    interaction_id = fake.slash("echo", {"text": "from a DM"}, user_id=USER)
    reply = await fake.wait_for_reply(interaction_id, timeout=5)
    assert reply.content == "from a DM"
    assert reply.channel_id == fake.dm_channel_id(USER)
    assert fake.interactions[interaction_id]["context"] == 1


async def test_guild_only_commands_cannot_be_used_in_dms(fake: FakeDiscord, bot: CareerBot) -> None:
    with pytest.raises(ValueError, match="only for other guilds"):
        fake.slash("echo", {"text": "hi"}, user_id=USER)


async def test_closed_dms_raise_forbidden_with_code_50007(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    fake.close_dms(USER)
    user = await bot.fetch_user(int(USER))
    with pytest.raises(discord.Forbidden) as raised:
        await user.send("Your daily digest")
    assert raised.value.code == 50007
    assert USER in fake.dm_channels, "opening the DM channel still works"
    assert fake.messages == []


async def test_message_to_an_unknown_channel_is_not_found(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    # A classic slip: sending to the user id instead of the DM channel id.
    channel = bot.get_partial_messageable(int(USER))
    with pytest.raises(discord.NotFound) as raised:
        await channel.send("hi")
    assert raised.value.code == 10003


async def test_429_with_via_is_retried_by_discord_py_and_succeeds(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    fake.fail_next("POST /channels/", status=429, retry_after=0.1)
    user = await bot.fetch_user(int(USER))
    message = await user.send("Your daily digest")
    assert [m.content for m in fake.messages] == ["Your daily digest"]
    assert str(message.id) == fake.messages[0].id
    sends = [r for r in fake.requests if r.method == "POST" and r.path.startswith("/channels/")]
    assert len(sends) == 2


async def test_429_without_via_is_raised_as_a_cloudflare_ban(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    fake.fail_next("POST /channels/", status=429, via=False)
    user = await bot.fetch_user(int(USER))
    with pytest.raises(discord.HTTPException) as raised:
        await user.send("Your daily digest")
    assert raised.value.status == 429
    assert fake.messages == []


async def test_overall_rate_limit_answers_429_and_discord_py_waits_it_out(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    fake.rate_limit(20)
    channel = await (await bot.fetch_user(int(USER))).create_dm()
    for n in range(25):
        await channel.send(f"digest {n}")
    assert len(fake.messages) == 25
    assert fake.rate_limited >= 1


async def test_too_long_content_is_rejected_with_http_exception_50035(
    fake: FakeDiscord, bot: CareerBot
) -> None:
    user = await bot.fetch_user(int(USER))
    with pytest.raises(discord.HTTPException) as raised:
        await user.send("x" * 2001)
    assert (raised.value.status, raised.value.code) == (400, 50035)
    assert "content" in raised.value.text
    with pytest.raises(discord.HTTPException) as raised:
        await user.send(embed=discord.Embed(title="t" * 257))
    assert raised.value.code == 50035
    assert "embeds.0.title" in raised.value.text
    assert fake.messages == []


async def test_files_are_recorded_with_their_bytes(fake: FakeDiscord, bot: CareerBot) -> None:
    user = await bot.fetch_user(int(USER))
    upload = discord.File(io.BytesIO(b"skill,demand\npython,42\n"), filename="skills.csv")
    message = await user.send("Your export", file=upload)
    recorded = fake.messages[0]
    assert recorded.payload["content"] == "Your export"
    assert [(f.filename, f.content) for f in recorded.files] == [
        ("skills.csv", b"skill,demand\npython,42\n")
    ]
    assert [a.filename for a in message.attachments] == ["skills.csv"]


@pytest.mark.parametrize(("resumable", "identifies", "resumes"), [(True, 1, 1), (False, 2, 0)])
async def test_dropped_connection_reconnects_and_the_bot_keeps_answering(
    fake: FakeDiscord, bot: CareerBot, resumable: bool, identifies: int, resumes: int
) -> None:
    bot.ready_event.clear()
    await fake.drop_connection(resumable=resumable)
    # Injected while disconnected: the fake holds it until the bot is back.
    interaction_id = fake.slash("echo", {"text": "still here?"}, user_id=USER, guild_id=GUILD)
    await fake.wait_for_gateway(handshakes=2, timeout=5)
    reply = await fake.wait_for_reply(interaction_id, timeout=5)
    assert reply.content == "still here?"
    assert (fake.identifies, fake.resumes) == (identifies, resumes)
    if not resumable:
        # A new session fires on_ready again; closing the bot before that would race it.
        await asyncio.wait_for(bot.ready_event.wait(), timeout=5)


async def test_latency_delays_rest_answers(fake: FakeDiscord, bot: CareerBot) -> None:
    user = await bot.fetch_user(int(USER))
    fake.latency(0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await user.send("slow network")
    # Two requests: opening the DM channel, then the message.
    assert loop.time() - started >= 0.4
    assert len(fake.messages) == 1


async def test_wrong_token_fails_login(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()


async def test_second_callback_is_rejected_with_code_40060(fake: FakeDiscord) -> None:
    interaction_id = fake.slash("echo", {"text": "hi"}, user_id=USER, guild_id=GUILD)
    token = fake.interactions[interaction_id]["token"]
    url = f"{fake.api_base}/interactions/{interaction_id}/{token}/callback"
    answer = {"type": 4, "data": {"content": "hi"}}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=answer) as first:
            assert first.status == 200
        async with http.post(url, json=answer) as second:
            assert second.status == 400
            assert (await second.json())["code"] == 40060
    assert fake.responses[interaction_id].data == {"content": "hi"}


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ({"name": "Echo", "description": "Repeat"}, "name"),
        ({"name": "x" * 33, "description": "Repeat"}, "name"),
        ({"name": "echo", "description": ""}, "description"),
        ({"name": "echo", "description": "d" * 101}, "description"),
    ],
)
async def test_invalid_command_definitions_are_rejected_with_50035(
    fake: FakeDiscord, command: dict[str, Any], field: str
) -> None:
    url = f"{fake.api_base}/applications/{APPLICATION_ID}/commands"
    headers = {"Authorization": f"Bot {TOKEN}"}
    async with aiohttp.ClientSession() as http, http.put(url, json=[command], headers=headers) as r:
        body = await r.json()
    assert r.status == 400
    assert body["code"] == 50035
    assert field in body["errors"]["0"]
    assert fake.global_commands == []


async def test_follow_up_before_acknowledgement_is_an_unknown_webhook(fake: FakeDiscord) -> None:
    interaction_id = fake.slash("echo", {"text": "hi"}, user_id=USER, guild_id=GUILD)
    token = fake.interactions[interaction_id]["token"]
    url = f"{fake.api_base}/webhooks/{APPLICATION_ID}/{token}?wait=true"
    async with aiohttp.ClientSession() as http, http.post(url, json={"content": "x"}) as r:
        assert r.status == 404
        assert (await r.json())["code"] == 10015


async def test_reset_forgets_records_but_keeps_commands(fake: FakeDiscord, bot: CareerBot) -> None:
    fake.close_dms(USER)
    await fake.wait_for_reply(
        fake.slash("echo", {"text": "hi"}, user_id=USER, guild_id=GUILD), timeout=5
    )
    fake.reset()
    assert fake.responses == {}
    assert fake.requests == []
    assert {c["name"] for c in fake.guild_commands[GUILD]} == COMMAND_NAMES
    user = await bot.fetch_user(int(USER))
    await user.send("DMs are open again")
    assert len(fake.messages) == 1


async def test_callback_after_the_deadline_is_an_unknown_interaction() -> None:
    async with FakeDiscord(interaction_deadline=0.05) as fake:
        interaction_id = fake.slash("echo", {"text": "hi"}, user_id=USER, guild_id=GUILD)
        token = fake.interactions[interaction_id]["token"]
        url = f"{fake.api_base}/interactions/{interaction_id}/{token}/callback"
        await asyncio.sleep(0.1)
        async with aiohttp.ClientSession() as http, http.post(url, json={"type": 5}) as r:
            assert r.status == 404
            assert (await r.json())["code"] == 10062
        assert fake.responses == {}
        assert [(x.status, x.body["code"]) for x in fake.rejections] == [(404, 10062)]
