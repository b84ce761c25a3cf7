"""Roll-ups of postings per role, place and month, kept up to date at ingest.

Analytics over a large history must not scan every posting: FerretDB scans a whole
collection for any filter but an `_id` lookup, and even MongoDB with indexes reads every
matching posting. So each posting, when stored, is counted into a few roll-up documents
keyed by `_id` = "<role>|<place>|<YYYY-MM>" (role "*" = all roles; place "*", "remote",
"cc:DE" or "city:Berlin"), holding per-day counts: postings, skills, stated pay by level,
remote postings, cities and countries. Pairs of skills asked for together are counted per
month in "pairs|<role>|<YYYY-MM>". An answer then reads a handful of documents by `_id`.

The writer is the ingest of one process at a time (collection runs under a lease); a
document is read, merged and replaced, which FerretDB can do without transactions.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.market.analytics import Tally, annual_pay
from core.places import load_gazetteer

ALL = "*"
COLLECTION = "market_rollups"
VERSION_ID = "version"
SOURCES_ID = "sources"
# The stored form of the counts; a process finding another rebuilds the roll-ups.
FORMAT = 5
# Newest postings kept per role and place, for job lists without scanning the postings.
LATEST_KEEP = 200
# What `latest_entry` reads of a posting.
LATEST_FIELDS = dict.fromkeys(
    "posted_at skills source title company remote city country location url "
    "salary_min_usd salary_max_usd".split(),
    1,
)


def rollup_collection() -> Any:
    """The roll-ups, in the database the postings are in."""
    from core.postings.models import JobPosting

    return JobPosting.get_pymongo_collection().database[COLLECTION]


async def remove_months_before(month: str) -> int:
    """Drop roll-ups of months before `month` (YYYY-MM), as postings age out."""
    result = await rollup_collection().delete_many({"month": {"$lt": month}})
    return int(result.deleted_count)


def place_key(location: str | None) -> str | None:
    """The roll-up place of a location filter; None when the place is unknown."""
    if not location:
        return ALL
    place = load_gazetteer().find(location)
    if place is None:
        return None
    if place.kind == "remote":
        return "remote"
    if place.kind == "country":
        return f"cc:{place.country_code}"
    return f"city:{place.name}"


def posting_places(posting: dict[str, Any]) -> list[str]:
    """Every roll-up place a posting counts in."""
    places = [ALL]
    if posting.get("remote"):
        places.append("remote")
    if posting.get("country_code"):
        places.append(f"cc:{posting['country_code']}")
    if posting.get("city"):
        places.append(f"city:{posting['city']}")
    return places


def months(since: date, until: date) -> list[str]:
    """The YYYY-MM months a date range touches."""
    out, cursor = [], since.replace(day=1)
    while cursor <= until:
        out.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return out


def day_doc(day: str, t: Tally) -> dict[str, Any]:
    """The stored form of one day's tally.

    The counts are one JSON string, not subdocuments: a month of an all-roles roll-up holds
    tens of thousands of counts, and FerretDB decodes every subdocument of a document it
    reads (hundreds of milliseconds), while a string is one value. Skill names also contain
    dots, which keys cannot.
    """
    counts = {
        "n": t.n,
        "remote": t.remote,
        "skills": dict(sorted(t.skills.items())),
        "cities": dict(sorted(t.cities.items())),
        "countries": dict(sorted(t.countries.items())),
        "pay": [[lvl, v, c] for (lvl, v), c in sorted(t.pay.items())],
    }
    return {"d": day, "n": t.n, "counts": json.dumps(counts, separators=(",", ":"))}


def day_tally(doc: dict[str, Any]) -> Tally:
    """A day's tally from its stored form."""
    counts = json.loads(doc["counts"])
    return Tally(
        n=counts["n"],
        remote=counts["remote"],
        skills=Counter(counts["skills"]),
        cities=Counter(counts["cities"]),
        countries=Counter(counts["countries"]),
        pay=Counter({(lvl, float(v)): c for lvl, v, c in counts["pay"]}),
    )


