"""Career Navigator in Telegram, on python-telegram-bot's Application.

Commands, free text and button presses become one core call each; replies are rendered
with the Telegram templates (HTML, every value escaped), cut to Telegram's limits, with
buttons where they save typing and charts as photos.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import logging
import re
from collections import OrderedDict
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from adapters.buttons import PERSONAL, Button, buttons_for, split_message
from core.conversation.assistant import Assistant
from core.conversation.commands import COMMANDS
from core.conversation.replies import Reply
from core.digests.delivery import Outcome
from core.profiles.models import PlatformIdentity
from templates import Renderer
from templates.charts import CHART_KINDS, chart_for

log = logging.getLogger(__name__)

PLATFORM = "telegram"
# Long lists are shown a page at a time, with buttons to turn pages.
PAGED = frozenset({"roadmap", "jobs", "projects"})
PAGE_CHARS = 1800
KEPT_PAGES = 2000
KEPT_PHOTOS = 256
DIGEST_ATTEMPTS = 5
EXPORT_FILENAME = "career-navigator-data.json"
# Digests go out at this share of the overall rate, leaving room for replies to people.
BROADCAST_SHARE = 0.985
TAG = re.compile(r"<[^>]*>")
CHART_CAPTIONS = {"gap": "Your skill gap", "trending": "Trending skills"}


def identity_of(user: User) -> PlatformIdentity:
    """The platform account behind a Telegram user."""
    return PlatformIdentity(
        platform=PLATFORM, external_id=str(user.id), display_name=user.first_name
    )


def visible_length(text: str) -> int:
    """The length Telegram counts for HTML text: without tags, entities as one character,
    in UTF-16 code units (the larger of the units it may count in)."""
    plain = html.unescape(TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def file_url_for(base_url: str) -> str:
    """Telegram serves files under /file/bot<token> beside /bot<token>."""
    head, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url.rstrip("/") + "/file/bot"


def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard of button rows; None for none."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row] for row in rows]
    )


class TelegramAdapter:
    """One bot account: long polling by default, or updates fed from a webhook."""

    def __init__(
        self,
        assistant: Assistant,
        token: str,
        *,
        base_url: str = "https://api.telegram.org/bot",
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        poll_timeout: float = 10.0,
        max_retries: int = 3,
        rate_limit: bool = True,
        max_rate: float = 30.0,
    ) -> None:
        self.assistant = assistant
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.poll_timeout = poll_timeout
        self.renderer = Renderer("telegram", html=True)
        self._pages: OrderedDict[tuple[int, int], list[str]] = OrderedDict()
        self._photo_ids: OrderedDict[str, str] = OrderedDict()
        self._uploads: dict[str, asyncio.Future[str | None]] = {}
        self.connected = False
        self._send_interval = 1 / (max_rate * BROADCAST_SHARE)
        self._next_send = 0.0
        self._pace_lock = asyncio.Lock()
        # Typed loosely: the builder's generic parameters change with each option set.
        builder: Any = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .base_file_url(file_url_for(base_url))
            .defaults(
                Defaults(
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            )
            # Different people are answered at once; one person's messages in order
            # matter less than nobody waiting behind a slow answer.
            .concurrent_updates(64)
        )
        if rate_limit:
            # Stays within Telegram's flood limits and waits out RetryAfter answers.
            builder = builder.rate_limiter(
                AIORateLimiter(overall_max_rate=max_rate, max_retries=max_retries)
            )
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.application.add_handler(MessageHandler(filters.COMMAND, self._on_command))
        self.application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self._on_text))
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)

    @property
    def username(self) -> str:
        """The bot's @username, known once started."""
        return str(self.application.bot.username)

    async def start(self) -> None:
        """Connect, register the command menu and start receiving updates."""
        app = self.application
        await app.initialize()
        await app.bot.set_my_commands(
            [BotCommand(name, description) for name, description in COMMANDS.items()]
        )
        await app.start()
        if self.webhook_url:
            await app.bot.set_webhook(
                self.webhook_url,
                secret_token=self.webhook_secret,
                allowed_updates=["message", "callback_query"],
            )
        else:
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0,
                timeout=int(self.poll_timeout),
                allowed_updates=["message", "callback_query"],
            )
        self.connected = True
        log.info("telegram: connected as @%s", self.username)

    async def stop(self) -> None:
        """Stop receiving, finish what is in hand, disconnect."""
        app = self.application
        self.connected = False
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def _pace(self) -> None:
        # Broadcasts are spaced evenly just under the overall limit: the rate limiter above
        # allows bursts, which Telegram answers with 429 and a pause for everyone.
        async with self._pace_lock:
            loop = asyncio.get_running_loop()
            wait = self._next_send - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next_send = max(loop.time(), self._next_send) + self._send_interval

    async def open_for_sending(self) -> None:
        """Connect for sending only (digests from the command line): no updates received."""
        await self.application.initialize()

    async def close_for_sending(self) -> None:
        """Undo `open_for_sending`."""
        await self.application.shutdown()

    async def feed(self, payload: dict[str, Any]) -> None:
        """Queue an update that arrived by webhook."""
        update = Update.de_json(payload, self.application.bot)
        await self.application.update_queue.put(update)

    # -- incoming ----------------------------------------------------------------------

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        head, _, args = message.text.partition(" ")
        command, _, addressee = head[1:].partition("@")
        private = message.chat.type == ChatType.PRIVATE
        if addressee and addressee.lower() != self.username.lower() and not private:
            return  # a command for another bot in the group
        reply = await self._safely(
            self.assistant.handle_command(identity_of(user), command, args.strip())
        )
        await self._deliver(message, user, reply)

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        text = message.text
        if message.chat.type != ChatType.PRIVATE:
            # In groups, only what is addressed to the bot: a mention or a reply to it.
            mention = f"@{self.username}".lower()
            replied = message.reply_to_message
            to_bot = replied is not None and replied.from_user is not None
            to_bot = to_bot and replied.from_user.id == self.application.bot.id  # type: ignore[union-attr]
            if mention in text.lower():
                text = text.replace(f"@{self.username}", " ").strip()
            elif not to_bot:
                return
        reply = await self._safely(
            self.assistant.handle_text(identity_of(user), text, confirm_skills=True)
        )
        await self._deliver(message, user, reply)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        payload = query.data or ""
        message = query.message if isinstance(query.message, Message) else None
        chat = message.chat if message is not None else None
        if chat is not None and chat.type == ChatType.PRIVATE and chat.id != query.from_user.id:
            # Only a forged update presses a button in someone else's private chat.
            log.warning("telegram: ignored a button press by another account in a private chat")
            await query.answer()
            return
        if payload.startswith("page:"):
            await self._turn_page(query.answer, message, payload)
            return
        await query.answer()
        reply = await self._safely(
            self.assistant.handle_button(identity_of(query.from_user), payload)
        )
        if message is not None:
            # The question's buttons have done their job; pressing them again would confuse.
            with contextlib.suppress(BadRequest):
                await message.edit_reply_markup(None)
            await self._deliver(message, query.from_user, reply)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        user = update.effective_user if isinstance(update, Update) else None
        if isinstance(error, Forbidden) and user is not None:
            # Blocked, or kicked: stop writing to them (digests included) until they return.
            log.info("telegram: user %s cannot be reached (%s)", user.id, error.message)
            await self.assistant.profiles.mark_unreachable(identity_of(user))
            return
        log.error("telegram: update failed: %s", type(error).__name__, exc_info=error)

    async def _safely(self, answer: Any) -> Reply:
        """The core's reply, or a friendly apology if answering failed unexpectedly."""
        try:
            reply: Reply = await answer
        except Exception:
            log.exception("telegram: answering failed")
            return Reply("error")
        return reply

    # -- outgoing ----------------------------------------------------------------------

    async def _deliver(self, message: Message, user: User, reply: Reply) -> None:
        if reply.kind == "silent":
            return  # over the per-person limit, already told once
        chat = message.chat
        if chat.type == ChatType.PRIVATE or reply.kind not in PERSONAL:
            await self.send(chat.id, reply, name=user.first_name)
            return
        # Never show one member's profile to the group: answer them privately.
        try:
            await self.send(user.id, reply, name=user.first_name)
            sent = True
        except Forbidden:
            sent = False
        await self.send(chat.id, Reply("group_private", {"sent": sent, "name": user.first_name}))

    async def send(self, chat_id: int, reply: Reply, *, name: str | None = None) -> None:
        """Send a reply: text in pieces within limits, buttons under it, a chart if any."""
        bot = self.application.bot
        text = self.renderer.render(reply.kind, {"name": name, **reply.data})
        if not text:  # Telegram refuses empty messages; never leave a person unanswered
            text = self.renderer.render("unknown", {})
        markup = keyboard(buttons_for(reply))
        png = await chart_for(reply.kind, reply.data) if reply.kind in CHART_KINDS else None
        if png is not None and visible_length(text) <= MessageLimit.CAPTION_LENGTH:
            # One message: the answer with its chart under it (as Discord's embed shows it),
            # rather than two that each count against the chat's flood limit.
            await self._send_photo(chat_id, png, text, markup, above=True)
            return
        if reply.kind in PAGED and len(text) > PAGE_CHARS:
            pages = split_message(text, PAGE_CHARS)
            sent = await bot.send_message(chat_id, pages[0], reply_markup=self._pager(0, pages))
            self._keep_pages((chat_id, sent.message_id), pages)
        else:
            pieces = split_message(text, MessageLimit.MAX_TEXT_LENGTH)
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                await bot.send_message(chat_id, piece, reply_markup=markup if last else None)
        if reply.kind == "export":
            await bot.send_document(chat_id, reply.data["json"].encode(), filename=EXPORT_FILENAME)
        if png is not None:
            await self._send_photo(chat_id, png, CHART_CAPTIONS[reply.kind])

    async def _send_photo(
        self,
        chat_id: int,
        png: bytes,
        caption: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        above: bool = False,
    ) -> None:
        # Many people get the same chart on a day; Telegram keeps every photo the bot has
        # sent, so a repeat goes by its file id instead of uploading the picture again (and
        # while the first upload is under way, the others wait for its id).
        bot = self.application.bot
        digest = hashlib.blake2b(png, digest_size=16).hexdigest()
        file_id = self._photo_ids.get(digest)
        uploading = self._uploads.get(digest)
        if file_id is None and uploading is not None:
            file_id = await asyncio.shield(uploading)
        if file_id is not None:
            try:
                await bot.send_photo(
                    chat_id,
                    file_id,
                    caption=caption,
                    reply_markup=markup,
                    show_caption_above_media=above,
                )
                self._photo_ids.move_to_end(digest, last=True)
                return
            except BadRequest:
                self._photo_ids.pop(digest, None)  # no longer known there: upload it again
        uploaded: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._uploads.setdefault(digest, uploaded)
        try:
            sent = await bot.send_photo(
                chat_id, png, caption=caption, reply_markup=markup, show_caption_above_media=above
            )
            if sent.photo:
                uploaded.set_result(sent.photo[-1].file_id)
                self._photo_ids[digest] = sent.photo[-1].file_id
                while len(self._photo_ids) > KEPT_PHOTOS:
                    self._photo_ids.popitem(last=False)
        finally:
            if not uploaded.done():
                uploaded.set_result(None)
            if self._uploads.get(digest) is uploaded:
                del self._uploads[digest]

    async def send_digest(self, external_id: str, reply: Reply) -> Outcome:
        """Deliver a digest; the rate limiter keeps the overall pace within Telegram's."""
        for _ in range(DIGEST_ATTEMPTS):
            try:
                await self._pace()
                await self.send(int(external_id), reply)
                return "sent"
            except Forbidden:
                await self.assistant.profiles.mark_unreachable(
                    PlatformIdentity(platform=PLATFORM, external_id=external_id)
                )
                return "unreachable"
            except RetryAfter as exc:
                # The limiter's own retries were not enough: wait as long as asked.
                delay = exc.retry_after
                await asyncio.sleep(
                    delay if isinstance(delay, int | float) else delay.total_seconds()
                )
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    return "unreachable"
                raise
            except (TimedOut, NetworkError):
                return "retry"
        return "retry"

    @staticmethod
    def _pager(index: int, pages: list[str]) -> InlineKeyboardMarkup:
        row = []
        if index > 0:
            row.append(InlineKeyboardButton("◀ Back", callback_data=f"page:{index - 1}"))
        row.append(InlineKeyboardButton(f"{index + 1}/{len(pages)}", callback_data=f"page:{index}"))
        if index < len(pages) - 1:
            row.append(InlineKeyboardButton("More ▶", callback_data=f"page:{index + 1}"))
        return InlineKeyboardMarkup([row])

    def _keep_pages(self, key: tuple[int, int], pages: list[str]) -> None:
        self._pages[key] = pages
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    async def _turn_page(self, answer: Any, message: Message | None, payload: str) -> None:
        pages = self._pages.get((message.chat.id, message.message_id)) if message else None
        index = payload.partition(":")[2]
        if message is None or pages is None or not index.isdigit() or int(index) >= len(pages):
            await answer("This list has expired: ask me again for a fresh one.")
            return
        await answer()
        with contextlib.suppress(BadRequest):  # "message is not modified": the same page
            await message.edit_text(pages[int(index)], reply_markup=self._pager(int(index), pages))
