"""The Telegram fake answers python-telegram-bot like the real Bot API, so bot tests can trust it.

Every test drives the real PTB ``Application`` (or its bot) over HTTP against the fake.
"""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakes.telegram_api import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_TOKEN,
    SECRET_HEADER,
    FakeTelegram,
    post_webhook,
)

TOKEN = DEFAULT_TOKEN
# Long enough that an idle application really long-polls; stopping cancels the poll at once.
POLL_TIMEOUT = 5
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture(autouse=True)
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta time periods, so RetryAfter raises no deprecation warning."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A running fake for the default test bot."""
    async with FakeTelegram(token=TOKEN) as server:
        yield server


def build_application(fake: FakeTelegram, token: str = TOKEN) -> AnyApplication:
    """A PTB application pointed at the fake."""
    return (
        ApplicationBuilder()
        .token(token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[ExtBot[None]]:
    """An initialised application's bot, for direct API calls without polling."""
    application = build_application(fake)
    await application.initialize()
    try:
        yield application.bot
    finally:
        await application.shutdown()


@dataclass
class Handled:
    """What the running application's handlers saw."""

    commands: list[tuple[int, list[str]]] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    errors: list[object] = field(default_factory=list)


MENU = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Data science", callback_data="track:ds"),
            InlineKeyboardButton("Backend", callback_data="track:be"),
        ]
    ]
)


@pytest.fixture
async def handled(fake: FakeTelegram) -> AsyncIterator[Handled]:
    """A polling application with a /start command, a button handler and an echo."""
    seen = Handled()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        seen.commands.append((update.effective_chat.id, list(context.args or [])))
        await update.effective_message.reply_text("Pick a track", reply_markup=MENU)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        seen.buttons.append(query.data)
        await query.answer("Saved")
        await query.edit_message_text(f"Track saved: {query.data}")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.errors.append(context.error)

    application = build_application(fake)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_error_handler(on_error)
    updater = application.updater
    assert updater is not None
    await application.initialize()
    try:
        await application.start()
        await updater.start_polling(poll_interval=0, timeout=POLL_TIMEOUT)
        yield seen
    finally:
        if updater.running:
            await updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
    assert seen.errors == []


# The polling application


async def test_a_text_message_is_echoed_back_to_the_chat_it_came_from(
    fake: FakeTelegram, handled: Handled
) -> None:
    fake.send_text(42, "hello")
    fake.send_text(43, "salut", first_name="Bea")

    [to_ann] = await fake.wait_for_sent(1, chat_id=42)
    [to_bea] = await fake.wait_for_sent(1, chat_id=43)

    assert (to_ann.method, to_ann.text) == ("sendMessage", "hello")
    assert (to_bea.method, to_bea.text) == ("sendMessage", "salut")


async def test_commands_reach_the_command_handler_with_or_without_the_bot_username(
    fake: FakeTelegram, handled: Handled
) -> None:
    fake.send_text(42, "/start")
    fake.send_text(42, f"/start@{BOT_USERNAME} deep-link")
    fake.send_text(7, f"/start@{BOT_USERNAME}", chat_id=-1001234567890, chat_type="supergroup")

    replies = await fake.wait_for_sent(3)

    assert handled.commands == [(42, []), (42, ["deep-link"]), (-1001234567890, [])]
    assert [reply.chat_id for reply in replies] == [42, 42, -1001234567890]
    assert all(reply.callback_data == ["track:ds", "track:be"] for reply in replies)


async def test_a_command_addressed_to_another_bot_is_not_handled(
    fake: FakeTelegram, handled: Handled
) -> None:
    fake.send_text(42, "/start@some_other_bot")
    fake.send_text(42, "/start")

    await fake.wait_for_sent(1)
    # Updates are handled in order, so the first one was dealt with before the reply came.
    assert handled.commands == [(42, [])]
    assert len(fake.sent) == 1


