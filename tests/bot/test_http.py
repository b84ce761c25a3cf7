"""The service's HTTP server: liveness, readiness from its checks, webhook gatekeeping."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.http import SECRET_HEADER, HttpServer

feeds: list[dict[str, object]] = []


async def ok() -> bool:
    return True


async def broken() -> bool:
    raise ConnectionError("database down")


async def feed(update: dict[str, object]) -> None:
    feeds.append(update)


@pytest.fixture
async def base() -> AsyncIterator[str]:
    feeds.clear()
    server = HttpServer(
        "127.0.0.1",
        0,
        checks={"database": ok},
        telegram_feed=feed,
        telegram_url="https://x.example/hook",
        telegram_secret="abc",
    )
    port = await server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.stop()


async def test_liveness_and_readiness_answer(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).status_code == 200
        ready = await http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": True}


async def test_a_failing_check_makes_the_service_not_ready() -> None:
    server = HttpServer("127.0.0.1", 0, checks={"database": broken, "telegram": ok})
    port = await server.start()
    try:
        async with httpx.AsyncClient() as http:
            ready = await http.get(f"http://127.0.0.1:{port}/readyz")
    finally:
        await server.stop()
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "not ready",
        "checks": {"database": False, "telegram": True},
    }


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({SECRET_HEADER: "abc", "Content-Type": "application/json"}, b'{"update_id": 1}', 200),
        ({SECRET_HEADER: "abc", "Content-Type": "text/plain"}, b'{"update_id": 1}', 403),
        ({"Content-Type": "application/json"}, b'{"update_id": 1}', 403),
        ({SECRET_HEADER: "abc", "Content-Type": "application/json"}, b"not json", 400),
        ({SECRET_HEADER: "abc", "Content-Type": "application/json"}, b"[1, 2]", 400),
    ],
)
async def test_the_webhook_takes_only_well_formed_updates_with_the_secret(
    base: str, headers: dict[str, str], body: bytes, status: int
) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        answer = await http.post("/hook", content=body, headers=headers)
    assert answer.status_code == status
    assert len(feeds) == (1 if status == 200 else 0)


async def test_metrics_count_answers_by_platform_and_intent(base: str, db: object) -> None:
    from core.conversation.assistant import Assistant
    from core.nlu.parser import IntentParser
    from tests.factories import identity

    await Assistant(IntentParser()).handle_text(identity("mo", "telegram"), "my skills")
    async with httpx.AsyncClient(base_url=base) as http:
        answer = await http.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    line = 'career_messages_total{intent="show_skills",platform="telegram"}'
    assert line in answer.text
    assert "career_reply_seconds_bucket" in answer.text
