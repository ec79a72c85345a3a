"""Questionnaires assigned to a family member: the caseworker asks, the member fills it in in the portal (save and
go on later, then send), and it is scored like one the professional entered, with the member as informant."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole, Voice
from samenplan.instruments import actions, rules
from samenplan.instruments.models import Administration, Assignment, Definition

ANSWERS = {"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}


@pytest.fixture
def definitions(db):
    actions.ensure_shipped()
    return {d.code: d for d in Definition.objects.filter(organisation__isnull=True)}


def child_of(world):
    return world.case.family.members.get(role=MemberRole.CHILD)


def parent_of(world):
    return world.case.family.members.get(role=MemberRole.PARENT)


def due():
    return timezone.localdate() + timedelta(days=14)


def assigned(world, definitions, member=None, code="demo-gezinsvragenlijst"):
    return actions.do_assign(
        world.caseworker, world.case, definition=definitions[code], member=member or child_of(world), due_on=due()
    )


def answers_form(answers, version, step="send"):
    return {**{f"item_{key}": value for key, value in answers.items()}, "version": version, "step": step}


def test_the_caseworker_asks_the_youth_to_fill_in_a_questionnaire(client, world, definitions):
    youth = world.persona("youth")  # an account, so it shows in the portal
    client.force_login(world.caseworker)
    url = reverse("instruments:assign", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "Demo-vragenlijst Gezin" in page and "Veiligheid in beeld" not in page  # only what a family member fills in
    response = client.post(
        url, {"definition": definitions["demo-gezinsvragenlijst"].pk, "member": child_of(world).pk,
              "due_on": due().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.member, assignment.about, assignment.due_on) == (child_of(world), child_of(world), due())
    record = AccessLogRecord.objects.filter(action="instruments.assign", event="create").latest("seq")
    assert (record.user_id, record.case_id) == (world.caseworker.pk, world.case.pk)
    client.force_login(youth)
    page = client.get(reverse("portal:questionnaires")).content.decode()
    assert "Demo-vragenlijst Gezin" in page and "Vragenlijsten voor jou" in page


def test_a_questionnaire_only_for_professionals_or_outside_the_age_range_cannot_be_assigned(world, definitions):
    with pytest.raises(ValidationError) as refused:
        assigned(world, definitions, member=parent_of(world), code="veiligheid")
    assert refused.value.error_dict["definition"][0].code == rules.NOT_FOR_INFORMANT
    child = child_of(world)
    child.date_of_birth = date(2022, 1, 1)  # 4: the demo questionnaire is for 6 to 17
    child.save()
    with pytest.raises(ValidationError) as refused:
        actions.do_assign(world.caseworker, world.case, definition=definitions["demo-gezinsvragenlijst"],
                          member=parent_of(world), about=child, due_on=due())  # fmt: skip
    assert refused.value.error_dict["about"][0].code == rules.OUTSIDE_AGE_RANGE
    with pytest.raises(ValidationError) as refused:
        assigned(world, definitions, member=parent_of(world))  # no end date in the past either
        actions.do_assign(world.caseworker, world.case, definition=definitions["drieluik"], member=parent_of(world),
                          due_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    assert "due_on" in refused.value.error_dict
    assert Assignment.objects.count() == 1  # the parent's family questionnaire, nothing else


def test_the_form_has_a_fieldset_and_legend_per_question_and_needs_no_script(client, world, definitions):
    assignment = assigned(world, definitions)
    client.force_login(world.persona("youth"))
    page = client.get(reverse("portal:questionnaire", args=[assignment.pk])).content.decode()
    assert page.count("<fieldset") == 9 and page.count("<legend") == 9
    assert "Bij ons thuis wordt vaak geschreeuwd." in page and 'type="radio"' in page
    assert "<script>" not in page.split("<main", 1)[1]


def test_the_youth_saves_answers_to_go_on_later_and_nobody_else_sees_them_yet(client, world, definitions):
    assignment = assigned(world, definitions)
    youth = world.persona("youth")
    client.force_login(youth)
    url = reverse("portal:questionnaire", args=[assignment.pk])
    response = client.post(url, answers_form({"s1": 2, "s2": 1}, assignment.version, step="save"))
    assert response.status_code == 302 and response["Location"] == url
    assignment.refresh_from_db()
    assert (assignment.answers, assignment.version, assignment.is_done) == ({"s1": 2, "s2": 1}, 2, False)
    assert not Administration.objects.exists()
    assert not DossierEntry.objects.filter(kind=EntryKind.PORTAL).exists()  # a draft is not their word yet
    record = AccessLogRecord.objects.filter(action="instruments.save_answers").latest("seq")
    assert (record.user_id, record.event) == (youth.pk, "change")
    page = client.get(url).content.decode()
    checked = re.findall(r'<input[^>]*name="(item_\w+)"[^>]*value="(\d)"[^>]*checked', page)
    assert sorted(checked) == [("item_s1", "2"), ("item_s2", "1")]  # going on where they stopped


def test_the_youth_sends_it_and_it_is_scored_like_a_professionals_with_the_youth_as_informant(
    client, world, definitions
):
    assignment = assigned(world, definitions)
    youth = world.persona("youth")
    child = child_of(world)
    client.force_login(youth)
    url = reverse("portal:questionnaire", args=[assignment.pk])
    response = client.post(url, answers_form(ANSWERS, assignment.version))
    assert response.status_code == 302 and response["Location"] == reverse("portal:questionnaires")
    administration = Administration.objects.get()
    assert (administration.informant, administration.informant_member, administration.member) == (
        "youth", child, child,
    )  # fmt: skip
    spec = definitions["demo-gezinsvragenlijst"].definition
    expected = rules.score(spec, ANSWERS, administration.age, None).as_json()
    assert administration.scores == expected
    professional = actions.do_administer(
        world.caseworker, world.case, definition=definitions["demo-gezinsvragenlijst"], member=child,
        informant="youth", informant_member=child, answers=ANSWERS,
    )  # fmt: skip
    assert professional.scores == administration.scores
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PORTAL).latest("pk")
    assert (entry.voice, entry.speaker, entry.author) == (Voice.FAMILY, child, youth)
    assignment.refresh_from_db()
    assert assignment.is_done and assignment.administration == administration
    assert client.post(url, answers_form(ANSWERS, assignment.version)).status_code == 200  # sent: nothing again
    assert Administration.objects.count() == 2

    client.force_login(world.caseworker)
    page = client.get(reverse("cases:dossier", args=[world.case.pk])).content.decode()
    assert reverse("instruments:administration", args=[administration.pk]) in page and "klaar op" in page


def test_an_answer_off_the_scale_gets_a_dutch_message_and_saves_nothing(client, world, definitions):
    assignment = assigned(world, definitions)
    client.force_login(world.persona("youth"))
    url = reverse("portal:questionnaire", args=[assignment.pk])
    response = client.post(url, answers_form({"s1": 7, "s2": 1}, assignment.version))
    assert response.status_code == 422
    assert "7 is geen antwoord op de schaal van deze vraag; kies uit: 0, 1, 2" in response.content.decode()
    assert not Administration.objects.exists() and Assignment.objects.get().answers == {}


def test_an_old_screen_is_refused_and_its_answers_stay_in_the_form(client, world, definitions):
    assignment = assigned(world, definitions)
    client.force_login(world.persona("youth"))
    url = reverse("portal:questionnaire", args=[assignment.pk])
    client.post(url, answers_form({"s1": 1}, 1, step="save"))
    response = client.post(url, answers_form({"s1": 2, "opmerking": "Mijn verhaal"}, 1))
    page = response.content.decode()
    assert response.status_code == 422 and "Mijn verhaal" in page and 'name="version" value="2"' in page
    assert not Administration.objects.exists()


def test_a_parent_does_not_see_the_youths_questionnaire_nor_another_family(client, world, definitions):
    assignment = assigned(world, definitions)
    url = reverse("portal:questionnaire", args=[assignment.pk])
    for persona in ("parent", "other_parent", "other_youth"):
        client.force_login(world.persona(persona))
        assert "Demo-vragenlijst" not in client.get(reverse("portal:questionnaires")).content.decode()
        assert client.get(url).status_code == 404
        assert client.post(url, answers_form(ANSWERS, 1)).status_code == 404
    assert not Administration.objects.exists()


def test_a_family_account_cannot_send_someone_elses_answers_through_the_action(world, definitions):
    from django.core.exceptions import PermissionDenied

    assignment = assigned(world, definitions)
    with pytest.raises(PermissionDenied):
        actions.do_submit_answers(world.persona("parent"), assignment, answers=ANSWERS, expected_version=1)
    with pytest.raises(PermissionDenied):
        actions.do_submit_answers(world.caseworker, assignment, answers=ANSWERS, expected_version=1)


def test_the_caseworkers_dashboard_shows_a_sent_questionnaire_as_new_family_input(client, world, definitions):
    assignment = assigned(world, definitions)
    client.force_login(world.persona("youth"))
    client.post(reverse("portal:questionnaire", args=[assignment.pk]), answers_form(ANSWERS, assignment.version))
    client.force_login(world.caseworker)
    page = client.get(reverse("caseload:dashboard")).content.decode()
    assert "1 nieuw bericht van het gezin" in page


@pytest.mark.guideline("P4")
def test_a_parent_answers_the_drieluik_in_own_words_and_it_lands_in_the_dossier_as_theirs(client, world, definitions):
    assignment = assigned(world, definitions, member=parent_of(world), code="drieluik")
    assert assignment.about is None  # about the whole family
    parent = world.persona("parent")
    client.force_login(parent)
    url = reverse("portal:questionnaire", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert page.count("<textarea") == 3 and "Hoe zouden jullie het over 6 maanden willen zien?" in page
    words = {"niets_verandert": "Dan is er elke avond <b>ruzie</b>.", "gewenst": "Samen lachen aan tafel.",
             "plan": "Oma helpt op woensdag."}  # fmt: skip
    assert client.post(url, answers_form(words, assignment.version)).status_code == 302
    administration = Administration.objects.get()
    assert administration.answers == words and administration.informant == "parent"
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PORTAL).latest("pk")
    assert (entry.voice, entry.speaker, entry.author) == (Voice.FAMILY, parent_of(world), parent)
    client.force_login(world.caseworker)
    page = client.get(reverse("instruments:administration", args=[administration.pk])).content.decode()
    assert "Dan is er elke avond &lt;b&gt;ruzie&lt;/b&gt;." in page and "Samen lachen aan tafel." in page
