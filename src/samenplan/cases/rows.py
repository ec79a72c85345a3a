"""The caseload's rows (``/cases/``: a phase's table of cases) as HTML, row by row in Python.

The markup is the template's (``cases/_caseload_results.html`` puts it in each phase's table); what costs is the
template engine's work per cell (resolving each variable, escaping it, an ``{% if %}`` per badge): about 60 µs a
row, three milliseconds for a page of 50 (issue 14). Here the texts that are the same for every row (the badges,
the dossier's address) are made once per page, and a row is one f-string with its texts escaped.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samenplan.accounts.models import display_name
from samenplan.links import url_for_ids


def caseload_rows(found) -> list[dict]:
    """The caseload's rows (``cases.views.CASELOAD_FIELDS``, as values) as the page shows them: the family, the
    dossier's address, the caseworker's name as ``str(user)`` gives it, the team, the date of registration as text,
    whether a child-protection measure applies and whether the case is closed."""
    dossier = url_for_ids("cases:dossier")
    return [
        {
            "pk": row["pk"],
            "phase": row["phase"],
            "family_id": row["family_id"],
            "family": row["family__name"],
            "url": dossier(row["pk"]),
            "measure": row["child_protection_measure"],
            "closed": row["closed_on"] is not None,
            "caseworker": display_name(
                row["caseworker__first_name"], row["caseworker__last_name"], row["caseworker__username"]
            ),
            "team": row["team__name"],
            "opened": f"{row['opened_on']:%d-%m-%Y}",
            "opened_iso": row["opened_on"].isoformat(),
        }
        for row in found
    ]


def table_rows(rows: list[dict]) -> SafeString:
    """The ``<tr>`` of ``caseload_rows`` in a phase's table: the family (a link to the dossier, with its badges),
    the caseworker, the team and the date of registration."""
    measure = escape(gettext("child-protection measure"))  # outside the f-strings, where makemessages finds them
    measure = f'<span class="samenplan-badge samenplan-badge--measure">{measure}</span>'
    closed = f'<span class="samenplan-badge">{escape(gettext("closed"))}</span>'
    family = '<a class="utrecht-link samenplan-caseload__family"'
    cell = '<td class="utrecht-table__cell">'
    return mark_safe(  # noqa: S308 (every text in it escaped here)
        "".join(
            f'\n      <tr class="utrecht-table__row">\n'
            f'        <th class="utrecht-table__header-cell" scope="row">'
            f'{family} href="{escape(row["url"])}">{escape(row["family"])}</a>\n'
            f"          {measure if row['measure'] else ''}\n"
            f"          {closed if row['closed'] else ''}</th>\n"
            f"        {cell}{escape(row['caseworker'])}</td>\n"
            f"        {cell}{escape(row['team'])}</td>\n"
            f'        {cell}<time datetime="{row["opened_iso"]}">{row["opened"]}</time></td>\n'
            f"      </tr>\n    "
            for row in rows
        )
    )
