"""A flood of messages from one person gets one notice, not a flood of replies."""

from __future__ import annotations

import json

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.conversation.assistant import Assistant
from core.conversation.limits import RateLimit
from core.nlu.parser import IntentParser
from tests.factories import identity

DB = AsyncDatabase[dict[str, object]]


def test_over_the_limit_one_notice_then_silence_until_the_minute_passes() -> None:
    limit = RateLimit(per_minute=3)
    verdicts = [limit.check("ann", now=t) for t in (0, 1, 2, 3, 4, 5)]
    assert verdicts == ["ok", "ok", "ok", "notice", "silent", "silent"]
    assert limit.check("bob", now=5) == "ok"  # per person
    assert limit.check("ann", now=60.5) == "ok"  # the first message has aged out


async def test_the_assistant_answers_twenty_a_minute_then_asks_to_slow_down(db: DB) -> None:
    bot = Assistant(IntentParser(), messages_per_minute=20)
    kinds = [(await bot.handle_text(identity(), "help")).kind for _ in range(22)]
    assert kinds[:20] == ["help"] * 20
    assert kinds[20:] == ["slow_down", "silent"]
    assert (await bot.handle_text(identity("bo"), "help")).kind == "help"


async def test_export_holds_the_persons_profile_and_accounts(db: DB) -> None:
    bot = Assistant(IntentParser())
    await bot.handle_text(identity(), "I know Python")
    reply = await bot.handle_command(identity(), "export")
    data = json.loads(reply.data["json"])
    assert [s["name"] for s in data["profile"]["skills"]] == ["Python"]
    assert [a["id"] for a in data["accounts"]] == ["terminal:ann"]


@pytest.mark.parametrize("per_minute", [0])
async def test_zero_means_no_limit(db: DB, per_minute: int) -> None:
    bot = Assistant(IntentParser(), messages_per_minute=per_minute)
    kinds = {(await bot.handle_text(identity(), "help")).kind for _ in range(25)}
    assert kinds == {"help"}
