"""A local fake of the Telegram Bot API (see /work/shared/reference/chat-platforms.md, section 1).

The real python-telegram-bot ``Application`` talks to it over HTTP, exactly as it would to
api.telegram.org: point ``ApplicationBuilder().base_url(...)`` and ``.base_file_url(...)`` at
:attr:`FakeTelegram.base_url` and :attr:`FakeTelegram.base_file_url`.

The fake answers the methods our bot uses with realistic results, validates what is cheap to
validate and likely to catch our bugs (text and caption lengths, HTML markup, callback data,
bot commands, edits that change nothing), records every outgoing message as a :class:`Sent`,
and feeds updates through ``getUpdates`` long polling. Tests can inject faults: flood (429)
answers, blocked chats (403), an enforced overall send rate and answer latency.

Only HTML formatting is validated; MarkdownV2 and Markdown texts are accepted as they are.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import json
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

BOT_ID = 7000001
BOT_USERNAME = "career_nav_bot"
BOT_FIRST_NAME = "Career Navigator"
DEFAULT_TOKEN = f"{BOT_ID}:AAH-fake-token-for-tests_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_COMMAND_DESCRIPTION_LENGTH = 256
MAX_UPDATES_PER_POLL = 100

BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}

# Telegram only sends these update types to a bot that asks for them explicitly.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Methods counted by rate_limit(): the ones a digest broadcast is made of.
_RATE_LIMITED_METHODS = frozenset({"sendMessage", "sendPhoto"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Parameters the Bot API types as strings. PTB sends them raw and every other value JSON-encoded,
# so only the others may be JSON-decoded: a message text "42" must stay a string.
_STRING_FIELDS = frozenset(
    {
        "action",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "data",
        "description",
        "file_id",
        "inline_message_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "parse_mode",
        "photo",
        "secret_token",
        "text",
        "url",
    }
)
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
# Uploads are never decoded, so every photo reports the same plausible size.
_PHOTO_WIDTH = 800
_PHOTO_HEIGHT = 600


@dataclass
class Sent:
    """One successful outgoing bot message, or an edit of one.

    ``text`` is the message text, or the caption of a photo, exactly as the bot sent it (HTML
    tags included); ``message_id`` is the new message's id, or for an edit the id of the edited
    message. ``reply_markup`` is the decoded markup the call carried and
    ``link_preview_options`` the preview options it asked for (``disable_web_page_preview``
    reads as ``{"is_disabled": True}``). ``sent_at`` is ``time.monotonic()`` when the fake
    accepted the call.
    """

    method: str
    chat_id: int
    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    photo: bytes | None
    message_id: int
    sent_at: float = field(default_factory=time.monotonic)
    link_preview_options: dict[str, Any] | None = None

    @property
    def is_edit(self) -> bool:
        """Whether this record is an edit of an earlier message rather than a new message."""
        return self.method.startswith("edit")

    @property
    def callback_data(self) -> list[str]:
        """The ``callback_data`` of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            button["callback_data"] for row in rows for button in row if "callback_data" in button
        ]


@dataclass(frozen=True)
class Failure:
    """A request the fake answered with an error, kept to explain a failed wait."""

    method: str
    status: int
    description: str


@dataclass(frozen=True)
class _Fault:
    status: int
    description: str
    retry_after: int | None


class _ApiError(Exception):
    """An error answer: raised anywhere below a method handler, turned into the JSON body."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


class _Signal:
    """Wakes everyone waiting at the time of ``notify``; waiters then re-check their condition.

    Swapping in a fresh event rather than clearing a shared one means no waiter misses a notify
    that lands between its check and its wait, and keeps ``notify`` O(1) when nobody waits,
    which matters for the benchmark's ten thousand sends.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    def current(self) -> asyncio.Event:
        return self._event


async def _wait_event(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout=seconds)


def _utf16_length(text: str) -> int:
    # Entity offsets and lengths are counted in UTF-16 code units by the Bot API.
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    # Telegram reports markup errors by UTF-8 byte offset.
    return len(text[:index].encode())


# HTML parse mode, after core.telegram.org/bots/api#html-style.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_NAMED_CHAR_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MARKUP_START = re.compile(r"[<&]")
_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s+[A-Za-z][A-Za-z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+))?)*)"
    r"\s*>"
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+))?")
_CHAR_REF = re.compile(
    r"&(?:#(?P<dec>[0-9]{1,8})|#[xX](?P<hex>[0-9A-Fa-f]{1,8})|(?P<name>[A-Za-z]+));"
)


