"""Pictograms beside text: ``{% load pictograms %}{% pictogram "house" %}`` puts the Lucide icon ``house``
(npm ``lucide-static``, ISC licence) inline as an ``<svg>`` that screen readers skip (``aria-hidden``).

A pictogram never stands alone: put it inside the link, heading or button whose text says the same
(tests/portal/test_pictograms.py checks every portal page). ``{% plan_pictogram section.key %}`` gives the
pictogram of a section of the family plan. The SVG is read from node_modules at render time (never copied into
the repo), cached per name, and refused when it holds anything the Content-Security-Policy would refuse.
"""

from __future__ import annotations

import re
from functools import cache

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The family plan's sections (plans.rules.SECTIONS) and their pictograms.
PLAN_SECTIONS = {
    "goals": "target",
    "own": "hand-heart",
    "network": "users",
    "help": "heart-handshake",
    "safety": "shield-check",
    "evaluation": "calendar-check",
    "aftercare": "sprout",
}


@cache
def markup(name: str) -> str:
    """The pictogram ``name`` as one ``<svg>`` element, hidden from assistive technology."""
    from samenplan.charts import refusals

    if not NAME.fullmatch(name):
        raise ValueError(f"not a pictogram name: {name!r}")
    path = settings.NODE_MODULES / "lucide-static" / "icons" / f"{name}.svg"
    if not path.is_file():
        raise ValueError(f"no pictogram {name!r} in lucide-static")
    raw = path.read_text(encoding="utf-8")
    svg = " ".join(raw[raw.index("<svg") :].split())  # without the licence comment and line breaks
    svg = re.sub(r'\s+class="[^"]*"', "", svg, count=1)
    svg = svg.replace("<svg", '<svg class="samenplan-pictogram" aria-hidden="true" focusable="false"', 1)
    if refusals(svg) or "<script" in svg.lower():
        raise ValueError(f"pictogram {name!r} holds what the Content-Security-Policy refuses")
    return svg


@register.simple_tag
def pictogram(name: str) -> SafeString:
    return mark_safe(markup(name))  # noqa: S308 (read from the installed package, checked in markup())


@register.simple_tag
def plan_pictogram(key: str) -> SafeString:
    name = PLAN_SECTIONS.get(key)
    return mark_safe(markup(name)) if name else mark_safe("")  # noqa: S308 (as above)
