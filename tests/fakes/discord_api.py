"""A local fake of Discord's REST API and gateway (see /work/shared/reference/chat-platforms.md §2).

The real discord.py client runs against it unchanged once ``discord.http.Route.BASE`` and
``DiscordWebSocket.DEFAULT_GATEWAY`` point here (``pointed_at``). The fake logs the bot in,
speaks enough of the gateway (HELLO, IDENTIFY, heartbeats, READY, GUILD_CREATE, RESUME) to keep
a session alive, lets tests inject slash commands, autocomplete, button presses and DMs, and
records what the bot answers: interaction callbacks, follow-ups, channel messages and DMs.

It validates like Discord where mistakes would otherwise only surface in production (message and
embed limits, command names, double acknowledgement, closed DMs, unknown channels) and can be
told to misbehave (queued faults, a global rate limit, latency, a dropped gateway connection).
"""

# The wait_for_* helpers take a timeout argument so each wait in a test reads as one call.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal, TypeVar

import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, WSMsgType, hdrs, web

BOT_USER_ID = "900000000000000001"
APPLICATION_ID = "900000000000000002"
DEFAULT_TOKEN = "fake-discord-token"
DEFAULT_GUILD_ID = "800000000000000001"
DEFAULT_CHANNEL_ID = "800000000000000010"
API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gw"

# Gateway opcodes (topics/opcodes-and-status-codes.mdx).
OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_RESUME = 6
OP_REQUEST_GUILD_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11

# Gateway intents that decide whether message events reach the bot at all.
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12

# Interaction types and callback types (interactions/receiving-and-responding.mdx).
INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_MESSAGE_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
CALLBACK_CHANNEL_MESSAGE = 4
CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE_MESSAGE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE_RESULT = 8
CALLBACK_MODAL = 9

# Which callbacks Discord accepts for which interaction type.
_ALLOWED_CALLBACKS = {
    INTERACTION_APPLICATION_COMMAND: {
        CALLBACK_CHANNEL_MESSAGE,
        CALLBACK_DEFERRED_CHANNEL_MESSAGE,
        CALLBACK_MODAL,
    },
    INTERACTION_MESSAGE_COMPONENT: {
        CALLBACK_CHANNEL_MESSAGE,
        CALLBACK_DEFERRED_CHANNEL_MESSAGE,
        CALLBACK_DEFERRED_UPDATE_MESSAGE,
        CALLBACK_UPDATE_MESSAGE,
        CALLBACK_MODAL,
    },
    INTERACTION_AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE_RESULT},
}

# Application command option types (interactions/application-commands.mdx).
OPTION_SUB_COMMAND = 1
OPTION_SUB_COMMAND_GROUP = 2
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_USER = 6
OPTION_NUMBER = 10

# Interaction contexts.
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

# MessageType values Discord gives to what a bot sends.
MESSAGE_DEFAULT = 0
MESSAGE_REPLY = 19
MESSAGE_CHAT_INPUT_COMMAND = 20

# What an ordinary member may do in a text channel: view, send, embed, attach, read history,
# react, external emoji and use application commands.
MEMBER_PERMISSIONS = str(
    (1 << 6) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 18) | (1 << 31)
)

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_CHOICES = 25
MAX_OPTIONS = 25
MAX_COMMANDS = 100
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Discord's name rule is "^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$"; \w is close enough.
_COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")

_DISCORD_EPOCH_MS = 1_420_070_400_000

JSON = dict[str, Any]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_T = TypeVar("_T")


@dataclass(frozen=True)
class FakeGuild:
    """A guild the bot is a member of; READY is followed by one GUILD_CREATE per guild."""

    id: str = DEFAULT_GUILD_ID
    name: str = "Career Lab"
    channel_ids: tuple[str, ...] = (DEFAULT_CHANNEL_ID,)
    owner_id: str = "800000000000000099"


