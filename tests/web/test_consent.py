"""The consent section of the dossier, and the pages to record and revoke consent and to ask for information."""

import pytest
from django.urls import reverse

from samenplan.cases import actions as case_actions
from samenplan.consent import actions
from samenplan.consent.models import Consent, InformationRequest
from tests.audit.statements import record_statements
from tests.factories import record_consent


def dossier(case):
    return reverse("cases:dossier", args=[case.pk])


def consent_data(case, **changes):
    members = list(case.family.members.all())
    data = {
        "recipient_name": "Huisartsenpraktijk De Linde",
        "recipient_kind": "organisation",
        "recipient_role": "gp",
        "purpose": "request_information",
        "data_kinds": ["health", "development"],
        "benefit": "De huisarts kent Mees al lang; zo hoeft het gezin niet alles opnieuw te vertellen.",
        "givers": [m.pk for m in members],
        "given_on": "2026-11-01",
    }
    data.update(changes)
    return data


@pytest.mark.guideline("L9")
def test_it_shows_each_consent_with_why_it_helps_on_the_dossier(client, world):
    record_consent(world.caseworker, world.case)
    client.force_login(world.colleague)
    html = client.get(dossier(world.case)).content.decode()
    assert "OBS De Regenboog" in html
    assert "Dan hoeft het gezin het verhaal niet opnieuw te vertellen." in html
    assert "Sanne Jansen, Mees Jansen" in html or "Mees Jansen, Sanne Jansen" in html
    assert reverse("consent:record", args=[world.case.pk]) not in html  # a colleague changes nothing


def test_it_offers_recording_revoking_and_asking_to_the_caseworker(client, world):
    consent = record_consent(world.caseworker, world.case)
    client.force_login(world.caseworker)
    html = client.get(dossier(world.case)).content.decode()
    assert reverse("consent:record", args=[world.case.pk]) in html
    assert reverse("consent:revoke", args=[consent.pk]) in html
    assert reverse("consent:request_information", args=[world.case.pk]) in html


@pytest.mark.guideline("G3.6")
def test_it_records_a_consent_from_the_form(client, world):
    client.force_login(world.caseworker)
    url = reverse("consent:record", args=[world.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, consent_data(world.case))
    assert response.status_code == 302 and response["Location"] == dossier(world.case)
    consent = Consent.objects.get()
    assert (consent.recipient.name, sorted(consent.data_kinds)) == (
        "Huisartsenpraktijk De Linde",
        ["development", "health"],
    )


def test_it_shows_a_dutch_error_for_a_giver_who_may_not_consent(client, world):
    sanne = world.case.family.members.get(given_name="Sanne")
    case_actions.do_change_member(world.caseworker, sanne, expected_version=1, has_custody=False)
    client.force_login(world.caseworker)
    response = client.post(reverse("consent:record", args=[world.case.pk]), consent_data(world.case))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Sanne Jansen heeft geen gezag" in html
    assert not Consent.objects.exists()


def test_it_shows_dutch_field_errors_for_an_empty_form(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("consent:record", args=[world.case.pk]), {})
    assert response.status_code == 422
    assert "Nog niet opgeslagen" in response.content.decode()


@pytest.mark.guideline("L2")
def test_it_asks_for_information_with_consent_and_refuses_without(client, world):
    consent = record_consent(world.caseworker, world.case, data_kinds=["school"])
    client.force_login(world.coworker)
    url = reverse("consent:request_information", args=[world.case.pk])
    assert client.get(url).status_code == 200
    data = {
        "recipient": consent.recipient.pk,
        "data_kinds": ["school", "health"],
        "question": "Hoe gaat het op school?",
        "reason": "Dan hoeft het gezin het niet te vertellen.",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Toestemming van Mees Jansen ontbreekt" in html and "lichamelijke en psychische gezondheid" in html
    assert not InformationRequest.objects.exists()
    response = client.post(url, {**data, "data_kinds": ["school"]})
    assert response.status_code == 302
    assert InformationRequest.objects.get().question == "Hoe gaat het op school?"
    assert "Hoe gaat het op school?" in client.get(dossier(world.case)).content.decode()


@pytest.mark.guideline("L9")
def test_it_revokes_a_consent_and_shows_it_revoked(client, world):
    consent = record_consent(world.caseworker, world.case)
    mees = world.case.family.members.get(given_name="Mees")
    client.force_login(world.caseworker)
    url = reverse("consent:revoke", args=[consent.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"revoked_by": mees.pk, "reason": "Ik wil dit niet meer.", "version": 1})
    assert response.status_code == 302
    html = client.get(dossier(world.case)).content.decode()
    assert "Ingetrokken op" in html and "Ik wil dit niet meer." in html
    assert reverse("consent:revoke", args=[consent.pk]) not in html


def test_it_refuses_a_revocation_without_a_reason(client, world):
    consent = record_consent(world.caseworker, world.case)
    client.force_login(world.caseworker)
    sanne = world.case.family.members.get(given_name="Sanne")
    response = client.post(reverse("consent:revoke", args=[consent.pk]), {"revoked_by": sanne.pk, "version": 1})
    assert response.status_code == 422
    Consent.objects.get(revoked_at__isnull=True)


@pytest.mark.parametrize("name", ["consent:record", "consent:request_information"])
def test_it_hides_the_case_pages_from_an_outsider(client, world, name):
    client.force_login(world.outsider)
    assert client.get(reverse(name, args=[world.case.pk])).status_code == 404
    assert client.post(reverse(name, args=[world.case.pk]), consent_data(world.case)).status_code == 404


def test_it_hides_a_consent_from_an_outsider_and_refuses_a_colleague(client, world):
    consent = record_consent(world.caseworker, world.case)
    url = reverse("consent:revoke", args=[consent.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.colleague)
    assert client.post(url, {"reason": "x", "version": 1}).status_code == 403
    assert Consent.objects.get().revoked_at is None


def test_it_answers_404_for_a_consent_id_no_database_holds(client, world):
    client.force_login(world.caseworker)
    assert client.get(f"/consents/{2**64}/revoke/").status_code == 404


@pytest.mark.parametrize("consents", [1, 6])
def test_it_shows_the_consents_in_a_fixed_number_of_queries(client, world, django_assert_num_queries, consents):
    for i in range(consents):
        consent = record_consent(world.caseworker, world.case, recipient_name=f"School {i}")
    actions.do_request_information(
        world.caseworker,
        world.case,
        recipient=consent.recipient,
        data_kinds=["school"],
        question="Hoe gaat het?",
        reason="Compleet beeld.",
    )
    client.force_login(world.caseworker)
    # the dossier's (tests/web/test_dossier.py) + the consents with their givers, the information asked
    with django_assert_num_queries(8 + record_statements()):
        client.get(dossier(world.case))
