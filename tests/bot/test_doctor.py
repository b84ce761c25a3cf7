"""`career-bot doctor` says what works and what is wrong, in plain words."""

from __future__ import annotations

import pytest

from bot.doctor import doctor
from bot.settings import Settings
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram


async def test_a_healthy_setup_passes_and_names_the_bot(
    mongo_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeTelegram() as fake:
        settings = Settings(
            mongodb_uri=mongo_uri,
            telegram_bot_token=DEFAULT_TOKEN,
            telegram_api_base_url=fake.base_url,
            http_port=0,
        )
        assert await doctor(settings) == 0
    out = capsys.readouterr().err
    assert "✔ database" in out and "✔ Telegram: @career_nav_bot, long polling" in out
    assert "– jobs API: not configured" in out and "All good." in out


async def test_a_wrong_token_and_an_unreachable_database_are_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with FakeTelegram() as fake:
        settings = Settings(
            mongodb_uri="mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300",
            telegram_bot_token="123:wrong-token",
            telegram_api_base_url=fake.base_url,
            http_port=0,
        )
        assert await doctor(settings) == 1
    out = capsys.readouterr().err
    assert "✖ database" in out and "MONGODB_URI" in out
    assert "✖ Telegram: Telegram does not accept TELEGRAM_BOT_TOKEN" in out
    assert "wrong-token" not in out
