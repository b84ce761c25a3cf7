"""Opening the database for the service: the configured MongoDB or the local FerretDB."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConfigurationError, PyMongoError
from pymongo.uri_parser import parse_uri

from bot.local_database import LocalDatabase, start_local_database
from bot.settings import Settings
from core.storage.database import init_database, make_client

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The service cannot start; the message is one line for the operator."""


@dataclass
class Storage:
    """The open database and what it runs on."""

    client: AsyncMongoClient[dict[str, object]]
    database: AsyncDatabase[dict[str, object]]
    description: str
    local: LocalDatabase | None = None


def describe_uri(uri: str) -> str:
    """Hosts of a MongoDB URI, without credentials, for messages and logs."""
    try:
        nodes = parse_uri(uri)["nodelist"]
    except (ConfigurationError, ValueError):
        return "the configured MONGODB_URI"
    return ",".join(f"{host}:{port}" for host, port in nodes)


@contextlib.asynccontextmanager
async def open_storage(settings: Settings) -> AsyncIterator[Storage]:
    """Start the local database when needed, connect, initialise models and indexes."""
    local: LocalDatabase | None = None
    if settings.mongodb_uri is None:
        local = await start_local_database(settings.data_dir, settings.ferretdb_bin)
        uri = local.uri
        description = f"local database in {settings.data_dir}"
    else:
        uri = settings.mongodb_uri.get_secret_value()
        description = f"MongoDB at {describe_uri(uri)}"
    client = make_client(uri)
    try:
        try:
            await client.admin.command("ping")
            database = await init_database(client, settings.mongodb_db)
        except PyMongoError as exc:
            raise StartupError(
                f"Cannot reach the {description}: {type(exc).__name__}. "
                "Check that the server is running and MONGODB_URI is right."
            ) from None
        log.info("using the %s, database %s", description, settings.mongodb_db)
        yield Storage(client, database, description, local)
    finally:
        await client.close()
        if local is not None:
            await local.stop()
