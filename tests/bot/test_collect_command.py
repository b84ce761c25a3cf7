"""`career-bot collect` as a process, against the fake jobs API and a real database."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from tests.bot.test_cli import ROOT, bot_env
from tests.fakes.theirstack import FakeTheirStack, make_job


async def career_bot(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=bot_env(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


def recent_job(n: int) -> dict[str, object]:
    when = datetime.now(UTC) - timedelta(hours=n)
    return make_job(
        n,
        job_title="Data Engineer",
        country_code="DE",
        date_posted=when.date().isoformat(),
        discovered_at=when.strftime("%Y-%m-%dT%H:%M:%S"),
    )


async def test_collect_fills_the_database_without_duplicates(
    mongo_uri: str, mongo_client: AsyncMongoClient[dict[str, object]], fresh_db_name: str
) -> None:
    async with FakeTheirStack([recent_job(n) for n in range(1, 41)]) as fake:
        env = {
            "MONGODB_URI": mongo_uri,
            "MONGODB_DB": fresh_db_name,
            "THEIR_STACK_API_KEY": "test-key",
            "THEIR_STACK_BASE_URL": fake.base_url,
        }
        code, _, err = await career_bot(
            "collect", "--role", "data eng", "--location", "Germany", env=env
        )
        assert code == 0, err
        assert "40 postings fetched, stored 40 new and 0 updated, 40 credits used" in err
        code, _, err = await career_bot(
            "collect", "--role", "data eng", "--location", "Germany", env=env
        )
        assert "stored 0 new" in err
    postings = mongo_client[fresh_db_name]["job_postings"]
    assert await postings.count_documents({}) == 40
    assert "test-key" not in err
    await mongo_client.drop_database(fresh_db_name)


async def test_collect_without_a_key_says_what_to_set() -> None:
    code, _, err = await career_bot("collect", env={})
    assert code == 2 and "THEIR_STACK_API_KEY is not set" in err and "Traceback" not in err


async def test_collect_with_an_unknown_role_says_so() -> None:
    code, _, err = await career_bot(
        "collect", "--role", "astronaut", env={"THEIR_STACK_API_KEY": "k"}
    )
    assert code == 2 and "unknown role 'astronaut'" in err
