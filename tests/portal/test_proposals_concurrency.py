"""PostgreSQL, real parallel transactions: two professionals take in (or one takes in, one declines) the same
proposal at once: one wins, the other is told someone decided in the meantime; never two goals."""

from __future__ import annotations

import pytest

from samenplan.audit import log as audit_log
from samenplan.errors import StaleVersion
from samenplan.goals.models import Goal
from samenplan.portal import actions_proposals
from samenplan.portal.models import FamilyAccount, Proposal
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def proposal(world):
    parent = world.persona("parent")
    member = FamilyAccount.objects.get(user=parent).member
    return actions_proposals.do_propose(parent, member, world.case, kind="goal", words="Samen eten.")


@pytest.mark.parametrize("second", ["take", "decline"])
def test_two_professionals_decide_on_one_proposal_at_once_one_wins(world, second):
    read = proposal(world)
    outcomes = {}

    def decide(i):
        found = Proposal.objects.get(pk=read.pk)
        try:
            if i == 0 or second == "take":
                actions_proposals.do_take_proposal(world.caseworker if i == 0 else world.coworker, found,
                                                   expected_version=read.version)  # fmt: skip
            else:
                actions_proposals.do_decline_proposal(
                    world.coworker, found, reason="Staat al in doel 1.", expected_version=read.version
                )
            outcomes[i] = "won"
        except StaleVersion:
            outcomes[i] = "stale"

    assert _in_threads(2, decide) == []
    assert sorted(outcomes.values()) == ["stale", "won"]
    decided = Proposal.objects.get(pk=read.pk)
    assert decided.version == 2 and not decided.is_open
    assert Goal.objects.count() == (1 if decided.status == "taken" else 0)
    assert audit_log.verify()[1] is None
