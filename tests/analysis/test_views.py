"""The analysis pages: what they show, Dutch errors next to the field (422, nothing saved), and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.analysis import actions
from samenplan.analysis.models import CoherentPicture, InvestigationQuestion
from samenplan.audit.models import AccessLogRecord
from tests.analysis.conftest import PICTURE


def save(world, case, **overrides):
    return actions.do_save_picture(world.caseworker, case, **{**PICTURE, **overrides})


@pytest.mark.guideline("G2.8")
def test_the_overview_shows_the_plan_picture_safety_and_consultations(client, world, family):
    save(world, family.case, multiple_and_complex=True)
    client.force_login(world.caseworker)
    response = client.get(reverse("analysis:overview", args=[family.case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Onderzoeksplan", "Samenhangend beeld", "Ela is thuis veilig", "Warme band met oma", "concept"):
        assert text in page
    assert "Bespreek het beeld eerst met het gezin" in page  # finalising waits for the family's view
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.action, record.case_id) == ("analysis.overview", family.case.pk)


def test_the_overview_reads_in_a_fixed_number_of_queries(client, world, family, django_assert_max_num_queries):
    save(world, family.case)
    for i in range(5):
        actions.do_add_question(
            world.caseworker, family.case, question=f"Vraag {i}", information_needed="x", method="conversation",
            made_with=[family.mother],
        )  # fmt: skip
    client.force_login(world.caseworker)
    with django_assert_max_num_queries(45):
        assert client.get(reverse("analysis:overview", args=[family.case.pk])).status_code == 200


def test_a_wrong_factor_is_named_next_to_its_field_and_nothing_is_saved(client, world, family):
    client.force_login(world.caseworker)
    url = reverse("analysis:picture", args=[family.case.pk])
    body = {
        "nature_severity": "Veel spanning.", "safety": "Veilig.", "strengths": "Oma helpt.",
        "f0-description": "Moe", "f0-kind": "", "f0-domain": "parent", "f0-source": "conversation",
    }  # fmt: skip
    response = client.post(url, body)
    assert response.status_code == 422
    assert response.context["form"].errors["f0-kind"] == ["Kies: veroorzakend, instandhoudend of beschermend."]
    assert not CoherentPicture.objects.filter(case=family.case).exists()
    assert AccessLogRecord.objects.order_by("-seq").first().action == "analysis.save_picture"  # the read is logged


def test_a_question_for_another_agency_without_consent_is_refused_on_the_page(client, world, family):
    from tests.factories import record_consent

    consent = record_consent(world.caseworker, family.case, givers=[family.mother])
    client.force_login(world.caseworker)
    response = client.post(
        reverse("analysis:add_question", args=[family.case.pk]),
        {
            "question": "Hoe gaat het op school?", "information_needed": "Gedrag", "method": "other_agency",
            "recipient": consent.recipient_id, "data_kinds": ["health"], "made_with": [family.mother.pk],
        },
    )  # fmt: skip
    assert response.status_code == 422
    assert "Toestemming van Ayse Yilmaz ontbreekt" in " ".join(response.context["form"].errors["recipient"])
    assert not InvestigationQuestion.objects.exists()


def test_a_stale_picture_is_refused_with_a_message(client, world, family):
    picture = save(world, family.case)
    client.force_login(world.caseworker)
    body = {k: PICTURE[k] for k in ("nature_severity", "safety", "strengths")}
    body.update({"f0-description": "Moe", "f0-kind": "causal", "f0-domain": "parent", "f0-source": "conversation"})
    body["version"] = picture.version + 1
    response = client.post(reverse("analysis:picture", args=[family.case.pk]), body)
    assert response.status_code == 422
    assert "iemand anders" in response.content.decode().lower()


@pytest.mark.guideline("G2.7")
def test_the_queue_lists_only_the_scientists_own_open_requests(client, world, family):
    save(world, family.case)
    actions.do_request_consultation(
        world.caseworker, family.case, scientist=world.scientist, question="Klopt dit?",
        agreed_by=[family.mother], conditions="Geen.",
    )  # fmt: skip
    client.force_login(world.scientist)
    page = client.get(reverse("analysis:queue")).content.decode()
    assert "Gezin Yilmaz" in page and "Gezin Jansen" not in page
    client.force_login(world.consulted_scientist)
    page = client.get(reverse("analysis:queue")).content.decode()
    assert "Gezin Jansen" in page and "Gezin Yilmaz" not in page
    client.force_login(world.caseworker)
    assert "Geen openstaande vragen." in client.get(reverse("analysis:queue")).content.decode()


@pytest.mark.guideline("G4.6")
def test_the_skip_page_moves_the_case_on_under_a_measure(client, world):
    from tests.analysis.conftest import yilmaz

    measured = yilmaz(world, measure=True)
    client.force_login(world.caseworker)
    overview = client.get(reverse("analysis:overview", args=[measured.case.pk])).content.decode()
    assert reverse("analysis:skip", args=[measured.case.pk]) in overview
    response = client.post(
        reverse("analysis:skip", args=[measured.case.pk]),
        {"reason": "Raadsrapport geeft al een volledig beeld.", "version": measured.case.version},
    )
    assert response.status_code == 302
    measured.case.refresh_from_db()
    assert measured.case.phase == "goals"
