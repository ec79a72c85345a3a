"""The family dossier: members, case, phase and the timeline."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenplan.cases import actions
from samenplan.cases.models import MemberRole, Voice
from tests.audit.statements import record_statements
from tests.conftest import register


def url(case):
    return reverse("cases:dossier", args=[case.pk])


@pytest.mark.guideline("L1")
def test_it_shows_the_family_its_case_and_its_fixed_caseworker(client, world):
    client.force_login(world.team_lead)
    response = client.get(url(world.case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jansen" in html
    assert "Sanne" in html and "Mees" in html
    assert escape(str(world.caseworker)) in html  # a name may hold an apostrophe ("van 't Wel")


def test_it_marks_the_family_s_own_words_on_the_timeline(client, world):
    actions.do_add_note(world.caseworker, world.case, text="Wij willen weer samen eten.", voice=Voice.FAMILY)
    client.force_login(world.caseworker)
    html = client.get(url(world.case)).content.decode()
    assert "samenplan-timeline__entry--family" in html
    assert "<blockquote" in html and "Wij willen weer samen eten." in html


def test_it_tells_the_three_sources_and_a_referrer_apart_on_the_timeline(client, world):
    case = register(
        world.caseworker,
        world.north,
        name="Visser",
        registered_by="professional",
        referrer="Mentor, OBS De Regenboog",
        referrer_kind="school",
        reason="Daan komt vaak te laat.",
    )
    actions.do_add_member(world.caseworker, case.family, given_name="Daan", role=MemberRole.CHILD)
    actions.do_add_note(world.caseworker, case, text="Wij willen rust.", voice=Voice.FAMILY)
    actions.do_add_note(world.caseworker, case, text="Vader oogt moe.", voice=Voice.PROFESSIONAL)
    client.force_login(world.caseworker)
    html = client.get(url(case)).content.decode()
    for voice, label in [
        ("family", "In de eigen woorden van het gezin"),
        ("professional", "De woorden van de professional"),
        ("system", "Vastgelegd door samenplan"),
        ("referrer", "In de woorden van de verwijzer"),
    ]:
        assert html.count(f"samenplan-timeline__entry--{voice}") == 1, voice
        assert html.count(label) == 1, label


def test_it_offers_changes_only_to_the_caseworker_and_coworkers(client, world):
    client.force_login(world.colleague)
    html = client.get(url(world.case)).content.decode()
    assert reverse("cases:add_note", args=[world.case.pk]) not in html
    client.force_login(world.coworker)
    html = client.get(url(world.case)).content.decode()
    assert reverse("cases:add_note", args=[world.case.pk]) in html


def test_it_answers_404_for_a_case_that_does_not_exist(client, world):
    client.force_login(world.caseworker)
    assert client.get(reverse("cases:dossier", args=[999999])).status_code == 404


@pytest.mark.parametrize("entries", [1, 12])
def test_it_uses_the_same_number_of_queries_however_long_the_timeline(
    client, world, django_assert_num_queries, entries
):
    for i in range(entries):
        actions.do_add_note(world.caseworker, world.case, text=f"notitie {i}", voice=Voice.PROFESSIONAL)
    client.force_login(world.caseworker)
    # session, the user with their memberships; the case with what the sections count (goals, the family's open
    # proposals, emergency access, the route decision, "has" flags of the lists); its co-workers; the newest
    # timeline entries (each with "shared"); the members (table and note form); the access-log record
    # (tests/audit/statements.py). Constant (issue 14's budget: 15).
    with django_assert_num_queries(6 + record_statements()):
        client.get(url(world.case))


def test_it_adds_a_note_through_htmx_and_returns_the_timeline(client, world):
    client.force_login(world.caseworker)
    response = client.post(
        reverse("cases:add_note", args=[world.case.pk]),
        {"text": "Moeder belde: het gaat beter.", "voice": "professional"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"Moeder belde" in response.content
    assert b"<html" not in response.content


def test_it_keeps_what_was_typed_when_a_note_is_refused(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "Mijn tekst", "voice": "???"})
    assert response.status_code == 422
    assert "voice" in response.context["note_form"].errors
    assert b"Mijn tekst" in response.content


def test_it_moves_the_phase_and_reports_a_stale_form(client, world):
    client.force_login(world.caseworker)
    move = reverse("cases:move_phase", args=[world.case.pk])
    assert client.post(move, {"phase": "closed", "version": 1, "note": "Het gezin stopt."}).status_code == 302
    stale = client.post(move, {"phase": "clarification", "version": 1})
    assert stale.status_code == 422
    assert stale.context["phase_form"].non_field_errors()
    world.case.refresh_from_db()
    assert world.case.phase == "closed"


def test_it_asks_why_when_closing(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:move_phase", args=[world.case.pk]), {"phase": "closed", "version": 1})
    assert response.status_code == 422
    assert response.context["phase_form"].errors["note"][0].startswith("Afsluiten kan alleen met een reden")


def test_it_refuses_a_phase_that_is_not_next(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:move_phase", args=[world.case.pk]), {"phase": "help", "version": 1})
    assert response.status_code == 422
    assert "phase" in response.context["phase_form"].errors


def test_it_answers_404_for_an_id_no_database_can_hold(client, world):
    client.force_login(world.caseworker)
    assert client.get(f"/cases/{10**30}/").status_code == 404


def _checked_voices(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<input[^>]*name=\"voice\"[^>]*>", html) if "checked" in tag]


def test_it_preselects_no_voice_on_the_note_form(client, world):
    client.force_login(world.caseworker)
    html = client.get(url(world.case)).content.decode()
    assert 'name="voice"' in html
    assert _checked_voices(html) == []


def test_it_requires_the_choice_of_whose_words_a_note_holds(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "Moeder belde."})
    assert response.status_code == 422
    assert response.context["note_form"].errors["voice"] == ["Geef aan wiens woorden dit zijn."]
    assert not world.case.entries.filter(text="Moeder belde.").exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_it_preselects_no_voice_after_a_note_is_saved(client, world, htmx):
    client.force_login(world.caseworker)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        reverse("cases:add_note", args=[world.case.pk]),
        {"text": "Ik wil rust.", "voice": "family"},
        headers=headers,
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Ik wil rust." in html
    assert 'name="voice"' in html
    assert _checked_voices(html) == []


def test_it_refuses_a_note_in_samenplan_s_own_voice(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("cases:add_note", args=[world.case.pk]), {"text": "Nep.", "voice": "system"})
    assert response.status_code == 422
    assert "voice" in response.context["note_form"].errors