async def test_a_button_press_reaches_the_callback_handler_and_is_answered(
    fake: FakeTelegram, handled: Handled
) -> None:
    fake.send_text(42, "/start")
    [menu] = await fake.wait_for_sent(1)

    query_id = fake.press_button(42, "track:ds", message_id=menu.message_id)

    [edit] = await fake.wait_for_sent(1, method="editMessageText")
    answer = await fake.wait_for_call("answerCallbackQuery")
    assert handled.buttons == ["track:ds"]
    assert answer["callback_query_id"] == query_id
    assert answer["text"] == "Saved"
    assert (edit.message_id, edit.text) == (menu.message_id, "Track saved: track:ds")
    current = fake.message(42, menu.message_id)
    assert current is not None
    assert current["text"] == "Track saved: track:ds"
    # The edit carried no keyboard, so Telegram removes it from the message.
    assert "reply_markup" not in current


async def test_the_polling_application_handles_each_update_exactly_once(
    fake: FakeTelegram, handled: Handled
) -> None:
    for number in range(3):
        fake.send_text(42, f"message {number}")
        await fake.wait_for_sent(number + 1)
    fake.send_text(42, "last")

    await fake.wait_for_sent(1, since=3)

    # A redelivered update would have been echoed again before "last".
    assert [sent.text for sent in fake.sent] == ["message 0", "message 1", "message 2", "last"]
    offsets = [params.get("offset") for method, params in fake.calls if method == "getUpdates"]
    acknowledged = [offset for offset in offsets if offset is not None]
    assert acknowledged == sorted(acknowledged)


# Long polling


async def test_updates_already_acknowledged_are_not_delivered_again(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    ids = [fake.send_text(42, "one"), fake.send_text(42, "two")]

    first = await bot.get_updates(timeout=0)
    unacknowledged = await bot.get_updates(timeout=0)
    after_offset = await bot.get_updates(offset=ids[-1] + 1, timeout=0)

    assert [update.update_id for update in first] == ids
    assert [update.update_id for update in unacknowledged] == ids
    assert after_offset == ()
    assert fake.pending_updates == 0


async def test_a_long_poll_is_held_until_an_update_arrives(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()

    started = time.monotonic()
    update_id = fake.send_text(42, "hi")
    updates = await asyncio.wait_for(poll, timeout=2)

    assert [update.update_id for update in updates] == [update_id]
    assert time.monotonic() - started < 1


async def test_a_long_poll_with_nothing_queued_answers_empty_after_its_timeout(
    bot: ExtBot[None],
) -> None:
    started = time.monotonic()
    updates = await bot.get_updates(timeout=timedelta(milliseconds=300))

    assert updates == ()
    assert 0.3 <= time.monotonic() - started < 2


async def test_allowed_updates_keeps_other_update_types_from_the_bot(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.send_text(42, "ignored")
    callback_id = fake.post_update(
        {
            "callback_query": {
                "id": "cbq1",
                "from": {"id": 42, "is_bot": False, "first_name": "Ann"},
                "chat_instance": "ci1",
                "data": "track:ds",
            }
        }
    )

    updates = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])

    assert [update.update_id for update in updates] == [callback_id]
    assert updates[0].callback_query is not None
    assert updates[0].callback_query.data == "track:ds"


async def test_a_second_poller_ends_the_first_with_a_conflict(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for_call("getUpdates")
    second = build_application(fake)
    await second.initialize()
    try:
        await second.bot.get_updates(timeout=0)
    finally:
        await second.shutdown()

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, timeout=2)


# Errors and faults


async def test_a_flood_answer_raises_retry_after_with_the_advertised_delay(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "too soon")
    await bot.send_message(42, "later")

    assert raised.value.retry_after == timedelta(seconds=7)
    assert [sent.text for sent in fake.sent] == ["later"]


async def test_ptbs_rate_limiter_retries_after_a_flood_answer(fake: FakeTelegram) -> None:
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=1))
        .build()
    )
    fake.fail_next("sendMessage", status=429, retry_after=1)
    await application.initialize()
    try:
        await application.bot.send_message(42, "eventually")
    finally:
        await application.shutdown()

    assert [method for method, _ in fake.calls].count("sendMessage") == 2
    assert [sent.text for sent in fake.sent] == ["eventually"]


async def test_sending_to_a_chat_that_blocked_the_bot_raises_forbidden(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.block(42)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "digest")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(42, "typing")
    await bot.send_message(43, "digest")

    assert [(sent.chat_id, sent.text) for sent in fake.sent] == [(43, "digest")]


