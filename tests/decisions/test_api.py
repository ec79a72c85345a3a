"""The decisions API end to end: three options, a preference from each parent, a decision at level 4, running help;
bad input gives structured Dutch errors, stale versions 409, and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.models import MemberRole
from samenplan.decisions.models import Decision, HelpDeployment, Option
from tests.api.conftest import error_fields, last_log
from tests.conftest import decide_route
from tests.decisions.factories import offers


def _second_parent(case):
    return case.family.members.create(given_name="Rik", family_name="Jansen", role=MemberRole.PARENT, has_custody=True)


@pytest.mark.guideline("G2.2")
@pytest.mark.guideline("P6")
def test_it_drives_options_preferences_the_decision_and_help_end_to_end(api, world):
    case = decide_route(world.caseworker, world.case)
    light, ambulatory, _heavy = offers(case.family.organisation)
    mother = case.family.members.get(role="parent")
    father = _second_parent(case)
    client = api("caseworker")
    base = f"/api/v1/cases/{case.pk}"

    own = client.post(
        f"{base}/options/",
        {"source": "family", "name": "Oma op woensdag", "family_pros": "Oma kent ze.", "family_speaker": mother.pk},
        format="json",
    )
    course = client.post(
        f"{base}/options/",
        {"source": "catalogue", "offer": light.pk, "professional_pros": "Bewezen.", "family_cons": "Avonden."},
        format="json",
    )
    coaching = client.post(f"{base}/options/", {"source": "catalogue", "offer": ambulatory.pk}, format="json")
    assert [r.status_code for r in (own, course, coaching)] == [201, 201, 201], own.json()
    listed = client.get(f"{base}/options/").json()
    assert [o["name"] for o in listed] == ["Oma op woensdag", "Opvoedcursus Samen Sterk", "Gezinscoaching thuis"]
    assert listed[1]["effective"] is True and listed[1]["family_cons"] == "Avonden."
    assert last_log("api.decisions.options").case_id == case.pk
    ids = [o["id"] for o in listed]

    for member, body in (
        (mother, {"kind": "order", "ranking": [ids[1], ids[0], ids[2]], "reasons": "Eerst de cursus."}),
        (father, {"kind": "preferred", "preferred": ids[0], "reasons": "Oma is het makkelijkst."}),
    ):
        response = client.post(f"{base}/preferences/", {"member": member.pk, "seen_options": ids, "version": 0,
                                                        **body}, format="json")  # fmt: skip
        assert response.status_code == 200, response.json()
    assert len(client.get(f"{base}/preferences/").json()) == 2

    decision = client.post(f"{base}/decisions/", {
        "options": [ids[1]], "summary": "Moeder en vader volgen de cursus.", "participation_level": 4,
        "agreements": [{"member": mother.pk, "agreement": "yes"}, {"member": father.pk, "agreement": "partly",
                                                                   "words": "Liever oma erbij."}],
        "evaluation_on": str(timezone.localdate() + timedelta(days=60)),
        "evaluation_agreement": "Over twee maanden thuis.", "aftercare_agreement": "Eén belafspraak.",
    }, format="json")  # fmt: skip
    assert decision.status_code == 201, decision.json()
    assert decision.json()["participation_label"] == "Samen beslissen"

    help = client.post(f"{base}/help/", {"description": "Opvoedcursus", "intensity": "light", "status": "running",
                                         "decision": decision.json()["id"]}, format="json")  # fmt: skip
    assert help.status_code == 201, help.json()
    changed = client.put(
        f"/api/v1/help/{help.json()['id']}/",
        {
            "description": "Opvoedcursus",
            "intensity": "light",
            "status": "ended",
            "ends_on": str(timezone.localdate()),
            "version": 1,
        },
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["status"] == "ended"
    stale = client.put(f"/api/v1/help/{help.json()['id']}/", {"description": "X", "intensity": "light",
                       "version": 1}, format="json")  # fmt: skip
    assert stale.status_code == 409
    assert HelpDeployment.objects.get().description == "Opvoedcursus"


def test_it_refuses_a_decision_without_options_and_a_level_outside_the_ladder(api, world):
    case = decide_route(world.caseworker, world.case)
    response = api("caseworker").post(f"/api/v1/cases/{case.pk}/decisions/", {
        "options": [], "summary": "x", "participation_level": 8,
        "evaluation_on": str(timezone.localdate()), "evaluation_agreement": "x",
    }, format="json")  # fmt: skip
    assert response.status_code == 400
    assert error_fields(response) == {"options": "no_options", "participation_level": "level_out_of_range"}
    assert not Decision.objects.exists()


def test_it_refuses_a_stale_option_change_with_409(api, world):
    case = decide_route(world.caseworker, world.case)
    client = api("caseworker")
    option = client.post(f"/api/v1/cases/{case.pk}/options/", {"source": "family", "name": "Oma"}, format="json")
    url = f"/api/v1/options/{option.json()['id']}/"
    assert client.put(url, {"source": "family", "name": "Opa", "version": 1}, format="json").status_code == 200
    assert client.put(url, {"source": "family", "name": "Tante", "version": 1}, format="json").status_code == 409
    assert Option.objects.get().name == "Opa"
    assert client.get(url).json()["version"] == 2


def test_it_refuses_readers_and_people_outside_the_case(api, world):
    case = decide_route(world.caseworker, world.case)
    refused = api("colleague").post(f"/api/v1/cases/{case.pk}/options/", {"source": "family", "name": "x"},
                                    format="json")  # fmt: skip
    assert refused.status_code == 403
    assert api("outsider").get(f"/api/v1/cases/{case.pk}/options/").status_code == 404
