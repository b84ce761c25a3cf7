"""Subscribing in words: the time, the time zone (asked once), stopping, previewing."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from adapters.buttons import buttons_for
from core.collection.ingest import Ingestor
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import User
from tests.factories import identity, posting

DB = AsyncDatabase[dict[str, object]]
ANN = identity("ann", "telegram")


async def test_the_time_zone_is_asked_once_then_the_digest_is_on(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    asked = await bot.handle_text(ANN, "send me a daily digest at 8am")
    assert (asked.kind, asked.data["time"]) == ("ask_timezone", "08:00")
    on = await bot.handle_text(ANN, "Berlin")
    assert (on.kind, on.data["timezone"], on.data["time"]) == (
        "digest_on",
        "Europe/Berlin",
        "08:00",
    )
    (user,) = await User.find_all().to_list()
    assert (user.digest.enabled, user.digest.platform, user.timezone) == (
        True,
        "telegram",
        "Europe/Berlin",
    )
    again = await bot.handle_text(ANN, "digest at 7:30 am please")
    assert (again.kind, again.data["time"]) == ("digest_on", "07:30")


async def test_a_place_with_one_time_zone_means_no_question(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN, "I live in Tokyo")
    on = await bot.handle_text(ANN, "subscribe to the daily digest")
    assert (on.kind, on.data["timezone"], on.data["time"]) == ("digest_on", "Asia/Tokyo", "09:00")


async def test_a_zone_name_answers_the_question_and_nonsense_does_not(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN, "daily digest please")
    unclear = await bot.handle_text(ANN, "somewhere nice")
    assert unclear.kind != "digest_on"
    await bot.handle_text(ANN, "daily digest please")
    on = await bot.handle_text(ANN, "America/New_York")
    assert (on.kind, on.data["timezone"]) == ("digest_on", "America/New_York")


async def test_stopping_by_words_or_button(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN, "I live in Berlin")
    await bot.handle_text(ANN, "send me a daily digest")
    assert (await bot.handle_text(ANN, "stop the daily digest")).kind == "digest_off"
    await bot.handle_command(ANN, "digest", "8am")
    assert (await bot.handle_button(ANN, "digest:off")).kind == "digest_off"
    (user,) = await User.find_all().to_list()
    assert user.digest.enabled is False


async def test_the_time_is_picked_with_a_button(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN, "I live in Berlin")
    on = await bot.handle_text(ANN, "send me a daily digest")
    offered = [b.payload for row in buttons_for(on) for b in row]
    assert "digest:at:18:00" in offered
    assert (await bot.handle_button(ANN, "digest:at:18:00")).kind == "digest_on"
    assert (await bot.handle_button(ANN, "digest:at:25:00")).kind == "stale_button"
    (user,) = await User.find_all().to_list()
    assert user.digest.enabled and user.digest.time == "18:00"


async def test_a_preview_shows_todays_digest(db: DB, parser: IntentParser) -> None:
    await Ingestor.store(
        [
            posting(role="Data Engineer", skills=["Python", "SQL", "dbt"][: 1 + i % 3])
            for i in range(15)
        ]
    )
    bot = Assistant(parser)
    await bot.handle_text(ANN, "I want to become a data engineer")
    await bot.handle_text(ANN, "add python")
    preview = await bot.handle_command(ANN, "digest", "preview")
    assert preview.kind == "digest"
    assert preview.data["coverage"] is not None and preview.data["new_jobs"]
    assert preview.data["next_step"]["skill"] in {"SQL", "dbt"}
