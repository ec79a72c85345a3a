"""GET /api/v1/cases/ (with ?q=, ?phase=, ?mine=) and GET /api/v1/cases/{id}/."""

from __future__ import annotations

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from samenplan.audit.models import Event
from samenplan.cases import actions
from samenplan.cases.models import Phase
from tests.api.conftest import error_fields, last_log
from tests.conftest import register

URL = "/api/v1/cases/"


def names(response) -> list[str]:
    return sorted(c["family"]["name"] for c in response.json()["results"])


def test_it_lists_the_cases_the_caseworker_may_see(world, api):
    response = api("caseworker").get(URL)

    assert response.status_code == 200
    [case] = response.json()["results"]
    assert case["id"] == world.case.pk
    assert case["caseworker"] == {"id": world.caseworker.pk, "name": str(world.caseworker)}
    assert case["team"] == {"id": world.north.pk, "name": "Wijkteam Noord"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("colleague", ["Jansen"]),
        ("team_lead", ["Jansen"]),
        ("administrator", []),
        ("scientist", []),
        ("south_worker", []),
        ("outsider", ["Bakker"]),
    ],
)
def test_it_lists_only_what_each_persona_may_see(world, api, persona, expected):
    assert names(api(persona).get(URL)) == expected


def test_it_searches_by_family_name_and_logs_a_search(world, api):
    found = register(world.caseworker, world.north, name="De Wit")

    response = api("caseworker").get(URL, {"q": "wit"})

    assert names(response) == ["De Wit"]
    record = last_log("api.cases.list")
    detail = f"families={found.family_id} q=wit"  # which families the search showed, then what was searched
    assert (record.event, record.channel, record.detail) == (Event.SEARCH, "api", detail)


def test_it_logs_a_plain_list_as_a_read(world, api):
    api("caseworker").get(URL, {"phase": "registration"})

    record = last_log("api.cases.list")
    detail = f"families={world.case.family_id} phase=registration"
    assert (record.event, record.channel, record.detail) == (Event.READ, "api", detail)


def test_it_filters_by_phase(world, api):
    other = register(world.caseworker, world.north, name="De Wit")
    actions.do_move_phase(world.caseworker, other, target=Phase.CLARIFICATION, expected_version=1)

    assert names(api("caseworker").get(URL, {"phase": "clarification"})) == ["De Wit"]
    assert names(api("caseworker").get(URL, {"phase": "registration"})) == ["Jansen"]


def test_it_keeps_my_cases_with_mine(world, api):
    register(world.colleague, world.north, name="De Wit")

    assert names(api("caseworker").get(URL)) == ["De Wit", "Jansen"]
    assert names(api("caseworker").get(URL, {"mine": "true"})) == ["Jansen"]
    assert names(api("coworker").get(URL, {"mine": "true"})) == ["Jansen"]
    assert names(api("team_lead").get(URL, {"mine": "true"})) == []


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"phase": "done"}, "phase", "invalid_choice"),
        ({"mine": "misschien"}, "mine", "invalid"),
        ({"q": "x" * 101}, "q", "max_length"),
    ],
)
def test_it_refuses_bad_filters(world, api, params, field, code):
    response = api("caseworker").get(URL, params)

    assert response.status_code == 400
    assert error_fields(response) == {field: code}


def test_it_answers_404_for_a_page_past_the_end(world, api):
    response = api("caseworker").get(URL, {"page": 9})

    assert response.status_code == 404
    assert error_fields(response) == {None: "not_found"}


def test_it_lists_many_cases_in_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    for i in range(10):
        register(world.caseworker, world.north, name=f"Familie {i}", coworkers=[world.coworker])
    client = api("caseworker")

    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "familie"})

    assert response.json()["count"] == 10


def test_it_shows_a_case_with_what_i_may_do(world, api):
    response = api("caseworker").get(f"{URL}{world.case.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["family"] == {"id": world.case.family_id, "name": "Jansen"}
    assert body["coworkers"] == [{"id": world.coworker.pk, "name": str(world.coworker)}]
    assert body["next_phases"] == ["clarification", "closed"]
    assert (body["can_edit"], body["can_move_phase"], body["version"]) == (True, True, 1)


def test_it_shows_a_case_to_a_colleague_who_may_not_change_it(world, api):
    body = api("colleague").get(f"{URL}{world.case.pk}/").json()

    assert (body["can_edit"], body["can_move_phase"]) == (False, False)


def test_it_answers_404_for_an_id_no_database_holds(world, api):
    assert api("caseworker").get(f"{URL}{2**70}/").status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "administrator", "scientist", "south_worker"])
def test_it_hides_the_case_from_who_may_not_see_it(world, api, persona):
    response = api(persona).get(f"{URL}{world.case.pk}/")

    assert response.status_code == 404
    assert error_fields(response) == {None: "not_found"}


def test_it_logs_reading_a_case_through_the_api(world, api):
    api("caseworker").get(f"{URL}{world.case.pk}/")

    record = last_log("api.cases.detail")
    assert (record.event, record.channel, record.case_id, record.user_id) == (
        Event.READ,
        "api",
        world.case.pk,
        world.caseworker.pk,
    )


def test_it_shows_a_case_to_a_token_holder(world):
    _, token = AuthToken.objects.create(world.team_lead)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.get(f"{URL}{world.case.pk}/").status_code == 200
    assert last_log("api.cases.detail").username == "team_lead"
