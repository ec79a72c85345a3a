"""The team overview's two long lists (a page of open cases, a page of those waiting) as HTML, row by row in Python.

The markup is the template's (``administration/overview.html`` puts it in place); what costs is the template
engine's work per cell (resolving each variable, localising each number and date, a ``{% blocktranslate %}`` per
row): about 0.2 ms a row, a third of the page's own time for 100 rows (issue 14). Here every text that is the same
for all rows (the phases' names, the medians, "without activity") is made once, and a row is one f-string with
its names escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samenplan.administration.overview import CaseRow

DASH = "\u2013"  # the en dash the template wrote between a name and its days


def case_rows(rows: list[CaseRow], medians: dict[str, float | None]) -> SafeString:
    """The rows of the table "Time in phase": family (a link to the dossier), caseworker, phase, days in the phase,
    the team's median in that phase, the last activity and whether the case is without activity."""
    median = {phase: floatformat(value, "-1") for phase, value in medians.items()}
    without = escape(gettext("without activity"))  # outside the f-strings, where makemessages finds the ids
    inactive = f' <span class="samenplan-overview__inactive">({without})</span>'
    day = _Days()
    cell, numeric = (
        '<td class="utrecht-table__cell">',
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">',
    )
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'<tr class="utrecht-table__row">\n'
            f'      <th class="utrecht-table__header-cell" scope="row">'
            f'<a class="utrecht-link" href="{escape(row.url)}">{escape(row.family_name)}</a></th>\n'
            f"      {cell}{escape(row.caseworker)}</td>\n"
            f"      {cell}{escape(row.phase_label)}</td>\n"
            f"      {numeric}{row.days_in_phase}</td>\n"
            f"      {numeric}{median[row.phase]}</td>\n"
            f"      {cell}{day(row.last_activity)}{inactive if row.inactive else ''}</td>\n"
            f"    </tr>\n"
            for row in rows
        )
    )


def waiting_items(rows: list[CaseRow]) -> SafeString:
    """The items of the list "Waiting for the intake": the family (a link to the dossier) and the days waiting."""
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="{escape(row.url)}">'
            f"{escape(row.family_name)}</a> {DASH} {_days(row.days_in_phase)}</li>\n"
            for row in rows
        )
    )


def _days(n: int) -> str:
    return escape(ngettext("%(counter)s day", "%(counter)s days", n) % {"counter": n})


class _Days:
    """A moment as the template's ``{{ moment|date:"j F Y" }}`` (5 december 2026) in the current time zone, or a
    dash for none; the month's names translated once, not per row."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.months = {number: escape(str(name)) for number, name in MONTHS.items()}

    def __call__(self, moment: datetime | None) -> str:
        if moment is None:
            return DASH
        local = moment.astimezone(self.zone)
        return f"{local.day} {self.months[local.month]} {local.year}"
