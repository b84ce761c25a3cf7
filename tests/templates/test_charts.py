"""Charts of the gap and trends: PNG images of what the reply says."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from templates.charts import chart_png

PNG = b"\x89PNG\r\n\x1a\n"


def gap(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": "Data Engineer",
        "location": "Berlin",
        "too_little": False,
        "postings": 120,
        "coverage": 45,
        "have_any": True,
        "missing": [{"skill": "Apache Spark", "share": 60, "paired": []}],
        "strengths": [{"skill": "Python", "share": 80}, {"skill": "SQL", "share": 75}],
    }
    return {**data, **over}


def trending(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": None,
        "location": None,
        "too_little": False,
        "rising": [{"skill": "dbt", "before": 10, "recent": 18, "change": 8.0}],
        "falling": [{"skill": "Hadoop", "before": 12, "recent": 5, "change": -7.0}],
    }
    return {**data, **over}


def bars_in(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_a_gap_chart_is_a_png_with_a_bar_per_skill() -> None:
    small = chart_png("gap", gap())
    many = chart_png(
        "gap",
        gap(missing=[{"skill": f"Skill {i}", "share": 50 - i, "paired": []} for i in range(10)]),
    )
    assert small is not None and small.startswith(PNG)
    assert many is not None and many.startswith(PNG)
    # More skills, more rows: the picture grows with what it shows.
    assert bars_in(many).height > bars_in(small).height


def test_a_trending_chart_shows_rising_and_falling_skills() -> None:
    png = chart_png("trending", trending())
    assert png is not None and png.startswith(PNG)
    colours = {c for _, c in bars_in(png).convert("RGB").getcolors(1 << 20) or []}
    assert (46, 125, 50) in colours and (198, 40, 40) in colours  # green up, red down


def test_no_chart_when_there_is_too_little_data_or_nothing_to_draw() -> None:
    assert chart_png("gap", gap(too_little=True)) is None
    assert chart_png("gap", gap(missing=[], strengths=[])) is None
    assert chart_png("trending", trending(rising=[], falling=[])) is None
    assert chart_png("salary", {"too_little": False}) is None
