"""Conversation contexts are written behind, together, and never lost to a short outage."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from pymongo.asynchronous.database import AsyncDatabase

from bot.local_database import LocalDatabase
from core.profiles.models import ConversationContext, User
from core.profiles.service import Profiles
from core.storage.database import init_database, make_client
from tests.conftest import Commands
from tests.factories import identity

DB = AsyncDatabase[dict[str, object]]


def asked_about(role: str, *, asked: str | None = None) -> ConversationContext:
    return ConversationContext(intent="salary", slots={"role": role}, asked=asked)


async def stored_context(user: User) -> ConversationContext:
    doc = await User.get_pymongo_collection().find_one({"_id": user.id})
    assert doc is not None
    return ConversationContext.model_validate(doc["context"])


async def eventually(holds: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await holds():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.05)


async def test_many_peoples_follow_up_contexts_are_stored_in_one_write(
    commands: Commands,
) -> None:
    profiles = Profiles()
    profiles.contexts.delay = 0.2
    people = [(await profiles.get_or_create(identity(f"p{n}")))[0] for n in range(5)]
    for n, user in enumerate(people):
        await profiles.save_context(user, asked_about(f"Role {n}"))
    assert commands.to("update", "users") == []
    # Read back in this process before it is written: the follow-up still finds it.
    again, _ = await profiles.get_or_create(identity("p3"))
    assert again.context == asked_about("Role 3")
    await asyncio.sleep(0.5)
    assert len(commands.to("update", "users")) == 1
    for n, user in enumerate(people):
        assert await stored_context(user) == asked_about(f"Role {n}")


async def test_a_question_to_the_person_is_stored_at_once_and_after_older_contexts(
    db: DB,
) -> None:
    profiles = Profiles()
    profiles.contexts.delay = 60  # nothing would be written by the timer during this test
    user, _ = await profiles.get_or_create(identity())
    await profiles.save_context(user, asked_about("Data Engineer"))
    await profiles.save_context(user, ConversationContext(asked="confirm_delete"))
    assert await stored_context(user) == ConversationContext(asked="confirm_delete")
    await profiles.close()
    assert await stored_context(user) == ConversationContext(asked="confirm_delete")


async def test_closing_writes_what_waits(db: DB) -> None:
    profiles = Profiles()
    profiles.contexts.delay = 60
    user, _ = await profiles.get_or_create(identity())
    await profiles.save_context(user, asked_about("Data Engineer"))
    assert await stored_context(user) == ConversationContext()
    await profiles.close()
    assert await stored_context(user) == asked_about("Data Engineer")


async def test_a_deleted_profiles_waiting_context_is_not_written(db: DB) -> None:
    profiles = Profiles()
    profiles.contexts.delay = 60
    user, _ = await profiles.get_or_create(identity())
    await profiles.save_context(user, asked_about("Data Engineer"))
    await profiles.delete(user)
    assert profiles.contexts.pending(user.id) is None  # type: ignore[arg-type]
    await profiles.close()
    assert await User.count() == 0


async def test_contexts_not_written_while_the_database_is_down_are_written_when_it_is_back(
    private_server: LocalDatabase,
) -> None:
    name = f"test_{uuid.uuid4().hex[:16]}"
    client = make_client(private_server.uri, timeout_ms=300)
    try:
        await init_database(client, name)
        profiles = Profiles()
        profiles.contexts.delay = 0.1
        user, _ = await profiles.get_or_create(identity())
        private_server.listen = urlsplit(private_server.uri).netloc.rpartition("@")[2]
        await private_server.stop()
        await profiles.save_context(user, asked_about("Data Engineer"))
        await asyncio.sleep(1.0)  # several failed tries
        assert profiles.contexts.pending(user.id) == asked_about("Data Engineer")  # type: ignore[arg-type]
        await private_server.start()

        async def written() -> bool:
            return await stored_context(user) == asked_about("Data Engineer")

        await eventually(written)
        assert profiles.contexts.pending(user.id) is None  # type: ignore[arg-type]
        await profiles.close()
    finally:
        await client.drop_database(name)
        await client.close()