@dataclass
class RollupBatch:
    """Counts of a batch of postings, grouped by roll-up document."""

    days: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    sources: Counter[str] = field(default_factory=Counter)
    pairs: dict[str, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))
    latest: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, posting: dict[str, Any]) -> None:
        self.sources[str(posting.get("source") or "")] += 1
        posted: datetime = posting["posted_at"]
        day, month = posted.strftime("%Y-%m-%d"), posted.strftime("%Y-%m")
        role = posting.get("role")
        roles = [ALL, role] if role else [ALL]
        for r in roles:
            for place in posting_places(posting):
                doc_days = self.days[f"{r}|{place}|{month}"]
                doc_days.setdefault(day, Tally()).add(posting)
                newest = self.latest[f"latest|{r}|{place}"]
                newest.append(latest_entry(posting))
                if len(newest) > 2 * LATEST_KEEP:
                    # Bounded while counting a whole history (a rebuild): keep the newest.
                    newest.sort(key=lambda e: (e["t"], e["id"]), reverse=True)
                    del newest[LATEST_KEEP:]
        if role:
            skills = sorted(set(posting.get("skills") or ()))
            counter = self.pairs[f"pairs|{role}|{month}"]
            for i, a in enumerate(skills):
                for b in skills[i + 1 :]:
                    counter[(a, b)] += 1


def latest_entry(posting: dict[str, Any]) -> dict[str, Any]:
    """What a job list shows of a posting, so that listing jobs reads no posting itself."""
    pay = annual_pay(posting)
    place = "Remote" if posting.get("remote") else None
    return {
        "id": posting["_id"],
        "t": posting["posted_at"].isoformat(),
        "skills": sorted(set(posting.get("skills") or ())),
        "source": posting.get("source") or "",
        "title": posting.get("title") or "",
        "company": posting.get("company") or "",
        "place": place or posting.get("city") or posting.get("country") or posting.get("location"),
        "pay": round(pay, -3) if pay else None,
        "url": posting.get("url"),
    }


