"""The `career-bot` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Callable, Coroutine, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from bot.errors import CommandError
from bot.local_database import LocalDatabaseError
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import StartupError, open_storage


def _version() -> str:
    try:
        return version("career-navigator")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="career-bot",
        description="Career Navigator: job-market skill guidance in chats and the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the service (every configured adapter; terminal chat if none)")
    sub.add_parser("chat", help="chat with the bot in this terminal")
    parse = sub.add_parser("parse", help="show the intent the parser finds in a message (JSON)")
    parse.add_argument("text", nargs="?", help="the message")
    parse.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help='one {"text": ...} per line in ("-" for stdin), one result per line out',
    )
    extract = sub.add_parser("extract", help="show the skills found in a text (JSON)")
    extract.add_argument("text", nargs="?", help="the text")
    extract.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help='one {"text": ...} per line in ("-" for stdin), one {"skills": [...]} per line out',
    )
    collect = sub.add_parser("collect", help="collect postings from the jobs API now")
    collect.add_argument("--role", help="only this role (default: configured and users' roles)")
    collect.add_argument("--location", help="only this place (with --role)")
    collect.add_argument("--dry-run", action="store_true", help="fetch and count, store nothing")
    digest = sub.add_parser("digest", help="daily digests: preview one, or send the due ones")
    digest_sub = digest.add_subparsers(dest="digest_command", metavar="ACTION", required=True)
    preview = digest_sub.add_parser("preview", help="print one person's digest for today")
    preview.add_argument("--user", required=True, help="user id, or an account: telegram:123")
    preview.add_argument("--json", action="store_true", help="the digest's data as JSON")
    send = digest_sub.add_parser("run", help="send the digests that are due")
    send.add_argument("--now", action="store_true", required=True, help="now, not on schedule")
    sub.add_parser("doctor", help="check the configuration and every connection")
    sub.add_parser("cleanup", help="remove postings older than JOB_DATA_RETENTION_DAYS")
    sub.add_parser("reextract", help="re-run skill extraction over stored postings")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "parse":
            return parse_command(args.text, args.jsonl, parser)
        if args.command == "extract":
            return extract_command(args.text, args.jsonl, parser)
        settings = load_settings()
        setup_logging(
            settings.log_level if args.command == "run" else "WARNING",
            settings.log_format,
            secrets=settings.secrets(),
        )
        if args.command == "run":
            from bot.service import serve

            return _run_async(serve(settings))
        if args.command == "chat":
            return _run_async(chat(settings))
        if args.command == "doctor":
            from bot.doctor import doctor

            return _run_async(doctor(settings))
        if args.command == "digest":
            from bot import digests

            if args.digest_command == "preview":
                return _run_async(digests.preview(settings, args.user, args.json))
            return _run_async(digests.run_now(settings))
        from bot import commands

        if args.command == "collect":
            if args.location and not args.role:
                parser.error("--location needs --role")
            return _run_async(commands.collect(settings, args.role, args.location, args.dry_run))
        if args.command == "cleanup":
            return _run_async(commands.cleanup(settings))
        return _run_async(commands.reextract(settings))
    except (SettingsError, StartupError, LocalDatabaseError, CommandError) as exc:
        print(f"career-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run_async(coro: Coroutine[Any, Any, int]) -> int:
    async def with_signals() -> int:
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        assert task is not None
        # SIGTERM ends the service like Ctrl-C does: by cancelling, so cleanup runs.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGTERM, task.cancel)
        try:
            return await coro
        except asyncio.CancelledError:
            return 0

    return asyncio.run(with_signals())


async def chat(settings: Settings) -> int:
    """The terminal chat on the configured (or local) database, without the service."""
    from adapters.terminal import TerminalChat, stdin_lines
    from bot.market import Market
    from core.conversation.assistant import Assistant

    market = Market(settings)
    async with open_storage(settings):
        await market.ensure_rollups()
        await market.ensure_samples()
        try:
            assistant = Assistant(
                targeted_min_postings=settings.targeted_min_postings,
                digest_time=settings.digest_default_time,
                messages_per_minute=settings.rate_limit_per_minute,
            )
            charts = settings.data_dir / "charts"
            try:
                await TerminalChat(assistant, charts_dir=charts).run(stdin_lines())
            finally:
                await assistant.close()
        finally:
            await market.close()
    return 0


def _jsonl_texts(stream: TextIO) -> Iterator[tuple[str | None, str | None]]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"] if isinstance(item, dict) else None
        except (json.JSONDecodeError, KeyError):
            text = None
        if not isinstance(text, str):
            yield None, f'line {number}: expected a JSON object with a "text" string'
        else:
            yield text, None


def _text_command(
    name: str,
    text: str | None,
    jsonl: Path | None,
    parser: argparse.ArgumentParser,
    make: Callable[[], Callable[[list[str]], list[dict[str, Any]]]],
) -> int:
    """Shared shape of `parse` and `extract`: one text, or JSON lines in and out."""
    if (text is None) == (jsonl is None):
        parser.error(f"{name} takes either TEXT or --jsonl FILE")
    run = make()  # loaded once for every line
    if text is not None:
        print(json.dumps(run([text])[0], ensure_ascii=False))
        return 0
    assert jsonl is not None
    try:
        stream = sys.stdin if str(jsonl) == "-" else jsonl.open(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {jsonl}: {exc.strerror}") from None
    with stream:
        rows = list(_jsonl_texts(stream))
    results = iter(run([t for t, _ in rows if t is not None]))
    for _text, error in rows:
        obj = {"error": error} if error else next(results)
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0


def parse_command(text: str | None, jsonl: Path | None, parser: argparse.ArgumentParser) -> int:
    """`career-bot parse`: the intent of each message, as the contract's JSON."""

    def make() -> Callable[[list[str]], list[dict[str, Any]]]:
        from core.nlu.parser import IntentParser

        intents = IntentParser()
        return lambda texts: [i.to_dict() for i in intents.parse_many(texts)]

    return _text_command("parse", text, jsonl, parser, make)


def extract_command(text: str | None, jsonl: Path | None, parser: argparse.ArgumentParser) -> int:
    """`career-bot extract`: the canonical skills found in each text."""

    def make() -> Callable[[list[str]], list[dict[str, Any]]]:
        from core.extraction.extractor import SkillExtractor

        extractor = SkillExtractor()
        return lambda texts: [{"skills": s} for s in extractor.extract_many(texts)]

    return _text_command("extract", text, jsonl, parser, make)
