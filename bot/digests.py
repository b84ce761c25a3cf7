"""`career-bot digest preview|run`: one person's digest now, or every due one now."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from beanie import PydanticObjectId
from bson.errors import InvalidId

from bot.errors import CommandError
from bot.progress import progress_bar, stderr
from bot.service import build_adapters
from bot.settings import Settings
from bot.storage import open_storage
from core.clock import utcnow
from core.conversation.assistant import Assistant
from core.digests.compose import compose
from core.digests.delivery import DigestRunner, DigestSender
from core.market.answers import MarketAnswers
from core.profiles.models import Identity, User
from templates import Renderer


async def find_user(who: str) -> User:
    """A profile by its id or by one of its accounts (`telegram:12345`)."""
    user: User | None = None
    if ":" in who:
        link = await Identity.get(who)
        user = await User.get(link.user_id) if link else None
    else:
        try:
            user = await User.get(PydanticObjectId(who))
        except InvalidId:
            user = None
    if user is None:
        raise CommandError(f"no profile {who!r} (give a user id or an account like telegram:123)")
    return user


async def preview(settings: Settings, who: str, as_json: bool) -> int:
    """Print one person's digest as it would be sent today."""
    async with open_storage(settings):
        user = await find_user(who)
        data = await compose(user, MarketAnswers(), utcnow(), preview=True)
    if data is None:
        stderr.print("Nothing to put in a digest for this person yet.")
        return 0
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(Renderer("terminal").render("digest", data))
    return 0


async def run_now(settings: Settings) -> int:
    """Send every digest due now, on the configured platforms, with a progress bar."""
    async with open_storage(settings):
        assistant = Assistant(
            digest_time=settings.digest_default_time,
            messages_per_minute=settings.rate_limit_per_minute,
        )
        adapters: dict[str, Any] = dict(build_adapters(settings, assistant))
        if not adapters:
            raise CommandError(
                "no chat platform is configured: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN"
            )
        for adapter in adapters.values():
            await adapter.open_for_sending()
        try:
            senders: dict[str, DigestSender] = adapters
            runner = DigestRunner(
                senders,
                market=assistant.market,
                lease=timedelta(seconds=settings.digest_claim_timeout),
            )
            with progress_bar() as bar:
                task = bar.add_task("Sending digests", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                stats = await runner.run_due(progress=advance)
        finally:
            for adapter in adapters.values():
                await adapter.close_for_sending()
    stderr.print(f"Digests: {stats}")
    return 0