def _merge_latest(
    key: str, current: dict[str, Any] | None, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    merged = {e["id"]: e for e in json.loads((current or {}).get("entries", "[]"))}
    merged.update({e["id"]: e for e in entries})
    newest = sorted(merged.values(), key=lambda e: (e["t"], e["id"]), reverse=True)[:LATEST_KEEP]
    return {"_id": key, "entries": json.dumps(newest, separators=(",", ":"))}


def _merge_doc(key: str, current: dict[str, Any] | None, days: dict[str, Tally]) -> dict[str, Any]:
    merged = {d["d"]: day_tally(d) for d in (current or {}).get("days", [])}
    for day, counts in days.items():
        merged.setdefault(day, Tally()).merge(counts)
    role, place, month = key.split("|")
    return {
        "_id": key,
        "role": role,
        "place": place,
        "month": month,
        "days": [day_doc(d, merged[d]) for d in sorted(merged)],
    }


def _merge_total(
    key: str, current: dict[str, Any] | None, days: dict[str, Tally]
) -> dict[str, Any]:
    # The whole month in one tally: a period spanning months reads these for the months it
    # covers entirely, not thirty days each.
    total = day_tally(current["total"]) if current else Tally()
    for counts in days.values():
        total.merge(counts)
    role, place, month = key.split("|")
    return {
        "_id": f"{key}|total",
        "role": role,
        "place": place,
        "month": month,
        "total": day_doc(month, total),
    }


def _merge_pairs(
    key: str, current: dict[str, Any] | None, pairs: Counter[tuple[str, str]]
) -> dict[str, Any]:
    merged: Counter[tuple[str, str]] = Counter(
        {(a, b): n for a, b, n in json.loads((current or {}).get("pairs", "[]"))}
    )
    merged.update(pairs)
    role, month = key.split("|")[1:]
    stored = json.dumps([[a, b, n] for (a, b), n in sorted(merged.items())], separators=(",", ":"))
    return {"_id": key, "role": role, "month": month, "pairs": stored}


async def apply(collection: Any, batch: RollupBatch, *, fresh: bool = False) -> int:
    """Merge a batch into the stored roll-ups; return the documents written.

    `fresh` says the roll-ups are empty (a first load), so nothing needs reading first.
    """
    docs = [
        _merge_doc(k, None if fresh else await collection.find_one({"_id": k}), days)
        for k, days in batch.days.items()
    ]
    docs += [
        _merge_total(k, None if fresh else await collection.find_one({"_id": f"{k}|total"}), days)
        for k, days in batch.days.items()
    ]
    docs += [
        _merge_pairs(k, None if fresh else await collection.find_one({"_id": k}), pairs)
        for k, pairs in batch.pairs.items()
    ]
    docs += [
        _merge_latest(k, None if fresh else await collection.find_one({"_id": k}), entries)
        for k, entries in batch.latest.items()
    ]
    if fresh:
        for start in range(0, len(docs), 500):
            await collection.insert_many(docs[start : start + 500], ordered=False)
    else:
        # One replacement per document: FerretDB v1 was seen to hang on a multi-statement
        # update command replacing existing documents.
        for doc in docs:
            await collection.replace_one({"_id": doc["_id"]}, doc, upsert=True)
    writes = docs
    if writes:
        meta = await collection.find_one({"_id": SOURCES_ID}) or {}
        counts = Counter({k: v for k, v in meta.items() if k != "_id"})
        counts.update(batch.sources)
        await collection.replace_one({"_id": SOURCES_ID}, dict(counts), upsert=True)
        await bump_version(collection)
    return len(writes)


async def rebuild(collection: Any, postings: Any) -> int:
    """Replace every roll-up with counts of `postings` (an async iterable of documents)."""
    batch = RollupBatch()
    async for posting in postings:
        batch.add(posting)
    # The version document stays, so that the count goes on rising and no cache in another
    # process mistakes the new roll-ups for the ones it holds.
    await collection.delete_many({"_id": {"$ne": VERSION_ID}})
    return await apply(collection, batch, fresh=True)


_local_changes = 0


def local_changes() -> int:
    """How many times this process changed the roll-ups (caches here recheck at once)."""
    return _local_changes


async def bump_version(collection: Any) -> int:
    """Count a change, so that caches in every process know their answers are stale."""
    global _local_changes
    _local_changes += 1
    current = await collection.find_one({"_id": VERSION_ID})
    version = int((current or {}).get("v", 0)) + 1
    await collection.replace_one({"_id": VERSION_ID}, {"v": version, "format": FORMAT}, upsert=True)
    return version


async def outdated(collection: Any) -> bool:
    """Whether the stored roll-ups were written in another format (and need a rebuild)."""
    current = await collection.find_one({"_id": VERSION_ID})
    return current is not None and current.get("format") != FORMAT


async def version(collection: Any) -> int:
    """The current roll-up version."""
    current = await collection.find_one({"_id": VERSION_ID})
    return int((current or {}).get("v", 0))


async def load_tally(
    collection: Any, role: str | None, place: str, since: date, until: date
) -> tuple[Tally, Tally]:
    """Tallies of a role and place: for days in [since, until), and for the whole months."""
    window, span = Tally(), Tally()
    start, end = since.isoformat(), until.isoformat()
    for month in months(since, until):
        key = f"{role or ALL}|{place}|{month}"
        total = await collection.find_one({"_id": f"{key}|total"})
        if total is None:
            continue
        counts = day_tally(total["total"])
        span.merge(counts)
        first = f"{month}-01"
        after = (date.fromisoformat(first) + timedelta(days=32)).replace(day=1).isoformat()
        if start <= first and after <= end:
            window.merge(counts)  # the whole month is inside the period
            continue
        doc = await collection.find_one({"_id": key})
        for day in (doc or {}).get("days", []):
            if start <= day["d"] < end:
                window.merge(day_tally(day))
    return window, span


async def load_pairs(
    collection: Any, role: str, since: date, until: date
) -> Counter[tuple[str, str]]:
    """Pair counts of a role over the months a range touches."""
    total: Counter[tuple[str, str]] = Counter()
    for month in months(since, until):
        doc = await collection.find_one({"_id": f"pairs|{role}|{month}"})
        for a, b, n in json.loads((doc or {}).get("pairs", "[]")):
            total[(a, b)] += n
    return total


async def load_latest(collection: Any, role: str | None, place: str) -> list[dict[str, Any]]:
    """The newest postings of a role and place, newest first (at most LATEST_KEEP)."""
    doc = await collection.find_one({"_id": f"latest|{role or ALL}|{place}"})
    entries: list[dict[str, Any]] = json.loads((doc or {}).get("entries", "[]"))
    return entries
