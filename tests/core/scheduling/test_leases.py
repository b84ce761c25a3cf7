import asyncio
from datetime import timedelta

from pymongo.asynchronous.database import AsyncDatabase

from core.clock import utcnow
from core.scheduling.leases import Lease, claim, finish

DB = AsyncDatabase[dict[str, object]]


async def test_only_one_of_many_claimants_wins(db: DB) -> None:
    results = await asyncio.gather(
        *(claim("collect:02:00", f"p{i}", timedelta(minutes=5)) for i in range(8))
    )
    assert sum(results) == 1


async def test_an_expired_unfinished_lease_is_taken_over_once(db: DB) -> None:
    past = utcnow() - timedelta(hours=1)
    assert await claim("job:1", "dead", timedelta(minutes=5), now=past)
    results = await asyncio.gather(
        *(claim("job:1", f"p{i}", timedelta(minutes=5)) for i in range(5))
    )
    assert sum(results) == 1
    lease = await Lease.get("job:1")
    assert lease is not None and lease.owner != "dead"


async def test_a_finished_lease_is_never_taken_again(db: DB) -> None:
    past = utcnow() - timedelta(hours=1)
    assert await claim("job:2", "a", timedelta(minutes=5), now=past)
    await finish("job:2", "a")
    assert not await claim("job:2", "b", timedelta(minutes=5))


async def test_a_live_lease_is_respected(db: DB) -> None:
    assert await claim("job:3", "a", timedelta(minutes=5))
    assert not await claim("job:3", "b", timedelta(minutes=5))
