"""`career-bot digest run --now` as a real process: killed mid-run and restarted, each person
still gets exactly one digest."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from pathlib import Path

from pymongo.asynchronous.database import AsyncDatabase

from tests.factories import subscriber
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

DB = AsyncDatabase[dict[str, object]]
PEOPLE = 12


def digests(fake: FakeTelegram) -> Counter[int]:
    return Counter(s.chat_id for s in fake.sent if "market digest" in (s.text or ""))


async def sender(
    fake: FakeTelegram, uri: str, db: DB, data_dir: Path
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "MONGODB_URI": uri,
        "MONGODB_DB": db.name,
        "DATA_DIR": str(data_dir),
        "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        # Slow enough that the kill lands between two sends, as a real kill mostly would.
        "TELEGRAM_MAX_RATE": "2",
        "DIGEST_CLAIM_TIMEOUT": "3",
        "THEIR_STACK_API_KEY": "",
        "PTB_TIMEDELTA": "1",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "digest",
        "run",
        "--now",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def test_a_sender_killed_mid_run_and_restarted_delivers_each_digest_once(
    db: DB, mongo_uri: str, tmp_path: Path
) -> None:
    for n in range(PEOPLE):
        await subscriber(str(900 + n), timezone="UTC", time="00:00", quiet_days=True)
    async with FakeTelegram() as fake:
        first = await sender(fake, mongo_uri, db, tmp_path)
        while len(digests(fake)) < 4:
            assert first.returncode is None, "the sender ended before it could be killed"
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.25)  # half-way to the next send
        first.kill()  # SIGKILL: no cleanup, claims left behind
        await first.wait()
        delivered = sum(digests(fake).values())
        assert 4 <= delivered < PEOPLE

        await asyncio.sleep(3.2)  # the dead process's claims expire
        second = await sender(fake, mongo_uri, db, tmp_path)
        assert await asyncio.wait_for(second.wait(), timeout=90) == 0

        assert digests(fake) == Counter({900 + n: 1 for n in range(PEOPLE)})
