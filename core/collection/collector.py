"""Collecting postings for (role, location) targets from the jobs API."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from core import metrics
from core.clock import utcnow
from core.collection.ingest import Ingestor
from core.collection.models import CollectionCursor, CollectionRun, RunStatus
from core.collection.theirstack import (
    ApiJob,
    AuthenticationError,
    JobSearch,
    OutOfCreditsError,
    TheirStackClient,
    TheirStackError,
)
from core.market import rollups
from core.places import Gazetteer, load_gazetteer
from core.taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

BATCH = 100
SOURCE = "theirstack"
FIRST_RUN_MAX_AGE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Target:
    """One search: a catalogue role, optionally in one place."""

    role: str
    location: str | None = None

    @property
    def key(self) -> str:
        """`Data Engineer|Berlin`: names the target in runs and cursors."""
        return f"{self.role}|{self.location or ''}"


Progress = Callable[[Target, int], None]


class Collector:
    """Fetches postings newer than the last run for each target and stores them."""

    def __init__(
        self,
        client: TheirStackClient,
        ingestor: Ingestor,
        *,
        max_per_search: int = 100,
        page_size: int = 100,
        taxonomy: Taxonomy | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.client = client
        self.ingestor = ingestor
        self.max_per_search = max_per_search
        self.page_size = page_size
        self._counts = rollups.RollupBatch()
        self.taxonomy = taxonomy or load_taxonomy()
        self.gazetteer = gazetteer or load_gazetteer()

    def search_for(self, target: Target, since: datetime | None) -> JobSearch:
        """The API search of a target: the role's title queries, the place as filters."""
        role = self.taxonomy.roles[target.role]
        search = JobSearch(job_titles=list(role.titles or (role.name,)))
        place = self.gazetteer.find(target.location) if target.location else None
        if place is not None and place.kind == "remote":
            search.remote = True
        elif place is not None and place.country_code:
            search.country_codes = [place.country_code]
            if place.kind == "city":
                search.location_patterns = [place.name]
        if since is not None:
            search.discovered_after = since
            search.max_age_days = None
        else:
            search.max_age_days = FIRST_RUN_MAX_AGE_DAYS
        return search

    async def run(
        self,
        targets: Iterable[Target],
        *,
        trigger: str = "manual",
        dry_run: bool = False,
        progress: Progress | None = None,
        max_per_search: int | None = None,
    ) -> CollectionRun:
        """Collect every target; the run is recorded whatever happens."""
        targets = list(dict.fromkeys(targets))
        run = CollectionRun(trigger=trigger, targets=[t.key for t in targets], dry_run=dry_run)
        await run.insert()
        credits_before = self.client.credits_used
        limit = max_per_search or self.max_per_search
        try:
            for target in targets:
                try:
                    await self._collect_target(run, target, limit, dry_run, progress)
                except (AuthenticationError, OutOfCreditsError) as exc:
                    # Nothing more can be fetched in this run: say why and stop.
                    run.errors.append(f"{target.key}: {exc}")
                    log.error("collection stopped: %s", exc)
                    break
                except TheirStackError as exc:
                    run.errors.append(f"{target.key}: {exc}")
                    log.warning("collection of %s failed: %s", target.key, exc)
        finally:
            run.credits_used = self.client.credits_used - credits_before
            metrics.CREDITS_USED.inc(run.credits_used)
            run.finished_at = utcnow()
            run.status = _status(run, len(targets))
            await run.save()
        return run

    async def _collect_target(
        self,
        run: CollectionRun,
        target: Target,
        limit: int,
        dry_run: bool,
        progress: Progress | None,
    ) -> None:
        cursor = await CollectionCursor.get(target.key)
        since = cursor.newest_discovered_at if cursor else None
        newest = since
        batch: list[ApiJob] = []
        search = self.search_for(target, since)
        async for job in self.client.search_jobs(search, limit, page_size=self.page_size):
            run.fetched += 1
            batch.append(job)
            if job.discovered_at is not None and (newest is None or job.discovered_at > newest):
                newest = job.discovered_at
            if len(batch) >= BATCH:
                await self._store(run, target, batch, dry_run)
                batch = []
            if progress is not None:
                progress(target, run.fetched)
        await self._store(run, target, batch, dry_run)
        if not dry_run:
            # Counts go in once per target: a roll-up is read and rewritten per apply.
            await rollups.apply(rollups.rollup_collection(), self._counts)
            self._counts = rollups.RollupBatch()
            await CollectionCursor(id=target.key, newest_discovered_at=newest).save()

    async def _store(
        self, run: CollectionRun, target: Target, batch: list[ApiJob], dry_run: bool
    ) -> None:
        if not batch or dry_run:
            return
        postings = self.ingestor.to_postings(batch, SOURCE, fallback_role=target.role)
        result = await self.ingestor.store(postings, self._counts)
        run.new += result.new
        metrics.POSTINGS_COLLECTED.inc(result.new)
        run.updated += result.updated


def _status(run: CollectionRun, targets: int) -> RunStatus:
    if not run.errors:
        return "succeeded"
    failed = {e.split(":", 1)[0] for e in run.errors}
    return "failed" if len(failed) >= targets or run.fetched == 0 else "partial"
