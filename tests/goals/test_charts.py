"""The progress chart: server-side SVG, one line per scorer, safe inline under the CSP, usable in a PDF."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.conf import settings
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


def test_its_spec_is_valid_vega_lite():
    # The chart is built without validating on every request; the schema is checked here instead.
    import altair as alt

    from samenplan.goals.charts import _spec

    with translation.override("nl"):
        spec = _spec(POINTS, "Voortgang")
    alt.Chart.from_dict(spec, validate=True)  # raises on a spec the schema refuses
    with pytest.raises(Exception, match="labelLimit"):
        alt.Chart.from_dict({**spec, "encoding": {**spec["encoding"], "x": {"field": "date", "labelLimit": 0}}})


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_its_labels_without_a_width_limit_are_drawn_as_with_one(language):
    """The axes' labels and the legend's title go without Vega's width limit (fewer text measurements in
    vl-convert); over a year's turn, in every language, the drawing is the same as with the limit."""
    import vl_convert

    from samenplan.charts import chart_locale
    from samenplan.goals import charts

    points = [*POINTS, Point(date(2025, 9, 1), "Sanne Jansen", 2), Point(date(2026, 12, 30), "Sanne Jansen", 10)]
    with translation.override(language):
        spec, locale = charts._spec(points, "Voortgang"), chart_locale()
    limited = json.loads(json.dumps(spec).replace(f'"labelLimit": {charts.LABELS_FIT}', '"labelLimit": 180'))
    limited["encoding"]["color"]["legend"]["titleLimit"] = 180
    assert limited != spec
    assert "labelLimit" not in spec["encoding"]["color"]["legend"]  # the people's names keep theirs
    draw = {"format_locale": locale, "time_format_locale": locale}
    assert vl_convert.vegalite_to_svg(spec, **draw) == vl_convert.vegalite_to_svg(limited, **draw)


def test_a_long_name_in_the_legend_is_still_cut_off():
    long_name = "Anna-Catharina van den Berg-Verschuren (jeugdconsulent wijkteam Noord)"
    svg = str(progress_svg([Point(date(2026, 1, 5), long_name, 3)], title="Voortgang"))
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert long_name not in texts and any(t.startswith("Anna-Catharina") and t.endswith("…") for t in texts)


# The chart for print (the plan PDF): drawn by a template from the same points, its title set above it as text.
class Goal:
    words = "Samen eten"


def texts(svg: str) -> list[str]:
    """The texts an SVG shows (Vega keeps a label it hides for overlapping with ``opacity="0"``)."""
    return re.findall(r'<text(?![^>]*opacity="0")[^>]*>([^<>]+)</text>', svg)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_print_chart_shows_what_the_page_chart_shows_but_its_title(language):
    from samenplan.goals.charts import progress_chart_svg, progress_print_svg, progress_title

    points = [*POINTS, Point(date(2026, 6, 30), "Sanne Jansen", 10)]  # half a year: no month label overlaps
    with translation.override(language):
        page, title = str(progress_chart_svg(Goal, points)), progress_title(Goal)
        printed = progress_print_svg(Goal, points)
    assert sorted(texts(printed)) == sorted(t for t in texts(page) if t != title)
    assert title not in printed.replace(f'aria-label="{title}"', "")  # the PDF sets it above the drawing


def test_the_print_chart_draws_one_line_and_one_legend_key_per_person_each_its_own():
    from samenplan.goals.charts import progress_print_svg

    svg = progress_print_svg(Goal, POINTS)
    lines = re.findall(r'<path d="[^"]*" stroke="(#\w+)" stroke-width="2" fill="none"( stroke-dasharray="[^"]*")?', svg)
    assert len(lines) == 4 and len(set(lines)) == 2  # a line and a legend key per person, colour and dash apart
    assert svg.count("<svg") == 1 and svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert problems(svg) == []


def test_the_print_chart_escapes_what_people_wrote_and_cuts_off_a_long_name():
    from samenplan.goals.charts import progress_print_svg

    long_name = "Anna-Catharina van den Berg-Verschuren (jeugdconsulent wijkteam Noord)"
    evil = [Point(date(2026, 1, 5), '<script>alert(1)</script> & "x"', 3), Point(date(2026, 2, 5), long_name, 4)]
    svg = progress_print_svg(type("Evil", (), {"words": "<img src=x onerror=alert(1)>"}), evil)
    assert "<script>" not in svg and "<img" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg
    assert long_name not in texts(svg) and any(t.startswith("Anna-Catharina") and t.endswith("…") for t in texts(svg))


def test_the_print_chart_draws_nothing_without_scores():
    from samenplan.goals.charts import progress_print_svg

    assert progress_print_svg(Goal, []) == ""


def test_the_print_layout_puts_a_single_day_in_the_middle_and_writes_numbers_in_the_languages_digits():
    from samenplan.goals.charts import HEIGHT, WIDTH, print_layout

    months = [f"m{n}" for n in range(1, 13)]
    texts_ = {"date": "Datum", "score": "Score", "given_by": "Gegeven door"}
    arabic = "".join(chr(0x660 + n) for n in range(10))  # Arabic-Indic digits
    one_day = print_layout([Point(date(2026, 3, 4), "Sanne", 5)], months=months, numerals=arabic, texts=texts_)
    assert one_day.series[0].line == f"M{WIDTH / 2:.1f},{HEIGHT / 2:.1f}"
    assert [label.text for label in one_day.y_labels] == [*arabic, arabic[1] + arabic[0]]
    assert one_day.x_labels == []  # no first of a month on the scale


def test_the_print_layout_labels_every_other_month_when_they_would_overlap_and_a_new_year_by_its_number():
    from samenplan.goals.charts import print_layout

    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]  # fmt: skip
    texts_ = {"date": "Datum", "score": "Score", "given_by": "Gegeven door"}
    short = print_layout([Point(date(2025, 11, 15), "S", 1), Point(date(2026, 2, 15), "S", 2)], months=months,
                         numerals="0123456789", texts=texts_)  # fmt: skip
    assert [label.text for label in short.x_labels] == ["december", "2026", "februari"]
    long = print_layout([Point(date(2024, 1, 15), "S", 1), Point(date(2026, 12, 15), "S", 2)], months=months,
                        numerals="0123456789", texts=texts_)  # fmt: skip
    # The scale reaches 12 px past the last and the first date: from 1 January 2024 to 1 January 2027.
    every_fourth = [label for year in (2024, 2025, 2026) for label in (str(year), "mei", "september")]
    assert [label.text for label in long.x_labels] == [*every_fourth, "2027"]
    assert long.grid.count("v220") == 37  # every month keeps its grid line