async def test_sends_beyond_the_configured_rate_are_answered_429(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.rate_limit(5)

    results = await asyncio.gather(
        *(bot.send_message(42, f"message {number}") for number in range(8)),
        return_exceptions=True,
    )

    refused = [result for result in results if isinstance(result, RetryAfter)]
    assert len(refused) == 3
    assert all(error.retry_after == timedelta(seconds=1) for error in refused)
    assert fake.too_many == 3
    assert len(fake.sent) == 5


async def test_a_wrong_token_is_refused_as_an_invalid_token(fake: FakeTelegram) -> None:
    for token in (f"{BOT_ID}:not-the-right-secret", "not a token"):
        # A bot whose initialisation failed does not close its connections on shutdown, so
        # the test owns them.
        requests = HTTPXRequest(), HTTPXRequest()
        application = (
            ApplicationBuilder()
            .token(token)
            .base_url(fake.base_url)
            .request(requests[0])
            .get_updates_request(requests[1])
            .build()
        )
        try:
            with pytest.raises(InvalidToken):
                await application.initialize()
        finally:
            for request in requests:
                await request.shutdown()

    assert [(failure.method, failure.status) for failure in fake.failures] == [
        ("getMe", 401),
        ("getMe", 404),
    ]


async def test_an_unknown_method_is_answered_404_method_not_found(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")

    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}{TOKEN}/sendTelepathy") as response,
    ):
        body = await response.json()
    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


# Validation
#
# PTB drops the "Bad Request: " prefix and re-capitalises the rest of the description, so
# assertions on a BadRequest text match without regard to case.


async def test_text_longer_than_4096_characters_is_a_bad_request(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "   ")
    await bot.send_message(42, "x" * 4096)

    assert [len(sent.text or "") for sent in fake.sent] == [4096]


@pytest.mark.parametrize(
    "text",
    [
        "line<br>break",
        "<p>paragraph</p>",
        "<span>plain span</span>",
        "salary < 50k",
        "R&D roles",
        "&nbsp;",
        "<b>never closed",
        "<b><i>crossed</b></i>",
        "stray</b>",
        "<a>no href</a>",
    ],
)
async def test_html_with_unsupported_tags_or_unescaped_characters_is_a_bad_request(
    fake: FakeTelegram, bot: ExtBot[None], text: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, text, parse_mode=ParseMode.HTML)

    assert fake.sent == []


