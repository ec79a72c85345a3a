"""The family plan as a PDF the family takes home (WeasyPrint): plain Dutch, the family's words marked as theirs,
the goals with their progress charts, the network map, the safety plan on a page of its own, and the version and
date on every page. Only what the version holds (no internal notes). Everything is rendered by a Django template,
so any text is escaped; the style sheet is ``pdf.css`` (a file, not inline), the fonts are the theme's own (Noto,
with Arabic and Ethiopic script for the family's languages). The fixed texts speak the active language: in the
portal the family member's own (portal.languages)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samenplan.cases.models import Case
from samenplan.plans import present, rules
from samenplan.plans.models import PlanVersion

STYLE = Path(__file__).with_name("pdf.css")
FONTS = (
    ("Noto Sans", "normal", 400, "fonts/noto-sans/files/noto-sans-latin-400-normal.woff"),
    ("Noto Sans", "italic", 400, "fonts/noto-sans/files/noto-sans-latin-400-italic.woff"),
    ("Noto Sans", "normal", 700, "fonts/noto-sans/files/noto-sans-latin-700-normal.woff"),
    ("Noto Sans", "normal", 400, "fonts/noto-sans/files/noto-sans-latin-ext-400-normal.woff"),
    ("Noto Serif", "normal", 700, "fonts/noto-serif/files/noto-serif-latin-700-normal.woff"),
    # The family's languages in other scripts (issue 12): Arabic and Tigrinya (Ethiopic).
    ("Noto Sans Arabic", "normal", 400, "fonts/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff"),
    ("Noto Sans Arabic", "normal", 700, "fonts/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff"),
    ("Noto Sans Ethiopic", "normal", 400, "fonts/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-400-normal.woff"),
    ("Noto Sans Ethiopic", "normal", 700, "fonts/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-700-normal.woff"),
)


def _font_faces() -> str:
    faces = []
    for family, style, weight, name in FONTS:
        found = finders.find(name)
        if found:
            url = Path(found).resolve().as_uri()
            rule = f'font-family: "{family}"; font-style: {style}; font-weight: {weight}; src: url("{url}");'
            faces.append(f"@font-face {{ {rule} }}")
    return "\n".join(faces)


def _page_css() -> str:
    # Only our own translated words go into the CSS; the family's texts stay in the escaped HTML.
    page, of = (_("page"), _("of"))
    page, of = (x.replace("\\", "").replace('"', "") for x in (page, of))
    return f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); }} }}'


def _charts(case: Case, content: dict) -> dict[int, str]:
    from samenplan.goals.charts import progress_chart_svg

    ids = [g.get("goal_id") for g in rules.normalise(content)[rules.GOALS] if g.get("goal_id")]
    return {goal.pk: progress_chart_svg(goal) for goal in case.goals.filter(pk__in=ids)}


def _network_map(case: Case) -> str | None:
    from samenplan.network import picture

    people = list(case.network_members.all())
    if not people:
        return None
    members = [m.given_name for m in case.family.members.all()]
    label = _("Network map of family %(name)s.") % {"name": case.family.name}
    try:
        return mark_safe(picture.svg(case.family.name, members, people, label=label))  # noqa: S308 (Graphviz escapes, charts.refusals checks)
    except picture.MapUnavailable:
        return None


def html(case: Case, version: PlanVersion) -> str:
    content = rules.normalise(version.content)
    charts = _charts(case, content)
    goals = [{**g, "chart": charts.get(g.get("goal_id"), "")} for g in content[rules.GOALS]]
    sections = present.sections(content)
    context = {
        "case": case,
        "family": case.family,
        "version": version,
        "date": formats.date_format(timezone.localtime(version.created_at), "j F Y"),
        "printed": formats.date_format(timezone.localdate(), "j F Y"),
        "goals": goals,
        "sections": {s.key: s for s in sections},
        "network_map": _network_map(case),
        "people": list(case.network_members.all()),
        "safety": content[rules.SAFETY]["needed"],
    }
    return render_to_string("plans/pdf.html", context)


def render(case: Case, version: PlanVersion) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = _fonts_only_fetcher(), FontConfiguration()  # @font-face needs the font configuration
    css = _font_faces() + "\n" + STYLE.read_text() + "\n" + _page_css()
    style = weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=fonts)
    # No base_url: the document loads nothing but the fonts named above (no links the text could smuggle in).
    document = weasyprint.HTML(string=html(case, version), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[style], font_config=fonts)


def _fonts_only_fetcher():
    """A WeasyPrint URL fetcher that fetches the theme's font files and refuses every other URL."""
    from weasyprint.urls import URLFetcher

    allowed = {Path(f).resolve().as_uri() for f in filter(None, (finders.find(n) for *_x, n in FONTS))}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"not loaded in a plan PDF: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))
