"""Career Navigator in Discord, on discord.py: slash commands, DMs, buttons and embeds.

Slash commands carry typed arguments (role and skills with autocomplete from the taxonomy),
so they become intents directly; direct messages go through the parser like Telegram text.
Answers that show a person's profile are ephemeral in servers. Replies are embeds within
Discord's limits; buttons send short payloads the core checks against what was offered.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import yarl
from aiolimiter import AsyncLimiter
from discord import app_commands
from discord.gateway import DiscordWebSocket

from adapters.buttons import Button, buttons_for, split_message
from core.conversation.assistant import Assistant
from core.conversation.commands import COMMANDS
from core.conversation.replies import Reply
from core.digests.delivery import Outcome
from core.intents import Intent, IntentName, Level, Slots
from core.places import load_gazetteer
from core.profiles.models import PlatformIdentity
from core.taxonomy import load_taxonomy
from templates import Renderer
from templates.charts import CHART_KINDS, chart_for

log = logging.getLogger(__name__)

PLATFORM = "discord"
BUTTON_PREFIX = "cn:"
# Discord's limits (see shared/reference/chat-platforms.md).
EMBED_DESCRIPTION = 4096
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CHOICES = 25
EXPORT_FILENAME = "career-navigator-data.json"
DISCORD_REQUESTS_PER_SECOND = 45
COLOUR = discord.Colour(0x2E7D32)
TITLES = {
    "gap": "Skill gap",
    "trending": "Trending skills",
    "roadmap": "Learning roadmap",
    "projects": "Project ideas",
    "salary": "Salary",
    "jobs": "Jobs",
    "top_locations": "Where the jobs are",
    "skills": "Your skills",
    "settings": "Your settings",
    "help": "Career Navigator",
}
# Commands whose answers show the person's profile: ephemeral in servers.
PERSONAL_COMMANDS = frozenset(
    {"skills", "gap", "roadmap", "projects", "settings", "forget", "link", "digest", "export"}
)


def identity_of(user: discord.abc.User) -> PlatformIdentity:
    """The platform account behind a Discord user."""
    return PlatformIdentity(
        platform=PLATFORM, external_id=str(user.id), display_name=user.display_name
    )


def _escape(value: Any) -> Any:
    return discord.utils.escape_markdown(value) if isinstance(value, str) else value


def embeds_for(title: str | None, text: str) -> list[list[discord.Embed]]:
    """The text as embeds, grouped into messages that respect every embed limit."""
    pieces = split_message(text, EMBED_DESCRIPTION)
    messages: list[list[discord.Embed]] = [[]]
    used = 0
    for i, piece in enumerate(pieces):
        heading = title if i == 0 else None
        size = len(piece) + len(heading or "")
        current = messages[-1]
        if current and (used + size > EMBED_TOTAL or len(current) >= EMBEDS_PER_MESSAGE):
            messages.append([])
            used = 0
        messages[-1].append(discord.Embed(title=heading, description=piece, colour=COLOUR))
        used += size
    return messages


def view_for(rows: list[list[Button]]) -> discord.ui.View | None:
    """Buttons as a view; presses are handled by the adapter's interaction listener."""
    if not rows:
        return None
    # Presses are handled by the listener, whatever the view's life; the view only expires
    # so that discord.py's store of views does not grow with every message.
    view = discord.ui.View(timeout=600)
    for row_index, row in enumerate(rows):
        for button in row:
            view.add_item(
                discord.ui.Button(
                    label=button.label[:80],
                    custom_id=BUTTON_PREFIX + button.payload,
                    style=discord.ButtonStyle.secondary,
                    row=row_index,
                )
            )
    return view


class _Client(discord.Client):
    def __init__(self, adapter: DiscordAdapter, intents: discord.Intents) -> None:
        # No voice here: without this discord.py warns at every start that voice libraries
        # are missing.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents)
        self.adapter = adapter

    async def setup_hook(self) -> None:
        await self.adapter.sync_commands()

    async def on_ready(self) -> None:
        self.adapter.connected = True
        self.adapter.ready.set()
        log.info("discord: connected as %s", self.user)

    async def on_resumed(self) -> None:
        self.adapter.connected = True

    async def on_disconnect(self) -> None:
        self.adapter.connected = False

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.adapter.on_interaction(interaction)


