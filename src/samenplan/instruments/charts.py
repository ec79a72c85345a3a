"""Small server-side SVG charts of a subscale's scores over time (Vega-Altair, rendered by vl-convert offline).

The SVG has no script, no <style> and no style="" (safe under the Content-Security-Policy) and is placed in a
<figure> with a data table after it, the accessible alternative. Text in it (subscale and band names, from a
definition) is escaped by the renderer; ``samenplan.charts.svg`` parses the output before it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.safestring import SafeString

from samenplan import charts

# Band colours by the usual level names; other levels get grey. Light, so the line and points stay readable.
LEVEL_COLOURS = {
    "normal": "#d8efd9",
    "low": "#fbe0d6",
    "borderline": "#fbefc4",
    "raised": "#fbefc4",
    "high": "#f6d2cc",
    "clinical": "#f6d2cc",
}
OTHER_COLOUR = "#e6e6e6"


@dataclass(frozen=True)
class Point:
    on: date
    score: float
    band: str
    current: bool


def subscale_svg(
    title: str, points: list[Point], bands: list[dict], low: float, high: float, step: float = 1
) -> SafeString:
    """A line of the scores (oldest first) over the norm bands of the latest administration.

    Bands hold whole steps of the score (``step``: 1, 0.1, …), so each is drawn half a step wider on either side:
    the bands 0-3 and 4-5 meet at 3.5 instead of leaving a white strip."""
    import altair as alt

    values = [
        {"date": p.on.isoformat(), "label": formats.date_format(p.on, "d-m-Y"), "score": p.score, "band": p.band}
        for p in points
    ]
    domain = [min(low, *(p.score for p in points)), max(high, *(p.score for p in points))]
    y = alt.Y("score:Q", title=None, scale=alt.Scale(domain=domain, nice=False))
    x = alt.X("label:O", title=None, sort=None, axis=alt.Axis(labelAngle=0))
    layers = []
    if bands:
        half = step / 2
        band_rows = [
            {
                "from": max(domain[0], b["min"] - half),
                "to": min(domain[1], b["max"] + half),
                "colour": LEVEL_COLOURS.get(b["level"], OTHER_COLOUR),
            }
            for b in bands
        ]
        layers.append(
            alt.Chart(alt.Data(values=band_rows))
            .mark_rect(opacity=0.9)
            .encode(
                y=alt.Y("from:Q", scale=alt.Scale(domain=domain, nice=False)),
                y2="to:Q",
                color=alt.Color("colour:N", scale=None),
            )
        )
    line = alt.Chart(alt.Data(values=values)).encode(x=x, y=y)
    layers.append(line.mark_line(color="#1f4e79", strokeWidth=2))
    layers.append(line.mark_point(color="#1f4e79", filled=True, size=60))
    chart = (
        alt.layer(*layers)
        .properties(width=max(120, 70 * len(values)), height=120, title=title, description=title)
        .configure_view(stroke="#999")
        .configure_title(fontSize=13, anchor="start")
    )
    # Hidden from assistive technology: the data table after it carries the numbers. The shared renderer parses
    # the SVG and refuses (an empty chart) what the Content-Security-Policy would refuse.
    return charts.svg(chart.to_dict())
