"""Market data for the service: sample postings, the collector and the scheduled jobs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot.progress import progress_bar
from bot.scheduler import ScheduledJob
from bot.settings import Settings
from core.collection.cleanup import remove_old_postings
from core.collection.collector import Collector, Target
from core.collection.ingest import Ingestor
from core.collection.models import CollectionRun
from core.collection.reextract import rebuild_rollups
from core.collection.samples import SAMPLE_FILE, load_samples_if_empty
from core.collection.targeted import process_requests
from core.collection.targets import configured_targets, user_targets
from core.collection.theirstack import TheirStackClient
from core.market import rollups

log = logging.getLogger(__name__)

CLEANUP_SCHEDULE = "30 3 * * *"
TARGETED_SCHEDULE = "*/10 * * * *"


class NoApiKeyError(Exception):
    """Collection needs THEIR_STACK_API_KEY."""


@dataclass
class Market:
    """Builds the market-data parts once and hands them to commands and the scheduler."""

    settings: Settings
    _clients: list[TheirStackClient] = field(default_factory=list)

    @cached_property
    def ingestor(self) -> Ingestor:
        """The extraction and storage pipeline (loads spaCy patterns once)."""
        return Ingestor()

    def client(self) -> TheirStackClient:
        """A jobs-API client from the settings."""
        key = self.settings.their_stack_api_key
        if key is None:
            raise NoApiKeyError(
                "THEIR_STACK_API_KEY is not set: collection needs a TheirStack API key "
                "(without one the bot answers from the bundled sample postings)."
            )
        client = TheirStackClient(
            key.get_secret_value(),
            base_url=self.settings.their_stack_base_url,
            timeout=self.settings.their_stack_timeout,
            max_retries=self.settings.their_stack_max_retries,
            requests_per_minute=self.settings.their_stack_rate_limit,
        )
        self._clients.append(client)
        return client

    def collector(self) -> Collector:
        """A collector on a fresh client."""
        return Collector(
            self.client(), self.ingestor, max_per_search=self.settings.max_jobs_per_search
        )

    async def close(self) -> None:
        """Close every client handed out."""
        for client in self._clients:
            await client.aclose()
        self._clients.clear()

    async def targets(self, role: str | None = None, location: str | None = None) -> list[Target]:
        """Explicit targets, or the configured ones plus those of active users."""
        if role is not None:
            return [Target(role, location)]
        configured = configured_targets(
            self.settings.collection_roles, self.settings.collection_locations
        )
        return list(dict.fromkeys([*configured, *await user_targets()]))

    async def collect(
        self,
        targets: list[Target],
        *,
        trigger: str,
        dry_run: bool = False,
        progress: Callable[[Target, int], None] | None = None,
    ) -> CollectionRun:
        """One collection run over `targets`."""
        return await self.collector().run(
            targets, trigger=trigger, dry_run=dry_run, progress=progress
        )

    async def ensure_samples(self, show_progress: bool = True) -> int:
        """Without an API key, fill an empty database with the sample postings."""
        if self.settings.their_stack_api_key is not None:
            return 0
        if not SAMPLE_FILE.exists():
            log.warning("no sample postings at %s; run scripts/generate_samples.py", SAMPLE_FILE)
            return 0
        if not show_progress:
            result = await load_samples_if_empty(self.ingestor)
            return result.new if result else 0
        with progress_bar() as bar:
            task = bar.add_task("Loading sample postings", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = await load_samples_if_empty(self.ingestor, progress=advance)
            if result is None:
                bar.remove_task(task)
        return result.new if result else 0

    async def ensure_rollups(self) -> int:
        """Rebuild the roll-ups when they were written by an older version; return documents."""
        if not await rollups.outdated(rollups.rollup_collection()):
            return 0
        log.info("market roll-ups are in an older format; rebuilding them from the postings")
        with progress_bar() as bar:
            bar.add_task("Rebuilding market roll-ups", total=None)
            return await rebuild_rollups()

    def scheduled_jobs(self) -> list[ScheduledJob]:
        """Collection (with an API key), targeted collection and cleanup."""
        jobs = [ScheduledJob("cleanup", CLEANUP_SCHEDULE, self._cleanup)]
        if self.settings.their_stack_api_key is not None:
            jobs += [
                ScheduledJob(
                    "collect", self.settings.job_collection_schedule, self._scheduled_collect
                ),
                ScheduledJob("targeted", TARGETED_SCHEDULE, self._targeted),
            ]
        return jobs

    async def _scheduled_collect(self) -> None:
        run = await self.collect(await self.targets(), trigger="schedule")
        log.info(
            "collection %s: fetched %d, new %d, updated %d, credits %d, errors %d",
            run.status,
            run.fetched,
            run.new,
            run.updated,
            run.credits_used,
            len(run.errors),
        )

    async def _targeted(self) -> None:
        run = await process_requests(self.collector(), self.settings.daily_credit_budget)
        if run is not None:
            log.info("targeted collection %s: new %d", run.status, run.new)

    async def _cleanup(self) -> None:
        removed = await remove_old_postings(self.settings.job_data_retention_days)
        log.info(
            "cleanup removed %d postings older than %d days",
            removed,
            self.settings.job_data_retention_days,
        )
