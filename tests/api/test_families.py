"""GET/POST /api/v1/families/ and GET /api/v1/families/{id}/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from samenplan.audit.models import Event
from samenplan.cases.models import Case, EntryKind, Phase, Voice
from tests.api.conftest import error_fields, last_log
from tests.conftest import register

URL = "/api/v1/families/"


def new_family(world, **overrides) -> dict:
    data = {
        "team": world.north.pk,
        "family_name": "De Vries",
        "registered_by": "family",
        "reason": "Onze zoon gaat niet meer naar school.",
        "help_already": "Schoolmaatschappelijk werk, sinds maart.",
        "caseworker": world.caseworker.pk,
        "coworkers": [world.coworker.pk],
        "members": [
            {"given_name": "Ilse", "role": "parent", "has_custody": True, "date_of_birth": "1985-01-20"},
            {"given_name": "Daan", "role": "child", "lives_at_home": True, "date_of_birth": "2012-09-01"},
        ],
    }
    data.update(overrides)
    return data


def test_it_lists_the_families_the_caseworker_may_see(world, api):
    response = api("caseworker").get(URL)

    assert response.status_code == 200
    assert [f["name"] for f in response.json()["results"]] == ["Jansen"]
    assert response.json()["count"] == 1


@pytest.mark.parametrize("persona", ["administrator", "scientist", "south_worker"])
def test_it_lists_nothing_for_who_has_no_case_of_the_family(world, api, persona):
    response = api(persona).get(URL)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_does_not_list_another_organisations_family(world, api):
    response = api("outsider").get(URL)

    assert [f["name"] for f in response.json()["results"]] == ["Bakker"]


def test_it_logs_the_list_as_a_read_through_the_api(world, api):
    api("caseworker").get(URL)

    record = last_log("api.families.list")
    assert (record.event, record.channel, record.user_id) == (Event.READ, "api", world.caseworker.pk)


def test_it_lists_many_families_in_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    for i in range(8):
        register(world.caseworker, world.north, name=f"Familie {i}")
    client = api("caseworker")

    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert response.json()["count"] == 9


def test_it_accepts_a_knox_token(world):
    _, token = AuthToken.objects.create(world.caseworker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_refuses_anonymous_callers_with_json(world, api):
    response = api(None).get(URL)

    assert response.status_code == 401
    assert error_fields(response) == {None: "not_authenticated"}


def test_it_refuses_a_wrong_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token niet-echt")

    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_it_registers_a_family_with_its_first_case(world, api):
    response = api("caseworker").post(URL, new_family(world), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "De Vries"
    assert [m["given_name"] for m in body["members"]] == ["Daan", "Ilse"]
    [case_ref] = body["cases"]
    assert case_ref["phase"] == Phase.REGISTRATION
    case = world.caseworker.cases_as_caseworker.get(pk=case_ref["id"])
    assert list(case.coworkers.all()) == [world.coworker]
    entry = case.entries.get()
    assert (entry.kind, entry.voice, entry.text) == (EntryKind.REGISTRATION, Voice.FAMILY, case.registration.reason)
    assert last_log("cases.register_family").channel == "api"


@pytest.mark.guideline("L1")
def test_it_requires_one_fixed_caseworker(world, api):
    data = new_family(world)
    del data["caseworker"]

    response = api("caseworker").post(URL, data, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"caseworker": "required"}

    response = api("caseworker").post(URL, new_family(world, caseworker=[world.caseworker.pk]), format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"caseworker": "incorrect_type"}


@pytest.mark.guideline("G1.4")
def test_it_keeps_the_reason_and_the_help_already_running_on_the_case(world, api):
    client = api("caseworker")
    case_id = client.post(URL, new_family(world), format="json").json()["cases"][0]["id"]

    case = client.get(f"/api/v1/cases/{case_id}/").json()

    registration = case["registration"]
    assert registration["reason"] == "Onze zoon gaat niet meer naar school."
    assert [h["kind"] for h in registration["prior_help"]] == ["Schoolmaatschappelijk werk, sinds maart."]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"team": "south"}, "team", "does_not_exist"),
        ({"team": "hill"}, "team", "does_not_exist"),
        ({"team": 999_999}, "team", "does_not_exist"),
        ({"team": 2**70}, "team", "does_not_exist"),
        ({"caseworker": 2**63}, "caseworker", "does_not_exist"),
        ({"team": "noord"}, "team", "incorrect_type"),
        ({"caseworker": "outsider"}, "caseworker", "does_not_exist"),
        ({"caseworker": "south_worker"}, "caseworker", "not_in_team"),
        ({"caseworker": "scientist"}, "caseworker", "not_in_team"),
        ({"coworkers": ["outsider"]}, "coworkers", "does_not_exist"),
        ({"coworkers": ["south_worker"]}, "coworkers", "not_in_team"),
        ({"family_name": ""}, "family_name", "blank"),
        ({"family_name": "   "}, "family_name", "blank"),
        ({"registered_by": "buurman"}, "registered_by", "invalid_choice"),
        ({"registered_by": "professional", "referrer": "", "referrer_kind": "school"}, "referrer", "required"),
        ({"registered_by": "professional", "referrer": "Meester Jan"}, "referrer_kind", "required"),
        ({"referrer_kind": "buurvrouw"}, "referrer_kind", "invalid_choice"),
        ({"prior_help": [{"agency": "GGZ"}]}, "prior_help[0].kind", "required"),
        (
            {"prior_help": [{"kind": "Praktijkondersteuner", "helped": "misschien"}]},
            "prior_help[0].helped",
            "invalid_choice",
        ),
        ({"second_worker": "caseworker"}, "second_worker", "same_worker"),
        ({"second_worker": "south_worker"}, "second_worker", "not_in_team"),
        ({"intake_table": {"participants": "Team"}}, "intake_table.on", "required"),
        ({"opened_on": "tomorrow"}, "opened_on", "future"),
        ({"opened_on": "31-12-2020"}, "opened_on", "invalid"),
        ({"members": "Ilse"}, "members", "not_a_list"),
        ({"members": [{"given_name": "Ilse"}]}, "members[0].role", "required"),
        (
            {
                "members": [
                    {"given_name": "Ilse", "role": "parent"},
                    {"given_name": "Daan", "role": "child", "has_custody": True},
                ]
            },
            "members[1].has_custody",
            "custody_only_for_parents",
        ),
    ],
)
def test_it_refuses_bad_input_with_field_errors(world, api, overrides, field, code):
    teams = {"south": world.south.pk, "hill": world.hill.pk}
    if overrides.get("team") in teams:
        overrides["team"] = teams[overrides["team"]]
    if overrides.get("caseworker") in ("outsider", "south_worker", "scientist"):
        overrides["caseworker"] = world.persona(overrides["caseworker"]).pk
    if "second_worker" in overrides:
        overrides["second_worker"] = world.persona(overrides["second_worker"]).pk
    if "coworkers" in overrides:
        overrides["coworkers"] = [world.persona(p).pk for p in overrides["coworkers"]]
    if overrides.get("opened_on") == "tomorrow":
        overrides["opened_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = api("caseworker").post(URL, new_family(world, **overrides), format="json")

    assert response.status_code == 400, response.json()
    assert error_fields(response) == {field: code}
    assert not Case.objects.filter(family__name="De Vries").exists()


def test_it_refuses_registering_to_who_has_no_team_to_register_in(world, api):
    response = api("administrator").post(URL, new_family(world), format="json")

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_it_shows_a_family_with_its_members_and_cases(world, api):
    response = api("caseworker").get(f"{URL}{world.case.family_id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Jansen"
    assert {m["given_name"] for m in body["members"]} == {"Sanne", "Mees"}
    assert body["cases"] == [
        {
            "id": world.case.pk,
            "phase": "registration",
            "opened_on": world.case.opened_on.isoformat(),
            "closed_on": None,
        }
    ]


def test_it_shows_the_family_to_a_colleague_in_the_team(world, api):
    assert api("colleague").get(f"{URL}{world.case.family_id}/").status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "administrator", "scientist", "south_worker"])
def test_it_hides_the_family_from_who_may_not_see_it(world, api, persona):
    response = api(persona).get(f"{URL}{world.case.family_id}/")

    assert response.status_code == 404
    assert error_fields(response) == {None: "not_found"}


def test_it_answers_404_for_an_unknown_family(world, api):
    assert api("caseworker").get(f"{URL}999999/").status_code == 404


def test_it_logs_reading_a_family(world, api):
    api("caseworker").get(f"{URL}{world.case.family_id}/")

    record = last_log("api.families.detail")
    assert (record.event, record.channel, record.family_id) == (Event.READ, "api", world.case.family_id)
