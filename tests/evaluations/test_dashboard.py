"""The caseload dashboard's group "evaluations due this week or overdue" comes from the evaluations app."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenplan.caseload import registry
from samenplan.caseload.services import read_caseload
from samenplan.cases.models import Case
from samenplan.evaluations import actions, providers
from samenplan.evaluations.models import Evaluation


def _case(world) -> Case:
    return Case.objects.get(pk=world.case.pk)


@pytest.mark.guideline("G5.6")
def test_it_lists_an_overdue_and_a_due_evaluation_and_leaves_out_later_and_held_ones(world, client):
    today, now = timezone.localdate(), timezone.now()
    overdue = Evaluation.objects.create(
        case=_case(world), planned_on=today - timedelta(days=3), author=world.caseworker, recorded_at=now
    )
    due = actions.do_plan_evaluation(world.caseworker, _case(world), planned_on=today)
    actions.do_plan_evaluation(world.caseworker, _case(world), planned_on=today + timedelta(days=40))
    Evaluation.objects.create(
        case=_case(world), planned_on=today - timedelta(days=9), held_on=today - timedelta(days=9),
        held_by=world.caseworker, author=world.caseworker, recorded_at=now,
    )  # fmt: skip

    items = providers.evaluations(read_caseload(Case.objects.filter(pk=world.case.pk)), today, None)
    assert [(item.url, item.overdue) for item in items] == [
        (reverse("evaluations:hold_planned", args=[overdue.pk]), True),
        (reverse("evaluations:hold_planned", args=[due.pk]), False),
    ]
    assert registry.providers()[registry.EVALUATIONS_PROVIDER_KEY] is providers.evaluations

    client.force_login(world.caseworker)
    page = client.get(reverse("caseload:dashboard")).content.decode()
    assert "Evaluaties deze week of te laat" in page
    assert reverse("evaluations:hold_planned", args=[overdue.pk]) in page
    assert reverse("evaluations:hold_planned", args=[due.pk]) in page
