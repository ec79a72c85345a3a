"""The team overview's repeated rows as HTML, row by row in Python: the two long lists (a page of open cases, a page
of those waiting), the caseload per professional and the two lists' pagers.

The markup is the template's (``administration/overview.html`` puts it in place; the pagers are
``caseload.paging.Pager.html``); what costs is the template engine's work per cell (resolving each variable,
localising each number and date, a ``{% blocktranslate %}`` per row): about 0.2 ms a row, a third of the page's own
time for 100 rows (issue 14); the table per professional and the two pagers took as long as the rest of the page's
own markup. Here every text that is the same for all rows (the phases' names, the medians, "without activity") is
made once, and a row is one f-string with its variable texts escaped. Texts the template wrote with
``{% translate %}`` are not escaped (a template's own texts are safe), the values it wrote with ``{{ }}`` are:
tests/administration/test_rows.py compares every part with what the templates made.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial
from html import escape

from django.template.defaultfilters import floatformat
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from samenplan.administration.overview import CaseRow, WorkerRow

DASH = "\u2013"  # the en dash the template wrote between a name and its days


def case_rows(rows: list[CaseRow], medians: dict[str, float | None]) -> SafeString:
    """The rows of the table "Time in phase": family (a link to the dossier), caseworker, phase, days in the phase,
    the team's median in that phase, the last activity and whether the case is without activity."""
    median = _Once(lambda phase: floatformat(medians[phase], "-1"))  # of the phases on the page only
    without = escape(gettext("without activity"))  # outside the f-strings, where makemessages finds the ids
    inactive = f' <span class="samenplan-overview__inactive">({without})</span>'
    day = _Days()
    text = _Once(escape)  # the caseworkers' names and the phases' are few: each escaped once
    cell, numeric = (
        '<td class="utrecht-table__cell">',
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">',
    )
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'<tr class="utrecht-table__row">\n'
            f'      <th class="utrecht-table__header-cell" scope="row">'
            f'<a class="utrecht-link" href="{escape(row.url)}">{escape(row.family_name)}</a></th>\n'
            f"      {cell}{text[row.caseworker]}</td>\n"
            f"      {cell}{text[row.phase_label]}</td>\n"
            f"      {numeric}{row.days_in_phase}</td>\n"
            f"      {numeric}{median[row.phase]}</td>\n"
            f"      {cell}{day(row.last_activity_on)}{inactive if row.inactive else ''}</td>\n"
            f"    </tr>\n"
            for row in rows
        )
    )


def waiting_items(rows: list[CaseRow]) -> SafeString:
    """The items of the list "Waiting for the intake": the family (a link to the dossier) and the days waiting."""
    days = partial(_days, get_language())
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="{escape(row.url)}">'
            f"{escape(row.family_name)}</a> {DASH} {days(row.days_in_phase)}</li>\n"
            for row in rows
        )
    )


def worker_rows(workers: list[WorkerRow], phases: int) -> SafeString:
    """The rows of the table "Open cases per phase": the professional, their open cases in each of the ``phases``,
    open, without activity (marked when there are any) and evaluations due; a row saying so for a team without
    professionals. Each row as the template's loop wrote it, with the whitespace around it."""
    if not workers:
        empty = gettext("This team has no professionals yet.")
        return mark_safe(  # noqa: S308 (the template's own text)
            f'\n    <tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="{phases + 4}">{empty}</td>'
            f"</tr>\n  "
        )
    numeric = '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">'
    inactive = {
        False: numeric,
        True: '<td class="utrecht-table__cell utrecht-table__cell--numeric-data samenplan-overview__inactive">',
    }
    html = []
    for row in workers:
        per_phase = "".join([f"{numeric}{n}</td>" for n in row.per_phase])
        html.append(
            f'\n    <tr class="utrecht-table__row">\n'
            f'      <th class="utrecht-table__header-cell" scope="row">{escape(str(row.worker))}</th>\n'
            f"      {per_phase}\n"
            f"      {numeric}{row.open_cases}</td>\n"
            f"      {inactive[row.inactive > 0]}{row.inactive}</td>\n"
            f"      {numeric}{row.evaluations_due}</td>\n"
            f"    </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 (every text in it escaped here)


@lru_cache(maxsize=4096)
def _days(language: str, n: int) -> str:
    """ "5 days" in ``language`` (the active one): made once per process for each number, not per row (a plural's
    translation takes longer than writing the rest of the row)."""
    return escape(ngettext("%(counter)s day", "%(counter)s days", n) % {"counter": n})


class _Once(dict):
    """``make(key)`` for each key, made at its first use only."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


class _Days:
    """A day as the template's ``{{ moment|date:"j F Y" }}`` wrote the moment (5 december 2026, its day in the current
    time zone, which the database read), or a dash for none; the month's names translated once, not per row."""

    def __init__(self):
        self.months = _Once(lambda number: escape(str(MONTHS[number])))

    def __call__(self, day: date | None) -> str:
        if day is None:
            return DASH
        return f"{day.day} {self.months[day.month]} {day.year}"
