"""The subscale chart: server-side SVG that the Content-Security-Policy allows, with text from a definition escaped."""

from __future__ import annotations

from datetime import date

from samenplan import charts as samenplan_charts
from samenplan.charts import refusals
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
    assert svg.startswith("<svg")  # drawn: the name is text, escaped by the renderer
    assert "<script" not in svg and "<b " not in svg and "&lt;script&gt;" in svg
    # The shared renderer parses the SVG: nothing the Content-Security-Policy refuses. (The regex scanner of
    # tests/security would read the escaped name inside aria-label="…" as an attribute; the parser knows better.)
    assert refusals(svg) == []


def test_text_that_only_looks_like_markup_does_not_blank_the_chart():
    """The shared renderer parses the SVG: a subscale named with "onclick=" or "<style>" is text, not markup."""
    points = [Point(date(2026, 10, 1), 5, "Normaal", False), Point(date(2026, 11, 1), 3, "Normaal", True)]
    svg = str(subscale_svg("Zorgen <style> onclick= style= thuis", points, BANDS, 0, 8))
    assert svg.startswith("<svg") and "onclick=" in svg and "<style" not in svg
    assert refusals(svg) == []


def test_it_uses_the_shared_renderer_and_keeps_no_check_of_its_own():
    import samenplan.instruments.charts as module

    assert module.charts is samenplan_charts
    assert not hasattr(module, "_UNSAFE")
