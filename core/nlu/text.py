"""Cleaning what people type before anything else looks at it."""

from __future__ import annotations

import re
import unicodedata

MAX_MESSAGE_CHARS = 2000
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Drop control and invisible format characters, fold whitespace, trim."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" or (category == "Cf" and ch != "\u200d"):
            # Newlines and tabs become spaces; the zero-width joiner holds emoji together.
            kept.append(" " if ch in "\n\r\t" else "")
        else:
            kept.append(ch)
    return _SPACES.sub(" ", "".join(kept)).strip()
