"""Reply templates, one set per surface (`terminal/`, later `telegram/`, `discord/`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).resolve().parent


def _join_names(items: list[str], conjunction: str = "and") -> str:
    """ "A, B and C"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


class Renderer:
    """Renders core replies with one surface's templates."""

    def __init__(self, surface: str, *, html: bool = False) -> None:
        self.surface = surface
        self.env = Environment(
            # Each surface's own templates first, then the macros all surfaces share.
            loader=FileSystemLoader([TEMPLATE_DIR / surface, TEMPLATE_DIR / "shared"]),
            # Terminal text is plain; chat surfaces that parse HTML escape everything.
            autoescape=select_autoescape(enabled_extensions=("j2",)) if html else False,  # noqa: S701
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["join_names"] = _join_names

    def render(self, kind: str, data: dict[str, Any]) -> str:
        """The text of one reply."""
        template = self.env.get_template(f"{kind}.j2")
        return template.render({"first_contact": False, **data}).strip()
