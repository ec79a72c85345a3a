"""PostgreSQL, real parallel transactions: two people offering the family group plan, or saving the same person's
own-strength answers, at the same moment: one wins, the other is refused, nothing is doubled or half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samenplan.audit import log as audit_log
from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.network import actions
from samenplan.network.models import FamilyGroupPlan, OwnStrength
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def test_it_offers_the_family_group_plan_once_when_two_offer_at_once(world):
    outcomes = {}
    actors = (world.caseworker, world.coworker)

    def offer(i):
        try:
            actions.do_offer_family_group_plan(actors[i], world.case, expected_version=0)
            outcomes[i] = "won"
        except ValidationError:
            outcomes[i] = "lost"

    assert _in_threads(2, offer) == []
    assert sorted(outcomes.values()) == ["lost", "won"]
    assert FamilyGroupPlan.objects.count() == 1
    assert DossierEntry.objects.filter(kind=EntryKind.FAMILY_GROUP_PLAN).count() == 1
    assert audit_log.verify()[1] is None


def test_it_saves_one_version_of_a_persons_answers_when_two_save_at_once(world):
    parent = world.case.family.members.order_by("pk").first()
    words = ("Een weekrooster.", "Vaker naar buiten.")
    outcomes = {}

    def save(i):
        try:
            actions.do_save_own_strength(
                world.caseworker, world.case, answers=[{"member": parent, "tried": words[i], "version": 0}]
            )
            outcomes[i] = "won"
        except ValidationError:
            outcomes[i] = "lost"

    assert _in_threads(2, save) == []
    assert sorted(outcomes.values()) == ["lost", "won"]
    winner = next(i for i, o in outcomes.items() if o == "won")
    assert list(OwnStrength.objects.values_list("tried", "version")) == [(words[winner], 1)]
