"""The progress chart: server-side SVG, one line per scorer, safe inline under the CSP, usable in a PDF."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation

from samenplan.goals.charts import Point, chart_rows, progress_svg
from tests.security.test_templates import problems

POINTS = [
    Point(date(2026, 1, 5), "Sanne Jansen", 3, 8, "Eén keer per week samen eten"),
    Point(date(2026, 1, 5), "Anna de Vries (hulpverlener)", 4),
    Point(date(2026, 3, 2), "Sanne Jansen", 5, 8),
    Point(date(2026, 3, 2), "Anna de Vries (hulpverlener)", 5),
]


@pytest.mark.guideline("G5.6")
def test_it_draws_one_line_per_scorer_as_one_named_image():
    with translation.override("nl"):
        svg = str(progress_svg(POINTS, title="Voortgang: samen eten"))
    assert svg.startswith('<svg role="img" aria-label="Voortgang: samen eten: schaalscores door de tijd')
    assert svg.count("<svg") == 1 and svg.count(' class="') >= 1
    assert re.search(r"<svg[^>]*\sclass=\"[^\"]*\"[^>]*\sclass=", svg) is None  # one class attribute
    assert "Sanne Jansen" in svg and "Anna de Vries (hulpverlener)" in svg  # the legend
    assert svg.count('aria-roledescription="line mark"') == 2  # one line per person who scores


def test_it_has_nothing_a_strict_content_security_policy_refuses():
    svg = str(progress_svg(POINTS, title="Voortgang"))
    assert problems(svg) == []
    assert "<script" not in svg and "<style" not in svg and "<foreignObject" not in svg


def test_it_escapes_what_people_wrote():
    evil = [Point(date(2026, 1, 5), '<script>alert(1)</script> & "x"', 3)]
    svg = str(progress_svg(evil, title="<img src=x onerror=alert(1)>"))
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg


def test_it_draws_nothing_without_scores():
    assert progress_svg([], title="Leeg") == ""


def test_the_table_lists_every_score_by_date_then_person():
    rows = chart_rows(list(reversed(POINTS)))
    anna, sanne = "Anna de Vries (hulpverlener)", "Sanne Jansen"
    assert [(r.on.month, r.who) for r in rows] == [(1, anna), (1, sanne), (3, anna), (3, sanne)]


def test_weasyprint_renders_it_in_a_pdf():
    import weasyprint  # a dev dependency here; the plan PDF brings it in as its own

    svg = str(progress_svg(POINTS, title="Voortgang"))
    pdf = weasyprint.HTML(string=f"<html><body><figure>{svg}</figure></body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("language", "months", "axis"),
    [("nl", ("maart", "oktober"), "Datum"), ("en", ("March", "October"), "Date")],
)
def test_its_months_and_axis_titles_are_in_the_page_language(language, months, axis):
    points = [Point(date(2026, 1, 5), "Sanne", 3), Point(date(2026, 10, 2), "Sanne", 6)]
    with translation.override(language):
        labels = re.findall(r">([^<>]+)</text>", str(progress_svg(points, title="x")))
    assert set(months) <= set(labels) and axis in labels
