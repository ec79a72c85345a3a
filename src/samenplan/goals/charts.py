"""The progress chart of a goal: its scale scores over time, one line per person who scores (§3.4.3).

Drawn server-side as SVG by Vega-Altair with vl-convert (from PyPI; no browser, no network): the SVG holds no
``<script>``, ``<style>`` or ``style=""`` (so it may sit inline in a page under the strict Content-Security-Policy)
and renders in WeasyPrint, so the plan PDF calls :func:`progress_chart_svg` too. The page puts a data table
(:func:`chart_rows`) after the chart as its accessible alternative; the SVG itself is one image with a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samenplan import charts
from samenplan.goals.rules import SCALE_MAX, SCALE_MIN

WIDTH = 480
HEIGHT = 220


@dataclass(frozen=True)
class Point:
    """One score as the chart and its table need it: when, who (a label), the score, the desired score, and what
    one point higher would look like in their words."""

    on: date
    who: str
    score: int
    desired: int | None = None
    one_point_higher: str = ""


def points_for(goal) -> list[Point]:
    """The goal's scores, oldest first (the prefetched ones of ``goals.access.goals`` when there are)."""
    if "scores" in getattr(goal, "_prefetched_objects_cache", {}):
        scores = goal.scores.all()
    else:
        scores = goal.scores.select_related("member", "professional").order_by("scored_on", "pk")
    return [Point(s.scored_on, str(s.scorer_label), s.score, s.desired, s.one_point_higher) for s in scores]


def chart_rows(points: list[Point]) -> list[Point]:
    """The rows of the data table that stands beside the chart: every score, by date then by person."""
    return sorted(points, key=lambda p: (p.on, p.who))


# Speed (issue 14): vl-convert measures every text of a chart through its own font engine (1 to 2 ms each under
# load: most of a chart's time), a text with a width limit again to truncate it and again when drawn. The axes'
# labels (the scores 0 to 10, month names and years) and the legend's title (our "Given by") are far narrower than
# Vega's 180 px limit in every language, so they go without one: the same drawing with fewer measurements (a test
# compares both in every language). The people's names in the legend keep theirs (a long name is cut off with "…").
LABELS_FIT = 0


def _spec(points: list[Point], title: str) -> dict:
    import altair as alt

    values = [{"date": p.on.isoformat(), "who": p.who, "score": p.score} for p in points]
    people = list(dict.fromkeys(p.who for p in points))
    x = alt.X(
        "date:T",
        title=_("Date"),
        scale=alt.Scale(type="utc", padding=12),
        # Month names in the page language (charts.chart_locale). No label limit (see LABELS_FIT).
        axis=alt.Axis(labelAngle=0, tickCount="month", labelOverlap=True, labelLimit=LABELS_FIT),
    )
    y = alt.Y(
        "score:Q",
        title=_("Score"),
        scale=alt.Scale(domain=[SCALE_MIN, SCALE_MAX], nice=False),
        axis=alt.Axis(values=list(range(SCALE_MIN, SCALE_MAX + 1)), labelLimit=LABELS_FIT),
    )
    who = alt.Color(
        "who:N",
        title=_("Given by"),
        sort=people,
        legend=alt.Legend(orient="bottom", direction="vertical", titleLimit=LABELS_FIT),
    )
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=who,
            # Dashes and marker shapes tell the lines apart on a black-and-white print too.
            strokeDash=alt.StrokeDash("who:N", sort=people, legend=None),
            shape=alt.Shape("who:N", sort=people, legend=None),
        )
        .properties(width=WIDTH, height=HEIGHT, title=title)
        .configure(font="DejaVu Sans, Verdana, sans-serif")
    )
    # Not validated against the Vega-Lite schema on every chart (≈ 2 ms): the tests validate this spec.
    return chart.to_dict(validate=False)


def progress_svg(points: list[Point], *, title: str) -> SafeString:
    """The chart as one inline SVG element with ``role="img"`` and the title as its name; empty without scores."""
    if not points:
        return mark_safe("")
    # One image with a name for assistive technology: the table after it carries the numbers.
    label = _("%(title)s: scale scores over time; the table below lists them.") % {"title": title}
    return charts.svg(_spec(points, title), label=label, css_class="samenplan-chart__svg")


def progress_chart_svg(goal, points: list[Point] | None = None) -> SafeString:
    """The progress chart of one goal (for its page and for the plan PDF); empty while it has no scores."""
    points = points_for(goal) if points is None else points
    return progress_svg(points, title=_("Progress: %(goal)s") % {"goal": _short(goal.words)})


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
