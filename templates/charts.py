"""Chart images (PNG) of the answers that read better as a picture: the skill gap and trends.

Surfaces that can show images send them beside the text; the terminal saves them. Drawing
uses matplotlib's object API on the Agg canvas (no pyplot state), so charts can be drawn in
worker threads while the event loop goes on answering.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections import OrderedDict
from functools import lru_cache
from typing import Any

CHART_KINDS = frozenset({"gap", "trending"})
MAX_BARS = 12
KNOWN_CHARTS = 256
HAVE, MISSING, RISING, FALLING = "#2e7d32", "#ef6c00", "#2e7d32", "#c62828"


def chart_png(kind: str, data: dict[str, Any]) -> bytes | None:
    """The chart of a reply, or None when the reply has none (or too little data)."""
    if kind not in CHART_KINDS or data.get("too_little", True):
        return None
    return _drawn(kind, json.dumps(data, sort_keys=True, default=str))


_drawing: dict[tuple[str, str], asyncio.Future[bytes | None]] = {}
_known: OrderedDict[tuple[str, str], tuple[bytes | None]] = OrderedDict()


async def chart_for(kind: str, data: dict[str, Any]) -> bytes | None:
    """`chart_png` for an event loop: drawn in a worker thread, once for everyone asking."""
    if kind not in CHART_KINDS or data.get("too_little", True):
        return None
    key = (kind, json.dumps(data, sort_keys=True, default=str))
    drawn = _known.get(key)
    if drawn is not None:
        # Most charts were drawn already: a thread hop would cost more than the lookup.
        _known.move_to_end(key)
        return drawn[0]
    pending = _drawing.get(key)
    if pending is None:
        pending = _drawing[key] = asyncio.ensure_future(asyncio.to_thread(_drawn, *key))
        pending.add_done_callback(lambda done: _finished(key, done))
    return await asyncio.shield(pending)


def _finished(key: tuple[str, str], done: asyncio.Future[bytes | None]) -> None:
    del _drawing[key]
    if not done.cancelled() and done.exception() is None:
        _known[key] = (done.result(),)
        while len(_known) > KNOWN_CHARTS:
            _known.popitem(last=False)


@lru_cache(maxsize=256)
def _drawn(kind: str, data_json: str) -> bytes | None:
    # Many people ask the same question the same day (trends for a popular role): drawing
    # takes tens of milliseconds, looking up the same picture none.
    data = json.loads(data_json)
    if kind == "gap":
        return _gap(data)
    return _trending(data)


def _place(data: dict[str, Any]) -> str:
    return f" in {data['location']}" if data.get("location") else ""


def _gap(data: dict[str, Any]) -> bytes | None:
    bars = [(m["skill"], m["share"], False) for m in data.get("missing", [])]
    bars += [(s["skill"], s["share"], True) for s in data.get("strengths", [])]
    if not bars:
        return None
    bars = sorted(bars, key=lambda b: (-b[1], b[0]))[:MAX_BARS][::-1]  # biggest on top
    title = f"Skill demand for {data['role']}{_place(data)}"
    if data.get("have_any"):
        title += f": you cover {data['coverage']}%"
    return _bar_chart(
        title,
        [b[0] for b in bars],
        [b[1] for b in bars],
        [HAVE if b[2] else MISSING for b in bars],
        xlabel=f"% of {data['postings']} postings asking for the skill",
        legend=[(HAVE, "you have it"), (MISSING, "missing")],
        suffix="%",
    )


def _trending(data: dict[str, Any]) -> bytes | None:
    rows = [(t["skill"], t["change"]) for t in data.get("rising", [])]
    rows += [(t["skill"], t["change"]) for t in data.get("falling", [])]
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: r[1])[-MAX_BARS:]
    who = f" for {data['role']}" if data.get("role") else ""
    return _bar_chart(
        f"Trending{who}{_place(data)}: last 30 days vs the 30 before",
        [r[0] for r in rows],
        [r[1] for r in rows],
        [RISING if r[1] > 0 else FALLING for r in rows],
        xlabel="change in share of postings (percentage points)",
        legend=[(RISING, "rising"), (FALLING, "falling")],
        suffix=" pts",
        signed=True,
    )


def _bar_chart(
    title: str,
    labels: list[str],
    values: list[float],
    colours: list[str],
    *,
    xlabel: str,
    legend: list[tuple[str, str]],
    suffix: str,
    signed: bool = False,
) -> bytes:
    # Imported here: matplotlib takes a good part of a second to import, and only
    # surfaces that show charts pay for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    figure = Figure(figsize=(8, 1.2 + 0.42 * len(labels)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color=colours)
    axes.bar_label(
        bars,
        labels=[f"{v:+g}{suffix}" if signed else f"{v:g}{suffix}" for v in values],
        padding=3,
        fontsize=9,
    )
    if signed:
        axes.axvline(0, color="#555555", linewidth=0.8)
    axes.set_title(title, fontsize=11, loc="left")
    axes.set_xlabel(xlabel, fontsize=9)
    axes.margins(x=0.18)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    present = set(colours)
    handles = [Patch(color=c, label=text) for c, text in legend if c in present]
    if handles:
        axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
