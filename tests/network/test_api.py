"""The network API end to end: own strength, four people with the four criteria, a family group plan offered and
declined (and offered again, accepted, made, approved); bad input gives structured Dutch errors, nothing saved."""

from __future__ import annotations

import pytest

from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.network.models import FamilyGroupPlan, NetworkMember, OwnStrength
from tests.api.conftest import error_fields, last_log
from tests.factories import record_consent
from tests.network.test_pages import PEOPLE


def person_body(**changes):
    body = {k: v for k, v in PEOPLE[0].items()}
    body.update(changes)
    return body


@pytest.mark.guideline("G5.3")
@pytest.mark.guideline("P4")
def test_it_drives_own_strength_the_network_and_the_family_group_plan_end_to_end(api, world):
    client = api("caseworker")
    case = world.case.pk
    parent, child = world.case.family.members.order_by("pk")

    body = {
        "answers": [
            {"member": parent.pk, "tried": "Een weekrooster.", "needs": "Rust in huis.", "version": 0},
            {"member": child.pk, "who_can_help": "Oma Ria.", "by_when": "Voor de zomer.", "version": 0},
        ]
    }
    response = client.post(f"/api/v1/cases/{case}/own-strength/", body, format="json")
    assert response.status_code == 200, response.json()
    assert {a["member"]["name"] for a in response.json()} == {"Sanne Jansen", "Mees Jansen"}
    assert last_log("network.own_strength").channel == "api"
    got = client.get(f"/api/v1/cases/{case}/own-strength/").json()
    assert [a["tried"] for a in got if a["member"]["id"] == parent.pk] == ["Een weekrooster."]

    for person in PEOPLE:
        response = client.post(f"/api/v1/cases/{case}/network-members/", person, format="json")
        assert response.status_code == 201, response.json()
    listed = client.get(f"/api/v1/cases/{case}/network-members/").json()["results"]
    assert len(listed) == 4
    grandmother = next(p for p in listed if p["name"] == "Ria Jansen")
    assert (grandmother["responds"], grandmother["reliable"], grandmother["strength"]) == ("yes", "yes", "strong")
    assert grandmother["support"] == ["practical", "comfort"]

    response = client.patch(
        f"/api/v1/network-members/{grandmother['id']}/", {"accessible": "partly", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["accessible"], response.json()["name"], response.json()["version"]) == (
        "partly",
        "Ria Jansen",
        2,
    )

    plan_url = f"/api/v1/cases/{case}/family-group-plan/"
    assert client.get(plan_url).json() == {"offered": True, "approval_needed": False, "plans": []}
    offered = client.post(plan_url, {"step": "offer", "version": 0, "offered_on": "2026-11-02"}, format="json")
    assert offered.status_code == 200, offered.json()
    reason = "We willen het eerst zelf proberen."
    declined = client.post(
        plan_url,
        {"step": "decline", "version": offered.json()["version"], "answered_on": "2026-11-05", "family_reason": reason},
        format="json",
    )
    assert declined.status_code == 200, declined.json()
    assert (declined.json()["state"], declined.json()["family_reason"]) == ("declined", reason)

    again = client.post(plan_url, {"step": "offer", "version": declined.json()["version"]}, format="json")
    assert again.status_code == 200, again.json()
    accepted = client.post(plan_url, {"step": "accept", "version": again.json()["version"]}, format="json")
    assert accepted.json()["state"] == "accepted"
    made = client.post(
        plan_url,
        {
            "step": "record",
            "version": accepted.json()["version"],
            "made_by": "family",
            "content": "Oma haalt Mees op; wij eten op zondag samen.",
            "parts": ["Oma haalt Mees op woensdag op."],
        },
        format="json",
    )
    assert made.status_code == 200, made.json()
    part = made.json()["parts"][0]
    taken = client.post(
        f"/api/v1/plan-parts/{part['id']}/take/",
        {"into": "network", "network_member": grandmother["id"], "version": made.json()["version"]},
        format="json",
    )
    assert taken.status_code == 200, taken.json()
    assert taken.json()["network_member"]["id"] == grandmother["id"]
    assert NetworkMember.objects.get(pk=grandmother["id"]).part_from_family_plan is True
    overview = client.get(plan_url).json()
    assert [p["state"] for p in overview["plans"]] == ["made", "declined"]
    assert overview["plans"][0]["parts"][0]["network_member"]["id"] == grandmother["id"]

    kinds = list(DossierEntry.objects.filter(case=world.case).values_list("kind", flat=True))
    assert kinds.count(EntryKind.OWN_STRENGTH) == 2
    assert kinds.count(EntryKind.NETWORK) == 6  # four added, one changed, one part taken
    assert kinds.count(EntryKind.FAMILY_GROUP_PLAN) == 5


def test_it_refuses_an_unknown_criterion_value_with_a_structured_dutch_error(api, world):
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/network-members/", person_body(effective="misschien"), format="json"
    )
    assert response.status_code == 400
    assert error_fields(response) == {"effective": "invalid_choice"}
    message = response.json()["errors"][0]["message"]
    assert message == "'misschien' is geen antwoord op 'geeft echte hulp die werkt': kies ja, een beetje of nee."
    assert not NetworkMember.objects.exists()


