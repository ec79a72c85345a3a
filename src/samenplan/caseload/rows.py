"""The dashboard's items (``<li>`` of a group's list) and its sections (cases by phase, each group) as HTML, in
Python.

The markup is what the templates gave (tests/caseload/test_rows.py keeps them as the reference); what cost was the
template engine's work per item (resolving each of its fields, escaping it, an ``{% if %}`` per badge): about 12 µs
an item, 60 items on the dashboard, and half a millisecond for the sections' loops and their translations (issue
14). Here the badges are made once per list, and an item is one f-string with its texts escaped. Translated texts
are put in as the templates' ``{% translate %}`` and ``{% blocktranslate %}`` put them (not escaped), the values in
them escaped; but for the two badges ("overdue", "waiting"), which are escaped (the same bytes for every catalogue
samenplan has: none of their translations holds a character that escaping changes).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samenplan.caseload.registry import Item
from samenplan.caseload.rules import Group


def items_html(items: list[Item]) -> SafeString:
    """The list items of a group: the family (a link to where the thing is done) and what is to be done, or the
    text alone as the link for an item of no family; a badge when it is overdue, or else when it is waiting."""
    overdue = escape(gettext("overdue"))  # outside the f-strings, where makemessages finds the ids
    waiting = escape(gettext("waiting"))
    badges = {
        (True, False): f'<span class="samenplan-badge samenplan-badge--overdue">{overdue}</span>',
        (True, True): f'<span class="samenplan-badge samenplan-badge--overdue">{overdue}</span>',
        (False, True): f'<span class="samenplan-badge">{waiting}</span>',
        (False, False): "",
    }
    item_class = "utrecht-unordered-list__item samenplan-todo__item"
    link = '<a class="utrecht-link samenplan-todo__link" href="'
    html = []
    for item in items:
        text = escape(item.text)
        named = f"{escape(item.family_name)}</a>: {text}" if item.family_name else f"{text}</a>"
        html.append(
            f'<li class="{item_class}{" samenplan-todo__item--overdue" if item.overdue else ""}">\n'
            f'  {link}{escape(item.url)}">{named}\n'
            f"  {badges[item.overdue, item.waiting]}\n"
            f"</li>"
        )
    return mark_safe("".join(html) + "\n")  # noqa: S308 (every text in it escaped here)


def sections_html(phases: list[Item], open_cases: int, groups: list[tuple[Group, str, str]], team: bool) -> SafeString:
    """The dashboard's sections: the open cases by phase, then each group (``(group, title, its items' HTML)``)
    with its heading, its first items and a link to all of them, or that there is nothing to do."""
    counted = ngettext("%(counter)s open case by phase", "%(counter)s open cases by phase", open_cases)
    scope = "&amp;scope=team" if team else "&amp;scope=mine"
    html = [
        '<section aria-labelledby="phases-heading" class="samenplan-card samenplan-todo" id="phases">\n'
        f'  <h2 class="utrecht-heading-2" id="phases-heading">{counted % {"counter": open_cases}}</h2>\n'
        '  <ul class="utrecht-unordered-list samenplan-todo__list">\n  '
    ]
    for item in phases:
        text = escape(item.text[:1].upper() + item.text[1:])  # the template's capfirst
        html.append(
            f'<li class="utrecht-unordered-list__item"><a class="utrecht-link" href="{escape(item.url)}{scope}">'
            f"{text}</a>: {item.count}</li>\n  "
        )
    if not phases:
        html.append(f'<li class="utrecht-unordered-list__item">{gettext("There are no open cases here.")}</li>')
    html.append("\n  </ul>\n</section>\n")
    for group, title, items in groups:
        key, total, overdue, title = escape(group.key), group.total, group.overdue, escape(title)
        things = ngettext("thing to do", "things to do", total) % {"counter": total}
        html.append(
            f'\n<section aria-labelledby="group-{key}" class="samenplan-card samenplan-todo" id="{key}">\n'
            f'  <h2 class="utrecht-heading-2" id="group-{key}">{title} <span class="utrecht-number-badge">{total}'
            f'<span class="samenplan-visually-hidden"> {things}</span></span>'
        )
        if overdue:
            late = ngettext("%(counter)s overdue", "%(counter)s overdue", overdue) % {"counter": overdue}
            html.append(f' <span class="samenplan-badge samenplan-badge--overdue">{late}</span>')
        html.append("</h2>\n  ")
        if group.shown:
            html.append(f'\n  <ul class="utrecht-unordered-list samenplan-todo__list">{items}</ul>\n  ')
            if group.more:
                all_of = ngettext("Show all %(counter)s: %(title)s", "Show all %(counter)s: %(title)s", total)
                html.append(
                    f'<p class="utrecht-paragraph"><a class="utrecht-link" href="?group={key}">'
                    f"{all_of % {'counter': total, 'title': title}}</a></p>"
                )
            html.append("\n  ")
        else:
            html.append(f'<p class="utrecht-paragraph samenplan-empty">{gettext("Nothing to do here.")}</p>')
        html.append("\n</section>\n")
    return mark_safe("".join(html))  # noqa: S308 (every value in it escaped here)
