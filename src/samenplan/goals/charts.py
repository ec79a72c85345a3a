"""The progress chart of a goal: its scale scores over time, one line per person who scores (§3.4.3).

Drawn server-side as SVG by Vega-Altair with vl-convert (from PyPI; no browser, no network): the SVG holds no
``<script>``, ``<style>`` or ``style=""`` (so it may sit inline in a page under the strict Content-Security-Policy)
and renders in WeasyPrint, so the plan PDF calls :func:`progress_chart_svg` too. The page puts a data table
(:func:`chart_rows`) after the chart as its accessible alternative; the SVG itself is one image with a name.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

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
    """The progress chart of one goal for a page (the plan PDF draws ``progress_print_svg``); empty while it has no
    scores."""
    points = points_for(goal) if points is None else points
    return progress_svg(points, title=progress_title(goal))


def progress_title(goal) -> str:
    """The title of a goal's progress chart."""
    return _("Progress: %(goal)s") % {"goal": _short(goal.words)}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The same chart for print (the plan PDF, issue 14), drawn from the same points by a template instead of by
# vl-convert: vl-convert takes ≈ 50 ms a chart measuring its texts through its own font engine. WeasyPrint lays out
# and draws an SVG text letter by letter (each letter its own Pango layout), so the title, the longest text, stands
# above the drawing as HTML (``progress_title``), and grid, ticks and axes are one path each, without Vega's nested
# groups: a quarter of the SVG elements (39 instead of 152 for two people). The same content otherwise: the axes
# with their titles, the months and years in the page's language (d3's locale, as vl-convert uses), one line per
# person with its own colour, dash and marker shape (Vega's own, in Vega's order), the legend with "Given by" and
# the names (a long name cut off with "…"), in the PDF's own fonts. Texts' widths are estimated, not measured: they
# only decide which month labels would overlap (then every other one goes, as Vega does) and where a long name is
# cut off.
COLOURS = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d")
DASHES = ("", "4,2", "2,1", "1,1", "1,2,4,2")
SHAPES = ("circle", "square", "triangle-up", "cross", "diamond", "triangle-right", "triangle-down", "triangle-left")
MARKER = 60**0.5 / 2  # half the side of a marker of 60 px², as Vega draws size 60
LEFT, TOP, RIGHT, PADDING = 44, 8, 44, 12  # the plot's place in the drawing; the first and last date 12 px inside
LEGEND_ROW, NAME_LIMIT = 16, 160  # Vega's legend label limit in px
CHAR = 5.6  # an estimate of the mean width in px of a 10 px character of Noto Sans, a little over


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str

    def __post_init__(self):  # a tenth of a pixel is fine enough
        object.__setattr__(self, "x", round(self.x, 1))
        object.__setattr__(self, "y", round(self.y, 1))


@dataclass(frozen=True)
class Series:
    """One person's line: its path, its markers, and its key in the legend (a piece of line with a marker)."""

    colour: str
    dash: str
    line: str
    markers: list[str]
    key_line: str
    key_marker: str
    label: Label


@dataclass(frozen=True)
class PrintLayout:
    width: int
    height: int
    left: int
    top: int
    frame: str
    x_labels: list[Label]
    y_labels: list[Label]
    x_title: Label
    y_title: Label
    legend_title: Label
    grid: str
    axes: str  # the axes and their ticks
    series: list[Series]


def _shape(name: str, x: float, y: float) -> str:
    """The path of a marker of Vega's shape ``name`` around ``x``, ``y``."""
    r = MARKER
    if name == "circle":
        return f"M{x - r:.1f},{y:.1f}a{r:.2f},{r:.2f} 0 1,0 {2 * r:.2f},0a{r:.2f},{r:.2f} 0 1,0 {-2 * r:.2f},0Z"
    a, b = r * 1.2, r * 0.4
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "diamond": [(0, -a), (a, 0), (0, a), (-a, 0)],
        "triangle-up": [(0, -a), (a, r), (-a, r)],
        "triangle-down": [(0, a), (a, -r), (-a, -r)],
        "triangle-right": [(a, 0), (-r, a), (-r, -a)],
        "triangle-left": [(-a, 0), (r, a), (r, -a)],
        "cross": [(-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b), (-a, b), (-a, -b),
                  (-b, -b)],
    }[name]  # fmt: skip
    return "M" + "L".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners) + "Z"


