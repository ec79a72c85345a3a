"""An evaluation that agrees to adjust opens the family plan for its new version, with the changes as the reason
(issue 10: "adjust opens a new plan version from the evaluation")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.decisions import actions as decide
from samenplan.plans import actions, services
from samenplan.plans.models import PlanVersion
from tests.decisions.factories import decision_input, three_options
from tests.evaluations.matrix_data import hold_form
from tests.plans.factories import plan_version


@pytest.mark.guideline("G5.6")
@pytest.mark.guideline("L7")
def test_holding_an_adjusting_evaluation_leads_to_the_plan_with_the_changes_as_the_reason(world, client):
    plan_version(world.caseworker, world.case)
    client.force_login(world.caseworker)
    changes = "Doel 2 wordt: twee keer per week sporten."
    response = client.post(
        reverse("evaluations:hold_now", args=[world.case.pk]),
        {**hold_form(world), "outcome": "adjust", "outcome_reason": "Sporten lukt nog niet.", "adjustment": changes},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = world.case.evaluations.get(outcome="adjust")
    assert response["Location"] == f"{reverse('plans:edit', args=[world.case.pk])}?evaluation={evaluation.pk}"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert changes in page.context["form"].initial["reason"]
    assert services.adjustment_reason(world.case, evaluation.pk).startswith("Na de evaluatie van")

    # Not for another case's evaluation, nor for a number that is no evaluation.
    assert services.adjustment_reason(world.outsider_case, evaluation.pk) == ""
    assert services.adjustment_reason(world.case, "x") == ""
    assert PlanVersion.objects.filter(plan__case=world.case).count() == 1  # nothing saved until the editor saves


def test_a_first_plan_starts_from_the_decisions_evaluation_and_aftercare(world):
    options = three_options(world.caseworker, world.case)
    data = decision_input(world.case, options[:1])
    decide.do_record_decision(world.caseworker, world.case, **data)
    prefilled = services.prefill(world.case)
    assert prefilled["evaluation"]["how"] == data["evaluation_agreement"]
    assert prefilled["evaluation"]["next_on"] == data["evaluation_on"].isoformat()
    assert prefilled["aftercare"]["text"] == data["aftercare_agreement"]
    version = actions.do_new_version(world.caseworker, world.case, based_on=0, content=prefilled)
    assert version.content["aftercare"]["text"] == data["aftercare_agreement"]


@pytest.mark.guideline("G5.5")
@pytest.mark.guideline("L7")
def test_the_plans_evaluation_agreement_plans_the_evaluation_once(world):
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=42)
    agreement = {"next_on": day.isoformat(), "how": "Thuis, aan tafel.", "with_whom": "Beide ouders en Mees"}
    plan_version(world.caseworker, world.case, evaluation=agreement)
    planned = world.case.evaluations.get()
    assert (planned.planned_on, planned.how, planned.with_whom, planned.held_on) == (
        day,
        "Thuis, aan tafel.",
        "Beide ouders en Mees",
        None,
    )
    plan_version(world.caseworker, world.case, evaluation=agreement, aftercare={"text": "Bel ons.", "voice": "family"})
    assert world.case.evaluations.count() == 1  # the same date again: not planned twice
    past = {**agreement, "next_on": (timezone.localdate() - timedelta(days=1)).isoformat()}
    plan_version(world.caseworker, world.case, evaluation=past)
    assert world.case.evaluations.count() == 1  # a date in the past plans nothing
