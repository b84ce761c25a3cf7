"""Webhook mode: Telegram posts updates to the service's HTTP server, which checks the secret."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from bot.http import HttpServer
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram, post_webhook

DB = AsyncDatabase[dict[str, object]]
URL = "https://bot.example.com/telegram/hook"
SECRET = "s3cret-token_for-tests"


@pytest.fixture
async def served(db: DB) -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with FakeTelegram() as fake:
        adapter = TelegramAdapter(
            Assistant(IntentParser()),
            DEFAULT_TOKEN,
            base_url=fake.base_url,
            webhook_url=URL,
            webhook_secret=SECRET,
        )
        await adapter.start()
        server = HttpServer(
            "127.0.0.1", 0, telegram_feed=adapter.feed, telegram_url=URL, telegram_secret=SECRET
        )
        port = await server.start()
        try:
            yield fake, f"http://127.0.0.1:{port}/telegram/hook"
        finally:
            await server.stop()
            await adapter.stop()


async def test_the_webhook_is_registered_with_its_secret_and_polling_stays_off(
    served: tuple[FakeTelegram, str],
) -> None:
    fake, _ = served
    assert (fake.webhook_url, fake.webhook_secret) == (URL, SECRET)
    assert not [method for method, _ in fake.calls if method == "getUpdates"]


async def test_an_update_posted_with_the_secret_is_answered(
    served: tuple[FakeTelegram, str],
) -> None:
    fake, hook = served
    status = await post_webhook(hook, fake.make_text_update(42, "help"), SECRET)
    assert status == 200
    (reply,) = await fake.wait_for_sent(1, chat_id=42)
    assert "What I can do" in (reply.text or "")


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
async def test_an_update_without_the_right_secret_is_refused_and_ignored(
    served: tuple[FakeTelegram, str], secret: str | None
) -> None:
    fake, hook = served
    assert await post_webhook(hook, fake.make_text_update(42, "help"), secret) == 403
    with pytest.raises(TimeoutError):
        await fake.wait_for_sent(1, chat_id=42, timeout=1.0)
