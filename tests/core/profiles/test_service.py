import asyncio

from pymongo.asynchronous.database import AsyncDatabase

from core.profiles.models import Identity, User
from core.profiles.service import Profiles
from tests.factories import identity


async def test_one_account_gets_one_profile_even_when_first_messages_race(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    profiles = Profiles()
    results = await asyncio.gather(*(profiles.get_or_create(identity("ann")) for _ in range(5)))
    assert len({user.id for user, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert await User.count() == 1
    assert await Identity.count() == 1


async def test_added_skills_are_stored_once_in_order(db: AsyncDatabase[dict[str, object]]) -> None:
    profiles = Profiles()
    user, _ = await profiles.get_or_create(identity())
    first = await profiles.add_skills(user, ["Python", "SQL"])
    second = await profiles.add_skills(user, ["SQL", "Docker"], level="mid")
    assert first.changed == ["Python", "SQL"]
    assert second.changed == ["Docker"] and second.unchanged == ["SQL"]
    stored = await User.get(user.id)
    assert stored is not None
    assert [(s.name, s.level) for s in stored.skills] == [
        ("Python", None),
        ("SQL", "mid"),
        ("Docker", "mid"),
    ]


async def test_removing_reports_skills_that_were_not_there(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    profiles = Profiles()
    user, _ = await profiles.get_or_create(identity())
    await profiles.add_skills(user, ["Python", "SQL"])
    change = await profiles.remove_skills(user, ["SQL", "Rust"])
    assert change.changed == ["SQL"] and change.unchanged == ["Rust"]
    stored = await User.get(user.id)
    assert stored is not None and stored.skill_names() == ["Python"]


async def test_concurrent_additions_to_one_profile_are_all_kept(
    db: AsyncDatabase[dict[str, object]],
) -> None:
    profiles = Profiles()
    user, _ = await profiles.get_or_create(identity())
    names = ["Python", "SQL", "Docker", "Go", "Rust", "Java"]
    await asyncio.gather(*(profiles.add_skills(user, [n]) for n in names))
    stored = await User.get(user.id)
    assert stored is not None and sorted(stored.skill_names()) == sorted(names)