@dataclass
class _OpenTag:
    name: str
    entity: dict[str, Any] | None
    start: int


def _markup_error(detail: str) -> _ApiError:
    return _bad_request(f"can't parse entities: {detail}")


def _decode_char_ref(ref: re.Match[str], text: str) -> str:
    if ref["name"] is not None:
        char = _NAMED_CHAR_REFS.get(ref["name"])
        if char is None:
            raise _markup_error(
                f'Unsupported HTML entity "&{ref["name"]};" at byte offset '
                f"{_byte_offset(text, ref.start())}"
            )
        return char
    code = int(ref["dec"]) if ref["dec"] is not None else int(ref["hex"], 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise _markup_error(
            f"Invalid character entity at byte offset {_byte_offset(text, ref.start())}"
        )
    return chr(code)


def _entity_for_tag(
    name: str, attributes: dict[str, str], open_tags: list[_OpenTag], where: str
) -> dict[str, Any] | None:
    """The entity a start tag opens, None for one that adds none; raises for a refused tag."""
    if name in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[name]}
    if name == "span" and attributes.get("class") == "tg-spoiler":
        return {"type": "spoiler"}
    if name == "a" and attributes.get("href"):
        return {"type": "text_link", "url": attributes["href"]}
    if name == "code":
        if not open_tags or open_tags[-1].name != "pre":
            return {"type": "code"}
        # <pre><code class="language-x"> makes one pre entity, carrying the language if any.
        css_class = attributes.get("class", "")
        pre = open_tags[-1].entity
        if pre is not None and css_class.startswith("language-"):
            pre["language"] = css_class.removeprefix("language-")
        return None
    if name == "pre":
        return {"type": "pre"}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attributes else "blockquote"}
    if name == "tg-emoji" and attributes.get("emoji-id"):
        return {"type": "custom_emoji", "custom_emoji_id": attributes["emoji-id"]}
    if name == "tg-time" and attributes.get("unix", "").isdigit():
        entity: dict[str, Any] = {"type": "date_time", "unix_time": int(attributes["unix"])}
        if "format" in attributes:
            entity["date_time_format"] = attributes["format"]
        return entity
    raise _markup_error(f'Unsupported start tag "{name}" at byte offset {where}')


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and entities Telegram makes of ``text`` in HTML parse mode.

    Raises the 400 answer Telegram gives for unsupported tags, unbalanced tags and ``<`` or
    ``&`` that start neither a tag nor a character reference. A bare ``>`` is accepted, as the
    real server tolerates it.
    """
    pieces: list[str] = []
    entities: list[dict[str, Any]] = []
    open_tags: list[_OpenTag] = []
    offset = 0
    position = 0
    while True:
        special = _MARKUP_START.search(text, position)
        end = special.start() if special is not None else len(text)
        if end > position:
            chunk = text[position:end]
            pieces.append(chunk)
            offset += _utf16_length(chunk)
        if special is None:
            break
        position = end
        if text[position] == "&":
            ref = _CHAR_REF.match(text, position)
            if ref is None:
                raise _markup_error(
                    f"Character entity expected at byte offset {_byte_offset(text, position)}"
                )
            char = _decode_char_ref(ref, text)
            pieces.append(char)
            offset += _utf16_length(char)
            position = ref.end()
            continue

        where = str(_byte_offset(text, position))
        tag = _TAG.match(text, position)
        if tag is None:
            named = _TAG_NAME.match(text, position)
            if named is None:
                raise _markup_error(f'Unsupported start tag "" at byte offset {where}')
            raise _markup_error(f"Unclosed start tag at byte offset {where}")
        position = tag.end()
        name = tag["name"].lower()
        attributes = {
            key.lower(): html.unescape(value[1:-1] if value[:1] in ('"', "'") else value)
            for key, value in _ATTRIBUTE.findall(tag["attrs"])
        }
        if not tag["close"]:
            entity = _entity_for_tag(name, attributes, open_tags, where)
            open_tags.append(_OpenTag(name, entity, offset))
            continue
        if attributes:
            raise _markup_error(f"Unclosed end tag at byte offset {where}")
        if not open_tags:
            raise _markup_error(f"Unexpected end tag at byte offset {where}")
        opened = open_tags.pop()
        if opened.name != name:
            raise _markup_error(
                f'Unmatched end tag at byte offset {where}, expected "</{opened.name}>", '
                f'found "</{name}>"'
            )
        # Telegram drops entities that cover no text.
        if opened.entity is not None and offset > opened.start:
            entities.append(
                {**opened.entity, "offset": opened.start, "length": offset - opened.start}
            )
    if open_tags:
        raise _markup_error(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1].name}"'
        )
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(pieces), entities


def _decode_field(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


def _optional_int(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad_request(f"wrong parameter {name} in request")
    return value


def _reply_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The decoded, validated ``reply_markup`` of a call, None when it carries none."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
    elif not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
        raise _bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise _bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise _bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not isinstance(button["url"], str) or not button["url"]:
            raise _bad_request("BUTTON_URL_INVALID")
    elif len(button) == 1:
        raise _bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )


def _link_preview_options(params: dict[str, Any]) -> dict[str, Any] | None:
    options = params.get("link_preview_options")
    if isinstance(options, dict):
        return options
    if options is not None:
        raise _bad_request("can't parse link preview options JSON object")
    if params.get("disable_web_page_preview") is True:
        return {"is_disabled": True}
    return None


def _format(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    if parse_mode is None or parse_mode == "":
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode in ("markdown", "markdownv2"):
        return text, []
    raise _bad_request(f"unsupported parse_mode {parse_mode!r}")


def _optional_str(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad_request(f"wrong parameter {name} in request")
    return value


def _with_text(
    message: dict[str, Any], key: str, plain: str, entities: list[dict[str, Any]]
) -> None:
    entities_key = "entities" if key == "text" else "caption_entities"
    message[key] = plain
    if entities:
        message[entities_key] = entities
    else:
        message.pop(entities_key, None)


def _with_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    # A message carries only an inline keyboard; reply keyboards belong to the user's client.
    if markup is not None and markup.get("inline_keyboard"):
        message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
    else:
        message.pop("reply_markup", None)


_Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class FakeTelegram:
    """An in-process HTTP server answering like api.telegram.org for one bot.

    Use ``async with FakeTelegram() as fake`` and build the PTB application with
    ``.base_url(fake.base_url).base_file_url(fake.base_file_url)``. Records (:attr:`sent`,
    :attr:`calls`, :attr:`failures`) accumulate from the start, or from the last :meth:`reset`.
    """

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        """Serve the bot whose token is ``token``; other tokens are refused like Telegram does."""
        self.token = token
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: list[Failure] = []
        self.too_many = 0
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self._runner: web.AppRunner | None = None
        self._base: str | None = None
        self._stopping = asyncio.Event()
        self._sent_signal = _Signal()
        self._calls_signal = _Signal()
        self._updates_signal = _Signal()
        # Ids only grow, even across reset(), so that a client's getUpdates offset stays valid.
        self._next_update_id = 1
        self._next_query_id = 1
        self._next_file_id = 1
        self._message_ids: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._open_queries: set[str] = set()
        self._files: dict[str, tuple[str, bytes]] = {}
        self._file_paths: dict[str, bytes] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._blocked: set[int] = set()
        self._rate_quota: int | None = None
        self._rate_window = 1.0
        self._send_times: deque[float] = deque()
        self._latency = 0.0
        handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
        }
        # The Bot API matches method names case-insensitively.
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}

    # Lifecycle

    @property
    def base_url(self) -> str:
        """The value for ``ApplicationBuilder().base_url``, e.g. ``http://127.0.0.1:5678/bot``."""
        return f"{self._root()}/bot"

    @property
    def base_file_url(self) -> str:
        """The value for ``ApplicationBuilder().base_file_url``."""
        return f"{self._root()}/file/bot"

    def _root(self) -> str:
        if self._base is None:
            raise RuntimeError("FakeTelegram is not running; use `async with FakeTelegram()`")
        return self._base

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        if self._runner is not None:
            return
        self._stopping = asyncio.Event()
        # Uploads up to the Bot API's 50 MB limit must get through.
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # Cancelling handlers whose client hung up ends long polls PTB abandons on stop.
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._base = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Answer pending long polls and delays at once, then stop listening."""
        self._stopping.set()
        self._updates_signal.notify()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._base = None

    async def __aenter__(self) -> FakeTelegram:
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
        """Forget records, faults, queued updates, messages, commands and the webhook.

        Update, message and callback query ids keep growing, so a client that keeps polling
        across tests neither misses nor repeats updates. ``since`` cursors from before a reset
        no longer apply.
        """
        self.sent.clear()
        self.calls.clear()
        self.failures.clear()
        self.too_many = 0
        self.webhook_url = ""
        self.webhook_secret = None
        self._updates.clear()
        self._allowed_updates = None
        self._messages.clear()
        self._open_queries.clear()
        self._commands.clear()
        self._faults.clear()
        self._blocked.clear()
        self._rate_quota = None
        self._send_times.clear()
        self._latency = 0.0

    # Faults

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` with an error of ``status``.

        A 429 carries ``parameters.retry_after``; a 403 says the bot was blocked by the user.
        ``description`` overrides the error text Telegram would give.
        """
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                403: "Forbidden: bot was blocked by the user",
                400: "Bad Request: injected fault",
                401: "Unauthorized",
                404: "Not Found",
                409: "Conflict: terminated by other getUpdates request",
            }.get(status, HTTPStatus(status).phrase)
        fault = _Fault(status, description, retry_after if status == 429 else None)
        self._faults.setdefault(method.lower(), deque()).extend([fault] * count)

    def block(self, chat_id: int) -> None:
        """From now on answer every send or edit to ``chat_id`` with 403, as a blocked bot gets."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Let sends to ``chat_id`` through again."""
        self._blocked.discard(chat_id)

    def rate_limit(self, per_second: float | None) -> None:
        """Enforce an overall send rate, or stop enforcing one with None.

        Within any sliding one-second window at most ``per_second`` sendMessage and sendPhoto
        calls get through; the rest are answered 429 with ``retry_after=1`` and counted in
        :attr:`too_many`. A rate below one a second allows one send per ``1 / per_second`` s.
        """
        self._send_times.clear()
        if per_second is None:
            self._rate_quota = None
            return
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        if per_second >= 1:
            self._rate_quota, self._rate_window = int(per_second), 1.0
        else:
            self._rate_quota, self._rate_window = 1, 1.0 / per_second

    def latency(self, seconds: float) -> None:
        """Delay every answer, long polls included, by ``seconds``."""
        self._latency = max(0.0, seconds)

    # Feeding updates

    def make_text_update(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        username: str | None = None,
    ) -> dict[str, Any]:
        """An update of a user's text message, without queueing it (for webhook tests).

        It takes the next update id and the chat's next message id. Text starting with "/"
        gets the ``bot_command`` entity a Telegram client adds. Group chats need a negative
        ``chat_id`` and ``chat_type`` "group" or "supergroup".
        """
        chat = self._register_chat(user_id, chat_id, chat_type, first_name, username)
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username is not None:
            user["username"] = username
        user["language_code"] = "en"
        message: dict[str, Any] = {
            "message_id": self._new_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": dict(chat),
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_length(command)}
            ]
        self._messages[(chat["id"], message["message_id"])] = message
        return {"update_id": self._take_update_id(), "message": message}

    def make_button_update(
        self, user_id: int, data: str, *, message_id: int, chat_id: int | None = None
    ) -> dict[str, Any]:
        """An update of a user pressing an inline button, without queueing it.

        ``message_id`` names a message the bot sent to ``chat_id`` (default: ``user_id``); it
        must carry a button with this ``callback_data``, since a real user can press no other.
        """
        target = user_id if chat_id is None else chat_id
        message = self._messages.get((target, message_id))
        if message is None or message["from"]["id"] != BOT_ID:
            raise LookupError(f"the bot sent no message {message_id} to chat {target}")
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        offered = [button.get("callback_data") for row in rows for button in row]
        if data not in offered:
            raise LookupError(
                f"message {message_id} in chat {target} has no button with callback_data "
                f"{data!r}; it offers {offered}"
            )
        query_id = str(4_000_000_000_000_000 + self._next_query_id)
        self._next_query_id += 1
        self._open_queries.add(query_id)
        sender = self._chats.get(user_id, {})
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": sender.get("first_name", "Ann"),
            "language_code": "en",
        }
        if "username" in sender:
            user["username"] = sender["username"]
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": str(abs(target) * 7919 + BOT_ID),
            "message": copy.deepcopy(message),
            "data": data,
        }
        return {"update_id": self._take_update_id(), "callback_query": query}

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        username: str | None = None,
    ) -> int:
        """Queue a user's text message (see :meth:`make_text_update`); returns its update id."""
        update = self.make_text_update(
            user_id,
            text,
            chat_id=chat_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )
        return self.post_update(update)

    def press_button(
        self, user_id: int, data: str, *, message_id: int, chat_id: int | None = None
    ) -> str:
        """Queue a press of an inline button (see :meth:`make_button_update`).

        Returns the callback query id.
        """
        update = self.make_button_update(user_id, data, message_id=message_id, chat_id=chat_id)
        self.post_update(update)
        return str(update["callback_query"]["id"])

    def post_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update for getUpdates and return its id.

        An update without ``update_id`` gets the next one.
        """
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._take_update_id()
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        self._updates.append(update)
        self._updates_signal.notify()
        return int(update["update_id"])

    @property
    def pending_updates(self) -> int:
        """How many queued updates no getUpdates offset has acknowledged yet."""
        return len(self._updates)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message in a chat, as the Bot API would serialise it."""
        return self._messages.get((chat_id, message_id))

    @property
    def commands(self) -> list[dict[str, str]]:
        """The bot's commands for the default scope without a language code."""
        return list(self._commands.get(("default", ""), []))

    def _take_update_id(self) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    def _new_message_id(self, chat_id: int) -> int:
        # Like Telegram, every chat numbers its own messages, users' and the bot's alike.
        message_id = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = message_id
        return message_id

    def _register_chat(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        first_name: str,
        username: str | None,
    ) -> dict[str, Any]:
        if chat_type == "private":
            if chat_id is not None and chat_id != user_id:
                raise ValueError("a private chat's id is the user's id")
            chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
            if username is not None:
                chat["username"] = username
        elif chat_type in ("group", "supergroup"):
            if chat_id is None or chat_id >= 0:
                raise ValueError("a group chat needs a negative chat_id")
            chat = {"id": chat_id, "type": chat_type, "title": "Test group"}
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        self._chats[chat["id"]] = chat
        if chat_type != "private":
            # Remember the sender too, for the "from" of their button presses.
            sender = {"id": user_id, "type": "private", "first_name": first_name}
            if username is not None:
                sender["username"] = username
            self._chats.setdefault(user_id, sender)
        return chat

    def _chat(self, chat_id: int) -> dict[str, Any]:
        known = self._chats.get(chat_id)
        if known is not None:
            return dict(known)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        # Supergroup ids are -100 followed by the channel id.
        kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        return {"id": chat_id, "type": kind, "title": "Group"}

    # Waiting

    async def wait_for_sent(
        self,
        count: int = 1,
        *,
        chat_id: int | None = None,
        method: str | None = None,
        since: int = 0,
        # A deadline of its own per wait is what this helper is for.
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> list[Sent]:
        """Wait until ``count`` records match, and return every match.

        Records are counted from index ``since`` of :attr:`sent` (take ``len(fake.sent)`` as a
        cursor before acting), optionally only those to ``chat_id`` or of ``method`` (edits are
        records too). Raises ``TimeoutError`` (which ``asyncio.TimeoutError`` is) listing what
        was sent and the latest error answers.
        """

        def matching() -> list[Sent]:
            return [
                record
                for record in self.sent[since:]
                if (chat_id is None or record.chat_id == chat_id)
                and (method is None or record.method.lower() == method.lower())
            ]

        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            wake = self._sent_signal.current()
            found = matching()
            if len(found) >= count:
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await _wait_event(wake, remaining)
        where = "" if chat_id is None else f" to chat {chat_id}"
        what = "" if method is None else f" of {method}"
        raise TimeoutError(
            f"expected {count} record(s){what}{where} within {timeout} s, got {len(found)}.\n"
            + self._describe()
        )

    async def wait_for_call(
        self,
        method: str,
        *,
        since: int = 0,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """Wait for a request of ``method`` at or after index ``since`` of :attr:`calls`.

        Returns the decoded parameters of the first such request as soon as it arrives, before
        it is answered. Raises ``TimeoutError`` (``asyncio.TimeoutError``) listing the calls.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        wanted = method.lower()
        while True:
            wake = self._calls_signal.current()
            for name, params in self.calls[since:]:
                if name.lower() == wanted:
                    return params
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await _wait_event(wake, remaining)
        seen = [name for name, _ in self.calls[since:] if name != "getUpdates"]
        raise TimeoutError(
            f"no {method} call within {timeout} s; calls other than getUpdates: {seen}"
        )

    def _describe(self) -> str:
        lines = [f"sent ({len(self.sent)}):"]
        lines += [
            f"  {r.method} chat={r.chat_id} id={r.message_id} text={r.text!r}"
            for r in self.sent[-20:]
        ]
        if self.failures:
            lines.append(f"errors ({len(self.failures)}, latest last):")
            lines += [f"  {f.method} {f.status} {f.description}" for f in self.failures[-10:]]
        return "\n".join(lines)

    def _record(self, sent: Sent) -> None:
        self.sent.append(sent)
        self._sent_signal.notify()

    # HTTP

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {
            name: _decode_field(name, value) for name, value in request.query.items()
        }
        if request.content_type == "application/json":
            body = await request.json() if request.can_read_body else {}
            if not isinstance(body, dict):
                raise _bad_request("JSON object expected")
            params.update(body)
            return params
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                value.file.seek(0)
                params[name] = value.file.read()
            elif isinstance(value, bytes | bytearray):
                params[name] = bytes(value)
            else:
                params[name] = _decode_field(name, value)
        return params

    def _token_error(self, token: str) -> _ApiError | None:
        if token == self.token:
            return None
        # A well-formed token of no bot is unauthorised; anything else is an unknown path.
        if _TOKEN_SHAPE.fullmatch(token):
            return _ApiError(401, "Unauthorized")
        return _ApiError(404, "Not Found")

    async def _api(self, request: web.Request) -> web.Response:
        requested = request.match_info["method"]
        method, handler = self._methods.get(requested.lower(), (requested, None))
        try:
            params = await self._read_params(request)
        except _ApiError as error:
            return self._error_response(method, error)
        except ValueError:
            return self._error_response(method, _bad_request("can't parse request"))
        self.calls.append((method, params))
        self._calls_signal.notify()
        await self._sleep(self._latency)
        try:
            if (denied := self._token_error(request.match_info["token"])) is not None:
                raise denied
            if handler is None:
                raise _ApiError(404, "Not Found: method not found")
            self._raise_fault(method, params)
            result = await handler(params)
        except _ApiError as error:
            return self._error_response(method, error)
        return web.json_response({"ok": True, "result": result})

    def _error_response(self, method: str, error: _ApiError) -> web.Response:
        self.failures.append(Failure(method, error.status, error.description))
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.retry_after is not None:
            body["parameters"] = {"retry_after": error.retry_after}
        return web.json_response(body, status=error.status)

    def _raise_fault(self, method: str, params: dict[str, Any]) -> None:
        queued = self._faults.get(method.lower())
        if queued:
            fault = queued.popleft()
            raise _ApiError(fault.status, fault.description, fault.retry_after)
        if self._rate_quota is not None and method in _RATE_LIMITED_METHODS:
            now = time.monotonic()
            times = self._send_times
            while times and times[0] <= now - self._rate_window:
                times.popleft()
            if len(times) >= self._rate_quota:
                self.too_many += 1
                retry_after = max(1, round(self._rate_window))
                raise _ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
            times.append(now)
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int) and chat_id in self._blocked:
            if chat_id < 0:
                raise _ApiError(403, "Forbidden: bot was kicked from the group chat")
            raise _ApiError(403, "Forbidden: bot was blocked by the user")

    async def _download(self, request: web.Request) -> web.Response:
        content = self._file_paths.get(request.match_info["path"])
        if request.match_info["token"] != self.token or content is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=content, content_type="application/octet-stream")

    async def _sleep(self, seconds: float) -> None:
        # Wake early when the server stops, so shutdown never waits out a delay.
        if seconds > 0:
            await _wait_event(self._stopping, seconds)

    # Methods: bot and webhook

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = _optional_str(params, "url") or ""
        secret = _optional_str(params, "secret_token")
        if url:
            target = urlsplit(url)
            if target.scheme != "https" or not target.hostname:
                raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            if (target.port or 443) not in _WEBHOOK_PORTS:
                raise _bad_request(
                    "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
                )
        if secret is not None and not _WEBHOOK_SECRET.fullmatch(secret):
            raise _bad_request("bad webhook: secret token contains unallowed characters")
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook_url = url
        self.webhook_secret = secret if url else None
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _set_allowed_updates(self, allowed: Any) -> None:
        if allowed is None:
            return
        if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
            raise _bad_request("can't parse allowed updates")
        # An empty list restores the default set, as with Telegram.
        self._allowed_updates = frozenset(allowed) if allowed else None

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in self._allowed_updates

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _optional_int(params, "offset")
        limit = _optional_int(params, "limit") or MAX_UPDATES_PER_POLL
        limit = min(max(limit, 1), MAX_UPDATES_PER_POLL)
        timeout = params.get("timeout") or 0
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise _bad_request("wrong parameter timeout in request")
        self._set_allowed_updates(params.get("allowed_updates"))
        self._acknowledge(offset)

        # A newer poll ends an older one with 409, as when two bot instances poll at once.
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.notify()
        deadline = asyncio.get_running_loop().time() + float(timeout)
        while True:
            wake = self._updates_signal.current()
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            # Updates of types the bot did not ask for are never delivered, so drop them.
            self._updates = [update for update in self._updates if self._is_allowed(update)]
            if self._updates or self._stopping.is_set():
                return self._updates[:limit]
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return []
            await _wait_event(wake, remaining)

    def _acknowledge(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            # A negative offset keeps only the last -offset updates.
            del self._updates[: max(0, len(self._updates) + offset)]
            return
        self._updates = [update for update in self._updates if update["update_id"] >= offset]

    # Methods: messages

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        # The fake knows no channel usernames, so "@name" targets no chat.
        if isinstance(chat_id, bool) or not isinstance(chat_id, int):
            raise _bad_request("chat not found")
        return chat_id

    def _new_bot_message(self, chat_id: int, content: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._new_message_id(chat_id),
            "from": dict(BOT_USER),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
        }
        message.update(content)
        self._messages[(chat_id, message["message_id"])] = message
        return message

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text = _optional_str(params, "text")
        parse_mode = _optional_str(params, "parse_mode")
        if not text:
            raise _bad_request("message text is empty")
        plain, entities = _format(text, parse_mode)
        if not plain.strip():
            raise _bad_request("message text is empty")
        # Counted in code points: the Bot API does not say which unit the limit uses.
        if len(plain) > MAX_TEXT_LENGTH:
            raise _bad_request("message is too long")
        markup = _reply_markup(params)
        preview = _link_preview_options(params)
        message = self._new_bot_message(chat_id, {})
        _with_text(message, "text", plain, entities)
        _with_markup(message, markup)
        if preview is not None:
            message["link_preview_options"] = preview
        self._record(
            Sent(
                method="sendMessage",
                chat_id=chat_id,
                text=text,
                parse_mode=parse_mode,
                reply_markup=markup,
                photo=None,
                message_id=message["message_id"],
                link_preview_options=preview,
            )
        )
        return message

    def _photo_sizes(self, content: bytes | None, file_id: str | None) -> list[dict[str, Any]]:
        if file_id is None:
            number = self._next_file_id
            self._next_file_id += 1
            file_id = f"AgACAgIAAxkDAAI{number:08d}fake"
            path = f"photos/file_{number}.jpg"
            self._files[file_id] = (path, content or b"")
            if content is not None:
                self._file_paths[path] = content
        size = {
            "file_id": file_id,
            "file_unique_id": f"AQAD{file_id[-12:]}",
            "width": _PHOTO_WIDTH,
            "height": _PHOTO_HEIGHT,
        }
        if content is not None:
            size["file_size"] = len(content)
        return [size]

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        photo = params.get("photo")
        existing_id: str | None = None
        content: bytes | None
        if isinstance(photo, bytes):
            if not photo:
                raise _bad_request("file must be non-empty")
            content = photo
        elif isinstance(photo, str) and photo in self._files:
            existing_id, content = photo, self._files[photo][1]
        elif isinstance(photo, str) and photo.startswith(("http://", "https://")):
            content = None
        elif photo is None:
            raise _bad_request("there is no photo in the request")
        else:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        caption = _optional_str(params, "caption")
        parse_mode = _optional_str(params, "parse_mode")
        plain, entities = _format(caption or "", parse_mode)
        if len(plain) > MAX_CAPTION_LENGTH:
            raise _bad_request("message caption is too long")
        markup = _reply_markup(params)
        message = self._new_bot_message(chat_id, {"photo": self._photo_sizes(content, existing_id)})
        if plain:
            _with_text(message, "caption", plain, entities)
        _with_markup(message, markup)
        self._record(
            Sent(
                method="sendPhoto",
                chat_id=chat_id,
                text=caption,
                parse_mode=parse_mode,
                reply_markup=markup,
                photo=content,
                message_id=message["message_id"],
            )
        )
        return message

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        # A file upload; its bytes are recorded in ``Sent.photo`` like a photo's.
        chat_id = self._chat_id(params)
        document = params.get("document")
        if not isinstance(document, bytes) or not document:
            raise _bad_request("there is no document in the request")
        caption = _optional_str(params, "caption")
        message = self._new_bot_message(
            chat_id, {"document": {"file_id": f"doc{len(self.sent)}", "file_unique_id": "u"}}
        )
        self._record(
            Sent(
                method="sendDocument",
                chat_id=chat_id,
                text=caption,
                parse_mode=_optional_str(params, "parse_mode"),
                reply_markup=None,
                photo=document,
                message_id=message["message_id"],
            )
        )
        return message

    def _editable(self, params: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
        if params.get("inline_message_id") is not None:
            # The fake never issues inline message ids, so none can be valid.
            raise _bad_request("MESSAGE_ID_INVALID")
        chat_id = self._chat_id(params)
        message_id = _optional_int(params, "message_id")
        message = None if message_id is None else self._messages.get((chat_id, message_id))
        if message_id is None or message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != BOT_ID:
            raise _bad_request("message can't be edited")
        return chat_id, message_id, message

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, message_id, message = self._editable(params)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        text = _optional_str(params, "text")
        parse_mode = _optional_str(params, "parse_mode")
        if not text:
            raise _bad_request("message text is empty")
        plain, entities = _format(text, parse_mode)
        if not plain.strip():
            raise _bad_request("message text is empty")
        if len(plain) > MAX_TEXT_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        markup = _reply_markup(params)
        # An edit without reply_markup removes the keyboard, which often surprises bot authors.
        updated = dict(message)
        _with_text(updated, "text", plain, entities)
        _with_markup(updated, markup)
        unchanged = (
            updated.get("text"),
            updated.get("entities"),
            updated.get("reply_markup"),
        ) == (message.get("text"), message.get("entities"), message.get("reply_markup"))
        if unchanged:
            raise _bad_request(_NOT_MODIFIED)
        preview = _link_preview_options(params)
        if preview is not None:
            updated["link_preview_options"] = preview
        updated["edit_date"] = int(time.time())
        self._messages[(chat_id, message_id)] = updated
        self._record(
            Sent(
                method="editMessageText",
                chat_id=chat_id,
                text=text,
                parse_mode=parse_mode,
                reply_markup=markup,
                photo=None,
                message_id=message_id,
                link_preview_options=preview,
            )
        )
        return updated

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, message_id, message = self._editable(params)
        markup = _reply_markup(params)
        updated = dict(message)
        _with_markup(updated, markup)
        if updated.get("reply_markup") == message.get("reply_markup"):
            raise _bad_request(_NOT_MODIFIED)
        updated["edit_date"] = int(time.time())
        self._messages[(chat_id, message_id)] = updated
        self._record(
            Sent(
                method="editMessageReplyMarkup",
                chat_id=chat_id,
                text=None,
                parse_mode=None,
                reply_markup=markup,
                photo=None,
                message_id=message_id,
            )
        )
        return updated

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat_id = self._chat_id(params)
        message_id = _optional_int(params, "message_id")
        if message_id is None or self._messages.pop((chat_id, message_id), None) is None:
            raise _bad_request("message to delete not found")
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = _optional_str(params, "callback_query_id")
        if query_id is None or query_id not in self._open_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        # A query can be answered once.
        self._open_queries.discard(query_id)
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = _optional_str(params, "file_id")
        if file_id is None or file_id not in self._files:
            raise _bad_request("invalid file_id")
        path, content = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"AQAD{file_id[-12:]}",
            "file_size": len(content),
            "file_path": path,
        }

    # Methods: commands

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope")
        if scope is None:
            scope_key = "default"
        elif isinstance(scope, dict) and isinstance(scope.get("type"), str):
            scope_key = (
                json.dumps(scope, sort_keys=True) if scope != {"type": "default"} else "default"
            )
        else:
            raise _bad_request("can't parse BotCommandScope JSON object")
        language = _optional_str(params, "language_code") or ""
        return scope_key, language

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON array")
        if len(commands) > MAX_COMMANDS:
            raise _bad_request("too many commands specified")
        checked: list[dict[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if (
                not isinstance(description, str)
                or not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION_LENGTH
            ):
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            checked.append({"command": name, "description": description})
        key = self._command_key(params)
        if checked:
            self._commands[key] = checked
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return list(self._commands.get(self._command_key(params), []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(self._command_key(params), None)
        return True


async def post_webhook(url: str, update: dict[str, Any], secret: str | None) -> int:
    """POST ``update`` to a webhook endpoint the way Telegram does; return the HTTP status.

    The body is JSON with ``Content-Type`` exactly ``application/json`` (PTB's webhook handler
    refuses anything else) and, when ``secret`` is given, the secret token header.
    """
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    timeout = aiohttp.ClientTimeout(total=10)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(url, data=json.dumps(update).encode(), headers=headers) as response,
    ):
        await response.read()
        return response.status
