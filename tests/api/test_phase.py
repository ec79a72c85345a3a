"""POST /api/v1/cases/{id}/phase/: moving a case through the guideline's phases."""

from __future__ import annotations

import pytest

from samenplan.cases import actions
from samenplan.cases.models import EntryKind, Phase
from tests.api.conftest import error_fields, last_log


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/phase/"


def test_it_moves_the_case_to_the_next_phase(world, api):
    response = api("caseworker").post(
        url(world.case),
        {"target": "clarification", "version": 1, "note": "Eerste gesprek gepland."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["phase"], body["version"]) == ("clarification", 2)
    assert body["next_phases"] == ["closed"]  # the route is decided first (intake)
    entry = world.case.entries.filter(kind=EntryKind.PHASE_CHANGE).get()
    assert entry.text.endswith("Eerste gesprek gepland.")
    record = last_log("cases.move_phase")
    assert (record.channel, record.detail) == ("api", "registration->clarification")


@pytest.mark.guideline("G2.3")
def test_it_keeps_the_guidelines_order_of_steps(world, api):
    response = api("caseworker").post(url(world.case), {"target": "help", "version": 1}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {"target": "not_next"}
    world.case.refresh_from_db()
    assert world.case.phase == Phase.REGISTRATION


def test_it_closes_and_reopens_a_case(world, api):
    client = api("caseworker")

    closed = client.post(
        url(world.case), {"target": "closed", "version": 1, "note": "Gezin stopt."}, format="json"
    ).json()
    reopened = client.post(url(world.case), {"target": "clarification", "version": 2}, format="json").json()

    assert (closed["phase"], closed["closed_on"] is not None) == ("closed", True)
    assert (reopened["phase"], reopened["closed_on"]) == ("clarification", None)


def test_it_refuses_a_stale_version_with_409(world, api):
    actions.do_move_phase(world.coworker, world.case, target=Phase.CLARIFICATION, expected_version=1)

    response = api("caseworker").post(url(world.case), {"target": "closed", "version": 1}, format="json")

    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_version"}
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLARIFICATION


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"version": 1}, "target", "required"),
        ({"target": "done", "version": 1}, "target", "invalid_choice"),
        ({"target": "clarification"}, "version", "required"),
        ({"target": "clarification", "version": "een"}, "version", "invalid"),
        ({"target": "clarification", "version": 0}, "version", "min_value"),
        ({"target": None, "version": 1}, "target", "null"),
    ],
)
def test_it_refuses_bad_input(world, api, data, field, code):
    response = api("caseworker").post(url(world.case), data, format="json")

    assert response.status_code == 400
    assert error_fields(response) == {field: code}


@pytest.mark.parametrize("persona", ["colleague", "team_lead"])
def test_it_refuses_who_may_see_but_not_move(world, api, persona):
    response = api(persona).post(url(world.case), {"target": "clarification", "version": 1}, format="json")

    assert response.status_code == 403
    assert error_fields(response) == {None: "permission_denied"}


@pytest.mark.parametrize("persona", ["outsider", "administrator", "scientist", "south_worker"])
def test_it_hides_the_case_from_who_may_not_see_it(world, api, persona):
    response = api(persona).post(url(world.case), {"target": "clarification", "version": 1}, format="json")

    assert response.status_code == 404
