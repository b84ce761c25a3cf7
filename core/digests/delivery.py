"""Delivering due digests, once per person and local day, across restarts and processes.

Each delivery is claimed before sending by inserting a lease keyed `digest:<user>:<day>`
(see `core.scheduling.leases`): of two processes only one insert succeeds, and a claim left
by a process that died is taken over once its lease has expired, so nothing is lost. The
person's profile records the day as done after the send. What remains is the send itself:
chat APIs take no idempotency key, so a process killed in the milliseconds between the
platform accepting a message and the claim being marked done sends that one again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol

from core import metrics
from core.clock import utcnow
from core.conversation.replies import Reply
from core.digests.compose import compose
from core.digests.schedule import due_date, subscribers
from core.market.answers import MarketAnswers
from core.profiles.models import User
from core.profiles.service import Profiles
from core.scheduling.leases import claim, finish, process_owner

log = logging.getLogger(__name__)

Outcome = Literal["sent", "unreachable", "retry"]
LEASE = timedelta(minutes=2)
WORKERS = 16


class DigestSender(Protocol):
    """A platform that can deliver a digest to one of its accounts."""

    async def send_digest(self, external_id: str, reply: Reply) -> Outcome:
        """Send it; "unreachable" when the person blocked the bot or closed DMs."""
        ...


@dataclass
class RunStats:
    """What one pass over the due subscribers did."""

    due: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return f"{self.due} due: {parts or 'nothing done'}"


@dataclass
class DigestRunner:
    """Finds who is due and delivers, within each platform sender's own limits."""

    senders: dict[str, DigestSender]
    market: MarketAnswers = field(default_factory=MarketAnswers)
    owner: str = field(default_factory=process_owner)
    lease: timedelta = LEASE
    workers: int = WORKERS
    # Whose cached copies to drop when a person turns out unreachable (the service's).
    profiles: Profiles | None = None

    async def run_due(
        self,
        now: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> RunStats:
        """Deliver every digest due at `now` (default: the current time)."""
        now = now or utcnow()
        due = [(u, day) for u in await subscribers() if (day := due_date(u, now)) is not None]
        stats = RunStats(due=len(due))
        queue: asyncio.Queue[tuple[User, str]] = asyncio.Queue()
        for user, day in due:
            queue.put_nowait((user, day.isoformat()))
        done = 0

        async def work() -> None:
            nonlocal done
            while not queue.empty():
                user, day = queue.get_nowait()
                try:
                    outcome = await self.deliver(user, day, now)
                except Exception:
                    # One person's failure must not stop everyone else's digest; the claim
                    # expires and the next tick tries again.
                    log.exception("digest for %s failed", user.id)
                    outcome = "error"
                stats.counts[outcome] += 1
                metrics.DIGESTS.labels(outcome).inc()
                done += 1
                if progress is not None:
                    progress(done, len(due))

        await asyncio.gather(*(work() for _ in range(min(self.workers, len(due)) or 1)))
        if due:
            log.info("digests: %s", stats)
        return stats

    async def deliver(self, user: User, day: str, now: datetime) -> str:
        """One person's digest for one local day; returns what happened."""
        platform = user.digest.platform
        sender = self.senders.get(platform or "")
        account = next((i for i in user.identities if i.platform == platform), None)
        if sender is None or account is None:
            return "no_platform"
        key = f"digest:{user.id}:{day}"
        if not await claim(key, self.owner, self.lease, now):
            return "claimed_elsewhere"
        data = await compose(user, self.market, now)
        if data is None:
            await self._done(user, day, None, None)
            await finish(key, self.owner)
            return "nothing_new"
        outcome = await sender.send_digest(account.external_id, Reply("digest", data))
        if outcome == "retry":
            return "retry"  # the claim expires and a later tick sends it
        if outcome == "unreachable":
            if self.profiles is not None:
                self.profiles.forget(user.id)
            await User.get_pymongo_collection().update_one(
                {"_id": user.id}, {"$set": {"active": False, "digest.last_local_date": day}}
            )
        else:
            await self._done(user, day, data.get("coverage"), now)
        await finish(key, self.owner)
        return outcome

    @staticmethod
    async def _done(user: User, day: str, coverage: int | None, sent: datetime | None) -> None:
        changes: dict[str, object] = {"digest.last_local_date": day}
        if coverage is not None:
            changes["digest.last_coverage"] = coverage
        if sent is not None:  # "new since the last digest" counts from the last one sent
            changes["digest.last_sent_at"] = sent
        await User.get_pymongo_collection().update_one({"_id": user.id}, {"$set": changes})
