"""The caseload dashboard's group "plans not yet agreed by the family" comes from the plans app (one query)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenplan.caseload import registry
from samenplan.caseload.services import read_caseload
from samenplan.cases.models import Case
from samenplan.plans import actions, providers, services
from tests.plans.factories import plan_version


def _items(world):
    cases = read_caseload(Case.objects.filter(pk=world.case.pk))
    return providers.plans(cases, timezone.localdate(), None)


@pytest.mark.guideline("P7")
def test_it_lists_a_plan_until_every_participant_agreed_with_its_newest_version(world, client):
    assert _items(world) == []  # no plan yet
    version = plan_version(world.caseworker, world.case)
    parent, child = services.participants(world.case)
    actions.do_record_agreement(world.caseworker, version, member=parent, agreement="yes")
    cases = read_caseload(Case.objects.filter(pk=world.case.pk))
    with CaptureQueriesContext(connection) as queries:
        (item,) = providers.plans(cases, timezone.localdate(), None)
    assert len(queries) == 1
    assert item.url == reverse("plans:plan", args=[world.case.pk])
    assert "1 van 2" in item.text or "1 of 2" in item.text
    assert registry.providers()[registry.PLANS_PROVIDER_KEY] is providers.plans

    client.force_login(world.caseworker)
    page = client.get(reverse("caseload:dashboard")).content.decode()
    assert 'id="group-plans"' in page and reverse("plans:plan", args=[world.case.pk]) in page

    actions.do_record_agreement(world.caseworker, version, member=child, agreement="yes")
    assert _items(world) == []  # agreed by the family: nothing to do
