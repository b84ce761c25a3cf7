"""The whole service under load: 1,000 people sending 50 messages each through Telegram.

`career-bot run` runs as its own process (so its memory is its own) against a local
database and a fake Bot API served from here. Each simulated person sends a message, waits
for the answer (up to 30 s, else it counts as lost), and sends the next. Prints throughput,
p99 reply latency, lost replies (target 0) and the service's peak RSS (target <= 300 MB).
Telegram's own ~30 messages a second cap is left out (see the environment below): it is
the platform's limit, and this measures the service.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.report import note, result
from bench.telegram import Load
from bot.local_database import start_local_database
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

USERS = int(os.environ.get("BENCH_LOAD_USERS", "1000"))
MESSAGES = int(os.environ.get("BENCH_LOAD_MESSAGES", "50"))
WAIT = 30.0


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Lossy(Load):
    """The load of bench.telegram, counting a reply that never comes instead of failing."""

    lost = 0
    wait = WAIT
    # People pause between messages; this also keeps each under the per-person limit.
    pause = 1.0

    def unanswered(self, text: str) -> None:
        Lossy.lost += 1


async def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = await start_local_database(Path(tmp) / "db", build=False)
        try:
            async with FakeTelegram() as fake:
                env = {
                    **os.environ,
                    "MONGODB_URI": database.uri,
                    "DATA_DIR": str(Path(tmp) / "data"),
                    "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                    "TELEGRAM_API_BASE_URL": fake.base_url,
                    "HTTP_PORT": "0",
                    "THEIR_STACK_API_KEY": "",
                    "LOG_LEVEL": "WARNING",
                    # Capacity is measured here, not the per-person abuse limit, which a
                    # quickly answered person could reach.
                    "RATE_LIMIT_PER_MINUTE": "100000",
                    # Telegram itself holds a bot to about 30 messages a second, which would
                    # make this a measure of that cap; the fake does not enforce it, and the
                    # service's own flood limiter is raised out of the way.
                    "TELEGRAM_MAX_RATE": "100000",
                }
                service = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    env=env,
                    stdin=asyncio.subprocess.DEVNULL,
                )
                try:
                    await fake.wait_for_call("getUpdates", timeout=300)
                    note(f"service up (pid {service.pid}); {USERS:,} people x {MESSAGES} messages")
                    load = Lossy(fake, first_user=20_000)
                    watcher = asyncio.create_task(load.watch())
                    started = time.perf_counter()
                    # Everyone at once would be a thundering herd no real bot sees at start.
                    await asyncio.gather(*(_later(load, i) for i in range(USERS)))
                    elapsed = time.perf_counter() - started
                    watcher.cancel()
                    rss = peak_rss_mb(service.pid)
                finally:
                    service.terminate()
                    await service.wait()
        finally:
            await database.stop()
    answered = len(load.latencies)
    p99 = statistics.quantiles(load.latencies, n=100)[98] * 1000 if answered > 1 else float("nan")
    note(f"{answered:,} answers in {elapsed:.0f} s")
    result("load_messages_per_s", f"{answered / elapsed:.0f}", "report")
    result("load_reply_p99_ms", f"{p99:.0f}", "report")
    result("load_lost_replies", str(Lossy.lost), "0")
    result("load_service_peak_rss_mb", f"{rss:.0f}", "<=300")


async def _later(load: Lossy, i: int) -> None:
    await asyncio.sleep(i * 0.01)
    await load.person(load.first_user + i, MESSAGES)


if __name__ == "__main__":
    asyncio.run(run())
