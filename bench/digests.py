"""Digest delivery at scale: 10,000 subscribers through a fake Telegram enforcing 30 msg/s.

The fake answers 429 (retry after 1 s) beyond 30 messages in any one-second window, as
Telegram does. Prints the achieved rate as a share of that limit (target >= 0.95), the
people who got two digests (target 0) or none (target 0), and the 429s received.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from adapters.telegram import TelegramAdapter
from bench.report import note, peak_rss_mb, result
from bot.local_database import start_local_database
from core.clock import utcnow
from core.conversation.assistant import Assistant
from core.digests.delivery import DigestRunner
from core.profiles.models import DigestPreferences, Identity, PlatformIdentity, User, UserSkill
from core.storage.database import init_database, make_client
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

SUBSCRIBERS = int(os.environ.get("BENCH_DIGEST_SUBSCRIBERS", "10000"))
LIMIT = 30.0


async def subscribe_everyone() -> None:
    users = [
        User(
            identities=[PlatformIdentity(platform="telegram", external_id=str(10_000 + i))],
            target_role="Data Engineer",
            timezone="UTC",
            skills=[UserSkill(name="Python")],
            digest=DigestPreferences(
                enabled=True, time="00:00", platform="telegram", quiet_days=True
            ),
        )
        for i in range(SUBSCRIBERS)
    ]
    for start in range(0, len(users), 1000):
        chunk = users[start : start + 1000]
        await User.insert_many(chunk)
    stored = await User.find_all().to_list()
    identities = [Identity(id=u.identities[0].key, user_id=u.id) for u in stored]
    for start in range(0, len(identities), 1000):
        await Identity.insert_many(identities[start : start + 1000])


async def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = await start_local_database(Path(tmp), build=False)
        client = make_client(server.uri, timeout_ms=60_000)
        try:
            await init_database(client, "bench_digests")
            await subscribe_everyone()
            note(f"{SUBSCRIBERS:,} subscribers due now")
            async with FakeTelegram() as fake:
                fake.rate_limit(LIMIT)
                adapter = TelegramAdapter(Assistant(), DEFAULT_TOKEN, base_url=fake.base_url)
                await adapter.open_for_sending()
                try:
                    runner = DigestRunner({"telegram": adapter})
                    started = time.perf_counter()

                    def progress(done: int, total: int) -> None:
                        if done % 1000 == 0 or done == total:
                            note(f"{done:,}/{total:,} handled, {fake.too_many} answered 429")

                    stats = await runner.run_due(utcnow(), progress=progress)
                    elapsed = time.perf_counter() - started
                finally:
                    await adapter.close_for_sending()
                digests = [s for s in fake.sent if s.method == "sendMessage" and not s.is_edit]
                per_chat = Counter(s.chat_id for s in digests)
                # The delivery rate while sending: from the first digest to the last one
                # (finding who is due, before the first, is reported as the run's time).
                window = digests[-1].sent_at - digests[0].sent_at if len(digests) > 1 else 1.0
                too_many = fake.too_many
            sent = sum(per_chat.values())
            rate = (sent - 1) / window
            duplicates = sum(1 for c in per_chat.values() if c > 1)
            missed = SUBSCRIBERS - len(per_chat)
            note(
                f"{stats}; {sent:,} messages, {rate:.1f}/s while sending; "
                f"the whole run took {elapsed:.0f} s"
            )
            result("digest_rate_share_of_limit", f"{rate / LIMIT:.3f}", ">=0.95")
            result("digest_duplicates", str(duplicates), "0")
            result("digest_missed", str(missed), "0")
            result("digest_429s_received", str(too_many), "report")
            result("digest_run_seconds", f"{elapsed:.0f}", "report")
            result("digest_peak_rss_mb", f"{peak_rss_mb():.0f}", "report")
        finally:
            await client.close()
            await server.stop()


if __name__ == "__main__":
    asyncio.run(run())