def _cut(text: str, limit: float = NAME_LIMIT) -> str:
    fits = int(limit // CHAR)
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def _month_starts(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` to ``last``, both included."""
    months, start = [], first.replace(day=1)
    while start <= last:
        if start >= first:
            months.append(start)
        start = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return months


def print_layout(points: list[Point], *, months: list[str], numerals: str, texts: dict) -> PrintLayout:
    """Where everything of the printed chart goes (pure: no database, no rendering). ``months`` are the names of
    January to December and ``numerals`` the digits 0 to 9 in the page's language, ``texts`` its words for the
    axes' titles and the legend's title (``date``, ``score``, ``given_by``)."""
    first, last = min(p.on for p in points), max(p.on for p in points)
    span = (last - first).days

    def x(on: date) -> float:
        return WIDTH / 2 if not span else PADDING + (on - first).days / span * (WIDTH - 2 * PADDING)

    def y(score: int) -> float:
        return HEIGHT - (score - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * HEIGHT

    # The scale reaches past the first and last date by the padding: a month starting there has its tick too.
    reach = timedelta(days=span * PADDING / (WIDTH - 2 * PADDING))
    starts = [s for s in _month_starts(first - reach, last + reach) if 0 <= x(s) <= WIDTH]
    labels = [Label(x(s), HEIGHT + 15, str(s.year) if s.month == 1 else months[s.month - 1]) for s in starts]
    while any(b.x - a.x < (len(a.text) + len(b.text)) * CHAR / 2 for a, b in itertools.pairwise(labels)):
        labels = labels[::2]  # Vega's "parity" rule: every other label until none overlap
    values = range(SCALE_MIN, SCALE_MAX + 1)
    grid = "".join(f"M{x(s):.1f},0v{HEIGHT}" for s in starts) + "".join(f"M0,{y(v):.1f}h{WIDTH}" for v in values)
    axes = f"M0,{HEIGHT}h{WIDTH}M0,0v{HEIGHT}"
    ticks = "".join(f"M{x(s):.1f},{HEIGHT}v5" for s in starts) + "".join(f"M0,{y(v):.1f}h-5" for v in values)
    people = list(dict.fromkeys(p.who for p in points))
    legend_top = HEIGHT + 56
    series = []
    for i, who in enumerate(people):
        own = sorted((p for p in points if p.who == who), key=lambda p: p.on)
        shape, row = SHAPES[i % len(SHAPES)], legend_top + 18 + i * LEGEND_ROW
        series.append(
            Series(
                colour=COLOURS[i % len(COLOURS)],
                dash=DASHES[i % len(DASHES)],
                line="M" + "L".join(f"{x(p.on):.1f},{y(p.score):.1f}" for p in own),
                markers=[_shape(shape, x(p.on), y(p.score)) for p in own],
                key_line=f"M0,{row - 4}h20",
                key_marker=_shape(shape, 10, row - 4),
                label=Label(26, row, _cut(who)),
            )
        )
    return PrintLayout(
        width=LEFT + WIDTH + RIGHT,
        height=TOP + legend_top + 8 + len(people) * LEGEND_ROW,
        left=LEFT,
        top=TOP,
        frame=f"M0,0h{WIDTH}v{HEIGHT}h-{WIDTH}Z",
        x_labels=labels,
        y_labels=[Label(-7, y(v) + 3, "".join(numerals[int(d)] for d in str(v))) for v in values],
        x_title=Label(WIDTH / 2, HEIGHT + 31, texts["date"]),
        y_title=Label(-26, HEIGHT / 2, texts["score"]),
        legend_title=Label(0, legend_top, texts["given_by"]),
        grid=grid,
        axes=axes + ticks,
        series=series,
    )


def progress_print_svg(goal, points: list[Point] | None = None) -> str:
    """The progress chart of one goal for print (the plan PDF), without its title (``progress_title``, set above
    it as text); empty while it has no scores. Drawn by the template ``goals/progress_chart.svg``."""
    from django.template.loader import render_to_string

    points = points_for(goal) if points is None else points
    if not points:
        return ""
    numerals, months = _locale(charts.chart_locale())
    texts = {"date": _("Date"), "score": _("Score"), "given_by": _("Given by")}
    layout = print_layout(points, months=months, numerals=numerals, texts=texts)
    return render_to_string("goals/progress_chart.svg", {"chart": layout, "label": progress_title(goal)}).strip()


@functools.cache
def _locale(name: str) -> tuple[str, list[str]]:
    """The digits and the names of the months of a d3 locale, as vl-convert draws them on the page's chart."""
    import vl_convert

    numerals = vl_convert.get_format_locale(name).get("numerals") or "0123456789"
    return "".join(numerals), vl_convert.get_time_format_locale(name)["months"]
