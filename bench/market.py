"""Market answers at scale: a year of 1,000,000 postings, gap/trending/salary p95 latency.

The postings are generated straight into the local database (skills drawn from each role's
typical shares), roll-ups are built from them, and each answer is timed over many distinct
questions: through the roll-ups with a cold cache, with a warm cache, and, for a few, by
direct aggregation over the raw postings (the baseline the ratio is against).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from bench.report import note, peak_rss_mb, result
from bot.local_database import start_local_database
from core.clock import utcnow
from core.market import rollups
from core.market.answers import MarketAnswers
from core.market.sources import RawSource, RollupSource
from core.postings.models import JobPosting
from core.storage.database import init_database, make_client
from core.taxonomy import load_taxonomy

COUNT = int(os.environ.get("BENCH_MARKET_POSTINGS", "1000000"))
QUESTIONS = 60
RAW_QUESTIONS = 1
TARGET_MS = 100
PLACES = [
    ("Berlin", "DE", "Germany"),
    ("Munich", "DE", "Germany"),
    ("London", "GB", "United Kingdom"),
    ("New York", "US", "United States"),
    ("Austin", "US", "United States"),
    ("Toronto", "CA", "Canada"),
    ("Bangalore", "IN", "India"),
    ("Paris", "FR", "France"),
    ("Amsterdam", "NL", "Netherlands"),
    ("Warsaw", "PL", "Poland"),
]
LEVELS = ["junior", "mid", "senior", None]


def postings(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    taxonomy = load_taxonomy()
    roles = list(taxonomy.roles.values())
    now = utcnow()
    for i in range(count):
        role = rng.choice(roles)
        skills = [s for s, share in role.skills.items() if rng.random() < share]
        city, code, country = rng.choice(PLACES)
        remote = rng.random() < 0.15
        low = rng.randrange(40_000, 160_000, 1000) if rng.random() < 0.45 else None
        yield (
            {
                "_id": f"bench:{i}",
                "source": "bench",
                "source_id": str(i),
                "title": role.name,
                "role": role.name,
                "skills": skills,
                "city": None if remote else city,
                "country_code": code,
                "country": country,
                "remote": remote,
                "seniority": rng.choice(LEVELS),
                "salary_min_usd": low,
                "salary_max_usd": low + 20_000 if low else None,
                "posted_at": now - timedelta(days=rng.random() * 365),
                "description": "",
            }
        )


Question = Callable[[MarketAnswers], Awaitable[object]]


async def timed(question: Question, answers: MarketAnswers) -> float:
    started = time.perf_counter()
    await question(answers)
    return (time.perf_counter() - started) * 1000


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


async def run() -> None:
    taxonomy = load_taxonomy()
    rng = random.Random(11)
    roles = list(taxonomy.roles)
    with tempfile.TemporaryDirectory() as tmp:
        server = await start_local_database(Path(tmp), build=False)
        client = make_client(server.uri, timeout_ms=600_000)
        try:
            await init_database(client, "bench_market")
            # Generated, stored and counted in chunks, so that memory holds one chunk.
            started = time.perf_counter()
            collection = JobPosting.get_pymongo_collection()
            batch = rollups.RollupBatch()
            generated = postings(COUNT)
            for start, chunk in enumerate(iter(lambda: list(islice(generated, 10_000)), [])):
                await collection.insert_many(chunk, ordered=False)
                for doc in chunk:
                    batch.add(doc)
                if start % 20 == 0:
                    note(f"inserted {(start + 1) * 10_000:,} postings")
            note(f"inserted {COUNT:,} postings in {time.perf_counter() - started:.0f} s")
            started = time.perf_counter()
            written = await rollups.apply(rollups.rollup_collection(), batch, fresh=True)
            del batch
            note(f"wrote {written:,} roll-up documents in {time.perf_counter() - started:.0f} s")

            def questions(kind: str) -> list[Callable[[MarketAnswers], Awaitable[object]]]:
                out: list[Callable[[MarketAnswers], Awaitable[object]]] = []
                for _ in range(QUESTIONS):
                    role = rng.choice(roles)
                    place = rng.choice([None, "Germany", "London", "Remote", "United States"])
                    have = rng.sample(list(taxonomy.roles[role].skills), 3)
                    level = rng.choice(LEVELS)
                    if kind == "gap":
                        out.append(partial(MarketAnswers.gap, role=role, location=place, have=have))
                    elif kind == "trending":
                        out.append(partial(MarketAnswers.trending, role=role, location=place))
                    else:
                        out.append(
                            partial(MarketAnswers.salary, role=role, location=place, level=level)
                        )
                return out

            for kind in ("gap", "trending", "salary"):
                asked = questions(kind)
                cold: list[float] = []
                warm: list[float] = []
                raw: list[float] = []
                for q in asked:
                    cold.append(await timed(q, MarketAnswers(RollupSource())))
                shared = MarketAnswers(RollupSource())
                for q in asked:
                    await q(shared)
                for q in asked:
                    warm.append(await timed(q, shared))
                for q in asked[:RAW_QUESTIONS]:
                    raw.append(await timed(q, MarketAnswers(RawSource())))
                ratio = statistics.median(raw) / statistics.median(cold[:RAW_QUESTIONS])
                note(
                    f"{kind}: cold p50 {statistics.median(cold):.1f} ms, p95 {p95(cold):.1f} ms; "
                    f"warm p95 {p95(warm):.2f} ms; direct aggregation median "
                    f"{statistics.median(raw):.0f} ms ({ratio:.0f}x slower)"
                )
                result(f"market_{kind}_p95_ms", f"{p95(cold):.1f}", f"<={TARGET_MS}")
                result(f"market_{kind}_speedup_vs_direct", f"{ratio:.0f}x", "report")
            result("market_peak_rss_mb", f"{peak_rss_mb():.0f}", "report")
        finally:
            await client.close()
            await server.stop()


if __name__ == "__main__":
    asyncio.run(run())
