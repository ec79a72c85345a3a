"""Charts as inline SVG, drawn on the server from a Vega-Lite spec by vl-convert (PyPI; no browser, no network).

The one place that turns a spec into markup for a page or a PDF: the SVG may sit inline under the strict
Content-Security-Policy only when it holds no script, no ``<style>``, no ``style=""`` and no event handler, so output
with any of those is refused (an empty chart) rather than shown. A chart is either one image with a name
(``label``), or hidden from assistive technology when a data table next to it carries the numbers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

UNSAFE_ELEMENTS = {"script", "style", "foreignobject"}


class _Refusals(HTMLParser):
    """Collects what the policy refuses: such elements, ``style`` and ``on…`` attributes, ``javascript:`` values.

    Parsed, not searched: text people wrote ("onclick=" in a goal) is only text, wherever the renderer puts it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in UNSAFE_ELEMENTS:
            self.found.append(tag)
        for name, value in attrs:
            if name == "style" or name.startswith("on") or "javascript:" in (value or "").lower().replace(" ", ""):
                self.found.append(f"{tag}@{name}")

    handle_startendtag = handle_starttag


def refusals(markup: str) -> list[str]:
    """What in ``markup`` a strict Content-Security-Policy refuses (empty when nothing)."""
    parser = _Refusals()
    parser.feed(markup)
    parser.close()
    return parser.found


# The d3 locale (month names, decimal comma) of each page language; a language d3 has no locale for gets Dutch's.
CHART_LOCALES = {"nl": "nl-NL", "en": "en-GB", "ar": "ar-EG", "pl": "pl-PL", "uk": "uk-UA", "de": "de-DE"}


def chart_locale() -> str:
    """The chart locale of the language the page is shown in."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return CHART_LOCALES.get(language, CHART_LOCALES["nl"])


def svg(spec: dict, *, label: str | None = None, css_class: str = "", local_formats: bool = True) -> SafeString:
    """The chart of ``spec`` as one ``<svg>`` element: ``role="img"`` named by ``label``, or ``aria-hidden``. Dates
    and numbers on its axes in the page's language (``local_formats``)."""
    import vl_convert

    locale = chart_locale()
    options = {"format_locale": locale, "time_format_locale": locale} if local_formats else {}
    markup = vl_convert.vegalite_to_svg(spec, **options).strip()
    if refusals(markup):  # never show what the Content-Security-Policy would refuse
        return mark_safe("")
    attributes = f'role="img" aria-label="{escape(label)}"' if label else 'aria-hidden="true"'
    attributes += ' focusable="false"'
    if css_class:
        markup = markup.replace(' class="marks"', "", 1)  # the root's own class, replaced by ours
        attributes += f' class="{escape(css_class)}"'
    return mark_safe(re.sub(r"^<svg\b", f"<svg {attributes}", markup, count=1))  # noqa: S308 (checked above)
