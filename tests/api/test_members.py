"""GET/POST /api/v1/families/{id}/members/ and GET/PATCH /api/v1/members/{id}/."""

from __future__ import annotations

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from samenplan.audit.models import Event
from samenplan.cases import actions
from samenplan.cases.models import EntryKind, MemberRole
from tests.api.conftest import error_fields, last_log


def members_url(world) -> str:
    return f"/api/v1/families/{world.case.family_id}/members/"


def member_url(member) -> str:
    return f"/api/v1/members/{member.pk}/"


def child(world):
    return world.case.family.members.get(role=MemberRole.CHILD)


def test_it_lists_the_members_of_a_family(world, api):
    response = api("caseworker").get(members_url(world))

    assert response.status_code == 200
    assert [m["given_name"] for m in response.json()["results"]] == ["Mees", "Sanne"]


def test_it_lets_a_colleague_read_the_members(world, api):
    assert api("colleague").get(members_url(world)).json()["count"] == 2


@pytest.mark.parametrize("persona", ["outsider", "administrator", "scientist", "south_worker"])
def test_it_hides_the_members_from_who_may_not_see_the_family(world, api, persona):
    assert api(persona).get(members_url(world)).status_code == 404
    assert api(persona).get(member_url(child(world))).status_code == 404
    assert api(persona).patch(member_url(child(world)), {"version": 1}, format="json").status_code == 404


def test_it_lists_many_members_in_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    for i in range(10):
        actions.do_add_member(world.caseworker, world.case.family, given_name=f"Kind {i}", role=MemberRole.CHILD)
    client = api("caseworker")

    with django_assert_max_num_queries(11):
        response = client.get(members_url(world))

    assert response.json()["count"] == 12


def test_it_logs_reading_the_members(world, api):
    api("caseworker").get(members_url(world))
    api("caseworker").get(member_url(child(world)))

    listed, read = last_log("api.members.list"), last_log("api.members.detail")
    assert (listed.event, listed.channel, listed.family_id) == (Event.READ, "api", world.case.family_id)
    assert (read.event, read.channel, read.member_id) == (Event.READ, "api", child(world).pk)


def test_it_adds_a_member(world, api):
    response = api("coworker").post(
        members_url(world),
        {"given_name": "Fien", "role": "child", "date_of_birth": "2019-05-05"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["given_name"] == "Fien"
    assert world.case.entries.filter(kind=EntryKind.MEMBER).exists()
    assert last_log("cases.add_member").channel == "api"


def test_it_refuses_adding_a_member_to_a_colleague(world, api):
    response = api("colleague").post(members_url(world), {"given_name": "Fien", "role": "child"}, format="json")

    assert response.status_code == 403
    assert error_fields(response) == {None: "permission_denied"}
    assert world.case.family.members.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"role": "child"}, "given_name", "required"),
        ({"given_name": "Fien", "role": "cousin"}, "role", "invalid_choice"),
        ({"given_name": "Fien", "role": "child", "date_of_birth": "2019-02-30"}, "date_of_birth", "invalid"),
        (
            {"given_name": "Fien", "role": "child", "date_of_birth": "1990-01-01"},
            "date_of_birth",
            "too_old_for_youth_care",
        ),
        (
            {"given_name": "Fien", "role": "child", "date_of_birth": "2099-01-01"},
            "date_of_birth",
            "born_in_future",
        ),
        (
            {"given_name": "Fien", "role": "child", "has_custody": False},
            "has_custody",
            "custody_only_for_parents",
        ),
        (
            {"given_name": "Fien", "role": "parent", "lives_at_home": True},
            "lives_at_home",
            "lives_at_home_only_for_children",
        ),
        ({"given_name": "Fien", "role": "child", "lives_at_home": "soms"}, "lives_at_home", "invalid"),
        ({"given_name": "x" * 101, "role": "child"}, "given_name", "max_length"),
    ],
)
def test_it_refuses_a_bad_member(world, api, data, field, code):
    response = api("caseworker").post(members_url(world), data, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {field: code}


def test_it_shows_a_member(world, api):
    response = api("colleague").get(member_url(child(world)))

    assert response.status_code == 200
    assert response.json()["given_name"] == "Mees"
    assert response.json()["version"] == 1


def test_it_changes_a_member_with_the_version_last_read(world, api):
    member = child(world)

    response = api("caseworker").patch(
        member_url(member), {"lives_at_home": False, "version": member.version}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["lives_at_home"], response.json()["version"]) == (False, 2)
    assert (response.json()["given_name"], response.json()["role"]) == ("Mees", "child")
    record = last_log("cases.change_member")
    assert (record.channel, record.detail) == ("api", "lives_at_home")


def test_it_refuses_a_stale_version_with_409(world, api):
    member = child(world)
    actions.do_change_member(world.coworker, member, expected_version=1, given_name="Mees Jr.")

    response = api("caseworker").patch(member_url(member), {"given_name": "Mees", "version": 1}, format="json")

    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_version"}
    member.refresh_from_db()
    assert member.given_name == "Mees Jr."


def test_it_requires_the_version(world, api):
    response = api("caseworker").patch(member_url(child(world)), {"given_name": "Mees"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"version": "required"}


def test_it_checks_the_change_against_the_member_as_it_is(world, api):
    # Mees is a child: custody does not apply, even though the request does not send the role.
    response = api("caseworker").patch(member_url(child(world)), {"has_custody": True, "version": 1}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"has_custody": "custody_only_for_parents"}


def test_it_refuses_a_colleague_changing_a_member(world, api):
    response = api("colleague").patch(member_url(child(world)), {"given_name": "M", "version": 1}, format="json")

    assert response.status_code == 403


def test_it_changes_a_member_with_a_token(world):
    _, token = AuthToken.objects.create(world.coworker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.patch(member_url(child(world)), {"family_name": "de Boer", "version": 1}, format="json")

    assert response.status_code == 200
    assert last_log("cases.change_member").username == "coworker"
