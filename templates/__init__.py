"""Reply templates, one set per surface (`terminal/`, `telegram/`, `discord/`)."""

from __future__ import annotations

from collections.abc import Callable
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
    """Renders core replies with one surface's templates.

    A surface's folder holds the templates it words differently; any other reply falls back
    to the terminal's plain wording. Values are escaped for the surface: HTML for Telegram
    (`html=True`), or any `escape` function (Discord's markdown) applied to every value.
    """

    def __init__(
        self,
        surface: str,
        *,
        html: bool = False,
        escape: Callable[[Any], Any] | None = None,
    ) -> None:
        self.surface = surface
        folders = [TEMPLATE_DIR / surface, TEMPLATE_DIR / "shared", TEMPLATE_DIR / "terminal"]
        self.env = Environment(
            loader=FileSystemLoader(list(dict.fromkeys(folders))),
            # Terminal text is plain; chat surfaces that parse HTML escape everything.
            autoescape=select_autoescape(enabled_extensions=("j2",)) if html else False,  # noqa: S701
            finalize=escape,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # Templates ship with the code: checking their files for changes on every
            # reply costs a stat per template.
            auto_reload=False,
        )
        self.env.filters["join_names"] = _join_names
        self.env.filters["quote"] = lambda text: f"“{text}”"

    def render(self, kind: str, data: dict[str, Any]) -> str:
        """The text of one reply."""
        template = self.env.get_template(f"{kind}.j2")
        return template.render({"first_contact": False, **data}).strip()
