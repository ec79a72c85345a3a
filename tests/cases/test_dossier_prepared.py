"""What the dossier works out once instead of per entry or per request (issue 14) shows the same as before: the
case's facts from SQL compiled once per process, each timeline entry's time, kind, author and share form."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connections, router
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from samenplan.cases import access
from samenplan.cases.actions import do_add_note
from samenplan.cases.models import Case, DossierEntry, EntryKind, Family, Member, Voice
from samenplan.cases.predicates import visible_case
from samenplan.links import url_for_ids
from tests.cases.test_timeline_pages import fill
from tests.conftest import register


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
    assert "Aantekening" in html and escape(str(world.caseworker)) in html  # "van 't Wel" is escaped
    assert "Eerste regel<br>Tweede &lt;regel&gt;" in html
    assert f'action="{reverse("cases:share_entry", args=[entry.pk])}"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # the note form and the share form


def test_it_offers_no_share_form_to_who_may_not_change_the_case(world, client):
    do_add_note(world.caseworker, world.case, text="Gedeeld", voice=Voice.PROFESSIONAL, shared=True)
    client.force_login(world.team_lead)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Gedeeld met het gezin" in html
    assert 'class="samenplan-timeline__share"' not in html and "/share/" not in html


def _family_with_three_cases(world):
    """The family of ``world.case`` with a closed earlier case in the same team and an open case in the south team,
    and the south worker in the dossier of ``world.case`` through the emergency button (and an expired grant)."""
    from datetime import date, timedelta

    from samenplan.emergency.actions import do_open_in_emergency
    from samenplan.emergency.models import EmergencyAccess
    from tests.factories import case_with_registration

    family = world.case.family
    earlier = case_with_registration(
        family=family, team=world.north, caseworker=world.colleague, phase="closed",
        opened_on=date(2020, 1, 6), closed_on=date(2021, 3, 1),
    )  # fmt: skip
    south = case_with_registration(
        family=family, team=world.south, caseworker=world.south_worker, opened_on=date(2025, 2, 3)
    )
    reason = "Crisis in het gezin, de eigen hulpverlener is niet bereikbaar."
    old = do_open_in_emergency(world.south_worker, earlier.pk, reason)
    EmergencyAccess.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    do_open_in_emergency(world.south_worker, world.case.pk, reason)
    return [world.case, earlier, south]


@pytest.mark.parametrize("persona", ["caseworker", "colleague", "team_lead", "consulted_scientist", "south_worker",
                                     "two_team_worker", "south_lead", "outsider"])  # fmt: skip
def test_it_answers_the_user_s_own_facts_as_the_orm_asks_them(world, persona):
    """The SQL text of the facts about the reader (other cases of the family they see, their emergency access) gives
    what the ORM's conditions give, for every case of the family they see."""
    from samenplan.emergency.models import EmergencyAccess

    user = world.persona(persona)
    for case in _family_with_three_cases(world):
        visible = access.visible_cases(user)
        if not visible.filter(pk=case.pk).exists():
            continue
        read = access.get_case_for_dossier(user, case.pk)
        others = visible.filter(family_id=case.family_id).exclude(pk=case.pk).exists()
        grants = EmergencyAccess.objects.active().filter(user=user, case=case).order_by("-expires_at")
        assert (read.has_other_cases, read.emergency_until) == (
            others,
            grants.values_list("expires_at", flat=True).first(),
        ), case
        assert list(read.coworkers.all()) == list(case.coworkers.all())
        # and the same again from the query compiled at the first request
        again = access.get_case_for_dossier(user, case.pk)
        assert (again.has_other_cases, again.emergency_until, again.family, again.registration) == (
            read.has_other_cases,
            read.emergency_until,
            read.family,
            read.registration,
        )
        # compiled and kept (its parameters were the compiled query's own), not run through the ORM each time
        connection = connections[router.db_for_read(Case)]
        text = visible_case(user, case.pk).sql(connection.ops.quote_name(Case._meta.db_table), connection)[0]
        assert (text, access.DOSSIER_RELATED, "dossier") in connection.__dict__["samenplan_case_by_key"]


def test_it_lists_the_other_cases_of_the_family_the_reader_sees(world, client):
    earlier, south = _family_with_three_cases(world)[1:]
    client.force_login(world.caseworker)
    html = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert "Andere trajecten van dit gezin" in html
    assert reverse("cases:dossier", args=[earlier.pk]) in html and "06-01-2020" in html
    assert reverse("cases:dossier", args=[south.pk]) not in html  # a case of the south team: not theirs
    client.force_login(world.south_worker)
    html = client.get(reverse("cases:dossier", args=[south.pk])).content.decode()
    # their emergency access to world.case lasts: they see it (the expired grant on the earlier case no longer)
    assert reverse("cases:dossier", args=[world.case.pk]) in html
    assert reverse("cases:dossier", args=[earlier.pk]) not in html


