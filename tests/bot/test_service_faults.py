"""The whole service as a process (`career-bot run`) when its database goes away for a while."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from bot.local_database import LocalDatabase, start_local_database
from core.collection.models import CollectionRun
from tests.bot.test_cli import ROOT, bot_env
from tests.factories import subscriber
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram, Sent
from tests.fakes.theirstack import FakeTheirStack

DB = AsyncDatabase[dict[str, object]]
ANN = 5151
OUTAGE_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def service(
    uri: str,
    fake: FakeTelegram,
    tmp: Path,
    http_port: int,
    *,
    database: str = "faults",
    log: Path | None = None,
    **settings: str,
) -> asyncio.subprocess.Process:
    env = bot_env(
        {
            "MONGODB_URI": uri,
            "MONGODB_DB": database,
            "DATA_DIR": str(tmp / f"service-{http_port}"),
            "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "HTTP_PORT": str(http_port),
            "PTB_TIMEDELTA": "1",
            **settings,
        }
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=log.open("w") if log else asyncio.subprocess.DEVNULL,
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def say(fake: FakeTelegram, text: str) -> Sent:
    since = len(fake.sent)
    fake.send_text(ANN, text, first_name="Ann")
    (reply,) = await fake.wait_for_sent(
        1, chat_id=ANN, method="sendMessage", since=since, timeout=30
    )
    return reply


async def ready(port: int) -> int:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"http://127.0.0.1:{port}/readyz", timeout=10)).status_code


async def test_the_database_stops_for_ten_seconds_and_the_service_recovers_without_restart(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    data = tmp_path / "db"
    server: LocalDatabase = await start_local_database(data, build=False)
    port = server.uri.rsplit(":", 1)[1].strip("/")
    http_port = free_port()
    bot = await service(server.uri, fake, tmp_path, http_port)
    restarted: LocalDatabase | None = None
    try:
        await fake.wait_for_call("getUpdates", timeout=120)
        question = await say(fake, "I know Python")
        since = len(fake.sent)
        fake.press_button(ANN, "skills:yes", message_id=question.message_id)
        (added,) = await fake.wait_for_sent(1, chat_id=ANN, method="sendMessage", since=since)
        assert "Added Python" in (added.text or "")
        assert await ready(http_port) == 200

        await server.stop()
        stopped = time.monotonic()
        # Read a moment ago, the profile still answers from memory; a change must wait.
        assert "• Python" in ((await say(fake, "my skills")).text or "")
        for text in ("add docker", "gap for data engineer"):
            reply = await say(fake, text)
            assert "try again in a moment" in (reply.text or ""), reply.text
        assert await ready(http_port) == 503
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        restarted = await start_local_database(data, build=False, listen=f"127.0.0.1:{port}")

        # Back without a restart: the first message after may still meet the reconnect.
        deadline = time.monotonic() + 30
        while "Added Docker" not in ((added := await say(fake, "add docker")).text or ""):
            assert "try again in a moment" in (added.text or ""), added.text
            assert time.monotonic() < deadline, added.text
            await asyncio.sleep(0.5)
        assert await ready(http_port) == 200
        assert bot.returncode is None

        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(restarted.uri)
        try:
            users = await client["faults"]["users"].find({}).to_list()
            identities = await client["faults"]["identities"].count_documents({})
        finally:
            await client.close()
        assert len(users) == 1 and identities == 1
        skills = [s["name"] for s in users[0]["skills"]]
        assert sorted(skills) == ["Docker", "Python"]  # nothing written twice
    finally:
        bot.terminate()
        await asyncio.wait_for(bot.wait(), 30)
        if restarted is not None:
            await restarted.stop()
        await server.stop()


async def test_two_service_processes_on_one_database_run_each_job_and_send_each_digest_once(
    db: DB, mongo_uri: str, tmp_path: Path
) -> None:
    people = 8
    for n in range(people):
        await subscriber(str(700 + n), timezone="UTC", time="00:00", quiet_days=True)
    async with FakeTelegram() as fake, FakeTheirStack() as jobs:
        ports = [free_port(), free_port()]
        logs = [tmp_path / "first.log", tmp_path / "second.log"]
        # Behind a load balancer: webhook mode, so neither process polls for updates.
        shared = {
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.test/telegram",
            "THEIR_STACK_API_KEY": "test-key",
            "THEIR_STACK_BASE_URL": jobs.base_url,
            "JOB_COLLECTION_SCHEDULE": "* * * * *",
            "LOG_LEVEL": "INFO",
        }
        processes = [
            await service(mongo_uri, fake, tmp_path, port, database=db.name, log=log, **shared)
            for port, log in zip(ports, logs, strict=True)
        ]
        try:
            for port in ports:
                await until(partial(is_ready, port), 1, within=120)
            # Both are up: the next minute's digests and collection are theirs to race for.
            minute = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
            await asyncio.sleep((minute - datetime.now(UTC)).total_seconds())
            await until(lambda: digests_sent(fake), people, within=60)
            await asyncio.sleep(3)  # time for a duplicate to show up, were there one
            assert all(p.returncode is None for p in processes)
        finally:
            for p in processes:
                p.terminate()
            for p in processes:
                await asyncio.wait_for(p.wait(), 30)
        assert Counter(s.chat_id for s in fake.sent if is_digest(s)) == Counter(
            {700 + n: 1 for n in range(people)}
        )
        ran = Counter(
            key
            for log in logs
            for key in re.findall(r"running ((?:digests|collect):\S+)", log.read_text())
        )
        assert ran[f"digests:{minute:%Y-%m-%dT%H:%M}"] == 1, ran
        assert ran[f"collect:{minute:%Y-%m-%dT%H:%M}"] == 1, ran
        assert set(ran.values()) == {1}, ran  # every occurrence, by one process only
        passed = sum(log.read_text().count("is run by another process") for log in logs)
        assert passed >= 2  # the other process saw both occurrences taken
        assert await CollectionRun.find({"trigger": "schedule"}).count() == len(
            [k for k in ran if k.startswith("collect:")]
        )


async def is_ready(port: int) -> int:
    return int(await ready(port) == 200)


def is_digest(sent: Sent) -> bool:
    return sent.method == "sendMessage" and "market digest" in (sent.text or "")


async def digests_sent(fake: FakeTelegram) -> int:
    return sum(1 for s in fake.sent if is_digest(s))


async def until(check: Callable[[], Awaitable[int]], wanted: int, within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            if await check() >= wanted:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        assert time.monotonic() < deadline, f"still not {wanted} after {within} s"
        await asyncio.sleep(0.25)
