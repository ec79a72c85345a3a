"""The subscale chart: server-side SVG that the Content-Security-Policy allows, with text from a definition escaped."""

from __future__ import annotations

from datetime import date

from samenplan.instruments.charts import Point, subscale_svg
from tests.security.test_templates import problems

BANDS = [
    {"level": "normal", "label": "Normaal", "min": 0, "max": 3},
    {"level": "clinical", "label": "Klinisch", "min": 4, "max": 8},
]


def test_it_draws_an_svg_without_script_or_style():
    points = [Point(date(2026, 10, 1), 7, "Klinisch", False), Point(date(2026, 11, 1), 3, "Normaal", True)]
    svg = str(subscale_svg("Spanning thuis", points, BANDS, 0, 8))
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg
    assert "01-10-2026" in svg and "Spanning thuis" in svg
    assert problems(svg) == []


def test_it_escapes_names_from_a_definition():
    points = [Point(date(2026, 11, 1), 2, "", True)]
    svg = str(subscale_svg('<script>alert("x")</script><b onclick="x()">', points, [], 0, 4))
    assert "<script" not in svg and "<b " not in svg
    assert problems(svg) == []
