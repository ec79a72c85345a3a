"""The goals step through /api/v1/, end to end: agreement of three participants, two goals in the family's words,
scale scores by a parent and the professional on two dates, reordering, the techniques; and the structured errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases.actions import do_add_member
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole
from samenplan.goals.models import Goal, ProblemAgreement, ScaleScore
from tests.api.conftest import error_fields, last_log


@pytest.fixture
def family(world):
    """The world's family (Sanne and Mees) with a second parent, so three participants take part."""
    parent = world.case.family.members.get(role="parent")
    child = world.case.family.members.get(role="child")
    other = do_add_member(
        world.caseworker, world.case.family,
        given_name="Ruben", family_name="Jansen", role=MemberRole.PARENT, has_custody=True,
    )  # fmt: skip
    return parent, other, child


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


@pytest.mark.guideline("G5.1")
@pytest.mark.guideline("G5.2")
@pytest.mark.guideline("G5.6")
def test_it_drives_the_goals_step_end_to_end(api, world, family):
    parent, other, child = family
    client = api("caseworker")
    base = f"/api/v1/cases/{world.case.pk}/goals/"

    response = client.post(base + "agreements/", {"answers": [
        {"member": parent.pk, "agreement": "yes"},
        {"member": other.pk, "agreement": "partly", "words": "Het ligt niet alleen aan Mees."},
        {"member": child.pk, "agreement": "no", "words": "Ik vind school gewoon saai."},
    ]}, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert [a["agreement"] for a in response.json()] == ["yes", "partly", "no"]

    first = client.post(base, {"words": "Samen eten zonder ruzie", "whose": "family"}, format="json")
    assert first.status_code == 201, first.json()
    second = client.post(base, {
        "words": "Mees gaat elke dag naar school", "whose": "member", "member": child.pk, "term": "long",
        "professional_words": "Schoolverzuim terug naar nul",
        "target_date": (timezone.localdate() + timedelta(days=120)).isoformat(),
    }, format="json")  # fmt: skip
    assert second.status_code == 201, second.json()
    goal = second.json()
    assert (goal["position"], goal["member"]["id"], goal["version"]) == (2, child.pk, 1)

    scores = f"/api/v1/goals/{goal['id']}/scores/"
    for body in (
        {"member": parent.pk, "score": 2, "desired": 8, "scored_on": _day(60),
         "one_point_higher": "Mees staat zelf op als de wekker gaat."},
        {"professional": world.caseworker.pk, "score": 3, "scored_on": _day(60)},
        {"member": parent.pk, "score": 5, "desired": 8, "scored_on": _day(1)},
        {"professional": world.caseworker.pk, "score": 5, "scored_on": _day(1)},
    ):  # fmt: skip
        response = client.post(scores, body, format="json")
        assert response.status_code == 201, response.json()

    order = [first.json()["id"], goal["id"]]
    response = client.post(base + "order/", {"goal": goal["id"], "direction": "up", "order": order}, format="json")
    assert response.status_code == 200
    assert [g["id"] for g in response.json()] == [goal["id"], first.json()["id"]]

    response = client.post(base + "miracle-question/", {"answers": [
        {"member": parent.pk, "words": "Dan zitten we met z'n vieren aan tafel en lacht iedereen."},
        {"member": child.pk, "words": "Dan hoef ik niet meer te vechten om mijn telefoon."},
    ]}, format="json")  # fmt: skip
    assert response.status_code == 201
    body = {"nothing_changes": "Mees zit thuis.", "wished": "Mees op school, rust thuis.", "what_we_do": "Ochtendplan."}
    response = client.put(base + "drieluik/", body, format="json")
    assert response.status_code == 200 and response.json()["version"] == 1

    overview = client.get(base)
    assert overview.status_code == 200
    data = overview.json()
    assert [g["words"] for g in data["goals"]] == ["Mees gaat elke dag naar school", "Samen eten zonder ruzie"]
    assert len(data["goals"][0]["scores"]) == 4
    assert {a["agreement"] for a in data["agreements"]} == {"yes", "partly", "no"}
    assert data["drieluik"]["what_we_do"] == "Ochtendplan."
    assert "signs_of_safety" in data and data["techniques"] == ["miracle_question", "drieluik"]
    assert last_log("api.goals.overview").case_id == world.case.pk
    detail = client.get(f"/api/v1/goals/{goal['id']}/")
    assert detail.status_code == 200 and detail.json()["scores"][0]["one_point_higher"]
    # Each step is on the timeline.
    assert DossierEntry.objects.filter(case=world.case, kind=EntryKind.GOALS).count() == 3 + 2 + 4 + 1 + 2 + 1


@pytest.mark.parametrize("score", [11, -1, 7.5, "tien", None, True])
def test_it_refuses_a_score_off_the_scale(api, world, family, score):
    parent = family[0]
    goal = Goal.objects.create(case=world.case, words="Rust", author=world.caseworker, recorded_at=timezone.now())
    body = {"member": parent.pk, "score": score, "scored_on": _day(0)}
    response = api("caseworker").post(f"/api/v1/goals/{goal.pk}/scores/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["score"]
    assert not ScaleScore.objects.exists()


def test_it_refuses_a_scorer_outside_the_family_and_the_case(api, world, family):
    goal = Goal.objects.create(case=world.case, words="Rust", author=world.caseworker, recorded_at=timezone.now())
    stranger = world.outsider_case.family.members.first()
    url = f"/api/v1/goals/{goal.pk}/scores/"
    client = api("caseworker")
    for body, field in (
        ({"member": stranger.pk}, "member"),
        ({"professional": world.colleague.pk}, "professional"),
        ({}, "scorer"),
        ({"member": family[0].pk, "professional": world.caseworker.pk}, "scorer"),
    ):
        response = client.post(url, {**body, "score": 5, "scored_on": _day(0)}, format="json")
        assert response.status_code == 400
        assert field in error_fields(response)
    message = client.post(url, {"member": stranger.pk, "score": 5, "scored_on": _day(0)}, format="json")
    assert message.json()["errors"][0]["message"] == "Kies een lid van dit gezin."
    assert not ScaleScore.objects.exists()


def test_it_refuses_a_goal_without_the_familys_words(api, world):
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/goals/", {"words": "  "}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"words": "blank"}
    assert response.json()["errors"][0]["message"] == "Schrijf het doel op in de eigen woorden van het gezin."
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/goals/", {"whose": "family"}, format="json")
    assert error_fields(response) == {"words": "required"}
    assert not Goal.objects.exists()


def test_it_refuses_agreement_without_their_words_and_saves_none(api, world, family):
    parent, other, _child = family
    body = {"answers": [{"member": parent.pk, "agreement": "yes"}, {"member": other.pk, "agreement": "no"}]}
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/goals/agreements/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"answers[1].words": "required"}
    assert "eigen woorden" in response.json()["errors"][0]["message"]
    assert not ProblemAgreement.objects.exists()


def test_it_refuses_a_stale_order_and_a_stale_version(api, world):
    client = api("caseworker")
    base = f"/api/v1/cases/{world.case.pk}/goals/"
    a, b = (client.post(base, {"words": w}, format="json").json() for w in ("Een", "Twee"))
    response = client.post(
        base + "order/", {"goal": b["id"], "direction": "up", "order": [b["id"], a["id"]]}, format="json"
    )
    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_order"}
    assert "volgorde" in response.json()["errors"][0]["message"]
    assert list(world.case.goals.values_list("pk", flat=True)) == [a["id"], b["id"]]

    url = f"/api/v1/goals/{a['id']}/"
    body = {"words": "Een, beter gezegd", "whose": "family", "term": "short", "status": "open", "version": 1}
    assert client.put(url, body, format="json").status_code == 200
    response = client.put(url, {**body, "words": "Iets anders"}, format="json")
    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_version"}
    assert Goal.objects.get(pk=a["id"]).words == "Een, beter gezegd"
    dropped = client.put(url, {**body, "status": "dropped", "version": 2}, format="json")
    assert dropped.status_code == 400 and error_fields(dropped) == {"status_reason": "required"}


def test_it_refuses_signs_of_safety_without_a_safety_concern(api, world):
    body = {"worries": "Ruzie", "safety_score": 4}
    response = api("caseworker").put(f"/api/v1/cases/{world.case.pk}/goals/signs-of-safety/", body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {None: "not_applicable"}
    response = api("caseworker").put(
        f"/api/v1/cases/{world.case.pk}/goals/signs-of-safety/", {**body, "safety_score": 12}, format="json"
    )
    assert error_fields(response) == {"safety_score": "max_value"}


def test_readers_see_the_goals_step_but_may_not_change_it(api, world):
    base = f"/api/v1/cases/{world.case.pk}/goals/"
    assert api("colleague").get(base).status_code == 200
    assert api("colleague").post(base, {"words": "Rust"}, format="json").status_code == 403
    assert api("outsider").get(base).status_code == 404
