"""Conversation contexts, written behind: everyone's follow-up state in one write a second.

A context remembers the last question so that "and in London?" can change one slot of it.
Nearly every message changes it, and a round trip each cost as much as the rest of the
answer. Losing the last second of them in a crash costs a follow-up, never profile data, so
plain contexts are kept here and written together (python-telegram-bot's own persistence
writes its conversation state behind in the same way). A context that asks the person
something (confirm a deletion, pick a reading) is written at once, so that the answer finds
it whichever process receives it.
"""

from __future__ import annotations

import asyncio
import logging

from beanie import PydanticObjectId
from pymongo import UpdateOne
from pymongo.errors import PyMongoError

from core.profiles.models import ConversationContext, User
from core.storage.writes import update_each

log = logging.getLogger(__name__)

WRITE_AFTER = 1.0  # seconds a plain context may wait to be written


class ContextWriter:
    """The newest unwritten context of each profile, and the writes that store them."""

    def __init__(self, delay: float = WRITE_AFTER) -> None:
        self.delay = delay
        self._pending: dict[PydanticObjectId, ConversationContext] = {}
        self._writing = asyncio.Lock()
        self._timer: asyncio.Task[None] | None = None
        self._closed = False

    def pending(self, user_id: PydanticObjectId) -> ConversationContext | None:
        """The context not yet written for a profile, which is newer than the stored one."""
        return self._pending.get(user_id)

    def later(self, user_id: PydanticObjectId, context: ConversationContext) -> None:
        """Write the context within `delay` seconds, with everyone else's."""
        self._pending[user_id] = context
        self._schedule()

    async def now(self, user_id: PydanticObjectId, context: ConversationContext) -> None:
        """Write the context (and every one waiting) before returning."""
        self._pending[user_id] = context
        await self.flush()

    def drop(self, user_id: PydanticObjectId) -> None:
        """Forget a profile's unwritten context (the profile is being deleted)."""
        self._pending.pop(user_id, None)

    async def flush(self) -> None:
        """Write every waiting context in one bulk write."""
        # One write at a time, so that an older batch never lands after a newer one.
        async with self._writing:
            if not self._pending:
                return
            batch, self._pending = self._pending, {}
            try:
                await update_each(
                    User.get_pymongo_collection(),
                    [
                        UpdateOne({"_id": user_id}, {"$set": {"context": context.model_dump()}})
                        for user_id, context in batch.items()
                    ],
                )
            except BaseException:
                # Kept for the next try, unless a newer context came meanwhile.
                for user_id, context in batch.items():
                    self._pending.setdefault(user_id, context)
                self._schedule()
                raise

    async def close(self) -> None:
        """Stop the timer and write what waits (once: the database may be gone)."""
        self._closed = True
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        try:
            await self.flush()
        except PyMongoError as exc:
            log.warning(
                "%d conversation contexts not written at exit: %s",
                len(self._pending),
                type(exc).__name__,
            )

    def _schedule(self) -> None:
        if self._closed:
            return
        if self._timer is None or self._timer.done():
            self._timer = asyncio.get_running_loop().create_task(self._write_later())

    async def _write_later(self) -> None:
        while True:
            await asyncio.sleep(self.delay)
            try:
                await self.flush()
            except PyMongoError as exc:
                log.warning("conversation contexts not written, retrying: %s", type(exc).__name__)
            if not self._pending:
                # No await between the check and this: a context added later starts a new timer.
                self._timer = None
                return
