"""Logs of a whole conversation never contain a configured secret, even at DEBUG."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from bot.logs import setup_logging
from bot.settings import Settings
from core.collection.theirstack import TheirStackClient
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram
from tests.fakes.theirstack import FakeTheirStack

DB = AsyncDatabase[dict[str, object]]
API_KEY = "ts-secret-key-0123456789"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    out = io.StringIO()
    settings = Settings(
        telegram_bot_token=DEFAULT_TOKEN,
        their_stack_api_key=API_KEY,
        mongodb_uri="mongodb://bot:hunter2-pass@localhost:27017/",
    )
    setup_logging("DEBUG", "text", secrets=settings.secrets(), stream=out)
    try:
        yield out
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


async def test_a_conversation_and_api_calls_leave_no_secret_in_the_logs(
    db: DB, captured: io.StringIO
) -> None:
    async with FakeTelegram() as fake, FakeTheirStack(api_key=API_KEY) as jobs:
        bot = TelegramAdapter(Assistant(IntentParser()), DEFAULT_TOKEN, base_url=fake.base_url)
        await bot.start()
        try:
            for text in ["/start", "I know Python", "gap for data engineer", "/link"]:
                since = len(fake.sent)
                fake.send_text(42, text)
                await fake.wait_for_sent(1, chat_id=42, since=since)
        finally:
            await bot.stop()
        async with TheirStackClient(API_KEY, base_url=jobs.base_url) as client:
            await client.credit_balance()
        logging.getLogger("test").warning("a stray secret: %s", API_KEY)

    logs = captured.getvalue()
    assert "getUpdates" in logs or "telegram" in logs  # the libraries did log at DEBUG
    for secret in (DEFAULT_TOKEN, DEFAULT_TOKEN.partition(":")[2], API_KEY, "hunter2-pass"):
        assert secret not in logs
    assert "a stray secret: ***" in logs
    # Lines written while answering a message carry that message's request id.
    assert re.search(r"\[[0-9a-f]{12}\]", logs)
