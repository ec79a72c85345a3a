"""The case page's "New from the family" list (``portal/_new_from_family.html``) as HTML, item by item in Python.

The markup is what the template's loop wrote for each entry; what cost there was the template engine's work per
item (two date filters twice, the kind's label twice, ``{% url %}``, ``truncatechars`` and ``linebreaksbr``):
about half a millisecond an item, ten for a full list of twenty on a dossier (issue 14). Here the labels and the
addresses are made once per page, and an item is one f-string with its texts escaped.
tests/portal/test_new_from_family_rows.py checks it byte for byte against that loop.
"""

from __future__ import annotations

import unicodedata
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from samenplan.cases.models import DossierEntry, Member
from samenplan.cases.rows import linebreaksbr, local_time
from samenplan.links import url_for_ids
from samenplan.portal import rules

WORDS_SHOWN = 300  # characters of an entry's words in the list; the whole text is on its page or in the timeline


def _cut(text: str) -> str:
    """``|truncatechars:WORDS_SHOWN``. Django's Truncator weighs every character (combining or not) even when the
    text is short enough; such a text it gives back whole, in its NFC form, as here (a few µs, not 60)."""
    normalized = unicodedata.normalize("NFC", text)
    return normalized if len(normalized) <= WORDS_SHOWN else Truncator(text).chars(WORDS_SHOWN)


def new_from_family_items(entries: list[dict], case_pk: int) -> SafeString:
    """The ``<li>`` of the entries (``portal.access.new_from_family``'s rows: pk, at, kind, text and the speaker's
    names), each with its time, kind and speaker, its words (cut at ``WORDS_SHOWN``) and a link to the page where
    it is taken further, or to the timeline."""
    open_label, in_dossier = gettext("Open"), gettext("In the dossier")
    zone = timezone.get_current_timezone()
    labels: dict[str, tuple[str, str]] = {}  # kind -> its label escaped, as is and with a capital
    pages: dict[str, str] = {}
    speakers: dict[tuple, str] = {}
    parts = []
    for entry in entries:
        iso, when = local_time(entry["at"], zone)
        kind = entry["kind"]
        if kind not in labels:
            label = DossierEntry(kind=kind).get_kind_display()
            labels[kind] = (escape(label), escape(capfirst(label)))
            page = rules.entry_page(kind)
            pages[kind] = url_for_ids(page)(case_pk) if page else ""
        label, heading = labels[kind]
        names = (entry["speaker__given_name"], entry["speaker__family_name"])
        if names not in speakers:  # no speaker: both None (the entry's speaker is a left join)
            name = Member(given_name=names[0], family_name=names[1])
            speakers[names] = f' <span aria-hidden="true">·</span> {escape(str(name))}' if names[0] is not None else ""
        words = linebreaksbr(_cut(entry["text"]))
        if pages[kind]:
            link = (
                f'<a class="utrecht-link" href="{escape(pages[kind])}">{open_label}'
                f'<span class="samenplan-visually-hidden">: {label}, {when}</span></a>'
            )
        else:
            link = f'<a class="utrecht-link" href="#timeline-heading">{in_dossier}</a>'
        parts.append(
            f'\n    <li class="samenplan-new-from-family__item">\n'
            f'      <p class="samenplan-timeline__meta"><time datetime="{iso}">{when}</time>'
            f' <span aria-hidden="true">·</span> {heading}{speakers[names]}</p>\n'
            f'      <blockquote class="utrecht-blockquote utrecht-blockquote--html-blockquote'
            f' samenplan-timeline__words"><p class="utrecht-paragraph">{words}</p></blockquote>\n'
            f"      {link}\n    </li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped here, the words by linebreaksbr)
