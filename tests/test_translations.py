"""The Dutch catalogue is complete and compiled: no English on a Dutch screen."""

from pathlib import Path

import polib
from django.urls import reverse

LOCALE = Path(__file__).resolve().parent.parent / "src" / "samenplan" / "locale" / "nl" / "LC_MESSAGES"


def test_it_translates_every_message():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_it_ships_a_compiled_catalogue_that_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))

    def key(e):
        return (e.msgctxt, e.msgid, e.msgid_plural)

    def value(e):
        return (e.msgstr, tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else ())

    compiled = {key(e): value(e) for e in mo}
    source = {key(e): value(e) for e in po.translated_entries()}
    stale = [k[1] for k, v in source.items() if compiled.get(k) != v]
    assert not stale, f"run 'samenplan compilemessages': {stale[:5]}"


def test_it_speaks_dutch_to_the_professional(client, world):
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Vaste hulpverlener" in html
    assert "Gezinsleden" in html
    assert "Fixed caseworker" not in html
