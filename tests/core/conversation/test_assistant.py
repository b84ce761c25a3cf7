import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import User
from tests.factories import identity


async def test_first_contact_is_welcomed_once(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser
) -> None:
    bot = Assistant(parser)
    first = await bot.handle_text(identity(), "hi")
    again = await bot.handle_text(identity(), "hi")
    assert first.kind == "help" and first.data.get("first_contact") is True
    assert "first_contact" not in again.data


async def test_skills_round_trip(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser
) -> None:
    bot = Assistant(parser)
    added = await bot.handle_text(identity(), "I know Python, SQL and postgres")
    assert added.data["added"] == ["Python", "SQL", "PostgreSQL"]
    removed = await bot.handle_text(identity(), "remove sql")
    assert removed.data["removed"] == ["SQL"]
    shown = await bot.handle_text(identity(), "my skills")
    assert [s["name"] for s in shown.data["skills"]] == ["Python", "PostgreSQL"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("\x00\x07", "empty"),
        ("x" * 20_000, "too_long"),
        ('{"$ne": 1}', "unknown"),
        ('{"skills": {"$ne": null}}', "unknown"),
    ],
)
async def test_bad_input_gets_a_friendly_reply_and_changes_nothing(
    db: AsyncDatabase[dict[str, object]], parser: IntentParser, text: str, kind: str
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I know Python")
    reply = await bot.handle_text(identity(), text)
    assert reply.kind == kind
    users = await User.find_all().to_list()
    assert len(users) == 1 and users[0].skill_names() == ["Python"]
