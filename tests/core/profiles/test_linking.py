"""One person, two platforms: a one-time code links their accounts into one profile."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from pymongo.asynchronous.database import AsyncDatabase

from core.clock import utcnow
from core.conversation.assistant import Assistant
from core.nlu.parser import IntentParser
from core.nlu.slots import find_code
from core.profiles.linking import LinkCode, _new_code, format_code, normalise
from core.profiles.models import Identity, User
from core.profiles.service import Profiles
from tests.factories import identity

DB = AsyncDatabase[dict[str, object]]
ANN_TG = identity("ann", "telegram")
ANN_DC = identity("ann#1", "discord")


async def code_for(bot: Assistant, who: object = ANN_TG) -> str:
    reply = await bot.handle_text(who, "link")  # type: ignore[arg-type]
    assert reply.kind == "link_code"
    return str(reply.data["code"])


async def test_a_code_from_one_platform_links_the_other_into_one_profile(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN_TG, "I know Python and SQL")
    await bot.handle_text(ANN_TG, "I want to become a data engineer")
    await bot.handle_text(ANN_DC, "I know Docker and python")
    await bot.handle_text(ANN_DC, "I live in Berlin")
    code = await code_for(bot)

    linked = await bot.handle_text(ANN_DC, f"link {code}")

    assert linked.kind == "linked" and linked.data["platforms"] == ["discord", "telegram"]
    users = await User.find_all().to_list()
    assert len(users) == 1
    (user,) = users
    assert user.skill_names() == ["Python", "SQL", "Docker"]
    assert (user.target_role, user.location) == ("Data Engineer", "Berlin")
    identities = await Identity.find_all().to_list()
    assert {i.id for i in identities} == {ANN_TG.key, ANN_DC.key}
    assert {i.user_id for i in identities} == {user.id}
    skills = await bot.handle_text(ANN_DC, "my skills")
    assert [s["name"] for s in skills.data["skills"]] == ["Python", "SQL", "Docker"]


async def test_the_older_profiles_settings_win(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await bot.handle_text(ANN_TG, "I want to become a data engineer")
    await bot.handle_text(ANN_DC, "I want to become a data scientist")
    code = await code_for(bot, ANN_DC)  # issued by the newer profile
    await bot.handle_text(ANN_TG, f"link {code}")
    (user,) = await User.find_all().to_list()
    assert user.target_role == "Data Engineer"


async def test_a_code_works_once(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    code = await code_for(bot)
    assert (await bot.handle_text(ANN_DC, f"link {code}")).kind == "linked"
    again = await bot.handle_text(identity("mallory", "discord"), f"link {code}")
    assert (again.kind, again.data["reason"]) == ("link_failed", "invalid")
    assert await User.count() == 2  # ann (linked) and mallory, untouched


async def test_an_expired_code_links_nothing(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    code = await code_for(bot)
    with time_machine.travel(utcnow() + timedelta(minutes=11)):
        reply = await bot.handle_text(ANN_DC, f"link {code}")
    assert (reply.kind, reply.data["reason"]) == ("link_failed", "expired")
    assert await User.count() == 2


async def test_five_wrong_codes_lock_the_account_out_for_ten_minutes(
    db: DB, parser: IntentParser
) -> None:
    bot = Assistant(parser)
    code = await code_for(bot)
    for wrong in ["AAAA-A2", "BBBB-B3", "cccc-c4", "DDDD-D5", "EEEE-E6"]:
        reply = await bot.handle_text(ANN_DC, f"link {wrong}")
        assert reply.data["reason"] == "invalid"
    locked = await bot.handle_text(ANN_DC, f"link {code}")
    assert (locked.kind, locked.data["reason"]) == ("link_failed", "locked")
    with time_machine.travel(utcnow() + timedelta(minutes=9, seconds=50)):
        fresh = await code_for(bot)
    with time_machine.travel(utcnow() + timedelta(minutes=10, seconds=1)):
        assert (await bot.handle_text(ANN_DC, f"link {fresh}")).kind == "linked"


async def test_a_code_typed_on_its_own_account_is_refused(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    code = await code_for(bot)
    reply = await bot.handle_text(ANN_TG, f"link {code}")
    assert (reply.kind, reply.data["reason"]) == ("link_failed", "own")


async def test_only_a_hash_of_the_code_is_stored(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    code = await code_for(bot)
    (stored,) = await LinkCode.find_all().to_list()
    assert normalise(code) not in stored.id and len(stored.id) == 64


async def test_forgetting_a_profile_removes_its_codes(db: DB, parser: IntentParser) -> None:
    bot = Assistant(parser)
    await code_for(bot)
    user, _ = await Profiles().get_or_create(ANN_TG)
    await Profiles().delete(user)
    assert await LinkCode.count() == 0


def test_every_issued_code_is_recognised_in_a_message_in_any_case() -> None:
    for _ in range(300):
        code = format_code(_new_code())
        assert find_code(f"link {code}") == code
        assert normalise(find_code(f"my code is {code.lower()}") or "") == normalise(code)
