"""How names are compared: case, spacing and punctuation variants meet in one key."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
_EDGE = " \t\"'`“”‘’()[]{}<>,;:!?*"
_SQUASH = re.compile(r"[\s\-_./]+")


def lookup_key(text: str) -> str:
    """Lower case, single spaces, no surrounding quotes or punctuation."""
    return _SPACES.sub(" ", text.strip(_EDGE).lower()).strip()


def squash_key(text: str) -> str:
    """The key without spaces, hyphens, dots or slashes: "Node JS" and "node.js" meet."""
    return _SQUASH.sub("", lookup_key(text))
