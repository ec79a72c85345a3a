"""Evaluating, closing and reopening through /api/v1/, end to end: plan, evaluate twice with scores, adjust, close
with outcomes and aftercare, reopen within the period; and the structured Dutch errors on bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from samenplan import clock
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, DossierEntry, EntryKind
from samenplan.evaluations.models import Evaluation
from samenplan.goals.models import ScaleScore
from tests.evaluations.helpers import child, parent, with_goals


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_login(world.caseworker)
    return client


def _day(days_ago: int = 0) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _errors(response) -> dict[str, str]:
    errors = response.json()["errors"]
    assert all(e["message"] for e in errors), errors
    return {e["field"]: e["code"] for e in errors}


@pytest.mark.guideline("G5.5")
@pytest.mark.guideline("G5.6")
def test_it_drives_evaluating_closing_and_reopening_end_to_end(api, world):
    goals = with_goals(world)
    Case.objects.filter(pk=world.case.pk).update(opened_on=timezone.localdate() - timedelta(days=120))
    case_url = f"/api/v1/cases/{world.case.pk}"
    # Evaluate twice: the first time 60 days ago, planned ahead; the second time now, adjusting the help.
    with clock.as_of(timezone.now() - timedelta(days=70)):
        response = api.post(f"{case_url}/evaluations/", {"planned_on": _day(60), "how": "Thuis"}, format="json")
    assert response.status_code == 201, response.json()
    planned = response.json()
    first_scores = [
        {"goal": goals[0].pk, "member": parent(world.case).pk, "score": 3},
        {"goal": goals[0].pk, "professional": world.caseworker.pk, "score": 4},
    ]
    body = {"held_on": _day(60), "outcome": "continue", "helps": "Een beetje.", "version": 1, "scores": first_scores}
    with clock.as_of(timezone.now() - timedelta(days=60)):
        response = api.post(f"/api/v1/evaluations/{planned['id']}/hold/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["held_on"] == _day(60)
    second_scores = [
        {"goal": goals[0].pk, "member": parent(world.case).pk, "score": 7},
        {"goal": goals[0].pk, "member": child(world.case).pk, "score": 6},
        {"goal": goals[0].pk, "professional": world.caseworker.pk, "score": 6},
    ]
    body = {
        "held_on": _day(),
        "outcome": "adjust",
        "adjustment": "Doel 2 wordt kleiner: twee dagen per week naar school.",
        "helps": "Ja, het is veel rustiger.",
        "should_change": "Minder afspraken onder schooltijd.",
        "conversation_went": "Goed.",
        "scores": second_scores,
    }
    response = api.post(f"{case_url}/evaluations/now/", body, format="json")
    assert response.status_code == 201, response.json()
    assert ScaleScore.objects.filter(goal=goals[0]).count() == 5
    progress = api.get(f"{case_url}/progress/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert progress["summary"][0] == "Doel 1: van 4 naar 6"
    assert len(progress["goals"][0]["scores"]) == 5 and len(progress["evaluations"]) == 2
    # Close with outcomes and aftercare.
    case = Case.objects.get(pk=world.case.pk)
    body = {
        "reason": "manages_without",
        "family_view": "We kunnen het nu zelf.",
        "goal_outcomes": [{"goal": goals[0].pk, "outcome": "reached"}, {"goal": goals[1].pk, "outcome": "partly"}],
        "aftercare_what": "Telefoontje na drie maanden.",
        "aftercare_until": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "aftercare_contact": "Anna, 030 123 45 67",
        "version": case.version,
    }
    response = api.post(f"{case_url}/close/", body, format="json")
    assert response.status_code == 201, response.json()
    assert {o["outcome"] for o in response.json()["goal_outcomes"]} == {"reached", "partly"}
    # An evaluation on the closed case is refused, in Dutch, with nothing saved.
    response = api.post(f"{case_url}/evaluations/now/", {"held_on": _day(), "outcome": "continue"}, format="json")
    assert response.status_code == 400 and _errors(response) == {None: "case_closed"}
    # Reopen within the period: the same case, its history kept.
    case.refresh_from_db()
    response = api.post(f"{case_url}/reopen/", {"reason": "Het gaat weer mis.", "version": case.version}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["previous_case"] is None
    kinds = set(DossierEntry.objects.filter(case=world.case).values_list("kind", flat=True))
    assert {EntryKind.EVALUATION, EntryKind.CLOSING, EntryKind.REOPENING} <= kinds
    progress = api.get(f"{case_url}/progress/").json()
    assert len(progress["evaluations"]) == 2 and len(progress["closings"]) == 1 and len(progress["reopenings"]) == 1
    assert AccessLogRecord.objects.filter(action="api.evaluations.progress", case_id=world.case.pk).count() == 2


def test_it_answers_bad_input_with_structured_dutch_errors(api, world):
    goals = with_goals(world)
    case_url = f"/api/v1/cases/{world.case.pk}"
    body = {
        "held_on": _day(),
        "outcome": "continue",
        "scores": [{"goal": goals[0].pk, "member": parent(world.case).pk, "score": 11}],
    }
    response = api.post(f"{case_url}/evaluations/now/", body, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert _errors(response) == {"scores[0].score": "max_value"}
    assert "heel getal van 0" in response.json()["errors"][0]["message"]
    response = api.post(f"{case_url}/evaluations/now/", {"held_on": _day(), "outcome": "adjust"}, format="json")
    assert response.status_code == 400 and _errors(response) == {"adjustment": "adjust_without_changes"}
    case = Case.objects.get(pk=world.case.pk)
    response = api.post(f"{case_url}/close/", {"version": case.version}, format="json")
    assert response.status_code == 400 and _errors(response) == {"reason": "required"}
    response = api.post(f"{case_url}/close/", {"reason": "moved", "version": case.version + 3}, format="json")
    assert response.status_code == 400 and _errors(response) == {"goal_outcomes": "required"}
    outcomes = [{"goal": g.pk, "outcome": "not_reached"} for g in goals]
    body = {"reason": "moved", "version": case.version + 3, "goal_outcomes": outcomes}
    response = api.post(f"{case_url}/close/", body, format="json")
    assert response.status_code == 409 and set(_errors(response).values()) == {"stale_version"}
    response = api.post(f"{case_url}/reopen/", {"reason": "Terug", "version": case.version}, format="json")
    assert response.status_code == 400 and _errors(response) == {None: "not_closed"}
    assert not Evaluation.objects.exists() and not ScaleScore.objects.exists()
    assert Case.objects.get(pk=world.case.pk).is_open


def test_it_refuses_a_reopening_after_the_period(api, world):
    with_goals(world)
    today = timezone.localdate()
    Case.objects.filter(pk=world.case.pk).update(
        opened_on=today - timedelta(days=400), closed_on=today - timedelta(days=181), phase="closed"
    )
    case = Case.objects.get(pk=world.case.pk)
    url = f"/api/v1/cases/{case.pk}"
    response = api.post(f"{url}/reopen/", {"reason": "Terug", "version": case.version}, format="json")
    assert response.status_code == 400 and _errors(response) == {None: "reopen_period_over"}
    response = api.post(f"{url}/return/", {"reason": "Terug"}, format="json")
    assert response.status_code == 201 and response.json()["previous_case"] == case.pk
    assert Case.objects.filter(family=case.family).count() == 2
