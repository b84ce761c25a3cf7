import asyncio
from datetime import UTC, datetime

import time_machine
from pymongo.asynchronous.database import AsyncDatabase

from bot.scheduler import ScheduledJob, ServiceScheduler, last_fire_time
from core.scheduling.leases import Lease

DB = AsyncDatabase[dict[str, object]]


async def nothing() -> None:
    return None


def test_last_fire_time_names_the_occurrence() -> None:
    job = ScheduledJob("collect", "0 2 * * *", nothing)
    assert last_fire_time(job.trigger, datetime(2026, 11, 26, 2, 0, 30, tzinfo=UTC)) == datetime(
        2026, 11, 26, 2, 0, tzinfo=UTC
    )
    assert last_fire_time(job.trigger, datetime(2026, 11, 26, 1, 59, tzinfo=UTC)) == datetime(
        2026, 11, 25, 2, 0, tzinfo=UTC
    )


async def test_a_job_fires_on_schedule_and_two_schedulers_run_it_once(db: DB) -> None:
    ran: list[str] = []
    fired = asyncio.Event()

    def job_for(owner: str) -> ScheduledJob:
        async def collect() -> None:
            ran.append(owner)
            fired.set()
            await asyncio.sleep(0.2)  # both processes are awake at 02:00 while this runs

        return ScheduledJob("collect", "0 2 * * *", collect)

    with time_machine.travel(datetime(2026, 11, 26, 1, 59, 58, 500000, tzinfo=UTC), tick=True):
        first, second = ServiceScheduler([job_for("a")], "a"), ServiceScheduler([job_for("b")], "b")
        first.start()
        second.start()
        try:
            await asyncio.sleep(0.5)
            assert ran == []  # not before 02:00
            await asyncio.wait_for(fired.wait(), 5)
            await asyncio.sleep(0.5)
        finally:
            first.shutdown()
            second.shutdown()
    assert len(ran) == 1
    lease = await Lease.get("collect:2026-11-26T02:00")
    assert lease is not None and lease.owner == ran[0] and lease.finished_at is not None


async def test_a_failing_job_is_logged_and_the_occurrence_closed(db: DB) -> None:
    async def broken() -> None:
        raise RuntimeError("boom")

    scheduler = ServiceScheduler([ScheduledJob("cleanup", "30 3 * * *", broken)], "a")
    now = datetime(2026, 11, 26, 3, 30, 5, tzinfo=UTC)
    assert await scheduler.run_occurrence(scheduler.jobs[0], now)
    assert not await scheduler.run_occurrence(scheduler.jobs[0], now)