async def test_escaped_html_with_supported_tags_is_accepted(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    text = (
        f"😀 <b>{html.escape('R&D <Python>')}</b> "
        '<a href="https://jobs.example/?q=1&amp;page=2">jobs</a> '
        '<span class="tg-spoiler">spoiler</span> '
        '<pre><code class="language-python">print(1)</code></pre>'
        "<blockquote expandable>quote</blockquote> &#128640;"
    )

    message = await bot.send_message(42, text, parse_mode=ParseMode.HTML)

    assert message.text == "😀 R&D <Python> jobs spoiler print(1)quote 🚀"
    entities = [(e.type, e.offset, e.length) for e in message.entities]
    # Offsets count UTF-16 code units: the emoji takes two.
    assert entities[0] == ("bold", 3, 12)
    assert [entity[0] for entity in entities] == [
        "bold",
        "text_link",
        "spoiler",
        "pre",
        "expandable_blockquote",
    ]
    assert message.entities[3].language == "python"
    [sent] = fake.sent
    assert (sent.text, sent.parse_mode) == (text, "HTML")


async def test_link_preview_options_are_recorded_and_echoed_in_the_message(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    message = await bot.send_message(
        42, "https://jobs.example", link_preview_options=LinkPreviewOptions(is_disabled=True)
    )

    [sent] = fake.sent
    assert sent.link_preview_options == {"is_disabled": True}
    assert message.link_preview_options is not None
    assert message.link_preview_options.is_disabled


async def test_callback_data_longer_than_64_bytes_is_a_bad_request(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(42, "menu", reply_markup=keyboard("é" * 33))
    await bot.send_message(42, "menu", reply_markup=keyboard("é" * 32))

    [sent] = fake.sent
    assert sent.callback_data == ["é" * 32]
    assert sent.reply_markup == {"inline_keyboard": [[{"text": "Go", "callback_data": "é" * 32}]]}


async def test_an_edit_that_changes_nothing_is_a_bad_request(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    message = await bot.send_message(42, "Pick a track", reply_markup=MENU)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Pick a track", 42, message.message_id, reply_markup=MENU)
    await bot.edit_message_reply_markup(42, message.message_id, reply_markup=None)

    assert [(sent.method, sent.message_id) for sent in fake.sent] == [
        ("sendMessage", message.message_id),
        ("editMessageReplyMarkup", message.message_id),
    ]


async def test_a_photo_upload_records_the_bytes_and_caption(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    message = await bot.send_photo(42, PNG, caption="<b>Trend</b>", parse_mode=ParseMode.HTML)

    [sent] = fake.sent
    assert (sent.method, sent.chat_id, sent.photo) == ("sendPhoto", 42, PNG)
    assert sent.text == "<b>Trend</b>"
    assert message.caption == "Trend"
    downloaded = await (await bot.get_file(message.photo[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == PNG


async def test_a_caption_longer_than_1024_characters_is_a_bad_request(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(42, PNG, caption="x" * 1025)

    assert fake.sent == []


async def test_set_my_commands_records_the_commands(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("gaps", "Your skill gaps")]

    await bot.set_my_commands(commands)

    expected = [
        {"command": "start", "description": "Begin"},
        {"command": "gaps", "description": "Your skill gaps"},
    ]
    assert fake.commands == expected
    assert (await fake.wait_for_call("setMyCommands"))["commands"] == expected
    assert list(await bot.get_my_commands()) == commands
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "Begin")])
    await bot.delete_my_commands()
    assert fake.commands == []


# Webhooks


async def test_a_webhook_blocks_polling_until_it_is_deleted(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)HTTPS URL"):
        await bot.set_webhook("http://bot.example/telegram")
    await bot.set_webhook("https://bot.example/telegram", secret_token="s3cret")

    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    info = await bot.get_webhook_info()
    await bot.delete_webhook()

    assert info.url == "https://bot.example/telegram"
    assert fake.webhook_secret is None
    assert await bot.get_updates(timeout=0) == ()


async def test_post_webhook_sends_exactly_json_with_the_secret_header(fake: FakeTelegram) -> None:
    received: list[tuple[str | None, str | None, Any]] = []

    async def endpoint(request: web.Request) -> web.Response:
        received.append(
            (
                request.headers.get("Content-Type"),
                request.headers.get(SECRET_HEADER),
                await request.json(),
            )
        )
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/telegram", endpoint)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    update = fake.make_text_update(42, "/start")
    try:
        status = await post_webhook(f"http://{host}:{port}/telegram", update, "s3cret")
    finally:
        await runner.cleanup()

    assert status == 200
    assert received == [("application/json", "s3cret", update)]
    assert fake.pending_updates == 0
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


# Test helpers


async def test_waiting_for_messages_that_never_come_times_out_listing_what_was_sent(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    await bot.send_message(42, "the only reply")
    with pytest.raises(BadRequest):
        await bot.send_message(42, "<br>", parse_mode=ParseMode.HTML)

    with pytest.raises(TimeoutError, match="the only reply") as raised:
        await fake.wait_for_sent(2, timeout=0.2)

    assert "Unsupported start tag" in str(raised.value)


async def test_pressing_a_button_the_message_does_not_offer_is_refused(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    message = await bot.send_message(42, "Pick a track", reply_markup=MENU)

    with pytest.raises(LookupError, match="track:ds"):
        fake.press_button(42, "track:xx", message_id=message.message_id)
    with pytest.raises(LookupError):
        fake.press_button(42, "track:ds", message_id=message.message_id + 1)


async def test_latency_delays_every_answer(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    fake.latency(0.3)

    started = time.monotonic()
    await bot.send_message(42, "slow")

    assert time.monotonic() - started >= 0.3


async def test_reset_forgets_records_and_faults(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    await bot.send_message(42, "before")
    fake.fail_next("sendMessage", status=500, count=3)
    fake.block(43)
    fake.rate_limit(1)

    fake.reset()
    await bot.send_message(42, "after")
    await bot.send_message(43, "after")

    assert [(sent.chat_id, sent.text) for sent in fake.sent] == [(42, "after"), (43, "after")]
    assert [method for method, _ in fake.calls] == ["sendMessage", "sendMessage"]
    assert fake.failures == []
