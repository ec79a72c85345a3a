"""What the dossier works out once instead of per entry or per request (issue 14) shows the same as before: the
case's facts from SQL compiled once per process, each timeline entry's time, kind, author and share form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from samenplan.cases import access
from samenplan.cases.actions import do_add_note
from samenplan.cases.models import Case, DossierEntry, EntryKind, Voice
from samenplan.links import url_for_ids
from tests.cases.test_timeline_pages import fill


def facts(case, annotations) -> dict:
    return Case.objects.filter(pk=case.pk).annotate(**annotations).values(*annotations).get()


@pytest.mark.parametrize("filled", [False, True])
def test_it_reads_the_same_facts_from_the_compiled_sql_as_from_the_orm(world, filled):
    if filled:
        fill(world, 2)
    compiled = facts(world.case, access.dossier_annotations(world.caseworker))
    orm = facts(world.case, access._case_facts())
    assert {name: compiled[name] for name in orm} == orm
    # of the same types too: an empty section is known by ``has_<relation> is False`` (section_rows)
    assert {name: type(compiled[name]) for name in orm} == {name: type(value) for name, value in orm.items()}
    if filled:
        assert orm["goal_count"] == 2 and orm["has_consents"] and orm["has_special_circumstances"]
    else:
        assert not orm["has_consents"] and orm["goal_count"] == 0


def test_it_gives_each_note_the_address_reverse_gives(world):
    share_url = url_for_ids("cases:share_entry")
    for pk in (1, 10, 987654321):
        assert share_url(pk) == reverse("cases:share_entry", args=[pk])


def test_it_shows_each_entry_as_the_template_filters_did(world, client):
    # summer time in Amsterdam: the local time is two hours on UTC
    at = datetime(2026, 7, 1, 21, 30, 15, tzinfo=UTC)
    do_add_note(world.caseworker, world.case, text="Eerste regel\nTweede <regel>", voice=Voice.PROFESSIONAL)
    entry = world.case.entries.filter(kind=EntryKind.NOTE).latest("pk")
    DossierEntry.objects.filter(pk=entry.pk).update(at=at)
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    with timezone.override("Europe/Amsterdam"):
        iso, text = date_filter(timezone.localtime(at), "c"), date_filter(timezone.localtime(at), "d-m-Y H:i")
    assert f'<time datetime="{iso}">{text}</time>' in html and text == "01-07-2026 23:30"
    assert "Aantekening" in html and str(world.caseworker) in html
    assert "Eerste regel<br>Tweede &lt;regel&gt;" in html
    assert f'action="{reverse("cases:share_entry", args=[entry.pk])}"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # the note form and the share form


def test_it_offers_no_share_form_to_who_may_not_change_the_case(world, client):
    do_add_note(world.caseworker, world.case, text="Gedeeld", voice=Voice.PROFESSIONAL, shared=True)
    client.force_login(world.team_lead)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Gedeeld met het gezin" in html
    assert 'class="samenplan-timeline__share"' not in html and "/share/" not in html
