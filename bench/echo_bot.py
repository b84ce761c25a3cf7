"""The bare python-telegram-bot echo bot of `bench.telegram`, as a process of its own.

Run as `python -m bench.echo_bot`; talks to `TELEGRAM_API_BASE_URL` with `TELEGRAM_BOT_TOKEN`
until SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from adapters.telegram.adapter import file_url_for


def echo_bot(token: str, base_url: str, file_url: str) -> Application:  # type: ignore[type-arg]
    """The framework alone: answer every text with itself."""

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url)
        .concurrent_updates(64)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def main() -> None:
    """Poll until SIGTERM."""
    base_url = os.environ["TELEGRAM_API_BASE_URL"]
    app = echo_bot(os.environ["TELEGRAM_BOT_TOKEN"], base_url, file_url_for(base_url))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await stop.wait()
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
