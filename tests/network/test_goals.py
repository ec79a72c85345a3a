"""Network members help with the family's goals; parts of the family's own plan become goals, marked as theirs."""

from __future__ import annotations

from django.urls import reverse

from samenplan.goals.actions import do_add_goal
from samenplan.goals.models import Goal
from tests.conftest import register
from tests.network.factories import GRANDMOTHER, made_plan, network_member


def _goal(world, words="Rustig samen eten aan tafel."):
    return do_add_goal(world.caseworker, world.case, words=words)


def test_it_links_a_network_member_to_the_cases_goals_and_shows_it(client, world):
    goal = _goal(world)
    client.force_login(world.caseworker)

    response = client.post(
        reverse("network:add_member", args=[world.case.pk]), {**GRANDMOTHER, "goals": [goal.pk], "version": ""}
    )
    assert response.status_code == 302
    person = world.case.network_members.get()
    assert list(person.goals.all()) == [goal]
    overview = client.get(reverse("network:overview", args=[world.case.pk])).content.decode()
    assert "Rustig samen eten aan tafel." in overview


def test_it_refuses_a_goal_of_another_case(world, api):
    other = register(world.caseworker, world.north, name="Visser")
    foreign = do_add_goal(world.caseworker, other, words="Iets van een ander gezin.")

    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/network-members/", {**GRANDMOTHER, "goals": [foreign.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "goals"
    assert not world.case.network_members.exists()


def test_it_takes_a_part_of_the_familys_plan_into_a_goal_marked_as_their_own(api, world):
    plan = made_plan(world.caseworker, world.case)
    part = plan.parts.get()
    response = api("caseworker").post(
        f"/api/v1/plan-parts/{part.pk}/take/", {"into": "goal", "version": plan.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    goal = Goal.objects.get(pk=response.json()["goal"])
    assert (goal.words, goal.marked_as_family_own, goal.case_id) == (part.text, True, world.case.pk)
    again = api("caseworker").post(
        f"/api/v1/plan-parts/{part.pk}/take/", {"into": "goal", "version": plan.version + 1}, format="json"
    )
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "already_taken"
    assert Goal.objects.count() == 1


def test_a_network_member_changed_through_the_api_keeps_its_goals(api, world):
    goal = _goal(world)
    person = network_member(world.caseworker, world.case, goals=[goal])
    response = api("caseworker").patch(
        f"/api/v1/network-members/{person.pk}/", {"reliable": "partly", "version": person.version}, format="json"
    )
    assert response.status_code == 200 and response.json()["goals"] == [goal.pk]
