"""The plan page's repeated parts as HTML written in Python: the sections (``plans/_section.html`` in its card),
the family's agreement per participant and the list of versions.

The markup is the templates' (``tests/plans/test_rows.py`` renders the template fragments they replace and
compares the bytes): what costs is the template engine's work per value (an include per section, resolving and
escaping each line, a ``{% url %}`` and three ``{% blocktranslate %}`` per version), about a millisecond a page
(issue 14). Texts the same for every row are made once; every value is escaped as the template escaped it.
``_section.html`` stays for the other pages that show a section (the edit and merge pages, the portal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from samenplan.plans.models import Agreement
from samenplan.plans.present import Shown


@dataclass
class VersionRow:
    """A version as the plan page lists and shows it (``services.version_rows``): no model instance per version."""

    pk: int
    number: int
    content: dict
    reason: str
    created_at: datetime
    author: str  # as ``str(user)`` names the author
    newest: int  # the plan's number of its newest version


def _shown(value) -> str:
    """``{{ value }}`` of a template: localised, then escaped."""
    return escape(value) if type(value) is str else conditional_escape(localize(value))


def _section(section: Shown, nothing: str) -> str:
    """``plans/_section.html`` for one section (the file ends with a line break)."""
    if section.empty:
        return f'<p class="utrecht-paragraph samenplan-plan__empty">{nothing}</p>\n'
    family = " samenplan-plan__text--family" if section.family_words else ""
    line_open = f'<p class="utrecht-paragraph{" samenplan-own-words" if section.family_words else ""}" dir="auto">'
    voice = f'<p class="utrecht-paragraph samenplan-plan__voice">{_shown(section.voice)}</p>' if section.voice else ""
    parts = []
    for label, lines in section.entries:
        if not (lines or label):
            continue
        if label:
            parts.append(f'<p class="utrecht-paragraph samenplan-plan__label">{_shown(label)}</p>')
        parts.extend(f"{line_open}{_shown(line)}</p>" for line in lines)
    return f'\n<div class="samenplan-plan__text{family}">\n{voice}\n{"".join(parts)}\n</div>\n'


def sections(shown: list[Shown]) -> SafeString:
    """The plan page's cards, one per section (the ``{% for section in sections %}`` loop of ``plans/plan.html``)."""
    nothing = gettext("Nothing agreed yet.")  # as {% translate %} writes it: the catalogue is ours, not escaped
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'\n<section class="samenplan-card samenplan-plan__section" aria-labelledby="section-{_shown(s.key)}">\n'
            f'  <h2 class="utrecht-heading-2" id="section-{_shown(s.key)}">{_shown(s.title)}</h2>\n'
            f"  {_section(s, nothing)}\n</section>\n"
            for s in shown
        )
    )


def agreements(rows: list[tuple]) -> SafeString:
    """The ``<tr>`` of the agreement table: per participant (a ``Member``) their answer, a dict with ``agreement``
    and ``words``, or None when not asked yet."""
    labels = dict(Agreement.choices)
    not_asked = gettext("not asked yet")
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{_shown(str(member))}'
            f'</th><td class="utrecht-table__cell">'
            f"{_shown(str(labels.get(answer['agreement'], answer['agreement']))) if answer else not_asked}</td>"
            f'<td class="utrecht-table__cell samenplan-own-words">{_shown(answer["words"]) if answer else ""}</td>'
            "</tr>"
            for member, answer in rows
        )
    )


def versions(rows: list[VersionRow], shown: int, case_id: int) -> SafeString:
    """The ``<li>`` of the list of versions, newest first: the shown one (number ``shown``) in bold, the others
    linked, each with its author, time, reason and a link to what changed in it."""
    page = escape(reverse("plans:plan", args=[case_id]))
    compare = escape(reverse("plans:compare", args=[case_id]))
    version, changed = gettext("Version %(number)s"), gettext("what changed in version %(number)s")
    parts = []
    for v in rows:
        number = _shown(v.number)
        title = version % {"number": number}
        if v.number == shown:
            parts.append(f'<li class="utrecht-ordered-list__item"><strong>{title}</strong>')
        else:
            link = f'<a class="utrecht-link" href="{page}?version={number}">{title}</a>'
            parts.append(f'<li class="utrecht-ordered-list__item">{link}')
        when = _shown(date_filter(template_localtime(v.created_at), "j F Y, H:i"))
        parts.append(f" \N{EN DASH} {_shown(v.author)}, {when}")
        if v.reason:
            parts.append(f": {_shown(v.reason)}")
        if v.number > 1:
            parts.append(
                f' · <a class="utrecht-link" href="{compare}?from={_shown(v.number - 1)}&amp;to={number}">'
                f"{changed % {'number': number}}</a>"
            )
        parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here)
