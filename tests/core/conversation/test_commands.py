"""Slash commands and buttons reach the same answers as free text."""

from __future__ import annotations

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.conversation.assistant import Assistant
from core.conversation.commands import command_intent
from core.intents import IntentName as I
from core.nlu.parser import IntentParser
from core.profiles.models import User
from tests.factories import identity

DB = AsyncDatabase[dict[str, object]]


@pytest.mark.parametrize(
    ("command", "args", "intent"),
    [
        ("skills", "", I.SHOW_SKILLS),
        ("skills", "show", I.SHOW_SKILLS),
        ("skills", "add python", I.ADD_SKILLS),
        ("skills", "python, docker", I.ADD_SKILLS),
        ("skills", "remove java", I.REMOVE_SKILLS),
        ("digest", "", I.DIGEST_ON),
        ("digest", "8am", I.DIGEST_ON),
        ("digest", "off", I.DIGEST_OFF),
        ("locations", "devops", I.TOP_LOCATIONS),
        ("start", "", I.HELP),
        ("nonsense", "", None),
    ],
)
def test_each_command_stands_for_one_intent(command: str, args: str, intent: I | None) -> None:
    assert command_intent(command, args) is intent


async def test_a_command_with_arguments_answers_like_the_sentence(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_command(identity(), "skills", "add python, k8s")
    shown = await bot.handle_command(identity(), "skills")
    assert [s["name"] for s in shown.data["skills"]] == ["Python", "Kubernetes"]
    removed = await bot.handle_command(identity(), "skills", "remove python")
    assert removed.data["removed"] == ["Python"]
    gap = await bot.handle_command(identity(), "gap", "data engineer in Berlin")
    assert (gap.kind, gap.data["role"], gap.data["location"]) == ("gap", "Data Engineer", "Berlin")


async def test_an_unknown_command_gets_the_unknown_answer(db: DB, parser: IntentParser) -> None:
    reply = await Assistant(parser).handle_command(identity(), "admin", "stats")
    assert (reply.kind, reply.data["command"]) == ("unknown", "admin")


async def test_skills_read_from_a_sentence_are_confirmed_before_they_are_stored(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    asked = await bot.handle_text(identity(), "I know Python and Docker", confirm_skills=True)
    assert (asked.kind, asked.data["skills"]) == ("confirm_skills", ["Python", "Docker"])
    assert (await User.find_all().to_list())[0].skills == []
    added = await bot.handle_button(identity(), "skills:yes")
    assert added.kind == "skills_added" and added.data["added"] == ["Python", "Docker"]


async def test_declined_skills_are_not_stored_and_yes_in_words_works_too(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I know Rust", confirm_skills=True)
    dropped = await bot.handle_button(identity(), "skills:no")
    assert dropped.kind == "skills_dropped"
    await bot.handle_text(identity("bo"), "I use Go and Kafka", confirm_skills=True)
    added = await bot.handle_text(identity("bo"), "yes")
    assert added.data["added"] == ["Go", "Apache Kafka"]
    assert (await bot.handle_text(identity("cy"), "add sql", confirm_skills=True)).kind == (
        "skills_added"
    )


async def test_buttons_act_only_on_what_their_presser_was_offered(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity("ann"), "I know Python")
    await bot.handle_text(identity("ann"), "delete my data")
    # Someone else pressing (or forging) the confirmation deletes nothing.
    forged = await bot.handle_button(identity("mallory"), "forget:yes")
    assert forged.kind == "stale_button"
    assert await User.count() == 2
    assert (await bot.handle_button(identity("ann"), "pick:0")).kind == "stale_button"
    assert (await bot.handle_button(identity("ann"), "forget:yes")).kind == "deleted"
    assert await User.count() == 1


async def test_a_pick_button_answers_the_chosen_reading(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "roadmap to become an architect")
    reply = await bot.handle_button(identity(), "pick:2")
    assert (reply.kind, reply.data["role"]) == ("roadmap", "Software Architect")
    assert (await bot.handle_button(identity(), "pick:9")).kind == "stale_button"
