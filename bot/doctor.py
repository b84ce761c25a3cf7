"""`career-bot doctor`: check the configuration and every connection, in plain words."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable

from bot.progress import stderr
from bot.settings import Settings
from bot.storage import open_storage

Check = tuple[str, Callable[[], Awaitable[str]]]


class Problem(Exception):
    """What is wrong, said so that the operator knows what to do."""


def _checks(settings: Settings) -> list[Check]:
    checks: list[Check] = [("database", lambda: _database(settings))]
    checks.append(("jobs API", lambda: _jobs_api(settings)))
    checks.append(("Telegram", lambda: _telegram(settings)))
    checks.append(("Discord", lambda: _discord(settings)))
    checks.append(("HTTP server", lambda: _http(settings)))
    return checks


async def doctor(settings: Settings) -> int:
    """Run every check; exit 1 when any failed."""
    failed = 0
    for name, check in _checks(settings):
        try:
            detail = await check()
            mark = "–" if detail.startswith("not configured") else "✔"
            stderr.print(f"{mark} {name}: {detail}")
        except Problem as exc:
            failed += 1
            stderr.print(f"✖ {name}: {exc}")
        except Exception as exc:  # an unexpected failure is still a plain answer
            failed += 1
            stderr.print(f"✖ {name}: {type(exc).__name__}: {exc}")
    stderr.print("All good." if not failed else f"{failed} problem(s) found.")
    return 1 if failed else 0


async def _database(settings: Settings) -> str:
    try:
        async with open_storage(settings) as storage:
            info = await storage.client.server_info()
            return f"{storage.description}, server {info.get('version', '?')}"
    except Exception as exc:
        raise Problem(
            f"{exc} (check MONGODB_URI, or that Go is installed for the local one)"
        ) from None


async def _jobs_api(settings: Settings) -> str:
    if settings.their_stack_api_key is None:
        return "not configured: answers use the bundled sample postings"
    from core.collection.theirstack import TheirStackClient

    async with TheirStackClient(
        settings.their_stack_api_key.get_secret_value(),
        base_url=settings.their_stack_base_url,
        timeout=settings.their_stack_timeout,
        max_retries=0,
    ) as client:
        try:
            balance = await client.credit_balance()
        except Exception as exc:
            raise Problem(
                f"the API refused or failed ({type(exc).__name__}): check THEIR_STACK_API_KEY"
            ) from None
    return f"key accepted, {balance} credits left"


async def _telegram(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        return "not configured (set TELEGRAM_BOT_TOKEN to serve Telegram)"
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    bot = Bot(
        settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_api_base_url
    )
    try:
        me = await bot.get_me()
    except InvalidToken:
        raise Problem(
            "Telegram does not accept TELEGRAM_BOT_TOKEN (ask @BotFather for it)"
        ) from None
    except NetworkError as exc:
        raise Problem(f"cannot reach {settings.telegram_api_base_url}: {exc.message}") from None
    mode = (
        f"webhook at {settings.telegram_webhook_url}"
        if settings.telegram_webhook_url
        else "long polling"
    )
    if settings.telegram_webhook_url and settings.telegram_webhook_secret is None:
        raise Problem(
            "TELEGRAM_WEBHOOK_URL is set without TELEGRAM_WEBHOOK_SECRET: anyone could post updates"
        )
    return f"@{me.username}, {mode}"


async def _discord(settings: Settings) -> str:
    if settings.discord_bot_token is None:
        return "not configured (set DISCORD_BOT_TOKEN to serve Discord)"
    import discord

    discord.http.Route.BASE = settings.discord_api_base_url.rstrip("/")
    client = discord.Client(intents=discord.Intents.none())
    try:
        await client.login(settings.discord_bot_token.get_secret_value())
        user = client.user
    except discord.LoginFailure:
        raise Problem(
            "Discord does not accept DISCORD_BOT_TOKEN (Developer Portal, Bot, Reset Token)"
        ) from None
    except (discord.HTTPException, OSError) as exc:
        raise Problem(f"cannot reach {settings.discord_api_base_url}: {exc}") from None
    finally:
        await client.close()
    scope = (
        f"commands synced to server {settings.discord_dev_guild_id}"
        if settings.discord_dev_guild_id
        else "global commands"
    )
    return f"{user}, {scope}"


async def _http(settings: Settings) -> str:
    with socket.socket() as probe:
        try:
            probe.bind((settings.http_host, settings.http_port))
        except OSError as exc:
            raise Problem(
                f"cannot listen on {settings.http_host}:{settings.http_port} ({exc.strerror}): "
                "another process uses it; set HTTP_PORT"
            ) from None
    return f"{settings.http_host}:{settings.http_port} is free"
