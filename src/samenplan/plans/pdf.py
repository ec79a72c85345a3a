"""The family plan as a PDF the family takes home (WeasyPrint): plain Dutch, the family's words marked as theirs,
the goals with their progress charts, the network map, the safety plan on a page of its own, and the version and
date on every page. Only what the version holds (no internal notes). Everything is rendered by a Django template,
so any text is escaped; the style sheet is ``pdf.css`` (a file, not inline), the fonts are the theme's own (Noto,
with Arabic and Ethiopic script for the family's languages). The fixed texts speak the active language: in the
portal the family member's own (portal.languages)."""

from __future__ import annotations

import atexit
import binascii
import functools
import re
import threading
import weakref
from base64 import b64decode, b64encode
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samenplan.cases.models import Case
from samenplan.plans import present, rules
from samenplan.plans.models import PlanVersion

STYLE = Path(__file__).with_name("pdf.css")
SVG_DATA = "data:image/svg+xml;base64,"  # the charts and the network map, drawn on the server
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


def _page_css() -> str:
    # Only our own translated words go into the CSS; the family's texts stay in the escaped HTML.
    page, of = (_("page"), _("of"))
    page, of = (x.replace("\\", "").replace('"', "") for x in (page, of))
    return f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); }} }}'


def _charts(case: Case, content: dict) -> dict[int, tuple[str, str]]:
    """Each goal's progress chart for print and its title (as text above it: see goals.charts)."""
    from samenplan.goals.charts import progress_print_svg, progress_title
    from samenplan.goals.models import ScaleScore

    ids = [g.get("goal_id") for g in rules.normalise(content)[rules.GOALS] if g.get("goal_id")]
    scores = ScaleScore.objects.select_related("member", "professional").order_by("scored_on", "pk")
    goals = case.goals.filter(pk__in=ids).prefetch_related(Prefetch("scores", queryset=scores))  # 2 queries, any goals
    charts = ((goal, progress_print_svg(goal)) for goal in goals)
    return {goal.pk: (progress_title(goal), _image(svg)) for goal, svg in charts if svg}


def _image(svg: str) -> str:
    """An SVG drawing as the ``src`` of an ``<img>`` (empty when there is none): WeasyPrint reads it with the XML
    parser instead of the much slower HTML parser, and draws it the same."""
    return f"{SVG_DATA}{b64encode(svg.encode()).decode()}" if svg else ""


def _network_map(case: Case, people: list) -> str | None:
    from samenplan.network import picture

    if not people:
        return None
    members = [m.given_name for m in case.family.members.all()]
    label = _("Network map of family %(name)s.") % {"name": case.family.name}
    try:
        return _image(picture.svg(case.family.name, members, people, label=label))
    except picture.MapUnavailable:
        return None


def html(case: Case, version: PlanVersion) -> str:
    content = rules.normalise(version.content)
    charts = _charts(case, content)
    goals = []
    for goal in content[rules.GOALS]:
        title, chart = charts.get(goal.get("goal_id"), ("", ""))
        goals.append({**goal, "chart": chart, "chart_title": title})
    sections = present.sections(content)
    people = list(case.network_members.all())
    context = {
        "case": case,
        "family": case.family,
        "version": version,
        "date": formats.date_format(timezone.localtime(version.created_at), "j F Y"),
        "printed": formats.date_format(timezone.localdate(), "j F Y"),
        "goals": goals,
        "sections": {s.key: s for s in sections},
        "network_map": _network_map(case, people),
        "people": people,
        "safety": content[rules.SAFETY]["needed"],
    }
    return render_to_string("plans/pdf.html", context)


def render(case: Case, version: PlanVersion) -> bytes:
    # No base_url: the document loads nothing but the theme's fonts (no links the text could smuggle in).
    return write(html(case, version), STYLE)


# Speed (issue 14): what does not depend on the client (the font configuration with the @font-face fonts loaded,
# the parsed style sheet, the URL fetcher) is built once per process and thread and reused by every PDF; the PDF
# itself and its HTML are made anew each time (client data is never cached). A font is loaded only when the text
# needs its script: Arabic words on a Dutch page load the Arabic font, a Dutch-only plan loads no Arabic or
# Ethiopic font. The whole text is checked (the page's language, the family's words, the chart labels), so a word
# in another script than the page's is never drawn as boxes.
LATIN = "Noto Sans", "Noto Serif"
SCRIPTS = {
    "Noto Sans Arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "Noto Sans Ethiopic": re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f\U0001e7e0-\U0001e7ff]"),
}
DRAWINGS = re.compile(re.escape(SVG_DATA) + "([A-Za-z0-9+/=]+)")
_per_thread = threading.local()


