"""The id of the request being answered, for log lines (set per message, read by logging)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

current: ContextVar[str] = ContextVar("request_id", default="-")


def new_request() -> str:
    """Start a request: every log line until it is answered carries this id."""
    rid = uuid.uuid4().hex[:12]
    current.set(rid)
    return rid