class DiscordAdapter:
    """One bot account on the gateway, with its slash commands."""

    def __init__(
        self,
        assistant: Assistant,
        token: str,
        *,
        api_base_url: str = "https://discord.com/api/v10",
        gateway_url: str | None = None,
        dev_guild_id: int | None = None,
    ) -> None:
        self.assistant = assistant
        self.token = token
        self.dev_guild_id = dev_guild_id
        # discord.py reads these class attributes for every client: one bot per process.
        discord.http.Route.BASE = api_base_url.rstrip("/")
        if gateway_url:
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        self.renderer = Renderer("discord", escape=_escape)
        self.taxonomy = load_taxonomy()
        self.connected = False
        self.ready = asyncio.Event()
        intents = discord.Intents.default()  # DMs included; no privileged intents needed
        self.client = _Client(self, intents)
        self.tree = app_commands.CommandTree(
            self.client,
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
        )
        self._task: asyncio.Task[None] | None = None
        # discord.py waits out 429s but does not pace itself: stay under 50 requests/s.
        self._pace = AsyncLimiter(DISCORD_REQUESTS_PER_SECOND, 1)
        self._register()

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self, ready_within: float = 60.0) -> None:
        """Log in, sync commands, connect to the gateway and wait until ready."""
        self._task = asyncio.create_task(self.client.start(self.token))
        ready = asyncio.create_task(self.ready.wait())
        done, _ = await asyncio.wait(
            {self._task, ready}, timeout=ready_within, return_when="FIRST_COMPLETED"
        )
        if ready not in done:
            ready.cancel()
            if self._task.done():
                self._task.result()  # raises why it ended (a bad token, ...)
            raise TimeoutError("Discord did not become ready in time")

    async def stop(self) -> None:
        """Close the gateway connection."""
        self.connected = False
        await self.client.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def open_for_sending(self) -> None:
        """Log in to the REST API only (digests from the command line): no gateway."""
        await self.client.login(self.token)

    async def close_for_sending(self) -> None:
        """Undo `open_for_sending`."""
        await self.client.close()

    async def sync_commands(self) -> None:
        """Register the slash commands: on the dev server (instant) or globally."""
        if self.dev_guild_id:
            guild = discord.Object(id=self.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    # -- commands ----------------------------------------------------------------------

    def _register(self) -> None:
        tree, ask = self.tree, self._ask
        role_ac = app_commands.autocomplete(role=self._complete_role)
        location_ac = app_commands.autocomplete(location=self._complete_place)
        levels = [app_commands.Choice(name=v, value=v) for v in ("junior", "mid", "senior")]

        skills = app_commands.Group(name="skills", description=COMMANDS["skills"])

        @skills.command(name="add", description="Add skills to your profile")
        @app_commands.describe(skills="Comma-separated, e.g. Python, SQL, Docker")
        @app_commands.autocomplete(skills=self._complete_skills)
        async def skills_add(interaction: discord.Interaction, skills: str) -> None:
            await ask(
                interaction,
                "skills",
                lambda who: self.assistant.handle_command(who, "skills", f"add {skills}"),
            )

        @skills.command(name="remove", description="Remove skills from your profile")
        @app_commands.describe(skills="Comma-separated")
        @app_commands.autocomplete(skills=self._complete_skills)
        async def skills_remove(interaction: discord.Interaction, skills: str) -> None:
            await ask(
                interaction,
                "skills",
                lambda who: self.assistant.handle_command(who, "skills", f"remove {skills}"),
            )

        @skills.command(name="show", description="Show the skills on your profile")
        async def skills_show(interaction: discord.Interaction) -> None:
            await ask(
                interaction, "skills", lambda who: self.assistant.handle_command(who, "skills")
            )

        tree.add_command(skills)

        def market(name: str, intent: IntentName) -> Callable[..., Awaitable[None]]:
            async def run(
                interaction: discord.Interaction,
                role: str | None = None,
                location: str | None = None,
                level: str | None = None,
            ) -> None:
                await ask(
                    interaction, name, lambda who: self._market(who, intent, role, location, level)
                )

            return run

        @tree.command(name="gap", description=COMMANDS["gap"])
        @app_commands.describe(
            role="Target role (default: your profile's)", location="City, country or Remote"
        )
        @role_ac
        @location_ac
        async def gap(
            interaction: discord.Interaction, role: str | None = None, location: str | None = None
        ) -> None:
            await market("gap", IntentName.SKILL_GAP)(interaction, role, location)

        @tree.command(name="trending", description=COMMANDS["trending"])
        @app_commands.describe(role="A role, or all roles", location="City, country or Remote")
        @role_ac
        @location_ac
        async def trending(
            interaction: discord.Interaction, role: str | None = None, location: str | None = None
        ) -> None:
            await market("trending", IntentName.TRENDING)(interaction, role, location)

        @tree.command(name="roadmap", description=COMMANDS["roadmap"])
        @role_ac
        async def roadmap(interaction: discord.Interaction, role: str | None = None) -> None:
            await market("roadmap", IntentName.ROADMAP)(interaction, role)

        @tree.command(name="projects", description=COMMANDS["projects"])
        @app_commands.choices(level=levels)
        @role_ac
        async def projects(
            interaction: discord.Interaction, role: str | None = None, level: str | None = None
        ) -> None:
            await market("projects", IntentName.PROJECTS)(interaction, role, None, level)

        @tree.command(name="salary", description=COMMANDS["salary"])
        @app_commands.choices(level=levels)
        @role_ac
        @location_ac
        async def salary(
            interaction: discord.Interaction,
            role: str | None = None,
            location: str | None = None,
            level: str | None = None,
        ) -> None:
            await market("salary", IntentName.SALARY)(interaction, role, location, level)

        @tree.command(name="jobs", description=COMMANDS["jobs"])
        @role_ac
        @location_ac
        async def jobs(
            interaction: discord.Interaction, role: str | None = None, location: str | None = None
        ) -> None:
            await market("jobs", IntentName.JOBS)(interaction, role, location)

        @tree.command(name="locations", description=COMMANDS["locations"])
        @role_ac
        async def locations(interaction: discord.Interaction, role: str | None = None) -> None:
            await market("locations", IntentName.TOP_LOCATIONS)(interaction, role)

        digest = app_commands.Group(name="digest", description=COMMANDS["digest"])

        @digest.command(name="on", description="Get a short market digest every day")
        @app_commands.describe(time="Local time, e.g. 08:00 or 8am")
        async def digest_on(interaction: discord.Interaction, time: str | None = None) -> None:
            await ask(
                interaction,
                "digest",
                lambda who: self.assistant.handle_command(who, "digest", time or ""),
            )

        @digest.command(name="off", description="Stop the daily digest")
        async def digest_off(interaction: discord.Interaction) -> None:
            await ask(
                interaction,
                "digest",
                lambda who: self.assistant.handle_command(who, "digest", "off"),
            )

        @digest.command(name="time", description="Change the digest's time")
        @app_commands.describe(time="Local time, e.g. 08:00 or 8am")
        async def digest_time(interaction: discord.Interaction, time: str) -> None:
            await ask(
                interaction,
                "digest",
                lambda who: self.assistant.handle_command(who, "digest", time),
            )

        tree.add_command(digest)

        for name in ("help", "settings", "forget", "export"):
            tree.add_command(self._plain(name))

        @tree.command(name="link", description=COMMANDS["link"])
        @app_commands.describe(code="The code shown on your other platform; empty to get one")
        async def link(interaction: discord.Interaction, code: str | None = None) -> None:
            await ask(
                interaction,
                "link",
                lambda who: self.assistant.handle_command(who, "link", code or ""),
            )

    def _plain(self, name: str) -> app_commands.Command[Any, Any, None]:
        async def run(interaction: discord.Interaction) -> None:
            await self._ask(interaction, name, lambda who: self.assistant.handle_command(who, name))

        return app_commands.Command(name=name, description=COMMANDS[name], callback=run)

    async def _market(
        self,
        who: PlatformIdentity,
        intent: IntentName,
        role: str | None,
        location: str | None,
        level: str | None,
    ) -> Reply:
        slots: dict[str, Any] = {}
        if role:
            found = self.taxonomy.find_role(role)
            if found is None:
                return Reply("unknown_role", {"role": role})
            slots["role"] = found.name
        if location:
            place = load_gazetteer().find(location)
            if place is None:
                return Reply("unknown_place", {"location": location})
            slots["location"] = place.name
        if level in ("junior", "mid", "senior"):
            level_value: Level = level  # type: ignore[assignment]
            slots["level"] = level_value
        return await self.assistant.handle_intent(who, Intent(intent, 1.0, Slots(**slots)))

    async def _complete_role(
        self, _: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=n, value=n)
            for n in self._matching(self.taxonomy.roles, current)
        ]

    async def _complete_place(
        self, _: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        place = load_gazetteer().find(current) if current.strip() else None
        names = [place.name] if place else []
        names += [
            n
            for n in ("Remote", "United States", "United Kingdom", "Germany", "India")
            if n not in names
        ]
        wanted = current.strip().lower()
        return [
            app_commands.Choice(name=n, value=n)
            for n in names
            if not wanted or wanted in n.lower() or n in names[:1]
        ][:CHOICES]

    async def _complete_skills(
        self, _: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Completes the last of a comma-separated list, keeping what came before.
        done, _comma, last = current.rpartition(",")
        prefix = f"{done}, " if done else ""
        names = self._matching(self.taxonomy.skills, last)
        return [
            app_commands.Choice(name=(prefix + n)[:100], value=(prefix + n)[:100]) for n in names
        ]

    def _matching(self, catalogue: dict[str, Any], current: str) -> list[str]:
        wanted = current.strip().lower()
        if not wanted:
            return list(catalogue)[:CHOICES]
        starts = [n for n in catalogue if n.lower().startswith(wanted)]
        contains = [n for n in catalogue if wanted in n.lower() and n not in starts]
        return (starts + contains)[:CHOICES]

    # -- answering ---------------------------------------------------------------------

    async def _ask(
        self,
        interaction: discord.Interaction,
        command: str,
        answer: Callable[[PlatformIdentity], Awaitable[Reply]],
    ) -> None:
        private = interaction.guild is not None and command in PERSONAL_COMMANDS
        # Answers read the market; deferring first keeps Discord's 3-second window safe.
        await interaction.response.defer(ephemeral=private, thinking=True)
        reply = await self._safely(answer(identity_of(interaction.user)))
        await self._follow_up(interaction, reply, ephemeral=private)

    async def _safely(self, answer: Awaitable[Reply]) -> Reply:
        try:
            return await answer
        except Exception:
            log.exception("discord: answering failed")
            return Reply("error")

    def _render(self, reply: Reply, name: str | None) -> str:
        text = self.renderer.render(reply.kind, {"name": name, **reply.data})
        return text or self.renderer.render("unknown", {})  # never an empty embed

    async def _follow_up(
        self, interaction: discord.Interaction, reply: Reply, *, ephemeral: bool
    ) -> None:
        if reply.kind == "silent":
            # A deferred interaction must be answered; the notice again, only to them.
            reply, ephemeral = (
                Reply("slow_down", {"per_minute": self.assistant.limit.per_minute}),
                True,
            )
        for embeds, extra in await self._parts(reply, interaction.user.display_name):
            await interaction.followup.send(embeds=embeds, ephemeral=ephemeral, **extra)

    async def _parts(
        self, reply: Reply, name: str | None
    ) -> list[tuple[list[discord.Embed], dict[str, Any]]]:
        """A reply as messages: embeds within limits; buttons and a file on the last one."""
        messages = embeds_for(TITLES.get(reply.kind), self._render(reply, name))
        last: dict[str, Any] = {}
        view = view_for(buttons_for(reply))
        if view is not None:
            last["view"] = view
        chart = await self._chart(reply)
        if chart is not None:
            messages[-1][-1].set_image(url="attachment://chart.png")
            last["file"] = discord.File(io.BytesIO(chart), filename="chart.png")
        if reply.kind == "export":
            data = io.BytesIO(reply.data["json"].encode())
            last["file"] = discord.File(data, filename=EXPORT_FILENAME)
        return [
            (embeds, last if i == len(messages) - 1 else {}) for i, embeds in enumerate(messages)
        ]

    async def _chart(self, reply: Reply) -> bytes | None:
        if reply.kind not in CHART_KINDS:
            return None
        return await chart_for(reply.kind, reply.data)

    async def send(
        self, channel: discord.abc.Messageable, reply: Reply, name: str | None = None
    ) -> None:
        """Send a reply to a channel (a DM): embeds, buttons, chart."""
        if reply.kind == "silent":
            return
        for embeds, extra in await self._parts(reply, name):
            await channel.send(embeds=embeds, **extra)

    async def send_digest(self, external_id: str, reply: Reply) -> Outcome:
        """Deliver a digest by DM, paced under Discord's global rate limit."""
        try:
            async with self._pace:
                channel = await self.client.create_dm(discord.Object(id=int(external_id)))
            async with self._pace:
                await self.send(channel, reply)
        except (discord.Forbidden, discord.NotFound):
            # 50007: DMs closed or no shared server; the person cannot be reached.
            return "unreachable"
        except discord.HTTPException as exc:
            if exc.status >= 500:
                return "retry"
            raise
        return "sent"

    async def on_message(self, message: discord.Message) -> None:
        """Direct messages are read like any text; server messages are left alone."""
        if message.guild is not None or message.author.bot or not message.content:
            return
        who = identity_of(message.author)
        if message.content.startswith("/"):
            # A command typed as text (admin commands are not in the slash menu).
            command, _, args = message.content[1:].partition(" ")
            answer = self.assistant.handle_command(who, command, args.strip())
        else:
            answer = self.assistant.handle_text(who, message.content, confirm_skills=True)
        reply = await self._safely(answer)
        await self.send(message.channel, reply, message.author.display_name)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Button presses: the payload goes to the core for the person who pressed."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(BUTTON_PREFIX):
            return
        private = interaction.guild is not None
        await interaction.response.defer(ephemeral=private, thinking=True)
        payload = custom_id.removeprefix(BUTTON_PREFIX)
        reply = await self._safely(
            self.assistant.handle_button(identity_of(interaction.user), payload)
        )
        await self._follow_up(interaction, reply, ephemeral=private)
