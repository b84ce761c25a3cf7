"""Ingest speed: 10,000 postings from the fake jobs API into the local database."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import note, peak_rss_mb, result
from bot.local_database import start_local_database
from core.collection.collector import Collector, Target
from core.collection.ingest import Ingestor
from core.collection.samples import read_samples
from core.collection.theirstack import TheirStackClient
from core.storage.database import init_database, make_client
from tests.fakes.theirstack import FakeTheirStack, make_job

COUNT = 10_000
TARGET = 500


def jobs() -> list[dict[str, Any]]:
    samples = read_samples()
    out = []
    for i in range(COUNT):
        s = samples[i % len(samples)]
        out.append(
            make_job(
                1_000_000 + i,
                job_title=f"Data Engineer ({s.job_title})",
                description=s.description,
                technology_slugs=s.technology_slugs,
                date_posted=s.date_posted.isoformat() if s.date_posted else None,
                discovered_at=s.discovered_at.strftime("%Y-%m-%dT%H:%M:%S")
                if s.discovered_at
                else None,
                country_code=s.country_code,
                location=s.location,
            )
        )
    return out


async def run() -> None:
    catalogue = jobs()
    average = sum(len(j["description"]) for j in catalogue) // len(catalogue)
    note(f"{len(catalogue)} postings, ~{average} chars each")
    with tempfile.TemporaryDirectory() as tmp:
        server = await start_local_database(Path(tmp), build=False)
        client = make_client(server.uri)
        try:
            await init_database(client, "bench_ingest")
            async with FakeTheirStack(catalogue) as fake:
                api = TheirStackClient(
                    "test-key", base_url=fake.base_url, requests_per_minute=60_000
                )
                ingestor = Ingestor()
                collector = Collector(api, ingestor, max_per_search=COUNT, page_size=500)
                started = time.perf_counter()
                run = await collector.run([Target("Data Engineer")], trigger="bench")
                elapsed = time.perf_counter() - started
                await api.aclose()
        finally:
            await client.close()
            await server.stop()
    note(f"fetched {run.fetched}, new {run.new}, {elapsed:.1f} s, status {run.status}")
    result("ingest_postings_per_second", f"{run.new / elapsed:.0f}", f">={TARGET}")
    result("ingest_peak_rss_mb", f"{peak_rss_mb():.0f}", "report")


if __name__ == "__main__":
    asyncio.run(run())
