"""The consent API: record, list, read and revoke consents; ask for information only with consent."""

import pytest

from samenplan.consent.models import Consent, InformationRequest
from tests.api.conftest import error_fields, last_log
from tests.factories import record_consent


def consent_body(case, **changes):
    body = {
        "recipient": {"name": "Jeugdarts Van Dam", "kind": "person", "role": "youth_health"},
        "purpose": "request_information",
        "data_kinds": ["development", "health"],
        "benefit": "De jeugdarts heeft Mees vaak gezien; zo hoeft het gezin niet alles opnieuw te vertellen.",
        "givers": [m.pk for m in case.family.members.all()],
    }
    body.update(changes)
    return body


@pytest.mark.guideline("G3.6")
def test_it_records_a_consent(api, world):
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/consents/", consent_body(world.case), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["recipient"]["name"] == "Jeugdarts Van Dam"
    assert data["data_kinds"] == ["development", "health"]
    assert {g["name"] for g in data["givers"]} == {"Sanne Jansen", "Mees Jansen"}
    assert last_log("consent.record").channel == "api"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"benefit": ""}, "benefit", "blank"),
        ({"data_kinds": []}, "data_kinds", "min_length"),
        ({"data_kinds": ["bsn"]}, "data_kinds[0]", "invalid_choice"),
        ({"recipient": {"name": "X", "kind": "person", "role": "buurman"}}, "recipient.role", "invalid_choice"),
        ({"recipient": {"name": " ", "kind": "person", "role": "gp"}}, "recipient.name", "blank"),
        ({"givers": [999999]}, "givers", "does_not_exist"),
        ({"expires_on": "2000-01-01"}, "expires_on", "before_given"),
    ],
)
def test_it_refuses_bad_input_with_structured_errors(api, world, changes, field, code):
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/consents/", consent_body(world.case, **changes), format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == {field: code}
    assert not Consent.objects.exists()


def test_it_names_a_giver_without_custody(api, world):
    sanne = world.case.family.members.get(given_name="Sanne")
    api("caseworker").patch(f"/api/v1/members/{sanne.pk}/", {"has_custody": False, "version": 1}, format="json")
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/consents/", consent_body(world.case), format="json"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == ("givers", "giver_without_custody")
    assert "Sanne Jansen heeft geen gezag" in error["message"]


def test_it_lists_and_shows_consents_to_readers_and_logs_it(api, world):
    consent = record_consent(world.caseworker, world.case)
    listed = api("colleague").get(f"/api/v1/cases/{world.case.pk}/consents/")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()["results"]] == [consent.pk]
    assert last_log("api.consents.list").case_id == world.case.pk
    shown = api("team_lead").get(f"/api/v1/consents/{consent.pk}/")
    assert shown.status_code == 200 and shown.json()["benefit"] == consent.benefit
    assert last_log("api.consents.detail").user_id == world.team_lead.pk


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/{case}/consents/", "/api/v1/consents/{consent}/", "/api/v1/cases/{case}/information-requests/"],
)
def test_it_hides_consents_from_an_outsider(api, world, path):
    consent = record_consent(world.caseworker, world.case)
    url = path.format(case=world.case.pk, consent=consent.pk)
    assert api("outsider").get(url).status_code == 404
    assert api("outsider").post(url, {}, format="json").status_code in (404, 405)


@pytest.mark.guideline("L9")
def test_it_revokes_at_once_and_refuses_a_stale_version(api, world):
    consent = record_consent(world.caseworker, world.case)
    mees = world.case.family.members.get(given_name="Mees")
    url = f"/api/v1/consents/{consent.pk}/revoke/"
    body = {"revoked_by": mees.pk, "reason": "Ik wil het zelf vertellen.", "version": 1}
    assert api("colleague").post(url, body, format="json").status_code == 403
    response = api("caseworker").post(url, body, format="json")
    assert response.status_code == 200 and response.json()["revoked_by"]["name"] == "Mees Jansen"
    assert api("caseworker").post(url, body, format="json").status_code == 409
    asked = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/information-requests/",
        {"recipient": consent.recipient_id, "data_kinds": ["school"], "question": "Hoe gaat het?", "reason": "Beeld."},
        format="json",
    )
    assert asked.status_code == 400
    assert {e["code"] for e in asked.json()["errors"]} == {"consent_revoked"}


@pytest.mark.guideline("L2")
def test_it_asks_for_information_only_with_consent(api, world):
    consent = record_consent(world.caseworker, world.case, givers=[world.case.family.members.get(given_name="Sanne")])
    url = f"/api/v1/cases/{world.case.pk}/information-requests/"
    body = {
        "recipient": consent.recipient_id,
        "data_kinds": ["school"],
        "question": "Hoe gaat het?",
        "reason": "Beeld.",
    }
    refused = api("coworker").post(url, body, format="json")
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert (error["field"], error["code"]) == (None, "no_consent")
    assert "Mees Jansen" in error["message"]
    assert not InformationRequest.objects.exists()
    record_consent(world.caseworker, world.case, givers=[world.case.family.members.get(given_name="Mees")])
    response = api("coworker").post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["recipient"]["name"] == "OBS De Regenboog"
    assert last_log("consent.request_information").channel == "api"
    listed = api("colleague").get(url)
    assert [r["question"] for r in listed.json()["results"]] == ["Hoe gaat het?"]


def test_it_refuses_a_recipient_of_another_case(api, world):
    other = record_consent(world.outsider, world.outsider_case)
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/information-requests/",
        {"recipient": other.recipient_id, "data_kinds": ["school"], "question": "?", "reason": "."},
        format="json",
    )
    assert response.status_code == 400
    assert error_fields(response) == {"recipient": "does_not_exist"}
