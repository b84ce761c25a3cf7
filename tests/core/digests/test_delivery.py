"""Delivering digests through the real Telegram adapter to a fake Bot API: the right people,
once each, whatever fails."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from adapters.telegram import TelegramAdapter
from core.collection.ingest import Ingestor
from core.conversation.assistant import Assistant
from core.digests.delivery import DigestRunner
from core.profiles.models import PlatformIdentity, User
from core.profiles.service import Profiles
from core.scheduling.leases import Lease, claim
from tests.factories import posting, subscriber
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

DB = AsyncDatabase[dict[str, object]]


def local(hour: int, zone: str) -> datetime:
    """Today's `hour`:00 in a zone, as UTC (whatever daylight saving does)."""
    today = datetime.now(UTC).date()
    return datetime.combine(today, time(hour), tzinfo=ZoneInfo(zone)).astimezone(UTC)


NOW = local(8, "Europe/Berlin")  # afternoon in Tokyo, night in New York


@pytest.fixture(autouse=True)
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def telegram(db: DB) -> AsyncIterator[tuple[FakeTelegram, TelegramAdapter]]:
    async with FakeTelegram() as fake:
        adapter = TelegramAdapter(Assistant(), DEFAULT_TOKEN, base_url=fake.base_url)
        await adapter.open_for_sending()
        try:
            yield fake, adapter
        finally:
            await adapter.close_for_sending()


async def market() -> None:
    await Ingestor.store(
        [
            posting(
                role="Data Engineer",
                skills=["Python", "SQL", "dbt"][: 1 + i % 3],
                posted_at=NOW - timedelta(hours=2 + i),
            )
            for i in range(15)
        ]
    )


def digests_per_chat(fake: FakeTelegram) -> Counter[int]:
    return Counter(s.chat_id for s in fake.sent if "market digest" in (s.text or ""))


async def test_each_person_gets_their_digest_at_their_local_time(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    await subscriber("101", timezone="Europe/Berlin", time="08:00")
    await subscriber("102", timezone="Asia/Tokyo", time="08:00")
    await subscriber("103", timezone="America/New_York", time="08:00")
    await subscriber("104", timezone="Europe/Berlin", time="08:30")

    stats = await DigestRunner({"telegram": adapter}).run_due(NOW)

    assert stats.counts["sent"] == 2
    assert digests_per_chat(fake) == Counter({101: 1, 102: 1})
    digest = next(s for s in fake.sent if s.chat_id == 101)
    assert digest.callback_data == ["digest:off"]
    assert "New for you" in (digest.text or "")
    later = await DigestRunner({"telegram": adapter}).run_due(local(8, "America/New_York"))
    assert later.counts["sent"] == 2  # New York, and Berlin's 08:30 person
    assert digests_per_chat(fake) == Counter({101: 1, 102: 1, 103: 1, 104: 1})


async def test_a_second_run_the_same_day_sends_nothing_more(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    await subscriber("201")
    await DigestRunner({"telegram": adapter}).run_due(NOW)
    await DigestRunner({"telegram": adapter}).run_due(NOW + timedelta(minutes=1))
    assert digests_per_chat(fake) == Counter({201: 1})


async def test_two_runners_at_once_send_each_digest_once(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    for n in range(12):
        await subscriber(str(300 + n))
    first, second = DigestRunner({"telegram": adapter}), DigestRunner({"telegram": adapter})
    await asyncio.gather(first.run_due(NOW), second.run_due(NOW))
    assert digests_per_chat(fake) == Counter({300 + n: 1 for n in range(12)})


async def test_unsubscribed_people_get_nothing_and_blocked_ones_are_marked(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    await subscriber("401")
    off = await subscriber("402")
    await User.get_pymongo_collection().update_one(
        {"_id": off.id}, {"$set": {"digest.enabled": False}}
    )
    blocked = await subscriber("403")
    fake.block(403)

    stats = await DigestRunner({"telegram": adapter}).run_due(NOW)

    assert (stats.counts["sent"], stats.counts["unreachable"]) == (1, 1)
    assert digests_per_chat(fake) == Counter({401: 1})
    after = await User.get(blocked.id)
    assert after is not None and after.active is False
    again = await DigestRunner({"telegram": adapter}).run_due(NOW + timedelta(days=1))
    assert again.due == 1  # the blocked person is skipped from then on


async def test_someone_found_unreachable_who_writes_again_is_reachable_again(
    db: DB,
) -> None:
    await market()
    person = await subscriber("404")
    async with FakeTelegram() as fake:
        assistant = Assistant(profile_cache_seconds=60)
        who = PlatformIdentity(platform="telegram", external_id="404")
        await assistant.handle_text(who, "hi")  # their profile is now held in memory
        adapter = TelegramAdapter(assistant, DEFAULT_TOKEN, base_url=fake.base_url)
        await adapter.open_for_sending()
        try:
            fake.fail_next("sendMessage", 400, description="Bad Request: chat not found")
            runner = DigestRunner({"telegram": adapter}, profiles=assistant.profiles)
            assert (await runner.run_due(NOW)).counts["unreachable"] == 1
            await assistant.handle_text(who, "hi")
        finally:
            await adapter.close_for_sending()
    stored = await User.get(person.id)
    assert stored is not None and stored.active


async def test_a_claim_left_by_a_dead_process_is_retried_after_its_lease(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    user = await subscriber("501")
    local_day = NOW.astimezone(ZoneInfo("Europe/Berlin")).date().isoformat()
    assert await claim(f"digest:{user.id}:{local_day}", "dead-process", timedelta(minutes=2), NOW)

    soon = await DigestRunner({"telegram": adapter}).run_due(NOW + timedelta(minutes=1))
    assert soon.counts["claimed_elsewhere"] == 1 and not digests_per_chat(fake)
    later = await DigestRunner({"telegram": adapter}).run_due(NOW + timedelta(minutes=3))
    assert later.counts["sent"] == 1
    assert digests_per_chat(fake) == Counter({501: 1})


async def test_a_storm_of_flood_limits_is_waited_out(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await market()
    for n in range(5):
        await subscriber(str(600 + n))
    fake.fail_next("sendMessage", status=429, retry_after=1, count=6)
    stats = await DigestRunner({"telegram": adapter}).run_due(NOW)
    assert stats.counts["sent"] == 5
    assert digests_per_chat(fake) == Counter({600 + n: 1 for n in range(5)})


async def test_nothing_new_means_no_digest_unless_quiet_days_are_wanted(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    fake, adapter = telegram
    await subscriber("701")  # no postings at all: nothing moved, nothing new
    await subscriber("702", quiet_days=True)
    stats = await DigestRunner({"telegram": adapter}).run_due(NOW)
    assert (stats.counts["nothing_new"], stats.counts["sent"]) == (1, 1)
    assert digests_per_chat(fake) == Counter({702: 1})
    quiet = next(s for s in fake.sent if s.chat_id == 702)
    assert "A quiet day" in (quiet.text or "")


async def test_forgetting_a_person_removes_their_delivery_records(
    telegram: tuple[FakeTelegram, TelegramAdapter],
) -> None:
    _, adapter = telegram
    user = await subscriber("801", quiet_days=True)
    await DigestRunner({"telegram": adapter}).run_due(NOW)
    assert await Lease.find({"_id": {"$regex": f"^digest:{user.id}:"}}).count() == 1
    await Profiles().delete(user)
    assert await Lease.find({"_id": {"$regex": f"^digest:{user.id}:"}}).count() == 0