@dataclass(frozen=True)
class SentFile:
    """One file uploaded with a message (multipart ``files[n]`` part)."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class SentMessage:
    """A message the bot created or edited, as the fake recorded and answered it.

    ``payload`` is what the bot sent (the JSON body, or ``payload_json`` of a multipart request;
    for callbacks, the callback's ``data``); ``data`` is the Message object the fake holds.
    ``origin`` tells where it came from: a channel message, an interaction callback, a
    follow-up webhook, or an edit of an existing message.
    """

    id: str
    channel_id: str
    payload: JSON
    data: JSON
    origin: Literal["channel", "callback", "followup", "edit"]
    files: list[SentFile] = field(default_factory=list)
    interaction_id: str | None = None

    @property
    def content(self) -> str:
        """The text of the message as Discord stores it ("" when none)."""
        return str(self.data.get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        """The embeds, as dicts."""
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        """The component rows, as dicts."""
        return list(self.data.get("components") or [])

    @property
    def flags(self) -> int:
        """The message flags."""
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """Whether only the invoking user can see the message."""
        return bool(self.flags & FLAG_EPHEMERAL)


@dataclass
class InteractionCallback:
    """The one callback an interaction accepts (``POST /interactions/{id}/{token}/callback``).

    ``message`` is the message the callback created (type 4) or updated (type 7).
    """

    interaction_id: str
    type: int
    data: JSON
    files: list[SentFile] = field(default_factory=list)
    message: SentMessage | None = None

    @property
    def choices(self) -> list[JSON]:
        """Autocomplete choices (type 8), else empty."""
        return list(self.data.get("choices") or [])

    @property
    def ephemeral(self) -> bool:
        """Whether the callback asked for an ephemeral answer (flags 64)."""
        return bool(int(self.data.get("flags") or 0) & FLAG_EPHEMERAL)


@dataclass(frozen=True)
class RecordedRequest:
    """One REST request, by method and path below the API prefix (e.g. ``/users/@me``)."""

    method: str
    path: str


@dataclass(frozen=True)
class Rejection:
    """A request the fake refused on its own (not an injected fault), with Discord's answer."""

    method: str
    path: str
    status: int
    body: JSON


@dataclass
class _Fault:
    match: str
    status: int
    retry_after: float
    global_: bool
    remaining: int
    code: int
    message: str | None
    via: bool


@dataclass
class _TokenBucket:
    """Allows ``rate`` requests a second with bursts up to one second's worth."""

    rate: float
    global_: bool
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Take a token and return 0, or return how long until one is available."""
        self.tokens = min(self.rate, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class _Interaction:
    id: str
    token: str
    type: int
    guild_id: str | None
    channel_id: str
    acknowledged: bool = False
    original_id: str | None = None
    # The message a component belongs to; its "original response" for type 6/7 callbacks.
    source_message_id: str | None = None
    # When the 3-second clock started: at delivery, or at injection while undelivered.
    clock_start: float = field(default_factory=time.monotonic)


@dataclass(eq=False)  # identity semantics: connections live in a set
class _Connection:
    ws: web.WebSocketResponse
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pump: asyncio.Task[None] | None = None


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _json_response(
    data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # discord.py decodes JSON only when Content-Type is exactly application/json, so no charset.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def _error(status: int, code: int, message: str, errors: JSON | None = None) -> web.Response:
    body: JSON = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json_response(body, status=status)


def _invalid_form(errors: JSON) -> web.Response:
    return _error(400, 50035, "Invalid Form Body", errors)


def _field_error(code: str, message: str) -> JSON:
    return {"_errors": [{"code": code, "message": message}]}


def _too_long(limit: int) -> JSON:
    return _field_error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _bad_length(low: int, high: int) -> JSON:
    return _field_error("BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _required() -> JSON:
    return _field_error("BASE_TYPE_REQUIRED", "This field is required")


def _rate_limited(retry_after: float, *, global_: bool, via: bool = True) -> web.Response:
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": global_}
    headers = {
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Scope": "global" if global_ else "user",
    }
    if global_:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": "fake-bucket",
            }
        )
    # discord.py treats a 429 without Via as a Cloudflare ban and raises instead of retrying.
    if via:
        headers["Via"] = "1.1 google"
    return _json_response(body, status=429, headers=headers)


def _text_length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _embed_errors(embed: JSON) -> tuple[JSON, int]:
    """Per-embed validation errors and the embed's share of the 6000-character total."""
    errors: JSON = {}
    total = 0
    for key, limit in (("title", MAX_EMBED_TITLE), ("description", MAX_EMBED_DESCRIPTION)):
        size = _text_length(embed.get(key))
        total += size
        if size > limit:
            errors[key] = _too_long(limit)
    for key, inner, limit in (("footer", "text", MAX_FOOTER), ("author", "name", MAX_AUTHOR_NAME)):
        size = _text_length((embed.get(key) or {}).get(inner))
        total += size
        if size > limit:
            errors[key] = {inner: _too_long(limit)}
    fields = embed.get("fields") or []
    if len(fields) > MAX_EMBED_FIELDS:
        errors["fields"] = _too_long(MAX_EMBED_FIELDS)
    else:
        field_errors: JSON = {}
        for index, item in enumerate(fields):
            problems: JSON = {}
            for key, limit in (("name", MAX_FIELD_NAME), ("value", MAX_FIELD_VALUE)):
                size = _text_length(item.get(key))
                total += size
                if size == 0:
                    problems[key] = _required()
                elif size > limit:
                    problems[key] = _too_long(limit)
            if problems:
                field_errors[str(index)] = problems
        if field_errors:
            errors["fields"] = field_errors
    return errors, total


def message_errors(payload: JSON) -> JSON:
    """Discord's 50035 ``errors`` object for a message body, empty when the body is valid."""
    errors: JSON = {}
    if _text_length(payload.get("content")) > MAX_CONTENT:
        errors["content"] = _too_long(MAX_CONTENT)
    embeds = payload.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        errors["embeds"] = _too_long(MAX_EMBEDS)
        return errors
    embed_errors: JSON = {}
    total = 0
    for index, embed in enumerate(embeds):
        problems, size = _embed_errors(embed)
        total += size
        if problems:
            embed_errors[str(index)] = problems
    if embed_errors:
        errors["embeds"] = embed_errors
    elif total > MAX_EMBED_TOTAL:
        errors["embeds"] = _field_error(
            "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}"
        )
    return errors


def _is_empty_message(payload: JSON, files: Sequence[SentFile]) -> bool:
    keys = ("content", "embeds", "components", "sticker_ids", "poll", "attachments")
    return not files and not any(payload.get(key) for key in keys)


def _name_errors(item: JSON, *, chat_input: bool) -> JSON:
    errors: JSON = {}
    name = item.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        errors["name"] = _bad_length(1, 32)
    elif chat_input and (not _COMMAND_NAME.match(name) or name != name.lower()):
        errors["name"] = _field_error(
            "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}"
        )
    description = item.get("description")
    if chat_input:
        if not isinstance(description, str) or not 1 <= len(description) <= 100:
            errors["description"] = _bad_length(1, 100)
    elif description:
        # Context-menu commands must not have a description.
        errors["description"] = _bad_length(0, 0)
    return errors


def _option_errors(options: Sequence[JSON]) -> JSON:
    errors: JSON = {}
    if len(options) > MAX_OPTIONS:
        return {"_errors": _too_long(MAX_OPTIONS)["_errors"]}
    for index, option in enumerate(options):
        problems = _name_errors(option, chat_input=True)
        choices = option.get("choices") or []
        if len(choices) > MAX_CHOICES:
            problems["choices"] = _too_long(MAX_CHOICES)
        if nested := _option_errors(option.get("options") or []):
            problems["options"] = nested
        if problems:
            errors[str(index)] = problems
    return errors


def command_errors(commands: Any) -> JSON:
    """Discord's 50035 ``errors`` object for a bulk command overwrite, empty when valid."""
    if not isinstance(commands, list):
        return _field_error("LIST_TYPE_CONVERT", "Must be an array.")
    if len(commands) > MAX_COMMANDS:
        return _too_long(MAX_COMMANDS)
    errors: JSON = {}
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            errors[str(index)] = _field_error("DICT_TYPE_CONVERT", "Must be an object.")
            continue
        kind = int(command.get("type") or 1)
        problems = _name_errors(command, chat_input=kind == 1)
        if nested := _option_errors(command.get("options") or []):
            problems["options"] = nested
        key = (kind, str(command.get("name")))
        if key in seen:
            problems["name"] = _field_error(
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique: {key[1]}",
            )
        seen.add(key)
        if problems:
            errors[str(index)] = problems
    return errors


def _choice_errors(choices: Any) -> JSON:
    if not isinstance(choices, list):
        return {"choices": _field_error("LIST_TYPE_CONVERT", "Must be an array.")}
    if len(choices) > MAX_CHOICES:
        return {"choices": _too_long(MAX_CHOICES)}
    errors: JSON = {}
    for index, choice in enumerate(choices):
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            errors[str(index)] = {"name": _bad_length(1, 100)}
    return {"choices": errors} if errors else {}


def _coerce(kind: int, value: Any) -> Any:
    """Convert a test-supplied value to the JSON type Discord uses for option ``kind``."""
    if kind == OPTION_INTEGER:
        return int(value)
    if kind == OPTION_NUMBER:
        return float(value)
    if kind == OPTION_BOOLEAN:
        if isinstance(value, str):
            return value.strip().lower() in {"true", "1", "yes", "on"}
        return bool(value)
    return str(value)


def _infer_kind(value: Any) -> int:
    if isinstance(value, bool):
        return OPTION_BOOLEAN
    if isinstance(value, int):
        return OPTION_INTEGER
    if isinstance(value, float):
        return OPTION_NUMBER
    return OPTION_STRING


async def _read_body(request: web.Request) -> tuple[Any, list[SentFile]]:
    """The JSON payload (``payload_json`` for multipart) and any uploaded files."""
    if request.content_type.startswith("multipart/"):
        payload: Any = {}
        files: list[SentFile] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.filename is not None:
                content = bytes(await part.read(decode=False))
                content_type = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
                files.append(SentFile(part.filename, content, content_type))
        return payload, files
    raw = await request.read()
    return (json.loads(raw) if raw else None), []


class FakeDiscord:
    """An in-process Discord: REST under ``api_base``, the gateway at ``gateway_url``.

    Records are public attributes: ``global_commands``, ``guild_commands``, ``interactions``,
    ``responses``, ``followups``, ``messages``, ``message_edits``, ``dm_channels``,
    ``requests``, ``rejections`` (errors the fake chose to answer), ``unhandled`` (routes it
    lacks) and ``undelivered`` (events the bot's intents exclude); gateway counters
    ``identifies``, ``resumes`` and the last ``intents``.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        guilds: Sequence[FakeGuild] | None = None,
        echo_bot_messages: bool = True,
        heartbeat_interval_ms: int = 41_250,
        interaction_deadline: float = 3.0,
    ) -> None:
        """Accept ``token``; the bot is in ``guilds`` (default: one guild with one channel).

        With ``echo_bot_messages`` the bot's own channel messages come back as MESSAGE_CREATE,
        as on Discord, so an ``on_message`` that forgets to ignore its author loops here too.
        An interaction not acknowledged within ``interaction_deadline`` seconds of its delivery
        is gone (404/10062), as with Discord's 3-second rule.
        """
        self.token = token
        self.guilds: tuple[FakeGuild, ...] = (FakeGuild(),) if guilds is None else tuple(guilds)
        self.echo_bot_messages = echo_bot_messages
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.interaction_deadline = interaction_deadline

        self.global_commands: list[JSON] = []
        self.guild_commands: dict[str, list[JSON]] = {}
        self.interactions: dict[str, JSON] = {}
        self.responses: dict[str, InteractionCallback] = {}
        self.followups: dict[str, list[SentMessage]] = {}
        self.messages: list[SentMessage] = []
        self.message_edits: list[SentMessage] = []
        self.dm_channels: dict[str, str] = {}
        self.requests: list[RecordedRequest] = []
        self.rejections: list[Rejection] = []
        self.unhandled: list[RecordedRequest] = []
        self.undelivered: list[tuple[str, JSON]] = []
        self.users: dict[str, JSON] = {}
        self.identifies = 0
        self.resumes = 0
        self.intents: int | None = None
        self.rate_limited = 0

        self._ids = itertools.count(1)
        self._interaction_state: dict[str, _Interaction] = {}
        self._tokens: dict[str, str] = {}
        self._stored: dict[str, JSON] = {}
        self._dm_recipients: dict[str, str] = {}
        self._closed_dms: set[str] = set()
        self._faults: list[_Fault] = []
        self._bucket: _TokenBucket | None = None
        self._latency = 0.0
        self._guild_channels = {
            channel_id: guild for guild in self.guilds for channel_id in guild.channel_ids
        }

        self._pending: deque[tuple[str, JSON, int]] = deque()
        self._wake = asyncio.Event()
        self._changed = asyncio.Condition()
        self._live: _Connection | None = None
        self._connections: set[_Connection] = set()
        self._session_id: str | None = None
        self._seq = 0
        self._resumable = True

        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:54321``."""
        if self._base_url is None:
            raise RuntimeError("FakeDiscord is not running; call start() first")
        return self._base_url

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be, e.g. ``http://127.0.0.1:54321/api/v10``."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """The gateway URL, e.g. ``ws://127.0.0.1:54321/gw``."""
        return self.base_url.replace("http://", "ws://", 1) + GATEWAY_PATH

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1 and return the base URL."""
        if self._runner is not None:
            return self.base_url
        app = web.Application(middlewares=[self._middleware], client_max_size=25 * 1024 * 1024)
        self._add_routes(app.router)
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._base_url = f"http://{host}:{port}"
        return self._base_url

    async def stop(self) -> None:
        """Close gateway connections (1001, going away) and stop listening."""
        for connection in list(self._connections):
            if connection.pump is not None:
                connection.pump.cancel()
            with contextlib.suppress(Exception):
                await connection.ws.close(code=1001, message=b"Server shutting down")
        self._live = None
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._base_url = None

    async def __aenter__(self) -> FakeDiscord:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    def reset(self) -> None:
        """Forget records, faults, closed DMs, rate limit and latency.

        Registered commands, users, DM channels and the gateway session survive, as they would
        on Discord between two test scenarios.
        """
        self.interactions.clear()
        self.responses.clear()
        self.followups.clear()
        self.messages.clear()
        self.message_edits.clear()
        self.requests.clear()
        self.rejections.clear()
        self.unhandled.clear()
        self.undelivered.clear()
        # Queued events refer to interactions forgotten here; the next bot must not get them.
        self._pending.clear()
        self.rate_limited = 0
        self._interaction_state.clear()
        self._tokens.clear()
        self._closed_dms.clear()
        self._faults.clear()
        self._bucket = None
        self._latency = 0.0

    # -- behaviour switches -------------------------------------------------------------------

    def add_user(self, user_id: str, username: str, *, global_name: str | None = None) -> JSON:
        """Give a user a name; unknown users get a generated one."""
        user = self._user(user_id)
        user.update(username=username, global_name=global_name)
        self.users[user_id] = user
        return user

    def dm_channel_id(self, user_id: str) -> str:
        """The id of the bot's DM channel with ``user_id`` (created on first use)."""
        channel_id = self.dm_channels.get(user_id)
        if channel_id is None:
            channel_id = self._snowflake()
            self.dm_channels[user_id] = channel_id
            self._dm_recipients[channel_id] = user_id
        return channel_id

    def close_dms(self, user_id: str) -> None:
        """Make sends to ``user_id``'s DM channel fail with 403/50007 (opening it still works)."""
        self._closed_dms.add(user_id)

    def open_dms(self, user_id: str) -> None:
        """Undo ``close_dms``."""
        self._closed_dms.discard(user_id)

    def fail_next(
        self,
        route_substring: str,
        status: int = 429,
        retry_after: float = 0.2,
        global_: bool = False,
        count: int = 1,
        *,
        code: int = 0,
        message: str | None = None,
        via: bool = True,
    ) -> None:
        """Answer the next ``count`` requests whose ``"METHOD /path"`` contains the substring.

        Paths are below the API prefix, e.g. ``fail_next("POST /channels/")``. A 429 carries
        Discord's body and headers (``via=False`` drops ``Via``, which discord.py reads as a
        Cloudflare ban); other statuses answer ``{"message", "code"}``.
        """
        self._faults.append(
            _Fault(route_substring, status, retry_after, global_, count, code, message, via)
        )

    def rate_limit(self, per_second: float | None, *, global_: bool = True) -> None:
        """Limit channel-message sends overall to ``per_second`` (``None`` lifts the limit).

        Excess sends get a 429 like Discord's global limit, so discord.py pauses all requests
        for ``retry_after``; ``rate_limited`` counts them.
        """
        if per_second is None:
            self._bucket = None
            return
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self._bucket = _TokenBucket(per_second, global_, per_second, time.monotonic())

    def latency(self, seconds: float) -> None:
        """Delay every REST answer by ``seconds`` (0 for none)."""
        self._latency = max(0.0, seconds)

    async def drop_connection(self, *, resumable: bool = True, code: int = 4000) -> None:
        """Close the gateway connection with ``code``; discord.py reconnects.

        With ``resumable`` its RESUME is accepted (``resumes`` grows); otherwise the session is
        invalidated and it identifies again (``identifies`` grows). Events injected meanwhile
        are delivered once the new connection is up.
        """
        connection = self._live
        if connection is None:
            raise RuntimeError("no live gateway connection to drop")
        self._resumable = resumable
        self._live = None
        if connection.pump is not None:
            connection.pump.cancel()
        await connection.ws.close(code=code, message=b"Dropped by test")

    # -- injecting events ---------------------------------------------------------------------

    def slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        user_id: str,
        guild_id: str | None = None,
        channel_id: str | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
    ) -> str:
        """Dispatch a slash command (APPLICATION_COMMAND) and return the interaction id.

        ``options`` as a mapping are typed by the registered command's option types (so "3"
        becomes 3 for an integer option); unregistered commands get types from the Python
        values. A list is sent as raw option dicts. ``subcommand`` may be ``"sub"`` or
        ``"group sub"``. Without ``guild_id`` the command comes from the bot's DM.
        Raises ValueError where Discord would not let the user send it: a guild-only command in
        a DM, an unknown subcommand or option, a missing required option.
        """
        command = self._find_command(name, guild_id)
        data = self._command_data(name, command)
        data["options"] = self._build_options(command, options, subcommand)
        return self._inject_interaction(
            INTERACTION_APPLICATION_COMMAND, data, user_id, guild_id, channel_id, locale=locale
        )

    def autocomplete(
        self,
        name: str,
        option: str,
        value: str,
        *,
        user_id: str,
        guild_id: str | None = None,
        channel_id: str | None = None,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        locale: str = "en-US",
    ) -> str:
        """Dispatch an autocomplete request for ``option`` typed so far as ``value``.

        ``options`` are other options already filled in. Returns the interaction id.
        """
        command = self._find_command(name, guild_id)
        data = self._command_data(name, command)
        filled = dict(options or {})
        filled[option] = value
        data["options"] = self._build_options(command, filled, subcommand, focused=option)
        return self._inject_interaction(
            INTERACTION_AUTOCOMPLETE, data, user_id, guild_id, channel_id, locale=locale
        )

    def button(
        self,
        custom_id: str,
        *,
        user_id: str,
        message_id: str,
        guild_id: str | None = None,
        channel_id: str | None = None,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        locale: str = "en-US",
    ) -> str:
        """Dispatch a press on component ``custom_id`` of message ``message_id``.

        A message the bot sent through the fake is included as it was stored (so discord.py
        finds the view registered for it); its channel and guild are the defaults. Select
        menus use ``component_type`` 3.. with ``values``. Returns the interaction id.
        """
        message = self._stored.get(message_id)
        if message is None:
            message = self._message_object(
                message_id=message_id,
                channel_id=channel_id or self._default_channel(guild_id, user_id),
                payload={
                    "content": "",
                    "components": [
                        {
                            "type": 1,
                            "components": [
                                {"type": 2, "style": 1, "label": "?", "custom_id": custom_id}
                            ],
                        }
                    ],
                },
                author=self._bot_user(),
                guild_id=guild_id,
            )
        if guild_id is None:
            guild_id = message.get("guild_id")
        if channel_id is None:
            channel_id = str(message["channel_id"])
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return self._inject_interaction(
            INTERACTION_MESSAGE_COMPONENT,
            data,
            user_id,
            guild_id,
            channel_id,
            message=message,
            locale=locale,
        )

    def dm_message(self, user_id: str, content: str) -> str:
        """Dispatch MESSAGE_CREATE for ``user_id`` writing ``content`` to the bot in a DM.

        Delivered only if the bot identified with the DIRECT_MESSAGES intent (else it lands in
        ``undelivered``). Returns the message id.
        """
        channel_id = self.dm_channel_id(user_id)
        message_id = self._snowflake()
        message = self._message_object(
            message_id=message_id,
            channel_id=channel_id,
            payload={"content": content},
            author=self._user(user_id),
        )
        message["channel_type"] = 1
        self._stored[message_id] = message
        self._enqueue("MESSAGE_CREATE", message, INTENT_DIRECT_MESSAGES)
        return message_id

    # -- waiting for answers ------------------------------------------------------------------

    async def wait_for_reply(self, interaction_id: str, timeout: float = 10) -> SentMessage:
        """The answer the user sees: the type 4/7 callback message, else the first follow-up
        or edit of the original after a deferral."""

        def probe() -> SentMessage | None:
            callback = self.responses.get(interaction_id)
            if callback is None:
                return None
            if callback.type == CALLBACK_AUTOCOMPLETE_RESULT:
                raise ValueError(f"interaction {interaction_id} was answered with choices")
            if callback.message is not None:
                return callback.message
            followups = self.followups.get(interaction_id)
            return followups[0] if followups else None

        return await self._wait(probe, timeout, f"a reply to interaction {interaction_id}")

    async def wait_for_autocomplete(self, interaction_id: str, timeout: float = 10) -> list[JSON]:
        """The choices the bot answered an autocomplete interaction with."""

        def probe() -> list[JSON] | None:
            callback = self.responses.get(interaction_id)
            if callback is None:
                return None
            if callback.type != CALLBACK_AUTOCOMPLETE_RESULT:
                raise ValueError(f"interaction {interaction_id} got callback type {callback.type}")
            return callback.choices

        return await self._wait(probe, timeout, f"choices for interaction {interaction_id}")

    async def wait_for_messages(
        self, count: int, channel_id: str | None = None, timeout: float = 10
    ) -> list[SentMessage]:
        """The channel messages sent so far (in ``channel_id`` if given), once there are
        at least ``count``."""

        def probe() -> list[SentMessage] | None:
            found = [m for m in self.messages if channel_id is None or m.channel_id == channel_id]
            return found if len(found) >= count else None

        where = f" in channel {channel_id}" if channel_id else ""
        return await self._wait(probe, timeout, f"{count} message(s){where}")

    async def wait_for_gateway(self, *, handshakes: int = 1, timeout: float = 10) -> None:
        """Wait until a gateway session is live after at least ``handshakes`` identifies
        plus resumes in total."""

        def probe() -> bool | None:
            live = self._live is not None and self.identifies + self.resumes >= handshakes
            return True if live else None

        await self._wait(probe, timeout, f"{handshakes} gateway handshake(s)")

    async def _wait(self, probe: Callable[[], _T | None], seconds: float, what: str) -> _T:
        try:
            async with asyncio.timeout(seconds), self._changed:
                while (result := probe()) is None:
                    await self._changed.wait()
                return result
        except TimeoutError:
            # A refused callback or follow-up is the usual reason for a missing answer.
            refused = "; ".join(
                f"{r.method} {r.path} -> {r.status} {r.body}" for r in self.rejections[-3:]
            )
            hint = f" (last rejections: {refused})" if refused else ""
            raise TimeoutError(f"FakeDiscord: no {what} within {seconds}s{hint}") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- payload builders ---------------------------------------------------------------------

    def _snowflake(self) -> str:
        # Real snowflakes carry a millisecond timestamp, so ids sort by creation time.
        millis = int(time.time() * 1000) - _DISCORD_EPOCH_MS
        return str((millis << 22) | (next(self._ids) & 0x3FFFFF))

    def _bot_user(self) -> JSON:
        return {
            "id": BOT_USER_ID,
            "username": "careerbot",
            "global_name": "Career Navigator",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
            "public_flags": 0,
        }

    def _user(self, user_id: str) -> JSON:
        if user_id == BOT_USER_ID:
            return self._bot_user()
        known = self.users.get(user_id)
        if known is not None:
            return dict(known)
        return {
            "id": user_id,
            "username": f"user{user_id[-4:]}",
            "global_name": None,
            "discriminator": "0",
            "avatar": None,
            "bot": False,
            "public_flags": 0,
        }

    def _member(self, user_id: str, *, with_user: bool = True) -> JSON:
        member: JSON = {
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "permissions": MEMBER_PERMISSIONS,
            "communication_disabled_until": None,
        }
        if with_user:
            member["user"] = self._user(user_id)
        return member

    def _guild(self, guild_id: str) -> FakeGuild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def _text_channel(self, channel_id: str, guild_id: str) -> JSON:
        guild = self._guild(guild_id)
        known = guild is not None and channel_id in guild.channel_ids
        position = guild.channel_ids.index(channel_id) if guild is not None and known else 0
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": guild_id,
            "name": "general" if position == 0 else f"channel-{position}",
            "position": position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }

    def _dm_channel(self, channel_id: str, user_id: str) -> JSON:
        return {
            "id": channel_id,
            "type": 1,
            "recipients": [self._user(user_id)],
            "last_message_id": None,
            "flags": 0,
        }

    def _guild_create(self, guild: FakeGuild) -> JSON:
        return {
            "id": guild.id,
            "name": guild.name,
            "icon": None,
            "owner_id": guild.owner_id,
            "unavailable": False,
            "large": False,
            "member_count": 2,
            "joined_at": "2026-01-01T00:00:00+00:00",
            "preferred_locale": "en-US",
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "afk_timeout": 300,
            "system_channel_id": guild.channel_ids[0] if guild.channel_ids else None,
            "roles": [
                {
                    "id": guild.id,
                    "name": "@everyone",
                    "permissions": MEMBER_PERMISSIONS,
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [
                self._text_channel(channel_id, guild.id) for channel_id in guild.channel_ids
            ],
            "members": [self._member(BOT_USER_ID)],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "emojis": [],
            "stickers": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def _message_object(
        self,
        *,
        message_id: str,
        channel_id: str,
        payload: JSON,
        author: JSON,
        guild_id: str | None = None,
        attachments: Sequence[JSON] = (),
        message_type: int = MESSAGE_DEFAULT,
        webhook: bool = False,
    ) -> JSON:
        message: JSON = {
            "id": message_id,
            "channel_id": channel_id,
            "type": message_type,
            "content": payload.get("content") or "",
            "author": author,
            "attachments": list(attachments),
            "embeds": list(payload.get("embeds") or []),
            "components": list(payload.get("components") or []),
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(payload.get("tts")),
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "flags": int(payload.get("flags") or 0),
        }
        if guild_id is not None:
            message["guild_id"] = guild_id
        if webhook:
            # Interaction answers are sent by the application's webhook.
            message["webhook_id"] = APPLICATION_ID
            message["application_id"] = APPLICATION_ID
        if reference := payload.get("message_reference"):
            message["type"] = MESSAGE_REPLY
            message["message_reference"] = reference
        return message

    def _attachments(self, channel_id: str, files: Sequence[SentFile]) -> list[JSON]:
        attachments = []
        for sent in files:
            attachment_id = self._snowflake()
            url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{sent.filename}"
            attachments.append(
                {
                    "id": attachment_id,
                    "filename": sent.filename,
                    "size": len(sent.content),
                    "url": url,
                    "proxy_url": url,
                    "content_type": sent.content_type,
                }
            )
        return attachments

    def _default_channel(self, guild_id: str | None, user_id: str) -> str:
        if guild_id is None:
            return self.dm_channel_id(user_id)
        guild = self._guild(guild_id)
        if guild is not None and guild.channel_ids:
            return guild.channel_ids[0]
        return DEFAULT_CHANNEL_ID

    def _find_command(self, name: str, guild_id: str | None) -> JSON | None:
        """The registered command Discord would offer here, None if it was never registered."""
        if guild_id is not None:
            for command in self.guild_commands.get(guild_id, []):
                if command.get("name") == name and command.get("type", 1) == 1:
                    return command
        for command in self.global_commands:
            if command.get("name") == name and command.get("type", 1) == 1:
                contexts = command.get("contexts")
                context = CONTEXT_GUILD if guild_id is not None else CONTEXT_BOT_DM
                if contexts is not None and context not in contexts:
                    raise ValueError(f"/{name} is not available in context {context}")
                if guild_id is None and command.get("dm_permission") is False:
                    raise ValueError(f"/{name} is not available in DMs")
                return command
        registered_elsewhere = any(
            c.get("name") == name for commands in self.guild_commands.values() for c in commands
        )
        if registered_elsewhere:
            where = f"guild {guild_id}" if guild_id else "DMs"
            raise ValueError(f"/{name} is registered only for other guilds; not usable in {where}")
        return None

    def _command_data(self, name: str, command: JSON | None) -> JSON:
        data: JSON = {
            "id": command["id"] if command else self._snowflake(),
            "name": name,
            "type": 1,
        }
        # discord.py looks guild commands up by data.guild_id; Discord sets it for them only.
        if command is not None and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def _build_options(
        self,
        command: JSON | None,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        subcommand: str | None,
        *,
        focused: str | None = None,
    ) -> list[JSON]:
        schema: list[JSON] | None = list(command.get("options") or []) if command else None
        path = subcommand.split() if subcommand else []
        built: list[JSON]
        if options is None or isinstance(options, Mapping):
            built = self._typed_options(schema, options or {}, path, focused)
        else:
            built = [dict(option) for option in options]
        # Wrap the leaf options in their subcommand (and group), innermost first.
        for depth in range(len(path) - 1, -1, -1):
            kind = OPTION_SUB_COMMAND if depth == len(path) - 1 else OPTION_SUB_COMMAND_GROUP
            built = [{"name": path[depth], "type": kind, "options": built}]
        return built

    def _typed_options(
        self,
        schema: list[JSON] | None,
        values: Mapping[str, Any],
        path: Sequence[str],
        focused: str | None,
    ) -> list[JSON]:
        for part in path:
            if schema is None:
                break
            parent = next((o for o in schema if o.get("name") == part), None)
            if parent is None or parent.get("type") not in (
                OPTION_SUB_COMMAND,
                OPTION_SUB_COMMAND_GROUP,
            ):
                raise ValueError(f"unknown subcommand {part!r}")
            schema = list(parent.get("options") or [])
        by_name = {str(o.get("name")): o for o in schema} if schema is not None else {}
        nested = (OPTION_SUB_COMMAND, OPTION_SUB_COMMAND_GROUP)
        if any(o.get("type") in nested for o in by_name.values()):
            raise ValueError(f"choose a subcommand of {sorted(by_name)}")
        if schema is not None:
            if unknown := set(values) - set(by_name):
                raise ValueError(f"unknown option(s) {sorted(unknown)}")
            missing = [
                name
                for name, option in by_name.items()
                if option.get("required") and name not in values
            ]
            if missing and focused is None:
                raise ValueError(f"missing required option(s) {missing}")
        built: list[JSON] = []
        for name, value in values.items():
            declared = by_name.get(name)
            kind = int(declared["type"]) if declared else _infer_kind(value)
            option: JSON = {"name": name, "type": kind}
            if name == focused:
                # Discord sends what the user has typed so far, untyped.
                option["value"] = value
                option["focused"] = True
            else:
                option["value"] = _coerce(kind, value)
            built.append(option)
        return built

    def _resolved(self, options: Sequence[JSON], guild_id: str | None) -> JSON:
        users: JSON = {}
        members: JSON = {}
        pending = list(options)
        while pending:
            option = pending.pop()
            pending.extend(option.get("options") or [])
            if option.get("type") == OPTION_USER and not option.get("focused"):
                user_id = str(option["value"])
                users[user_id] = self._user(user_id)
                if guild_id is not None:
                    members[user_id] = self._member(user_id, with_user=False)
        resolved: JSON = {}
        if users:
            resolved["users"] = users
        if members:
            resolved["members"] = members
        return resolved

    def _inject_interaction(
        self,
        kind: int,
        data: JSON,
        user_id: str,
        guild_id: str | None,
        channel_id: str | None,
        *,
        message: JSON | None = None,
        locale: str,
    ) -> str:
        interaction_id = self._snowflake()
        token = f"interaction-token-{interaction_id}"
        channel_id = channel_id or self._default_channel(guild_id, user_id)
        resolved = self._resolved(data.get("options") or [], guild_id)
        if resolved and kind != INTERACTION_MESSAGE_COMPONENT:
            data["resolved"] = resolved
        payload: JSON = {
            "id": interaction_id,
            "application_id": APPLICATION_ID,
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "app_permissions": MEMBER_PERMISSIONS,
            "entitlements": [],
            "attachment_size_limit": MAX_ATTACHMENT_BYTES,
            "channel_id": channel_id,
        }
        if guild_id is not None:
            payload.update(
                context=CONTEXT_GUILD,
                guild_id=guild_id,
                guild={"id": guild_id, "locale": "en-US", "features": []},
                guild_locale="en-US",
                member=self._member(user_id),
                channel=self._text_channel(channel_id, guild_id),
                authorizing_integration_owners={"0": guild_id},
            )
        else:
            payload.update(
                context=CONTEXT_BOT_DM,
                user=self._user(user_id),
                channel=self._dm_channel(channel_id, user_id),
                authorizing_integration_owners={"0": "0"},
            )
        if message is not None:
            payload["message"] = message
        self.interactions[interaction_id] = payload
        self._interaction_state[interaction_id] = _Interaction(
            id=interaction_id,
            token=token,
            type=kind,
            guild_id=guild_id,
            channel_id=channel_id,
            source_message_id=str(message["id"]) if message is not None else None,
        )
        self._tokens[token] = interaction_id
        self._enqueue("INTERACTION_CREATE", payload)
        return interaction_id

    # -- gateway ------------------------------------------------------------------------------

    def _enqueue(self, event: str, data: JSON, intent: int = 0) -> None:
        self._pending.append((event, data, intent))
        self._wake.set()

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        connection = _Connection(ws)
        self._connections.add(connection)
        try:
            hello = {"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
            await self._send(connection, hello)
            async for frame in ws:
                if frame.type is not WSMsgType.TEXT:
                    continue
                try:
                    message = json.loads(frame.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                await self._on_frame(connection, message)
        except ConnectionResetError:
            pass
        finally:
            self._connections.discard(connection)
            if self._live is connection:
                self._live = None
            if connection.pump is not None:
                connection.pump.cancel()
        return ws

    async def _send(self, connection: _Connection, frame: JSON) -> None:
        async with connection.lock:
            await connection.ws.send_str(json.dumps(frame))

    async def _dispatch(self, connection: _Connection, event: str, data: JSON) -> None:
        # Numbered under the lock so that sequence numbers reach the client in order.
        async with connection.lock:
            self._seq += 1
            frame = {"op": OP_DISPATCH, "t": event, "s": self._seq, "d": data}
            await connection.ws.send_str(json.dumps(frame))

    async def _on_frame(self, connection: _Connection, message: Any) -> None:
        if not isinstance(message, dict):
            return
        op = message.get("op")
        data = message.get("d")
        if op == OP_HEARTBEAT:
            await self._send(connection, {"op": OP_HEARTBEAT_ACK})
        elif op == OP_IDENTIFY and isinstance(data, dict):
            await self._identify(connection, data)
        elif op == OP_RESUME and isinstance(data, dict):
            await self._resume(connection, data)
        elif op == OP_REQUEST_GUILD_MEMBERS and isinstance(data, dict):
            # Only needed with the members intent: answer with the bot as the sole member.
            chunk = {
                "guild_id": data.get("guild_id"),
                "members": [self._member(BOT_USER_ID)],
                "chunk_index": 0,
                "chunk_count": 1,
                "nonce": data.get("nonce"),
            }
            await self._dispatch(connection, "GUILD_MEMBERS_CHUNK", chunk)

    async def _identify(self, connection: _Connection, data: JSON) -> None:
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies += 1
        self.intents = int(data.get("intents") or 0)
        self._session_id = f"session-{self._snowflake()}"
        self._seq = 0
        self._resumable = True
        ready = {
            "v": 10,
            "user": self._bot_user(),
            "guilds": [{"id": guild.id, "unavailable": True} for guild in self.guilds],
            "session_id": self._session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": APPLICATION_ID, "flags": 0},
            "private_channels": [],
        }
        await self._dispatch(connection, "READY", ready)
        for guild in self.guilds:
            await self._dispatch(connection, "GUILD_CREATE", self._guild_create(guild))
        await self._go_live(connection)

    async def _resume(self, connection: _Connection, data: JSON) -> None:
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        if not self._resumable or data.get("session_id") != self._session_id:
            # d=false: not resumable, so discord.py identifies afresh on a new connection.
            await self._send(connection, {"op": OP_INVALID_SESSION, "d": False})
            return
        self.resumes += 1
        await self._dispatch(connection, "RESUMED", {})
        await self._go_live(connection)

    async def _go_live(self, connection: _Connection) -> None:
        # Two pumps would race for the queue; the newest connection wins.
        previous = self._live
        if previous is not None and previous is not connection and previous.pump is not None:
            previous.pump.cancel()
        self._live = connection
        connection.pump = asyncio.create_task(self._pump(connection))
        await self._notify()

    async def _pump(self, connection: _Connection) -> None:
        """Deliver queued events in order while this connection is the live one."""
        try:
            while True:
                while self._pending:
                    event, data, intent = self._pending[0]
                    if intent and not (self.intents or 0) & intent:
                        self.undelivered.append((event, data))
                    else:
                        await self._dispatch(connection, event, data)
                        if event == "INTERACTION_CREATE":
                            self._start_clock(str(data["id"]))
                    # Popped only once sent, so an event cut off by a drop is delivered later.
                    self._pending.popleft()
                self._wake.clear()
                await self._wake.wait()
        except (ConnectionResetError, RuntimeError):
            return

    def _start_clock(self, interaction_id: str) -> None:
        # The bot cannot answer before it hears of the interaction, so its 3 s start here.
        interaction = self._interaction_state.get(interaction_id)
        if interaction is not None:
            interaction.clock_start = time.monotonic()

    # -- REST ---------------------------------------------------------------------------------

    def _add_routes(self, router: web.UrlDispatcher) -> None:
        api = API_PREFIX
        router.add_get(GATEWAY_PATH, self._gateway)
        router.add_get(f"{api}/gateway", self._get_gateway)
        router.add_get(f"{api}/gateway/bot", self._get_gateway_bot)
        router.add_get(f"{api}/users/@me", self._get_me)
        router.add_get(f"{api}/users/{{user_id}}", self._get_user)
        router.add_post(f"{api}/users/@me/channels", self._create_dm)
        router.add_get(f"{api}/oauth2/applications/@me", self._get_application)
        for prefix in (
            f"{api}/applications/{{app_id}}",
            f"{api}/applications/{{app_id}}/guilds/{{guild_id}}",
        ):
            router.add_put(f"{prefix}/commands", self._put_commands)
            router.add_get(f"{prefix}/commands", self._get_commands)
        router.add_post(f"{api}/interactions/{{interaction_id}}/{{token}}/callback", self._callback)
        router.add_post(f"{api}/webhooks/{{app_id}}/{{token}}", self._followup)
        webhook_message = f"{api}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}"
        router.add_get(webhook_message, self._get_webhook_message)
        router.add_patch(webhook_message, self._edit_webhook_message)
        router.add_delete(webhook_message, self._delete_webhook_message)
        router.add_post(f"{api}/channels/{{channel_id}}/messages", self._create_message)
        router.add_patch(
            f"{api}/channels/{{channel_id}}/messages/{{message_id}}", self._edit_channel_message
        )

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == GATEWAY_PATH:
            return await handler(request)
        path = request.path.removeprefix(API_PREFIX)
        self.requests.append(RecordedRequest(request.method, path))
        if self._latency:
            await asyncio.sleep(self._latency)
        if self._faults and (fault := self._take_fault(f"{request.method} {path}")):
            return self._fault_response(fault)
        try:
            response = await handler(request)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed) as exc:
            # Most likely an endpoint the fake lacks; recorded so that a test can tell.
            self.unhandled.append(RecordedRequest(request.method, path))
            response = _error(exc.status, 0, f"{exc.status}: {exc.reason}")
        except json.JSONDecodeError:
            response = _error(400, 50109, "The request body contains invalid JSON.")
        if response.status >= 400 and isinstance(response, web.Response):
            body = json.loads(bytes(response.body)) if isinstance(response.body, bytes) else {}
            self.rejections.append(Rejection(request.method, path, response.status, body))
        return response

    def _take_fault(self, route: str) -> _Fault | None:
        for fault in self._faults:
            if fault.match in route:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_response(fault: _Fault) -> web.Response:
        if fault.status == 429:
            return _rate_limited(fault.retry_after, global_=fault.global_, via=fault.via)
        reason = fault.message or web.Response(status=fault.status).reason or "Error"
        return _error(fault.status, fault.code, reason)

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if request.headers.get(hdrs.AUTHORIZATION) == f"Bot {self.token}":
            return None
        return _error(401, 0, "401: Unauthorized")

    async def _get_gateway(self, request: web.Request) -> web.StreamResponse:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_me(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        return _json_response(self._bot_user())

    async def _get_user(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        user_id = request.match_info["user_id"]
        if not user_id.isdigit():
            return _error(404, 10013, "Unknown User")
        return _json_response(self._user(user_id))

    async def _get_application(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        return _json_response(
            {
                "id": APPLICATION_ID,
                "name": "Career Navigator",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self._user("900000000000000099"),
                "verify_key": "0" * 64,
                "flags": 0,
                "bot": self._bot_user(),
            }
        )

    async def _create_dm(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        body, _ = await _read_body(request)
        recipient = body.get("recipient_id") if isinstance(body, dict) else None
        if recipient is None:
            return _invalid_form({"recipient_id": _required()})
        user_id = str(recipient)
        return _json_response(self._dm_channel(self.dm_channel_id(user_id), user_id))

    async def _put_commands(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        if request.match_info["app_id"] != APPLICATION_ID:
            return _error(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is not None and self._guild(guild_id) is None:
            return _error(403, 50001, "Missing Access")
        body, _ = await _read_body(request)
        if errors := command_errors(body):
            return _invalid_form(errors)
        current = self.global_commands if guild_id is None else self.guild_commands.get(guild_id)
        existing = {(c.get("type", 1), c["name"]): c["id"] for c in current or []}
        registered: list[JSON] = []
        for command in body:
            kind = int(command.get("type") or 1)
            echoed: JSON = {
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
                "type": kind,
                # Discord keeps a command's id when it is overwritten under the same name.
                "id": existing.get((kind, command["name"])) or self._snowflake(),
                "application_id": APPLICATION_ID,
                "version": self._snowflake(),
            }
            if guild_id is not None:
                echoed["guild_id"] = guild_id
            registered.append(echoed)
        if guild_id is None:
            self.global_commands = registered
        else:
            self.guild_commands[guild_id] = registered
        await self._notify()
        return _json_response(registered)

    async def _get_commands(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        if request.match_info["app_id"] != APPLICATION_ID:
            return _error(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return _json_response(self.global_commands)
        return _json_response(self.guild_commands.get(guild_id, []))

    async def _callback(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_state.get(request.match_info["interaction_id"])
        if interaction is None or interaction.token != request.match_info["token"]:
            return _error(404, 10062, "Unknown interaction")
        body, files = await _read_body(request)
        if interaction.acknowledged:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.clock_start > self.interaction_deadline:
            return _error(404, 10062, "Unknown interaction")
        if not isinstance(body, dict):
            return _invalid_form({"type": _required()})
        kind = body.get("type")
        data: JSON = body.get("data") or {}
        if kind not in _ALLOWED_CALLBACKS[interaction.type]:
            return _invalid_form(
                {"type": _field_error("INTERACTION_CALLBACK_TYPE_INVALID", "Invalid type")}
            )
        message_like = kind in (CALLBACK_CHANNEL_MESSAGE, CALLBACK_UPDATE_MESSAGE)
        if message_like and (errors := message_errors(data)):
            return _invalid_form({"data": errors})
        if kind == CALLBACK_CHANNEL_MESSAGE and _is_empty_message(data, files):
            return _error(400, 50006, "Cannot send an empty message")
        if kind == CALLBACK_AUTOCOMPLETE_RESULT and (errors := _choice_errors(data.get("choices"))):
            return _invalid_form({"data": errors})

        interaction.acknowledged = True
        callback = InteractionCallback(interaction.id, kind, data, files)
        answer: JSON = {
            "interaction": {
                "id": interaction.id,
                "type": interaction.type,
                "response_message_loading": kind == CALLBACK_DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & FLAG_EPHEMERAL),
            }
        }
        if kind in (CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE):
            # A deferral shows a "thinking" placeholder that the first follow-up replaces.
            placeholder = kind == CALLBACK_DEFERRED_CHANNEL_MESSAGE
            flags = int(data.get("flags") or 0) | (FLAG_LOADING if placeholder else 0)
            message = self._message_object(
                message_id=self._snowflake(),
                channel_id=interaction.channel_id,
                payload={**({} if placeholder else data), "flags": flags},
                author=self._bot_user(),
                guild_id=interaction.guild_id,
                attachments=self._attachments(interaction.channel_id, files),
                message_type=self._answer_type(interaction),
                webhook=True,
            )
            self._stored[message["id"]] = message
            interaction.original_id = message["id"]
            answer["interaction"]["response_message_id"] = message["id"]
            if not placeholder:
                callback.message = SentMessage(
                    message["id"],
                    interaction.channel_id,
                    data,
                    dict(message),
                    "callback",
                    files,
                    interaction.id,
                )
                answer["resource"] = {"type": kind, "message": message}
        elif kind in (CALLBACK_DEFERRED_UPDATE_MESSAGE, CALLBACK_UPDATE_MESSAGE):
            interaction.original_id = interaction.source_message_id
            target = self._stored.get(interaction.source_message_id or "")
            if target is not None:
                answer["interaction"]["response_message_id"] = target["id"]
                if kind == CALLBACK_UPDATE_MESSAGE:
                    updated = self._apply_edit(target, data, files)
                    callback.message = SentMessage(
                        updated["id"],
                        updated["channel_id"],
                        data,
                        dict(updated),
                        "callback",
                        files,
                        interaction.id,
                    )
                    answer["resource"] = {"type": kind, "message": updated}
        self.responses[interaction.id] = callback
        await self._notify()
        return _json_response(answer)

    @staticmethod
    def _answer_type(interaction: _Interaction) -> int:
        if interaction.type == INTERACTION_APPLICATION_COMMAND:
            return MESSAGE_CHAT_INPUT_COMMAND
        return MESSAGE_DEFAULT

    def _apply_edit(self, target: JSON, payload: JSON, files: Sequence[SentFile]) -> JSON:
        """Apply PATCH semantics (present keys replace) to a stored message and return it."""
        for key, empty in (("content", ""), ("embeds", []), ("components", [])):
            if key in payload:
                target[key] = payload[key] if payload[key] is not None else empty
        if "flags" in payload and payload["flags"] is not None:
            target["flags"] = int(payload["flags"]) | (int(target["flags"]) & FLAG_EPHEMERAL)
        target["flags"] = int(target["flags"]) & ~FLAG_LOADING
        if "attachments" in payload or files:
            kept_ids = {str(a.get("id")) for a in payload.get("attachments") or []}
            kept = [a for a in target.get("attachments", []) if str(a["id"]) in kept_ids]
            target["attachments"] = kept + self._attachments(str(target["channel_id"]), files)
        target["edited_timestamp"] = _now_iso()
        return target

    def _interaction_for_webhook(self, request: web.Request) -> _Interaction | None:
        if request.match_info["app_id"] != APPLICATION_ID:
            return None
        interaction_id = self._tokens.get(request.match_info["token"])
        if interaction_id is None:
            return None
        interaction = self._interaction_state[interaction_id]
        # The webhook token only becomes usable once the interaction has been acknowledged.
        return interaction if interaction.acknowledged else None

    async def _followup(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_for_webhook(request)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        body, files = await _read_body(request)
        payload: JSON = body if isinstance(body, dict) else {}
        if errors := message_errors(payload):
            return _invalid_form(errors)
        if _is_empty_message(payload, files):
            return _error(400, 50006, "Cannot send an empty message")
        original = self._stored.get(interaction.original_id or "")
        if original is not None and int(original["flags"]) & FLAG_LOADING:
            # The first follow-up after a deferral fills the placeholder, whose ephemerality
            # was fixed by the deferral.
            flags = int(payload.get("flags") or 0) & ~FLAG_EPHEMERAL
            message = self._apply_edit(original, {**payload, "flags": flags}, files)
            message["edited_timestamp"] = None
        else:
            message = self._message_object(
                message_id=self._snowflake(),
                channel_id=interaction.channel_id,
                payload=payload,
                author=self._bot_user(),
                guild_id=interaction.guild_id,
                attachments=self._attachments(interaction.channel_id, files),
                message_type=self._answer_type(interaction),
                webhook=True,
            )
            self._stored[message["id"]] = message
        sent = SentMessage(
            message["id"],
            interaction.channel_id,
            payload,
            dict(message),
            "followup",
            files,
            interaction.id,
        )
        self.followups.setdefault(interaction.id, []).append(sent)
        await self._notify()
        if request.query.get("wait", "").lower() in {"1", "true"}:
            return _json_response(message)
        return web.Response(status=204)

    def _webhook_message(self, interaction: _Interaction, message_id: str) -> JSON | None:
        if message_id == "@original":
            message_id = interaction.original_id or ""
        return self._stored.get(message_id)

    async def _get_webhook_message(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_for_webhook(request)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        message = self._webhook_message(interaction, request.match_info["message_id"])
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json_response(message)

    async def _edit_webhook_message(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_for_webhook(request)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        message = self._webhook_message(interaction, request.match_info["message_id"])
        if message is None:
            return _error(404, 10008, "Unknown Message")
        body, files = await _read_body(request)
        payload: JSON = body if isinstance(body, dict) else {}
        if errors := message_errors(payload):
            return _invalid_form(errors)
        updated = self._apply_edit(message, payload, files)
        sent = SentMessage(
            updated["id"],
            updated["channel_id"],
            payload,
            dict(updated),
            "edit",
            files,
            interaction.id,
        )
        self.followups.setdefault(interaction.id, []).append(sent)
        await self._notify()
        return _json_response(updated)

    async def _delete_webhook_message(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_for_webhook(request)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        message = self._webhook_message(interaction, request.match_info["message_id"])
        if message is None:
            return _error(404, 10008, "Unknown Message")
        del self._stored[message["id"]]
        return web.Response(status=204)

    def _channel_target(self, channel_id: str) -> tuple[str | None, str | None] | None:
        """(guild id, DM recipient) of a channel the bot can see, None for an unknown one."""
        if channel_id in self._dm_recipients:
            return None, self._dm_recipients[channel_id]
        guild = self._guild_channels.get(channel_id)
        return (guild.id, None) if guild is not None else None

    async def _create_message(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        if self._bucket is not None:
            retry_after = self._bucket.take(time.monotonic())
            if retry_after > 0:
                self.rate_limited += 1
                # Rounded up, so that a client sleeping exactly retry_after finds a token.
                retry_after = math.ceil(retry_after * 1000) / 1000
                return _rate_limited(retry_after, global_=self._bucket.global_)
        channel_id = request.match_info["channel_id"]
        target = self._channel_target(channel_id)
        if target is None:
            return _error(404, 10003, "Unknown Channel")
        guild_id, recipient = target
        body, files = await _read_body(request)
        payload: JSON = body if isinstance(body, dict) else {}
        if recipient is not None and recipient in self._closed_dms:
            return _error(403, 50007, "Cannot send messages to this user")
        if errors := message_errors(payload):
            return _invalid_form(errors)
        if _is_empty_message(payload, files):
            return _error(400, 50006, "Cannot send an empty message")
        if sum(len(f.content) for f in files) > MAX_ATTACHMENT_BYTES:
            return _error(413, 40005, "Request entity too large")
        message = self._message_object(
            message_id=self._snowflake(),
            channel_id=channel_id,
            payload=payload,
            author=self._bot_user(),
            guild_id=guild_id,
            attachments=self._attachments(channel_id, files),
        )
        self._stored[message["id"]] = message
        self.messages.append(
            SentMessage(message["id"], channel_id, payload, dict(message), "channel", files)
        )
        if self.echo_bot_messages and self._live is not None:
            intent = INTENT_DIRECT_MESSAGES if guild_id is None else INTENT_GUILD_MESSAGES
            echoed = {**message, "channel_type": 1 if guild_id is None else 0}
            if guild_id is not None:
                echoed["member"] = self._member(BOT_USER_ID, with_user=False)
            self._enqueue("MESSAGE_CREATE", echoed, intent)
        await self._notify()
        return _json_response(message)

    async def _edit_channel_message(self, request: web.Request) -> web.StreamResponse:
        if denied := self._unauthorized(request):
            return denied
        message = self._stored.get(request.match_info["message_id"])
        if message is None or message["channel_id"] != request.match_info["channel_id"]:
            return _error(404, 10008, "Unknown Message")
        if message["author"]["id"] != BOT_USER_ID:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        body, files = await _read_body(request)
        payload: JSON = body if isinstance(body, dict) else {}
        if errors := message_errors(payload):
            return _invalid_form(errors)
        updated = self._apply_edit(message, payload, files)
        self.message_edits.append(
            SentMessage(updated["id"], updated["channel_id"], payload, dict(updated), "edit", files)
        )
        await self._notify()
        return _json_response(updated)


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Point discord.py's REST base and default gateway at ``fake``; restore them afterwards.

    For tests only: the production adapter sets both from its settings.
    """
    route = discord.http.Route
    websocket = discord.gateway.DiscordWebSocket
    saved_base, saved_gateway = route.BASE, websocket.DEFAULT_GATEWAY
    route.BASE = fake.api_base
    websocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        route.BASE = saved_base
        websocket.DEFAULT_GATEWAY = saved_gateway
