"""The analysis through the API, end to end: plan, circumstances, picture with factors of each kind, the family's
view, consultation asked and answered by the behavioural scientist, finalised, and each step in the timeline."""

from __future__ import annotations

import pytest

from samenplan.cases.models import EntryKind, Phase
from tests.analysis.conftest import PICTURE, yilmaz
from tests.api.conftest import error_fields, last_log
from tests.factories import record_consent


@pytest.mark.guideline("G4.1")
@pytest.mark.guideline("G4.2")
@pytest.mark.guideline("G4.4")
@pytest.mark.guideline("G2.7")
def test_it_drives_the_analysis_end_to_end(world, api):
    family = yilmaz(world)
    case, mother, child = family.case, family.mother, family.child
    worker, scientist = api("caseworker"), api("scientist")
    base = f"/api/v1/cases/{case.pk}"

    response = worker.post(
        f"{base}/analysis/circumstances/", {"member": mother.pk, "code": "limited_dutch"}, format="json"
    )
    assert response.status_code == 201, response.json()
    response = worker.post(
        f"{base}/analysis/circumstances/",
        {"member": mother.pk, "code": "other_home_language", "language": "Turks"},
        format="json",
    )
    assert response.status_code == 201, response.json()

    question = {
        "question": "Waarom slaapt Ela slecht?", "information_needed": "Hoe de avonden gaan.",
        "method": "conversation", "made_with": [mother.pk, child.pk],
    }  # fmt: skip
    response = worker.post(f"{base}/analysis/questions/", question, format="json")
    assert response.status_code == 201, response.json()
    made_with = {m["id"]: m["name"] for m in response.json()["made_with"]}
    assert made_with == {mother.pk: "Ayse Yilmaz", child.pk: "Ela Yilmaz"}

    picture = {**PICTURE, "multiple_and_complex": True}
    response = worker.post(f"{base}/analysis/picture/", picture, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {f["kind"] for f in body["factors"]} == {"causal", "maintaining", "protective"}
    assert {f["domain"] for f in body["factors"]} == {"child", "parent", "family", "environment"}

    views = [
        {"member": mother.pk, "agreement": "partly", "words": "Ik ben ook verdrietig om de verhuizing."},
        {"member": child.pk, "agreement": "agrees", "words": "Ik mis mijn vriendinnen."},
    ]
    response = worker.post(
        f"{base}/analysis/picture/share/", {"views": views, "version": body["version"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    version = response.json()["version"]

    response = worker.post(f"{base}/analysis/picture/finalise/", {"version": version}, format="json")
    assert (response.status_code, error_fields(response)) == (400, {None: "consultation_needed"})

    ask = {
        "scientist": world.scientist.pk, "question": "Zien we de rouw goed?", "agreed_by": [mother.pk],
        "conditions": "Alleen het beeld.",
    }  # fmt: skip
    assert scientist.get(f"{base}/analysis/").status_code == 404  # not consulted yet
    response = worker.post(f"{base}/consultations/", ask, format="json")
    assert response.status_code == 201, response.json()
    consultation = response.json()

    queue = scientist.get("/api/v1/consultations/").json()["results"]
    assert [c["id"] for c in queue] == [consultation["id"]]
    assert scientist.get(f"{base}/analysis/").status_code == 200  # while consulted
    assert last_log("api.analysis").user_id == world.scientist.pk

    response = scientist.post(
        f"/api/v1/consultations/{consultation['id']}/answer/",
        {"advice": "Besteed aandacht aan rouw; betrek oma.", "version": consultation["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "answered"
    assert scientist.get(f"{base}/analysis/").status_code == 404  # no longer consulted

    response = worker.post(f"{base}/analysis/picture/finalise/", {"version": version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["finalised_at"]

    analysis = worker.get(f"{base}/analysis/").json()
    assert (analysis["picture"]["number"], len(analysis["plan"]), len(analysis["circumstances"])) == (1, 1, 2)
    assert analysis["consultations"][0]["advice"] == "Besteed aandacht aan rouw; betrek oma."

    version = type(case).objects.get(pk=case.pk).version
    response = worker.post(f"{base}/phase/", {"target": "goals", "version": version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == Phase.GOALS

    timeline = [e.text for e in case.entries.filter(kind__in=[EntryKind.ANALYSIS, EntryKind.CONSULTATION])]
    for expected in (
        "Bijzondere omstandigheid vastgelegd voor Ayse Yilmaz: spreekt weinig Nederlands.",
        "Onderzoeksplan, gemaakt met",
        "Samenhangend beeld, versie 1.",
        "Ik mis mijn vriendinnen.",
        "Consultatie gevraagd aan",
        "Advies van gedragswetenschapper",
        "Samenhangend beeld, versie 1, is definitief.",
    ):
        assert any(expected in text for text in timeline), expected


def test_it_refuses_bad_input_with_one_structured_error_per_problem(world, api):
    family = yilmaz(world)
    worker = api("caseworker")
    base = f"/api/v1/cases/{family.case.pk}"
    factors = [{"description": "x", "kind": "odd", "domain": "child", "source": "conversation"}]
    response = worker.post(f"{base}/analysis/picture/", {**PICTURE, "factors": factors, "safety": ""}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"safety": "blank", "factors[0].kind": "invalid_choice"}
    response = worker.post(f"{base}/analysis/picture/", PICTURE, format="json")
    stale = worker.post(f"{base}/analysis/picture/", {**PICTURE, "version": 7}, format="json")
    assert (stale.status_code, error_fields(stale)) == (409, {None: "stale_version"})
    response = worker.post(
        f"{base}/analysis/circumstances/",
        {"member": world.case.family.members.first().pk, "code": "other_home_language"},
        format="json",
    )
    assert (response.status_code, error_fields(response)) == (400, {"member": "does_not_exist"})


@pytest.mark.guideline("G4.7")
def test_it_asks_another_agency_through_the_api_only_with_consent(world, api):
    family = yilmaz(world)
    consent = record_consent(world.caseworker, family.case, givers=[family.mother])
    ask = {
        "question": "Hoe gaat het met Ela op school?", "information_needed": "Gedrag in de klas",
        "method": "other_agency", "made_with": [family.mother.pk], "recipient": consent.recipient_id,
    }  # fmt: skip
    response = api("caseworker").post(
        f"/api/v1/cases/{family.case.pk}/analysis/questions/", {**ask, "data_kinds": ["health"]}, format="json"
    )
    assert (response.status_code, error_fields(response)) == (400, {"recipient": "no_consent"})
    response = api("caseworker").post(
        f"/api/v1/cases/{family.case.pk}/analysis/questions/", {**ask, "data_kinds": ["school"]}, format="json"
    )
    assert response.status_code == 201, response.json()
