"""The terminal chat: one person, lines in, rendered replies out."""

from __future__ import annotations

import asyncio
import getpass
import sys
import threading
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

from core.conversation.assistant import Assistant
from core.profiles.models import PlatformIdentity
from templates import Renderer
from templates.charts import CHART_KINDS, chart_png

QUIT_WORDS = {"/quit", "/exit", "quit", "exit", ":q"}
BANNER = "Career Navigator (terminal chat). Type help to see what I can do, /quit to leave."


def terminal_identity() -> PlatformIdentity:
    """The person at this terminal: their OS account, so their profile survives restarts."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "local"
    return PlatformIdentity(platform="terminal", external_id=name, display_name=name)


async def stdin_lines(prompt: str = "you> ") -> AsyncIterator[str]:
    """Lines typed at the terminal, with readline editing when it is interactive.

    A daemon thread reads, so that Ctrl-C or SIGTERM can end the chat while a read is
    blocked (a worker of the default executor would keep the process alive).
    """
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  - imported for its side effect on input()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        while True:
            try:
                line: str | None = input(prompt) if interactive else sys.stdin.readline()
                if line == "" and not interactive:
                    line = None
            except (EOFError, KeyboardInterrupt, ValueError):
                line = None
            loop.call_soon_threadsafe(queue.put_nowait, line)
            if line is None:
                return

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line.rstrip("\n")


class TerminalChat:
    """Drives one conversation between the terminal user and the assistant."""

    def __init__(
        self,
        assistant: Assistant,
        identity: PlatformIdentity | None = None,
        write: Callable[[str], None] | None = None,
        charts_dir: Path | None = None,
    ) -> None:
        self.assistant = assistant
        self.charts_dir = charts_dir
        self.identity = identity or terminal_identity()
        self.renderer = Renderer("terminal")
        self.write = write or (lambda text: print(text, flush=True))

    async def reply_to(self, line: str) -> str:
        """The rendered answer to one line."""
        reply = await self.assistant.handle_text(self.identity, line)
        text = self.renderer.render(reply.kind, reply.data)
        if self.charts_dir is not None and reply.kind in CHART_KINDS:
            path = await self._save_chart(reply.kind, reply.data)
            if path is not None:
                text += f"\nChart: {path}"
        return text

    async def _save_chart(self, kind: str, data: dict[str, object]) -> Path | None:
        # Drawing takes tens of milliseconds of CPU: off the event loop, with the file write.
        return await asyncio.to_thread(_save_chart, self.charts_dir, kind, data)

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Answer each line until the input ends or the person quits."""
        self.write(BANNER)
        async for line in lines:
            if line.strip().lower() in QUIT_WORDS:
                break
            text = await self.reply_to(line)
            if text:  # nothing when over the message limit and already told
                self.write(text + "\n")
        self.write("Bye! Your profile is saved.")


def _save_chart(folder: Path | None, kind: str, data: dict[str, object]) -> Path | None:
    png = chart_png(kind, data)
    if png is None or folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{datetime.now():%Y%m%d-%H%M%S-%f}.png"
    path.write_bytes(png)
    return path
