"""The service's small HTTP server: liveness, readiness and the Telegram webhook."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_UPDATE_BYTES = 1 << 20


@dataclass
class HttpServer:
    """Serves /healthz, /readyz and, in webhook mode, the Telegram webhook path."""

    host: str
    port: int
    # name -> check; ready when all pass (the database, each connected adapter).
    checks: dict[str, Callable[[], Awaitable[bool]]] = field(default_factory=dict)
    telegram_feed: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    telegram_url: str | None = None
    telegram_secret: str | None = None
    _runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The aiohttp application (tests serve it themselves)."""
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/readyz", self._ready)
        app.router.add_get("/metrics", self._metrics)
        if self.telegram_feed is not None and self.telegram_url:
            app.router.add_post(urlsplit(self.telegram_url).path or "/", self._telegram)
        return app

    async def start(self) -> int:
        """Start listening; return the port (useful when asked for port 0)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        addresses = self._runner.addresses
        port = int(addresses[0][1]) if addresses else self.port
        log.info("http: listening on %s:%s", self.host, port)
        return port

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _metrics(self, _: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _ready(self, _: web.Request) -> web.Response:
        results: dict[str, bool] = {}
        for name, check in self.checks.items():
            try:
                results[name] = await check()
            except Exception:  # a failing check is a "not ready", not a 500
                results[name] = False
        ready = all(results.values())
        return web.json_response(
            {"status": "ready" if ready else "not ready", "checks": results},
            status=200 if ready else 503,
        )

    async def _telegram(self, request: web.Request) -> web.Response:
        # As Telegram's own clients check: exact content type, and the secret we set.
        if request.headers.get("Content-Type") != "application/json":
            return web.Response(status=403)
        given = request.headers.get(SECRET_HEADER, "")
        if self.telegram_secret and not hmac.compare_digest(given, self.telegram_secret):
            log.warning("http: webhook call without the right secret token")
            return web.Response(status=403)
        try:
            payload = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(payload, dict) or "update_id" not in payload:
            return web.Response(status=400)
        assert self.telegram_feed is not None
        await self.telegram_feed(payload)
        return web.Response(status=200)
