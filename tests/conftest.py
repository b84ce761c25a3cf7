"""Shared fixtures: a real MongoDB-compatible server for the session, a fresh database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.database import AsyncDatabase

from bot.local_database import LocalDatabase, start_local_database
from core.nlu.parser import IntentParser
from core.storage.database import init_database, make_client

Client = AsyncMongoClient[dict[str, object]]


@pytest.fixture(scope="session")
async def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """TEST_MONGODB_URI when set, else a FerretDB started in a temporary directory."""
    configured = os.environ.get("TEST_MONGODB_URI")
    if configured:
        yield configured
        return
    server = await start_local_database(tmp_path_factory.mktemp("ferretdb"), build=False)
    try:
        yield server.uri
    finally:
        await server.stop()


@pytest.fixture(scope="session")
async def mongo_client(mongo_uri: str) -> AsyncIterator[Client]:
    """One client for the session."""
    client = make_client(mongo_uri)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def db(mongo_client: Client) -> AsyncIterator[AsyncDatabase[dict[str, object]]]:
    """A fresh database with every model bound to it, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    database = await init_database(mongo_client, name)
    try:
        yield database
    finally:
        await mongo_client.drop_database(name)


class Commands(monitoring.CommandListener):
    """Every command sent to the database, in order."""

    def __init__(self) -> None:
        self.sent: list[Mapping[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent.append(event.command)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def to(self, name: str, collection: str) -> list[Mapping[str, Any]]:
        """The `name` commands (find, update...) sent to `collection`."""
        return [c for c in self.sent if c.get(name) == collection]


@pytest.fixture
async def commands(mongo_uri: str) -> AsyncIterator[Commands]:
    """A fresh database, bound through a client that records every command sent to it."""
    listener = Commands()
    client: Client = AsyncMongoClient(mongo_uri, tz_aware=True, event_listeners=[listener])
    name = f"test_{uuid.uuid4().hex[:16]}"
    try:
        await init_database(client, name)
        listener.sent.clear()
        yield listener
    finally:
        await client.drop_database(name)
        await client.close()


@pytest.fixture(scope="session")
def parser() -> IntentParser:
    """The intent parser (its spaCy pipeline and term tables take a while to build)."""
    return IntentParser()


@pytest.fixture
def fresh_db_name() -> str:
    """A database name no other test uses."""
    return f"test_{uuid.uuid4().hex[:16]}"


@pytest.fixture
async def private_server(tmp_path: Path) -> AsyncIterator[LocalDatabase]:
    """A FerretDB of this test's own, for tests that stop and restart the server."""
    server = await start_local_database(tmp_path / "data", build=False)
    try:
        yield server
    finally:
        await server.stop()
