"""Connecting Beanie and creating indexes in the way both MongoDB and FerretDB accept."""

from __future__ import annotations

from collections.abc import Sequence

from beanie import Document, init_beanie
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from core.collection.models import CollectionCursor, CollectionRequest, CollectionRun
from core.postings.models import JobPosting
from core.profiles.linking import LinkCode, LinkFailures
from core.profiles.models import Identity, User
from core.scheduling.leases import Lease

DOCUMENT_MODELS: list[type[Document]] = [
    User,
    Identity,
    JobPosting,
    CollectionRun,
    CollectionCursor,
    CollectionRequest,
    Lease,
    LinkCode,
    LinkFailures,
]


def make_client(uri: str, *, timeout_ms: int = 3000) -> AsyncMongoClient[dict[str, object]]:
    """A client that gives up quickly, so a chat can say "try again" instead of hanging."""
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        appname="career-navigator",
    )


async def init_database(
    client: AsyncMongoClient[dict[str, object]],
    name: str,
    models: Sequence[type[Document]] = DOCUMENT_MODELS,
) -> AsyncDatabase[dict[str, object]]:
    """Bind the document models to database `name` and make sure their indexes exist."""
    database = client[name]
    # Beanie would resend every index on each start; FerretDB v1 breaks on that (see
    # shared/reference/ferretdb.md), so indexes are ours to create.
    await init_beanie(database=database, document_models=list(models), skip_indexes=True)
    for model in models:
        await ensure_indexes(model)
    return database


async def ensure_indexes(model: type[Document]) -> list[str]:
    """Create the model's missing indexes one at a time; return the names created."""
    declared: list[IndexModel] = list(getattr(model.Settings, "indexes", []) or [])
    if not declared:
        return []
    collection = model.get_pymongo_collection()
    cursor = await collection.list_indexes()
    existing = {index["name"] async for index in cursor}
    created = []
    for index in declared:
        name = index.document["name"]
        if name not in existing:
            await collection.create_indexes([index])
            created.append(name)
    return created
