"""The local database: an embedded FerretDB (SQLite underneath) run as a child process.

Used when MONGODB_URI is unset, and by the test suite. The launcher binary is built from
`tools/ferretdb/` (Go) into `bin/`; see README.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

BINARY_NAME = "ferretdb-local"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_SOURCE = PROJECT_ROOT / "tools" / "ferretdb"
PROJECT_BIN = PROJECT_ROOT / "bin" / BINARY_NAME
START_TIMEOUT = 30.0


class LocalDatabaseError(Exception):
    """The local database cannot be started; the message says what to install or set."""


def find_binary(explicit: Path | None = None) -> Path | None:
    """The launcher: an explicit path, then PATH, then the project's own bin/."""
    if explicit is not None:
        return explicit if explicit.is_file() else None
    on_path = shutil.which(BINARY_NAME)
    if on_path:
        return Path(on_path)
    return PROJECT_BIN if PROJECT_BIN.is_file() else None


async def build_binary(target: Path = PROJECT_BIN) -> Path:
    """Compile the launcher with Go; the first build downloads modules and takes minutes."""
    go = shutil.which("go")
    if go is None or not (LAUNCHER_SOURCE / "go.mod").is_file():
        raise LocalDatabaseError(
            "No database configured and no local database server found. Either set "
            "MONGODB_URI to a MongoDB 6+ server, or install Go 1.24+ (https://go.dev/dl/) "
            "and run `make ferretdb` in the project folder."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CGO_ENABLED": "0"}
    proc = await asyncio.create_subprocess_exec(
        go,
        "build",
        "-trimpath",
        "-o",
        str(target),
        ".",
        cwd=LAUNCHER_SOURCE,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await proc.communicate()
    if proc.returncode != 0:
        tail = output.decode(errors="replace").strip().splitlines()[-5:]
        raise LocalDatabaseError("Building the local database server failed: " + " | ".join(tail))
    return target


@dataclass
class LocalDatabase:
    """A running FerretDB child process serving one data directory."""

    data_dir: Path
    binary: Path
    listen: str = "127.0.0.1:0"
    uri: str = ""
    _process: asyncio.subprocess.Process | None = None
    _lock_file: IO[str] | None = None

    async def start(self) -> str:
        """Start the server and return its MongoDB URI once it accepts connections."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_data_dir()
        try:
            self._process = await asyncio.create_subprocess_exec(
                str(self.binary),
                "-data-dir",
                str(self.data_dir / "ferretdb"),
                "-listen",
                self.listen,
                "-log-level",
                "error",
                "-watch-stdin",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                # Its own process group: a Ctrl-C in the terminal reaches only us, and we
                # stop it in order after our own shutdown.
                start_new_session=True,
            )
            self.uri = await asyncio.wait_for(self._read_uri(), START_TIMEOUT)
        except BaseException:
            await self.stop()
            raise
        return self.uri

    async def _read_uri(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        line = await self._process.stdout.readline()
        text = line.decode().strip()
        if not text.startswith("LISTENING "):
            err = b""
            if self._process.stderr is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    err = await asyncio.wait_for(self._process.stderr.read(), 2)
            raise LocalDatabaseError(
                "The local database server did not start: "
                + (err.decode(errors="replace").strip() or text or "no output")
            )
        return text.removeprefix("LISTENING ").strip()

    def _lock_data_dir(self) -> None:
        # Two FerretDB processes over one set of SQLite files would not see each other's
        # metadata changes, so one data directory serves one service process.
        lock = (self.data_dir / "ferretdb.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise LocalDatabaseError(
                f"Another career-bot is already using the local database in {self.data_dir}. "
                "Stop it, or set DATA_DIR or MONGODB_URI for this one."
            ) from None
        self._lock_file = lock

    async def stop(self) -> None:
        """Stop the server cleanly (SIGTERM, then SIGKILL after a grace period)."""
        proc, self._process = self._process, None
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if proc is not None and proc.stdin is not None:
            proc.stdin.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    @property
    def running(self) -> bool:
        """Whether the child process is alive."""
        return self._process is not None and self._process.returncode is None


async def start_local_database(
    data_dir: Path,
    explicit_binary: Path | None = None,
    *,
    build: bool = True,
    listen: str = "127.0.0.1:0",
) -> LocalDatabase:
    """Find (or build) the launcher and start it on `data_dir`."""
    binary = find_binary(explicit_binary)
    if binary is None and explicit_binary is not None:
        raise LocalDatabaseError(f"FERRETDB_BIN points at {explicit_binary}, which does not exist.")
    if binary is None:
        if not build:
            raise LocalDatabaseError("The local database server is not built; run `make ferretdb`.")
        log.warning("Building the local database server (first run only; this takes a few minutes)")
        binary = await build_binary()
    db = LocalDatabase(data_dir=data_dir, binary=binary, listen=listen)
    await db.start()
    return db
