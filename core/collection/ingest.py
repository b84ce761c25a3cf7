"""From jobs-API records to stored postings: normalise, extract skills, upsert by `_id`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from pymongo.errors import BulkWriteError

from core.clock import utcnow
from core.collection.theirstack import ApiJob
from core.extraction.extractor import SkillExtractor
from core.extraction.roles import RoleClassifier
from core.extraction.version import extractor_version
from core.intents import Level
from core.market import rollups
from core.places import Gazetteer, load_gazetteer
from core.postings.models import JobPosting, posting_key

_SENIORITY: dict[str, Level] = {
    "junior": "junior",
    "mid_level": "mid",
    "senior": "senior",
    "staff": "senior",
    "c_level": "senior",
}
DUPLICATE_KEY = 11000
# Seen once, these never change for a posting; later fetches update everything else.
_FIRST_SEEN_ONLY = ("collected_at", "role")


@dataclass(frozen=True, slots=True)
class IngestResult:
    """How many postings a batch added and how many it refreshed."""

    new: int = 0
    updated: int = 0


class Ingestor:
    """Turns API jobs into postings and stores them; build once per process."""

    def __init__(
        self,
        extractor: SkillExtractor | None = None,
        classifier: RoleClassifier | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.extractor = extractor or SkillExtractor()
        self.classifier = classifier or RoleClassifier(self.extractor.taxonomy)
        self.gazetteer = gazetteer or load_gazetteer()

    def to_postings(
        self, jobs: Sequence[ApiJob], source: str, fallback_role: str | None = None
    ) -> list[JobPosting]:
        """Postings for a batch of jobs, skills from slugs and text united."""
        now = utcnow()
        version = extractor_version()
        texts = (f"{job.job_title}\n{job.description}" for job in jobs)
        out = []
        for job, from_text in zip(jobs, self.extractor.extract_many(texts), strict=True):
            from_slugs = self.extractor.skills_for_slugs(job.technology_slugs)
            out.append(
                JobPosting(
                    id=posting_key(source, str(job.id)),
                    source=source,
                    source_id=str(job.id),
                    title=job.job_title.strip() or "(untitled)",
                    company=job.company,
                    role=self.classifier.classify(job.job_title) or fallback_role,
                    location=job.location or job.short_location,
                    city=job.cities[0] if job.cities else None,
                    country=job.country or self._country_name(job.country_code),
                    country_code=job.country_code,
                    remote=job.remote,
                    seniority=_SENIORITY.get(job.seniority or ""),
                    salary_min_usd=job.min_annual_salary_usd,
                    salary_max_usd=job.max_annual_salary_usd,
                    description=job.description,
                    url=job.final_url or job.url or job.source_url,
                    technology_slugs=job.technology_slugs,
                    skills_from_slugs=from_slugs,
                    skills_from_text=from_text,
                    skills=list(dict.fromkeys([*from_slugs, *from_text])),
                    extractor_version=version,
                    discovered_at=job.discovered_at,
                    posted_at=_posted_at(job, now),
                    collected_at=now,
                    updated_at=now,
                )
            )
        return out

    def _country_name(self, code: str | None) -> str | None:
        place = self.gazetteer.country(code) if code else None
        return place.name if place else None

    @staticmethod
    async def store(
        postings: Sequence[JobPosting], rollup: rollups.RollupBatch | None = None
    ) -> IngestResult:
        """Insert new postings; a posting seen before is refreshed, never duplicated.

        New postings are counted into the market roll-ups: into `rollup` when given (the
        caller applies it once, after many batches), else right away. Inserting first and
        updating only the duplicates keeps the common case (all new, since each run asks for
        what was discovered after the last) one round trip; an upsert per posting costs a
        read and a write each on FerretDB.
        """
        if not postings:
            return IngestResult()
        collection = JobPosting.get_pymongo_collection()
        docs = []
        for posting in postings:
            doc = posting.model_dump(exclude={"revision_id"})
            doc["_id"] = doc.pop("id")
            docs.append(doc)
        seen_before: list[dict[str, Any]] = []
        try:
            await collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            seen_before = [docs[e["index"]] for e in errors]
        for doc in seen_before:
            fields = {k: v for k, v in doc.items() if k != "_id" and k not in _FIRST_SEEN_ONLY}
            await collection.update_one({"_id": doc["_id"]}, {"$set": fields})
        # Counted once, when first stored; a refreshed posting keeps its place in the counts.
        old = {id(d) for d in seen_before}
        batch = rollup if rollup is not None else rollups.RollupBatch()
        for doc in docs:
            if id(doc) not in old:
                batch.add(doc)
        if rollup is None:
            await rollups.apply(rollups.rollup_collection(), batch)
        return IngestResult(new=len(docs) - len(seen_before), updated=len(seen_before))


def _posted_at(job: ApiJob, now: datetime) -> datetime:
    if job.date_posted is not None:
        return datetime.combine(job.date_posted, time(12), tzinfo=UTC)
    return job.discovered_at or now