class _Cache:
    __slots__ = ("__weakref__", "items")

    def __init__(self):
        self.items = {}


_caches: weakref.WeakSet[_Cache] = weakref.WeakSet()  # of the living threads; emptied before the process ends
atexit.register(lambda: [c.items.clear() for c in list(_caches)])


def font_families(markup: str) -> frozenset[str]:
    """The font families the text of ``markup`` needs: the Latin ones always, Arabic and Ethiopic when a letter of
    theirs is in it, in the HTML or in its SVG drawings (also as a character reference)."""
    drawings = (b64decode(data).decode() for data in DRAWINGS.findall(markup))
    text = unescape(" ".join((markup, *drawings)))
    return frozenset(LATIN) | {family for family, letters in SCRIPTS.items() if letters.search(text)}


def write(markup: str, style: Path) -> bytes:
    """The PDF of the HTML ``markup`` with the style sheet file ``style``, the page numbers in the active language
    and the fonts its text needs; nothing fetched but those fonts."""
    import weasyprint

    page_css = _page_css()
    stylesheet, fonts = _stylesheet(style, font_families(markup + page_css))
    document = weasyprint.HTML(string=markup, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[stylesheet, _page_stylesheet(page_css)], font_config=fonts)


def _cache() -> dict:
    """This thread's cache (Pango's font map is not shared between threads); it goes when the thread ends."""
    if not hasattr(_per_thread, "cache"):
        _per_thread.cache = _Cache()
        _caches.add(_per_thread.cache)
    return _per_thread.cache.items


def _stylesheet(style: Path, families: frozenset[str]):
    """The parsed style sheet with the @font-face rules of ``families`` and the font configuration that holds those
    fonts, made once per style sheet (and its last change) and set of fonts."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    key = ("style", str(style), style.stat().st_mtime_ns, families)
    if key not in (cache := _cache()):
        fonts = FontConfiguration()  # @font-face needs the font configuration
        css = _font_faces(families) + "\n" + style.read_text()
        cache[key] = (weasyprint.CSS(string=css, url_fetcher=_fetcher(), font_config=fonts), fonts)
    return cache[key]


def _page_stylesheet(page_css: str):
    import weasyprint

    key = ("page", page_css)
    if key not in (cache := _cache()):
        cache[key] = weasyprint.CSS(string=page_css, url_fetcher=_fetcher())
    return cache[key]


def _font_faces(families: frozenset[str]) -> str:
    faces = []
    for (family, style, weight, _name), url in zip(FONTS, _font_urls(), strict=True):
        if url and family in families:
            rule = f'font-family: "{family}"; font-style: {style}; font-weight: {weight}; src: url("{url}");'
            faces.append(f"@font-face {{ {rule} }}")
    return "\n".join(faces)


@functools.cache
def _font_urls() -> tuple[str | None, ...]:
    """The file URL of each of ``FONTS`` (None when the static files lack it), looked up once per process."""
    found = (finders.find(name) for *_x, name in FONTS)
    return tuple(Path(f).resolve().as_uri() if f else None for f in found)


def _fetcher():
    """A WeasyPrint URL fetcher that reads the theme's font files from disk, hands over the document's own SVG
    drawings (``SVG_DATA`` URLs) and refuses every other URL."""
    if "fetcher" not in (cache := _cache()):
        cache["fetcher"] = _fonts_only_fetcher()
    return cache["fetcher"]


SVG_TYPE = {"Content-Type": "image/svg+xml"}


def _fonts_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {url: Path(url2pathname(urlsplit(url).path)) for url in filter(None, _font_urls())}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(SVG_DATA):
                try:
                    return URLFetcherResponse(url, b64decode(url[len(SVG_DATA) :], validate=True), SVG_TYPE)
                except binascii.Error as error:
                    raise ValueError("not an SVG drawing of the plan PDF") from error
            if url not in allowed:
                raise ValueError(f"not loaded in a plan PDF: {url[:80]}")
            return URLFetcherResponse(url, allowed[url].read_bytes(), {"Content-Type": "font/woff"})

    return FontsOnly(allowed_protocols=("file",))