@pytest.mark.guideline("G5.3")
def test_it_refuses_a_family_group_plan_under_a_child_protection_measure(api, world):
    type(world.case).objects.filter(pk=world.case.pk).update(child_protection_measure=True)
    client = api("caseworker")
    url = f"/api/v1/cases/{world.case.pk}/family-group-plan/"
    assert client.get(url).json()["offered"] is False
    response = client.post(url, {"step": "offer", "version": 0}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {None: "under_measure"}
    assert "kinderbeschermingsmaatregel" in response.json()["errors"][0]["message"]
    assert not FamilyGroupPlan.objects.exists()
    assert not DossierEntry.objects.filter(kind=EntryKind.FAMILY_GROUP_PLAN).exists()


def test_it_refuses_stale_versions_with_409_and_saves_nothing(api, world):
    client = api("caseworker")
    parent, child = world.case.family.members.order_by("pk")
    url = f"/api/v1/cases/{world.case.pk}/own-strength/"
    client.post(url, {"answers": [{"member": parent.pk, "tried": "Eerst.", "version": 0}]}, format="json")
    stale = {
        "answers": [
            {"member": child.pk, "needs": "Rust.", "version": 0},
            {"member": parent.pk, "tried": "Later, van een oud scherm.", "version": 0},
        ]
    }
    response = client.post(url, stale, format="json")
    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_version"}
    assert list(OwnStrength.objects.values_list("member_id", "tried")) == [(parent.pk, "Eerst.")]

    person = client.post(f"/api/v1/cases/{world.case.pk}/network-members/", person_body(), format="json").json()
    client.patch(f"/api/v1/network-members/{person['id']}/", {"reliable": "partly", "version": 1}, format="json")
    response = client.patch(f"/api/v1/network-members/{person['id']}/", {"reliable": "no", "version": 1}, format="json")
    assert response.status_code == 409
    assert NetworkMember.objects.get().reliable == "partly"

    plan_url = f"/api/v1/cases/{world.case.pk}/family-group-plan/"
    client.post(plan_url, {"step": "offer", "version": 0}, format="json")
    response = client.post(plan_url, {"step": "offer", "version": 0}, format="json")  # offered twice, from two screens
    assert response.status_code == 409
    assert FamilyGroupPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"step": "publish", "version": 0}, {"step": "invalid_choice"}),
        ({"step": "decline", "version": 0}, {None: "not_now"}),  # nothing offered yet
        ({"step": "offer"}, {"version": "required"}),
    ],
)
def test_it_refuses_bad_steps_with_structured_errors(api, world, body, fields):
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/family-group-plan/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == fields
    assert not FamilyGroupPlan.objects.exists()


def test_it_asks_the_familys_reasons_when_it_declines(api, world):
    client = api("caseworker")
    url = f"/api/v1/cases/{world.case.pk}/family-group-plan/"
    plan = client.post(url, {"step": "offer", "version": 0}, format="json").json()
    response = client.post(url, {"step": "decline", "version": plan["version"]}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"family_reason": "required"}
    assert FamilyGroupPlan.objects.get().state == "offered"


@pytest.mark.guideline("L9")
def test_it_shares_contact_details_only_with_the_familys_consent(api, world):
    client = api("caseworker")
    client.post(f"/api/v1/cases/{world.case.pk}/network-members/", person_body(), format="json")
    url = f"/api/v1/cases/{world.case.pk}/network/share/"
    givers = list(world.case.family.members.all())
    school = record_consent(
        world.caseworker, world.case, recipient_name="OBS De Regenboog", recipient_kind="organisation",
        recipient_role="school", purpose="coordinate", data_kinds=["school"], givers=givers,
    ).recipient  # fmt: skip
    response = client.post(url, {"recipient": school.pk}, format="json")
    assert response.status_code == 400  # no consent for the family situation: nothing is shared
    assert {e["code"] for e in response.json()["errors"]} == {"no_consent"}
    assert not DossierEntry.objects.filter(kind=EntryKind.NETWORK, text__contains="gedeeld").exists()

    record_consent(
        world.caseworker, world.case, recipient_name="OBS De Regenboog", recipient_kind="organisation",
        recipient_role="school", purpose="coordinate", data_kinds=["family_situation"], givers=givers,
    )  # fmt: skip
    shared = client.post(url, {"recipient": school.pk}, format="json").json()
    assert shared["contact_details_shared"] is False and shared["withheld_because"]
    assert shared["people"] == [
        {
            "name": "Ria Jansen",
            "relation": "oma",
            "support": ["praktische hulp", "troost en steun"],
            "part_in_plan": "Haalt Mees op woensdag van school.",
            "contact": None,
        }
    ]
    assert last_log("network.share").event == "export"

    record_consent(
        world.caseworker, world.case, recipient_name="OBS De Regenboog", recipient_kind="organisation",
        recipient_role="school", purpose="coordinate", data_kinds=["personal"], givers=givers,
    )  # fmt: skip
    shared = client.post(url, {"recipient": school.pk}, format="json").json()
    assert shared["contact_details_shared"] is True and shared["people"][0]["contact"] == "06-12345678"


@pytest.mark.parametrize(
    ("persona", "status"), [("outsider", 404), ("south_worker", 404), ("colleague", 403), (None, 401)]
)
def test_it_refuses_others(api, world, persona, status):
    url = f"/api/v1/cases/{world.case.pk}/network-members/"
    assert api(persona).post(url, person_body(), format="json").status_code == status
    assert not NetworkMember.objects.exists()
