"""Time zones from what people type: a zone name ("Europe/Berlin") or a place ("Berlin")."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from core.places import load_gazetteer


@cache
def _zones() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones()}


def timezone_named(text: str) -> str | None:
    """The IANA zone a message names, directly or through an unambiguous place."""
    words = text.strip().strip(".!?").strip()
    zone = _zones().get(words.lower().replace(" ", "_"))
    if zone is not None:
        return zone
    if words.upper() in ("UTC", "GMT"):
        return "UTC"
    place = load_gazetteer().find(words)
    return place.timezone if place is not None else None
