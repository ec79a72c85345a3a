"""The chart of a team's conversation ratings: the mean per question on the 0 to 9 scale (only when shown)."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samenplan.feedback import rules, texts


def means_svg(item):
    """A horizontal bar per question; empty when the figure is not shown (fewer than 10 answers)."""
    figure = item.figure
    if not figure.shown:
        return mark_safe("")
    import altair as alt

    from samenplan import charts

    values = [{"question": str(texts.SHORT[key]), "mean": figure.means[key]} for key in rules.ITEMS]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#1a5b8f")
        .encode(
            x=alt.X("mean:Q", title=_("Mean (0 to 9)"), scale=alt.Scale(domain=[rules.LOWEST, rules.HIGHEST])),
            y=alt.Y("question:N", title=None, sort=None),
        )
        .properties(width=420, height=110)
        .configure(font="DejaVu Sans, Verdana, sans-serif")
    )
    label = _("Mean score per question for %(team)s") % {"team": item.team.name}
    return charts.svg(chart.to_dict(), label=label, css_class="samenplan-chart__svg")
