"""Profiles answered from memory: never older than what this process did, and never for long."""

from __future__ import annotations

import asyncio

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from bot.service import profile_cache_seconds
from bot.settings import Settings
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.profiles.models import User
from core.profiles.service import Profiles
from tests.conftest import Commands
from tests.factories import identity

DB = AsyncDatabase[dict[str, object]]
ANN = identity("ann", "telegram")
ANN_DC = identity("ann#1", "discord")


async def elsewhere(user: User, **changes: object) -> None:
    """A change made by another process: straight to the database."""
    await User.get_pymongo_collection().update_one({"_id": user.id}, {"$set": changes})


async def test_a_cached_profile_answers_the_next_message_without_a_read(
    commands: Commands,
) -> None:
    profiles = Profiles(cache_seconds=60)
    first, created = await profiles.get_or_create(ANN)
    before = len(commands.to("find", "users"))
    again, _ = await profiles.get_or_create(ANN)
    assert created and again is first
    assert len(commands.to("find", "users")) == before


async def test_changes_made_in_this_process_are_in_the_cached_profile(db: DB) -> None:
    profiles = Profiles(cache_seconds=60)
    user, _ = await profiles.get_or_create(ANN)
    profiles.forget(user.id)  # as after a restart: read from the database
    user, _ = await profiles.get_or_create(ANN)
    await profiles.add_skills(user, ["Python"])
    await profiles.set_profile(user, role="Data Engineer")
    await profiles.subscribe(user, "08:00", "telegram")
    cached, _ = await profiles.get_or_create(ANN)
    assert cached.skill_names() == ["Python"] and cached.target_role == "Data Engineer"
    assert cached.digest.enabled and cached.digest.time == "08:00"


async def test_a_change_made_elsewhere_is_seen_once_the_cache_time_has_passed(db: DB) -> None:
    profiles = Profiles(cache_seconds=0.3)
    user, _ = await profiles.get_or_create(ANN)
    await elsewhere(user, target_role="Data Engineer")
    assert (await profiles.get_or_create(ANN))[0].target_role is None
    await asyncio.sleep(0.4)
    assert (await profiles.get_or_create(ANN))[0].target_role == "Data Engineer"


async def test_without_a_cache_time_every_message_reads_the_profile(db: DB) -> None:
    profiles = Profiles()
    user, _ = await profiles.get_or_create(ANN)
    await elsewhere(user, target_role="Data Engineer")
    assert (await profiles.get_or_create(ANN))[0].target_role == "Data Engineer"


async def test_messages_that_read_a_profile_at_once_share_one_copy(db: DB) -> None:
    profiles = Profiles(cache_seconds=60)
    user, _ = await profiles.get_or_create(ANN)
    profiles.forget(user.id)
    results = await asyncio.gather(*(profiles.get_or_create(ANN) for _ in range(5)))
    assert len({id(u) for u, _ in results}) == 1
    await profiles.add_skills(results[0][0], ["Python"])
    assert (await profiles.get_or_create(ANN))[0].skill_names() == ["Python"]


async def test_a_change_through_an_outdated_copy_drops_the_cached_one(db: DB) -> None:
    profiles = Profiles(cache_seconds=0.2)
    old, _ = await profiles.get_or_create(ANN)
    await asyncio.sleep(0.3)
    newer, _ = await profiles.get_or_create(ANN)  # re-read: a second copy is cached
    assert newer is not old
    await profiles.add_skills(old, ["Docker"])  # a message still holding the old copy
    assert (await profiles.get_or_create(ANN))[0].skill_names() == ["Docker"]


async def test_a_deleted_profile_is_not_answered_from_memory(db: DB) -> None:
    profiles = Profiles(cache_seconds=60)
    user, _ = await profiles.get_or_create(ANN)
    await profiles.add_skills(user, ["Python"])
    await profiles.delete(user)
    again, created = await profiles.get_or_create(ANN)
    assert created and again.skill_names() == []


async def test_someone_who_blocked_the_bot_and_writes_again_is_reachable_again(db: DB) -> None:
    profiles = Profiles(cache_seconds=60)
    await profiles.get_or_create(ANN)
    await profiles.mark_unreachable(ANN)
    user, _ = await profiles.get_or_create(ANN)
    assert user.active
    stored = await User.get(user.id)
    assert stored is not None and stored.active


async def test_linked_accounts_see_one_profile_when_profiles_are_cached(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser, profile_cache_seconds=60)
    await bot.handle_text(ANN, "I know Python and SQL")
    await bot.handle_text(ANN_DC, "I know Docker")
    code = (await bot.handle_text(ANN, "link")).data["code"]
    assert (await bot.handle_text(ANN_DC, f"link {code}")).kind == "linked"
    await bot.handle_text(ANN_DC, "add Kubernetes")
    for account in (ANN, ANN_DC):
        skills = (await bot.handle_text(account, "my skills")).data["skills"]
        assert [s["name"] for s in skills] == ["Python", "SQL", "Docker", "Kubernetes"]


async def test_an_export_shows_the_stored_profile_even_when_cached(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser, profile_cache_seconds=60)
    await bot.handle_text(ANN, "I want to become a data engineer")
    (user,) = await User.find_all().to_list()
    await elsewhere(user, **{"digest.last_coverage": 42})
    exported = await bot.handle_command(ANN, "export")
    assert '"last_coverage": 42' in exported.data["json"]


@pytest.mark.parametrize(
    ("webhook", "token", "expected"),
    [(None, "1:x", 60.0), ("https://bot.example/tg", "1:x", 0.0), (None, None, 0.0)],
)
def test_only_a_process_that_long_polls_telegram_caches_profiles(
    webhook: str | None, token: str | None, expected: float
) -> None:
    settings = Settings(
        telegram_bot_token=token,
        telegram_webhook_url=webhook,
        telegram_webhook_secret="s3cret" if webhook else None,
        profile_cache_seconds=60,
    )
    assert profile_cache_seconds(settings) == expected
