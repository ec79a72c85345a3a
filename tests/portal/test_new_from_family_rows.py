"""The case page's "New from the family" list written in Python (``portal.rows``) is byte for byte what the
template's loop wrote, escaping, cutting and line breaks included; and the dossier reads it in one query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from samenplan.cases.models import DossierEntry, EntryKind, Member
from samenplan.portal import rules
from samenplan.portal.rows import WORDS_SHOWN, new_from_family_items

# The loop of portal/_new_from_family.html before its items were written in Python
ITEMS_LOOP = Path(__file__).with_name("new_from_family_items_template.html")

TEXTS = [
    "Ik wil <i>rust</i> & 'stilte' \"thuis\".",
    "Eerste regel\r\ntweede\rderde\n\nvierde",
    "x" * (WORDS_SHOWN - 1),
    "y" * WORDS_SHOWN,
    "z" * (WORDS_SHOWN + 1),
    ("Een lange zin van het gezin, " * 20) + "\nmet een <b>regel</b> na het einde",
    "Één café, naïef en ĳverig",
    "Cafe\u0301 " * 10,  # decomposed: shown in its composed (NFC) form, as truncatechars gives it
    "a\u0301" * 150,  # 300 code points, 150 letters when composed: whole
    "a\u0301" * 301,  # 301 letters: cut
    "\u0958" * 200,  # a letter that NFC writes as two code points, one of them combining: 200 letters, whole
]
SPEAKERS = [
    None,
    Member(pk=7, given_name="Sanne", family_name="Jansen"),
    Member(pk=9, given_name="<Mees> & Co", family_name="van 't Wel"),
]
# Times on both sides of the change to winter time, and with and without microseconds
TIMES = [
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, 5, 123456, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2026, 6, 1, 8, 0, tzinfo=UTC) + timedelta(microseconds=1),
]


def entries() -> list[DossierEntry]:
    found = []
    for pk, kind in enumerate(EntryKind.values, start=1):
        speaker = SPEAKERS[pk % len(SPEAKERS)]
        entry = DossierEntry(pk=pk, kind=kind, text=TEXTS[pk % len(TEXTS)], at=TIMES[pk % len(TIMES)])
        entry.speaker = speaker
        found.append(entry)
    found.append(DossierEntry(pk=99, kind="no-longer-offered", text="Oud soort bericht.", at=TIMES[0]))
    return found


def as_rows(shown: list[DossierEntry]) -> list[dict]:
    return [
        {
            "pk": entry.pk,
            "at": entry.at,
            "kind": entry.kind,
            "text": entry.text,
            "speaker__given_name": entry.speaker.given_name if entry.speaker_id else None,
            "speaker__family_name": entry.speaker.family_name if entry.speaker_id else None,
            "found": len(shown),
        }
        for entry in shown
    ]


@pytest.mark.parametrize("language", ["nl", "en", "nl"])
def test_it_writes_each_item_as_the_template_did(language):
    shown = entries()
    loop = Template("{% load i18n %}" + ITEMS_LOOP.read_text().removesuffix("\n"))
    items = [{"entry": entry, "page": rules.entry_page(entry.kind)} for entry in shown]
    with translation.override(language):
        expected = loop.render(Context({"new_from_family": {"items": items}, "case": {"pk": 41}}))
        assert new_from_family_items(as_rows(shown), 41) == expected
    # what the comparison covers: escaping, cut words, line breaks, a link to a page and one to the timeline
    assert "&lt;i&gt;rust&lt;/i&gt; &amp;" in expected and "&lt;Mees&gt; &amp; Co" in expected
    assert "…" in expected and "<br>" in expected
    assert "/cases/41/" in expected and 'href="#timeline-heading"' in expected


def test_the_dossier_reads_the_list_by_the_statement_compiled_once(client, world):
    """The entries' query is compiled on the first dossier of a connection and then run as it is, for any case
    (``prepared.values`` would run it through the ORM each time if its parameters were not the case's)."""
    from django.db import connections, router
    from django.urls import reverse

    from samenplan.portal import actions_proposals
    from samenplan.portal.models import FamilyAccount

    parent = world.persona("parent")
    member = FamilyAccount.objects.get(user=parent).member
    actions_proposals.do_propose(parent, member, world.case, kind="goal", words="Samen <eten>.")
    client.force_login(world.caseworker)
    page = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Samen &lt;eten&gt;." in page and "samenplan-new-from-family__item" in page, page
    compiled = connections[router.db_for_read(DossierEntry)].__dict__.get("samenplan_prepared_values", {})
    assert "new from the family" in compiled
