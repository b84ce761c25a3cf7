"""What the core answers: a reply kind (the template's name) and the data it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer; adapters render `templates/<surface>/<kind>.j2` with `data`."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