# The loop of cases/_timeline_entries.html before its entries were written in Python (cases.rows.timeline_entries)
TEMPLATE_LOOP = Path(__file__).with_name("timeline_entries_template.html")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_writes_each_entry_as_the_template_did(language):
    """Every voice, a note shared or not, with or without its share form, a speaker or none, text to escape."""
    from itertools import product

    from django.template import Context, Template
    from django.utils import translation

    from samenplan.cases.rows import timeline_entries

    entries = [
        {
            "pk": pk, "voice": voice, "kind": kind, "is_shared": shared, "speaker": speaker,
            "share_url": f"/entries/{pk}/share/" if share else "", "text": "Eerste <regel>\nTweede & 'derde'",
            "at_iso": "2026-07-01T23:30:15+02:00", "at_text": "01-07-2026 23:30", "kind_label": "Aantekening",
            "author": "Anne van 't Wel",
        }
        for pk, (voice, kind, shared, share, speaker) in enumerate(
            product(["family", "referrer", "system", "professional"], ["note", "registration"], [False, True],
                    [False, True], ["", "Sanne <Jansen>"]), start=1
        )
    ]  # fmt: skip
    csrf = '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
    with translation.override(language):
        context = Context({"entries": entries, "csrf_input": SafeString(csrf)})
        expected = Template(TEMPLATE_LOOP.read_text().removesuffix("\n")).render(context)
        assert timeline_entries(entries, csrf) == expected


def test_it_reads_the_family_members_as_the_orm_does(world, django_assert_num_queries):
    family = world.case.family
    Member.objects.create(family=family, given_name="Noor", family_name="Jansen", role="child")
    orm = list(family.members.all())
    assert len(orm) >= 2  # the parents of the registration and the child
    for _ in range(2):  # compiled on the first call, run again on the second
        members = access.family_members(family)
        assert [type(member) for member in members] == [Member] * len(orm)
        assert [vars(m) | {"_state": None} for m in members] == [vars(m) | {"_state": None} for m in orm]
        assert [(m._state.db, m._state.adding) for m in members] == [(m._state.db, m._state.adding) for m in orm]
    with django_assert_num_queries(0):  # each knows its family, as the related manager's members do
        assert {member.family for member in members} == {family}
    assert access.family_members(Family.objects.create(organisation=world.org, name="Leeg")) == []


def test_it_keeps_the_coworkers_as_the_orms_prefetch_does(world, django_assert_num_queries):
    """Pins what ``access._prefetch_coworkers`` relies on of Django's prefetch: the related manager's queryset with
    its results, under the field's name, used by ``case.coworkers.all()`` and the rules without a query."""
    from django.db.models import prefetch_related_objects

    from samenplan.cases.predicates import _is_coworker

    world.case.coworkers.add(world.colleague)
    orm = Case.objects.get(pk=world.case.pk)
    prefetch_related_objects([orm], "coworkers")
    case = access.get_case_for_dossier(world.caseworker, world.case.pk)
    expected = orm._prefetched_objects_cache["coworkers"]
    kept = case._prefetched_objects_cache["coworkers"]
    assert type(kept) is type(expected) and kept._prefetch_done and expected._prefetch_done
    assert (
        sorted(user.pk for user in kept)
        == sorted(user.pk for user in expected)
        == sorted([world.coworker.pk, world.colleague.pk])
    )
    with django_assert_num_queries(0):
        assert list(case.coworkers.all()) == list(orm.coworkers.all())
        assert [str(user) for user in case.coworkers.all()] == [str(user) for user in orm.coworkers.all()]
        assert _is_coworker(world.colleague, case) and not _is_coworker(world.team_lead, case)
    bare_pk = register(world.caseworker, world.north, name="Zonder").pk
    access.get_case_for_dossier(world.caseworker, bare_pk)  # the case's query compiled (as for every connection)
    with django_assert_num_queries(1):  # the case's query says it has none: no query for its co-workers
        bare = access.get_case_for_dossier(world.caseworker, bare_pk)
    assert bare.has_coworkers is False and case.has_coworkers is True
    with django_assert_num_queries(0):
        assert list(bare.coworkers.all()) == [] and not _is_coworker(world.coworker, bare)


@pytest.mark.parametrize("language", ["nl", "en", "nl"])
def test_it_shows_the_phase_form_as_its_template_does(world, client, language):
    """The phase form's note field is kept per language (``{% per_language %}`` in ``cases/dossier.html``): rendered
    anew and kept (the second request, and a language after another), the form is ``_form_fields.html``'s."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from samenplan.cases.forms import PhaseForm

    client.force_login(world.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("cases:dossier", args=[world.case.pk])
    for _ in range(2):
        html = client.get(url).content.decode()
        start = html.index('class="samenplan-form samenplan-phase-form"')
        start = html.index("\n", html.index('name="csrfmiddlewaretoken"', start))  # after {% csrf_token %}
        form = html[start : html.index('<div class="samenplan-form__actions">', start)]
        with translation.override(language):
            case = Case.objects.get(pk=world.case.pk)
            expected = render_to_string("_form_fields.html", {"form": PhaseForm(case=case)})
        assert form == f"\n        {expected}\n        "
        assert ('name="note"' in form) and (("Why" if language == "en" else "Waarom") in form)
