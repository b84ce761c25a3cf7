"""The running service: storage, market data, scheduler, HTTP server and every adapter."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

from bot.http import HttpServer
from bot.market import Market
from bot.scheduler import ScheduledJob, ServiceScheduler
from bot.settings import Settings
from bot.storage import Storage, open_storage
from core.conversation.assistant import Assistant
from core.digests.delivery import DigestRunner

log = logging.getLogger(__name__)

# Every minute: whoever's local digest time has come. The tick's own lease is short, since
# each delivery is claimed on its own.
DIGEST_SCHEDULE = "* * * * *"
DIGEST_LEASE = timedelta(seconds=50)


class Adapter(Protocol):
    """A chat surface the service starts and stops."""

    connected: bool

    async def start(self) -> None:
        """Connect and start answering."""
        ...

    async def stop(self) -> None:
        """Stop answering and disconnect."""
        ...


def build_adapters(settings: Settings, assistant: Assistant) -> dict[str, Adapter]:
    """The chat-platform adapters whose tokens are configured."""
    adapters: dict[str, Adapter] = {}
    if settings.telegram_bot_token is not None:
        from adapters.telegram import TelegramAdapter

        secret = settings.telegram_webhook_secret
        adapters["telegram"] = TelegramAdapter(
            assistant,
            settings.telegram_bot_token.get_secret_value(),
            base_url=settings.telegram_api_base_url,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=secret.get_secret_value() if secret else None,
            max_rate=settings.telegram_max_rate,
        )
    if settings.discord_bot_token is not None:
        from adapters.discord import DiscordAdapter

        adapters["discord"] = DiscordAdapter(
            assistant,
            settings.discord_bot_token.get_secret_value(),
            api_base_url=settings.discord_api_base_url,
            gateway_url=settings.discord_gateway_url,
            dev_guild_id=settings.discord_dev_guild_id,
        )
    return adapters


def admin_accounts(settings: Settings) -> frozenset[str]:
    """The accounts allowed the admin commands, as identity keys."""
    return frozenset(
        [f"telegram:{i}" for i in settings.admin_telegram_ids]
        + [f"discord:{i}" for i in settings.admin_discord_ids]
    )


def http_server(settings: Settings, storage: Storage, adapters: dict[str, Adapter]) -> HttpServer:
    """Health, readiness and webhooks for this process."""

    async def database() -> bool:
        await storage.client.admin.command("ping")
        return True

    def connected(adapter: Adapter) -> Callable[[], Awaitable[bool]]:
        async def check() -> bool:
            return adapter.connected

        return check

    checks = {"database": database, **{name: connected(a) for name, a in adapters.items()}}
    telegram: Any = adapters.get("telegram")
    secret = settings.telegram_webhook_secret
    return HttpServer(
        settings.http_host,
        settings.http_port,
        checks=checks,
        telegram_feed=telegram.feed if telegram is not None else None,
        telegram_url=settings.telegram_webhook_url,
        telegram_secret=secret.get_secret_value() if secret else None,
    )


def profile_cache_seconds(settings: Settings) -> float:
    """How long profiles may answer from memory: only in a process that long-polls Telegram.

    Telegram allows one poller per bot, so that process is the only one answering people;
    in webhook mode several processes may answer the same person, and each reads profiles.
    """
    polls = settings.telegram_bot_token is not None and not settings.telegram_webhook_url
    return settings.profile_cache_seconds if polls else 0.0


async def serve(settings: Settings, *, terminal: bool | None = None) -> int:
    """Run until stopped: every configured adapter, the scheduler and the HTTP server.

    With no chat platform configured (a newcomer's machine), or on an interactive terminal,
    the terminal chat runs too, and leaving it stops the service.
    """
    market = Market(settings)
    async with open_storage(settings) as storage:
        await market.ensure_rollups()
        await market.ensure_samples()
        assistant = Assistant(
            targeted_min_postings=settings.targeted_min_postings,
            digest_time=settings.digest_default_time,
            messages_per_minute=settings.rate_limit_per_minute,
            admins=admin_accounts(settings),
            profile_cache_seconds=profile_cache_seconds(settings),
        )
        adapters = build_adapters(settings, assistant)
        assistant.senders = dict(adapters)  # type: ignore[arg-type]
        jobs = market.scheduled_jobs()
        if adapters:
            senders: dict[str, Any] = dict(adapters)
            runner = DigestRunner(
                senders,
                market=assistant.market,
                lease=timedelta(seconds=settings.digest_claim_timeout),
                profiles=assistant.profiles,
            )
            jobs.append(ScheduledJob("digests", DIGEST_SCHEDULE, runner.run_due, DIGEST_LEASE))
        scheduler = ServiceScheduler(jobs)
        server = http_server(settings, storage, adapters)
        started: list[Adapter] = []
        try:
            await server.start()
            scheduler.start()
            for name, adapter in adapters.items():
                await adapter.start()
                started.append(adapter)
                log.info("%s adapter started", name)
            use_terminal = (
                terminal if terminal is not None else (not adapters or sys.stdin.isatty())
            )
            if use_terminal:
                from adapters.terminal import TerminalChat, stdin_lines

                charts = settings.data_dir / "charts"
                await TerminalChat(assistant, charts_dir=charts).run(stdin_lines())
            else:
                await asyncio.Event().wait()  # until SIGTERM or Ctrl-C cancels us
        finally:
            for adapter in reversed(started):
                try:
                    await adapter.stop()
                except Exception:
                    log.exception("stopping an adapter failed")
            scheduler.shutdown()
            await server.stop()
            await assistant.close()
            await market.close()
    return 0
