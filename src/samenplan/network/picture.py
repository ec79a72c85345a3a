"""The network map: an ecogram with the family in the middle and its network around it, drawn by Graphviz.

Server-side SVG (Graphviz's ``twopi`` layout with the family as root), placed inline in the page and usable in a
PDF. Readable in black and white: the kind of support is the line's style (and colour), its strength the line's
thickness. The map never shows contact details; the page gives a text alternative listing every person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import graphviz
from django.utils.html import escape
from django.utils.translation import gettext as _

from samenplan import charts
from samenplan.network import rules
from samenplan.network.models import Circle, NetworkMember

ENGINE = "twopi"
FONT = "DejaVu Sans"
# Kind of support → (line style, colour): distinct without colour too.
KIND_LINES = {
    rules.PRACTICAL: ("solid", "#1d4f91"),
    rules.INFORMATION: ("dashed", "#8a4b00"),
    rules.COMFORT: ("dotted", "#2c6e2f"),
}
NO_SUPPORT_COLOUR = "#5c5c5c"
STRENGTH_WIDTH = {rules.STRONG: 4.0, rules.MODERATE: 2.2, rules.WEAK: 1.0}
CIRCLE_STYLES = {Circle.FAMILY: "rounded,bold", Circle.PROFESSIONAL: "dashed"}

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


class MapUnavailable(RuntimeError):
    """Graphviz is not installed (``apt-get install graphviz``): the page shows the text alternative only."""


def dot_source(family_name: str, family_members: Sequence[str], people: Sequence[NetworkMember]) -> graphviz.Graph:
    """The graph: the family in the middle, one node per network member, one line per kind of support."""
    graph = graphviz.Graph("ecogram", engine=ENGINE)
    graph.attr(root="family", ranksep="2.0", splines="true", fontname=FONT, bgcolor="white")
    graph.attr("node", fontname=FONT, fontsize="12", margin="0.15,0.08")
    graph.attr("edge", fontname=FONT)
    label = _("Family %(name)s") % {"name": family_name}
    if family_members:
        label = f"{label}\n{', '.join(family_members)}"
    graph.node("family", label=label, shape="ellipse", style="bold", fontsize="14", tooltip=label)
    for person in people:
        node = f"person{person.pk}"
        graph.node(
            node,
            label=f"{person.name}\n({person.relation})",
            shape="box",
            style=CIRCLE_STYLES.get(person.circle, "solid"),
            tooltip=person.name,
        )
        width = str(STRENGTH_WIDTH[person.strength])
        kinds = rules.support_kinds(person.support)
        for kind in kinds:
            style, colour = KIND_LINES[kind]
            graph.edge("family", node, style=style, color=colour, penwidth=width)
        if not kinds:
            graph.edge("family", node, style="solid", color=NO_SUPPORT_COLOUR, penwidth="0.6")
    return graph


def svg(family_name: str, family_members: Sequence[str], people: Sequence[NetworkMember], *, label: str) -> str:
    """The map as an SVG element to place inline: no XML prologue, no comments, nothing a strict CSP refuses.

    ``label`` names the picture for screen readers (the text alternative follows it on the page)."""
    try:
        data = dot_source(family_name, family_members, people).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as error:
        raise MapUnavailable(str(error)) from error
    data = _COMMENT.sub("", _PROLOGUE.sub("", data, count=1)).strip()
    if charts.refusals(data):  # Graphviz escapes labels; this guards against a change in what it emits
        raise MapUnavailable("the SVG has content a strict Content-Security-Policy refuses")
    return data.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="samenplan-network-map__svg" ', 1)


def legend() -> list[tuple[str, str]]:
    """(line, meaning) for the map's legend, in words."""
    return [
        (_("solid line"), _("practical help")),
        (_("dashed line"), _("information and advice")),
        (_("dotted line"), _("comfort and support")),
        (_("thick, medium or thin line"), _("strong, moderate or weak support (from the four criteria)")),
        (_("thin grey line"), _("no support (yet)")),
    ]
