"""The service's scheduled jobs (APScheduler 3, asyncio), each run once across processes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from core import metrics
from core.scheduling.leases import claim, finish, process_owner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    """A job: its name, its cron schedule (UTC) and what it does."""

    name: str
    schedule: str
    run: Callable[[], Awaitable[object]]
    lease: timedelta = timedelta(hours=1)

    @property
    def trigger(self) -> CronTrigger:
        """The APScheduler trigger of the schedule."""
        return CronTrigger.from_crontab(self.schedule, timezone=UTC)


def last_fire_time(trigger: CronTrigger, now: datetime) -> datetime:
    """The latest time at or before `now` the trigger fires: names one occurrence of a job."""
    for lookback in (
        timedelta(hours=1),
        timedelta(days=1),
        timedelta(days=32),
        timedelta(days=367),
    ):
        start = now - lookback
        fire = trigger.get_next_fire_time(None, start)
        last: datetime | None = None
        while fire is not None and fire <= now:
            last = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
        if last is not None:
            return last
    return now.replace(second=0, microsecond=0)


class ServiceScheduler:
    """Runs jobs on their schedules; an `_id`-keyed lease per occurrence decides who runs it."""

    def __init__(self, jobs: list[ScheduledJob], owner: str | None = None) -> None:
        self.jobs = jobs
        self.owner = owner or process_owner()
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self.runs: dict[str, int] = {}

    def start(self) -> None:
        """Start firing jobs (needs a running event loop)."""
        for job in self.jobs:
            self._scheduler.add_job(
                self.run_occurrence,
                trigger=job.trigger,
                args=[job],
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=600,
            )
        self._scheduler.start()
        log.info("scheduler started: %s", ", ".join(f"{j.name} ({j.schedule})" for j in self.jobs))

    def shutdown(self) -> None:
        """Stop firing; a job already running is left to finish or be cancelled by the loop."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def run_occurrence(self, job: ScheduledJob, now: datetime | None = None) -> bool:
        """Run this occurrence of `job` if no other process has; return whether we ran it."""
        now = now or datetime.now(UTC)
        key = f"{job.name}:{last_fire_time(job.trigger, now):%Y-%m-%dT%H:%M}"
        if not await claim(key, self.owner, job.lease, now):
            log.info("%s is run by another process", key)
            return False
        log.info("running %s", key)
        try:
            await job.run()
        except Exception:
            log.exception("scheduled job %s failed", key)
        finally:
            await finish(key, self.owner)
        self.runs[job.name] = self.runs.get(job.name, 0) + 1
        metrics.JOB_RUNS.labels(job.name).inc()
        return True
