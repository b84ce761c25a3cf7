"""Conversations that span messages: asking for a missing slot, follow-ups, confirmations."""

from __future__ import annotations

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from core.collection.ingest import Ingestor
from core.collection.models import CollectionRequest
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import Identity, User
from tests.factories import identity, posting

DB = AsyncDatabase[dict[str, object]]


async def market(role: str = "Data Engineer", n: int = 12, city: str = "Berlin") -> None:
    """Postings stored the way collection stores them (roll-ups included)."""
    batch = []
    for i in range(n):
        skills = ["Python", "SQL"] + (["Apache Spark"] if i % 2 else [])
        batch.append(
            posting(
                role=role,
                city=city,
                country_code="DE",
                skills=skills,
                salary_min_usd=60_000 + 1000 * i,
                salary_max_usd=80_000 + 1000 * i,
            )
        )
    await Ingestor.store(batch)


async def test_a_missing_role_is_asked_for_and_the_next_message_answers(
    db: DB, parser: IntentParser
) -> None:
    await market()
    bot = Assistant(parser)
    asked = await bot.handle_text(identity(), "what am I missing?")
    assert asked.kind == "ask_role"
    answer = await bot.handle_text(identity(), "data engineer")
    assert answer.kind == "gap" and answer.data["role"] == "Data Engineer"
    assert [m["skill"] for m in answer.data["missing"]] == ["Python", "SQL", "Apache Spark"]


async def test_the_gap_uses_the_profiles_skills_and_target_role(
    db: DB, parser: IntentParser
) -> None:
    await market()
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I know Python")
    await bot.handle_text(identity(), "I want to become a data engineer")
    gap = await bot.handle_text(identity(), "gap")
    assert gap.data["role"] == "Data Engineer"
    assert [m["skill"] for m in gap.data["missing"]] == ["SQL", "Apache Spark"]
    assert gap.data["coverage"] == 40  # Python 1.0 of 1.0 + 1.0 + 0.5 in demand


async def test_a_follow_up_changes_one_slot_of_the_last_question(
    db: DB, parser: IntentParser
) -> None:
    await market(city="Berlin")
    await market(city="London")
    bot = Assistant(parser)
    first = await bot.handle_text(identity(), "salary for data engineer in Berlin")
    second = await bot.handle_text(identity(), "and in London?")
    assert (first.kind, first.data["location"]) == ("salary", "Berlin")
    assert (second.kind, second.data["location"], second.data["role"]) == (
        "salary",
        "London",
        "Data Engineer",
    )


async def test_too_little_data_is_said_plainly_and_queues_a_collection(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser, targeted_min_postings=5)
    reply = await bot.handle_text(identity(), "what am I missing to be a data engineer in Berlin?")
    assert reply.kind == "gap" and reply.data["too_little"] is True
    assert reply.data["queued"] is True
    assert await CollectionRequest.count() == 1


async def test_setting_a_place_also_sets_its_time_zone(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I live in Madrid")
    users = await User.find_all().to_list()
    assert (users[0].location, users[0].timezone) == ("Madrid", "Europe/Madrid")


async def test_forgetting_asks_first_and_then_deletes_everything(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I know Python")
    assert (await bot.handle_text(identity(), "forget me")).kind == "confirm_delete"
    assert (await bot.handle_text(identity(), "yes")).kind == "deleted"
    assert await User.count() == 0 and await Identity.count() == 0


async def test_anything_but_yes_keeps_the_profile(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "I know Python")
    await bot.handle_text(identity(), "delete my data")
    assert (await bot.handle_text(identity(), "no, keep it")).kind == "kept"
    assert (await bot.handle_text(identity(), "my skills")).kind == "skills"
    assert await User.count() == 1


async def test_an_ambiguous_role_is_asked_about_and_the_answer_picks_one(
    db: DB, parser: IntentParser
) -> None:
    await market(role="Data Analyst")
    bot = Assistant(parser)
    asked = await bot.handle_text(identity(), "what's the gap for data?")
    assert asked.kind == "clarify"
    assert [o["slots"]["role"] for o in asked.data["options"]] == [
        "Data Engineer",
        "Data Scientist",
        "Data Analyst",
        "Data Architect",
    ]
    answer = await bot.handle_text(identity(), "analyst")
    assert (answer.kind, answer.data["role"]) == ("gap", "Data Analyst")


@pytest.mark.parametrize("reply", ["2", "the second one", "business", "business analyst"])
async def test_an_option_can_be_picked_by_number_or_by_name(
    db: DB, parser: IntentParser, reply: str
) -> None:
    await market(role="Business Analyst")
    bot = Assistant(parser)
    asked = await bot.handle_text(identity(), "salary of an analyst in Berlin")
    assert [o["slots"]["role"] for o in asked.data["options"]] == [
        "Data Analyst",
        "Business Analyst",
    ]
    answer = await bot.handle_text(identity(), reply)
    assert (answer.kind, answer.data["role"], answer.data["location"]) == (
        "salary",
        "Business Analyst",
        "Berlin",
    )


async def test_an_answer_that_is_a_new_question_is_answered_as_one(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(identity(), "gap for data")
    reply = await bot.handle_text(identity(), "my skills")
    assert reply.kind == "skills"


async def test_a_city_with_too_few_postings_widens_to_its_country_then_everywhere(
    db: DB, parser: IntentParser
) -> None:
    await market(city="Berlin", n=12)
    bot = Assistant(parser)
    munich = await bot.handle_text(identity(), "salary for data engineer in Munich")
    assert (munich.data["location"], munich.data["widened_from"]) == ("Germany", "Munich")
    assert munich.data["too_little"] is False and munich.data["with_pay"] == 12
    paris = await bot.handle_text(identity(), "salary for data engineer in Paris")
    assert (paris.data["location"], paris.data["widened_from"]) == (None, "Paris")
